"""Big recorded answers kept once, by content, beside the cassettes.

Recorded traffic repeats itself: every test that connects records the same
``fields_get`` of ``res.partner``, the same ``ir.model`` listing. A cassette
written through a :class:`BodyStore` keeps requests and small answers inline
(they are what a reviewer reads) and replaces each answer body of
``threshold`` bytes or more by a reference::

    "body": {"stored": "../../bodies/3f/3f2a….gz", "bytes": 51234, "preview": "{\\"jsonrpc\\": …"}

The stored file is the body's bytes, gzip-compressed (with no timestamp, so
one body always gives the same file), named by its SHA-256 in a two-letter
fan-out folder; the reference is relative to the cassette's folder, so a
cassette finds its bodies wherever the tree is checked out. Requests are
never stored away: replay still matches every request exactly.

:func:`restore_bodies` turns references back into bodies (the form
:mod:`~odoorm.testing.binary_json` reads); :func:`prune` deletes the stored
bodies no cassette refers to any more (after re-recording).
"""

from __future__ import annotations

import base64
import functools
import gzip
import hashlib
import json
import os
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

__all__ = ["BodyStore", "restore_bodies", "stored_references", "prune", "DEFAULT_THRESHOLD", "KEPT_HEADERS"]

#: Bodies of this many bytes or more are stored away; smaller ones stay in the cassette.
DEFAULT_THRESHOLD = 2048
_PREVIEW = 100
#: The headers a compact cassette keeps (what a client reads of an answer, and what a request says
#: about its target and credentials); the others (dates, server, lengths, connection) are noise.
KEPT_HEADERS = frozenset(
    {"content-type", "location", "retry-after", "content-disposition", "authorization", "x-odoo-database"}
)
_TEXT, _BINARY = "string", "base64_string"  # the inline forms (see binary_json)


class BodyStore:
    """A folder of answer bodies, each stored once under its SHA-256."""

    def __init__(self, root: str | os.PathLike[str], threshold: int = DEFAULT_THRESHOLD) -> None:
        self.root = Path(root)
        self.threshold = threshold

    def __repr__(self) -> str:
        return f"BodyStore({str(self.root)!r}, threshold={self.threshold})"

    def stash(self, cassette: dict[str, Any], folder: Path) -> dict[str, Any]:
        """Replace, in *cassette* (vcrpy's JSON form, as written into *folder*), each big answer
        body by a reference to its stored copy, and keep only :data:`KEPT_HEADERS`; returns *cassette*."""
        for interaction in cassette.get("interactions", []):
            for part in (interaction.get("request"), interaction["response"]):
                if part and "headers" in part:
                    part["headers"] = {k: v for k, v in part["headers"].items() if k.lower() in KEPT_HEADERS}
            body = interaction["response"].get("body")
            if not isinstance(body, dict) or "stored" in body:
                continue
            raw, binary = _inline_bytes(body)
            if raw is None or len(raw) < self.threshold:
                continue
            path = self._put(raw)
            reference: dict[str, Any] = {"stored": Path(os.path.relpath(path, folder)).as_posix(), "bytes": len(raw)}
            if binary:
                reference["binary"] = True
            else:
                reference["preview"] = raw[:_PREVIEW].decode("utf-8", "replace")
            interaction["response"]["body"] = reference
        return cassette

    def _put(self, raw: bytes) -> Path:
        digest = hashlib.sha256(raw).hexdigest()
        path = self.root / digest[:2] / f"{digest}.gz"
        if not path.exists():
            path.parent.mkdir(parents=True, exist_ok=True)
            partial = path.with_suffix(".tmp")
            partial.write_bytes(gzip.compress(raw, compresslevel=9, mtime=0))
            partial.replace(path)  # a reader never sees half a body
        return path


def dumps(cassette: dict[str, Any]) -> str:
    """A compact cassette's text: JSON indented by one space (each request and answer stays on its
    own lines for a review, without the weight of wide indentation)."""
    return json.dumps(cassette, indent=1, ensure_ascii=False) + "\n"


def _inline_bytes(body: dict[str, Any]) -> tuple[bytes | None, bool]:
    if isinstance(body.get(_TEXT), str):
        return body[_TEXT].encode("utf-8"), False
    if isinstance(body.get(_BINARY), str):
        return base64.b64decode(body[_BINARY]), True
    return None, False


def restore_bodies(cassette: dict[str, Any], folder: str | os.PathLike[str]) -> dict[str, Any]:
    """Put back, in *cassette* (read from a file in *folder*), the bodies its references name:
    ``{"string": text}``, or ``{"base64_string": ...}`` for a binary body. Returns *cassette*."""
    for interaction in cassette.get("interactions", []):
        body = interaction["response"].get("body")
        if isinstance(body, dict) and "stored" in body:
            raw = _read(str(Path(folder, body["stored"]).resolve()))
            if body.get("binary"):
                interaction["response"]["body"] = {_BINARY: base64.b64encode(raw).decode("ascii")}
            else:
                interaction["response"]["body"] = {_TEXT: raw.decode("utf-8")}
    return cassette


@functools.lru_cache(maxsize=256)
def _read(path: str) -> bytes:
    """A stored body's bytes (tests replay the same few big answers many times)."""
    try:
        return gzip.decompress(Path(path).read_bytes())
    except FileNotFoundError:
        raise FileNotFoundError(f"a cassette refers to a stored body that is missing: {path}") from None


def stored_references(cassette_file: Path) -> Iterator[Path]:
    """The stored bodies *cassette_file* refers to (resolved paths)."""
    data = json.loads(cassette_file.read_text("utf-8"))
    for interaction in data.get("interactions", []):
        body = interaction["response"].get("body")
        if isinstance(body, dict) and "stored" in body:
            yield Path(cassette_file.parent, body["stored"]).resolve()


def prune(store: BodyStore, cassette_files: Iterable[Path]) -> list[Path]:
    """Delete the stored bodies none of *cassette_files* refers to; returns what was deleted."""
    used = {path for cassette_file in cassette_files for path in stored_references(cassette_file)}
    unused = [path for path in store.root.rglob("*.gz") if path.resolve() not in used]
    for path in unused:
        path.unlink()
    _read.cache_clear()
    return unused
