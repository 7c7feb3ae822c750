"""One pooled HTTP channel to one server: timeouts, a deadline per call, TLS,
retries, and the translation of network failures into
:class:`~odoorm.errors.TransportError`.

This is the only module that sends, and the only one that catches ``requests``
exceptions. It knows nothing of the protocols above it: they hand it a
:class:`~odoorm.transport.exchange.Request` (a path, a body, whether the call
only reads) and get back an :class:`~odoorm.transport.exchange.Answer` of any
status, its body read. When to retry, and the deadline's arithmetic, are
:mod:`odoorm.transport.retry`'s.

Two clocks bound a call. ``timeout`` bounds each wait on the socket (to
connect, then for each read); ``deadline`` bounds the whole call, retries
and backoff included: no attempt starts past it, every socket wait is cut
to the time left, and the answer's body is read in chunks with the clock
checked between them, so an answer trickled a byte at a time ends in
:class:`~odoorm.errors.RequestTimeout` about one read after the deadline.
"""

from __future__ import annotations

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
from ..errors import (
    ConnectionFailed,
    ConnectionLost,
    ProtocolError,
    RequestTimeout,
    TransportError,
)
from .exchange import Answer, Request
from .retry import DEFAULT_DEADLINE, DEFAULT_TIMEOUT, Deadline, RetryPolicy, gateway_error

__all__ = ["Exchange", "HttpChannel", "RetryPolicy", "InsecureConnectionWarning", "DEFAULT_DEADLINE", "DEFAULT_TIMEOUT"]


_log = logging.getLogger("odoorm")

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


class _Overdue(Exception):
    """The deadline passed while an answer was still coming."""


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

    def send(self, request: Request) -> Answer:
        """Send *request*; retry as the policy allows; return the final answer, its body read.

        Round trips: 1, plus one per retry. Past the deadline: :class:`~odoorm.errors.RequestTimeout`
        (``outcome_unknown`` unless the request only reads), and no further attempt.
        """
        url = self.base_url + request.path
        clock = Deadline.start(self.deadline)
        attempt = 0
        while True:
            started = time.perf_counter()
            try:
                response = self._attempt(request, url, clock)
            except TransportError as error:
                retry = self.retry.retries_error(error, request.read_only, attempt)
                if not (retry and clock.allows(self.retry.wait(attempt))):
                    raise
                self._sleep(attempt, request.label, str(error))
            else:
                self._log_call(request.label, len(request.body or b""), response, started)
                delay = self.retry.delay_for(response.status_code, response.headers, request.read_only, attempt)
                if delay is None or not clock.allows(delay):
                    refusal = gateway_error(response.status_code, url, request.read_only)
                    if refusal is not None:
                        raise refusal
                    return _answer(response)
                self._sleep(attempt, request.label, f"HTTP {response.status_code}", delay)
            attempt += 1

    def post(self, path: str, body: bytes, headers: Mapping[str, str], *, read_only: bool, label: str) -> Answer:
        """POST *body* to *path*: :meth:`send` of that request."""
        return self.send(Request("POST", path, body, headers, read_only, label))

    def get(self, path: str, *, label: str, headers: Mapping[str, str] | None = None) -> Answer:
        """GET *path* (read-only, retried like any read, bounded by the deadline): :meth:`send` of it."""
        return self.send(Request("GET", path, None, headers or {}, True, label))

    def close(self) -> None:
        """Release the pooled connections (when this channel made the session)."""
        if self._owns_session:
            self.session.close()

    # ------------------------------------------------------------ internals

    def _attempt(self, request: Request, url: str, clock: Deadline) -> requests.Response:
        """One HTTP exchange, its body read whole before the deadline; a :class:`TransportError` if not."""
        read_only = request.read_only
        try:
            response = self._send(request.method, url, request.body, request.headers, clock)
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
        self, method: str, url: str, body: bytes | None, headers: Mapping[str, str], clock: Deadline
    ) -> requests.Response:
        connect, read = self.timeout if isinstance(self.timeout, tuple) else (self.timeout, self.timeout)
        return self.session.request(
            method,
            url,
            data=body,
            headers=dict(headers),
            timeout=(clock.cut(connect), clock.cut(read)),
            verify=self.verify,
            allow_redirects=False,
            stream=True,
        )

    def _read_body(self, raw: urllib3.response.HTTPResponse, clock: Deadline) -> bytes:
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

    def _sleep(self, attempt: int, label: str, reason: str, delay: float | None = None) -> None:
        delay = self.retry.wait(attempt) if delay is None else delay
        _log.info("%s: %s; retrying in %.2fs", label, reason, delay)
        time.sleep(delay)

    def _log_call(self, label: str, sent: int, response: requests.Response, started: float) -> None:
        elapsed = time.perf_counter() - started
        received = len(response.content)
        _log.debug(
            "%s: sent %d B, HTTP %d, received %d B in %.1f ms",
            label,
            sent,
            response.status_code,
            received,
            elapsed * 1000,
        )
        if self.listeners:
            exchange = Exchange(label, sent, received, elapsed, response.status_code)
            for listener in list(self.listeners):
                listener(exchange)


def _limit_next_read(raw: urllib3.response.HTTPResponse, seconds: float | None) -> None:
    """Make the next socket read of *raw* wait *seconds* at most (urllib3 resets it for the next request)."""
    sock = getattr(raw.connection, "sock", None)
    if isinstance(sock, socket.socket):
        sock.settimeout(seconds)


def _answer(response: requests.Response) -> Answer:
    """The plain :class:`Answer` of a ``requests`` response whose body was read."""
    return Answer(response.status_code, response.url or "", response.content, response.headers, response.cookies)


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


def _naming_the_deadline(error: TransportError, clock: Deadline) -> TransportError:
    """*error*; for a timeout once the deadline has passed, a timeout that says so."""
    if isinstance(error, RequestTimeout) and clock.passed():
        return RequestTimeout(
            f"no whole answer within the {clock.seconds:g} s deadline",
            url=error.url,
            outcome_unknown=error.outcome_unknown,
        )
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
