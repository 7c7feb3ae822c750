"""Reliability under faults, against the real Odoo 19 through a fault-injecting proxy.

odoorm talks to :class:`faultproxy.FaultProxy` on 127.0.0.1, which forwards to the real server
and misbehaves on cue: gateway errors, resets before and after the server ran the call, slow
answers, 429s, garbled answers. When recording (``ODOORM_RECORD=1``) the proxy's upstream is the
live server and the proxy writes what the server really answered to
``cassettes/19/test_fault_proxy/<test>.json`` (scrubbed); otherwise its upstream is a
:class:`faultproxy.ReplayServer` of that cassette, so the same faults meet the same real answers
offline. Every test asserts what odoorm raises, what the server saw (the proxy counts requests
received and forwarded, per RPC) and the data left on the server.

These tests do not use conftest's ``cassette`` fixture: vcrpy patches the HTTP client in-process
and would answer odoorm's requests before they reach the proxy.

Recording logs in with the API key on every protocol (it replaces the password on XML-RPC and
JSON-RPC), so only ``ODOO_URL`` and ``ODOO_API_KEY`` matter; conftest's ``TestBed`` still insists
on ``ODOO_PASSWORD`` and ``ODOO_DEMO_API_KEY``, which may be any placeholder here.

Data: the benchmark partners (ref ``odoorm-bench-NNNN``) are read, never modified; records this
file writes are its own ("odoorm proxy …"), deleted by the test that made them.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any, TypeAlias

import faultproxy  # tests/servers/, put on sys.path by conftest.py
import pytest
from conftest import BODIES, CASSETTES, TestBed, cassette_path, opened

import odoorm
from odoorm.client.connect import forget_connections
from odoorm.client.settings import Secret

FaultProxy, ReplayServer, CassetteWriter = faultproxy.FaultProxy, faultproxy.ReplayServer, faultproxy.CassetteWriter


pytestmark = pytest.mark.odoo(
    only=19,
    reason="faults of the wire, whose XML-RPC and JSON-RPC are the same on every version; the tests read "
    "the benchmark partners seeded on the Odoo 19 server (bench/seed.py)",
)

#: Retry backoff of connect(): 0.25 s, then 0.5 s (RetryPolicy's default).
FIRST_WAIT, SECOND_WAIT = 0.25, 0.5
#: Slack for lower bounds on sleeps (time.sleep never returns early, but clocks are coarse).
EPSILON = 0.02

#: Five benchmark partners, read only.
BENCH = [("ref", "=like", "odoorm-bench-00%")]

#: A key the server does not (or no longer) accept; tests/recorded/test_secrets.py knows it is not a real one.
REVOKED_KEY = "not-a-valid-key"

Env: TypeAlias = odoorm.Environment


# ---------------------------------------------------------------- fixtures


def cassette_for(node: pytest.Item, testbed: TestBed) -> Path:
    """``cassettes/<major>/test_fault_proxy/<test name>_<parameters>.json``."""
    return opened(cassette_path(node, testbed))


@pytest.fixture
def proxy(request: pytest.FixtureRequest, testbed: Any) -> Iterator[faultproxy.FaultProxy]:
    """The fault proxy, in front of the live server (recording) or of this test's cassette (replay).

    Metadata registries start cold, so a test makes the same calls whatever ran before it.
    """
    forget_connections()
    path = cassette_for(request.node, testbed)
    if testbed.recording:
        writer = CassetteWriter(path, testbed.scrubber, BODIES)
        try:
            yield from faultproxy.running(FaultProxy(testbed.url, recorder=writer))
        finally:
            writer.save()
        return
    if not path.exists():
        pytest.fail(f"no cassette {path.relative_to(CASSETTES.parent)}: record it with ODOORM_RECORD=1")
    replay = ReplayServer(path).start()
    try:
        yield from faultproxy.running(FaultProxy(replay.url))
    finally:
        replay.stop()
    assert not replay.errors, "the replay server itself failed:\n" + "\n".join(replay.errors)
    assert not replay.misses, f"{path.name}: requests not in the cassette: {replay.misses}"
    assert replay.all_played, f"{path.name}: recorded requests were not all made"


@pytest.fixture
def open_env(proxy: faultproxy.FaultProxy, testbed: Any, protocol: str) -> Iterator[Callable[..., Env]]:
    """``open_env(**connect_options)``: an environment on *protocol* through the proxy, closed at teardown.

    It logs in with the API key on every protocol (see the module's docstring).
    """
    opened: list[Env] = []

    def open_(**options: Any) -> Env:
        env: Env = testbed.connect(protocol, url=proxy.url, password=None, api_key=testbed.api_key, **options)
        opened.append(env)
        assert env.protocol == protocol and env.version >= (19, 0)
        return env

    yield open_
    for env in opened:
        env.discard()  # a failed test may leave changes pending: they are not the server's business
        env.close()


# ---------------------------------------------------------------- helpers


def search_bench(env: Env) -> list[int]:
    """The ids of five benchmark partners (a read-only call)."""
    ids: list[int] = env.execute_kw("res.partner", "search", [BENCH], {"limit": 5, "order": "id"})
    return ids


def named(env: Env, name: str) -> list[int]:
    ids: list[int] = env.execute_kw("res.partner", "search", [[("name", "=", name)]])
    return ids


def remove(env: Env, ids: list[int]) -> None:
    """Delete this file's own records."""
    if ids:
        env.execute_kw("res.partner", "unlink", [ids])


def function_of(env: Env, partner_id: int) -> Any:
    return env.execute_kw("res.partner", "read", [[partner_id], ["function"]])[0]["function"]


# ---------------------------------------------------------------- retries of reads


def test_reads_retry_through_transient_faults(
    protocol: str, proxy: faultproxy.FaultProxy, open_env: Callable[..., Env]
) -> None:
    """A 503 page, a reset before forwarding and a refused request cost retries, not errors;
    the server ran each read once."""
    env = open_env(retries=2)
    proxy.inject(faultproxy.status(503), when="res.partner.search")
    proxy.inject(faultproxy.reset_before(), when="res.partner.search")
    proxy.inject(faultproxy.refuse(), when="res.partner.read")
    started = time.monotonic()
    ids = search_bench(env)
    rows = env.execute_kw("res.partner", "read", [ids, ["ref"]])
    elapsed = time.monotonic() - started
    assert len(ids) == 5
    assert sorted(row["id"] for row in rows) == sorted(ids)
    assert all(row["ref"].startswith("odoorm-bench-00") for row in rows)
    # search waited 0.25 s then 0.5 s, read 0.25 s: the backoff, bounded
    assert FIRST_WAIT + SECOND_WAIT + FIRST_WAIT - EPSILON <= elapsed < 3.0
    assert (proxy.received["res.partner.search"], proxy.forwarded["res.partner.search"]) == (3, 1)
    assert (proxy.received["res.partner.read"], proxy.forwarded["res.partner.read"]) == (2, 1)
    assert proxy.pending_faults() == []


# ---------------------------------------------------------------- writes are never sent twice


def test_a_create_that_reached_the_server_is_never_sent_twice(
    protocol: str, proxy: faultproxy.FaultProxy, open_env: Callable[..., Env]
) -> None:
    """The server ran the create, the answer was lost: odoorm says the outcome is unknown and does
    not re-send it (retries=2 notwithstanding), so the server holds exactly one record."""
    env = open_env(retries=2)
    name = f"odoorm proxy create {protocol}"
    remove(env, named(env, name))  # leftovers of an interrupted recording
    proxy.inject(faultproxy.reset_after(), when="res.partner.create")
    with pytest.raises(odoorm.ConnectionLost) as caught:
        env.execute_kw("res.partner", "create", [{"name": name}])
    error = caught.value
    assert isinstance(error, odoorm.TransportError)
    assert error.outcome_unknown is True
    assert proxy.url in str(error) and "outcome is unknown" in str(error)
    assert (proxy.received["res.partner.create"], proxy.forwarded["res.partner.create"]) == (1, 1)
    try:
        assert env.execute_kw("res.partner", "search_count", [[("name", "=", name)]]) == 1
    finally:
        remove(env, named(env, name))
    assert named(env, name) == []


# ---------------------------------------------------------------- timeouts


def test_a_timeout_is_prompt_and_the_environment_recovers(
    protocol: str, proxy: faultproxy.FaultProxy, open_env: Callable[..., Env]
) -> None:
    """The server answers after 1.2 s; odoorm gives up at its 0.5 s timeout, once (a timeout is not
    retried, even for a read: docs/connection.md), and the next call on the same environment works."""
    env = open_env(timeout=0.5, retries=2)
    proxy.inject(faultproxy.delay(1.2), when="res.partner.search")
    started = time.monotonic()
    with pytest.raises(odoorm.RequestTimeout) as caught:
        search_bench(env)
    elapsed = time.monotonic() - started
    assert 0.5 - EPSILON <= elapsed < 1.5
    assert isinstance(caught.value, TimeoutError)
    assert caught.value.outcome_unknown is False  # a read: nothing to be unsure about
    assert proxy.url in str(caught.value)
    assert proxy.forwarded["res.partner.search"] == 1
    assert len(search_bench(env)) == 5
    assert (proxy.received["res.partner.search"], proxy.forwarded["res.partner.search"]) == (2, 2)


# ---------------------------------------------------------------- 429


def test_429_retry_after_delays_a_write_that_is_applied_once(
    protocol: str, proxy: faultproxy.FaultProxy, open_env: Callable[..., Env]
) -> None:
    """A 429 means the server declined to run the call: even a write is sent again, after the
    Retry-After second, and applied once."""
    env = open_env(retries=2)
    partner_id = env.execute_kw("res.partner", "create", [{"name": f"odoorm proxy 429 {protocol}"}])
    try:
        proxy.inject(faultproxy.throttle("1"), when="res.partner.write")
        started = time.monotonic()
        assert env.execute_kw("res.partner", "write", [[partner_id], {"function": "Throttled"}]) is True
        elapsed = time.monotonic() - started
        assert 1.0 - EPSILON <= elapsed < 3.0
        assert (proxy.received["res.partner.write"], proxy.forwarded["res.partner.write"]) == (2, 1)
        assert function_of(env, partner_id) == "Throttled"
    finally:
        remove(env, [partner_id])


# ---------------------------------------------------------------- answers that are not the protocol's


@pytest.mark.parametrize("answer", ["truncated", "garbled", "html_page"])
def test_a_garbled_answer_is_a_protocol_error(
    protocol: str, answer: str, proxy: faultproxy.FaultProxy, open_env: Callable[..., Env]
) -> None:
    """The server's real answer cut in half or with bytes of junk inside, or a login page with
    HTTP 200: a ProtocolError naming the url called, not retried; the environment stays usable."""
    env = open_env(retries=2)
    fault = {"truncated": faultproxy.truncated, "garbled": faultproxy.garbled, "html_page": faultproxy.html_page}
    proxy.inject(fault[answer](), when="res.partner.search")
    with pytest.raises(odoorm.ProtocolError) as caught:
        search_bench(env)
    error = caught.value
    assert not isinstance(error, odoorm.HTTPError) and error.status == 200
    assert proxy.url in str(error) and error.url.startswith(proxy.url + "/")
    assert proxy.received["res.partner.search"] == 1  # an answer, not a transient failure
    assert proxy.forwarded["res.partner.search"] == (0 if answer == "html_page" else 1)
    assert len(search_bench(env)) == 5


# ---------------------------------------------------------------- the unit of work


def test_pending_changes_survive_a_failed_flush(
    protocol: str, proxy: faultproxy.FaultProxy, open_env: Callable[..., Env]
) -> None:
    """A 429 on the flush's write (the server declined to run it; no retry allowed): FlushError caused
    by the HTTPError, the change stays pending and the next flush sends it; the server then holds the
    value. (A 503 page would leave the outcome unknown: see the next tests.)"""
    env = open_env(retries=0)
    partner_id = env.execute_kw(
        "res.partner", "create", [{"name": f"odoorm proxy flush {protocol}", "function": "Before"}]
    )
    try:
        record = env["res.partner"].browse(partner_id)
        record.function = "X"
        pending = [(c.model, c.ids, dict(c.values)) for c in env.pending()]
        assert pending == [("res.partner", (partner_id,), {"function": "X"})]
        proxy.inject(faultproxy.throttle("1"), when="res.partner.write")
        with pytest.raises(odoorm.FlushError) as caught:
            env.flush()
        error = caught.value
        assert isinstance(error.error, odoorm.HTTPError) and error.error.status == 429
        assert error.outcome_unknown is False and error.changes == ()
        assert error.__cause__ is error.error
        assert (error.model, error.ids, error.fields) == ("res.partner", (partner_id,), ("function",))
        assert [(c.model, c.ids, dict(c.values)) for c in env.pending()] == pending
        assert (proxy.received["res.partner.write"], proxy.forwarded["res.partner.write"]) == (1, 0)
        env.flush()
        assert env.pending() == []
        assert (proxy.received["res.partner.write"], proxy.forwarded["res.partner.write"]) == (2, 1)
        assert function_of(env, partner_id) == "X"
    finally:
        env.discard()
        remove(env, [partner_id])


def test_a_flush_with_an_unknown_outcome_is_not_sent_again(
    protocol: str, proxy: faultproxy.FaultProxy, open_env: Callable[..., Env]
) -> None:
    """The server ran the flush's write (a one2many create command), the answer was lost: like any
    call with an unknown outcome it must not be sent again — not even by the flush that precedes
    the next, unrelated call — or the server holds two child records."""
    env = open_env(retries=2)
    child = f"odoorm proxy in-doubt child {protocol}"
    remove(env, named(env, child))  # leftovers of an interrupted recording
    parent_id = env.execute_kw("res.partner", "create", [{"name": f"odoorm proxy in-doubt {protocol}"}])
    try:
        env["res.partner"].browse(parent_id).child_ids += [{"name": child}]
        proxy.inject(faultproxy.reset_after(), when="res.partner.write")
        with pytest.raises(odoorm.FlushError) as caught:
            env.flush()
        assert isinstance(caught.value.error, odoorm.ConnectionLost) and caught.value.error.outcome_unknown
        assert caught.value.outcome_unknown is True
        assert [dict(c.values) for c in caught.value.changes] == [{"child_ids": [(0, 0, {"name": child})]}]
        assert env.pending() == []
        assert proxy.forwarded["res.partner.write"] == 1
        count = env.execute_kw("res.partner", "search_count", [[("name", "=", child)]])  # flushes first
        assert proxy.forwarded["res.partner.write"] == 1, "the in-doubt write was sent again"
        assert count == 1
    finally:
        env.discard()
        remove(env, [*named(env, child), parent_id])


#: Answers that come after the server ran the call but are not an Odoo answer (issue 17): each leaves
#: the outcome of a writing call unknown.
AMBIGUOUS = {
    "html_page_after": lambda: faultproxy.html_page(forwarded=True),
    "status_503_after": lambda: faultproxy.status(503, forwarded=True),
    "truncated": faultproxy.truncated,
    "garbled": faultproxy.garbled,
    "cut": faultproxy.cut,
}


@pytest.mark.parametrize("answer", list(AMBIGUOUS))
def test_an_ambiguous_answer_to_a_flush_never_duplicates(
    protocol: str, answer: str, proxy: faultproxy.FaultProxy, open_env: Callable[..., Env]
) -> None:
    """The server ran the flush's write (a one2many create command), then the client got an HTML page,
    a cut or garbled body, or a gateway's 503: not a well-formed Odoo answer, so the outcome is unknown.
    The change leaves the unit of work (FlushError.changes) and is never sent again: one child."""
    env = open_env(retries=2)
    child = f"odoorm proxy ambiguous {answer} {protocol}"
    remove(env, named(env, child))  # leftovers of an interrupted recording
    parent_id = env.execute_kw("res.partner", "create", [{"name": f"odoorm proxy ambiguous {protocol}"}])
    try:
        env["res.partner"].browse(parent_id).child_ids += [{"name": child}]
        proxy.inject(AMBIGUOUS[answer](), when="res.partner.write")
        with pytest.raises(odoorm.FlushError) as caught:
            env.flush()
        error = caught.value
        assert isinstance(error.error, odoorm.TransportError) and error.error.outcome_unknown is True
        assert error.outcome_unknown is True and "may or may not have applied" in str(error)
        assert [dict(c.values) for c in error.changes] == [{"child_ids": [(0, 0, {"name": child})]}]
        assert env.pending() == []
        count = env.execute_kw("res.partner", "search_count", [[("name", "=", child)]])  # flushes first
        assert (proxy.received["res.partner.write"], proxy.forwarded["res.partner.write"]) == (1, 1)
        assert count == 1
    finally:
        env.discard()
        remove(env, [*named(env, child), parent_id])


def test_an_ambiguous_answer_to_a_read_is_not_in_doubt(
    protocol: str, proxy: faultproxy.FaultProxy, open_env: Callable[..., Env]
) -> None:
    """The same answer to a read: a ProtocolError whose outcome is known (a read changes nothing)."""
    env = open_env(retries=0)
    proxy.inject(faultproxy.html_page(forwarded=True), when="res.partner.search")
    with pytest.raises(odoorm.ProtocolError) as caught:
        search_bench(env)
    assert caught.value.outcome_unknown is False
    assert len(search_bench(env)) == 5


# ---------------------------------------------------------------- names in the URL


#: Names outside Odoo's grammar: the model, or the method, is at fault.
BAD_NAMES = [
    ("res.partner/unlink?", "read"),
    ("res.partner#", "read"),
    ("a\nb", "read"),
    ("RES.PARTNER", "read"),
    ("res.partner?x=1", "read"),
    ("", "read"),
    ("res.partner", "write?"),
    ("res.partner", "read/../unlink"),
    ("res.partner", "read#"),
    ("res.partner", ""),
    ("res.partner", "read()"),
]


def test_names_are_checked_before_anything_is_sent(
    protocol: str, proxy: faultproxy.FaultProxy, open_env: Callable[..., Env]
) -> None:
    """A model or method name outside Odoo's grammar can name nothing on the server, and on JSON-2 it
    would reach another URL than the read-only guard checked (``res.partner/unlink?`` with method
    ``read`` posted to ``/json/2/res.partner/unlink`` and deleted the record): refused before any
    request, on every protocol, read-only connection or not."""
    env = open_env(readonly=True)
    partner_id = search_bench(env)[0]
    before = len(proxy.seen)
    for model, method in BAD_NAMES:
        expected = odoorm.UnknownModelError if model != "res.partner" else odoorm.UnknownMethodError
        with pytest.raises(expected) as caught:
            env.execute_kw(model, method, [[partner_id]])
        assert repr(model if model != "res.partner" else method) in str(caught.value)
        if model != "res.partner":
            with pytest.raises(odoorm.UnknownModelError):
                env[model]
    assert len(proxy.seen) == before, "a request was sent"
    assert env.execute_kw("res.partner", "search_count", [[("id", "=", partner_id)]]) == 1  # still there


# ---------------------------------------------------------------- authentication


def test_a_revoked_key_fails_once_without_retries(
    protocol: str, proxy: faultproxy.FaultProxy, open_env: Callable[..., Env]
) -> None:
    """A key the server stops accepting after login: AuthenticationError on the next call, sent
    once (a refusal is an answer, not a transient failure), naming where but never the key."""
    env = open_env(retries=2)
    assert len(search_bench(env)) == 5
    login = env._transport.login
    assert login is not None
    login.secret = Secret(REVOKED_KEY, "api_key")
    with pytest.raises(odoorm.AuthenticationError) as caught:
        search_bench(env)
    assert (proxy.received["res.partner.search"], proxy.forwarded["res.partner.search"]) == (2, 2)
    assert proxy.url in str(caught.value)
    assert REVOKED_KEY not in str(caught.value) and REVOKED_KEY not in repr(caught.value)
