"""Pages of export rows straight from the server: what :meth:`Model.export_rows` and the exports read.

A page is one ``web_search_read`` of the next *batch_size* records by id (``id > last``) with the
specification of every dotted path, on Odoo 17 and later: one call per page, whatever the depth of
the paths. Before Odoo 17 a page is one ``search_read`` and one ``read`` per related model and level
of the paths (the related records of the whole page at once; paths into one model merged). Rows are
made from the answer and nothing is cached, so memory is bounded by the page, not the row count.

The row of a record: ``id``, then a key per column of :func:`columns`:

- a scalar path gives its value: ``str``, ``int``, ``float``, ``bool``, ``datetime.date``, aware UTC
  ``datetime``; ``None`` when empty (a boolean is ``False``, a number ``0``, as Odoo reads them);
  binary values are their base64 text;
- a path ending on a many2one gives two columns: the display name (``partner_id``) and the id
  (``partner_id.id``), ``None`` when empty;
- a path ending on a one2many or many2many gives the list of ids (``tag_ids``: ``[3, 7]``);
- a path *through* an x2many (``tag_ids.name``) gives the list of the values it reaches.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator, Sequence
from typing import TYPE_CHECKING, Any

import attrs

from ..errors import UnknownFieldError
from ..meta.releases import WEB_READ_SINCE
from ..transport import answers
from .domains.checks import check_domain
from .frames import Column, kind_of
from .learned_reads import PREFETCH_MAX, Spec
from .nested_reads import merged_spec, specification

if TYPE_CHECKING:
    from .protocols import Records as Model

__all__ = ["Page", "Path", "paths_of", "columns", "iter_pages", "rows_of", "IdRange", "DEFAULT_BATCH"]

#: Records per page.
DEFAULT_BATCH = 1000
#: A page of records as columns: column name → one value per record (``id`` first), what the sinks
#: write column by column; :func:`rows_of` gives its rows.
Page = dict[str, list[Any]]
_X2MANY = ("one2many", "many2many")
#: Types whose export value is the read value, ``None`` (text) or ``0`` (numbers) for ``False``.
_TEXTS = frozenset({"char", "text", "html", "selection", "reference", "binary"})
_NUMBERS = frozenset({"integer", "float", "monetary", "many2one_reference"})


@attrs.frozen
class Path:
    """A dotted field path and the Odoo types of the fields along it."""

    text: str
    names: tuple[str, ...]
    types: tuple[str, ...]

    @property
    def crosses_x2many(self) -> bool:
        return any(t in _X2MANY for t in self.types[:-1])

    def columns(self) -> list[Column]:
        leaf = self.types[-1]
        if self.crosses_x2many:
            return [Column(self.text, "list")]
        if leaf == "many2one":
            return [Column(self.text, "str"), Column(f"{self.text}.id", "int")]
        return [Column(self.text, kind_of(leaf))]

    def fill(self, page: Page, records: list[dict[str, Any]]) -> None:
        """Set this path's columns of *page* from web_read-shaped *records*, one column at a time."""
        first, rest, leaf, text = self.names[0], self.names[1:], self.types[-1], self.text
        if self.crosses_x2many:
            page[text] = [list(_reach(r.get(first), rest, self.types)) for r in records]
        elif leaf == "many2one":
            values = [_follow(r.get(first), rest) for r in records] if rest else [r.get(first) for r in records]
            page[text] = [v["display_name"] if v else None for v in values]
            page[f"{text}.id"] = [v["id"] if v else None for v in values]
        elif not rest and leaf in _TEXTS:  # a plain value: False means empty
            page[text] = [None if (v := r.get(first, False)) is False else v for r in records]
        elif not rest and leaf in _NUMBERS:
            page[text] = [0 if (v := r.get(first, False)) is False or v is None else v for r in records]
        elif not rest and leaf == "boolean":
            page[text] = [bool(r.get(first)) for r in records]
        else:
            page[text] = [_plain(_follow(r.get(first), rest), leaf) for r in records]


