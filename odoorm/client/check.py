"""A connection check: who and where you are, and what you may do (``odoorm check``).

>>> report = check_connection(env)
>>> report.version.info, report.login, report.access["write"]
((19, 0), 'admin', True)
>>> print(report)

Round trips: one ``read`` of the user, plus one ``has_access`` (``check_access_rights`` before Odoo 18) per operation.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from types import MappingProxyType

import attrs

from ..meta.releases import HAS_ACCESS_SINCE
from ..meta.versions import ServerVersion
from ..orm.environment import Environment
from ..transport import answers

__all__ = ["ACCESS_OPERATIONS", "CheckReport", "check_connection"]

#: The operations whose model-level access rights the check reports.
ACCESS_OPERATIONS = ("read", "write", "create", "unlink")


def _frozen_mapping(value: Mapping[str, bool]) -> Mapping[str, bool]:
    return MappingProxyType(dict(value))


@attrs.frozen
class CheckReport:
    """What :func:`check_connection` found; ``str(report)`` is a short aligned text."""

    url: str
    db: str
    protocol: str
    version: ServerVersion
    uid: int
    login: str
    user_name: str
    #: The model whose access rights were checked.
    model: str
    #: Operation (``read``, ``write``, ``create``, ``unlink``) → whether the user may do it on :attr:`model`.
    access: Mapping[str, bool] = attrs.field(converter=_frozen_mapping, hash=False)

    @property
    def allowed(self) -> list[str]:
        """The operations the user may do on :attr:`model`."""
        return [operation for operation, granted in self.access.items() if granted]

    def __str__(self) -> str:
        rights = ", ".join(f"{operation} {'yes' if granted else 'no'}" for operation, granted in self.access.items())
        rows = [
            ("Server", f"Odoo {self.version} at {self.url}"),
            ("Database", self.db),
            ("User", f"{self.user_name} (login {self.login}, uid {self.uid})"),
            ("Protocol", self.protocol),
            ("Access", f"{self.model}: {rights}"),
        ]
        return "\n".join(f"{label:<10}{value}" for label, value in rows)


def check_connection(
    env: Environment, model: str = "res.partner", operations: Sequence[str] = ACCESS_OPERATIONS
) -> CheckReport:
    """Check *env*'s connection: the user's login and name, and its access rights on *model*.

    Round trips: 1 + ``len(operations)``, plus the version the first time (no metadata is
    loaded). Raises what the calls raise,
    e.g. :class:`~odoorm.errors.TransportError` when the server cannot be reached, and
    :class:`~odoorm.errors.LoginMismatchError` when the login given is not the API key's owner (JSON-2).
    """
    site = answers.Call(env.url, "res.users", "read")
    rows = answers.row_list(site, env.execute_kw("res.users", "read", [[env.uid], ["login", "name"]]))
    with answers.reading(site, "no row of the user with 'login' and 'name'"):
        login, user_name = str(rows[0]["login"]), str(rows[0]["name"])
    env._confirm_login(login)  # JSON-2: the login given must be the API key's owner (no further call)
    access = {operation: _has_access(env, model, operation) for operation in operations}
    return CheckReport(
        url=env.url,
        db=env.db,
        protocol=env.protocol,
        version=env.version,
        uid=env.uid,
        login=login,
        user_name=user_name,
        model=model,
        access=access,
    )


def _has_access(env: Environment, model: str, operation: str) -> bool:
    """Model-level access (ACLs, not record rules), without raising when denied:
    ``has_access`` on Odoo 18+, ``check_access_rights`` before (deprecated since 18)."""
    if env.version >= HAS_ACCESS_SINCE:
        return bool(env.execute_kw(model, "has_access", [[], operation]))
    return bool(env.execute_kw(model, "check_access_rights", [operation, False]))
