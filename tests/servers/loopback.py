"""A threaded HTTP server on 127.0.0.1 for tests: a free (or given) port, daemon threads, and a
stop that closes kept-alive connections and wakes sleeping handlers. The stand-in Odoo, the fault
proxy and its replay server are built on it."""

from __future__ import annotations

import contextlib
import io
import socket
import struct
import sys
import threading
import traceback
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

__all__ = ["LoopbackHandler", "LoopbackHTTPServer", "LoopbackServer", "serving"]


class LoopbackHTTPServer(ThreadingHTTPServer):
    daemon_threads = True
    allow_reuse_address = True
    request_queue_size = 64

    def __init__(self, handler: type[BaseHTTPRequestHandler], owner: LoopbackServer, port: int = 0) -> None:
        self.owner = owner
        super().__init__(("127.0.0.1", port), handler)

    def process_request(self, request: Any, client_address: Any) -> None:
        with self.owner._lock:
            self.owner._sockets.add(request)
        super().process_request(request, client_address)

    def shutdown_request(self, request: Any) -> None:
        with self.owner._lock:
            self.owner._sockets.discard(request)
        super().shutdown_request(request)

    def handle_error(self, request: Any, client_address: Any) -> None:
        exc = sys.exc_info()[1]
        if isinstance(exc, OSError) or self.owner._stop.is_set():
            return  # the client went away (it timed out, it was reset) or we are stopping: expected
        self.owner.errors.append(traceback.format_exc())


class LoopbackServer:
    """Start/stop of a threaded HTTP server on 127.0.0.1 with a free port."""

    _handler: type[BaseHTTPRequestHandler]

    def __init__(self, port: int = 0) -> None:
        #: Exceptions raised inside the server itself (not client disconnects): a test bug.
        self.errors: list[str] = []
        self._lock = threading.Lock()
        self._stop = threading.Event()
        self._sockets: set[socket.socket] = set()
        self._server = LoopbackHTTPServer(self._handler, self, port)
        self._thread: threading.Thread | None = None

    @property
    def port(self) -> int:
        """The port listened on."""
        return int(self._server.server_address[1])

    @property
    def url(self) -> str:
        """``http://127.0.0.1:<port>``."""
        return f"http://127.0.0.1:{self.port}"

    def start(self) -> Any:
        """Serve in a daemon thread; returns self."""
        self._thread = threading.Thread(
            target=self._server.serve_forever,
            kwargs={"poll_interval": 0.02},
            name=f"{type(self).__name__}:{self.port}",
            daemon=True,
        )
        self._thread.start()
        return self

    def stop(self) -> None:
        """Stop serving, wake sleeping handlers, close every open connection. Idempotent."""
        if self._stop.is_set():
            return
        self._stop.set()
        if self._thread is not None:
            self._server.shutdown()
            self._thread.join(timeout=5)
        self._server.server_close()
        with self._lock:
            sockets = list(self._sockets)
        for sock in sockets:
            with contextlib.suppress(OSError):
                sock.shutdown(socket.SHUT_RDWR)

    def __enter__(self) -> Any:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()


class LoopbackHandler(BaseHTTPRequestHandler):
    """A request handler that can also break the connection on purpose."""

    def _abort(self, *, rst: bool) -> None:
        """Close the connection without (the rest of) an answer: RST, or FIN."""
        self.close_connection = True
        sock = self.connection
        if rst:
            sock.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
            self.rfile.close()  # drop the makefile() references, or close() would not close the fd
            self.wfile.close()
            sock.close()
            self.rfile, self.wfile = io.BytesIO(), io.BytesIO()  # for the handler's final flush()
        else:
            with contextlib.suppress(OSError):
                sock.shutdown(socket.SHUT_RDWR)


def serving(handler: type[BaseHTTPRequestHandler]) -> Iterator[str]:
    """Generator for a pytest fixture: the URL of a loopback server answering with *handler*."""
    server = type(f"Serving{handler.__name__}", (LoopbackServer,), {"_handler": handler})()
    with server:
        yield server.url
