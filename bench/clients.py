"""Each client of the comparison, doing each workload the way its own documentation suggests.

A client gives, per workload, one or more :class:`Case` (a way of doing it) whose ``run`` does the
whole workload; round trips are counted outside, at the ``http.client`` level, so the peers run
unmodified. The peers (OdooRPC, Odooly, odoo-client-lib) are imported only when used: they live in
the benchmark's own virtual environment (``bench/requirements.txt``), never in odoorm's dependencies.

The hand-written references (raw JSON-RPC, raw XML-RPC, raw JSON-2) do each workload in the fewest
calls their protocol allows; every other row is compared with the one on its protocol.
"""

from __future__ import annotations

import itertools
from collections.abc import Callable
from typing import Any

import attrs
from harness import CountingSession, RawJsonRpc, RawXmlRpc
from workloads import (
    COMPANIES,
    CREATE_COUNT,
    EXPLORE_COLUMNS,
    EXPLORE_LIMIT,
    EXPLORE_ROWS,
    NEW,
    READ_LIMIT,
    SCALE_FIELDS,
    WRITE_COUNT,
    Credentials,
    new_partner_values,
    next_title,
)

import odoorm
from odoorm import Command

__all__ = ["Case", "Client", "CLIENTS"]

READ_FIELDS = ["name", "email", "country_id", "category_id"]


@attrs.frozen
class Case:
    """One way of doing one workload: ``run`` does it all once."""

    way: str
    run: Callable[[], object]


class Client:
    """A client under test. Subclasses implement the workloads they support."""

    #: Name in the table, and the protocol it speaks.
    label = ""
    protocol = ""
    #: Whether it can keep its metadata on disk between processes (odoorm's ``metadata_cache``).
    metadata_cache = False

    def __init__(self, credentials: Credentials, tag_id: int) -> None:
        self.credentials = credentials
        self.tag_id = tag_id

    def connect(self) -> None:
        """Open the connection the workloads use (not measured: cold start is its own workload)."""

    def cases(self, workload: str, size: int = 0) -> list[Case]:
        """The ways this client does *workload* (*size*: records, for ``scale``)."""
        method: Callable[..., list[Case]] = getattr(self, f"case_{workload}")
        return method(size) if workload == "scale" else method()

    def start(self) -> Callable[[], object]:
        """Connect and answer the first query (``search_count`` of the companies): the cold and warm starts."""
        raise NotImplementedError

    def cached_start(self, directory: str) -> Callable[[], object]:
        """:meth:`start` with the metadata kept on disk in *directory* (only when :attr:`metadata_cache`)."""
        raise NotImplementedError


# ---------------------------------------------------------------- the reference


