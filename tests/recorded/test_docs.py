"""The documentation's examples, executed against recorded Odoo servers.

A page of ``docs/`` that holds the line ``<!-- catalogue -->`` is part of the
catalogue: each of its ```` ```python ```` blocks runs, in order and in one
namespace, once per server target — each recorded server version over
JSON-RPC, and Odoo 19 over JSON-2 too — with the ``ODOO_*`` variables of
that target set (the first block connects with ``odoorm.connect()``). A line
``<!-- catalogue targets: odoo19-jsonrpc odoo18-jsonrpc -->`` limits a page
to the targets it names. Blocks state their results with ``assert``; a block
that is only shown uses another fence (```` ```text ````, ```` ```sh ````).

Replay is the default; ``ODOORM_RECORD=1`` (or ``--record``) re-records each
target whose live server is given (see tests/conftest.py). Cassettes:
``cassettes/<major>/test_docs/<page>-<protocol>.json``.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import attrs
import pytest
from conftest import SERVERS, TestBed, recorder_for

import odoorm
from odoorm.client.connect import forget_connections

DOCS = Path(__file__).resolve().parents[2] / "docs"
_MARKER = re.compile(r"^<!--\s*catalogue(?:\s+targets:\s*(?P<targets>[^>]*?))?\s*-->\s*$", re.MULTILINE)
_BLOCK = re.compile(r"^```python[ \t]*\n(?P<code>.*?)^```[ \t]*$", re.MULTILINE | re.DOTALL)


def target_names() -> list[str]:
    """Every server target: ``odoo<major>-<protocol>``, JSON-RPC on each version, JSON-2 on 19."""
    return [f"odoo{s.major}-{p}" for s in SERVERS.values() for p in s.protocols if p != "xmlrpc"]


def variables(testbed: TestBed, protocol: str) -> dict[str, str]:
    """The ``ODOO_*`` variables a page's ``odoorm.connect()`` reads on this target."""
    names = {"ODOO_URL": testbed.url, "ODOO_DB": testbed.db, "ODOO_USERNAME": testbed.username}
    if protocol == "json2":
        return {**names, "ODOO_API_KEY": testbed.api_key}  # so that "auto" chooses JSON-2
    return {**names, "ODOO_PASSWORD": testbed.password}


@attrs.frozen
class Page:
    path: Path
    targets: tuple[str, ...]

    def blocks(self) -> Iterator[tuple[int, str]]:
        """``(first line number, code)`` of each python block, in order."""
        text = self.path.read_text()
        for match in _BLOCK.finditer(text):
            yield text.count("\n", 0, match.start("code")) + 1, match.group("code")


def catalogue_pages() -> list[Page]:
    pages = []
    for path in sorted(DOCS.glob("*.md")):
        marker = _MARKER.search(path.read_text())
        if marker:
            named = tuple((marker.group("targets") or "").split())
            unknown = set(named) - set(target_names())
            assert not unknown, f"{path.name}: unknown catalogue targets {sorted(unknown)}"
            pages.append(Page(path, named or tuple(target_names())))
    return pages


def _cases() -> list[object]:
    return [
        pytest.param(page, protocol, id=f"{page.path.stem}-{protocol}")
        for page in catalogue_pages()
        for protocol in ("jsonrpc", "json2")
    ]


def test_the_catalogue_is_not_empty() -> None:
    pages = catalogue_pages()
    assert pages, "no docs page carries <!-- catalogue -->"
    for page in pages:
        assert list(page.blocks()), f"{page.path.name} is in the catalogue but has no python block"


@pytest.mark.parametrize(("page", "protocol"), _cases())
def test_docs_example_runs(page: Page, protocol: str, testbed: TestBed, monkeypatch: pytest.MonkeyPatch) -> None:
    target = f"odoo{testbed.major}-{protocol}"
    if target not in page.targets:
        pytest.skip(f"{page.path.name} runs on {' '.join(page.targets)} (its catalogue line says so)")
    for name, value in variables(testbed, protocol).items():
        monkeypatch.setenv(name, value)
    path = testbed.server.cassettes / "test_docs" / f"{page.path.stem}-{protocol}.json"
    forget_connections()
    recorder = recorder_for(testbed, path)
    namespace: dict[str, object] = {"__name__": f"docs.{page.path.stem}"}
    with recorder.use_cassette(path.name) as recorded:
        failed = True
        try:
            for line, code in page.blocks():
                # blank lines before the code keep the page's line numbers in tracebacks
                exec(compile("\n" * (line - 1) + code, str(page.path), "exec"), namespace)  # noqa: S102
            failed = False
        finally:
            for value in list(namespace.values()):
                if isinstance(value, odoorm.Environment):
                    if failed:
                        value.discard()  # a half-run example's changes are not sent; its own error stays
                    value.close()  # pending changes flush inside the cassette, not at exit
    if not testbed.recording:
        assert recorded.all_played, f"{path.name}: recorded requests were not all made"
