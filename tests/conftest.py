"""The odoorm test bed: recorded traffic of real Odoo 19, 18, 17 and 16 servers.

By default every test replays its cassette from ``cassettes/<major>/`` (no server,
no network), once per server version and protocol it applies to. ``--odoo=19,17``
(or ``ODOORM_ODOO=19,17``) runs the suite for some versions only.

To re-record against live servers, give each version's server and credentials::

    ODOORM_RECORD=1 ODOO_URL=http://127.0.0.1:8069 ODOO_DB=odoo19 ODOO_USERNAME=admin \
    ODOO_PASSWORD=... ODOO_API_KEY=... ODOO_DEMO_API_KEY=... \
    ODOO18_URL=http://127.0.0.1:8018 ODOO18_PASSWORD=... ODOO18_API_KEY=... ODOO18_DEMO_API_KEY=... pytest

(Odoo 19 by ``ODOO_*`` or ``ODOO19_*``, the others by ``ODOO<major>_*``; ``*_DEMO_API_KEY``
is an API key of the demo data's user "demo", whose password ``*_DEMO_PASSWORD`` defaults
to "demo"). ``pytest --record`` is the same switch. A version whose server is not given is
skipped while recording. Secrets are scrubbed as cassettes are written, and big answers are
written once into ``cassettes/bodies/`` (see ``odoorm.testing.body_store``).
"""

from __future__ import annotations

import os
import re
import sys
from collections import Counter
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import attrs
import pytest

import odoorm
from odoorm.client.connect import forget_connections
from odoorm.testing import API_KEY_PLACEHOLDER, PASSWORD_PLACEHOLDER, Scrubber
from odoorm.testing.body_store import BodyStore, prune
from odoorm.testing.recorder import make_recorder

CASSETTES = Path(__file__).resolve().parent.parent / "cassettes"
BODIES = BodyStore(CASSETTES / "bodies")
#: The helper servers (stand-in Odoo, fault proxy, in-memory JSON-2 server) are imported by name.
sys.path.insert(0, str(Path(__file__).resolve().parent / "servers"))
PROTOCOLS = ("xmlrpc", "jsonrpc", "json2")


@attrs.frozen
class Server:
    """One recorded Odoo server: its major version, where it was recorded, what it speaks."""

    major: int
    port: int
    protocols: tuple[str, ...] = ("xmlrpc", "jsonrpc")
    demo_uid: int = 6  # the demo data's user "demo"

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    @property
    def db(self) -> str:
        return f"odoo{self.major}"

    @property
    def cassettes(self) -> Path:
        return CASSETTES / str(self.major)


#: The servers the suite is recorded against, newest first (JSON-2 exists since Odoo 19).
SERVERS = {
    19: Server(19, 8069, PROTOCOLS, demo_uid=5),
    18: Server(18, 8018),
    17: Server(17, 8017),
    16: Server(16, 8016),
}
NEWEST = SERVERS[19]
RECORDED_URL, RECORDED_DB = NEWEST.url, NEWEST.db  # the newest server, for tests about one server


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption("--record", action="store_true", help="re-record cassettes against the live servers (ODOO_*)")
    parser.addoption("--odoo", default=None, help="server versions to run against, e.g. 19,17 (default: all)")


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line(
        "markers",
        "odoo(since=None, only=None, reason=...): the server versions a test applies to; "
        "the others are skipped with the reason",
    )


def selected_versions(config: pytest.Config) -> list[int]:
    chosen = config.getoption("--odoo") or os.environ.get("ODOORM_ODOO") or ",".join(map(str, SERVERS))
    versions = [int(v) for v in str(chosen).replace(" ", "").split(",") if v]
    unknown = set(versions) - set(SERVERS)
    if unknown:
        raise pytest.UsageError(f"no recorded Odoo server {sorted(unknown)}; known: {sorted(SERVERS)}")
    return versions


def _version_skip(definition: Any, major: int) -> str | None:
    """Why the test *definition* does not apply to Odoo *major*, from its ``odoo`` markers."""
    for marker in definition.iter_markers("odoo"):
        since, only = marker.kwargs.get("since"), marker.kwargs.get("only")
        reason = marker.kwargs.get("reason")
        assert reason, f"{definition.nodeid}: an odoo marker needs a reason"
        if since is not None and major < since:
            return f"Odoo {major}: {reason}"
        if only is not None and major not in (only if isinstance(only, tuple | list) else (only,)):
            return f"Odoo {major}: {reason}"
    return None


