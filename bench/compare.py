"""Side by side against one live server: hand-written JSON-RPC, XML-RPC and JSON-2, odoorm on each
transport, OdooRPC, Odooly and odoo-client-lib, each doing every workload the way its own documentation
suggests.

Prints a markdown table of HTTP round trips, median wall time (with its spread), the client's own CPU
time and peak client memory (tracemalloc). Each (client, workload) runs in fresh worker processes (so a
cold start is really cold, the peers' state never leaks into another client, and a slow peer can be
stopped by a timeout); round trips are counted in that process at ``http.client`` level, which every
client here ends up in, so the peers run unmodified.

The server is shared and its speed drifts by tens of percent within seconds, so raw and odoorm are
measured in *rounds*: each round starts one worker process per client (the order rotated from round
to round), and in each process the ways of a workload alternate run by run, after one untimed
warm-up run each (its time and round trips are shown apart: a process's first run is not its steady
state). Every client's runs then spread over the same stretch of time as its reference's, and the
"× raw" ratios compare like with like. Cold starts take turns the same way, one fresh process per
run. odoorm's cold start with a warm on-disk metadata cache runs in fresh processes too, the cache
(a temporary directory, removed afterwards) filled beforehand by another, unmeasured process.
Needs the benchmark data (``bench/seed.py``), the ``ODOO_*`` variables
(``ODOO_API_KEY`` for odoorm's JSON-2) and, for the peers, the venv of ``bench/requirements.txt``::

    python bench/compare.py [--workloads read write ...] [--clients raw odoorm-json2 ...]

Leaves the data as it found it (job titles written back, tag and created partners deleted).
"""

from __future__ import annotations

import argparse
import functools
import gc
import http.client
import importlib.util
import json
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
import tracemalloc
from collections.abc import Callable, Iterable, Sequence
from pathlib import Path
from typing import Any

import attrs
from clients import CLIENTS, Case, Client
from workloads import (
    CREATE_COUNT,
    EXPLORE_LIMIT,
    READ_LIMIT,
    SCALE_SIZES,
    WORKLOADS,
    WRITE_COUNT,
    Credentials,
    Fixtures,
)

__all__ = ["Row", "TripCounter", "Measured", "measure", "worker", "compare", "table", "main"]

#: The peers: slow, so fewer runs; and where their package comes from.
PEERS = {"odoorpc": "odoorpc", "odooly": "odooly", "odoolib": "odoolib"}
#: Workloads light enough to run a peer several times.
LIGHT = ("explore", "cold", "scale")
COLD, WARM, CACHED = "cold start", "warm start (same process)", "cold start (warm metadata cache)"
#: Worker-only workloads of ``cold``: fill the on-disk metadata cache (unmeasured), start with it.
FILL, CACHED_START = "cold-cache-fill", "cold-cache"
TITLES = {
    "read": f"read {READ_LIMIT}",
    "write": f"write {WRITE_COUNT}",
    "m2m": f"m2m tag {WRITE_COUNT}",
    "create": f"create {CREATE_COUNT}+{2 * CREATE_COUNT}",
    "explore": f"explore {EXPLORE_LIMIT} (first render)",
    "cold": COLD,
    FILL: CACHED,
    CACHED_START: CACHED,
}
#: Rows compared with the hand-written rows of another workload: the raw clients have no metadata
#: cache, so their plain cold start is the best they can do.
REFERENCE_WORKLOAD = {CACHED: COLD}
#: The hand-written reference of each protocol family.
REFERENCES = ("JSON-RPC", "XML-RPC", "JSON-2")
RESULT = "RESULT "


