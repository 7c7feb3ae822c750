"""The safe evaluator of view expressions (modifiers, contexts): the web client's semantics, no eval."""

from __future__ import annotations

import datetime

import pytest

from odoorm.errors import ExpressionError
from odoorm.meta.pyexpr import base_names, evaluate, evaluate_bool, static_context

LINE = {
    "state": "draft",
    "qty_invoiced": 0.0,
    "product_updatable": True,
    "display_type": False,
    "tag_ids": [3, 4],
    "id": False,
    "context": {"default_type": "out_invoice", "empty": ""},
    "parent": {"state": "sale", "locked": False, "partner_id": 15},
}


@pytest.mark.parametrize(
    ("expression", "expected"),
    [
        ("state != 'draft'", False),
        ("state in ['cancel', 'sale']", False),
        ("state not in ('sent', 'sale')", True),
        ("not product_updatable", False),
        ("qty_invoiced > 0", False),
        ("parent.state != 'sale'", False),
        ("parent.state == 'sale' and not parent.locked", True),
        ("state == 'cancel' or parent.locked", False),
        ("not display_type and not id", True),
        ("context.get('default_type') == 'out_invoice'", True),
        ("context.get('missing')", False),
        ("tag_ids.length == 2", True),  # JavaScript's length, as some Odoo views use it
        ("0 < qty_invoiced + 1 <= 1", True),  # chained comparisons
        ("'a' if state == 'draft' else 'b'", True),
        ("3 in tag_ids and 5 not in tag_ids", True),
        ("bool(tag_ids)", True),
        ("len(tag_ids) == 2", True),
        ("True", True),
        ("1", True),
        ("0", False),
        ("", False),
        ("False", False),
    ],
)
def test_modifiers_as_the_web_client_evaluates_them(expression: str, expected: bool) -> None:
    assert evaluate_bool(expression, LINE) is expected


def test_values_and_the_web_client_quirks() -> None:
    assert evaluate("state or 'x'", LINE) == "draft"  # and/or answer an operand, as Python
    assert evaluate("display_type and 'x'", LINE) is False
    assert evaluate("None < 0 < {} < '' < []", {}) is True  # mixed types order as in Python 2, never raise
    assert evaluate("'abc' in 5", {}) is False  # no container: false, not a TypeError
    assert evaluate("'ab' in 'cabd'", {}) is True
    assert evaluate("parent.partner_id.name", LINE) is None  # an attribute of an int: JavaScript's undefined
    assert evaluate("context.get('empty', 'fallback')", LINE) == ""  # present: its value
    assert evaluate("context.get('missing', 'fallback')", LINE) == "fallback"
    assert evaluate("context.get('missing', 0)", LINE) is None  # py_js: the default only when truthy
    assert evaluate("(1, 2) == [1, 2]", {}) is True  # both are arrays in the web client
    assert evaluate("{'a': parent.partner_id, 'b': [1, -2]}", LINE) == {"a": 15, "b": [1, -2]}
    assert evaluate("'ABC'.lower()", {}) == "abc"
    assert evaluate("context_today().strftime('%Y')", {}) == datetime.date.today().strftime("%Y")
    today = datetime.date.today()
    assert evaluate("datetime.date.today() + datetime.timedelta(days=1)", {}) == today + datetime.timedelta(days=1)


@pytest.mark.parametrize(
    "expression",
    [
        "__import__('os').system('true')",  # no function outside the whitelist
        "().__class__.__bases__",  # attributes of Python objects are not reachable
        "[x for x in tag_ids]",  # comprehensions are not in the subset
        "lambda: 1",
        "open('/etc/passwd')",
        "state.__class__()",  # an attribute missing on a value is undefined, and undefined is not callable
        "unknown_name",
        "2 ** 1000",
        "state +",
    ],
)
def test_what_is_outside_the_subset_is_refused(expression: str) -> None:
    with pytest.raises(ExpressionError) as refused:
        evaluate(expression, LINE)
    assert isinstance(refused.value, ValueError) and expression.strip() in str(refused.value)


def test_static_context_keeps_the_literal_pairs_only() -> None:
    source = "{'default_lst_price': price_unit, 'active_test': True, 'show_vat': 1, 'partner_id': parent.partner_id}"
    assert static_context(source) == {"active_test": True, "show_vat": 1}
    assert static_context("{}") == {}


def test_base_names_follow_the_web_client() -> None:
    names = base_names({"allowed_company_ids": [3, 1], "lang": "en_US"}, 2)
    assert names["uid"] == 2 and names["current_company_id"] == 3 and names["allowed_company_ids"] == [3, 1]
    assert names["context"] == {"allowed_company_ids": [3, 1], "lang": "en_US"}
    assert names["today"] == datetime.date.today().strftime("%Y-%m-%d") == names["current_date"]
    assert evaluate_bool("current_company_id in allowed_company_ids", names)
