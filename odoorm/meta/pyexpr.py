"""The expressions of Odoo views and actions, evaluated safely: no ``eval`` of server text.

Odoo 17 and later write view modifiers as Python-like expressions (``invisible="state != 'draft'"``,
``readonly="parent.locked or qty_invoiced > 0"``), field contexts as dict literals with names
(``context="{'partner_id': parent.partner_id}"``), and action contexts as strings. The web client
evaluates them with its own small interpreter (``py_js``); this module does the same for the subset
it accepts, over Python's :mod:`ast`: literals, names, ``and``/``or``/``not``, comparisons (chained
too), arithmetic, ``x if c else y``, attributes, subscripts and calls of a few whitelisted functions
(``context.get``, ``bool``, ``set``, ``min``, ``max``, ``len``, ``abs``, ``context_today()``,
``time.strftime``, ``datetime…``). Anything else is an :class:`~odoorm.errors.ExpressionError`.

The semantics are the web client's: mixed types order as in Python 2 (``None`` < numbers < dicts <
strings < lists) instead of raising, ``x in y`` is false when *y* is no container, an attribute
missing on a value is ``None`` (JavaScript's ``undefined``), ``context.get(k, d)`` returns *d* only
when it is truthy, and ``some_list.length`` is the list's length.
"""

from __future__ import annotations

import ast
import datetime as _dt
import functools
import operator
import time as _time
from collections.abc import Callable, Mapping
from typing import Any

from ..errors import ExpressionError

__all__ = ["SafeFunction", "evaluate", "evaluate_bool", "static_context", "base_names", "parse"]


class SafeFunction:
    """A function an expression may call (nothing else is callable)."""

    __slots__ = ("function", "name")

    def __init__(self, function: Callable[..., Any], name: str) -> None:
        self.function = function
        self.name = name

    def __call__(self, *args: Any, **kwargs: Any) -> Any:
        return self.function(*args, **kwargs)

    def __repr__(self) -> str:
        return f"<function {self.name}>"


def _context_today() -> _dt.date:
    return _dt.date.today()


def _py2_rank(value: Any) -> int:
    """The rank of *value*'s type when Python 2 (and py_js) order mixed types."""
    if value is None:
        return 0
    if isinstance(value, bool | int | float):
        return 1
    if isinstance(value, Mapping):
        return 2
    if isinstance(value, str):
        return 3
    return 4


_ORDER: dict[type[ast.cmpop], Callable[[Any, Any], bool]] = {
    ast.Lt: operator.lt,
    ast.LtE: operator.le,
    ast.Gt: operator.gt,
    ast.GtE: operator.ge,
}
_BINARY: dict[type[ast.operator], Callable[[Any, Any], Any]] = {
    ast.Add: operator.add,
    ast.Sub: operator.sub,
    ast.Mult: operator.mul,
    ast.Div: operator.truediv,
    ast.FloorDiv: operator.floordiv,
    ast.Mod: operator.mod,
    ast.Pow: operator.pow,
}


def _contains(container: Any, item: Any) -> bool:
    if isinstance(container, list | tuple | set | frozenset):
        return item in container
    if isinstance(container, str):
        return isinstance(item, str) and item in container
    if isinstance(container, Mapping):
        return item in container
    return False


def _compare(op: ast.cmpop, left: Any, right: Any) -> bool:
    if isinstance(op, ast.Eq | ast.Is):
        return bool(_normal(left) == _normal(right))
    if isinstance(op, ast.NotEq | ast.IsNot):
        return bool(_normal(left) != _normal(right))
    if isinstance(op, ast.In):
        return _contains(right, left)
    if isinstance(op, ast.NotIn):
        return not _contains(right, left)
    compare = _ORDER[type(op)]
    if _py2_rank(left) != _py2_rank(right):
        return compare(_py2_rank(left), _py2_rank(right))
    try:
        return bool(compare(left, right))
    except TypeError:
        return False


def _normal(value: Any) -> Any:
    """Tuples compare equal to lists, as both are JavaScript arrays in the web client."""
    return list(value) if isinstance(value, tuple) else value


