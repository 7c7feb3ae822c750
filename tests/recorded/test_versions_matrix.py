"""docs/versions.md's matrix of what the suite runs, checked against the recorded test bed.

Each cassette under ``cassettes/<major>/<suite>/`` is one test (or one executed docs page) replayed
against that server version over one protocol: the protocol is named by the cassette (``…_xmlrpc``,
``…-json2``) or, when a test chooses it itself, read from the requests it recorded. The table
between the ``versions-matrix`` markers of docs/versions.md must be the one this module computes;
``python tests/recorded/test_versions_matrix.py`` rewrites it after a recording.
"""

from __future__ import annotations

import json
import re
import sys
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))  # conftest, when run as a script
from conftest import CASSETTES, SERVERS, cassette_files  # noqa: E402

PAGE = Path(__file__).resolve().parents[2] / "docs" / "versions.md"
BEGIN, END = "<!-- versions-matrix:begin -->", "<!-- versions-matrix:end -->"
LABELS = {"xmlrpc": "XML-RPC", "jsonrpc": "JSON-RPC", "json2": "JSON-2"}
_NAMED = re.compile(r"(?:^|[_-])(xmlrpc|jsonrpc|json2)(?=$|[_-])")


def protocol_of(cassette: Path) -> str:
    """The protocol a cassette's test spoke: from its name, else the one most of its RPCs used
    (a test may probe another first: ``protocol="auto"`` tries JSON-2 before 19)."""
    named = _NAMED.findall(cassette.stem)
    if named:
        return str(named[-1])
    used: Counter[str] = Counter()
    last: dict[str, int] = {}
    for index, interaction in enumerate(json.loads(cassette.read_text("utf-8"))["interactions"]):
        uri = interaction["request"]["uri"]
        kind = "xmlrpc" if "/xmlrpc/" in uri else "json2" if "/json/2/" in uri else "jsonrpc"
        if kind != "jsonrpc" or uri.endswith("/jsonrpc"):  # web-session calls (/web/…) say nothing
            used[kind] += 1
            last[kind] = index
    # the most used; on a tie the one the test ended on; web-session calls only: JSON-RPC framing
    return max(used, key=lambda kind: (used[kind], last[kind])) if used else "jsonrpc"


def counts() -> Counter[tuple[str, int, str]]:
    """``(suite, major, protocol)`` → recorded tests."""
    found: Counter[tuple[str, int, str]] = Counter()
    for cassette in cassette_files():
        major = int(cassette.relative_to(CASSETTES).parts[0])
        found[(cassette.parent.name, major, protocol_of(cassette))] += 1
    return found


def matrix() -> str:
    """The markdown table: one row per suite, one column per version and protocol."""
    found = counts()
    columns = [(s.major, p) for s in SERVERS.values() for p in s.protocols]
    header = "| suite | " + " | ".join(f"{major} {LABELS[p]}" for major, p in columns) + " |"
    lines = [header, "|---" * (len(columns) + 1) + "|"]
    for suite in sorted({suite for suite, _, _ in found}):
        cells = [str(found[(suite, major, p)] or "—") for major, p in columns]
        lines.append(f"| `{suite.removeprefix('test_')}` | " + " | ".join(cells) + " |")
    totals = [str(sum(n for (_, m, q), n in found.items() if (m, q) == column)) for column in columns]
    lines.append("| **recorded tests** | " + " | ".join(f"**{t}**" for t in totals) + " |")
    return "\n".join(lines)


def page_with_matrix(text: str) -> str:
    start, end = text.index(BEGIN) + len(BEGIN), text.index(END)
    return text[:start] + "\n" + matrix() + "\n" + text[end:]


def test_the_versions_page_shows_what_the_suite_runs() -> None:
    text = PAGE.read_text("utf-8")
    assert text == page_with_matrix(text), (
        "docs/versions.md's matrix is stale: run python tests/recorded/test_versions_matrix.py"
    )


def test_every_server_has_recorded_tests_over_each_of_its_protocols() -> None:
    found = counts()
    for server in SERVERS.values():
        for protocol in server.protocols:
            assert sum(n for (_, m, p), n in found.items() if (m, p) == (server.major, protocol)) > 0


def test_no_cassette_speaks_a_protocol_its_server_lacks() -> None:
    assert not [key for key in counts() if key[2] not in SERVERS[key[1]].protocols]


if __name__ == "__main__":
    PAGE.write_text(page_with_matrix(PAGE.read_text("utf-8")), "utf-8")
    print(f"rewrote the matrix of {PAGE}")
