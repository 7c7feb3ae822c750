"""What the server says about a model and its fields, as frozen value objects."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import attrs

__all__ = ["FIELD_ATTRIBUTES", "FieldSpec", "ModelSpec"]

#: The ``fields_get`` attributes odoorm asks for.
FIELD_ATTRIBUTES = (
    "type",
    "string",
    "help",
    "relation",
    "relation_field",
    "required",
    "readonly",
    "store",
    "selection",
    "sortable",
    "groupable",
    "translate",
    "company_dependent",
    "digits",
)


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
    #: The server's ``searchable``, when the answer holds it (:data:`FIELD_ATTRIBUTES` does not ask
    #: for it: see :meth:`searchable_hint`).
    searchable: bool | None = None

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
            searchable=bool(answer["searchable"]) if "searchable" in answer else None,
        )

    def searchable_hint(self) -> bool | None:
        """Whether a domain may name this field, as far as this metadata tells: ``True`` when it is
        stored, or sortable or groupable (Odoo turns it into SQL: an inherited field), or
        company-dependent (Odoo searches those); the server's ``searchable`` when the answer holds
        it; ``None`` when only the server can tell (a computed field, with or without a search
        method; a related field)."""
        if self.searchable is not None:
            return self.searchable
        raw = self.raw
        if self.store or raw.get("sortable") or raw.get("groupable") or raw.get("company_dependent"):
            return True
        return None


@attrs.frozen
class ModelSpec:
    """A model: its name, description, kind and fields."""

    name: str
    description: str
    transient: bool
    fields: Mapping[str, FieldSpec] = attrs.field(repr=False)