class Raw(Client):
    """Hand-written JSON-RPC over requests, each workload in the fewest calls the classic API allows."""

    label = "raw JSON-RPC (reference)"
    protocol = "JSON-RPC"
    #: The hand-written connection: ``RawJsonRpc`` or ``RawXmlRpc`` (same ``execute``).
    rpc_class: type[RawJsonRpc | RawXmlRpc] = RawJsonRpc

    def open(self) -> RawJsonRpc | RawXmlRpc:
        """Authenticate (one round trip)."""
        c = self.credentials
        return self.rpc_class(c.url, c.db, c.login, c.password)

    def connect(self) -> None:
        self.rpc = self.open()

    def case_read(self) -> list[Case]:
        def classic() -> object:
            rows = self.rpc.execute(
                "res.partner", "search_read", COMPANIES, fields=READ_FIELDS, limit=READ_LIMIT, order="id"
            )
            tag_ids = sorted({t for row in rows for t in row["category_id"]})
            tags = {t["id"]: t["name"] for t in self.rpc.execute("res.partner.category", "read", tag_ids, ["name"])}
            return [
                (r["name"], r["email"], r["country_id"] and r["country_id"][1], [tags[t] for t in r["category_id"]])
                for r in rows
            ]

        def specification() -> object:
            spec = {
                "name": {},
                "email": {},
                "country_id": {"fields": {"name": {}}},
                "category_id": {"fields": {"name": {}}},
            }
            # count_limit: no count of every match once the limit is reached (nobody reads it)
            answer = self.rpc.execute(
                "res.partner", "web_search_read", COMPANIES, spec, limit=READ_LIMIT, order="id", count_limit=READ_LIMIT
            )
            return [
                (
                    r["name"],
                    r["email"],
                    r["country_id"] and r["country_id"]["name"],
                    [t["name"] for t in r["category_id"]],
                )
                for r in answer["records"]
            ]

        if odoorm.server_version(self.credentials.url).major < 17:  # not timed; no specification before 17
            return [Case("search_read + read of the tags", classic)]
        return [
            Case("search_read + read of the tags", classic),
            Case("one web_search_read with a specification", specification),
        ]

    def case_write(self) -> list[Case]:
        def run() -> object:
            ids = self.rpc.execute("res.partner", "search", COMPANIES, limit=WRITE_COUNT, order="id")
            return self.rpc.execute("res.partner", "write", ids, {"function": next_title()})

        return [Case("search + one write", run)]

    def case_create(self) -> list[Case]:
        def run() -> object:
            return self.rpc.execute("res.partner", "create", [new_partner_values(n) for n in range(CREATE_COUNT)])

        return [Case("one create of 100 with child commands", run)]

    def case_m2m(self) -> list[Case]:
        def run() -> object:
            ids = self.rpc.execute("res.partner", "search", COMPANIES, limit=WRITE_COUNT, order="id")
            return self.rpc.execute("res.partner", "write", ids, {"category_id": [(4, self.tag_id, 0)]})

        return [Case("search + one write of (4, tag)", run)]

    def case_explore(self) -> list[Case]:
        def run() -> object:
            ids = self.rpc.execute("res.partner", "search", COMPANIES, limit=EXPLORE_LIMIT, order="id")
            return self.rpc.execute("res.partner", "read", ids[:EXPLORE_ROWS], EXPLORE_COLUMNS)

        return [Case("search + read of the 20 rows shown", run)]

    def case_scale(self, size: int) -> list[Case]:
        def run() -> object:
            return self.rpc.execute("res.partner", "search_read", [], fields=SCALE_FIELDS, limit=size, order="id")

        return [Case("one search_read", run)]

    def start(self) -> Callable[[], object]:
        def run() -> object:
            return self.open().execute("res.partner", "search_count", COMPANIES)

        return run


class RawXmlrpc(Raw):
    """Hand-written XML-RPC (``/xmlrpc/2/common`` authenticate, ``/xmlrpc/2/object`` execute_kw), each
    workload in the same calls as :class:`Raw`: the reference for the XML-RPC rows."""

    label = "raw XML-RPC (reference)"
    protocol = "XML-RPC"
    rpc_class = RawXmlRpc


