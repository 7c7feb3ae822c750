"""Odoo 16's view modifiers, turned into the expressions of Odoo 17+.

Odoo 16 answers ``get_views`` with a ``modifiers`` JSON attribute on each node
(``{"invisible": [["state", "not in", ["draft"]]], "readonly": true}``), computed from its
``attrs``, ``states``, ``invisible``/``readonly``/``required`` and the field's definition. Each
value is a boolean or a domain in Polish notation over the record's values (``parent.x`` for the
parent's). :func:`expressions_from_modifiers` rewrites those attributes as the expression attributes
of Odoo 17+ (``invisible="state not in ['draft']"``), so that one parser and one evaluator serve
every version; a modifier a field's node does not carry is false (the server folded the field's own
``readonly``/``required`` in).
"""

from __future__ import annotations

import json
import xml.etree.ElementTree as ElementTree
from typing import Any

from ..errors import ExpressionError

__all__ = ["domain_expression", "expressions_from_modifiers"]

_KINDS = ("required", "readonly", "invisible", "column_invisible")
_OPERATORS = {"=": "==", "==": "==", "!=": "!=", "<>": "!=", "<": "<", "<=": "<=", ">": ">", ">=": ">="}


def _leaf(leaf: list[Any]) -> str:
    if leaf in ([1, "=", 1], [0, "=", 1]):
        return "True" if leaf[0] == 1 else "False"
    name, operator, value = leaf
    if not isinstance(name, str) or not name.replace(".", "").replace("_", "").isalnum():
        raise ExpressionError(f"cannot read the modifier leaf {leaf!r}")
    if operator in ("in", "not in"):
        if isinstance(value, list | tuple):
            return f"{name} {operator} {list(value)!r}"
        return f"{value!r} {operator} {name}"  # Odoo 16: a value not a list is looked up in the field's
    if operator not in _OPERATORS:
        raise ExpressionError(f"cannot read the modifier operator {operator!r} in {leaf!r}")
    return f"{name} {_OPERATORS[operator]} {value!r}"


def domain_expression(domain: Any) -> str:
    """The expression of a modifier's value: ``"True"``/``"False"`` for a boolean, else the domain
    (Polish notation, an implicit ``&`` between terms) as ``and``/``or``/``not``."""
    if isinstance(domain, bool) or domain in (0, 1):
        return "True" if domain else "False"
    if not isinstance(domain, list):
        raise ExpressionError(f"cannot read the modifier {domain!r}")
    stack: list[str] = []
    for item in reversed(domain):
        if item == "!":
            stack.append(f"not ({stack.pop()})")
        elif item in ("&", "|"):
            first, second = stack.pop(), stack.pop()
            stack.append(f"({first}) {'and' if item == '&' else 'or'} ({second})")
        elif isinstance(item, list | tuple) and len(item) == 3:
            stack.append(_leaf(list(item)))
        else:
            raise ExpressionError(f"cannot read the modifier domain {domain!r}")
    if not stack:
        return "True"  # an empty domain holds
    return " and ".join(f"({term})" for term in reversed(stack)) if len(stack) > 1 else stack[0]


def expressions_from_modifiers(root: ElementTree.Element) -> None:
    """Rewrite, in place, every ``modifiers`` attribute under *root* as expression attributes."""
    for node in root.iter():
        raw = node.attrib.pop("modifiers", None)
        if raw is None:
            continue
        try:
            modifiers = json.loads(raw)
        except ValueError as error:
            raise ExpressionError(f"cannot read the modifiers {raw!r}") from error
        for kind in _KINDS:
            if kind in modifiers:
                node.set(kind, domain_expression(modifiers[kind]))
            elif node.tag == "field":
                node.set(kind, "False")
