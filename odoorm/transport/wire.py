"""Turn Python values into the plain data every protocol can carry.

This is the one place that shapes payloads: enums become their value,
dates and datetimes become Odoo's strings (datetimes in UTC), bytes become
base64 text (what Odoo's binary fields expect), tuples and sets become
lists, and any object with a ``_to_wire()`` method (records, commands,
domains) is asked for its own plain form. Anything else is refused with a
:class:`~odoorm.errors.MarshalError` naming the value and where it is
(``arguments[1]['name']``), as are values no Odoo server can take whatever
the protocol: a non-finite number (``NaN``, infinities, a signalling
``Decimal("sNaN")``), an integer beyond 64 bits (PostgreSQL's ``bigint``) and
text holding a NUL character (PostgreSQL refuses it in text).
"""

from __future__ import annotations

import base64
import datetime as dt
import enum
import json
import math
from collections.abc import Mapping
from decimal import Decimal
from typing import Any, NoReturn

from ..errors import MarshalError

__all__ = ["to_wire", "canonical_json"]

_PLAIN = (bool, type(None))
#: The integers PostgreSQL (``bigint``) and XML-RPC (``<i8>``) can hold.
INT64_MIN, INT64_MAX = -(2**63), 2**63 - 1


def to_wire(value: Any, where: str = "value") -> Any:
    """Return *value* made of dicts, lists, str, int, float, bool and None only."""
    if isinstance(value, str):
        return _text(value, where)
    if isinstance(value, _PLAIN):
        return value
    if isinstance(value, enum.Enum):
        return to_wire(value.value, where)
    if isinstance(value, int):
        return _int64(int(value), where)
    if isinstance(value, Decimal):
        return _finite(float(value), where) if value.is_finite() else _not_finite(value, where)
    if isinstance(value, float):
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
        _not_finite(number, where)
    return number


def _not_finite(number: float | Decimal, where: str) -> NoReturn:
    raise MarshalError(f"{where}: Odoo cannot receive the non-finite number {number!r}")


def _int64(number: int, where: str) -> int:
    if not INT64_MIN <= number <= INT64_MAX:
        raise MarshalError(f"{where}: the integer {number} is too large for Odoo (64 bits at most, as in PostgreSQL)")
    return number


def _text(text: str, where: str) -> str:
    if "\x00" in text:
        raise MarshalError(
            f"{where}: Odoo (PostgreSQL) cannot store the NUL control character '\\x00' held in {text[:60]!r}; "
            "remove it"
        )
    return text


def _key(key: Any, where: str) -> str:
    if isinstance(key, str):
        return _text(key, f"{where} (a key)")
    if isinstance(key, int) and not isinstance(key, bool):
        return str(key)  # what JSON does; done here so XML-RPC behaves the same
    raise MarshalError(f"{where}: dictionary keys must be strings, not {type(key).__name__} {key!r:.40}")


def canonical_json(value: Any) -> str:
    """*value* (made plain by :func:`to_wire`) as JSON with sorted keys: equal values give equal
    text, so it serves as a dictionary key (a context, a group of pending values)."""
    return json.dumps(to_wire(value), sort_keys=True)
