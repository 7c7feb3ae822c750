"""Domains as values: :class:`Domain`, and :data:`F` to build them from field paths.

A :class:`Domain` follows Odoo 19's own server-side class, so that an Odoo
developer guesses it: ``Domain("name", "ilike", "agro")``, ``Domain([...])``
from a plain list, ``&``, ``|``, ``~``, :meth:`Domain.AND`, :meth:`Domain.OR`,
:attr:`Domain.TRUE` and :attr:`Domain.FALSE`. It is immutable, compares by
structure, and *is* a sequence: iterating it (``list(domain)``) gives the
plain prefix-notation list that Odoo's external API takes, so a ``Domain``
goes wherever a list domain goes, ``execute_kw`` included.

:data:`F` names fields by attribute and compares them::

    F.name.ilike("agro") | (F.is_company == True)     # ['|', ('name', 'ilike', 'agro'), ('is_company', '=', True)]
    F.country_id.code.in_(["BE", "NL"])                # a dotted path: ('country_id.code', 'in', ['BE', 'NL'])
    F["x_studio_2fa"] == False                         # a name that is not a Python identifier

Python compares after ``|`` and ``&``: ``F.a.ilike(x) | F.b == True`` means
``(F.a.ilike(x) | F.b) == True``. Combining a domain with a bare field path
is therefore a :class:`TypeError` that says to parenthesise, never a wrong
domain. Building checks the shape and the operators
(:class:`~odoorm.errors.DomainError`); field names are checked against the
model when the domain is used (:func:`odoorm.domain.check_domain`).
"""

from __future__ import annotations

import difflib
import itertools
from collections.abc import Iterable, Iterator, Sequence
from typing import Any, ClassVar, NoReturn, overload

from .errors import DomainError

__all__ = [
    "OPERATORS", "ANY_OPERATORS", "Domain", "DomainBool", "DomainCondition", "DomainNot", "DomainAnd", "DomainOr",
    "FieldPath", "F",
]  # fmt: skip

#: The comparison operators of Odoo's domains (17–19).
OPERATORS = frozenset({
    "=", "!=", "<>", "<", "<=", ">", ">=", "=?", "=like", "=ilike", "like", "not like", "ilike", "not ilike",
    "in", "not in", "child_of", "parent_of", "any", "not any", "any!", "not any!",
})  # fmt: skip
#: The operators whose value is a domain on the field's comodel.
ANY_OPERATORS = frozenset({"any", "not any", "any!", "not any!"})
_LOGIC = {"&": 2, "|": 2, "!": 1}
_TRUE_LEAF = (1, "=", 1)
_FALSE_LEAF = (0, "=", 1)


# ---------------------------------------------------------------- Domain


