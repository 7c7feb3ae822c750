"""Bad input gets a clear, typed error before anything is sent — or correct behaviour."""

from __future__ import annotations

import datetime as dt
import pickle
from typing import Any

import pytest

import odoorm

WRITES = ("write", "create", "web_save_multi", "unlink")


def data_calls(calls: Any) -> list[str]:
    """The calls that are not metadata reads."""
    return [key for key in calls.keys if not key.endswith((".fields_get",)) and not key.startswith("ir.model.")]


@pytest.fixture
def partners(env: odoorm.Environment) -> Any:
    return env["res.partner"]


def test_unknown_model(env: odoorm.Environment) -> None:
    with pytest.raises(odoorm.UnknownModelError, match="'res.partnerz'; did you mean 'res.partner'"):
        env["res.partnerz"]


@pytest.mark.parametrize(
    "action",
    [
        lambda p: p.browse(3).read(["nmae"]),
        lambda p: p.browse(3).write({"nmae": "x"}),
        lambda p: p.search([("nmae", "=", "x")]),
        lambda p: p.search([], order="nmae desc"),
        lambda p: p.search_read([], ["nmae"]),
        lambda p: p.search_count(["|", ("name", "=", "a"), ("nmae", "=", "b")]),
        lambda p: p.create({"nmae": "x"}),
    ],
    ids=["read", "write", "domain", "order", "search_read fields", "nested domain", "create"],
)
def test_unknown_field_everywhere(partners: Any, action: Any) -> None:
    expected = "res.partner has no field 'nmae'; did you mean 'name'"
    with partners.env.count_calls() as calls, pytest.raises(odoorm.UnknownFieldError, match=expected):
        action(partners)
    assert data_calls(calls) == []


@pytest.mark.parametrize(
    ("domain", "message"),
    [
        ("name = x", "a domain is a list"),
        ([("name", "=")], "is not \\(field, operator, value\\)"),
        ([("name", "equals", "x")], "unknown domain operator 'equals'"),
        (["|", ("name", "=", "x")], "'\\|' at position 0 lacks operands"),
        ([(3, "=", 4)], "starts with a field name"),
    ],
)
def test_malformed_domains(partners: Any, domain: Any, message: str) -> None:
    with pytest.raises(odoorm.DomainError, match=message):
        partners.search(domain)


def test_well_formed_domains_pass(partners: Any) -> None:
    assert partners.search_count([(1, "=", 1), ("id", "=", 3)]) == 1  # TRUE_LEAF
    assert partners.search_count(["!", ("id", "!=", 3), ("active", "=", True)]) == 1  # implicit "&"
    assert partners.search_count(["|", ("id", "=", 3), ("id", "=", 1), ("country_id.code", "=", "US")]) == 2


@pytest.mark.parametrize(
    ("field", "value", "expected"),
    [
        ("name", 42, "expects a str"),
        ("name", b"\xff\xfe", "decode bytes first"),
        ("color", "red", "expects an int"),
        ("color", 2**40, "32-bit integer"),
        ("partner_latitude", "50.8", "expects a number"),
        ("is_company", "yes", "expects a bool"),
        ("type", "boss", "expects one of 'contact'"),
        ("country_id", "BE", "res.country record or id"),
        ("country_id", "odd", "res.country record or id"),
        ("category_id", "tags", "records, ids or commands"),
        ("image_1920", "not bytes", "expects bytes"),
    ],
)
def test_wrong_value_types(partners: Any, field: str, value: Any, expected: str) -> None:
    record = partners.browse(3)
    with partners.env.count_calls() as calls, pytest.raises(odoorm.FieldValueError, match=expected) as refused:
        setattr(record, field, value)
    assert isinstance(refused.value, TypeError) and f"res.partner.{field}" in str(refused.value)
    assert not [key for key in calls.keys if key.split(".")[-1] in WRITES] and partners.env.pending() == []


def test_dates_and_datetimes_are_checked(env: odoorm.Environment) -> None:
    order = env["sale.order"].browse(1)
    with pytest.raises(odoorm.FieldValueError, match="ISO date"):
        order.validity_date = "2026-13-01"
    with pytest.raises(odoorm.FieldValueError, match="a datetime.date"):
        order.validity_date = dt.datetime(2026, 1, 1)
    with pytest.raises(odoorm.FieldValueError, match="ISO datetime"):
        order.date_order = "yesterday"
    assert env.pending() == []


@pytest.mark.parametrize("ids", [["7"], [1.5], [True], [None]])
def test_ids_must_be_integers(partners: Any, ids: list[Any]) -> None:
    with pytest.raises(odoorm.RecordError, match="ids are integers"):
        partners.browse(ids)


def test_huge_id_lists_are_read_in_chunks(partners: Any) -> None:
    many = partners.browse(range(1, 2501))
    with partners.env.count_calls() as calls:
        rows = many.read(["name"])
    assert calls.keys == ["res.partner.read"] * 3 and {row["id"] for row in rows} >= {1, 3}


def test_control_characters(env: odoorm.Environment, protocol: str) -> None:
    partner = env["res.partner"].create({"name": "odoorm control"})
    try:
        text = "tab\there\nnew line \x07 bell"
        if protocol == "xmlrpc":
            with pytest.raises(odoorm.MarshalError, match="control character"):
                partner.write({"comment": text})
        else:
            partner.write({"function": "tab\there"})
            assert partner.function == "tab\there"
        with pytest.raises(odoorm.MarshalError, match="lone surrogate"):
            partner.write({"function": "broken \ud800 text"})
    finally:
        partner.unlink()


def test_values_no_protocol_can_carry(partners: Any) -> None:
    with pytest.raises(odoorm.MarshalError, match="non-finite"):
        partners.browse(3).write({"partner_latitude": float("nan")})
    with pytest.raises(odoorm.MarshalError, match="cannot send a object"):
        partners.env.execute_kw("res.partner", "search", [[("id", "=", object())]])


def test_no_secret_in_pickles(env: odoorm.Environment) -> None:
    for thing in (env, env["res.partner"].browse(3), env._info, env._transport.login):
        with pytest.raises(TypeError, match="refuses to pickle a secret"):
            pickle.dumps(thing)
