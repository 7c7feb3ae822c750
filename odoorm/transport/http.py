"""One pooled HTTP channel to one server: timeouts, a deadline per call, TLS,
retries, and the translation of network failures into
:class:`~odoorm.errors.TransportError`.

This is the only module that catches ``requests`` exceptions. It knows
nothing of the protocols above it: they hand it a path, a body and whether
the call only reads, and get back a ``requests.Response`` of any status,
its body already read (``response.content``).

Two clocks bound a call. ``timeout`` bounds each wait on the socket (to
connect, then for each read); ``deadline`` bounds the whole call, retries
and backoff included: no attempt starts past it, every socket wait is cut
to the time left, and the answer's body is read in chunks with the clock
checked between them, so an answer trickled a byte at a time ends in
:class:`~odoorm.errors.RequestTimeout` about one read after the deadline.
"""

from __future__ import annotations

import email.utils
import io
import logging
import socket
import time
import warnings
from collections.abc import Callable, Mapping
from http.cookiejar import DefaultCookiePolicy
from typing import Any

import attrs
import requests
import urllib3

from .._version import __version__
from ..config import DEFAULT_DEADLINE
from ..errors import (
    ConnectionFailed,
    ConnectionLost,
    HTTPError,
    ProtocolError,
    RequestTimeout,
    TransportError,
)

__all__ = ["Exchange", "HttpChannel", "RetryPolicy", "InsecureConnectionWarning"]

_log = logging.getLogger("odoorm")

#: Statuses a proxy answers when the server behind it is briefly away.
RETRY_STATUSES = frozenset({502, 503, 504})
#: Statuses by which a proxy says the server behind it got the request but gave no answer.
GATEWAY_STATUSES = frozenset({502, 504})
#: Bytes asked for per read of an answer's body; the deadline is checked between reads.
BODY_CHUNK = 64 * 1024


@attrs.frozen
class Exchange:
    """One HTTP round trip, as reported to the channel's listeners (never its content)."""

    label: str  # "<protocol> <model>.<method>", e.g. "json2 res.partner.read"
    sent: int
    received: int
    seconds: float
    status: int


Listener = Callable[[Exchange], None]


class InsecureConnectionWarning(UserWarning):
    """TLS certificate verification was turned off."""


class _NoCookies(DefaultCookiePolicy):
    """The RPC endpoints are stateless: keep no session cookie at all."""

    def set_ok(self, cookie: Any, request: Any) -> bool:
        return False


@attrs.frozen
class RetryPolicy:
    """How often and how patiently a call is tried again.

    ``retries`` extra attempts for read-only calls after a broken connection
    or a 502/503/504; for any call after a refused connection (nothing was
    sent) or a 429 (the server declined to run it). Waits double from
    ``backoff`` up to ``max_wait`` seconds; a ``Retry-After`` above
    ``max_wait`` is not waited for.
    """

    retries: int = 2
    backoff: float = 0.25
    max_wait: float = 30.0

    def wait(self, attempt: int, retry_after: float | None = None) -> float:
        """Seconds to sleep before attempt number ``attempt + 1``."""
        if retry_after is not None:
            return retry_after
        return float(min(self.backoff * 2.0**attempt, self.max_wait))


class _Overdue(Exception):
    """The deadline passed while an answer was still coming."""


@attrs.frozen
class _Clock:
    """The deadline of one call: ``ends`` in ``time.monotonic()`` seconds, or ``None`` for none."""

    seconds: float | None
    ends: float | None

    @classmethod
    def start(cls, seconds: float | None) -> _Clock:
        return cls(seconds, None if seconds is None else time.monotonic() + seconds)

    def left(self) -> float | None:
        """Seconds until the deadline (negative once past), or ``None`` when there is none."""
        return None if self.ends is None else self.ends - time.monotonic()

    def passed(self) -> bool:
        left = self.left()
        return left is not None and left <= 0

    def allows(self, wait: float) -> bool:
        """Whether a new attempt after sleeping *wait* seconds would still start before the deadline."""
        left = self.left()
        return left is None or wait < left

    def cut(self, seconds: float | None) -> float | None:
        """*seconds* (a socket timeout), shortened to the time left; never below 1 ms (0 means "don't wait")."""
        left = self.left()
        if left is None:
            return seconds
        left = max(left, 0.001)
        return left if seconds is None else min(seconds, left)


