"""Whole-model exports that stream: rows, files and frames (``Model.export_rows``, ``export``,
``export_dataframe``) and the partitions of one (``Model.partitions``).

Pages come from :mod:`odoorm.orm.streaming` (one call per page on Odoo 17+), over one connection or
several (:mod:`odoorm.orm.parallel`), and go to a sink (:mod:`odoorm.orm.sinks`) as they come, with
a progress bar (:mod:`odoorm.orm.progress`) when one is wanted.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from typing import IO, Any

import attrs

from ..errors import ClientError
from .export import default_fields
from .frames import Column
from .parallel import parallel_pages, partitions, read_ahead
from .progress import bar, wanted
from .sinks import Sink, file_sink, format_of, frame_sink
from .streaming import IdRange, Page, Path, columns, iter_pages, paths_of, rows_of

__all__ = ["Export", "Partition", "export_to", "model_partitions"]

#: Ranges per connection when pages are fetched in parallel (so a thread done early takes another).
RANGES_PER_CONNECTION = 4


@attrs.frozen
class Export:
    """What to export: a model's records matching *domain*, the *fields* (dotted paths), in pages."""

    model: Any
    domain: Sequence[Any]
    fields: Sequence[str] | None
    batch_size: int
    connections: int = 1
    progress: bool | None = None

    def paths(self) -> list[Path]:
        return paths_of(self.model, list(self.fields) if self.fields else default_fields(self.model))

    def columns(self) -> list[Column]:
        return columns(self.paths())

    def pages(self, paths: Sequence[Path]) -> Iterator[Page]:
        """The pages, with a bar counting records when one is wanted (its total: one count call
        with one connection; the partitioning call's count with several)."""
        self._check()
        if self.connections == 1:
            total = self.model.search_count(self.domain) if wanted(self.progress) else None
            pages = read_ahead(self.model, iter_pages(self.model, self.domain, paths, self.batch_size))
        else:
            total, ranges = partitions(self.model, self.domain, self.connections * RANGES_PER_CONNECTION)
            pages = parallel_pages(self.model, self.domain, paths, self.batch_size, ranges, self.connections)
        progress = bar(self.progress, f"{self.model._name}", total)
        try:
            for page in pages:
                yield page
                progress.update(len(page["id"]))
        finally:
            progress.close()

    def rows(self) -> Iterator[dict[str, Any]]:
        for page in self.pages(self.paths()):
            yield from rows_of(page)

    def into(self, sink_of: Any) -> Any:
        """Every page into the sink made by ``sink_of(columns)``; the sink's result."""
        paths = self.paths()
        sink: Sink = sink_of(columns(paths))
        try:
            for page in self.pages(paths):
                sink.write(page)
        finally:
            result = sink.close()
        return result

    def _check(self) -> None:
        for name, value in (("batch_size", self.batch_size), ("connections", self.connections)):
            if isinstance(value, bool) or not isinstance(value, int) or value < 1:
                raise ClientError(f"{self.model._name}: {name} is a positive integer, not {value!r}")


def export_to(export: Export, target: str | IO[Any], file_format: str | None) -> int:
    """Write *export* to the file *target* (format by extension unless given); rows written."""
    name = target if isinstance(target, str) else str(getattr(target, "name", ""))
    chosen = format_of(str(name), file_format)
    return int(export.into(lambda cols: file_sink(target, chosen, cols)))


def export_frame(export: Export, engine: str) -> Any:
    """*export* as a frame of *engine* (``pandas``, ``polars``, ``arrow``), sorted by id."""
    return export.into(lambda cols: frame_sink(engine, cols))


@attrs.frozen
class Partition:
    """One id range of an export: a value (no connection, no secret) to hand to a task scheduler.

    ``partition.to_dataframe(env)`` reads it: one call per page of *batch_size*.
    """

    model: str
    domain: tuple[Any, ...]
    fields: tuple[str, ...] | None
    ids: IdRange
    batch_size: int

    def export(self, env: Any) -> Export:
        domain = [*self.domain, *self.ids.terms()]
        return Export(env[self.model], domain, self.fields, self.batch_size, 1, False)

    def rows(self, env: Any) -> list[dict[str, Any]]:
        """The rows of this partition, read through *env*."""
        return list(self.export(env).rows())

    def to_dataframe(self, env: Any, engine: str = "pandas") -> Any:
        """This partition as a frame (``pandas``, ``polars`` or ``arrow``), read through *env*."""
        return export_frame(self.export(env), engine)


def model_partitions(export: Export, parts: int) -> list[Partition]:
    """*parts* partitions of *export* by id range (one call)."""
    _, ranges = partitions(export.model, export.domain, parts)
    fields = tuple(export.fields) if export.fields else None
    return [Partition(export.model._name, tuple(export.domain), fields, ids, export.batch_size) for ids in ranges]
