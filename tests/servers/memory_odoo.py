"""A tiny in-memory Odoo speaking JSON-2 on 127.0.0.1, for tests that need many clients at once.

It knows one model, ``res.partner`` (name, function, color, and the parent_id/child_ids pair), keeps
its records in a dict behind a lock, and answers ``fields_get``, ``search`` and ``search_count`` (with
``=`` terms), ``read``, ``create``, ``write`` and ``web_save_multi`` (``child_ids`` takes create and link
commands) as Odoo 19 does. It exists so a concurrency test can check the server's final state exactly.
"""

from __future__ import annotations

import json
import threading
from collections import Counter
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

FIELDS = {
    "id": {"type": "integer", "string": "ID", "store": True, "readonly": True},
    "name": {"type": "char", "string": "Name", "store": True},
    "function": {"type": "char", "string": "Job Position", "store": True},
    "color": {"type": "integer", "string": "Color", "store": True},
    "parent_id": {"type": "many2one", "string": "Related Company", "store": True, "relation": "res.partner"},
    "child_ids": {
        "type": "one2many",
        "string": "Contact",
        "store": True,
        "relation": "res.partner",
        "relation_field": "parent_id",
    },
}


class MemoryOdoo:
    """The server: records, counters, and a ``url`` to connect to."""

    def __init__(self, records: int = 100) -> None:
        self.records = {i: self._new(i, {"name": f"Partner {i}"}) for i in range(1, records + 1)}
        self.calls: Counter[str] = Counter()
        self.lock = threading.Lock()
        self.server = ThreadingHTTPServer(("127.0.0.1", 0), _handler(self))
        self.server.daemon_threads = True
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.server.server_address[1]}"

    def __enter__(self) -> MemoryOdoo:
        self.thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.server.shutdown()
        self.server.server_close()

    def call(self, model: str, method: str, body: dict[str, Any]) -> Any:
        """Run one JSON-2 call."""
        with self.lock:
            self.calls[f"{model}.{method}"] += 1
            if (model, method) == ("res.users", "context_get"):
                return {"uid": 2, "lang": "en_US", "tz": "UTC"}
            if (model, method) == ("ir.model", "search_read"):
                return [{"model": "res.partner", "name": "Contact", "transient": False}]
            if method == "fields_get":
                return FIELDS
            if method == "search":
                return self._search(body.get("domain") or [])
            if method == "search_count":
                return len(self._search(body.get("domain") or []))
            if method == "read":
                names = body.get("fields") or list(FIELDS)
                return [{"id": i, **{n: self._value(i, n) for n in names}} for i in body["ids"] if i in self.records]
            if method == "create":
                return [self._create(vals) for vals in body["vals_list"]]
            if method == "write":
                for i in body["ids"]:
                    self._write(i, body["vals"])
                return True
            if method == "web_save_multi":
                for i, vals in zip(body["ids"], body["vals_list"], strict=True):
                    self._write(i, vals)
                return [{"id": i} for i in body["ids"]]
        raise KeyError(f"{model}.{method}")

    # ------------------------------------------------------------ records (called under the lock)

    @staticmethod
    def _new(record_id: int, vals: dict[str, Any]) -> dict[str, Any]:
        return {"id": record_id, "name": False, "function": False, "color": 0, "parent_id": False, **vals}

    def _create(self, vals: dict[str, Any]) -> int:
        record_id = max(self.records, default=0) + 1
        children = vals.pop("child_ids", None)
        self.records[record_id] = self._new(record_id, vals)
        if children:
            self._write(record_id, {"child_ids": children})
        return record_id

    def _write(self, record_id: int, vals: dict[str, Any]) -> None:
        vals = dict(vals)
        for command in vals.pop("child_ids", None) or []:
            if command[0] == 0:
                self._create({**command[2], "parent_id": record_id})
            elif command[0] == 4:
                self.records[command[1]]["parent_id"] = record_id
            else:
                raise KeyError(f"child_ids command {command[0]}")
        self.records[record_id].update(vals)

    def _value(self, record_id: int, name: str) -> Any:
        if name == "child_ids":
            return sorted(i for i, r in self.records.items() if r["parent_id"] == record_id)
        return self.records[record_id][name]

    def _search(self, domain: list[Any]) -> list[int]:
        """Ids whose fields equal every ``(field, "=", value)`` term of *domain*."""
        terms = [(field, value) for field, operator, value in domain if operator == "="]
        return sorted(i for i in self.records if all(self._value(i, f) == v for f, v in terms))


def _handler(odoo: MemoryOdoo) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def log_message(self, format: str, *args: Any) -> None:  # noqa: A002 - quiet
            pass

        def do_GET(self) -> None:
            self._answer(200, {"version_info": [19, 0, 0, "final", 0, ""], "version": "19.0"})

        def do_POST(self) -> None:
            body = json.loads(self.rfile.read(int(self.headers.get("Content-Length") or 0)) or b"{}")
            _, _, _, model, method = self.path.split("/", 4)
            try:
                self._answer(200, odoo.call(model, method, body))
            except KeyError as error:
                self._answer(404, {"name": "werkzeug.exceptions.NotFound", "message": str(error)})

        def _answer(self, code: int, value: Any) -> None:
            data = json.dumps(value).encode()
            self.send_response(code)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            self.wfile.write(data)

    return Handler