@attrs.frozen
class Row:
    """What one way of doing one workload cost one client (merged over worker processes)."""

    workload: str
    client: str
    way: str
    protocol: str
    times: tuple[float, ...] = ()
    round_trips: int | None = None
    peak_mib: float | None = None
    note: str = ""
    #: Round trips of the first run of the process, when it differs from the last (what a client
    #: learns in its first run, such as odoorm's prefetch policy).
    first_round_trips: int | None = None
    #: The client's own CPU time (``time.process_time``) of each timed run: what the server's load
    #: does not move.
    cpu_times: tuple[float, ...] = ()
    #: Wall time of each process's untimed warm-up run (its first run), when it had one.
    first_times: tuple[float, ...] = ()

    @property
    def key(self) -> tuple[str, str, str]:
        """Rows with the same key are one measurement split over processes."""
        return (self.workload, self.client, self.way)

    @property
    def median(self) -> float | None:
        """Median wall time in seconds (``None`` when no run was timed)."""
        return statistics.median(self.times) if self.times else None

    @property
    def spread(self) -> tuple[float, float] | None:
        """The middle half of the timed runs (first and third quartiles; the extremes under 4 runs)."""
        if len(self.times) < 2:
            return None
        if len(self.times) < 4:
            return min(self.times), max(self.times)
        quartiles = statistics.quantiles(self.times, n=4, method="inclusive")
        return quartiles[0], quartiles[2]

    def merged(self, other: Row) -> Row:
        """This row and a later part of the same measurement."""
        peaks = [p for p in (self.peak_mib, other.peak_mib) if p is not None]
        return attrs.evolve(
            self,
            times=self.times + other.times,
            round_trips=other.round_trips if other.round_trips is not None else self.round_trips,
            peak_mib=max(peaks) if peaks else None,
            first_round_trips=self.first_round_trips if self.first_round_trips is not None else other.first_round_trips,
            cpu_times=self.cpu_times + other.cpu_times,
            first_times=self.first_times + other.first_times,
            note="; ".join(n for n in dict.fromkeys((self.note, other.note)) if n),
        )

    def to_json(self) -> str:
        """One line for the orchestrator."""
        return json.dumps(attrs.asdict(self))

    @classmethod
    def from_json(cls, text: str) -> Row:
        """Back from :meth:`to_json`."""
        data = json.loads(text)
        tuples = {name: tuple(data[name]) for name in ("times", "cpu_times", "first_times")}
        return cls(**{**data, **tuples})


# ---------------------------------------------------------------- in the worker process


class TripCounter:
    """Counts HTTP requests in this process by wrapping ``http.client.HTTPConnection.putrequest``:
    urllib3 (requests), urllib.request and xmlrpc.client all send through it."""

    def __init__(self) -> None:
        self.count = 0
        original = http.client.HTTPConnection.putrequest

        def putrequest(connection: http.client.HTTPConnection, *args: Any, **kwargs: Any) -> None:
            self.count += 1
            original(connection, *args, **kwargs)

        http.client.HTTPConnection.putrequest = putrequest  # type: ignore[method-assign]


@attrs.frozen
class Measured:
    """What :func:`measure` found for one way of doing a workload, in one process."""

    times: tuple[float, ...]
    cpu_times: tuple[float, ...]
    round_trips: int | None
    peak_mib: float | None
    first_round_trips: int | None
    first_time: float | None


def measure(
    runs: Sequence[Callable[[], object]],
    counter: TripCounter,
    count: int,
    trace: bool,
    setup: Callable[[], None] | None = None,
    warmup: bool = False,
) -> list[Measured]:
    """Each of *runs* (the ways of one workload): with *warmup*, one untimed run first (its time and
    round trips kept apart), then *count* timed runs, the ways alternating run by run (the order
    rotated each time, so that neither always follows the other) and then, with *trace*, one run
    each under tracemalloc. The round trips are those of the last run; the first run's are those of
    the warm-up or, without one, of the first timed run. *setup* runs before each run, untimed and
    uncounted."""
    times: list[list[float]] = [[] for _ in runs]
    cpu: list[list[float]] = [[] for _ in runs]
    trips: list[int | None] = [None] * len(runs)
    first: list[int | None] = [None] * len(runs)
    first_time: list[float | None] = [None] * len(runs)
    peaks: list[float | None] = [None] * len(runs)

    def once(index: int, traced: bool = False) -> tuple[float, float]:
        if setup:
            setup()
        gc.collect()
        if traced:
            tracemalloc.start()
        before, started, cpu_started = counter.count, time.perf_counter(), time.process_time()
        runs[index]()
        elapsed, cpu_elapsed = time.perf_counter() - started, time.process_time() - cpu_started
        trips[index] = counter.count - before
        first[index] = trips[index] if first[index] is None else first[index]
        if traced:
            peaks[index] = tracemalloc.get_traced_memory()[1] / 2**20
            tracemalloc.stop()
        return elapsed, cpu_elapsed

    if warmup:
        for index in range(len(runs)):
            first_time[index] = once(index)[0]
    for turn in range(count):
        for index in _rotated(range(len(runs)), turn):
            elapsed, cpu_elapsed = once(index)
            times[index].append(elapsed)
            cpu[index].append(cpu_elapsed)
    if trace:
        for index in range(len(runs)):
            once(index, traced=True)
    return [
        Measured(tuple(times[i]), tuple(cpu[i]), trips[i], peaks[i], first[i], first_time[i]) for i in range(len(runs))
    ]


