"""What the "learned" prefetch policy reads: the fields and relations the code went through, as a
``web_read`` specification, and how many records one such read may bring for its answer to stay
bounded (:data:`VALUE_BUDGET`). What the code has read is kept by :mod:`odoorm.orm.learned`.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

from .policies import PrefetchPolicy

if TYPE_CHECKING:
    from .fields.base import Field
    from .protocols import Env as Environment
    from .protocols import Records as Model

__all__ = [
    "PREFETCH_MAX",
    "VALUE_BUDGET",
    "X2MANY_FANOUT",
    "HOP_DEPTH",
    "Spec",
    "learned_fields",
    "learned_spec",
    "learned_bound",
    "values_per_record",
    "spec_for",
]

#: The most records one lazy load reads (Odoo's own ORM uses the same bound); learned loads may
#: read more, see :data:`VALUE_BUDGET`.
PREFETCH_MAX = 1000
#: The most values (records × fields read, the fields of related records brought by learned hops
#: included) one learned load or learned search asks for, so that its answer stays bounded
#: whatever the number of records: measured on Odoo 19, a value costs about 26 bytes of JSON
#: (100 of XML-RPC) and 160 bytes of peak client memory while it is decoded, so 150,000 values
#: are an answer of about 4 MB (15 MB over XML-RPC) and 25 MB of memory at most: about twice a
#: first load of res.partner (1000 records × 69 cheap fields: 2 MB), as much as a first load of a
#: model with 150 cheap fields. A loop reading 5 fields of 20,000 partners fits in one call.
VALUE_BUDGET = 150_000
#: How many related records an x2many value is counted for in :func:`values_per_record` (an
#: estimate: the seeded companies have 2 tags each; order lines may be more, tags fewer).
X2MANY_FANOUT = 4
#: How many relations deep a learned load follows the code's hops (``o.partner_id.country_id.name``: 2).
HOP_DEPTH = 2

#: A ``web_read`` specification: ``{"name": {}, "country_id": {"fields": {"name": {}}}}``.
Spec = dict[str, dict[str, Any]]


def learned_fields(cls: type[Model]) -> list[Field]:
    """The prefetchable fields the code has read on *cls*, in field order."""
    touched = cls._memory.touched
    return [f for name, f in cls._fields.items() if name in touched and f.prefetchable]


def learned_spec(records: Model) -> Spec | None:
    """What a ``search`` of *records*' model brings along under the "learned" policy: the fields
    the code read in lazy loads of this model, with the relations it went through; ``None``
    when there is nothing learned (or another policy)."""
    cls = type(records)
    if records.env.prefetch != PrefetchPolicy.LEARNED or not cls._memory.loaded_once:
        return None
    fields = learned_fields(cls)
    return spec_for(records.env, cls, fields, HOP_DEPTH) if fields else None


def learned_bound(env: Environment, cls: type[Model], spec: Spec) -> int:
    """The most records of *cls* one learned load of *spec* reads, or a learned search of *spec*
    brings: as many as :data:`VALUE_BUDGET` allows, never fewer than :data:`PREFETCH_MAX`."""
    return max(PREFETCH_MAX, VALUE_BUDGET // values_per_record(env, cls, spec))


def values_per_record(env: Environment, cls: type[Model], spec: Spec) -> int:
    """How many values one record of *cls* answers for *spec*: a plain field counts 1; a many2one
    1 for the id plus the values nested for it in *spec* (``read``'s ``[id, name]``: 2); an x2many
    :data:`X2MANY_FANOUT` times that (related records per record, estimated). The nested fields of
    a comodel whose class is not built yet count 1 each."""
    total = 0
    for name, entry in spec.items():
        field = cls._fields.get(name)
        relation = field.spec.relation if field is not None else None
        if field is None or not relation:
            total += 1
            continue
        sub: Spec = entry.get("fields") or {}
        comodel = env.registry.loaded(relation)
        nested = values_per_record(env, comodel, sub) if comodel is not None and sub else len(sub)
        total += (1 if field.type == "many2one" else X2MANY_FANOUT) * (1 + nested)
    return max(total, 1)


def spec_for(env: Environment, cls: type[Model], fields: Iterable[Field], depth: int) -> Spec:
    """*fields* as a specification: many2one with their display names (as ``read`` gives them),
    and the learned fields of the records the code reached through them, *depth* relations deep."""
    hops = cls._memory.hops
    spec: Spec = {}
    for field in fields:
        sub: Spec = {"display_name": {}} if field.type == "many2one" else {}
        if depth and field.name in hops and field.spec.relation:
            comodel = env.registry.loaded(field.spec.relation)
            if comodel is not None:
                sub.update(spec_for(env, comodel, learned_fields(comodel), depth - 1))
                if "display_name" in comodel._memory.touched:
                    sub["display_name"] = {}
        spec[field.name] = {"fields": sub} if sub else {}
    return spec
