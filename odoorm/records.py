"""The recordset: :class:`Model`, base class of every generated record class.

A recordset is three things, as in Odoo: the environment, a tuple of ids and
a prefetch set (the ids whose values are loaded together when one of them
misses the cache). Values never live on the recordset: they live in the
environment's cache. Looking is free: ``repr``, ``==``, ``len``, ``bool``,
``in`` and ``dir`` never call the server.
"""

from __future__ import annotations

import difflib
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from typing import TYPE_CHECKING, Any, ClassVar

from . import answers
from .cache import MISSING
from .commands import apply_commands, is_command
from .domain import check_domain, check_order, check_paging
from .errors import ReadOnlyFieldError, RecordError, UnknownFieldError
from .fields.base import Field
from .methods import builtin_signature
from .prefetch import (
    PREFETCH_MAX,
    Prefetch,
    RelatedPrefetch,
    fetch_field,
    learned_bound,
    learned_spec,
    resolve_prefetch,
)

if TYPE_CHECKING:
    from .env import Environment

__all__ = ["Model", "ServerMethod"]

_REPR_IDS = 20  # a repr shows at most this many ids


class Model:
    """A recordset of one model: ``env["res.partner"].search([...])``.

    Generated subclasses carry one :class:`~odoorm.fields.Field` descriptor
    per field of the model; any other public attribute is a method called on
    the server with the recordset's ids (see :class:`ServerMethod`).
    """

    _name: ClassVar[str] = ""
    _description: ClassVar[str] = ""
    _transient: ClassVar[bool] = False
    _fields: ClassVar[dict[str, Field]] = {}
    #: Field names the code has read on this model (per class, so shared by environments).
    _touched: ClassVar[set[str]] = set()
    #: Whether a lazy load of this model has happened (see the "learned" prefetch policy).
    _loaded_once: ClassVar[bool] = False

    __slots__ = ("env", "_ids", "_prefetch", "_origin")
    env: Environment
    _ids: tuple[int, ...]
    _prefetch: Prefetch
    _origin: RelationOrigin | None

    def __init__(
        self,
        env: Environment,
        ids: tuple[int, ...] = (),
        prefetch: Prefetch | None = None,
        origin: RelationOrigin | None = None,
    ) -> None:
        # the slots' own setters: the class's __setattr__ is for fields (and costs a call per record)
        _set_env(self, env)
        _set_ids(self, ids)
        _set_prefetch(self, ids if prefetch is None else prefetch)
        #: For the value of an x2many field: which record and field it came from, and the
        #: commands ``+=`` / ``-=`` made on it (turned into link/unlink/create on assignment).
        _set_origin(self, origin)

    # ------------------------------------------------------------ identity (no server call)

    @property
    def ids(self) -> list[int]:
        """The record ids, in order."""
        return list(self._ids)

    @property
    def id(self) -> int | bool:
        """The id of a single record (``False`` for an empty recordset)."""
        if not self._ids:
            return False
        return self.ensure_one()._ids[0]

    def __len__(self) -> int:
        return len(self._ids)

    def __bool__(self) -> bool:
        return bool(self._ids)

    def __iter__(self) -> Iterator[Model]:
        cls, env, prefetch, new = type(self), self.env, self._prefetch, object.__new__
        for record_id in self._ids:  # _record(), inline: this runs once per record of every loop
            record = new(cls)
            _set_env(record, env)
            _set_ids(record, (record_id,))
            _set_prefetch(record, prefetch)
            _set_origin(record, None)
            yield record

    def __getitem__(self, key: int | slice | str) -> Any:
        if isinstance(key, str):
            return self._field(key).__get__(self, type(self))
        if isinstance(key, slice):
            return self._with_ids(self._ids[key])
        return self._with_ids((self._ids[key],))

    def __contains__(self, item: object) -> bool:
        if isinstance(item, str):
            return item in self._fields  # as Odoo: "name" in records asks for a field
        if isinstance(item, Model):
            self._check_same_model(item, "in")
            return len(item._ids) == 1 and item._ids[0] in self._ids
        return item in self._ids

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Model):
            return NotImplemented
        return self._name == other._name and set(self._ids) == set(other._ids)

    def __hash__(self) -> int:
        return hash((self._name, frozenset(self._ids)))

    def __repr__(self) -> str:
        shown = ", ".join(map(str, self._ids[:_REPR_IDS]))
        if len(self._ids) > _REPR_IDS:
            shown += f", … +{len(self._ids) - _REPR_IDS} more"
        elif len(self._ids) == 1:
            shown += ","
        return f"{self._name}({shown})"

    def __dir__(self) -> list[str]:
        public = {name for name in super().__dir__() if not name.startswith("_")}
        return sorted(public | set(self._fields))

    # ------------------------------------------------------------ display and export

    def _repr_html_(self) -> str:
        """Jupyter: a table of the first rows (a card for one record), read in one call, escaped."""
        from .display import card_html, table_html

        return card_html(self) if len(self._ids) == 1 else table_html(self)

    def _repr_pretty_(self, printer: Any, cycle: bool) -> None:
        """IPython: ids with the display names already cached (no call)."""
        from .display import pretty_text

        printer.text(repr(self) if cycle else pretty_text(self))

    def to_dicts(self, fields: Sequence[str] | None = None) -> list[dict[str, Any]]:
        """The records as dicts of Python values (a many2one gives its display name and
        ``<field>.id``). One ``read`` per 1000 records."""
        from .export import to_dicts

        return to_dicts(self, fields)

    def to_dataframe(self, fields: Sequence[str] | None = None) -> Any:
        """A pandas DataFrame indexed by id with typed columns (``pip install odoorm[pandas]``).
        One ``read`` per 1000 records, with a progress bar when tqdm is installed."""
        from .export import to_dataframe

        return to_dataframe(self, fields)

    def __reduce__(self) -> Any:
        raise TypeError(
            "odoorm refuses to pickle a secret: records hold their environment's credentials; "
            "pickle records.ids and browse them again"
        )

    def _to_wire(self) -> list[int]:
        """Records become their ids when sent to the server."""
        return list(self._ids)

    def ensure_one(self) -> Model:
        """Return the recordset if it holds exactly one record, else raise :class:`RecordError`."""
        if len(self._ids) != 1:
            raise RecordError(f"Expected singleton: {self!r}")
        return self

    # ------------------------------------------------------------ set operations (no server call)

    def __or__(self, other: Model) -> Model:
        """Union, in order of first appearance."""
        self._check_same_model(other, "|")
        return self._with_ids(tuple(dict.fromkeys(self._ids + other._ids)), keep_prefetch=False)

    def __and__(self, other: Model) -> Model:
        """Intersection, in this recordset's order."""
        self._check_same_model(other, "&")
        keep = set(other._ids)
        return self._with_ids(tuple(dict.fromkeys(i for i in self._ids if i in keep)))

    def __sub__(self, other: Any) -> Model:
        """Difference, in this recordset's order."""
        self._check_same_model(other, "-")
        drop = set(other._ids)
        return self._with_ids(tuple(i for i in self._ids if i not in drop))

    def __add__(self, other: Any) -> Model:
        """Concatenation (duplicates kept, as in Odoo)."""
        self._check_same_model(other, "+")
        return self._with_ids(self._ids + other._ids, keep_prefetch=False)

    def __iadd__(self, other: Any) -> Model:
        """On an x2many value, ``record.field += records`` links them (``+= [{...}]`` creates lines);
        elsewhere, concatenation."""
        if self._origin is None:
            return self.__add__(other)
        return self._origin.changed(self, self._origin.additions(other))

    def __isub__(self, other: Any) -> Model:
        """On an x2many value, ``record.field -= records`` unlinks them (one2many lines are deleted
        when their link is required, as Odoo does); elsewhere, difference."""
        if self._origin is None:
            return self.__sub__(other)
        return self._origin.changed(self, [(3, i, 0) for i in _ids_of(other, self._name)])

    # ------------------------------------------------------------ the server's ORM

    def browse(self, ids: int | Iterable[int] = ()) -> Model:
        """Records of this model with the given ids (no call; fields load when read)."""
        if ids is None or ids is False:
            return type(self)(self.env, ())
        many = (ids,) if isinstance(ids, int) or not isinstance(ids, Iterable) or isinstance(ids, str | bytes) else ids
        checked = tuple(_check_id(self._name, i) for i in many)
        return type(self)(self.env, checked)

    def search(
        self,
        domain: Sequence[Any] = (),
        offset: int = 0,
        limit: int | None = None,
        order: str | None = None,
        *,
        fetch: Sequence[str] | None = None,
    ) -> Model:
        """Records matching *domain*. One call; with ``fetch`` (dotted field paths) the
        values come in the same call (``web_search_read``, Odoo 17+).

        Without ``fetch``, a search with a ``limit`` also brings, in the same call, what the
        "learned" prefetch policy knows the code reads on this model (the fields and relations
        its lazy loads read so far), as Odoo's ``search_fetch`` does, when the limit is within
        the bound of a learned load (:func:`~odoorm.prefetch.learned_bound`: as many records as
        :data:`~odoorm.prefetch.VALUE_BUDGET` values allow, at least 1000). Without a limit, or
        above it, the search brings ids only and the loop's learned loads read chunks of that
        bound; ``fetch=[]`` asks for the ids only."""
        check_paging(self, offset=offset, limit=limit)
        if fetch:
            from .nested import search_fetch

            return search_fetch(self, domain, offset, limit, order, fetch)
        checked, order = check_domain(self, domain), check_order(self, order)
        if fetch is None and limit:
            spec = learned_spec(self)
            if spec and limit <= learned_bound(self.env, type(self), spec):
                from .nested import search_learned

                return search_learned(self, checked, offset, limit, order, spec)
        kwargs: dict[str, Any] = {"offset": offset, "limit": limit, "order": order}
        answer = self._call("search", [checked], {k: v for k, v in kwargs.items() if v})
        ids = answers.id_list(self._site("search"), answer)
        return type(self)(self.env, tuple(ids))  # the server's ids: no need to check them as browse() does

    def search_count(self, domain: Sequence[Any] = (), limit: int | None = None) -> int:
        """How many records match *domain*. One call."""
        check_paging(self, limit=limit)
        kwargs = {"limit": limit} if limit else {}
        answer = self._call("search_count", [check_domain(self, domain)], kwargs)
        return answers.count(self._site("search_count"), answer)

    def search_read(self, domain: Sequence[Any] = (), fields: Sequence[str] | None = None, **kwargs: Any) -> Any:
        """Plain dicts of the matching records, as the server answers them. One call."""
        check_paging(self, offset=kwargs.get("offset"), limit=kwargs.get("limit"))
        names = [self._field(name).name for name in fields or ()]
        return self._call("search_read", [check_domain(self, domain)], {"fields": names, **kwargs})

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
                store_rows(self, rows, [self._fields[n] for n in names] if names else list(self._fields.values()))
        return rows

    def fields_get(self, allfields: Sequence[str] | None = None, attributes: Sequence[str] | None = None) -> Any:
        """The server's ``fields_get`` answer. One call."""
        kwargs: dict[str, Any] = {"attributes": list(attributes)} if attributes else {}
        return self._call("fields_get", [list(allfields)] if allfields else [], kwargs)

    def exists(self) -> Model:
        """The records of this recordset that still exist (one search, inactive records included)."""
        if not self._ids:
            return self
        answer = self.with_context(active_test=False)._call("search", [[("id", "in", list(self._ids))]], {})
        found = set(answers.id_list(self._site("search"), answer))
        return self._with_ids(tuple(i for i in self._ids if i in found))

    def name_search(
        self, name: str = "", domain: Sequence[Any] | None = None, operator: str = "ilike", limit: int = 100
    ) -> list[tuple[int, str]]:
        """``[(id, display_name), …]`` of records whose name matches. One call."""
        check_paging(self, limit=limit)
        pairs = self._call("name_search", [name, list(domain or []), operator, limit], {})
        return answers.id_name_pairs(self._site("name_search"), pairs)

    def read_group(
        self, domain: Sequence[Any], fields: Sequence[str], groupby: Sequence[str] | str, **kwargs: Any
    ) -> list[dict[str, Any]]:
        """The server's ``read_group`` answer (deprecated by Odoo 19 in favour of
        ``formatted_read_group``, which is callable as any server method). One call."""
        check_paging(self, offset=kwargs.get("offset"), limit=kwargs.get("limit"))
        groups = [groupby] if isinstance(groupby, str) else list(groupby)
        answer = self._call("read_group", [list(domain), list(fields), groups], kwargs)
        return answers.row_list(self._site("read_group"), answer)

    def create(self, vals_list: Mapping[str, Any] | Sequence[Mapping[str, Any]]) -> Model:
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

    def copy(self, default: Mapping[str, Any] | None = None) -> Model:
        """A copy of the record (with *default* values overriding). One call."""
        self.ensure_one()
        vals = self._values_to_write(default or {})
        result = self._call("copy", [list(self._ids), vals], {})
        return self.browse(answers.created_ids(self._site("copy"), result))

    def fetch(self, *paths: str) -> Model:
        """Load dotted field paths (``"name", "country_id.name", "category_id.name"``) for the whole
        recordset into the cache, in one ``web_read`` call on Odoo 17+ (one read per hop before)."""
        from .nested import fetch_paths

        fetch_paths(self, paths)
        return self

    def search_iter(
        self,
        domain: Sequence[Any] = (),
        batch_size: int = 500,
        order: str | None = None,
        *,
        fetch: Sequence[str] | None = None,
    ) -> Iterator[Model]:
        """The records matching *domain*, as recordsets of at most *batch_size*: one search per
        batch (with ``fetch``, the values come in it too). Without *order*, batches follow the
        ids (``id > last``), so records created or deleted meanwhile never shift a batch; with
        an *order*, batches are pages by offset (``id`` is added to make the order total).

        Memory is bounded by *batch_size*: when the loop asks for the next batch, the values
        cached for the previous one are dropped (not those with pending changes; no call is made
        for this). Reading a previous batch's field again after that costs a read."""
        from .compat import forget_batch, search_batches

        for batch in search_batches(self, domain, batch_size, order, fetch):
            yield batch
            forget_batch(batch)  # the caller moved on

    # ------------------------------------------------------------ the same call on every Odoo version

    def has_access(self, operation: str) -> bool:
        """Whether the user may do *operation* (``read``, ``write``, ``create``, ``unlink``) on these
        records, or on the model when the recordset is empty. ``has_access`` on Odoo 18+,
        ``check_access_rights`` (and ``check_access_rule`` for records) before. One or two calls."""
        from .compat import has_access

        return has_access(self, operation)

    def check_access(self, operation: str) -> None:
        """Raise :class:`~odoorm.errors.AccessError` unless :meth:`has_access` says yes."""
        from .compat import check_access

        check_access(self, operation)

    def check_access_rights(self, operation: str, raise_exception: bool = True) -> bool:
        """The pre-18 API, kept working: model-level access to *operation*. With
        *raise_exception*, a denial is the server's :class:`~odoorm.errors.AccessError`."""
        from .compat import HAS_ACCESS_SINCE, has_access

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
        from .compat import name_get

        return name_get(self)

    # ------------------------------------------------------------ navigation (calls only to load fields)

    def mapped(self, path: str | Callable[[Model], Any]) -> Any:
        """Values of a dotted field path (or a function) over the records: a recordset when the
        path ends on a relational field, else a list."""
        if callable(path):
            values = [path(record) for record in self]
            if values and all(isinstance(v, Model) for v in values):
                if len({v._name for v in values}) > 1:
                    raise RecordError(f"mapped(): the function returned records of several models on {self!r}")
                return _union(values, self.env[values[0]._name])
            return values
        if not path:
            return self
        records: Model = self
        names = path.split(".")
        for position, name in enumerate(names[:-1]):
            step = records._mapped_one(name)
            if not isinstance(step, Model):
                raise UnknownFieldError(f"{records._name}.{name} is not relational: cannot follow {path!r} "
                                        f"past {'.'.join(names[: position + 1])!r}")  # fmt: skip
            records = step
        return records._mapped_one(names[-1])

    def filtered(self, predicate: str | Callable[[Model], Any]) -> Model:
        """The records for which *predicate* (a function, or a dotted path whose value is truthy) holds."""
        if isinstance(predicate, str):
            path = predicate
            return self._with_ids(tuple(r._ids[0] for r in self if any(_as_list(r.mapped(path)))))
        return self._with_ids(tuple(r._ids[0] for r in self if predicate(r)))

    def sorted(self, key: str | Callable[[Model], Any] | None = None, reverse: bool = False) -> Model:
        """The records sorted by *key*: a function, or an order string as in Odoo (``"name"``,
        ``"date desc, id"``; many2one fields sort by display name). Without a key, the model's
        default order (one search, archived records included; duplicates kept)."""
        if len(self._ids) < 2:
            return self
        if key is None:
            found = self.with_context(active_test=False).search([("id", "in", list(self._ids))])._ids
            rank = {record_id: position for position, record_id in enumerate(found)}
            ordered = sorted(self._ids, key=lambda i: rank.get(i, len(rank)), reverse=reverse)
            return self._with_ids(tuple(ordered))
        if callable(key):
            return self._with_ids(tuple(r._ids[0] for r in sorted(self, key=key, reverse=reverse)))
        records = list(self)
        for name, descending in reversed(_parse_order(key)):  # stable sorts, last key first
            field = self._field(name)

            def value(record: Model, field: Field = field) -> tuple[bool, Any]:
                return _sort_key(field.__get__(record, type(record)))

            records.sort(key=value, reverse=descending != reverse)
        return self._with_ids(tuple(r._ids[0] for r in records))

    # ------------------------------------------------------------ context

    def with_context(self, *args: Mapping[str, Any], **overrides: Any) -> Model:
        """The same records in an environment with a replaced or extended context."""
        return type(self)(self.env.with_context(*args, **overrides), self._ids, self._prefetch)

    def with_company(self, company: Model | int) -> Model:
        """The same records with *company* first in ``allowed_company_ids`` (as in Odoo)."""
        return type(self)(self.env.with_company(company), self._ids, self._prefetch)

    def with_lang(self, lang: str) -> Model:
        """The same records read in language *lang*."""
        return self.with_context(lang=lang)

    # ------------------------------------------------------------ server methods

    def __getattr__(self, name: str) -> Any:
        if name.startswith("_"):
            raise AttributeError(f"{type(self).__name__!r} object has no attribute {name!r}")
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
        signature = builtin_signature(name, self.env.version.info)
        model_method = signature.model_method if signature else not self._ids
        positional = list(args) if model_method else [list(self._ids), *args]
        return self._call(name, positional, dict(kwargs))  # the environment drops its cache if it may write

    # ------------------------------------------------------------ internals

    def _call(self, method: str, args: Sequence[Any], kwargs: Mapping[str, Any]) -> Any:
        return self.env.execute_kw(self._name, method, args, kwargs)

    def _site(self, method: str) -> answers.Call:
        """The call *method* of this model, for checking its answer (:mod:`odoorm.answers`)."""
        return answers.Call(self.env.url, self._name, method)

    def _with_ids(self, ids: tuple[int, ...], keep_prefetch: bool = True) -> Model:
        return _record(type(self), self.env, ids, self._prefetch if keep_prefetch else ids)

    def _prefetch_ids(self) -> tuple[int, ...]:
        return resolve_prefetch(self._prefetch)

    def _field(self, name: str) -> Field:
        field = self._fields.get(name)
        if field is None:
            self.env.registry.refresh_if_new_field(type(self), name, self.env)
            field = self._fields.get(name)
        if field is None:
            close = difflib.get_close_matches(name, list(self._fields), n=3)
            hint = f"; did you mean {', '.join(map(repr, close))}?" if close else ""
            raise UnknownFieldError(f"{self._name} has no field {name!r}{hint}")
        return field

    def _field_value(self, field: Field) -> Any:
        """The cached value of *field* for this single record, loading it on a miss."""
        record = self.ensure_one()
        return fetch_field(record, field)

    def _related_records(self, field: Field, ids: tuple[int, ...]) -> Model:
        cls = field.comodel_class
        if cls is None:
            cls = field.comodel_class = type(self.env[str(field.spec.relation)])
        record = object.__new__(cls)  # as _record(), inline: a many2one read in a loop comes here per record
        _set_env(record, self.env)
        _set_ids(record, ids)
        _set_prefetch(record, RelatedPrefetch(self, field))
        x2many = field.type in _X2MANY and self._ids
        _set_origin(record, RelationOrigin(self._name, self._ids[0], field) if x2many else None)
        return record

    def _mapped_one(self, name: str) -> Any:
        if name == "id":
            return list(self._ids)
        field = self._field(name)
        values = [field.__get__(record, type(record)) for record in self]
        if field.spec.relation and field.type in ("many2one", "one2many", "many2many"):
            comodel = self.env[str(field.spec.relation)]
            return _union(values, type(comodel)(self.env, (), RelatedPrefetch(self, field)))
        return values

    def _values_to_write(self, vals: Mapping[str, Any], force: bool = False) -> dict[str, Any]:
        fields = {name: self._writable_field(name, force) for name in vals}
        return {name: fields[name].convert_to_write(value, self.env) for name, value in vals.items()}

    def _writable_field(self, name: str, force: bool) -> Field:
        field = self._field(name)
        if field.name == "id" or (field.spec.readonly and not force):
            raise ReadOnlyFieldError(
                f"{self._name}.{name} is read-only in the server's metadata; to send it anyway: "
                f"records.write({{{name!r}: ...}}, force=True)"
            )
        return field

    def _assign(self, field: Field, value: Any) -> None:
        """``records.field = value``: stage the change in the unit of work; reads see it at once."""
        if not self._ids:
            return
        self._writable_field(field.name, force=False)
        origin = value._origin if isinstance(value, Model) else None
        if origin is not None and origin.augmented and origin.belongs_to(self, field):
            # ``+=``/``-=``: only the links added or removed, never a replacement built from a cache
            # the server may have moved past; nothing at all for an empty operand
            commands = list(origin.commands)
            if not commands:
                return
        else:
            commands = field.convert_to_write(value, self.env)
        # x2many commands queue up in order (a plain "=" starts with set or clear): nothing is dropped
        append = field.type in _X2MANY
        with self.env.cache.lock:  # atomic for readers storing server rows: pending values win
            self.env._stage(self._name, self._ids, field.name, commands, append=append)
            self._cache_assigned(field, commands, append)
            self._forget_inverses(field)

    def _forget_inverses(self, field: Field) -> None:
        """The other side of a changed relation is stale in the cache: forget it (it is read again,
        after the flush, when needed). ``child.parent_id = p`` changes ``p.child_ids``; a many2many
        changes the comodel's many2many on the same table; a one2many changes the children's many2one."""
        relation = field.spec.relation
        comodel = self.env.registry.loaded(relation) if relation and field.type in _RELATIONAL else None
        if comodel is None:
            return
        for other in comodel._fields.values():
            if other.spec.relation != self._name or (comodel._name, other.name) == (self._name, field.name):
                continue
            inverse = (
                (field.type == "many2one" and other.type == "one2many" and other.spec.relation_field == field.name)
                or (field.type == "one2many" and other.type == "many2one" and other.name == field.spec.relation_field)
                or (field.type == "many2many" and other.type == "many2many")
            )
            if inverse:
                self.env.cache.forget_field((comodel._name, other.name))

    def _cache_assigned(self, field: Field, value: Any, append: bool) -> None:
        cache, key = self.env.cache, (self._name, field.name)
        if field.type not in ("one2many", "many2many"):
            cache.set(key, {i: field.convert_to_cache(value, self.env) for i in self._ids})
            return
        for record_id in self._ids:
            current = cache.get(key, record_id)
            known = () if not append else (None if current is MISSING else current)
            after = None if known is None else apply_commands(known, value)
            if after is None:
                cache.forget(key, [record_id])  # read again (after a flush) when needed
            else:
                cache.set(key, {record_id: after})

    def _check_same_model(self, other: object, operator: str) -> None:
        if not isinstance(other, Model) or other._name != self._name:
            what = other._name if isinstance(other, Model) else type(other).__name__
            raise RecordError(f"cannot combine {self._name} records with {what} by {operator!r}")


