"""Protocols to talk to an Odoo server: XML-RPC, JSON-RPC and JSON-2.

Every transport implements :class:`~odoorm.transport.base.Transport` over
one pooled :class:`~odoorm.transport.http.HttpChannel`. The protocol modules
build :class:`~odoorm.transport.exchange.Request` values and read
:class:`~odoorm.transport.exchange.Answer` values; the channel is the one
object that sends (see docs/architecture.md).
"""

from __future__ import annotations

from .base import Login, Transport
from .exchange import Answer, Request
from .http import HttpChannel, InsecureConnectionWarning
from .json2 import JsonTwoTransport
from .jsonrpc import JsonRpcTransport
from .retry import RetryPolicy
from .xmlrpc import XmlRpcTransport

__all__ = [
    "TRANSPORTS",
    "Answer",
    "Request",
    "HttpChannel",
    "InsecureConnectionWarning",
    "JsonRpcTransport",
    "JsonTwoTransport",
    "Login",
    "RetryPolicy",
    "Transport",
    "XmlRpcTransport",
]

#: Transport classes by protocol name.
TRANSPORTS: dict[str, type[Transport]] = {
    "xmlrpc": XmlRpcTransport,
    "jsonrpc": JsonRpcTransport,
    "json2": JsonTwoTransport,
}
