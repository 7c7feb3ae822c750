"""XML-RPC: ``/xmlrpc/2/common``, ``/xmlrpc/2/db`` and ``/xmlrpc/2/object``.

Marshalled with the standard library, sent with requests. What XML-RPC
cannot carry is handled the way Odoo's own server reads it: ``None`` goes
as ``<nil/>`` and integers beyond 32 bits as ``<i8>`` (both understood by
Odoo's parser); integers beyond 64 bits and strings holding control
characters (which XML 1.0 forbids) raise :class:`~odoorm.errors.MarshalError`.

Answers are parsed with the standard unmarshaller, which refuses arrays and
structs nested deeper than :data:`MAX_DEPTH` (a :class:`~odoorm.errors.ProtocolError`,
as the JSON decoder does). An answer holding a control character (text
written over JSON-RPC or JSON-2 may) is not XML: its error says to read those
records over JSON.
"""

from __future__ import annotations

import re
import xmlrpc.client
from collections.abc import Callable, Mapping, Sequence
from typing import Any
from xml.parsers import expat
from xml.parsers.expat import ExpatError

from ..errors import MarshalError
from .base import Login, Transport
from .exchange import check_redirect
from .faults import CallInfo, from_xmlrpc_fault, not_an_odoo_answer
from .methods import is_read_only
from .wire import to_wire

__all__ = ["XmlRpcTransport"]

_XML_FORBIDDEN = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")
#: The deepest nesting of arrays and structs an answer may have: Odoo's answers are a few levels
#: deep, and Python's own recursion (``repr``, ``==``) fails on values nested near 1000 deep.
MAX_DEPTH = 500
_HEADERS = {"Content-Type": "text/xml; charset=utf-8", "Accept": "text/xml"}


class _Marshaller(xmlrpc.client.Marshaller):
    """The standard marshaller, with ``<i8>`` for 64-bit ints and a check on strings."""

    dispatch = dict(xmlrpc.client.Marshaller.dispatch)

    def dump_long(self, value: int, write: Callable[[str], Any]) -> None:
        if -(2**31) <= value < 2**31:
            write(f"<value><int>{value}</int></value>\n")
        elif -(2**63) <= value < 2**63:
            write(f"<value><i8>{value}</i8></value>\n")
        else:
            raise MarshalError(f"the integer {value} is too large for XML-RPC (64 bits at most)")

    def dump_unicode(self, value: str, write: Callable[[str], Any], escape: Any = xmlrpc.client.escape) -> None:
        if bad := _XML_FORBIDDEN.search(value):
            raise MarshalError(
                f"XML-RPC cannot carry the control character {bad.group()!r} in {value[:60]!r}; "
                "remove it or use protocol='jsonrpc'"
            )
        super().dump_unicode(value, write, escape)

    def dump_struct(
        self, value: Mapping[str, Any], write: Callable[[str], Any], escape: Any = xmlrpc.client.escape
    ) -> None:
        for key in value:
            if isinstance(key, str) and (bad := _XML_FORBIDDEN.search(key)):
                raise MarshalError(
                    f"XML-RPC cannot carry the control character {bad.group()!r} in the key {key[:60]!r}"
                )
        super().dump_struct(value, write, escape)

    dispatch[dict] = dump_struct  # type: ignore[assignment]
    dispatch[int] = dump_long  # type: ignore[assignment]
    dispatch[str] = dump_unicode  # type: ignore[assignment]


def dumps(method: str, params: Sequence[Any]) -> bytes:
    """A ``<methodCall>`` document for ``method(*params)``."""
    body = _Marshaller("utf-8", allow_none=True).dumps(tuple(to_wire(list(params), "arguments")))
    document = (
        "<?xml version='1.0'?>\n<methodCall>\n"
        f"<methodName>{xmlrpc.client.escape(method)}</methodName>\n{body}</methodCall>\n"
    )
    try:
        return document.encode("utf-8")
    except UnicodeEncodeError as exc:
        raise MarshalError(f"cannot send a string holding a lone surrogate: {exc}") from exc


