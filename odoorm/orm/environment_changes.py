"""The environment's unit of work: ``flush``, ``pending``, ``discard``, ``batch`` (a part of
:class:`~odoorm.orm.environment.Environment`)."""

from __future__ import annotations

import contextlib
import warnings
from collections.abc import Iterable, Iterator, Mapping, Sequence
from typing import TYPE_CHECKING, Any

from ..errors import ClosedError, OdooError, ReadOnlyError
from ..meta.releases import SAVE_MULTI_SINCE
from ..transport.wire import canonical_json
from .connection_state import CLOSED, ConnectionState, PendingChangesWarning
from .unit_of_work import PendingChange, UnitOfWork

if TYPE_CHECKING:
    from typing_extensions import Self

    from ..transport import Transport
    from .registry import ModelRegistry

__all__ = ["PendingChanges"]


class PendingChanges:
    """Flushing, listing and discarding the changes assigned to records, and dropping the caches."""

    if TYPE_CHECKING:  # given by the Environment
        _shared: ConnectionState
        _transport: Transport
        _context: Mapping[str, Any]
        registry: ModelRegistry

        @property
        def readonly(self) -> bool: ...
        def _at_least(self, release: tuple[int, int]) -> bool: ...
        def _send(self, model: str, method: str, args: Sequence[Any], kwargs: Mapping[str, Any]) -> Any: ...

    def invalidate(self) -> None:
        """Drop every cached value of every environment of this connection (the next read asks the
        server). Pending changes are kept."""
        self._shared.generation.bump()

    def flush(self) -> None:
        """Send every pending change now (see :mod:`odoorm.orm.unit_of_work` for the grouping).

        Raises :class:`~odoorm.errors.FlushError` when the server refuses a change: the refused
        changes and those after them stay pending, the applied ones are not sent again.
        """
        uow = self._shared.uow
        if not uow or getattr(self._shared.local, "flushing", False):
            return
        self._shared.local.flushing = True
        try:
            uow.flush(self._send_in_context, save_multi=self._save_multi(uow))
        finally:
            self._shared.local.flushing = False
            self.invalidate()

    def _save_multi(self, uow: UnitOfWork) -> bool:
        """Whether the flush may send different values in one ``web_save_multi`` (Odoo 19+). The
        version is asked only when it matters: some model has records with different values."""
        if self.registry.version is None and self._transport.name != "json2":
            batches = [(c.model, canonical_json(c.context)) for c in uow.pending()]
            if len(batches) == len(set(batches)):
                return False  # one group per model and context: a plain write either way
        return self._at_least(SAVE_MULTI_SINCE)

    def pending(self) -> list[PendingChange]:
        """The changes waiting for a flush, grouped as the flush will send them. No call."""
        return self._shared.uow.pending()

    def discard(self, records: Any = None, fields: str | Iterable[str] | None = None) -> list[PendingChange]:
        """Drop pending changes (the only way to lose one) and return what was dropped: every change;
        those of *records* (a recordset); those of the *fields* (names) — of *records*, or of every
        record. The way out of a refused flush (:class:`~odoorm.errors.FlushError`) that keeps the
        other changes: ``env.discard(records, fields=["name"])``. The caches are dropped (no call)."""
        names = None if fields is None else {fields} if isinstance(fields, str) else set(fields)
        if records is None:
            dropped = self._shared.uow.discard(fields=names)
        else:
            dropped = self._shared.uow.discard(records._name, set(records._ids), names)
        self.invalidate()
        return dropped

    @contextlib.contextmanager
    def batch(self) -> Iterator[Self]:
        """``with env.batch(): ...`` flushes the changes made in the block when it ends.

        If the block raises, the changes made so far are still flushed (they are not a
        transaction); should that flush fail too, they stay pending and a warning says so.
        """
        try:
            yield self
        except BaseException:
            try:
                self.flush()
            except OdooError as error:
                warnings.warn(f"changes kept pending after a failed block: {error}", PendingChangesWarning, 3)
            raise
        self.flush()

    def _stage(self, model: str, ids: Sequence[int], field: str, value: Any, *, append: bool) -> None:
        if self._shared.closed:
            raise ClosedError(f"{model}.{field}: {CLOSED}")
        if self.readonly:
            raise ReadOnlyError(f"{model}.{field}: this connection is read-only (connect(readonly=True))")
        self._shared.uow.stage(model, self._context, ids, field, value, append=append)

    def _send_in_context(self, model: str, method: str, args: Sequence[Any], context: Mapping[str, Any]) -> Any:
        return self._send(model, method, args, {"context": dict(context)})