class RawJson2(Client):
    """Hand-written JSON-2 over requests (Odoo 19+, API key): the reference for odoorm's JSON-2 rows,
    since the server answers ``/json/2`` faster than ``/jsonrpc``."""

    label = "raw JSON-2 (reference)"
    protocol = "JSON-2"

    def connect(self) -> None:
        self.session = CountingSession()
        self.session.headers.update(
            {"Authorization": f"bearer {self.credentials.api_key}", "X-Odoo-Database": self.credentials.db}
        )

    def call(self, model: str, method: str, **params: Any) -> Any:
        """``POST /json/2/<model>/<method>`` with named arguments."""
        response = self.session.post(f"{self.credentials.url}/json/2/{model}/{method}", json=params, timeout=300)
        response.raise_for_status()
        return response.json()

    def case_read(self) -> list[Case]:
        def classic() -> object:
            rows = self.call(
                "res.partner", "search_read", domain=COMPANIES, fields=READ_FIELDS, limit=READ_LIMIT, order="id"
            )
            tag_ids = sorted({t for row in rows for t in row["category_id"]})
            tags = {t["id"]: t["name"] for t in self.call("res.partner.category", "read", ids=tag_ids, fields=["name"])}
            return [
                (r["name"], r["email"], r["country_id"] and r["country_id"][1], [tags[t] for t in r["category_id"]])
                for r in rows
            ]

        def specification() -> object:
            spec = {
                "name": {},
                "email": {},
                "country_id": {"fields": {"name": {}}},
                "category_id": {"fields": {"name": {}}},
            }
            answer = self.call(
                "res.partner",
                "web_search_read",
                domain=COMPANIES,
                specification=spec,
                limit=READ_LIMIT,
                order="id",
                count_limit=READ_LIMIT,
            )
            return [
                (
                    r["name"],
                    r["email"],
                    r["country_id"] and r["country_id"]["name"],
                    [t["name"] for t in r["category_id"]],
                )
                for r in answer["records"]
            ]

        return [
            Case("search_read + read of the tags", classic),
            Case("one web_search_read with a specification", specification),
        ]

    def search(self, limit: int) -> list[int]:
        """The first *limit* companies."""
        return list(self.call("res.partner", "search", domain=COMPANIES, limit=limit, order="id"))

    def case_write(self) -> list[Case]:
        def run() -> object:
            return self.call("res.partner", "write", ids=self.search(WRITE_COUNT), vals={"function": next_title()})

        return [Case("search + one write", run)]

    def case_create(self) -> list[Case]:
        def run() -> object:
            return self.call("res.partner", "create", vals_list=[new_partner_values(n) for n in range(CREATE_COUNT)])

        return [Case("one create of 100 with child commands", run)]

    def case_m2m(self) -> list[Case]:
        def run() -> object:
            vals = {"category_id": [(4, self.tag_id, 0)]}
            return self.call("res.partner", "write", ids=self.search(WRITE_COUNT), vals=vals)

        return [Case("search + one write of (4, tag)", run)]

    def case_explore(self) -> list[Case]:
        def run() -> object:
            ids = self.search(EXPLORE_LIMIT)
            return self.call("res.partner", "read", ids=ids[:EXPLORE_ROWS], fields=EXPLORE_COLUMNS)

        return [Case("search + read of the 20 rows shown", run)]

    def case_scale(self, size: int) -> list[Case]:
        def run() -> object:
            return self.call("res.partner", "search_read", domain=[], fields=SCALE_FIELDS, limit=size, order="id")

        return [Case("one search_read", run)]

    def start(self) -> Callable[[], object]:
        def run() -> object:
            self.connect()  # the key is the login: no authenticate call
            return self.call("res.partner", "search_count", domain=COMPANIES)

        return run


# ---------------------------------------------------------------- odoorm


