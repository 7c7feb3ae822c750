"""A short guided tour of odoorm: ``odoorm demo``.

Without ``--url`` the tour runs against the recorded traffic of a real
Odoo 19 server shipped in this package (``tour.json``), so it works with no
server at hand; with ``--url`` it runs the same steps live. The write step
works on a partner the tour creates and deletes again.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import requests

from ..client.connect import connect
from ..orm.environment import Environment
from ..testing.replay import ReplayAdapter
from ..testing.scrub import PASSWORD_PLACEHOLDER

__all__ = ["RECORDING", "run_tour", "recorded_environment"]

#: The recorded traffic of the tour against Odoo 19 with demo data.
RECORDING = Path(__file__).with_name("tour.json")
RECORDED_URL, RECORDED_DB, RECORDED_LOGIN = "http://127.0.0.1:8069", "odoo19", "admin"

Say = Callable[[str], Any]


def recorded_environment() -> Environment:
    """An environment whose HTTP traffic is answered from :data:`RECORDING`."""
    session = requests.Session()
    session.mount("http://", ReplayAdapter(RECORDING))
    return connect(
        RECORDED_URL, RECORDED_DB, RECORDED_LOGIN, PASSWORD_PLACEHOLDER, protocol="jsonrpc", http_session=session
    )


def run_tour(env: Environment, say: Say = print) -> None:
    """Walk through connect, search, read, a relational hop, and a write read back."""
    _step(
        say, "1. Connected", f"Odoo {env.version} at {env.url}, database {env.db!r}, uid {env.uid}, over {env.protocol}"
    )
    companies = _search(env, say)
    _read(say, companies)
    _hop(env, say, companies)
    _write(env, say)
    say(
        "\nThat was the whole tour. Read more: `python -m odoorm docs` prints the API reference from this "
        "installation; the guides are the docs/ folder of odoorm's source."
    )


def _step(say: Say, title: str, text: str) -> None:
    say(f"\n{title}\n   {text}")


def _search(env: Environment, say: Say) -> Any:
    partners = env["res.partner"]
    companies = partners.search([("is_company", "=", True)], limit=5, order="name")
    count = partners.search_count([("is_company", "=", True)])
    _step(
        say,
        "2. Search",
        f"env['res.partner'].search([('is_company', '=', True)], limit=5, order='name')\n"
        f"   -> {companies!r} (of {count} companies)",
    )
    return companies


def _read(say: Say, companies: Any) -> None:
    first = companies[0]
    _step(say, "3. Read", f"first = companies[0]; first.name, first.email\n   -> {first.name!r}, {first.email!r}")


def _hop(env: Environment, say: Say, companies: Any) -> None:
    env["res.country"], env["res.currency"]  # load their metadata first: the count below is data only
    with env.count_calls() as calls:
        rows = [f"{c.name}: {c.country_id.name or '-'} ({c.country_id.currency_id.name or '-'})" for c in companies]
    listing = "\n   ".join(rows)
    _step(
        say,
        "4. Relational hops",
        f"[c.country_id.currency_id.name for c in companies]\n   {listing}\n"
        f"   ({calls.total} reads for {len(companies)} companies: one per model, not one per record)",
    )


def _write(env: Environment, say: Say) -> None:
    scratch = env["res.partner"].create({"name": "odoorm demo partner"})
    try:
        scratch.phone = "+32 2 555 01 23"
        phone = scratch.phone
    finally:
        scratch.unlink()
    _step(
        say,
        "5. Write and read back",
        f"scratch = env['res.partner'].create({{'name': 'odoorm demo partner'}})\n"
        f"   scratch.phone = '+32 2 555 01 23'  ->  read back {phone!r}; then scratch.unlink()",
    )
