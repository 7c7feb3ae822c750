"""The exception classes of odoorm but those of forms (:mod:`odoorm.errors.forms`); the tree and
the public names are in :mod:`odoorm.errors`."""

from __future__ import annotations

import difflib
from collections.abc import Iterable
from typing import Any


class OdooError(Exception):
    """Base class of every exception odoorm raises."""


# ---------------------------------------------------------------- server faults


class ServerError(OdooError):
    """A fault raised by the Odoo server while running a call.

    Attributes:
        message: the server's own message (as Odoo's UI would show it).
        server_class: the dotted name of the server-side exception class,
            e.g. ``"odoo.exceptions.ValidationError"`` (``None`` when the
            protocol does not tell it, see docs/errors.md).
        model, method: the call that failed (``None`` outside ``execute_kw``).
        traceback: the server's traceback text, when it sent one.
        arguments: the exception's ``args`` as the server sent them.
    """

    #: The Odoo exception this class stands for; subclasses override it.
    odoo_class = "odoo.exceptions.ServerError"

    def __init__(
        self,
        message: str,
        *,
        server_class: str | None = None,
        model: str | None = None,
        method: str | None = None,
        traceback: str | None = None,
        arguments: tuple[Any, ...] = (),
    ) -> None:
        super().__init__(message)
        self.message = message
        self.server_class = server_class
        self.model = model
        self.method = method
        self.traceback = traceback
        self.arguments = arguments

    def __str__(self) -> str:
        where = f"{self.model}.{self.method}: " if self.model and self.method else ""
        return f"{where}{self.message}"


class UserError(ServerError, ValueError):
    """``odoo.exceptions.UserError``: the server refused the operation for a business reason."""

    odoo_class = "odoo.exceptions.UserError"


class AccessDenied(UserError, PermissionError):
    """``odoo.exceptions.AccessDenied``: a login, password or API key was refused."""

    odoo_class = "odoo.exceptions.AccessDenied"


class AuthenticationError(AccessDenied):
    """The server refused the credentials (at connect time or on a later call).

    The message names the url, database and login, never the secret.
    """


class AccessError(UserError, PermissionError):
    """``odoo.exceptions.AccessError``: the user lacks the rights for the operation."""

    odoo_class = "odoo.exceptions.AccessError"


class MissingError(UserError, LookupError):
    """``odoo.exceptions.MissingError``: a record does not exist (or was deleted)."""

    odoo_class = "odoo.exceptions.MissingError"


class LockError(UserError):
    """``odoo.exceptions.LockError``: a record is locked by another transaction."""

    odoo_class = "odoo.exceptions.LockError"


class ValidationError(UserError):
    """``odoo.exceptions.ValidationError``: a constraint on the data was violated."""

    odoo_class = "odoo.exceptions.ValidationError"


class RedirectWarning(ServerError):
    """``odoo.exceptions.RedirectWarning``: a warning that points the user at an action."""

    odoo_class = "odoo.exceptions.RedirectWarning"


class ConcurrencyError(ServerError):
    """``odoo.exceptions.ConcurrencyError``: a serialization conflict on the server."""

    odoo_class = "odoo.exceptions.ConcurrencyError"


# ---------------------------------------------------------------- transport errors


class TransportError(OdooError):
    """The call did not get an answer of the protocol.

    Attributes:
        url: the endpoint called.
        status: the HTTP status, when there was a response.
        outcome_unknown: ``True`` when the request may have reached the
            server, so a writing call may or may not have taken effect
            (odoorm never re-sends such a call).
    """

    def __init__(
        self,
        message: str,
        *,
        url: str,
        status: int | None = None,
        outcome_unknown: bool = False,
    ) -> None:
        super().__init__(message)
        self.url = url
        self.status = status
        self.outcome_unknown = outcome_unknown

    def __str__(self) -> str:
        text = f"{self.args[0]} [{self.url}"
        text += f", HTTP {self.status}]" if self.status else "]"
        if self.outcome_unknown:
            text += " (the request may have reached the server: its outcome is unknown)"
        return text


class ConnectionFailed(TransportError, ConnectionError):
    """No connection could be made; nothing was sent."""


class RequestTimeout(TransportError, TimeoutError):
    """The server did not answer within the timeout."""


class ConnectionLost(TransportError, ConnectionError):
    """The connection broke after the request was (perhaps) sent."""


class HTTPError(TransportError):
    """The server answered an HTTP error status that carries no protocol fault."""


class ProtocolError(TransportError):
    """The answer is not the protocol's (an HTML error page, truncated or garbled data)."""


# ---------------------------------------------------------------- client-side refusals


class ClientError(OdooError):
    """odoorm refused the call before anything was sent."""


