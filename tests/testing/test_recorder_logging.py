"""Recording a cassette logs nothing unscrubbed.

vcrpy logs every request and answer it records (at INFO and DEBUG) before odoorm's scrubber sees
them: a ``Set-Cookie`` session id, whole bodies. These tests record one real exchange with a
local HTTP server on 127.0.0.1, every logger at DEBUG, and look for the secrets in the log
records and in the cassette written.
"""

from __future__ import annotations

import json
import logging
import secrets
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler
from pathlib import Path
from typing import Any

import pytest
from loopback import serving

from odoorm.testing import Scrubber
from odoorm.testing.recorder import make_recorder
from odoorm.transport.http import HttpChannel

SESSION_ID = secrets.token_hex(20)  # what Odoo's session ids look like: 40 hex digits
MARKER = "body-marker-" + secrets.token_hex(8)


class _Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def log_message(self, format: str, *args: Any) -> None:  # noqa: A002 - quiet
        pass

    def do_GET(self) -> None:
        body = json.dumps({"report": MARKER}).encode()
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Set-Cookie", f"session_id={SESSION_ID}; Expires=Wed, 01 Jan 2031 00:00:00 GMT; Path=/")
        self.end_headers()
        self.wfile.write(body)


@pytest.fixture
def server_url() -> Iterator[str]:
    yield from serving(_Handler)


def _record_one(url: str, cassette_dir: Path) -> bytes:
    recorder = make_recorder(Scrubber({}), recording=True, cassette_dir=str(cassette_dir))
    channel = HttpChannel(url, timeout=5.0)
    try:
        with recorder.use_cassette("report.json"):
            return channel.get("/report/pdf/x", label="web /report").content
    finally:
        channel.close()


def _leaks(caplog: pytest.LogCaptureFixture) -> list[str]:
    found = []
    for record in caplog.records:
        text = record.getMessage()
        if SESSION_ID in text or MARKER in text:
            found.append(f"{record.name} {record.levelname}: {text[:200]}")
    return found


def test_recording_logs_no_session_id_nor_body(
    server_url: str, tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG)  # the root logger: every logger that does not say otherwise
    caplog.set_level(logging.DEBUG, logger="vcr")  # even when the user asked for vcrpy's own logs
    body = _record_one(server_url, tmp_path)
    assert MARKER.encode() in body  # the answer reached the caller whole
    assert caplog.records, "nothing was logged at all: the test would prove nothing"
    assert _leaks(caplog) == []
    cassette = (tmp_path / "report.json").read_text()
    assert SESSION_ID not in cassette  # the scrubber drops cookies
    assert "Set-Cookie" not in cassette and "set-cookie" not in cassette.lower()


def test_vcr_logging_is_back_after_recording(server_url: str, tmp_path: Path) -> None:
    """Only while a cassette is in use: the user's logging configuration is left as it was."""
    vcr_logger = logging.getLogger("vcr")
    cassette_logger = logging.getLogger("vcr.cassette")
    before = (vcr_logger.level, cassette_logger.level)
    vcr_logger.setLevel(logging.INFO)
    try:
        _record_one(server_url, tmp_path)
        assert vcr_logger.level == logging.INFO
        assert cassette_logger.level == before[1]
        assert cassette_logger.isEnabledFor(logging.INFO)
    finally:
        vcr_logger.setLevel(before[0])