class HttpChannel:
    """POSTs to one base URL over a pooled, keep-alive ``requests.Session``.

    ``timeout``: seconds, or ``(connect, read)``, for each wait on the socket.
    ``deadline``: seconds for a whole call, retries and backoff included
    (``None``: only the timeouts bound it); see the module's docstring.
    """

    def __init__(
        self,
        base_url: str,
        *,
        timeout: float | tuple[float, float],
        deadline: float | None = DEFAULT_DEADLINE,
        verify: bool | str = True,
        retry: RetryPolicy | None = None,
        session: requests.Session | None = None,
    ) -> None:
        self.base_url = base_url
        self.timeout = timeout
        self.deadline = deadline
        self.verify = verify
        self.retry = retry or RetryPolicy()
        self._owns_session = session is None
        #: Called after every HTTP round trip (retries included), from the calling thread.
        self.listeners: list[Listener] = []
        self.session = session or _new_session()
        if verify is False:
            warnings.warn(
                f"TLS certificate verification is off for {base_url}", InsecureConnectionWarning, stacklevel=4
            )

    def post(
        self, path: str, body: bytes, headers: Mapping[str, str], *, read_only: bool, label: str
    ) -> requests.Response:
        """Send *body* to *path*; retry as the policy allows; return the final answer, its body read.

        Round trips: 1, plus one per retry. Past the deadline: :class:`~odoorm.errors.RequestTimeout`
        (``outcome_unknown`` unless *read_only*), and no further attempt.
        """
        return self._request("POST", path, body, headers, read_only=read_only, label=label)

    def get(self, path: str, *, label: str, headers: Mapping[str, str] | None = None) -> requests.Response:
        """GET *path* (read-only, retried like any read, bounded by the deadline). Round trips: as :meth:`post`."""
        return self._request("GET", path, None, headers or {}, read_only=True, label=label)

    def _request(
        self, method: str, path: str, body: bytes | None, headers: Mapping[str, str], *, read_only: bool, label: str
    ) -> requests.Response:
        url = self.base_url + path
        clock = _Clock.start(self.deadline)
        attempt = 0
        while True:
            started = time.perf_counter()
            try:
                response = self._attempt(method, url, body, headers, read_only, clock)
            except TransportError as error:
                if not (self._may_retry_error(error, read_only, attempt) and clock.allows(self.retry.wait(attempt))):
                    raise
                self._sleep(attempt, label, str(error))
            else:
                self._log_call(label, len(body or b""), response, started)
                delay = self._retry_delay(response, read_only, attempt)
                if delay is None or not clock.allows(delay):
                    return _final(response, url, read_only)
                self._sleep(attempt, label, f"HTTP {response.status_code}", delay)
            attempt += 1

    def close(self) -> None:
        """Release the pooled connections (when this channel made the session)."""
        if self._owns_session:
            self.session.close()

    # ------------------------------------------------------------ internals

    def _attempt(
        self, method: str, url: str, body: bytes | None, headers: Mapping[str, str], read_only: bool, clock: _Clock
    ) -> requests.Response:
        """One HTTP exchange, its body read whole before the deadline; a :class:`TransportError` if not."""
        try:
            response = self._send(method, url, body, headers, clock)
            if not isinstance(response.raw, urllib3.response.HTTPResponse) or not hasattr(response.raw, "read1"):
                _ = response.content  # another adapter (a replayed cassette) has the body: requests reads it
                return response
        except requests.RequestException as exc:
            raise _naming_the_deadline(_translate(exc, url, read_only), clock) from exc
        try:
            response._content = self._read_body(response.raw, clock)
        except (urllib3.exceptions.HTTPError, OSError, _Overdue) as exc:
            response.close()  # never put a half-read connection back in the pool
            error = _naming_the_deadline(_body_error(exc, url, read_only), clock)
            raise error from (None if isinstance(exc, _Overdue) else exc)
        response._content_consumed = True  # type: ignore[attr-defined]
        return response

    def _send(
        self, method: str, url: str, body: bytes | None, headers: Mapping[str, str], clock: _Clock
    ) -> requests.Response:
        connect, read = self.timeout if isinstance(self.timeout, tuple) else (self.timeout, self.timeout)
        return self.session.request(
            method, url, data=body, headers=dict(headers), timeout=(clock.cut(connect), clock.cut(read)),
            verify=self.verify, allow_redirects=False, stream=True,
        )  # fmt: skip

    def _read_body(self, raw: urllib3.response.HTTPResponse, clock: _Clock) -> bytes:
        """The whole (decoded) body, a chunk per socket read, each read cut to the time left.

        Chunks go into one growing buffer, not a list joined at the end: the peak is about the
        body's size, not twice it."""
        body = io.BytesIO()
        read_timeout = self.timeout[1] if isinstance(self.timeout, tuple) else self.timeout
        while True:
            if clock.ends is not None:
                _limit_next_read(raw, clock.cut(read_timeout))
            chunk = raw.read1(BODY_CHUNK, decode_content=True)
            if not chunk:
                return body.getvalue()
            body.write(chunk)
            if clock.passed() and not raw.isclosed():
                raise _Overdue

    def _may_retry_error(self, error: TransportError, read_only: bool, attempt: int) -> bool:
        if attempt >= self.retry.retries:
            return False
        if isinstance(error, ConnectionFailed):
            return True  # nothing reached the server
        return read_only and isinstance(error, ConnectionLost)

    def _retry_delay(self, response: requests.Response, read_only: bool, attempt: int) -> float | None:
        if attempt >= self.retry.retries:
            return None
        if response.status_code == 429:
            after = _retry_after(response)
            if after is not None and after > self.retry.max_wait:
                return None
            return self.retry.wait(attempt, after)
        if read_only and response.status_code in RETRY_STATUSES:
            return self.retry.wait(attempt)
        return None

    def _sleep(self, attempt: int, label: str, reason: str, delay: float | None = None) -> None:
        delay = self.retry.wait(attempt) if delay is None else delay
        _log.info("%s: %s; retrying in %.2fs", label, reason, delay)
        time.sleep(delay)

    def _log_call(self, label: str, sent: int, response: requests.Response, started: float) -> None:
        elapsed = time.perf_counter() - started
        received = len(response.content)
        _log.debug("%s: sent %d B, HTTP %d, received %d B in %.1f ms",
                   label, sent, response.status_code, received, elapsed * 1000)  # fmt: skip
        if self.listeners:
            exchange = Exchange(label, sent, received, elapsed, response.status_code)
            for listener in list(self.listeners):
                listener(exchange)


