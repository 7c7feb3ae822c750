"""An unknown database on a server that lists its databases (the recorded servers do not): the error
lists them, with the close names first (issue 18, item 5). And the root URL suggested for a browser URL."""

from __future__ import annotations

import json
from collections.abc import Iterator

import pytest
import standin  # tests/servers/, put on sys.path by conftest.py

import odoorm
from odoorm.client.login_errors import web_client_root

#: What Odoo answers ``common.authenticate`` on a database that does not exist (its JSON-RPC fault).
NO_SUCH_DATABASE = json.dumps(
    {
        "jsonrpc": "2.0",
        "id": 1,
        "error": {
            "code": 200,
            "message": "Odoo Server Error",
            "data": {
                "name": "psycopg2.OperationalError",
                "message": 'connection to server at "127.0.0.1", port 5432 failed: FATAL:  database "sales" '
                "does not exist\n",
                "arguments": [],
                "context": {},
            },
        },
    }
).encode()


@pytest.fixture
def server() -> Iterator[standin.StandIn]:
    yield from standin.running(db="sale")


def test_an_unknown_database_lists_the_servers_databases(server: standin.StandIn) -> None:
    server.script(standin.raw(NO_SUCH_DATABASE), on="auth")
    with pytest.raises(odoorm.UnknownDatabaseError) as caught:
        odoorm.connect(server.url, "sales", "admin", password="pw", protocol="jsonrpc")
    assert caught.value.databases == ["sale"]
    assert str(caught.value) == (
        f"no database 'sales' at {server.url}: it lists 'sale'; did you mean 'sale'? (db= or ODOO_DB)"
    )
    assert server.count(kind="auth") == 1 and server.count(kind="db") == 1


@pytest.mark.parametrize(
    ("url", "root"),
    [
        ("https://erp.example.com/odoo", "https://erp.example.com"),
        ("https://erp.example.com/odoo/action-12", "https://erp.example.com"),
        ("https://erp.example.com/web", "https://erp.example.com"),
        ("https://erp.example.com/erp/odoo/contacts/7", "https://erp.example.com/erp"),  # behind a prefix
        ("https://erp.example.com/erp", "https://erp.example.com/erp"),
    ],
)
def test_the_root_of_a_web_client_url(url: str, root: str) -> None:
    assert web_client_root(url) == root


@pytest.mark.parametrize("path", ["/odoo", "/odoo/", "/web", "/odoo/action-123", "/web/login", "/odoo/contacts/7"])
def test_a_web_client_url_is_refused_before_sending(path: str) -> None:
    port = standin.closed_port()  # nothing listens: a call would fail with ConnectionFailed
    url = f"http://127.0.0.1:{port}"
    with pytest.raises(odoorm.ConfigurationError) as caught:
        odoorm.connect(url + path + "?debug=1#action=12", "db", "admin", password="pw")
    assert str(caught.value) == (
        f"{url}{path.rstrip('/')} is a page of Odoo's web client, not the root of Odoo's external API: "
        f"give the server's root URL (url='{url}'?)"
    )
