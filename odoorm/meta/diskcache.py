"""An opt-in cache of model metadata on disk, so that a fresh process skips ``fields_get``.

Turned on by ``connect(metadata_cache=...)`` or the ``ODOORM_METADATA_CACHE`` variable (a
directory). What is kept, per server, database, user and language: each model's ``fields_get``
answer and the server's version — metadata only, never a secret or a record. An entry is used
for :attr:`MetadataCache.max_age` seconds (one hour unless told), then read from the server
again; ``env.registry.refresh()`` forgets it at once.

The cache trusts its entries for that time without asking the server: a module installed,
upgraded or removed, a field added by hand or a change of the user's groups is seen when the
entry expires or is refreshed, as it is in a long-lived process (whose classes are built once).

Files are written atomically (a temporary file, then a rename), readable by their owner only; an
unreadable, foreign or expired entry is ignored, never an error.
"""

from __future__ import annotations

import hashlib
import json
import os
import tempfile
import time
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import attrs

from ..errors import ConfigurationError

__all__ = ["MetadataCache", "MetadataStore", "default_cache_directory", "FORMAT"]

#: Bumped when what is stored changes meaning: entries of another format are ignored.
FORMAT = 1
#: Seconds an entry is trusted unless the cache is told otherwise.
DEFAULT_MAX_AGE = 3600.0
#: The file of the server's version, beside the models' (no model name starts with ``_``).
_VERSION = "_version"


def default_cache_directory() -> Path:
    """``$XDG_CACHE_HOME/odoorm/metadata``, else ``~/.cache/odoorm/metadata``."""
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    return Path(base) / "odoorm" / "metadata"


def _to_path(value: str | os.PathLike[str]) -> Path:
    return Path(os.fspath(value)).expanduser()


@attrs.frozen
class MetadataCache:
    """Where metadata is kept on disk, and for how long it is trusted.

    ``connect(metadata_cache="/path")`` is ``connect(metadata_cache=MetadataCache("/path"))``;
    ``metadata_cache=True`` uses :func:`default_cache_directory`.
    """

    path: Path = attrs.field(converter=_to_path)
    max_age: float = DEFAULT_MAX_AGE

    def __attrs_post_init__(self) -> None:
        if not self.max_age > 0:
            raise ConfigurationError(f"MetadataCache.max_age must be a positive number of seconds: {self.max_age!r}")

    def store(self, url: str, db: str, uid: int, lang: str | None) -> MetadataStore:
        """The entries of one server, database, user and language."""
        identity = {"url": url, "db": db, "uid": uid, "lang": lang}
        digest = hashlib.sha256(json.dumps(identity, sort_keys=True).encode()).hexdigest()[:32]
        return MetadataStore(self.path / digest, identity, self.max_age)

    def clear(self) -> None:
        """Delete every entry of this cache (every server and user, the remembered logins too)."""
        for entry in self.path.glob("*/*.json"):
            entry.unlink(missing_ok=True)

    def logins(self) -> MetadataStore:
        """The remembered API-key logins (see :mod:`odoorm.client.logins`), one file per login."""
        return MetadataStore(self.path / "logins", {"kind": "login"}, self.max_age)

    def secret_key(self) -> bytes | None:
        """This cache's random key, made on first use, that names remembered logins (an HMAC of
        the login under it); ``None`` when it can be neither read nor made."""
        path = self.path / "hmac.key"
        for _attempt in range(2):
            try:
                key = path.read_bytes()
                return key if len(key) == 32 else None
            except FileNotFoundError:
                pass
            except OSError:
                return None
            try:
                self.path.mkdir(mode=0o700, parents=True, exist_ok=True)
                handle = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
            except FileExistsError:
                continue  # another process made it first: read theirs
            except OSError:
                return None
            with os.fdopen(handle, "wb") as file:
                file.write(os.urandom(32))
        return None


@attrs.frozen
class MetadataStore:
    """The cached metadata of one server, database, user and language: one file per model."""

    directory: Path
    identity: Mapping[str, Any]
    max_age: float

    def value(self, name: str) -> Any:
        """The value saved under *name*, or ``None`` when absent, unreadable or expired."""
        entry = self._read(name)
        return entry.get("value") if entry else None

    def save_value(self, name: str, value: Any) -> None:
        """Save *value* (JSON) under *name*."""
        self._write(name, {"value": value})

    def fields(self, model: str, attributes: tuple[str, ...]) -> dict[str, Any] | None:
        """The ``fields_get`` answer kept for *model* (asked with *attributes*), or ``None``."""
        entry = self._read(model)
        if entry is None or entry.get("attributes") != list(attributes):
            return None
        answer = entry.get("answer")
        return answer if isinstance(answer, dict) else None

    def save_fields(self, model: str, attributes: tuple[str, ...], answer: Mapping[str, Any]) -> None:
        """Keep *model*'s ``fields_get`` answer."""
        self._write(model, {"attributes": list(attributes), "answer": dict(answer)})

    def version(self) -> dict[str, Any] | None:
        """The server's ``version()`` answer, if kept."""
        answer = self.value(_VERSION)
        return answer if isinstance(answer, dict) else None

    def save_version(self, answer: Mapping[str, Any]) -> None:
        """Keep the server's ``version()`` answer."""
        self.save_value(_VERSION, dict(answer))

    def forget(self, model: str | None = None) -> None:
        """Delete *model*'s entry, or every entry of this store (the version included)."""
        paths = [self._path(model)] if model is not None else list(self.directory.glob("*.json"))
        for path in paths:
            path.unlink(missing_ok=True)

    # ------------------------------------------------------------ files

    def _path(self, name: str) -> Path:
        return self.directory / f"{name}.json"

    def _read(self, name: str) -> dict[str, Any] | None:
        try:
            entry = json.loads(self._path(name).read_bytes())
        except (OSError, ValueError):
            return None
        if not isinstance(entry, dict) or entry.get("format") != FORMAT or entry.get("identity") != self.identity:
            return None
        saved = entry.get("saved")
        if not isinstance(saved, int | float) or not 0 <= time.time() - saved <= self.max_age:
            return None
        return entry

    def _write(self, name: str, content: Mapping[str, Any]) -> None:
        entry = {"format": FORMAT, "identity": dict(self.identity), "saved": time.time(), **content}
        try:
            self.directory.mkdir(mode=0o700, parents=True, exist_ok=True)
            handle, temporary = tempfile.mkstemp(dir=self.directory, prefix=".", suffix=".tmp")  # mode 0600
            try:
                with os.fdopen(handle, "w", encoding="utf-8") as file:
                    json.dump(entry, file, separators=(",", ":"))
                os.replace(temporary, self._path(name))
            except BaseException:
                os.unlink(temporary)
                raise
        except OSError:
            return  # a cache that cannot be written is a cache miss next time, not an error
