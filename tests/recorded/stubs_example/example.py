"""Typed use of odoorm through generated stubs: ``odoorm stubs res.partner res.country res.partner.category``.

``tests/recorded/test_stubs.py`` checks this file with mypy (it must pass) and runs it against the
recorded server (at run time the stub package's names are plain aliases).
"""

from __future__ import annotations

import datetime

from odoorm_models import ResCountry, ResPartner, ResPartnerCategory, typed

import odoorm


def companies(env: odoorm.Environment) -> ResPartner:
    """The first companies by name: ``typed(env)["res.partner"]`` is a ``ResPartner``."""
    partners = typed(env)["res.partner"]
    return partners.search([("is_company", "=", True)], limit=3, order="name")


def describe(partner: ResPartner) -> str:
    """One line about a partner, reading typed fields."""
    name: str = partner.name or "?"
    country: ResCountry = partner.country_id
    tags: ResPartnerCategory = partner.category_id
    created: datetime.datetime | None = partner.create_date
    kind = "company" if partner.is_company else "person"
    year = created.year if created else 0
    return f"{name} ({kind}, {country.name or '-'}, {len(tags)} tags, since {year})"


def summary(env: odoorm.Environment) -> list[str]:
    """Typed recordset methods keep the class: filtered, sorted, iteration, indexing, with_context."""
    found = companies(env).with_context(lang="en_US")
    with_country = found.filtered(lambda partner: bool(partner.country_id))
    ordered: ResPartner = with_country.sorted(key=lambda partner: partner.name or "")
    first: ResPartner = ordered[0]
    lines = [describe(partner) for partner in ordered]
    code: str | None = first.country_id.code
    lines.append(f"first: {first.name} in {code}")
    return lines
