"""Exports at scale: odoorm's streaming exports against hand-written JSON-2 calls, rows growing.

Each (way, size) runs in a fresh worker process (``--one``), which reports its wall time, the HTTP
round trips it made and its peak resident memory (``ru_maxrss``: C allocations — pyarrow, pandas —
included, unlike tracemalloc), next to the memory it had after its imports (pandas and pyarrow are
imported by every way, so the baselines are alike). The rows are the seeded contacts
(bench/seed_export.py), by id range; the fields are six, one a 2-hop path::

    name, email, is_company, ref, country_id (a many2one: name and id), state_id.country_id.name

Ways:

- ``raw-loop``: a hand-written JSON-2 paging loop — ``web_search_read`` of 1000 records by id with
  the same specification, each page decoded and dropped (the least any export must do);
- ``raw-search-read``: one JSON-2 ``search_read`` of every record (the five 1-hop fields only: one
  call cannot follow the 2-hop path), the whole answer held;
- ``parquet-cN`` / ``pandas-cN``: ``Model.export(... .parquet)`` / ``Model.export_dataframe`` on N
  connections (threads over id ranges).

Usage (a server of its own, seeded; see bench/README.md, "Exports at scale")::

    ODOO_URL=http://127.0.0.1:8070 ODOO_DB=odoo19bench ODOO_USERNAME=admin ODOO_API_KEY=... \\
        python bench/export_scale.py --sizes 50000 100000 200000 --runs 3
"""

from __future__ import annotations

import argparse
import http.client
import json
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from typing import Any

FIELDS = ["name", "email", "is_company", "ref", "country_id", "state_id.country_id.name"]
SPEC = {
    "name": {},
    "email": {},
    "is_company": {},
    "ref": {},
    "country_id": {"fields": {"display_name": {}}},
    "state_id": {"fields": {"country_id": {"fields": {"name": {}}}}},
}
PAGE = 1000
WAYS = ["raw-loop", "raw-search-read", "parquet-c1", "parquet-c2", "parquet-c4", "pandas-c1", "pandas-c2", "pandas-c4"]
CALLS = [0]


def _count_round_trips() -> None:
    original = http.client.HTTPConnection.putrequest

    def counted(self: Any, *args: Any, **kwargs: Any) -> Any:
        CALLS[0] += 1
        return original(self, *args, **kwargs)

    http.client.HTTPConnection.putrequest = counted  # type: ignore[method-assign]


def _rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


# ------------------------------------------------------------------ the ways (in a worker process)


def _json2(session: Any, method: str, body: dict[str, Any]) -> Any:
    url = f"{os.environ['ODOO_URL']}/json/2/res.partner/{method}"
    response = session.post(url, data=json.dumps(body), timeout=600)
    response.raise_for_status()
    return json.loads(response.content)


def raw_loop(domain: list[Any]) -> int:
    import requests

    session, rows, last = _session(requests), 0, 0
    while True:
        body = {"domain": [*domain, ["id", ">", last]], "specification": SPEC, "limit": PAGE, "order": "id"}
        records = _json2(session, "web_search_read", {**body, "count_limit": PAGE})["records"]
        rows += len(records)
        if len(records) < PAGE:
            return rows
        last = records[-1]["id"]


def raw_search_read(domain: list[Any]) -> int:
    import requests

    fields = ["name", "email", "is_company", "ref", "country_id", "state_id"]
    return len(_json2(_session(requests), "search_read", {"domain": domain, "fields": fields}))


def _session(requests: Any) -> Any:
    session = requests.Session()
    session.headers.update(
        {
            "Authorization": f"Bearer {os.environ['ODOO_API_KEY']}",
            "X-Odoo-Database": os.environ["ODOO_DB"],
            "Content-Type": "application/json",
        }
    )
    return session


def odoorm_way(way: str, domain: list[Any]) -> tuple[int, float]:
    """The rows and the wall time: the login and the metadata (once per connection) are not timed."""
    import odoorm
    from odoorm.orm.streaming import paths_of

    kind, connections = way.split("-c")
    env = odoorm.connect(protocol="json2")
    partners = env["res.partner"]
    paths_of(partners, FIELDS)  # the metadata of the path's models
    CALLS[0] = 0
    started = time.perf_counter()
    if kind == "parquet":
        with tempfile.TemporaryDirectory() as folder:
            rows = int(partners.export(f"{folder}/p.parquet", domain, FIELDS, connections=int(connections)))
    else:
        rows = len(partners.export_dataframe(domain, FIELDS, connections=int(connections)))
    return rows, time.perf_counter() - started


