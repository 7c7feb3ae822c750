"""One environment used from 8 threads at once: reads, buffered writes and flushes stay correct."""

from __future__ import annotations

import threading
from collections.abc import Iterator

import pytest
from memory_odoo import MemoryOdoo

import odoorm

THREADS, ROUNDS, OWN = 8, 12, 10


@pytest.fixture
def server() -> Iterator[MemoryOdoo]:
    with MemoryOdoo(records=THREADS * OWN) as odoo:
        yield odoo


def connect(server: MemoryOdoo, **options: object) -> odoorm.Environment:
    return odoorm.connect(server.url, "db", "admin", api_key="test-key", protocol="json2", timeout=10, **options)


def worker(env: odoorm.Environment, number: int, errors: list[BaseException]) -> None:
    """Read every partner, write this thread's own, read them back, ROUNDS times."""
    try:
        mine = env["res.partner"].browse(range(number * OWN + 1, (number + 1) * OWN + 1))
        everyone = env["res.partner"].search([])
        for round_ in range(ROUNDS):
            names = [partner.name for partner in everyone]
            assert names[0] == "Partner 1" and len(names) == THREADS * OWN
            for partner in mine:
                partner.function = f"t{number}-r{round_}"
            assert {partner.function for partner in mine} == {f"t{number}-r{round_}"}  # read our own writes
            env.flush()
    except BaseException as error:  # noqa: BLE001 - reported by the test
        errors.append(error)


def run_threads(env_for: object) -> list[BaseException]:
    errors: list[BaseException] = []
    threads = [threading.Thread(target=worker, args=(env_for(n), n, errors)) for n in range(THREADS)]  # type: ignore[operator]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert not any(thread.is_alive() for thread in threads), "a thread hung"
    return errors


def test_one_environment_shared_by_eight_threads(server: MemoryOdoo) -> None:
    env = connect(server)
    errors = run_threads(lambda _number: env)
    assert errors == []
    env.flush()
    expected = {i: f"t{(i - 1) // OWN}-r{ROUNDS - 1}" for i in server.records}
    assert {i: record["function"] for i, record in server.records.items()} == expected
    assert env.pending() == [] and server.calls["res.partner.fields_get"] == 1  # metadata built once


def test_per_thread_environments_share_one_pool_and_one_metadata_cache(server: MemoryOdoo) -> None:
    import requests

    pool = requests.Session()
    envs = [connect(server, http_session=pool) for _ in range(THREADS)]
    assert len({id(env.registry) for env in envs}) == 1  # one metadata registry for the server, db and user
    errors = run_threads(lambda number: envs[number])
    assert errors == []
    for env in envs:
        env.flush()
    assert {record["function"] for record in server.records.values()} == {f"t{n}-r{ROUNDS - 1}" for n in range(THREADS)}
