"""With the model's methods declared (``odoorm stubs --methods``), a name that is neither a field nor a
method is a type error by itself; the server methods the api_doc lists still check.

``tests/recorded/test_stubs_typos.py`` runs mypy on this file and compares the ``# expect:`` comments.
"""

from __future__ import annotations

from odoorm_models import ResPartner


def names(partner: ResPartner) -> None:
    """Only the marked statement is a type error."""
    partner.nmae  # expect: attr-defined
    partner.address_get(["contact"])
    partner.action_archive()
    partner.search([("is_company", "=", True)]).mapped("name")
