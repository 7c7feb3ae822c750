"""When a call is tried again, and until when: the retry policy and the deadline of a call.

Pure decisions over statuses, headers and the clock, shared by every channel (no I/O here).
"""

from __future__ import annotations

import email.utils
import time
from collections.abc import Mapping

import attrs

from ..errors import ConnectionFailed, ConnectionLost, HTTPError, TransportError

__all__ = [
    "DEFAULT_TIMEOUT",
    "DEFAULT_DEADLINE",
    "RETRY_STATUSES",
    "GATEWAY_STATUSES",
    "RetryPolicy",
    "Deadline",
    "retry_after",
    "gateway_error",
]

#: Seconds to wait for a connection, then for an answer.
DEFAULT_TIMEOUT: tuple[float, float] = (10.0, 120.0)
#: Seconds a whole call may take, retries and backoff included (``None``: no bound but the timeouts).
#: Generous on purpose: it is there to end calls that would otherwise never end (an answer
#: trickled a byte at a time keeps every socket read within the timeout), not to hurry slow ones.
DEFAULT_DEADLINE: float | None = 300.0

#: Statuses a proxy answers when the server behind it is briefly away.
RETRY_STATUSES = frozenset({502, 503, 504})
#: Statuses by which a proxy says the server behind it got the request but gave no answer.
GATEWAY_STATUSES = frozenset({502, 504})


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

    def retries_error(self, error: TransportError, read_only: bool, attempt: int) -> bool:
        """Whether to try again after *error*: a refused connection always (nothing was sent), a
        broken one for a read only."""
        if attempt >= self.retries:
            return False
        if isinstance(error, ConnectionFailed):
            return True  # nothing reached the server
        return read_only and isinstance(error, ConnectionLost)

    def delay_for(self, status: int, headers: Mapping[str, str], read_only: bool, attempt: int) -> float | None:
        """Seconds to wait before trying again after an answer of *status*, or ``None``: keep the answer.
        A 429 is retried for any call (the server declined to run it); a 502/503/504 for a read."""
        if attempt >= self.retries:
            return None
        if status == 429:
            after = retry_after(headers.get("retry-after"))
            if after is not None and after > self.max_wait:
                return None
            return self.wait(attempt, after)
        if read_only and status in RETRY_STATUSES:
            return self.wait(attempt)
        return None


@attrs.frozen
class Deadline:
    """The deadline of one call: ``ends`` in ``time.monotonic()`` seconds, or ``None`` for none."""

    seconds: float | None
    ends: float | None

    @classmethod
    def start(cls, seconds: float | None) -> Deadline:
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


def gateway_error(status: int, url: str, read_only: bool) -> HTTPError | None:
    """The error for a gateway's 502/504 as the last answer to a call that may write (it may have run)."""
    if not read_only and status in GATEWAY_STATUSES:
        return HTTPError(f"the gateway answered HTTP {status}", url=url, status=status, outcome_unknown=True)
    return None


def retry_after(value: str | None) -> float | None:
    """Seconds a ``Retry-After`` header value asks to wait (a number, or an HTTP date)."""
    if not value:
        return None
    if value.strip().isdigit():
        return float(value)
    try:
        when = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    return max(0.0, when.timestamp() - time.time())
