"""The side-by-side comparison's table (``bench/compare.py``), offline: each row is compared with the
hand-written reference of its own protocol and with raw JSON-RPC, and odoorm's cold start with a warm
metadata cache with the raw clients' plain cold start. No server: rows are built by hand."""

from __future__ import annotations

import sys
from collections.abc import Iterator
from pathlib import Path
from types import ModuleType

import pytest

BENCH = Path(__file__).resolve().parents[2] / "bench"


@pytest.fixture(scope="module")
def compare() -> Iterator[ModuleType]:
    sys.path.insert(0, str(BENCH))  # compare.py imports its siblings (clients, workloads, harness)
    try:
        import compare

        yield compare
    finally:
        sys.path.remove(str(BENCH))


def ratios(table: str) -> dict[tuple[str, str], tuple[str, str]]:
    """(workload, client) → ("× raw", "× raw JSON-RPC") of a markdown table."""
    cells = [line.strip("|").split(" | ") for line in table.splitlines()[2:]]
    return {(c[0].strip(), c[1]): (c[7], c[8]) for c in cells}


def test_each_protocol_has_its_own_reference(compare: ModuleType) -> None:
    Row = compare.Row
    rows = [
        Row("read", "raw JSON-RPC (reference)", "a", "JSON-RPC", (0.10,)),
        Row("read", "raw JSON-RPC (reference)", "b", "JSON-RPC", (0.08,)),
        Row("read", "raw XML-RPC (reference)", "a", "XML-RPC", (0.16,)),
        Row("read", "raw JSON-2 (reference)", "a", "JSON-2", (0.05,)),
        Row("read", "odoorm xmlrpc", "a", "XML-RPC", (0.20,)),
        Row("read", "odoo-client-lib", "a", "XML-RPC (default)", (0.32,)),
        Row("read", "odoorm json2", "a", "JSON-2", (0.06,)),
        Row("read", "Odooly", "a", "web call_kw (default)", (0.16,)),
    ]
    found = ratios(compare.table(rows))
    assert found["read", "odoorm xmlrpc"] == ("1.25", "2.50")
    assert found["read", "odoo-client-lib"] == ("2.00", "4.00")
    assert found["read", "odoorm json2"] == ("1.20", "0.75")
    assert found["read", "Odooly"] == ("2.00", "2.00")
    assert found["read", "raw XML-RPC (reference)"] == ("1.00", "2.00")


def test_a_missing_reference_shows_a_dash(compare: ModuleType) -> None:
    rows = [
        compare.Row("read", "odoorm xmlrpc", "a", "XML-RPC", (0.2,)),
        compare.Row("read", "raw JSON-RPC (reference)", "a", "JSON-RPC", (0.1,)),
    ]
    assert ratios(compare.table(rows))["read", "odoorm xmlrpc"] == ("—", "2.00")


def test_the_warm_metadata_cache_is_compared_with_the_raw_cold_start(compare: ModuleType) -> None:
    Row, cold, cached = compare.Row, compare.COLD, compare.CACHED
    rows = [
        Row(cold, "raw JSON-RPC (reference)", "a", "JSON-RPC", (0.4,)),
        Row(cold, "raw XML-RPC (reference)", "a", "XML-RPC", (0.5,)),
        Row(cold, "odoorm xmlrpc", "a", "XML-RPC", (0.6,)),
        Row(cached, "odoorm xmlrpc", "b", "XML-RPC", (0.48,)),
    ]
    assert ratios(compare.table(rows))[cached, "odoorm xmlrpc"] == ("0.96", "1.20")


def test_only_odoorm_has_a_metadata_cache(compare: ModuleType) -> None:
    assert {name for name, client in compare.CLIENTS.items() if client.metadata_cache} == {
        "odoorm-xmlrpc",
        "odoorm-jsonrpc",
        "odoorm-json2",
    }
    assert compare.CLIENTS["raw-xmlrpc"].protocol == "XML-RPC"
