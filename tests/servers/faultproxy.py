"""A fault-injecting HTTP proxy on 127.0.0.1, between odoorm and a real (or replayed) Odoo.

:class:`FaultProxy` forwards every request to its upstream with :mod:`http.client`
and relays the answer, unless a scripted fault says otherwise::

    with ReplayServer(cassette) as replay, FaultProxy(replay.url) as proxy:
        env = odoorm.connect(proxy.url, ...)
        proxy.inject(status(503), when="res.partner.search")
        proxy.inject(reset_after(), when="res.partner.create")
        ...
        assert proxy.forwarded["res.partner.create"] == 1

A fault is matched on the request's *name* — the RPC called, ``"res.partner.create"``,
``"common.authenticate"``, ``"common.version"`` (for every protocol: the model and method are read
from the XML-RPC or JSON-RPC body, or from the JSON-2 path) — or on its path (``when="/jsonrpc"``).
Faults are consumed in the order they were injected, one per matching request.

What a fault does, and whether the upstream saw the request:

================  =========  ===================================================================
fault             forwarded  the client gets
================  =========  ===================================================================
``refuse()``      no         the connection closed (RST) before its request was read
``reset_before``  no         the request read, then a reset connection and no answer
``reset_after``   yes        no answer: the upstream ran the call, then the connection is reset
``delay(s)``      yes        the upstream's answer held back *s* seconds (past a client timeout)
``status(code)``  no         an HTML page with status *code* (a gateway's 502/503/504…)
``html_page()``   no         an HTML page with status 200 (a login or maintenance page)
``status(code,    yes        the same, after the upstream ran the call (its answer replaced)
forwarded=True)``
``passed()``      yes        the upstream's answer, untouched (no fault)
``throttle(s)``   no         429 Too Many Requests with ``Retry-After: s``
``truncated()``   yes        the upstream's answer cut in half (a complete HTTP message)
``garbled()``     yes        the upstream's answer with bytes that are neither JSON nor XML inside
``cut()``         yes        half the upstream's answer, then the connection closed (short read)
================  =========  ===================================================================

:attr:`FaultProxy.received` and :attr:`FaultProxy.forwarded` count requests by name. With a
:class:`CassetteWriter` the proxy records every *forwarded* exchange (what the upstream really
said; faults the proxy makes up are not recorded), scrubbed, in vcrpy's JSON cassette format;
:class:`ReplayServer` answers such a cassette over HTTP, matching requests as
:class:`odoorm.testing.ReplayAdapter` does (method, path and parsed body; each recorded exchange
served once, in order). So a test records through the proxy against a live server, and replays
offline with the replay server as the proxy's upstream: the same faults, the same real answers.

Real sockets, no mocks. Handler threads are daemons, every sleep is capped at :data:`MAX_SLEEP`
and cut short by ``stop()``, which also closes kept-alive connections.
"""

from __future__ import annotations

import collections
import contextlib
import http.client
import json
import threading
import xmlrpc.client
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import requests
from loopback import LoopbackHandler, LoopbackHTTPServer, LoopbackServer

from odoorm.testing import ReplayAdapter, ReplayMiss, Scrubber
from odoorm.testing.body_store import BodyStore, dumps

__all__ = [
    "MAX_SLEEP",
    "HTML_PAGE",
    "Fault",
    "FaultProxy",
    "ReplayServer",
    "CassetteWriter",
    "Seen",
    "request_name",
    "refuse",
    "reset_before",
    "reset_after",
    "delay",
    "status",
    "html_page",
    "passed",
    "throttle",
    "truncated",
    "garbled",
    "cut",
]

#: No fault sleeps longer than this (seconds).
MAX_SLEEP = 3.0
#: Seconds the proxy waits for its upstream (the live server, or the replay server).
UPSTREAM_TIMEOUT = 30.0

#: What nginx answers when the server behind it is away.
HTML_PAGE = (
    b"<!DOCTYPE html>\n<html><head><title>503 Service Temporarily Unavailable</title></head>\n"
    b"<body><center><h1>503 Service Temporarily Unavailable</h1></center><hr><center>nginx</center>"
    b"<br></body></html>\n"
)
#: A page answered with 200 where an RPC answer was expected (a login or maintenance page).
LOGIN_PAGE = b"<!DOCTYPE html><html><head><title>Odoo</title></head><body><form>Log in</form></body></html>\n"

