"""odoorm: work with a remote Odoo server's data as if you were inside Odoo.

>>> import odoorm
>>> env = odoorm.connect("http://localhost:8069", "mydb", "admin", "admin")
>>> env.execute_kw("res.partner", "search_count", [[("is_company", "=", True)]])
"""

from __future__ import annotations

from ._version import __version__
from .check import CheckReport, check_connection
from .commands import Command
from .connection import connect
from .env import Environment
from .errors import (
    AccessDenied,
    AccessError,
    AuthenticationError,
    ClientError,
    ConcurrencyError,
    ConfigurationError,
    ConnectionFailed,
    ConnectionLost,
    DomainError,
    FieldValueError,
    FlushError,
    HTTPError,
    LockError,
    MarshalError,
    MissingError,
    OdooError,
    ProtocolError,
    ReadOnlyError,
    ReadOnlyFieldError,
    RecordError,
    RedirectWarning,
    RequestTimeout,
    ServerError,
    SignatureError,
    TransportError,
    UnknownFieldError,
    UnknownMethodError,
    UnknownModelError,
    UserError,
    ValidationError,
)
from .expressions import Domain, F
from .meta.diskcache import MetadataCache
from .records import Model
from .service import connect_demo, server_version
from .uow import PendingChange
from .version import ServerVersion

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
    "MarshalError",
    "SignatureError",
    "UnknownModelError",
    "UnknownMethodError",
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
]
