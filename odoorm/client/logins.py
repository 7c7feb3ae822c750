"""Logins the server accepted, remembered so that connecting again costs no login call.

:func:`odoorm.connect` checks the credentials with one call (``authenticate``, or on JSON-2
``context_get``) and learns the uid. Connecting again with the same server, database, login and
secret in the same process reuses that answer; with a metadata cache on disk
(:mod:`odoorm.meta.diskcache`), an API key's answer is also reused by later processes for the
cache's ``max_age``. Passwords are never remembered on disk.

Reusing an answer trusts the secret until the first call: a key revoked or a password changed
since is then refused by the server with :class:`~odoorm.errors.AuthenticationError` (the error
``connect`` would have raised), and the remembered login is forgotten, so the next ``connect``
checks again.

What identifies a login is a SHA-256 digest of it (in memory) or an HMAC under a random key of
the cache directory (on disk): the secret itself is kept nowhere.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import threading
from typing import TYPE_CHECKING

import attrs
import cachetools

from ..meta.diskcache import MetadataCache

if TYPE_CHECKING:
    from .settings import Settings

__all__ = ["LoginKey", "RememberedLogin", "LoginMemory", "MEMORY", "remembered", "remember", "forget", "forget_logins"]


@attrs.frozen
class RememberedLogin:
    """What a login's check answered: the user, and the protocol that answered it."""

    uid: int
    protocol: str


@attrs.frozen(repr=False)
class LoginKey:
    """Server, database, login and secret of a connection (the secret only as a digest)."""

    url: str
    db: str
    login: str | None
    secret_kind: str
    secret: str = attrs.field(repr=False)

    @classmethod
    def of(cls, settings: Settings, db: str) -> LoginKey:
        """The login of connection *settings* on database *db*."""
        return cls(settings.url, db, settings.username, settings.secret.kind, settings.secret.reveal())

    def digest(self, key: bytes | None = None) -> str:
        """A digest naming this login: SHA-256, or HMAC-SHA256 under *key*."""
        text = json.dumps([self.url, self.db, self.login, self.secret_kind, self.secret]).encode()
        return hmac.new(key, text, hashlib.sha256).hexdigest() if key else hashlib.sha256(text).hexdigest()

    def __repr__(self) -> str:
        return f"LoginKey(url={self.url!r}, db={self.db!r}, login={self.login!r}, secret=***)"


class LoginMemory:
    """The logins the servers accepted in this process, by digest (bounded LRU); thread-safe."""

    def __init__(self, maxsize: int = 256) -> None:
        self._logins: cachetools.LRUCache[str, RememberedLogin] = cachetools.LRUCache(maxsize=maxsize)
        self._lock = threading.Lock()

    def get(self, key: LoginKey) -> RememberedLogin | None:
        with self._lock:
            return self._logins.get(key.digest())

    def put(self, key: LoginKey, answer: RememberedLogin) -> None:
        with self._lock:
            self._logins[key.digest()] = answer

    def drop(self, key: LoginKey) -> None:
        with self._lock:
            self._logins.pop(key.digest(), None)

    def clear(self) -> None:
        with self._lock:
            self._logins.clear()


#: This process's remembered logins.
MEMORY = LoginMemory()


def remembered(key: LoginKey, disk: MetadataCache | None) -> RememberedLogin | None:
    """The remembered answer for *key*: this process's, else (API keys only) the disk cache's."""
    found = MEMORY.get(key)
    name = _disk_name(key, disk)
    if name is None or disk is None:
        return found
    entry = disk.logins().value(name)
    on_disk = None
    if isinstance(entry, dict) and isinstance(entry.get("uid"), int) and isinstance(entry.get("protocol"), str):
        on_disk = RememberedLogin(entry["uid"], entry["protocol"])
    if found is None and on_disk is not None:
        MEMORY.put(key, on_disk)
        return on_disk
    if found is not None and on_disk != found:
        disk.logins().save_value(name, {"uid": found.uid, "protocol": found.protocol})  # for later processes
    return found


def remember(key: LoginKey, answer: RememberedLogin, disk: MetadataCache | None) -> None:
    """Remember that the server accepted *key* (on disk too for an API key, when there is a cache)."""
    MEMORY.put(key, answer)
    name = _disk_name(key, disk)
    if name is not None and disk is not None:
        disk.logins().save_value(name, {"uid": answer.uid, "protocol": answer.protocol})


def forget(key: LoginKey, disk: MetadataCache | None) -> None:
    """Forget *key*: the next connect checks it with the server."""
    MEMORY.drop(key)
    name = _disk_name(key, disk)
    if name is not None and disk is not None:
        disk.logins().forget(name)


def forget_logins() -> None:
    """Forget every login this process remembers (the disk's stay until they expire)."""
    MEMORY.clear()


def _disk_name(key: LoginKey, disk: MetadataCache | None) -> str | None:
    """The file name of *key* in *disk*: API keys only, and only under the cache's own HMAC key."""
    if disk is None or key.secret_kind != "api_key":
        return None
    secret = disk.secret_key()
    return key.digest(secret) if secret else None
