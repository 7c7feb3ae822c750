"""Protocols to talk to an Odoo server: XML-RPC, JSON-RPC and JSON-2.

Every transport implements :class:`~odoorm.transport.base.Transport` over
one pooled :class:`~odoorm.transport.http.HttpChannel`.
"""

from __future__ import annotations

from .base import Login, Transport
from .http import HttpChannel, InsecureConnectionWarning, RetryPolicy
from .json2 import JsonTwoTransport
from .jsonrpc import JsonRpcTransport
from .xmlrpc import XmlRpcTransport

__all__ = [
    "TRANSPORTS",
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
