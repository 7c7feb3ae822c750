"""What a button answers: :class:`Action`, Odoo's action dictionary with what a script needs.

A server method that answers an action dictionary (``ir.actions.act_window``, ``…report``,
``…act_window_close``, ``…client``, ``…act_url``, ``…server``) returns an :class:`Action`. It is
still the ``dict`` the server sent (code that reads ``action["res_model"]`` keeps working), and it
knows the context the web client would open it with: the caller's context without its
``default_*``, ``search_default_*``, ``*_view_ref``… keys, the button's context, ``active_model``,
``active_id`` and ``active_ids`` of the records the button was pressed on, then the action's own
context (a string is evaluated as the web client does, see :mod:`odoorm.meta.pyexpr`).
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from typing import Any

from ...errors import FormError
from ...meta.pyexpr import base_names, evaluate
from ..protocols import Env

__all__ = ["Action", "as_action", "next_context", "action_context"]

#: Keys of the current context the web client drops before opening the next action.
_DROPPED = re.compile(r"^(default_.+|search_default_.+|show_.+|.+_view_ref|group_by|active_id|active_ids|orderedBy)$")
_REPORT_CONVERTERS = {"qweb-pdf": "pdf", "qweb-html": "html", "qweb-text": "text"}


def next_context(current: Mapping[str, Any], button: Mapping[str, Any], active: Mapping[str, Any]) -> dict[str, Any]:
    """The context the web client opens a button's action with (before the action's own context)."""
    kept = {key: value for key, value in current.items() if not _DROPPED.match(str(key))}
    return {**kept, **button, **active}


def action_context(raw: Any, base: Mapping[str, Any], uid: int) -> dict[str, Any]:
    """An action's ``context`` (a dict, or a string evaluated over *base*) merged onto *base*."""
    if isinstance(raw, str):
        names = {**base_names(base, uid), **base}
        raw = evaluate(raw, names) if raw.strip() else {}
    if not isinstance(raw, Mapping):
        return dict(base)
    return {**base, **raw}


class Action(dict[str, Any]):
    """An action dictionary the server answered, still a ``dict``.

    ``action.records`` (the records it opens), ``action.is_wizard``, ``action.is_close``,
    ``action.is_notification``, ``action.is_report``, ``action.context`` (as the web client would
    open it), ``action.download()`` for a report, and ``odoorm.Form.from_action(env, action)`` to
    fill and save a wizard.
    """

    def __init__(self, answer: Mapping[str, Any], env: Env, base_context: Mapping[str, Any] | None = None) -> None:
        super().__init__(answer)
        self.env = env
        self._base = dict(base_context if base_context is not None else env.context)

    @property
    def type(self) -> str:
        """The action's type, e.g. ``"ir.actions.act_window"``."""
        return str(self.get("type") or "")

    @property
    def context(self) -> dict[str, Any]:
        """The context the web client opens this action with (no call)."""
        return action_context(self.get("context"), self._base, self.env.uid)

    @property
    def is_window(self) -> bool:
        """An ``ir.actions.act_window``: records to show, or a wizard to fill."""
        return self.type == "ir.actions.act_window"

    @property
    def is_wizard(self) -> bool:
        """A window action opening a dialog (``target="new"``): a wizard, for :meth:`odoorm.Form.from_action`."""
        return self.is_window and self.get("target") == "new"

    @property
    def is_close(self) -> bool:
        """``ir.actions.act_window_close``: the dialog closes, the flow is done."""
        return self.type == "ir.actions.act_window_close"

    @property
    def is_notification(self) -> bool:
        """A client action showing a notification (``display_notification``); its text is :attr:`message`."""
        return self.type == "ir.actions.client" and self.get("tag") == "display_notification"

    @property
    def message(self) -> str:
        """A notification's message (``""`` for other actions)."""
        params = self.get("params") or {}
        return str(params.get("message") or "") if isinstance(params, Mapping) else ""

    @property
    def is_report(self) -> bool:
        """An ``ir.actions.report``: :meth:`download` renders it."""
        return self.type == "ir.actions.report"

    @property
    def records(self) -> Any:
        """The records a window action opens: its ``res_id``, else those of its ``domain`` (one
        ``search`` then), else none; a report's records (its ``active_ids``). No call for an id."""
        model = self.get("res_model") or self.get("model")
        if not model:
            raise FormError(f"a {self.type or 'typeless'} action opens no records")
        records = self.env[str(model)].with_context(self.context)
        if self.is_report:
            ids = self.context.get("active_ids") or []
            return records.browse(ids)
        if self.get("res_id"):
            return records.browse(self["res_id"])
        domain = self.get("domain")
        if isinstance(domain, str):
            domain = evaluate(domain, {**base_names(self.context, self.env.uid), **self.context})
        if isinstance(domain, Sequence) and not self.is_wizard:
            return records.search(list(domain))
        return records.browse()

    def download(self) -> bytes:
        """A report action rendered through :meth:`odoorm.Environment.report` (its converter from
        ``report_type``). Round trips: those of ``env.report``."""
        if not self.is_report:
            raise FormError(f"only a report action downloads; this is a {self.type or 'typeless'} action")
        converter = _REPORT_CONVERTERS.get(str(self.get("report_type") or "qweb-pdf"), "pdf")
        return self.env.report(str(self["report_name"]), self.records, converter=converter, context=self.context)

    def __repr__(self) -> str:
        what = self.get("res_model") or self.get("report_name") or self.get("tag") or ""
        return f"<Action {self.type} {what} {dict.__repr__(self)[:120]}>"


def as_action(answer: Any, env: Env, base_context: Mapping[str, Any]) -> Any:
    """*answer* as an :class:`Action` when it is an action dictionary, else unchanged."""
    if isinstance(answer, Mapping) and str(answer.get("type") or "").startswith("ir.actions."):
        return Action(answer, env, base_context)
    return answer
