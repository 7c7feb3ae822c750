"""Field descriptors, one class per Odoo field type, found by :func:`field_class`."""

from .base import FIELD_TYPES, Field, field_class
from .relational import Many2many, Many2one, Many2oneReference, One2many, Reference
from .scalar import (
    Binary,
    Boolean,
    Char,
    Date,
    Datetime,
    Float,
    Html,
    Integer,
    Json,
    Monetary,
    Properties,
    Selection,
    Text,
)

__all__ = [
    "FIELD_TYPES",
    "Field",
    "field_class",
    "Char",
    "Text",
    "Html",
    "Selection",
    "Integer",
    "Float",
    "Monetary",
    "Boolean",
    "Date",
    "Datetime",
    "Binary",
    "Json",
    "Properties",
    "Many2one",
    "One2many",
    "Many2many",
    "Reference",
    "Many2oneReference",
]
