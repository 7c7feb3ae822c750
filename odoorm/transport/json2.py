"""Odoo 19's JSON-2 API: ``POST /json/2/<model>/<method>`` with named arguments.

Authentication is a bearer API key; the database goes in
``X-Odoo-Database``. Positional arguments given to
:meth:`JsonTwoTransport.execute_kw` are named from the built-in table of
:mod:`odoorm.transport.methods`; for other methods from the server's ``api_doc``
(``/doc-bearer/<model>.json``, which needs a group most users lack). Nothing is guessed: failing
both, the call is sent positionally over JSON-RPC (``/jsonrpc``, with the API key as password;
Odoo 19 serves it). When a recordset calls a method, its ids are known and sent as ``ids``.
Errors are read from the ``name`` in the body, never from the HTTP status.
"""

from __future__ import annotations

import threading
from collections.abc import Mapping, Sequence
from typing import Any

from ..errors import AuthenticationError, HTTPError, ProtocolError, SignatureError
from . import jsoncodec
from .base import Login, Transport
from .exchange import Answer, check_redirect
from .faults import CallInfo, from_json_error, not_an_odoo_answer
from .http import HttpChannel
from .jsonrpc import JsonRpcEnvelope
from .methods import MethodSignature, builtin_signature, is_read_only
from .names import path_segment

__all__ = ["JsonTwoTransport"]


