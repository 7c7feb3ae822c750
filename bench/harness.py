"""Measuring one workload: HTTP round trips, median wall time, peak client memory."""

from __future__ import annotations

import gc
import itertools
import statistics
import time
import tracemalloc
import xmlrpc.client
from collections.abc import Callable
from typing import Any

import attrs
import requests

__all__ = ["Measure", "measure", "CountingSession", "RawJsonRpc", "RawXmlRpc"]


class CountingSession(requests.Session):
    """A ``requests.Session`` that counts the requests it sends (for the hand-written clients)."""

    def __init__(self) -> None:
        super().__init__()
        self.requests = 0

    def send(self, request: requests.PreparedRequest, **kwargs: Any) -> requests.Response:  # type: ignore[override]
        self.requests += 1
        return super().send(request, **kwargs)


@attrs.frozen
class Measure:
    """What one workload cost one client."""

    client: str
    workload: str
    round_trips: int
    median_seconds: float
    peak_mib: float

    def row(self) -> str:
        """A markdown table row."""
        return (
            f"| {self.workload} | {self.client} | {self.round_trips} | {self.median_seconds:.3f} "
            f"| {self.peak_mib:.1f} |"
        )


def measure(
    client: str, workload: str, run: Callable[[], int], *, repeat: int = 5, setup: Callable[[], None] | None = None
) -> Measure:
    """Run *run* (which returns its round-trip count) *repeat* times; keep the median time,
    the round trips of the last run and the peak memory of one traced run."""
    times, trips = [], 0
    for _ in range(repeat):
        if setup:
            setup()
        gc.collect()
        started = time.perf_counter()
        trips = run()
        times.append(time.perf_counter() - started)
    if setup:
        setup()
    tracemalloc.start()
    run()
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    return Measure(client, workload, trips, statistics.median(times), peak / 2**20)


class RawJsonRpc:
    """Hand-written, optimal JSON-RPC over requests: the reference."""

    def __init__(self, url: str, db: str, login: str, password: str) -> None:
        self.url, self.db, self.password = url, db, password
        self.session = CountingSession()
        self.ids = itertools.count(1)
        self.uid = self.call("common", "authenticate", db, login, password, {})

    def call(self, service: str, method: str, *args: Any) -> Any:
        payload = {
            "jsonrpc": "2.0",
            "method": "call",
            "id": next(self.ids),
            "params": {"service": service, "method": method, "args": list(args)},
        }
        answer = self.session.post(f"{self.url}/jsonrpc", json=payload, timeout=60).json()
        if "error" in answer:
            raise RuntimeError(answer["error"]["data"]["message"])
        return answer.get("result")

    def execute(self, model: str, method: str, *args: Any, **kwargs: Any) -> Any:
        return self.call("object", "execute_kw", self.db, self.uid, self.password, model, method, list(args), kwargs)


class RawXmlRpc:
    """Hand-written, optimal XML-RPC: the standard library's ``ServerProxy`` on one shared keep-alive
    transport (measured faster than ``xmlrpc.client.dumps``/``loads`` over a ``requests.Session``: less
    work per call). Same ``execute`` as :class:`RawJsonRpc`."""

    def __init__(self, url: str, db: str, login: str, password: str) -> None:
        self.db, self.password = db, password
        transport = xmlrpc.client.Transport()  # one HTTP/1.1 connection, kept alive, for both endpoints
        common = xmlrpc.client.ServerProxy(f"{url}/xmlrpc/2/common", transport=transport, allow_none=True)
        self.object = xmlrpc.client.ServerProxy(f"{url}/xmlrpc/2/object", transport=transport, allow_none=True)
        self.uid = common.authenticate(db, login, password, {})

    def execute(self, model: str, method: str, *args: Any, **kwargs: Any) -> Any:
        return self.object.execute_kw(self.db, self.uid, self.password, model, method, list(args), kwargs)
