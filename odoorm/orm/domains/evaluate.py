"""A domain evaluated on loaded values, client-side: what ``filtered_domain`` uses.

Supported, with Odoo's meaning: ``&``, ``|``, ``!``; the operators ``=``, ``!=``, ``<``, ``<=``,
``>``, ``>=``, ``in``, ``not in``, ``like``, ``ilike``, ``=like``, ``=ilike``, ``not like`` and
``not ilike``; paths through many2one fields (``parent_id.country_id.code``), whose values load in
batches through the prefetch sets (never one record at a time). As in Odoo's SQL, an empty value
(``NULL``) matches no comparison, but ``!=``, ``not in`` and the negative ``like`` include it;
``like ''`` and ``ilike ''`` (or ``False``) match every record, the empty ones too.

Anything else — an x2many on the path, a date or datetime field (the value's format would need the
server's conversion), ``child_of``, ``any``…, the other operators with an empty pattern (``not like
''``, ``=like ''``: their answer differs between Odoo versions) — raises :class:`Unsupported`, and
the caller asks the server instead.
"""

from __future__ import annotations

import operator
import re
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from ..protocols import RecordsBase
from .expression import Domain, DomainAnd, DomainBool, DomainCondition, DomainNot, DomainOr

if TYPE_CHECKING:
    from ..protocols import Records as Model

__all__ = ["matching_ids", "Unsupported"]

_TYPES = {"char", "text", "html", "selection", "integer", "float", "monetary", "boolean", "many2one"}
_NEGATIVE = {"!=": "=", "not in": "in", "not like": "like", "not ilike": "ilike"}
_ORDER = {"<": operator.lt, "<=": operator.le, ">": operator.gt, ">=": operator.ge}
_POSITIVE = {"=", "<", "<=", ">", ">=", "in", "like", "ilike", "=like", "=ilike"}


class Unsupported(Exception):
    """The domain needs the server to be evaluated."""


def matching_ids(records: Model, domain: Sequence[Any]) -> set[int]:
    """The ids of *records* matching *domain*, from loaded values (see the module's docstring)."""
    return _evaluate(records, Domain(domain) if not isinstance(domain, Domain) else domain)


def _evaluate(records: Model, domain: Domain) -> set[int]:
    if isinstance(domain, DomainBool):
        return set(records._ids) if domain.value else set()
    if isinstance(domain, DomainNot):
        return set(records._ids) - _evaluate(records, domain.child)
    if isinstance(domain, DomainAnd | DomainOr):
        results = [_evaluate(records, child) for child in domain.children]
        return set.intersection(*results) if isinstance(domain, DomainAnd) else set.union(*results)
    if isinstance(domain, DomainCondition):
        return _condition(records, domain.field_expr, domain.operator, domain.value)
    raise Unsupported(repr(domain))


def _condition(records: Model, path: str, operator: str, target: Any) -> set[int]:
    positive = _NEGATIVE.get(operator, operator)
    if positive not in _POSITIVE:
        raise Unsupported(operator)
    target = _plain(target)
    names = path.split(".")
    if len(names) > 1:  # as Odoo: "a.b op v" is "a any (b op v)": an empty many2one matches nothing
        return _through(records, names, operator, target)
    if operator.endswith("like") and (target is None or target is False or target == ""):
        return _empty_pattern(records, names[0], operator)
    values = _values(records, names[0], target)
    matched = {i for i, value in values.items() if value is not None and _compare(value, positive, target)}
    if positive in ("=", "in") and (target is False or (isinstance(target, list) and False in target)):
        matched |= {i for i, value in values.items() if value is None}  # "= False": the empty ones
    return set(values) - matched if operator in _NEGATIVE else matched


def _empty_pattern(records: Model, name: str, operator: str) -> set[int]:
    """``like ''`` and ``ilike ''`` (or ``False``): every record, the empty ones too, without loading.
    The other operators with an empty pattern answer differently across versions (``not like ''``
    matches the empty values on Odoo 16 and 17 and nothing since 18, ``=like ''`` the other way
    round), and a many2one compares names: the server decides."""
    if operator not in ("like", "ilike"):
        raise Unsupported(f"{operator} with an empty pattern")
    if name != "id":
        field = records._field(name)
        if field.type not in _TYPES or field.type == "many2one":
            raise Unsupported(f"{records._name}.{field.name} ({field.type}) {operator} an empty pattern")
    return set(records._ids)


def _through(records: Model, names: list[str], operator: str, target: Any) -> set[int]:
    """The records whose many2one *names[0]* is a record matching the rest of the path."""
    field = records._field(names[0])
    if field.type != "many2one":
        raise Unsupported(f"{records._name}.{field.name} ({field.type}) on a path")
    links = _values(records, names[0], None)
    comodel: Any = records.mapped(names[0])  # the linked records, sharing one prefetch set: batched loads
    matched = _condition(comodel, ".".join(names[1:]), operator, target) if comodel else set()
    return {i for i, link in links.items() if link is not None and link in matched}


def _names_a_record(target: Any) -> bool:
    return isinstance(target, str) or (isinstance(target, list) and any(isinstance(t, str) for t in target))


def _values(records: Model, name: str, target: Any) -> dict[int, Any]:
    """Record id → the value of field *name* (``None`` when empty), loaded in one batch."""
    if name == "id":
        return {i: i for i in records._ids}
    field = records._field(name)
    if field.type not in _TYPES:
        raise Unsupported(f"{records._name}.{field.name} ({field.type})")
    if field.type == "many2one" and _names_a_record(target):
        raise Unsupported(f"{records._name}.{field.name} compared with a name")  # the server's name_search
    empty = None if field.type == "boolean" else False  # a boolean False is a value; others are empty
    values = {}
    for record in records:  # the first miss loads the whole prefetch set: one read
        value = _plain(record[field.name])
        values[record._ids[0]] = None if value is empty and empty is not None else value
    return values


def _plain(value: Any) -> Any:
    """Records → their id (``None`` when empty, a list of ids when several)."""
    if isinstance(value, RecordsBase):
        ids = value._ids  # type: ignore[attr-defined]
        return ids[0] if len(ids) == 1 else None if not ids else list(ids)
    if isinstance(value, list | tuple | set | frozenset):
        return [_plain(item) if isinstance(item, RecordsBase) else item for item in value]
    return value


def _compare(value: Any, operator: str, target: Any) -> bool:
    try:
        if operator == "=":
            return bool(value == target)
        if operator == "in":
            return value in (target if isinstance(target, list) else [target])
        if operator in ("<", "<=", ">", ">="):
            if target is False or target is None:
                return False
            return bool(
                {"<": value < target, "<=": value <= target, ">": value > target, ">=": value >= target}[operator]
            )
    except TypeError as error:
        raise Unsupported(str(error)) from None
    return _like(str(value), operator, target)


def _like(value: str, operator: str, target: Any) -> bool:
    if not isinstance(target, str):
        raise Unsupported(f"{operator} {target!r}")
    pattern = target if operator.startswith("=") else f"%{target}%"
    regex = "".join(".*" if c == "%" else "." if c == "_" else re.escape(c) for c in pattern)
    flags = re.IGNORECASE | re.DOTALL if operator.endswith("ilike") else re.DOTALL
    return re.fullmatch(regex, value, flags) is not None
