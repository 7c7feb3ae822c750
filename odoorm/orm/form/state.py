"""A form's values as the server gets them: modifiers evaluated, onchange and save payloads built.

Pure bookkeeping over a :class:`~odoorm.meta.formview.FormView` and :class:`~.values.Values`: the
names an expression sees (the web client's: each field's value, x2many as lists of ids, ``id``,
``parent`` on a line, ``context``, ``uid``…), the changed values an ``onchange`` gets, the values a
``web_save`` gets (read-only fields left out unless ``force_save``), and the required fields left
empty. No call here.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from ...meta.formview import FormView
from ...meta.pyexpr import evaluate, evaluate_bool
from .values import Lines, Links, Values, is_virtual

__all__ = ["names_of", "is_true", "payload", "missing_required", "field_context"]


def names_of(
    values: Values, base: Mapping[str, Any], parent: Mapping[str, Any] | None = None, *, virtual: bool = True
) -> dict[str, Any]:
    """What an expression on these values sees: the base names (``context``, ``uid``…), then each
    field (x2many as its ids, with the lines not saved yet when *virtual*), ``id``, ``active_id`` and
    ``active_ids`` (the saved record), and ``parent``."""
    names = dict(base)
    for name, value in values.items():
        if isinstance(value, Lines | Links):
            names[name] = value.ids() if virtual else value.saved_ids()
        else:
            names[name] = value
    names.setdefault("id", False)
    if is_virtual(names["id"]) and not virtual:
        names["id"] = False
    # the record as the web client and odoo.tests.Form name it too (Odoo 16's views use active_id)
    saved = False if is_virtual(names["id"]) else names["id"]
    names.setdefault("active_id", saved)
    names.setdefault("active_ids", [saved] if saved else [])
    if parent is not None:
        names["parent"] = parent
    return names


def is_true(view: FormView, field: str, modifier: str, names: Mapping[str, Any]) -> bool:
    """Whether *modifier* of *field* holds for these names."""
    return evaluate_bool(view.modifier(field, modifier), names)


def field_context(view: FormView, field: str, names: Mapping[str, Any]) -> dict[str, Any]:
    """*field*'s ``context`` attribute evaluated (``{}`` when it has none)."""
    source = view.contexts.get(field)
    if not source:
        return {}
    value = evaluate(source, names)
    return dict(value) if isinstance(value, Mapping) else {}


def payload(
    values: Values,
    view: FormView,
    base: Mapping[str, Any],
    *,
    saving: bool,
    parent: Mapping[str, Any] | None = None,
) -> dict[str, Any]:
    """The changed values as ``onchange`` (*saving* false) or ``web_save`` (*saving* true) takes
    them: x2many as commands, lines recursively; when saving, read-only fields are left out unless
    the view forces them (``force_save``)."""
    names = names_of(values, base, parent)
    result: dict[str, Any] = {}
    for name, value in values.items():
        if name == "id" or name not in values.changed or name not in view.fields:
            continue
        if saving and name not in view.force_save and is_true(view, name, "readonly", names):
            continue
        if isinstance(value, Lines):
            subview = view.subviews.get(name)
            if subview is None:
                continue

            def convert(line: Values, subview: FormView = subview) -> dict[str, Any]:
                return payload(line, subview, base, saving=saving, parent=names)

            result[name] = value.commands(convert)
        elif isinstance(value, Links):
            result[name] = value.commands()
        else:
            result[name] = value
    return result


def missing_required(
    values: Values,
    view: FormView,
    base: Mapping[str, Any],
    *,
    parent: Mapping[str, Any] | None = None,
    parent_link: str | None = None,
    prefix: str = "",
) -> list[str]:
    """The required fields left empty (visible ones only), lines included (``order_line[0].product_id``)."""
    names = names_of(values, base, parent)
    missing = []
    for name, info in view.fields.items():
        if name == "id" or name == parent_link or name not in values:
            continue
        value = values[name]
        if isinstance(value, Lines) and name in view.subviews:
            for index, line_id in enumerate(value):
                missing += missing_required(
                    value.rows[line_id],
                    view.subviews[name],
                    base,
                    parent=names,
                    parent_link=info.get("relation_field"),
                    prefix=f"{prefix}{name}[{index}].",
                )
            continue
        if value is not False or info.get("type") == "boolean":
            continue
        if is_true(view, name, "invisible", names) or is_true(view, name, "column_invisible", names):
            continue
        if is_true(view, name, "required", names):
            missing.append(prefix + name)
    return missing
