"""The recordset: :class:`Model`, base class of every generated record class.

It is made of parts, each in its own module, bottom up: the identity and set operations
(:mod:`~odoorm.orm.recordset`), the server's ORM (:mod:`~odoorm.orm.crud`), client-side navigation
(:mod:`~odoorm.orm.navigation`), and here the fields' values, server methods, access checks and
displays. Values never live on the recordset: they live in the environment's cache.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence
from typing import IO, TYPE_CHECKING, Any

from ..meta.releases import HAS_ACCESS_SINCE
from ..transport.methods import builtin_signature
from .compat import check_access, has_access, name_get
from .form.action import as_action, next_context
from .server_method import ServerMethod
from .streaming import DEFAULT_BATCH
from .vocabulary import REFUSED, Vocabulary, refused

if TYPE_CHECKING:
    from .bulk import Partition
    from .grouping import GroupRows

__all__ = ["Model", "ServerMethod"]


class Model(Vocabulary):
    """A recordset of one model: ``env["res.partner"].search([...])``.

    Generated subclasses carry one :class:`~odoorm.orm.fields.Field` descriptor
    per field of the model; any other public attribute is a method called on
    the server with the recordset's ids (see :class:`ServerMethod`).
    """

    __slots__ = ()

    # ------------------------------------------------------------ display and export

    def _repr_html_(self) -> str:
        """Jupyter: the records as the web client lists them — the columns, order and labels of the
        model's default list view, selections as labels, relations as names, escaped; a search of
        one row is a table like any other (``record.show("form")`` gives a form). Round trips: one
        ``get_views`` the first time for the model (kept with its metadata), then one read of the
        rows shown; none for an empty recordset. A model without a list view: a table of its
        cheap fields (a card for one record), one read."""
        from .display import card_html, table_html
        from .view_display import ViewDisplay, view_layout

        if self._ids and view_layout(self).columns:
            return ViewDisplay(self, as_form=False)._repr_html_()
        return card_html(self) if len(self._ids) == 1 else table_html(self)

    def _repr_pretty_(self, printer: Any, cycle: bool) -> None:
        """IPython: ids with the display names already cached (no call)."""
        from .display import pretty_text

        printer.text(repr(self) if cycle else pretty_text(self))

    def show(self, view: str = "list") -> Any:
        """Jupyter: these records as the web client shows them — its list view (the columns, order
        and labels of the model's default list; a search of one row is a table too), or for
        ``view="form"`` one record's form view (its non-empty fields, in the form's order).
        Selections show their labels, relations their names. Round trips: one ``get_views`` the
        first time for the model (kept with the model's metadata), then one read when displayed."""
        from .view_display import ViewDisplay

        if view not in ("list", "form"):
            raise ValueError(f"show() takes view='list' or view='form', not {view!r}")
        return ViewDisplay(self.ensure_one() if view == "form" else self, as_form=view == "form")

    def to_dicts(self, fields: Sequence[str] | None = None, *, progress: bool | None = None) -> list[dict[str, Any]]:
        """The records as dicts of Python values (a many2one gives its display name and
        ``<field>.id``). One ``read`` per 1000 records; *progress* as :mod:`odoorm.orm.progress` says."""
        from .export import to_dicts

        return to_dicts(self, fields, progress)

    def to_dataframe(self, fields: Sequence[str] | None = None, *, progress: bool | None = None) -> Any:
        """A pandas DataFrame indexed by id with typed columns (pandas: the ``pandas`` extra).
        One ``read`` per 1000 records, with a progress bar when tqdm is installed and the work is
        interactive (or *progress* says so: :mod:`odoorm.orm.progress`)."""
        from .export import to_dataframe

        return to_dataframe(self, fields, progress)

    # ------------------------------------------------------------ whole-model exports that stream

    def export_rows(
        self,
        domain: Sequence[Any] = (),
        fields: Sequence[str] | None = None,
        *,
        batch_size: int = DEFAULT_BATCH,
        connections: int = 1,
        progress: bool | None = None,
    ) -> Iterator[dict[str, Any]]:
        """The records matching *domain* as plain rows, a page at a time (memory: one page); *fields*
        are dotted paths (``"order_id.partner_id.country_id.name"``), by default the model's cheap
        stored fields. Rows: ``id``, then a key per path — a many2one gives its name and
        ``<path>.id``, an x2many its list of ids, empty values ``None`` (see
        :mod:`odoorm.orm.streaming`).

        One ``web_search_read`` per page of *batch_size* on Odoo 17+ (a ``search_read`` and a ``read``
        per relational field and level of the paths before), one call at a time, the next page read
        on a thread while this one is used; with *connections* > 1, pages are fetched on that many
        threads over id ranges (one group-by call more; rows then come in the order pages are
        answered). A *progress* bar (see :mod:`odoorm.orm.progress`) costs one ``search_count`` on
        one connection."""
        from .bulk import Export

        return Export(self, domain, fields, batch_size, connections, progress).rows()

    def export(
        self,
        target: str | IO[Any],
        domain: Sequence[Any] = (),
        fields: Sequence[str] | None = None,
        *,
        format: str | None = None,
        batch_size: int = DEFAULT_BATCH,
        connections: int = 1,
        progress: bool | None = None,
    ) -> int:
        """Write the records matching *domain* to a file — CSV, JSON Lines or Parquet
        (the ``arrow`` extra), by the name's extension (``.csv``, ``.jsonl``, ``.parquet``) or *format* —
        page by page, as :meth:`export_rows` reads them (same calls); the number of rows written."""
        from .bulk import Export, export_to

        return export_to(Export(self, domain, fields, batch_size, connections, progress), target, format)

    def export_dataframe(
        self,
        domain: Sequence[Any] = (),
        fields: Sequence[str] | None = None,
        *,
        engine: str = "pandas",
        batch_size: int = DEFAULT_BATCH,
        connections: int = 1,
        progress: bool | None = None,
    ) -> Any:
        """The records matching *domain* as a frame indexed (pandas) or sorted by id: *engine*
        ``"pandas"`` (the ``pandas`` extra), ``"polars"`` (the ``polars`` extra) or ``"arrow"`` (a pyarrow
        Table, the ``arrow`` extra). Built page by page from :meth:`export_rows`' pages (same calls),
        with nothing kept in the records cache."""
        from .bulk import Export, export_frame

        return export_frame(Export(self, domain, fields, batch_size, connections, progress), engine)

    def partitions(
        self,
        domain: Sequence[Any] = (),
        fields: Sequence[str] | None = None,
        parts: int = 8,
        *,
        batch_size: int = DEFAULT_BATCH,
    ) -> list[Partition]:
        """*parts* id-range partitions of the records matching *domain*, values to hand to a task
        scheduler: ``dask.dataframe.from_map(lambda p: p.to_dataframe(env), env["x"].partitions())``.
        One call (a group-by of the count and the smallest and largest id)."""
        from .bulk import Export, model_partitions

        return model_partitions(Export(self, domain, fields, batch_size), parts)

    # ------------------------------------------------------------ the same call on every Odoo version

    def read_groups(
        self,
        domain: Sequence[Any] = (),
        groupby: Sequence[str] | str = (),
        aggregates: Sequence[str] = ("__count",),
        having: Sequence[Any] = (),
        offset: int = 0,
        limit: int | None = None,
        order: str | None = None,
    ) -> GroupRows:
        """Groups of the records matching *domain*, with aggregates, as plain rows — the same on
        every Odoo version. Arguments as Odoo 19's ``formatted_read_group``: *groupby* specs
        (``"partner_id"``, ``"date_order:month"``, ``"partner_id.country_id"`` on 19), *aggregates*
        (``"__count"``, ``"amount_total:sum"``), *having* (19 only), *order* by those specs.

        One call: ``formatted_read_group`` on Odoo 19, ``read_group(..., lazy=False)`` before. Each row
        has a key per spec: many2one groups are ``(id, name)``, periods their first day (``date``) or
        instant (aware UTC ``datetime``), empty groups ``None`` (see :mod:`odoorm.orm.grouping`).
        ``.to_dataframe()`` / ``.to_polars()`` on the answer give a frame (no call)."""
        from .grouping import read_groups

        return read_groups(self, domain, groupby, aggregates, having, offset, limit, order)

    def has_access(self, operation: str) -> bool:
        """Whether the user may do *operation* (``read``, ``write``, ``create``, ``unlink``) on these
        records, or on the model when the recordset is empty. ``has_access`` on Odoo 18+,
        ``check_access_rights`` (and ``check_access_rule`` for records) before. One or two calls."""

        return has_access(self, operation)

    def check_access(self, operation: str) -> None:
        """Raise :class:`~odoorm.errors.AccessError` unless :meth:`has_access` says yes."""

        check_access(self, operation)

    def check_access_rights(self, operation: str, raise_exception: bool = True) -> bool:
        """The pre-18 API, kept working: model-level access to *operation*. With
        *raise_exception*, a denial is the server's :class:`~odoorm.errors.AccessError`."""
        from .compat import has_access

        model = self.browse()
        if not self.env._at_least(HAS_ACCESS_SINCE):
            return bool(model._call("check_access_rights", [operation], {"raise_exception": raise_exception}))
        if has_access(model, operation):
            return True
        if raise_exception:  # the server's own AccessError and message (deprecated there, still present)
            model._call("check_access_rights", [operation], {})
            model.check_access(operation)
        return False

    def name_get(self) -> list[tuple[int, str]]:
        """``[(id, display name), …]`` on every version (``display_name`` since Odoo 17, where
        ``name_get`` is gone). One read at most."""

        return name_get(self)

    # ------------------------------------------------------------ fields and server methods

    def __getattr__(self, name: str) -> Any:
        if name.startswith("_"):
            raise AttributeError(f"{type(self).__name__!r} object has no attribute {name!r}")
        error = refused(self._name, name, REFUSED)
        if error is not None:  # a server-side ORM name: refused before anything is sent
            raise error
        # a custom field (x_…) may have been added on the server since the class was built: look once
        if name.startswith("x_") and self.env.registry.refresh_if_new_field(type(self), name, self.env):
            return getattr(self, name)
        return ServerMethod(self, name)

    def __setattr__(self, name: str, value: Any) -> None:
        if name in Model.__slots__:
            object.__setattr__(self, name, value)
        else:
            self._field(name).__set__(self, value)  # a field added on the server since is found too

    def _call_method(self, name: str, args: Sequence[Any], kwargs: Mapping[str, Any]) -> Any:
        """A server method: on the model (no ids) for a known ``@api.model`` method, or, for a method
        odoorm does not know, on a model-level recordset (``env["x"]``); else on these ids, even
        none (``records.filtered(...).action_x()`` sends ``[[]]``, as Odoo calls it on the empty set)."""
        signature = builtin_signature(name, self.env.version.info)
        model_method = signature.model_method if signature else (not self._ids and self._model_level())
        if model_method:
            answer = self._call(name, list(args), dict(kwargs))
        else:  # the environment drops its cache if the method may write
            answer = self.env._call_records(self._name, name, list(self._ids), list(args), dict(kwargs))
        return as_action(answer, self.env, next_context(self.env.context, {}, self._active()))

    def _active(self) -> dict[str, Any]:
        """``active_model``, ``active_id``, ``active_ids`` as the web client gives them to the action a
        method of these records answers (an :class:`~odoorm.orm.form.action.Action`)."""
        if not self._ids:
            return {"active_model": self._name}
        return {"active_model": self._name, "active_id": self._ids[0], "active_ids": list(self._ids)}