def _get(mapping: Mapping[str, Any]) -> SafeFunction:
    def get(key: Any, default: Any = None) -> Any:
        value = mapping.get(key)
        if value is None:
            return default if default else None  # py_js: the default only when truthy
        return value

    return SafeFunction(get, "get")


def _attribute(value: Any, name: str) -> Any:
    """``value.name`` as the web client reads it."""
    if isinstance(value, Mapping):
        return _get(value) if name == "get" else value.get(name)
    if isinstance(value, list | tuple) and name == "length":
        return len(value)
    if isinstance(value, str) and name in ("lower", "upper"):
        return SafeFunction(getattr(value, name), name)
    if isinstance(value, _dt.date) and name in ("strftime", "isoformat"):
        return SafeFunction(getattr(value, name), name)
    if isinstance(value, _dt.date) and name in ("year", "month", "day"):
        return getattr(value, name)
    if isinstance(value, set | frozenset) and name in ("intersection", "difference", "union"):
        return SafeFunction(getattr(value, name), name)
    return None


class _Evaluator:
    """Walks a parsed expression over *names*."""

    def __init__(self, names: Mapping[str, Any], source: str) -> None:
        self.names = names
        self.source = source

    def fail(self, why: str) -> ExpressionError:
        return ExpressionError(f"cannot evaluate {self.source!r}: {why}")

    def run(self, node: ast.AST) -> Any:
        method = getattr(self, "_" + type(node).__name__, None)
        if method is None:
            raise self.fail(f"{type(node).__name__} is not allowed in a view expression")
        return method(node)

    def _Expression(self, node: ast.Expression) -> Any:
        return self.run(node.body)

    def _Constant(self, node: ast.Constant) -> Any:
        return node.value

    def _Name(self, node: ast.Name) -> Any:
        if node.id in self.names:
            return self.names[node.id]
        if node.id in _BUILTINS:
            return _BUILTINS[node.id]
        raise self.fail(f"name {node.id!r} is not defined")

    def _List(self, node: ast.List) -> Any:
        return [self.run(item) for item in node.elts]

    _Tuple = _List

    def _Set(self, node: ast.Set) -> Any:
        return {self.run(item) for item in node.elts}

    def _Dict(self, node: ast.Dict) -> Any:
        if any(key is None for key in node.keys):
            raise self.fail("'**' is not allowed in a dict")
        return {self.run(key): self.run(value) for key, value in zip(node.keys, node.values, strict=True)}  # type: ignore[arg-type]

    def _UnaryOp(self, node: ast.UnaryOp) -> Any:
        value = self.run(node.operand)
        if isinstance(node.op, ast.Not):
            return not value
        if isinstance(node.op, ast.USub | ast.UAdd) and isinstance(value, int | float):
            return -value if isinstance(node.op, ast.USub) else value
        raise self.fail(f"{type(node.op).__name__} of {value!r}")

    def _BoolOp(self, node: ast.BoolOp) -> Any:
        result: Any = None
        for item in node.values:
            result = self.run(item)
            if bool(result) == isinstance(node.op, ast.Or):
                return result
        return result

    def _Compare(self, node: ast.Compare) -> Any:
        left = self.run(node.left)
        for op, item in zip(node.ops, node.comparators, strict=True):
            right = self.run(item)
            if not _compare(op, left, right):
                return False
            left = right
        return True

    def _BinOp(self, node: ast.BinOp) -> Any:
        function = _BINARY.get(type(node.op))
        if function is None:
            raise self.fail(f"operator {type(node.op).__name__} is not allowed")
        left, right = self.run(node.left), self.run(node.right)
        if isinstance(node.op, ast.Pow) and isinstance(right, int | float) and abs(right) > 64:
            raise self.fail("an exponent over 64")
        try:
            return function(left, right)
        except (TypeError, ValueError, ArithmeticError) as error:
            raise self.fail(str(error)) from None

    def _IfExp(self, node: ast.IfExp) -> Any:
        return self.run(node.body) if self.run(node.test) else self.run(node.orelse)

    def _Attribute(self, node: ast.Attribute) -> Any:
        if node.attr.startswith("_"):
            raise self.fail(f"attribute {node.attr!r} is private")
        return _attribute(self.run(node.value), node.attr)

    def _Subscript(self, node: ast.Subscript) -> Any:
        value, key = self.run(node.value), self.run(node.slice)
        try:
            return value.get(key) if isinstance(value, Mapping) else value[key]
        except (TypeError, IndexError, KeyError) as error:
            raise self.fail(f"{type(error).__name__}: {error}") from None

    def _Call(self, node: ast.Call) -> Any:
        function = self.run(node.func)
        if not isinstance(function, SafeFunction):
            raise self.fail(f"{ast.unparse(node.func)} is not a function views may call")
        if any(isinstance(arg, ast.Starred) for arg in node.args) or any(kw.arg is None for kw in node.keywords):
            raise self.fail("* and ** are not allowed in a call")
        args = [self.run(arg) for arg in node.args]
        kwargs = {str(kw.arg): self.run(kw.value) for kw in node.keywords}
        try:
            return function(*args, **kwargs)
        except (TypeError, ValueError, ArithmeticError) as error:
            raise self.fail(f"{function.name}(): {error}") from None