def _rotated(items: Iterable[Any], turn: int) -> list[Any]:
    """*items* starting at position *turn* (modulo their number)."""
    items = list(items)
    shift = turn % len(items) if items else 0
    return items[shift:] + items[:shift]


def worker(
    client_name: str,
    workload: str,
    runs: int,
    trace: bool,
    metadata_cache: str | None = None,
    warmup: bool = False,
) -> Iterable[Row]:
    """Measure every way *client_name* does *workload* (the ways alternating, after one untimed warm-up
    run each with *warmup*); yields rows as they are measured. *metadata_cache*: the directory of the
    on-disk metadata cache, for the worker-only workloads ``cold-cache-fill`` and ``cold-cache``."""
    counter = TripCounter()
    credentials = Credentials.from_environ()
    fixtures = Fixtures(credentials)
    client = CLIENTS[client_name](credentials, fixtures.tag_id())
    if workload == "cold":
        yield from _starts(client, counter, runs, trace)
        return
    if workload in (FILL, CACHED_START):
        if metadata_cache is None:
            raise SystemExit(f"{workload} needs --metadata-cache DIR")
        yield from _cached_start(client, counter, workload == FILL, trace, metadata_cache)
        return
    client.connect()
    setup = {"m2m": fixtures.untag, "create": fixtures.delete_created}.get(workload)
    for size in SCALE_SIZES if workload == "scale" else (0,):
        title = f"scale {size}" if size else TITLES[workload]
        cases = client.cases(workload, size)
        measured = measure([case.run for case in cases], counter, runs, trace, setup, warmup)
        for case, found in zip(cases, measured, strict=True):
            yield _row(title, client, case, found)


def _starts(client: Client, counter: TripCounter, runs: int, trace: bool) -> Iterable[Row]:
    """The first connection of a fresh process, then later ones (the warm start)."""
    start = client.start()
    cold = Case("connect + search_count, fresh process", start)
    yield _row(COLD, client, cold, measure([start], counter, 0 if trace else 1, trace)[0])
    warm = Case("connect + search_count, again in the same process", start)
    yield _row(WARM, client, warm, measure([start], counter, 0 if trace else runs, trace)[0])


def _cached_start(client: Client, counter: TripCounter, fill: bool, trace: bool, directory: str) -> Iterable[Row]:
    """The first connection of a fresh process with the metadata cache in *directory*: measured, or
    (*fill*) done once to fill the cache, neither timed nor counted."""
    start = client.cached_start(directory)
    if fill:
        start()
        return
    case = Case("connect(metadata_cache=DIR) + search_count, fresh process", start)
    yield _row(CACHED, client, case, measure([start], counter, 0 if trace else 1, trace)[0])


def _row(title: str, client: Client, case: Case, found: Measured) -> Row:
    first = found.first_round_trips if found.first_round_trips != found.round_trips else None
    return Row(
        title,
        client.label,
        case.way,
        client.protocol,
        found.times,
        found.round_trips,
        found.peak_mib,
        first_round_trips=first,
        cpu_times=found.cpu_times,
        first_times=() if found.first_time is None else (found.first_time,),
    )


# ---------------------------------------------------------------- the orchestrator


@attrs.frozen
class Plan:
    """How much to run: timed runs per worker process for raw and odoorm, rounds of worker processes
    for them, runs for the peers, a timeout per worker process."""

    runs: int = 5
    rounds: int = 3
    peer_runs: int = 1
    timeout: float = 300.0

    def runs_for(self, client: str, workload: str) -> int:
        """Timed runs per worker process."""
        if client not in PEERS:
            return self.runs
        return min(self.runs, 3) if workload in LIGHT else self.peer_runs

    def rounds_for(self, client: str) -> int:
        """Worker processes per workload: the peers, slow and far from the references, have one."""
        return 1 if client in PEERS else self.rounds

    def warmup_for(self, client: str, workload: str) -> bool:
        """Whether each process starts with an untimed run of each way: not for a peer's single run
        of a heavy workload (up to a minute each), which is then its first run, as the table says."""
        return client not in PEERS or workload in LIGHT


