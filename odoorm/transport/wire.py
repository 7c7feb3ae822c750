"""Turn Python values into the plain data every protocol can carry.

This is the one place that shapes payloads: enums become their value,
dates and datetimes become Odoo's strings (datetimes in UTC), bytes become
base64 text (what Odoo's binary fields expect), tuples and sets become
lists, and any object with a ``_to_wire()`` method (records, commands,
domains) is asked for its own plain form. Anything else is refused with a
:class:`~odoorm.errors.MarshalError` naming the value.
"""

from __future__ import annotations

import base64
import datetime as dt
import enum
import math
from collections.abc import Mapping
from decimal import Decimal
from typing import Any

from ..errors import MarshalError

__all__ = ["to_wire"]

_PLAIN = (str, bool, type(None))


def to_wire(value: Any, where: str = "value") -> Any:
    """Return *value* made of dicts, lists, str, int, float, bool and None only."""
    if isinstance(value, _PLAIN):
        return value
    if isinstance(value, enum.Enum):
        return to_wire(value.value, where)
    if isinstance(value, int):
        return int(value)
    if isinstance(value, float | Decimal):
        return _finite(float(value), where)
    if isinstance(value, Mapping):
        return {_key(k, where): to_wire(v, f"{where}[{k!r}]") for k, v in value.items()}
    if isinstance(value, list | tuple | set | frozenset):
        return [to_wire(v, f"{where}[{i}]") for i, v in enumerate(value)]
    return _special(value, where)


def _special(value: Any, where: str) -> Any:
    if isinstance(value, dt.datetime):
        if value.tzinfo is not None:
            value = value.astimezone(dt.timezone.utc).replace(tzinfo=None)
        return value.strftime("%Y-%m-%d %H:%M:%S")
    if isinstance(value, dt.date):
        return value.strftime("%Y-%m-%d")
    if isinstance(value, bytes | bytearray | memoryview):
        return base64.b64encode(bytes(value)).decode("ascii")
    to_plain = getattr(value, "_to_wire", None)
    if callable(to_plain):
        return to_wire(to_plain(), where)
    raise MarshalError(f"{where}: cannot send a {type(value).__name__} to Odoo: {value!r:.80}")


def _finite(number: float, where: str) -> float:
    if not math.isfinite(number):
        raise MarshalError(f"{where}: Odoo cannot receive the non-finite number {number!r}")
    return number


def _key(key: Any, where: str) -> str:
    if isinstance(key, str):
        return key
    if isinstance(key, int) and not isinstance(key, bool):
        return str(key)  # what JSON does; done here so XML-RPC behaves the same
    raise MarshalError(f"{where}: dictionary keys must be strings, not {type(key).__name__} {key!r:.40}")
