"""What odoorm knows about the standard Odoo methods, as data.

Two facts per method: whether it only reads (so it may be retried, and is
allowed on a read-only connection), and the names of its positional
parameters (the JSON-2 API takes named arguments only).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

import attrs

__all__ = ["MethodSignature", "READ_ONLY_METHODS", "is_read_only", "builtin_signature", "generic_methods"]

#: Methods that never change data on the server.
READ_ONLY_METHODS = frozenset(
    {
        "search",
        "search_count",
        "search_read",
        "search_fetch",
        "read",
        "fields_get",
        "name_search",
        "name_get",
        "read_group",
        "formatted_read_group",
        "formatted_read_grouping_sets",
        "web_search_read",
        "web_read",
        "web_name_search",
        "web_read_group",
        "read_progress_bar",
        "default_get",
        "check_access_rights",
        "has_access",
        "check_access",
        "get_views",
        "get_metadata",
        "context_get",
        "fields_view_get",
        "load_views",
        "search_panel_select_range",
        "search_panel_select_multi_range",
        "check_object_reference",
    }
)


def is_read_only(method: str) -> bool:
    """Whether *method* is known never to write."""
    return method in READ_ONLY_METHODS


@attrs.frozen
class MethodSignature:
    """Positional parameter names of a method, after ``self``.

    ``model_method`` is true for ``@api.model`` methods: they take no ids,
    so the first positional argument of ``execute_kw`` is their first
    parameter; for other methods it is the record ids.
    """

    params: tuple[str, ...]
    model_method: bool = True
    since: tuple[int, int] = (0, 0)
    until: tuple[int, int] | None = None  # first release without it

    def applies_to(self, version: tuple[int, int]) -> bool:
        """Whether this signature is the one of the given server release."""
        return self.since <= version and (self.until is None or version < self.until)


def _model(*params: str, since: tuple[int, int] = (0, 0), until: tuple[int, int] | None = None) -> MethodSignature:
    return MethodSignature(tuple(params), True, since, until)


def _records(*params: str, since: tuple[int, int] = (0, 0), until: tuple[int, int] | None = None) -> MethodSignature:
    return MethodSignature(tuple(params), False, since, until)


_SIGNATURES: dict[str, Sequence[MethodSignature]] = {
    "search": [_model("domain", "offset", "limit", "order")],
    "search_count": [_model("domain", "limit")],
    "search_read": [_model("domain", "fields", "offset", "limit", "order")],
    "read": [_records("fields", "load")],
    "create": [_model("vals_list")],
    "write": [_records("vals")],
    "unlink": [_records()],
    "copy": [_records("default")],
    "copy_data": [_records("default")],
    "exists": [_records()],
    "fields_get": [_model("allfields", "attributes")],
    "name_search": [_model("name", "domain", "operator", "limit")],
    "name_create": [_model("name")],
    "default_get": [_model("fields")],
    "read_group": [_model("domain", "fields", "groupby", "offset", "limit", "orderby", "lazy")],
    "formatted_read_group": [_model("domain", "groupby", "aggregates", "having", "offset", "limit", "order")],
    "web_read_group": [_model("domain", "groupby", "aggregates", "limit", "offset", "order")],
    "web_search_read": [_model("domain", "specification", "offset", "limit", "order", "count_limit")],
    "web_name_search": [_model("name", "specification", "domain", "operator", "limit")],
    "web_read": [_records("specification")],
    "web_save": [_records("vals", "specification", "next_id")],
    "web_save_multi": [_records("vals_list", "specification")],
    "onchange": [_records("values", "field_names", "fields_spec")],
    "check_access_rights": [_model("operation", "raise_exception")],
    "has_access": [_records("operation")],
    "check_access": [_records("operation")],
    "get_metadata": [_records()],
    "get_views": [_model("views", "options")],
    "context_get": [_model()],
    "action_archive": [_records()],
    "action_unarchive": [_records()],
}


def builtin_signature(method: str, version: tuple[int, int]) -> MethodSignature | None:
    """The built-in signature of *method* on the given release, if odoorm knows it."""
    for signature in _SIGNATURES.get(method, ()):
        if signature.applies_to(version):
            return signature
    return None


#: Methods of the built-in table that only some models have (the others are Odoo's generic ORM methods).
_PARTICULAR = {"context_get": "res.users", "action_archive": "active", "action_unarchive": "active"}


def generic_methods(model: str, fields: Iterable[str]) -> list[str]:
    """The methods of the built-in table that *model*, with these *fields*, has: Odoo's generic ORM
    methods, ``action_archive``/``action_unarchive`` with an ``active`` field, ``context_get`` on
    ``res.users``."""
    present = {model, *fields}
    return [name for name in _SIGNATURES if _PARTICULAR.get(name, model) in present]