def launch(
    client: str,
    workload: str,
    runs: int,
    trace: bool,
    timeout: float,
    extra: Sequence[str] = (),
    warmup: bool = False,
) -> list[Row]:
    """One worker process (*extra*: more arguments); what it measured before it ended (or was stopped)."""
    command = [
        sys.executable,
        str(Path(__file__).resolve()),
        "--worker",
        client,
        workload,
        "--runs",
        str(runs),
        *extra,
        *["--trace"] * trace,
        *["--warmup"] * warmup,
    ]
    note = ""
    started = time.perf_counter()
    try:
        done = subprocess.run(command, capture_output=True, timeout=timeout, check=False)
        output, errors = done.stdout, done.stderr
        if done.returncode:
            note = "failed: " + (errors.decode(errors="replace").strip().splitlines() or ["?"])[-1][:160]
    except subprocess.TimeoutExpired as expired:
        output, note = expired.stdout or b"", f"stopped after {timeout:.0f} s"
    print(f"  {workload} {client}: {time.perf_counter() - started:.1f} s", file=sys.stderr)
    rows = [Row.from_json(line[len(RESULT) :]) for line in output.decode().splitlines() if line.startswith(RESULT)]
    if note:
        print(f"  {client} {workload}: {note}", file=sys.stderr)
        known = CLIENTS[client]
        rows.append(Row(TITLES.get(workload, workload), known.label, "—", known.protocol, note=note))
    return rows


def measure_workload(workload: str, clients: Sequence[str], plan: Plan, tidy: Callable[[], None]) -> list[Row]:
    """Every client on one workload. Raw and odoorm in rounds: each round one worker process per client,
    the order rotated from round to round, the traced run in the last; then the peers, one process
    each. *tidy* undoes the workload's changes after each process. A cold start needs a fresh process
    per run: see :func:`_cold_starts`."""
    rows = [row for client in clients for row in _installed(client)]
    present = [client for client in clients if not _installed(client)]
    if workload == "cold":
        return rows + _cold_starts(present, plan)
    precise = [client for client in present if client not in PEERS]
    jobs = [(client, turn) for turn in range(plan.rounds) for client in _rotated(precise, turn)]
    jobs += [(client, 0) for client in present if client in PEERS]
    for client, turn in jobs:
        last = turn == plan.rounds_for(client) - 1
        rows += launch(
            client,
            workload,
            plan.runs_for(client, workload),
            last,
            plan.timeout,
            warmup=plan.warmup_for(client, workload),
        )
        tidy()
    return rows


def _cold_starts(clients: Sequence[str], plan: Plan) -> list[Row]:
    """The cold and warm starts: per client ``runs_for`` fresh processes (each a cold start, then warm
    starts), the clients taking turns; one traced process each; then odoorm's cold start with a warm
    metadata cache (:func:`_cached_starts`)."""
    rows: list[Row] = []
    most = max((plan.runs_for(client, "cold") for client in clients), default=0)
    for process in range(most):
        for client in _rotated(clients, process):
            if process < plan.runs_for(client, "cold"):
                rows += launch(client, "cold", plan.runs_for(client, "cold"), False, plan.timeout)
    for client in clients:
        rows += launch(client, "cold", 0, True, plan.timeout)
    return rows + _cached_starts([client for client in clients if CLIENTS[client].metadata_cache], plan)


