"""Records as plain rows and DataFrames: ``records.to_dicts()`` and ``records.to_dataframe()``.

Rows are read in batches with ``read`` (one call per :data:`BATCH` records), shown with a
progress bar when ``tqdm`` is installed and the work is interactive (:mod:`~odoorm.orm.progress`).
Values are Python values (see docs/models.md); a many2one gives two columns: its display name,
and ``<field>.id``.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from typing import TYPE_CHECKING, Any

from .fields.base import Field
from .progress import bar

if TYPE_CHECKING:
    from .protocols import Records as Model

__all__ = ["BATCH", "default_fields", "iter_rows", "to_dicts", "to_dataframe"]

#: Records per ``read`` call when exporting.
BATCH = 1000
_TECHNICAL = frozenset({"create_uid", "write_uid", "create_date", "write_date", "__last_update"})


def default_fields(records: Model) -> list[str]:
    """The columns of an export when none are named: the model's cheap, non-technical stored fields."""
    names = [name for name, f in records._fields.items() if f.prefetchable and name not in _TECHNICAL]
    return ["display_name", *names] if "display_name" in records._fields else names


def iter_rows(
    records: Model, fields: Sequence[str], batch: int = BATCH, progress: bool | None = None
) -> Iterator[dict[str, Any]]:
    """One dict per record (``id`` first), read *batch* records per call; a bar (see
    :mod:`~odoorm.orm.progress`) when there are several batches and one is wanted."""
    columns = [records._field(name) for name in fields if name != "id"]
    chunks = range(0, len(records), batch)
    shown = bar(progress if len(chunks) > 1 else False, records._name, len(records))
    try:
        for start in chunks:
            rows = records[start : start + batch].read([f.name for f in columns])
            for row in rows:
                yield _row(row, columns, records)
            shown.update(len(rows))
    finally:
        shown.close()


def to_dicts(records: Model, fields: Sequence[str] | None = None, progress: bool | None = None) -> list[dict[str, Any]]:
    """Every record as a dict of Python values. One ``read`` per 1000 records."""
    return list(iter_rows(records, list(fields) if fields else default_fields(records), progress=progress))


def to_dataframe(records: Model, fields: Sequence[str] | None = None, progress: bool | None = None) -> Any:
    """A pandas DataFrame indexed by id, with typed columns. Needs pandas (the ``pandas`` extra)."""
    try:
        import pandas as pd
    except ImportError as error:
        raise ImportError("to_dataframe() needs pandas (odoorm's `pandas` extra): pip install pandas") from error
    names = list(fields) if fields else default_fields(records)
    rows = list(iter_rows(records, names, progress=progress))
    frame = pd.DataFrame.from_records(rows, columns=_columns(records, names))
    frame = frame.set_index("id")
    for name in names:
        field = records._fields.get(name)
        if field is not None:
            _type_column(frame, field, pd)
    return frame


# ------------------------------------------------------------------ internals


def _row(row: dict[str, Any], columns: Sequence[Field], records: Model) -> dict[str, Any]:
    result: dict[str, Any] = {"id": row["id"]}
    for field in columns:
        value = row.get(field.name, False)
        if field.type == "many2one":
            result[field.name] = value[1] if isinstance(value, list | tuple) else None
            result[f"{field.name}.id"] = value[0] if isinstance(value, list | tuple) else None
        elif field.type in ("one2many", "many2many"):
            result[field.name] = list(value or [])
        else:
            result[field.name] = field.convert_to_cache(value, records.env)
    return result


def _columns(records: Model, names: Sequence[str]) -> list[str]:
    columns = ["id"]
    for name in names:
        if name == "id":
            continue
        columns.append(name)
        if records._fields[name].type == "many2one":
            columns.append(f"{name}.id")
    return columns


_DTYPES = {
    "integer": "Int64",
    "float": "float64",
    "monetary": "float64",
    "boolean": "bool",
    "char": "string",
    "text": "string",
    "html": "string",
    "selection": "string",
}


def _type_column(frame: Any, field: Field, pd: Any) -> None:
    name = field.name
    if field.type == "date":
        frame[name] = pd.to_datetime(frame[name])
    elif field.type == "datetime":
        frame[name] = pd.to_datetime(frame[name], utc=True)
    elif field.type == "many2one":
        frame[name] = frame[name].astype("string")
        frame[f"{name}.id"] = frame[f"{name}.id"].astype("Int64")
    elif field.type in _DTYPES:
        frame[name] = frame[name].astype(_DTYPES[field.type])
