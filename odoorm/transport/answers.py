"""Checking the answers of the ORM calls odoorm makes itself, before it uses them.

odoorm reads some answers instead of handing them over as they are: ``search`` gives ids,
``search_count`` a number, ``read`` and ``web_read`` rows, ``web_search_read`` a page
``{"records": [...], "length": n}``, ``create`` an id or ids, ``fields_get`` a dict of field
descriptions, ``name_search`` pairs. An answer of another shape (a proxy, a customised or broken
server) is a :class:`~odoorm.errors.ProtocolError` naming the call and what was expected::

    res.partner.search_count answered a dict, expected an integer

never a ``TypeError`` from deep inside odoorm. Only the outer shape is checked here, which
costs nothing per record; a row that is not a record (not a dict, no ``id``) is caught where it
is used, by wrapping that use in :func:`reading`. The server did run the call: for a method that
may write (``create``, ``copy``) the error has ``outcome_unknown`` set, as its effect is unknown.
"""

from __future__ import annotations

from collections.abc import Mapping
from types import TracebackType
from typing import Any

from ..errors import OdooError, ProtocolError
from .methods import is_read_only

__all__ = [
    "Call",
    "describe",
    "unexpected",
    "count",
    "id_list",
    "created_ids",
    "row_list",
    "page_rows",
    "field_descriptions",
    "id_name_pairs",
    "reading",
]

#: The exceptions a row of the wrong shape raises where it is used (``row["id"]``, ``row.get``…).
_ROW_ERRORS = (TypeError, KeyError, IndexError, AttributeError, ValueError)


class Call:
    """The call an answer came from: the server's url, the model and the method."""

    __slots__ = ("url", "model", "method")

    def __init__(self, url: str, model: str, method: str) -> None:
        self.url = url
        self.model = model
        self.method = method

    def __str__(self) -> str:
        return f"{self.model}.{self.method}"

    def error(self, message: str) -> ProtocolError:
        """A :class:`ProtocolError` about this call's answer (its outcome unknown if it may write)."""
        return ProtocolError(message, url=self.url, outcome_unknown=not is_read_only(self.method))


def describe(value: Any) -> str:
    """``a dict``, ``an integer``, ``null``…: what a JSON or XML-RPC value is, for a message."""
    if value is None:
        return "null"
    if isinstance(value, bool):
        return f"the boolean {value}"
    if isinstance(value, int):
        return "an integer"
    if isinstance(value, float):
        return "a number"
    if isinstance(value, str):
        return f"the text {value[:40]!r}"
    if isinstance(value, Mapping):
        return "a dict"
    if isinstance(value, list | tuple):
        return "a list"
    return f"a {type(value).__name__}"


def unexpected(call: Call, answer: Any, expected: str, detail: str = "") -> ProtocolError:
    """The error for an answer of the wrong shape: ``<model>.<method> answered X, expected Y``."""
    text = f"{call} answered {describe(answer)}, expected {expected}"
    return call.error(f"{text} ({detail})" if detail else text)


def count(call: Call, answer: Any) -> int:
    """A number of records (``search_count``)."""
    if isinstance(answer, bool) or not isinstance(answer, int):
        raise unexpected(call, answer, "an integer")
    return answer


def id_list(call: Call, answer: Any) -> list[Any]:
    """A list of ids (``search``); the ids themselves are not checked one by one."""
    if not isinstance(answer, list):
        raise unexpected(call, answer, "a list of ids")
    return answer


def created_ids(call: Call, answer: Any) -> list[int]:
    """The id or ids of new records (``create``, ``copy``), as a list; each is checked (they are few)."""
    ids = answer if isinstance(answer, list) else [answer]
    if any(isinstance(i, bool) or not isinstance(i, int) for i in ids):
        raise unexpected(call, answer, "a record id or a list of record ids")
    return ids


def row_list(call: Call, answer: Any) -> list[Any]:
    """A list of rows (``read``, ``web_read``, ``search_read``, ``read_group``)."""
    if not isinstance(answer, list):
        raise unexpected(call, answer, "a list of records")
    return answer


def page_rows(call: Call, answer: Any) -> list[Any]:
    """The rows of a ``web_search_read`` page, ``{"records": [...], "length": n}``."""
    rows = answer.get("records") if isinstance(answer, Mapping) else None
    if not isinstance(rows, list):
        raise unexpected(call, answer, 'a dict {"records": [...], "length": n}')
    return rows


def field_descriptions(call: Call, answer: Any) -> dict[str, Any]:
    """A ``fields_get`` answer: a dict of field name to a dict of attributes (metadata: every entry
    is checked, once per model)."""
    if not isinstance(answer, dict):
        raise unexpected(call, answer, "a dict of field descriptions")
    for name, attributes in answer.items():
        if not isinstance(attributes, dict):
            raise unexpected(call, answer, "a dict of field descriptions", f"the entry of {name!r} is not a dict")
    return answer


def id_name_pairs(call: Call, answer: Any) -> list[tuple[int, str]]:
    """``[(id, name), …]`` (``name_search``, ``name_get``)."""
    if not isinstance(answer, list):
        raise unexpected(call, answer, "a list of [id, name] pairs")
    with reading(call, "pairs that are not [id, name]"):
        return [(int(i), str(label)) for i, label in answer]


def reading(call: Call, what: str = "rows that are not records (dicts with an 'id')") -> _Reading:
    """``with reading(call): ...``: the errors a row of the wrong shape raises in the block (a row
    that is not a dict, a row without ``id``...) become a :class:`ProtocolError` naming the call and
    saying it answered *what*. odoorm's own errors go through unchanged."""
    return _Reading(call, what)


class _Reading:
    """The context manager of :func:`reading`."""

    __slots__ = ("call", "what")

    def __init__(self, call: Call, what: str) -> None:
        self.call = call
        self.what = what

    def __enter__(self) -> None:
        return None

    def __exit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        if exc is None or isinstance(exc, OdooError) or not isinstance(exc, _ROW_ERRORS):
            return
        raise self.call.error(f"{self.call} answered {self.what} ({type(exc).__name__}: {exc})") from exc
