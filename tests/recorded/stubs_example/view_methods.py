"""Stubs with ``--methods`` where the server has no api_doc (before Odoo 19, or over XML-RPC and JSON-RPC):
the methods declared are Odoo's generic ones and those the views' buttons call, so a name that is neither a
field nor one of them is a type error by itself.

``tests/recorded/test_stubs_typos.py`` runs mypy on this file and compares the ``# expect:`` comments.
"""

from __future__ import annotations

from odoorm_models import ResPartner, SaleOrder


def names(order: SaleOrder, partner: ResPartner) -> None:
    """Only the marked statements are type errors."""
    order.nmae  # expect: attr-defined
    order.action_confirm()  # the form's "Confirm" button
    order.action_cancel()  # "Cancel"
    partner.action_archive()  # a generic method (the model has an `active` field)
    partner.address_get(["contact"])  # expect: attr-defined
    partner.env.execute_kw("res.partner", "address_get", [partner.ids, ["contact"]])  # such a method, by name
    partner.search([("is_company", "=", True)]).mapped("name")
