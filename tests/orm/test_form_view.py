"""Parsing a form view (get_views answer) into what a Form needs, and the form's value bookkeeping."""

from __future__ import annotations

import itertools
from collections.abc import Mapping
from typing import Any

import pytest

from odoorm.errors import ProtocolError
from odoorm.meta.formview import build_form_view
from odoorm.orm.form import state
from odoorm.orm.form.values import Lines, Links, Values, apply_answer, from_read

ARCH = """
<form>
  <header>
    <button name="action_confirm" type="object" string="Confirm" invisible="state != 'draft'"
            context="{'validate_analytic': True}"/>
    <button name="42" type="action" string="Create Invoice" id="create_invoice"/>
    <field name="state" on_change="1"/>
  </header>
  <sheet>
    <div name="button_box">
      <button name="action_view_delivery" type="object" invisible="delivery_count == 0">
        <field name="delivery_count" string="Delivery"/>
      </button>
    </div>
    <group invisible="state == 'cancel'">
      <field name="partner_id" readonly="state in ['cancel', 'sale']" on_change="1"
             context="{'show_vat': True, 'partner': parent_id}"/>
      <field name="note" invisible="not partner_id"/>
    </group>
    <field name="note" invisible="1"/>
    <field name="name" readonly="1" force_save="1"/>
    <field name="order_line" on_change="1" mode="list,kanban">
      <form><field name="product_id"/><field name="description"/></form>
      <list editable="bottom">
        <field name="product_id" required="not display_type" on_change="1"/>
        <field name="qty_delivered" column_invisible="parent.state != 'sale'"/>
        <field name="display_type" column_invisible="1"/>
        <field name="order_id" column_invisible="1"/>
      </list>
    </field>
    <field name="picking_ids" mode="list">
      <list><field name="name"/></list>
    </field>
    <field name="tag_ids" widget="many2many_tags"/>
    <div class="oe_chatter"><field name="message_ids"/></div>
  </sheet>
  <footer><button string="Discard" special="cancel"/></footer>
</form>
"""

MODELS: dict[str, Any] = {
    "sale.order": {
        "fields": {
            "state": {"type": "selection"},
            "delivery_count": {"type": "integer"},
            "partner_id": {"type": "many2one", "relation": "res.partner", "required": True},
            "note": {"type": "text"},
            "name": {"type": "char", "readonly": True},
            "order_line": {"type": "one2many", "relation": "sale.order.line", "relation_field": "order_id"},
            "picking_ids": {"type": "one2many", "relation": "stock.picking"},
            "tag_ids": {"type": "many2many", "relation": "crm.tag"},
            "message_ids": {"type": "one2many", "relation": "mail.message"},
        }
    },
    "sale.order.line": {
        "fields": {
            "product_id": {"type": "many2one", "relation": "product.product"},
            "qty_delivered": {"type": "float"},
            "display_type": {"type": "selection"},
            "order_id": {"type": "many2one", "relation": "sale.order", "readonly": True},
            "description": {"type": "text"},
        }
    },
}


class Fetches:
    """Records the sub-views asked of the server (none should be, when inline views suffice)."""

    def __init__(self) -> None:
        self.asked: list[tuple[str, str, dict[str, Any]]] = []

    def __call__(self, model: str, kind: str, context: Mapping[str, Any]) -> Mapping[str, Any]:
        self.asked.append((model, kind, dict(context)))
        arch = f"<{kind}><field name='name'/><field name='partner_id'/></{kind}>"
        fields = {"name": {"type": "char"}, "partner_id": {"type": "many2one", "relation": "res.partner"}}
        return {"views": {kind: {"arch": arch}}, "models": {model: {"fields": fields}}}


def view(arch: str = ARCH, models: Mapping[str, Any] = MODELS, fetch: Fetches | None = None) -> Any:
    answer = {"views": {"form": {"arch": arch, "id": 7}}, "models": models}
    return build_form_view(answer, "sale.order", fetch or Fetches(), {"lang": "en_US"})


def test_fields_modifiers_and_the_specification() -> None:
    fetch = Fetches()
    form = view(fetch=fetch)
    assert form.view_id == 7 and "message_ids" not in form.fields  # the chatter is not the form's
    assert form.modifier("partner_id", "readonly") == "state in ['cancel', 'sale']"
    assert form.modifier("partner_id", "invisible") == "state == 'cancel'"  # its group's, or-ed
    assert form.modifier("partner_id", "required") == "True"  # the field's own default
    assert form.modifier("name", "readonly") == "True" and "name" in form.force_save
    # twice in the view: invisible only where both occurrences are
    assert form.modifier("note", "invisible") == "(state == 'cancel') or (not partner_id)"
    assert form.on_change == {"state", "partner_id", "order_line"}
    assert form.contexts["partner_id"].startswith("{'show_vat'")
    assert form.spec["partner_id"] == {"context": {"show_vat": True}}  # literal pairs only
    assert form.spec["order_line"]["fields"].keys() == {"product_id", "qty_delivered", "display_type", "order_id"}
    assert fetch.asked == [("stock.picking", "form", {"lang": "en_US"})]  # its list is not editable


def test_lines_are_edited_in_the_editable_list() -> None:
    lines = view().subviews["order_line"]
    assert lines.model == "sale.order.line" and "description" not in lines.fields  # the list, not the form
    assert lines.modifier("qty_delivered", "column_invisible") == "parent.state != 'sale'"
    assert lines.modifier("product_id", "required") == "not display_type"
    assert lines.on_change == {"product_id"}


