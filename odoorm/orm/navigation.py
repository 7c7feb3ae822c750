"""Walking a recordset client-side: ``mapped``, ``filtered``, ``sorted`` and the environment
switches (``with_context``, ``with_company``, ``with_lang``). Calls happen only to load fields."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import TYPE_CHECKING, Any, TypeVar

from ..errors import RecordError, UnknownFieldError
from .crud import Crud
from .prefetch import RelatedPrefetch
from .protocols import RecordsBase
from .recordset import MODEL_LEVEL, Recordset

if TYPE_CHECKING:
    from typing_extensions import Self

    from .fields.base import Field

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
        """The records sorted by *key*: a function, or an order string as in Odoo (``"name"``,
        ``"date desc, id"``; many2one fields sort by display name). Without a key, the model's
        default order (one search, archived records included; duplicates kept)."""
        if len(self._ids) < 2:
            return self
        if key is None:
            found = self.with_context(active_test=False).search([("id", "in", list(self._ids))])._ids
            rank = {record_id: position for position, record_id in enumerate(found)}
            ordered = sorted(self._ids, key=lambda i: rank.get(i, len(rank)), reverse=reverse)
            return self._with_ids(tuple(ordered))
        if callable(key):
            return self._with_ids(tuple(r._ids[0] for r in sorted(self, key=key, reverse=reverse)))
        records = list(self)
        for name, descending in reversed(_parse_order(key)):  # stable sorts, last key first
            field = self._field(name)

            def value(record: Any, field: Field = field) -> tuple[bool, Any]:
                return _sort_key(field.__get__(record, type(record)))

            records.sort(key=value, reverse=descending != reverse)
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


def _sort_key(value: Any) -> tuple[bool, Any]:
    if isinstance(value, RecordsBase):
        records: Any = value
        value = records.display_name if len(records._ids) == 1 else records._ids
    return (value is None or value is False, value if value is not None else 0)


def _parse_order(order: str) -> list[tuple[str, bool]]:
    """``"date desc, id"`` → ``[("date", True), ("id", False)]``."""
    terms = []
    for term in filter(None, (part.strip() for part in order.split(","))):
        name, _, direction = term.partition(" ")
        terms.append((name, direction.strip().lower().startswith("desc")))
    return terms
