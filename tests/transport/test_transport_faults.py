"""Transport-level failures, provoked for real against a stand-in server on 127.0.0.1.

No mocks: every test talks HTTP over real sockets to :mod:`standin`, which
answers the connect handshake of each protocol and then follows a script
(HTTP 503 pages, resets, stalls, redirects, garbage...). The tests assert
what odoorm raises (class, attributes) and what reached the server (how
many times a call was sent, and where).

Retries use connect()'s default backoff (0.25 s, doubling), so a few tests
take 0.75 s by design; their elapsed time shows the backoff was honoured.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Iterator
from typing import Any

import pytest
import standin  # tests/servers/, put on sys.path by conftest.py

import odoorm

StandIn = standin.StandIn
closed_port, connect, running = standin.closed_port, standin.connect, standin.running
delay, drop, html, raw, redirect, reply = (
    standin.delay,
    standin.drop,
    standin.html,
    standin.raw,
    standin.redirect,
    standin.reply,
)
reset, stall_body, status, throttle, truncated = (
    standin.reset,
    standin.stall_body,
    standin.status,
    standin.throttle,
    standin.truncated,
)

PROTOCOLS = ["xmlrpc", "jsonrpc", "json2"]
JSON_PROTOCOLS = ["jsonrpc", "json2"]

#: Where each protocol's model calls go (json2: the path of res.partner.<method>).
CALL_PATH = {
    "xmlrpc": lambda method: "/xmlrpc/2/object",
    "jsonrpc": lambda method: "/jsonrpc",
    "json2": lambda method: f"/json/2/res.partner/{method}",
}

#: Retry backoff of connect(): 0.25 s, then 0.5 s (RetryPolicy's default).
FIRST_WAIT, SECOND_WAIT = 0.25, 0.5
#: Slack for the lower bounds on sleeps (time.sleep never returns early, but clocks are coarse).
EPSILON = 0.02


# ---------------------------------------------------------------- fixtures and helpers


@pytest.fixture
def srv() -> Iterator[StandIn]:
    """A stand-in Odoo, stopped (and checked for internal errors) at teardown."""
    yield from running()


@pytest.fixture
def make_standin() -> Iterator[Callable[..., StandIn]]:
    """A factory of extra stand-ins (a redirect target, a restarted server), all stopped at teardown."""
    made: list[StandIn] = []

    def make(**kwargs: Any) -> StandIn:
        server = StandIn(**kwargs).start()
        made.append(server)
        return server

    yield make
    for server in made:
        server.stop()
    assert not [e for s in made for e in s.errors], "a stand-in itself failed"


@pytest.fixture(params=PROTOCOLS)
def protocol(request: pytest.FixtureRequest) -> str:
    return str(request.param)


@pytest.fixture
def envs() -> Iterator[list[odoorm.Environment]]:
    """Environments to close at teardown (so no pooled socket outlives a test)."""
    opened: list[odoorm.Environment] = []
    yield opened
    for env in opened:
        env.close()


@pytest.fixture
def open_env(srv: StandIn, envs: list[odoorm.Environment]) -> Callable[..., odoorm.Environment]:
    """``open_env(protocol, **options)``: an environment on ``srv``, closed at teardown."""

    def open_(protocol: str, **options: Any) -> odoorm.Environment:
        env = connect(srv, protocol, **options)
        envs.append(env)
        assert env.protocol == protocol and env.uid == 2
        return env

    return open_


def search(env: odoorm.Environment) -> Any:
    return env.execute_kw("res.partner", "search", [[("is_company", "=", True)]])


def write(env: odoorm.Environment) -> Any:
    return env.execute_kw("res.partner", "write", [[1], {"name": "Deco Addict"}])


def create(env: odoorm.Environment) -> Any:
    return env.execute_kw("res.partner", "create", [{"name": "Deco Addict"}])


WRITES = {"write": (write, True), "create": (create, 7)}


def calls(server: StandIn, method: str) -> int:
    """How many ``res.partner.<method>`` calls reached *server*."""
    return server.count(rpc=f"res.partner.{method}")


# ---------------------------------------------------------------- the stand-in itself


def test_standin_answers_every_protocol(
    protocol: str, srv: StandIn, open_env: Callable[..., odoorm.Environment]
) -> None:
    env = open_env(protocol)
    assert [r.kind for r in srv.requests] == ["auth"]  # connect asks no version: the protocol is known
    assert env.version == (19, 0)  # asked on first use
    assert (search(env), write(env), create(env)) == ([1, 2, 3], True, 7)
    assert [r.kind for r in srv.requests] == ["auth", "version", "call", "call", "call"]
    assert srv.hits[CALL_PATH[protocol]("write")] == {"xmlrpc": 3, "jsonrpc": 5, "json2": 1}[protocol]


def test_standin_refuses_a_wrong_secret(protocol: str, srv: StandIn) -> None:
    options = {"api_key": "wrong"} if protocol == "json2" else {"password": "wrong"}
    with pytest.raises(odoorm.AuthenticationError):
        if protocol == "json2":
            odoorm.connect(srv.url, "db", protocol=protocol, **options)
        else:
            odoorm.connect(srv.url, "db", "admin", protocol=protocol, **options)


# ---------------------------------------------------------------- refused connections


def test_connection_refused(protocol: str) -> None:
    url = f"http://127.0.0.1:{closed_port()}"
    with pytest.raises(odoorm.ConnectionFailed) as caught:
        connect(url, protocol, retries=0)
    error = caught.value
    assert isinstance(error, ConnectionError) and isinstance(error, odoorm.TransportError)
    assert error.url.startswith(url + "/")
    assert url in str(error)
    assert error.outcome_unknown is False
    assert error.status is None


def test_refused_connection_is_retried_even_for_a_write(
    protocol: str, srv: StandIn, open_env: Callable[..., odoorm.Environment], make_standin: Callable[..., StandIn]
) -> None:
    """Nothing was sent, so even a write is tried again: the server is back for the second attempt."""
    env = open_env(protocol, retries=2)
    port = srv.port
    srv.stop()  # the port now refuses connections
    restarted: list[StandIn] = []
    timer = threading.Timer(0.12, lambda: restarted.append(make_standin(port=port)))  # back before attempt 2
    timer.start()
    started = time.monotonic()
    try:
        assert write(env) is True
    finally:
        timer.join()
    assert time.monotonic() - started >= FIRST_WAIT - EPSILON  # one refused attempt, one backoff
    assert calls(srv, "write") == 0
    assert calls(restarted[0], "write") == 1


def test_refused_connection_after_retries(
    protocol: str, srv: StandIn, open_env: Callable[..., odoorm.Environment]
) -> None:
    env = open_env(protocol, retries=1)
    srv.stop()
    started = time.monotonic()
    with pytest.raises(odoorm.ConnectionFailed) as caught:
        write(env)
    assert time.monotonic() - started >= FIRST_WAIT - EPSILON  # it was tried twice
    assert caught.value.outcome_unknown is False  # nothing was sent, even for a write
    assert srv.url in str(caught.value)


# ---------------------------------------------------------------- 502/503/504 from a proxy


def test_read_retried_after_two_503(protocol: str, srv: StandIn, open_env: Callable[..., odoorm.Environment]) -> None:
    env = open_env(protocol, retries=2)
    srv.script(status(503), status(503))
    started = time.monotonic()
    assert search(env) == [1, 2, 3]
    assert time.monotonic() - started >= FIRST_WAIT + SECOND_WAIT - EPSILON
    assert calls(srv, "search") == 3
    assert srv.pending() == 0


def test_read_gives_up_after_the_retries(
    protocol: str, srv: StandIn, open_env: Callable[..., odoorm.Environment]
) -> None:
    """502 and 504 are retried like 503; the last answer is the one reported."""
    env = open_env(protocol, retries=2)
    srv.script(status(502), status(504), status(503), status(503))
    started = time.monotonic()
    with pytest.raises(odoorm.HTTPError) as caught:
        search(env)
    assert time.monotonic() - started >= FIRST_WAIT + SECOND_WAIT - EPSILON
    error = caught.value
    assert error.status == 503
    assert not isinstance(error, odoorm.ProtocolError)
    assert srv.url in str(error) and "HTTP 503" in str(error)
    assert calls(srv, "search") == 3  # 1 + retries=2, never a 4th
    assert srv.pending() == 1


@pytest.mark.parametrize("method", sorted(WRITES))
def test_write_answered_503_is_never_resent(
    protocol: str, method: str, srv: StandIn, open_env: Callable[..., odoorm.Environment]
) -> None:
    env = open_env(protocol, retries=2)
    srv.script(status(503))  # a re-send would succeed, so only an HTTPError proves there was none
    call, _ = WRITES[method]
    with pytest.raises(odoorm.HTTPError) as caught:
        call(env)
    assert caught.value.status == 503
    assert calls(srv, method) == 1


def test_write_answered_504_has_an_unknown_outcome(
    protocol: str, srv: StandIn, open_env: Callable[..., odoorm.Environment]
) -> None:
    env = open_env(protocol)
    srv.script(status(504))
    with pytest.raises(odoorm.HTTPError) as caught:
        write(env)
    assert caught.value.status == 504
    assert calls(srv, "write") == 1
    assert caught.value.outcome_unknown is True


# ---------------------------------------------------------------- connection broken after sending


def test_read_retried_after_reset(protocol: str, srv: StandIn, open_env: Callable[..., odoorm.Environment]) -> None:
    env = open_env(protocol, retries=2)
    srv.script(reset())
    started = time.monotonic()
    assert search(env) == [1, 2, 3]
    assert time.monotonic() - started >= FIRST_WAIT - EPSILON
    assert calls(srv, "search") == 2


@pytest.mark.parametrize("broken", [reset, drop], ids=["rst", "fin"])
@pytest.mark.parametrize("method", sorted(WRITES))
def test_write_reset_after_send_is_not_resent(
    protocol: str, method: str, broken: Callable[[], Any], srv: StandIn, open_env: Callable[..., odoorm.Environment]
) -> None:
    env = open_env(protocol, retries=2)
    srv.script(broken())
    call, expected = WRITES[method]
    with pytest.raises(odoorm.ConnectionLost) as caught:
        call(env)
    error = caught.value
    assert isinstance(error, ConnectionError)
    assert error.outcome_unknown is True
    assert "outcome is unknown" in str(error) and srv.url in str(error)
    assert calls(srv, method) == 1
    assert call(env) == expected  # the connection pool recovers
    assert calls(srv, method) == 2


def test_read_gives_up_after_resets(protocol: str, srv: StandIn, open_env: Callable[..., odoorm.Environment]) -> None:
    env = open_env(protocol, retries=1)
    srv.script(drop(), reset())
    with pytest.raises(odoorm.ConnectionLost) as caught:
        search(env)
    assert caught.value.outcome_unknown is False  # a read: nothing to be unsure about
    assert calls(srv, "search") == 2


@pytest.mark.parametrize("method", ["search", "write"])
def test_answer_cut_short_is_connection_lost(
    protocol: str, method: str, srv: StandIn, open_env: Callable[..., odoorm.Environment]
) -> None:
    env = open_env(protocol, retries=2)
    srv.script(truncated())
    if method == "search":
        assert search(env) == [1, 2, 3]
        assert calls(srv, "search") == 2
    else:
        with pytest.raises(odoorm.ConnectionLost) as caught:
            write(env)
        assert caught.value.outcome_unknown is True
        assert calls(srv, "write") == 1


# ---------------------------------------------------------------- timeouts


def test_write_timeout(protocol: str, srv: StandIn, open_env: Callable[..., odoorm.Environment]) -> None:
    env = open_env(protocol, timeout=0.5, retries=2)
    srv.script(delay(1.5))
    started = time.monotonic()
    with pytest.raises(odoorm.RequestTimeout) as caught:
        write(env)
    elapsed = time.monotonic() - started
    error = caught.value
    assert isinstance(error, TimeoutError)
    assert 0.5 - EPSILON <= elapsed < 1.4  # the timeout, not the server's 1.5 s, and no second try
    assert error.outcome_unknown is True
    assert srv.url in str(error)
    assert calls(srv, "write") == 1
    assert search(env) == [1, 2, 3]  # the same environment works for the next call


def test_read_timeout_is_not_retried(protocol: str, srv: StandIn, open_env: Callable[..., odoorm.Environment]) -> None:
    """Documented behaviour: a timeout is not one of the transient failures retried, even for a read.

    (RetryPolicy retries reads after a broken connection or a 502/503/504 only; a slow
    server would only be made slower by asking again.)
    """
    env = open_env(protocol, timeout=0.3, retries=2)
    srv.script(delay(1.0))
    started = time.monotonic()
    with pytest.raises(odoorm.RequestTimeout) as caught:
        search(env)
    assert time.monotonic() - started < 0.9  # one timeout, not two
    assert caught.value.outcome_unknown is False
    assert calls(srv, "search") == 1
    assert search(env) == [1, 2, 3]
    assert calls(srv, "search") == 2


def test_slow_answer_within_the_timeout(
    protocol: str, srv: StandIn, open_env: Callable[..., odoorm.Environment]
) -> None:
    env = open_env(protocol, timeout=1.0)
    srv.script(delay(0.15))
    assert write(env) is True
    assert calls(srv, "write") == 1


def test_stalled_body_is_a_timeout(protocol: str, srv: StandIn, open_env: Callable[..., odoorm.Environment]) -> None:
    env = open_env(protocol, timeout=0.2)
    srv.script(stall_body(1.0))  # status line and half the answer, then silence
    started = time.monotonic()
    with pytest.raises(odoorm.RequestTimeout) as caught:
        write(env)
    assert time.monotonic() - started < 0.9
    assert caught.value.outcome_unknown is True
    assert calls(srv, "write") == 1


# ---------------------------------------------------------------- 429 Too Many Requests


@pytest.mark.parametrize("method", sorted(WRITES))
def test_429_retry_after_0_retries_even_a_write(
    protocol: str, method: str, srv: StandIn, open_env: Callable[..., odoorm.Environment]
) -> None:
    env = open_env(protocol, retries=2)
    srv.script(throttle("0"))
    call, expected = WRITES[method]
    started = time.monotonic()
    assert call(env) == expected
    assert time.monotonic() - started < FIRST_WAIT - 0.05  # Retry-After: 0 replaced the backoff
    assert calls(srv, method) == 2


def test_429_retry_after_is_waited_for(srv: StandIn, open_env: Callable[..., odoorm.Environment]) -> None:
    env = open_env("jsonrpc", retries=2)  # the wait is the channel's, shared by all protocols
    srv.script(throttle("1"))
    started = time.monotonic()
    assert write(env) is True
    assert time.monotonic() - started >= 1.0 - EPSILON
    assert calls(srv, "write") == 2


def test_429_without_retry_after_uses_the_backoff(
    protocol: str, srv: StandIn, open_env: Callable[..., odoorm.Environment]
) -> None:
    env = open_env(protocol, retries=2)
    srv.script(throttle(None))
    started = time.monotonic()
    assert write(env) is True
    assert time.monotonic() - started >= FIRST_WAIT - EPSILON
    assert calls(srv, "write") == 2


def test_429_gives_up_after_the_retries(
    protocol: str, srv: StandIn, open_env: Callable[..., odoorm.Environment]
) -> None:
    env = open_env(protocol, retries=2)
    srv.script(*[throttle("0")] * 4)
    with pytest.raises(odoorm.HTTPError) as caught:
        write(env)
    assert caught.value.status == 429
    assert calls(srv, "write") == 3


def test_429_with_a_long_retry_after_is_not_waited_for(
    protocol: str, srv: StandIn, open_env: Callable[..., odoorm.Environment]
) -> None:
    env = open_env(protocol, retries=2)
    srv.script(throttle("3600"))  # above RetryPolicy.max_wait (30 s)
    started = time.monotonic()
    with pytest.raises(odoorm.HTTPError) as caught:
        search(env)
    assert time.monotonic() - started < 1.0
    assert caught.value.status == 429
    assert calls(srv, "search") == 1


# ---------------------------------------------------------------- answers that are not the protocol's


def test_html_page_with_200_is_a_protocol_error(
    protocol: str, srv: StandIn, open_env: Callable[..., odoorm.Environment]
) -> None:
    env = open_env(protocol, retries=2)
    srv.script(html(200))
    with pytest.raises(odoorm.ProtocolError) as caught:
        search(env)
    error = caught.value
    assert not isinstance(error, odoorm.HTTPError)
    assert error.status == 200
    assert srv.url in str(error)
    assert error.url == srv.url + CALL_PATH[protocol]("search")
    assert calls(srv, "search") == 1  # an answer, not a transient failure: not retried


GARBLED = {
    ("truncated", "xmlrpc"): b"<?xml version='1.0'?>\n<methodResponse>\n<params>\n<param>\n<value><array><data>\n"
    b"<value><int>1</int></value>\n",
    ("truncated", "jsonrpc"): b'{"jsonrpc": "2.0", "id": 3, "result": [1, 2',
    ("truncated", "json2"): b"[1, 2",
    ("binary", "xmlrpc"): b"\x1f\x8b\x08\x00\xff\xfe\x00garbage\x01",
    ("binary", "jsonrpc"): b"\x1f\x8b\x08\x00\xff\xfe\x00garbage\x01",
    ("binary", "json2"): b"\x1f\x8b\x08\x00\xff\xfe\x00garbage\x01",
    ("empty", "xmlrpc"): b"",
    ("empty", "jsonrpc"): b"",
    ("empty", "json2"): b"",
    ("wrong shape", "xmlrpc"): b"<?xml version='1.0'?>\n<methodResponse><params></params></methodResponse>",
    ("wrong shape", "jsonrpc"): b'{"status": "ok", "value": 3}',
}


@pytest.mark.parametrize(
    "garble, protocol_",
    [key for key in GARBLED],
    ids=[f"{p}-{g.replace(' ', '_')}" for g, p in GARBLED],
)
def test_garbled_answer_is_a_protocol_error(
    garble: str, protocol_: str, srv: StandIn, open_env: Callable[..., odoorm.Environment]
) -> None:
    env = open_env(protocol_, retries=2)
    content_type = "text/xml" if protocol_ == "xmlrpc" else "application/json"
    srv.script(raw(GARBLED[garble, protocol_], content_type=content_type))
    with pytest.raises(odoorm.ProtocolError) as caught:
        search(env)
    assert caught.value.status == 200
    assert srv.url in str(caught.value)
    assert calls(srv, "search") == 1


def test_html_page_with_500_is_an_http_error(
    protocol: str, srv: StandIn, open_env: Callable[..., odoorm.Environment]
) -> None:
    env = open_env(protocol, retries=2)
    srv.script(html(500))
    with pytest.raises(odoorm.HTTPError) as caught:
        search(env)
    error = caught.value
    assert not isinstance(error, odoorm.ProtocolError | odoorm.ServerError)
    assert error.status == 500
    assert srv.url in str(error) and "HTTP 500" in str(error)
    assert calls(srv, "search") == 1  # 500 is not a transient proxy status: not retried


@pytest.mark.parametrize(
    "body",
    [
        b"<?xml version='1.0'?><methodResponse><params><param><value><boolean>5</boolean></value>"
        b"</param></params></methodResponse>",
        b"<?xml version='1.0'?><methodResponse><params><param><value><struct><member><name>a</name>"
        b"</member></struct></value></param></params></methodResponse>",
        b"<?xml version='1.0'?><methodResponse><fault><value><int>1</int></value></fault></methodResponse>",
    ],
    ids=["bad-boolean", "member-without-value", "fault-not-a-struct"],
)
def test_xmlrpc_wellformed_garbage_is_a_protocol_error(
    body: bytes, srv: StandIn, open_env: Callable[..., odoorm.Environment]
) -> None:
    env = open_env("xmlrpc")
    srv.script(raw(body, content_type="text/xml"))
    with pytest.raises(odoorm.ProtocolError):
        search(env)


@pytest.mark.parametrize(
    "body", [b'{"jsonrpc": "2.0", "id": 3, "error": "boom"}', b'{"jsonrpc": "2.0", "id": 3, "error": {"data": "x"}}']
)
def test_jsonrpc_malformed_error_is_a_protocol_error(
    body: bytes, srv: StandIn, open_env: Callable[..., odoorm.Environment]
) -> None:
    env = open_env("jsonrpc")
    srv.script(raw(body))
    with pytest.raises(odoorm.ProtocolError):
        search(env)


# ---------------------------------------------------------------- redirects


@pytest.mark.parametrize("code", [302, 307])
def test_redirect_is_not_followed(
    protocol: str,
    code: int,
    srv: StandIn,
    open_env: Callable[..., odoorm.Environment],
    make_standin: Callable[..., StandIn],
) -> None:
    env = open_env(protocol, retries=2)
    target = make_standin()
    location = target.url + CALL_PATH[protocol]("search")
    srv.script(redirect(location, code))
    with pytest.raises(odoorm.HTTPError) as caught:
        search(env)
    error = caught.value
    assert error.status == code
    assert location in str(error)
    assert calls(srv, "search") == 1
    assert target.requests == []  # neither the call nor its credentials went to the other host
    if protocol == "json2":  # the header that must not travel was indeed sent to the right host
        assert srv.matching(rpc="res.partner.search")[0].headers["authorization"] == "bearer k"


def test_redirect_of_the_login_is_not_followed(
    protocol: str, srv: StandIn, make_standin: Callable[..., StandIn]
) -> None:
    target = make_standin()
    srv.script(redirect(target.url + "/login"), on="auth")
    with pytest.raises(odoorm.HTTPError) as caught:
        connect(srv, protocol)
    assert caught.value.status == 302
    assert target.url in str(caught.value)
    assert srv.count(kind="auth") == 1
    assert target.requests == []


# ---------------------------------------------------------------- the handshake


@pytest.mark.parametrize("protocol_", ["xmlrpc", "jsonrpc", "json2"])
def test_login_retried_after_503(protocol_: str, srv: StandIn, envs: list[odoorm.Environment]) -> None:
    srv.script(status(503), on="auth")
    env = connect(srv, protocol_, retries=2)
    envs.append(env)
    assert env.uid == 2
    assert srv.count(kind="auth") == 2


@pytest.mark.parametrize("answer", [redirect("/web/login?redirect=/json/2", 303), status(404)])
def test_auto_with_a_key_uses_jsonrpc_when_the_server_has_no_json2(
    answer: Any, make_standin: Callable[..., StandIn], envs: list[odoorm.Environment]
) -> None:
    old = make_standin(password="k")  # Odoo 17-18 redirect /json/2 to their login page; older ones: 404
    old.script(answer, on="auth")
    env = odoorm.connect(old.url, "db", "admin", api_key="k")
    envs.append(env)
    assert (env.protocol, env.uid) == ("jsonrpc", 2)  # the key as the password, as Odoo takes it
    assert [(r.protocol, r.kind) for r in old.requests] == [("json2", "auth"), ("jsonrpc", "auth")]


def test_json2_asked_of_a_server_without_it_names_its_version(make_standin: Callable[..., StandIn]) -> None:
    old = make_standin()
    old.script(redirect("/web/login?redirect=/json/2", 303), on="auth")
    old.script(reply({"server_version": "18.0", "server_version_info": [18, 0, 0, "final", 0, ""]}), on="version")
    with pytest.raises(odoorm.ConfigurationError, match="JSON-2 API needs Odoo 19 or later; this server runs 18.0"):
        odoorm.connect(old.url, "db", api_key="k", protocol="json2")
    assert [r.kind for r in old.requests] == ["auth", "version"]  # the version is asked only to say so


def test_json2_on_odoo_19_keeps_the_servers_answer(make_standin: Callable[..., StandIn]) -> None:
    missing = make_standin()  # Odoo 19 without its rpc module: no /json/2 either
    missing.script(status(404), on="auth")
    with pytest.raises(odoorm.HTTPError) as caught:
        odoorm.connect(missing.url, "db", api_key="k", protocol="json2")
    assert caught.value.status == 404


@pytest.mark.parametrize("protocol_", ["xmlrpc", "jsonrpc", "json2"])
def test_version_asked_on_first_use_retried_after_503(
    protocol_: str, srv: StandIn, envs: list[odoorm.Environment]
) -> None:
    env = connect(srv, protocol_, retries=2)
    envs.append(env)
    assert srv.count(kind="version") == 0
    srv.script(status(503), on="version")
    assert env.version == (19, 0) and env.version.server_serie == "19.0"
    assert srv.count(kind="version") == 2  # the 503, then the answer; remembered afterwards


def test_html_page_at_login_is_a_protocol_error(protocol: str, srv: StandIn) -> None:
    srv.script(html(200), on="auth")
    with pytest.raises(odoorm.ProtocolError) as caught:
        connect(srv, protocol)
    assert srv.url in str(caught.value)


# ---------------------------------------------------------------- read-only connections


def test_readonly_connection_refuses_writes_before_sending(
    protocol: str, srv: StandIn, open_env: Callable[..., odoorm.Environment]
) -> None:
    env = open_env(protocol, readonly=True)
    assert env.readonly is True
    for method, (call, _) in WRITES.items():
        with pytest.raises(odoorm.ReadOnlyError) as caught:
            call(env)
        assert isinstance(caught.value, PermissionError) and isinstance(caught.value, odoorm.ClientError)
        assert method in str(caught.value)
    assert srv.count(kind="call") == 0
    assert search(env) == [1, 2, 3]
    assert srv.count(kind="call") == 1


# ---------------------------------------------------------------- marshalling


@pytest.mark.parametrize("value", [2**63, -(2**63) - 1, 10**30], ids=["2**63", "-2**63-1", "10**30"])
def test_xmlrpc_refuses_integers_beyond_64_bits(
    value: int, srv: StandIn, open_env: Callable[..., odoorm.Environment]
) -> None:
    env = open_env("xmlrpc")
    with pytest.raises(odoorm.MarshalError) as caught:
        env.execute_kw("res.partner", "write", [[1], {"credit_limit": value}])
    assert isinstance(caught.value, TypeError)
    assert str(value) in str(caught.value)
    assert srv.count(kind="call") == 0


@pytest.mark.parametrize("text", ["a\x01b", "\x00", "tab\tok but \x1f not"], ids=["x01", "x00", "x1f"])
def test_xmlrpc_refuses_control_characters(
    text: str, srv: StandIn, open_env: Callable[..., odoorm.Environment]
) -> None:
    env = open_env("xmlrpc")
    with pytest.raises(odoorm.MarshalError) as caught:
        env.execute_kw("res.partner", "write", [[1], {"name": text}])
    assert "control character" in str(caught.value)
    assert srv.count(kind="call") == 0


def test_xmlrpc_refuses_control_characters_in_keys(srv: StandIn, open_env: Callable[..., odoorm.Environment]) -> None:
    env = open_env("xmlrpc")
    with pytest.raises(odoorm.MarshalError):
        env.execute_kw("res.partner", "write", [[1], {"na\x01me": "x"}])
    assert srv.count(kind="call") == 0


@pytest.mark.parametrize(
    "value, element",
    [
        (2**40, b"<i8>1099511627776</i8>"),
        (2**63 - 1, b"<i8>9223372036854775807</i8>"),
        (-(2**63), b"<i8>-9223372036854775808</i8>"),
        (2**31 - 1, b"<int>2147483647</int>"),
    ],
    ids=["2**40", "2**63-1", "-2**63", "2**31-1"],
)
def test_xmlrpc_sends_64_bit_integers_as_i8(
    value: int, element: bytes, srv: StandIn, open_env: Callable[..., odoorm.Environment]
) -> None:
    env = open_env("xmlrpc")
    assert env.execute_kw("res.partner", "write", [[1], {"credit_limit": value}]) is True
    (sent,) = srv.matching(rpc="res.partner.write")
    assert element in sent.body
    assert sent.args == [[1], {"credit_limit": value}]


@pytest.mark.parametrize("value", [float("nan"), float("inf"), float("-inf")], ids=["nan", "inf", "-inf"])
def test_non_finite_floats_are_refused(
    protocol: str, value: float, srv: StandIn, open_env: Callable[..., odoorm.Environment]
) -> None:
    env = open_env(protocol)
    with pytest.raises(odoorm.MarshalError) as caught:
        env.execute_kw("res.partner", "write", [[1], {"credit_limit": value}])
    assert isinstance(caught.value, TypeError)
    assert srv.count(kind="call") == 0


@pytest.mark.parametrize("protocol_", JSON_PROTOCOLS)
def test_json_refuses_integers_beyond_64_bits_too(
    protocol_: str, srv: StandIn, open_env: Callable[..., odoorm.Environment]
) -> None:
    """JSON could carry them, but no Odoo column can hold them (issue 17, item 9): refused as on XML-RPC."""
    env = open_env(protocol_)
    with pytest.raises(odoorm.MarshalError, match=str(2**70)):
        env.execute_kw("res.partner", "write", [[1], {"credit_limit": 2**70}])
    assert srv.count(kind="call") == 0


def test_lone_surrogate_is_a_marshal_error(
    protocol: str, srv: StandIn, open_env: Callable[..., odoorm.Environment]
) -> None:
    env = open_env(protocol)
    with pytest.raises(odoorm.MarshalError):
        env.execute_kw("res.partner", "write", [[1], {"name": "broken \ud800 text"}])
    assert srv.count(kind="call") == 0
