"""Calls made from several threads at once, recorded and replayed: vcrpy is not thread-safe (it loses
interactions it records concurrently, and under another interpreter's thread timing it can hand one
thread's answer to another in replay), so a test using :func:`one_send_at_a_time_when_recording`
sends its calls one at a time — its threads, queues and partitions still run; the thread machinery
itself is tested offline (tests/orm)."""

from __future__ import annotations

import threading
from typing import Any

import pytest

from odoorm.transport.http import HttpChannel


@pytest.fixture
def one_send_at_a_time_when_recording(testbed: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    """The threads' calls go out one at a time (recording and replay)."""
    lock, send = threading.Lock(), HttpChannel.send

    def one_at_a_time(self: HttpChannel, request: Any) -> Any:
        with lock:
            return send(self, request)

    monkeypatch.setattr(HttpChannel, "send", one_at_a_time)
