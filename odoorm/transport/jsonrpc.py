"""JSON-RPC: ``POST /jsonrpc`` with ``service``/``method``/``args``."""

from __future__ import annotations

import itertools
import threading
from collections.abc import Mapping, Sequence
from typing import Any

from . import jsoncodec
from .base import Login, Transport
from .exchange import check_redirect
from .faults import CallInfo, from_json_error, not_an_odoo_answer
from .http import HttpChannel
from .methods import is_read_only

__all__ = ["JsonRpcTransport", "JsonRpcEnvelope"]


class JsonRpcEnvelope:
    """Sends JSON-RPC 2.0 ``call`` requests with deterministic ids (1, 2, 3…)."""

    def __init__(self, channel: HttpChannel) -> None:
        self.channel = channel
        self._ids = itertools.count(1)
        self._lock = threading.Lock()

    def call(self, path: str, params: Mapping[str, Any], *, read_only: bool, info: CallInfo, label: str) -> Any:
        """POST ``params`` to *path* and return the ``result`` (or raise the fault)."""
        with self._lock:
            request_id = next(self._ids)
        body = jsoncodec.encode({"jsonrpc": "2.0", "method": "call", "params": params, "id": request_id})
        response = self.channel.post(path, body, jsoncodec.JSON_HEADERS, read_only=read_only, label=label)
        check_redirect(response)
        return _result(response, request_id, read_only, info)

    def execute_kw(
        self, login: Login, model: str, method: str, args: Sequence[Any], kwargs: Mapping[str, Any], info: CallInfo
    ) -> Any:
        """``object.execute_kw`` as *login* (its secret as the password: a password or an API key)."""
        params = [login.db, login.uid, login.secret.reveal(), model, method, list(args), dict(kwargs)]
        return self.call(
            "/jsonrpc",
            {"service": "object", "method": "execute_kw", "args": params},
            read_only=is_read_only(method),
            info=info,
            label=f"jsonrpc {model}.{method}",
        )


def _result(response: Any, request_id: int, read_only: bool, info: CallInfo) -> Any:
    """The ``result`` of a JSON-RPC answer to request *request_id*, or the error it stands for."""
    answer = jsoncodec.decode(response, read_only=read_only)
    if not isinstance(answer, dict) or not ("result" in answer or "error" in answer or "id" in answer):
        raise _unexpected("the answer is not a JSON-RPC response", response, read_only)
    if answer.get("id", request_id) != request_id:
        raise _unexpected(f"the answer is to request {answer.get('id')!r}, not {request_id}", response, read_only)
    if "error" in answer:
        error = answer["error"] or {}
        data = error.get("data") if isinstance(error, dict) else None
        if not isinstance(error, dict) or not isinstance(data or {}, dict):
            raise _unexpected("malformed JSON-RPC error", response, read_only)
        raise from_json_error(data or {"message": error.get("message")}, info)
    if response.status >= 400:
        raise _unexpected("HTTP error with a JSON-RPC result", response, read_only)
    return answer.get("result")  # Odoo leaves "result" out when a method returns None


def _unexpected(message: str, response: Any, read_only: bool) -> Exception:
    return not_an_odoo_answer(message, url=response.url, status=response.status, read_only=read_only)


class JsonRpcTransport(Transport):
    """Odoo's ``/jsonrpc`` endpoint (all releases; deprecated from 19, removed in 20)."""

    name = "jsonrpc"

    def __init__(self, channel: HttpChannel) -> None:
        super().__init__(channel)
        self._rpc = JsonRpcEnvelope(channel)

    def version(self) -> Mapping[str, Any]:
        return dict(self._service("common", "version", [], read_only=True))

    def list_databases(self) -> list[str]:
        no_args: list[Any] = []
        return list(self._service("db", "list", no_args, read_only=True))

    def _authenticate(self, login: Login) -> int | None:
        args: list[Any] = [login.db, login.login, login.secret.reveal(), {}]
        return self._service("common", "authenticate", args, read_only=True) or None

    def _execute_kw(
        self, model: str, method: str, args: Sequence[Any] = (), kwargs: Mapping[str, Any] | None = None
    ) -> Any:
        info = self._call_info(model, method)
        return self._rpc.execute_kw(self._require_login(), model, method, args, kwargs or {}, info)

    def _service(self, service: str, method: str, args: list[Any], *, read_only: bool) -> Any:
        params = {"service": service, "method": method, "args": args}
        info = self._call_info(None, f"{service}.{method}")
        return self._rpc.call("/jsonrpc", params, read_only=read_only, info=info, label=f"jsonrpc {service}.{method}")
