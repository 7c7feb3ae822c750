"""The rest of Odoo's recordset vocabulary, done client-side, and the names refused over RPC.

Odoo's ``BaseModel`` has names that only make sense inside the server (``sudo``, ``with_user``,
``new``, ``lock_for_update``…). Over RPC the server answers them with an ``AccessError`` about
private methods — after a round trip, a flush and a cache drop. odoorm refuses them when the
attribute is looked up, with :class:`~odoorm.errors.NotOverRpcError` (an ``AttributeError``) saying
why and what to do instead; :data:`REFUSED` is that table. The others are done here, client-side:
``concat``, ``union``, ``grouped``, ``filtered_domain``, ``update``, ``with_env``,
``with_prefetch``, ``search_fetch``, ``is_transient``, the cache and flush methods and the subset
comparisons. docs/models.md lists every name of Odoo 19's ``BaseModel`` and ``Environment``.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from typing import TYPE_CHECKING, Any

from ..errors import NotOverRpcError, RecordError
from .navigation import Navigation
from .recordset import Recordset

if TYPE_CHECKING:
    from typing_extensions import Self

    from .protocols import Env

__all__ = ["Vocabulary", "REFUSED", "ENV_REFUSED", "refused"]

_CONNECT_AS = (
    "connect as that user instead — odoorm.connect(url, db, username=..., password=...) — and move "
    "the records there with records.with_env(other_env)"
)
_ONE_CALL = "each RPC call is its own server transaction"
_RECOMPUTE = (
    "is part of the server ORM's recomputation machinery; the server recomputes dependent fields itself "
    "during each call. To forget values odoorm has cached: records.invalidate_recordset() or env.invalidate()"
)
_LOCK = (
    f"row locks last until the end of the server transaction, and {_ONE_CALL} (committed when it returns), "
    "so a lock cannot be held across calls; do the work that needs the lock in one server method"
)

#: Recordset names refused over RPC: name → why, and what to do instead.
REFUSED: dict[str, str] = {
    "sudo": (
        "superuser mode exists only for code running inside the Odoo server: every RPC call runs with the "
        "access rights of the user this connection logged in as, and those rights are the server's to grant. "
        "Connect as a user who has the rights (odoorm.connect(..., username=...)), or call a server method "
        "that does the privileged work itself"
    ),
    "with_user": f"the server checks every call against the user this connection logged in as; {_CONNECT_AS}",
    "new": (
        "new() builds an in-memory record (NewId) that only exists inside a server transaction; to preview "
        "values use default_get(fields) and onchange(values, field_names, spec), to make a record create(vals)"
    ),
    "modified": f"modified() {_RECOMPUTE}",
    "lock_for_update": _LOCK,
    "try_lock_for_update": _LOCK,
    "init": (
        "init() is the hook Odoo runs when a module is installed or updated; upgrade the module instead "
        "(ir.module.module button_immediate_upgrade)"
    ),
    "pool": (
        "pool is the server's in-process model registry; use records._fields or fields_get() for metadata, "
        "or env.registry (odoorm's metadata registry)"
    ),
    "copy_translations": (
        "copy_translations() takes the new record as a server-side object, which RPC cannot pass; "
        "copy() already copies translations on the server"
    ),
}

#: Environment names refused over RPC.
ENV_REFUSED: dict[str, str] = {
    "sudo": REFUSED["sudo"],
    "with_user": REFUSED["with_user"],
    "cr": (
        f"there is no database cursor over RPC: {_ONE_CALL}. Use model methods (search, read, write…) "
        "or env.execute_kw(); SQL cannot be sent"
    ),
    "transaction": f"{_ONE_CALL}; odoorm's client-side equivalents are env.pending(), env.flush(), env.discard()",
    "reset": "reset() resets the server transaction; use env.invalidate() (cached values) or env.discard() "
    "(pending changes)",
    "items": "env.items() would build a class for every model of the server (one fields_get each); iterate "
    "env.keys() and index the models you need",
    "values": "env.values() would build a class for every model of the server (one fields_get each); iterate "
    "env.keys() and index the models you need",
    **{
        name: f"env.{name} {_RECOMPUTE}"
        for name in (
            "is_protected",
            "protected",
            "protecting",
            "fields_to_compute",
            "records_to_compute",
            "is_to_compute",
            "not_to_compute",
            "add_to_compute",
            "remove_to_compute",
            "cache_key",
        )
    },
    **{
        name: "SQL cannot be run over RPC (there is no cursor); use search/read/formatted_read_group, "
        "or a server method"
        for name in ("flush_query", "execute_query", "execute_query_dict")
    },
}


def refused(where: str, name: str, table: Mapping[str, str]) -> NotOverRpcError | None:
    """The error for *name* looked up on *where* (``res.partner`` or ``env``), if refused."""
    reason = table.get(name)
    if reason is None:
        return None
    return NotOverRpcError(f"{where}.{name}() cannot work over RPC: {reason}")


class Vocabulary(Navigation):
    """Odoo's recordset methods done client-side (a part of :class:`~odoorm.orm.model.Model`)."""

    __slots__ = ()

    # ------------------------------------------------------------ combining

    def concat(self, *others: Recordset) -> Self:
        """The records of this recordset then of *others*, duplicates kept (what ``+`` does). No call."""
        ids = self._ids
        for other in others:
            self._check_same_model(other, "concat")
            ids += other._ids
        return self._with_ids(ids, keep_prefetch=False)

    def union(self, *others: Recordset) -> Self:
        """The records of this recordset and of *others*, each once, in order of first appearance
        (what ``|`` does). No call."""
        ids = self._ids
        for other in others:
            self._check_same_model(other, "union")
            ids += other._ids
        return self._with_ids(tuple(dict.fromkeys(ids)), keep_prefetch=False)

    def __lt__(self, other: Recordset) -> bool:
        """Whether these records are a strict subset of *other*'s (as in Odoo)."""
        self._check_same_model(other, "<")
        return set(self._ids) < set(other._ids)

    def __le__(self, other: Recordset) -> bool:
        self._check_same_model(other, "<=")
        return set(self._ids) <= set(other._ids)

    def __gt__(self, other: Recordset) -> bool:
        self._check_same_model(other, ">")
        return set(self._ids) > set(other._ids)

    def __ge__(self, other: Recordset) -> bool:
        self._check_same_model(other, ">=")
        return set(self._ids) >= set(other._ids)

    # ------------------------------------------------------------ in memory

    def grouped(self, key: str | Callable[[Any], Any]) -> dict[Any, Self]:
        """``{key value: records}`` in order of first appearance, as Odoo 17+'s ``grouped``: *key*
        is a field name or a function of one record. The groups share this recordset's prefetch set.
        Calls only to load the field."""
        groups: dict[Any, list[int]] = {}
        for record in self:
            value = record[key] if isinstance(key, str) else key(record)
            groups.setdefault(value, []).append(record._ids[0])
        return {value: self._with_ids(tuple(ids)) for value, ids in groups.items()}

    def filtered_domain(self, domain: Sequence[Any]) -> Self:
        """The records of this recordset matching *domain*, in this recordset's order (duplicates kept).

        Evaluated client-side on loaded values with Odoo's operators (see
        :mod:`odoorm.orm.domains.evaluate`): calls only to load the fields, in batches. A domain that
        needs the server (an x2many path, dates, ``child_of``, ``any``…) is one
        ``search([("id", "in", ids)] + domain)`` instead (archived records included; pending changes
        flushed first; records the user may not read are left out where Odoo would raise).
        No call for an empty recordset."""
        if not self._ids:
            return self
        from .domains.evaluate import Unsupported, matching_ids

        try:
            found = matching_ids(self._records(), domain)
        except Unsupported:
            scope = self.with_context(active_test=False)
            condition = [("id", "in", list(dict.fromkeys(self._ids)))]
            found = set(scope.search([*condition, *domain], fetch=[])._ids)  # implicit "&" between terms
        return self._with_ids(tuple(i for i in self._ids if i in found))

    def update(self, values: Mapping[str, Any]) -> None:
        """Assign each field of *values* on every record (as ``records.name = value``): staged in
        the unit of work, sent by the next flush."""
        for name, value in values.items():
            self._field(name).__set__(self, value)

    # ------------------------------------------------------------ environments and prefetch

    def with_env(self, env: Env) -> Self:
        """The same records in another environment of the same database (another context, or another
        connection as another user). No call."""
        if (env.url, env.db) != (self.env.url, self.env.db):
            raise RecordError(
                f"{self._name}: records of database {self.env.db!r} at {self.env.url} cannot move to "
                f"database {env.db!r} at {env.url}"
            )
        return type(env[self._name])(env, self._ids, self._prefetch)  # type: ignore[no-any-return]

    def with_prefetch(self, prefetch_ids: Sequence[int] | None = None) -> Self:
        """The same records, loading values together with *prefetch_ids* (default: their own ids)."""
        prefetch = self._ids if prefetch_ids is None else tuple(prefetch_ids)
        return type(self)(self.env, self._ids, prefetch)

    def search_fetch(
        self,
        domain: Sequence[Any],
        field_names: Sequence[str] | None = None,
        offset: int = 0,
        limit: int | None = None,
        order: str | None = None,
    ) -> Self:
        """Odoo's ``search_fetch``: ``search(..., fetch=field_names)`` (one call)."""
        return self.search(domain, offset, limit, order, fetch=list(field_names or []))

    def is_transient(self) -> bool:
        """Whether the model is a wizard (``TransientModel``); from ``ir.model``, read once per connection."""
        return type(self)._transient

    # ------------------------------------------------------------ cache and flush

    def flush_model(self, fnames: Sequence[str] | None = None) -> None:
        """Send pending changes (all of them: odoorm's unit of work flushes as a whole)."""
        self.env.flush()

    def flush_recordset(self, fnames: Sequence[str] | None = None) -> None:
        """Send pending changes (all of them, as :meth:`flush_model`)."""
        self.env.flush()

    def invalidate_model(self, fnames: Sequence[str] | None = None, flush: bool = True) -> None:
        """Forget the cached values of this model (of the fields *fnames*, or all); flush first
        unless *flush* is false. Values with a pending change are kept. No call besides the flush."""
        column_ids = (self.env.cache.columns.get((self._name, name), {}) for name in fnames or self._fields)
        self._invalidate(fnames, flush, {i for column in column_ids for i in column})

    def invalidate_recordset(self, fnames: Sequence[str] | None = None, flush: bool = True) -> None:
        """Forget the cached values of these records (of the fields *fnames*, or all); flush first
        unless *flush* is false. Values with a pending change are kept. No call besides the flush."""
        self._invalidate(fnames, flush, set(self._ids))

    def _invalidate(self, fnames: Sequence[str] | None, flush: bool, ids: set[int]) -> None:
        if flush:
            self.env.flush()
        env, names = self.env, [self._field(name).name for name in fnames or ()]
        with env.cache.lock:
            keep: dict[str, Any] = dict(env._shared.uow.pending_ids(self._name))
            if names:  # the other fields are kept whole
                keep.update({name: ids for name in self._fields if name not in names})
            env.cache.forget_records(self._name, ids, keep=keep)
