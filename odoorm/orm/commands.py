"""``Command``: the x2many write commands, with Odoo's names and codes.

>>> partner.category_id = [Command.link(tag.id), Command.unlink(old.id)]
>>> order.write({"order_line": [Command.create({"product_id": 7})]})

Commands are plain tuples whose first item is a :class:`Command` (an
``IntEnum``); the wire layer turns it into a plain ``int`` (XML-RPC cannot
marshal an ``IntEnum``).
"""

from __future__ import annotations

import enum
from collections.abc import Iterable, Mapping
from typing import Any

__all__ = ["Command", "is_command", "is_command_list", "apply_commands"]

CommandValue = tuple[Any, ...]


class Command(enum.IntEnum):
    """The codes of x2many commands, and builders for each."""

    CREATE = 0
    UPDATE = 1
    DELETE = 2
    UNLINK = 3
    LINK = 4
    CLEAR = 5
    SET = 6

    @classmethod
    def create(cls, values: Mapping[str, Any]) -> CommandValue:
        """``(0, 0, values)``: create a new record of the comodel and link it."""
        return (cls.CREATE, 0, values)

    @classmethod
    def update(cls, record_id: int, values: Mapping[str, Any]) -> CommandValue:
        """``(1, id, values)``: write *values* on a linked record."""
        return (cls.UPDATE, record_id, values)

    @classmethod
    def delete(cls, record_id: int) -> CommandValue:
        """``(2, id, 0)``: delete the record and unlink it."""
        return (cls.DELETE, record_id, 0)

    @classmethod
    def unlink(cls, record_id: int) -> CommandValue:
        """``(3, id, 0)``: unlink the record (a one2many line is deleted if its link is required)."""
        return (cls.UNLINK, record_id, 0)

    @classmethod
    def link(cls, record_id: int) -> CommandValue:
        """``(4, id, 0)``: link an existing record."""
        return (cls.LINK, record_id, 0)

    @classmethod
    def clear(cls) -> CommandValue:
        """``(5, 0, 0)``: unlink every record."""
        return (cls.CLEAR, 0, 0)

    @classmethod
    def set(cls, ids: Iterable[int]) -> CommandValue:
        """``(6, 0, ids)``: replace the linked records by *ids*."""
        return (cls.SET, 0, list(ids))


def is_command(value: Any) -> bool:
    """Whether *value* is one x2many command triple, strictly: ``(0|1, id, {values})``,
    ``(2|3|4, id, 0)``, ``(5, 0, 0)`` or ``(6, 0, ids)``; the short forms Odoo's documentation
    uses, ``(2|3|4, id)`` and ``(5,)``, are accepted too."""
    if not isinstance(value, tuple | list) or not value or isinstance(value[0], bool):
        return False
    code = value[0]
    if not isinstance(code, int) or not 0 <= code <= 6:
        return False
    if code == 5:
        return len(value) in (1, 3)
    if code in (2, 3, 4) and len(value) == 2:
        return True
    if len(value) != 3:
        return False
    if code in (0, 1):
        return isinstance(value[2], Mapping)
    if code == 6:
        return isinstance(value[2], Iterable) and not isinstance(value[2], str | Mapping)
    return value[2] in (0, False, None)


def is_command_list(value: Any) -> bool:
    """Whether *value* is a non-empty list of commands."""
    return isinstance(value, list | tuple) and bool(value) and all(is_command(item) for item in value)


def apply_commands(ids: tuple[int, ...], commands: Iterable[CommandValue]) -> tuple[int, ...] | None:
    """The ids after *commands*, or ``None`` when they cannot be known client-side (a create)."""
    result = list(ids)
    for command in commands:
        code = int(command[0])
        if code == Command.CREATE:
            return None
        if code in (Command.DELETE, Command.UNLINK):
            result = [i for i in result if i != command[1]]
        elif code == Command.LINK and command[1] not in result:
            result.append(command[1])
        elif code == Command.CLEAR:
            result = []
        elif code == Command.SET:
            result = list(dict.fromkeys(command[2]))
    return tuple(result)
