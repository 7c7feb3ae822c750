"""What crosses the wire, as plain values: a :class:`Request` the protocols build, and the
:class:`Answer` a channel gives back. The protocol modules are functions from values to values (they
build requests and read answers); only a channel sends — today
:class:`~odoorm.transport.http.HttpChannel` over ``requests``, and any other channel (an asyncio one)
that turns a :class:`Request` into an :class:`Answer` can reuse every protocol module unchanged.
"""

from __future__ import annotations

from collections.abc import Mapping
from http.cookiejar import CookieJar

import attrs

from ..errors import HTTPError

__all__ = ["Request", "Answer", "check_redirect", "REDIRECT_STATUSES"]

#: Statuses by which a server sends the client elsewhere (followed by none of odoorm's calls).
REDIRECT_STATUSES = frozenset({301, 302, 303, 307, 308})


def _lowercase(headers: Mapping[str, str]) -> Mapping[str, str]:
    return {name.lower(): value for name, value in headers.items()}


@attrs.frozen
class Request:
    """One HTTP request of a call: where, what, and whether the call only reads (it may then be retried)."""

    method: str
    path: str
    body: bytes | None = None
    headers: Mapping[str, str] = attrs.field(factory=dict)
    read_only: bool = True
    #: ``"<protocol> <model>.<method>"``, e.g. ``"json2 res.partner.read"``: for logs and statistics.
    label: str = ""


@attrs.frozen(repr=False)
class Answer:
    """A whole HTTP answer, its body read. Header names are case-insensitive (kept lowercased)."""

    status: int
    url: str
    content: bytes
    headers: Mapping[str, str] = attrs.field(factory=dict, converter=_lowercase)
    #: The cookies the answer set, for the one caller that keeps a session (the web session).
    cookies: CookieJar | None = None

    def header(self, name: str, default: str = "") -> str:
        """The value of header *name* (any case), or *default*."""
        return self.headers.get(name.lower(), default)

    @property
    def is_redirect(self) -> bool:
        """Whether the answer sends the client elsewhere (a redirect status with a ``Location``)."""
        return self.status in REDIRECT_STATUSES and "location" in self.headers

    @property
    def text(self) -> str:
        """The body as text (UTF-8, undecodable bytes replaced)."""
        return self.content.decode("utf-8", "replace")

    def __repr__(self) -> str:
        return f"<Answer HTTP {self.status} {self.url} {len(self.content)} B>"


def check_redirect(answer: Answer) -> None:
    """Refuse to follow a redirect: credentials must go to the configured host only."""
    if answer.is_redirect:
        raise HTTPError(
            f"the server redirects to {answer.header('Location', '?')}; connect to that URL directly",
            url=answer.url,
            status=answer.status,
        )
