"""Who the environment acts as: ``env.username`` (a part of :class:`~odoorm.orm.environment.Environment`).

Over XML-RPC and JSON-RPC the server checks the login with the secret when :func:`~odoorm.connect`
logs in (an API key of another user is refused there). JSON-2 authenticates with the API key alone:
the login given never reaches the server, and every call runs as the key's owner. The login is
therefore compared with the key's owner the first time it is needed, and a difference is refused
with :class:`~odoorm.errors.LoginMismatchError` rather than reported as if it were true.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING, Any

from ..errors import LoginMismatchError
from ..transport import answers

if TYPE_CHECKING:
    from .connection_info import ConnectionInfo
    from .registry import ModelRegistry

__all__ = ["Identity"]


class Identity:
    """The login of the connected user, checked against the server when the protocol did not check it."""

    if TYPE_CHECKING:  # given by the Environment
        _info: ConnectionInfo
        registry: ModelRegistry
        uid: int

        def execute_kw(
            self, model: str, method: str, args: Sequence[Any] = (), kwargs: Mapping[str, Any] | None = None
        ) -> Any: ...

    @property
    def username(self) -> str:
        """The login of the user every call runs as.

        Over XML-RPC and JSON-RPC the server checked it at login: no call. Over JSON-2 the API key
        alone authenticates, so the login of its owner is read the first time (one ``res.users``
        ``read``, then remembered for this server, database and user in this process).

        Raises:
            LoginMismatchError: a login was given (``username=``, ``ODOO_USERNAME``) and the API key
                belongs to another user.
        """
        given = self._info.username
        if self._info.login_checked and given:
            return given
        actual = self.registry.login
        if actual is None:
            actual = self.registry.login = self._read_login()
        return self._confirm_login(actual)

    def _confirm_login(self, actual: str) -> str:
        """Record *actual*, the login the server reports for :attr:`uid`, and refuse a different one given."""
        self.registry.login = actual
        given = self._info.username
        if given and given != actual:
            raise LoginMismatchError(given, actual)
        return actual

    def _read_login(self) -> str:
        """The login of :attr:`uid`, as the server stores it. One call."""
        site = answers.Call(self._info.url, "res.users", "read")
        rows = answers.row_list(site, self.execute_kw("res.users", "read", [[self.uid], ["login"]]))
        with answers.reading(site, "no row of the user with a 'login'"):
            return str(rows[0]["login"])
