"""Group-bys with aggregates on every Odoo version: what :meth:`Model.read_groups` does.

One call. Odoo 19 answers ``formatted_read_group(domain, groupby, aggregates, having, offset, limit,
order)``; Odoo 16 to 18 answer ``read_group(domain, fields, groupby, lazy=False)``, to which each
aggregate goes as ``a<i>:<function>(<field>)`` so that two aggregates of one field never share a name.
The answers differ (a month is ``["2026-11-01 00:00:00", "November 2026"]`` on 19, the label
``"November 2026"`` and a ``__range`` before); the rows given back are the same everywhere:

- a key per *groupby* spec, exactly as given: a many2one (or many2many) group is ``(id, display
  name)``; a date or datetime grouped by ``day``/``week``/``month``/``quarter``/``year`` is the
  period's first day (a ``datetime.date``) or first instant (an aware UTC ``datetime``; the period is
  taken in the context's ``tz``, as Odoo does); a date part (``date:year_number``…) is an ``int``;
  any other field its value. An empty group is ``None`` (a boolean group stays ``False``).
- a key per *aggregates* spec, exactly as given: ``"__count"`` (records in the group) or
  ``"<field>:<function>"`` (``sum``, ``avg``, ``min``, ``max``, ``count``, ``count_distinct``,
  ``bool_and``, ``bool_or``, ``array_agg``).

Odoo's labels (``"November 2026"``) and group domains are left out: rows are data.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

import attrs

from ..errors import DomainError
from ..meta.releases import DATE_PARTS_SINCE, FORMATTED_READ_GROUP_SINCE, GROUP_BY_PATH_SINCE, ORDER_BY_COUNT_SINCE
from ..transport import answers
from .domains.checks import DATE_PARTS, check_domain, check_paging
from .frames import Column, kind_of, pandas_frame, polars_frame

if TYPE_CHECKING:
    from .protocols import Records as Model

__all__ = ["GroupRows", "GroupKey", "Aggregate", "read_groups", "PERIODS", "FUNCTIONS"]

#: Granularities whose group is a period (its first day or instant); the date parts
#: (``year_number``…, Odoo 18+) are :data:`~odoorm.orm.domains.checks.DATE_PARTS`.
PERIODS = ("hour", "day", "week", "month", "quarter", "year")
#: Aggregate functions.
FUNCTIONS = ("sum", "avg", "min", "max", "count", "count_distinct", "bool_and", "bool_or", "array_agg")
_RELATIONAL = ("many2one", "many2many", "one2many")


@attrs.frozen
class GroupKey:
    """One groupby spec: ``partner_id``, ``date_order:month``, ``partner_id.country_id`` (Odoo 19)."""

    spec: str
    path: tuple[str, ...]
    type: str  # the Odoo type of the last field of the path
    granularity: str | None

    def columns(self) -> list[Column]:
        if self.type in _RELATIONAL:
            return [Column(self.spec, "str"), Column(f"{self.spec}.id", "int")]
        if self.granularity in DATE_PARTS:
            return [Column(self.spec, "int")]
        return [Column(self.spec, kind_of(self.type))]

    def value(self, raw: Any, period_start: str | None) -> Any:
        """The key of a group from the server's *raw* value (and its period's start, for dates)."""
        if self.type in _RELATIONAL:
            return (int(raw[0]), str(raw[1])) if raw else None
        if self.granularity in PERIODS:
            if not period_start:
                return None
            if self.type == "date":
                return dt.date.fromisoformat(period_start[:10])
            return dt.datetime.fromisoformat(period_start).replace(tzinfo=dt.timezone.utc)
        if self.type == "boolean":
            return bool(raw)
        return None if raw is False else raw


@attrs.frozen
class Aggregate:
    """One aggregate spec: ``__count`` or ``<field>:<function>``."""

    spec: str
    field: str | None
    function: str
    type: str

    def column(self) -> Column:
        if self.function in ("count", "count_distinct") or self.field is None:
            return Column(self.spec, "int")
        if self.function in ("bool_and", "bool_or"):
            return Column(self.spec, "bool")
        if self.function == "array_agg":
            return Column(self.spec, "list")
        if self.function == "avg":
            return Column(self.spec, "float")
        kind = kind_of(self.type)
        return Column(self.spec, kind if kind in ("int", "float", "date", "datetime") else "json")


class GroupRows(list[dict[str, Any]]):
    """The rows of :meth:`Model.read_groups`: one plain dict per group, and the frames of them."""

    def __init__(self, rows: Sequence[dict[str, Any]], keys: Sequence[GroupKey], aggregates: Sequence[Aggregate]):
        super().__init__(rows)
        self.keys = tuple(keys)
        self.aggregates = tuple(aggregates)

    def columns(self) -> list[Column]:
        """The columns of the frames: a many2one key gives its name and ``<spec>.id``."""
        return [c for key in self.keys for c in key.columns()] + [a.column() for a in self.aggregates]

    def flat(self) -> list[dict[str, Any]]:
        """The rows with each ``(id, name)`` key split into ``<spec>`` (the name) and ``<spec>.id``."""
        relational = [key.spec for key in self.keys if key.type in _RELATIONAL]
        rows = []
        for row in self:
            flat = dict(row)
            for spec in relational:
                pair = row[spec]
                flat[spec], flat[f"{spec}.id"] = (pair[1], pair[0]) if pair else (None, None)
            rows.append(flat)
        return rows

    def to_dataframe(self) -> Any:
        """A pandas DataFrame, one typed column per key and aggregate (the ``pandas`` extra).
        No call."""
        return pandas_frame(self.flat(), self.columns())

    def to_polars(self) -> Any:
        """A Polars DataFrame (the ``polars`` extra). No call."""
        return polars_frame(self.flat(), self.columns())


def read_groups(
    model: Model,
    domain: Sequence[Any],
    groupby: Sequence[str] | str,
    aggregates: Sequence[str],
    having: Sequence[Any],
    offset: int,
    limit: int | None,
    order: str | None,
) -> GroupRows:
    """:meth:`Model.read_groups`: the specs checked, one call, the rows made alike."""
    check_paging(model, offset=offset, limit=limit)
    keys = [group_key(model, spec) for spec in ([groupby] if isinstance(groupby, str) else groupby)]
    aggs = [aggregate(model, spec) for spec in ([aggregates] if isinstance(aggregates, str) else aggregates)]
    checked = check_domain(model, domain)
    if model.env._at_least(FORMATTED_READ_GROUP_SINCE):
        kwargs = {"having": list(having), "offset": offset, "limit": limit, "order": order}
        arguments = [checked, [k.spec for k in keys], [a.spec for a in aggs]]
        site = model._site("formatted_read_group")
        answer = answers.row_list(site, model._call("formatted_read_group", arguments, _given(kwargs)))
        with answers.reading(site, "groups that are not dicts"):
            rows = [_row(keys, aggs, group, group, _period_19) for group in answer]
        return GroupRows(rows, keys, aggs)
    if having:
        raise DomainError(f"{model._name}: having needs Odoo 19 (formatted_read_group); filter the rows instead")
    return _read_group(model, checked, keys, aggs, offset, limit, order)


def group_key(model: Model, spec: str) -> GroupKey:
    """A groupby spec checked against the metadata and the server's version."""
    path_text, _, granularity = str(spec).strip().partition(":")
    names = tuple(path_text.split("."))
    if len(names) > 1 and not model.env._at_least(GROUP_BY_PATH_SINCE):
        raise DomainError(f"{model._name}: grouping by a path ({spec!r}) needs Odoo 19; group by {names[0]!r}")
    records: Any = model
    for position, name in enumerate(names):
        field = records._field(name)
        if position < len(names) - 1:
            if field.type != "many2one":
                raise DomainError(f"{model._name}: {spec!r} goes through {field.type} {name!r}, not a many2one")
            records = records.env[str(field.spec.relation)]
    if field.type in ("date", "datetime"):
        if granularity not in PERIODS and granularity not in DATE_PARTS:
            choices = ", ".join((*PERIODS, *sorted(DATE_PARTS)))
            raise DomainError(
                f"{model._name}: group the {field.type} {path_text!r} by one of {choices} "
                f"({path_text}:month), not {spec!r}"
            )
        if granularity in DATE_PARTS and not model.env._at_least(DATE_PARTS_SINCE):
            instead = f"{path_text}:{_period(granularity)}"
            raise DomainError(f"{model._name}: {spec!r}: date parts need Odoo 18; group by {instead!r}")
    elif granularity:
        raise DomainError(f"{model._name}: {spec!r}: a granularity applies to a date or datetime, not a {field.type}")
    return GroupKey(str(spec).strip(), names, field.type, granularity or None)


