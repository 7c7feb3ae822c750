"""The ``start`` call of Odoo's public demo service (``https://demo.odoo.com/start``).

An XML-RPC call with no argument, answered by the address, database, login
and password of a fresh test database.
"""

from __future__ import annotations

import xmlrpc.client
from collections.abc import Mapping
from typing import Any
from xml.parsers.expat import ExpatError

from ..errors import HTTPError, ProtocolError
from .exchange import check_redirect
from .faults import CallInfo, from_xmlrpc_fault
from .http import HttpChannel
from .xmlrpc import dumps

__all__ = ["DEMO_ANSWER_KEYS", "request_demo_database"]

#: What the ``start`` answer holds.
DEMO_ANSWER_KEYS = ("host", "database", "user", "password")


def request_demo_database(channel: HttpChannel) -> Mapping[str, Any]:
    """Ask the demo service behind *channel* for a test database (one call; not retried,
    since each call creates a database)."""
    response = channel.post("/start", dumps("start", []), {"Content-Type": "text/xml"}, read_only=False, label="start")
    check_redirect(response)
    try:
        (answer,), _ = xmlrpc.client.loads(response.content, use_builtin_types=True)
    except xmlrpc.client.Fault as fault:
        raise from_xmlrpc_fault(fault.faultCode, fault.faultString, CallInfo(None, "start")) from fault
    except (ExpatError, xmlrpc.client.ResponseError, ValueError, TypeError) as exc:
        cls = HTTPError if response.status >= 400 else ProtocolError
        snippet = response.content[:120].decode("utf-8", "replace").strip()
        raise cls(f"not a demo service answer: {snippet!r}", url=response.url, status=response.status) from exc
    missing = [key for key in DEMO_ANSWER_KEYS if not isinstance(answer, Mapping) or not answer.get(key)]
    if missing:
        raise ProtocolError(
            f"the demo service's answer lacks {', '.join(missing)}", url=response.url, status=response.status
        )
    return dict(answer)  # type: ignore[arg-type]  # checked above: a mapping
