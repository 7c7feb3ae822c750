"""A logged-in web session, for the few routes that RPC does not offer (report downloads).

Odoo renders reports through ``GET /report/<converter>/<name>/<ids>``, a
``type='http'`` route with ``auth='user'``: it needs the cookie of a session
opened by ``POST /web/session/authenticate``. That login is *interactive*,
so Odoo refuses API keys there: it takes the user's password.

The session cookie lives in this object's own cookie jar. It is sent on this
session's requests only (the RPC transports share the HTTP channel, whose
session keeps no cookie), never logged and never shown in a ``repr``. A
session the server let expire (it answers with a redirect to ``/web/login``)
is re-opened once. :meth:`WebSession.close` logs out.

This module knows nothing of records: it fetches a path and maps the
server's HTML error pages to odoorm errors, as :mod:`.faults` does for RPC.
"""

from __future__ import annotations

import html
import itertools
import logging
import re
import threading
import urllib.request
from collections.abc import Mapping
from typing import Any
from urllib.parse import urlencode

from requests.cookies import RequestsCookieJar

from .. import errors
from . import jsoncodec
from .credentials import Secret
from .exchange import Answer, check_redirect
from .faults import CallInfo, from_json_error
from .http import HttpChannel

__all__ = ["WebSession", "MIME_TYPES"]

_log = logging.getLogger("odoorm")

#: What each converter of the report route answers.
MIME_TYPES = {"pdf": "application/pdf", "html": "text/html", "text": "text/plain"}

_LOGIN_PATH = "/web/login"
_PRE = re.compile(r"<pre[^>]*>(.*?)</pre>", re.DOTALL | re.IGNORECASE)  # Odoo's error page: the message
_PARAGRAPH = re.compile(r"</h1>\s*<p>(.*?)</p>", re.DOTALL | re.IGNORECASE)  # werkzeug's error page
_TITLE = re.compile(r"<title>(.*?)</title>", re.DOTALL | re.IGNORECASE)
_TAG = re.compile(r"<[^>]+>")
#: HTML error pages by status: Odoo shows the message of these faults (others are hidden behind a 500).
_PAGE_ERRORS: dict[int, type[errors.ServerError]] = {
    400: errors.UserError,  # Odoo 18 and earlier: any UserError
    403: errors.AccessError,
    409: errors.UserError,  # LockError (Odoo 19)
    422: errors.UserError,  # Odoo 19: UserError
}