def aggregate(model: Model, spec: str) -> Aggregate:
    """An aggregate spec checked against the metadata."""
    text = str(spec).strip()
    if text == "__count":
        return Aggregate(text, None, "count", "integer")
    name, _, function = text.partition(":")
    if function not in FUNCTIONS:
        raise DomainError(
            f"{model._name}: an aggregate is '__count' or '<field>:<function>' with a function among "
            f"{', '.join(FUNCTIONS)}, not {spec!r}"
        )
    return Aggregate(text, name, function, model._field(name).type)


# ------------------------------------------------------------------ before Odoo 19


def _read_group(
    model: Model,
    domain: list[Any],
    keys: list[GroupKey],
    aggs: list[Aggregate],
    offset: int,
    limit: int | None,
    order: str | None,
) -> GroupRows:
    aliases = {a.spec: f"a{i}" for i, a in enumerate(aggs) if a.field is not None}
    fields = ["__count", *(f"{aliases[a.spec]}:{a.function}({a.field})" for a in aggs if a.field)]
    by_count = any(term.split()[:1] == ["__count"] for term in (order or "").split(","))
    if by_count and not model.env._at_least(ORDER_BY_COUNT_SINCE):
        # Odoo 16 cannot order by its own __count: the same count as an aggregate it can order by
        aliases["__count"] = "a_count"
        fields.append("a_count:count(id)")
    kwargs = {"offset": offset, "limit": limit, "orderby": _order_terms(model, order, keys, aliases), "lazy": False}
    arguments = [domain, fields, [k.spec for k in keys]]
    site = model._site("read_group")
    answer = answers.row_list(site, model._call("read_group", arguments, _given(kwargs)))
    with answers.reading(site, "groups that are not dicts"):
        named = [
            {**group, **{spec: group.get(alias) for spec, alias in aliases.items() if spec != "__count"}}
            for group in answer
        ]
        rows = [_row(keys, aggs, group, group.get("__range") or {}, _period_before_19) for group in named]
    return GroupRows(rows, keys, aggs)


