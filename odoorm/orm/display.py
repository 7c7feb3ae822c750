"""How records look in Jupyter and IPython.

``_repr_html_`` reads only what it shows, in one ``read`` call: at most
:data:`MAX_ROWS` rows of ``id``, ``display_name`` and a few useful columns
for a recordset, a field/value card for one record. Every value is
HTML-escaped. ``_repr_pretty_`` never calls the server.
"""

from __future__ import annotations

import html
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from .cache import MISSING

if TYPE_CHECKING:
    from .protocols import Records as Model

__all__ = ["MAX_ROWS", "MAX_COLUMNS", "table_html", "card_html", "pretty_text"]

#: Rows shown for a recordset (the rest is counted, not read).
MAX_ROWS = 20
#: Columns shown besides id and display name.
MAX_COLUMNS = 4
#: Fields worth a column when a model has them, in order of preference.
_USEFUL = (
    "email",
    "phone",
    "code",
    "state",
    "type",
    "partner_id",
    "country_id",
    "date",
    "date_order",
    "amount_total",
    "list_price",
    "currency_id",
    "company_id",
    "active",
)
_TECHNICAL = frozenset({"create_uid", "write_uid", "create_date", "write_date", "display_name", "id"})


def useful_columns(records: Model) -> list[str]:
    """Up to :data:`MAX_COLUMNS` fields worth showing for this model."""
    fields = records._fields
    chosen = [name for name in _USEFUL if name in fields and fields[name].spec.store]
    if len(chosen) < MAX_COLUMNS:
        chosen += [
            name
            for name, f in fields.items()
            if f.type in ("char", "selection", "many2one")
            and f.spec.store
            and name not in _TECHNICAL
            and name not in chosen
            and name != "name"
        ]
    return chosen[:MAX_COLUMNS]


def table_html(records: Model) -> str:
    """An HTML table of the first rows of *records* (one ``read`` call)."""
    shown = records[:MAX_ROWS]
    columns = useful_columns(records)
    rows = shown.read(["display_name", *columns]) if shown else []
    labels = ["id", "display_name", *columns]
    head = "".join(f"<th>{_e(records._fields[c].spec.string if c in records._fields else c)}</th>" for c in labels)
    body = "".join("<tr>" + "".join(f"<td>{_cell(row.get(c))}</td>" for c in labels) + "</tr>" for row in rows)
    more = len(records) - len(shown)
    foot = f"<p>… {more} more ({len(records)} records)</p>" if more > 0 else ""
    title = f"<p><b>{_e(records._name)}</b>: {len(records)} record{'s' if len(records) != 1 else ''}</p>"
    return f"{title}<table><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>{foot}"


def card_html(record: Model) -> str:
    """A field/value card of one record: its non-empty cheap fields (one ``read`` call)."""
    names = [name for name, f in record._fields.items() if f.prefetchable and name not in _TECHNICAL]
    (row,) = record.read(["display_name", *names]) or [{}]
    lines = "".join(
        f"<tr><th>{_e(record._fields[name].spec.string)}</th><td>{_cell(row[name])}</td></tr>"
        for name in names
        if row.get(name) not in (False, None, [], "")
    )
    title = f"<p><b>{_e(record._name)}({record._ids[0]})</b> {_e(row.get('display_name') or '')}</p>"
    return f"{title}<table>{lines}</table>"


def pretty_text(records: Model) -> str:
    """``res.partner(3 records): 9 Acme…, 15 Azure…`` from the cache only (no call)."""
    names = [_cached_name(records, record_id) for record_id in records._ids[:MAX_ROWS]]
    shown = ", ".join(f"{i} {n}" if n else str(i) for i, n in zip(records._ids, names, strict=False))
    more = f", … +{len(records) - MAX_ROWS} more" if len(records) > MAX_ROWS else ""
    return f"{records._name}({len(records)} record{'s' if len(records) != 1 else ''}): {shown}{more}"


def _cached_name(records: Model, record_id: int) -> str:
    for field in ("display_name", "name"):
        value = records.env.cache.get((records._name, field), record_id)
        if value is not MISSING and value:
            return str(value)
    return ""


def _cell(value: Any) -> str:
    if value is False or value is None:
        return ""
    if isinstance(value, list | tuple) and len(value) == 2 and isinstance(value[0], int) and isinstance(value[1], str):
        return _e(value[1])  # a many2one: its display name
    if isinstance(value, Sequence) and not isinstance(value, str):
        return _e(", ".join(map(str, value)))
    return _e(str(value))


def _e(text: Any) -> str:
    return html.escape(str(text), quote=True)