class Domain(Sequence[Any]):
    """A search domain: ``Domain("name", "ilike", "agro")``, ``Domain([...])``, ``d1 & d2``, ``d1 | d2``, ``~d``.

    ``Domain(domain)`` accepts a plain list (prefix notation, implicit ``&``),
    another Domain, ``True`` or ``False``; ``Domain(field, operator, value)``
    makes one condition. Malformed input raises
    :class:`~odoorm.errors.DomainError` naming the bad item. As in Odoo,
    ``bool(domain)`` is false for :attr:`TRUE` only (its list is empty).
    """

    __slots__ = ()

    #: The domain every record matches (its list is ``[]``).
    TRUE: ClassVar[Domain]
    #: The domain no record matches (``[(0, "=", 1)]``).
    FALSE: ClassVar[Domain]

    def __new__(cls, *args: Any) -> Domain:
        if cls is not Domain:
            raise TypeError(f"build domains with Domain(...), F or &, |, ~, not {cls.__name__}(...)")
        if len(args) == 3:
            return _condition(*args)
        if len(args) != 1:
            raise DomainError(f"Domain() takes a domain or (field, operator, value), not {args!r:.80}")
        return _parse(args[0])

    @staticmethod
    def AND(items: Iterable[Any]) -> Domain:
        """The conjunction of *items* (domains or plain lists); :attr:`TRUE` when there are none."""
        return DomainAnd.apply(Domain(item) for item in items)

    @staticmethod
    def OR(items: Iterable[Any]) -> Domain:
        """The disjunction of *items* (domains or plain lists); :attr:`FALSE` when there are none."""
        return DomainOr.apply(Domain(item) for item in items)

    def is_true(self) -> bool:
        """Whether this is :attr:`TRUE`."""
        return False

    def is_false(self) -> bool:
        """Whether this is :attr:`FALSE`."""
        return False

    def iter_conditions(self) -> Iterator[DomainCondition]:
        """The conditions of this domain, left to right (not those inside an ``any`` value)."""
        yield from ()

    # ------------------------------------------------------------ combining

    def __and__(self, other: Any) -> Domain:
        return DomainAnd.apply([self, _operand(other, "&")])

    def __rand__(self, other: Any) -> Domain:
        return DomainAnd.apply([_operand(other, "&"), self])

    def __or__(self, other: Any) -> Domain:
        return DomainOr.apply([self, _operand(other, "|")])

    def __ror__(self, other: Any) -> Domain:
        return DomainOr.apply([_operand(other, "|"), self])

    def __invert__(self) -> Domain:
        return DomainNot._make(self)

    # ------------------------------------------------------------ the plain list (a sequence)

    def _iter_items(self) -> Iterator[Any]:
        raise NotImplementedError

    def __iter__(self) -> Iterator[Any]:
        return self._iter_items()  # made afresh each time: changing the list made never changes the domain

    def __len__(self) -> int:
        return sum(1 for _ in self._iter_items())

    @overload
    def __getitem__(self, index: int) -> Any: ...
    @overload
    def __getitem__(self, index: slice) -> list[Any]: ...
    def __getitem__(self, index: int | slice) -> Any:
        return list(self._iter_items())[index]

    def _to_wire(self) -> list[Any]:
        """What the wire layer sends: the plain list."""
        return list(self._iter_items())

    def __repr__(self) -> str:
        return f"Domain({list(self._iter_items())!r})"

    # ------------------------------------------------------------ immutability

    def __setattr__(self, name: str, value: Any) -> NoReturn:
        raise TypeError("Domain objects are immutable: combine them with &, | and ~")

    def __delattr__(self, name: str) -> NoReturn:
        raise TypeError("Domain objects are immutable")

    def __copy__(self) -> Domain:
        return self

    def __deepcopy__(self, memo: Any) -> Domain:
        return self

    def __reduce__(self) -> tuple[Any, ...]:
        return (Domain, (list(self._iter_items()),))


def _new(cls: type[Domain]) -> Any:
    return object.__new__(cls)


class DomainBool(Domain):
    """:attr:`Domain.TRUE` or :attr:`Domain.FALSE` (two instances only)."""

    __slots__ = ("value",)
    value: bool

    @classmethod
    def _make(cls, value: bool) -> DomainBool:
        self: DomainBool = _new(cls)
        object.__setattr__(self, "value", value)
        return self

    def is_true(self) -> bool:
        return self.value

    def is_false(self) -> bool:
        return not self.value

    def __invert__(self) -> Domain:
        return Domain.FALSE if self.value else Domain.TRUE

    def _iter_items(self) -> Iterator[Any]:
        if not self.value:
            yield _FALSE_LEAF

    def __repr__(self) -> str:
        return "Domain.TRUE" if self.value else "Domain.FALSE"

    def __reduce__(self) -> tuple[Any, ...]:
        return (getattr, (Domain, "TRUE" if self.value else "FALSE"))


Domain.TRUE = DomainBool._make(True)
Domain.FALSE = DomainBool._make(False)


class DomainCondition(Domain):
    """One condition ``(field_expr, operator, value)``; the field expression may be a dotted path."""

    __slots__ = ("field_expr", "operator", "value")
    field_expr: str
    operator: str
    value: Any

    @classmethod
    def _make(cls, field_expr: str, operator: str, value: Any) -> DomainCondition:
        self: DomainCondition = _new(cls)
        object.__setattr__(self, "field_expr", field_expr)
        object.__setattr__(self, "operator", operator)
        object.__setattr__(self, "value", value)
        return self

    def iter_conditions(self) -> Iterator[DomainCondition]:
        yield self

    @property
    def leaf(self) -> tuple[str, str, Any]:
        """The plain ``(field_expr, operator, value)`` triple, as sent."""
        value = self.value
        if isinstance(value, Domain | tuple):
            value = list(value)
        return (self.field_expr, self.operator, value)

    def _iter_items(self) -> Iterator[Any]:
        yield self.leaf

    def _key(self) -> tuple[Any, ...]:
        return (self.field_expr, self.operator, type(self.value), self.value)

    def __eq__(self, other: object) -> bool:
        return isinstance(other, DomainCondition) and self._key() == other._key()

    def __hash__(self) -> int:
        return hash((self.field_expr, self.operator, self.value))


