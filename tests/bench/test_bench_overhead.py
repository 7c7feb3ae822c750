"""The server-free overhead benchmark (``bench/overhead.py``) keeps working: it builds a real
environment on its in-process stand-in, decodes a synthesised ``read`` answer, and the records read
back what the answer holds without a single call. Times are printed by the benchmark, never asserted."""

from __future__ import annotations

import importlib.util
import json
import sys
from pathlib import Path
from types import ModuleType

import pytest

BENCH = Path(__file__).resolve().parents[2] / "bench"


@pytest.fixture(scope="module")
def overhead() -> ModuleType:
    spec = importlib.util.spec_from_file_location("bench_overhead", BENCH / "overhead.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # attrs resolves the annotations through sys.modules
    spec.loader.exec_module(module)
    return module


def test_synthesised_answer_has_the_shape_of_a_read(overhead: ModuleType) -> None:
    rows = json.loads(overhead.synthesise(50))["result"]
    assert len(rows) == 50
    assert set(rows[0]) == {"id", *overhead.FIELDS}
    assert all(row["country_id"] is False or isinstance(row["country_id"][1], str) for row in rows)


def test_every_path_runs_offline(overhead: ModuleType, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(overhead, "DATA", tmp_path)
    results = overhead.run(rows=200, repeat=1, sizes=[100])
    assert {t.path for t in results if t.rows == 200} == {
        "json.loads",
        "json.loads + dict lookups",
        "odoorm: decode + store_rows",
        "odoorm: materialise + read 5 fields (cache hits)",
        "odoorm: all of it",
    }
    assert {t.path for t in results if t.rows == 100} == {"json.loads", "odoorm: all of it"}
    assert all(t.median_seconds > 0 for t in results)
    assert "× json.loads" in overhead.table(results)
    assert (tmp_path / "read_200.json").exists()
