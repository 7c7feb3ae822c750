"""The read workload, hand-written and odoorm, side by side in one process: the ways take turns run by
run (in a shuffled order each round), so the server's drift hits them alike; each run is split into
its call (the request, the answer decoded and, for odoorm, stored) and the reading of the values
(the same tuples ``compare.py`` builds), each timed on the wall clock and in the client's own CPU.

Needs the benchmark data (``bench/seed.py``) and the ``ODOO_*`` variables (``ODOO_API_KEY`` for
JSON-2)::

    python bench/read_ab.py [--protocol json2|jsonrpc] [--rounds 41]

Prints a markdown table: medians and, in brackets, the middle half (first to third quartile), in ms,
then the median over the rounds of each way's total over the hand-written ``web_search_read``'s in
the same round ("paired").
"""

from __future__ import annotations

import argparse
import gc
import random
import statistics
import time
from collections.abc import Callable, Sequence
from typing import Any

from clients import READ_FIELDS, OdoormJson2, OdoormJsonrpc, Raw, RawJson2
from workloads import COMPANIES, READ_LIMIT, Credentials

SPEC = {"name": {}, "email": {}, "country_id": {"fields": {"name": {}}}, "category_id": {"fields": {"name": {}}}}
FETCH = ["name", "email", "country_id.name", "category_id.name"]
#: A way: its call (returns what the reading needs) and the reading of the values.
Way = tuple[Callable[[], Any], Callable[[Any], object]]


def ways(protocol: str, credentials: Credentials, tag_id: int) -> dict[str, Way]:
    """The hand-written ways and odoorm's on *protocol*, connected (not measured)."""
    if protocol == "json2":
        json2 = RawJson2(credentials, tag_id)
        json2.connect()

        def execute(model: str, method: str, **params: Any) -> Any:
            return json2.call(model, method, **params)

    else:
        raw = Raw(credentials, tag_id)
        raw.connect()

        def execute(model: str, method: str, **params: Any) -> Any:
            ids = params.pop("ids", None)
            args = [ids] if ids is not None else [params.pop("domain")]
            return raw.rpc.execute(model, method, *args, **params)

    orm = (OdoormJson2 if protocol == "json2" else OdoormJsonrpc)(credentials, tag_id)
    orm.connect()
    partners = orm.env["res.partner"]

    def specification() -> Any:
        return execute(
            "res.partner",
            "web_search_read",
            domain=COMPANIES,
            specification=SPEC,
            limit=READ_LIMIT,
            order="id",
            count_limit=READ_LIMIT,
        )["records"]

    def rows(records: Any) -> object:
        return [
            (r["name"], r["email"], r["country_id"] and r["country_id"]["name"], [t["name"] for t in r["category_id"]])
            for r in records
        ]

    def classic() -> Any:
        found = execute(
            "res.partner", "search_read", domain=COMPANIES, fields=READ_FIELDS, limit=READ_LIMIT, order="id"
        )
        tag_ids = sorted({t for row in found for t in row["category_id"]})
        tags = execute("res.partner.category", "read", ids=tag_ids, fields=["name"])
        return found, {t["id"]: t["name"] for t in tags}

    def classic_rows(answer: Any) -> object:
        found, tags = answer
        return [
            (r["name"], r["email"], r["country_id"] and r["country_id"][1], [tags[t] for t in r["category_id"]])
            for r in found
        ]

    def fetch() -> Any:
        orm.env.invalidate()
        return partners.search(COMPANIES, limit=READ_LIMIT, order="id", fetch=FETCH)

    def loop() -> Any:
        orm.env.invalidate()
        return partners.search(COMPANIES, limit=READ_LIMIT, order="id")

    def records(found: Any) -> object:
        return [(p.name, p.email, p.country_id.name, p.category_id.mapped("name")) for p in found]

    return {
        "raw: one web_search_read with a specification": (specification, rows),
        "raw: search_read + read of the tags": (classic, classic_rows),
        "odoorm: search(..., fetch=[...])": (fetch, records),
        "odoorm: loop over records": (loop, records),
    }


def run(named: dict[str, Way], rounds: int) -> dict[str, dict[str, list[float]]]:
    """*rounds* rounds of every way, after one untimed run each; times in ms."""
    for call, read in named.values():
        read(call())  # warm-up: odoorm's loop learns here what it reads
    found: dict[str, dict[str, list[float]]] = {
        name: {key: [] for key in ("call", "call CPU", "values", "total", "total CPU")} for name in named
    }
    for turn in range(rounds):
        for name in random.Random(turn).sample(list(named), len(named)):
            call, read = named[name]
            gc.collect()
            started, cpu = time.perf_counter(), time.process_time()
            answer = call()
            called, called_cpu = time.perf_counter(), time.process_time()
            read(answer)
            ended, ended_cpu = time.perf_counter(), time.process_time()
            times = found[name]
            times["call"].append((called - started) * 1000)
            times["call CPU"].append((called_cpu - cpu) * 1000)
            times["values"].append((ended - called) * 1000)
            times["total"].append((ended - started) * 1000)
            times["total CPU"].append((ended_cpu - cpu) * 1000)
    return found


def table(found: dict[str, dict[str, list[float]]]) -> str:
    """Medians [first–third quartile] in ms, and the paired ratio over the first way."""
    reference = found[next(iter(found))]["total"]
    lines = [
        "| way | call | call CPU | reading the values | total | total CPU | paired × raw |",
        "|---|---|---|---|---|---|---|",
    ]
    for name, times in found.items():
        paired = statistics.median(t / r for t, r in zip(times["total"], reference, strict=True))
        cells = [_cell(times[key]) for key in ("call", "call CPU", "values", "total", "total CPU")]
        lines.append(f"| {name} | {' | '.join(cells)} | {paired:.2f} |")
    return "\n".join(lines)


def _cell(values: Sequence[float]) -> str:
    low, _, high = statistics.quantiles(values, n=4, method="inclusive")
    return f"{statistics.median(values):.1f} [{low:.1f}–{high:.1f}]"


def main(argv: Sequence[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--protocol", choices=("json2", "jsonrpc"), default="json2")
    parser.add_argument("--rounds", type=int, default=41)
    options = parser.parse_args(argv)
    credentials = Credentials.from_environ()
    named = ways(options.protocol, credentials, 0)  # no tag: the read workload does not use it
    print(f"{options.protocol}, {options.rounds} rounds (ms)\n")
    print(table(run(named, options.rounds)))


if __name__ == "__main__":
    main()