_X2MANY = ("one2many", "many2many")

# The slots' setters, which building a record uses instead of the fields' __setattr__.
_set_env = Model.__dict__["env"].__set__
_set_ids = Model.__dict__["_ids"].__set__
_set_prefetch = Model.__dict__["_prefetch"].__set__
_set_origin = Model.__dict__["_origin"].__set__


def _record(
    cls: type[Model], env: Environment, ids: tuple[int, ...], prefetch: Prefetch, origin: RelationOrigin | None = None
) -> Model:
    """``cls(env, ids, prefetch, origin)`` without the call to ``__init__``: the hot path of
    iteration and relational values."""
    record = object.__new__(cls)
    _set_env(record, env)
    _set_ids(record, ids)
    _set_prefetch(record, prefetch)
    _set_origin(record, origin)
    return record
_RELATIONAL = ("many2one", "one2many", "many2many")


class RelationOrigin:
    """Where an x2many value came from, and the commands ``+=`` and ``-=`` made on it."""

    __slots__ = ("model", "record_id", "field", "commands", "augmented")

    def __init__(
        self, model: str, record_id: int, field: Field, commands: tuple[Any, ...] = (), augmented: bool = False
    ) -> None:
        self.model = model
        self.record_id = record_id
        self.field = field
        self.commands = commands
        #: Whether ``+=``/``-=`` made this value: assigning it back sends only its commands (maybe none).
        self.augmented = augmented

    def belongs_to(self, records: Model, field: Field) -> bool:
        """Whether this value is being assigned back to the field it was read from."""
        return records._name == self.model and records._ids == (self.record_id,) and field.name == self.field.name

    def additions(self, other: Any) -> list[tuple[Any, ...]]:
        """Commands for ``+= other``: records and ids are linked, dicts created, commands kept."""
        items = other if isinstance(other, list | tuple) and not is_command(other) else [other]
        commands: list[Any] = []
        for item in items:
            if isinstance(item, Model):
                commands += [(4, i, 0) for i in _ids_of(item, str(self.field.spec.relation))]
            elif isinstance(item, Mapping):
                commands.append((0, 0, item))
            elif is_command(item):
                commands.append(tuple(item))
            else:
                commands.append((4, _check_id(str(self.field.spec.relation), item), 0))
        return commands

    def changed(self, current: Model, commands: list[tuple[Any, ...]]) -> Model:
        """The value after *commands*: its ids as far as they can be known, and the commands to send."""
        env = current.env
        converted = tuple(self.field.convert_command(c, env) for c in commands)  # type: ignore[attr-defined]
        ids = apply_commands(current._ids, converted)
        origin = RelationOrigin(self.model, self.record_id, self.field, self.commands + converted, augmented=True)
        return type(current)(env, current._ids if ids is None else ids, current._prefetch, origin)