def _final(response: requests.Response, url: str, read_only: bool) -> requests.Response:
    """*response*, the last answer of a call; a gateway's 502/504 to a call that may write is an error."""
    if not read_only and response.status_code in GATEWAY_STATUSES:
        raise HTTPError(
            f"the gateway answered HTTP {response.status_code}",
            url=url, status=response.status_code, outcome_unknown=True,
        )  # fmt: skip
    return response


def _limit_next_read(raw: urllib3.response.HTTPResponse, seconds: float | None) -> None:
    """Make the next socket read of *raw* wait *seconds* at most (urllib3 resets it for the next request)."""
    sock = getattr(raw.connection, "sock", None)
    if isinstance(sock, socket.socket):
        sock.settimeout(seconds)


def check_redirect(response: requests.Response, url: str) -> None:
    """Refuse to follow a redirect: credentials must go to the configured host only."""
    if response.is_redirect:
        target = response.headers.get("Location", "?")
        raise HTTPError(
            f"the server redirects to {target}; connect to that URL directly",
            url=url,
            status=response.status_code,
        )


def _new_session() -> requests.Session:
    session = requests.Session()
    session.cookies.set_policy(_NoCookies())
    adapter = requests.adapters.HTTPAdapter(pool_connections=4, pool_maxsize=16)
    session.mount("http://", adapter)
    session.mount("https://", adapter)
    session.headers["User-Agent"] = f"odoorm/{__version__} {session.headers['User-Agent']!s}"
    return session


