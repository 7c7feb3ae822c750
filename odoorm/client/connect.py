"""Opening a connection: settings, protocol choice, login.

:func:`connect` costs one round trip: the authentication (plus one to list
databases when ``db`` is omitted); none when the same login was accepted
before in this process, or for an API key in the metadata cache on disk
(:mod:`odoorm.client.logins`). The server's version is not asked: the protocol
is known (given, or ``"auto"``: JSON-2 is tried with an API key and JSON-RPC
used when the server has no JSON-2 API), and ``env.version`` asks for it on
first use.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from typing import Any

import requests

from ..errors import AuthenticationError, ConfigurationError, OdooError, TransportError
from ..meta.diskcache import MetadataCache
from ..meta.releases import JSON2_SINCE
from ..meta.versions import ServerVersion
from ..orm.connection_info import ConnectionInfo
from ..orm.environment import Environment
from ..orm.registry import forget_registries
from ..transport import TRANSPORTS, HttpChannel, RetryPolicy, Transport
from . import login_errors, logins
from .reports import open_printer
from .settings import DEFAULT_DEADLINE, DEFAULT_TIMEOUT, Settings, Timeout

__all__ = ["connect", "open_environment", "connection_info", "forget_connections"]

#: What a server without the JSON-2 API answers ``/json/2/...``: a redirect to its login page
#: (Odoo 17-18's ``/json`` route) or "not found".
NO_JSON2_STATUSES = frozenset({301, 302, 303, 307, 308, 404})


def connect(
    url: str | None = None,
    db: str | None = None,
    username: str | None = None,
    password: str | None = None,
    *,
    api_key: str | None = None,
    protocol: str = "auto",
    timeout: Timeout = DEFAULT_TIMEOUT,
    deadline: float | None = DEFAULT_DEADLINE,
    verify: bool | str = True,
    context: Mapping[str, Any] | None = None,
    readonly: bool = False,
    retries: int = 2,
    http_session: requests.Session | None = None,
    metadata_cache: MetadataCache | str | os.PathLike[str] | bool | None = None,
) -> Environment:
    """Connect to an Odoo server and return an authenticated :class:`Environment`.

    Missing arguments come from ``ODOO_URL``, ``ODOO_DB``, ``ODOO_USERNAME``
    and ``ODOO_PASSWORD`` / ``ODOO_API_KEY``. ``db`` may be omitted when the
    server lists exactly one database. An API key may replace the password.

    ``protocol``: ``"xmlrpc"``, ``"jsonrpc"``, ``"json2"`` or ``"auto"``
    (JSON-2 on Odoo 19+ when an API key is given, JSON-RPC otherwise: with a
    key, the JSON-2 login is tried first and JSON-RPC used if the server has
    no JSON-2 API).
    ``timeout``: seconds, or ``(connect, read)``, for each wait on the socket
    (default 10 s to connect, 120 s for each read). ``deadline``: seconds for
    a whole call, retries and backoff included (default 300 s; ``None``: no
    deadline): past it a call ends in :class:`~odoorm.errors.RequestTimeout`,
    with ``outcome_unknown`` set unless the method only reads, and no attempt
    starts after it. ``verify``: TLS
    verification (on by default; a CA bundle path is accepted).
    ``readonly``: refuse, before sending, every method not known to be
    read-only. ``retries``: extra attempts for read-only calls after a
    transient failure. ``http_session``: a ``requests.Session`` to use (and
    share) instead of a new one. ``metadata_cache``: keep model metadata on disk
    between processes (a directory, ``True`` for ``~/.cache/odoorm/metadata``, or an
    :class:`~odoorm.MetadataCache` with its own ``max_age``; default: ``ODOORM_METADATA_CACHE``
    if set, else off), so that a fresh process builds its model classes without ``fields_get``.

    Round trips: 1 (authenticate; ``auto`` with a key on a server older than
    19: 2), one more when ``db`` is omitted; 0 for a login the server accepted
    before in this process (or, for an API key, in the metadata cache): then a
    revoked key or changed password is refused at the first call instead, with
    the same :class:`~odoorm.errors.AuthenticationError`. The server's version
    is asked later, only if something needs it (``env.version``).

    The login: XML-RPC and JSON-RPC send it with the secret, and the server refuses an API key of
    another user. JSON-2 sends the key alone, so connecting costs no more than before but the login
    is compared with the key's owner when it is first needed (``env.username``: one ``read``;
    ``odoorm check``): a difference raises :class:`~odoorm.errors.LoginMismatchError`.

    A failed login says what most likely went wrong: a database the server does not have is an
    :class:`~odoorm.errors.UnknownDatabaseError` listing the server's databases when it lists them
    (one more call, on that path only); a URL of the web client (``…/odoo``, ``…/web``,
    ``…/odoo/action-12``) a :class:`~odoorm.errors.ConfigurationError` giving the server's root URL;
    a refusal names the credential refused (the password, or the API key).

    Raises:
        ConfigurationError: settings missing or contradictory (a ``deadline`` not above 0), a URL
            that is a page of the web client.
        UnknownDatabaseError: no such database on the server.
        AuthenticationError: the server refused the login or key.
        TransportError: the server could not be reached.
    """
    settings = Settings.resolve(
        url=url,
        db=db,
        username=username,
        password=password,
        api_key=api_key,
        protocol=protocol,
        timeout=timeout,
        deadline=deadline,
        verify=verify,
        context=dict(context or {}),
        readonly=readonly,
        retries=retries,
        metadata_cache=metadata_cache,
    )
    channel = HttpChannel(
        settings.url,
        timeout=settings.timeout,
        deadline=settings.deadline,
        verify=settings.verify,
        retry=RetryPolicy(retries=settings.retries),
        session=http_session,
    )
    return open_environment(settings, channel)


def open_environment(settings: Settings, channel: HttpChannel) -> Environment:
    """Authenticate over *channel* as *settings* say; the second half of :func:`connect`.

    A login the server accepted before in this process (or, for an API key, in the metadata
    cache on disk) is reused without a call: see :mod:`odoorm.client.logins`."""
    name = settings.protocol
    if name == "auto":
        name = "json2" if settings.api_key is not None else "jsonrpc"
    transport = TRANSPORTS[name](channel)
    db = settings.db
    try:
        db = db or _only_database(transport)
        key = logins.LoginKey.of(settings, db)
        known = logins.remembered(key, settings.metadata_cache)
        if known is not None and (settings.protocol != "json2" or known.protocol == "json2"):
            if settings.protocol == "auto" and known.protocol != transport.name:
                transport = TRANSPORTS[known.protocol](channel)
            transport.assume_login(db, settings.username, settings.secret, known.uid)
            uid = known.uid
        else:
            transport, uid = _authenticate(transport, settings, db)
            logins.remember(key, logins.RememberedLogin(uid, transport.name), settings.metadata_cache)
    except OdooError as error:
        clearer = login_errors.explain(error, transport, settings.url, db)
        transport.close()
        if clearer is None:
            raise
        raise clearer from error
    except BaseException:
        transport.close()
        raise
    return Environment(transport, connection_info(settings, transport, db, uid))


def connection_info(settings: Settings, transport: Transport, db: str, uid: int) -> ConnectionInfo:
    """What the environment of this connection is told: the facts, the metadata store on disk, and
    the client's services (forgetting a refused remembered login, opening the report printer)."""
    lang = settings.context.get("lang")
    store = settings.metadata_cache.store(settings.url, db, uid, lang) if settings.metadata_cache else None
    key = logins.LoginKey.of(settings, db)
    return ConnectionInfo(
        url=settings.url,
        db=db,
        uid=uid,
        username=settings.username,
        login_checked=transport.name != "json2",
        readonly=settings.readonly,
        context=dict(settings.context),
        metadata_store=store,
        forget_login=lambda: logins.forget(key, settings.metadata_cache),
        open_printer=lambda: open_printer(transport, settings, db, uid),
    )


