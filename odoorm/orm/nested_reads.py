"""One-call nested reads: ``records.fetch("name", "country_id.name")`` and ``search(..., fetch=...)``.

On Odoo 17 and later the whole tree of fields comes in one ``web_read``
(or ``web_search_read``) call with a *specification*. Older servers have no
specification: there the tree is read level by level, one batched ``read``
per related model and hop, never per record (a search with paths starts
with one ``search_read`` of the first level).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING, Any, TypeVar

from ..meta.releases import WEB_READ_SINCE
from ..transport import answers
from .domains.checks import check_domain, check_order
from .learned_reads import Spec, learned_fields
from .prefetch import store_rows, store_tree

if TYPE_CHECKING:
    from .protocols import Records as Model

RecordsT = TypeVar("RecordsT", bound="Model")

__all__ = ["WEB_READ_SINCE", "specification", "fetch_paths", "search_fetch", "search_learned", "merged_spec"]


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
        from ..errors import UnknownFieldError

        raise UnknownFieldError(f"{records._name}.{field.name} is not relational: cannot follow {'.'.join(names)!r}")
    comodel = records.env[field.spec.relation]
    _add_path(comodel, entry.setdefault("fields", {}), names[1:])


def fetch_paths(records: Model, paths: Sequence[str]) -> None:
    """Fill the cache with *paths* for every record of *records*."""
    if not records._ids:
        return
    spec = specification(records, paths)
    if records.env._at_least(WEB_READ_SINCE):
        site = records._site("web_read")
        rows = answers.row_list(site, records._call("web_read", [list(records._ids), spec], {}))
        with answers.reading(site):
            store_tree(records, rows, spec)
    else:
        _fetch_by_hops(records, spec)


def search_fetch(
    records: RecordsT, domain: Sequence[Any], offset: int, limit: int | None, order: str | None, paths: Sequence[str]
) -> RecordsT:
    """Search and read *paths* of the result: one call on Odoo 17+; before, one ``search_read``
    and one ``read`` per related model and hop."""
    if not records.env._at_least(WEB_READ_SINCE):
        spec = specification(records, paths)
        found = _search_read(records, check_domain(records, domain), offset, limit, check_order(records, order), spec)
        _read_levels(_next_level({}, found, spec))
        return found
    return _web_search_read(
        records,
        check_domain(records, domain),
        offset,
        limit,
        check_order(records, order),
        specification(records, paths),
    )


def search_learned(
    records: RecordsT, domain: list[Any], offset: int, limit: int, order: str | None, spec: Spec
) -> RecordsT:
    """Search (checked *domain* and *order*) and bring the learned fields of the result in the
    same call: ``web_search_read`` with *spec* on Odoo 17+, ``search_read`` before."""
    if records.env._at_least(WEB_READ_SINCE):
        return _web_search_read(records, domain, offset, limit, order, spec)
    return _search_read(records, domain, offset, limit, order, {f.name: {} for f in learned_fields(type(records))})


def _search_read(
    records: RecordsT, domain: list[Any], offset: int, limit: int | None, order: str | None, spec: Spec
) -> RecordsT:
    """One ``search_read`` of the top-level fields of *spec* (checked *domain* and *order*)."""
    fields = [records._fields[name] for name in spec]
    records.env.flush()  # before noting the generation the rows are read in
    generation = records.env.cache.generation
    kwargs = {"fields": [f.name for f in fields], "offset": offset, "limit": limit, "order": order}
    site = records._site("search_read")
    rows = answers.row_list(site, records._call("search_read", [domain], {k: v for k, v in kwargs.items() if v}))
    with answers.reading(site):
        found = type(records)(records.env, tuple(row["id"] for row in rows))
        store_rows(found, rows, fields, generation)
    return found


def _web_search_read(
    records: RecordsT, domain: list[Any], offset: int, limit: int | None, order: str | None, spec: Spec
) -> RecordsT:
    # count_limit: the server would count every match when the limit is reached; nobody reads that count
    kwargs = {"offset": offset, "limit": limit, "order": order, "count_limit": limit and offset + limit}
    records.env.flush()  # before noting the generation the rows are read in
    generation = records.env.cache.generation
    answer = records._call("web_search_read", [domain, spec], {k: v for k, v in kwargs.items() if v})
    site = records._site("web_search_read")
    rows = answers.page_rows(site, answer)
    with answers.reading(site):
        found = type(records)(records.env, tuple(row["id"] for row in rows))
        store_tree(found, rows, spec, generation)
    return found


def _fetch_by_hops(records: Model, spec: Spec) -> None:
    _read_levels({records._name: (records, spec)})


#: One hop of a tree read without a specification: model → (its records at this hop, what to read).
Level = dict[str, tuple["Model", Spec]]


def _read_levels(level: Level) -> None:
    """Read *level*, then the next hop, until the tree ends: one ``read`` per model and hop."""
    while level:
        following: Level = {}
        for records, spec in level.values():
            records.read(list(spec))
            following = _next_level(following, records, spec)
        level = following


def _next_level(following: Level, records: Model, spec: Spec) -> Level:
    """Add to *following* the related records of *records* (already read) that *spec* goes
    through; paths into the same model are merged, so that model is read once at that hop."""
    for name, entry in spec.items():
        field = records._fields[name]
        sub_spec, relation = entry.get("fields"), field.spec.relation
        if not sub_spec or not relation or (field.type == "many2one" and set(sub_spec) == {"display_name"}):
            continue  # a many2one's display name comes with the read of its own record
        related = records.mapped(name)
        if not related:
            continue
        if relation in following:
            known, merged = following[relation]
            following[relation] = (known | related, merged_spec(merged, sub_spec))
        else:
            following[relation] = (related, merged_spec({}, sub_spec))
    return following


def merged_spec(into: Spec, spec: Spec) -> Spec:
    """*into* (changed in place and returned) with every path of *spec* added; *spec* is not changed."""
    for name, entry in spec.items():
        target = into.setdefault(name, {})
        if entry.get("fields"):
            target["fields"] = merged_spec(dict(target.get("fields", {})), entry["fields"])
    return into
