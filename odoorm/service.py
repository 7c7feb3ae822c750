"""Calls that need no login: the server's version, and Odoo's public demo service.

>>> odoorm.server_version("https://mycompany.odoo.com")
ServerVersion('19.0', …)
>>> env = odoorm.connect_demo()        # a fresh test database from https://demo.odoo.com
"""

from __future__ import annotations

from typing import Any

from .config import DEFAULT_TIMEOUT, Timeout
from .config import _normalise_url as normalise_url
from .connection import connect
from .env import Environment
from .transport import TRANSPORTS, HttpChannel
from .transport.demo import request_demo_database
from .version import ServerVersion

__all__ = ["DEMO_SERVICE", "connect_demo", "server_version"]

#: Odoo's public demo service: each ``start`` call creates a test database.
DEMO_SERVICE = "https://demo.odoo.com"


def server_version(
    url: str, *, protocol: str = "jsonrpc", timeout: Timeout = DEFAULT_TIMEOUT, verify: bool | str = True
) -> ServerVersion:
    """The version of the Odoo server at *url* (``common.version()``; no login). One call."""
    channel = HttpChannel(normalise_url(url), timeout=timeout, verify=verify)
    try:
        transport = TRANSPORTS["xmlrpc" if protocol == "xmlrpc" else "jsonrpc"](channel)
        return ServerVersion.from_answer(transport.version())
    finally:
        channel.close()


def connect_demo(
    url: str = DEMO_SERVICE, *, timeout: Timeout = DEFAULT_TIMEOUT, verify: bool | str = True, **options: Any
) -> Environment:
    """Ask Odoo's demo service at *url* for a fresh test database and connect to it.

    The service's ``start`` call answers with a host, a database, a login and a
    password; *options* go to :func:`odoorm.connect` (``protocol=``, ``context=``…).
    Round trips: 1 + those of :func:`~odoorm.connect`. The database is the service's:
    it is temporary and public.
    """
    channel = HttpChannel(normalise_url(url), timeout=timeout, verify=verify)
    try:
        answer = request_demo_database(channel)
    finally:
        channel.close()
    return connect(
        str(answer["host"]), str(answer["database"]), str(answer["user"]), password=str(answer["password"]),
        timeout=timeout, verify=verify, **options,
    )  # fmt: skip
