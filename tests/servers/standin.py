"""A small stand-in Odoo server on 127.0.0.1, for provoking transport failures.

It speaks just enough of the three protocols for :func:`odoorm.connect` to
succeed, then answers model calls from a *script*: a queue of actions (an
HTTP 503 with an HTML page, a reset connection, a stalled answer, a
redirect...) consumed in order, one per call, falling back to a success
answer once the script is empty::

    with StandIn() as srv:
        env = odoorm.connect(srv.url, "db", "admin", password="pw", protocol="xmlrpc")
        srv.script(status(503), reset())
        env.execute_kw("res.partner", "search", [[]])
        assert srv.count(rpc="res.partner.search") == 3

Every request is recorded (path, headers, body, decoded call) so a test
can count what reached the server and check what was sent where.

Real sockets, no mocks. Handler threads are daemons, every sleep is capped
at :data:`MAX_SLEEP` seconds and cut short by :meth:`StandIn.stop`, which
also closes the kept-alive connections so nothing outlives the test.
"""

from __future__ import annotations

import collections
import json
import socket
import xmlrpc.client
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

from loopback import LoopbackHandler, LoopbackHTTPServer, LoopbackServer

import odoorm

__all__ = [
    "StandIn",
    "Action",
    "Recorded",
    "MAX_SLEEP",
    "HTML_PAGE",
    "VERSION",
    "RESULTS",
    "reply",
    "status",
    "html",
    "raw",
    "throttle",
    "delay",
    "reset",
    "drop",
    "redirect",
    "truncated",
    "stall_body",
    "trickle",
    "MAX_TRICKLE",
    "closed_port",
    "connect",
]

#: No action of the stand-in sleeps longer than this (seconds).
MAX_SLEEP = 2.0
#: No trickled answer takes longer than this in all (seconds).
MAX_TRICKLE = 30.0

#: The kind of page a proxy (nginx, a load balancer) answers when Odoo is away.
HTML_PAGE = (
    b"<!DOCTYPE html>\n<html><head><title>503 Service Temporarily Unavailable</title></head>\n"
    b"<body><center><h1>503 Service Temporarily Unavailable</h1></center><hr><center>nginx</center>"
    b"<br></body></html>\n"
)

#: ``common.version()`` of an Odoo 19.0 server.
VERSION: dict[str, Any] = {
    "server_version": "19.0",
    "server_version_info": [19, 0, 0, "final", 0, ""],
    "server_serie": "19.0",
    "protocol_version": 1,
}

#: ``GET /json/version`` of the same server.
JSON2_VERSION: dict[str, Any] = {"version_info": [19, 0, 0, "final", 0, ""], "version": "19.0"}

#: Success answers of model calls, by method (anything else answers ``True``).
RESULTS: dict[str, Any] = {
    "search": [1, 2, 3],
    "search_count": 3,
    "read": [{"id": 1, "name": "Azure Interior"}],
    "write": True,
    "unlink": True,
    "create": 7,
}


# ---------------------------------------------------------------- actions


@dataclass(frozen=True)
class Action:
    """One scripted answer. Build it with the helpers below."""

    kind: str
    status: int = 200
    body: bytes = b""
    content_type: str = "text/html; charset=utf-8"
    headers: tuple[tuple[str, str], ...] = ()
    seconds: float = 0.0
    value: Any = None
    then: Action | None = None

    def __post_init__(self) -> None:
        if not 0 <= self.seconds <= MAX_SLEEP:
            raise ValueError(f"the stand-in sleeps {MAX_SLEEP}s at most, not {self.seconds}")


def reply(value: Any) -> Action:
    """A protocol success answer carrying *value* (encoded for the protocol called)."""
    return Action("reply", value=value)


def status(code: int, body: bytes = HTML_PAGE, *, headers: dict[str, str] | None = None) -> Action:
    """HTTP *code* with an HTML page (what a proxy answers), no protocol content."""
    return Action("raw", status=code, body=body, headers=tuple((headers or {}).items()))


def html(code: int = 200) -> Action:
    """An HTML page with status *code* (a login page, a maintenance page...)."""
    return status(code, b"<!DOCTYPE html><html><head><title>Odoo</title></head><body>Log in</body></html>")


def raw(body: bytes, code: int = 200, content_type: str = "application/json") -> Action:
    """Exactly *body* (garbled, truncated...) with status *code* and a correct Content-Length."""
    return Action("raw", status=code, body=body, content_type=content_type)