#: Headers meaningful for one connection only (RFC 9110 7.6.1): never relayed, never recorded.
HOP_BY_HOP = frozenset(
    {
        "connection",
        "keep-alive",
        "proxy-authenticate",
        "proxy-authorization",
        "proxy-connection",
        "te",
        "trailer",
        "trailers",
        "transfer-encoding",
        "upgrade",
    }
)


# ---------------------------------------------------------------- faults


@dataclass(frozen=True)
class Fault:
    """One scripted misbehaviour of the proxy. Build it with the helpers below."""

    kind: str
    forwards: bool  # whether the request goes to the upstream
    status: int = 200
    body: bytes = b""
    content_type: str = "text/html; charset=utf-8"
    headers: tuple[tuple[str, str], ...] = ()
    seconds: float = 0.0

    def __post_init__(self) -> None:
        if not 0 <= self.seconds <= MAX_SLEEP:
            raise ValueError(f"the proxy sleeps {MAX_SLEEP}s at most, not {self.seconds}")


def refuse() -> Fault:
    """Close the connection (RST) before reading the request: nothing reaches the upstream.

    The request is closed unread when its match can be decided from the request line (a path,
    or a JSON-2 method); an XML-RPC or JSON-RPC method is known only from the body, so such a
    request is read first (the client cannot tell the difference: it had sent it all).
    """
    return Fault("refuse", forwards=False)


def reset_before() -> Fault:
    """Read the request, then reset the connection without forwarding it or answering."""
    return Fault("reset_before", forwards=False)


def reset_after() -> Fault:
    """Forward the request and read the upstream's answer, then reset the client's connection:
    the call ran, the client never learns its outcome."""
    return Fault("reset_after", forwards=True)


def delay(seconds: float) -> Fault:
    """Forward the request at once, then hold the upstream's answer *seconds* before relaying it
    (a slow server: the call ran; a client with a shorter timeout gives up)."""
    return Fault("delay", forwards=True, seconds=seconds)


def status(
    code: int, body: bytes = HTML_PAGE, *, headers: dict[str, str] | None = None, forwarded: bool = False
) -> Fault:
    """Answer HTTP *code* with an HTML page, without forwarding (a gateway whose server is away); with
    *forwarded*, after the upstream ran the call (a gateway that gave up waiting, or replaced the answer)."""
    kind = "replaced" if forwarded else "status"
    return Fault(kind, forwards=forwarded, status=code, body=body, headers=tuple((headers or {}).items()))


def html_page(code: int = 200, *, forwarded: bool = False) -> Fault:
    """Answer an HTML login page with status *code* (200 by default), without forwarding; with
    *forwarded*, in place of the answer of a call the upstream ran."""
    return status(code, LOGIN_PAGE, forwarded=forwarded)


def passed() -> Fault:
    """No fault: forward and relay as usual (to mix faultless requests into a scripted sequence)."""
    return Fault("passed", forwards=True)


def throttle(retry_after: str | None = "1") -> Fault:
    """Answer 429 Too Many Requests with ``Retry-After: <retry_after>`` (unless None), without forwarding."""
    headers = {"Retry-After": retry_after} if retry_after is not None else {}
    return status(429, b"<html><body><h1>429 Too Many Requests</h1></body></html>\n", headers=headers)


def truncated() -> Fault:
    """Forward, then relay the first half of the upstream's answer as a complete HTTP message."""
    return Fault("truncated", forwards=True)


def garbled() -> Fault:
    """Forward, then relay the upstream's answer with a NUL and invalid UTF-8 in its middle."""
    return Fault("garbled", forwards=True)


def cut() -> Fault:
    """Forward, then announce the whole answer, send half of it and close the connection."""
    return Fault("cut", forwards=True)


# ---------------------------------------------------------------- naming requests


def request_name(path: str, body: bytes | None = None) -> str | None:
    """The RPC a request calls: ``"res.partner.read"``, ``"common.authenticate"``, ``"common.version"``…

    ``None`` when the body is needed but not given (or cannot be decoded).
    """
    path = path.split("?", 1)[0]
    if path == "/json/version":
        return "common.version"
    if path.startswith("/json/2/"):
        model, _, method = path[len("/json/2/") :].rpartition("/")
        return f"{model}.{method}"
    if body is None:
        return None
    try:
        if path.startswith("/xmlrpc/2/"):
            params, called = xmlrpc.client.loads(body, use_builtin_types=True)
            return _rpc(path.rsplit("/", 1)[1], called or "", list(params))
        if path == "/jsonrpc" or path.startswith("/web/"):
            call = json.loads(body).get("params") or {}
            if "service" in call:
                return _rpc(call["service"], call.get("method") or "", list(call.get("args") or []))
    except Exception:  # noqa: BLE001 - an undecodable body has no name; matched by path only
        return None
    return None