def _cached_starts(clients: Sequence[str], plan: Plan) -> list[Row]:
    """The cold start with a warm metadata cache: per client a temporary directory filled by one
    unmeasured worker process, then ``plan.runs`` fresh processes per client that start with it (the
    clients taking turns) and one traced; the directories are removed at the end."""
    rows: list[Row] = []
    directories = {client: tempfile.mkdtemp(prefix="odoorm-bench-metadata-") for client in clients}
    try:
        ready = []
        for client, directory in directories.items():
            failed = launch(client, FILL, 0, False, plan.timeout, ("--metadata-cache", directory))
            if failed:  # a note saying why (e.g. a connect() without the metadata_cache option)
                rows += failed
            elif not any(Path(directory).iterdir()):
                known = CLIENTS[client]
                note = "the first process left the cache empty"
                rows.append(Row(CACHED, known.label, "—", known.protocol, note=note))
            else:
                ready.append(client)
        for process in range(plan.runs):
            for client in _rotated(ready, process):
                rows += launch(client, CACHED_START, 1, False, plan.timeout, ("--metadata-cache", directories[client]))
        for client in ready:
            rows += launch(client, CACHED_START, 0, True, plan.timeout, ("--metadata-cache", directories[client]))
        return rows
    finally:
        for directory in directories.values():
            shutil.rmtree(directory, ignore_errors=True)


def compare(workloads: Sequence[str], clients: Sequence[str], plan: Plan) -> list[Row]:
    """Every client on every workload, the data restored as it goes and at the end."""
    fixtures = Fixtures(Credentials.from_environ())
    fixtures.tag_id()
    titles = fixtures.snapshot_titles()
    fixtures.delete_created()
    rows: list[Row] = []
    try:
        for workload in workloads:
            if workload == "scale" and not _scale_data(fixtures):
                rows.append(Row("scale", "all", "—", "—", note="the scale partners could not be created"))
                continue
            started = time.perf_counter()
            rows += measure_workload(workload, clients, plan, functools.partial(_tidy, fixtures, workload, titles))
            print(f"{workload}: {time.perf_counter() - started:.0f} s", file=sys.stderr)
            if workload == "scale":
                print(f"scale: {fixtures.delete_scale_partners()} partners deleted", file=sys.stderr)
    finally:
        _tidy(fixtures, "all", titles)
        fixtures.delete_tag()
        fixtures.delete_scale_partners()
    return merge(rows)


def _scale_data(fixtures: Fixtures, attempts: int = 3) -> bool:
    """Create the scale workload's partners; a batch the busy server refused is tried again."""
    for attempt in range(1, attempts + 1):
        try:
            print(f"scale: {fixtures.ensure_scale_partners(max(SCALE_SIZES))} partners created", file=sys.stderr)
            return True
        except RuntimeError as error:  # the server's fault, e.g. a concurrent update: the next try resumes
            print(f"scale: creating partners failed (attempt {attempt}): {error}", file=sys.stderr)
    return False


def _installed(client: str) -> list[Row]:
    """A row saying the peer is missing, or nothing."""
    module = PEERS.get(client)
    if module is None or importlib.util.find_spec(module):
        return []
    note = f"not installed: pip install -r bench/requirements.txt ({module})"
    return [Row("all", CLIENTS[client].label, "—", CLIENTS[client].protocol, note=note)]


def _tidy(fixtures: Fixtures, workload: str, titles: dict[int, Any]) -> None:
    """Undo what *workload* changed ("all": everything)."""
    if workload in ("write", "all"):
        fixtures.restore_titles(titles)
    if workload in ("m2m", "all"):
        fixtures.untag()
    if workload in ("create", "all"):
        fixtures.delete_created()


def merge(rows: Iterable[Row]) -> list[Row]:
    """One row per (workload, client, way), in first-seen order."""
    merged: dict[tuple[str, str, str], Row] = {}
    for row in rows:
        merged[row.key] = merged[row.key].merged(row) if row.key in merged else row
    return list(merged.values())


def reference_protocol(protocol: str) -> str:
    """The hand-written reference a row is compared with: raw XML-RPC for XML-RPC rows (odoorm xmlrpc,
    odoo-client-lib), raw JSON-2 for JSON-2 rows, raw JSON-RPC for every other row."""
    return next((name for name in REFERENCES if protocol.startswith(name)), "JSON-RPC")


def fastest_raw(rows: Sequence[Row], workload: str) -> dict[str, float]:
    """The median of the fastest hand-written way per protocol on *workload* (or the workload it is
    compared with, :data:`REFERENCE_WORKLOAD`)."""
    reference = REFERENCE_WORKLOAD.get(workload, workload)
    fastest: dict[str, float] = {}
    for raw in rows:
        if raw.workload == reference and raw.client.startswith("raw") and raw.median is not None:
            protocol = reference_protocol(raw.protocol)
            fastest[protocol] = min(fastest.get(protocol, raw.median), raw.median)
    return fastest


