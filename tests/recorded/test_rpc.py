"""execute_kw and friends against the recorded Odoo 19 server, over each transport."""

from __future__ import annotations

from typing import Any

import pytest

import odoorm

COMPANIES = [("is_company", "=", True)]


def call(env: odoorm.Environment, model: str, method: str, *args: Any, **kwargs: Any) -> Any:
    return env.execute_kw(model, method, list(args), kwargs)


# ------------------------------------------------------------------ connection


def test_version_and_login(env: odoorm.Environment, testbed: Any, protocol: str) -> None:
    assert env.protocol == protocol
    assert env.version.info == (testbed.major, 0) and env.version.major == testbed.major
    assert env.version.server_serie == f"{testbed.major}.0" and env.version.release_level == "final"
    assert env.version >= (16, 0) and env.version < (20, 0)
    assert env.uid == 2
    assert env.db == f"odoo{testbed.major}"
    assert env.url == testbed.server.url


def test_auto_protocol_picks_json2_with_a_key_and_jsonrpc_with_a_password(cassette: Any, testbed: Any) -> None:
    with_key = odoorm.connect(testbed.url, testbed.db, testbed.username, api_key=testbed.api_key)
    with_password = odoorm.connect(testbed.url, testbed.db, testbed.username, testbed.password)
    keyed = "json2" if testbed.major >= 19 else "jsonrpc"  # before 19 the key is sent as the password
    assert (with_key.protocol, with_password.protocol) == (keyed, "jsonrpc")
    assert with_key.uid == with_password.uid == 2


def test_api_key_replaces_the_password_over_xmlrpc(cassette: Any, testbed: Any) -> None:
    env = odoorm.connect(testbed.url, testbed.db, testbed.username, testbed.api_key, protocol="xmlrpc")
    assert env.uid == 2
    assert call(env, "res.users", "read", [2], ["login"]) == [{"id": 2, "login": "admin"}]


def test_without_a_db_a_server_that_lists_none_says_to_pass_one(cassette: Any, testbed: Any, protocol: str) -> None:
    # The recorded servers share one PostgreSQL and run with list_db = False (as production servers
    # should): db.list is refused, and odoorm says what to do. (A server listing exactly one
    # database is used as is: tests/client/test_connect_db.py, against the stand-in.)
    with pytest.raises(odoorm.ConfigurationError, match=r"pass db= .*does not list its databases") as refused:
        testbed.connect(protocol, db=None)
    assert testbed.url in str(refused.value)


def test_bad_credentials(cassette: Any, testbed: Any, protocol: str) -> None:
    secret = {"api_key": "not-a-valid-key"} if protocol == "json2" else {"password": "not-the-password"}
    with pytest.raises(odoorm.AuthenticationError) as caught:
        testbed.connect(protocol, **secret)
    text = str(caught.value)
    assert testbed.url in text and repr(testbed.db) in text
    assert "not-a-valid-key" not in text and "not-the-password" not in text
    assert isinstance(caught.value, odoorm.AccessDenied) and isinstance(caught.value, PermissionError)


def test_bad_login_names_the_login(cassette: Any, testbed: Any, password_protocol: str) -> None:
    with pytest.raises(odoorm.AuthenticationError, match="login 'nobody@example.com'"):
        testbed.connect(password_protocol, username="nobody@example.com")


# ------------------------------------------------------------------ reading


def test_search_domain_offset_limit_order(env: odoorm.Environment) -> None:
    every = call(env, "res.partner", "search", COMPANIES, order="id")
    assert every == sorted(every) and 1 in every
    assert call(env, "res.partner", "search", COMPANIES, order="id", offset=2, limit=3) == every[2:5]
    # positional offset, limit, order: named by odoorm on JSON-2
    assert call(env, "res.partner", "search", COMPANIES, 1, 2, "id desc") == sorted(every, reverse=True)[1:3]
    by_name = call(env, "res.partner", "search_read", COMPANIES, ["name"], order="name")
    names = [row["name"] for row in by_name]
    assert names == sorted(names) and len(names) == len(every)


def test_search_count(env: odoorm.Environment) -> None:
    companies = call(env, "res.partner", "search", COMPANIES)
    assert call(env, "res.partner", "search_count", COMPANIES) == len(companies) > 5
    assert call(env, "res.partner", "search_count", [("id", "=", 1)]) == 1


