"""The :class:`Environment`: one authenticated user on one database, with a context.

It gives the models (``env["res.partner"]``), holds the record cache (one
per environment: a different context may read different values), and
shares the connection, the model registry and the call statistics with the
environments derived from it by :meth:`Environment.with_context`.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from types import MappingProxyType, TracebackType
from typing import Any

from .cache import Cache
from .config import Settings
from .errors import ReadOnlyError
from .meta.registry import ModelRegistry, registry_for
from .methods import is_read_only
from .records import Model
from .stats import CallCounter, CallStat, CallStats
from .transport import Transport
from .version import ServerVersion

#: Prefetch policies, see :func:`odoorm.prefetch._companions`: "learned" (the default),
#: "cheap", "touched", or a list of field names.
PrefetchPolicy = str | Sequence[str]

__all__ = ["Environment"]


class Environment:
    """An authenticated connection: ``uid``, ``db``, ``url``, ``version``, ``context``, ``protocol``.

    Create it with :func:`odoorm.connect`. It can be used as a context
    manager (closing it releases the connection pool).
    """

    def __init__(self, transport: Transport, settings: Settings, version: ServerVersion, uid: int, db: str) -> None:
        self._transport = transport
        self._settings = settings
        self._context: Mapping[str, Any] = MappingProxyType(dict(settings.context))
        self.uid = uid
        self.db = db
        self.version = version
        self.cache = Cache()
        self.registry: ModelRegistry = registry_for(settings.url, db, uid)
        self._stats = CallStats(transport.channel)
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
        rows = self.execute_kw(
            "ir.model.data", "search_read", [[("module", "=", module), ("name", "=", name)]],
            {"fields": ["model", "res_id"], "limit": 1},
        )  # fmt: skip
        if not rows:
            if raise_if_not_found:
                raise ValueError(f"External ID not found in the system: {xml_id}")
            return None
        return self[rows[0]["model"]].browse(rows[0]["res_id"])

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
        company_id = company if isinstance(company, int) else company.ensure_one()._ids[0]
        allowed = list(self._context.get("allowed_company_ids") or [])
        if allowed and allowed[0] == company_id:
            return self
        return self.with_context(allowed_company_ids=[company_id, *(c for c in allowed if c != company_id)])

    def with_lang(self, lang: str) -> Environment:
        """An environment reading and writing in language *lang*."""
        return self.with_context(lang=lang)

    def invalidate(self) -> None:
        """Drop every cached value of this environment (the next read asks the server)."""
        self.cache.invalidate()

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
            ReadOnlyError: on a read-only connection, for a method not known to be read-only.
            ServerError: (a subclass of) the fault the server raised.
            TransportError: the call got no answer of the protocol.
        """
        if self.readonly and not is_read_only(method):
            raise ReadOnlyError(
                f"{model}.{method}: this connection is read-only (connect(readonly=True)) and "
                f"{method!r} is not known to be a read-only method"
            )
        call_kwargs = dict(kwargs or {})
        call_kwargs["context"] = {**self._context, **(call_kwargs.get("context") or {})}
        return self._transport.execute_kw(model, method, list(args), call_kwargs)

    def with_context(self, *args: Mapping[str, Any], **overrides: Any) -> Environment:
        """A new environment on the same connection, with a replaced or extended context.

        ``env.with_context(ctx)`` replaces the context; ``env.with_context(lang="fr_FR")``
        extends it (as in Odoo). No round trip.
        """
        base = dict(args[0]) if args else dict(self._context)
        clone = object.__new__(Environment)
        clone.__dict__.update(self.__dict__)
        clone._context = MappingProxyType({**base, **overrides})
        clone.cache = Cache()  # values may differ in another context (language, company…)
        clone._single_loads = {}
        return clone

    # ------------------------------------------------------------ lifetime

    def close(self) -> None:
        """Release the connection pool. The environment cannot be used afterwards."""
        self._transport.close()

    def __enter__(self) -> Environment:
        return self

    def __exit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        self.close()

    def __repr__(self) -> str:
        return f"<Environment {self.url} db={self.db!r} uid={self.uid} protocol={self.protocol}>"