def table(rows: Sequence[Row]) -> str:
    """The markdown table, grouped by workload. "× raw" is the median time over the fastest hand-written
    way on the row's protocol (:func:`reference_protocol`); "× raw JSON-RPC" over raw JSON-RPC's, for
    every row, so that what a protocol costs stays visible. "p25–p75" is the middle half of the timed
    runs; "first run" the median over processes of their untimed warm-up run; "client CPU" the median
    CPU time the client's own process spent per timed run."""
    lines = [
        "| workload | client | way | protocol | runs | round trips | median s | × raw | × raw JSON-RPC "
        "| p25–p75 s | first run s | client CPU ms | peak MiB |",
        "|---|---|---|---|---|---|---|---|---|---|---|---|---|",
    ]
    for workload in dict.fromkeys(row.workload for row in rows):
        fastest = fastest_raw(rows, workload)
        for row in (row for row in rows if row.workload == workload):
            same = _ratio(row.median, fastest.get(reference_protocol(row.protocol)))
            json_rpc = _ratio(row.median, fastest.get("JSON-RPC"))
            spread = "—" if row.spread is None else f"{row.spread[0]:.3f}–{row.spread[1]:.3f}"
            first = statistics.median(row.first_times) if row.first_times else None
            cpu = statistics.median(row.cpu_times) * 1000 if row.cpu_times else None
            lines.append(
                f"| {workload} | {row.client} | {row.way} | {row.protocol} | {len(row.times)} "
                f"| {_trips(row)} | {_text(row.median, '.3f')} | {same} | {json_rpc} "
                f"| {spread} | {_text(first, '.3f')} | {_text(cpu, '.1f')} "
                f"| {_text(row.peak_mib, '.1f')} |" + (f" {row.note}" if row.note else "")
            )
    return "\n".join(lines)


def _ratio(median: float | None, reference: float | None) -> str:
    """*median* over *reference*, or "—" when either is missing."""
    return f"{median / reference:.2f}" if median is not None and reference else "—"


def _trips(row: Row) -> str:
    """The round trips of the last run, after those of the first run when they differ ("4 → 1")."""
    if row.first_round_trips is None or row.first_round_trips == row.round_trips:
        return _text(row.round_trips)
    return f"{row.first_round_trips} → {_text(row.round_trips)}"


def _text(value: float | None, spec: str = "") -> str:
    return "—" if value is None else format(value, spec)


def main(argv: Sequence[str] | None = None) -> None:
    """Orchestrate (default) or, with ``--worker CLIENT WORKLOAD``, measure one client in this process."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--workloads", nargs="+", choices=WORKLOADS, default=list(WORKLOADS))
    parser.add_argument("--clients", nargs="+", choices=list(CLIENTS), default=list(CLIENTS))
    parser.add_argument("--runs", type=int, default=5, help="timed runs per process for raw and odoorm (default 5)")
    parser.add_argument("--rounds", type=int, default=3, help="processes per workload for raw and odoorm (default 3)")
    parser.add_argument("--peer-runs", type=int, default=1, help="timed runs for the peers on read/write/create/m2m")
    parser.add_argument("--timeout", type=float, default=300.0, help="seconds per worker process")
    parser.add_argument("--output", type=Path, help="also write the table to this file")
    parser.add_argument("--worker", nargs=2, metavar=("CLIENT", "WORKLOAD"), help=argparse.SUPPRESS)
    parser.add_argument("--trace", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--metadata-cache", help=argparse.SUPPRESS)
    parser.add_argument("--warmup", action="store_true", help=argparse.SUPPRESS)
    options = parser.parse_args(argv)
    if options.worker:
        for row in worker(*options.worker, options.runs, options.trace, options.metadata_cache, options.warmup):
            print(RESULT + row.to_json(), flush=True)
        return
    started = time.perf_counter()
    plan = Plan(options.runs, options.rounds, options.peer_runs, options.timeout)
    result = table(compare(options.workloads, options.clients, plan))
    print(result)
    print(f"\n(whole comparison: {time.perf_counter() - started:.0f} s)", file=sys.stderr)
    if options.output:
        options.output.write_text(result + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
