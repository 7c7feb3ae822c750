"""``odoorm.Form``: the public class (see :mod:`odoorm.orm.form.form` for how it works)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from ...errors import FormError, RecordError, UserError
from ...transport.names import check_model_name
from ..protocols import Env, RecordsBase
from .action import Action, action_context
from .buttons import Pressing

__all__ = ["Form"]


class Form(Pressing):
    """A record filled in through its form view, as a user fills it in the web client.

    ``Form(env["sale.order"])`` starts a new record: its defaults come from one ``onchange``.
    ``Form(order)`` edits an existing one: its values come from one ``web_read``. The view is the
    default form, or *view* (an id or an xmlid such as ``"sale.view_order_form"``, one more call).
    The view costs one ``get_views`` the first time (cached per model, view and version).

    ``form.partner_id = partner`` sends the field's onchange (one call, none when the server marks no
    onchange on it) and applies the answer; its warning, if any, is added to ``form.warnings``.
    ``with form.order_line.new() as line: ...`` adds a line (see :class:`~.lines.LinesProxy`).
    ``form.save()`` creates or writes with one ``web_save`` and returns the record. ``form.buttons``
    and ``form.press("Create Invoice")`` press buttons (see :class:`~.buttons.Pressing`).
    Odoo 16 is served through its older protocol (``onchange`` without a specification, ``create`` /
    ``write`` then ``read``: see docs/forms.md); before 16, :class:`~odoorm.errors.FormError`.

    Raises:
        FieldNotEditableError: assigning a field the view makes read-only or invisible now.
        RequiredFieldsError: ``save()`` with required fields empty (all listed; nothing sent).
        UnknownFieldError: a field not in the view (also an ``AttributeError``).
        FormError: a one2many assigned, a closed wizard form used again, a line form saved twice.
        ServerError: the server refused an onchange (the field keeps its previous value) or the save.
    """

    def __init__(self, record: Any, view: int | str | None = None) -> None:
        if not isinstance(record, RecordsBase):
            raise RecordError(f"Form() takes a recordset (env['sale.order'] or a record), not {record!r}")
        ids = tuple(getattr(record, "_ids", ()))
        if len(ids) > 1:
            raise RecordError(f"Form() edits one record at a time, not {record!r}")
        env: Env = getattr(record, "env")  # noqa: B009 - RecordsBase declares no attributes
        object.__setattr__(self, "_dialog", False)
        self._open(env, str(getattr(record, "_name")), ids[0] if ids else None, _view_id(env, view))  # noqa: B009

    @classmethod
    def from_action(cls, env: Env, action: Mapping[str, Any]) -> Form:
        """The form a window action opens (a wizard, or a record's form), in the action's context
        (that of an :class:`~.action.Action`: active model, id and ids included). Round trips: those
        of the Form (``get_views`` the first time, then ``onchange`` for a new record or ``web_read``
        for the action's ``res_id``).

        Raises:
            FormError: not a window action, or one whose first view is not a form.
            UnknownModelError: the action's model is not on the server (close names suggested).
        """
        if action.get("type") != "ir.actions.act_window":
            raise FormError(f"Form.from_action needs a window action, not {action.get('type')!r}")
        model = str(action.get("res_model") or "")
        check_model_name(model)
        context = (
            action.context
            if isinstance(action, Action)
            else action_context(action.get("context"), env.context, env.uid)
        )
        form = object.__new__(cls)
        object.__setattr__(form, "_dialog", action.get("target") == "new")
        res_id = action.get("res_id") or None
        opened = env.with_context(context)
        try:
            form._open(opened, model, int(res_id) if res_id else None, _action_view(action))
        except UserError as error:
            if model in error.message:
                opened[model]  # the registry names close models (UnknownModelError) if it is unknown
            raise
        return form

    def save(self) -> Any:
        """Create or write the record (one ``web_save`` that answers the saved values, which the form
        shows then: no re-read) and return it; nothing is sent when editing with nothing changed.

        Raises:
            RequiredFieldsError: every required field left empty, lines included; nothing was sent.
        """
        return self._env[self._model].browse(self._save())

    @property
    def record(self) -> Any:
        """The record the form edits (an empty recordset while new). No call."""
        return self._env[self._model].browse(self._id or ())


def _view_id(env: Env, view: int | str | None) -> int | None:
    if view is None or view is False:
        return None
    if isinstance(view, int):
        return view
    if isinstance(view, RecordsBase):
        return int(getattr(view, "id"))  # noqa: B009
    return int(env.ref(str(view)).id)


def _action_view(action: Mapping[str, Any]) -> int | None:
    """The form view a window action opens: its first view (which must be a form), else ``view_id``."""
    views = action.get("views")
    if views:
        view_id, kind = views[0]
        if kind != "form":
            raise FormError(f"the action opens a {kind} view first, not a form: {views}")
        return int(view_id) if view_id else None
    if not str(action.get("view_mode") or "form").startswith("form"):
        raise FormError(f"the action opens a {action.get('view_mode')} view first, not a form")
    view_id = action.get("view_id")
    if isinstance(view_id, list | tuple):
        view_id = view_id[0] if view_id else None
    return int(view_id) if view_id else None
