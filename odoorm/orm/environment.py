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

import logging
import weakref
from collections.abc import Mapping
from types import MappingProxyType, TracebackType
from typing import Any, TypeVar

from ..errors import ConfigurationError, RecordError
from ..meta.diskcache import MetadataStore
from ..meta.releases import JSON2_SINCE
from ..meta.versions import ServerVersion
from ..transport import Transport, answers
from ..transport.wire import canonical_json
from .cache import Cache
from .connection_info import ConnectionInfo
from .connection_state import ConnectionState, PendingChangesWarning, flush_when_dropped
from .environment_calls import Calls
from .environment_changes import PendingChanges
from .environment_identity import Identity
from .environment_reports import Reports
from .environment_vocabulary import EnvVocabulary
from .model import Model
from .policies import NPlusOne, PrefetchPolicy, PrefetchSetting
from .recordset import MODEL_LEVEL
from .registry import ModelRegistry, registry_for
from .stats import CallCounter, CallStat, CallStats

_log = logging.getLogger("odoorm")


__all__ = ["Environment", "PendingChangesWarning"]

PolicyT = TypeVar("PolicyT", PrefetchPolicy, NPlusOne)


class Environment(Calls, EnvVocabulary, Identity, PendingChanges, Reports):
    """An authenticated connection: ``uid``, ``db``, ``url``, ``version``, ``context``, ``protocol``.

    Create it with :func:`odoorm.connect`. It can be used as a context
    manager (closing it releases the connection pool).
    """

    def __init__(self, transport: Transport, info: ConnectionInfo, version: ServerVersion | None = None) -> None:
        self._transport = transport
        self._info = info
        self._context: Mapping[str, Any] = MappingProxyType(dict(info.context))
        self.uid = info.uid
        self.db = info.db
        self._shared = ConnectionState(transport)
        self.cache = Cache(self._shared.generation)
        self.registry: ModelRegistry = registry_for(info.url, info.db, info.uid)
        #: This connection's metadata cache on disk (``connect(metadata_cache=...)``), if any.
        self._disk: MetadataStore | None = None
        if info.metadata_store is not None:
            self._use_disk_cache(info.metadata_store)
        if version is not None:
            self.registry.version = version
        known = self.registry.version
        transport.server_version = known.info if known else JSON2_SINCE if transport.name == "json2" else (0, 0)
        self._stats = CallStats(transport.channel)
        weakref.finalize(self._shared, flush_when_dropped, self._shared.uow, transport, self.registry)
        self._prefetch: PrefetchSetting = PrefetchPolicy.LEARNED
        self._n_plus_one = NPlusOne.WARN
        self._single_loads: dict[tuple[str, str], int] = {}

    # ------------------------------------------------------------ policies

    @property
    def prefetch(self) -> PrefetchSetting:
        """What a cache miss loads besides the field asked for: a :class:`~odoorm.orm.policies.PrefetchPolicy`
        (``"learned"``, the default; ``"cheap"``; ``"touched"``) or a list of field names."""
        return self._prefetch

    @prefetch.setter
    def prefetch(self, value: PrefetchSetting) -> None:
        if isinstance(value, str):
            value = _policy(PrefetchPolicy, value, "prefetch")
        self._prefetch = value

    @property
    def n_plus_one(self) -> NPlusOne:
        """What to do when a field is loaded one record at a time, again and again: ``"warn"`` (the
        default), ``"raise"`` (for tests) or ``"ignore"``."""
        return self._n_plus_one

    @n_plus_one.setter
    def n_plus_one(self, value: NPlusOne | str) -> None:
        self._n_plus_one = _policy(NPlusOne, value, "n_plus_one")

    # ------------------------------------------------------------ facts

    @property
    def url(self) -> str:
        """The server's base URL."""
        return self._info.url

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
        return self._info.readonly

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
        return self.registry.model_class(model, self)(self, (), MODEL_LEVEL)

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
            "ir.model.data",
            "search_read",
            [[("module", "=", module), ("name", "=", name)]],
            {"fields": ["model", "res_id"], "limit": 1},
        )
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

    # ------------------------------------------------------------ observability

    def stats(self) -> dict[str, CallStat]:
        """Round trips of this connection so far, by ``model.method``: calls, seconds, bytes sent and received."""
        return self._stats.snapshot()

    def count_calls(self) -> CallCounter:
        """``with env.count_calls() as calls: ...`` counts the round trips made in the block."""
        return CallCounter(self._transport.channel)

    def with_context(self, *args: Mapping[str, Any], **overrides: Any) -> Environment:
        """A new environment on the same connection, with a replaced or extended context.

        ``env.with_context(ctx)`` replaces the context; ``env.with_context(lang="fr_FR")``
        extends it (as in Odoo). No round trip.
        """
        base = dict(args[0]) if args else dict(self._context)
        if args and "allowed_company_ids" in self._context and "allowed_company_ids" not in base:
            base["allowed_company_ids"] = self._context["allowed_company_ids"]  # as Odoo keeps it
        context = {**base, **overrides}
        key = canonical_json(context)
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
        self._close_printer()  # log out of the web session that reports used, if any
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


def _policy(kind: type[PolicyT], value: object, name: str) -> PolicyT:
    """*value* as a member of the policy enumeration *kind*, or a clear :class:`ConfigurationError`."""
    try:
        return kind(value)
    except ValueError:
        allowed = ", ".join(repr(member.value) for member in kind)
        raise ConfigurationError(f"env.{name} is one of {allowed}, not {value!r}") from None
