"""``env.report()``: PDF, HTML and text reports through the connection's printer (a part of
:class:`~odoorm.orm.environment.Environment`)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING, Any, cast

from ..errors import ConfigurationError
from .connection_info import ConnectionInfo, ReportPrinter
from .connection_state import ConnectionState

if TYPE_CHECKING:
    from .protocols import Env

if TYPE_CHECKING:
    pass

__all__ = ["Reports"]


class Reports:
    """Rendering reports; the printer (a web session, from the client layer) is opened on first use."""

    if TYPE_CHECKING:  # given by the Environment
        _shared: ConnectionState
        _info: ConnectionInfo
        _context: Mapping[str, Any]

        def flush(self) -> None: ...

    def report(
        self,
        report_name: str,
        records: Any | int | Sequence[int],
        *,
        converter: str = "pdf",
        context: Mapping[str, Any] | None = None,
    ) -> bytes:
        """Render the report *report_name* (e.g. ``"sale.report_saleorder"``) of *records*, as Odoo's
        print button does, and return its bytes: a PDF, or HTML / text for ``converter="html"`` / ``"text"``.

        *records*: a recordset of the report's model, or ids. *context*: extends the environment's.
        Odoo renders reports only through its web routes, so this logs in to a web session, which
        needs the user's password (Odoo refuses API keys there): connect with ``password=``, or with
        both ``api_key=`` and ``password=``. The session is kept for the next reports.

        Round trips: 1; the first time also the web login and one call for the report's model; a
        session found expired is logged in again once. Pending changes are flushed first.

        Raises:
            ConfigurationError: no password to log in with (an API key only), or an unknown converter.
            RecordError: an unknown report, records of another model, nothing to print.
            MissingError, AccessError, UserError: the server's refusal, with its message.
            AuthenticationError: the web login was refused.
            ProtocolError: the server answered another type (an HTML page instead of a PDF).
        """
        printer = self._printer()
        self.flush()
        return printer.render(
            cast("Env", self), report_name, records, converter=converter, context={**self._context, **(context or {})}
        )

    def _printer(self) -> ReportPrinter:
        """The connection's report printer, opened on first use (no call)."""
        with self._shared.lock:
            if self._shared.printer is None:
                if self._info.open_printer is None:
                    raise ConfigurationError("this connection offers no reports (no web session to render them)")
                self._shared.printer = self._info.open_printer()
            return self._shared.printer

    def _close_printer(self) -> None:
        """Close the report printer, if one was opened (one call: the web logout)."""
        with self._shared.lock:
            printer, self._shared.printer = self._shared.printer, None
        if printer is not None:
            printer.close()