def _ids_of(value: Any, model: str) -> list[int]:
    if isinstance(value, Model):
        if value._name != model:
            raise RecordError(f"expected {model} records, not {value._name} records")
        return list(value._ids)
    if isinstance(value, int) and not isinstance(value, bool):
        return [value]
    return [_check_id(model, v) for v in value]


class ServerMethod:
    """A public model method, called on the server with the recordset's ids.

    ``order.action_confirm()`` sends ``execute_kw("sale.order", "action_confirm", [ids])``;
    ``rec.method(a, b=1)`` sends ``[ids, a]`` and ``{"b": 1}``. On an empty recordset
    (``env["res.partner"].method(...)``), or for a known ``@api.model`` method, no ids are
    sent. After a method that may write, the environment's cache is dropped.
    One call.
    """

    __slots__ = ("records", "name")

    def __init__(self, records: Model, name: str) -> None:
        self.records = records
        self.name = name

    def __call__(self, *args: Any, **kwargs: Any) -> Any:
        return self.records._call_method(self.name, args, kwargs)

    def __bool__(self) -> bool:
        close = difflib.get_close_matches(self.name, list(self.records._fields), n=3)
        hint = f"; did you mean {', '.join(map(repr, close))}?" if close else ""
        raise UnknownFieldError(
            f"{self.records._name} has no field {self.name!r}{hint} (a server method is called, not tested)"
        )

    def __repr__(self) -> str:
        return f"<server method {self.records!r}.{self.name}>"


def _check_id(model: str, value: Any) -> int:
    if isinstance(value, bool) or not isinstance(value, int):
        raise RecordError(f"{model}: record ids are integers, not {type(value).__name__} {value!r:.40}")
    return value


def _union(recordsets: Iterable[Any], empty: Model) -> Model:
    ids: dict[int, None] = {}
    for records in recordsets:
        ids.update(dict.fromkeys(records._ids))
    return type(empty)(empty.env, tuple(ids), empty._prefetch)


def _as_list(value: Any) -> list[Any]:
    if isinstance(value, Model):
        return [bool(value)]
    return list(value) if isinstance(value, list) else [value]


def _sort_key(value: Any) -> tuple[bool, Any]:
    if isinstance(value, Model):
        value = value.display_name if len(value._ids) == 1 else value._ids
    return (value is None or value is False, value if value is not None else 0)


def _parse_order(order: str) -> list[tuple[str, bool]]:
    """``"date desc, id"`` → ``[("date", True), ("id", False)]``."""
    terms = []
    for term in filter(None, (part.strip() for part in order.split(","))):
        name, _, direction = term.partition(" ")
        terms.append((name, direction.strip().lower().startswith("desc")))
    return terms