def _safe(function: Callable[..., Any], name: str) -> SafeFunction:
    return SafeFunction(function, name)


_BUILTINS: Mapping[str, Any] = {
    "bool": _safe(bool, "bool"),
    "set": _safe(set, "set"),
    "min": _safe(min, "min"),
    "max": _safe(max, "max"),
    "len": _safe(len, "len"),
    "abs": _safe(abs, "abs"),
    "true": True,
    "false": False,
    "null": None,
    "context_today": _safe(_context_today, "context_today"),
    "time": {"strftime": _safe(_time.strftime, "time.strftime")},
    "datetime": {
        "date": {"today": _safe(_dt.date.today, "datetime.date.today")},
        "datetime": {"now": _safe(_dt.datetime.now, "datetime.datetime.now")},
        "timedelta": _safe(_dt.timedelta, "datetime.timedelta"),
    },
}


@functools.lru_cache(maxsize=4096)
def parse(source: str) -> ast.Expression:
    """The parsed expression (cached per text). Raises :class:`ExpressionError` on a syntax error."""
    try:
        return ast.parse(source.strip(), mode="eval")
    except (SyntaxError, ValueError) as error:
        why = getattr(error, "msg", error)
        raise ExpressionError(f"cannot evaluate {source!r}: not an expression ({why})") from None


def evaluate(source: str, names: Mapping[str, Any]) -> Any:
    """The value of the expression *source*, its names taken from *names* (then a few builtins)."""
    return _Evaluator(names, source).run(parse(source))


def evaluate_bool(source: str | bool, names: Mapping[str, Any]) -> bool:
    """A modifier's truth: ``""``, ``"False"``, ``"0"`` are false, ``"True"`` and ``"1"`` true, no
    evaluation needed; anything else is evaluated."""
    if isinstance(source, bool):
        return source
    text = source.strip()
    if text in ("", "False", "0", "false"):
        return False
    if text in ("True", "1", "true"):
        return True
    return bool(evaluate(text, names))


def static_context(source: str) -> dict[str, Any]:
    """The literal part of a context dict expression (pairs whose key and value are both literals),
    as the fields specification carries it; no evaluation of names."""
    body = parse(source).body
    if not isinstance(body, ast.Dict):
        return {}
    result: dict[str, Any] = {}
    for key, value in zip(body.keys, body.values, strict=True):
        try:
            result[ast.literal_eval(key)] = ast.literal_eval(value)  # type: ignore[arg-type]
        except (ValueError, TypeError, SyntaxError):
            continue
    return result


def base_names(context: Mapping[str, Any], uid: int) -> dict[str, Any]:
    """The names every evaluation sees, as the web client gives them: ``context``, ``uid``,
    ``allowed_company_ids``, ``current_company_id``, ``today``, ``now`` and ``current_date``."""
    companies = list(context.get("allowed_company_ids") or [])
    today = _dt.date.today().strftime("%Y-%m-%d")
    return {
        "context": dict(context),
        "uid": uid,
        "allowed_company_ids": companies,
        "current_company_id": companies[0] if companies else False,
        "today": today,
        "current_date": today,
        "now": _dt.datetime.now(_dt.timezone.utc).strftime("%Y-%m-%d %H:%M:%S"),
    }
