"""The write path: from ``records.field = value`` to the unit of work.

A field descriptor's ``__set__`` hands the assignment to :func:`assign`: the value is checked and
converted by its field (the *write* format), staged in the unit of work of the environment (sent
by the next flush), and the cache updated at once so that reads see it. Nothing is sent here.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from ..errors import ReadOnlyFieldError
from .cache import MISSING
from .commands import apply_commands
from .protocols import RecordsBase

if TYPE_CHECKING:
    from .fields.base import Field
    from .protocols import Records as Model

__all__ = ["assign", "values_to_write", "writable_field"]

_X2MANY = ("one2many", "many2many")
_RELATIONAL = ("many2one", "one2many", "many2many")


def values_to_write(records: Model, vals: Mapping[str, Any], force: bool = False) -> dict[str, Any]:
    fields = {name: writable_field(records, name, force) for name in vals}
    return {name: fields[name].convert_to_write(value, records.env) for name, value in vals.items()}


def writable_field(records: Model, name: str, force: bool) -> Field:
    field = records._field(name)
    if field.name == "id" or (field.spec.readonly and not force):
        raise ReadOnlyFieldError(
            f"{records._name}.{name} is read-only in the server's metadata; to send it anyway: "
            f"records.write({{{name!r}: ...}}, force=True)"
        )
    return field


def assign(records: Model, field: Field, value: Any) -> None:
    """``records.field = value``: stage the change in the unit of work; reads see it at once."""
    if not records._ids:
        return
    writable_field(records, field.name, force=False)
    origin = getattr(value, "_origin", None) if isinstance(value, RecordsBase) else None
    if origin is not None and origin.augmented and origin.belongs_to(records, field):
        # ``+=``/``-=``: only the links added or removed, never a replacement built from a cache
        # the server may have moved past; nothing at all for an empty operand
        commands = list(origin.commands)
        if not commands:
            return
    else:
        commands = field.convert_to_write(value, records.env)
        if field.type in _X2MANY and isinstance(value, RecordsBase):  # explicit commands are sent as given
            commands = _minimal_commands(records, field, commands)
            if not commands:
                return  # the records it already has
    # x2many commands queue up in order (a plain "=" starts with set or clear): nothing is dropped
    append = field.type in _X2MANY
    with records.env.cache.lock:  # atomic for readers storing server rows: pending values win
        records.env._stage(records._name, records._ids, field.name, commands, append=append)
        _cache_assigned(records, field, commands, append)
        _forget_inverses(records, field)


def _minimal_commands(records: Model, field: Field, commands: Any) -> Any:
    """For ``records.x2many = other_records``: when every record's current value is in the cache, and
    the same, only the links to add ``(4, id, 0)`` and remove ``(3, id, 0)`` (no read to find out);
    else the replacement ``(6, 0, ids)`` as given. Other commands are returned as given."""
    if len(commands) != 1 or commands[0][0] != 6:
        return commands
    key = (records._name, field.name)
    currents = {records.env.cache.get(key, record_id) for record_id in records._ids}
    if len(currents) != 1 or MISSING in currents:
        return commands
    (current,) = currents
    wanted = list(dict.fromkeys(commands[0][2]))
    kept, unlinked = set(current), [(3, i, 0) for i in current if i not in set(wanted)]
    return unlinked + [(4, i, 0) for i in wanted if i not in kept]


def _forget_inverses(records: Model, field: Field) -> None:
    """The other side of a changed relation is stale in the cache: forget it (it is read again,
    after the flush, when needed). ``child.parent_id = p`` changes ``p.child_ids``; a many2many
    changes the comodel's many2many on the same table; a one2many changes the children's many2one."""
    relation = field.spec.relation
    comodel = records.env.registry.loaded(relation) if relation and field.type in _RELATIONAL else None
    if comodel is None:
        return
    for other in comodel._fields.values():
        if other.spec.relation != records._name or (comodel._name, other.name) == (records._name, field.name):
            continue
        inverse = (
            (field.type == "many2one" and other.type == "one2many" and other.spec.relation_field == field.name)
            or (field.type == "one2many" and other.type == "many2one" and other.name == field.spec.relation_field)
            or (field.type == "many2many" and other.type == "many2many")
        )
        if inverse:
            records.env.cache.forget_field((comodel._name, other.name))


def _cache_assigned(records: Model, field: Field, value: Any, append: bool) -> None:
    cache, key = records.env.cache, (records._name, field.name)
    if field.type not in ("one2many", "many2many"):
        cache.set(key, {i: field.convert_to_cache(value, records.env) for i in records._ids})
        return
    for record_id in records._ids:
        current = cache.get(key, record_id)
        known = () if not append else (None if current is MISSING else current)
        after = None if known is None else apply_commands(known, value)
        if after is None:
            cache.forget(key, [record_id])  # read again (after a flush) when needed
        else:
            cache.set(key, {record_id: after})
