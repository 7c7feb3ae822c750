"""The :class:`Environment`: one authenticated user on one database, with a context.

It gives the models (``env["res.partner"]``), holds the record cache (one
per environment: a different context may read different values), and
shares the connection, the model registry, the call statistics and the
unit of work (pending changes) with the environments derived from it by
:meth:`Environment.with_context`.

When pending changes are flushed: before every call to the server (any
search, read, method call, write, create, unlink… on any model), on
:meth:`Environment.flush`, on leaving ``with env.batch():``, on
:meth:`Environment.close` (and leaving ``with env:``), and when the last
environment of a connection is garbage-collected or the interpreter exits.
"""

from __future__ import annotations

import contextlib
import json
import logging
import threading
import warnings
import weakref
from collections.abc import Iterator, Mapping, Sequence
from types import MappingProxyType, TracebackType
from typing import Any

import attrs
import cachetools

from . import answers
from .cache import Cache, Generation
from .config import Settings
from .errors import AuthenticationError, OdooError, ReadOnlyError, RecordError
from .meta import logins
from .meta.diskcache import MetadataStore
from .meta.registry import ModelRegistry, registry_for
from .methods import is_read_only
from .records import Model
from .reports import close_printer
from .stats import CallCounter, CallStat, CallStats
from .transport import Transport
from .transport.names import check_method_name, check_model_name
from .transport.wire import to_wire
from .uow import PendingChange, UnitOfWork
from .version import ServerVersion

_log = logging.getLogger("odoorm")

#: The first release with ``web_save_multi`` (different values for several records in one call).
SAVE_MULTI_SINCE = (19, 0)
#: The first release that has the JSON-2 API (a JSON-2 connection knows its server is at least this).
JSON2_SINCE = (19, 0)


class PendingChangesWarning(UserWarning):
    """Pending changes could not be flushed when their connection went away."""


@attrs.define(eq=False)
class _Shared:
    """What the environments of one connection share."""

    transport: Transport
    uow: UnitOfWork = attrs.field(factory=UnitOfWork)
    generation: Generation = attrs.field(factory=Generation)
    local: threading.local = attrs.field(factory=threading.local)  # .flushing, per thread
    derived: cachetools.LRUCache[str, Environment] = attrs.field(factory=lambda: cachetools.LRUCache(64))
    lock: threading.RLock = attrs.field(factory=threading.RLock)
    closed: bool = False

#: Prefetch policies, see :func:`odoorm.prefetch._companions`: "learned" (the default),
#: "cheap", "touched", or a list of field names.
PrefetchPolicy = str | Sequence[str]

__all__ = ["Environment", "PendingChangesWarning"]


