"""Model names in ``env[...]``: with odoorm's mypy plugin, a literal name the server does not have is an
error; names of models the stubs do not generate, and names in variables, are accepted.

``tests/recorded/test_stubs_typos.py`` runs mypy on this file and compares the ``# expect:`` comments.
"""

from __future__ import annotations

from typing import Final

from odoorm_models import Environment, ResPartner, typed

import odoorm

COUNTRY: Final = "res.country"
TYPO: Final = "res.partner.categry"


class ProjectEnvironment(Environment):
    """A project's own environment class, derived from the stubs' one: checked the same."""


def names(connection: odoorm.Environment, name: str, flag: bool, own: ProjectEnvironment) -> ResPartner:
    """Only the marked statements are type errors."""
    env = typed(connection)
    env["res.partnr"]  # expect: odoo-model
    env[TYPO]  # expect: odoo-model
    env[COUNTRY if flag else TYPO]  # expect: odoo-model
    own["res.partnr"]  # expect: odoo-model
    own["res.partner"].search([])
    env[COUNTRY if flag else name]  # a str among the possible values: not checked
    env["sale.order"].search_count([])  # a server model the stubs do not generate: odoorm.Model
    env[COUNTRY].search([])
    env[name].search([])  # a variable: known at run time only
    connection["res.partnr"]  # a plain environment: not checked
    return env["res.partner"].browse(1)
