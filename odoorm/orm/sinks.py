"""Where export pages go: a CSV, JSON Lines or Parquet file, or a pandas, Polars or Arrow frame.

Each sink takes the columns once, then pages of rows (:mod:`odoorm.orm.streaming`), and is closed.
File sinks write each page as it comes (memory: one page); frame sinks keep one small typed frame per
page and join them at the end. Values in text files:

- CSV: a header of the column names; empty values are empty cells; booleans ``true``/``false``;
  dates ``2026-11-01``, datetimes ISO 8601 in UTC (``2026-11-01T09:30:00+00:00``); lists as JSON
  arrays (``[3, 7]``).
- JSON Lines: one object per row, the same texts for dates and datetimes, ``null`` for empty values.
- Parquet: typed columns (``frames.arrow_schema``): dates ``date32``, datetimes ``timestamp[us, UTC]``,
  id lists ``list<int64>``.
"""

from __future__ import annotations

import csv
import datetime as dt
import importlib.util
import json
from collections.abc import Sequence
from typing import IO, Any

from ..errors import ClientError
from .frames import Column, arrow_from_columns, arrow_schema, arrow_table, need, pandas_frame, pandas_from_arrow
from .streaming import Page, rows_of

__all__ = ["Sink", "FORMATS", "file_sink", "frame_sink", "format_of"]

#: File formats by file name extension.
FORMATS = {".csv": "csv", ".jsonl": "jsonl", ".ndjson": "jsonl", ".parquet": "parquet"}
#: Frame engines.
ENGINES = ("pandas", "polars", "arrow")


class Sink:
    """Takes pages of rows; :meth:`close` gives the result (a frame, or the number of rows written)."""

    def __init__(self, columns: Sequence[Column]) -> None:
        self.columns = list(columns)
        self.rows = 0

    def write(self, page: Page) -> None:
        self.rows += len(page["id"])
        self._write(page)

    def _write(self, page: Page) -> None:
        raise NotImplementedError

    def close(self) -> Any:
        return self.rows


def format_of(name: str, given: str | None) -> str:
    """The file format: *given*, or the one of *name*'s extension."""
    if given:
        if given not in FORMATS.values():
            raise ClientError(f"export formats are {', '.join(sorted(set(FORMATS.values())))}, not {given!r}")
        return given
    suffix = "." + name.rsplit(".", 1)[-1].lower() if "." in name else ""
    if suffix not in FORMATS:
        raise ClientError(f"{name!r}: say the format (format='csv'), or name the file {', '.join(FORMATS)}")
    return FORMATS[suffix]


def file_sink(target: str | IO[Any], file_format: str, columns: Sequence[Column]) -> Sink:
    """A sink writing *file_format* to *target* (a path, or a file object open in the right mode)."""
    if file_format == "parquet":
        return _Parquet(target, columns)
    stream = open(target, "w", newline="", encoding="utf-8") if isinstance(target, str) else target  # noqa: SIM115
    return (
        _Csv(stream, columns, owned=isinstance(target, str))
        if file_format == "csv"
        else _Jsonl(stream, columns, isinstance(target, str))
    )


def frame_sink(engine: str, columns: Sequence[Column]) -> Sink:
    """A sink building a frame of *engine* (``pandas``, ``polars`` or ``arrow``)."""
    if engine not in ENGINES:
        raise ClientError(f"frame engines are {', '.join(ENGINES)}, not {engine!r}")
    return _Frames(engine, columns)


# ------------------------------------------------------------------ text


def _text(value: Any) -> Any:
    if isinstance(value, dt.datetime | dt.date):
        return value.isoformat()
    return value


class _Text(Sink):
    def __init__(self, stream: IO[str], columns: Sequence[Column], owned: bool) -> None:
        super().__init__(columns)
        self.stream, self.owned = stream, owned

    def close(self) -> Any:
        if self.owned:
            self.stream.close()
        return self.rows


class _Csv(_Text):
    def __init__(self, stream: IO[str], columns: Sequence[Column], owned: bool) -> None:
        super().__init__(stream, columns, owned)
        self.writer = csv.writer(stream)
        self.writer.writerow([c.name for c in columns])

    def _write(self, page: Page) -> None:
        cells = [[_cell(value) for value in page[c.name]] for c in self.columns]
        self.writer.writerows(zip(*cells, strict=True))


def _cell(value: Any) -> Any:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, list):
        return json.dumps([_text(v) for v in value], ensure_ascii=False)
    return _text(value)


class _Jsonl(_Text):
    def _write(self, page: Page) -> None:
        self.stream.writelines(json.dumps(row, default=_text, ensure_ascii=False) + "\n" for row in rows_of(page))


# ------------------------------------------------------------------ Arrow


class _Parquet(Sink):
    def __init__(self, target: str | IO[Any], columns: Sequence[Column]) -> None:
        super().__init__(columns)
        parquet = need("pyarrow.parquet", "arrow")
        self.writer = parquet.ParquetWriter(target, arrow_schema(columns))

    def _write(self, page: Page) -> None:
        self.writer.write_table(arrow_from_columns(page, self.columns))

    def close(self) -> Any:
        self.writer.close()
        return self.rows


class _Frames(Sink):
    """One small table per page, joined at the end: Arrow tables (pandas converts the whole at once
    from Arrow when pyarrow is installed), else pandas frames."""

    def __init__(self, engine: str, columns: Sequence[Column]) -> None:
        super().__init__(columns)
        self.engine = engine
        self.parts: list[Any] = []
        need({"pandas": "pandas", "polars": "polars", "arrow": "pyarrow"}[engine], engine)
        self.arrow = engine != "pandas" or importlib.util.find_spec("pyarrow") is not None

    def _write(self, page: Page) -> None:
        if self.arrow:
            self.parts.append(arrow_from_columns(page, self.columns))
        else:
            self.parts.append(pandas_frame(list(rows_of(page)), self.columns))

    def close(self) -> Any:
        if not self.arrow:
            pd = need("pandas", "pandas")
            frame = pd.concat(self.parts, ignore_index=True) if self.parts else pandas_frame([], self.columns)
            return frame.sort_values("id").set_index("id")
        pa = need("pyarrow", "arrow")
        table = pa.concat_tables(self.parts) if self.parts else arrow_table([], self.columns)
        table = table.sort_by("id")
        if self.engine == "pandas":
            return pandas_from_arrow(table, self.columns, index="id")
        if self.engine == "polars":
            return need("polars", "polars").from_arrow(table)
        return table