class Environment:
    """An authenticated connection: ``uid``, ``db``, ``url``, ``version``, ``context``, ``protocol``.

    Create it with :func:`odoorm.connect`. It can be used as a context
    manager (closing it releases the connection pool).
    """

    def __init__(
        self, transport: Transport, settings: Settings, version: ServerVersion | None, uid: int, db: str
    ) -> None:
        self._transport = transport
        self._settings = settings
        self._context: Mapping[str, Any] = MappingProxyType(dict(settings.context))
        self.uid = uid
        self.db = db
        self._shared = _Shared(transport)
        self.cache = Cache(self._shared.generation)
        self.registry: ModelRegistry = registry_for(settings.url, db, uid)
        #: This connection's metadata cache on disk (``connect(metadata_cache=...)``), if any.
        self._disk: MetadataStore | None = None
        if settings.metadata_cache is not None:
            self._use_disk_cache(settings.metadata_cache.store(settings.url, db, uid, self._context.get("lang")))
        if version is not None:
            self.registry.version = version
        known = self.registry.version
        transport.server_version = known.info if known else JSON2_SINCE if transport.name == "json2" else (0, 0)
        self._stats = CallStats(transport.channel)
        weakref.finalize(self._shared, _flush_when_dropped, self._shared.uow, transport, self.registry)
        #: What a cache miss loads besides the touched field (see :data:`PrefetchPolicy`).
        self.prefetch: PrefetchPolicy = "learned"
        #: What to do when a field is loaded one record at a time: "warn", "raise" or "ignore".
        self.n_plus_one = "warn"
        self._single_loads: dict[tuple[str, str], int] = {}

    # ------------------------------------------------------------ facts

    @property
    def url(self) -> str:
        """The server's base URL."""
        return self._settings.url

    @property
    def username(self) -> str | None:
        """The login used (``None`` when only an API key was given on JSON-2)."""
        return self._settings.username

    @property
    def protocol(self) -> str:
        """The protocol in use: ``"xmlrpc"``, ``"jsonrpc"`` or ``"json2"``."""
        return self._transport.name

    @property
    def context(self) -> Mapping[str, Any]:
        """The context sent with every call (read-only; see :meth:`with_context`)."""
        return self._context

    @property
    def readonly(self) -> bool:
        """Whether methods not known to be read-only are refused."""
        return self._settings.readonly

    def _use_disk_cache(self, store: MetadataStore) -> None:
        """Build model classes from *store* when it can (see :mod:`odoorm.meta.diskcache`), and take
        the server's version from it when this process does not know it yet."""
        self._disk = store
        self.registry.attach_disk(store)
        if self.registry.version is None:
            answer = store.version()
            if answer is not None:
                self.registry.version = ServerVersion.from_answer(answer)

    @property
    def version(self) -> ServerVersion:
        """The server's version (``env.version >= (18, 0)``, ``env.version.info``). Asked of the
        server on first use — one call, once per server, database and user in this process —
        since :func:`~odoorm.connect` does not need it when the protocol is known."""
        known = self.registry.version
        if known is None:
            answer = self._transport.version()
            known = self.registry.version = ServerVersion.from_answer(answer)
            self._transport.server_version = known.info
            if self._disk is not None:
                self._disk.save_version(answer)
        return known

    def _at_least(self, release: tuple[int, int]) -> bool:
        """Whether the server runs *release* or later; no call when the protocol tells (JSON-2
        means Odoo 19 or later), else :attr:`version`."""
        if self.registry.version is None and self._transport.name == "json2" and release <= JSON2_SINCE:
            return True
        return self.version >= release

    # ------------------------------------------------------------ models

    def __getitem__(self, model: str) -> Model:
        """An empty recordset of *model*; its class is built from the server's metadata on first use.

        Raises :class:`~odoorm.errors.UnknownModelError` (naming close names) for an unknown model.
        """
        return self.registry.model_class(model, self)(self, ())

    def __contains__(self, model: object) -> bool:
        if not isinstance(model, str):
            return False
        try:
            self.registry.model_class(model, self)
        except KeyError:
            return False
        return True

    def ref(self, xml_id: str, raise_if_not_found: bool = True) -> Model | None:
        """The record of an external id such as ``"base.main_company"``. One call."""
        module, _, name = xml_id.partition(".")
        answer = self.execute_kw(
            "ir.model.data", "search_read", [[("module", "=", module), ("name", "=", name)]],
            {"fields": ["model", "res_id"], "limit": 1},
        )  # fmt: skip
        site = answers.Call(self.url, "ir.model.data", "search_read")
        rows = answers.row_list(site, answer)
        if not rows:
            if raise_if_not_found:
                raise RecordError(f"External ID not found in the system: {xml_id}")
            return None
        with answers.reading(site, "rows that are not records (dicts with 'model' and 'res_id')"):
            model, res_id = str(rows[0]["model"]), rows[0]["res_id"]
        return self[model].browse(res_id)

    @property
    def user(self) -> Model:
        """The current user, as a ``res.users`` record (no call until a field is read)."""
        return self["res.users"].browse(self.uid)

    @property
    def company(self) -> Model:
        """The current company: the first of ``allowed_company_ids``, else the user's company."""
        allowed = self._context.get("allowed_company_ids")
        if allowed:
            return self["res.company"].browse(allowed[0])
        company: Model = self.user.company_id
        return company

    @property
    def companies(self) -> Model:
        """The companies of ``allowed_company_ids``, else the user's companies."""
        allowed = self._context.get("allowed_company_ids")
        companies: Model = self["res.company"].browse(allowed) if allowed else self.user.company_ids
        return companies

    def with_company(self, company: Model | int) -> Environment:
        """An environment with *company* first in ``allowed_company_ids`` (as Odoo's ``with_company``)."""
        if not company:
            return self  # as Odoo: no company, no change
        company_id = company if isinstance(company, int) else company.ensure_one()._ids[0]
        allowed = list(self._context.get("allowed_company_ids") or [])
        if allowed and allowed[0] == company_id:
            return self
        return self.with_context(allowed_company_ids=[company_id, *(c for c in allowed if c != company_id)])

    def with_lang(self, lang: str) -> Environment:
        """An environment reading and writing in language *lang*."""
        return self.with_context(lang=lang)

    def invalidate(self) -> None:
        """Drop every cached value of every environment of this connection (the next read asks the
        server). Pending changes are kept."""
        self._shared.generation.bump()

    # ------------------------------------------------------------ unit of work

    def flush(self) -> None:
        """Send every pending change now (see :mod:`odoorm.uow` for the grouping).

        Raises :class:`~odoorm.errors.FlushError` when the server refuses a change: the refused
        changes and those after them stay pending, the applied ones are not sent again.
        """
        uow = self._shared.uow
        if not uow or getattr(self._shared.local, "flushing", False):
            return
        self._shared.local.flushing = True
        try:
            uow.flush(self._send_in_context, save_multi=self._save_multi(uow))
        finally:
            self._shared.local.flushing = False
            self.invalidate()

    def _save_multi(self, uow: UnitOfWork) -> bool:
        """Whether the flush may send different values in one ``web_save_multi`` (Odoo 19+). The
        version is asked only when it matters: some model has records with different values."""
        if self.registry.version is None and self._transport.name != "json2":
            batches = [(c.model, json.dumps(to_wire(c.context), sort_keys=True)) for c in uow.pending()]
            if len(batches) == len(set(batches)):
                return False  # one group per model and context: a plain write either way
        return self._at_least(SAVE_MULTI_SINCE)

    def pending(self) -> list[PendingChange]:
        """The changes waiting for a flush, grouped as the flush will send them. No call."""
        return self._shared.uow.pending()

    def discard(self) -> list[PendingChange]:
        """Drop every pending change (the only way to lose one) and return what was dropped."""
        dropped = self._shared.uow.discard()
        self.invalidate()
        return dropped

    @contextlib.contextmanager
    def batch(self) -> Iterator[Environment]:
        """``with env.batch(): ...`` flushes the changes made in the block when it ends.

        If the block raises, the changes made so far are still flushed (they are not a
        transaction); should that flush fail too, they stay pending and a warning says so.
        """
        try:
            yield self
        except BaseException:
            try:
                self.flush()
            except OdooError as error:
                warnings.warn(f"changes kept pending after a failed block: {error}", PendingChangesWarning, 3)
            raise
        self.flush()

    def _stage(self, model: str, ids: Sequence[int], field: str, value: Any, *, append: bool) -> None:
        if self.readonly:
            raise ReadOnlyError(f"{model}.{field}: this connection is read-only (connect(readonly=True))")
        self._shared.uow.stage(model, self._context, ids, field, value, append=append)

    def _send_in_context(self, model: str, method: str, args: Sequence[Any], context: Mapping[str, Any]) -> Any:
        return self._send(model, method, args, {"context": dict(context)})

    # ------------------------------------------------------------ observability

    def stats(self) -> dict[str, CallStat]:
        """Round trips of this connection so far, by ``model.method``: calls, seconds, bytes sent and received."""
        return self._stats.snapshot()

    def count_calls(self) -> CallCounter:
        """``with env.count_calls() as calls: ...`` counts the round trips made in the block."""
        return CallCounter(self._transport.channel)

    # ------------------------------------------------------------ calls

    def execute_kw(
        self, model: str, method: str, args: Sequence[Any] = (), kwargs: Mapping[str, Any] | None = None
    ) -> Any:
        """Call ``model.method(*args, **kwargs)`` on the server, as Odoo's ``execute_kw`` does.

        The environment's context is merged under ``kwargs["context"]``.
        Behaves the same over every protocol. One round trip.

        Raises:
            UnknownModelError, UnknownMethodError: a name outside Odoo's grammar (nothing is sent).
            ReadOnlyError: on a read-only connection, for a method not known to be read-only.
            ServerError: (a subclass of) the fault the server raised.
            TransportError: the call got no answer of the protocol.
        """
        check_method_name(check_model_name(model), method)  # before the flush: a bad name sends nothing
        self.flush()  # pending changes first: the call could observe them
        call_kwargs = dict(kwargs or {})
        call_kwargs["context"] = {**self._context, **(call_kwargs.get("context") or {})}
        try:
            return self._send(model, method, args, call_kwargs)
        finally:
            if not is_read_only(method):
                self.invalidate()  # it may have changed any record: computed fields, rules, cascades

    def _metadata_call(self, model: str, method: str, args: Sequence[Any], kwargs: Mapping[str, Any]) -> Any:
        """A metadata read (``fields_get``, ``ir.model``): it cannot observe pending changes, so it
        does not flush them."""
        return self._send(model, method, args, {**kwargs, "context": dict(self._context)})

    def _send(self, model: str, method: str, args: Sequence[Any], kwargs: Mapping[str, Any]) -> Any:
        check_method_name(check_model_name(model), method)
        if self.readonly and not is_read_only(method):
            raise ReadOnlyError(
                f"{model}.{method}: this connection is read-only (connect(readonly=True)) and "
                f"{method!r} is not known to be a read-only method"
            )
        try:
            return self._transport.execute_kw(model, method, list(args), dict(kwargs))
        except AuthenticationError:
            # the credentials were refused: a remembered login must be checked again next time
            logins.forget(logins.LoginKey.of(self._settings, self.db), self._settings.metadata_cache)
            raise

    def with_context(self, *args: Mapping[str, Any], **overrides: Any) -> Environment:
        """A new environment on the same connection, with a replaced or extended context.

        ``env.with_context(ctx)`` replaces the context; ``env.with_context(lang="fr_FR")``
        extends it (as in Odoo). No round trip.
        """
        base = dict(args[0]) if args else dict(self._context)
        if args and "allowed_company_ids" in self._context and "allowed_company_ids" not in base:
            base["allowed_company_ids"] = self._context["allowed_company_ids"]  # as Odoo keeps it
        context = {**base, **overrides}
        key = json.dumps(to_wire(context), sort_keys=True)
        with self._shared.lock:
            clone = self._shared.derived.get(key)
            if clone is None:
                clone = object.__new__(Environment)
                clone.__dict__.update(self.__dict__)
                clone._context = MappingProxyType(context)
                clone.cache = Cache(self._shared.generation)  # values may differ in another context (language…)
                clone._single_loads = {}
                self._shared.derived[key] = clone
            return clone

    # ------------------------------------------------------------ lifetime

    def close(self) -> None:
        """Flush pending changes, then release the connection pool. The environment (and those
        derived from it) cannot be used afterwards."""
        self.flush()
        self._shared.closed = True
        close_printer(self._transport)  # log out of the web session that reports used, if any
        self._transport.close()

    def __enter__(self) -> Environment:
        return self

    def __exit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        self.close()

    def __reduce__(self) -> Any:
        raise TypeError("odoorm refuses to pickle a secret: an Environment holds its connection's credentials")

    def __repr__(self) -> str:
        return f"<Environment {self.url} db={self.db!r} uid={self.uid} protocol={self.protocol}>"

    # ------------------------------------------------------------ reports

    def report(
        self,
        report_name: str,
        records: Model | int | Sequence[int],
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
        from .reports import printer_for  # the web session layer, loaded on first use

        printer = printer_for(self._transport, self._settings, self.db, self.uid)
        self.flush()
        return printer.render(self, report_name, records, converter=converter,
                              context={**self._context, **(context or {})})  # fmt: skip


def _flush_when_dropped(uow: UnitOfWork, transport: Transport, registry: ModelRegistry) -> None:
    """Last chance for pending changes: the connection's environments are gone (or Python exits).
    Without a known version, different values go in separate writes (no call to ask it)."""
    if not uow:
        return
    pending = uow.pending()
    version = registry.version.info if registry.version else transport.server_version

    def send(model: str, method: str, args: Sequence[Any], context: Mapping[str, Any]) -> Any:
        return transport.execute_kw(model, method, list(args), {"context": dict(context)})

    try:
        uow.flush(send, save_multi=version >= SAVE_MULTI_SINCE)
        _log.info("flushed %d pending change(s) of a connection that was dropped", len(pending))
    except Exception as error:  # noqa: BLE001 - a finalizer must not raise; it must be loud
        lost = uow.discard()  # what stayed pending, plus what left the unit of work in doubt
        lost += [change for change in getattr(error, "changes", ()) if change not in lost]
        warnings.warn(
            f"odoorm: {len(lost)} pending change(s) could not be flushed when their connection "
            f"was dropped and are LOST or in doubt: {lost!r} ({error})",
            PendingChangesWarning,
            stacklevel=1,
        )