def _order_terms(model: Model, order: str | None, keys: list[GroupKey], aliases: dict[str, str]) -> str | None:
    """*order* with each aggregate spec replaced by its alias (group keys stay as they are)."""
    if not order:
        return None
    known = {k.spec for k in keys} | set(aliases) | {"__count"}
    terms = []
    for term in filter(None, (part.strip() for part in order.split(","))):
        spec, _, direction = term.partition(" ")
        if spec not in known:
            raise DomainError(f"{model._name}: order the groups by a groupby or aggregate spec, not {spec!r}")
        terms.append(" ".join(filter(None, (aliases.get(spec, spec), direction.strip()))))
    return ", ".join(terms)


# ------------------------------------------------------------------ rows alike


def _row(
    keys: list[GroupKey], aggs: list[Aggregate], group: dict[str, Any], ranges: Any, period: Any
) -> dict[str, Any]:
    row = {key.spec: key.value(group.get(key.spec), period(key, group, ranges)) for key in keys}
    for agg in aggs:
        row[agg.spec] = group.get(agg.spec)
    return row


def _period_19(key: GroupKey, group: dict[str, Any], ranges: Any) -> str | None:
    value = group.get(key.spec)
    return str(value[0]) if key.granularity in PERIODS and value else None


def _period_before_19(key: GroupKey, group: dict[str, Any], ranges: Any) -> str | None:
    bounds = ranges.get(key.spec) if key.granularity in PERIODS else None
    return str(bounds["from"]) if bounds else None


def _period(part: str) -> str:
    return {"year_number": "year", "quarter_number": "quarter", "month_number": "month"}.get(part, "day")


def _given(kwargs: dict[str, Any]) -> dict[str, Any]:
    return {name: value for name, value in kwargs.items() if value or value is False}
