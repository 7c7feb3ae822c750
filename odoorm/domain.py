"""Checking search domains and order strings before they are sent.

A domain is a list of leaves ``(field_path, operator, value)`` and the prefix
operators ``"&"``, ``"|"``, ``"!"``. odoorm checks its shape, its operators
and the first field of each path against the model's metadata, so a typo is
a :class:`~odoorm.errors.DomainError` or :class:`~odoorm.errors.UnknownFieldError`
naming the model and field, not a server traceback. The server stays the
judge of the rest (deeper paths, value types).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from .errors import DomainError

if TYPE_CHECKING:
    from .records import Model

__all__ = ["OPERATORS", "check_domain", "check_order"]

#: The comparison operators Odoo's domains know (17–19).
OPERATORS = frozenset({
    "=", "!=", "<>", "<", "<=", ">", ">=", "=?", "=like", "=ilike", "like", "not like", "ilike", "not ilike",
    "in", "not in", "child_of", "parent_of", "any", "not any", "any!", "not any!",
})  # fmt: skip
_LOGIC = {"&": 2, "|": 2, "!": 1}


def check_domain(records: Model, domain: Any) -> list[Any]:
    """*domain* as a list, after checking it; raises :class:`DomainError` or ``UnknownFieldError``."""
    if isinstance(domain, str | bytes) or not isinstance(domain, Sequence):
        raise DomainError(f"{records._name}: a domain is a list of (field, operator, value), not {domain!r:.60}")
    operands = 0  # read backwards: each operator takes its operands; what remains is AND-ed, as Odoo does
    for position in range(len(domain) - 1, -1, -1):
        item = domain[position]
        if isinstance(item, str) and item in _LOGIC:
            if operands < _LOGIC[item]:
                raise DomainError(f"{records._name}: {item!r} at position {position} lacks operands: {domain!r:.120}")
            operands -= _LOGIC[item] - 1
        else:
            _check_leaf(records, item, position)
            operands += 1
    return list(domain)


def _check_leaf(records: Model, leaf: Any, position: int) -> None:
    if not isinstance(leaf, list | tuple) or len(leaf) != 3:
        raise DomainError(f"{records._name}: domain item {position} is not (field, operator, value): {leaf!r:.60}")
    path, operator, _ = leaf
    if path in (0, 1) and operator == "=":
        return  # Odoo's TRUE_LEAF / FALSE_LEAF
    if not isinstance(operator, str) or operator.lower() not in OPERATORS:
        raise DomainError(f"{records._name}: unknown domain operator {operator!r} in {leaf!r:.60}")
    if not isinstance(path, str) or not path:
        raise DomainError(f"{records._name}: a domain leaf starts with a field name, not {path!r}")
    records._field(path.split(".", 1)[0])  # UnknownFieldError with close names


def check_order(records: Model, order: str | None) -> str | None:
    """*order* after checking each field name (``"name desc, id"``)."""
    if not order:
        return order
    for term in order.split(","):
        words = term.split()
        if not words or len(words) > 3:
            raise DomainError(f"{records._name}: cannot read the order {order!r}")
        records._field(words[0].split(".", 1)[0])
    return order
