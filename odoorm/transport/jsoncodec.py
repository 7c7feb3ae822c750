"""Encoding requests and decoding answers as JSON, shared by JSON-RPC and JSON-2."""

from __future__ import annotations

import json
from typing import Any

from ..errors import MarshalError
from .exchange import Answer
from .faults import not_an_odoo_answer
from .wire import to_wire

__all__ = ["encode", "decode", "JSON_HEADERS"]

JSON_HEADERS = {"Content-Type": "application/json", "Accept": "application/json"}


def encode(payload: Any) -> bytes:
    """Plain JSON bytes for *payload* (after :func:`~odoorm.transport.wire.to_wire`)."""
    try:
        text = json.dumps(to_wire(payload, "arguments"), ensure_ascii=False, allow_nan=False, separators=(",", ":"))
    except ValueError as exc:  # pragma: no cover - to_wire already refuses what JSON cannot carry
        raise MarshalError(str(exc)) from exc
    try:
        return text.encode("utf-8")
    except UnicodeEncodeError as exc:
        raise MarshalError(f"cannot send a string holding a lone surrogate: {exc}") from exc


def decode(response: Answer, *, read_only: bool) -> Any:
    """The JSON document of *response*, or a :class:`ProtocolError`/:class:`HTTPError` naming the url
    (its ``outcome_unknown`` set when the call may write: see :func:`~odoorm.transport.faults.not_an_odoo_answer`)."""
    try:
        return json.loads(response.content)
    except (ValueError, RecursionError) as exc:  # RecursionError: arrays or objects nested too deep
        snippet = response.content[:120].decode("utf-8", "replace").strip()
        raise not_an_odoo_answer(
            f"expected JSON, got {response.header('Content-Type', 'no content type')}: {snippet!r}",
            url=response.url or "",
            status=response.status,
            read_only=read_only,
        ) from exc
