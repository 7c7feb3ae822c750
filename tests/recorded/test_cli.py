"""The ``odoorm`` command line and :func:`odoorm.client.check.check_connection`, on the recorded Odoo 19 server.

Each command runs as a subprocess (``python -m odoorm ...``) answered from its own cassette in
``cassettes/test_cli/`` through ``ODOORM_REPLAY``, with placeholder credentials. When recording
(``ODOORM_RECORD=1``) the same command first runs in-process against the live server under the
recorder, which writes that cassette; then the subprocess replays it.
"""

from __future__ import annotations

import io
import json
import os
import re
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from conftest import BODIES, NEWEST, opened

import odoorm
from odoorm.cli.main import main
from odoorm.client.check import CheckReport, check_connection
from odoorm.client.connect import forget_connections
from odoorm.demo import RECORDED_DB, RECORDED_LOGIN, RECORDED_URL
from odoorm.testing import API_KEY_PLACEHOLDER, PASSWORD_PLACEHOLDER
from odoorm.testing.recorder import make_recorder

pytestmark = pytest.mark.odoo(
    only=19,
    reason="the command's output is compared verbatim (server, user, records); the calls it makes are the "
    "library's, which the other suites run on every version",
)

ROOT = Path(__file__).resolve().parents[2]
CLI_CASSETTES = NEWEST.cassettes / "test_cli"
ADMIN_CHECK = """\
Server    Odoo 19.0 at http://127.0.0.1:8069
Database  odoo19
User      Mitchell Admin (login admin, uid 2)
Protocol  {protocol}
Access    res.partner: read yes, write yes, create yes, unlink yes
"""


class Cli:
    """Runs ``odoorm`` commands: recorded in-process when recording, always replayed in a subprocess."""

    def __init__(self, testbed: Any, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
        self.testbed = testbed
        self.monkeypatch = monkeypatch
        self.capsys = capsys

    def __call__(
        self, cassette: str, *args: str, protocol: str = "jsonrpc", stdin: str = ""
    ) -> subprocess.CompletedProcess[str]:
        path = opened(CLI_CASSETTES / f"{cassette}.json")
        if self.testbed.recording:
            self.record(path, args, protocol, stdin)
        elif not path.exists():
            pytest.fail(f"no cassette {path.relative_to(ROOT)}: record it with ODOORM_RECORD=1")
        return run_odoorm(*args, stdin=stdin, env=replay_environ(path, protocol))

    def record(self, path: Path, args: tuple[str, ...], protocol: str, stdin: str) -> None:
        forget_connections()  # a cold metadata cache, as in the subprocess
        path.parent.mkdir(parents=True, exist_ok=True)
        path.unlink(missing_ok=True)
        secret = "ODOO_API_KEY" if protocol == "json2" else "ODOO_PASSWORD"
        live = {"ODOO_URL": self.testbed.url, "ODOO_DB": self.testbed.db, "ODOO_USERNAME": self.testbed.username}
        live[secret] = self.testbed.api_key if protocol == "json2" else self.testbed.password
        with self.monkeypatch.context() as patch:
            for name, value in live.items():
                patch.setenv(name, value)
            patch.setattr(sys, "stdin", io.StringIO(stdin))
            recorder = make_recorder(
                self.testbed.scrubber, recording=True, cassette_dir=str(path.parent), body_store=BODIES
            )
            with recorder.use_cassette(path.name):
                main(list(args))
        self.capsys.readouterr()  # what the live run printed is not what is tested


def replay_environ(cassette: Path, protocol: str) -> dict[str, str]:
    """The subprocess's environment: the recorded server's settings, placeholder secrets, the cassette."""
    environ = {name: value for name, value in os.environ.items() if not name.startswith(("ODOO_", "ODOORM_"))}
    environ |= {"ODOO_URL": RECORDED_URL, "ODOO_DB": RECORDED_DB, "ODOO_USERNAME": RECORDED_LOGIN}
    if protocol == "json2":
        environ["ODOO_API_KEY"] = API_KEY_PLACEHOLDER
    else:
        environ["ODOO_PASSWORD"] = PASSWORD_PLACEHOLDER
    environ["ODOORM_REPLAY"] = str(cassette)
    environ["PYTHONPATH"] = str(ROOT)
    return environ


def run_odoorm(*args: str, stdin: str = "", env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "odoorm", *args],
        input=stdin,
        env=env,
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
    )


