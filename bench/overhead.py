"""odoorm's own CPU cost per record, without a server: decoding a recorded ``read`` answer of 50,000
rows (5 fields, one of them a many2one) and materialising it into records whose fields are read
through the descriptors, next to plain ``json.loads`` of the same bytes.

The answer is synthesised at run time into ``bench/data/`` (ignored by git), in the shape Odoo's
``read`` gives over JSON-RPC. The environment is a real :class:`odoorm.Environment`, opened by
``odoorm.connect`` over a ``requests.Session`` whose adapter is a tiny in-process stand-in answering
the handshake and the metadata (``version``, ``authenticate``, ``ir.model``, ``fields_get``); no
call is made while timing. Usage::

    python bench/overhead.py [--rows 50000] [--repeat 5]
"""

from __future__ import annotations

import argparse
import gc
import json
import random
import statistics
import time
import tracemalloc
from collections.abc import Callable, Mapping, Sequence
from pathlib import Path
from typing import Any

import attrs
import requests
from requests.adapters import BaseAdapter
from requests.structures import CaseInsensitiveDict

import odoorm
from odoorm.orm.prefetch import store_rows

__all__ = ["StandInAdapter", "offline_env", "synthesise", "Timing", "run", "main"]

DATA = Path(__file__).resolve().parent / "data"
URL = "http://odoorm-overhead.invalid"
#: The five fields read, as ``read`` answers them (plus ``id``).
FIELDS = ("name", "email", "ref", "is_company", "country_id")
#: ``fields_get``-like metadata of the two models involved: name → (type, relation, stored).
MODELS: dict[str, dict[str, tuple[str, str | None, bool]]] = {
    "res.partner": {
        "id": ("integer", None, True),
        "name": ("char", None, True),
        "email": ("char", None, True),
        "ref": ("char", None, True),
        "is_company": ("boolean", None, True),
        "country_id": ("many2one", "res.country", True),
        "display_name": ("char", None, False),
    },
    "res.country": {
        "id": ("integer", None, True),
        "name": ("char", None, True),
        "code": ("char", None, True),
        "display_name": ("char", None, False),
    },
}
COUNTRIES = ["Belgium", "France", "Deutschland", "España", "United States", "日本", "Brasil", "Česko"]


class StandInAdapter(BaseAdapter):
    """Answers odoorm's JSON-RPC handshake and metadata calls from :data:`MODELS`; anything else is
    an error (so a lazy load during the benchmark would show)."""

    def __init__(self) -> None:
        super().__init__()
        self.calls: list[str] = []

    def send(self, request: requests.PreparedRequest, **kwargs: Any) -> requests.Response:  # type: ignore[override]
        """One JSON-RPC ``call``: its ``result`` or a JSON-RPC error."""
        payload = json.loads(request.body or b"{}")
        params = payload["params"]
        label = f"{params['service']}.{params['method']}"
        if label == "object.execute_kw":
            label = f"{params['args'][3]}.{params['args'][4]}"
        self.calls.append(label)
        answer: dict[str, Any] = {"jsonrpc": "2.0", "id": payload.get("id")}
        try:
            answer["result"] = _answer(label)
        except KeyError:
            data = {"name": "builtins.NotImplementedError", "message": f"stand-in: {label}"}
            answer["error"] = {"code": 200, "message": "Odoo Server Error", "data": data}
        response = requests.Response()
        response.status_code = 200
        response.headers = CaseInsensitiveDict({"Content-Type": "application/json"})
        response._content = json.dumps(answer).encode()
        response.url = request.url or ""
        response.request = request
        return response

    def close(self) -> None:
        """Nothing to release."""


def _answer(label: str) -> Any:
    """The stand-in's answer to ``model.method`` (or ``service.method``); ``KeyError`` if unknown."""
    answers: dict[str, Callable[[], Any]] = {
        "common.version": lambda: {
            "server_version": "19.0",
            "server_version_info": [19, 0, 0, "final", 0, ""],
            "server_serie": "19.0",
            "protocol_version": 1,
        },
        "common.authenticate": lambda: 2,
        "ir.model.search_read": lambda: [
            {"id": n, "model": m, "name": m, "transient": False} for n, m in enumerate(MODELS, 1)
        ],
    }
    answers.update({f"{model}.fields_get": (lambda m=model: _fields_get(m)) for model in MODELS})
    return answers[label]()


