"""Counting round trips: ``env.stats()`` and ``env.count_calls()``.

Both listen to the HTTP channel, so they count real round trips (retries
included), grouped by ``model.method``.
"""

from __future__ import annotations

import threading
from collections import Counter
from types import TracebackType

import attrs

from ..transport.http import Exchange, HttpChannel

__all__ = ["CallStat", "CallStats", "CallCounter"]


@attrs.define
class CallStat:
    """Totals for one ``model.method``."""

    calls: int = 0
    seconds: float = 0.0
    sent: int = 0
    received: int = 0


def _key(exchange: Exchange) -> str:
    return exchange.label.split(" ", 1)[-1]


class CallStats:
    """Running totals of every round trip of a connection, by ``model.method``."""

    def __init__(self, channel: HttpChannel) -> None:
        self._totals: dict[str, CallStat] = {}
        self._lock = threading.Lock()
        channel.listeners.append(self._record)

    def _record(self, exchange: Exchange) -> None:
        with self._lock:
            stat = self._totals.setdefault(_key(exchange), CallStat())
            stat.calls += 1
            stat.seconds += exchange.seconds
            stat.sent += exchange.sent
            stat.received += exchange.received

    def snapshot(self) -> dict[str, CallStat]:
        """A copy of the totals, by ``model.method``."""
        with self._lock:
            return {key: attrs.evolve(stat) for key, stat in self._totals.items()}


class CallCounter:
    """Counts the round trips made inside a ``with env.count_calls() as calls:`` block.

    ``calls.total`` is their number, ``calls.keys`` the ``model.method`` of each in
    order, ``calls["res.partner.read"]`` how many of one kind.
    """

    def __init__(self, channel: HttpChannel) -> None:
        self._channel = channel
        self.keys: list[str] = []

    def _record(self, exchange: Exchange) -> None:
        self.keys.append(_key(exchange))

    @property
    def total(self) -> int:
        """How many round trips were made."""
        return len(self.keys)

    def __getitem__(self, key: str) -> int:
        return Counter(self.keys)[key]

    def __enter__(self) -> CallCounter:
        self._channel.listeners.append(self._record)
        return self

    def __exit__(self, *exc: type[BaseException] | BaseException | TracebackType | None) -> None:
        self._channel.listeners.remove(self._record)

    def __repr__(self) -> str:
        return f"<CallCounter {self.total} calls: {dict(Counter(self.keys))}>"
