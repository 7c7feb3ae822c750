"""Calls that need no login: the server's version, and Odoo's public demo service.

>>> odoorm.server_version("https://mycompany.odoo.com")
ServerVersion('19.0', …)
>>> env = odoorm.connect_demo()        # a fresh test database from https://demo.odoo.com
"""

from __future__ import annotations

from typing import Any

from ..errors import ConfigurationError
from ..meta.versions import ServerVersion
from ..orm.environment import Environment
from ..transport import TRANSPORTS, HttpChannel
from ..transport.demo_start import request_demo_database
from .connect import connect
from .settings import DEFAULT_TIMEOUT, Timeout
from .settings import _normalise_url as normalise_url

__all__ = ["DEMO_SERVICE", "connect_demo", "server_version"]

#: Odoo's public demo service: each ``start`` call creates a test database.
DEMO_SERVICE = "https://demo.odoo.com"
#: The :func:`~odoorm.connect` arguments the demo service's answer sets.
_DEMO_SETS = frozenset({"db", "username", "password", "api_key"})


def server_version(
    url: str, *, protocol: str = "jsonrpc", timeout: Timeout = DEFAULT_TIMEOUT, verify: bool | str = True
) -> ServerVersion:
    """The version of the Odoo server at *url* (``common.version()``; no login). One call."""
    if protocol not in TRANSPORTS:
        raise ConfigurationError(f"protocol is one of {', '.join(sorted(TRANSPORTS))}, not {protocol!r}")
    channel = HttpChannel(normalise_url(url), timeout=timeout, verify=verify)
    try:
        transport = TRANSPORTS[protocol](channel)
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
    taken = sorted(_DEMO_SETS & set(options))
    if taken:
        raise ConfigurationError(f"connect_demo() takes {', '.join(taken)} from the demo service, not from its caller")
    channel = HttpChannel(normalise_url(url), timeout=timeout, verify=verify)
    try:
        answer = request_demo_database(channel)
    finally:
        channel.close()
    return connect(
        str(answer["host"]),
        str(answer["database"]),
        str(answer["user"]),
        password=str(answer["password"]),
        timeout=timeout,
        verify=verify,
        **options,
    )