def _rpc(service: str, method: str, args: list[Any]) -> str:
    if service == "object" and method in ("execute_kw", "execute") and len(args) > 4:
        return f"{args[3]}.{args[4]}"
    return f"{service}.{method}"


@dataclass(frozen=True)
class Seen:
    """One request as the proxy handled it."""

    name: str  # the RPC name, else the path
    path: str
    fault: str | None  # the fault applied, if any
    forwarded: bool
    status: int | None  # what the upstream answered (None when not forwarded, or it failed)


# ---------------------------------------------------------------- recording


class CassetteWriter:
    """Collects forwarded exchanges, scrubbed, and writes them as a vcrpy JSON cassette."""

    def __init__(self, path: Path, scrubber: Scrubber, body_store: BodyStore | None = None) -> None:
        self.path = path
        self.scrubber = scrubber
        self.body_store = body_store
        self.interactions: list[dict[str, Any]] = []
        self._lock = threading.Lock()

    def add(
        self,
        method: str,
        uri: str,
        headers: list[tuple[str, str]],
        body: bytes | None,
        status: int,
        reason: str,
        response_headers: list[tuple[str, str]],
        response_body: bytes,
    ) -> None:
        """Record one exchange (the request as sent upstream, the answer as received)."""
        path = urlsplit(uri).path
        request_body = self.scrubber.request_body(path, body or None)
        answer = self.scrubber.response_body(response_body) or b""
        interaction = {
            "request": {
                "method": method,
                "uri": uri,
                "body": request_body.decode("utf-8") if request_body else None,
                "headers": self.scrubber.headers(_grouped(headers)),
            },
            "response": {
                "status": {"code": status, "message": reason},
                "headers": self.scrubber.headers(_grouped(response_headers)),
                "body": {"string": answer.decode("utf-8")},
            },
        }
        with self._lock:
            self.interactions.append(interaction)

    def save(self) -> None:
        """Write the cassette (replacing any older one)."""
        self.path.parent.mkdir(parents=True, exist_ok=True)
        with self._lock:
            data = {"interactions": list(self.interactions), "version": 1}
        if self.body_store is not None:
            self.path.write_text(dumps(self.body_store.stash(data, self.path.parent)), "utf-8")
            return
        self.path.write_text(json.dumps(data, indent=4, ensure_ascii=False) + "\n", "utf-8")


def _grouped(headers: list[tuple[str, str]]) -> dict[str, list[str]]:
    grouped: dict[str, list[str]] = {}
    for name, value in headers:
        grouped.setdefault(name, []).append(value)
    return grouped


# ---------------------------------------------------------------- a threaded server base

_Server, _Serving = LoopbackHTTPServer, LoopbackServer


class _Handler(LoopbackHandler):
    protocol_version = "HTTP/1.1"  # keep-alive
    disable_nagle_algorithm = True
    server: _Server

    def log_message(self, format: str, *args: Any) -> None:  # noqa: A002 - quiet
        pass

    def do_GET(self) -> None:
        self._handle()

    def do_POST(self) -> None:
        self._handle()

    def do_PUT(self) -> None:
        self._handle()

    def do_DELETE(self) -> None:
        self._handle()

    def _handle(self) -> None:
        raise NotImplementedError

    def _read_body(self) -> bytes:
        if "chunked" in (self.headers.get("Transfer-Encoding") or "").lower():
            return self._read_chunked()
        return self.rfile.read(int(self.headers.get("Content-Length") or 0))

    def _read_chunked(self) -> bytes:
        parts = []
        while size := int(self.rfile.readline().split(b";", 1)[0].strip() or b"0", 16):
            parts.append(self.rfile.read(size))
            self.rfile.readline()
        while self.rfile.readline() not in (b"\r\n", b"\n", b""):
            pass  # trailers
        return b"".join(parts)

    def _answer(
        self, code: int, reason: str, headers: list[tuple[str, str]], body: bytes, *, length: int | None = None
    ) -> None:
        """Status line, end-to-end *headers*, our own Content-Length, then *body*."""
        self.send_response_only(code, reason or None)
        for name, value in headers:
            if name.lower() not in HOP_BY_HOP and name.lower() != "content-length":
                self.send_header(name, value)
        self.send_header("Content-Length", str(len(body) if length is None else length))
        self.end_headers()
        self.wfile.write(body)
        self.wfile.flush()


