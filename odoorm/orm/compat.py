"""What differs between Odoo versions, absorbed so that one call works on all of them.

- Access checks: ``has_access`` (Odoo 18+) replaced ``check_access_rights``
  and ``check_access_rule`` (deprecated since 18). :func:`has_access` asks
  the one the server has.
- ``name_get`` is gone since Odoo 17 (``display_name`` replaced it):
  :func:`name_get` reads ``display_name`` there.

Paging lives in :mod:`odoorm.orm.paging`.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from ..errors import AccessError, ClientError
from ..meta.releases import HAS_ACCESS_SINCE, NAME_GET_UNTIL
from ..transport import answers

if TYPE_CHECKING:
    from .protocols import Records as Model

__all__ = ["OPERATIONS", "check_access", "has_access", "name_get"]

#: The operations access rights are granted for.
OPERATIONS = ("read", "write", "create", "unlink")


def _check_operation(records: Model, operation: str) -> None:
    if operation not in OPERATIONS:
        raise ClientError(f"{records._name}: access is checked for {', '.join(OPERATIONS)}, not {operation!r}")


def has_access(records: Model, operation: str) -> bool:
    """Whether the user may do *operation* on *records* (on the model when it is empty).

    Odoo 18+: the server's ``has_access`` (access rights, and record rules for records).
    Before: ``check_access_rights(operation, raise_exception=False)``, then for records
    ``check_access_rule``, whose AccessError means no.
    """
    _check_operation(records, operation)
    if records.env._at_least(HAS_ACCESS_SINCE):  # no version call on JSON-2
        return bool(records._call("has_access", [list(records.ids), operation], {}))
    if not records._call("check_access_rights", [operation], {"raise_exception": False}):
        return False
    if not records:
        return True
    try:
        records._call("check_access_rule", [list(records.ids), operation], {})
    except AccessError:
        return False
    return True


def check_access(records: Model, operation: str) -> None:
    """Raise :class:`~odoorm.errors.AccessError` unless the user may do *operation* on *records*."""
    if not has_access(records, operation):
        what = f"records {list(records.ids)}" if records else "records"
        raise AccessError(
            f"{records._name}: user {records.env.uid} may not {operation} {what} (access rights or record rules)"
        )


def name_get(records: Model) -> list[tuple[int, str]]:
    """``[(id, display name), …]``: ``display_name`` read through the cache on Odoo 17+,
    the server's ``name_get`` before."""
    if records.env._at_least(NAME_GET_UNTIL):
        return [(record.id, str(record["display_name"])) for record in records]
    pairs = records._call("name_get", [list(records.ids)], {})
    return answers.id_name_pairs(answers.Call(records.env.url, records._name, "name_get"), pairs)
