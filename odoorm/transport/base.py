"""The small interface every protocol implements."""

from __future__ import annotations

import abc
from collections.abc import Mapping, Sequence
from typing import Any

from ..errors import AuthenticationError, ConfigurationError
from .credentials import Secret
from .faults import CallInfo
from .http import HttpChannel
from .names import check_method_name, check_model_name

__all__ = ["Transport", "Login"]


class Login:
    """Who calls: database, uid and secret, once authenticated. Never printed."""

    __slots__ = ("db", "login", "uid", "secret")

    def __init__(self, db: str, login: str | None, secret: Secret, uid: int | None = None) -> None:
        self.db = db
        self.login = login
        self.secret = secret
        self.uid = uid

    def describe(self, url: str) -> str:
        """``login 'x' on database 'y' at url``, for error messages."""
        who = f"login {self.login!r}" if self.login else "the API key's user"
        return f"{who} on database {self.db!r} at {url}"

    def __repr__(self) -> str:
        return f"Login(db={self.db!r}, login={self.login!r}, uid={self.uid!r}, secret=***)"


class Transport(abc.ABC):
    """Talks one protocol to one server. Knows nothing of records.

    ``execute_kw`` is the one method that matters; the others serve
    :func:`odoorm.connect`.
    """

    #: The protocol's name, as ``connect(protocol=...)`` spells it.
    name: str = ""

    def __init__(self, channel: HttpChannel) -> None:
        self.channel = channel
        self.login: Login | None = None
        self.server_version: tuple[int, int] = (0, 0)

    @property
    def url(self) -> str:
        """The server's base URL."""
        return self.channel.base_url

    @abc.abstractmethod
    def version(self) -> Mapping[str, Any]:
        """The server's version answer (no authentication needed)."""

    @abc.abstractmethod
    def list_databases(self) -> list[str]:
        """The databases the server lists (may be refused by the server)."""

    @abc.abstractmethod
    def _authenticate(self, login: Login) -> int | None:
        """The uid for *login*, or ``None`` when the server refuses it."""

    def documented_methods(self, model: str) -> tuple[str, ...]:
        """The public methods of *model* the server already documented to this transport (no call):
        none here; JSON-2 keeps those of the ``api_doc`` it read for a signature."""
        return ()

    def read_documented_methods(self, model: str) -> tuple[str, ...] | None:
        """*model*'s public methods as the server documents them (JSON-2's api_doc: one call), or
        ``None`` when this protocol has no such documentation."""
        return None

    def execute_kw(
        self, model: str, method: str, args: Sequence[Any] = (), kwargs: Mapping[str, Any] | None = None
    ) -> Any:
        """Call ``model.method(*args, **kwargs)`` on the server and return its answer.

        Both names are checked first (:mod:`odoorm.transport.names`): a name no server could have
        is refused with :class:`~odoorm.errors.UnknownModelError` or
        :class:`~odoorm.errors.UnknownMethodError`, and nothing is sent."""
        check_method_name(check_model_name(model), method)
        return self._execute_kw(model, method, args, kwargs)

    def call_records(
        self,
        model: str,
        method: str,
        ids: Sequence[int],
        args: Sequence[Any] = (),
        kwargs: Mapping[str, Any] | None = None,
    ) -> Any:
        """Call the record method ``model.method`` on the records *ids* (possibly none) with *args*:
        ``execute_kw`` with the ids first. The caller knows these are ids: JSON-2 sends them as its
        ``ids`` argument without guessing. One round trip."""
        check_method_name(check_model_name(model), method)
        return self._call_records(model, method, list(ids), args, kwargs)

    def _call_records(
        self, model: str, method: str, ids: list[int], args: Sequence[Any], kwargs: Mapping[str, Any] | None
    ) -> Any:
        return self._execute_kw(model, method, [ids, *args], kwargs)

    @abc.abstractmethod
    def _execute_kw(
        self, model: str, method: str, args: Sequence[Any] = (), kwargs: Mapping[str, Any] | None = None
    ) -> Any:
        """The protocol's own call, once the names are checked."""

    def authenticate(self, db: str, login: str | None, secret: Secret) -> int:
        """Check the credentials, remember them for later calls, return the uid."""
        candidate = Login(db, login, secret)
        uid = self._authenticate(candidate)
        if not uid:
            raise AuthenticationError(_refusal(candidate, self.url, key_alone=self.name == "json2"), server_class=None)
        candidate.uid = uid
        self.login = candidate
        return uid

    def assume_login(self, db: str, login: str | None, secret: Secret, uid: int) -> None:
        """Use credentials the server accepted before, without a call (it checks them at every call)."""
        self.login = Login(db, login, secret, uid)

    def close(self) -> None:
        """Release the connection pool."""
        self.channel.close()

    def _require_login(self) -> Login:
        if self.login is None or self.login.uid is None:
            raise ConfigurationError("not authenticated: call authenticate() first")
        return self.login

    def _call_info(self, model: str | None = None, method: str | None = None) -> CallInfo:
        who = self.login.describe(self.url) if self.login else ""
        return CallInfo(model, method, who)

    def __repr__(self) -> str:
        return f"<{type(self).__name__} {self.url}>"


def _refusal(login: Login, url: str, *, key_alone: bool) -> str:
    """Which credential the server refused, and what to check (*key_alone*: the protocol sends no login)."""
    if login.secret.kind != "api_key":
        return f"the server refused the password ({login.describe(url)}): check the login and the password"
    if key_alone or login.login is None:  # the login was not sent: do not name it
        where = f"database {login.db!r} at {url}"
        return f"the server refused the API key (on {where}): it may be mistyped, revoked or expired"
    return (
        f"the server refused the API key ({login.describe(url)}): it may be mistyped, revoked or expired, "
        "or belong to another login (a key works only with its owner's login)"
    )
