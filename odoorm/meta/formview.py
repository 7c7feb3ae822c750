"""A form view, as a :class:`~odoorm.orm.form.Form` needs it: parsed from the server's ``get_views``.

From the arch and the fields' descriptions this builds a :class:`FormView`: the fields of the view
(at its own level: the fields of an x2many's lines are in that field's own sub-view), the
specification the web client sends to ``onchange``, ``web_read`` and ``web_save``, each field's
modifiers (``required``, ``readonly``, ``invisible``, ``column_invisible``, as expressions; an
``invisible`` group, page or div around a field is or-ed into it, a field present twice is
and-ed), its raw ``context``, whether the server marked it ``on_change``, ``force_save``, and the
buttons. One2many fields get the sub-view their lines are edited in, as the web client picks it:
the inline editable list, else the inline form; a missing one is asked of the server through the
*fetch* function given (one ``get_views`` call), so this module sends nothing itself.

Modifiers are expressions (see :mod:`odoorm.meta.pyexpr`); Odoo 16's ``modifiers`` attributes are
turned into such expressions first (:mod:`odoorm.meta.legacy_modifiers`).
"""

from __future__ import annotations

import xml.etree.ElementTree as ElementTree
from collections.abc import Callable, Iterator, Mapping
from typing import Any

import attrs

from ..errors import ProtocolError
from .legacy_modifiers import expressions_from_modifiers
from .pyexpr import static_context

__all__ = ["Button", "FormView", "Fetch", "build_form_view", "model_fields", "MODIFIERS"]

MODIFIERS = ("required", "readonly", "invisible", "column_invisible")
#: Fetches views the arch does not hold inline: ``(model, view types joined by commas, context) ->
#: get_views answer`` (one call for all of them).
Fetch = Callable[[str, str, Mapping[str, Any]], Mapping[str, Any]]
_ALIASES = {"1": "True", "0": "False", "true": "True", "false": "False", "": "False"}


@attrs.frozen
class Button:
    """A button of a form: what the user sees and what pressing it does."""

    name: str
    type: str  #: ``"object"`` (a method), ``"action"`` (an action id or xmlid), or ``""`` (``special``)
    label: str
    invisible: str  #: the expression that hides it (its groups' and pages' or-ed in)
    context: str = ""
    special: str = ""
    confirm: str = ""
    id: str = ""


@attrs.frozen
class FormView:
    """One level of a form view (the form, or the sub-view lines of a one2many are edited in)."""

    model: str
    fields: Mapping[str, Mapping[str, Any]]  #: name -> field description (``type``, ``relation``…)
    spec: Mapping[str, Any]  #: the fields specification of ``onchange`` / ``web_read`` / ``web_save``
    modifiers: Mapping[str, Mapping[str, str]]
    contexts: Mapping[str, str]
    on_change: frozenset[str]
    force_save: frozenset[str]
    subviews: Mapping[str, FormView]  #: one2many field -> the view its lines are edited in
    buttons: tuple[Button, ...] = ()
    view_id: int | None = None

    def modifier(self, field: str, name: str) -> str:
        """The expression of modifier *name* of *field* (``"False"`` when absent)."""
        return self.modifiers.get(field, {}).get(name, "False")


def model_fields(models: Mapping[str, Any], model: str) -> dict[str, Any]:
    """The fields of *model* in a ``get_views`` answer's ``models`` (nested under ``"fields"`` on
    Odoo 18+, flat on 17)."""
    info = models.get(model) or {}
    nested = info.get("fields")
    # 18+: "fields" maps names to descriptions; on 17 it can only be a field of that name, described
    # by plain values (a field named "type" on 18+ is a description, not the description's type)
    if isinstance(nested, Mapping) and all(isinstance(value, Mapping) for value in nested.values()):
        return dict(nested)
    return dict(info)


