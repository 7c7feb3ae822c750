"""Reading model metadata from the server: ``ir.model`` and ``fields_get``."""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from typing import Any

import attrs

from ..errors import AccessError
from ..transport import answers
from .spec import FIELD_ATTRIBUTES, FieldSpec, ModelSpec

__all__ = ["Caller", "ModelInfo", "load_model_index", "fetch_fields", "fetch_searchable", "spec_from_fields"]

#: How the loader calls the server: ``(model, method, args, kwargs) -> answer``.
Caller = Callable[[str, str, Sequence[Any], Mapping[str, Any]], Any]


@attrs.frozen
class ModelInfo:
    """One row of ``ir.model``."""

    model: str
    description: str
    transient: bool


def load_model_index(call: Caller) -> dict[str, ModelInfo] | None:
    """Every model the server has, from ``ir.model`` (one call), or ``None`` when the user may not read it."""
    try:
        answer = call("ir.model", "search_read", [[]], {"fields": ["model", "name", "transient"]})
    except AccessError:
        return None
    site = _site(call, "ir.model", "search_read")
    with answers.reading(site):
        rows = answers.row_list(site, answer)
        return {
            row["model"]: ModelInfo(row["model"], row["name"] or row["model"], bool(row["transient"])) for row in rows
        }


def fetch_fields(call: Caller, name: str) -> dict[str, Any]:
    """*name*'s ``fields_get`` answer, with the attributes odoorm uses (one call)."""
    answer = call(name, "fields_get", [], {"attributes": list(FIELD_ATTRIBUTES)})
    return answers.field_descriptions(_site(call, name, "fields_get"), answer)


def fetch_searchable(call: Caller, name: str) -> dict[str, bool]:
    """Whether each field of *name* can be searched: ``fields_get``'s ``searchable`` attribute
    (one call; a field the answer leaves out counts as searchable: the server then decides)."""
    answer = call(name, "fields_get", [], {"attributes": ["searchable"]})
    descriptions = answers.field_descriptions(_site(call, name, "fields_get"), answer)
    return {field: bool(attributes.get("searchable", True)) for field, attributes in descriptions.items()}


def _site(call: Caller, model: str, method: str) -> answers.Call:
    """The call, for checking its answer: the url is the environment's whose method *call* is
    (every caller odoorm makes is one), else unknown."""
    url = getattr(getattr(call, "__self__", None), "url", "")
    return answers.Call(url if isinstance(url, str) else "", model, method)


def spec_from_fields(name: str, answer: Mapping[str, Any], info: ModelInfo | None = None) -> ModelSpec:
    """The :class:`ModelSpec` of *name* from its ``fields_get`` *answer* (no call). Without *info*
    (the ``ir.model`` row, which the registry reads only when asked), the description is the name."""
    fields = {field: FieldSpec.from_fields_get(field, attributes) for field, attributes in answer.items()}
    fields.setdefault("id", FieldSpec("id", "integer", "ID", readonly=True))
    return ModelSpec(
        name=name,
        description=info.description if info else name,
        transient=info.transient if info else False,
        fields=fields,
    )
