"""odoorm.Form on the models people fill in most besides orders — a company with a contact and tags,
a product — on Odoo 19, 18, 17 and 16: what the form saved is what the server then reads.

Two defects these guard: on Odoo 18+ a model with a field named ``type`` (res.partner,
product.template) lost its fields' descriptions (so lines and tags could not be edited and a
many2one was sent as a list); on Odoo 16 the partner form's contacts field has the context
``{'default_parent_id': active_id}``, which needs the names the web client gives (``active_id``…).
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest

import odoorm
from odoorm import Form
from odoorm.orm.model import Model

PREFIX = "odoorm form records:"


@pytest.fixture
def tag(env: odoorm.Environment) -> Iterator[Model]:
    """A tag of our own, and the cleanup of whatever partners and products the tests made."""
    created = env["res.partner.category"].create({"name": f"{PREFIX} tag"})
    yield created
    env.discard()
    partners = env["res.partner"].with_context(active_test=False).search([("name", "=like", f"{PREFIX}%")])
    partners.sorted("id", reverse=True).unlink()  # the contacts before their company
    env["product.template"].with_context(active_test=False).search([("name", "=like", f"{PREFIX}%")]).unlink()
    created.unlink()


def test_a_company_with_a_contact_and_a_tag(env: odoorm.Environment, tag: Model) -> None:
    belgium = env["res.country"].search([("code", "=", "BE")])
    form = Form(env["res.partner"])
    assert form._view.fields["country_id"]["type"] == "many2one"  # the view's descriptions are known
    form.name = f"{PREFIX} company"
    form.company_type = "company"
    form.country_id = belgium
    form.category_id.add(tag)
    with form.child_ids.new() as contact:  # Odoo 16: its context names active_id
        contact.name = f"{PREFIX} contact"
    company = form.save()
    raw = env.execute_kw("res.partner", "read", [company.ids, ["is_company", "country_id", "category_id", "child_ids"]])
    assert raw[0]["is_company"] is True and raw[0]["country_id"][0] == belgium.id
    assert raw[0]["category_id"] == tag.ids and len(raw[0]["child_ids"]) == 1
    child = env.execute_kw("res.partner", "read", [raw[0]["child_ids"], ["name", "parent_id"]])
    assert child[0]["name"] == f"{PREFIX} contact" and child[0]["parent_id"][0] == company.id


def test_a_product_through_its_form(env: odoorm.Environment, tag: Model) -> None:
    category = env["product.category"].search([], limit=1, order="id")
    form = Form(env["product.template"])
    assert form._view.fields["categ_id"]["type"] == "many2one"
    form.name = f"{PREFIX} product"
    form.categ_id = category
    form.list_price = 12.5
    product = form.save()
    raw = env.execute_kw("product.template", "read", [product.ids, ["name", "categ_id", "list_price"]])
    assert raw[0]["categ_id"][0] == category.id and raw[0]["list_price"] == 12.5
