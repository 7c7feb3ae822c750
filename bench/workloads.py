"""What the side-by-side comparison (``compare.py``) asks of every client, and the data it needs.

Each workload touches only benchmark data: the 2000 seeded companies (``bench/seed.py``), one tag
of its own, partners it creates and deletes again, and — for the scale workload — extra partners
named ``odoorm bench scale NNNNN`` that exist only while it runs. :class:`Fixtures` puts every
change back: the values a write overwrote, tag links, created and scale partners.
"""

from __future__ import annotations

import itertools
import os
from typing import Any

import attrs
from harness import RawJsonRpc

__all__ = [
    "COMPANIES",
    "READ_LIMIT",
    "WRITE_COUNT",
    "CREATE_COUNT",
    "EXPLORE_LIMIT",
    "EXPLORE_ROWS",
    "SCALE_SIZES",
    "SCALE_FIELDS",
    "TAG",
    "NEW",
    "SCALE_NAME",
    "WORKLOADS",
    "Credentials",
    "Fixtures",
    "new_partner_values",
    "next_title",
]

#: The seeded companies, in a stable order (``order="id"`` everywhere).
COMPANIES = [("ref", "=like", "odoorm-bench-%"), ("is_company", "=", True)]
READ_LIMIT = 1000
WRITE_COUNT = 300
CREATE_COUNT = 100
EXPLORE_LIMIT = 1000
#: Rows a notebook shows of a recordset (odoorm's ``display.MAX_ROWS``).
EXPLORE_ROWS = 20
#: The columns odoorm's table shows for res.partner (``display.useful_columns``), for the hand-written reference.
EXPLORE_COLUMNS = ["display_name", "email", "phone", "type", "country_id"]
SCALE_SIZES = (1000, 5000, 20000)
SCALE_FIELDS = ["name", "email", "ref", "is_company", "country_id"]
TAG = "odoorm bench compare tag"
NEW = "odoorm bench compare new"
SCALE_NAME = "odoorm bench scale"
#: Workload names, in the order they run. ``cold`` also measures the warm start; ``scale`` each size.
WORKLOADS = ("read", "write", "create", "m2m", "explore", "cold", "scale")

_titles = itertools.count(1)


def next_title() -> str:
    """The job title the next write run sets: a new one on every run of every process, so that each
    write is real (the server skips a value equal to the stored one, about 10× faster: with titles
    cycling through a fixed list, the first run of a process could find its title already there)."""
    return f"odoorm bench title {os.getpid()}-{next(_titles)}"


def new_partner_values(number: int) -> dict[str, Any]:
    """One partner to create, with two child contacts (plain create commands)."""
    children = [(0, 0, {"name": f"{NEW} {number} contact {c}"}) for c in (1, 2)]
    return {"name": f"{NEW} {number}", "is_company": True, "child_ids": children}


@attrs.frozen
class Credentials:
    """Where the server is and who logs in (from ``ODOO_*``; never printed)."""

    url: str
    db: str
    login: str
    password: str = attrs.field(repr=False)
    api_key: str = attrs.field(repr=False)

    @classmethod
    def from_environ(cls) -> Credentials:
        """From ``ODOO_URL``, ``ODOO_DB``, ``ODOO_USERNAME``, ``ODOO_PASSWORD`` and ``ODOO_API_KEY``."""
        env = os.environ
        return cls(
            env["ODOO_URL"].rstrip("/"),
            env["ODOO_DB"],
            env["ODOO_USERNAME"],
            env["ODOO_PASSWORD"],
            env.get("ODOO_API_KEY", ""),
        )

    @property
    def host_port(self) -> tuple[str, int]:
        """``("127.0.0.1", 8069)``, for the clients that take them apart."""
        netloc = self.url.split("://", 1)[1].split("/", 1)[0]
        host, _, port = netloc.partition(":")
        return host, int(port or 80)


class Fixtures:
    """Setting up and undoing the benchmark's changes, over hand-written JSON-RPC (never counted)."""

    def __init__(self, credentials: Credentials) -> None:
        self.raw = RawJsonRpc(credentials.url, credentials.db, credentials.login, credentials.password)

    def execute(self, model: str, method: str, *args: Any, **kwargs: Any) -> Any:
        """One call, inactive records included."""
        kwargs["context"] = {"active_test": False, **kwargs.get("context", {})}
        return self.raw.execute(model, method, *args, **kwargs)

    # ------------------------------------------------------------ looked up by the workloads

    def company_ids(self, count: int) -> list[int]:
        """The first *count* benchmark companies."""
        return list(self.execute("res.partner", "search", COMPANIES, limit=count, order="id"))

    def tag_id(self) -> int:
        """The workload's own tag, created when missing."""
        found = self.execute("res.partner.category", "search", [("name", "=", TAG)], limit=1)
        return int(found[0]) if found else int(self.execute("res.partner.category", "create", {"name": TAG}))

    # ------------------------------------------------------------ before each run

    def untag(self) -> None:
        """Take the workload's tag off every partner (before each m2m run)."""
        tag = self.tag_id()
        tagged = self.execute("res.partner", "search", [("category_id", "=", tag)])
        if tagged:
            self.execute("res.partner", "write", tagged, {"category_id": [(3, tag, 0)]})

    def delete_created(self) -> None:
        """Delete the partners the create workload made (before each create run, and at the end)."""
        made = self.execute("res.partner", "search", [("name", "=like", NEW + " %")])
        if made:
            self.execute("res.partner", "unlink", made)

    # ------------------------------------------------------------ around the whole comparison

    def snapshot_titles(self) -> dict[int, Any]:
        """The job titles the write workload will overwrite, to put them back afterwards."""
        ids = self.company_ids(WRITE_COUNT)
        return {row["id"]: row["function"] for row in self.execute("res.partner", "read", ids, ["function"])}

    def restore_titles(self, titles: dict[int, Any]) -> None:
        """Write the saved job titles back (one write per distinct value)."""
        by_value: dict[Any, list[int]] = {}
        for record_id, value in titles.items():
            by_value.setdefault(value, []).append(record_id)
        for value, ids in by_value.items():
            self.execute("res.partner", "write", ids, {"function": value})

    def delete_tag(self) -> None:
        """Delete the workload's tag (its links go with it)."""
        found = self.execute("res.partner.category", "search", [("name", "=", TAG)])
        if found:
            self.execute("res.partner.category", "unlink", found)

    def ensure_scale_partners(self, total: int) -> int:
        """Create ``odoorm bench scale NNNNN`` partners until *total* active partners exist; return how
        many were created."""
        missing = total - int(self.raw.execute("res.partner", "search_count", []))
        countries = self.execute("res.country", "search", [], limit=40, order="id")
        start = int(self.execute("res.partner", "search_count", [("name", "=like", SCALE_NAME + " %")]))
        for first in range(0, max(missing, 0), 1000):
            batch = [
                {
                    "name": f"{SCALE_NAME} {n:05d}",
                    "email": f"scale{n:05d}@bench.example.com",
                    "ref": f"odoorm-scale-{n:05d}",
                    "country_id": countries[n % len(countries)],
                }
                for n in range(start + first + 1, start + min(first + 1000, missing) + 1)
            ]
            self.execute("res.partner", "create", batch)
        return max(missing, 0)

    def delete_scale_partners(self) -> int:
        """Delete every ``odoorm bench scale`` partner; return how many."""
        ids = self.execute("res.partner", "search", [("name", "=like", SCALE_NAME + " %")])
        for first in range(0, len(ids), 2000):
            self.execute("res.partner", "unlink", ids[first : first + 2000])
        return len(ids)
