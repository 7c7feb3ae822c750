"""The environment's record cache: field first, then id, as in Odoo's ORM.

One field's values across many records are one dict, so a prefetch fills
a column at once. Keys are ``(model, field)`` names, so values can be
stored for a model whose class is not built yet (the display names that
``read`` answers for many2one values).
"""

from __future__ import annotations

import threading
from collections import defaultdict
from collections.abc import Iterable, Mapping
from typing import Any

__all__ = ["Cache", "Generation", "MISSING", "FieldKey"]

FieldKey = tuple[str, str]  # (model, field)


class _Missing:
    def __repr__(self) -> str:
        return "MISSING"


#: What :meth:`Cache.get` answers for a value it does not hold.
MISSING: Any = _Missing()


class Generation:
    """A counter shared by the caches of one connection: bumping it empties them all."""

    def __init__(self) -> None:
        self.value = 0

    def bump(self) -> None:
        """Make every cache of the connection stale."""
        self.value += 1


class Cache:
    """Values by field then id, plus the ids known not to exist. Thread-safe.

    A cache empties itself when its :class:`Generation` moves on (a write made
    through any environment of the connection).
    """

    def __init__(self, generation: Generation | None = None) -> None:
        self._values: defaultdict[FieldKey, dict[int, Any]] = defaultdict(dict)
        self._gone: defaultdict[str, set[int]] = defaultdict(set)
        self._lock: threading.RLock = threading.RLock()
        self._generation = generation or Generation()
        self._seen = self._generation.value

    @property
    def lock(self) -> threading.RLock:
        """Held while a value is staged and cached, or read rows are stored (so pending values win)."""
        return self._lock

    @property
    def generation(self) -> int:
        """The connection's generation as this cache sees it (it changes when caches are dropped)."""
        return self._generation.value

    def set_if_current(self, generation: int, key: FieldKey, values: Mapping[int, Any]) -> bool:
        """Store values read while *generation* was current; refuse (False) if caches were dropped since."""
        with self._lock:
            if self._generation.value != generation:
                return False
            self.set(key, values)
            return True

    def _sync(self) -> None:
        if self._seen != self._generation.value:
            with self._lock:
                self._values.clear()
                self._gone.clear()
                self._seen = self._generation.value

    def get(self, key: FieldKey, record_id: int) -> Any:
        """The cached value, or :data:`MISSING`."""
        self._sync()
        column = self._values.get(key)
        return MISSING if column is None else column.get(record_id, MISSING)

    def has(self, key: FieldKey, record_id: int) -> bool:
        """Whether a value is cached."""
        self._sync()
        column = self._values.get(key)
        return column is not None and record_id in column

    def set(self, key: FieldKey, values: Mapping[int, Any]) -> None:
        """Store values of one field for several ids."""
        self._sync()
        with self._lock:
            self._values[key].update(values)

    def forget(self, key: FieldKey, ids: Iterable[int]) -> None:
        """Drop the values of one field for some ids."""
        with self._lock:
            column = self._values.get(key)
            if column is not None:
                for record_id in ids:
                    column.pop(record_id, None)

    def forget_field(self, key: FieldKey) -> None:
        """Drop the values of one field for every record."""
        with self._lock:
            self._values.pop(key, None)

    def mark_gone(self, model: str, ids: Iterable[int]) -> None:
        """Remember that these records do not exist (or cannot be read)."""
        with self._lock:
            self._gone[model].update(ids)

    def is_gone(self, model: str, record_id: int) -> bool:
        """Whether the record is known not to exist."""
        self._sync()
        gone = self._gone.get(model)
        return gone is not None and record_id in gone

    def invalidate(self, model: str | None = None) -> None:
        """Drop everything (or everything of one model)."""
        with self._lock:
            if model is None:
                self._values.clear()
                self._gone.clear()
                return
            for key in [key for key in self._values if key[0] == model]:
                del self._values[key]
            self._gone.pop(model, None)

    def __len__(self) -> int:
        return sum(len(column) for column in self._values.values())
