"""``odoorm.Form``: a record filled in as a user fills its form in the web client, over RPC.

It mirrors ``odoo.tests.Form`` of Odoo 17+ (Odoo 16 through :mod:`.legacy`): ``Form(env["sale.order"])``
starts a new record with the defaults the web client would show, ``Form(order)`` edits one; assigning a field sends the
``onchange`` the web client sends and applies its answer; ``save()`` creates or writes with one
``web_save`` that answers the saved values. Modifiers are evaluated as the web client does: a
read-only or invisible field cannot be assigned, and required fields must be filled to save.
"""

from __future__ import annotations

import datetime as _dt
import itertools
from collections.abc import Iterator, Mapping
from types import TracebackType
from typing import Any

from ...errors import (
    FieldNotEditableError,
    FieldValueError,
    FormError,
    RequiredFieldsError,
    ServerError,
    UnknownFieldError,
    did_you_mean,
)
from ...meta.formview import FormView
from ...meta.pyexpr import base_names
from ...meta.releases import ONCHANGE_SPEC_SINCE
from ..protocols import Env, RecordsBase
from . import legacy, state
from .values import Values, apply_answer, empty_value, from_read
from .views import check_form_version, form_view

__all__ = ["FormBase", "form_value"]


class FormBase:
    """The values, onchanges and saving of a form (see :class:`odoorm.Form`)."""

    _env: Env
    _model: str
    _id: int | None
    _view: FormView
    _vals: Values
    _stale: bool
    _closed: str
    _numbers: Iterator[int]
    _legacy: bool  # Odoo 16: onchange without a fields specification, no web_read / web_save
    warnings: list[Mapping[str, Any]]

    # ------------------------------------------------------------ opening

    def _open(self, env: Env, model: str, record_id: int | None, view_id: int | None) -> None:
        check_form_version(env)
        object.__setattr__(self, "_env", env)
        object.__setattr__(self, "_legacy", not env._at_least(ONCHANGE_SPEC_SINCE))
        object.__setattr__(self, "_model", model)
        object.__setattr__(self, "_id", record_id)
        object.__setattr__(self, "_view", form_view(env, model, view_id))
        object.__setattr__(self, "warnings", [])
        object.__setattr__(self, "_closed", "")
        object.__setattr__(self, "_stale", False)
        object.__setattr__(self, "_numbers", itertools.count(1))  # virtual ids of new lines, per form
        if record_id:
            self._load()
        else:
            self._defaults()

    @property
    def _values(self) -> Values:
        """The form's values; read again (one ``web_read``) when a button pressed may have changed the record."""
        if self._stale:
            object.__setattr__(self, "_stale", False)
            self._load()
        return self._vals

    def _load(self) -> None:
        """Edit mode: the record's values (one ``web_read``; on Odoo 16 one ``read``, and one per
        one2many with lines)."""
        if self._legacy and self._id:
            object.__setattr__(
                self, "_vals", from_read(legacy.read_record(self._env, self._model, self._id, self._view), self._view)
            )
            return
        ids = [self._id] if self._id else []
        rows = self._env._call_records(self._model, "web_read", ids, [], {"specification": self._view.spec})
        object.__setattr__(self, "_vals", from_read(rows[0], self._view))

    def _defaults(self) -> None:
        """New mode: the defaults and their onchanges (one ``onchange`` with no field)."""
        object.__setattr__(self, "_vals", Values(id=False))
        self._onchange(None)
        for name, info in self._view.fields.items():
            self._values.setdefault(name, empty_value(info.get("type")))
        self._values.changed.update(name for name in self._view.fields if name != "id")

    # ------------------------------------------------------------ names and contexts

    @property
    def context(self) -> dict[str, Any]:
        """The context the form's calls are made in (no call)."""
        return dict(self._env.context)

    def _base(self) -> dict[str, Any]:
        return {**base_names(self._env.context, self._env.uid), "active_model": self._model}

    def _parent_names(self) -> Mapping[str, Any] | None:
        return None  # a line's form gives its parent's

    def _names(self, *, virtual: bool = True) -> dict[str, Any]:
        """What an expression of this form sees now."""
        return state.names_of(self._values, self._base(), self._parent_names(), virtual=virtual)

    def _modifier(self, field: str, modifier: str) -> bool:
        return state.is_true(self._view, field, modifier, self._names())

    # ------------------------------------------------------------ fields

    def _info(self, name: str) -> Mapping[str, Any]:
        info = self._view.fields.get(name)
        if info is None or name == "id":
            hint = did_you_mean(name, self._view.fields)
            raise UnknownFieldError(f"the {self._model} form view has no field {name!r}{hint}")
        return info

    def __setattr__(self, name: str, value: Any) -> None:
        object.__setattr__(self, name, value)

    def _check_open(self) -> None:
        if self._closed:
            raise FormError(f"this {self._model} form is closed ({self._closed}): open a new Form")

    def _check_editable(self, name: str) -> None:
        self._check_open()
        for modifier in ("readonly", "invisible"):
            if self._modifier(name, modifier):
                condition = self._view.modifier(name, modifier)
                raise FieldNotEditableError(
                    f"{self._model}.{name} is {modifier} in the form now ({modifier}={condition!r})",
                    model=self._model,
                    field=name,
                    modifier=modifier,
                    condition=condition,
                )

    def _change(self, name: str, value: Any) -> None:
        """Store *value* and run the field's onchange; restored when the server refuses it."""
        had, previous, was_changed = name in self._values, self._values.get(name), name in self._values.changed
        self._values[name] = value
        self._values.changed.add(name)
        try:
            self._onchange(name)
        except ServerError:
            if had:
                self._values[name] = previous
            if not was_changed:
                self._values.changed.discard(name)
            raise

    # ------------------------------------------------------------ onchange

    def _onchange_values(self) -> dict[str, Any]:
        if self._legacy:
            return legacy.onchange_values(self._values, self._view)
        return state.payload(self._values, self._view, self._base(), saving=False, parent=self._parent_names())

    def _onchange_model_context(self) -> dict[str, Any]:
        return {}

    def _onchange(self, field: str | None) -> None:
        """One ``onchange`` (defaults when *field* is ``None``); none for a field the server did
        not mark ``on_change``."""
        if field is not None and field not in self._view.on_change:
            return
        context = self._onchange_model_context()
        if field is not None:
            context.update(state.field_context(self._view, field, self._names(virtual=False)))
        ids = [self._id] if self._id else []
        spec = legacy.onchange_spec(self._view) if self._legacy else self._view.spec
        args = [self._onchange_values(), [field] if field else [], spec]
        answer = self._env._call_records(self._model, "onchange", ids, args, {"context": context} if context else {})
        if not isinstance(answer, Mapping):
            raise FormError(f"{self._model}.onchange answered {str(answer)[:80]}, not a dict")
        warning = answer.get("warning")
        if warning:
            self.warnings.append(warning)
        apply_answer(self._values, self._view, answer.get("value") or {}, self._numbers)

    # ------------------------------------------------------------ saving

    def _missing(self) -> list[str]:
        return state.missing_required(self._values, self._view, self._base(), parent=self._parent_names())

    def _save(self) -> int:
        """Create or write with one ``web_save`` answering the saved values; nothing sent when
        editing and nothing changed. Returns the record's id."""
        self._check_open()
        missing = self._missing()
        if missing:
            raise RequiredFieldsError(
                f"{self._model}: required fields are empty: {', '.join(missing)} (nothing was saved)",
                model=self._model,
                fields=tuple(missing),
            )
        values = state.payload(self._values, self._view, self._base(), saving=True)
        if self._id and not values:
            self._values.changed.clear()
            return self._id
        if self._legacy:
            return self._save_legacy(values)
        ids = [self._id] if self._id else []
        rows = self._env._call_records(self._model, "web_save", ids, [values], {"specification": self._view.spec})
        if not isinstance(rows, list) or not rows or not isinstance(rows[0], Mapping):
            raise FormError(f"{self._model}.web_save answered {str(rows)[:80]}, not the saved values")
        object.__setattr__(self, "_id", int(rows[0]["id"]))
        object.__setattr__(self, "_vals", from_read(rows[0], self._view))
        return int(rows[0]["id"])

    def _save_legacy(self, values: dict[str, Any]) -> int:
        """Odoo 16: ``create`` or ``write``, then the record read again (one ``read``, and one per
        one2many with lines)."""
        values = legacy.save_commands(values, self._view)
        if self._id:
            self._env.execute_kw(self._model, "write", [[self._id], values])
        else:
            object.__setattr__(self, "_id", int(self._env.execute_kw(self._model, "create", [values])))
        assert self._id
        object.__setattr__(self, "_stale", True)  # read again when used next
        return self._id

    def __enter__(self) -> Any:
        return self

    def __exit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        if exc_type is None:
            self.save()

    def save(self) -> Any:
        """Save (see subclasses)."""
        raise NotImplementedError

    def __repr__(self) -> str:
        return f"<{type(self).__name__} {self._model}({self._id or 'new'})>"


def form_value(model: str, name: str, info: Mapping[str, Any], value: Any) -> Any:
    """A Python value as the form holds it (a record becomes its id, a date its text)."""
    kind = info.get("type")
    if kind == "many2one":
        if value is None or value is False:
            return False
        if isinstance(value, RecordsBase):
            relation = getattr(value, "_name", None)
            ids = getattr(value, "_ids", ())
            if relation != info.get("relation") or len(ids) > 1:
                raise FieldValueError(f"{model}.{name} takes one {info.get('relation')} record, not {value!r}")
            return ids[0] if ids else False
        if isinstance(value, int) and not isinstance(value, bool):
            return value
        raise FieldValueError(f"{model}.{name} takes a {info.get('relation')} record or id, not {value!r}")
    if kind == "datetime" and isinstance(value, _dt.datetime):
        return value.strftime("%Y-%m-%d %H:%M:%S")
    if kind == "date" and isinstance(value, _dt.date):
        return value.strftime("%Y-%m-%d")
    if value is None:
        return False
    return value