def _authenticate(transport: Transport, settings: Settings, db: str) -> tuple[Transport, int]:
    """Check the credentials with the server (one call): the transport that answered, and the uid.
    ``auto`` with an API key falls back to JSON-RPC on a server without the JSON-2 API."""
    try:
        return transport, transport.authenticate(db, settings.username, settings.secret)
    except TransportError as error:
        if transport.name != "json2" or error.status not in NO_JSON2_STATUSES:
            raise
        if settings.protocol == "json2":
            refusal = _no_json2(transport, error)
            if refusal is error:
                raise
            raise refusal from error
    fallback = TRANSPORTS["jsonrpc"](transport.channel)  # auto, on a server without JSON-2: Odoo 18 or older
    return fallback, fallback.authenticate(db, settings.username, settings.secret)


def _no_json2(transport: Transport, error: TransportError) -> OdooError:
    """The error for ``protocol="json2"`` when ``/json/2`` answered *error* (a redirect or "not
    found"): a configuration error when the server is older than Odoo 19 (one call: its
    version), else *error* itself."""
    try:
        version = ServerVersion.from_answer(TRANSPORTS["jsonrpc"](transport.channel).version())
    except OdooError:
        return error
    if version < JSON2_SINCE:
        return ConfigurationError(f"the JSON-2 API needs Odoo 19 or later; this server runs {version}")
    return error


def _only_database(transport: Transport) -> str:
    """The server's one database, asked with ``db.list`` (one call)."""
    try:
        names = transport.list_databases()
    except AuthenticationError:  # Odoo answers AccessDenied when its list_db option is off
        raise ConfigurationError(
            f"pass db= (or set ODOO_DB): {transport.url} does not list its databases (its list_db option is off)"
        ) from None
    if len(names) != 1:
        listed = ", ".join(map(repr, names)) or "none"
        raise ConfigurationError(f"pass db= (or set ODOO_DB): {transport.url} lists {len(names)} databases: {listed}")
    return names[0]


def forget_connections() -> None:
    """Forget what this process remembers of earlier connections: the model registries (classes,
    versions, what the learned prefetch policy knows) and the logins the servers accepted. The next
    :func:`connect` starts cold (for tests, and after a server was reinstalled)."""
    forget_registries()
    logins.forget_logins()