def _fields_get(model: str) -> dict[str, dict[str, Any]]:
    """A ``fields_get`` answer for *model*, with the attributes odoorm asks for."""
    return {
        name: {
            "type": kind,
            "string": name.replace("_", " ").title(),
            "help": False,
            "relation": relation or False,
            "required": name == "name",
            "readonly": not stored or name == "id",
            "store": stored,
            "sortable": stored,
            "groupable": stored,
            "translate": False,
            "company_dependent": False,
        }
        for name, (kind, relation, stored) in MODELS[model].items()
    }


def offline_env() -> odoorm.Environment:
    """A real environment on the stand-in: ``res.partner`` and ``res.country`` classes built, no server."""
    session = requests.Session()
    session.mount("http://", StandInAdapter())
    env = odoorm.connect(URL, "bench", "admin", "not-a-secret", protocol="jsonrpc", http_session=session)
    env["res.partner"], env["res.country"]  # metadata now, not while timing
    return env


def synthesise(rows: int, *, seed: int = 19) -> bytes:
    """A JSON-RPC ``read`` answer of *rows* partners, as Odoo 19 writes it (ids ascending, ``False``
    for empty values, a many2one as ``[id, display_name]``)."""
    rng = random.Random(seed)
    result = []
    for number in range(1, rows + 1):
        country = rng.randrange(len(COUNTRIES))
        result.append(
            {
                "id": number + 6000,
                "name": f"Bench Partner {number:05d} {rng.choice(['SA', 'GmbH', 'Ltd', 'S.L.', 's.r.o.'])}",
                "email": f"partner{number:05d}@bench.example.com" if rng.random() < 0.9 else False,
                "ref": f"odoorm-bench-{number:05d}" if rng.random() < 0.5 else False,
                "is_company": rng.random() < 0.33,
                "country_id": [country + 1, COUNTRIES[country]] if rng.random() < 0.95 else False,
            }
        )
    return json.dumps({"jsonrpc": "2.0", "id": 7, "result": result}).encode()


def recorded_answer(rows: int) -> bytes:
    """The synthesised answer of *rows* rows, written once under ``bench/data/`` and read back."""
    path = DATA / f"read_{rows}.json"
    if not path.exists():
        DATA.mkdir(exist_ok=True)
        path.write_bytes(synthesise(rows))
    return path.read_bytes()


# ---------------------------------------------------------------- the two paths


def plain_json(payload: bytes) -> list[dict[str, Any]]:
    """The baseline: ``json.loads`` of the answer."""
    rows: list[dict[str, Any]] = json.loads(payload)["result"]
    return rows


def odoorm_store(env: odoorm.Environment, payload: bytes) -> odoorm.Model:
    """odoorm's path up to the cache: decode, then :func:`odoorm.orm.prefetch.store_rows` (what a lazy
    load does with the answer). Returns the recordset."""
    rows = json.loads(payload)["result"]
    partners = env["res.partner"]
    records = type(partners)(env, tuple(row["id"] for row in rows))  # as a search answers its ids
    store_rows(records, rows, [partners._fields[name] for name in FIELDS])
    return records


def read_fields(records: odoorm.Model) -> int:
    """Materialise each record and read its five fields through the descriptors; returns a count."""
    seen = 0
    for record in records:
        _ = record.name, record.email, record.ref, record.is_company, record.country_id
        seen += 1
    return seen


def odoorm_full(env: odoorm.Environment, payload: bytes) -> int:
    """Decode, store, materialise and read: what ``for p in partners: p.name, …`` costs the client."""
    return read_fields(odoorm_store(env, payload))


def check_same_values(env: odoorm.Environment, payload: bytes) -> None:
    """The records show what the answer says (``False`` read as ``None`` for text, as documented)."""
    with env.count_calls() as calls:
        records = odoorm_store(env, payload)
        for record, row in zip(records, plain_json(payload), strict=True):
            assert record.id == row["id"] and record.name == row["name"]
            assert record.email == (row["email"] or None) and record.ref == (row["ref"] or None)
            assert record.is_company is row["is_company"]
            assert record.country_id.id == (row["country_id"][0] if row["country_id"] else False)
    assert calls.total == 0, f"the records asked the server: {calls.keys}"


