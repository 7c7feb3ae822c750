"""Real server faults keep their Odoo class, over each transport."""

from __future__ import annotations

from typing import Any

import pytest

import odoorm


def test_missing_record(env: odoorm.Environment, protocol: str) -> None:
    with pytest.raises(odoorm.UserError) as caught:
        env.execute_kw("res.partner", "write", [[999999], {"name": "ghost"}])
    error = caught.value
    assert "Record does not exist or has been deleted" in error.message
    assert (error.model, error.method) == ("res.partner", "write")
    if protocol == "xmlrpc":
        # /xmlrpc/2 sends fault code 2 for every UserError subclass: the exact class is lost
        assert type(error) is odoorm.UserError and error.server_class == "odoo.exceptions.UserError"
    else:
        assert type(error) is odoorm.MissingError and error.server_class == "odoo.exceptions.MissingError"
        assert isinstance(error, LookupError) and "Traceback" in (error.traceback or "")


def test_constraint_violation(env: odoorm.Environment, protocol: str) -> None:
    if env.version < (17, 0):
        # Odoo 16 fails inside its own wording of a violated SQL constraint (KeyError 'lang', whatever
        # the context; nothing written): odoorm gives the ValidationError with PostgreSQL's message
        with pytest.raises(odoorm.ValidationError, match='violates check constraint "res_partner_check_name"') as odd:
            env.execute_kw("res.partner", "create", [{"email": "nameless@example.com"}])
        assert type(odd.value) is odoorm.ValidationError and "KeyError 'lang'" in odd.value.message
        assert odd.value.server_class == "odoo.exceptions.ValidationError" and "Traceback" in (
            odd.value.traceback or ""
        )
        return
    with pytest.raises(odoorm.UserError, match="Contacts require a name") as caught:
        env.execute_kw("res.partner", "create", [{"email": "nameless@example.com"}])
    expected = odoorm.UserError if protocol == "xmlrpc" else odoorm.ValidationError
    assert type(caught.value) is expected
    assert isinstance(caught.value, ValueError)


def test_access_refusal(cassette: Any, testbed: Any, protocol: str) -> None:
    demo = testbed.connect_demo_user(protocol)
    assert demo.uid == testbed.server.demo_uid
    with pytest.raises(odoorm.AccessError) as caught:
        demo.execute_kw("res.users", "write", [[2], {"name": "Hacked"}])
    error = caught.value
    assert "You are not allowed to modify 'User' (res.users) records" in error.message
    assert error.server_class == "odoo.exceptions.AccessError"
    assert isinstance(error, PermissionError) and (error.model, error.method) == ("res.users", "write")


def test_private_method_is_an_access_error(env: odoorm.Environment) -> None:
    with pytest.raises(odoorm.AccessError, match="Private methods"):
        env.execute_kw("res.partner", "_compute_display_name", [[3]])


def test_unknown_model(env: odoorm.Environment) -> None:
    with pytest.raises(odoorm.UserError, match="no.such.model") as caught:
        env.execute_kw("no.such.model", "search", [[]])
    assert type(caught.value) is odoorm.UserError


def test_other_server_errors_keep_the_python_class(env: odoorm.Environment) -> None:
    with pytest.raises(odoorm.ServerError) as caught:
        env.execute_kw("res.partner", "write", [[3], {"no_such_field": 1}])
    error = caught.value
    assert type(error) is odoorm.ServerError
    assert error.server_class == ("builtins.KeyError" if env.version >= (19, 0) else "builtins.ValueError")
    assert "no_such_field" in error.message and "Traceback" in (error.traceback or "")


@pytest.mark.odoo(only=19, reason="JSON-2 exists since Odoo 19")
def test_json2_sends_a_call_it_cannot_name_positionally_over_jsonrpc(cassette: Any, testbed: Any) -> None:
    # the demo user may not read /doc-bearer (api_doc's group), so address_get's parameter has no name:
    # nothing is guessed, the call goes as it is over /jsonrpc with the same API key
    demo = testbed.connect_demo_user("json2")
    with demo.count_calls() as calls:
        positional = demo.execute_kw("res.partner", "address_get", [[3], ["invoice"]])
    assert positional == {"contact": 3, "invoice": 3}
    assert calls.keys == ["res.partner.api_doc", "res.partner.address_get"]  # /doc-bearer refused, then /jsonrpc
    by_name = demo.execute_kw("res.partner", "address_get", [[3]], {"adr_pref": ["invoice"]})
    assert by_name == {"contact": 3, "invoice": 3}
