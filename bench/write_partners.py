"""Writes through odoorm next to raw JSON-RPC: one field on 300 partners, a tag on 300 partners,
100 partners with 2 child contacts each.

Needs the benchmark data (``bench/seed.py``) and the ``ODOO_*`` variables (``ODOO_API_KEY`` for
the JSON-2 rows). Prints a markdown table. Leaves the data as it found it.
"""

from __future__ import annotations

import itertools
import os
from collections.abc import Callable

from harness import Measure, RawJsonRpc, measure

import odoorm
from odoorm import Command

DOMAIN = [("ref", "=like", "odoorm-bench-%"), ("is_company", "=", True)]
TAG = "odoorm bench write tag"
NEW = "odoorm bench new"
_titles = itertools.cycle(["Buyer", "Owner"])  # each run writes a value that differs from the last


class RawWriter(RawJsonRpc):
    """The hand-written reference for each workload."""

    def write_300(self) -> int:
        before = self.session.requests
        ids = self.execute("res.partner", "search", DOMAIN, limit=300, order="id")
        self.execute("res.partner", "write", ids, {"function": next(_titles)})
        return self.session.requests - before

    def tag_300(self, tag_id: int) -> int:
        before = self.session.requests
        ids = self.execute("res.partner", "search", DOMAIN, limit=300, order="id")
        self.execute("res.partner", "write", ids, {"category_id": [(4, tag_id, 0)]})
        return self.session.requests - before

    def create_100(self) -> int:
        before = self.session.requests
        self.execute("res.partner", "create", [new_partner(n) for n in range(100)])
        return self.session.requests - before


def new_partner(number: int) -> dict[str, object]:
    children = [Command.create({"name": f"{NEW} {number} contact {c}"}) for c in (1, 2)]
    return {"name": f"{NEW} {number}", "is_company": True, "child_ids": [tuple(map(_plain, c)) for c in children]}


def _plain(part: object) -> object:
    return int(part) if isinstance(part, Command) else part


def odoorm_workloads(env: odoorm.Environment, tag_id: int) -> dict[str, Callable[[], int]]:
    """Each workload written the natural odoorm way; each returns its round trips."""
    partners = env["res.partner"]

    def counted(body: Callable[[], None]) -> Callable[[], int]:
        def run() -> int:
            with env.count_calls() as calls:
                env.invalidate()
                body()
                env.flush()
            return calls.total

        return run

    def write_loop() -> None:
        title = next(_titles)
        for partner in partners.search(DOMAIN, limit=300, order="id"):
            partner.function = title

    def tag_loop() -> None:
        for partner in partners.search(DOMAIN, limit=300, order="id"):
            partner.category_id += partners.env["res.partner.category"].browse(tag_id)

    def tag_at_once() -> None:
        partners.search(DOMAIN, limit=300, order="id").category_id = [Command.link(tag_id)]

    def create_batch() -> None:
        partners.create(
            [
                {
                    "name": f"{NEW} {n}",
                    "is_company": True,
                    "child_ids": [Command.create({"name": f"{NEW} {n} contact {c}"}) for c in (1, 2)],
                }
                for n in range(100)
            ]
        )

    return {
        "write 300 (loop of assignments)": counted(write_loop),
        "m2m tag 300 (loop of +=)": counted(tag_loop),
        "m2m tag 300 (recordset = [Command.link])": counted(tag_at_once),
        "create 100+200 (one create)": counted(create_batch),
    }


def main() -> list[Measure]:
    url, db, login = os.environ["ODOO_URL"], os.environ["ODOO_DB"], os.environ["ODOO_USERNAME"]
    password = os.environ["ODOO_PASSWORD"]
    admin = odoorm.connect(url, db, login, password, protocol="jsonrpc")
    tag_id = admin["res.partner.category"].create({"name": TAG}).id

    def clean() -> None:
        admin.with_context(active_test=False)["res.partner"].search([("name", "=like", NEW + "%")]).unlink()
        admin["res.partner"].search([("category_id", "=", tag_id)]).write({"category_id": [(3, tag_id, 0)]})

    raw = RawWriter(url, db, login, password)
    results = [
        measure("raw JSON-RPC", "write 300", raw.write_300),
        measure("raw JSON-RPC", "m2m tag 300", lambda: raw.tag_300(tag_id), setup=clean),
        measure("raw JSON-RPC", "create 100+200", raw.create_100, setup=clean),
    ]
    try:
        for protocol in ("xmlrpc", "jsonrpc", "json2"):
            secret = {"api_key": os.environ["ODOO_API_KEY"]} if protocol == "json2" else {"password": password}
            env = odoorm.connect(url, db, login, protocol=protocol, **secret)
            for name in ("res.partner", "res.partner.category"):
                env[name]  # metadata is warm: the cold start is its own workload
            for workload, run in odoorm_workloads(env, tag_id).items():
                results.append(measure(f"odoorm {protocol}", workload, run, setup=clean))
    finally:
        clean()
        admin["res.partner.category"].browse(tag_id).unlink()
        admin["res.partner"].search(DOMAIN + [("function", "!=", False)]).write({"function": False})
    return results


if __name__ == "__main__":
    print("| workload | client | round trips | median s | peak MiB |\n|---|---|---|---|---|")
    for row in main():
        print(row.row())
