"""Records shown as the web client shows them: ``records.show()`` in Jupyter.

The server's own list view gives a recordset's columns — their order, their labels, without the
columns it hides or leaves optional-hidden — and its form view gives a record's fields. Both come
from one ``get_views`` call per model, kept by the registry (for this server, database and user in
this process). Values are read in one call — ``web_read`` on Odoo 17+, so that a many2many shows
its records' names; ``read`` before (an x2many then shows how many records it holds) — and shown
as the web client does: a selection's label rather than its key, a many2one's name, booleans as a
check mark. Fields the view shows that a protocol cannot read usefully here (images, JSON,
properties) are left out. Every value is HTML-escaped.
"""

from __future__ import annotations

import html
import json
import xml.etree.ElementTree as ElementTree
from collections.abc import Iterator, Mapping
from typing import TYPE_CHECKING, Any

import attrs

from .display import MAX_ROWS

if TYPE_CHECKING:
    from .protocols import Records as Model

__all__ = ["ViewLayout", "ViewDisplay", "view_layout"]

#: Field types a table cell cannot show.
_NOT_SHOWN = frozenset({"binary", "json", "properties", "properties_definition", "html"})
_TRUE = frozenset({"1", "True", "true"})
#: Parts of a view that show no record data: the status bar's buttons, the smart buttons' counters.
_NOT_DATA = frozenset({"header", "button"})
#: The first release whose ``web_read`` reads x2many names in the same call.
_WEB_READ_SINCE = (17, 0)


@attrs.frozen
class ViewLayout:
    """The fields a model's default list and form views show, in order: ``(name, label)`` pairs."""

    columns: tuple[tuple[str, str], ...]
    form: tuple[tuple[str, str], ...]


def view_layout(records: Model) -> ViewLayout:
    """The layout of *records*' model: one ``get_views`` call the first time for this registry."""
    layouts: dict[str, ViewLayout] = records.env.registry.view_layouts
    known = layouts.get(records._name)
    if known is None:
        answer = records.browse()._call("get_views", [], {"views": [[False, "list"], [False, "form"]]})
        views = answer.get("views", {}) if isinstance(answer, Mapping) else {}
        list_arch = (views.get("list") or views.get("tree") or {}).get("arch", "")
        form_arch = (views.get("form") or {}).get("arch", "")
        known = ViewLayout(_shown(records, list_arch, columns=True), _shown(records, form_arch, columns=False))
        layouts[records._name] = known
    return known


class ViewDisplay:
    """What ``records.show()`` gives: rendered by Jupyter as the web client's list, or for
    ``record.show("form")`` its form."""

    def __init__(self, records: Model, *, as_form: bool) -> None:
        self.records = records
        self.as_form = as_form

    def _repr_html_(self) -> str:
        """The list's first :data:`~odoorm.orm.display.MAX_ROWS` rows, or the form's non-empty fields.
        Round trips: one ``get_views`` the first time for the model, then one read."""
        layout = view_layout(self.records)
        return _form_html(self.records, layout) if self.as_form else _list_html(self.records, layout)

    def __repr__(self) -> str:
        return f"<{'form' if self.as_form else 'list'} view of {self.records!r}>"


# ---------------------------------------------------------------- views


def _shown(records: Model, arch: str, *, columns: bool) -> tuple[tuple[str, str], ...]:
    """The ``(name, label)`` of the fields *arch* shows, outside the sub-views of x2many fields."""
    if not arch:
        return ()
    fields = records._fields
    seen: dict[str, str] = {}
    for node in _field_nodes(ElementTree.fromstring(arch), columns=columns):
        name = node.get("name", "")
        field = fields.get(name)
        if field is None or field.type in _NOT_SHOWN or name in seen:
            continue
        seen[name] = node.get("string") or field.spec.string or name
    return tuple(seen.items())


