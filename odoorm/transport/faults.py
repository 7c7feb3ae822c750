"""Map the server's fault answers to odoorm exceptions, in one place.

Each protocol reports a server-side exception differently:

- JSON-RPC: ``{"error": {"data": {"name": "odoo.exceptions.X", "message": ..., "debug": ...}}}``
- JSON-2: the same ``data`` object as the body of a 4xx/5xx answer.
- XML-RPC (``/xmlrpc/2``): an integer fault code (1 any error with its
  traceback as text, 2 a ``UserError`` or ``RedirectWarning``, 3
  ``AccessDenied``, 4 ``AccessError``). Code 2 does not say which
  ``UserError`` subclass was raised: see docs/errors.md.
"""

from __future__ import annotations

import builtins
import re
from collections.abc import Mapping
from typing import Any

from .. import errors

__all__ = ["CallInfo", "from_json_error", "from_xmlrpc_fault", "class_for", "not_an_odoo_answer"]

_BY_NAME: dict[str, type[errors.ServerError]] = {
    cls.odoo_class: cls
    for cls in (
        errors.UserError,
        errors.AccessDenied,
        errors.AccessError,
        errors.MissingError,
        errors.LockError,
        errors.ValidationError,
        errors.RedirectWarning,
        errors.ConcurrencyError,
    )
}
# Names used by older releases for the same faults.
_BY_NAME.update(
    {
        "odoo.exceptions.except_orm": errors.UserError,
        "odoo.exceptions.Warning": errors.UserError,
        "odoo.exceptions.DeferredException": errors.ServerError,
        "odoo.http.SessionExpiredException": errors.AuthenticationError,
        "werkzeug.exceptions.Unauthorized": errors.AuthenticationError,
    }
)

_XMLRPC_CODES: dict[int, type[errors.ServerError]] = {
    2: errors.UserError,
    3: errors.AccessDenied,
    4: errors.AccessError,
}


class CallInfo:
    """What was being called, to name it in the error (never the secret)."""

    def __init__(self, model: str | None = None, method: str | None = None, who: str = "") -> None:
        self.model = model
        self.method = method
        self.who = who  # "login 'admin' on database 'db' at http://…", for AccessDenied


def class_for(server_class: str | None) -> type[errors.ServerError]:
    """The odoorm class standing for a server-side exception class name."""
    cls = _BY_NAME.get(server_class or "", errors.ServerError)
    return errors.AuthenticationError if cls is errors.AccessDenied else cls


def from_json_error(data: Mapping[str, Any], call: CallInfo) -> errors.ServerError:
    """Build the exception for a JSON-RPC ``error.data`` or a JSON-2 error body."""
    name = str(data.get("name") or "")
    message = str(data.get("message") or name or "Odoo Server Error")
    cls = class_for(name)
    if name == "werkzeug.exceptions.NotFound" and message.startswith("the model "):
        cls = errors.UserError  # as /jsonrpc and /xmlrpc report an unknown model
    return _build(cls, message, name or None, call, data.get("debug"), tuple(data.get("arguments") or ()))


def from_xmlrpc_fault(code: Any, text: str, call: CallInfo) -> errors.ServerError:
    """Build the exception for an XML-RPC fault of ``/xmlrpc/2``."""
    if code in _XMLRPC_CODES:
        cls = class_for(_XMLRPC_CODES[code].odoo_class)
        return _build(cls, text, _XMLRPC_CODES[code].odoo_class, call, None, (text,))
    name, message = _last_traceback_line(text)
    if name and "." not in name and isinstance(getattr(builtins, name, None), type):
        name = f"builtins.{name}"  # as the JSON protocols name it
    return _build(class_for(name), message, name, call, text, (message,))


def not_an_odoo_answer(message: str, *, url: str, status: int, read_only: bool) -> errors.TransportError:
    """The error for an answer that is neither an Odoo result nor an Odoo fault (an HTML page, a cut
    or garbled body, a gateway's 5xx, a body of the wrong form).

    The outcome rule: a call that may write has a *known* outcome only when the server answered a
    well-formed Odoo result or a well-formed Odoo fault. Anything else may have come after the
    server ran the call (a proxy replacing or cutting the answer), so for such a call
    ``outcome_unknown`` is set and its changes are never sent again by a flush. The one exception
    is 429 Too Many Requests, by which a server or proxy says it declined to run the call.
    """
    cls = errors.HTTPError if status >= 400 else errors.ProtocolError
    return cls(message, url=url, status=status, outcome_unknown=not read_only and status != 429)


def _build(
    cls: type[errors.ServerError],
    message: str,
    server_class: str | None,
    call: CallInfo,
    traceback: Any,
    arguments: tuple[Any, ...],
) -> errors.ServerError:
    if issubclass(cls, errors.AuthenticationError) and call.who:
        message = f"{message} ({call.who})"
    constraint = _untranslated_constraint(server_class, message, traceback)
    if constraint is not None:
        cls, server_class, message = errors.ValidationError, "odoo.exceptions.ValidationError", constraint
    return cls(
        message,
        server_class=server_class,
        model=call.model,
        method=call.method,
        traceback=str(traceback) if traceback else None,
        arguments=arguments,
    )


_INTEGRITY_LINE = re.compile(r"^psycopg2\.errors\.\w+: (.+)$", re.MULTILINE)


def _untranslated_constraint(server_class: str | None, message: str, traceback: Any) -> str | None:
    """The message of a violated SQL constraint that Odoo 16 failed to translate.

    Odoo 16 turns a violated SQL constraint into a ``ValidationError`` by translating the
    constraint's message into ``context['lang']`` of a context that never has one, and answers
    ``KeyError: 'lang'`` instead (nothing was written: the transaction was rolled back). Its
    traceback still holds PostgreSQL's own message, which is what Odoo shows for a constraint it
    cannot name; ``None`` for every other fault.
    """
    if server_class != "builtins.KeyError" or message.strip("'\" ") != "lang" or not traceback:
        return None
    text = str(traceback)
    found = _INTEGRITY_LINE.search(text)
    if "_as_validation_error" not in text or found is None:
        return None
    return (
        f"The operation cannot be completed: {found.group(1).strip()} "
        "(the server could not word this constraint's message: Odoo 16 answered KeyError 'lang')"
    )


_EXCEPTION_LINE = re.compile(
    r"^((?:[A-Za-z_]\w*\.)+[A-Za-z_]\w*|[A-Za-z_]\w*(?:Error|Exception|Warning|Denied|Exit|Interrupt))"
    r"(?::\s?(.*))?$"
)


def _last_traceback_line(text: str) -> tuple[str | None, str]:
    """``("odoo.exceptions.X", "message")`` from a formatted Python traceback.

    The exception line is the last unindented line naming a class; a
    message running over several lines is kept whole.
    """
    lines = text.strip().splitlines()
    if not lines or not lines[0].startswith("Traceback"):
        return None, text.strip()
    for index in range(len(lines) - 1, -1, -1):
        match = _EXCEPTION_LINE.match(lines[index])
        if match and not lines[index].startswith(" "):
            rest = [match.group(2) or "", *lines[index + 1 :]]
            return match.group(1), "\n".join(rest).strip()
    return None, lines[-1]
