"""Pending changes survive the end of the interpreter: they are flushed, or a loud warning says so."""

from __future__ import annotations

import subprocess
import sys
import textwrap
from collections.abc import Iterator

import pytest
from standin import StandIn, reply, running, status

FIELDS = {"name": {"type": "char", "string": "Name"}, "function": {"type": "char", "string": "Job Position"}}

SCRIPT = textwrap.dedent("""
    import sys, odoorm
    env = odoorm.connect(sys.argv[1], "db", "admin", "pw", protocol="jsonrpc", retries=0)
    env["res.partner"].browse([7, 8]).function = "Set just before exit"
    print("assigned")
""")


@pytest.fixture
def srv() -> Iterator[StandIn]:
    yield from running()


def run_script(url: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-c", SCRIPT, url], capture_output=True, text=True, timeout=60)


def test_pending_changes_are_flushed_at_interpreter_exit(srv: StandIn) -> None:
    srv.script(reply(FIELDS))  # building the class: fields_get only
    done = run_script(srv.url)
    assert done.returncode == 0 and "assigned" in done.stdout, done.stderr
    (write,) = srv.matching(rpc="res.partner.write")
    assert write.args[:2] == [[7, 8], {"function": "Set just before exit"}]


def test_a_failed_exit_flush_is_a_loud_warning(srv: StandIn) -> None:
    srv.script(reply(FIELDS), status(500))
    done = run_script(srv.url)
    assert "PendingChangesWarning" in done.stderr and "are LOST" in done.stderr
    assert "Set just before exit" in done.stderr  # names what was lost
    assert srv.count(rpc="res.partner.write") == 1
