"""Walking a recordset client-side: ``mapped``, ``filtered``, ``sorted`` and the environment
switches (``with_context``, ``with_company``, ``with_lang``). Calls happen only to load fields."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import TYPE_CHECKING, Any, TypeVar

from ..errors import RecordError, UnknownFieldError
from .crud import Crud
from .domains.checks import parse_order
from .prefetch import RelatedPrefetch
from .protocols import RecordsBase
from .recordset import MODEL_LEVEL, Recordset

if TYPE_CHECKING:
    from typing_extensions import Self

__all__ = ["Navigation"]

RecordsT = TypeVar("RecordsT", bound=Recordset)


class Navigation(Crud):
    """Client-side navigation of a recordset (a part of :class:`~odoorm.orm.model.Model`)."""

    __slots__ = ()

    def mapped(self, path: str | Callable[[Any], Any]) -> Any:
        """Values of a dotted field path (or a function) over the records: a recordset when the
        path ends on a relational field, else a list."""
        if callable(path):
            values = [path(record) for record in self]
            if values and all(isinstance(v, RecordsBase) for v in values):
                if len({v._name for v in values}) > 1:
                    raise RecordError(f"mapped(): the function returned records of several models on {self!r}")
                return _union(values, self.env[values[0]._name])
            return values
        if not path:
            return self
        records: Any = self
        names = path.split(".")
        for position, name in enumerate(names[:-1]):
            step = records._mapped_one(name)
            if not isinstance(step, RecordsBase):
                raise UnknownFieldError(
                    f"{records._name}.{name} is not relational: cannot follow {path!r} "
                    f"past {'.'.join(names[: position + 1])!r}"
                )
            records = step
        return records._mapped_one(names[-1])

    def filtered(self, predicate: str | Callable[[Any], Any]) -> Self:
        """The records for which *predicate* (a function, or a dotted path whose value is truthy) holds."""
        if isinstance(predicate, str):
            path = predicate
            return self._with_ids(tuple(r._ids[0] for r in self if any(_as_list(r.mapped(path)))))
        return self._with_ids(tuple(r._ids[0] for r in self if predicate(r)))

    def sorted(self, key: str | Callable[[Any], Any] | None = None, reverse: bool = False) -> Self:
        """The records sorted by *key*: a function, or an order string (``"name"``, ``"date desc, id"``,
        ``"user_id desc nulls last"``). Without a key, the model's default order (one search,
        archived records included; duplicates kept). Calls only to load the fields (and, for a
        many2one, its display names).

        An order string reads as in Odoo's ``sorted`` and ``search(order=...)``: each term is a
        field, then ``asc`` (default) or ``desc``, then optionally ``nulls first`` or ``nulls last``;
        anything else raises :class:`~odoorm.errors.DomainError` naming the term. Empty values
        (an empty field, an empty many2one) come last in ascending order and first in descending
        order, as PostgreSQL places NULLs in the server's ``search``, unless ``nulls first/last``
        says otherwise. A boolean False is a value, not an empty one: False comes before True.
        Unlike Odoo, which sorts a many2one by its comodel's ``_order``, odoorm sorts it by the
        linked record's display name (no call to learn the comodel's order). *reverse* reverses
        the whole comparison, empties' place included."""
        if len(self._ids) < 2:
            return self
        if key is None:
            found = self.with_context(active_test=False).search([("id", "in", list(self._ids))])._ids
            rank = {record_id: position for position, record_id in enumerate(found)}
            ordered = sorted(self._ids, key=lambda i: rank.get(i, len(rank)), reverse=reverse)
            return self._with_ids(tuple(ordered))
        if callable(key):
            return self._with_ids(tuple(r._ids[0] for r in sorted(self, key=key, reverse=reverse)))
        terms = parse_order(self._name, key)
        fields = [(self._field(term.name), term.descending, term.nulls_first) for term in terms]
        records = list(self)
        for field, descending, nulls_first in reversed(fields):  # stable sorts, last key first
            boolean = field.type == "boolean"
            pairs = [(_sort_value(field.__get__(record, type(record)), boolean), record) for record in records]
            filled = sorted((p for p in pairs if p[0] is not None), key=lambda p: p[0], reverse=descending != reverse)
            empty = [record for value, record in pairs if value is None]
            placed = [record for _, record in filled]
            records = empty + placed if nulls_first != reverse else placed + empty
        return self._with_ids(tuple(r._ids[0] for r in records))

    def _mapped_one(self, name: str) -> Any:
        if name == "id":
            return list(self._ids)
        field = self._field(name)
        values = [field.__get__(record, type(record)) for record in self]
        if field.spec.relation and field.type in ("many2one", "one2many", "many2many"):
            comodel = self.env[str(field.spec.relation)]
            return _union(values, type(comodel)(self.env, (), RelatedPrefetch(self, field)))
        return values


def _union(recordsets: Iterable[Any], empty: RecordsT) -> RecordsT:
    ids: dict[int, None] = {}
    for records in recordsets:
        ids.update(dict.fromkeys(records._ids))
    prefetch = () if empty._prefetch is MODEL_LEVEL else empty._prefetch  # records, not the model itself
    return type(empty)(empty.env, tuple(ids), prefetch)


def _as_list(value: Any) -> list[Any]:
    if isinstance(value, RecordsBase):
        return [bool(value)]
    return list(value) if isinstance(value, list) else [value]


def _sort_value(value: Any, boolean: bool) -> Any:
    """A field's value as a sort key: ``None`` when empty (the False of a *boolean* field is a value)."""
    if isinstance(value, RecordsBase):
        records: Any = value
        if not records._ids:
            return None
        return (records.display_name or "") if len(records._ids) == 1 else records._ids
    return None if value is None or (value is False and not boolean) else value
