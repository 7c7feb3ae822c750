"""``connect()`` without a database: the server is asked which it has (one ``db.list`` call)."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from standin import StandIn, raw, reply, running

import odoorm

PROTOCOLS = ["xmlrpc", "jsonrpc"]


@pytest.fixture
def server() -> Iterator[StandIn]:
    yield from running(db="only")


@pytest.mark.parametrize("protocol", PROTOCOLS)
def test_the_one_database_a_server_lists_is_used(server: StandIn, protocol: str) -> None:
    env = odoorm.connect(server.url, None, "admin", password="pw", protocol=protocol)
    assert env.db == "only" and env.uid == 2
    assert server.count(kind="db") == 1


@pytest.mark.parametrize("protocol", PROTOCOLS)
def test_several_databases_are_named(server: StandIn, protocol: str) -> None:
    server.script(reply(["a", "b"]), on="db")
    with pytest.raises(odoorm.ConfigurationError, match=r"pass db= .*lists 2 databases: 'a', 'b'"):
        odoorm.connect(server.url, None, "admin", password="pw", protocol=protocol)
    assert server.count(kind="auth") == 0


def test_a_server_that_refuses_to_list_them_says_to_pass_one(server: StandIn) -> None:
    refused = b'<?xml version="1.0"?><methodResponse><fault><value><struct><member><name>faultCode</name><value><int>3</int></value></member><member><name>faultString</name><value><string>Access Denied</string></value></member></struct></value></fault></methodResponse>'  # noqa: E501
    server.script(raw(refused, content_type="text/xml"), on="db")
    with pytest.raises(odoorm.ConfigurationError, match="does not list its databases"):
        odoorm.connect(server.url, None, "admin", password="pw", protocol="xmlrpc")
