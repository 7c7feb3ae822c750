"""The record classes of one (server, database, user), built once and kept in a bounded cache.

Registries are shared by every environment of the same server, database
and user (in this process), so a second :func:`odoorm.connect` finds the
classes already built, and the server's version once asked. A name that is
not found refreshes the metadata once before failing, so models and fields
created over RPC work at once.

A class costs one ``fields_get`` — none when the environment has a metadata cache on disk
(:mod:`odoorm.meta.diskcache`) holding a fresh answer. The server's model index (``ir.model``:
descriptions, transient flags, close names for a misspelt model) is read
only when one of those is asked for, once per registry. So is the ``searchable`` attribute of a
model's fields (:meth:`ModelRegistry.searchable`): only when a domain names a field whose other
metadata leaves it in doubt, once per model.
"""

from __future__ import annotations

import threading
import weakref
from pathlib import Path
from typing import TYPE_CHECKING, Any

import cachetools

from ..errors import AccessError, UnknownModelError, UserError, did_you_mean
from ..meta.diskcache import MetadataStore
from ..meta.loader import Caller, ModelInfo, fetch_fields, fetch_searchable, load_model_index, spec_from_fields
from ..meta.spec import FIELD_ATTRIBUTES, ModelSpec
from .learned import LearnedPolicy
from .model import Model
from .model_factory import build_model_class, update_model_class

if TYPE_CHECKING:
    from ..meta.versions import ServerVersion
    from .protocols import Env as Environment

__all__ = ["ModelRegistry", "Registries", "REGISTRIES", "registry_for", "forget_registries"]


class Registries:
    """The registries of one process, by server, database and user (bounded LRU); thread-safe.

    Connections to the same server, database and user share a registry, so a second
    :func:`odoorm.connect` finds the classes built and the version known."""

    def __init__(self, maxsize: int = 32) -> None:
        self._registries: cachetools.LRUCache[tuple[str, str, int], ModelRegistry] = cachetools.LRUCache(maxsize)
        self._lock = threading.Lock()

    def get(self, url: str, db: str, uid: int) -> ModelRegistry:
        """The shared registry of this server, database and user (made empty on first use)."""
        with self._lock:
            registry = self._registries.get((url, db, uid))
            if registry is None:
                registry = self._registries[(url, db, uid)] = ModelRegistry()
            return registry

    def forget(self) -> None:
        """Drop every registry: the classes, versions and learned knowledge held of servers."""
        with self._lock:
            self._registries.clear()


#: This process's registries.
REGISTRIES = Registries()


def registry_for(url: str, db: str, uid: int) -> ModelRegistry:
    """The shared registry of this server, database and user (:data:`REGISTRIES`)."""
    return REGISTRIES.get(url, db, uid)


def forget_registries() -> None:
    """Drop every shared registry (:func:`odoorm.client.connect.forget_connections` also forgets the
    remembered logins)."""
    REGISTRIES.forget()