def run_one(way: str, low: int, size: int) -> dict[str, Any]:
    import pandas  # noqa: F401  # every way imports the same libraries: alike baselines
    import pyarrow.parquet  # noqa: F401

    _count_round_trips()
    domain: list[Any] = [["id", ">=", low], ["id", "<", low + size]]
    baseline = _rss_mb()
    started = time.perf_counter()
    if way == "raw-loop":
        rows = raw_loop(domain)
    elif way == "raw-search-read":
        rows = raw_search_read(domain)
    else:
        rows, wall = odoorm_way(way, domain)
    if way.startswith("raw"):
        wall = time.perf_counter() - started
    return {"way": way, "rows": rows, "wall": wall, "calls": CALLS[0], "baseline_mb": baseline, "peak_mb": _rss_mb()}


# ------------------------------------------------------------------ the table (in the parent)


def first_id() -> int:
    import odoorm

    env = odoorm.connect(protocol="json2")
    found = env["res.partner"].search([("ref", "=like", "odoorm-export-%")], limit=1, order="id")
    return int(found.ids[0])


def group_by(low: int, size: int, runs: int) -> None:
    """``read_groups`` against the raw ``formatted_read_group`` it sends: median wall time of *runs*."""
    import requests

    import odoorm

    domain: list[Any] = [["id", ">=", low], ["id", "<", low + size]]
    groupby, aggregates = ["country_id", "is_company"], ["__count", "id:min"]
    env = odoorm.connect(protocol="json2")
    partners, session = env["res.partner"], _session(requests)
    env.version  # noqa: B018  # once per connection, not timed
    raw, ours = [], []
    for _ in range(runs):
        started = time.perf_counter()
        _json2(session, "formatted_read_group", {"domain": domain, "groupby": groupby, "aggregates": aggregates})
        raw.append(time.perf_counter() - started)
        started = time.perf_counter()
        with env.count_calls() as calls:
            groups = partners.read_groups(domain, groupby, aggregates)
        ours.append(time.perf_counter() - started)
    print(
        f"\ngroup-by of {size} rows into {len(groups)} groups ({calls.total} call): raw formatted_read_group "
        f"{statistics.median(raw):.3f} s, read_groups {statistics.median(ours):.3f} s (medians of {runs})"
    )


def measure(way: str, low: int, size: int) -> dict[str, Any]:
    command = [sys.executable, __file__, "--one", way, "--low", str(low), "--size", str(size)]
    done = subprocess.run(command, capture_output=True, text=True, timeout=3600, check=True)
    return dict(json.loads(done.stdout.strip().splitlines()[-1]))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[50_000, 100_000, 200_000])
    parser.add_argument("--ways", nargs="+", default=WAYS, choices=WAYS)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--group-by", action="store_true", help="only the group-by against its raw call")
    parser.add_argument("--one", choices=WAYS, help=argparse.SUPPRESS)
    parser.add_argument("--low", type=int, help=argparse.SUPPRESS)
    parser.add_argument("--size", type=int, help=argparse.SUPPRESS)
    options = parser.parse_args()
    if options.one:
        print(json.dumps(run_one(options.one, options.low, options.size)))
        return
    low = first_id()
    if options.group_by:
        group_by(low, max(options.sizes), max(options.runs, 5))
        return
    print("| rows | way | calls | median s | p25–p75 s | × raw loop | peak RSS MB | over baseline MB |")
    print("|---:|---|---:|---:|---|---:|---:|---:|")
    for size in options.sizes:
        results: dict[str, list[dict[str, Any]]] = {way: [] for way in options.ways}
        for run in range(options.runs):  # the ways take turns, run by run: a drifting server hits all alike
            for way in options.ways[run % len(options.ways) :] + options.ways[: run % len(options.ways)]:
                results[way].append(measure(way, low, size))
        reference = statistics.median(r["wall"] for r in results["raw-loop"]) if "raw-loop" in results else None
        for way in options.ways:
            print(_line(results[way], reference), flush=True)


def _line(results: list[dict[str, Any]], reference: float | None) -> str:
    walls = sorted(r["wall"] for r in results)
    median = statistics.median(walls)
    quartiles = statistics.quantiles(walls, n=4) if len(walls) > 1 else [walls[0]] * 3
    ratio = f"{median / reference:.2f}" if reference else "–"
    peak = max(r["peak_mb"] for r in results)
    over = max(r["peak_mb"] - r["baseline_mb"] for r in results)
    last, spread = results[-1], f"{quartiles[0]:.1f}–{quartiles[2]:.1f}"
    cells = [last["rows"], last["way"], last["calls"], f"{median:.2f}", spread, ratio, f"{peak:.0f}", f"{over:.0f}"]
    return "| " + " | ".join(map(str, cells)) + " |"


if __name__ == "__main__":
    main()
