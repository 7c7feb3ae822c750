"""Opening a connection: settings, server version, protocol choice, login.

:func:`connect` costs two round trips: the server's version, then the
authentication (plus one to list databases when ``db`` is omitted).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import requests

from .config import DEFAULT_TIMEOUT, Settings, Timeout
from .env import Environment
from .errors import ConfigurationError
from .transport import TRANSPORTS, HttpChannel, RetryPolicy, Transport
from .version import ServerVersion

__all__ = ["connect", "choose_protocol"]

#: The first release that has the JSON-2 API.
JSON2_SINCE = (19, 0)


def connect(
    url: str | None = None,
    db: str | None = None,
    username: str | None = None,
    password: str | None = None,
    *,
    api_key: str | None = None,
    protocol: str = "auto",
    timeout: Timeout = DEFAULT_TIMEOUT,
    verify: bool | str = True,
    context: Mapping[str, Any] | None = None,
    readonly: bool = False,
    retries: int = 2,
    http_session: requests.Session | None = None,
) -> Environment:
    """Connect to an Odoo server and return an authenticated :class:`Environment`.

    Missing arguments come from ``ODOO_URL``, ``ODOO_DB``, ``ODOO_USERNAME``
    and ``ODOO_PASSWORD`` / ``ODOO_API_KEY``. ``db`` may be omitted when the
    server lists exactly one database. An API key may replace the password.

    ``protocol``: ``"xmlrpc"``, ``"jsonrpc"``, ``"json2"`` or ``"auto"``
    (JSON-2 on Odoo 19+ when an API key is given, JSON-RPC otherwise).
    ``timeout``: seconds, or ``(connect, read)``. ``verify``: TLS
    verification (on by default; a CA bundle path is accepted).
    ``readonly``: refuse, before sending, every method not known to be
    read-only. ``retries``: extra attempts for read-only calls after a
    transient failure. ``http_session``: a ``requests.Session`` to use (and
    share) instead of a new one.

    Round trips: 2 (version, authenticate), 3 when ``db`` is omitted.

    Raises:
        ConfigurationError: settings missing or contradictory.
        AuthenticationError: the server refused the login or key.
        TransportError: the server could not be reached.
    """
    settings = Settings.resolve(
        url=url, db=db, username=username, password=password, api_key=api_key,
        protocol=protocol, timeout=timeout, verify=verify, context=dict(context or {}),
        readonly=readonly, retries=retries,
    )  # fmt: skip
    channel = HttpChannel(
        settings.url,
        timeout=settings.timeout,
        verify=settings.verify,
        retry=RetryPolicy(retries=settings.retries),
        session=http_session,
    )
    return open_environment(settings, channel)


def open_environment(settings: Settings, channel: HttpChannel) -> Environment:
    """Authenticate over *channel* as *settings* say; the second half of :func:`connect`."""
    probe = TRANSPORTS["jsonrpc" if settings.protocol == "auto" else settings.protocol](channel)
    version = ServerVersion.from_answer(probe.version())
    name = choose_protocol(settings.protocol, version, has_api_key=settings.api_key is not None)
    transport = probe if probe.name == name else TRANSPORTS[name](channel)
    transport.server_version = version.info
    try:
        db = settings.db or _only_database(transport)
        uid = transport.authenticate(db, settings.username, settings.secret)
    except BaseException:
        transport.close()
        raise
    return Environment(transport, settings, version, uid, db)


def choose_protocol(requested: str, version: ServerVersion, *, has_api_key: bool) -> str:
    """The protocol to use: *requested*, or for ``"auto"`` the best the server offers."""
    if requested != "auto":
        if requested == "json2" and version < JSON2_SINCE:
            raise ConfigurationError(f"the JSON-2 API needs Odoo 19 or later; this server runs {version}")
        return requested
    return "json2" if has_api_key and version >= JSON2_SINCE else "jsonrpc"


def _only_database(transport: Transport) -> str:
    names = transport.list_databases()
    if len(names) != 1:
        listed = ", ".join(map(repr, names)) or "none"
        raise ConfigurationError(f"pass db= (or set ODOO_DB): {transport.url} lists {len(names)} databases: {listed}")
    return names[0]