def pytest_generate_tests(metafunc: pytest.Metafunc) -> None:
    """A test that talks to a recorded server (the ``odoo`` argument, through ``testbed``) runs
    once per server version; one its markers exclude is skipped with their reason."""
    if "odoo" in metafunc.fixturenames:
        params = []
        for major in selected_versions(metafunc.config):
            reason = _version_skip(metafunc.definition, major)
            marks = [pytest.mark.skip(reason=reason)] if reason else []
            params.append(pytest.param(major, id=f"odoo{major}", marks=marks))
        metafunc.parametrize("odoo", params, scope="session")


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    for item in items:
        params = getattr(item, "callspec", None) and item.callspec.params  # type: ignore[attr-defined]
        if params and "odoo" in params:
            for name in ("protocol", "password_protocol"):
                if name in params and params[name] not in SERVERS[params["odoo"]].protocols:
                    item.add_marker(pytest.mark.skip(reason=f"Odoo {params['odoo']}: JSON-2 exists since Odoo 19"))
            version_skip = any(
                str(mark.kwargs.get("reason", "")).startswith(f"Odoo {params['odoo']}:")
                for mark in item.iter_markers("skip")
            )
            if "cassette" in getattr(item, "fixturenames", ()) and not version_skip:
                # its cassette is the test's, even when the test skips itself here (a missing extra)
                server = SERVERS[params["odoo"]]
                opened(server.cassettes / Path(str(item.fspath)).stem / f"{cassette_name(item)}.json")


_OUTCOMES: Counter[tuple[str, str]] = Counter()
_VERSION_ID = re.compile(r"(?<=[\[-])odoo(\d+)(?=[-\]])")


def pytest_runtest_logreport(report: pytest.TestReport) -> None:
    if report.when == "call" or (report.when == "setup" and report.outcome != "passed"):
        found = _VERSION_ID.search(report.nodeid)
        _OUTCOMES[(f"Odoo {found.group(1)}" if found else "no server", report.outcome)] += 1


def pytest_terminal_summary(terminalreporter: Any) -> None:
    """Passed, skipped and failed tests per recorded server version; stale cassettes, if any."""
    if STALE:
        terminalreporter.section("stale cassettes", red=True)
        terminalreporter.write_line("no test uses these (re-record the suite, which deletes them, or delete them):")
        for path in STALE:
            terminalreporter.write_line(f"  {path.relative_to(CASSETTES.parent)}")
    rows = sorted({version for version, _ in _OUTCOMES}, key=lambda v: (v == "no server", v), reverse=False)
    if not rows:
        return
    terminalreporter.section("per server version")
    for version in rows:
        counts = ", ".join(
            f"{_OUTCOMES[(version, o)]} {o}" for o in ("passed", "skipped", "failed") if _OUTCOMES[(version, o)]
        )
        terminalreporter.write_line(f"{version:>10}: {counts}")


#: The cassettes this session opened (recorded or replayed), and whether it ran the whole recorded suite.
OPENED: set[Path] = set()
_WHOLE_RUN: dict[str, Any] = {"deselected": False}
STALE: list[Path] = []


def opened(path: Path) -> Path:
    """Note that a test uses the cassette at *path* (so it is not stale); returns *path*."""
    OPENED.add(path.resolve())
    return path


def pytest_deselected(items: list[pytest.Item]) -> None:
    _WHOLE_RUN["deselected"] = True


def pytest_collection_finish(session: pytest.Session) -> None:
    recorded = Path(__file__).resolve().parent / "recorded"
    modules = {Path(str(item.fspath)).resolve() for item in session.items}
    every = set(recorded.glob("test_*.py"))
    _WHOLE_RUN["complete"] = every <= modules and not _WHOLE_RUN["deselected"]


def _stale_cassettes(config: pytest.Config) -> list[Path]:
    """After a run of the whole recorded suite: the cassettes of the versions it ran that no test used."""
    if not _WHOLE_RUN.get("complete"):
        return []
    folders = [SERVERS[major].cassettes for major in selected_versions(config)]
    return [p for p in cassette_files() if any(f in p.parents for f in folders) and p.resolve() not in OPENED]


@pytest.hookimpl(tryfirst=True)
def pytest_sessionfinish(session: pytest.Session) -> None:
    """After a whole run, a cassette no test used is stale: deleted when recording, a failure in replay.
    After recording, the stored bodies no cassette refers to any more are deleted."""
    STALE[:] = _stale_cassettes(session.config) if session.testsfailed == 0 else []
    if _recording(session.config):
        for path in STALE:
            path.unlink()
        STALE.clear()
        if BODIES.root.is_dir() and session.testsfailed == 0:
            prune(BODIES, cassette_files())
    elif STALE:
        session.exitstatus = pytest.ExitCode.TESTS_FAILED