def throttle(retry_after: str | None = "0", code: int = 429) -> Action:
    """HTTP 429 Too Many Requests, with ``Retry-After: <retry_after>`` unless None."""
    headers = {"Retry-After": retry_after} if retry_after is not None else {}
    return status(code, b"<html><body>Too Many Requests</body></html>", headers=headers)


def delay(seconds: float, then: Action | None = None) -> Action:
    """Sleep *seconds* (at most :data:`MAX_SLEEP`) after reading the request, then answer *then*."""
    return Action("delay", seconds=seconds, then=then)


def reset() -> Action:
    """Read the request, then abort the connection with a TCP RST, no answer at all."""
    return Action("reset")


def drop() -> Action:
    """Read the request, then close the connection (FIN), no answer at all."""
    return Action("drop")


def redirect(location: str, code: int = 302) -> Action:
    """An HTTP redirect to *location*."""
    return Action("raw", status=code, body=b"", headers=(("Location", location),))


def truncated(missing: int = 64) -> Action:
    """Start the success answer, announcing *missing* more bytes than are sent, then close."""
    return Action("truncated", value=missing)


def stall_body(seconds: float) -> Action:
    """Send the status line, headers and half the success answer, then stall *seconds*."""
    return Action("stall_body", seconds=seconds)


def trickle(every: float, lasting: float, value: Any = None) -> Action:
    """The success answer (or *value*'s), its headers at once, then its body a byte at a time, at
    most *every* seconds apart, over *lasting* seconds in all (at most :data:`MAX_TRICKLE`): a short
    body is padded with trailing blanks, a long one goes faster. Each byte alone comes well within
    any socket timeout."""
    if not 0 < lasting <= MAX_TRICKLE:
        raise ValueError(f"a trickle lasts {MAX_TRICKLE}s at most, not {lasting}")
    return Action("trickle", seconds=every, value=(lasting, value))


# ---------------------------------------------------------------- records


@dataclass
class Recorded:
    """One request as the stand-in received it."""

    method: str  # HTTP method
    path: str
    headers: dict[str, str]  # lower-case names
    body: bytes
    protocol: str | None  # "xmlrpc", "jsonrpc", "json2" or None (unknown path)
    kind: str  # "version", "auth", "db", "call" or "other"
    rpc: str | None  # "common.version", "res.partner.write"...; None when not decodable
    args: list[Any] = field(default_factory=list)
    kwargs: dict[str, Any] = field(default_factory=dict)
    request_id: Any = None  # JSON-RPC id


# ---------------------------------------------------------------- server


class StandIn(LoopbackServer):
    """A threaded stand-in Odoo on ``127.0.0.1:<port>`` (a free port by default).

    Use it as a context manager (or call :meth:`start` / :meth:`stop`).
    """

    def __init__(
        self, port: int = 0, *, db: str = "db", login: str = "admin", password: str = "pw", api_key: str = "k"
    ) -> None:
        self.db, self.login, self.password, self.api_key = db, login, password, api_key
        self.requests: list[Recorded] = []
        self._scripts: dict[str, collections.deque[Action]] = collections.defaultdict(collections.deque)
        super().__init__(port)

    def __enter__(self) -> StandIn:
        return self.start()  # type: ignore[no-any-return]

    # ------------------------------------------------------------ scripting

    def script(self, *actions: Action, on: str = "call") -> None:
        """Answer the next requests of kind *on* ("call", "version", "auth") with *actions*, in order."""
        with self._lock:
            self._scripts[on].extend(actions)

    def pending(self, on: str = "call") -> int:
        """How many scripted actions are not consumed yet."""
        with self._lock:
            return len(self._scripts[on])

    def _next_action(self, kind: str) -> Action | None:
        with self._lock:
            queue = self._scripts[kind]
            return queue.popleft() if queue else None

    # ------------------------------------------------------------ records

    def count(self, *, path: str | None = None, rpc: str | None = None, kind: str | None = None) -> int:
        """How many requests matched every given criterion."""
        return len(self.matching(path=path, rpc=rpc, kind=kind))

    def matching(self, *, path: str | None = None, rpc: str | None = None, kind: str | None = None) -> list[Recorded]:
        with self._lock:
            requests = list(self.requests)
        return [
            r
            for r in requests
            if (path is None or r.path == path) and (rpc is None or r.rpc == rpc) and (kind is None or r.kind == kind)
        ]

    @property
    def hits(self) -> collections.Counter[str]:
        """Requests received, by path."""
        with self._lock:
            return collections.Counter(r.path for r in self.requests)

    def _record(self, entry: Recorded) -> None:
        with self._lock:
            self.requests.append(entry)


