"""The value of an x2many field as a recordset that remembers where it came from, so that
``record.field += records`` and ``-= records`` become link, create and unlink commands."""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from ..errors import RecordError
from .commands import apply_commands, is_command
from .protocols import RecordsBase

if TYPE_CHECKING:
    from .fields.base import Field
    from .protocols import Records as Model

__all__ = ["RelationOrigin", "ids_of", "check_id"]


class RelationOrigin:
    """Where an x2many value came from, and the commands ``+=`` and ``-=`` made on it."""

    __slots__ = ("model", "record_id", "field", "commands", "augmented")

    def __init__(
        self, model: str, record_id: int, field: Field, commands: tuple[Any, ...] = (), augmented: bool = False
    ) -> None:
        self.model = model
        self.record_id = record_id
        self.field = field
        self.commands = commands
        #: Whether ``+=``/``-=`` made this value: assigning it back sends only its commands (maybe none).
        self.augmented = augmented

    def belongs_to(self, records: Model, field: Field) -> bool:
        """Whether this value is being assigned back to the field it was read from."""
        return records._name == self.model and records._ids == (self.record_id,) and field.name == self.field.name

    def additions(self, other: Any) -> list[tuple[Any, ...]]:
        """Commands for ``+= other``: records and ids are linked, dicts created, commands kept."""
        items = other if isinstance(other, list | tuple) and not is_command(other) else [other]
        commands: list[Any] = []
        for item in items:
            if isinstance(item, RecordsBase):
                commands += [(4, i, 0) for i in ids_of(item, str(self.field.spec.relation))]
            elif isinstance(item, Mapping):
                commands.append((0, 0, item))
            elif is_command(item):
                commands.append(tuple(item))
            else:
                commands.append((4, check_id(str(self.field.spec.relation), item), 0))
        return commands

    def changed(self, current: Any, commands: list[tuple[Any, ...]]) -> Any:
        """The value after *commands*: its ids as far as they can be known, and the commands to send."""
        env = current.env
        converted = tuple(self.field.convert_command(c, env) for c in commands)  # type: ignore[attr-defined]
        ids = apply_commands(current._ids, converted)
        origin = RelationOrigin(self.model, self.record_id, self.field, self.commands + converted, augmented=True)
        return type(current)(env, current._ids if ids is None else ids, current._prefetch, origin)


def ids_of(value: Any, model: str) -> list[int]:
    if isinstance(value, RecordsBase):
        records: Any = value
        if records._name != model:
            raise RecordError(f"expected {model} records, not {records._name} records")
        return list(records._ids)
    if isinstance(value, int) and not isinstance(value, bool):
        return [value]
    return [check_id(model, v) for v in value]


def check_id(model: str, value: Any) -> int:
    if isinstance(value, bool) or not isinstance(value, int):
        raise RecordError(f"{model}: record ids are integers, not {type(value).__name__} {value!r:.40}")
    return value
