"""The vocabulary of a domain condition: its operators, and its value made immutable; and the
field-path mistakes explained.

A value is frozen so that a :class:`~odoorm.orm.domains.expression.Domain` compares by structure and
sends the same request at every run: lists become tuples, sets sorted tuples, records their ids.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any, NoReturn

from ...errors import DomainError
from ..protocols import RecordsBase

__all__ = ["OPERATORS", "ANY_OPERATORS", "PathBase", "frozen_value", "precedence_error"]

#: The comparison operators of Odoo's domains (17–19).
OPERATORS = frozenset(
    {
        "=",
        "!=",
        "<>",
        "<",
        "<=",
        ">",
        ">=",
        "=?",
        "=like",
        "=ilike",
        "like",
        "not like",
        "ilike",
        "not ilike",
        "in",
        "not in",
        "child_of",
        "parent_of",
        "any",
        "not any",
        "any!",
        "not any!",
    }
)
#: The operators whose value is a domain on the field's comodel.
ANY_OPERATORS = frozenset({"any", "not any", "any!", "not any!"})


class PathBase:
    """The base of :class:`~odoorm.orm.domains.builder.FieldPath`: what a domain recognises as a field
    path given where a domain or a value belongs (a mistake it explains)."""

    __slots__ = ("_names",)
    _names: tuple[str, ...]


def frozen_value(field_expr: str, operator: str, value: Any) -> Any:
    """*value* made immutable: lists become tuples, sets sorted tuples, records their ids, None False."""
    if value is None:
        return False
    if isinstance(value, RecordsBase):
        return _record_value(field_expr, operator, value)
    if isinstance(value, set | frozenset):
        return tuple(_sorted(value))
    if isinstance(value, list):
        return tuple(value)
    return value


def _record_value(field_expr: str, operator: str, records: Any) -> Any:
    ids = tuple(records.ids)
    if operator not in ("=", "!="):
        return ids
    if len(ids) > 1:
        raise DomainError(f"({field_expr!r}, {operator!r}, {records!r}): several records; use 'in' or 'not in'")
    return ids[0] if ids else False


def _sorted(values: Iterable[Any]) -> list[Any]:
    """A set's items in a stable order (so that a request is the same at every run)."""
    try:
        return sorted(values)
    except TypeError:
        return sorted(values, key=repr)


def precedence_error(path: PathBase, operator: str) -> NoReturn:
    if operator == "~":
        raise TypeError(
            f"~ applies to a domain, not to the bare field path {path!r}. Python applies '~' before comparing: "
            f"`~{path!r} == value` means `(~{path!r}) == value`. Parenthesise the comparison: `~({path!r} == value)`"
        )
    raise TypeError(
        f"cannot combine a domain with the bare field path {path!r} using {operator!r}. Python compares after "
        f"{operator!r}: `F.a.ilike(x) {operator} {path!r} == value` means "
        f"`(F.a.ilike(x) {operator} {path!r}) == value`. Parenthesise the comparison: "
        f"`F.a.ilike(x) {operator} ({path!r} == value)`"
    )
