"""The :class:`Environment`: one authenticated user on one database.

It holds the transport, the user's context and the read-only guard; later
layers hang models (``env["res.partner"]``), caches and the unit of work
on it.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from types import MappingProxyType, TracebackType
from typing import Any

from .config import Settings
from .errors import ReadOnlyError
from .methods import is_read_only
from .transport import Transport
from .version import ServerVersion

__all__ = ["Environment"]


class Environment:
    """An authenticated connection: ``uid``, ``db``, ``url``, ``version``, ``context``, ``protocol``.

    Create it with :func:`odoorm.connect`. It can be used as a context
    manager (closing it releases the connection pool).
    """

    def __init__(self, transport: Transport, settings: Settings, version: ServerVersion, uid: int, db: str) -> None:
        self._transport = transport
        self._settings = settings
        self._context: Mapping[str, Any] = MappingProxyType(dict(settings.context))
        self.uid = uid
        self.db = db
        self.version = version

    # ------------------------------------------------------------ facts

    @property
    def url(self) -> str:
        """The server's base URL."""
        return self._settings.url

    @property
    def username(self) -> str | None:
        """The login used (``None`` when only an API key was given on JSON-2)."""
        return self._settings.username

    @property
    def protocol(self) -> str:
        """The protocol in use: ``"xmlrpc"``, ``"jsonrpc"`` or ``"json2"``."""
        return self._transport.name

    @property
    def context(self) -> Mapping[str, Any]:
        """The context sent with every call (read-only; see :meth:`with_context`)."""
        return self._context

    @property
    def readonly(self) -> bool:
        """Whether methods not known to be read-only are refused."""
        return self._settings.readonly

    # ------------------------------------------------------------ calls

    def execute_kw(
        self, model: str, method: str, args: Sequence[Any] = (), kwargs: Mapping[str, Any] | None = None
    ) -> Any:
        """Call ``model.method(*args, **kwargs)`` on the server, as Odoo's ``execute_kw`` does.

        The environment's context is merged under ``kwargs["context"]``.
        Behaves the same over every protocol. One round trip.

        Raises:
            ReadOnlyError: on a read-only connection, for a method not known to be read-only.
            ServerError: (a subclass of) the fault the server raised.
            TransportError: the call got no answer of the protocol.
        """
        if self.readonly and not is_read_only(method):
            raise ReadOnlyError(
                f"{model}.{method}: this connection is read-only (connect(readonly=True)) and "
                f"{method!r} is not known to be a read-only method"
            )
        call_kwargs = dict(kwargs or {})
        call_kwargs["context"] = {**self._context, **(call_kwargs.get("context") or {})}
        return self._transport.execute_kw(model, method, list(args), call_kwargs)

    def with_context(self, *args: Mapping[str, Any], **overrides: Any) -> Environment:
        """A new environment on the same connection, with a replaced or extended context.

        ``env.with_context(ctx)`` replaces the context; ``env.with_context(lang="fr_FR")``
        extends it (as in Odoo). No round trip.
        """
        base = dict(args[0]) if args else dict(self._context)
        clone = object.__new__(Environment)
        clone.__dict__.update(self.__dict__)
        clone._context = MappingProxyType({**base, **overrides})
        return clone

    # ------------------------------------------------------------ lifetime

    def close(self) -> None:
        """Release the connection pool. The environment cannot be used afterwards."""
        self._transport.close()

    def __enter__(self) -> Environment:
        return self

    def __exit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        self.close()

    def __repr__(self) -> str:
        return f"<Environment {self.url} db={self.db!r} uid={self.uid} protocol={self.protocol}>"