class ConfigurationError(ClientError, ValueError):
    """Connection settings are missing or contradict each other."""


class ClosedError(ClientError):
    """The environment was closed (``env.close()``, or the end of ``with odoorm.connect() as env:``)."""


class ReadOnlyError(ClientError, PermissionError):
    """A method not known to be read-only was called on a ``readonly=True`` connection."""


class MarshalError(ClientError, TypeError):
    """A value cannot be carried by the protocol (named in the message)."""


class SignatureError(ClientError, TypeError):
    """Positional arguments that the JSON-2 API cannot map to parameter names."""


class UnknownModelError(ClientError, KeyError):
    """The server has no model of that name (the message suggests close names)."""

    def __str__(self) -> str:
        return str(self.args[0])


class UnknownMethodError(ClientError, AttributeError):
    """A method name no server could have: not a Python identifier (the message names it)."""


class NotOverRpcError(UnknownMethodError):
    """A name of Odoo's server-side ORM that cannot work over RPC (``sudo``, ``with_user``, ``new``,
    ``lock_for_update``…): raised when the attribute is looked up, before anything is sent; the message
    says why and what to do instead. Also an :class:`AttributeError` (``hasattr`` is false)."""


class UnknownFieldError(ClientError, AttributeError):
    """The model has no field of that name (the message suggests close names)."""


class FieldValueError(ClientError, TypeError, ValueError):
    """A value that does not fit the field it is given to (the message names the field)."""


class RecordError(ClientError, ValueError):
    """A recordset used where it cannot be: several records where one is expected, mixed models…"""


class ReadOnlyFieldError(FieldValueError):
    """A write to a field the server's metadata marks read-only; ``write(vals, force=True)`` sends it anyway."""


class FlushError(OdooError):
    """The server refused pending changes during a flush.

    Attributes:
        model, ids, fields: the records and fields whose changes failed (they stay pending,
            unless the outcome is unknown).
        error: the server's fault (also the ``__cause__``).
        outcome_unknown: the call may have been applied (``error.outcome_unknown``); its changes
            are then no longer pending, so that no later flush sends them twice.
        changes: those changes (``PendingChange`` objects), when the outcome is unknown.
    """

    def __init__(
        self,
        message: str,
        *,
        model: str,
        ids: tuple[int, ...],
        fields: tuple[str, ...],
        error: Exception,
        outcome_unknown: bool = False,
        changes: tuple[Any, ...] = (),
    ) -> None:
        super().__init__(message)
        self.model = model
        self.ids = ids
        self.fields = fields
        self.error = error
        self.outcome_unknown = outcome_unknown
        self.changes = changes


class DomainError(ClientError, ValueError):
    """A search the server would refuse: a domain or order string that is not well formed, a domain
    on a field neither stored nor searchable, a negative limit or offset (the message shows the part
    at fault)."""


class LoginMismatchError(ConfigurationError):
    """The login given is not the user the API key belongs to. JSON-2 authenticates with the key
    alone, so the server never sees the login: odoorm compares it with the key's owner when the login
    is first needed (``env.username``, ``odoorm check``, the shell's banner).

    Attributes:
        given: the login passed to :func:`~odoorm.connect` (or ``ODOO_USERNAME``).
        actual: the login of the key's owner, as whom every call runs.
    """

    def __init__(self, given: str, actual: str) -> None:
        super().__init__(
            f"the API key belongs to the login {actual!r}, not to {given!r} (given as username): every call would "
            f"run as {actual!r}. Pass that user's own API key, or username={actual!r} (or no username)"
        )
        self.given = given
        self.actual = actual


class UnknownDatabaseError(ConfigurationError):
    """The server has no database of that name (found at login; the message lists the server's
    databases when it lists them — many servers do not, ``list_db = False``).

    Attributes:
        db: the name given. url: the server.
        databases: the names the server lists, or ``None`` when it does not list them.
    """

    def __init__(self, db: str, url: str, databases: list[str] | None) -> None:
        if databases is None:
            where = "the server does not list its databases: check the name with its administrator"
        else:
            listed = ", ".join(map(repr, databases)) or "none"
            where = f"it lists {listed}{did_you_mean(db, databases)}"
        super().__init__(f"no database {db!r} at {url}: {where} (db= or ODOO_DB)")
        self.db = db
        self.url = url
        self.databases = databases


def did_you_mean(name: str, candidates: Iterable[str], n: int = 3) -> str:
    """``"; did you mean 'name', 'names'?"`` for the candidates close to *name* (``""`` when none is)."""
    close = difflib.get_close_matches(name, list(candidates), n=n)
    return f"; did you mean {', '.join(map(repr, close))}?" if close else ""
