"""The buttons of a form, and pressing them as the web client does.

An ``object`` button saves the form (when new or changed), then calls its method on the record with
the form's context and the button's (one call, plus the ``web_save``). An ``action`` button (its
name is an action id, ``%(sale.action_view_sale_advance_payment_inv)d`` in the source, or an
xmlid) saves, then loads that action: one ``read`` of the window action; for an id that is not a
window action's, two more (its type, then the action); for an xmlid, one ``ir.model.data`` read
then one read of the action it names. Both answer an :class:`~.action.Action`
opened in the context the web client would give it (``active_model``, ``active_id``,
``active_ids`` of the record) — or the method's value when it is not an action.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import attrs

from ...errors import FormError, MissingError, UnknownButtonError
from ...meta.formview import Button
from ...meta.pyexpr import evaluate
from .action import Action, as_action, next_context
from .lines import FieldAccess

__all__ = ["ButtonState", "Pressing", "WINDOW_FIELDS"]

#: What is read of a window action (what Form.from_action and Action need).
WINDOW_FIELDS = ["type", "name", "res_model", "res_id", "views", "view_id", "view_mode", "target", "context", "domain"]
_REPORT_FIELDS = ["type", "name", "model", "report_name", "report_type", "binding_model_id"]


@attrs.frozen
class ButtonState:
    """A button as the user sees it now: ``name``, ``type``, ``label``, ``visible``."""

    name: str
    type: str
    label: str
    visible: bool
    button: Button = attrs.field(repr=False)


class Pressing(FieldAccess):
    """``form.buttons`` and ``form.press(name_or_label)``."""

    _dialog: bool

    def save(self) -> Any:
        raise NotImplementedError

    @property
    def buttons(self) -> list[ButtonState]:
        """The form's buttons (header, stat buttons, a wizard's footer), each with whether it is
        visible now (its ``invisible`` evaluated). No call."""
        names = self._names()
        return [
            ButtonState(b.name or b.special, b.type or b.special, b.label, not _hidden(b, names), b)
            for b in self._view.buttons
        ]

    def press(self, name_or_label: str) -> Any:
        """Press a visible button, chosen by its name (``"action_confirm"``, ``"434"``) or its label
        (``"Create Invoice"``), as the web client does; answers an :class:`~.action.Action`, or the
        method's value. Round trips: a ``web_save`` when the form is new or changed, then one call
        (two or three for an action button whose action is named by xmlid or is not a window action).
        ``special="cancel"`` closes without a call, ``special="save"`` saves and closes. A wizard's form is
        closed afterwards; another form reads its record again (one ``web_read``)
        when it is used next, as the button may have changed it.

        Raises:
            UnknownButtonError: no visible button of that name or label (the message lists them).
        """
        self._check_open()
        button = self._find(name_or_label)
        if button.special in ("cancel", "save"):
            if button.special == "save":
                self._save()
            object.__setattr__(self, "_closed", f"{button.label or button.special} was pressed")
            return Action({"type": "ir.actions.act_window_close"}, self._env, self._env.context)
        record_id = self._save()
        button_context = self._button_context(button)
        active = {"active_model": self._model, "active_id": record_id, "active_ids": [record_id]}
        base = next_context(self._env.context, button_context, active)
        if button.type == "object":
            answer = self._env._call_records(
                self._model, button.name, [record_id], [], {"context": button_context} if button_context else {}
            )
            result = as_action(answer, self._env, base)
        elif button.type == "action":
            result = self._load_action(button.name, base)
        else:
            raise FormError(f"{self._model}: button {button.name!r} has type {button.type!r}, not object or action")
        if getattr(self, "_dialog", False):
            object.__setattr__(self, "_closed", f"{button.name!r} was pressed")
        else:  # the button may have changed the record: read it again when the form is used next
            object.__setattr__(self, "_stale", True)
        return result

    def _find(self, wanted: str) -> Button:
        names = self._names()
        states = [(b, not _hidden(b, names)) for b in self._view.buttons]
        for attribute in ("name", "label", "id"):
            found = [b for b, visible in states if getattr(b, attribute) == wanted]
            visible = [b for b in found if not _hidden(b, names)]
            if visible:
                return visible[0]
            if found:
                raise UnknownButtonError(
                    f"{self._model}: button {wanted!r} is invisible now (invisible={found[0].invisible!r})"
                )
        shown = sorted({f"{b.label or b.name} ({b.name or b.special})" for b, visible in states if visible})
        raise UnknownButtonError(f"{self._model} form has no button {wanted!r}; visible now: {', '.join(shown)}")

    def _button_context(self, button: Button) -> dict[str, Any]:
        if not button.context:
            return {}
        value = evaluate(button.context, self._names(virtual=False))
        return dict(value) if isinstance(value, Mapping) else {}

    def _load_action(self, name: str, base: Mapping[str, Any]) -> Action:
        """The action of an ``action`` button, as the web client loads it."""
        env = self._env
        action_id, model = (int(name), None) if name.isdigit() else _resolve(env, name)
        rows: list[Any] = []
        if model in (None, "ir.actions.act_window"):
            try:
                rows = env.execute_kw("ir.actions.act_window", "read", [[action_id], WINDOW_FIELDS])
            except MissingError:
                rows = []
        if rows:
            return Action(rows[0], env, base)
        if model is None:
            [kind] = env.execute_kw("ir.actions.actions", "read", [[action_id], ["type"]])
            model = kind["type"]
        if model == "ir.actions.report":
            [row] = env.execute_kw("ir.actions.report", "read", [[action_id], _REPORT_FIELDS])
            return Action(row, env, base)
        if model == "ir.actions.server":
            answer = env._call_records("ir.actions.server", "run", [action_id], [], {"context": dict(base)})
            result = as_action(answer, env, base)
            return result if isinstance(result, Action) else Action({"type": "ir.actions.act_window_close"}, env, base)
        raise FormError(f"{self._model}: action {name} is a {model}, which odoorm does not open")


def _resolve(env: Any, xmlid: str) -> tuple[int, str]:
    """The id and model of an action named by its xmlid (one ``ir.model.data`` read)."""
    module, _, name = xmlid.partition(".")
    rows = env.execute_kw(
        "ir.model.data",
        "search_read",
        [[("module", "=", module), ("name", "=", name)]],
        {"fields": ["model", "res_id"]},
    )
    if not rows:
        raise FormError(f"no action {xmlid!r} on the server (a button names it)")
    return int(rows[0]["res_id"]), str(rows[0]["model"])


def _hidden(button: Button, names: Mapping[str, Any]) -> bool:
    from ...meta.pyexpr import evaluate_bool

    return evaluate_bool(button.invisible, names)
