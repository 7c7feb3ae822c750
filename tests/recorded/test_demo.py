"""The guided tour: recorded from the live server into the package, replayed by ``odoorm demo``."""

from __future__ import annotations

import subprocess
import sys
from typing import Any

import pytest

import odoorm
from odoorm.client.connect import forget_connections
from odoorm.demo import RECORDING, run_tour
from odoorm.testing.recorder import make_recorder

pytestmark = pytest.mark.odoo(only=19, reason="the tour shipped in the package is Odoo 19's recorded traffic")


def test_tour_recording(testbed: Any) -> None:
    """Re-records the shipped traffic when recording; otherwise checks it replays completely."""
    forget_connections()  # the tour starts cold, as in a fresh process
    if not testbed.recording:
        from odoorm.demo import recorded_environment

        lines: list[str] = []
        with recorded_environment() as env:
            adapter = env._transport.channel.session.get_adapter("http://")
            run_tour(env, lines.append)
        assert adapter.all_played
        assert any("5. Write and read back" in line for line in lines)
        return
    RECORDING.unlink(missing_ok=True)
    recorder = make_recorder(testbed.scrubber, recording=True, cassette_dir=str(RECORDING.parent))
    with recorder.use_cassette(RECORDING.name):
        env = odoorm.connect(testbed.url, testbed.db, testbed.username, testbed.password, protocol="jsonrpc")
        run_tour(env, lambda line: None)


def test_odoorm_demo_command_replays_real_traffic() -> None:
    done = subprocess.run([sys.executable, "-m", "odoorm", "demo"], capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stderr
    out = done.stdout
    assert "Odoo 19.0 at http://127.0.0.1:8069, database 'odoo19', uid 2, over jsonrpc" in out
    assert "-> res.partner(" in out and "3. Read" in out
    assert "(USD)" in out and "(2 reads for 5 companies: one per model, not one per record)" in out
    assert "read back '+32 2 555 01 23'; then scratch.unlink()" in out


def test_odoorm_demo_live_reports_an_unreachable_server_cleanly(unused_port: int) -> None:
    done = subprocess.run(
        [
            sys.executable,
            "-m",
            "odoorm",
            "demo",
            "--url",
            f"http://127.0.0.1:{unused_port}",
            "--db",
            "x",
            "--username",
            "admin",
        ],
        capture_output=True,
        text=True,
        timeout=60,
        env={"PATH": "", "ODOO_PASSWORD": "s3cret-value"},
    )
    assert done.returncode == 2
    assert "ConnectionFailed" in done.stderr and f"127.0.0.1:{unused_port}" in done.stderr
    assert "Traceback" not in done.stderr and "s3cret-value" not in done.stderr


@pytest.fixture
def unused_port() -> int:
    import socket

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])
