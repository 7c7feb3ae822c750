"""A ``search_iter`` loop holds one batch's values in the cache, not every batch's.

Against the in-memory JSON-2 Odoo of :mod:`memory_odoo` (taught here to page: ``id >``, ``limit``,
``offset``, ``web_search_read``), 1000 partners in batches of 100: at every step of the loop the
cache holds values of the current batch's records only, the loop makes exactly the calls it makes
when nothing is forgotten (forgetting costs none), and a value with a pending change is never
forgotten.
"""

from __future__ import annotations

import tracemalloc
from collections.abc import Iterator
from typing import Any

import pytest
from memory_odoo import MemoryOdoo

import odoorm
from odoorm.orm.paging import forget_batch

RECORDS, BATCH = 1000, 100
MODEL = "res.partner"


class PagingOdoo(MemoryOdoo):
    """The in-memory Odoo, with what a paging loop sends: the ``id >`` leaf, ``limit``, ``offset``,
    ``order`` (by id, or anything ``desc``: by id descending), and ``web_search_read`` of plain fields
    (the search that brings the fields the loop was seen to read)."""

    def call(self, model: str, method: str, body: dict[str, Any]) -> Any:
        if method not in ("search", "web_search_read"):
            return super().call(model, method, body)
        with self.lock:
            self.calls[f"{model}.{method}"] += 1
            ids = self._page(body)
            if method == "search":
                return ids
            names = list(body["specification"])
            rows = [{"id": i, **{n: self._value(i, n) for n in names if n != "id"}} for i in ids]
            return {"length": len(rows), "records": rows}

    def _page(self, body: dict[str, Any]) -> list[int]:
        domain = body.get("domain") or []
        floor = max([value for field, operator, value in domain if (field, operator) == ("id", ">")], default=0)
        ids = [i for i in self._search([leaf for leaf in domain if leaf[0] != "id"]) if i > floor]
        ids.sort(reverse="desc" in str(body.get("order", "")).split(",")[0])
        offset, limit = body.get("offset") or 0, body.get("limit")
        return ids[offset:][:limit] if limit else ids[offset:]


@pytest.fixture
def env() -> Iterator[odoorm.Environment]:
    with PagingOdoo(records=RECORDS) as server:
        environment = odoorm.connect(server.url, "db", "admin", api_key="test-key", protocol="json2", timeout=10)
        environment.server = server  # type: ignore[attr-defined]
        yield environment
        environment.close()


def cached_ids(env: odoorm.Environment, model: str = MODEL) -> set[int]:
    """The ids of *model* with at least one value in the environment's cache."""
    return {i for (name, _), column in env.cache.columns.items() if name == model for i in column}


def loop(env: odoorm.Environment, order: str | None) -> tuple[list[str], list[int], list[set[int]]]:
    """Walk every partner by batches reading their names: the calls made (in order), and after each
    batch the number of values cached and the ids cached that are not the batch's."""
    env.invalidate()
    sizes, held = [], []
    with env.count_calls() as calls:
        for batch in env[MODEL].search_iter([], batch_size=BATCH, order=order):
            assert len(batch.mapped("name")) == len(batch) == BATCH
            sizes.append(len(env.cache))
            held.append(cached_ids(env) - set(batch.ids))  # values of records not in this batch
    return calls.keys, sizes, held


@pytest.mark.parametrize("order", [None, "name desc"])
def test_a_paging_loop_holds_one_batch(
    env: odoorm.Environment, order: str | None, monkeypatch: pytest.MonkeyPatch
) -> None:
    env[MODEL].search([], limit=1).name  # metadata loaded, and "name" learned: both loops make the same calls
    calls, sizes, others = loop(env, order)
    assert others == [set()] * (RECORDS // BATCH)  # at every step, values of the current batch only
    assert max(sizes) == sizes[0]  # the cache does not grow with the pages
    monkeypatch.setattr(odoorm.orm.paging, "forget_batch", lambda batch: None)
    calls_keeping_all, sizes_keeping_all, _ = loop(env, order)
    assert calls == calls_keeping_all  # forgetting costs no call
    assert len(calls) == RECORDS // BATCH + 1  # one search per batch (it brings the names), one empty
    assert sizes_keeping_all[-1] == RECORDS // BATCH * sizes[0]  # what the loop held before: every page


def test_leaving_the_loop_keeps_the_batch_in_hand(env: odoorm.Environment) -> None:
    for batch in env[MODEL].search_iter([], batch_size=BATCH):
        batch.mapped("name")
        break
    with env.count_calls() as calls:
        assert batch[0].name == "Partner 1"  # still cached: the loop did not move past it
    assert calls.total == 0


def test_values_with_pending_changes_are_kept(env: odoorm.Environment) -> None:
    batch = env[MODEL].search([], limit=BATCH, fetch=["name"])
    batch[0].function = "Buyer"  # staged, not sent
    forget_batch(batch)
    assert cached_ids(env) == {batch[0].id}
    assert env.cache.get((MODEL, "function"), batch[0].id) == "Buyer"
    assert env.cache.get((MODEL, "name"), batch[0].id) is odoorm.orm.cache.MISSING
    with env.count_calls() as calls:
        assert batch[0].function == "Buyer"  # from the cache, not the server's old value
    assert calls.total == 0
    env.flush()
    assert env.server.records[batch[0].id]["function"] == "Buyer"  # type: ignore[attr-defined]


def test_memory_of_a_paging_loop_is_bounded(env: odoorm.Environment) -> None:
    """What the cache costs, measured: it stays at about one batch whatever the number of batches."""
    env[MODEL].search([], limit=1).name
    env.invalidate()
    tracemalloc.start()
    try:
        sizes = []
        for batch in env[MODEL].search_iter([], batch_size=BATCH):
            batch.mapped("name")
            sizes.append(tracemalloc.get_traced_memory()[0])
    finally:
        tracemalloc.stop()
    assert sizes[-1] - sizes[1] < 32 * 1024  # no growth by a batch per batch (about 11 KiB each here)
