"""Printing reports: what :meth:`odoorm.Environment.report` does.

Odoo 14 and later render reports only in private methods, out of RPC's
reach; the web client downloads them from ``/report/<converter>/<name>/<ids>``
with a session cookie. So a :class:`Printer` (one per connection) logs in to a
:class:`~odoorm.transport.websession.WebSession` with the user's password and
GETs that route. Before the first download of a report it asks RPC for the
report's model once, to refuse records of another model before anything is
rendered; when a download fails, it reads the records over RPC, so that an
unreadable record gives the server's own ``AccessError`` and a missing one a
``MissingError`` naming it (Odoo 19 hides the cause behind an HTTP 500 on
that route).
"""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING, Any
from urllib.parse import quote

from ..errors import (
    AccessError,
    AuthenticationError,
    ConfigurationError,
    MissingError,
    RecordError,
    ServerError,
    UserError,
)
from ..orm.model import Model
from ..transport import Transport, answers
from ..transport.websession import MIME_TYPES, WebSession
from ..transport.wire import to_wire
from .settings import Settings

if TYPE_CHECKING:
    from ..orm.protocols import Env as Environment

__all__ = ["Printer", "open_printer"]

Records = Model | int | Sequence[int]


def open_printer(transport: Transport, settings: Settings, db: str, uid: int) -> Printer:
    """A printer for the connection of *transport* (held by its environments, see
    :class:`~odoorm.orm.connection_info.ConnectionInfo`); no call.

    Raises :class:`~odoorm.errors.ConfigurationError` when the settings hold no
    password (Odoo refuses API keys for the web login) or no login.
    """
    if settings.password is None or not settings.username:
        raise ConfigurationError(
            "env.report() needs a web session, whose login Odoo grants for a password only, never for an API "
            "key: connect with username= and password= (beside api_key=, which RPC keeps using), or set "
            "ODOO_USERNAME and ODOO_PASSWORD beside ODOO_API_KEY"
        )
    return Printer(WebSession(transport.channel, db, settings.username, settings.password, uid=uid))


class Printer:
    """Renders reports of one connection through its web session."""

    def __init__(self, web: WebSession) -> None:
        self.web = web
        self._models: dict[str, str] = {}  # report name -> the model it prints

    def close(self) -> None:
        """Log out of the web session, if it was opened (one call then)."""
        self.web.close()

    def render(self, env: Environment, name: str, records: Any, *, converter: str, context: Mapping[str, Any]) -> bytes:
        """The report *name* of *records* as bytes (see :meth:`odoorm.Environment.report`)."""
        mime = MIME_TYPES.get(converter)
        if mime is None:
            raise ConfigurationError(
                f"report {name!r}: unknown converter {converter!r}; the report route offers {', '.join(MIME_TYPES)}"
            )
        given_model, ids = _target(name, records)
        model = self._model_of(env, name)
        if given_model is not None and given_model != model:
            raise RecordError(f"report {name!r} prints {model} records, not {given_model} records")
        path = f"/report/{converter}/{quote(name)}/{','.join(map(str, ids))}"
        query = {"context": json.dumps(to_wire(context), separators=(",", ":"), sort_keys=True)} if context else {}
        try:
            return self.web.get(path, query, expect=mime, label=f"web /report/{converter}/{name}")
        except ServerError as failure:
            if not isinstance(failure, AccessError | AuthenticationError):
                _diagnose(env, name, model, ids, failure)
            raise

    def _model_of(self, env: Environment, name: str) -> str:
        """The model report *name* prints: one call the first time, none after."""
        if name not in self._models:
            answer = env.execute_kw(
                "ir.actions.report", "search_read", [[("report_name", "=", name)]], {"fields": ["model"], "limit": 1}
            )
            site = answers.Call(env.url, "ir.actions.report", "search_read")
            rows = answers.row_list(site, answer)
            if not rows:
                raise RecordError(f"no report named {name!r} on the server (ir.actions.report.report_name)")
            with answers.reading(site):
                self._models[name] = str(rows[0]["model"])
        return self._models[name]


def _target(name: str, records: Records) -> tuple[str | None, tuple[int, ...]]:
    """``(model or None, ids)`` of what to print; refuses nothing to print and non-ids."""
    if isinstance(records, Model):
        model, ids = records._name, tuple(records._ids)
    elif isinstance(records, int) and not isinstance(records, bool):
        model, ids = None, (records,)
    elif isinstance(records, Sequence) and not isinstance(records, str | bytes):
        model, ids = None, tuple(records)
    else:
        raise RecordError(f"report {name!r}: give records or ids to print, not {type(records).__name__}")
    bad = [i for i in ids if not isinstance(i, int) or isinstance(i, bool) or i <= 0]
    if bad:
        raise RecordError(f"report {name!r}: record ids are positive integers, not {bad[0]!r:.40}")
    if not ids:
        raise RecordError(f"report {name!r}: no records to print")
    return model, ids


def _diagnose(env: Environment, name: str, model: str, ids: tuple[int, ...], failure: ServerError) -> None:
    """After a failed render, one read of the records: an unreadable one raises the server's own fault, a
    missing one (``read`` leaves it out) a :class:`MissingError` naming it."""
    try:
        rows = env.execute_kw(model, "read", [list(ids)], {"fields": ["display_name"]})
    except UserError as cause:  # AccessError (XML-RPC calls it UserError); MissingError before Odoo 17
        raise cause from failure
    site = answers.Call(env.url, model, "read")
    with answers.reading(site):
        missing = sorted(set(ids) - {row["id"] for row in answers.row_list(site, rows)})
    if missing:
        raise MissingError(
            f"report {name!r}: {model} record(s) {missing} do not exist or were deleted "
            f"(the report route answered: {failure.message})",
            model=model,
            arguments=(missing,),
        ) from failure