# ---------------------------------------------------------------- the proxy


class FaultProxy(_Serving):
    """A threaded HTTP proxy on ``127.0.0.1:<free port>`` to *upstream_url*, with scripted faults.

    With *recorder*, every forwarded exchange is recorded (see :class:`CassetteWriter`).
    """

    def __init__(self, upstream_url: str, *, recorder: CassetteWriter | None = None) -> None:
        self.upstream_url = upstream_url.rstrip("/")
        parts = urlsplit(self.upstream_url)
        if parts.scheme != "http" or not parts.hostname:
            raise ValueError(f"the proxy forwards to http:// only, not {upstream_url!r}")
        self._upstream = (parts.hostname, parts.port or 80, parts.netloc, parts.path)
        self.recorder = recorder
        #: Requests received, by name (the RPC, else the path).
        self.received: collections.Counter[str] = collections.Counter()
        #: Requests forwarded to the upstream (which answered or not), by name.
        self.forwarded: collections.Counter[str] = collections.Counter()
        #: Every request handled, in order.
        self.seen: list[Seen] = []
        self._script: list[tuple[str, Fault]] = []
        self._handler = _ProxyHandler
        super().__init__()

    def __enter__(self) -> FaultProxy:
        return self.start()  # type: ignore[no-any-return]

    # ------------------------------------------------------------ scripting

    def inject(self, fault: Fault, *, when: str, times: int = 1) -> None:
        """Apply *fault* to the next *times* requests matching *when*: an RPC name such as
        ``"res.partner.create"``, or a path starting with ``/``."""
        with self._lock:
            self._script.extend([(when, fault)] * times)

    def pending_faults(self) -> list[tuple[str, str]]:
        """The injected faults not applied yet, as ``(when, kind)``."""
        with self._lock:
            return [(when, fault.kind) for when, fault in self._script]

    def _take(self, path: str, name: str | None, *, before_body: bool) -> Fault | None:
        """The first scripted fault matching the request (consumed); before the body is read,
        only a refusal is taken, and only when the match is already decidable."""
        with self._lock:
            for index, (when, fault) in enumerate(self._script):
                matches = when == path if when.startswith("/") else (name is not None and when == name)
                if not matches:
                    continue
                if before_body and fault.kind != "refuse":
                    return None
                del self._script[index]
                return fault
        return None

    def _note(self, seen: Seen, *, received: bool = True) -> None:
        with self._lock:
            self.seen.append(seen)
            if received:
                self.received[seen.name] += 1
            if seen.forwarded:
                self.forwarded[seen.name] += 1

    # ------------------------------------------------------------ forwarding

    def _forward(
        self, method: str, path: str, headers: list[tuple[str, str]], body: bytes
    ) -> tuple[int, str, list[tuple[str, str]], bytes]:
        """Send the request upstream on a new connection; the answer as (status, reason, headers, body)."""
        host, port, netloc, base = self._upstream
        dropped = HOP_BY_HOP | {"host", "content-length", "accept-encoding"}  # identity: plain bodies to record
        sent = [(n, v) for n, v in headers if n.lower() not in dropped]
        connection = http.client.HTTPConnection(host, port, timeout=UPSTREAM_TIMEOUT)
        try:
            connection.putrequest(method, base + path, skip_host=True)
            connection.putheader("Host", netloc)
            for name, value in sent:
                connection.putheader(name, value)
            if body or method in ("POST", "PUT"):
                connection.putheader("Content-Length", str(len(body)))
            connection.putheader("Connection", "close")
            connection.endheaders(body or None)
            response = connection.getresponse()
            answer = response.read()
            result = (response.status, response.reason, list(response.getheaders()), answer)
        finally:
            connection.close()
        if self.recorder is not None:
            self.recorder.add(method, self.upstream_url + path, sent, body, *result)
        return result


