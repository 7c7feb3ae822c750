"""The thread machinery under parallel pages and read-ahead (:mod:`odoorm.orm.parallel`): every page
arrives, a thread's error is raised to the consumer, and a consumer that stops stops the threads."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from typing import Any

import pytest

from odoorm.orm.parallel import _on_threads, read_ahead


class _Env:
    def __init__(self) -> None:
        self.flushes = 0

    def flush(self) -> None:
        self.flushes += 1


class _Model:
    def __init__(self) -> None:
        self.env = _Env()


def _pages(start: int, count: int, produced: list[int]) -> Iterator[dict[str, list[Any]]]:
    for number in range(start, start + count):
        produced.append(number)
        yield {"id": [number]}


def test_every_page_of_every_source_arrives_once() -> None:
    model, produced = _Model(), []
    sources = [_pages(0, 5, produced), _pages(100, 3, produced), _pages(200, 4, produced)]
    lock = threading.Lock()

    def next_source() -> Iterator[dict[str, list[Any]]] | None:
        with lock:
            return sources.pop() if sources else None

    got = [page["id"][0] for page in _on_threads(model, next_source, 2, 2, "test")]  # type: ignore[arg-type]
    assert sorted(got) == [0, 1, 2, 3, 4, 100, 101, 102, 200, 201, 202, 203]
    assert model.env.flushes == 1  # once, before the threads read


def test_a_thread_error_is_raised_to_the_consumer() -> None:
    def failing() -> Iterator[dict[str, list[Any]]]:
        yield {"id": [1]}
        raise LookupError("the server went away")

    pages = read_ahead(_Model(), failing())  # type: ignore[arg-type]
    assert next(pages) == {"id": [1]}
    with pytest.raises(LookupError, match="the server went away"):
        next(pages)


def test_a_consumer_that_stops_stops_the_thread() -> None:
    produced: list[int] = []
    pages = read_ahead(_Model(), _pages(0, 1000, produced))  # type: ignore[arg-type]
    assert next(pages) == {"id": [0]}
    pages.close()  # joins the thread: it stopped reading
    assert len(produced) <= 3  # the page handed over, the one queued, the one waiting to be
    assert not [t for t in threading.enumerate() if t.name.startswith("odoorm-read-ahead")]
