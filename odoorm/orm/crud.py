"""The server's ORM, called on a recordset: search, read, create, write, unlink and the like.

Each method documents its round trips. Lazy loads, nested reads and paging are the lower modules'
(:mod:`~odoorm.orm.prefetch`, :mod:`~odoorm.orm.nested_reads`, :mod:`~odoorm.orm.paging`).
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence
from typing import TYPE_CHECKING, Any, cast

from ..transport import answers
from .domains.checks import check_domain, check_order, check_paging
from .learned_reads import PREFETCH_MAX, learned_bound, learned_spec
from .recordset import Recordset

if TYPE_CHECKING:
    from typing_extensions import Self

__all__ = ["Crud"]


class Crud(Recordset):
    """The server's ORM methods on a recordset (a part of :class:`~odoorm.orm.model.Model`)."""

    __slots__ = ()

    def search(
        self,
        domain: Sequence[Any] = (),
        offset: int = 0,
        limit: int | None = None,
        order: str | None = None,
        *,
        fetch: Sequence[str] | None = None,
    ) -> Self:
        """Records matching *domain*. One call; with ``fetch`` (dotted field paths) the
        values come in the same call (``web_search_read``, Odoo 17+).

        Without ``fetch``, a search with a ``limit`` also brings, in the same call, what the
        "learned" prefetch policy knows the code reads on this model (the fields and relations
        its lazy loads read so far), as Odoo's ``search_fetch`` does, when the limit is within
        the bound of a learned load (:func:`~odoorm.orm.prefetch.learned_bound`: as many records as
        :data:`~odoorm.orm.prefetch.VALUE_BUDGET` values allow, at least 1000). Without a limit, or
        above it, the search brings ids only and the loop's learned loads read chunks of that
        bound; ``fetch=[]`` asks for the ids only."""
        check_paging(self._records(), offset=offset, limit=limit)
        if fetch:
            from .nested_reads import search_fetch

            return cast("Self", search_fetch(self._records(), domain, offset, limit, order, fetch))
        checked, order = check_domain(self._records(), domain), check_order(self._records(), order)
        if fetch is None and limit:
            spec = learned_spec(self._records())
            if spec and limit <= learned_bound(self.env, type(self._records()), spec):
                from .nested_reads import search_learned

                return cast("Self", search_learned(self._records(), checked, offset, limit, order, spec))
        kwargs: dict[str, Any] = {"offset": offset, "limit": limit, "order": order}
        answer = self._call("search", [checked], {k: v for k, v in kwargs.items() if v})
        ids = answers.id_list(self._site("search"), answer)
        return type(self)(self.env, tuple(ids))  # the server's ids: no need to check them as browse() does

    def search_count(self, domain: Sequence[Any] = (), limit: int | None = None) -> int:
        """How many records match *domain*. One call."""
        check_paging(self._records(), limit=limit)
        kwargs = {"limit": limit} if limit else {}
        answer = self._call("search_count", [check_domain(self._records(), domain)], kwargs)
        return answers.count(self._site("search_count"), answer)

    def search_read(self, domain: Sequence[Any] = (), fields: Sequence[str] | None = None, **kwargs: Any) -> Any:
        """Plain dicts of the matching records, as the server answers them. One call."""
        check_paging(self._records(), offset=kwargs.get("offset"), limit=kwargs.get("limit"))
        names = [self._field(name).name for name in fields or ()]
        return self._call("search_read", [check_domain(self._records(), domain)], {"fields": names, **kwargs})

    def read(self, fields: Sequence[str] | None = None, load: str = "_classic_read") -> list[dict[str, Any]]:
        """Plain dicts of these records, as the server answers them (also filling the cache).
        One call per 1000 records."""
        names = [self._field(name).name for name in ([fields] if isinstance(fields, str) else fields or ())]
        rows: list[dict[str, Any]] = []
        for start in range(0, len(self._ids), PREFETCH_MAX):  # a huge id list is read in chunks
            chunk = self._ids[start : start + PREFETCH_MAX]
            answer = self._call("read", [list(chunk), names], {"load": load})
            rows += answers.row_list(self._site("read"), answer)
        if load == "_classic_read":
            from .prefetch import store_rows

            with answers.reading(self._site("read")):
                loaded = [self._fields[n] for n in names] if names else list(self._fields.values())
                store_rows(self._records(), rows, loaded)
        return rows

    def fields_get(self, allfields: Sequence[str] | None = None, attributes: Sequence[str] | None = None) -> Any:
        """The server's ``fields_get`` answer. One call."""
        kwargs: dict[str, Any] = {"attributes": list(attributes)} if attributes else {}
        return self._call("fields_get", [list(allfields)] if allfields else [], kwargs)

    def exists(self) -> Self:
        """The records of this recordset that still exist: one ``search([("id", "in", ids)])``,
        archived records included. Odoo 19's own ``exists`` is private (not callable over RPC), and
        unlike it this search applies record rules: a record the user may not see counts as missing."""
        if not self._ids:
            return self
        answer = self.with_context(active_test=False)._call("search", [[("id", "in", list(self._ids))]], {})
        found = set(answers.id_list(self._site("search"), answer))
        return self._with_ids(tuple(i for i in self._ids if i in found))

    def name_search(
        self, name: str = "", domain: Sequence[Any] | None = None, operator: str = "ilike", limit: int = 100
    ) -> list[tuple[int, str]]:
        """``[(id, display_name), …]`` of records whose name matches. One call."""
        check_paging(self._records(), limit=limit)
        pairs = self._call("name_search", [name, list(domain or []), operator, limit], {})
        return answers.id_name_pairs(self._site("name_search"), pairs)

    def read_group(
        self, domain: Sequence[Any], fields: Sequence[str], groupby: Sequence[str] | str, **kwargs: Any
    ) -> list[dict[str, Any]]:
        """The server's ``read_group`` answer (deprecated by Odoo 19 in favour of
        ``formatted_read_group``, which is callable as any server method). One call."""
        check_paging(self._records(), offset=kwargs.get("offset"), limit=kwargs.get("limit"))
        groups = [groupby] if isinstance(groupby, str) else list(groupby)
        answer = self._call("read_group", [list(domain), list(fields), groups], kwargs)
        return answers.row_list(self._site("read_group"), answer)

    def create(self, vals_list: Mapping[str, Any] | Sequence[Mapping[str, Any]]) -> Self:
        """Create one record (a dict) or several (a list of dicts); one call. Values are
        checked and converted by their fields (records, dates, bytes, commands…). Read-only
        fields may be given: Odoo accepts them at creation (``ir.model``'s ``state='manual'``)."""
        many = [vals_list] if isinstance(vals_list, Mapping) else vals_list
        rows = [self._values_to_write(vals, force=True) for vals in many]
        result = self._call("create", [rows], {})
        return self.browse(answers.created_ids(self._site("create"), result))

    def write(self, vals: Mapping[str, Any], *, force: bool = False) -> bool:
        """Write *vals* on every record of the recordset now (pending changes go first). One call.
        Fields the metadata marks read-only are refused unless *force*."""
        if self._ids:
            self._call("write", [list(self._ids), self._values_to_write(vals, force)], {})
        return True

    def unlink(self) -> bool:
        """Delete the records. One call."""
        if self._ids:
            self._call("unlink", [list(self._ids)], {})
        return True

    def copy(self, default: Mapping[str, Any] | None = None) -> Self:
        """A copy of the record (with *default* values overriding). One call."""
        self.ensure_one()
        vals = self._values_to_write(default or {})
        result = self._call("copy", [list(self._ids), vals], {})
        return self.browse(answers.created_ids(self._site("copy"), result))

    def fetch(self, *paths: str) -> Self:
        """Load dotted field paths (``"name", "country_id.name", "category_id.name"``) for the whole
        recordset into the cache, in one ``web_read`` call on Odoo 17+ (one read per hop before)."""
        from .nested_reads import fetch_paths

        fetch_paths(self._records(), paths)
        return self

    def search_iter(
        self,
        domain: Sequence[Any] = (),
        batch_size: int = 500,
        order: str | None = None,
        *,
        fetch: Sequence[str] | None = None,
        progress: bool | None = None,
    ) -> Iterator[Self]:
        """The records matching *domain*, as recordsets of at most *batch_size*: one search per
        batch (with ``fetch``, the values come in it too). Without *order*, batches follow the
        ids (``id > last``), so records created or deleted meanwhile never shift a batch; with
        an *order*, batches are pages by offset (``id`` is added to make the order total).

        Memory is bounded by *batch_size*: when the loop asks for the next batch, the values
        cached for the previous one are dropped (not those with pending changes; no call is made
        for this). Reading a previous batch's field again after that costs a read.

        A bar counts the records (no total: no call is added) when *progress* is true, or when it is
        ``None`` and the work is interactive (:mod:`odoorm.orm.progress`)."""
        from .paging import forget_batch, search_batches
        from .progress import bar

        shown = bar(progress, self._name)
        try:
            for batch in search_batches(self._records(), domain, batch_size, order, fetch):
                yield cast("Self", batch)
                shown.update(len(batch))
                forget_batch(batch)  # the caller moved on
        finally:
            shown.close()
