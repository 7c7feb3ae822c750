"""A misspelt field used as a value, and a selection given a value it does not have: mypy refuses each.

``tests/recorded/test_stubs_typos.py`` runs mypy on this file with stubs from the recorded server's
metadata and compares the reported lines and codes with the ``# expect:`` comments.
"""

from __future__ import annotations

from odoorm_models import ResPartner


def typos(partner: ResPartner) -> None:
    """Every marked statement is a type error; the server method call at the end is not."""
    partner.nmae.upper()  # expect: attr-defined
    same = partner.nmae == "Azure Interior"  # expect: comparison-overlap
    if partner.nmae:  # expect: truthy-function
        pass
    text: str = partner.nmae  # expect: assignment
    partner.type = "customer"  # expect: assignment
    partner.type = "invoice"
    partner.action_archive()
    del same, text
