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

from ..connection import connect
from ..env import Environment
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
    _step(say, "1. Connected", f"Odoo {env.version} at {env.url}, database {env.db!r}, uid {env.uid}, "
          f"over {env.protocol}")  # fmt: skip
    company_ids = _search(env, say)
    partner = _read(env, say, company_ids[0])
    _hop(env, say, partner)
    _write(env, say)
    say("\nThat was the whole tour. Read more in docs/ and the README.")


def _step(say: Say, title: str, text: str) -> None:
    say(f"\n{title}\n   {text}")


def _search(env: Environment, say: Say) -> list[int]:
    domain = [("is_company", "=", True)]
    count = env.execute_kw("res.partner", "search_count", [domain])
    ids = env.execute_kw("res.partner", "search", [domain], {"limit": 3, "order": "name"})
    _step(say, "2. Search", f"env.execute_kw('res.partner', 'search', [[('is_company', '=', True)]], "
          f"{{'limit': 3, 'order': 'name'}})\n   {count} companies; the first three by name: {ids}")  # fmt: skip
    return list(ids)


def _read(env: Environment, say: Say, partner_id: int) -> dict[str, Any]:
    (row,) = env.execute_kw("res.partner", "read", [[partner_id], ["name", "email", "country_id"]])
    _step(say, "3. Read", f"env.execute_kw('res.partner', 'read', [[{partner_id}], ['name', 'email', "
          f"'country_id']])\n   {row}")  # fmt: skip
    return dict(row)


def _hop(env: Environment, say: Say, partner: dict[str, Any]) -> None:
    if not partner["country_id"]:
        _step(say, "4. Relational hop", f"{partner['name']} has no country")
        return
    country_id, _ = partner["country_id"]
    (country,) = env.execute_kw("res.country", "read", [[country_id], ["name", "code", "currency_id"]])
    _step(say, "4. Relational hop", f"{partner['name']} -> country_id -> {country['name']} "
          f"({country['code']}), currency {country['currency_id'][1]}")  # fmt: skip


def _write(env: Environment, say: Say) -> None:
    new_id = env.execute_kw("res.partner", "create", [{"name": "odoorm demo partner"}])
    try:
        env.execute_kw("res.partner", "write", [[new_id], {"phone": "+32 2 555 01 23"}])
        (row,) = env.execute_kw("res.partner", "read", [[new_id], ["name", "phone"]])
    finally:
        env.execute_kw("res.partner", "unlink", [[new_id]])
    _step(say, "5. Write and read back", f"created partner {new_id}, wrote its phone, read back "
          f"{row['phone']!r}; then deleted it again")  # fmt: skip