class DomainNot(Domain):
    """``~child``: sent as ``["!", *child]``."""

    __slots__ = ("child",)
    child: Domain

    @classmethod
    def _make(cls, child: Domain) -> Domain:
        if isinstance(child, DomainBool | DomainNot):
            return ~child
        self: DomainNot = _new(cls)
        object.__setattr__(self, "child", child)
        return self

    def __invert__(self) -> Domain:
        return self.child

    def iter_conditions(self) -> Iterator[DomainCondition]:
        yield from self.child.iter_conditions()

    def _iter_items(self) -> Iterator[Any]:
        yield "!"
        yield from self.child

    def __eq__(self, other: object) -> bool:
        return isinstance(other, DomainNot) and self.child == other.child

    def __hash__(self) -> int:
        return ~hash(self.child)


class _DomainNary(Domain):
    """``&`` or ``|`` of two children or more (nested ones of the same kind are flattened)."""

    __slots__ = ("children",)
    children: tuple[Domain, ...]
    OPERATOR: ClassVar[str]
    _NEUTRAL: ClassVar[bool]  # the constant that vanishes in this operation (the other one absorbs it)

    @classmethod
    def apply(cls, items: Iterable[Domain]) -> Domain:
        """The combination of *items*, simplified: constants and nesting as Odoo does."""
        neutral = Domain.TRUE if cls._NEUTRAL else Domain.FALSE
        children: list[Domain] = []
        for item in items:
            if isinstance(item, DomainBool):
                if item is not neutral:
                    return item
            elif isinstance(item, cls):
                children.extend(item.children)
            else:
                children.append(item)
        if len(children) < 2:
            return children[0] if children else neutral
        self: _DomainNary = _new(cls)
        object.__setattr__(self, "children", tuple(children))
        return self

    def iter_conditions(self) -> Iterator[DomainCondition]:
        for child in self.children:
            yield from child.iter_conditions()

    def _iter_items(self) -> Iterator[Any]:
        yield from itertools.repeat(self.OPERATOR, len(self.children) - 1)
        for child in self.children:
            yield from child

    def __eq__(self, other: object) -> bool:
        return isinstance(other, _DomainNary) and type(other) is type(self) and self.children == other.children

    def __hash__(self) -> int:
        return hash((self.OPERATOR, self.children))


class DomainAnd(_DomainNary):
    """All of the children: ``["&", "&", a, b, c]``."""

    __slots__ = ()
    OPERATOR = "&"
    _NEUTRAL = True


class DomainOr(_DomainNary):
    """Any of the children: ``["|", "|", a, b, c]``."""

    __slots__ = ()
    OPERATOR = "|"
    _NEUTRAL = False


# ---------------------------------------------------------------- parsing and checking


def _parse(value: Any) -> Domain:
    """A Domain from a Domain, ``True``/``False`` or a plain list in prefix notation."""
    if isinstance(value, Domain):
        return value
    if value is True or value is False:
        return Domain.TRUE if value else Domain.FALSE
    if isinstance(value, FieldPath):
        raise DomainError(f"{value!r} is a field path, not a domain: compare it, e.g. {value!r} == value")
    if isinstance(value, str | bytes) or not isinstance(value, Sequence):
        raise DomainError(f"a domain is a list of (field, operator, value), not {value!r:.60}")
    stack: list[Domain] = []  # read backwards: each operator takes its operands; what remains is AND-ed
    for position in range(len(value) - 1, -1, -1):
        item = value[position]
        if isinstance(item, str) and item in _LOGIC:
            if len(stack) < _LOGIC[item]:
                raise DomainError(f"{item!r} at position {position} lacks operands: {value!r:.120}")
            if item == "!":
                stack.append(~stack.pop())
            else:
                cls = DomainAnd if item == "&" else DomainOr
                stack.append(cls.apply([stack.pop(), stack.pop()]))
        elif isinstance(item, Domain):
            stack.append(item)
        elif isinstance(item, list | tuple) and len(item) == 3:
            stack.append(_condition(*item))
        else:
            raise DomainError(f"domain item {position} is not (field, operator, value): {item!r:.60}")
    return DomainAnd.apply(reversed(stack))


