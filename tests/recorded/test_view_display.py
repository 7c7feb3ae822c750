"""Records shown as the web client shows them (issue 18, item 6): ``records.show()`` renders the
server's own list and form views, read from one cached ``get_views`` call."""

from __future__ import annotations

import re
from collections.abc import Iterator

import pytest

import odoorm
from odoorm.orm.model import Model
from odoorm.orm.view_display import view_layout


def cells(page: str, tag: str = "td") -> list[str]:
    return re.findall(rf"<{tag}>(.*?)</{tag}>", page)


@pytest.fixture
def tagged(env: odoorm.Environment) -> Iterator[Model]:
    """A company with two tags (a many2many) and a selection set."""
    tags = env["res.partner.category"].search([], limit=2, order="id")
    partner = env["res.partner"].create(
        {"name": "View display Ltd", "is_company": True, "email": "view@example.com", "category_id": tags.ids}
    )
    yield partner
    partner.unlink()


def test_a_list_has_the_list_views_columns_and_labels(env: odoorm.Environment) -> None:
    orders = env["sale.order"].search([], limit=3, order="id")
    assert env.version >= (16, 0)  # known before counting (asked once)
    with env.count_calls() as calls:
        page = orders.show()._repr_html_()
    assert calls["sale.order.get_views"] == 1 and calls.total == 2  # the views once, then one read
    headers = cells(page, "th")
    assert headers[:3] == ["Number", "Order Date", "Customer"] and "Total" in headers
    labels = dict(type(orders)._fields["invoice_status"].spec.selection or ())
    status = orders[0].invoice_status
    assert "Invoice Status" in headers and labels[status] in cells(page)  # a selection's label
    assert status not in cells(page) and orders[0].partner_id.display_name in cells(page)  # not its key; a name
    with env.count_calls() as calls:
        orders.show()._repr_html_()
    assert calls.total == 1  # the layout is kept


def test_technical_fields_are_left_out_and_a_one_row_search_is_a_table(env: odoorm.Environment) -> None:
    one = env["res.partner"].search([("is_company", "=", True)], limit=1, order="id")
    page = one.show()._repr_html_()
    headers = cells(page, "th")
    assert page.startswith("<p><b>res.partner</b>: 1 record</p><table><thead>")
    assert headers[0] == "Name" and {"Email", "Phone", "Country"} <= set(headers)  # (Phone before Email before 19)
    assert "Normalized Email" not in headers and "Avatar 128" not in headers  # not in the list view; an image
    columns = dict(view_layout(one).columns)
    assert "email_normalized" not in columns and "vat" not in columns  # optional="hide"


@pytest.mark.odoo(since=17, reason="relations shown by name come from web_read's specification (Odoo 16 reads ids)")
def test_a_form_shows_the_forms_fields_with_names(env: odoorm.Environment, tagged: Model) -> None:
    assert env.version >= (17, 0)
    with env.count_calls() as calls:
        page = tagged.show("form")._repr_html_()
    assert calls.total == 2 and calls["res.partner.get_views"] == 1
    rows = dict(re.findall(r"<tr><th>(.*?)</th><td>(.*?)</td></tr>", page))
    tags = sorted(env["res.partner.category"].search([], limit=2, order="id").mapped("display_name"))
    assert rows["Email"] == "view@example.com" and rows["Company Type"] == "Company"
    assert sorted(rows["Tags"].split(", ")) == tags  # a many2many as names
    assert "Normalized Email" not in rows
    with pytest.raises(odoorm.RecordError):
        (tagged | env["res.partner"].browse(1)).show("form")
    with pytest.raises(ValueError, match="view='list' or view='form'"):
        tagged.show("kanban")