class JsonTwoTransport(Transport):
    """The JSON-2 API (Odoo 19 and later)."""

    name = "json2"

    def __init__(self, channel: HttpChannel) -> None:
        super().__init__(channel)
        self._web = JsonRpcEnvelope(channel)  # for the few /web routes JSON-2 lacks
        self._signatures: dict[tuple[str, str], MethodSignature | None] = {}
        self._documented: dict[str, tuple[str, ...]] = {}  # model → its methods, from an api_doc read
        self._lock = threading.Lock()

    def version(self) -> Mapping[str, Any]:
        response = self.channel.get("/json/version", label="json2 common.version")
        if response.status == 404:  # the rpc module is not installed
            return dict(
                self._web.call(
                    "/web/webclient/version_info",
                    {},
                    read_only=True,
                    info=CallInfo(None, "version"),
                    label="json2 common.version",
                )
            )
        return dict(self._answer(response, CallInfo(None, "version"), read_only=True))

    def list_databases(self) -> list[str]:
        info = CallInfo(None, "db.list")
        return list(self._web.call("/web/database/list", {}, read_only=True, info=info, label="json2 db.list"))

    def _authenticate(self, login: Login) -> int | None:
        try:
            context = self._post(login, "res.users", "context_get", {}, self._call_info_for(login, "context_get"))
        except AuthenticationError:
            return None
        return int(context["uid"]) if isinstance(context, dict) and context.get("uid") else None

    def _execute_kw(
        self, model: str, method: str, args: Sequence[Any] = (), kwargs: Mapping[str, Any] | None = None
    ) -> Any:
        body = self.named_arguments(model, method, args, kwargs or {})
        if body is None:
            return self._positional(model, method, args, kwargs or {})
        result = self._post(self._require_login(), model, method, body, self._call_info(model, method))
        if method == "create" and args and isinstance(args[0], Mapping) and isinstance(result, list):
            return result[0]  # as /xmlrpc and /jsonrpc answer a create of one dict
        return result

    def _call_records(
        self, model: str, method: str, ids: list[int], args: Sequence[Any], kwargs: Mapping[str, Any] | None
    ) -> Any:
        body = self.named_arguments(model, method, args, kwargs or {}, ids=ids)
        if body is None:
            return self._positional(model, method, [ids, *args], kwargs or {})
        return self._post(self._require_login(), model, method, body, self._call_info(model, method))

    def _positional(self, model: str, method: str, args: Sequence[Any], kwargs: Mapping[str, Any]) -> Any:
        """A call whose parameters JSON-2 cannot name, sent as it is over JSON-RPC (``POST /jsonrpc``,
        ``execute_kw`` with the API key as password; Odoo 19 still serves it): nothing is guessed."""
        info = self._call_info(model, method)
        return self._web.execute_kw(self._require_login(), model, method, args, kwargs, info)

    # ------------------------------------------------------------ arguments

    def named_arguments(
        self,
        model: str,
        method: str,
        args: Sequence[Any],
        kwargs: Mapping[str, Any],
        *,
        ids: Sequence[int] | None = None,
    ) -> dict[str, Any] | None:
        """The JSON-2 body for ``model.method(*args, **kwargs)`` (on the records *ids* when given);
        never drops an argument, never guesses one. ``None`` when positional arguments cannot be
        named: neither the built-in table nor ``/doc-bearer`` knows the method."""
        body = dict(kwargs)
        if ids is not None:
            body["ids"] = list(ids)
        if not args:
            return body
        signature = self._signature(model, method)
        if signature is None:
            return None
        return _bind(model, method, signature, args, body, ids_given=ids is not None)

    def _signature(self, model: str, method: str) -> MethodSignature | None:
        known = builtin_signature(method, self.server_version)
        if known is not None:
            return known
        with self._lock:
            if (model, method) not in self._signatures:
                self._signatures[(model, method)] = self._documented_signature(model, method)
            return self._signatures[(model, method)]

    def documented_methods(self, model: str) -> tuple[str, ...]:
        with self._lock:
            return self._documented.get(model, ())

    def read_documented_methods(self, model: str) -> tuple[str, ...] | None:
        """*model*'s public methods from the server's api_doc: one call (none when already read);
        ``None`` when the server does not offer it (no ``api_doc`` module, or a user outside its group)."""
        with self._lock:
            if model not in self._documented:
                self._api_doc_methods(model)
            return self._documented.get(model)

    def _documented_signature(self, model: str, method: str) -> MethodSignature | None:
        """The signature from ``/doc-bearer/<model>.json``, or None when not offered."""
        entry = (self._api_doc_methods(model) or {}).get(method)
        if not entry:
            return None
        params = [
            name
            for name, spec in (entry.get("parameters") or {}).items()
            if (spec or {}).get("kind", "POSITIONAL_OR_KEYWORD") in ("POSITIONAL_OR_KEYWORD", "POSITIONAL_ONLY")
        ]
        return MethodSignature(tuple(params), "model" in (entry.get("api") or ()))

    def _api_doc_methods(self, model: str) -> dict[str, Any] | None:
        """The ``methods`` of ``/doc-bearer/<model>.json`` (one call), their public names kept."""
        login = self._require_login()
        try:
            path = f"/doc-bearer/{path_segment(model)}.json"
            label = f"json2 {model}.api_doc"
            response = self.channel.post(path, b"", self._headers(login), read_only=True, label=label)
            doc = jsoncodec.decode(response, read_only=True) if response.status == 200 else None
        except (HTTPError, ProtocolError):
            return None
        methods = doc.get("methods") if isinstance(doc, dict) else None
        if not isinstance(methods, dict):
            return None
        self._documented[model] = tuple(sorted(name for name in methods if not name.startswith("_")))
        return methods

    # ------------------------------------------------------------ HTTP

    def _headers(self, login: Login) -> dict[str, str]:
        return {
            **jsoncodec.JSON_HEADERS,
            "Authorization": f"bearer {login.secret.reveal()}",
            "X-Odoo-Database": login.db,
        }

    def _post(self, login: Login, model: str, method: str, body: Mapping[str, Any], info: CallInfo) -> Any:
        read_only = is_read_only(method)
        response = self.channel.post(
            f"/json/2/{path_segment(model)}/{path_segment(method)}",
            jsoncodec.encode(body),
            self._headers(login),
            read_only=read_only,
            label=f"json2 {model}.{method}",
        )
        return self._answer(response, info, read_only=read_only)

    def _answer(self, response: Answer, info: CallInfo, *, read_only: bool) -> Any:
        check_redirect(response)
        document = jsoncodec.decode(response, read_only=read_only)
        if response.status < 400:
            return document
        if isinstance(document, dict) and document.get("name"):
            raise from_json_error(document, info)
        raise not_an_odoo_answer(
            f"HTTP error without an Odoo fault: {str(document)[:120]}",
            url=response.url,
            status=response.status,
            read_only=read_only,
        )

    def _call_info_for(self, login: Login, method: str) -> CallInfo:
        return CallInfo("res.users", method, login.describe(self.url))


def _bind(
    model: str, method: str, signature: MethodSignature, args: Sequence[Any], body: dict[str, Any], *, ids_given: bool
) -> dict[str, Any]:
    positional = list(args)
    if not signature.model_method and not ids_given:
        body["ids"] = positional.pop(0)
    if len(positional) > len(signature.params):
        raise SignatureError(
            f"{model}.{method} takes at most {len(signature.params)} positional arguments "
            f"({', '.join(signature.params) or 'none'}) after the ids; {len(positional)} were given"
        )
    for name, value in zip(signature.params, positional, strict=False):  # fewer values than names is fine
        if name in body:
            raise SignatureError(f"{model}.{method}: argument {name!r} given both by position and by name")
        body[name] = value
    return body
