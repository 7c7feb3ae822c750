"""odoorm.Form on Odoo 16, recorded against a live Odoo 16 (``ODOO16_URL``, ``ODOO16_PASSWORD`` when
recording; replayed from ``127.0.0.1:8016`` otherwise)."""

from __future__ import annotations

import os
from collections.abc import Iterator

import pytest
from conftest import CASSETTES, TestBed

import odoorm
from odoorm import Form
from odoorm.client.connect import forget_connections
from odoorm.testing import Scrubber
from odoorm.testing.recorder import make_recorder

PLACEHOLDER = "<ODOO16_PASSWORD>"


@pytest.fixture
def env16(request: pytest.FixtureRequest, testbed: TestBed) -> Iterator[odoorm.Environment]:
    """A JSON-RPC connection to Odoo 16, inside this test's cassette."""
    url, password = "http://127.0.0.1:8016", PLACEHOLDER
    if testbed.recording:
        if not os.environ.get("ODOO16_URL") or not os.environ.get("ODOO16_PASSWORD"):
            pytest.skip("recording the Odoo 16 tests needs ODOO16_URL and ODOO16_PASSWORD")
        url, password = os.environ["ODOO16_URL"], os.environ["ODOO16_PASSWORD"]
    path = CASSETTES / "test_form_odoo16" / f"{request.node.name}.json"
    if testbed.recording:
        path.unlink(missing_ok=True)
    elif not path.exists():
        pytest.fail(f"no cassette {path.name}: record it with ODOORM_RECORD=1")
    forget_connections()
    scrubber = Scrubber({password: PLACEHOLDER} if testbed.recording else {})
    recorder = make_recorder(scrubber, recording=testbed.recording, cassette_dir=str(path.parent))
    with (
        recorder.use_cassette(path.name) as recorded,
        odoorm.connect(url, "odoo16", "admin", password=password, protocol="jsonrpc") as env,
    ):
        yield env
    if not testbed.recording:
        assert recorded.all_played, f"{path.name}: recorded requests were not all made"


def test_a_form_needs_odoo_17(env16: odoorm.Environment) -> None:
    Order = env16["sale.order"]
    with env16.count_calls() as calls, pytest.raises(odoorm.FormError, match=r"needs Odoo 17\+.*Odoo 16"):
        Form(Order)
    assert calls.keys == ["common.version"]  # asked once, then known: nothing else is sent
