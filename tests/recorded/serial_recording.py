"""Recording calls made from several threads at once: vcrpy loses some of the interactions it records
concurrently, so while recording, a test using :func:`one_send_at_a_time_when_recording` sends its
calls one at a time (its threads, queues and partitions still run live); replay stays concurrent."""

from __future__ import annotations

import threading
from typing import Any

import pytest

from odoorm.transport.http import HttpChannel


@pytest.fixture
def one_send_at_a_time_when_recording(testbed: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    """While recording, the threads' calls go out one at a time."""
    if not testbed.recording:
        return
    lock, send = threading.Lock(), HttpChannel.send

    def one_at_a_time(self: HttpChannel, request: Any) -> Any:
        with lock:
            return send(self, request)

    monkeypatch.setattr(HttpChannel, "send", one_at_a_time)
