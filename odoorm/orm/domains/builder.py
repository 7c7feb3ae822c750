"""``F``: field paths that compare into domains — ``F.country_id.code == "BE"``, ``F.name.ilike("acme")``.

:data:`F` names fields by attribute and compares them::

    F.name.ilike("agro") | (F.is_company == True)     # ['|', ('name', 'ilike', 'agro'), ('is_company', '=', True)]
    F.country_id.code.in_(["BE", "NL"])                # a dotted path: ('country_id.code', 'in', ['BE', 'NL'])
    F["x_studio_2fa"] == False                         # a name that is not a Python identifier

Python compares after ``|`` and ``&``: ``F.a.ilike(x) | F.b == True`` means
``(F.a.ilike(x) | F.b) == True``. Combining a domain with a bare field path
is therefore a :class:`TypeError` that says to parenthesise, never a wrong
domain. Building checks the shape and the operators
(:class:`~odoorm.errors.DomainError`); field names are checked against the
model when the domain is used (:func:`odoorm.orm.domains.checks.check_domain`).
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any, ClassVar, NoReturn

from ...errors import DomainError, did_you_mean
from .expression import Domain, condition
from .values import PathBase, precedence_error

__all__ = ["FieldPath", "F"]


class FieldPath(PathBase):
    """A field, or a dotted path of fields, to compare: ``F.name``, ``F.country_id.code``, ``F["x-name"]``.

    Comparisons (``==``, ``!=``, ``<``, ``<=``, ``>``, ``>=``) and the operator
    methods below make a :class:`Domain` condition. A name that is not a
    Python identifier, or that is also a method name here (``like``, ``any``…),
    is given with ``F["name"]``; a whole dotted path from a string with
    ``F("country_id.code")``. Names starting with ``_`` are not field paths.
    """

    __slots__ = ()
    __hash__: ClassVar[None]  # type: ignore[assignment]  # comparisons make domains: a path is no dict key
    _names: tuple[str, ...]

    def __init__(self, names: tuple[str, ...] = ()) -> None:
        object.__setattr__(self, "_names", names)

    def __getattr__(self, name: str) -> FieldPath:
        if name.startswith("_"):
            raise AttributeError(name)
        return FieldPath((*self._names, name))

    def __getitem__(self, name: str) -> FieldPath:
        if not isinstance(name, str) or "" in name.split("."):
            raise TypeError(f"a field name is a non-empty string, not {name!r}")
        return FieldPath((*self._names, *name.split(".")))

    def __call__(self, path: str) -> FieldPath:
        if self._names:  # F.name.ilke("x"): a typo in an operator method
            method = self._names[-1]
            hint = did_you_mean(method, _METHODS, n=2)
            parent = FieldPath(self._names[:-1])
            raise TypeError(f"{self!r}(...): {parent!r} has no operator method {method!r}{hint}")
        return self[path]

    def __repr__(self) -> str:
        shown = "".join(f".{n}" if n.isidentifier() and n not in _METHODS else f"[{n!r}]" for n in self._names)
        return f"F{shown}"

    def __setattr__(self, name: str, value: Any) -> NoReturn:
        raise TypeError(f"field paths are immutable: to compare, write {self!r}.{name} == value")

    def __iter__(self) -> NoReturn:
        raise TypeError(f"{self!r} is a field path, not a collection")

    def __reduce__(self) -> tuple[Any, ...]:
        return (FieldPath, (self._names,))

    def __bool__(self) -> NoReturn:
        raise TypeError(f"{self!r} is a field path, not a condition: compare it, e.g. {self!r} == value")

    def _make(self, operator: str, value: Any) -> Domain:
        if not self._names:
            raise TypeError("F alone names no field: F.name, F['x-name'] or F('country_id.code')")
        return condition(".".join(self._names), operator, value)

    # ------------------------------------------------------------ comparisons

    def __eq__(self, value: object) -> Domain:  # type: ignore[override]
        return self._make("=", value)

    def __ne__(self, value: object) -> Domain:  # type: ignore[override]
        return self._make("!=", value)

    def __lt__(self, value: Any) -> Domain:
        return self._make("<", value)

    def __le__(self, value: Any) -> Domain:
        return self._make("<=", value)

    def __gt__(self, value: Any) -> Domain:
        return self._make(">", value)

    def __ge__(self, value: Any) -> Domain:
        return self._make(">=", value)

    def __and__(self, other: Any) -> NoReturn:
        precedence_error(self, "&")

    def __rand__(self, other: Any) -> NoReturn:
        precedence_error(self, "&")

    def __or__(self, other: Any) -> NoReturn:
        precedence_error(self, "|")

    def __ror__(self, other: Any) -> NoReturn:
        precedence_error(self, "|")

    def __invert__(self) -> NoReturn:
        precedence_error(self, "~")

    # ------------------------------------------------------------ operator methods

    def eq(self, value: Any) -> Domain:
        """``=`` (``False`` or ``None`` matches an empty field)."""
        return self._make("=", value)

    def ne(self, value: Any) -> Domain:
        """``!=`` (``ne(False)``: the field is set)."""
        return self._make("!=", value)

    def lt(self, value: Any) -> Domain:
        """``<``."""
        return self._make("<", value)

    def le(self, value: Any) -> Domain:
        """``<=``."""
        return self._make("<=", value)

    def gt(self, value: Any) -> Domain:
        """``>``."""
        return self._make(">", value)

    def ge(self, value: Any) -> Domain:
        """``>=``."""
        return self._make(">=", value)

    def like(self, text: str) -> Domain:
        """``like``: contains *text*, case-sensitive (Odoo adds the ``%`` around it)."""
        return self._make("like", text)

    def not_like(self, text: str) -> Domain:
        """``not like``."""
        return self._make("not like", text)

    def ilike(self, text: str) -> Domain:
        """``ilike``: contains *text*, ignoring case."""
        return self._make("ilike", text)

    def not_ilike(self, text: str) -> Domain:
        """``not ilike``."""
        return self._make("not ilike", text)

    def eq_like(self, pattern: str) -> Domain:
        """``=like``: matches the SQL pattern as given (``%`` any text, ``_`` one character), case-sensitive."""
        return self._make("=like", pattern)

    def eq_ilike(self, pattern: str) -> Domain:
        """``=ilike``: matches the SQL pattern as given, ignoring case."""
        return self._make("=ilike", pattern)

    def in_(self, values: Iterable[Any]) -> Domain:
        """``in``: equal to one of *values* (a list, set, tuple or recordset)."""
        return self._make("in", _collection(self, "in_", values))

    def not_in(self, values: Iterable[Any]) -> Domain:
        """``not in``."""
        return self._make("not in", _collection(self, "not_in", values))

    def child_of(self, value: Any) -> Domain:
        """``child_of``: the record(s) *value* (ids or records) and their descendants."""
        return self._make("child_of", value)

    def parent_of(self, value: Any) -> Domain:
        """``parent_of``: the record(s) *value* and their ancestors."""
        return self._make("parent_of", value)

    def any(self, domain: Any = ()) -> Domain:
        """``any``: some related record matches *domain* (on the comodel); ``any()``: some related record."""
        return self._make("any", Domain(domain))

    def not_any(self, domain: Any = ()) -> Domain:
        """``not any``: no related record matches *domain*; ``not_any()``: no related record."""
        return self._make("not any", Domain(domain))


_METHODS = sorted(name for name in vars(FieldPath) if not name.startswith("_"))


def _collection(path: FieldPath, method: str, values: Any) -> Any:
    if isinstance(values, str | bytes) or not isinstance(values, Iterable):
        raise DomainError(f"{path!r}.{method}() takes a collection of values, not {values!r:.40} (eq() for one)")
    if isinstance(values, list | tuple | set | frozenset) or hasattr(values, "_to_wire"):
        return values  # a recordset keeps its type: its ids are taken
    return tuple(values)


#: The root of field paths: ``F.name``, ``F.country_id.code``, ``F["x-name"]``, ``F("country_id.code")``.
F = FieldPath()
