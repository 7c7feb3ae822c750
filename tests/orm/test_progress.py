"""The progress-bar policy (:mod:`odoorm.orm.progress`): argument, then ``ODOORM_PROGRESS``, then
interactive (a Jupyter/IPython kernel or a terminal); and the bar itself, drawn by tqdm.auto."""

from __future__ import annotations

import io
import sys
import types

import pytest

from odoorm.orm import progress


class _Stderr(io.StringIO):
    def __init__(self, tty: bool) -> None:
        super().__init__()
        self.tty = tty

    def isatty(self) -> bool:
        return self.tty


@pytest.fixture(autouse=True)
def _no_setting(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("ODOORM_PROGRESS", raising=False)
    monkeypatch.delitem(sys.modules, "IPython", raising=False)
    monkeypatch.setattr(sys, "stderr", _Stderr(tty=False))


def test_quiet_when_not_interactive_and_the_argument_decides_first(monkeypatch: pytest.MonkeyPatch) -> None:
    assert progress.wanted(None) is False
    assert progress.wanted(True) is True
    monkeypatch.setenv("ODOORM_PROGRESS", "1")
    assert progress.wanted(None) is True and progress.wanted(False) is False
    monkeypatch.setenv("ODOORM_PROGRESS", "off")
    monkeypatch.setattr(sys, "stderr", _Stderr(tty=True))
    assert progress.wanted(None) is False
    monkeypatch.setenv("ODOORM_PROGRESS", "maybe")  # not a switch: the interactive rule applies
    assert progress.wanted(None) is True


class ZMQInteractiveShell:
    """What ``get_ipython()`` answers in Jupyter (by its class name)."""


class InteractiveShell:
    """What an embedded IPython, or a test, runs."""


def test_a_kernel_counts_as_interactive(monkeypatch: pytest.MonkeyPatch) -> None:
    shell = types.ModuleType("IPython")
    shell.get_ipython = lambda: None  # type: ignore[attr-defined]  # IPython imported, no shell running
    monkeypatch.setitem(sys.modules, "IPython", shell)
    assert progress.wanted(None) is False
    shell.get_ipython = InteractiveShell  # type: ignore[attr-defined]  # embedded: nobody is looking
    assert progress.wanted(None) is False
    shell.get_ipython = ZMQInteractiveShell  # type: ignore[attr-defined]  # a Jupyter kernel
    assert progress.wanted(None) is True


def test_the_bar_counts_records(monkeypatch: pytest.MonkeyPatch) -> None:
    tqdm = pytest.importorskip("tqdm")
    assert isinstance(progress.bar(None, "res.partner", 10), progress.Bar)  # not wanted: a bar that does nothing
    shown = progress.bar(True, "res.partner", 10)
    assert isinstance(shown, tqdm.tqdm)
    shown.update(4)
    shown.update(6)
    assert shown.n == 10 and shown.total == 10 and shown.desc == "res.partner" and shown.unit == " records"
    shown.close()


def test_asking_for_a_bar_without_tqdm_says_which_extra(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "tqdm.auto", None)  # import fails
    with pytest.raises(ImportError, match=r"odoorm's `progress` extra\): pip install tqdm"):
        progress.bar(True, "res.partner")
    monkeypatch.setenv("ODOORM_PROGRESS", "1")
    assert isinstance(progress.bar(None, "res.partner"), progress.Bar)  # the setting alone never breaks a script
