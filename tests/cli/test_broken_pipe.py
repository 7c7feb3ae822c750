"""The command line stops quietly when the reader of its output goes away (``odoorm ... | head``)."""

from __future__ import annotations

import sys

import pytest

from odoorm.cli.main import main


class _ClosedPipe:
    """Standard output whose reader has gone: every write fails as a closed pipe does."""

    def write(self, text: str) -> int:
        raise BrokenPipeError(32, "Broken pipe")

    def flush(self) -> None:
        raise BrokenPipeError(32, "Broken pipe")


def test_a_closed_pipe_ends_the_command_without_a_traceback(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setattr(sys, "stdout", _ClosedPipe())
    assert main(["docs"]) == 141  # as a Unix tool stopped by SIGPIPE
    assert capsys.readouterr().err == ""