@pytest.fixture
def cli(testbed: Any, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> Cli:
    return Cli(testbed, monkeypatch, capsys)


# ------------------------------------------------------------------ check_connection (the library side)


def test_check_connection_reports_server_user_and_rights(env: odoorm.Environment, protocol: str) -> None:
    with env.count_calls() as calls:
        report = check_connection(env)
    # no metadata load; the version it reports is asked of the server (connect does not need it)
    assert calls.keys == ["res.users.read", "common.version"] + ["res.partner.has_access"] * 4
    assert isinstance(report, CheckReport)
    assert report.version.info == (19, 0) and str(report.version) == "19.0"
    assert (report.url, report.db, report.protocol) == ("http://127.0.0.1:8069", "odoo19", protocol)
    assert (report.uid, report.login, report.user_name) == (2, "admin", "Mitchell Admin")
    assert dict(report.access) == {"read": True, "write": True, "create": True, "unlink": True}
    assert report.allowed == ["read", "write", "create", "unlink"]
    assert str(report) == ADMIN_CHECK.format(protocol=protocol).rstrip("\n")
    with pytest.raises(TypeError):
        report.access["read"] = False  # type: ignore[index]  # frozen, inside too


def test_check_connection_reports_denied_rights(cassette: Any, testbed: Any, password_protocol: str) -> None:
    with testbed.connect_demo_user(password_protocol) as env:
        report = check_connection(env, "res.users")
    assert (report.uid, report.login, report.user_name) == (5, "demo", "Marc Demo")
    assert dict(report.access) == {"read": True, "write": False, "create": False, "unlink": False}
    assert report.allowed == ["read"]
    assert str(report).endswith("Access    res.users: read yes, write no, create no, unlink no")


# ------------------------------------------------------------------ commands


@pytest.mark.parametrize("protocol", ["xmlrpc", "jsonrpc", "json2"])
def test_check_command(cli: Cli, protocol: str) -> None:
    done = cli(f"check_{protocol}", "check", "--protocol", protocol, protocol=protocol)
    assert (done.returncode, done.stderr) == (0, "")
    assert done.stdout == ADMIN_CHECK.format(protocol=protocol)


def test_models_command_with_a_glob(cli: Cli) -> None:
    done = cli("models_glob", "models", "res.partner*")
    assert (done.returncode, done.stderr) == (0, "")
    assert done.stdout == (
        "res.partner           Contact\n"
        "res.partner.bank      Bank Accounts\n"
        "res.partner.category  Partner Tags\n"
        "res.partner.industry  Industry\n"
    )


def test_models_command_with_a_substring_shows_transient_models(cli: Cli) -> None:
    done = cli("models_substring", "models", "install")
    assert (done.returncode, done.stderr) == (0, "")
    lines = done.stdout.splitlines()
    assert "base.language.install        Install Language           transient" in lines
    assert all("install" in line.lower() for line in lines) and len(lines) >= 4
    assert [line.split()[0] for line in lines] == sorted(line.split()[0] for line in lines)


def test_models_command_without_a_match(cli: Cli) -> None:
    done = cli("models_no_match", "models", "no.such.model*")
    assert (done.returncode, done.stdout) == (1, "")
    assert done.stderr == "odoorm: no model matches 'no.such.model*'\n"


def test_fields_command(cli: Cli) -> None:
    done = cli("fields_country", "fields", "res.country")
    assert (done.returncode, done.stderr) == (0, "")
    rows = {line.split()[0]: line for line in done.stdout.splitlines()}
    assert re.fullmatch(r"code +char +Country Code +required", rows["code"])
    assert re.fullmatch(r"state_ids +one2many\(res\.country\.state\) +States", rows["state_ids"])
    assert re.fullmatch(r"currency_id +many2one\(res\.currency\) +Currency", rows["currency_id"])
    assert re.fullmatch(r"display_name +char +Display Name +readonly, not stored", rows["display_name"])
    assert list(rows) == sorted(rows) and "name" in rows and "id" in rows
    type_columns = {line.index(line.split()[1], len(line.split()[0])) for line in rows.values()}
    assert len(type_columns) == 1  # aligned


def test_fields_command_with_a_pattern(cli: Cli) -> None:
    done = cli("fields_partner_pattern", "fields", "res.partner", "country")
    assert (done.returncode, done.stderr) == (0, "")
    names = [line.split()[0] for line in done.stdout.splitlines()]
    assert {"country_id", "country_code"} <= set(names)
    assert all("country" in line.lower() for line in done.stdout.splitlines())


def test_fields_command_of_an_unknown_model(cli: Cli) -> None:
    done = cli("fields_unknown_model", "fields", "res.partnr")
    assert (done.returncode, done.stdout) == (2, "")
    assert done.stderr.startswith("odoorm: UnknownModelError: the server has no model 'res.partnr'; did you mean ")
    assert done.stderr.count("\n") == 1 and "Traceback" not in done.stderr


def test_call_command_prints_json(cli: Cli) -> None:
    done = cli(
        "call_search_read",
        "call",
        "res.partner",
        "search_read",
        '[[["is_company", "=", true]]]',
        "--kwargs",
        '{"fields": ["name", "country_id"], "limit": 2, "order": "name"}',
    )
    assert (done.returncode, done.stderr) == (0, "")
    assert json.loads(done.stdout) == [
        {"id": 9, "name": "Acme Corporation", "country_id": [233, "United States"]},
        {"id": 15, "name": "Azure Interior", "country_id": [233, "United States"]},
    ]
    assert done.stdout.startswith('[\n  {\n    "id": 9,')  # indented by 2


def test_call_command_server_error_is_one_line(cli: Cli) -> None:
    done = cli("call_missing_record", "call", "res.partner", "unlink", "[[999999]]")
    assert (done.returncode, done.stdout) == (2, "")
    assert done.stderr.startswith("odoorm: MissingError: res.partner.unlink: Record does not exist")
    assert done.stderr.count("\n") == 1 and "(Record: res.partner(999999,), User: 2)" in done.stderr


def test_bad_arguments_are_refused_before_connecting(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exited:
        main(["call", "res.partner", "read", "[[3], ['name']]"])
    assert exited.value.code == 2
    assert "not valid JSON" in capsys.readouterr().err
    with pytest.raises(SystemExit):
        main(["call", "res.partner", "read", '{"ids": [3]}'])
    assert "expected a JSON list" in capsys.readouterr().err
    with pytest.raises(SystemExit):
        main(["call", "res.partner", "read", "[[3]]", "--kwargs", "[1]"])
    assert "expected a JSON object" in capsys.readouterr().err
    with pytest.raises(SystemExit):
        main(["stubs", "res.partner", "-o", "typings", "--package", "class"])
    assert "not a valid package name: 'class'" in capsys.readouterr().err
    with pytest.raises(SystemExit):
        main(["stubs", "-o", "typings"])
    assert "the following arguments are required: MODEL" in capsys.readouterr().err


def test_no_url_is_refused_before_asking_for_a_secret() -> None:
    environ = {"PATH": os.environ.get("PATH", ""), "PYTHONPATH": str(ROOT)}
    done = run_odoorm("check", env=environ)  # stdin is empty: a prompt would fail differently
    assert (done.returncode, done.stdout) == (2, "")
    assert done.stderr == "odoorm: ConfigurationError: no server URL given: pass --url or set ODOO_URL\n"


def test_stubs_command(cli: Cli, tmp_path: Path) -> None:
    done = cli(
        "stubs", "stubs", "res.partner", "res.country", "-o", str(tmp_path), "--package", "crm_types", "--strict-names"
    )
    assert (done.returncode, done.stderr) == (0, "")
    package = tmp_path / "crm_types"
    assert done.stdout == f"Wrote typing stubs for 2 model(s) to {package} (put {tmp_path} on MYPYPATH).\n"
    assert sorted(p.name for p in package.iterdir()) == ["__init__.py", "__init__.pyi", "py.typed"]
    stub = (package / "__init__.pyi").read_text("utf-8")
    assert "class ResPartner(odoorm.Model):" in stub and "\n    country_id: ResCountry\n" in stub
    assert "regenerate with: odoorm stubs res.country res.partner --package crm_types --strict-names -o DIR." in stub
    assert (
        '\n    "sale.order",\n' in stub and "def __getitem__(self, model: str)" not in stub
    )  # the server's names only


def test_shell_plain_console_runs_stdin_with_env_ready(cli: Cli) -> None:
    script = "print(env.uid)\nprint(env['res.partner'].browse(3).name)\nenv['res.partner'].browse(3).unlink()\n"
    done = cli("shell", "shell", "--plain", "--readonly", stdin=script)
    assert done.returncode == 0, done.stderr
    banner, *rest = done.stdout.splitlines()
    assert banner == (
        f"odoorm {odoorm.__version__}: Odoo 19.0 at http://127.0.0.1:8069, database 'odoo19', uid 2 (admin), "
        "over jsonrpc, read-only. `env` is ready."
    )
    assert rest[:2] == [">>> 2", ">>> Mitchell Admin"]
    assert "odoorm.errors.ReadOnlyError: res.partner.unlink: this connection is read-only" in done.stderr


def test_shell_uses_ipython_when_installed(tmp_path: Path) -> None:
    pytest.importorskip("IPython")  # replays the cassette the plain console's test records
    script = "print(env.uid)\nprint(env['res.partner'].browse(3).name)\nenv['res.partner'].browse(3).unlink()\n"
    environ = replay_environ(opened(CLI_CASSETTES / "shell.json"), "jsonrpc") | {"IPYTHONDIR": str(tmp_path)}
    done = run_odoorm("shell", "--readonly", stdin=script, env=environ)
    assert done.returncode == 0, done.stderr
    assert "over jsonrpc, read-only. `env` is ready." in done.stdout.splitlines()[0]
    assert "In [1]: 2" in done.stdout and "In [2]: Mitchell Admin" in done.stdout  # IPython's prompts
    assert "ReadOnlyError" in done.stdout + done.stderr


def test_shell_falls_back_to_the_standard_console_without_ipython() -> None:
    script = "print(env.uid)\nprint(env['res.partner'].browse(3).name)\n"
    without_ipython = (
        "import sys; sys.modules['IPython'] = None; from odoorm.cli.main import main; sys.exit(main(['shell']))"
    )
    environ = replay_environ(opened(CLI_CASSETTES / "shell.json"), "jsonrpc")
    done = subprocess.run(
        [sys.executable, "-c", without_ipython],
        input=script,
        env=environ,
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.splitlines()[1:3] == [">>> 2", ">>> Mitchell Admin"]


# ------------------------------------------------------------------ failures and the replay aid


def test_unreachable_server_is_one_clean_line(tmp_path: Path) -> None:
    import socket

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    environ = {"PATH": os.environ.get("PATH", ""), "PYTHONPATH": str(ROOT), "ODOO_PASSWORD": "s3cret-value"}
    done = run_odoorm("models", "--url", f"http://127.0.0.1:{port}", "--db", "x", "--username", "admin", env=environ)
    assert (done.returncode, done.stdout) == (2, "")
    assert done.stderr.startswith("odoorm: ConnectionFailed: ") and f"127.0.0.1:{port}" in done.stderr
    assert done.stderr.count("\n") == 1 and "s3cret-value" not in done.stderr


def test_replay_reports_recorded_requests_left_unmade() -> None:
    # the shell with no input makes only the login and version calls of the check's recording
    # (over XML-RPC, whose requests carry no JSON-RPC id: the same calls match in any order)
    environ = replay_environ(opened(CLI_CASSETTES / "check_xmlrpc.json"), "xmlrpc")
    done = run_odoorm("shell", "--plain", "--protocol", "xmlrpc", env=environ)
    assert done.returncode == 3
    assert done.stderr.endswith("\nodoorm: ODOORM_REPLAY: recorded requests were not all made\n")  # after the console's


def test_replay_of_a_missing_cassette_is_a_configuration_error(tmp_path: Path) -> None:
    environ = replay_environ(tmp_path / "nothing.json", "jsonrpc")
    done = run_odoorm("check", env=environ)
    assert done.returncode == 2
    assert done.stderr.startswith("odoorm: ConfigurationError: ODOORM_REPLAY: cannot read the cassette ")
