"""Big answers stored once, by content: written by a real recording, read back by vcrpy and the
replay adapter, pruned when no cassette needs them."""

from __future__ import annotations

import base64
import gzip
import hashlib
import json
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler
from pathlib import Path
from typing import Any

import pytest
import requests
from loopback import serving

from odoorm.testing import ReplayAdapter, Scrubber
from odoorm.testing.body_store import BodyStore, prune, restore_bodies, stored_references
from odoorm.testing.recorder import make_recorder
from odoorm.transport.http import HttpChannel

BIG = json.dumps({"jsonrpc": "2.0", "id": 1, "result": {"fields": ["x" * 40] * 200}})  # ~9 kB
SMALL = json.dumps({"jsonrpc": "2.0", "id": 1, "result": 42})
PDF = b"%PDF-1.4\n" + bytes(range(256)) * 40  # binary, not UTF-8


class _Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    answers = {"/big": BIG.encode(), "/small": SMALL.encode(), "/pdf": PDF}

    def log_message(self, format: str, *args: Any) -> None:  # noqa: A002 - quiet
        pass

    def do_GET(self) -> None:
        body = self.answers[self.path]
        self.send_response(200)
        self.send_header("Content-Type", "application/pdf" if self.path == "/pdf" else "application/json")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)


@pytest.fixture
def server_url() -> Iterator[str]:
    yield from serving(_Handler)


def _exchange(url: str, folder: Path, store: BodyStore | None, *, recording: bool, name: str = "c.json") -> list[bytes]:
    recorder = make_recorder(Scrubber({}), recording=recording, cassette_dir=str(folder), body_store=store)
    channel = HttpChannel(url, timeout=5.0)
    try:
        with recorder.use_cassette(name) as cassette:
            got = [channel.get(path, label=path).content for path in ("/big", "/small", "/big", "/pdf")]
        assert recording or cassette.all_played
        return got
    finally:
        channel.close()


def test_a_recording_keeps_big_answers_once_and_replays_them(server_url: str, tmp_path: Path) -> None:
    store = BodyStore(tmp_path / "bodies")
    live = _exchange(server_url, tmp_path / "19" / "suite", store, recording=True)
    cassette = tmp_path / "19" / "suite" / "c.json"
    bodies = [i["response"]["body"] for i in json.loads(cassette.read_text())["interactions"]]
    assert bodies[1] == {"string": SMALL}  # small answers stay inline, readable in a review
    assert bodies[0]["stored"] == bodies[2]["stored"] and bodies[0]["bytes"] == len(BIG)
    assert bodies[0]["stored"].startswith("../../bodies/") and bodies[0]["preview"] == BIG[:100]
    assert bodies[3]["binary"] is True and "preview" not in bodies[3]
    stored = sorted(store.root.rglob("*.gz"))
    assert len(stored) == 2  # the big answer once, the PDF once
    for path in stored:
        assert path.stem == hashlib.sha256(gzip.decompress(path.read_bytes())).hexdigest()
    # replay, offline: vcrpy reads the references back (the server is not asked: stopped answers would fail)
    assert _exchange("http://127.0.0.1:9", tmp_path / "19" / "suite", store, recording=False) == live
    assert live == [BIG.encode(), SMALL.encode(), BIG.encode(), PDF]


def test_the_replay_adapter_reads_stored_bodies(server_url: str, tmp_path: Path) -> None:
    _exchange(server_url, tmp_path / "cassettes", BodyStore(tmp_path / "bodies"), recording=True)
    session = requests.Session()
    session.mount("http://", ReplayAdapter(tmp_path / "cassettes" / "c.json"))
    assert session.get("http://x/big").content == BIG.encode()
    assert session.get("http://x/small").json() == json.loads(SMALL)
    assert session.get("http://x/big").content == BIG.encode()
    assert session.get("http://x/pdf").content == PDF


def test_stored_files_do_not_depend_on_when_they_were_written(tmp_path: Path) -> None:
    cassette = {"interactions": [{"response": {"body": {"string": BIG}}}]}
    BodyStore(tmp_path / "a").stash(json.loads(json.dumps(cassette)), tmp_path)
    BodyStore(tmp_path / "b").stash(json.loads(json.dumps(cassette)), tmp_path)
    (first,), (second,) = (tmp_path / "a").rglob("*.gz"), (tmp_path / "b").rglob("*.gz")
    assert first.read_bytes() == second.read_bytes()  # no timestamp: re-recording the same answer changes nothing


def test_a_threshold_decides_what_stays_inline(tmp_path: Path) -> None:
    cassette = {"interactions": [{"response": {"body": {"string": SMALL}}}]}
    BodyStore(tmp_path / "bodies", threshold=len(SMALL)).stash(cassette, tmp_path)
    assert "stored" in cassette["interactions"][0]["response"]["body"]
    restore_bodies(cassette, tmp_path)
    assert cassette["interactions"][0]["response"]["body"] == {"string": SMALL}


def test_binary_bodies_round_trip_as_base64(tmp_path: Path) -> None:
    inline = {"base64_string": base64.b64encode(PDF).decode()}
    cassette = {"interactions": [{"response": {"body": dict(inline)}}]}
    BodyStore(tmp_path / "bodies").stash(cassette, tmp_path)
    assert cassette["interactions"][0]["response"]["body"]["binary"] is True
    assert restore_bodies(cassette, tmp_path)["interactions"][0]["response"]["body"] == inline


def test_prune_deletes_only_what_no_cassette_refers_to(tmp_path: Path) -> None:
    store = BodyStore(tmp_path / "bodies")
    kept, dropped = tmp_path / "kept.json", tmp_path / "dropped.json"
    for path, body in ((kept, BIG), (dropped, BIG + " ")):
        path.write_text(json.dumps(store.stash({"interactions": [{"response": {"body": {"string": body}}}]}, tmp_path)))
    assert len(list(store.root.rglob("*.gz"))) == 2
    (gone,) = prune(store, [kept])
    assert list(store.root.rglob("*.gz")) == list(stored_references(kept))
    assert gone not in list(stored_references(kept))


def test_a_missing_stored_body_is_named(tmp_path: Path) -> None:
    cassette = {"interactions": [{"response": {"body": {"stored": "../bodies/aa/nothing.gz", "bytes": 1}}}]}
    with pytest.raises(FileNotFoundError, match=r"stored body that is missing: .*nothing\.gz"):
        restore_bodies(cassette, tmp_path / "cassettes")
