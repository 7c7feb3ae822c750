"""What differs between Odoo versions, absorbed so that one call works on all of them.

- Access checks: ``has_access`` (Odoo 18+) replaced ``check_access_rights``
  and ``check_access_rule`` (deprecated since 18). :func:`has_access` asks
  the one the server has.
- ``name_get`` is gone since Odoo 17 (``display_name`` replaced it):
  :func:`name_get` reads ``display_name`` there.
- Paging: :func:`search_batches` walks a large result in batches, by id
  (keyset) when no order is asked, by offset otherwise.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from typing import TYPE_CHECKING, Any

from . import answers
from .errors import AccessError, ClientError
from .expressions import Domain

if TYPE_CHECKING:
    from .records import Model

__all__ = [
    "HAS_ACCESS_SINCE",
    "NAME_GET_UNTIL",
    "OPERATIONS",
    "forget_batch",
    "has_access",
    "name_get",
    "search_batches",
]

#: The first release with ``has_access`` (and with ``check_access_rights`` deprecated).
HAS_ACCESS_SINCE = (18, 0)
#: The first release without ``name_get``.
NAME_GET_UNTIL = (17, 0)
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
        return [(record.id, str(record.display_name)) for record in records]
    pairs = records._call("name_get", [list(records.ids)], {})
    return answers.id_name_pairs(answers.Call(records.env.url, records._name, "name_get"), pairs)


def search_batches(
    model: Model,
    domain: Sequence[Any],
    batch_size: int,
    order: str | None,
    fetch: Sequence[str] | None,
) -> Iterator[Model]:
    """The recordsets of :meth:`Model.search_iter`: one search per batch."""
    if isinstance(batch_size, bool) or not isinstance(batch_size, int) or batch_size < 1:
        raise ClientError(f"{model._name}: batch_size is a positive integer, not {batch_size!r}")
    base: Sequence[Any] = domain if isinstance(domain, Domain) else list(domain)
    if not order:  # keyset: stable while records are added or removed between batches
        last = 0
        while True:
            after = base & Domain("id", ">", last) if isinstance(base, Domain) else [*base, ("id", ">", last)]
            batch = model.search(after, limit=batch_size, order="id", fetch=fetch)
            if batch:
                yield batch
            if len(batch) < batch_size:
                return
            last = batch.ids[-1]
    total_order = order if "id" in [term.split()[0] for term in order.split(",") if term.strip()] else f"{order}, id"
    offset = 0
    while True:
        batch = model.search(base, offset=offset, limit=batch_size, order=total_order, fetch=fetch)
        if batch:
            yield batch
        if len(batch) < batch_size:
            return
        offset += batch_size


def forget_batch(batch: Model) -> None:
    """Drop the values cached for the records of *batch*, once :meth:`Model.search_iter`'s caller has
    moved past it: its model's fields only (related records, which later batches may share, stay),
    and never a value with a pending change. No call; reading a dropped value again costs a read,
    as for any value not in the cache."""
    env = batch.env
    with env.cache.lock:  # held while values are staged: no change is staged between the two lines
        pending = env._shared.uow.pending_ids(batch._name)
        env.cache.forget_records(batch._name, batch.ids, keep=pending)
