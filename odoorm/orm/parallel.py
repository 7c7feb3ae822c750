"""Id-range partitions of a search, and their pages fetched over several connections at once.

:func:`partitions` splits the ids of the records matching a domain into ranges of equal width
(``id >= start and id < stop``), from one group-by call (the count, the smallest and the largest id).
:func:`parallel_pages` fetches the ranges' pages on *connections* threads sharing the connection's
pool of HTTP connections (and its login): each thread takes the next range, pages through it by id
and hands the pages over a bounded queue, so memory stays a few pages per thread. Pages arrive in
the order they are answered, each sorted by id. Nothing here writes or caches: the threads only
send read calls, which the connection's transport sends concurrently.

A range is a value (:class:`~odoorm.orm.streaming.IdRange`), so the same partitions serve a
distributed engine: one task per range, e.g. with ``dask.dataframe.from_map`` (docs/data.md).
"""

from __future__ import annotations

import queue
import threading
from collections.abc import Callable, Iterator, Sequence
from typing import TYPE_CHECKING, Any

from .grouping import read_groups
from .streaming import IdRange, Page, Path, iter_pages

if TYPE_CHECKING:
    from .protocols import Records as Model

__all__ = ["partitions", "parallel_pages", "read_ahead"]

_DONE = object()


class _Failed:
    def __init__(self, error: BaseException) -> None:
        self.error = error


def partitions(model: Model, domain: Sequence[Any], parts: int) -> tuple[int, list[IdRange]]:
    """The number of records matching *domain* and *parts* id ranges covering them (fewer when
    there are fewer ids). One call (a group-by: ``__count``, ``id:min``, ``id:max``)."""
    from ..errors import ClientError

    if isinstance(parts, bool) or not isinstance(parts, int) or parts < 1:
        raise ClientError(f"{model._name}: parts is a positive integer, not {parts!r}")
    rows = read_groups(model, domain, (), ("__count", "id:min", "id:max"), (), 0, None, None)
    count = int(rows[0]["__count"] or 0) if rows else 0
    if not count:
        return 0, []
    low, high = int(rows[0]["id:min"]), int(rows[0]["id:max"]) + 1
    width = max(1, -(-(high - low) // parts))  # ceiling
    return count, [IdRange(start, min(start + width, high)) for start in range(low, high, width)]


def parallel_pages(
    model: Model,
    domain: Sequence[Any],
    paths: Sequence[Path],
    batch_size: int,
    ranges: Sequence[IdRange],
    connections: int,
) -> Iterator[Page]:
    """The pages of every range, fetched on *connections* threads. Stopping the iteration stops them."""
    todo: queue.Queue[IdRange] = queue.Queue()
    for ids in ranges:
        todo.put(ids)

    def next_source() -> Iterator[Page] | None:
        try:
            return iter_pages(model, domain, paths, batch_size, todo.get_nowait())
        except queue.Empty:
            return None

    return _on_threads(model, next_source, connections, 2 * connections, "odoorm-page")


def read_ahead(model: Model, pages: Iterator[Page]) -> Iterator[Page]:
    """*pages*, the next one read on a thread while the caller works on this one: one call at a time
    still, in the same order, but the server's time overlaps the caller's (decoding, writing)."""
    sources = [pages]
    return _on_threads(model, lambda: sources.pop() if sources else None, 1, 1, "odoorm-read-ahead")


def _on_threads(
    model: Model, next_source: Callable[[], Iterator[Page] | None], workers: int, depth: int, name: str
) -> Iterator[Page]:
    """The pages of the sources *next_source* gives (until ``None``), read on *workers* threads and
    handed over a queue of *depth* pages; a thread's error is raised here. Stopping stops them."""
    model.env.flush()  # once, here: the threads only read
    out: queue.Queue[Any] = queue.Queue(maxsize=depth)
    stop = threading.Event()

    def work() -> None:
        try:
            while not stop.is_set() and (source := next_source()) is not None:
                for page in source:
                    if not _put(out, page, stop):
                        return
        except BaseException as error:  # handed to the consumer, raised there
            _put(out, _Failed(error), stop)
        finally:
            _put(out, _DONE, stop)

    threads = [threading.Thread(target=work, name=f"{name}-{n}", daemon=True) for n in range(workers)]
    for thread in threads:
        thread.start()
    try:
        yield from _drain(out, workers)
    finally:
        stop.set()
        for thread in threads:
            thread.join()


def _drain(out: queue.Queue[Any], workers: int) -> Iterator[Page]:
    done = 0
    while done < workers:
        item = out.get()
        if item is _DONE:
            done += 1
        elif isinstance(item, _Failed):
            raise item.error
        else:
            yield item


def _put(out: queue.Queue[Any], item: Any, stop: threading.Event) -> bool:
    """Put *item* unless the consumer stopped; whether it was put."""
    while not stop.is_set():
        try:
            out.put(item, timeout=0.05)
            return True
        except queue.Full:
            continue
    return False