def test_buttons_with_labels_and_visibility() -> None:
    buttons = {button.name or button.special: button for button in view().buttons}
    assert buttons["action_confirm"].invisible == "state != 'draft'" and buttons["action_confirm"].type == "object"
    assert buttons["action_view_delivery"].label == "Delivery"  # a stat button: its field's label
    assert buttons["42"].type == "action" and buttons["42"].id == "create_invoice"
    assert buttons["cancel"].label == "Discard" and buttons["cancel"].special == "cancel"


def test_odoo_17_answers_flat_models_and_tree_lists() -> None:
    flat = {name: info["fields"] for name, info in MODELS.items()}
    form = view(ARCH.replace("<list", "<tree").replace("</list>", "</tree>"), flat)
    assert form.fields["partner_id"]["relation"] == "res.partner"
    assert "qty_delivered" in form.subviews["order_line"].fields


def test_a_garbled_answer_is_a_protocol_error() -> None:
    with pytest.raises(ProtocolError):
        build_form_view({"views": {}}, "sale.order", Fetches(), {})


def test_commands_and_onchange_answers_over_values() -> None:
    form = view()
    numbers = itertools.count(1)
    values = from_read(
        {"id": 9, "state": "draft", "partner_id": 3, "order_line": [{"id": 51, "product_id": 27}], "tag_ids": [4]},
        form,
    )
    assert isinstance(values["order_line"], Lines) and isinstance(values["tag_ids"], Links)
    apply_answer(values, form, {"order_line": [[0, 0, {"product_id": 28}], [1, 51, {"qty_delivered": 2.0}]]}, numbers)
    values["tag_ids"].remove(4)
    values["tag_ids"].add(5, Values(id=5))
    values.changed.add("tag_ids")
    base = {"context": {}, "uid": 2}
    sent = state.payload(values, form, base, saving=False)
    assert sent["order_line"][1] == [
        0,
        "virtual_1",
        {"product_id": 28, "qty_delivered": 0, "display_type": False, "order_id": False},
    ]
    assert sent["order_line"][0] == [1, 51, {"qty_delivered": 2.0}]  # lines in order, each as changed
    assert sent["tag_ids"] == [[4, 5], [3, 4]]
    saved = state.payload(values, form, base, saving=True)
    assert "order_id" not in saved["order_line"][1][2]  # read-only in the line: not saved
    values["order_line"].remove(51)
    assert state.payload(values, form, base, saving=True)["order_line"][-1] == [2, 51]
    assert state.names_of(values, base)["order_line"] == ["virtual_1"]
    assert state.names_of(values, base, virtual=False)["order_line"] == []


def test_required_fields_are_all_listed() -> None:
    form = view()
    values = from_read({"id": False, "state": "draft", "partner_id": False, "order_line": []}, form)
    apply_answer(values, form, {"order_line": [[0, 0, {"display_type": False}]]}, itertools.count(1))
    base = {"context": {}, "uid": 2}
    assert state.missing_required(values, form, base) == ["partner_id", "order_line[0].product_id"]
    values["state"] = "cancel"  # the partner's group is invisible then: not required
    assert state.missing_required(values, form, base) == ["order_line[0].product_id"]


# ------------------------------------------------------------------ Odoo 16


@pytest.mark.parametrize(
    ("domain", "expression", "true_for"),
    [
        (True, "True", {}),
        ([["state", "not in", ["draft"]]], "state not in ['draft']", {"state": "sale"}),
        (
            ["|", ["state", "=", "cancel"], ["parent.locked", "=", True]],
            "(state == 'cancel') or (parent.locked == True)",
            {"state": "draft", "parent": {"locked": True}},
        ),
        ([["qty", ">", 0], ["id", "!=", False]], "(qty > 0) and (id != False)", {"qty": 1, "id": 3}),
        (["!", ["tag_ids", "=", []]], "not (tag_ids == [])", {"tag_ids": [4]}),
        ([["tag_ids", "in", 4]], "4 in tag_ids", {"tag_ids": [4]}),  # a value not a list: looked up in the field
    ],
)
def test_odoo_16_modifiers_become_expressions(domain: Any, expression: str, true_for: dict[str, Any]) -> None:
    from odoorm.meta.legacy_modifiers import domain_expression
    from odoorm.meta.pyexpr import evaluate_bool

    assert domain_expression(domain) == expression
    assert evaluate_bool(expression, true_for) is True


def test_an_odoo_16_view_reads_its_modifiers_attributes() -> None:
    arch = """<form><field name="partner_id" on_change="1"
        modifiers='{"readonly": [["state", "in", ["sale", "cancel"]]], "required": true}'/>
      <field name="state" modifiers='{"readonly": true}'/>
      <button name="action_confirm" type="object" string="Confirm"
              modifiers='{"invisible": [["state", "!=", "draft"]]}'/>
    </form>"""
    flat = {name: info["fields"] for name, info in MODELS.items()}
    form = view(arch, flat)
    assert form.modifier("partner_id", "readonly") == "state in ['sale', 'cancel']"
    assert form.modifier("partner_id", "required") == "True" and form.modifier("partner_id", "invisible") == "False"
    assert form.modifier("state", "readonly") == "True"
    assert form.buttons[0].invisible == "state != 'draft'"


def test_a_form_needs_odoo_16() -> None:
    from odoorm.errors import FormError
    from odoorm.meta.versions import ServerVersion
    from odoorm.orm.form.views import check_form_version

    class Old:
        version = ServerVersion.from_answer({"server_version": "15.0", "server_version_info": [15, 0, 0, "final", 0]})

        def _at_least(self, release: tuple[int, int]) -> bool:
            return self.version >= release

    with pytest.raises(FormError, match=r"needs Odoo 16\+ \(get_views\); this server runs Odoo 15.0"):
        check_form_version(Old())  # type: ignore[arg-type]