def build_form_view(answer: Mapping[str, Any], model: str, fetch: Fetch, context: Mapping[str, Any]) -> FormView:
    """The :class:`FormView` of *model* from a ``get_views`` *answer* asked with ``[[id, "form"]]``."""
    try:
        view = answer["views"]["form"]
        root = ElementTree.fromstring(view["arch"])  # noqa: S314 - the server's own view, not untrusted input
        models = {name: model_fields(answer["models"], name) for name in answer["models"]}
    except (KeyError, TypeError, ElementTree.ParseError) as error:
        raise ProtocolError(f"{model}.get_views: not a form view answer ({error})", url="") from error
    expressions_from_modifiers(root)  # Odoo 16's modifiers, as the expressions of 17+
    built = _Level(model, models, fetch, context).build(root, depth=2)
    return attrs.evolve(built, buttons=tuple(_buttons(root)), view_id=view.get("id"))


def object_methods(arch: str) -> set[str]:
    """The model methods a view's own object buttons call (``<button type="object" name=…>``; not
    those of its lines' sub-views, which belong to other models)."""
    root = ElementTree.fromstring(arch)  # noqa: S314 - the server's own view, not untrusted input
    return {button.name for button in _buttons(root) if button.type == "object" and button.name}


def _norm(expression: str | None, default: str = "False") -> str:
    text = default if expression is None else expression.strip()
    return _ALIASES.get(text, text)


def _or(outer: str, inner: str) -> str:
    if "True" in (outer, inner):
        return "True"
    if outer == "False":
        return inner
    return outer if inner == "False" else f"({outer}) or ({inner})"


def _and(first: str, second: str) -> str:
    if "False" in (first, second):
        return "False"
    if first == "True":
        return second
    return first if second == "True" else f"({first}) and ({second})"


def _level_fields(node: ElementTree.Element, hidden: str) -> Iterator[tuple[ElementTree.Element, str]]:
    """The ``<field>`` nodes under *node* that are not inside another field, each with the
    ``invisible`` of the elements around it (inside *node*), or-ed."""
    for child in node:
        if child.tag == "field":
            yield child, hidden
        elif not _is_chatter(child):
            yield from _level_fields(child, _or(hidden, _norm(child.get("invisible"))))


def _is_chatter(node: ElementTree.Element) -> bool:
    """Odoo 17's chatter (``<div class="oe_chatter">``): the web client shows it apart, its fields
    (followers, activities, messages) are not the form's."""
    return node.tag == "chatter" or "oe_chatter" in (node.get("class") or "").split()


def _buttons(node: ElementTree.Element, hidden: str = "False") -> Iterator[Button]:
    """The buttons of the form itself (not those of its lines' sub-views)."""
    for child in node:
        if child.tag == "field":
            continue
        own = _or(hidden, _norm(child.get("invisible")))
        if child.tag == "button" and (child.get("name") or child.get("special")):
            yield Button(
                name=child.get("name") or "",
                type=child.get("type") or "",
                label=_label(child),
                invisible=own,
                context=child.get("context") or "",
                special=child.get("special") or "",
                confirm=child.get("confirm") or "",
                id=child.get("id") or "",
            )
        yield from _buttons(child, own)


def _label(button: ElementTree.Element) -> str:
    """The text the user reads on a button: its ``string``, else the label of a stat button's field."""
    if button.get("string"):
        return str(button.get("string"))
    for inner in button.iter():
        if inner is not button and inner.get("string"):
            return str(inner.get("string"))
    return " ".join(" ".join(button.itertext()).split())


