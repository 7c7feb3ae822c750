"""Loading field values for a whole prefetch set at once.

When a record misses the cache for a field, every id of its prefetch set
that misses it too is loaded in the same ``read``, together with the model's
other prefetchable fields (the environment's ``prefetch`` policy). Records
reached through a relational field get a :class:`RelatedPrefetch`: "this
field's values over my parent's prefetch set", so each hop of a loop costs
one read — the first time. The "learned" policy also remembers the hops:
once the code has read ``p.country_id.name`` in a loop over partners, later
loads of partners bring the countries' fields in the same call (a
``web_read`` specification, Odoo 17+), and a ``search`` with a ``limit``
brings them all (``web_search_read``).

How many records one call reads: a first load (the cheap set, often 100
fields or more) and the other policies read at most :data:`PREFETCH_MAX`;
a learned load reads few fields, so it is bounded by the size of its answer
instead — :data:`VALUE_BUDGET` values, the related records' fields of the
learned hops included (:func:`learned_bound`), and never fewer than
:data:`PREFETCH_MAX` records. A learned search brings its records' values
when its ``limit`` is within that bound; a search without a ``limit`` brings
ids only (its size is unknown), and the loop's learned loads then read
budget-sized chunks: a repeated loop over 20,000 partners reading 5 fields
costs one ``web_search_read`` with a limit, a ``search`` and one read
without.
"""

from __future__ import annotations

import warnings
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from ..errors import AccessError, MissingError, RecordError
from ..meta.releases import WEB_READ_SINCE
from ..transport import answers
from .cache import MISSING
from .learned_reads import HOP_DEPTH, PREFETCH_MAX, Spec, learned_bound, spec_for
from .policies import NPlusOne, PrefetchPolicy
from .protocols import Prefetch

if TYPE_CHECKING:
    from .fields.base import Field
    from .protocols import Env as Environment
    from .protocols import Records as Model

__all__ = [
    "PREFETCH_MAX",
    "RelatedPrefetch",
    "NPlusOneWarning",
    "Spec",
    "resolve_prefetch",
    "fetch_field",
    "store_rows",
    "store_tree",
]

#: Single-record loads of one field in a row before the N+1 alarm goes off.
N_PLUS_ONE_THRESHOLD = 10


class NPlusOneWarning(UserWarning):
    """A field is being loaded one record at a time (an N+1 in the calling code)."""


class RelatedPrefetch:
    """The values of ``field`` over the prefetch set of ``source`` (computed when needed)."""

    __slots__ = ("source", "field")
    source: Model

    def __init__(self, source: Any, field: Field) -> None:
        # *source* is any recordset (a Model, or one of its parts that cannot prove it is one)
        self.source = source
        self.field = field

    def ids(self) -> tuple[int, ...]:
        """The related ids already known from the cache, in order, without duplicates."""
        cache = self.source.env.cache
        key = (self.field.model_name, self.field.name)
        found: dict[int, None] = {}
        for parent_id in self.source._prefetch_ids():
            value = cache.get(key, parent_id)
            if isinstance(value, tuple):
                found.update(dict.fromkeys(value))
            elif isinstance(value, int) and not isinstance(value, bool):
                found[value] = None
        return tuple(found)


def resolve_prefetch(prefetch: Prefetch) -> tuple[int, ...]:
    """The ids of a prefetch set."""
    return prefetch if isinstance(prefetch, tuple) else prefetch.ids()


def fetch_field(record: Model, field: Field) -> Any:
    """The cache value of *field* for the single *record*, loading its prefetch set on a miss."""
    new_pattern = type(record)._memory.touch(field.name)  # what the code reads, for the "learned" policy
    if isinstance(record._prefetch, RelatedPrefetch):
        _learn_hop(record._prefetch)
    cache = record.env.cache
    record_id = record._ids[0]
    value = cache.get((record._name, field.name), record_id)
    if value is MISSING and not cache.is_gone(record._name, record_id):
        rows = _load(record, field, new_pattern)
        value = cache.get((record._name, field.name), record_id)
        if value is MISSING:  # another thread dropped the caches after the read: use what was read
            row = next((row for row in rows if row["id"] == record_id), None)
            value = MISSING if row is None else field.convert_to_cache(row[field.name], record.env)
    if value is MISSING:
        raise MissingError(
            f"Record does not exist or has been deleted (or may not be read): {record!r}",
            model=record._name,
            method="read",
        )
    return value


