"""What the server says about a model and its fields, as frozen value objects."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import attrs

__all__ = ["FIELD_ATTRIBUTES", "FieldSpec", "ModelSpec"]

#: The ``fields_get`` attributes odoorm asks for.
FIELD_ATTRIBUTES = (
    "type", "string", "help", "relation", "relation_field", "required", "readonly", "store",
    "selection", "sortable", "groupable", "translate", "company_dependent", "digits",
)  # fmt: skip


@attrs.frozen
class FieldSpec:
    """One field of a model, from ``fields_get``."""

    name: str
    type: str
    string: str = ""
    help: str = ""
    relation: str | None = None
    relation_field: str | None = None
    required: bool = False
    readonly: bool = False
    store: bool = True
    selection: tuple[tuple[str, str], ...] | None = None
    raw: Mapping[str, Any] = attrs.field(factory=dict, repr=False, eq=False)

    @classmethod
    def from_fields_get(cls, name: str, answer: Mapping[str, Any]) -> FieldSpec:
        """Build from one entry of ``fields_get``'s answer."""
        selection = answer.get("selection")
        return cls(
            name=name,
            type=str(answer.get("type") or "unknown"),
            string=str(answer.get("string") or name),
            help=str(answer.get("help") or ""),
            relation=answer.get("relation") or None,
            relation_field=answer.get("relation_field") or None,
            required=bool(answer.get("required")),
            readonly=bool(answer.get("readonly")),
            store=bool(answer.get("store", True)),
            selection=tuple((str(k), str(v)) for k, v in selection) if isinstance(selection, list) else None,
            raw=dict(answer),
        )


@attrs.frozen
class ModelSpec:
    """A model: its name, description, kind and fields."""

    name: str
    description: str
    transient: bool
    fields: Mapping[str, FieldSpec] = attrs.field(repr=False)