def cassette_files() -> list[Path]:
    """Every cassette of the test bed (the stored bodies excluded)."""
    return sorted(p for p in CASSETTES.rglob("*.json") if BODIES.root not in p.parents)


def _recording(config: pytest.Config) -> bool:
    return bool(config.getoption("--record") or os.environ.get("ODOORM_RECORD"))


@attrs.frozen
class TestBed:
    """Where one recorded server is, and with which credentials to talk to it."""

    __test__ = False  # not a test class

    recording: bool
    server: Server = NEWEST
    url: str = RECORDED_URL
    db: str = RECORDED_DB
    username: str = "admin"
    password: str = attrs.field(default=PASSWORD_PLACEHOLDER, repr=False)  # never in a failure's output
    api_key: str = attrs.field(default=API_KEY_PLACEHOLDER, repr=False)
    demo_login: str = "demo"
    demo_password: str = attrs.field(default="<ODOO_DEMO_PASSWORD>", repr=False)
    demo_api_key: str = attrs.field(default="<ODOO_DEMO_API_KEY>", repr=False)

    @property
    def major(self) -> int:
        return self.server.major

    @classmethod
    def from_environ(cls, recording: bool, server: Server = NEWEST) -> TestBed:
        if not recording:
            return cls(recording=False, server=server, url=server.url, db=server.db)
        prefixes = [f"ODOO{server.major}_"] + (["ODOO_"] if server is NEWEST else [])

        def given(name: str, default: str | None = None) -> str | None:
            return next((os.environ[p + name] for p in prefixes if os.environ.get(p + name)), default)

        missing = [f"{prefixes[-1]}{n}" for n in ("URL", "PASSWORD", "API_KEY", "DEMO_API_KEY") if not given(n)]
        if missing:
            pytest.skip(f"recording Odoo {server.major} needs {', '.join(missing)} for its live server")
        return cls(
            recording=True,
            server=server,
            url=str(given("URL")),
            db=str(given("DB", server.db)),
            username=str(given("USERNAME", "admin")),
            password=str(given("PASSWORD")),
            api_key=str(given("API_KEY")),
            demo_password=str(given("DEMO_PASSWORD", "demo")),
            demo_api_key=str(given("DEMO_API_KEY")),
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
        """Log in as the demo data's internal user "demo" (uid 5 on Odoo 19, 6 before), who has few rights."""
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
def testbed(pytestconfig: pytest.Config, odoo: int) -> TestBed:
    """The recorded server of version *odoo* (a test asking for it runs once per version)."""
    return TestBed.from_environ(_recording(pytestconfig), SERVERS[odoo])


def cassette_name(node: pytest.Item) -> str:
    """The test's name and parameters, the server version left out (it is the folder)."""
    name = re.sub(r"(?<=[\[-])odoo\d+(?:-|(?=\]))", "", node.name).replace("[]", "")
    return re.sub(r"[^\w.-]+", "_", name).strip("_-")


def cassette_path(node: pytest.Item, testbed: TestBed) -> Path:
    """``cassettes/<major>/<module>/<test name>.json``, one per test and parameter."""
    return testbed.server.cassettes / Path(str(node.fspath)).stem / f"{cassette_name(node)}.json"


def recorder_for(testbed: TestBed, path: Path, **options: Any) -> Any:
    """A recorder for the cassette at *path*, writing big answers into the body store."""
    opened(path)
    if not testbed.recording and not path.exists():
        pytest.fail(f"no cassette {path.relative_to(CASSETTES.parent)}: record it with ODOORM_RECORD=1")
    if testbed.recording:
        path.unlink(missing_ok=True)  # vcrpy would keep stale interactions beside the new ones
    return make_recorder(
        testbed.scrubber, recording=testbed.recording, cassette_dir=str(path.parent), body_store=BODIES, **options
    )


@pytest.fixture
def cassette(request: pytest.FixtureRequest, testbed: TestBed) -> Iterator[Any]:
    """Replay (or record) this test's cassette. Metadata registries start cold, so a test
    makes the same calls whatever ran before it."""
    forget_connections()
    path = cassette_path(request.node, testbed)
    recorder = recorder_for(testbed, path)
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
