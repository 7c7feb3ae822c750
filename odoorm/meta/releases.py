"""What changed between Odoo releases, in one table: the first release with each feature odoorm
bridges (or, for a feature removed, the first release without it).

Every "since Odoo X" decision of odoorm reads this table, so a release's facts are found here and
nowhere else. The JSON-2 signature table (:mod:`odoorm.transport.methods`) keeps its own per-method
``since``/``until``: it is wire knowledge, below this layer.
"""

from __future__ import annotations

from types import MappingProxyType

__all__ = [
    "RELEASES",
    "JSON2_SINCE",
    "SAVE_MULTI_SINCE",
    "WEB_READ_SINCE",
    "ANY_OPERATOR_SINCE",
    "DATE_PARTS_SINCE",
    "HAS_ACCESS_SINCE",
    "NAME_GET_UNTIL",
    "FORM_SINCE",
    "ONCHANGE_SPEC_SINCE",
    "FORMATTED_READ_GROUP_SINCE",
    "GROUP_BY_PATH_SINCE",
    "ORDER_NULLS_SINCE",
    "ORDER_BY_COUNT_SINCE",
]

Release = tuple[int, int]

#: Feature → (first release with it, what it is). ``name_get`` is the one removed: its entry is the
#: first release *without* it.
RELEASES: MappingProxyType[str, tuple[Release, str]] = MappingProxyType(
    {
        "any_operator": ((17, 0), "the any / not any domain operators"),
        "date_parts": ((18, 0), "a part of a date in a domain path (date_order.year_number) or a group-by"),
        "web_read": ((17, 0), "web_read / web_search_read with a specification (nested reads in one call)"),
        "name_get_removed": ((17, 0), "name_get is gone; display_name is a field"),
        "has_access": ((18, 0), "has_access / check_access replace check_access_rights / check_access_rule"),
        "json2": ((19, 0), "the JSON-2 API (/json/2/<model>/<method>, bearer API keys)"),
        "form": ((16, 0), "get_views: a form view and its fields in one call (odoorm.Form)"),
        "onchange_spec": ((17, 0), "onchange with a fields specification, web_save, view modifiers as expressions"),
        "web_save_multi": ((19, 0), "web_save_multi: different values for several records in one call"),
        "formatted_read_group": ((19, 0), "formatted_read_group(domain, groupby, aggregates): read_group deprecated"),
        "group_by_path": ((19, 0), "grouping by a many2one path (partner_id.country_id)"),
        "order_nulls": ((17, 0), "nulls first / nulls last in a search order"),
        "order_by_count": ((17, 0), "read_group ordered by its __count"),
    }
)

WEB_READ_SINCE: Release = RELEASES["web_read"][0]
ANY_OPERATOR_SINCE: Release = RELEASES["any_operator"][0]
DATE_PARTS_SINCE: Release = RELEASES["date_parts"][0]
NAME_GET_UNTIL: Release = RELEASES["name_get_removed"][0]
HAS_ACCESS_SINCE: Release = RELEASES["has_access"][0]
JSON2_SINCE: Release = RELEASES["json2"][0]
SAVE_MULTI_SINCE: Release = RELEASES["web_save_multi"][0]
FORM_SINCE: Release = RELEASES["form"][0]
ONCHANGE_SPEC_SINCE: Release = RELEASES["onchange_spec"][0]
FORMATTED_READ_GROUP_SINCE: Release = RELEASES["formatted_read_group"][0]
GROUP_BY_PATH_SINCE: Release = RELEASES["group_by_path"][0]
ORDER_NULLS_SINCE: Release = RELEASES["order_nulls"][0]
ORDER_BY_COUNT_SINCE: Release = RELEASES["order_by_count"][0]