class _Level:
    """Builds one level of a form view (and, below it, its one2many sub-views)."""

    def __init__(self, model: str, models: dict[str, dict[str, Any]], fetch: Fetch, context: Mapping[str, Any]):
        self.model = model
        self.models = models
        self.fetch = fetch
        self.context = context

    def build(self, root: ElementTree.Element, depth: int) -> FormView:
        known = self.models.get(self.model, {})
        fields: dict[str, dict[str, Any]] = {"id": {"type": "id"}}
        spec: dict[str, Any] = {}
        modifiers: dict[str, dict[str, str]] = {"id": {**dict.fromkeys(MODIFIERS, "False"), "readonly": "True"}}
        contexts: dict[str, str] = {}
        on_change: set[str] = set()
        force_save: set[str] = set()
        subviews: dict[str, FormView] = {}
        for node, hidden in _level_fields(root, _norm(root.get("invisible"))):
            name = node.get("name") or ""
            info = fields[name] = dict(known.get(name) or {"type": None})
            field_spec: dict[str, Any] = {}
            spec[name] = field_spec
            own = {
                kind: _norm(node.get(kind), str(bool(info.get(kind))) if kind in ("required", "readonly") else "False")
                for kind in MODIFIERS
            }
            own["invisible"] = _or(hidden, own["invisible"])
            if name in modifiers:  # several times in the view: X only if X everywhere
                own = {kind: _and(modifiers[name][kind], own[kind]) for kind in MODIFIERS}
            modifiers[name] = own
            if node.get("context"):
                contexts[name] = str(node.get("context"))
                field_spec["context"] = static_context(contexts[name])
            if node.get("on_change") in ("1", "True", "true"):
                on_change.add(name)
            if node.get("force_save") in ("1", "True", "true"):
                force_save.add(name)
            if node.get("widget") == "many2many":
                info["type"] = "many2many"
            if info.get("type") == "one2many":
                if depth > 1:
                    sub = subviews[name] = self._edition_view(node, info, own["invisible"], depth)
                    field_spec["fields"] = sub.spec
                else:
                    info["type"] = "many2many"  # lines of lines: their ids only, as Odoo's Form
        return FormView(
            model=self.model,
            fields=fields,
            spec=spec,
            modifiers=modifiers,
            contexts=contexts,
            on_change=frozenset(on_change),
            force_save=frozenset(force_save),
            subviews=subviews,
        )

    def _edition_view(self, node: ElementTree.Element, info: Mapping[str, Any], hidden: str, depth: int) -> FormView:
        """The sub-view the lines of the one2many *node* are edited in: the editable list, else the form."""
        relation = str(info.get("relation") or "")
        inline = {
            ("list" if child.tag == "tree" else child.tag): child
            for child in node
            if any(True for _ in child.iter("field"))
        }
        mode = next((kind for kind in (node.get("mode") or "list").split(",") if kind != "form"), "list")
        mode = "list" if mode == "tree" else mode
        if hidden == "True":
            return _Level(relation, self.models, self.fetch, self.context).build(ElementTree.Element("list"), 0)
        if mode == "list" and "list" not in inline:
            # the list and, unless the list is editable, the form its lines open: one get_views for both
            wanted = ("list",) if "form" in inline else ("list", "form")
            inline.update(self._fetch(node, relation, wanted))
        if mode == "list" and inline["list"].get("editable"):
            return _Level(relation, self.models, self.fetch, self.context).build(inline["list"], depth - 1)
        if "form" not in inline:
            inline.update(self._fetch(node, relation, ("form",)))
        return _Level(relation, self.models, self.fetch, self.context).build(inline["form"], depth - 1)

    def _fetch(self, node: ElementTree.Element, model: str, kinds: tuple[str, ...]) -> dict[str, ElementTree.Element]:
        """Sub-views the arch lacks, from the server in one call (the field's ``*_view_ref`` keys in
        the context): view type → its parsed arch."""
        refs = static_context(node.get("context") or "{}")
        context = {**self.context, **{key: value for key, value in refs.items() if str(key).endswith("_view_ref")}}
        answer = dict(self.fetch(model, ",".join(kinds), context))
        for name in answer.get("models", {}):
            self.models.setdefault(name, {}).update(model_fields(answer["models"], name))
        views = answer.get("views", {})
        roots = {}
        for kind in kinds:
            view = views.get(kind) or (views.get("tree") if kind == "list" else None) or {}
            roots[kind] = ElementTree.fromstring(view.get("arch") or f"<{kind}/>")  # noqa: S314 - the server's own view
            expressions_from_modifiers(roots[kind])
        return roots