class ModelRegistry:
    """Generated record classes by model name (bounded LRU), the server's model index and version."""

    def __init__(self, maxsize: int = 512) -> None:
        self._classes: cachetools.LRUCache[str, type[Model]] = cachetools.LRUCache(maxsize=maxsize)
        self._index: dict[str, ModelInfo] | None = None
        self._index_loaded = False
        self._index_misses: set[str] = set()  # names the index was re-read for, and still lacked
        self._not_fields: dict[str, set[str]] = {}
        # fields_get's "searchable", by model, asked only when a domain names a field the metadata
        # leaves in doubt (see searchable())
        self._searchable: dict[str, dict[str, bool]] = {}
        self._lock = threading.RLock()
        # how to read the index later: the metadata call of the last environment that built a class
        # (weak: a registry outlives its environments, and must not keep one from being flushed)
        self._caller: weakref.WeakMethod[Caller] | None = None
        #: What the code has read, per model (the "learned" prefetch policy's memory).
        self.learned = LearnedPolicy()
        #: The server's version once an environment asked for it (see ``Environment.version``).
        self.version: ServerVersion | None = None
        #: The user's login once the server told it (see ``Environment.username``).
        self.login: str | None = None
        #: What each model's list and form views show (see :mod:`odoorm.orm.view_display`).
        self.view_layouts: dict[str, Any] = {}
        # the metadata caches on disk of the environments that had one (forgotten by refresh()),
        # by directory (one per server, database, user and language)
        self._disks: dict[Path, MetadataStore] = {}
        #: Form views read by :class:`odoorm.Form`, by model, view, references and version (see
        #: :mod:`odoorm.orm.form.views`).
        self.views: dict[tuple[Any, ...], Any] = {}

    def attach_disk(self, disk: MetadataStore) -> None:
        """Remember *disk* (an environment's metadata cache) so that :meth:`refresh` forgets there too."""
        with self._lock:
            self._disks[disk.directory] = disk

    def model_class(self, name: str, env: Environment) -> type[Model]:
        """The class of model *name*; built on first use (one ``fields_get``, none when the
        environment's metadata cache on disk holds a fresh answer)."""
        with self._lock:
            cls = self._classes.get(name)
            if cls is None:
                self._caller = weakref.WeakMethod(env._metadata_call)
                spec = self._load_spec(name, env._metadata_call, env._disk)
                cls = self._classes[name] = build_model_class(spec, self.model_info, self.learned.memory(name))
            return cls

    def loaded(self, name: str) -> type[Model] | None:
        """The class of model *name* if it is built already (never a call)."""
        with self._lock:
            return self._classes.get(name)

    def model_names(self, call: Caller) -> list[str]:
        """Every model name the server has, sorted: the ``ir.model`` index (read on first use with
        *call*, an environment's metadata call: one call per registry; none after), with the models
        already built; only those when ``ir.model`` is not readable."""
        with self._lock:
            return sorted({*(self.server_model_names(call) or ()), *self._classes})

    def server_model_names(self, call: Caller) -> list[str] | None:
        """Every model name of the ``ir.model`` index, sorted (read as :meth:`model_names` reads it),
        or ``None`` when ``ir.model`` is not readable: unlike :meth:`model_names`, never a partial list."""
        with self._lock:
            if not self._index_loaded:
                self._caller = weakref.WeakMethod(call)
                self._read_index()
            return None if self._index is None else sorted(self._index)

    def model_info(self, name: str) -> ModelInfo | None:
        """The ``ir.model`` row of *name*: the index is read on first use (one call per registry)
        and again once for a name it lacks. ``None`` when ``ir.model`` is not readable, the model
        is not listed, or no environment of this registry is left to ask."""
        with self._lock:
            stale = self._index is not None and name not in self._index and name not in self._index_misses
            if not self._index_loaded or stale:
                if not self._read_index():
                    return None
                if self._index is not None and name not in self._index:
                    self._index_misses.add(name)
            return None if self._index is None else self._index.get(name)

    def refresh(self, name: str | None = None) -> None:
        """Forget the metadata of one model (or of all, and the server's version), on disk too:
        it is read again on next use. Records already made keep their class."""
        with self._lock:
            self.views.clear()
            if name is None:
                self._classes.clear()
                self._index_loaded = False
                self._index_misses.clear()
                self._not_fields.clear()
                self._searchable.clear()
                self.view_layouts.clear()
                self.version = None
            else:
                self._classes.pop(name, None)
                self._not_fields.pop(name, None)
                self._searchable.pop(name, None)
                self.view_layouts.pop(name, None)
                self._index_misses.discard(name)
            for disk in self._disks.values():
                disk.forget(name)

    def refresh_if_new_field(self, cls: type[Model], name: str, env: Environment) -> bool:
        """Whether *name* became a field of *cls* after re-reading its metadata (done once per name)."""
        with self._lock:
            if name in cls._fields:
                return True
            known_absent = self._not_fields.setdefault(cls._name, set())
            if name in known_absent:
                return False
            spec = self._fetch_spec(cls._name, env._metadata_call, env._disk)
            update_model_class(cls, spec)
            if name not in cls._fields:
                known_absent.add(name)
            return name in cls._fields

    def searchable(self, cls: type[Model], field: str, env: Environment) -> bool:
        """Whether *field* of *cls* can be searched, as the server's ``searchable`` says: one
        ``fields_get`` of that attribute per model, asked only for a field whose other metadata
        leaves it in doubt (:meth:`~odoorm.meta.spec.FieldSpec.searchable_hint`), kept in memory."""
        with self._lock:
            known = self._searchable.get(cls._name)
            if known is None or field not in known:
                known = self._searchable[cls._name] = fetch_searchable(env._metadata_call, cls._name)
            return known.get(field, True)

    # ------------------------------------------------------------ internals

    def _read_index(self) -> bool:
        """Read ``ir.model`` (one call); False when no environment is left to ask."""
        call = self._caller() if self._caller is not None else None
        if call is None:
            return False
        self._index = load_model_index(call)
        self._index_loaded = True
        return True

    def _load_spec(self, name: str, call: Caller, disk: MetadataStore | None) -> ModelSpec:
        """*name*'s spec: from *disk* when it holds a fresh one, else from the server."""
        cached = disk.fields(name, FIELD_ATTRIBUTES) if disk is not None else None
        if cached is not None:
            return spec_from_fields(name, cached)
        try:
            return self._fetch_spec(name, call, disk)
        except UserError as error:
            if isinstance(error, AccessError) or name not in error.message:
                raise
            # the server knows no such model: the index names the close ones (one more call)
            self._index_loaded = False
            self._read_index()
            if self._index is not None and name in self._index:
                raise
            raise UnknownModelError(_unknown(name, list(self._index or ()))) from error

    def _fetch_spec(self, name: str, call: Caller, disk: MetadataStore | None) -> ModelSpec:
        """*name*'s spec from the server (one ``fields_get``), kept on *disk* when there is one."""
        answer = fetch_fields(call, name)
        if disk is not None:
            disk.save_fields(name, FIELD_ATTRIBUTES, answer)
        return spec_from_fields(name, answer)


def _unknown(name: str, known: list[str]) -> str:
    return f"the server has no model {name!r}{did_you_mean(name, known)}"
