"""What the environments of one connection share, and what happens to it when they are all gone.

The environments derived from one :func:`odoorm.connect` (``with_context``, ``with_company``…) share
one :class:`ConnectionState`: the transport, the unit of work (pending changes), the generation of
the caches, the derived environments, the report printer once opened, and whether the connection
is closed. When the last of them is garbage-collected (or the interpreter exits),
:func:`flush_when_dropped` sends what is still pending, or warns loudly.
"""

from __future__ import annotations

import logging
import threading
import warnings
from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING, Any

import attrs
import cachetools

from ..meta.releases import SAVE_MULTI_SINCE
from ..transport import Transport
from .cache import Generation
from .connection_info import ReportPrinter
from .unit_of_work import UnitOfWork

if TYPE_CHECKING:
    from .registry import ModelRegistry

__all__ = ["ConnectionState", "PendingChangesWarning", "flush_when_dropped", "CLOSED"]

#: What a closed environment answers (:class:`~odoorm.errors.ClosedError`), with the way out.
CLOSED = (
    "this environment was closed (env.close(), or the end of its `with` block): nothing is sent; "
    "connect again with odoorm.connect(...)"
)

_log = logging.getLogger("odoorm")


class PendingChangesWarning(UserWarning):
    """Pending changes could not be flushed when their connection went away."""


@attrs.define(eq=False)
class ConnectionState:
    """What the environments of one connection share."""

    transport: Transport
    uow: UnitOfWork = attrs.field(factory=UnitOfWork)
    generation: Generation = attrs.field(factory=Generation)
    local: threading.local = attrs.field(factory=threading.local)  # .flushing, per thread
    derived: cachetools.LRUCache[str, Any] = attrs.field(factory=lambda: cachetools.LRUCache(64))
    lock: threading.RLock = attrs.field(factory=threading.RLock)
    closed: bool = False
    #: The report printer, opened by the first ``env.report()`` (see :class:`ConnectionInfo`).
    printer: ReportPrinter | None = None


def flush_when_dropped(uow: UnitOfWork, transport: Transport, registry: ModelRegistry) -> None:
    """Last chance for pending changes: the connection's environments are gone (or Python exits).
    Without a known version, different values go in separate writes (no call to ask it)."""
    if not uow:
        return
    pending = uow.pending()
    version = registry.version.info if registry.version else transport.server_version

    def send(model: str, method: str, args: Sequence[Any], context: Mapping[str, Any]) -> Any:
        return transport.execute_kw(model, method, list(args), {"context": dict(context)})

    try:
        uow.flush(send, save_multi=version >= SAVE_MULTI_SINCE)
        _log.info("flushed %d pending change(s) of a connection that was dropped", len(pending))
    except Exception as error:  # noqa: BLE001 - a finalizer must not raise; it must be loud
        lost = uow.discard()  # what stayed pending, plus what left the unit of work in doubt
        lost += [change for change in getattr(error, "changes", ()) if change not in lost]
        warnings.warn(
            f"odoorm: {len(lost)} pending change(s) could not be flushed when their connection "
            f"was dropped and are LOST or in doubt: {lost!r} ({error})",
            PendingChangesWarning,
            stacklevel=1,
        )
