"""The form protocol of Odoo 16, where ``onchange`` has no fields specification and there is no
``web_read``/``web_save``.

On Odoo 16 the web client calls ``onchange(values, field_name, field_onchange)``: *values* are all
the record's values (a one2many as ``[0, ref, vals]`` for a new line, ``[1, id, changed]`` for a
changed one, ``[4, id, False]`` for the others, ``[2, id, False]`` for a removed one; a many2many as
``[6, False, ids]``), and *field_onchange* maps each field of the view, by dotted path, to ``"1"``
when it has an onchange. The answer gives many2one values as ``[id, name]`` and each x2many as the
whole list, after a ``[5]``. Saving is ``create`` or ``write``, then a ``read`` of the record and one
of its lines per one2many, since nothing answers the saved values.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from ...meta.formview import FormView
from ..protocols import Env
from .values import Lines, Links, Values, is_virtual

__all__ = ["onchange_spec", "onchange_values", "read_record", "save_commands"]


def onchange_spec(view: FormView, prefix: str = "") -> dict[str, str]:
    """``{"partner_id": "1", "order_line.product_id": "1", "note": ""…}`` for the view."""
    spec: dict[str, str] = {}
    for name in view.fields:
        if name == "id":
            continue
        spec[prefix + name] = "1" if name in view.on_change else ""
        if name in view.subviews:
            spec.update(onchange_spec(view.subviews[name], f"{prefix}{name}."))
    return spec


def onchange_values(values: Values, view: FormView) -> dict[str, Any]:
    """All the values, as Odoo 16's web client sends them to ``onchange``."""
    result: dict[str, Any] = {}
    for name, value in values.items():
        if name != "id" and name not in view.fields:
            continue
        if isinstance(value, Lines):
            result[name] = _line_commands(value, view.subviews.get(name))
        elif isinstance(value, Links):
            result[name] = [[6, False, value.saved_ids()]]
        else:
            result[name] = value
    return result


def _line_commands(lines: Lines, view: FormView | None) -> list[list[Any]]:
    commands: list[list[Any]] = []
    for line_id, row in lines.rows.items():
        if is_virtual(line_id) and view is not None:
            commands.append([0, line_id, onchange_values(row, view)])
        elif row.changed and view is not None:
            commands.append([1, line_id, onchange_values(Values(row.changed_items()), view)])
        else:
            commands.append([4, line_id, False])
    commands.extend([2, line_id, False] for line_id in lines.given if line_id not in lines.rows)
    return commands


def save_commands(values: Mapping[str, Any], view: FormView) -> dict[str, Any]:
    """A ``web_save`` payload as ``create``/``write`` take it on Odoo 16 (new lines as ``[0, 0, vals]``)."""
    result = dict(values)
    for name, subview in view.subviews.items():
        if name in result:
            result[name] = [_save_command(command, subview) for command in result[name]]
    return result


def _save_command(command: list[Any], view: FormView) -> list[Any]:
    if command[0] in (0, 1) and len(command) > 2:
        return [command[0], 0 if command[0] == 0 else command[1], save_commands(command[2], view)]
    return command


def read_record(env: Env, model: str, record_id: int, view: FormView) -> dict[str, Any]:
    """The record's values for the view, lines included: one ``read``, plus one per one2many with lines."""
    fields = [name for name in view.fields if name != "id"]
    [row] = env.execute_kw(model, "read", [[record_id], fields])
    for name, subview in view.subviews.items():
        ids = row.get(name) or []
        if ids:
            subfields = [field for field in subview.fields if field != "id"]
            lines = env.execute_kw(subview.model, "read", [ids, subfields])
            by_id = {line["id"]: line for line in lines}
            row[name] = [by_id[i] for i in ids if i in by_id]
    return dict(row)