class XmlRpcTransport(Transport):
    """Odoo's ``/xmlrpc/2`` endpoints (all releases; deprecated from 19, removed in 20)."""

    name = "xmlrpc"

    def version(self) -> Mapping[str, Any]:
        return dict(self._call("common", "version", [], read_only=True, info=CallInfo(None, "common.version")))

    def list_databases(self) -> list[str]:
        no_args: list[Any] = []
        return list(self._call("db", "list", no_args, read_only=True, info=CallInfo(None, "db.list")))

    def _authenticate(self, login: Login) -> int | None:
        args: list[Any] = [login.db, login.login, login.secret.reveal(), {}]
        info = self._call_info(None, "common.authenticate")
        return self._call("common", "authenticate", args, read_only=True, info=info) or None

    def _execute_kw(
        self, model: str, method: str, args: Sequence[Any] = (), kwargs: Mapping[str, Any] | None = None
    ) -> Any:
        login = self._require_login()
        params = [login.db, login.uid, login.secret.reveal(), model, method, list(args), dict(kwargs or {})]
        info = self._call_info(model, method)
        return self._call("object", "execute_kw", params, read_only=is_read_only(method), info=info)

    def _call(self, service: str, method: str, params: list[Any], *, read_only: bool, info: CallInfo) -> Any:
        label = f"xmlrpc {info.model}.{info.method}" if info.model else f"xmlrpc {service}.{method}"
        response = self.channel.post(
            f"/xmlrpc/2/{service}", dumps(method, params), _HEADERS, read_only=read_only, label=label
        )
        check_redirect(response)
        try:
            (result,), _ = _loads(response.content)
        except xmlrpc.client.Fault as fault:
            if _is_none_result(fault):
                return None
            raise from_xmlrpc_fault(fault.faultCode, fault.faultString, info) from fault
        except (ExpatError, xmlrpc.client.ResponseError, ValueError, TypeError, IndexError) as exc:
            snippet = response.content[:120].decode("utf-8", "replace").strip()
            raise not_an_odoo_answer(
                f"not an XML-RPC answer: {snippet!r}{_hint(exc)}",
                url=response.url,
                status=response.status,
                read_only=read_only,
            ) from exc
        if response.status >= 400:
            raise not_an_odoo_answer(
                "HTTP error with an XML-RPC result",
                url=response.url,
                status=response.status,
                read_only=read_only,
            )
        return result


class _Unmarshaller(xmlrpc.client.Unmarshaller):
    """The standard unmarshaller, refusing arrays and structs nested deeper than :data:`MAX_DEPTH`
    (checked as each one closes: no cost per value)."""

    dispatch = dict(xmlrpc.client.Unmarshaller.dispatch)

    def end_array(self, data: str) -> None:
        self._check_depth()
        super().end_array(data)

    def end_struct(self, data: str) -> None:
        self._check_depth()
        super().end_struct(data)

    def _check_depth(self) -> None:
        if len(self._marks) > MAX_DEPTH:
            raise xmlrpc.client.ResponseError(f"arrays and structs nested more than {MAX_DEPTH} deep")

    dispatch["array"] = end_array  # type: ignore[assignment]
    dispatch["struct"] = end_struct  # type: ignore[assignment]


def _loads(data: bytes) -> tuple[tuple[Any, ...], str | None]:
    """``xmlrpc.client.loads(data, use_builtin_types=True)``, with :class:`_Unmarshaller`."""
    unmarshaller = _Unmarshaller(use_builtin_types=True)
    parser = xmlrpc.client.ExpatParser(unmarshaller)
    parser.feed(data)
    parser.close()
    return unmarshaller.close(), unmarshaller.getmethodname()


def _hint(error: Exception) -> str:
    """What to do when an answer is not XML because of a character XML 1.0 forbids."""
    if isinstance(error, ExpatError) and error.code == expat.errors.codes[expat.errors.XML_ERROR_INVALID_TOKEN]:
        return (
            "; the answer may hold a control character XML forbids (text written over JSON-RPC or "
            "JSON-2 can): read these records over JSON-RPC or JSON-2 (protocol='jsonrpc' or 'json2')"
        )
    return ""


def _is_none_result(fault: xmlrpc.client.Fault) -> bool:
    """Whether the server ran the method but could not marshal its ``None`` result.

    Odoo's XML-RPC answer is marshalled without ``allow_none`` after the call
    has committed, so a method returning ``None`` reaches the client as this
    fault; the other protocols answer ``null``.
    """
    text = str(fault.faultString)
    return text.rstrip().endswith("TypeError: cannot marshal None unless allow_none is enabled") and (
        "in dumps" in text
    )
