"""The documentation's examples, executed against recorded Odoo servers.

A page of ``docs/`` that holds the line ``<!-- catalogue -->`` is part of the
catalogue: each of its ```` ```python ```` blocks runs, in order and in one
namespace, once per server target below, with the ``ODOO_*`` variables of
that target set (the first block connects with ``odoorm.connect()``). A line
``<!-- catalogue targets: odoo19-jsonrpc odoo18-jsonrpc -->`` limits a page
to the targets it names. Blocks state their results with ``assert``; a block
that is only shown uses another fence (```` ```text ````, ```` ```sh ````).

Replay is the default. ``ODOORM_RECORD=1`` (or ``--record``) re-records each
target whose live server is given: Odoo 19 by the ``ODOO_*`` variables of
tests/conftest.py, Odoo 18 by ``ODOO18_URL``, ``ODOO18_DB``,
``ODOO18_USERNAME``, ``ODOO18_PASSWORD`` (Odoo 17 likewise by ``ODOO17_*``).
"""

from __future__ import annotations

import os
import re
from collections.abc import Callable, Iterator
from pathlib import Path

import attrs
import pytest
from conftest import CASSETTES, TestBed

import odoorm
from odoorm.client.connect import forget_connections
from odoorm.testing import Scrubber
from odoorm.testing.recorder import make_recorder

DOCS = Path(__file__).resolve().parents[2] / "docs"
_MARKER = re.compile(r"^<!--\s*catalogue(?:\s+targets:\s*(?P<targets>[^>]*?))?\s*-->\s*$", re.MULTILINE)
_BLOCK = re.compile(r"^```python[ \t]*\n(?P<code>.*?)^```[ \t]*$", re.MULTILINE | re.DOTALL)


@attrs.frozen
class Target:
    """One server to run the catalogue against, and the secret it is given."""

    name: str
    url: str
    db: str
    username: str
    secret_variable: str  # "ODOO_PASSWORD" or "ODOO_API_KEY"
    secret: str
    placeholder: str
    live: bool  # recording against a live server now

    def variables(self) -> dict[str, str]:
        names = {"ODOO_URL": self.url, "ODOO_DB": self.db, "ODOO_USERNAME": self.username}
        return {**names, self.secret_variable: self.secret}

    @property
    def scrubber(self) -> Scrubber:
        return Scrubber({self.secret: self.placeholder} if self.live else {})


def _odoo19(testbed: TestBed, name: str) -> Target:
    if name == "odoo19-json2":
        secret = ("ODOO_API_KEY", testbed.api_key, "<ODOO_API_KEY>")
    else:
        secret = ("ODOO_PASSWORD", testbed.password, "<ODOO_PASSWORD>")
    return Target(name, testbed.url, testbed.db, testbed.username, *secret, live=testbed.recording)


def _older(major: int, port: int) -> Callable[[TestBed, str], Target]:
    """An older Odoo given by ``ODOO<major>_*`` when recording, replayed from ``127.0.0.1:<port>``."""
    prefix, placeholder = f"ODOO{major}_", f"<ODOO{major}_PASSWORD>"

    def target(testbed: TestBed, name: str) -> Target:
        if not testbed.recording:
            return Target(
                name,
                f"http://127.0.0.1:{port}",
                f"odoo{major}",
                "admin",
                "ODOO_PASSWORD",
                placeholder,
                placeholder,
                live=False,
            )
        if not os.environ.get(prefix + "URL") or not os.environ.get(prefix + "PASSWORD"):
            pytest.skip(f"recording the Odoo {major} target needs {prefix}URL and {prefix}PASSWORD")
        return Target(
            name,
            os.environ[prefix + "URL"],
            os.environ.get(prefix + "DB", f"odoo{major}"),
            os.environ.get(prefix + "USERNAME", "admin"),
            "ODOO_PASSWORD",
            os.environ[prefix + "PASSWORD"],
            placeholder,
            live=True,
        )

    return target


TARGETS = {
    "odoo19-jsonrpc": _odoo19,
    "odoo19-json2": _odoo19,
    "odoo18-jsonrpc": _older(18, 8018),
    "odoo17-jsonrpc": _older(17, 8017),
}


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
            unknown = set(named) - set(TARGETS)
            assert not unknown, f"{path.name}: unknown catalogue targets {sorted(unknown)}"
            pages.append(Page(path, named or tuple(TARGETS)))
    return pages


def _cases() -> list[object]:
    return [
        pytest.param(page, target, id=f"{page.path.stem}-{target}")
        for page in catalogue_pages()
        for target in TARGETS
        if target in page.targets
    ]


def test_the_catalogue_is_not_empty() -> None:
    pages = catalogue_pages()
    assert pages, "no docs page carries <!-- catalogue -->"
    for page in pages:
        assert list(page.blocks()), f"{page.path.name} is in the catalogue but has no python block"


@pytest.mark.parametrize(("page", "target_name"), _cases())
def test_docs_example_runs(page: Page, target_name: str, testbed: TestBed, monkeypatch: pytest.MonkeyPatch) -> None:
    target = TARGETS[target_name](testbed, target_name)
    for name, value in target.variables().items():
        monkeypatch.setenv(name, value)
    path = CASSETTES / "test_docs" / f"{page.path.stem}-{target_name}.json"
    if not target.live and not path.exists():
        pytest.fail(f"no cassette {path.relative_to(CASSETTES.parent)}: record it with ODOORM_RECORD=1")
    if target.live:
        path.unlink(missing_ok=True)
    forget_connections()
    recorder = make_recorder(target.scrubber, recording=target.live, cassette_dir=str(path.parent))
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
    if not target.live:
        assert recorded.all_played, f"{path.name}: recorded requests were not all made"
