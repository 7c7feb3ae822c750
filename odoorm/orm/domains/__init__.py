"""Domains: Odoo 19's ``Domain`` on the client, the ``F`` builder, and the checks made before a search."""
