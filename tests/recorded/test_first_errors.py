"""The errors a newcomer meets first, against the recorded Odoo 19 server (issue 18, item 5): a database
name mistyped, a URL copied from the browser, a wrong password or API key."""

from __future__ import annotations

from typing import Any

import pytest
import requests

import odoorm


def counting_session() -> tuple[requests.Session, list[str]]:
    """A session that notes the path of every request it sends."""
    session = requests.Session()
    sent: list[str] = []
    session.hooks["response"].append(lambda response, *_a, **_k: sent.append(response.request.path_url))
    return session, sent


def test_an_unknown_database_is_named_as_such(cassette: Any, testbed: Any, protocol: str) -> None:
    session, sent = counting_session()
    with pytest.raises(odoorm.UnknownDatabaseError) as caught:
        testbed.connect(protocol, db="odoo91", http_session=session)
    error = caught.value
    assert (error.db, error.url, error.databases) == ("odoo91", testbed.url, None)  # list_db = False here
    assert str(error) == (
        f"no database 'odoo91' at {testbed.url}: the server does not list its databases: "
        "check the name with its administrator (db= or ODOO_DB)"
    )
    assert isinstance(error, odoorm.ConfigurationError) and isinstance(error.__cause__, odoorm.OdooError)
    listing = {"json2": "/web/database/list", "xmlrpc": "/xmlrpc/2/db", "jsonrpc": "/jsonrpc"}[protocol]
    assert sent[-1] == listing  # the one call the clearer error costs: asking for the list
    if protocol == "json2":  # JSON-2's "No database is selected" page; the version tells it is Odoo 19
        assert sent == ["/json/2/res.users/context_get", "/jsonrpc", "/web/database/list"]
    else:
        assert len(sent) == 2


def test_a_web_page_at_another_path_asks_for_the_servers_root(cassette: Any, testbed: Any) -> None:
    """A path that is not the web client's (refused before sending, see tests/client) but answers
    with a page: the error names the root. (JSON-2 only: the key travels in a header, not to the page.)"""
    with pytest.raises(odoorm.ConfigurationError) as caught:
        testbed.connect("json2", url=testbed.url + "/my")
    assert str(caught.value) == (
        f"{testbed.url}/my answered with a web page, not the root of Odoo's external API: "
        f"give the server's root URL (url='{testbed.url}'?)"
    )
    assert isinstance(caught.value.__cause__, odoorm.TransportError)


def test_a_wrong_password_is_told_from_a_wrong_key(cassette: Any, testbed: Any, protocol: str) -> None:
    wrong_key = testbed.api_key + "-wrong"
    with pytest.raises(odoorm.AuthenticationError) as by_key:
        testbed.connect(protocol, password=None, api_key=wrong_key)
    assert str(by_key.value).startswith("the server refused the API key (")
    assert "mistyped, revoked or expired" in str(by_key.value) and wrong_key not in str(by_key.value)
    if protocol == "json2":
        return  # JSON-2 takes an API key only
    with pytest.raises(odoorm.AuthenticationError) as by_password:
        testbed.connect(protocol, password="not-the-password")
    assert str(by_password.value) == (
        f"the server refused the password (login 'admin' on database '{testbed.db}' at {testbed.url}): "
        "check the login and the password"
    )
    assert "belong to another login" in str(by_key.value)  # the RPC protocols send the login with the key
