"""The recorded test bed's own tidiness: every stored body a cassette names exists, is the body
its name says (SHA-256), and is named by some cassette; the whole tree stays small.

``python tests/recorded/test_cassette_store.py`` deletes the stored bodies no cassette names (a
recording run does it by itself; this is for cassettes deleted by hand)."""

from __future__ import annotations

import gzip
import hashlib
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))  # conftest, when run as a script
from conftest import BODIES, CASSETTES, cassette_files  # noqa: E402

from odoorm.testing.body_store import prune, stored_references  # noqa: E402

#: The budget of issue 20: four server versions recorded, under 40 MB on disk.
BUDGET_BYTES = 40 * 1024 * 1024


def test_every_stored_body_is_named_by_a_cassette_and_exists() -> None:
    named = {path for cassette in cassette_files() for path in stored_references(cassette)}
    stored = {path.resolve() for path in BODIES.root.rglob("*.gz")}
    assert named - stored == set(), "cassettes refer to missing bodies"
    assert stored - named == set(), "stored bodies no cassette needs: prune them (a recording run does)"


def test_a_stored_body_is_named_by_its_content() -> None:
    for path in BODIES.root.rglob("*.gz"):
        assert path.stem == hashlib.sha256(gzip.decompress(path.read_bytes())).hexdigest(), path
        assert path.parent.name == path.stem[:2]


def test_the_recorded_tree_stays_small() -> None:
    size = sum(path.stat().st_size for path in CASSETTES.rglob("*") if path.is_file())
    assert size < BUDGET_BYTES, f"cassettes/ holds {size / 2**20:.1f} MiB, over the 40 MiB budget"


if __name__ == "__main__":
    removed = prune(BODIES, cassette_files())
    print(f"deleted {len(removed)} stored bodies no cassette names")
