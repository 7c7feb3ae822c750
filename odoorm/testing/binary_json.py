"""vcrpy's JSON cassette format, able to hold binary bodies (a PDF report).

vcrpy's own JSON serializer fails on a body that is not UTF-8 text. This one
writes such a body as ``{"base64_string": "..."}`` instead of
``{"string": "..."}`` and restores the bytes on reading; every other body
is written as vcrpy writes it, so existing cassettes read unchanged.
Register it for a recorder with ``recorder.register_serializer("json", binary_json)``.
"""

from __future__ import annotations

import base64
import json
from typing import Any

__all__ = ["serialize", "deserialize", "decoded"]

_KEY = "base64_string"


def serialize(cassette: dict[str, Any]) -> str:
    """The cassette as JSON text, binary bodies in base64."""
    for interaction in cassette.get("interactions", []):
        request, response = interaction["request"], interaction["response"]
        request["body"] = _encoded(request.get("body"))  # a request's body is the text itself
        body = response.get("body")
        if isinstance(body, dict) and isinstance(body.get("string"), bytes | bytearray):  # {"string": text}
            body[_KEY] = _encoded(body.pop("string"))[_KEY]
    return json.dumps(cassette, indent=4) + "\n"


def deserialize(text: str) -> dict[str, Any]:
    """The cassette read from JSON text, binary bodies as bytes again."""
    return decoded(json.loads(text))


def decoded(cassette: dict[str, Any]) -> dict[str, Any]:
    """*cassette* (parsed JSON) with its binary bodies as bytes again; changed in place."""
    for interaction in cassette.get("interactions", []):
        request, response = interaction["request"], interaction["response"]
        if isinstance(request.get("body"), dict):
            request["body"] = _decoded(request["body"])
        body = response.get("body")
        if isinstance(body, dict) and _KEY in body:
            body["string"] = _decoded(body)
    return cassette


def _encoded(value: Any) -> Any:
    return {_KEY: base64.b64encode(bytes(value)).decode("ascii")} if isinstance(value, bytes | bytearray) else value


def _decoded(body: dict[str, Any]) -> bytes:
    return base64.b64decode(body.pop(_KEY))
