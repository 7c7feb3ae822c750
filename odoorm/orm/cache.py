"""The environment's record cache: field first, then id, as in Odoo's ORM.

One field's values across many records are one dict, so a prefetch fills
a column at once. Keys are ``(model, field)`` names, so values can be
stored for a model whose class is not built yet (the display names that
``read`` answers for many2one values).
"""

from __future__ import annotations

import threading
import weakref
from collections import defaultdict
from collections.abc import Collection, Iterable, Mapping
from typing import Any

__all__ = ["Cache", "Generation", "MISSING", "FieldKey"]

FieldKey = tuple[str, str]  # (model, field)


class _Missing:
    def __repr__(self) -> str:
        return "MISSING"


#: What :meth:`Cache.get` answers for a value it does not hold.
MISSING: Any = _Missing()


class Generation:
    """A counter shared by the caches of one connection: bumping it empties them all at once."""

    def __init__(self) -> None:
        self.value = 0
        self._caches: weakref.WeakSet[Cache] = weakref.WeakSet()
        self._lock = threading.Lock()

    def watch(self, cache: Cache) -> None:
        """Empty *cache* whenever the generation moves on."""
        with self._lock:
            self._caches.add(cache)

    def bump(self) -> None:
        """Make every cache of the connection stale: they are emptied now."""
        with self._lock:
            self.value += 1
            caches = list(self._caches)
        for cache in caches:
            cache.clear()


class Cache:
    """Values by field then id, plus the ids known not to exist. Thread-safe.

    A cache is emptied when its :class:`Generation` moves on (a write made through any
    environment of the connection), so a lookup needs no check: field descriptors read
    :attr:`columns` directly, the hot path of every attribute access.
    """

    def __init__(self, generation: Generation | None = None) -> None:
        #: Values by field key, then by record id (read directly by the field descriptors).
        self.columns: defaultdict[FieldKey, dict[int, Any]] = defaultdict(dict)
        self._gone: defaultdict[str, set[int]] = defaultdict(set)
        self._lock: threading.RLock = threading.RLock()
        self._generation = generation or Generation()
        self._generation.watch(self)

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
            self.columns[key].update(values)
            return True

    def clear(self) -> None:
        """Drop every value and every record known to be gone."""
        with self._lock:
            self.columns.clear()
            self._gone.clear()

    def get(self, key: FieldKey, record_id: int) -> Any:
        """The cached value, or :data:`MISSING`."""
        column = self.columns.get(key)
        return MISSING if column is None else column.get(record_id, MISSING)

    def has(self, key: FieldKey, record_id: int) -> bool:
        """Whether a value is cached."""
        column = self.columns.get(key)
        return column is not None and record_id in column

    def set(self, key: FieldKey, values: Mapping[int, Any]) -> None:
        """Store values of one field for several ids."""
        with self._lock:
            self.columns[key].update(values)

    def forget(self, key: FieldKey, ids: Iterable[int]) -> None:
        """Drop the values of one field for some ids."""
        with self._lock:
            column = self.columns.get(key)
            if column is not None:
                for record_id in ids:
                    column.pop(record_id, None)

    def forget_records(self, model: str, ids: Iterable[int], keep: Mapping[str, Collection[int]]) -> int:
        """Drop every value of these records of *model*, but those of the ids *keep* lists by field
        name (values with pending changes). Returns how many values were dropped."""
        ids = list(ids)
        dropped = 0
        with self._lock:
            for (name, field), column in list(self.columns.items()):
                if name != model:
                    continue
                kept = keep.get(field, ())
                for record_id in ids:
                    if record_id not in kept and column.pop(record_id, MISSING) is not MISSING:
                        dropped += 1
        return dropped

    def forget_field(self, key: FieldKey) -> None:
        """Drop the values of one field for every record."""
        with self._lock:
            self.columns.pop(key, None)

    def mark_gone(self, model: str, ids: Iterable[int]) -> None:
        """Remember that these records do not exist (or cannot be read)."""
        with self._lock:
            self._gone[model].update(ids)

    def is_gone(self, model: str, record_id: int) -> bool:
        """Whether the record is known not to exist."""
        gone = self._gone.get(model)
        return gone is not None and record_id in gone

    def __len__(self) -> int:
        return sum(len(column) for column in self.columns.values())
