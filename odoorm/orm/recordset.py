"""The recordset's identity: :class:`Recordset`, the base of :class:`~odoorm.orm.model.Model`.

A recordset is three things, as in Odoo: the environment, a tuple of ids and
a prefetch set (the ids whose values are loaded together when one of them
misses the cache). Values never live on the recordset: they live in the
environment's cache. Looking is free: ``repr``, ``==``, ``len``, ``bool``,
``in``, ``dir`` and the set operations never call the server.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping, Sequence
from typing import TYPE_CHECKING, Any, ClassVar, TypeVar, cast, overload

from ..errors import RecordError, UnknownFieldError, did_you_mean
from ..transport import answers
from ..transport.methods import generic_methods
from .fields.base import Field
from .learned import ModelMemory
from .prefetch import RelatedPrefetch, fetch_field, resolve_prefetch
from .protocols import Prefetch, RecordsBase
from .relations import RelationOrigin, check_id, ids_of
from .writing import assign, values_to_write

if TYPE_CHECKING:
    from typing_extensions import Self

    from .protocols import Env as Environment
    from .protocols import Records

__all__ = ["Recordset", "new_record", "MODEL_LEVEL"]

RecordsT = TypeVar("RecordsT", bound="Recordset")

_REPR_IDS = 20  # a repr shows at most this many ids
_X2MANY = ("one2many", "many2many")


class _ModelLevel:
    """The prefetch set of ``env["x"]``: no ids, and the mark of a model-level recordset (a server
    method odoorm does not know is called on it without ids, as ``env["x"].name_create("y")``)."""

    __slots__ = ()

    def ids(self) -> tuple[int, ...]:
        return ()


MODEL_LEVEL = _ModelLevel()


class Recordset(RecordsBase):
    """Ids of one model in an environment, with their prefetch set; no server call here."""

    _name: ClassVar[str] = ""
    _description: ClassVar[str] = ""
    _transient: ClassVar[bool] = False
    _fields: ClassVar[dict[str, Field]] = {}
    #: What the code has read on this model (the "learned" prefetch policy; owned by the registry).
    _memory: ClassVar[ModelMemory] = ModelMemory()

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

    # ------------------------------------------------------------ identity

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

    def __iter__(self) -> Iterator[Self]:
        cls, env, prefetch, new = type(self), self.env, self._prefetch, object.__new__
        for record_id in self._ids:  # _record(), inline: this runs once per record of every loop
            record = new(cls)
            _set_env(record, env)
            _set_ids(record, (record_id,))
            _set_prefetch(record, prefetch)
            _set_origin(record, None)
            yield record

    @overload
    def __getitem__(self, key: int | slice) -> Self: ...
    @overload
    def __getitem__(self, key: str) -> Any: ...
    def __getitem__(self, key: int | slice | str) -> Any:
        if isinstance(key, str):
            return self._field(key).__get__(self, type(self))
        if isinstance(key, slice):
            return self._with_ids(self._ids[key])
        return self._with_ids((self._ids[key],))

    def __contains__(self, item: object) -> bool:
        if isinstance(item, str):
            return item in self._fields  # as Odoo: "name" in records asks for a field
        if isinstance(item, Recordset):
            self._check_same_model(item, "in")
            return len(item._ids) == 1 and item._ids[0] in self._ids
        return item in self._ids

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Recordset):
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
        """What completion offers (IPython, Jupyter, ``dir()``): the fields, the recordset's methods,
        and the server methods known without a call — Odoo's generic ORM methods that this model has
        (``action_archive`` with an ``active`` field…), and on JSON-2 every public method the
        server's api_doc listed once it was read for a call's signature. Never a call: a model's own
        business methods (``action_confirm``) appear only then."""
        public = {name for name in super().__dir__() if not name.startswith("_")}
        server = {*generic_methods(self._name, self._fields), *self.env._documented_methods(self._name)}
        return sorted(public | set(self._fields) | server)

    def __reduce__(self) -> Any:
        raise TypeError(
            "odoorm refuses to pickle a secret: records hold their environment's credentials; "
            "pickle records.ids and browse them again"
        )

    def _to_wire(self) -> list[int]:
        """Records become their ids when sent to the server."""
        return list(self._ids)

    def ensure_one(self) -> Self:
        """Return the recordset if it holds exactly one record, else raise :class:`RecordError`."""
        if len(self._ids) != 1:
            raise RecordError(f"Expected singleton: {self!r}")
        return self

    # ------------------------------------------------------------ set operations

    def __or__(self, other: Recordset) -> Self:
        """Union, in order of first appearance."""
        self._check_same_model(other, "|")
        return self._with_ids(tuple(dict.fromkeys(self._ids + other._ids)), keep_prefetch=False)

    def __and__(self, other: Recordset) -> Self:
        """Intersection, in this recordset's order."""
        self._check_same_model(other, "&")
        keep = set(other._ids)
        return self._with_ids(tuple(dict.fromkeys(i for i in self._ids if i in keep)))

    def __sub__(self, other: Any) -> Self:
        """Difference, in this recordset's order."""
        self._check_same_model(other, "-")
        drop = set(other._ids)
        return self._with_ids(tuple(i for i in self._ids if i not in drop))

    def __add__(self, other: Any) -> Self:
        """Concatenation (duplicates kept, as in Odoo)."""
        self._check_same_model(other, "+")
        return self._with_ids(self._ids + other._ids, keep_prefetch=False)

    def __iadd__(self, other: Any) -> Self:
        """On an x2many value, ``record.field += records`` links them (``+= [{...}]`` creates lines);
        elsewhere, concatenation."""
        if self._origin is None:
            return self.__add__(other)
        changed: Self = self._origin.changed(self, self._origin.additions(other))
        return changed

    def __isub__(self, other: Any) -> Self:
        """On an x2many value, ``record.field -= records`` unlinks them (one2many lines are deleted
        when their link is required, as Odoo does); elsewhere, difference."""
        if self._origin is None:
            return self.__sub__(other)
        changed: Self = self._origin.changed(self, [(3, i, 0) for i in ids_of(other, self._name)])
        return changed

    def browse(self, ids: int | Iterable[int] = ()) -> Self:
        """Records of this model with the given ids (no call; fields load when read)."""
        if ids is None or ids is False:
            return type(self)(self.env, ())
        many = (ids,) if isinstance(ids, int) or not isinstance(ids, Iterable) or isinstance(ids, str | bytes) else ids
        checked = tuple(check_id(self._name, i) for i in many)
        return type(self)(self.env, checked)

    # ------------------------------------------------------------ another environment

    def with_context(self, *args: Mapping[str, Any], **overrides: Any) -> Self:
        """The same records in an environment with a replaced or extended context."""
        return type(self)(self.env.with_context(*args, **overrides), self._ids, self._prefetch)

    def with_company(self, company: Recordset | int) -> Self:
        """The same records with *company* first in ``allowed_company_ids`` (as in Odoo)."""
        return type(self)(self.env.with_company(company), self._ids, self._prefetch)

    def with_lang(self, lang: str) -> Self:
        """The same records read in language *lang*."""
        return self.with_context(lang=lang)

    # ------------------------------------------------------------ field values (the descriptors' calls)

    def _field_value(self, field: Field) -> Any:
        """The cached value of *field* for this single record, loading it on a miss."""
        record = self.ensure_one()
        return fetch_field(record._records(), field)

    def _related_records(self, field: Field, ids: tuple[int, ...]) -> Recordset:
        cls = field.comodel_class
        if cls is None:
            cls = field.comodel_class = type(self.env[str(field.spec.relation)])
        record: Recordset = object.__new__(cls)  # new_record(), inline: a many2one read in a loop comes here
        _set_env(record, self.env)
        _set_ids(record, ids)
        _set_prefetch(record, RelatedPrefetch(self, field))
        x2many = field.type in _X2MANY and self._ids
        _set_origin(record, RelationOrigin(self._name, self._ids[0], field) if x2many else None)
        return record

    def _values_to_write(self, vals: Mapping[str, Any], force: bool = False) -> dict[str, Any]:
        return values_to_write(self._records(), vals, force)

    def _assign(self, field: Field, value: Any) -> None:
        """``records.field = value``: see :func:`odoorm.orm.writing.assign`."""
        assign(self._records(), field, value)

    # ------------------------------------------------------------ internals

    def _call(self, method: str, args: Sequence[Any], kwargs: Mapping[str, Any]) -> Any:
        return self.env.execute_kw(self._name, method, args, kwargs)

    def _site(self, method: str) -> answers.Call:
        """The call *method* of this model, for checking its answer (:mod:`odoorm.transport.answers`)."""
        return answers.Call(self.env.url, self._name, method)

    def _with_ids(self, ids: tuple[int, ...], keep_prefetch: bool = True) -> Self:
        keep = keep_prefetch and self._prefetch is not MODEL_LEVEL
        return new_record(type(self), self.env, ids, self._prefetch if keep else ids)

    def _model_level(self) -> bool:
        """Whether this is the model itself (``env["x"]``), not records that happen to be none."""
        return self._prefetch is MODEL_LEVEL

    def _prefetch_ids(self) -> tuple[int, ...]:
        return resolve_prefetch(self._prefetch)

    def _field(self, name: str) -> Field:
        field = self._fields.get(name)
        if field is None:
            self.env.registry.refresh_if_new_field(type(self), name, self.env)
            field = self._fields.get(name)
        if field is None:
            raise UnknownFieldError(f"{self._name} has no field {name!r}{did_you_mean(name, self._fields)}")
        return field

    def _check_same_model(self, other: object, operator: str) -> None:
        if not isinstance(other, Recordset) or other._name != self._name:
            what = other._name if isinstance(other, Recordset) else type(other).__name__
            raise RecordError(f"cannot combine {self._name} records with {what} by {operator!r}")

    def _records(self) -> Records:
        """This recordset as the lower modules take it (the full :class:`~odoorm.orm.model.Model` is
        one; a mixin of it cannot prove so to the type checker)."""
        return cast("Records", self)


# The slots' setters, which building a record uses instead of the fields' __setattr__.
_set_env = Recordset.__dict__["env"].__set__
_set_ids = Recordset.__dict__["_ids"].__set__
_set_prefetch = Recordset.__dict__["_prefetch"].__set__
_set_origin = Recordset.__dict__["_origin"].__set__


def new_record(
    cls: type[RecordsT],
    env: Environment,
    ids: tuple[int, ...],
    prefetch: Prefetch,
    origin: RelationOrigin | None = None,
) -> RecordsT:
    """``cls(env, ids, prefetch, origin)`` without the call to ``__init__``: the hot path of
    iteration and relational values."""
    record = object.__new__(cls)
    _set_env(record, env)
    _set_ids(record, ids)
    _set_prefetch(record, prefetch)
    _set_origin(record, origin)
    return record
