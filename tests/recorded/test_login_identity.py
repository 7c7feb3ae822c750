"""Who a connection acts as (issue 18, item 1): a login given with another user's API key.

JSON-2 authenticates with the key alone, so ``connect`` cannot see the mismatch without a second
call; the login is compared with the key's owner when it is first needed. XML-RPC and JSON-RPC send
the login with the key, and the server itself refuses the pair.
"""

from __future__ import annotations

from typing import Any

import pytest
import requests

import odoorm
from odoorm.client.check import check_connection


def counting_session() -> tuple[requests.Session, list[str]]:
    """A session that notes the path of every request it sends (the round trips of ``connect``)."""
    session = requests.Session()
    sent: list[str] = []
    session.hooks["response"].append(lambda response, *_a, **_k: sent.append(response.request.path_url))
    return session, sent


@pytest.mark.odoo(only=19, reason="JSON-2 exists since Odoo 19")
def test_json2_refuses_a_login_that_is_not_the_key_owner(cassette: Any, testbed: Any) -> None:
    session, sent = counting_session()
    env = odoorm.connect(testbed.url, testbed.db, "demo", api_key=testbed.api_key, http_session=session)
    assert sent == ["/json/2/res.users/context_get"]  # connect: one round trip, as before
    assert env.uid == 2
    with pytest.raises(odoorm.LoginMismatchError) as caught:
        env.username  # one read of the key owner's login
    error = caught.value
    assert (error.given, error.actual) == ("demo", "admin")
    assert "belongs to the login 'admin', not to 'demo'" in str(error)
    assert "username='admin'" in str(error) and testbed.api_key not in str(error)
    assert isinstance(error, odoorm.ConfigurationError)
    with pytest.raises(odoorm.LoginMismatchError):
        env.username  # asked again: no call, the owner's login is remembered
    assert sent == ["/json/2/res.users/context_get", "/json/2/res.users/read"]
    with pytest.raises(odoorm.LoginMismatchError, match="not to 'demo'"):
        check_connection(env)  # `odoorm check` reads the login anyway: the comparison is free


@pytest.mark.odoo(only=19, reason="JSON-2 exists since Odoo 19")
def test_json2_reports_the_key_owner_when_no_login_is_given(cassette: Any, testbed: Any) -> None:
    env = odoorm.connect(testbed.url, testbed.db, api_key=testbed.demo_api_key, protocol="json2")
    with env.count_calls() as calls:
        assert env.username == "demo"
        assert env.username == "demo"
    assert calls.total == 1


@pytest.mark.odoo(only=19, reason="JSON-2 exists since Odoo 19")
def test_json2_matching_login_is_confirmed_once(cassette: Any, testbed: Any) -> None:
    env = testbed.connect("json2")
    with env.count_calls() as calls:
        assert env.username == "admin"
        report = check_connection(env, operations=["read"])
    assert report.login == "admin"
    assert calls.total == 4  # the login (once), the version, check's read of the user, one access right


def test_rpc_protocols_refuse_another_users_key_at_login(cassette: Any, testbed: Any, password_protocol: str) -> None:
    with pytest.raises(odoorm.AuthenticationError, match="login 'demo'"):
        odoorm.connect(testbed.url, testbed.db, "demo", api_key=testbed.api_key, protocol=password_protocol)


def test_rpc_protocols_report_the_login_without_a_call(cassette: Any, testbed: Any, password_protocol: str) -> None:
    env = testbed.connect(password_protocol)
    with env.count_calls() as calls:
        assert env.username == "admin"
    assert calls.total == 0
