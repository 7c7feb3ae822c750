"""What the "learned" prefetch policy knows: the fields and relations the code reads, per model.

One :class:`LearnedPolicy` per model registry (server, database, user) owns it all; each record
class holds a reference to its model's :class:`ModelMemory` so that the hot path (a field read)
costs one attribute lookup. Nothing here calls the server.
"""

from __future__ import annotations

import threading

import attrs

__all__ = ["LearnedPolicy", "ModelMemory"]


@attrs.define(eq=False)
class ModelMemory:
    """What the code did with one model so far."""

    #: Field names the code has read on this model.
    touched: set[str] = attrs.field(factory=set)
    #: Whether a lazy load of this model has happened (the first one takes the cheap set).
    loaded_once: bool = False
    #: Relational fields through which the code read the related records' fields.
    hops: set[str] = attrs.field(factory=set)

    def touch(self, name: str) -> bool:
        """Note that the code read field *name*; whether that is new (the code's pattern changed)."""
        if name in self.touched:
            return False
        self.touched.add(name)
        return True


class LearnedPolicy:
    """The memories of every model of one registry, by model name; thread-safe."""

    def __init__(self) -> None:
        self._memories: dict[str, ModelMemory] = {}
        self._lock = threading.Lock()

    def memory(self, model: str) -> ModelMemory:
        """The memory of *model*, created empty on first use."""
        memory = self._memories.get(model)
        if memory is None:
            with self._lock:
                memory = self._memories.setdefault(model, ModelMemory())
        return memory

    def learn_hop(self, model: str, field: str) -> None:
        """Remember that the code read fields of records reached through *model*.*field*."""
        memory = self.memory(model)
        if field not in memory.hops:
            with self._lock:
                memory.hops.add(field)

    def forget_hops(self, model: str) -> None:
        """Stop following *model*'s hops (a related model turned out unreadable)."""
        with self._lock:
            self.memory(model).hops.clear()
