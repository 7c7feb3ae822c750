"""Progress bars on long work (exports, large reads, ``search_iter``): tqdm's notebook-aware bar.

Shown when tqdm is installed (the ``progress`` extra) and the work is interactive — a
Jupyter or IPython kernel, or a terminal on stderr — and quiet otherwise (scripts, CI, logs). The
``progress=`` argument of each long call decides first (``True``/``False``), then the environment
variable ``ODOORM_PROGRESS`` (``1``/``0``), then that rule (a shell counts when it is Jupyter's
kernel or the terminal IPython, not an embedded one). ``tqdm.auto`` draws a widget in Jupyter
and text in a terminal. A bar never costs a call; where a total is shown, the docstring says how it
was counted.
"""

from __future__ import annotations

import os
import sys
from typing import Any

__all__ = ["wanted", "Bar", "bar"]

_ON = ("1", "true", "yes", "on")
_OFF = ("0", "false", "no", "off")


def wanted(progress: bool | None) -> bool:
    """Whether to show a bar: *progress* if given, else ``ODOORM_PROGRESS``, else when interactive."""
    if progress is not None:
        return progress
    setting = os.environ.get("ODOORM_PROGRESS", "").strip().lower()
    if setting in _ON or setting in _OFF:
        return setting in _ON
    return _in_a_kernel() or _a_terminal()


#: IPython shells a person is looking at: Jupyter's kernel and the terminal IPython (an embedded
#: or test ``InteractiveShell`` is not one of them).
_INTERACTIVE_SHELLS = frozenset({"ZMQInteractiveShell", "TerminalInteractiveShell"})


def _in_a_kernel() -> bool:
    shell = sys.modules.get("IPython")
    get_ipython = getattr(shell, "get_ipython", None) if shell is not None else None
    running = get_ipython() if get_ipython is not None else None
    return running is not None and type(running).__name__ in _INTERACTIVE_SHELLS


def _a_terminal() -> bool:
    try:
        return sys.stderr.isatty()
    except (AttributeError, ValueError):
        return False


class Bar:
    """A bar that does nothing: what :func:`bar` gives when none is wanted."""

    def update(self, count: int) -> None:
        """Count *count* more items."""

    def close(self) -> None:
        """Finish the bar."""


def bar(progress: bool | None, description: str, total: int | None = None, unit: str = "records") -> Any:
    """A tqdm bar (``update``, ``close``) when one is wanted and tqdm is installed, else a :class:`Bar`."""
    if not wanted(progress):
        return Bar()
    try:
        from tqdm.auto import tqdm
    except ImportError:
        if progress:
            raise ImportError("progress=True needs tqdm (odoorm's `progress` extra): pip install tqdm") from None
        return Bar()
    return tqdm(total=total, desc=description, unit=f" {unit}")
