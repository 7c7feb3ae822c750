"""The exceptions odoorm raises, as one tree under :class:`OdooError`.

::

    OdooError
    ├── ServerError                 a fault raised by the Odoo server (keeps its Odoo class)
    │   ├── UserError               odoo.exceptions.UserError          (also ValueError)
    │   │   ├── AccessDenied        odoo.exceptions.AccessDenied       (also PermissionError)
    │   │   │   └── AuthenticationError   a refused login, password or API key
    │   │   ├── AccessError         odoo.exceptions.AccessError        (also PermissionError)
    │   │   ├── MissingError        odoo.exceptions.MissingError       (also LookupError)
    │   │   ├── LockError           odoo.exceptions.LockError
    │   │   └── ValidationError     odoo.exceptions.ValidationError
    │   ├── RedirectWarning         odoo.exceptions.RedirectWarning
    │   └── ConcurrencyError        odoo.exceptions.ConcurrencyError
    ├── FlushError                  pending changes the server refused (.model, .ids, .fields, .error)
    ├── TransportError              the call did not get a protocol answer (.url, .status)
    │   ├── ConnectionFailed        nothing was sent: refused, unreachable, DNS, connect timeout
    │   ├── RequestTimeout          no answer in time (also TimeoutError)
    │   ├── ConnectionLost          the connection broke after the request went out
    │   ├── HTTPError               an HTTP error status that is not a protocol fault
    │   └── ProtocolError           an answer that is not the protocol's (HTML page, garbled body)
    └── ClientError                 refused by odoorm before anything was sent
        ├── ConfigurationError      missing or contradictory settings
        │   ├── LoginMismatchError  the login given is not the API key's owner (JSON-2)
        │   └── UnknownDatabaseError  no database of that name on the server (.databases it lists)
        ├── ReadOnlyError           a possibly-writing method on a read-only connection
        ├── ClosedError             a call or a change on an environment that was closed
        ├── MarshalError            a value the protocol cannot carry (also TypeError)
        ├── SignatureError          positional arguments JSON-2 cannot name (also TypeError)
        ├── UnknownModelError       no such model on the server (also KeyError)
        ├── UnknownMethodError      not a method name: not a Python identifier (also AttributeError)
        │   └── NotOverRpcError     a server-side ORM name that cannot work over RPC (sudo, with_user…)
        ├── UnknownFieldError       no such field on the model (also AttributeError)
        ├── FieldValueError         a value of the wrong type for a field (also TypeError, ValueError)
        │   └── ReadOnlyFieldError  a write to a field the metadata says is read-only
        ├── DomainError             a bad domain, order, limit or offset (also ValueError)
        ├── RecordError             a recordset misused, e.g. not a singleton (also ValueError)
        └── FormError               a Form used as the web client would not allow (also ValueError)
            ├── FieldNotEditableError   a field the view makes readonly or invisible now, assigned
            ├── RequiredFieldsError     required fields empty at save (all of them listed)
            ├── UnknownButtonError      no such button in the view (also LookupError)
            └── ExpressionError         a view expression outside the evaluated subset

(The form errors live in :mod:`odoorm.errors.forms`.)

Server faults are mapped from the server's answer in one place,
:mod:`odoorm.transport.faults`; transport errors in one place,
:mod:`odoorm.transport.http`; both are chained to their cause with ``from``.
"""

from .core import (
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
    FieldValueError,
    FlushError,
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
    ServerError,
    SignatureError,
    TransportError,
    UnknownDatabaseError,
    UnknownFieldError,
    UnknownMethodError,
    UnknownModelError,
    UserError,
    ValidationError,
)
from .core import (
    did_you_mean as did_you_mean,  # a helper of the library, not in __all__
)
from .forms import ExpressionError, FieldNotEditableError, FormError, RequiredFieldsError, UnknownButtonError

__all__ = [
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
    "FormError",
    "FieldNotEditableError",
    "RequiredFieldsError",
    "UnknownButtonError",
    "ExpressionError",
    "LoginMismatchError",
    "UnknownDatabaseError",
]

for _name in __all__:  # tracebacks and reprs name them odoorm.errors.X, wherever they are defined
    globals()[_name].__module__ = __name__
del _name