def _field_nodes(node: ElementTree.Element, *, columns: bool) -> Iterator[ElementTree.Element]:
    """The ``<field>`` elements under *node* that are not statically hidden, without entering a
    field's own content (an x2many's inline list or form)."""
    for child in node:
        static = _legacy_modifiers(child)
        hidden = child.get("invisible") in _TRUE or static.get("invisible") is True
        if hidden or (columns and (child.get("column_invisible") in _TRUE or static.get("column_invisible") is True)):
            continue
        if child.tag in _NOT_DATA:
            continue
        if child.tag == "field":
            if not (columns and child.get("optional") == "hide"):
                yield child
        else:
            yield from _field_nodes(child, columns=columns)


def _legacy_modifiers(node: ElementTree.Element) -> dict[str, Any]:
    """Odoo 16 and before send a view's static modifiers as one JSON attribute
    (``modifiers='{"column_invisible": true}'``) instead of ``invisible``/``column_invisible``."""
    try:
        found = json.loads(node.get("modifiers") or "{}")
    except ValueError:
        return {}
    return found if isinstance(found, dict) else {}


# ---------------------------------------------------------------- values


def _rows(records: Model, names: list[str]) -> list[dict[str, Any]]:
    """The rows of *records* for *names*: one ``web_read`` (Odoo 17+) or ``read``."""
    if not records:
        return []
    fields = records._fields
    if records.env._at_least(_WEB_READ_SINCE):
        relational = ("many2one", "one2many", "many2many")
        spec: dict[str, Any] = {
            n: ({"fields": {"display_name": {}}} if n in fields and fields[n].type in relational else {}) for n in names
        }
        rows = records.env._call_records(records._name, "web_read", list(records._ids), [], {"specification": spec})
        return list(rows) if isinstance(rows, list) else []
    return list(records.read(names))


def _cell(records: Model, name: str, value: Any) -> str:
    """A value as the web client shows it, escaped."""
    field = records._fields[name]
    if field.type == "boolean":
        return "✓" if value else ""
    if value is False or value is None or value == []:
        return ""
    if field.type == "selection":
        labels = dict(field.spec.selection or ())
        return _e(labels.get(str(value), value))
    if isinstance(value, Mapping):  # web_read's many2one
        return _e(value.get("display_name", ""))
    if isinstance(value, list) and value and isinstance(value[0], Mapping):  # web_read's x2many
        return _e(", ".join(str(item.get("display_name", "")) for item in value))
    if field.type == "many2one" and isinstance(value, list | tuple):  # read's [id, name]
        return _e(value[1] if len(value) > 1 else value[0])
    if field.type in ("one2many", "many2many") and isinstance(value, list | tuple):
        return _e(f"{len(value)} record{'s' if len(value) != 1 else ''}")
    return _e(value)


def _list_html(records: Model, layout: ViewLayout) -> str:
    shown = records[:MAX_ROWS]
    names = [name for name, _label in layout.columns]
    rows = _rows(shown, names)
    head = "".join(f"<th>{_e(label)}</th>" for _name, label in layout.columns)
    body = "".join(
        "<tr>" + "".join(f"<td>{_cell(records, name, row.get(name))}</td>" for name in names) + "</tr>" for row in rows
    )
    more = len(records) - len(shown)
    foot = f"<p>… {more} more ({len(records)} records)</p>" if more > 0 else ""
    title = f"<p><b>{_e(records._name)}</b>: {len(records)} record{'s' if len(records) != 1 else ''}</p>"
    return f"{title}<table><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>{foot}"


def _form_html(record: Model, layout: ViewLayout) -> str:
    names = [name for name, _label in layout.form]
    (row,) = _rows(record, ["display_name", *names]) or [{}]
    lines = "".join(
        f"<tr><th>{_e(label)}</th><td>{cell}</td></tr>"
        for name, label in layout.form
        if (cell := _cell(record, name, row.get(name)))
    )
    title = f"<p><b>{_e(record._name)}({record._ids[0]})</b> {_e(row.get('display_name') or '')}</p>"
    return f"{title}<table>{lines}</table>"


def _e(text: Any) -> str:
    return html.escape(str(text), quote=True)
