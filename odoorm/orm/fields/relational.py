"""Fields pointing at other records: many2one, one2many, many2many, reference."""

from __future__ import annotations

import builtins
from collections.abc import Iterable, Mapping, Sequence
from typing import TYPE_CHECKING, Any

from ..cache import MISSING
from ..commands import is_command_list
from ..protocols import RecordsBase
from .base import Field
from .scalar import Integer

if TYPE_CHECKING:
    from .base import Environment, Model

__all__ = ["Many2one", "One2many", "Many2many", "Reference", "Many2oneReference"]


def _is_records(value: Any) -> bool:
    return isinstance(value, RecordsBase)


class _Relational(Field):
    """A field whose value is records of the comodel, reached with :meth:`Model._related_records`."""

    def __get__(self, record: Model | None, owner: builtins.type | None = None) -> Any:
        if record is not None and len(record._ids) == 1 and self.touched:  # a cache hit, inline
            column = record.env.cache.columns.get(self.key)
            value = MISSING if column is None else column.get(record._ids[0], MISSING)
            if value is not MISSING:
                return record._related_records(self, self.related_ids(value))
        return super().__get__(record, owner)

    def related_ids(self, value: Any) -> tuple[int, ...]:
        """The ids of a *cache* value."""
        raise NotImplementedError

    def convert_to_record(self, value: Any, record: Model) -> Any:
        return record._related_records(self, self.related_ids(value))


class Many2one(_Relational):
    """``many2one``: a record of the comodel (an empty recordset when unset).

    Its prefetch set is the field's values over the prefetch set of the
    record it was reached from, so a loop costs one read per hop.
    """

    type = "many2one"

    def related_ids(self, value: Any) -> tuple[int, ...]:
        return (value,) if value else ()

    def convert_to_cache(self, value: Any, env: Environment) -> Any:
        if not value:
            return None
        if isinstance(value, list | tuple):
            return int(value[0])  # [id, display_name]
        if isinstance(value, dict):
            return int(value["id"])  # web_read's {"id": ..., ...}
        return int(value)

    def convert_to_write(self, value: Any, env: Environment) -> Any:
        if value is None or value is False:
            return False
        if _is_records(value):
            if value._name != self.spec.relation:
                raise self.refuse(value, f"a {self.spec.relation} record")
            if len(value._ids) > 1:
                raise self.refuse(value, "one record")
            return value._ids[0] if value._ids else False
        if isinstance(value, bool) or not isinstance(value, int):
            raise self.refuse(value, f"a {self.spec.relation} record or id")
        return value


class _X2many(_Relational):
    """Common part of one2many and many2many: a recordset of the comodel."""

    def convert_to_cache(self, value: Any, env: Environment) -> Any:
        if not value:
            return ()
        return tuple(int(item["id"]) if isinstance(item, dict) else int(item) for item in value)

    def related_ids(self, value: Any) -> tuple[int, ...]:
        return value or ()  # the cache holds a tuple

    def convert_to_write(self, value: Any, env: Environment) -> Any:
        """Records or ids → ``[(6, 0, ids)]``; empty → ``[(5, 0, 0)]``; commands pass, converted."""
        if _is_lazy_iterable(value):
            value = list(value)  # a generator or a set: read it once
        if value is None or value is False or (isinstance(value, list | tuple) and not value):
            return [(5, 0, 0)]
        if _is_records(value):
            if value._name != self.spec.relation:
                raise self.refuse(value, f"{self.spec.relation} records")
            return [(6, 0, list(value._ids))] if value._ids else [(5, 0, 0)]
        if isinstance(value, list | tuple) and is_command_list(value):
            return [self.convert_command(command, env) for command in value]
        if isinstance(value, Iterable) and all(isinstance(i, int) and not isinstance(i, bool) for i in value):
            return [(6, 0, list(value))]
        raise self.refuse(value, f"{self.spec.relation} records, ids or commands")

    def convert_command(self, command: Sequence[Any], env: Environment) -> tuple[Any, ...]:
        """One command as plain data: an ``int`` code, ids for records, values converted by the
        comodel's fields."""
        code = int(command[0])
        if code in (0, 1):
            values = env[str(self.spec.relation)]._values_to_write(command[2])
            return (code, _an_id(command[1]) if code == 1 else 0, values)
        if code == 6:
            ids = command[2]
            return (6, 0, list(ids._ids) if _is_records(ids) else [int(i) for i in ids])
        if code == 5:
            return (5, 0, 0)
        return (code, _an_id(command[1]), 0)


def _is_lazy_iterable(value: Any) -> bool:
    plain = isinstance(value, list | tuple | str | Mapping)
    return isinstance(value, Iterable) and not plain and not _is_records(value)


def _an_id(value: Any) -> int:
    if _is_records(value):
        return int(value.ensure_one()._ids[0])
    return int(value)


class One2many(_X2many):
    """``one2many``: the records of the comodel pointing back at this one. Never prefetched
    with other fields: lines, messages and moves can number thousands per record."""

    type = "one2many"
    heavy = True


class Many2many(_X2many):
    """``many2many``: a recordset of the comodel."""

    type = "many2many"


class Reference(Field):
    """``reference``: a record of any model (``"model,id"`` on the wire), or ``None``."""

    type = "reference"

    def convert_to_cache(self, value: Any, env: Environment) -> Any:
        if not value or not isinstance(value, str) or "," not in value:
            return None
        model, _, ident = value.partition(",")
        return (model, int(ident))

    def convert_to_record(self, value: Any, record: Model) -> Any:
        if not value:
            return None
        model, ident = value
        return record.env[model].browse(ident)

    def convert_to_write(self, value: Any, env: Environment) -> Any:
        if value is None or value is False:
            return False
        if _is_records(value) and len(value._ids) <= 1:
            return f"{value._name},{value._ids[0]}" if value._ids else False
        if isinstance(value, str) and "," in value:
            return value
        raise self.refuse(value, "one record or 'model,id'")


class Many2oneReference(Integer):
    """``many2one_reference``: the id of a record whose model another field names."""

    type = "many2one_reference"
