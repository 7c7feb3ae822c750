"""One pooled HTTP channel to one server: timeouts, TLS, retries, and the
translation of network failures into :class:`~odoorm.errors.TransportError`.

This is the only module that catches ``requests`` exceptions. It knows
nothing of the protocols above it: they hand it a path, a body and whether
the call only reads, and get back a ``requests.Response`` of any status.
"""

from __future__ import annotations

import email.utils
import logging
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
    HTTPError,
    RequestTimeout,
    TransportError,
)

__all__ = ["Exchange", "HttpChannel", "RetryPolicy", "InsecureConnectionWarning"]

_log = logging.getLogger("odoorm")

#: Statuses a proxy answers when the server behind it is briefly away.
RETRY_STATUSES = frozenset({502, 503, 504})
#: Statuses by which a proxy says the server behind it got the request but gave no answer.
GATEWAY_STATUSES = frozenset({502, 504})


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


class HttpChannel:
    """POSTs to one base URL over a pooled, keep-alive ``requests.Session``."""

    def __init__(
        self,
        base_url: str,
        *,
        timeout: float | tuple[float, float],
        verify: bool | str = True,
        retry: RetryPolicy | None = None,
        session: requests.Session | None = None,
    ) -> None:
        self.base_url = base_url
        self.timeout = timeout
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
        """Send *body* to *path*; retry as the policy allows; return the final answer."""
        return self._request("POST", path, body, headers, read_only=read_only, label=label)

    def get(self, path: str, *, label: str, headers: Mapping[str, str] | None = None) -> requests.Response:
        """GET *path* (read-only, retried like any read)."""
        return self._request("GET", path, None, headers or {}, read_only=True, label=label)

    def _request(
        self, method: str, path: str, body: bytes | None, headers: Mapping[str, str], *, read_only: bool, label: str
    ) -> requests.Response:
        url = self.base_url + path
        attempt = 0
        while True:
            started = time.perf_counter()
            try:
                response = self._send(method, url, body, headers)
            except requests.RequestException as exc:
                error = _translate(exc, url, read_only)
                if not self._may_retry_error(error, read_only, attempt):
                    raise error from exc
                self._sleep(attempt, label, str(error))
            else:
                self._log_call(label, len(body or b""), response, started)
                delay = self._retry_delay(response, read_only, attempt)
                if delay is None:
                    if not read_only and response.status_code in GATEWAY_STATUSES:
                        raise HTTPError(
                            f"the gateway answered HTTP {response.status_code}",
                            url=url, status=response.status_code, outcome_unknown=True,
                        )  # fmt: skip
                    return response
                self._sleep(attempt, label, f"HTTP {response.status_code}", delay)
            attempt += 1

    def close(self) -> None:
        """Release the pooled connections (when this channel made the session)."""
        if self._owns_session:
            self.session.close()

    # ------------------------------------------------------------ internals

    def _send(self, method: str, url: str, body: bytes | None, headers: Mapping[str, str]) -> requests.Response:
        return self.session.request(
            method, url, data=body, headers=dict(headers), timeout=self.timeout, verify=self.verify,
            allow_redirects=False,
        )  # fmt: skip

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
