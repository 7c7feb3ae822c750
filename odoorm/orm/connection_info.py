"""What the client layer tells the ORM about a connection, and what it lends it.

The ORM knows nothing of settings files, remembered logins or web sessions: :func:`odoorm.connect`
builds a :class:`ConnectionInfo` with the facts an :class:`~odoorm.orm.environment.Environment`
needs, the metadata store it may use, and two services of its own — forgetting a remembered login
the server refused, and opening the report printer of the connection.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import TYPE_CHECKING, Any, Protocol

import attrs

from ..meta.diskcache import MetadataStore

if TYPE_CHECKING:
    from .protocols import Env

__all__ = ["ConnectionInfo", "ReportPrinter"]


class ReportPrinter(Protocol):
    """Renders reports of one connection (the client layer's web session)."""

    def render(self, env: Env, name: str, records: Any, *, converter: str, context: Mapping[str, Any]) -> bytes:
        """The report *name* of *records* as bytes."""

    def close(self) -> None:
        """Release what rendering held (log out of the web session)."""


def _nothing() -> None:
    return None


@attrs.frozen
class ConnectionInfo:
    """The facts of one authenticated connection (never its secret)."""

    url: str
    db: str
    uid: int
    username: str | None = None
    #: Whether the server checked :attr:`username` at login (XML-RPC, JSON-RPC); JSON-2 authenticates
    #: with the API key alone, and the environment compares the login with the key's owner when needed.
    login_checked: bool = True
    readonly: bool = False
    context: Mapping[str, Any] = attrs.field(factory=dict)
    #: This connection's metadata cache on disk (``connect(metadata_cache=...)``), if any.
    metadata_store: MetadataStore | None = None
    #: Called when the server refuses the credentials at a call: a remembered login must be checked
    #: again next time.
    forget_login: Callable[[], None] = _nothing
    #: Opens the connection's report printer on the first ``env.report()`` (``None``: reports are not
    #: offered); it may raise :class:`~odoorm.errors.ConfigurationError` (no password to log in with).
    open_printer: Callable[[], ReportPrinter] | None = None

    def __reduce__(self) -> Any:
        raise TypeError("odoorm refuses to pickle a secret: a connection's services hold its credentials")
