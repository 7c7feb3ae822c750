"""Checking search domains and order strings before they are sent.

A domain is a list of leaves ``(field_path, operator, value)`` and the prefix
operators ``"&"``, ``"|"``, ``"!"``, or a :class:`~odoorm.orm.domains.expression.Domain`.
odoorm checks its shape and its operators, so a typo is a
:class:`~odoorm.errors.DomainError` or :class:`~odoorm.errors.UnknownFieldError`
naming the model and field, not a server traceback:

- a plain list: the first field of each path, against the model's metadata;
- a ``Domain``: every hop of every path (comodels from the environment's
  registry, which may read their metadata once), and the domains given to
  ``any`` / ``not any`` against the comodel.

Each field checked must be searchable: a field neither stored nor searchable
(a computed field without a search method) is a :class:`DomainError`, where
the server would answer an error. The metadata odoorm reads (``fields_get``
with a fixed list of attributes) settles most fields: stored, sortable or
groupable (an inherited field), company-dependent. For the others, such as
``display_name`` or a related field, the server's ``searchable`` attribute is
asked once per model (:meth:`~odoorm.orm.registry.ModelRegistry.searchable`).

Negative ``offset`` and ``limit`` values are refused too (:func:`check_paging`).
The server stays the judge of the rest (value types, property names).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

import attrs

from ...errors import DomainError, UnknownFieldError
from ...meta.releases import ANY_OPERATOR_SINCE, DATE_PARTS_SINCE, ORDER_NULLS_SINCE
from .expression import Domain, DomainCondition
from .values import ANY_OPERATORS, OPERATORS

if TYPE_CHECKING:
    from ..fields.base import Field
    from ..protocols import Records as Model

__all__ = ["OPERATORS", "OrderTerm", "check_domain", "check_order", "check_paging", "parse_order"]

#: What Odoo 19 reads after a date or datetime field in a domain path (``date_order.year_number``).
DATE_PARTS = frozenset(
    {
        "year_number",
        "quarter_number",
        "month_number",
        "iso_week_number",
        "day_of_year",
        "day_of_month",
        "day_of_week",
        "hour_number",
        "minute_number",
        "second_number",
    }
)


def check_domain(records: Model, domain: Any) -> list[Any]:
    """*domain* as the plain list to send, after checking it; raises :class:`DomainError` or
    ``UnknownFieldError``. A plain list is sent as given; a ``Domain`` as ``list(domain)``."""
    if isinstance(domain, Domain):
        needs: Needs = []
        _check_paths(records, domain, records._name, needs)
        for model, release, condition, hint in needs:  # after every path is known good: may ask the version
            _check_release(model, release, condition, records._name, hint)
        return list(domain)
    if isinstance(domain, str | bytes) or not isinstance(domain, Sequence):
        raise DomainError(f"{records._name}: a domain is a list of (field, operator, value), not {domain!r:.60}")
    try:
        parsed = Domain(domain)
    except DomainError as error:
        raise DomainError(f"{records._name}: {error}") from error
    if any(isinstance(item, Domain) for item in domain):  # a list holding Domain objects: sent as one
        return check_domain(records, parsed)
    conditions = list(parsed.iter_conditions())
    for condition in conditions:
        field = records._field(condition.field_expr.split(".", 1)[0])  # UnknownFieldError with close names
        _check_searchable(records, field, condition, records._name)
    for condition in conditions:  # after every field is known good: may ask the version
        if condition.operator in ANY_OPERATORS:
            _check_release(records, ANY_OPERATOR_SINCE, condition, records._name, _ANY_INSTEAD)
    return list(domain)


#: What a domain needs of the server's release: (model, release, condition, what to write instead).
Needs = list[tuple["Model", tuple[int, int], DomainCondition, str]]


def _check_paths(records: Model, domain: Domain, origin: str, needs: Needs) -> None:
    for condition in domain.iter_conditions():
        found = _follow(records, condition, origin, needs)
        if condition.operator in ANY_OPERATORS:
            needs.append((records, ANY_OPERATOR_SINCE, condition, _ANY_INSTEAD))
        if found is not None and condition.operator in ANY_OPERATORS and isinstance(condition.value, Domain):
            model, field = found
            _check_paths(_any_target(model, field, condition, origin), condition.value, origin, needs)


def _follow(records: Model, condition: DomainCondition, origin: str, needs: Needs) -> tuple[Model, Field] | None:
    """The model and field at the end of the condition's path (``None`` when the server reads the rest)."""
    names = condition.field_expr.split(".")
    model = records
    for index, name in enumerate(names):
        field = _field(model, name, condition, origin)
        rest = names[index + 1 :]
        if not rest:
            return model, field
        if field.spec.relation:
            model = model.env[field.spec.relation]
        elif len(rest) == 1 and field.spec.type in ("date", "datetime") and rest[0] in DATE_PARTS:
            needs.append((model, DATE_PARTS_SINCE, condition, "compare the date with a range instead"))
            return None  # a part of a date: the server checks it
        elif len(rest) == 1 and field.spec.type == "properties":
            return None  # a property of a properties field: the server checks it
        else:
            raise DomainError(
                f"{origin}: the domain path {condition.field_expr!r} cannot go through {model._name}.{name}, "
                f"a {field.spec.type} field (only relational fields lead to other fields), in {condition.leaf!r:.80}"
            )
    raise AssertionError("unreachable: a path has at least one name")


