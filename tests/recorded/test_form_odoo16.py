"""odoorm.Form on Odoo 16, recorded against the live Odoo 16 of the test bed (tests/conftest.py)."""

from __future__ import annotations

import ast
from collections.abc import Iterator
from typing import Any

import pytest
from conftest import TestBed

import odoorm
from odoorm import Form

pytestmark = pytest.mark.odoo(
    only=16, reason="Odoo 16's older form protocol (no specification, web_read, web_save); 17+: test_form.py"
)


@pytest.fixture
def env16(cassette: Any, testbed: TestBed) -> Iterator[odoorm.Environment]:
    """A JSON-RPC connection to the recorded Odoo 16, inside this test's cassette."""
    with testbed.connect("jsonrpc") as env:
        yield env


def test_a_quotation_through_its_form_on_odoo_16(env16: odoorm.Environment) -> None:
    """Odoo 16 has no fields specification, web_read nor web_save: the form speaks its older protocol."""
    Order = env16["sale.order"]
    customer = env16["res.partner"].search([("name", "=", "Azure Interior")], limit=1)
    product = env16["product.product"].search([("default_code", "=", "E-COM11")], limit=1)
    with env16.count_calls() as calls:
        form = Form(Order)
    assert calls.keys == ["common.version", "sale.order.get_views", "sale.order.onchange"]
    with pytest.raises(odoorm.RequiredFieldsError) as required:
        form.save()
    assert required.value.fields == ("partner_id", "pricelist_id")  # required on 16 until a customer sets it
    with env16.count_calls() as calls:
        form.partner_id = customer
        with form.order_line.new() as line:
            line.product_id = product
            line.product_uom_qty = 3
    assert calls.keys == ["sale.order.onchange"] + ["sale.order.line.onchange"] * 3 + ["sale.order.onchange"]
    assert form.order_line[0]["price_unit"] == product.lst_price and form.payment_term_id
    with env16.count_calls() as calls:
        order = form.save()
    assert calls.keys == ["sale.order.create"]
    try:
        with env16.count_calls() as calls:
            name = form.name  # read again when used next (no web_save on 16)
        assert name == order.name != "New"
        assert calls.keys == ["sale.order.read", "sale.order.line.read"]
        assert order.order_line.product_uom_qty == 3 and order.order_line.price_unit == product.lst_price
        assert form.press("Confirm") is True and order.state == "sale"
        with pytest.raises(odoorm.FieldNotEditableError) as readonly:
            form.partner_id = customer  # Odoo 16's modifiers: a domain, read as an expression
        field, operator, states = readonly.value.condition.split(" ", 2)  # the server lists them from a set
        assert (field, operator, sorted(ast.literal_eval(states))) == ("state", "in", ["cancel", "done", "sale"])
        action = form.press("Create Invoice")
        assert action.is_wizard and action.context["active_ids"] == [order.id]
        wizard = Form.from_action(env16, action)
        assert wizard.advance_payment_method == "percentage"
        assert wizard.press("Cancel").is_close
    finally:
        order.with_context(disable_cancel_warning=True).action_cancel()
        order.unlink()
