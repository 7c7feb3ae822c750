"""The rest of Odoo's ``Environment`` vocabulary, client-side, and the names refused over RPC (a part
of :class:`~odoorm.orm.environment.Environment`; docs/models.md lists every name)."""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence
from datetime import tzinfo
from typing import TYPE_CHECKING, Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from ..errors import NotOverRpcError
from .vocabulary import ENV_REFUSED, refused

if TYPE_CHECKING:
    from typing_extensions import Self

    from .model import Model
    from .registry import ModelRegistry

__all__ = ["EnvVocabulary"]


class _Refused:
    """A name of Odoo's ``Environment`` that cannot work over RPC: looking it up raises
    :class:`NotOverRpcError` (an ``AttributeError``: ``hasattr`` says no). A class attribute rather
    than a ``__getattr__``, which would slow down every attribute read of the environment."""

    def __init__(self, name: str) -> None:
        self.name = name

    def __get__(self, env: object, owner: type | None = None) -> Any:
        error = refused("env", self.name, ENV_REFUSED)
        assert error is not None
        raise error


class EnvVocabulary:
    """Mapping methods, user facts and aliases of Odoo's ``Environment``."""

    if TYPE_CHECKING:  # given by the Environment
        _context: Mapping[str, Any]
        uid: int

        def __getitem__(self, model: str) -> Model: ...
        def __contains__(self, model: object) -> bool: ...

        registry: ModelRegistry

        def _metadata_call(self, model: str, method: str, args: Sequence[Any], kwargs: Mapping[str, Any]) -> Any: ...
        def execute_kw(self, model: str, method: str, args: Any = (), kwargs: Any = None) -> Any: ...
        def flush(self) -> None: ...
        def invalidate(self) -> None: ...
        def discard(self, records: Any = None, fields: Any = None) -> Any: ...
        def with_context(self, *args: Mapping[str, Any], **overrides: Any) -> Self: ...
        @property
        def user(self) -> Model: ...

    def __bool__(self) -> bool:
        """An environment is true (looking is free: ``len(env)`` would ask the server)."""
        return True

    def __call__(
        self, cr: Any = None, user: Any = None, context: Mapping[str, Any] | None = None, su: Any = None
    ) -> Self:
        """``env(context=ctx)``: the environment with that context (as ``with_context(ctx)``). Another
        cursor, another user or superuser mode cannot work over RPC (:class:`NotOverRpcError`)."""
        if cr is not None:
            raise NotOverRpcError(f"env(cr=...) cannot work over RPC: {ENV_REFUSED['cr']}")
        if user is not None and int(user) != self.uid:
            raise NotOverRpcError(f"env(user=...) cannot work over RPC: {ENV_REFUSED['with_user']}")
        if su:
            raise NotOverRpcError(f"env(su=True) cannot work over RPC: {ENV_REFUSED['sudo']}")
        return self if context is None else self.with_context(context)

    # ------------------------------------------------------------ the Mapping of models

    def keys(self) -> list[str]:
        """The names of the server's models (one ``ir.model`` read)."""
        rows = self.execute_kw("ir.model", "search_read", [[]], {"fields": ["model"], "order": "model"})
        return [str(row["model"]) for row in rows]

    def __iter__(self) -> Iterator[str]:
        return iter(self.keys())

    def _ipython_key_completions_(self) -> list[str]:
        """IPython and Jupyter complete ``env["res.pa<Tab>`` with these: the server's model names, from
        the registry's ``ir.model`` index (one call the first time for this server, database and user
        in this process — the index is not read otherwise — none after; the models already built when
        ``ir.model`` is not readable)."""
        return self.registry.model_names(self._metadata_call)

    def __len__(self) -> int:
        return int(self.execute_kw("ir.model", "search_count", [[]]))

    def get(self, model: str, default: Any = None) -> Any:
        """``env[model]`` when the server has *model*, else *default*."""
        if model in self:  # noqa: SIM401 - this is the Mapping's own get
            return self[model]
        return default

    # ------------------------------------------------------------ facts

    @property
    def su(self) -> bool:
        """Always ``False``: superuser mode does not exist over RPC."""
        return False

    def is_superuser(self) -> bool:
        """Always ``False`` (see :attr:`su`)."""
        return False

    @property
    def lang(self) -> str | None:
        """The context's language, if any (no call)."""
        lang = self._context.get("lang")
        return str(lang) if lang else None

    @property
    def tz(self) -> tzinfo:
        """The time zone of the context's ``tz``, else of the user, else UTC (one read at most)."""
        name = self._context.get("tz") or self.user.tz or "UTC"
        try:
            return ZoneInfo(str(name))
        except (ValueError, ZoneInfoNotFoundError):
            return ZoneInfo("UTC")  # as Odoo: an unknown zone is UTC

    def is_admin(self) -> bool:
        """Whether the user is an administrator (``base.group_erp_manager``). One call."""
        return bool(self.user.has_group("base.group_erp_manager"))

    def is_system(self) -> bool:
        """Whether the user has the settings rights (``base.group_system``). One call."""
        return bool(self.user.has_group("base.group_system"))

    # ------------------------------------------------------------ aliases

    def flush_all(self) -> None:
        """Odoo's name for :meth:`flush`."""
        self.flush()

    def invalidate_all(self, flush: bool = True) -> None:
        """Flush (unless *flush* is false), then forget every cached value (:meth:`invalidate`)."""
        if flush:
            self.flush()
        self.invalidate()

    def clear(self) -> None:
        """As Odoo's: forget every cached value **and drop every pending change** (:meth:`discard`)."""
        self.discard()
        self.invalidate()


for _name in ENV_REFUSED:
    if _name not in EnvVocabulary.__dict__:
        setattr(EnvVocabulary, _name, _Refused(_name))
