"""What a failed login most likely means, said in the user's terms.

The first mistakes with a new server are a database name mistyped and a URL copied from the
browser's address bar. The server answers the first with PostgreSQL's own text (``database "x"
does not exist``, or on JSON-2 an HTML "No database is selected" page), the second with an HTML page
of its web client. :func:`refuse_web_client_url` refuses the web client's own URLs before anything is
sent; :func:`explain` turns them into :class:`~odoorm.errors.UnknownDatabaseError`
(with the databases the server lists, when it lists them) and a
:class:`~odoorm.errors.ConfigurationError` giving the server's root URL. Only the failure path costs
a call: one ``db.list`` when the database seems unknown.
"""

from __future__ import annotations

import re
from urllib.parse import urlsplit

from ..errors import (
    AccessDenied,
    ConfigurationError,
    HTTPError,
    OdooError,
    ProtocolError,
    ServerError,
    UnknownDatabaseError,
)
from ..transport import Transport

__all__ = ["explain", "web_client_root", "refuse_web_client_url"]

#: PostgreSQL's text for a database that does not exist (as Odoo relays it), and JSON-2's HTML page.
_NO_DATABASE = re.compile(r'database "(?P<name>[^"]*)" does not exist|No database is selected')

#: First path segments of Odoo's web client: ``/odoo``, ``/odoo/action-12``, ``/web``, ``/web/login``…
_WEB_CLIENT = frozenset({"odoo", "web", "scoped_app"})


def explain(error: OdooError, transport: Transport, url: str, db: str | None) -> OdooError | None:
    """A clearer error for *error*, raised while logging in to *db* at *url*, or ``None`` to keep it.

    Round trips: one ``db.list`` when the database seems not to exist; none otherwise."""
    no_database = db is not None and _NO_DATABASE.search(str(error)) is not None
    if isinstance(error, HTTPError | ProtocolError) and urlsplit(url).path not in ("", "/") and not no_database:
        return _not_the_root(url)
    if db is not None and no_database and isinstance(error, ServerError | HTTPError):
        return UnknownDatabaseError(db, url, _listed(transport))
    return None


def refuse_web_client_url(url: str) -> None:
    """Refuse, before anything is sent, a URL of Odoo's web client (``…/odoo``, ``…/odoo/action-12``,
    ``…/web``, ``…/web/login``): the password would go to a web page. Odoo cannot be served below a
    path of those names, so such a URL is never the server's root."""
    if any(segment in _WEB_CLIENT for segment in urlsplit(url).path.split("/")):
        raise _not_the_root(url, "is a page of Odoo's web client")


def web_client_root(url: str) -> str:
    """*url* without the web client's part: ``https://erp.example.com/odoo/action-12`` →
    ``https://erp.example.com`` (a path before ``/odoo`` or ``/web`` is kept: a server behind a prefix)."""
    parts = urlsplit(url)
    kept: list[str] = []
    for segment in parts.path.split("/"):
        if segment in _WEB_CLIENT:
            break
        kept.append(segment)
    path = "/".join(kept).rstrip("/")
    return f"{parts.scheme}://{parts.netloc}{path}"


def _not_the_root(url: str, what: str = "answered with a web page") -> ConfigurationError:
    root = web_client_root(url)
    if root == url:
        root = f"{urlsplit(url).scheme}://{urlsplit(url).netloc}"
    return ConfigurationError(
        f"{url} {what}, not the root of Odoo's external API: give the server's root URL (url={root!r}?)"
    )


def _listed(transport: Transport) -> list[str] | None:
    """The databases the server lists, or ``None`` when it does not list them (``list_db = False``)."""
    try:
        return sorted(transport.list_databases())
    except (AccessDenied, ServerError, HTTPError, ProtocolError):
        return None