class WebSession:
    """A browser-like session of one user on one database, over a connection's HTTP channel.

    Round trips: the first :meth:`get` logs in first (one more); a session found
    expired costs a login and the request again, once.
    """

    def __init__(self, channel: HttpChannel, db: str, login: str, password: Secret, *, uid: int | None = None) -> None:
        """*uid*: the user the connection already calls as; a login as anyone else is refused."""
        self.channel = channel
        self.db = db
        self.login = login
        self._password = password
        self._expected_uid = uid
        self._jar = RequestsCookieJar()
        self._open = False
        self._ids = itertools.count(1)
        self._lock = threading.RLock()

    @property
    def is_open(self) -> bool:
        """Whether a login succeeded and the session was not closed since (the server may still expire it)."""
        return self._open

    # ------------------------------------------------------------ requests

    def get(self, path: str, query: Mapping[str, str] | None = None, *, expect: str, label: str) -> bytes:
        """The body of ``GET path?query``, which must be of MIME type *expect*.

        Raises:
            AuthenticationError: the login was refused, or asked for again right after one.
            AccessError, UserError: the server's error page, with its message.
            ServerError: the server failed and hides why (HTTP 500).
            ProtocolError: a success answer of another type (an HTML page instead of a PDF).
            TransportError: no answer, or a redirect elsewhere.
        """
        url = path + (f"?{urlencode(dict(query))}" if query else "")
        with self._lock:
            if not self._open:
                self._authenticate()
        response = self._send_get(url, label)
        if _asks_login(response):
            _log.info("%s: the web session expired; logging in again", label)
            with self._lock:
                self._authenticate()
            response = self._send_get(url, label)
            if _asks_login(response):
                raise errors.AuthenticationError(
                    f"the server asks for a login again right after one ({self._who()})", server_class=None
                )
        return _content(response, expect)

    def close(self) -> None:
        """Log out (``/web/session/destroy``) and forget the cookie. Never raises for a failed logout."""
        with self._lock:
            if not self._open:
                return
            self._open = False
            try:
                self._post_json("/web/session/destroy", {})
            except errors.OdooError as error:  # the server may have dropped the session already
                _log.debug("web session logout: %s", type(error).__name__)
            finally:
                self._jar.clear()

    # ------------------------------------------------------------ internals

    def _authenticate(self) -> None:
        params = {"db": self.db, "login": self.login, "password": self._password.reveal()}
        answer = self._post_json("/web/session/authenticate", params)
        uid = answer.get("uid") if isinstance(answer, dict) else None
        if not uid:  # e.g. a user with two-factor authentication
            raise errors.AuthenticationError(f"the server opened no web session ({self._who()})", server_class=None)
        if self._expected_uid is not None and uid != self._expected_uid:
            raise errors.ConfigurationError(
                f"the password logs in as uid {uid}, but the connection calls as uid {self._expected_uid}: "
                "give the password of the API key's user"
            )
        self._open = True

    def _post_json(self, path: str, params: Mapping[str, Any]) -> Any:
        """A JSON-RPC call to a ``/web/session`` route, with and updating this session's cookie."""
        body = jsoncodec.encode({"jsonrpc": "2.0", "method": "call", "params": dict(params), "id": next(self._ids)})
        headers = {**jsoncodec.JSON_HEADERS, **self._cookie_header("POST", path)}
        response = self.channel.post(path, body, headers, read_only=False, label=f"web {path}")
        self._keep_cookies(response)
        check_redirect(response)
        answer = jsoncodec.decode(response, read_only=True)
        if isinstance(answer, dict) and isinstance(answer.get("error"), dict):
            data = answer["error"].get("data") or {"message": answer["error"].get("message")}
            raise from_json_error(data, CallInfo(None, path, self._who()))
        if not isinstance(answer, dict) or response.status >= 400:
            raise errors.ProtocolError(
                "the answer is not a JSON-RPC response", url=response.url, status=response.status
            )
        return answer.get("result")

    def _send_get(self, url: str, label: str) -> Answer:
        response = self.channel.get(url, label=label, headers=self._cookie_header("GET", url))
        self._keep_cookies(response)
        return response

    def _keep_cookies(self, answer: Answer) -> None:
        if answer.cookies is not None:
            self._jar.update(answer.cookies)

    def _cookie_header(self, method: str, path: str) -> dict[str, str]:
        """The ``Cookie`` header the jar holds for *path* (domain, path and expiry rules applied)."""
        request = urllib.request.Request(self.channel.base_url + path, method=method)
        self._jar.add_cookie_header(request)
        cookie = request.get_header("Cookie")
        return {"Cookie": cookie} if cookie else {}

    def _who(self) -> str:
        return f"login {self.login!r} on database {self.db!r} at {self.channel.base_url}"

    def __repr__(self) -> str:
        state = "open" if self._open else "closed"
        return f"<WebSession {self.channel.base_url} db={self.db!r} login={self.login!r} {state}>"

    def __reduce__(self) -> Any:
        raise TypeError("odoorm refuses to pickle a web session: it holds a password and a session cookie")


def _asks_login(response: Answer) -> bool:
    """Whether the answer sends the browser to the login page (the session expired or was never valid)."""
    location = response.header("Location", "") if response.is_redirect else ""
    return location.split("?", 1)[0].endswith(_LOGIN_PATH)


def _content(response: Answer, expect: str) -> bytes:
    """The body when it is a success of type *expect*; else the error the answer stands for."""
    check_redirect(response)
    content_type = response.header("Content-Type", "").split(";", 1)[0].strip().lower()
    if response.status == 200 and content_type == expect:
        return response.content
    message = page_message(response.text) if content_type == "text/html" else ""
    if response.status == 200:
        shown = f": {message!r:.200}" if message else ""
        raise errors.ProtocolError(
            f"expected {expect}, the server answered {content_type or 'no type'}{shown}", url=response.url, status=200
        )
    cls = _PAGE_ERRORS.get(response.status)
    if cls is not None and message:
        raise cls(message, arguments=(message,))
    if response.status >= 500:
        raise errors.ServerError(
            f"{message or 'server error'} (HTTP {response.status}; the server hides "
            "the cause of this error, its log has the traceback)"
        )
    raise errors.HTTPError(
        message or f"HTTP {response.status} without an Odoo error page", url=response.url, status=response.status
    )


def page_message(page: str) -> str:
    """The message an Odoo or werkzeug error page shows, as plain text ('' when none)."""
    for pattern in (_PRE, _PARAGRAPH, _TITLE):
        match = pattern.search(page)
        if match:
            text = html.unescape(_TAG.sub("", match.group(1))).strip()
            if text:
                return text
    return ""
