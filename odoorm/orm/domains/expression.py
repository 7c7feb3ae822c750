"""Domains as values: :class:`Domain`.

A :class:`Domain` follows Odoo 19's own server-side class, so that an Odoo
developer guesses it: ``Domain("name", "ilike", "agro")``, ``Domain([...])``
from a plain list, ``&``, ``|``, ``~``, :meth:`Domain.AND`, :meth:`Domain.OR`,
:attr:`Domain.TRUE` and :attr:`Domain.FALSE`. It is immutable, compares by
structure, and *is* a sequence: iterating it (``list(domain)``) gives the
plain prefix-notation list that Odoo's external API takes, so a ``Domain``
goes wherever a list domain goes, ``execute_kw`` included.

Building checks the shape and the operators (:class:`~odoorm.errors.DomainError`); field names are
checked against the model when the domain is used (:func:`odoorm.orm.domains.checks.check_domain`).
The :data:`~odoorm.orm.domains.builder.F` builder makes domains from field paths.
"""

from __future__ import annotations

import itertools
from collections.abc import Iterable, Iterator, Sequence
from typing import Any, ClassVar, NoReturn, overload

from ...errors import DomainError
from .values import ANY_OPERATORS, OPERATORS, PathBase, frozen_value, precedence_error

__all__ = ["OPERATORS", "ANY_OPERATORS", "Domain", "DomainBool", "DomainCondition", "DomainNot", "DomainAnd"]
__all__ += ["DomainOr", "condition"]

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
            return condition(*args)
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
    if isinstance(value, PathBase):
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
            stack.append(condition(*item))
        else:
            raise DomainError(f"domain item {position} is not (field, operator, value): {item!r:.60}")
    return DomainAnd.apply(reversed(stack))


def condition(field_expr: Any, operator: Any, value: Any) -> Domain:
    """One checked condition (or a constant, for Odoo's ``(1, "=", 1)`` and ``(0, "=", 1)``)."""
    leaf = (field_expr, operator, value)
    if isinstance(value, PathBase):
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
    if operator in ANY_OPERATORS and isinstance(value, list | tuple):
        value = Domain(value)  # the value of ``any`` is a domain on the comodel
    return DomainCondition._make(field_expr, operator, frozen_value(field_expr, operator, value))


def _operand(other: Any, operator: str) -> Domain:
    """The other side of ``&``/``|``: a Domain, or a plain list made one; anything else is a mistake."""
    if isinstance(other, Domain):
        return other
    if isinstance(other, list | tuple):
        return Domain(other)
    if isinstance(other, PathBase):
        precedence_error(other, operator)
    raise TypeError(
        f"cannot combine a Domain with {other!r:.40} using {operator!r}. If this comes from a comparison such as "
        f"`F.a == True {operator} F.b.ilike(x)`: Python compares after {operator!r}, so parenthesise each "
        f"comparison, `(F.a == True) {operator} F.b.ilike(x)`"
    )