def _field(model: Model, name: str, condition: DomainCondition, origin: str) -> Field:
    try:
        field = model._field(name)
    except UnknownFieldError as error:
        where = f"the domain path {condition.field_expr!r} of {origin}"
        raise UnknownFieldError(f"{error} (in {where})" if "." in condition.field_expr else str(error)) from error
    _check_searchable(model, field, condition, origin)
    return field


def _check_searchable(model: Model, field: Field, condition: DomainCondition, origin: str) -> None:
    """Refuse *field* in a domain when it is neither stored nor searchable."""
    searchable = field.spec.searchable_hint()
    if searchable is None:  # only the server can tell: asked once per model
        searchable = model.env.registry.searchable(type(model), field.name, model.env)
    if not searchable:
        where = f" (in the domain of {origin})" if origin != model._name else ""
        raise DomainError(
            f"{model._name}.{field.name} is neither stored nor searchable, so the server cannot search on it{where}: "
            f"{condition.leaf!r:.80}; filter the records in Python instead (records.filtered(...))"
        )


_ANY_INSTEAD = "write the path instead, e.g. ('parent_id.is_company', '=', True)"


def _check_release(
    records: Model, release: tuple[int, int], condition: DomainCondition, origin: str, hint: str
) -> None:
    """Refuse, before sending, a condition the server's release cannot read (the server would
    answer with an obscure internal error). Costs the version call if not known yet."""
    if not records.env._at_least(release):
        needed = ".".join(map(str, release))
        raise DomainError(
            f"{origin}: {condition.leaf!r:.80} needs Odoo {needed} or later and this server runs "
            f"{records.env.version}; {hint}"
        )


def _any_target(model: Model, field: Field, condition: DomainCondition, origin: str) -> Model:
    """The model the domain of ``any`` / ``not any`` applies to."""
    if field.spec.relation:
        comodel: Model = model.env[field.spec.relation]
        return comodel
    if field.name == "id":
        return model
    raise DomainError(
        f"{origin}: {condition.operator!r} takes a relational field, and {model._name}.{field.name} is a "
        f"{field.spec.type} field, in {condition.leaf!r:.80}"
    )


def check_paging(records: Model, *, offset: Any = None, limit: Any = None) -> None:
    """Refuse a negative *offset* or *limit* (the server answers them with an error); ``None``,
    ``False`` and ``0`` mean none, as in Odoo."""
    for name, value in (("offset", offset), ("limit", limit)):
        if isinstance(value, int | float) and not isinstance(value, bool) and value < 0:
            raise DomainError(f"{records._name}: the {name} of a search cannot be negative, not {value!r}")


#: A term of an order, as Odoo reads it: ``field [asc|desc] [nulls first|nulls last]``.
_ORDER_TERM = re.compile(r"(?P<name>[\w.]+)(?:\s+(?P<direction>asc|desc))?(?:\s+nulls\s+(?P<nulls>first|last))?", re.I)


@attrs.frozen
class OrderTerm:
    """One term of an order: the field (a path on Odoo 17+), descending or not, and where empty
    values go — ``nulls first`` when given, else where PostgreSQL puts NULLs (last when ascending)."""

    name: str
    descending: bool
    nulls_first: bool
    nulls_given: bool


def parse_order(model: str, order: str) -> list[OrderTerm]:
    """The terms of *order* (``"date desc, id nulls first"``), or :class:`DomainError` naming the
    term that is not ``field [asc|desc] [nulls first|nulls last]`` (no call)."""
    terms = []
    for term in (part.strip() for part in order.split(",")):
        found = _ORDER_TERM.fullmatch(term)
        if not found:
            raise DomainError(
                f"{model}: cannot read the order {order!r}: {term!r} is not "
                "'field [asc|desc] [nulls first|nulls last]' (terms separated by commas)"
            )
        descending = (found["direction"] or "").lower() == "desc"
        nulls = (found["nulls"] or "").lower()
        terms.append(OrderTerm(found["name"], descending, nulls == "first" if nulls else descending, bool(nulls)))
    return terms


def check_order(records: Model, order: str | None) -> str | None:
    """*order* after checking each term (:func:`parse_order`) and its field, before sending.
    ``nulls first/last`` needs Odoo 17 (costs the version call if it is not known yet, only for an
    order that has it)."""
    if not order:
        return order
    terms = parse_order(records._name, order)
    for term in terms:
        records._field(term.name.split(".", 1)[0])
    if any(term.nulls_given for term in terms) and not records.env._at_least(ORDER_NULLS_SINCE):
        raise DomainError(
            f"{records._name}: 'nulls first' / 'nulls last' in an order needs Odoo 17 or later and this "
            f"server runs {records.env.version}, in {order!r}"
        )
    return order