def test_read_with_and_without_fields(env: odoorm.Environment) -> None:
    rows = call(env, "res.partner", "read", [1, 3], ["name", "country_id"])
    assert rows == [
        {"id": 1, "name": "My Company (San Francisco)", "country_id": [233, "United States"]},
        {"id": 3, "name": "Mitchell Admin", "country_id": [233, "United States"]},
    ]
    (everything,) = call(env, "res.country", "read", [233])
    assert everything["id"] == 233 and everything["code"] == "US" and everything["name"] == "United States"
    assert {"phone_code", "currency_id", "display_name"} <= everything.keys()


def test_fields_get_with_attributes(env: odoorm.Environment) -> None:
    fields = call(env, "res.partner", "fields_get", ["name", "country_id"], attributes=["string", "type", "relation"])
    assert fields == {
        "name": {"string": "Name", "type": "char"},
        "country_id": {"string": "Country", "type": "many2one", "relation": "res.country"},
    }


def test_search_read(env: odoorm.Environment) -> None:
    rows = call(env, "res.partner", "search_read", COMPANIES, ["name", "is_company"], limit=2, order="id")
    assert [row["id"] for row in rows] == call(env, "res.partner", "search", COMPANIES, limit=2, order="id")
    assert all(set(row) == {"id", "name", "is_company"} and row["is_company"] is True for row in rows)


def test_name_search_positional(env: odoorm.Environment) -> None:
    found = call(env, "res.partner", "name_search", "Mitchell", [("id", "=", 3)], "ilike", 5)
    assert [list(pair) for pair in found] == [[3, "YourCompany, Mitchell Admin"]]


def test_access_checks(env: odoorm.Environment) -> None:
    assert call(env, "res.partner", "check_access_rights", "read", False) is True
    if env.version >= (18, 0):
        assert call(env, "res.partner", "has_access", [], "write") is True
    else:  # a raw call goes as written (records.has_access() translates; see docs/versions.md)
        with pytest.raises(odoorm.OdooError, match="has_access"):  # "does not exist" (17), "no attribute" (16)
            call(env, "res.partner", "has_access", [], "write")


def test_method_outside_the_builtin_table(env: odoorm.Environment) -> None:
    # address_get(self, adr_pref): JSON-2 names the argument from the server's api_doc
    assert call(env, "res.partner", "address_get", [3], ["invoice"]) == {"contact": 3, "invoice": 3}


# ------------------------------------------------------------------ writing


def test_create_write_unlink(env: odoorm.Environment) -> None:
    new_id = call(env, "res.partner", "create", {"name": "odoorm create test", "email": "create@example.com"})
    assert isinstance(new_id, int)
    two = call(env, "res.partner", "create", [{"name": "odoorm twin A"}, {"name": "odoorm twin B"}])
    assert isinstance(two, list) and len(two) == 2
    ids = [new_id, *two]
    try:
        assert call(env, "res.partner", "write", ids, {"comment": "<p>written by odoorm</p>", "phone": "+1 555"})
        rows = call(env, "res.partner", "read", ids, ["name", "email", "phone"])
        assert [(r["name"], r["email"], r["phone"]) for r in rows] == [
            ("odoorm create test", "create@example.com", "+1 555"),
            ("odoorm twin A", False, "+1 555"),
            ("odoorm twin B", False, "+1 555"),
        ]
    finally:
        assert call(env, "res.partner", "unlink", ids) is True
    assert call(env, "res.partner", "search_count", [("id", "in", ids)]) == 0


def test_readonly_connection_refuses_writes_before_sending(cassette: Any, testbed: Any, protocol: str) -> None:
    env = testbed.connect(protocol, readonly=True)
    assert call(env, "res.partner", "search_count", [("id", "=", 3)]) == 1
    with pytest.raises(odoorm.ReadOnlyError, match="res.partner.write"):
        call(env, "res.partner", "write", [3], {"name": "never sent"})
    # the cassette holds no write: a sent request would not have been matched


def test_context_flows_into_calls(env: odoorm.Environment) -> None:
    inactive = [("active", "=", False)]
    assert call(env, "res.partner", "search_count", inactive) == call(
        env.with_context(active_test=False), "res.partner", "search_count", inactive
    )
    everyone = call(env.with_context(active_test=False), "res.partner", "search_count", [])
    assert everyone >= call(env, "res.partner", "search_count", [])