class Odoorm(Client):
    """odoorm on one of its transports, written as docs/models.md and docs/writing.md show."""

    transport = ""
    metadata_cache = True

    def open(self, metadata_cache: str | None = None) -> odoorm.Environment:
        """``odoorm.connect`` on this transport (JSON-2 takes the API key, the others the password), with
        the on-disk metadata cache in the directory *metadata_cache* when given."""
        c = self.credentials
        options: dict[str, Any] = {"api_key": c.api_key} if self.transport == "json2" else {"password": c.password}
        if metadata_cache is not None:
            options["metadata_cache"] = metadata_cache
        return odoorm.connect(c.url, c.db, c.login, protocol=self.transport, **options)

    def connect(self) -> None:
        self.env = self.open()
        for model in ("res.partner", "res.country", "res.partner.category"):
            self.env[model]  # metadata warm: cold start is its own workload

    def counted(self, body: Callable[[], object]) -> Callable[[], object]:
        """*body* from an empty record cache, pending changes flushed at the end."""

        def run() -> object:
            self.env.invalidate()
            result = body()
            self.env.flush()
            return result

        return run

    def case_read(self) -> list[Case]:
        partners = self.env["res.partner"]

        def loop() -> object:
            found = partners.search(COMPANIES, limit=READ_LIMIT, order="id")
            return [(p.name, p.email, p.country_id.name, p.category_id.mapped("name")) for p in found]

        def fetch() -> object:
            found = partners.search(
                COMPANIES, limit=READ_LIMIT, order="id", fetch=["name", "email", "country_id.name", "category_id.name"]
            )
            return [(p.name, p.email, p.country_id.name, p.category_id.mapped("name")) for p in found]

        return [Case("loop over records", self.counted(loop)), Case("search(..., fetch=[...])", self.counted(fetch))]

    def case_write(self) -> list[Case]:
        def loop() -> object:
            title = next_title()
            for partner in self.env["res.partner"].search(COMPANIES, limit=WRITE_COUNT, order="id"):
                partner.function = title
            return title

        return [Case("loop of assignments, one flush", self.counted(loop))]

    def case_create(self) -> list[Case]:
        def run() -> object:
            return self.env["res.partner"].create(
                [
                    {
                        "name": f"{NEW} {n}",
                        "is_company": True,
                        "child_ids": [Command.create({"name": f"{NEW} {n} contact {c}"}) for c in (1, 2)],
                    }
                    for n in range(CREATE_COUNT)
                ]
            )

        return [Case("create([...]) with Command.create", self.counted(run))]

    def case_m2m(self) -> list[Case]:
        def loop() -> object:
            tag = self.env["res.partner.category"].browse(self.tag_id)
            for partner in self.env["res.partner"].search(COMPANIES, limit=WRITE_COUNT, order="id"):
                partner.category_id += tag
            return tag

        def at_once() -> object:
            found = self.env["res.partner"].search(COMPANIES, limit=WRITE_COUNT, order="id")
            found.category_id = [Command.link(self.tag_id)]
            return found

        def assign() -> object:
            tag = self.env["res.partner.category"].browse(self.tag_id)
            for partner in self.env["res.partner"].search(COMPANIES, limit=WRITE_COUNT, order="id"):
                partner.category_id = partner.category_id | tag  # the cached value is known: (4, tag) only
            self.env.flush()
            return tag

        return [
            Case("loop of +=", self.counted(loop)),
            Case("recordset.category_id = [Command.link]", self.counted(at_once)),
            Case("loop of = current ∪ tag (minimal commands)", self.counted(assign)),
        ]

    def case_explore(self) -> list[Case]:
        def run() -> object:
            return self.env["res.partner"].search(COMPANIES, limit=EXPLORE_LIMIT, order="id")._repr_html_()

        return [Case("recs._repr_html_() (Jupyter's display)", self.counted(run))]

    def case_scale(self, size: int) -> list[Case]:
        partners = self.env["res.partner"]

        def values(found: odoorm.Model) -> object:
            return [(p.name, p.email, p.ref, p.is_company, p.country_id.display_name) for p in found]

        def loop() -> object:
            return values(partners.search([], limit=size, order="id"))

        def fetch() -> object:
            return values(partners.search([], limit=size, order="id", fetch=SCALE_FIELDS))

        return [Case("loop over records", self.counted(loop)), Case("search(..., fetch=[...])", self.counted(fetch))]

    def start(self) -> Callable[[], object]:
        def run() -> object:
            with self.open() as env:
                return env["res.partner"].search_count(COMPANIES)

        return run

    def cached_start(self, directory: str) -> Callable[[], object]:
        def run() -> object:
            with self.open(metadata_cache=directory) as env:
                return env["res.partner"].search_count(COMPANIES)

        return run


class OdoormXmlrpc(Odoorm):
    label, protocol, transport = "odoorm xmlrpc", "XML-RPC", "xmlrpc"


class OdoormJsonrpc(Odoorm):
    label, protocol, transport = "odoorm jsonrpc", "JSON-RPC", "jsonrpc"


class OdoormJson2(Odoorm):
    label, protocol, transport = "odoorm json2", "JSON-2", "json2"


# ---------------------------------------------------------------- OdooRPC


