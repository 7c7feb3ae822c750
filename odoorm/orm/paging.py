"""Walking a large result in batches: what :meth:`Model.search_iter` does.

By id (keyset: ``id > last``) when no order is asked, so records added or removed between batches
never shift one; by offset otherwise (``id`` is added to make the order total). Each batch's cached
values are dropped when the loop moves on, so memory is bounded by the batch size.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from typing import TYPE_CHECKING, Any, TypeVar

from ..errors import ClientError
from .domains.expression import Domain

if TYPE_CHECKING:
    from .protocols import Records as Model

RecordsT = TypeVar("RecordsT", bound="Model")

__all__ = ["search_batches", "forget_batch"]


def search_batches(
    model: RecordsT,
    domain: Sequence[Any],
    batch_size: int,
    order: str | None,
    fetch: Sequence[str] | None,
) -> Iterator[RecordsT]:
    """The recordsets of :meth:`Model.search_iter`: one search per batch."""
    if isinstance(batch_size, bool) or not isinstance(batch_size, int) or batch_size < 1:
        raise ClientError(f"{model._name}: batch_size is a positive integer, not {batch_size!r}")
    base: Sequence[Any] = domain if isinstance(domain, Domain) else list(domain)
    if not order:  # keyset: stable while records are added or removed between batches
        last = 0
        while True:
            after = base & Domain("id", ">", last) if isinstance(base, Domain) else [*base, ("id", ">", last)]
            batch = model.search(after, limit=batch_size, order="id", fetch=fetch)
            if batch:
                yield batch
            if len(batch) < batch_size:
                return
            last = batch.ids[-1]
    total_order = order if "id" in [term.split()[0] for term in order.split(",") if term.strip()] else f"{order}, id"
    offset = 0
    while True:
        batch = model.search(base, offset=offset, limit=batch_size, order=total_order, fetch=fetch)
        if batch:
            yield batch
        if len(batch) < batch_size:
            return
        offset += batch_size


def forget_batch(batch: Model) -> None:
    """Drop the values cached for the records of *batch*, once :meth:`Model.search_iter`'s caller has
    moved past it: its model's fields only (related records, which later batches may share, stay),
    and never a value with a pending change. No call; reading a dropped value again costs a read,
    as for any value not in the cache."""
    env = batch.env
    with env.cache.lock:  # held while values are staged: no change is staged between the two lines
        pending = env._shared.uow.pending_ids(batch._name)
        env.cache.forget_records(batch._name, batch.ids, keep=pending)
