"""Lines mypy must refuse with the generated stubs; each ends with the error code expected.

``tests/recorded/test_stubs.py`` runs mypy on this file and compares the reported lines and codes with
the ``# expect:`` comments: a stub that types too loosely (``Any``) makes the test fail.
"""

from __future__ import annotations

from odoorm_models import ResCountry, ResPartner, typed

import odoorm


def mistakes(env: odoorm.Environment, partner: ResPartner) -> None:
    """Every statement below is a type error."""
    count: int = partner.name  # expect: assignment
    country: ResPartner = partner.country_id  # expect: assignment
    partner.is_company = "yes"  # expect: assignment
    misspelt: str = partner.nmae  # expect: assignment
    countries: ResCountry = typed(env)["res.partner"].search([])  # expect: assignment
    for record in typed(env)["res.country"].browse([1, 2]):
        same: ResPartner = record  # expect: assignment
    partner.search(domain=42)  # expect: arg-type
    del count, country, misspelt, countries, same