class _RecordPeer(Client):
    """What OdooRPC and Odooly share: ``env["res.partner"]`` on the connection, ``search_read`` for bulk."""

    def case_scale(self, size: int) -> list[Case]:
        def run() -> object:
            return self.partners.search_read([], SCALE_FIELDS, limit=size, order="id")

        return [Case("search_read (its records would take minutes)", run)]

    def start(self) -> Callable[[], object]:
        def run() -> object:
            return self.open().env["res.partner"].search_count(COMPANIES)

        return run


class OdooRPC(_RecordPeer):
    """OdooRPC 0.10 as its tutorial shows: ``browse`` records, read attributes, assign to write
    (``auto_commit``: each assignment is a write)."""

    label = "OdooRPC"
    protocol = "JSON-RPC (default)"

    def open(self) -> Any:
        """``odoorpc.ODOO(host, port=...)`` then ``login``."""
        import odoorpc

        host, port = self.credentials.host_port
        odoo = odoorpc.ODOO(host, port=port, timeout=300)
        odoo.login(self.credentials.db, self.credentials.login, self.credentials.password)
        return odoo

    def connect(self) -> None:
        self.odoo = self.open()
        self.partners = self.odoo.env["res.partner"]

    def search(self, limit: int) -> Any:
        """``Model.browse(Model.search(...))``, as the tutorial does."""
        return self.partners.browse(self.partners.search(COMPANIES, limit=limit, order="id"))

    def case_read(self) -> list[Case]:
        def run() -> object:
            found = self.search(READ_LIMIT)
            return [(p.name, p.email, p.country_id.name, [t.name for t in p.category_id]) for p in found]

        return [Case("browse + loop over records", run)]

    def case_write(self) -> list[Case]:
        def run() -> object:
            title = next_title()
            for partner in self.search(WRITE_COUNT):
                partner.function = title
            return title

        return [Case("loop of assignments (auto_commit)", run)]

    def case_create(self) -> list[Case]:
        def run() -> object:
            return [self.partners.create(new_partner_values(n)) for n in range(CREATE_COUNT)]

        return [Case("create() per partner, child commands", run)]

    def case_m2m(self) -> list[Case]:
        def run() -> object:
            tag = self.odoo.env["res.partner.category"].browse(self.tag_id)
            for partner in self.search(WRITE_COUNT):
                partner.category_id += tag
            return tag

        return [Case("loop of +=", run)]

    def case_explore(self) -> list[Case]:
        def run() -> object:
            return [p.name for p in itertools.islice(self.search(EXPLORE_LIMIT), EXPLORE_ROWS)]

        return [Case("names of the first 20 records", run)]


# ---------------------------------------------------------------- Odooly


class Odooly(_RecordPeer):
    """Odooly 2.6 as its README shows: ``Client(server, db, user, password)``, records and
    ``RecordList`` methods."""

    label = "Odooly"
    protocol = "web call_kw (default)"

    def open(self) -> Any:
        """``odooly.Client(server, db, user, password)``."""
        import odooly

        c = self.credentials
        return odooly.Client(c.url, c.db, c.login, c.password)

    def connect(self) -> None:
        self.env = self.open().env
        self.partners = self.env["res.partner"]

    def search(self, limit: int) -> Any:
        """A ``RecordList``."""
        return self.partners.search(COMPANIES, limit=limit, order="id")

    def case_read(self) -> list[Case]:
        def run() -> object:
            return [(p.name, p.email, p.country_id.name, p.category_id.name) for p in self.search(READ_LIMIT)]

        return [Case("loop over records", run)]

    def case_write(self) -> list[Case]:
        def loop() -> object:
            title = next_title()
            for partner in self.search(WRITE_COUNT):
                partner.function = title
            return title

        def at_once() -> object:
            return self.search(WRITE_COUNT).write({"function": next_title()})

        return [Case("loop of assignments", loop), Case("RecordList.write", at_once)]

    def case_create(self) -> list[Case]:
        def run() -> object:
            return [self.partners.create(new_partner_values(n)) for n in range(CREATE_COUNT)]

        return [Case("create() per partner, child commands", run)]

    def case_m2m(self) -> list[Case]:
        def loop() -> object:
            tag = self.env["res.partner.category"].browse(self.tag_id)
            for partner in self.search(WRITE_COUNT):
                partner.category_id += tag
            return tag

        def at_once() -> object:
            return self.search(WRITE_COUNT).write({"category_id": [(4, self.tag_id, 0)]})

        return [Case("loop of +=", loop), Case("RecordList.write((4, tag))", at_once)]

    def case_explore(self) -> list[Case]:
        def run() -> object:
            return [p.name for p in self.search(EXPLORE_LIMIT)[:EXPLORE_ROWS]]

        return [Case("names of the first 20 records", run)]


