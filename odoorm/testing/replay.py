"""Serve recorded HTTP traffic to a ``requests.Session``, without vcrpy.

:class:`ReplayAdapter` reads a cassette in vcrpy's JSON format and answers
each request with the first unplayed recorded response whose method, path
and body match (bodies compared as parsed JSON or XML-RPC, as vcrpy does).
Answers kept in a body store (:mod:`~odoorm.testing.body_store`) are read
from it; binary answers (base64 in the cassette) are served as bytes.
``odoorm demo`` uses it to run its tour against the real Odoo 19 traffic
shipped inside the package.
"""

from __future__ import annotations

import json
import xmlrpc.client
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import requests
from requests.adapters import BaseAdapter
from requests.structures import CaseInsensitiveDict

from . import binary_json
from .body_store import restore_bodies

__all__ = ["ReplayAdapter", "ReplayMiss"]


class ReplayMiss(requests.ConnectionError):
    """A request that the cassette has no (more) answer for."""


class ReplayAdapter(BaseAdapter):
    """A transport adapter answering from a recorded cassette (vcrpy JSON format)."""

    def __init__(self, cassette: str | Path | dict[str, Any]) -> None:
        super().__init__()
        if isinstance(cassette, dict):
            data = cassette
        else:
            data = restore_bodies(json.loads(Path(cassette).read_text("utf-8")), Path(cassette).parent)
        data = binary_json.decoded(data)
        self._interactions = list(data["interactions"])
        self._played = [False] * len(self._interactions)

    @property
    def all_played(self) -> bool:
        """Whether every recorded interaction was served."""
        return all(self._played)

    def send(self, request: requests.PreparedRequest, **kwargs: Any) -> requests.Response:  # type: ignore[override]
        key = _key(request.method or "", request.url or "", request.body)
        for index, interaction in enumerate(self._interactions):
            recorded = interaction["request"]
            if not self._played[index] and _key(recorded["method"], recorded["uri"], recorded["body"]) == key:
                self._played[index] = True
                return _response(request, interaction["response"])
        raise ReplayMiss(f"no recorded answer for {request.method} {urlsplit(request.url or '').path}")

    def close(self) -> None:
        """Nothing to release."""


def _key(method: str, url: str, body: Any) -> tuple[str, str, Any]:
    return method.upper(), urlsplit(url).path, _parsed(body)


def _parsed(body: Any) -> Any:
    if body is None or body == b"" or body == "":
        return None
    raw = body.encode("utf-8") if isinstance(body, str) else bytes(body)
    try:
        return ("json", json.loads(raw))
    except ValueError:
        pass
    try:
        return ("xmlrpc", xmlrpc.client.loads(raw, use_builtin_types=True))
    except Exception:
        return ("raw", raw)


def _response(request: requests.PreparedRequest, recorded: dict[str, Any]) -> requests.Response:
    response = requests.Response()
    response.status_code = int(recorded["status"]["code"])
    response.reason = recorded["status"].get("message", "")
    response.headers = CaseInsensitiveDict({k: ", ".join(v) for k, v in recorded["headers"].items()})
    body = recorded["body"]["string"]
    response._content = body.encode("utf-8") if isinstance(body, str) else bytes(body or b"")
    response.url = request.url or ""
    response.request = request
    return response
