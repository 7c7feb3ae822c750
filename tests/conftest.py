"""The odoorm test bed: recorded traffic of a real Odoo 19 server.

By default every test replays its cassette from ``cassettes/`` (no server,
no network). To re-record against a live server::

    ODOORM_RECORD=1 ODOO_URL=http://127.0.0.1:8069 ODOO_DB=odoo19 \
    ODOO_USERNAME=admin ODOO_PASSWORD=... ODOO_API_KEY=... ODOO_DEMO_API_KEY=... pytest

(``ODOO_DEMO_API_KEY``: an API key of the demo user "demo"; ``ODOO_DEMO_PASSWORD``
defaults to "demo").

(or ``pytest --record``). Secrets are scrubbed as cassettes are written.
"""

from __future__ import annotations

import os
import re
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import attrs
import pytest

import odoorm
from odoorm.client.connect import forget_connections
from odoorm.testing import API_KEY_PLACEHOLDER, PASSWORD_PLACEHOLDER, Scrubber
from odoorm.testing.recorder import make_recorder

CASSETTES = Path(__file__).resolve().parent.parent / "cassettes"
#: The helper servers (stand-in Odoo, fault proxy, in-memory JSON-2 server) are imported by name.
sys.path.insert(0, str(Path(__file__).resolve().parent / "servers"))
PROTOCOLS = ("xmlrpc", "jsonrpc", "json2")
RECORDED_URL = "http://127.0.0.1:8069"  # where the cassettes were recorded
RECORDED_DB = "odoo19"


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption("--record", action="store_true", help="re-record cassettes against the live server (ODOO_*)")


@attrs.frozen
class TestBed:
    """Where the recorded server is, and with which credentials to talk to it."""

    __test__ = False  # not a test class

    recording: bool
    url: str = RECORDED_URL
    db: str = RECORDED_DB
    username: str = "admin"
    password: str = attrs.field(default=PASSWORD_PLACEHOLDER, repr=False)  # never in a failure's output
    api_key: str = attrs.field(default=API_KEY_PLACEHOLDER, repr=False)
    demo_login: str = "demo"
    demo_password: str = attrs.field(default="<ODOO_DEMO_PASSWORD>", repr=False)
    demo_api_key: str = attrs.field(default="<ODOO_DEMO_API_KEY>", repr=False)

    @classmethod
    def from_environ(cls, recording: bool) -> TestBed:
        if not recording:
            return cls(recording=False)
        missing = [n for n in ("ODOO_PASSWORD", "ODOO_API_KEY", "ODOO_DEMO_API_KEY") if not os.environ.get(n)]
        if missing:
            pytest.exit(f"recording needs {', '.join(missing)} for the live server", returncode=4)
        return cls(
            recording=True,
            url=os.environ.get("ODOO_URL", RECORDED_URL),
            db=os.environ.get("ODOO_DB", RECORDED_DB),
            username=os.environ.get("ODOO_USERNAME", "admin"),
            password=os.environ["ODOO_PASSWORD"],
            api_key=os.environ["ODOO_API_KEY"],
            demo_password=os.environ.get("ODOO_DEMO_PASSWORD", "demo"),
            demo_api_key=os.environ["ODOO_DEMO_API_KEY"],
        )

    @property
    def scrubber(self) -> Scrubber:
        secrets = {
            self.password: PASSWORD_PLACEHOLDER,
            self.api_key: API_KEY_PLACEHOLDER,
            self.api_key + "-wrong": API_KEY_PLACEHOLDER + "-wrong",
            self.demo_password: "<ODOO_DEMO_PASSWORD>",
            self.demo_api_key: "<ODOO_DEMO_API_KEY>",
        }
        return Scrubber(secrets if self.recording else {})

    def credentials(self, protocol: str) -> dict[str, Any]:
        """``connect()`` arguments for *protocol*: a password, or the API key on JSON-2."""
        secret = {"api_key": self.api_key} if protocol == "json2" else {"password": self.password}
        return {"url": self.url, "db": self.db, "username": self.username, "protocol": protocol, **secret}

    def connect_demo_user(self, protocol: str) -> odoorm.Environment:
        """Log in as the demo data's internal user "demo" (uid 5), who has few rights."""
        secret = {"api_key": self.demo_api_key} if protocol == "json2" else {"password": self.demo_password}
        return odoorm.connect(self.url, self.db, self.demo_login, protocol=protocol, **secret)

    def connect(self, protocol: str, **overrides: Any) -> odoorm.Environment:
        return odoorm.connect(**{**self.credentials(protocol), **overrides})


@pytest.fixture(autouse=True)
def _no_odoo_settings_from_the_shell(monkeypatch: pytest.MonkeyPatch) -> None:
    """Tests see no ODOO_* variable: recording reads them once (``testbed``), replay never."""
    for name in [n for n in os.environ if n.startswith("ODOO_")]:
        monkeypatch.delenv(name)


@pytest.fixture(autouse=True)
def _a_fresh_process() -> None:
    """Each test starts as a fresh process would: no registry, no remembered login. (Stand-in servers
    get random ports, which the system reuses: a login remembered for an earlier test's server at the
    same address would otherwise skip the login a test is about.)"""
    forget_connections()


@pytest.fixture(autouse=True)
def _no_metadata_cache_from_the_shell(monkeypatch: pytest.MonkeyPatch) -> None:
    """A developer's ``ODOORM_METADATA_CACHE`` must not change what the tests send."""
    monkeypatch.delenv("ODOORM_METADATA_CACHE", raising=False)


@pytest.fixture(scope="session")
def testbed(pytestconfig: pytest.Config) -> TestBed:
    recording = bool(pytestconfig.getoption("--record") or os.environ.get("ODOORM_RECORD"))
    return TestBed.from_environ(recording)


def cassette_path(node: pytest.Item) -> Path:
    """``cassettes/<module>/<test name>.json``, one per test and parameter."""
    module = Path(str(node.fspath)).stem
    name = re.sub(r"[^\w.-]+", "_", node.name).strip("_")
    return CASSETTES / module / f"{name}.json"


@pytest.fixture
def cassette(request: pytest.FixtureRequest, testbed: TestBed) -> Iterator[Any]:
    """Replay (or record) this test's cassette. Metadata registries start cold, so a test
    makes the same calls whatever ran before it."""
    forget_connections()
    path = cassette_path(request.node)
    if not testbed.recording and not path.exists():
        pytest.fail(f"no cassette {path.relative_to(CASSETTES.parent)}: record it with ODOORM_RECORD=1")
    if testbed.recording:
        path.unlink(missing_ok=True)  # vcrpy would keep stale interactions beside the new ones
    recorder = make_recorder(testbed.scrubber, recording=testbed.recording, cassette_dir=str(path.parent))
    with recorder.use_cassette(path.name) as recorded:
        yield recorded
    if not testbed.recording:
        assert recorded.all_played, f"{path.name}: recorded requests were not all made"


@pytest.fixture(params=PROTOCOLS)
def protocol(request: pytest.FixtureRequest) -> str:
    return str(request.param)


@pytest.fixture(params=("xmlrpc", "jsonrpc"))
def password_protocol(request: pytest.FixtureRequest) -> str:
    """The protocols that log in with a password (JSON-2 takes an API key only)."""
    return str(request.param)


@pytest.fixture
def env(cassette: Any, testbed: TestBed, protocol: str) -> Iterator[odoorm.Environment]:
    """A connection to the recorded server over *protocol*, with a cold metadata cache."""
    environment = testbed.connect(protocol)
    yield environment
    environment.close()