def store_rows(
    records: Model, rows: Sequence[dict[str, Any]], fields: Sequence[Field], generation: int | None = None
) -> None:
    """Put ``read`` rows into the cache, with the display names of many2one values. With the
    *generation* the rows were read in, nothing is stored if the caches were dropped since."""
    env = records.env
    generation = env.cache.generation if generation is None else generation
    with env.cache.lock:
        pending = env._shared.uow.pending_ids(records._name)  # changed values the server does not have yet
        for field in fields:
            if rows and field.name not in rows[0]:
                continue
            values = _column(field, rows, env)
            for record_id in pending.get(field.name, ()):
                values.pop(record_id, None)
            if not env.cache.set_if_current(generation, (records._name, field.name), values):
                return
            _store_display_names(env, field, rows, generation)


def _column(field: Field, rows: Sequence[dict[str, Any]], env: Environment) -> dict[int, Any]:
    """One field's *cache* values by id (the plain conversion done inline: it runs per value)."""
    name = field.name
    if field.plain_cache:
        return {row["id"]: None if (value := row[name]) is False else value for row in rows}
    convert = field.convert_to_cache
    if field.type == "many2one":  # read's [id, display_name] inline; other shapes by the field
        return {row["id"]: value[0] if type(value := row[name]) is list else convert(value, env) for row in rows}
    return {row["id"]: convert(row[name], env) for row in rows}


def _store_display_names(env: Any, field: Field, rows: Sequence[dict[str, Any]], generation: int) -> None:
    """The display names ``read`` answers for many2one values, cached for the comodel."""
    if field.type == "many2one" and field.spec.relation:
        names = {v[0]: v[1] for v in (row[field.name] for row in rows) if isinstance(v, list | tuple)}
        env.cache.set_if_current(generation, (field.spec.relation, "display_name"), names)


#: Reads tried again when another thread dropped the caches while one was under way.
_RACE_RETRIES = 3


def _load(record: Model, field: Field, new_pattern: bool) -> Sequence[dict[str, Any]]:
    env = record.env
    companions, learned = _companions(record, field, new_pattern)
    fields = [field, *companions]
    spec = _hops_spec(record, fields) if learned else None
    ids = _ids_to_load(record, field, _load_bound(record, fields, spec) if learned else PREFETCH_MAX)
    _watch_n_plus_one(record, field, len(ids))
    for attempt in range(_RACE_RETRIES + 1):
        env.flush()  # before noting the generation: the flush drops the caches
        generation = env.cache.generation
        rows, ids, spec = _read(record, ids, fields, spec)
        if attempt == _RACE_RETRIES or env.cache.generation == generation:
            break  # else a write elsewhere may have made these rows stale: read again
    with answers.reading(record._site("read" if spec is None else "web_read")):
        if spec is None:
            store_rows(record, rows, fields, generation)
        else:
            store_tree(record, rows, spec, generation)
        returned = {row["id"] for row in rows}
    env.cache.mark_gone(record._name, [i for i in ids if i not in returned])
    return rows


def _read(
    record: Model, ids: list[int], fields: Sequence[Field], spec: Spec | None
) -> tuple[list[Any], list[int], Spec | None]:
    """The rows of *ids*: with *spec*, one ``web_read`` (the learned hops included); else a ``read``."""
    env = record.env
    if spec is not None:
        try:
            rows = env.execute_kw(record._name, "web_read", [ids, spec], {})
            return answers.row_list(record._site("web_read"), rows), ids, spec
        except AccessError:  # a related model may not be readable: plain reads for this model from now on
            env.registry.learned.forget_hops(record._name)
    names = [f.name for f in fields]
    try:
        rows = env.execute_kw(record._name, "read", [ids, names], {"load": "_classic_read"})
    except AccessError:
        if len(ids) == 1:
            raise
        ids = [record._ids[0]]  # one forbidden record fails a whole batch: read this one alone, as Odoo does
        rows = env.execute_kw(record._name, "read", [ids, names], {"load": "_classic_read"})
    return answers.row_list(record._site("read"), rows), ids, None


def _ids_to_load(record: Model, field: Field, bound: int) -> list[int]:
    """*record* and the ids of its prefetch set that miss *field*, *bound* at most."""
    cache = record.env.cache
    key = (record._name, field.name)
    ids: dict[int, None] = {record._ids[0]: None}
    for other in record._prefetch_ids():
        if len(ids) >= bound:
            break
        if not cache.has(key, other) and not cache.is_gone(record._name, other):
            ids[other] = None
    return list(ids)


