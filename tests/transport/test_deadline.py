"""The deadline of a call (``connect(deadline=...)``), against the stand-in Odoo on 127.0.0.1.

The socket timeout bounds each wait on the socket; an answer trickled a byte at a time never
makes one wait long, so only a deadline on the whole call ends it. These tests trickle the
answer of a read and of a create over each protocol and check that the call ends in
``RequestTimeout`` soon after the deadline, not when the trickle is over; that no retry starts
past the deadline; and that the setting is checked.

Upper bounds on elapsed time are generous (deadline + 2 s) for slow CI machines: the trickles
last 8 s or more, so a bound that holds shows the deadline cut them.
"""

from __future__ import annotations

import math
import time
from collections.abc import Callable, Iterator
from typing import Any

import pytest
import standin  # tests/servers/, put on sys.path by conftest.py

import odoorm

StandIn = standin.StandIn
PROTOCOLS = ["xmlrpc", "jsonrpc", "json2"]

DEADLINE = 1.0
#: What a slow machine may add to the deadline before the call ends.
MARGIN = 2.0
#: A byte every 0.2 s for 8 s: every socket read comes well within the 120 s read timeout.
EVERY, LASTING = 0.2, 8.0


@pytest.fixture
def srv() -> Iterator[StandIn]:
    yield from standin.running()


@pytest.fixture(params=PROTOCOLS)
def protocol(request: pytest.FixtureRequest) -> str:
    return str(request.param)


@pytest.fixture
def open_env(srv: StandIn) -> Iterator[Callable[..., odoorm.Environment]]:
    """``open_env(protocol, **options)``: an environment on ``srv``, closed at teardown."""
    opened: list[odoorm.Environment] = []

    def open_(protocol: str, **options: Any) -> odoorm.Environment:
        env = standin.connect(srv, protocol, **options)
        opened.append(env)
        return env

    yield open_
    for env in opened:
        env.close()


def read(env: odoorm.Environment) -> Any:
    return env.execute_kw("res.partner", "read", [[1]], {"fields": ["name"]})


def create(env: odoorm.Environment) -> Any:
    return env.execute_kw("res.partner", "create", [{"name": "Deco Addict"}])


def calls(server: StandIn, method: str) -> int:
    return server.count(rpc=f"res.partner.{method}")


# ---------------------------------------------------------------- a trickled answer


@pytest.mark.parametrize(("method", "call", "may_write"), [("read", read, False), ("create", create, True)])
def test_a_trickled_answer_ends_at_the_deadline(
    protocol: str,
    method: str,
    call: Callable[[odoorm.Environment], Any],
    may_write: bool,
    srv: StandIn,
    open_env: Callable[..., odoorm.Environment],
) -> None:
    env = open_env(protocol, deadline=DEADLINE, retries=2)  # the default 120 s read timeout
    srv.script(standin.trickle(EVERY, LASTING))
    started = time.monotonic()
    with pytest.raises(odoorm.RequestTimeout) as caught:
        call(env)
    elapsed = time.monotonic() - started
    assert DEADLINE <= elapsed < DEADLINE + MARGIN  # not the trickle's 8 s
    error = caught.value
    assert isinstance(error, TimeoutError)
    assert error.outcome_unknown is may_write  # a create may have run; a read changed nothing
    assert "deadline" in str(error) and srv.url in str(error)
    assert calls(srv, method) == 1  # a timeout is not retried
    assert read(env)  # the half-read connection was dropped: the next call works


def test_a_slow_answer_within_the_deadline_is_read_whole(
    protocol: str, srv: StandIn, open_env: Callable[..., odoorm.Environment]
) -> None:
    """Read a chunk at a time, the answer is whole; the connection's statistics see its size."""
    env = open_env(protocol, deadline=10.0)
    srv.script(standin.trickle(0.01, 0.4, value=[{"id": 1, "name": "Azure Interior"}]))
    assert read(env) == [{"id": 1, "name": "Azure Interior"}]
    stat = env.stats()["res.partner.read"]
    assert stat.calls == 1
    assert stat.received >= 40  # the blank-padded body: 0.4 s of a byte per 10 ms


def test_a_silent_server_ends_at_the_deadline(
    protocol: str, srv: StandIn, open_env: Callable[..., odoorm.Environment]
) -> None:
    """The wait for the answer's first byte is cut to the time left too."""
    env = open_env(protocol, timeout=30.0, deadline=0.5)
    srv.script(standin.delay(2.0))
    started = time.monotonic()
    with pytest.raises(odoorm.RequestTimeout) as caught:
        create(env)
    assert time.monotonic() - started < 0.5 + MARGIN
    assert caught.value.outcome_unknown is True
    assert calls(srv, "create") == 1


def test_no_retry_starts_past_the_deadline(
    protocol: str, srv: StandIn, open_env: Callable[..., odoorm.Environment]
) -> None:
    """Two 429 answers asking to come back in 1 s: with a 1.5 s deadline there is time for one
    more attempt, not for a third, whatever ``retries`` allows; the last answer is the error."""
    env = open_env(protocol, deadline=1.5, retries=5)
    srv.script(*[standin.throttle("1")] * 5)
    started = time.monotonic()
    with pytest.raises(odoorm.HTTPError) as caught:
        read(env)
    assert time.monotonic() - started < 1.9  # a third attempt would start after 2 s
    assert caught.value.status == 429
    assert calls(srv, "read") == 2


def test_without_a_deadline_the_trickle_is_read_to_its_end(
    srv: StandIn, open_env: Callable[..., odoorm.Environment]
) -> None:
    env = open_env("jsonrpc", deadline=None)
    srv.script(standin.trickle(0.05, 1.5))
    started = time.monotonic()
    assert read(env) == [{"id": 1, "name": "Azure Interior"}]
    assert time.monotonic() - started >= 1.4


# ---------------------------------------------------------------- the setting


def test_the_default_deadline() -> None:
    assert odoorm.client.settings.DEFAULT_DEADLINE == 300.0
    settings = odoorm.client.settings.Settings.resolve(
        url="http://127.0.0.1:1", db="db", username="admin", password="pw", api_key=None
    )
    assert settings.deadline == 300.0


@pytest.mark.parametrize("value", [0, 0.0, -1, -0.5, math.nan, math.inf, "60", True])
def test_a_deadline_must_be_a_positive_number(value: Any, srv: StandIn) -> None:
    with pytest.raises(odoorm.ConfigurationError, match="deadline must be a positive number"):
        odoorm.connect(srv.url, "db", "admin", password="pw", protocol="jsonrpc", deadline=value)
    assert srv.requests == []  # refused before anything was sent


@pytest.mark.parametrize("value", [None, 2, 0.5])
def test_none_and_positive_numbers_are_accepted(
    value: Any, srv: StandIn, open_env: Callable[..., odoorm.Environment]
) -> None:
    assert read(open_env("jsonrpc", deadline=value)) == [{"id": 1, "name": "Azure Interior"}]