def _condition(field_expr: Any, operator: Any, value: Any) -> Domain:
    """One checked condition (or a constant, for Odoo's ``(1, "=", 1)`` and ``(0, "=", 1)``)."""
    leaf = (field_expr, operator, value)
    if isinstance(value, FieldPath):
        raise DomainError(f"{leaf!r:.60} compares a field with {value!r}: Odoo domains compare fields to values")
    if leaf in (_TRUE_LEAF, _FALSE_LEAF) and not isinstance(field_expr, bool):
        return Domain.TRUE if field_expr else Domain.FALSE
    if not isinstance(operator, str) or operator.lower() not in OPERATORS:
        raise DomainError(f"unknown domain operator {operator!r} in {leaf!r:.60}")
    if not isinstance(field_expr, str) or not field_expr:
        raise DomainError(f"a domain leaf starts with a field name, not {field_expr!r}")
    if "" in field_expr.split("."):
        raise DomainError(f"{field_expr!r} is not a field path (an empty name between dots) in {leaf!r:.60}")
    operator = operator.lower()
    return DomainCondition._make(field_expr, operator, _value(field_expr, operator, value))


def _value(field_expr: str, operator: str, value: Any) -> Any:
    """*value* made immutable: lists become tuples, sets sorted tuples, records their ids, None False,
    and the value of ``any`` a Domain."""
    from .records import Model  # records import this module: import when needed

    if value is None:
        return False
    if isinstance(value, Model):
        return _record_value(field_expr, operator, value)
    if operator in ANY_OPERATORS and isinstance(value, list | tuple):
        return Domain(value)
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


def _operand(other: Any, operator: str) -> Domain:
    """The other side of ``&``/``|``: a Domain, or a plain list made one; anything else is a mistake."""
    if isinstance(other, Domain):
        return other
    if isinstance(other, list | tuple):
        return Domain(other)
    if isinstance(other, FieldPath):
        _precedence_error(other, operator)
    raise TypeError(
        f"cannot combine a Domain with {other!r:.40} using {operator!r}. If this comes from a comparison such as "
        f"`F.a == True {operator} F.b.ilike(x)`: Python compares after {operator!r}, so parenthesise each "
        f"comparison, `(F.a == True) {operator} F.b.ilike(x)`"
    )


def _precedence_error(path: FieldPath, operator: str) -> NoReturn:
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


# ---------------------------------------------------------------- F: field paths


class FieldPath:
    """A field, or a dotted path of fields, to compare: ``F.name``, ``F.country_id.code``, ``F["x-name"]``.

    Comparisons (``==``, ``!=``, ``<``, ``<=``, ``>``, ``>=``) and the operator
    methods below make a :class:`Domain` condition. A name that is not a
    Python identifier, or that is also a method name here (``like``, ``any``…),
    is given with ``F["name"]``; a whole dotted path from a string with
    ``F("country_id.code")``. Names starting with ``_`` are not field paths.
    """

    __slots__ = ("_names",)
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
            close = difflib.get_close_matches(method, _METHODS, n=2)
            hint = f"; did you mean {' or '.join(map(repr, close))}?" if close else ""
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
        return _condition(".".join(self._names), operator, value)

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
        _precedence_error(self, "&")

    def __rand__(self, other: Any) -> NoReturn:
        _precedence_error(self, "&")

    def __or__(self, other: Any) -> NoReturn:
        _precedence_error(self, "|")

    def __ror__(self, other: Any) -> NoReturn:
        _precedence_error(self, "|")

    def __invert__(self) -> NoReturn:
        _precedence_error(self, "~")

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
