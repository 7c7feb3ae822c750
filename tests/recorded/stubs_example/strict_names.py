"""Stubs generated with ``--strict-names``: ``env[...]`` takes only the server's model names, so any type
checker flags an unknown one — and a name in a plain ``str`` variable, which must be a ``ModelName``.

``tests/recorded/test_stubs_typos.py`` runs mypy (without the plugin) on this file and compares the
``# expect:`` comments.
"""

from __future__ import annotations

from typing import cast

from odoorm_models import ModelName, typed

import odoorm


def names(connection: odoorm.Environment, name: str, model: ModelName) -> None:
    """Only the marked statements are type errors."""
    env = typed(connection)
    env["res.partnr"]  # expect: call-overload
    env[name]  # expect: call-overload
    env[model].search([])
    env[cast(ModelName, name)].search([])
    env["sale.order"].search_count([])
    env["res.partner"].browse(1).name
