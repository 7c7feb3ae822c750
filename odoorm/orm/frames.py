"""Typed columns for rows of plain values: what group-by answers and exports turn into frames and files.

A :class:`Column` names a key of the rows and the *kind* of its values (:data:`KINDS`), which the
field's Odoo type decides (:func:`kind_of`). From a list of rows and their columns this module builds
a pandas DataFrame (the ``pandas`` extra), a pyarrow Table (``arrow``) or a Polars DataFrame
(``polars``); each library is imported only when its frame is asked for. Empty values are
``None`` in the rows and nulls (``NA``, ``NaT``) in the frames.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import attrs

__all__ = [
    "Column",
    "KINDS",
    "kind_of",
    "pandas_frame",
    "pandas_from_arrow",
    "arrow_schema",
    "arrow_table",
    "arrow_from_columns",
    "polars_frame",
    "need",
]

#: The kinds of column values: ``int``, ``float``, ``bool``, ``str``, ``date`` (``datetime.date``),
#: ``datetime`` (aware, UTC), ``ids`` (a list of record ids), ``list`` (a list of plain values) and
#: ``json`` (anything else: written as JSON text in tables).
KINDS = ("int", "float", "bool", "str", "date", "datetime", "ids", "list", "json")

_BY_TYPE = {
    "integer": "int",
    "many2one_reference": "int",
    "float": "float",
    "monetary": "float",
    "boolean": "bool",
    "char": "str",
    "text": "str",
    "html": "str",
    "selection": "str",
    "reference": "str",
    "binary": "str",
    "date": "date",
    "datetime": "datetime",
    "one2many": "ids",
    "many2many": "ids",
    "many2one": "str",  # the display name; its id is a column of its own
}


@attrs.frozen
class Column:
    """A key of the rows and the kind of its values."""

    name: str
    kind: str


def kind_of(field_type: str) -> str:
    """The kind of the values of a field of Odoo type *field_type* (``json`` when unknown)."""
    return _BY_TYPE.get(field_type, "json")


def need(module: str, extra: str) -> Any:
    """Import *module*, or say which extra brings it."""
    import importlib

    try:
        return importlib.import_module(module)
    except ImportError as error:
        package = module.split(".")[0]
        raise ImportError(f"this needs {package} (odoorm's `{extra}` extra): pip install {package}") from error


# ------------------------------------------------------------------ pandas

_PANDAS = {"int": "Int64", "float": "float64", "bool": "boolean", "str": "string"}


def pandas_frame(rows: Sequence[dict[str, Any]], columns: Sequence[Column], index: str | None = None) -> Any:
    """A pandas DataFrame of *rows* with one typed column per *column* (indexed by *index*)."""
    pd = need("pandas", "pandas")
    frame = pd.DataFrame.from_records(list(rows), columns=[c.name for c in columns])
    for column in columns:
        series = frame[column.name]
        if column.kind in _PANDAS:
            frame[column.name] = series.astype(_PANDAS[column.kind])
        elif column.kind == "date":
            frame[column.name] = pd.to_datetime(series)
        elif column.kind == "datetime":
            frame[column.name] = pd.to_datetime(series, utc=True)
    return frame.set_index(index) if index else frame


def pandas_from_arrow(table: Any, columns: Sequence[Column], index: str | None = None) -> Any:
    """The pandas DataFrame of a pyarrow *table* of *columns*: the dtypes of :func:`pandas_frame`
    (lists as Python lists), converted by Arrow column by column rather than row by row."""
    pd = need("pandas", "pandas")
    pa = need("pyarrow", "arrow")
    mapping = {pa.int64(): pd.Int64Dtype(), pa.string(): pd.StringDtype(), pa.bool_(): pd.BooleanDtype()}
    frame = table.to_pandas(types_mapper=mapping.get, date_as_object=False)
    for column in columns:
        if column.kind in ("ids", "list", "json"):
            frame[column.name] = pd.Series(table.column(column.name).to_pylist(), dtype=object)
        elif column.kind == "date":
            frame[column.name] = pd.to_datetime(frame[column.name])
    return frame.set_index(index) if index else frame


# ------------------------------------------------------------------ Arrow and Polars


def arrow_schema(columns: Sequence[Column]) -> Any:
    """The pyarrow schema of *columns*."""
    pa = need("pyarrow", "arrow")
    types = {
        "int": pa.int64(),
        "float": pa.float64(),
        "bool": pa.bool_(),
        "str": pa.string(),
        "date": pa.date32(),
        "datetime": pa.timestamp("us", tz="UTC"),
        "ids": pa.list_(pa.int64()),
        "list": pa.list_(pa.string()),
        "json": pa.string(),
    }
    return pa.schema([pa.field(c.name, types[c.kind]) for c in columns])


def arrow_table(rows: Sequence[dict[str, Any]], columns: Sequence[Column]) -> Any:
    """A pyarrow Table of *rows* (``list`` values as strings, ``json`` values as JSON text)."""
    return arrow_from_columns({c.name: [row.get(c.name) for row in rows] for c in columns}, columns)


def arrow_from_columns(data: dict[str, list[Any]], columns: Sequence[Column]) -> Any:
    """A pyarrow Table of *data*, a list of values per column."""
    pa = need("pyarrow", "arrow")
    typed = {c.name: _arrow_values(data[c.name], c.kind) for c in columns}
    return pa.Table.from_pydict(typed, schema=arrow_schema(columns))


def polars_frame(rows: Sequence[dict[str, Any]], columns: Sequence[Column]) -> Any:
    """A Polars DataFrame of *rows*, through Arrow (the ``polars`` extra brings both)."""
    pl = need("polars", "polars")
    return pl.from_arrow(arrow_table(rows, columns))


def _arrow_values(values: list[Any], kind: str) -> list[Any]:
    if kind == "list":
        return [None if v is None else [None if x is None else str(x) for x in v] for v in values]
    if kind == "json":
        import json

        return [None if v is None else json.dumps(v, default=str) for v in values]
    return values
