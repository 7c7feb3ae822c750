"""The ``odoorm`` command line: ``odoorm demo``, ``shell``, ``models``, ``fields``, ``call``, ``check``, ``stubs``."""

from .main import main

__all__ = ["main"]