@attrs.frozen
class IdRange:
    """Ids from *start* (included) to *stop* (excluded): a partition of an export."""

    start: int
    stop: int

    def terms(self) -> list[Any]:
        return [("id", ">=", self.start), ("id", "<", self.stop)]


def paths_of(model: Model, fields: Sequence[str]) -> list[Path]:
    """The dotted *fields* checked against the metadata (``id`` is always the first column)."""
    paths = []
    for text in fields:
        if text == "id":
            continue
        records: Any = model
        names, types = tuple(text.split(".")), []
        for position, name in enumerate(names):
            if records is None:
                raise UnknownFieldError(
                    f"{model._name}: {names[position - 1]!r} is not relational: cannot follow {text!r}"
                )
            field = records._field(name)
            types.append(field.type)
            records = records.env[str(field.spec.relation)] if field.spec.relation else None
        paths.append(Path(text, names, tuple(types)))
    return paths


def columns(paths: Sequence[Path]) -> list[Column]:
    """The columns of the rows: ``id``, then each path's."""
    return [Column("id", "int"), *(c for path in paths for c in path.columns())]


def iter_pages(
    model: Model, domain: Sequence[Any], paths: Sequence[Path], batch_size: int, ids: IdRange | None = None
) -> Iterator[Page]:
    """The records matching *domain* (within *ids*), *batch_size* at a time by id, as pages of
    columns (:data:`Page`)."""
    base = [*check_domain(model, domain), *(ids.terms() if ids else [])]
    spec = specification(model, [p.text for p in paths])
    web = model.env._at_least(WEB_READ_SINCE)
    last = 0
    while True:
        page_domain = [*base, ("id", ">", last)] if last else base
        records = (
            _web_page(model, page_domain, spec, batch_size) if web else _read_page(model, page_domain, spec, batch_size)
        )
        if records:
            yield _page(records, paths)
        if len(records) < batch_size:
            return
        last = records[-1]["id"]


# ------------------------------------------------------------------ one page


def _web_page(model: Model, domain: list[Any], spec: Spec, limit: int) -> list[dict[str, Any]]:
    # count_limit=limit: the server does not count the matches when the page is full
    kwargs = {"limit": limit, "order": "id", "count_limit": limit}
    answer = model._call("web_search_read", [domain, spec], kwargs)
    return answers.page_rows(model._site("web_search_read"), answer)


def _read_page(model: Model, domain: list[Any], spec: Spec, limit: int) -> list[dict[str, Any]]:
    """Before Odoo 17: ``search_read`` then one ``read`` per level, shaped as ``web_search_read``'s rows."""
    kwargs = {"fields": list(spec) or ["id"], "limit": limit, "order": "id"}
    rows = answers.row_list(model._site("search_read"), model._call("search_read", [domain], kwargs))
    _nest(model, rows, spec)
    return rows


def _nest(model: Model, rows: list[dict[str, Any]], spec: Spec) -> None:
    """Turn read-shaped relational values of *rows* into web_read's: level by level, one ``read`` per
    related model and level (paths into the same model at one level are read together)."""
    level: list[tuple[Model, list[dict[str, Any]], Spec]] = [(model, rows, spec)]
    while level:
        level = [_fill(model.env[relation], want) for relation, want in _wanted(level).items()]


def _wanted(level: list[tuple[Model, list[dict[str, Any]], Spec]]) -> dict[str, _Wanted]:
    """What one level needs of each related model; many2ones shown by name only are set in place."""
    wanted: dict[str, _Wanted] = {}
    for owner, owner_rows, owner_spec in level:
        for name, entry in owner_spec.items():
            field = owner._fields[name]
            sub = {k: v for k, v in (entry.get("fields") or {}).items() if k != "display_name"}
            if field.type == "many2one" and not sub:
                for row in owner_rows:
                    pair = row.get(name)
                    row[name] = {"id": pair[0], "display_name": pair[1]} if pair else False
            elif sub:
                want = wanted.setdefault(str(field.spec.relation), _Wanted())
                want.ids.update(i for row in owner_rows for i in _ids(row.get(name), field.type))
                want.spec = merged_spec(want.spec, entry["fields"])
                want.users.append((owner_rows, name, field.type))
    return wanted