class _ProxyHandler(_Handler):
    server_version = "FaultProxy/1.0"

    @property
    def proxy(self) -> FaultProxy:
        return self.server.owner  # type: ignore[return-value]

    def _handle(self) -> None:
        proxy, path = self.proxy, self.path
        early = request_name(path)
        fault = proxy._take(path, early, before_body=True)
        if fault is not None:  # a refusal decided from the request line: the body stays unread
            proxy._note(Seen(early or path, path, fault.kind, False, None))
            self._abort(rst=True)
            return
        body = self._read_body()
        name = request_name(path, body) or path
        fault = proxy._take(path, name, before_body=False)
        if fault is not None and not fault.forwards:
            proxy._note(Seen(name, path, fault.kind, False, None))
            if fault.kind in ("refuse", "reset_before"):
                self._abort(rst=True)
            else:
                headers = [("Content-Type", fault.content_type), *fault.headers]
                self._answer(fault.status, "", headers, fault.body)
            return
        try:
            code, reason, headers, answer = proxy._forward(self.command, path, list(self.headers.items()), body)
        except (OSError, http.client.HTTPException) as exc:
            proxy._note(Seen(name, path, fault.kind if fault else None, True, None))
            message = f"<html><body>502 Bad Gateway: {type(exc).__name__}: {exc}</body></html>".encode()
            self._answer(502, "Bad Gateway", [("Content-Type", "text/html")], message)
            return
        proxy._note(Seen(name, path, fault.kind if fault else None, True, code))
        self._relay(fault, code, reason, headers, answer)

    def _relay(self, fault: Fault | None, code: int, reason: str, headers: list[tuple[str, str]], body: bytes) -> None:
        kind = fault.kind if fault else None
        half = len(body) // 2
        if kind == "reset_after":
            self._abort(rst=True)
        elif kind == "delay":
            assert fault is not None
            self.close_connection = True  # the client has most likely given up on this connection
            if not self.proxy._stop.wait(fault.seconds):
                with contextlib.suppress(OSError):
                    self._answer(code, reason, headers, body)
        elif kind == "replaced":
            assert fault is not None
            self._answer(fault.status, "", [("Content-Type", fault.content_type), *fault.headers], fault.body)
        elif kind == "truncated":
            self._answer(code, reason, headers, body[:half])
        elif kind == "garbled":
            self._answer(code, reason, headers, body[:half] + b"\x00\xff\xfe<<garbled>>\x00" + body[half:])
        elif kind == "cut":
            self._answer(code, reason, headers, body[:half], length=len(body))
            self._abort(rst=False)
        else:
            self._answer(code, reason, headers, body)


# ---------------------------------------------------------------- the replay server


class ReplayServer(_Serving):
    """A threaded HTTP server on ``127.0.0.1:<free port>`` answering from a recorded cassette.

    Requests are matched by :class:`odoorm.testing.ReplayAdapter` (method, path, parsed body;
    each interaction served once, in order). A request with no recorded answer is noted in
    :attr:`misses` and answered ``599 Replay Miss``.
    """

    def __init__(self, cassette: str | Path) -> None:
        self.cassette = Path(cassette)
        self.adapter = ReplayAdapter(self.cassette)
        #: Requests the cassette had no (more) answer for, as ``"METHOD /path name"``.
        self.misses: list[str] = []
        self._handler = _ReplayHandler
        super().__init__()

    def __enter__(self) -> ReplayServer:
        return self.start()  # type: ignore[no-any-return]

    @property
    def all_played(self) -> bool:
        """Whether every recorded interaction was served."""
        with self._lock:
            return self.adapter.all_played

    def _play(self, method: str, path: str, headers: list[tuple[str, str]], body: bytes) -> requests.Response | None:
        prepared = requests.Request(method, self.url + path, headers=dict(headers), data=body or None).prepare()
        with self._lock:
            try:
                return self.adapter.send(prepared)
            except ReplayMiss:
                self.misses.append(f"{method} {path} {request_name(path, body) or ''}".rstrip())
                return None


class _ReplayHandler(_Handler):
    server_version = "ReplayServer/1.0"

    def _handle(self) -> None:
        replay: ReplayServer = self.server.owner  # type: ignore[assignment]
        body = self._read_body()
        headers = [(n, v) for n, v in self.headers.items() if n.lower() not in HOP_BY_HOP]
        response = replay._play(self.command, self.path, headers, body)
        if response is None:
            text = f"no recorded answer for {self.command} {self.path} in {replay.cassette.name}".encode()
            self._answer(599, "Replay Miss", [("Content-Type", "text/plain")], text)
            return
        recorded = [(n, v) for n, v in response.headers.items()]
        self._answer(response.status_code, response.reason or "", recorded, response.content)


def running(server: _Serving) -> Iterator[Any]:
    """Generator for a pytest fixture: *server* started, then stopped (and checked) at teardown."""
    server.start()
    try:
        yield server
    finally:
        server.stop()
    assert not server.errors, f"{type(server).__name__} itself failed:\n" + "\n".join(server.errors)
