"""docs/models.md's table of Odoo's vocabulary, checked against the code: every "client" name is a
real attribute of the recordset or environment class, every "server" name a server method, every
"refused" name a NotOverRpcError on lookup — and nothing is sent while checking."""

from __future__ import annotations

import inspect
import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from standin import StandIn, reply, running

import odoorm
from odoorm.orm.server_method import ServerMethod

MODELS_MD = Path(__file__).resolve().parents[2] / "docs" / "models.md"
FIELDS = {"id": {"type": "integer", "string": "ID", "store": True, "readonly": True}}


def table(part: str) -> dict[str, str]:
    """``{name: "client" | "server" | "refused"}`` from the table between the part's markers."""
    text = MODELS_MD.read_text(encoding="utf-8")
    body = text.split(f"<!-- vocabulary:{part} -->", 1)[1].split(f"<!-- /vocabulary:{part} -->", 1)[0]
    names: dict[str, str] = {}
    for line in body.strip().splitlines()[2:]:
        cells = [cell.strip() for cell in line.strip().strip("|").split(" | ")]
        for name in re.findall(r"`([^`]+)`", cells[0]):
            assert name not in names, f"{name} is listed twice"
            names[name] = cells[1]
    assert set(names.values()) <= {"client", "server", "refused"}
    return names


RECORDSET, ENVIRONMENT = table("recordset"), table("environment")


@pytest.fixture(scope="module")
def srv() -> Iterator[StandIn]:
    yield from running()


@pytest.fixture(scope="module")
def env(srv: StandIn) -> Iterator[odoorm.Environment]:
    environment = odoorm.connect(srv.url, "db", "admin", password="pw", protocol="xmlrpc", retries=0)
    srv.script(reply(FIELDS))
    environment["res.partner"]
    yield environment
    environment.close()


def test_the_table_lists_odoos_names() -> None:
    for name in ("sudo", "with_user", "grouped", "filtered_domain", "exists", "action_archive", "new"):
        assert name in RECORDSET
    for name in ("cr", "su", "ref", "user", "flush_all", "__getitem__"):
        assert name in ENVIRONMENT


@pytest.mark.parametrize("name", sorted(RECORDSET))
def test_recordset_name(name: str, env: odoorm.Environment, srv: StandIn) -> None:
    records = env["res.partner"].browse([1, 2])
    before = len(srv.requests)
    kind = RECORDSET[name]
    if kind == "client":
        found = inspect.getattr_static(records, name, None)  # found without __getattr__ (no ServerMethod)
        assert found is not None and not isinstance(found, ServerMethod), name
    elif kind == "server":
        assert isinstance(getattr(records, name), ServerMethod)
    else:
        with pytest.raises(odoorm.NotOverRpcError, match="cannot work over RPC"):
            getattr(records, name)
    assert len(srv.requests) == before


@pytest.mark.parametrize("name", sorted(ENVIRONMENT))
def test_environment_name(name: str, env: odoorm.Environment, srv: StandIn) -> None:
    before = len(srv.requests)
    if ENVIRONMENT[name] == "client":
        assert name in vars(env) or inspect.getattr_static(type(env), name, None) is not None, name
    else:
        with pytest.raises(odoorm.NotOverRpcError, match="cannot work over RPC"):
            getattr(env, name)
    assert len(srv.requests) == before
