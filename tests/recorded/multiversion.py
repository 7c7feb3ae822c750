"""Recorded tests on several Odoo versions: Odoo 19 (the test bed's server) and Odoo 18, 17, 16.

A test takes the ``odoo`` fixture of :func:`odoo_fixture`, parametrized by target
(``odoo19-jsonrpc``, ``odoo19-json2``, ``odoo18``, ``odoo17``, ``odoo16``; ``odoo16-xmlrpc`` names
another protocol), and gets a connection answered from its own
cassette, ``cassettes/<module>/<test>[<target>].json``. When recording (``ODOORM_RECORD=1``) an older
target is the live server given by ``ODOO<major>_URL``, ``_DB``, ``_USERNAME``, ``_PASSWORD`` (the
files ``/srv/odooNN/odooNN.env`` export them), skipped when not given; in replay it is
``http://127.0.0.1:80<major>``, database ``odoo<major>``, with a placeholder password.
"""

from __future__ import annotations

import os
import threading
from collections.abc import Callable, Iterator
from typing import Any

import pytest
from conftest import CASSETTES, TestBed, cassette_path

import odoorm
from odoorm.client.connect import forget_connections
from odoorm.testing import Scrubber
from odoorm.testing.recorder import make_recorder
from odoorm.transport.http import HttpChannel

TARGETS = ("odoo19-jsonrpc", "odoo19-json2", "odoo18", "odoo17", "odoo16")


def recording(testbed: TestBed, target: str) -> tuple[Scrubber, bool]:
    """The scrubber of *target*'s secrets, and whether it is recorded live now."""
    if target.startswith("odoo19"):
        return testbed.scrubber, testbed.recording
    major = target.removeprefix("odoo").split("-")[0]
    if not testbed.recording:
        return Scrubber({}), False
    if not os.environ.get(f"ODOO{major}_URL") or not os.environ.get(f"ODOO{major}_PASSWORD"):
        pytest.skip(f"recording {target} needs ODOO{major}_URL and ODOO{major}_PASSWORD")
    return Scrubber({os.environ[f"ODOO{major}_PASSWORD"]: f"<ODOO{major}_PASSWORD>"}), True


def open_env(testbed: TestBed, target: str) -> odoorm.Environment:
    """Log in to *target* (live when recording, else its placeholders)."""
    if target.startswith("odoo19"):
        return testbed.connect(target.removeprefix("odoo19-"))
    major, _, protocol = target.removeprefix("odoo").partition("-")
    if not testbed.recording:
        url, db, login, secret = f"http://127.0.0.1:80{major}", f"odoo{major}", "admin", f"<ODOO{major}_PASSWORD>"
    else:
        url, db = os.environ[f"ODOO{major}_URL"], os.environ.get(f"ODOO{major}_DB", f"odoo{major}")
        login, secret = os.environ.get(f"ODOO{major}_USERNAME", "admin"), os.environ[f"ODOO{major}_PASSWORD"]
    return odoorm.connect(url, db, login, password=secret, protocol=protocol or "jsonrpc")


def odoo_fixture(targets: tuple[str, ...] = TARGETS, name: str = "odoo") -> Callable[..., Iterator[odoorm.Environment]]:
    """The fixture *name* over *targets*: a connection inside the test's cassette."""

    @pytest.fixture(params=targets, name=name)
    def odoo(request: pytest.FixtureRequest, testbed: TestBed) -> Iterator[odoorm.Environment]:
        forget_connections()
        scrubber, live = recording(testbed, str(request.param))
        path = cassette_path(request.node)
        if not live and not path.exists():
            pytest.fail(f"no cassette {path.relative_to(CASSETTES.parent)}: record it with ODOORM_RECORD=1")
        if live:
            path.unlink(missing_ok=True)
        recorder = make_recorder(scrubber, recording=live, cassette_dir=str(path.parent))
        with recorder.use_cassette(path.name) as recorded:
            env = open_env(testbed, str(request.param))
            yield env
            env.close()
        if not live:
            assert recorded.all_played, f"{path.name}: recorded requests were not all made"

    return odoo


def major(env: odoorm.Environment) -> int:
    """The server's major version (known after the login: no call)."""
    return int(env.version.info[0])


def raw_rows(env: odoorm.Environment, model: str, domain: list[Any], fields: list[str]) -> list[dict[str, Any]]:
    """``search_read`` as the server answers it, ordered by id: what the tests compare with."""
    return list(env.execute_kw(model, "search_read", [domain], {"fields": fields, "order": "id"}))


@pytest.fixture
def one_send_at_a_time_when_recording(testbed: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    """vcrpy loses interactions recorded from several threads at once: while recording, the threads'
    calls go out one at a time (the threads, queue and ranges still run live); replay is concurrent."""
    if not testbed.recording:
        return
    lock, send = threading.Lock(), HttpChannel.send

    def one_at_a_time(self: HttpChannel, request: Any) -> Any:
        with lock:
            return send(self, request)

    monkeypatch.setattr(HttpChannel, "send", one_at_a_time)
