"""Read 1000 companies with name, email, country name and tag names: odoorm next to raw JSON-RPC.

Needs the benchmark data (``bench/seed.py``) and the usual ``ODOO_*`` variables
(``ODOO_API_KEY`` too, for the JSON-2 rows). Prints a markdown table.
"""

from __future__ import annotations

import os

from harness import Measure, RawJsonRpc, measure

import odoorm

DOMAIN = [("ref", "=like", "odoorm-bench-%")]
LIMIT = 1000


class RawReader(RawJsonRpc):
    """Hand-written, optimal JSON-RPC over requests: the reference."""

    def read_companies(self) -> int:
        before = self.session.requests
        rows = self.execute(
            "res.partner",
            "search_read",
            DOMAIN,
            fields=["name", "email", "country_id", "category_id"],
            limit=LIMIT,
            order="id",
        )
        tag_ids = sorted({t for row in rows for t in row["category_id"]})
        tags = {t["id"]: t["name"] for t in self.execute("res.partner.category", "read", tag_ids, ["name"])}
        result = [
            (r["name"], r["email"], r["country_id"] and r["country_id"][1], [tags[t] for t in r["category_id"]])
            for r in rows
        ]
        assert len(result) == LIMIT
        return self.session.requests - before


def odoorm_loop(env: odoorm.Environment) -> int:
    """The natural loop: search, then read attributes."""
    with env.count_calls() as calls:
        env.invalidate()
        partners = env["res.partner"].search(DOMAIN, limit=LIMIT, order="id")
        result = [(p.name, p.email, p.country_id.name, p.category_id.mapped("name")) for p in partners]
        assert len(result) == LIMIT
    return calls.total


def odoorm_fetch(env: odoorm.Environment) -> int:
    """The same, asking for the fields up front: one call on Odoo 17+."""
    with env.count_calls() as calls:
        env.invalidate()
        fields = ["name", "email", "country_id.name", "category_id.name"]
        partners = env["res.partner"].search(DOMAIN, limit=LIMIT, order="id", fetch=fields)
        result = [(p.name, p.email, p.country_id.name, p.category_id.mapped("name")) for p in partners]
        assert len(result) == LIMIT
    return calls.total


def main() -> list[Measure]:
    url, db, login = os.environ["ODOO_URL"], os.environ["ODOO_DB"], os.environ["ODOO_USERNAME"]
    password = os.environ["ODOO_PASSWORD"]
    raw = RawReader(url, db, login, password)
    results = [measure("raw JSON-RPC (optimal)", "read 1000", raw.read_companies)]
    for protocol in ("xmlrpc", "jsonrpc", "json2"):
        secret = {"api_key": os.environ["ODOO_API_KEY"]} if protocol == "json2" else {"password": password}
        env = odoorm.connect(url, db, login, protocol=protocol, **secret)
        for name in ("res.partner", "res.country", "res.partner.category"):
            env[name]  # metadata is warm: the cold start is its own workload
        results.append(measure(f"odoorm {protocol}, loop", "read 1000", lambda e=env: odoorm_loop(e)))
        results.append(measure(f"odoorm {protocol}, fetch", "read 1000", lambda e=env: odoorm_fetch(e)))
    return results


if __name__ == "__main__":
    print("| workload | client | round trips | median s | peak MiB |\n|---|---|---|---|---|")
    for row in main():
        print(row.row())
