"""The unit of work: changes assigned to records wait here until a flush.

Changes are kept per model and context, per record, per field, in the
order they were made. A flush sends them in that order with the fewest
calls: records whose pending values are identical share one ``write``; on
Odoo 19 (``web_save_multi``) records with different values go in one call.
Changes the server refused stay pending; those it applied are never sent
again. Each call is its own server transaction: a flush is not atomic
across calls.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Collection, Mapping, Sequence
from typing import Any

import attrs

from ..errors import FlushError, MarshalError, OdooError, TransportError
from ..transport.wire import canonical_json, to_wire

__all__ = ["PendingChange", "UnitOfWork", "Sender"]

#: How a flush calls the server: ``(model, method, args, context) -> answer``.
Sender = Callable[[str, str, Sequence[Any], Mapping[str, Any]], Any]


@attrs.frozen
class PendingChange:
    """Values waiting to be written: the same values for all these records."""

    model: str
    ids: tuple[int, ...]
    values: Mapping[str, Any]
    context: Mapping[str, Any]


@attrs.define
class _Batch:
    model: str
    context: dict[str, Any]
    values: dict[int, dict[str, Any]] = attrs.field(factory=dict)  # record id -> field -> write value


class UnitOfWork:
    """Pending changes of a connection (shared by the environments derived from it). Thread-safe."""

    def __init__(self) -> None:
        self._batches: dict[tuple[str, str], _Batch] = {}
        self._lock = threading.RLock()

    def __bool__(self) -> bool:
        return any(batch.values for batch in self._batches.values())

    def stage(
        self, model: str, context: Mapping[str, Any], ids: Sequence[int], field: str, value: Any, *, append: bool
    ) -> None:
        """Record *value* (write format) for *field* of the records; with *append*, *value* is a
        list of commands added after those already pending for that field."""
        to_wire(value, f"{model}.{field}")  # refuse an unsendable value now, not at every later flush
        with self._lock:
            key = (model, canonical_json(dict(context)))
            batch = self._batches.setdefault(key, _Batch(model, dict(context)))
            for record_id in ids:
                values = batch.values.setdefault(record_id, {})
                before = values.get(field)
                values[field] = [*before, *value] if append and isinstance(before, list) else value

    def pending_ids(self, model: str) -> dict[str, set[int]]:
        """The ids with a pending value, by field, for one model (any context)."""
        found: dict[str, set[int]] = {}
        with self._lock:
            for batch in self._batches.values():
                if batch.model == model:
                    for record_id, values in batch.values.items():
                        for field in values:
                            found.setdefault(field, set()).add(record_id)
        return found

    def pending(self) -> list[PendingChange]:
        """What a flush would send, grouped as it would be."""
        with self._lock:
            return [
                PendingChange(batch.model, ids, values, dict(batch.context))
                for batch in self._batches.values()
                for ids, values in _groups(batch.values)
            ]

    def discard(
        self, model: str | None = None, ids: Collection[int] | None = None, fields: Collection[str] | None = None
    ) -> list[PendingChange]:
        """Drop the pending changes of *model* (all models when None), of the records *ids* (all when
        None), of the *fields* (all when None); return what was dropped."""
        dropped: list[PendingChange] = []
        with self._lock:
            for key, batch in list(self._batches.items()):
                if model is None or batch.model == model:
                    removed = _remove(batch, ids, fields)
                    dropped += [PendingChange(batch.model, g, v, dict(batch.context)) for g, v in _groups(removed)]
                if not batch.values:
                    del self._batches[key]
        return dropped

    def flush(self, send: Sender, *, save_multi: bool) -> int:
        """Send every pending change; return the number of calls made.

        Raises:
            FlushError: the server refused a group; it and the groups after it stay pending.
                When the call's outcome is unknown (``error.outcome_unknown``: the request may
                have been applied), that group leaves the unit of work instead — sending it again
                could repeat a create command — and ``FlushError.changes`` holds it.
        """
        calls = 0
        with self._lock:
            for key in list(self._batches):
                calls += self._flush_batch(self._batches[key], send, save_multi)
                del self._batches[key]
        return calls

    def _flush_batch(self, batch: _Batch, send: Sender, save_multi: bool) -> int:
        groups = _groups(batch.values)
        if save_multi and len(groups) > 1:
            ids = list(batch.values)
            _send(send, batch, ids, "web_save_multi", [ids, [batch.values[i] for i in ids], {}])
            batch.values.clear()
            return 1
        for group_ids, values in groups:
            _send(send, batch, list(group_ids), "write", [list(group_ids), values])
            for record_id in group_ids:
                del batch.values[record_id]
        return len(groups)


def _remove(batch: _Batch, ids: Collection[int] | None, fields: Collection[str] | None) -> dict[int, dict[str, Any]]:
    """Take the values of the records *ids* and *fields* (all when None) out of *batch*."""
    removed: dict[int, dict[str, Any]] = {}
    for record_id, values in list(batch.values.items()):
        if ids is not None and record_id not in ids:
            continue
        names = [name for name in values if fields is None or name in fields]
        if names:
            removed[record_id] = {name: values.pop(name) for name in names}
        if not values:
            del batch.values[record_id]
    return removed


def _send(send: Sender, batch: _Batch, ids: list[int], method: str, args: list[Any]) -> None:
    try:
        send(batch.model, method, args, batch.context)
    except OdooError as error:
        fields = tuple(dict.fromkeys(name for i in ids for name in batch.values[i]))
        refused = _refused_text(batch, ids)
        in_doubt = isinstance(error, TransportError) and error.outcome_unknown
        changes: tuple[PendingChange, ...] = ()
        if in_doubt:  # never sent twice, not even by the flush before the next call
            changes = tuple(
                PendingChange(batch.model, group_ids, values, dict(batch.context))
                for group_ids, values in _groups({i: batch.values[i] for i in ids})
            )
            for record_id in ids:
                del batch.values[record_id]
            fate = (
                "the server may or may not have applied these changes; they are no longer pending, so "
                "they are not sent twice (FlushError.changes): read the records back before re-applying"
            )
        else:
            fate = _ways_out(batch.model, ids, fields)
        raise FlushError(
            f"the server refused the pending change {refused}: {error}\n{fate}",
            model=batch.model,
            ids=tuple(ids),
            fields=fields,
            error=error,
            outcome_unknown=in_doubt,
            changes=changes,
        ) from error


def _refused_text(batch: _Batch, ids: list[int]) -> str:
    """``res.partner(4, 5) function='Kept'; res.partner(6) name=False``, each value shown short."""
    groups = _groups({i: batch.values[i] for i in ids})
    parts = []
    for group_ids, values in groups[:3]:
        shown = ", ".join(map(str, group_ids[:5])) + (", …" if len(group_ids) > 5 else "")
        assigned = ", ".join(f"{name}={_short(value)}" for name, value in values.items())
        parts.append(f"{batch.model}({shown}) {assigned}")
    return "; ".join(parts) + (f"; … ({len(groups) - 3} more groups)" if len(groups) > 3 else "")


def _short(value: Any) -> str:
    text = repr(value)
    return text if len(text) <= 40 else text[:37] + "..."


def _ways_out(model: str, ids: list[int], fields: tuple[str, ...]) -> str:
    shown = ids if len(ids) <= 5 else [*ids[:5], "..."]
    return (
        "These changes stay pending (env.pending()), and every later call flushes them first, so it fails the "
        "same way until you either: fix the value and flush again (record.field = good_value; env.flush()); "
        f"or drop this change: env.discard(env[{model!r}].browse({shown}), fields={list(fields)!r}); "
        "or drop every pending change: env.discard()"
    )


def _groups(values: Mapping[int, Mapping[str, Any]]) -> list[tuple[tuple[int, ...], dict[str, Any]]]:
    """Records with identical pending values, in the order the first of each was changed."""
    groups: dict[str, tuple[list[int], dict[str, Any]]] = {}
    for record_id, record_values in values.items():
        groups.setdefault(_group_key(record_id, record_values), ([], dict(record_values)))[0].append(record_id)
    return [(tuple(ids), vals) for ids, vals in groups.values()]


def _group_key(record_id: int, values: Mapping[str, Any]) -> str:
    """The values as canonical JSON; a value that became unsendable after it was staged (a list the
    caller changed since) gets a group of its own, so that listing and discarding still work."""
    try:
        return canonical_json(values)
    except MarshalError:
        return f"unsendable record {record_id}"