class _Handler(LoopbackHandler):
    protocol_version = "HTTP/1.1"  # keep-alive, as behind a real proxy
    disable_nagle_algorithm = True  # headers and body go in two writes: no 40 ms delayed-ACK stall
    server_version = "StandIn/1.0"
    server: LoopbackHTTPServer

    def log_message(self, format: str, *args: Any) -> None:  # noqa: A002 - quiet
        pass

    # ------------------------------------------------------------ entry points

    def do_GET(self) -> None:
        self._handle(b"")

    def do_POST(self) -> None:
        length = int(self.headers.get("Content-Length") or 0)
        self._handle(self.rfile.read(length))

    # ------------------------------------------------------------ dispatch

    @property
    def standin(self) -> StandIn:
        return self.server.owner

    def _handle(self, body: bytes) -> None:
        entry = self._decode(body)
        self.standin._record(entry)
        action = self.standin._next_action(entry.kind) if entry.kind != "other" else None
        self._perform(action, entry)

    def _decode(self, body: bytes) -> Recorded:
        path = self.path.split("?", 1)[0]
        headers = {k.lower(): v for k, v in self.headers.items()}
        entry = Recorded(self.command, path, headers, body, None, "other", None)
        try:
            if path.startswith("/xmlrpc/2/"):
                entry.protocol = "xmlrpc"
                params, method = xmlrpc.client.loads(body, use_builtin_types=True)
                self._classify(entry, path.rsplit("/", 1)[1], method, list(params))
            elif path == "/jsonrpc":
                entry.protocol = "jsonrpc"
                message = json.loads(body)
                entry.request_id = message.get("id")
                p = message["params"]
                self._classify(entry, p["service"], p["method"], list(p.get("args") or []))
            elif path == "/json/version":
                entry.protocol, entry.kind, entry.rpc = "json2", "version", "version"
            elif path.startswith("/json/2/"):
                entry.protocol = "json2"
                model, method = path[len("/json/2/") :].rsplit("/", 1)
                entry.kwargs = json.loads(body) if body else {}
                entry.rpc = f"{model}.{method}"
                entry.kind = "auth" if entry.rpc == "res.users.context_get" else "call"
        except Exception:  # noqa: BLE001 - an undecodable request is recorded as such
            entry.kind = "call" if entry.protocol and entry.kind == "other" else entry.kind
        return entry

    @staticmethod
    def _classify(entry: Recorded, service: str, method: str | None, args: list[Any]) -> None:
        if service == "object" and method == "execute_kw":
            entry.kind = "call"
            entry.rpc = f"{args[3]}.{args[4]}"
            entry.args = list(args[5]) if len(args) > 5 else []
            entry.kwargs = dict(args[6]) if len(args) > 6 else {}
        else:
            entry.kind = {"version": "version", "authenticate": "auth", "list": "db"}.get(method or "", "other")
            entry.rpc = f"{service}.{method}"
            entry.args = args

    # ------------------------------------------------------------ answers

    def _perform(self, action: Action | None, entry: Recorded) -> None:
        if action is None or action.kind == "reply":
            if entry.kind == "other" and entry.protocol is None:
                self._send(404, b"<html><body>Not Found</body></html>")
                return
            code, body, ctype = self._success(entry, action.value if action else _DEFAULT)
            self._send(code, body, ctype)
        elif action.kind == "raw":
            self._send(action.status, action.body, action.content_type, action.headers)
        elif action.kind == "delay":
            self.standin._stop.wait(action.seconds)
            self._perform(action.then, entry)
        elif action.kind == "reset":
            self._abort(rst=True)
        elif action.kind == "drop":
            self._abort(rst=False)
        elif action.kind == "truncated":
            code, body, ctype = self._success(entry, _DEFAULT)
            self._send(code, body, ctype, (), length=len(body) + int(action.value))
            self._abort(rst=False)
        elif action.kind == "stall_body":
            code, body, ctype = self._success(entry, _DEFAULT)
            half = len(body) // 2
            self._send(code, body[:half], ctype, (), length=len(body))
            self.wfile.flush()
            self.standin._stop.wait(action.seconds)
            self.wfile.write(body[half:])
        elif action.kind == "trickle":
            lasting, value = action.value
            self._trickle(entry, action.seconds, lasting, _DEFAULT if value is None else value)
        else:  # pragma: no cover - a typo in a test
            raise ValueError(f"unknown action {action.kind!r}")

    def _send(
        self,
        code: int,
        body: bytes,
        content_type: str = "text/html; charset=utf-8",
        headers: tuple[tuple[str, str], ...] = (),
        *,
        length: int | None = None,
    ) -> None:
        self.send_response(code)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body) if length is None else length))
        for name, value in headers:
            self.send_header(name, value)
        self.end_headers()
        self.wfile.write(body)

    def _trickle(self, entry: Recorded, every: float, lasting: float, value: Any) -> None:
        """The success answer a byte at a time over *lasting* seconds, *every* seconds apart at most,
        blank-padded (JSON and XML both allow trailing blanks); cut short when the stand-in stops."""
        code, body, ctype = self._success(entry, value)
        body = body.ljust(max(len(body), int(lasting / every) if every else 0), b" ")
        every = min(every, lasting / len(body))
        self._send(code, b"", ctype, (), length=len(body))
        self.wfile.flush()
        for index in range(len(body)):
            if every and self.standin._stop.wait(every):
                return
            self.wfile.write(body[index : index + 1])
            self.wfile.flush()

    def _success(self, entry: Recorded, value: Any) -> tuple[int, bytes, str]:
        """The protocol's success answer: *value*, or the default for the request."""
        if value is _DEFAULT:
            value = self._default_value(entry)
        if entry.protocol == "json2" and entry.kind == "auth" and value is None:
            error = {"name": "werkzeug.exceptions.Unauthorized", "message": "Invalid apikey", "arguments": []}
            return 401, json.dumps(error).encode(), "application/json"
        if entry.protocol == "xmlrpc":
            if entry.rpc is None:
                fault = xmlrpc.client.Fault(1, "cannot parse the request")
                return 200, xmlrpc.client.dumps(fault, methodresponse=True).encode(), "text/xml"
            body = xmlrpc.client.dumps((value,), methodresponse=True, allow_none=True)
            return 200, body.encode(), "text/xml; charset=utf-8"
        if entry.protocol == "jsonrpc":
            message: dict[str, Any] = {"jsonrpc": "2.0", "id": entry.request_id, "result": value}
            if entry.rpc is None:
                del message["result"]
                message["error"] = {"code": 200, "message": "Odoo Server Error", "data": {"message": "bad request"}}
            return 200, json.dumps(message).encode(), "application/json"
        return 200, json.dumps(value).encode(), "application/json"

    def _default_value(self, entry: Recorded) -> Any:
        standin = self.standin
        if entry.kind == "version":
            return JSON2_VERSION if entry.protocol == "json2" else VERSION
        if entry.kind == "db":
            return [standin.db]
        if entry.kind == "auth":
            if entry.protocol == "json2":
                ok = (
                    entry.headers.get("authorization") == f"bearer {standin.api_key}"
                    and entry.headers.get("x-odoo-database") == standin.db
                )
                return {"uid": 2, "lang": "en_US", "tz": "UTC"} if ok else None
            return 2 if entry.args[:3] == [standin.db, standin.login, standin.password] else False
        method = (entry.rpc or "").rsplit(".", 1)[-1]
        result = RESULTS.get(method, True)
        if entry.protocol == "json2" and method == "create":
            return [result]  # JSON-2 create takes vals_list and answers a list of ids
        return result


_DEFAULT = object()


# ---------------------------------------------------------------- helpers


def closed_port() -> int:
    """A 127.0.0.1 port nothing listens on (bound then released)."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def running(**kwargs: Any) -> Iterator[StandIn]:
    """Generator for a pytest fixture: a started stand-in, stopped (and checked) at teardown."""
    with StandIn(**kwargs) as srv:
        yield srv
    assert not srv.errors, "the stand-in itself failed:\n" + "\n".join(srv.errors)


StandIn._handler = _Handler  # defined after StandIn, which its handlers refer to


def connect(server: StandIn | str, protocol: str, **options: Any) -> odoorm.Environment:
    """An environment on the stand-in (*server*, or its URL) over *protocol*, with the credentials it
    accepts: the API key on JSON-2, the password on the others."""
    url = server if isinstance(server, str) else server.url
    if protocol == "json2":
        return odoorm.connect(url, "db", api_key="k", protocol="json2", **options)
    return odoorm.connect(url, "db", "admin", password="pw", protocol=protocol, **options)
