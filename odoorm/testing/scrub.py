"""Remove secrets from recorded HTTP traffic, structurally.

Passwords sit at a known place in RPC bodies (the third argument of
``authenticate``, ``login``, ``execute`` and ``execute_kw``; the ``password``
parameter of ``/web/session/authenticate``); API keys in the
``Authorization`` header (and, on XML-RPC/JSON-RPC, at the password's place).
A :class:`Scrubber` replaces the real secrets it is given by placeholders
there, drops cookies both ways, replaces session ids and CSRF tokens in
answers (a JSON field or an HTML page's script), and as a safety net
replaces any other occurrence of a secret long enough not to collide with
ordinary words.
Replacing every occurrence of a short password would corrupt bodies: the
demo database's password ``admin`` is also its login.
"""

from __future__ import annotations

import json
import re
import xmlrpc.client
from collections.abc import Iterable
from typing import Any

__all__ = ["Scrubber", "PASSWORD_PLACEHOLDER", "API_KEY_PLACEHOLDER", "SESSION_PLACEHOLDER"]

PASSWORD_PLACEHOLDER = "<ODOO_PASSWORD>"
API_KEY_PLACEHOLDER = "<ODOO_API_KEY>"
SESSION_PLACEHOLDER = "<SESSION_TOKEN>"

_SECRET_SLOT_METHODS = {"authenticate", "login", "execute", "execute_kw"}
_COOKIE_HEADERS = {"cookie", "set-cookie"}
_LONG_ENOUGH = 12  # a secret this long is replaced wherever it appears
_WEB_LOGIN_PATH = "/web/session/authenticate"
#: A quoted session id or token after its name: ``"session_id": "…"``, ``csrf_token: "…"``.
_SESSION_TOKEN = re.compile(rb"""(\b(?:session_id|session_token|csrf_token)["']?\s*[:=]\s*)(["'])[^"'\s<>]+\2""")


class Scrubber:
    """Replaces the given secrets by placeholders in requests and responses."""

    def __init__(self, secrets: dict[str, str]) -> None:
        """*secrets* maps each real secret to its placeholder."""
        self.secrets = {real: placeholder for real, placeholder in secrets.items() if real}

    # -------------------------------------------------------- bodies

    def request_body(self, path: str, body: bytes | None) -> bytes | None:
        """The request body with the secret argument replaced."""
        if not body or not self.secrets:
            return body
        if path.startswith("/xmlrpc/"):
            body = self._xmlrpc_body(body)
        elif path.startswith("/jsonrpc"):
            body = self._jsonrpc_body(body)
        elif path == _WEB_LOGIN_PATH:
            body = self._web_login_body(body)
        return self._everywhere(body)

    def response_body(self, body: bytes | None) -> bytes | None:
        """The response body with session ids, CSRF tokens and any long secret replaced."""
        if not body:
            return body
        body = _SESSION_TOKEN.sub(rb"\1\2" + SESSION_PLACEHOLDER.encode() + rb"\2", body)
        return self._everywhere(body) if self.secrets else body

    def header(self, name: str, value: str) -> str | None:
        """The header's scrubbed value, or ``None`` to drop the header."""
        if name.lower() in _COOKIE_HEADERS:
            return None
        if name.lower() == "authorization":
            scheme, _, token = value.partition(" ")
            return f"{scheme} {self.secrets.get(token, token)}"
        return value

    def headers(self, headers: dict[str, Any]) -> dict[str, Any]:
        """A copy of *headers* (values as str or lists of str) with secrets scrubbed."""
        result: dict[str, Any] = {}
        for name, value in headers.items():
            values = value if isinstance(value, list) else [value]
            kept = [v for v in (self.header(name, str(v)) for v in values) if v is not None]
            if kept:
                result[name] = kept if isinstance(value, list) else kept[0]
        return result

    # -------------------------------------------------------- internals

    def _replace(self, value: Any) -> Any:
        return self.secrets.get(value, value) if isinstance(value, str) else value

    def _xmlrpc_body(self, body: bytes) -> bytes:
        try:
            params, method = xmlrpc.client.loads(body, use_builtin_types=True)
        except Exception:  # not XML-RPC after all: leave it to the generic pass
            return body
        if method not in _SECRET_SLOT_METHODS or len(params) < 3 or params[2] not in self.secrets:
            return body
        from ..transport.xmlrpc import dumps  # the client's own marshalling, so replay matches

        return dumps(method, [*params[:2], self._replace(params[2]), *params[3:]])

    def _jsonrpc_body(self, body: bytes) -> bytes:
        payload, call = _json_params(body)
        args = call.get("args")
        if call.get("method") not in _SECRET_SLOT_METHODS or not isinstance(args, list) or len(args) < 3:
            return body
        if args[2] not in self.secrets:
            return body
        args[2] = self._replace(args[2])
        return _json_encode(payload)

    def _web_login_body(self, body: bytes) -> bytes:
        """``/web/session/authenticate``: its ``password`` is one whatever its value, so it is replaced even
        when it is not among the known secrets."""
        payload, params = _json_params(body)
        if "password" not in params:
            return body
        params["password"] = self.secrets.get(params["password"], PASSWORD_PLACEHOLDER)
        return _json_encode(payload)

    def _everywhere(self, body: bytes) -> bytes:
        for real, placeholder in self._long_secrets():
            body = body.replace(real.encode(), placeholder.encode())
        return body

    def _long_secrets(self) -> Iterable[tuple[str, str]]:
        return ((r, p) for r, p in self.secrets.items() if len(r) >= _LONG_ENOUGH)


def _json_params(body: bytes) -> tuple[Any, dict[str, Any]]:
    """``(payload, payload["params"])`` of a JSON-RPC body; ``params`` is ``{}`` when there is none."""
    try:
        payload = json.loads(body)
    except ValueError:
        return None, {}
    params = payload.get("params") if isinstance(payload, dict) else None
    return payload, params if isinstance(params, dict) else {}


def _json_encode(payload: Any) -> bytes:
    from ..transport.jsoncodec import encode  # the client's own encoding, so replay matches

    return encode(payload)
