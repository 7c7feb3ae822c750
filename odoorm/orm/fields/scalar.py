"""Fields holding plain values: text, numbers, booleans, dates, binaries, JSON."""

from __future__ import annotations

import base64
import binascii
import datetime as dt
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from ...errors import FieldValueError
from .base import Field

if TYPE_CHECKING:
    from .base import Environment

__all__ = [
    "Char",
    "Text",
    "Html",
    "Selection",
    "Integer",
    "Float",
    "Monetary",
    "Boolean",
    "Date",
    "Datetime",
    "Binary",
    "Json",
    "Properties",
]

_DATE = "%Y-%m-%d"
_DATETIME = "%Y-%m-%d %H:%M:%S"  # what Odoo stores: UTC, no offset


class Char(Field):
    """``char``: a ``str`` (``None`` when empty)."""

    type = "char"

    def convert_to_write(self, value: Any, env: Environment) -> Any:
        if value is None or value is False:
            return False
        if not isinstance(value, str):
            hint = " (decode bytes first)" if isinstance(value, bytes | bytearray) else ""
            raise self.refuse(value, f"a str{hint}")
        return value


class Text(Char):
    """``text``: a ``str``."""

    type = "text"


class Html(Char):
    """``html``: a ``str`` of HTML."""

    type = "html"


class Selection(Char):
    """``selection``: the ``str`` key of one of the field's choices."""

    type = "selection"

    def convert_to_write(self, value: Any, env: Environment) -> Any:
        value = super().convert_to_write(value, env)
        choices = self.spec.selection
        if value is not False and choices and value not in dict(choices):
            keys = ", ".join(repr(key) for key, _ in choices[:12])
            raise self.refuse(value, f"one of {keys}")
        return value


class Integer(Field):
    """``integer``: an ``int``."""

    type = "integer"

    def convert_to_write(self, value: Any, env: Environment) -> Any:
        if value is None or value is False:
            return False
        if isinstance(value, bool) or not isinstance(value, int):
            raise self.refuse(value, "an int")
        if not -(2**31) <= value < 2**31:
            raise self.refuse(value, "an int that fits Odoo's 32-bit integer column")
        return value


class Float(Field):
    """``float``: a ``float``."""

    type = "float"

    def convert_to_cache(self, value: Any, env: Environment) -> Any:
        return None if value is False or value is None else float(value)

    def convert_to_write(self, value: Any, env: Environment) -> Any:
        if value is None or value is False:
            return False
        if isinstance(value, bool) or not isinstance(value, int | float | Decimal):
            raise self.refuse(value, "a number")
        if isinstance(value, Decimal) and not value.is_finite():
            return value  # NaN, sNaN (which float() refuses), infinities: the wire refuses them, as a float NaN
        return float(value)


class Monetary(Float):
    """``monetary``: a ``float`` amount."""

    type = "monetary"


class Boolean(Field):
    """``boolean``: a ``bool`` (never ``None``)."""

    type = "boolean"
    plain_record = True  # the cache holds bools only (convert_to_cache): a hit needs no conversion

    def convert_to_cache(self, value: Any, env: Environment) -> Any:
        return bool(value)

    def convert_to_record(self, value: Any, record: Any) -> Any:
        return bool(value)

    def convert_to_write(self, value: Any, env: Environment) -> Any:
        if value is None:
            return False
        if not isinstance(value, bool):
            raise self.refuse(value, "a bool")
        return value


class Date(Field):
    """``date``: a ``datetime.date``."""

    type = "date"

    def convert_to_cache(self, value: Any, env: Environment) -> Any:
        if not value:
            return None
        return value if isinstance(value, dt.date) else dt.date.fromisoformat(value[:10])

    def convert_to_write(self, value: Any, env: Environment) -> Any:
        if value is None or value is False:
            return False
        if isinstance(value, str):
            try:
                return dt.date.fromisoformat(value).strftime(_DATE)
            except ValueError:
                raise self.refuse(value, "a datetime.date or an ISO date 'YYYY-MM-DD'") from None
        if isinstance(value, dt.datetime) or not isinstance(value, dt.date):
            raise self.refuse(value, "a datetime.date")
        return value.strftime(_DATE)


class Datetime(Field):
    """``datetime``: a timezone-aware ``datetime.datetime`` in UTC (the server's time zone).

    Naive datetimes given to a write are taken as UTC; aware ones are converted.
    """

    type = "datetime"

    def convert_to_cache(self, value: Any, env: Environment) -> Any:
        if not value:
            return None
        if isinstance(value, str):
            value = dt.datetime.fromisoformat(value)
        if value.tzinfo is None:
            return value.replace(tzinfo=dt.timezone.utc)
        return value.astimezone(dt.timezone.utc)

    def convert_to_write(self, value: Any, env: Environment) -> Any:
        if value is None or value is False:
            return False
        if isinstance(value, str):
            try:
                value = self.convert_to_cache(value, env)  # ISO text; an offset is honoured
            except ValueError:
                raise self.refuse(value, "a datetime.datetime or an ISO datetime") from None
        if not isinstance(value, dt.datetime):
            raise self.refuse(value, "a datetime.datetime")
        if value.tzinfo is not None:
            value = value.astimezone(dt.timezone.utc)
        return value.strftime(_DATETIME)


class Binary(Field):
    """``binary``: ``bytes`` (sent and received as base64 text). Never prefetched."""

    type = "binary"
    heavy = True

    def convert_to_cache(self, value: Any, env: Environment) -> Any:
        if not value:
            return None
        if isinstance(value, bytes):
            return value
        try:
            return base64.b64decode(value, validate=True)
        except (binascii.Error, ValueError):
            return value.encode()  # a size label such as "12.5 Kb" (bin_size context)

    def convert_to_write(self, value: Any, env: Environment) -> Any:
        if value is None or value is False:
            return False
        if not isinstance(value, bytes | bytearray | memoryview):
            raise self.refuse(value, "bytes")
        if self.key == ("ir.attachment", "raw"):
            raise FieldValueError(
                f"ir.attachment.raw: Odoo stores content sent over RPC to 'raw' as its base64 text, which would "
                f"corrupt the file ({len(bytes(value))} bytes given); give the bytes to 'datas' instead "
                "(odoorm base64-encodes them): attachment.datas = content, or create({'datas': content, ...})"
            )
        return base64.b64encode(bytes(value)).decode("ascii")


class Json(Field):
    """``json``: plain Python data (dicts, lists, numbers, strings)."""

    type = "json"
    heavy = True


class Properties(Json):
    """``properties``: the list of property dicts the server sends."""

    type = "properties"
