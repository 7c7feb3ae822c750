"""``odoorm export``: the command writes what ``Model.export`` writes, on the recorded Odoo 19 server.

The command runs as a subprocess answered from its cassette (``cassettes/test_cli/export_*.json``,
recorded in-process when ``ODOORM_RECORD=1``, as in test_cli.py); the library's own export of the same
records comes from this test's cassette.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from serial_recording import one_send_at_a_time_when_recording  # noqa: F401  # a fixture
from test_cli import Cli, cli  # noqa: F401  # the fixture

import odoorm

pytestmark = pytest.mark.odoo(only=19, reason="the command line's recordings are Odoo 19's (test_cli.py)")

DOMAIN = "[('is_company', '=', True), ('id', '<=', 60)]"
FIELDS = "name,email,country_id,category_id,create_date,child_ids.name"


@pytest.mark.parametrize("protocol", ["jsonrpc"])
def test_export_command_writes_what_the_library_writes(
    cli: Cli,  # noqa: F811
    env: odoorm.Environment,
    tmp_path: Path,
) -> None:
    done = cli("export_csv", "export", "res.partner", "-d", DOMAIN, "-f", FIELDS, "-o", str(tmp_path / "cli.csv"))
    assert done.returncode == 0, done.stderr
    count = env["res.partner"].export(
        str(tmp_path / "lib.csv"), [("is_company", "=", True), ("id", "<=", 60)], FIELDS.split(",")
    )
    assert done.stderr == f"{count} res.partner records written to {tmp_path / 'cli.csv'}\n" and count > 10
    assert (tmp_path / "cli.csv").read_text() == (tmp_path / "lib.csv").read_text()


@pytest.mark.usefixtures("one_send_at_a_time_when_recording")
def test_export_command_to_stdout_and_parquet(cli: Cli, tmp_path: Path) -> None:  # noqa: F811
    done = cli(
        "export_jsonl", "export", "res.partner", "-d", '[["id", "<=", 3]]', "-f", "name", "-o", "-", "--format", "jsonl"
    )
    assert done.returncode == 0, done.stderr
    rows = [json.loads(line) for line in done.stdout.splitlines()]
    assert rows and all(set(row) == {"id", "name"} for row in rows) and done.stderr.startswith(f"{len(rows)} ")
    pq = pytest.importorskip("pyarrow.parquet")
    out = tmp_path / "p.parquet"
    done = cli(
        "export_parquet",
        "export",
        "res.partner",
        "-d",
        DOMAIN,
        "-f",
        FIELDS,
        "-o",
        str(out),
        "--connections",
        "2",
        protocol="json2",
    )
    assert done.returncode == 0, done.stderr
    table = pq.read_table(out)
    assert table.column_names == [
        "id",
        "name",
        "email",
        "country_id",
        "country_id.id",
        "category_id",
        "create_date",
        "child_ids.name",
    ]
    assert done.stderr == f"{table.num_rows} res.partner records written to {out}\n"


def test_export_command_refuses_bad_input(cli: Cli) -> None:  # noqa: F811
    done = cli("export_bad_format", "export", "res.partner", "-f", "name", "-o", "-")
    assert done.returncode == 2 and "-o - writes CSV or JSON Lines: add --format csv" in done.stderr
    done = cli("export_bad_field", "export", "res.partner", "-f", "nmae", "-o", "x.csv")
    assert done.returncode == 2 and "res.partner has no field 'nmae'" in done.stderr