def _translate(exc: requests.RequestException, url: str, read_only: bool) -> TransportError:
    """The odoorm error for a ``requests`` failure."""
    if isinstance(exc, requests.ConnectTimeout):
        return ConnectionFailed(f"timed out connecting: {_reason(exc)}", url=url)  # nothing was sent
    if isinstance(exc, requests.Timeout) or isinstance(_first_arg(exc), urllib3.exceptions.ReadTimeoutError):
        return RequestTimeout("no answer in time", url=url, outcome_unknown=not read_only)
    if isinstance(exc, requests.ConnectionError) and _never_sent(exc):
        return ConnectionFailed(f"cannot connect: {_reason(exc)}", url=url)
    if isinstance(exc, requests.ConnectionError | requests.exceptions.ChunkedEncodingError):
        return ConnectionLost(f"connection broken: {_reason(exc)}", url=url, outcome_unknown=not read_only)
    return TransportError(f"request failed: {_reason(exc)}", url=url, outcome_unknown=not read_only)


def _body_error(exc: BaseException, url: str, read_only: bool) -> TransportError:
    """The odoorm error for a failure while the answer's body was read: the request had gone out."""
    outcome_unknown = not read_only
    if isinstance(exc, _Overdue | urllib3.exceptions.ReadTimeoutError | TimeoutError):
        return RequestTimeout("the answer stopped coming in time", url=url, outcome_unknown=outcome_unknown)
    if isinstance(exc, urllib3.exceptions.DecodeError):
        return ProtocolError(f"cannot decode the answer: {_reason(exc)}", url=url, outcome_unknown=outcome_unknown)
    return ConnectionLost(f"connection broken: {_reason(exc)}", url=url, outcome_unknown=outcome_unknown)


def _naming_the_deadline(error: TransportError, clock: _Clock) -> TransportError:
    """*error*; for a timeout once the deadline has passed, a timeout that says so."""
    if isinstance(error, RequestTimeout) and clock.passed():
        return RequestTimeout(f"no whole answer within the {clock.seconds:g} s deadline", url=error.url,
                              outcome_unknown=error.outcome_unknown)  # fmt: skip
    return error


def _first_arg(exc: BaseException) -> object:
    return exc.args[0] if exc.args else None


def _never_sent(exc: requests.RequestException) -> bool:
    if isinstance(exc, requests.exceptions.SSLError):
        return True  # the handshake failed before any request byte
    reason = exc.args[0] if exc.args else None
    reason = getattr(reason, "reason", reason)
    return isinstance(reason, urllib3.exceptions.NewConnectionError | urllib3.exceptions.ConnectTimeoutError)


def _reason(exc: BaseException) -> str:
    reason = exc.args[0] if exc.args else exc
    reason = getattr(reason, "reason", reason)
    text = str(reason)
    if isinstance(reason, str) or not text:
        return text or type(reason).__name__
    return f"{type(reason).__name__}: {text}"


def _retry_after(response: requests.Response) -> float | None:
    value = response.headers.get("Retry-After")
    if not value:
        return None
    if value.strip().isdigit():
        return float(value)
    try:
        when = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    return max(0.0, when.timestamp() - time.time())