def _companions(record: Model, field: Field, new_pattern: bool = False) -> tuple[list[Field], bool]:
    """The other fields loaded along with *field*, as the environment's prefetch policy says, and
    whether they are the learned ones:

    - ``"learned"`` (default): the first load of a model takes the cheap set (stored fields but
      binary, one2many, json and properties); later loads take the fields the code has read on
      that model so far, so a repeated loop reads what it uses, with the fields it read through
      relations; a field read for the first time brings the cheap set again (the code's pattern
      changed);
    - ``"cheap"``: always the cheap set; ``"touched"``: nothing more;
    - a list of field names: those.
    """
    cls = type(record)
    memory = cls._memory
    policy = record.env.prefetch
    names: Sequence[str]
    learned = False
    if policy == PrefetchPolicy.TOUCHED or not field.prefetchable:
        names = ()
    elif policy == PrefetchPolicy.LEARNED and memory.loaded_once and not new_pattern:
        names = [name for name in cls._fields if name in memory.touched]  # in field order: stable requests
        learned = True
    elif policy in (PrefetchPolicy.LEARNED, PrefetchPolicy.CHEAP):
        names = [name for name, f in cls._fields.items() if f.prefetchable]
        memory.loaded_once = True
    else:
        names = [policy] if isinstance(policy, str) else policy
    fields = (cls._fields.get(name) for name in names if name != field.name)
    return [f for f in fields if f is not None and f.prefetchable], learned


# ---------------------------------------------------------------- learned hops


def _learn_hop(prefetch: RelatedPrefetch) -> None:
    """Remember that the code read fields of records reached through ``prefetch.field``."""
    source = prefetch.source
    if prefetch.field.name not in type(source)._memory.hops:
        source.env.registry.learned.learn_hop(source._name, prefetch.field.name)


def _load_bound(record: Model, fields: Sequence[Field], spec: Spec | None) -> int:
    """The bound of a learned load of *fields* (with *spec*, or a plain ``read``: many2one values
    come with their display names, as a depth-0 specification says)."""
    cls = type(record)
    return learned_bound(record.env, cls, spec if spec is not None else spec_for(record.env, cls, fields, 0))


def _hops_spec(record: Model, fields: Sequence[Field]) -> Spec | None:
    """The ``web_read`` specification of a learned load, when the code went through one of
    *fields* to related records (and the server has ``web_read``); else ``None``: a plain read."""
    hops = type(record)._memory.hops
    if not hops or not any(f.name in hops for f in fields) or not record.env._at_least(WEB_READ_SINCE):
        return None
    return spec_for(record.env, type(record), fields, HOP_DEPTH)


def store_tree(records: Model, rows: Sequence[dict[str, Any]], spec: Spec, generation: int | None = None) -> None:
    """Put ``web_read`` rows of *spec* into the cache, the related records' values included (for a
    model whose class is not built yet, only their display names)."""
    env = records.env
    generation = env.cache.generation if generation is None else generation
    store_rows(records, rows, [records._fields[name] for name in spec], generation)
    for name, entry in spec.items():
        sub_spec = entry.get("fields")
        relation = records._fields[name].spec.relation
        if not sub_spec or not relation:
            continue
        sub_rows = _related_rows(rows, name)
        comodel = env.registry.loaded(relation)
        if comodel is not None:
            store_tree(comodel(env, ()), sub_rows, sub_spec, generation)
        elif "display_name" in sub_spec:
            names = {row["id"]: row.get("display_name") for row in sub_rows if "display_name" in row}
            env.cache.set_if_current(generation, (relation, "display_name"), names)


def _related_rows(rows: Sequence[dict[str, Any]], name: str) -> list[dict[str, Any]]:
    """The related records' rows nested in *rows* under field *name*, once each."""
    found: dict[int, dict[str, Any]] = {}
    for row in rows:
        value = row.get(name)
        for item in value if isinstance(value, list) else [value]:
            if isinstance(item, dict) and "id" in item:
                found.setdefault(item["id"], item)
    return list(found.values())


def _watch_n_plus_one(record: Model, field: Field, batch: int) -> None:
    env = record.env
    if env.n_plus_one == NPlusOne.IGNORE:
        return
    key = (record._name, field.name)
    if batch > 1:
        env._single_loads.pop(key, None)
        return
    count = env._single_loads[key] = env._single_loads.get(key, 0) + 1
    if count != N_PLUS_ONE_THRESHOLD:
        return
    message = (
        f"{record._name}.{field.name} was loaded one record at a time {count} times in a row: the records "
        f"were reached one by one (browse(id) in a loop?). Browse them together, e.g. "
        f"env[{record._name!r}].browse(ids), or load the field first with records.fetch({field.name!r})"
    )
    if env.n_plus_one == NPlusOne.RAISE:
        raise RecordError(message)
    warnings.warn(message, NPlusOneWarning, stacklevel=5)
