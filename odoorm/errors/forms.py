"""The errors of :class:`odoorm.Form`: what the web client would not let a user do."""

from __future__ import annotations

from .core import ClientError

__all__ = ["FormError", "FieldNotEditableError", "RequiredFieldsError", "UnknownButtonError", "ExpressionError"]


class FormError(ClientError, ValueError):
    """A :class:`odoorm.Form` used as the web client would not let a user use it: a field not in the
    view, a form of an older Odoo, a line form saved twice, a wizard already closed…"""


class FieldNotEditableError(FormError):
    """A field the view makes read-only or invisible now was assigned.

    Attributes: ``model``, ``field``, ``modifier`` (``"readonly"`` or ``"invisible"``), ``condition``
    (the view's expression that holds).
    """

    def __init__(self, message: str, *, model: str, field: str, modifier: str, condition: str) -> None:
        super().__init__(message)
        self.model = model
        self.field = field
        self.modifier = modifier
        self.condition = condition


class RequiredFieldsError(FormError):
    """``save()`` found required fields empty; ``fields`` lists every one (``"order_line[0].product_id"``
    for a line), nothing was sent."""

    def __init__(self, message: str, *, model: str, fields: tuple[str, ...]) -> None:
        super().__init__(message)
        self.model = model
        self.fields = fields


class UnknownButtonError(FormError, LookupError):
    """``form.press(name)``: no button of that name or label in the view (the message lists them)."""


class ExpressionError(FormError):
    """A view expression (modifier, context) outside the subset odoorm evaluates, or that fails."""
