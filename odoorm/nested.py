"""One-call nested reads: ``records.fetch("name", "country_id.name")`` and ``search(..., fetch=...)``.

On Odoo 17 and later the whole tree of fields comes in one ``web_read``
(or ``web_search_read``) call with a *specification*; on older servers
it falls back to one ``read`` per hop.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING, Any

from .domain import check_domain, check_order
from .prefetch import store_rows

if TYPE_CHECKING:
    from .records import Model

__all__ = ["WEB_READ_SINCE", "specification", "fetch_paths", "search_fetch"]

#: The first release with ``web_read`` and ``web_search_read`` specifications.
WEB_READ_SINCE = (17, 0)

Spec = dict[str, dict[str, Any]]


def specification(records: Model, paths: Iterable[str]) -> Spec:
    """The ``web_read`` specification for dotted *paths*, checked against the metadata."""
    spec: Spec = {}
    for path in paths:
        _add_path(records, spec, path.split("."))
    return spec


def _add_path(records: Model, spec: Spec, names: list[str]) -> None:
    field = records._field(names[0])
    entry = spec.setdefault(field.name, {})
    if len(names) == 1:
        if field.type == "many2one":
            entry.setdefault("fields", {}).setdefault("display_name", {})
        return
    if not field.spec.relation:
        from .errors import UnknownFieldError

        raise UnknownFieldError(f"{records._name}.{field.name} is not relational: cannot follow {'.'.join(names)!r}")
    comodel = records.env[field.spec.relation]
    _add_path(comodel, entry.setdefault("fields", {}), names[1:])


def fetch_paths(records: Model, paths: Sequence[str]) -> None:
    """Fill the cache with *paths* for every record of *records*."""
    if not records._ids:
        return
    spec = specification(records, paths)
    if records.env._at_least(WEB_READ_SINCE):
        rows = records._call("web_read", [list(records._ids), spec], {})
        _store_tree(records, rows, spec)
    else:
        _fetch_by_hops(records, spec)


def search_fetch(
    records: Model, domain: list[Any], offset: int, limit: int | None, order: str | None, paths: Sequence[str]
) -> Model:
    """Search and read *paths* of the result: one call on Odoo 17+."""
    if not records.env._at_least(WEB_READ_SINCE):
        found = records.search(domain, offset, limit, order)
        fetch_paths(found, paths)
        return found
    spec = specification(records, paths)
    kwargs = {"offset": offset, "limit": limit, "order": check_order(records, order)}
    answer = records._call("web_search_read", [check_domain(records, domain), spec],
                           {k: v for k, v in kwargs.items() if v})  # fmt: skip
    rows = answer["records"]
    found = records.browse([row["id"] for row in rows])
    _store_tree(found, rows, spec)
    return found


def _store_tree(records: Model, rows: Sequence[dict[str, Any]], spec: Spec) -> None:
    fields = [records._fields[name] for name in spec]
    store_rows(records, rows, fields)
    for name, entry in spec.items():
        sub_spec = entry.get("fields")
        field = records._fields[name]
        if not sub_spec or not field.spec.relation:
            continue
        sub_rows = _related_rows(rows, name)
        if sub_rows:
            comodel = records.env[field.spec.relation]
            _store_tree(comodel.browse([row["id"] for row in sub_rows]), sub_rows, sub_spec)


def _related_rows(rows: Sequence[dict[str, Any]], name: str) -> list[dict[str, Any]]:
    found: dict[int, dict[str, Any]] = {}
    for row in rows:
        value = row.get(name)
        for item in value if isinstance(value, list) else [value]:
            if isinstance(item, dict) and "id" in item:
                found.setdefault(item["id"], item)
    return list(found.values())


def _fetch_by_hops(records: Model, spec: Spec) -> None:
    records.read(list(spec))
    for name, entry in spec.items():
        sub_spec = entry.get("fields")
        if sub_spec and records._fields[name].spec.relation:
            related = records.mapped(name)
            if related:
                _fetch_by_hops(related, sub_spec)
