"""odoorm.Form on the recorded Odoo 19, 18 and 17 servers: onchanges, modifiers of real views, lines,
buttons, wizards and their errors, with the round trips of each step (Odoo 16: test_form_odoo16.py)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

import odoorm
from odoorm import Action, Command, Form
from odoorm.client.connect import forget_connections
from odoorm.orm.model import Model

pytestmark = pytest.mark.odoo(
    since=17, reason="the Form of Odoo 17+ (specifications, web_save); Odoo 16's older protocol: test_form_odoo16.py"
)


@pytest.fixture
def goods(env: odoorm.Environment) -> tuple[Model, Model]:
    """A customer and a demo product (read only)."""
    customer = env["res.partner"].search([("name", "=", "Azure Interior")], limit=1)
    product = env["product.product"].search([("default_code", "=", "E-COM11")], limit=1)
    assert customer and product
    return customer, product


@pytest.fixture
def order(env: odoorm.Environment, goods: tuple[Model, Model]) -> Iterator[Model]:
    """A quotation with two lines, deleted afterwards."""
    customer, product = goods
    line = {"product_id": product, "product_uom_qty": 2}
    created = env["sale.order"].create({"partner_id": customer, "order_line": [Command.create(line)] * 2})
    yield created
    env.discard()
    if created.exists():
        created.with_context(disable_cancel_warning=True).action_cancel()
        created.unlink()


def no_api_doc(keys: list[str]) -> bool:
    """JSON-2 named every argument from the built-in table: no /doc-bearer lookup was needed."""
    return not any("api_doc" in key for key in keys)


def test_a_quotation_filled_in_as_the_web_client_does(env: odoorm.Environment, goods: tuple[Model, Model]) -> None:
    customer, product = goods
    Order = env["sale.order"]  # the class: one fields_get, outside the counts
    assert env.version >= (17, 0)  # a Form checks it: asked once per connection over XML-RPC / JSON-RPC
    with env.count_calls() as calls:
        form = Form(Order)
    assert calls.keys == ["sale.order.get_views", "sale.order.onchange"]
    assert form.state == "draft" and form.name == "New" and not form.partner_id
    with env.count_calls() as calls:
        form.partner_id = customer
        form.note = "<p>odoorm form</p>"  # no on_change on it: no call
    assert calls.keys == ["sale.order.onchange"]
    with env.count_calls() as calls, form.order_line.new() as line:
        line.product_id = product
        line.product_uom_qty = 3
    assert calls.keys == ["sale.order.line.onchange"] * 3 + ["sale.order.onchange"]
    shown = form.order_line[0]
    assert shown["price_unit"] == product.lst_price and shown["price_subtotal"] == 3 * product.lst_price
    with env.count_calls() as calls:
        form.commitment_date = "2020-01-01 08:00:00"  # sooner than the expected date: the server warns
    assert calls.keys == ["sale.order.onchange"]
    assert [warning["title"] for warning in form.warnings] == ["Requested date is too soon."]
    before = {name: form[name].id for name in ("partner_invoice_id", "payment_term_id", "user_id")}
    with env.count_calls() as calls:
        order = form.save()
    assert calls.keys == ["sale.order.web_save"] and no_api_doc(calls.keys)
    try:
        # what the onchanges showed is what the server keeps
        [saved] = env.execute_kw("sale.order", "read", [order.ids, list(before)])
        assert {name: value and value[0] for name, value in saved.items() if name != "id"} == before
        [row] = env.execute_kw(
            "sale.order.line", "read", [form.order_line.ids, ["price_unit", "name", "product_uom_qty"]]
        )
        assert (row["price_unit"], row["name"], row["product_uom_qty"]) == (shown["price_unit"], shown["name"], 3)
        assert form.name == order.name != "New"  # the form shows the saved values: no re-read
        with env.count_calls() as calls:
            assert form.save() == order  # nothing changed: nothing sent
        assert calls.total == 0
    finally:
        order.unlink()


def test_views_are_metadata_kept_on_disk(testbed: Any, cassette: Any, tmp_path: Path) -> None:
    """A form view is read once per process, and not at all by a process that finds it on disk."""
    for _process in range(2):
        forget_connections()  # a new process: nothing in memory
        with testbed.connect("jsonrpc", metadata_cache=tmp_path) as env:
            env.version  # noqa: B018 - kept on disk too
            with env.count_calls() as calls:
                Form(env["res.partner"])
                Form(env["res.partner"])
            # the partner form shows bank accounts without an inline list: their list and form, one call
            banks = ["res.partner.bank.get_views"]
            first = ["res.partner.fields_get", "res.partner.get_views", *banks, *["res.partner.onchange"] * 2]
            assert calls.keys == (first if _process == 0 else ["res.partner.onchange"] * 2)


def test_modifiers_of_real_views(env: odoorm.Environment, order: Model) -> None:
    form = Form(env["sale.order"])
    with env.count_calls() as calls:
        with pytest.raises(odoorm.FieldNotEditableError) as invisible:
            form.date_order = "2026-01-01 00:00:00"
        with pytest.raises(odoorm.RequiredFieldsError) as required:
            form.save()
        with pytest.raises(odoorm.UnknownFieldError, match="no field 'partner'; did you mean 'partner_id'"):
            form.partner = 1
    assert calls.total == 0  # refused before anything is sent
    assert (invisible.value.field, invisible.value.modifier) == ("date_order", "invisible")
    assert invisible.value.condition == "state in ['draft', 'sent']"
    assert required.value.fields == ("partner_id",)
    line = form.order_line.new()
    with pytest.raises(odoorm.RequiredFieldsError) as line_required:
        line.save()
    assert "product_id" in line_required.value.fields and len(form.order_line) == 0
    order.action_confirm()
    confirmed = Form(order)
    with pytest.raises(odoorm.FieldNotEditableError) as readonly:
        confirmed.partner_id = order.partner_id
    assert readonly.value.modifier == "readonly" and readonly.value.condition == "state in ['cancel', 'sale']"
    visible = {button.name for button in confirmed.buttons if button.visible}
    assert "action_confirm" not in visible and "action_cancel" in visible


def test_editing_lines_of_a_saved_order(env: odoorm.Environment, order: Model) -> None:
    first, second = order.order_line.ids
    assert env.version >= (17, 0)
    with env.count_calls() as calls:
        form = Form(order)
    assert calls.keys == ["sale.order.get_views", "sale.order.web_read"]
    assert form.order_line.ids == [first, second]
    with env.count_calls() as calls:
        with form.order_line.edit(0) as line:
            line.product_uom_qty = 5
        form.order_line.remove(1)
    assert calls.keys == ["sale.order.line.onchange", "sale.order.onchange", "sale.order.onchange"]
    with env.count_calls() as calls:
        form.save()
    assert calls.keys == ["sale.order.web_save"]
    assert order.order_line.ids == [first] and order.order_line.product_uom_qty == 5


def test_the_default_form_is_also_known_by_its_id(env: odoorm.Environment, order: Model) -> None:
    view_id = env.ref("sale.view_order_form").id  # sale.order's default form
    assert env.version >= (17, 0)  # known before counting
    with env.count_calls() as calls:
        Form(order)
    assert calls.keys == ["sale.order.get_views", "sale.order.web_read"]
    with env.count_calls() as calls:
        by_id = Form(order, view=view_id)  # the same view: no second get_views
    assert calls.keys == ["sale.order.web_read"] and by_id.partner_id == order.partner_id


def test_buttons_actions_and_wizards(env: odoorm.Environment, order: Model) -> None:
    form = Form(order)
    with env.count_calls() as calls, pytest.raises(odoorm.UnknownButtonError, match="visible now: .*Confirm"):
        form.press("Validate")
    assert calls.total == 0
    with env.count_calls() as calls:
        assert form.press("Confirm") is True
    assert calls.keys == ["sale.order.action_confirm"] and order.state == "sale"
    with env.count_calls() as calls:
        action = order.action_view_delivery()
    assert calls.keys == ["sale.order.action_view_delivery"] and no_api_doc(calls.keys)
    assert isinstance(action, Action) and action.is_window and not action.is_wizard
    assert action.records == order.picking_ids and action.context["active_id"] == order.id
    with env.count_calls() as calls:
        action = Form(order).press("Create Invoice")  # nothing delivered yet: the "percentage" button
    assert calls.keys == ["sale.order.web_read", "ir.actions.act_window.read"]
    assert action.is_wizard and action.context["default_advance_payment_method"] == "percentage"
    wizard = Form.from_action(env, action)
    assert wizard.advance_payment_method == "percentage"
    with pytest.raises(odoorm.UserError, match="down payment"):
        wizard.press("create_invoices")  # the server refuses a down payment of 0: the wizard stays open
    closing = wizard.press("Cancel")
    assert closing.is_close and isinstance(closing, Action)
    with pytest.raises(odoorm.FormError, match="closed"):
        wizard.amount = 10


def test_errors_of_forms_and_actions(env: odoorm.Environment, goods: tuple[Model, Model]) -> None:
    customer, product = goods
    with pytest.raises(odoorm.UnknownModelError, match="no model 'sale.advance.payment.invv'"):
        Form.from_action(env, {"type": "ir.actions.act_window", "res_model": "sale.advance.payment.invv"})
    with pytest.raises(odoorm.FormError, match="window action"):
        Form.from_action(env, {"type": "ir.actions.act_window_close"})
    form = Form(env["sale.order"])
    with pytest.raises(odoorm.UserError, match="does not exist"):  # MissingError, but XML-RPC cannot tell
        form.partner_id = 999999  # the server refuses the onchange
    assert not form.partner_id  # and the field keeps its value
    form.partner_id = customer
    line = form.order_line.new()
    line.product_id = product
    line.save()
    with pytest.raises(odoorm.FormError, match="saved"):
        line.save()  # it would add the line twice
    assert len(form.order_line) == 1


@pytest.mark.odoo(only=19, reason="JSON-2 exists since Odoo 19")
def test_json2_forms_need_no_api_doc_group(testbed: Any, cassette: Any) -> None:
    """The demo user (a salesman, without the API-doc group): every call of a Form is named by odoorm."""
    with testbed.connect_demo_user("json2") as demo:
        customer = demo["res.partner"].search([("name", "=", "Azure Interior")], limit=1)
        product = demo["product.product"].search([("default_code", "=", "E-COM11")], limit=1)
        Order = demo["sale.order"]
        with demo.count_calls() as calls:
            form = Form(Order)
            form.partner_id = customer
            with form.order_line.new() as line:
                line.product_id = product
            order_id = form.save().id
            assert form.press("Confirm") is True
        assert no_api_doc(calls.keys) and calls.keys[-2:] == ["sale.order.web_save", "sale.order.action_confirm"]
    with testbed.connect("json2") as admin:  # a salesman may not delete orders
        order = admin["sale.order"].browse(order_id)
        order.with_context(disable_cancel_warning=True).action_cancel()
        order.unlink()


@pytest.mark.odoo(since=19, reason="the quotation form has a Print button since Odoo 19")
def test_a_report_button_answers_a_report_action(testbed: Any, cassette: Any) -> None:
    """The quotation's "Print" button names its report action by xmlid; the action downloads through env.report."""
    with testbed.connect("jsonrpc") as env:
        order = env["sale.order"].search([("state", "=", "draft")], limit=1, order="id")
        form = Form(order)
        with env.count_calls() as calls:
            action = form.press("Print")
        assert calls.keys == ["ir.model.data.search_read", "ir.actions.report.read"]
        assert isinstance(action, Action) and action.is_report and not action.is_window
        assert action["report_name"] == "sale.report_saleorder" and action.records == order
        pdf = action.download()
        assert pdf.startswith(b"%PDF-")
        with pytest.raises(odoorm.FormError, match="only a report action downloads"):
            Action({"type": "ir.actions.act_window_close"}, env).download()