# ---------------------------------------------------------------- odoo-client-lib


class OdooClientLib(Client):
    """odoo-client-lib 2.0 as its README shows: ``get_connection`` (XML-RPC by default), model proxies,
    ``search``/``read``/``search_read``. It has no records (no ``browse``): code batches by hand."""

    label = "odoo-client-lib"
    protocol = "XML-RPC (default)"

    def open(self) -> Any:
        """``odoolib.get_connection(hostname=..., database=..., login=..., password=...)``."""
        import odoolib

        host, port = self.credentials.host_port
        c = self.credentials
        return odoolib.get_connection(hostname=host, port=port, database=c.db, login=c.login, password=c.password)

    def connect(self) -> None:
        self.connection = self.open()
        self.connection.check_login()  # it logs in at the first call otherwise: not part of a workload
        self.partners = self.connection.get_model("res.partner")

    def case_read(self) -> list[Case]:
        def run() -> object:
            rows = self.partners.search_read(COMPANIES, READ_FIELDS, limit=READ_LIMIT, order="id")
            tag_ids = sorted({t for row in rows for t in row["category_id"]})
            tags = self.connection.get_model("res.partner.category").read(tag_ids, ["name"])
            names = {t["id"]: t["name"] for t in tags}
            return [
                (r["name"], r["email"], r["country_id"] and r["country_id"][1], [names[t] for t in r["category_id"]])
                for r in rows
            ]

        return [Case("search_read + read of the tags", run)]

    def case_write(self) -> list[Case]:
        def run() -> object:
            ids = self.partners.search(COMPANIES, limit=WRITE_COUNT, order="id")
            return self.partners.write(ids, {"function": next_title()})

        return [Case("search + one write", run)]

    def case_create(self) -> list[Case]:
        def run() -> object:
            return self.partners.create([new_partner_values(n) for n in range(CREATE_COUNT)])

        return [Case("one create of 100 with child commands", run)]

    def case_m2m(self) -> list[Case]:
        def run() -> object:
            ids = self.partners.search(COMPANIES, limit=WRITE_COUNT, order="id")
            return self.partners.write(ids, {"category_id": [(4, self.tag_id, 0)]})

        return [Case("search + one write of (4, tag)", run)]

    def case_explore(self) -> list[Case]:
        def run() -> object:
            ids = self.partners.search(COMPANIES, limit=EXPLORE_LIMIT, order="id")
            return [row["name"] for row in self.partners.read(ids[:EXPLORE_ROWS], ["name"])]

        return [Case("search + read of the first 20 names", run)]

    def case_scale(self, size: int) -> list[Case]:
        def run() -> object:
            return self.partners.search_read([], SCALE_FIELDS, limit=size, order="id")

        return [Case("search_read (a search, then a read)", run)]

    def start(self) -> Callable[[], object]:
        def run() -> object:
            return self.open().get_model("res.partner").search_count(COMPANIES)

        return run


#: Clients by command-line name, in table order.
CLIENTS: dict[str, type[Client]] = {
    "raw": Raw,
    "raw-xmlrpc": RawXmlrpc,
    "raw-json2": RawJson2,
    "odoorm-xmlrpc": OdoormXmlrpc,
    "odoorm-jsonrpc": OdoormJsonrpc,
    "odoorm-json2": OdoormJson2,
    "odoorpc": OdooRPC,
    "odooly": Odooly,
    "odoolib": OdooClientLib,
}