def _fill(comodel: Model, want: _Wanted) -> tuple[Model, list[dict[str, Any]], Spec]:
    """Read what *want* needs of *comodel* (one ``read`` per page of ids), put the rows in place of
    the ids in its users' rows; the rows read and their spec: the next level's part."""
    related = {r["id"]: r for r in _read(comodel, sorted(want.ids), want.spec)}
    for owner_rows, name, field_type in want.users:
        for row in owner_rows:
            found = [related[i] for i in _ids(row.get(name), field_type) if i in related]
            row[name] = (found[0] if found else False) if field_type == "many2one" else found
    return comodel, list(related.values()), want.spec


@attrs.define
class _Wanted:
    """The records of one related model a level reaches: their ids, the merged specification of
    every path reaching them, and the (rows, field, type) to fill with them."""

    ids: set[int] = attrs.field(factory=set)
    spec: Spec = attrs.field(factory=dict)
    users: list[tuple[list[dict[str, Any]], str, str]] = attrs.field(factory=list)


def _read(model: Model, ids: list[int], spec: Spec) -> list[dict[str, Any]]:
    rows: list[dict[str, Any]] = []
    for start in range(0, len(ids), PREFETCH_MAX):
        answer = model._call("read", [ids[start : start + PREFETCH_MAX], list(spec)], {})
        rows += answers.row_list(model._site("read"), answer)
    return rows


def _ids(value: Any, field_type: str) -> list[int]:
    if not value:
        return []
    return [int(value[0])] if field_type == "many2one" else [int(i) for i in value]


# ------------------------------------------------------------------ values


def _page(records: list[dict[str, Any]], paths: Sequence[Path]) -> Page:
    page: Page = {"id": [record["id"] for record in records]}
    for path in paths:
        path.fill(page, records)
    return page


def rows_of(page: Page) -> Iterator[dict[str, Any]]:
    """The rows of a page of columns: one dict per record, the columns in order."""
    names = list(page)
    for values in zip(*page.values(), strict=True):
        yield dict(zip(names, values, strict=True))


def _follow(value: Any, names: Sequence[str]) -> Any:
    for name in names:
        if not value:
            return False
        value = value.get(name, False)
    return value


def _reach(value: Any, names: Sequence[str], types: Sequence[str]) -> Iterator[Any]:
    """The leaf values of a path through x2manys (a many2one leaf gives its display name)."""
    kind = types[0]
    values = (value or []) if kind in _X2MANY else [value] if value else []
    for item in values:
        if not names:
            if kind == "many2one":
                yield item.get("display_name") if isinstance(item, dict) else None
            else:
                yield _id_of(item) if kind in _X2MANY else _plain(item, kind)
        elif isinstance(item, dict):
            yield from _reach(item.get(names[0], False), names[1:], types[1:])


def _id_of(item: Any) -> int:
    """An x2many item's id: the id itself, or the record read for a longer path through the same
    field (another column's ``tag_ids.name`` makes ``tag_ids`` a list of records)."""
    return int(item["id"]) if isinstance(item, dict) else int(item)


def _plain(value: Any, field_type: str) -> Any:
    """A read value as an export value."""
    if field_type == "boolean":
        return bool(value)
    if field_type in _X2MANY:
        return [_id_of(i) for i in value or ()]
    if value is False or value is None:
        return None if field_type not in ("integer", "float", "monetary") else 0
    if field_type == "date":
        return dt.date.fromisoformat(value[:10])
    if field_type == "datetime":
        return dt.datetime.fromisoformat(value).replace(tzinfo=dt.timezone.utc)
    return value