# ---------------------------------------------------------------- measuring


@attrs.frozen
class Timing:
    """One path at one size: median seconds, µs per record and traced peak memory."""

    path: str
    rows: int
    median_seconds: float
    peak_bytes: int

    @property
    def us_per_record(self) -> float:
        """Microseconds per record."""
        return self.median_seconds / self.rows * 1e6

    @property
    def peak_bytes_per_record(self) -> float:
        """Peak traced bytes per record."""
        return self.peak_bytes / self.rows


def time_path(name: str, rows: int, body: Callable[[], object], before: Callable[[], None], repeat: int) -> Timing:
    """Median wall time of *body* over *repeat* runs (``before`` runs untimed first), then its traced peak."""
    times = []
    for _ in range(repeat):
        before()
        gc.collect()
        started = time.perf_counter()
        body()
        times.append(time.perf_counter() - started)
    before()
    gc.collect()
    tracemalloc.start()
    kept = body()  # kept alive until the peak is read: the result is part of the cost
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    del kept
    return Timing(name, rows, statistics.median(times), peak)


def run(rows: int = 50_000, repeat: int = 5, sizes: Sequence[int] = ()) -> list[Timing]:
    """Every path at *rows* (and the end-to-end paths at the extra *sizes*, for memory growth)."""
    env = offline_env()
    results = []
    for size in sorted({*sizes, rows}):
        payload = recorded_answer(size)
        check_same_values(env, payload)
        paths = _paths(env, payload)
        if size != rows:
            paths = {k: v for k, v in paths.items() if k in ("json.loads", "odoorm: all of it")}
        results += [time_path(name, size, body, before, repeat) for name, (body, before) in paths.items()]
    env.close()
    return results


def _paths(env: odoorm.Environment, payload: bytes) -> dict[str, tuple[Callable[[], object], Callable[[], None]]]:
    """Each path as (body, untimed preparation)."""
    stored: list[odoorm.Model] = []

    def fresh() -> None:
        env.invalidate()  # an empty cache, as before the lazy load that brought the answer

    def store_then_keep() -> None:
        fresh()
        stored[:] = [odoorm_store(env, payload)]

    return {
        "json.loads": (lambda: plain_json(payload), fresh),
        "json.loads + dict lookups": (lambda: _dict_lookups(plain_json(payload)), fresh),
        "odoorm: decode + store_rows": (lambda: odoorm_store(env, payload), fresh),
        "odoorm: materialise + read 5 fields (cache hits)": (lambda: read_fields(stored[0]), store_then_keep),
        "odoorm: all of it": (lambda: odoorm_full(env, payload), fresh),
    }


def _dict_lookups(rows: list[dict[str, Any]]) -> int:
    """What code using plain dicts does next: read the five values of each row."""
    for row in rows:
        _ = row["name"], row["email"], row["ref"], row["is_company"], row["country_id"]
    return len(rows)


def table(results: Sequence[Timing]) -> str:
    """A markdown table, with the ratio to ``json.loads`` at the same size."""
    base: Mapping[int, Timing] = {t.rows: t for t in results if t.path == "json.loads"}
    lines = [
        "| rows | path | median ms | µs / record | × json.loads | peak MiB | peak bytes / record |",
        "|---|---|---|---|---|---|---|",
    ]
    for t in results:
        ratio = t.median_seconds / base[t.rows].median_seconds
        lines.append(
            f"| {t.rows} | {t.path} | {t.median_seconds * 1e3:.1f} | {t.us_per_record:.2f} | {ratio:.2f} "
            f"| {t.peak_bytes / 2**20:.1f} | {t.peak_bytes_per_record:.0f} |"
        )
    return "\n".join(lines)


def main() -> None:
    """Print the table."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=50_000)
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--sizes", type=int, nargs="*", default=[12_500, 25_000], help="extra sizes (memory growth)")
    options = parser.parse_args()
    print(table(run(options.rows, options.repeat, options.sizes)))


if __name__ == "__main__":
    main()
