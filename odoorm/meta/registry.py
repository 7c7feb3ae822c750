"""The record classes of one (server, database, user), built once and kept in a bounded cache.

Registries are shared by every environment of the same server, database
and user (in this process), so a second :func:`odoorm.connect` finds the
classes already built. A name that is not found refreshes the metadata
once before failing, so models and fields created over RPC work at once.
"""

from __future__ import annotations

import difflib
import threading
from typing import TYPE_CHECKING

import cachetools

from ..errors import UnknownModelError, UserError
from ..records import Model
from .factory import build_model_class, update_model_class
from .loader import Caller, ModelInfo, load_model_index, load_model_spec

if TYPE_CHECKING:
    from ..env import Environment

__all__ = ["ModelRegistry", "registry_for", "forget_registries"]

_REGISTRIES: cachetools.LRUCache[tuple[str, str, int], ModelRegistry] = cachetools.LRUCache(maxsize=32)
_REGISTRIES_LOCK = threading.Lock()


def registry_for(url: str, db: str, uid: int) -> ModelRegistry:
    """The shared registry of this server, database and user."""
    with _REGISTRIES_LOCK:
        registry = _REGISTRIES.get((url, db, uid))
        if registry is None:
            registry = _REGISTRIES[(url, db, uid)] = ModelRegistry()
        return registry


def forget_registries() -> None:
    """Drop every shared registry (tests use it to start each case from a cold metadata cache)."""
    with _REGISTRIES_LOCK:
        _REGISTRIES.clear()


class ModelRegistry:
    """Generated record classes by model name (bounded LRU) and the server's model index."""

    def __init__(self, maxsize: int = 512) -> None:
        self._classes: cachetools.LRUCache[str, type[Model]] = cachetools.LRUCache(maxsize=maxsize)
        self._index: dict[str, ModelInfo] | None = None
        self._index_loaded = False
        self._not_fields: dict[str, set[str]] = {}
        self._lock = threading.RLock()

    def model_class(self, name: str, env: Environment) -> type[Model]:
        """The class of model *name*; built on first use (one ``fields_get``, plus one
        ``ir.model`` read for the first model of the registry)."""
        with self._lock:
            cls = self._classes.get(name)
            if cls is None:
                info = self._model_info(name, env._metadata_call)
                spec = self._load_spec(name, info, env._metadata_call)
                cls = self._classes[name] = build_model_class(spec)
            return cls

    def loaded(self, name: str) -> type[Model] | None:
        """The class of model *name* if it is built already (never a call)."""
        with self._lock:
            return self._classes.get(name)

    def refresh(self, name: str | None = None) -> None:
        """Forget the metadata of one model (or of all): it is read again on next use.
        Records already made keep their class."""
        with self._lock:
            if name is None:
                self._classes.clear()
                self._index_loaded = False
                self._not_fields.clear()
            else:
                self._classes.pop(name, None)
                self._not_fields.pop(name, None)

    def refresh_if_new_field(self, cls: type[Model], name: str, env: Environment) -> bool:
        """Whether *name* became a field of *cls* after re-reading its metadata (done once per name)."""
        with self._lock:
            if name in cls._fields:
                return True
            known_absent = self._not_fields.setdefault(cls._name, set())
            if name in known_absent:
                return False
            spec = load_model_spec(env._metadata_call, cls._name, self._index.get(cls._name) if self._index else None)
            update_model_class(cls, spec)
            if name not in cls._fields:
                known_absent.add(name)
            return name in cls._fields

    def known_models(self) -> list[str]:
        """The model names of the server's index (empty when ``ir.model`` is not readable)."""
        return sorted(self._index or ())

    # ------------------------------------------------------------ internals

    def _model_info(self, name: str, call: Caller) -> ModelInfo | None:
        if not self._index_loaded or (self._index is not None and name not in self._index):
            self._index = load_model_index(call)  # first use, or a model created since
            self._index_loaded = True
        if self._index is None:
            return None  # ir.model is not readable: fields_get will tell
        if name not in self._index:
            raise UnknownModelError(_unknown(name, list(self._index)))
        return self._index[name]

    def _load_spec(self, name: str, info: ModelInfo | None, call: Caller):  # type: ignore[no-untyped-def]
        try:
            return load_model_spec(call, name, info)
        except UserError as error:
            if info is None and name in error.message:
                raise UnknownModelError(_unknown(name, [])) from error
            raise


def _unknown(name: str, known: list[str]) -> str:
    close = difflib.get_close_matches(name, known, n=3)
    hint = f"; did you mean {', '.join(map(repr, close))}?" if close else ""
    return f"the server has no model {name!r}{hint}"
