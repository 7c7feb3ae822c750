"""odoorm: work with a remote Odoo server's data as if you were inside Odoo.

>>> import odoorm
>>> env = odoorm.connect("http://localhost:8069", "mydb", "admin", "admin")
>>> env.execute_kw("res.partner", "search_count", [[("is_company", "=", True)]])
"""

from __future__ import annotations

from ._version import __version__
from .client.check import CheckReport, check_connection
from .client.connect import connect
from .client.service import connect_demo, server_version
from .errors import (
    AccessDenied,
    AccessError,
    AuthenticationError,
    ClientError,
    ClosedError,
    ConcurrencyError,
    ConfigurationError,
    ConnectionFailed,
    ConnectionLost,
    DomainError,
    ExpressionError,
    FieldNotEditableError,
    FieldValueError,
    FlushError,
    FormError,
    HTTPError,
    LockError,
    LoginMismatchError,
    MarshalError,
    MissingError,
    NotOverRpcError,
    OdooError,
    ProtocolError,
    ReadOnlyError,
    ReadOnlyFieldError,
    RecordError,
    RedirectWarning,
    RequestTimeout,
    RequiredFieldsError,
    ServerError,
    SignatureError,
    TransportError,
    UnknownButtonError,
    UnknownDatabaseError,
    UnknownFieldError,
    UnknownMethodError,
    UnknownModelError,
    UserError,
    ValidationError,
)
from .meta.diskcache import MetadataCache
from .meta.versions import ServerVersion
from .orm.commands import Command
from .orm.domains.builder import F
from .orm.domains.expression import Domain
from .orm.environment import Environment
from .orm.form import Action, Form
from .orm.model import Model
from .orm.unit_of_work import PendingChange

__all__ = [
    "__version__",
    "connect",
    "connect_demo",
    "server_version",
    "check_connection",
    "CheckReport",
    "Environment",
    "MetadataCache",
    "ServerVersion",
    "OdooError",
    "ServerError",
    "UserError",
    "AccessDenied",
    "AuthenticationError",
    "AccessError",
    "MissingError",
    "LockError",
    "ValidationError",
    "RedirectWarning",
    "ConcurrencyError",
    "TransportError",
    "ConnectionFailed",
    "RequestTimeout",
    "ConnectionLost",
    "HTTPError",
    "ProtocolError",
    "ClientError",
    "ConfigurationError",
    "ReadOnlyError",
    "ClosedError",
    "MarshalError",
    "SignatureError",
    "UnknownModelError",
    "UnknownMethodError",
    "NotOverRpcError",
    "UnknownFieldError",
    "FieldValueError",
    "RecordError",
    "ReadOnlyFieldError",
    "FlushError",
    "DomainError",
    "Domain",
    "F",
    "Model",
    "Command",
    "PendingChange",
    "Form",
    "Action",
    "FormError",
    "FieldNotEditableError",
    "RequiredFieldsError",
    "UnknownButtonError",
    "ExpressionError",
    "LoginMismatchError",
    "UnknownDatabaseError",
]


def load_ipython_extension(ipython: object) -> None:
    """``%load_ext odoorm`` in IPython or Jupyter: ``env["res.partner"].<Tab>`` completes the model's
    fields and methods (see :mod:`odoorm.client.ipython`; ``odoorm shell`` loads it itself)."""
    from .client.ipython import load_ipython_extension as load

    load(ipython)


def unload_ipython_extension(ipython: object) -> None:
    """``%unload_ext odoorm``: undo :func:`load_ipython_extension`."""
    from .client.ipython import unload_ipython_extension as unload

    unload(ipython)
