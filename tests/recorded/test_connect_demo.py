"""``odoorm.connect_demo()``: the demo service's ``start`` call, answered by a local stand-in.

The stand-in (on ``localhost``, never recorded) hands back the recorded Odoo 19
server's address and credentials, as demo.odoo.com hands back a fresh database;
the connection that follows is replayed from the cassette like any other.
"""

from __future__ import annotations

import xmlrpc.client
from collections.abc import Iterator
from typing import Any

import pytest

try:  # tests/ is a rootdir-less folder today; keep working if it becomes a package
    from tests.loopback import LoopbackHandler, LoopbackServer
except ImportError:  # pragma: no cover
    from loopback import LoopbackHandler, LoopbackServer  # type: ignore[no-redef]

from conftest import TestBed, cassette_path, recorder_for

import odoorm
from odoorm.client.connect import forget_connections


class DemoService(LoopbackServer):
    """Answers ``POST /start`` (XML-RPC ``start()``) with :attr:`answer`, or a fault."""

    def __init__(self, answer: Any) -> None:
        self.answer = answer
        self.calls: list[tuple[str, tuple[Any, ...]]] = []
        outer = self

        class Handler(LoopbackHandler):
            def do_POST(self) -> None:
                body = self.rfile.read(int(self.headers["Content-Length"]))
                params, method = xmlrpc.client.loads(body)
                outer.calls.append((self.path, params))
                if self.path != "/start" or method != "start":
                    payload = xmlrpc.client.dumps(xmlrpc.client.Fault(1, f"no method {method} at {self.path}"))
                elif isinstance(outer.answer, xmlrpc.client.Fault):
                    payload = xmlrpc.client.dumps(outer.answer, methodresponse=True)
                else:
                    payload = xmlrpc.client.dumps((outer.answer,), methodresponse=True)
                data = payload.encode()
                self.send_response(200)
                self.send_header("Content-Type", "text/xml")
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

            def log_message(self, *args: Any) -> None:
                pass

        self._handler = Handler
        super().__init__()

    @property
    def url(self) -> str:
        return f"http://localhost:{self.port}"  # localhost: the recorder lets it through, unrecorded


@pytest.fixture
def recorded(request: pytest.FixtureRequest, testbed: TestBed) -> Iterator[Any]:
    forget_connections()
    path = cassette_path(request.node, testbed)
    recorder = recorder_for(testbed, path, ignore_hosts=("localhost",))
    with recorder.use_cassette(path.name) as cassette:
        yield cassette
    if not testbed.recording:
        assert cassette.all_played


def test_connect_demo_connects_to_the_database_the_service_hands_out(recorded: Any, testbed: TestBed) -> None:
    answer = {"host": testbed.url, "database": testbed.db, "user": testbed.username, "password": testbed.password}
    with DemoService(answer) as service:
        env = odoorm.connect_demo(service.url)
    assert service.calls == [("/start", ())]
    assert (env.url, env.db, env.uid, env.protocol) == (testbed.url, testbed.db, 2, "jsonrpc")
    assert env.user.login == testbed.username
    assert testbed.password not in repr(env)
    env.close()


def test_connect_demo_passes_connect_options(recorded: Any, testbed: TestBed) -> None:
    answer = {"host": testbed.url, "database": testbed.db, "user": testbed.username, "password": testbed.password}
    with DemoService(answer) as service:
        env = odoorm.connect_demo(service.url, protocol="xmlrpc", context={"lang": "fr_FR"})
    assert (env.protocol, env.context["lang"]) == ("xmlrpc", "fr_FR")
    env.close()


def test_a_refused_demo_request_keeps_the_service_message() -> None:
    refusal = xmlrpc.client.Fault(2, "Too many demo databases requested")
    with DemoService(refusal) as service, pytest.raises(odoorm.UserError, match="Too many demo databases requested"):
        odoorm.connect_demo(service.url)


@pytest.mark.parametrize("answer", [{"host": "http://x", "database": "d", "user": "u"}, ["not", "a", "dict"]])
def test_an_incomplete_demo_answer_is_a_protocol_error(answer: Any) -> None:
    with DemoService(answer) as service, pytest.raises(odoorm.ProtocolError, match="lacks"):
        odoorm.connect_demo(service.url)


@pytest.mark.parametrize("option", ["db", "username", "password", "api_key"])
def test_connect_demo_refuses_what_the_service_sets(option: str) -> None:
    with pytest.raises(odoorm.ConfigurationError, match=f"takes {option} from the demo service"):
        odoorm.connect_demo("http://localhost:9", **{option: "x"})  # refused before any call (nothing listens)


def test_server_version_refuses_an_unknown_protocol() -> None:
    with pytest.raises(odoorm.ConfigurationError, match="not 'json3'"):
        odoorm.server_version("http://localhost:9", protocol="json3")
