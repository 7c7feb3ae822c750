"""``Model.read_groups``: one group-by call answering the same rows on Odoo 19, 18, 17 and 16
(the test bed runs each test on every version and protocol).

Every expected row is computed here from the same records read raw (``search_read``) in the same
cassette, so the tests check the server's groups against the data, not against a copy of the answer.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterator
from typing import Any

import pytest

import odoorm
from odoorm.errors import DomainError

SALES = [("state", "in", ["draft", "sent", "sale"])]


def _month(value: str) -> dt.datetime:
    return dt.datetime.fromisoformat(value).replace(day=1, hour=0, minute=0, second=0, tzinfo=dt.timezone.utc)


def major(env: odoorm.Environment) -> int:
    """The server's major version (asked once per connection, so before counting calls)."""
    return int(env.version.info[0])


def raw_rows(env: odoorm.Environment, model: str, domain: list[Any], fields: list[str]) -> list[dict[str, Any]]:
    """``search_read`` as the server answers it, ordered by id: what the tests compare with."""
    return list(env.execute_kw(model, "search_read", [domain], {"fields": fields, "order": "id"}))


def _group_call(env: odoorm.Environment) -> str:
    return "formatted_read_group" if major(env) >= 19 else "read_group"


def test_sales_per_partner_and_month_in_one_call(env: odoorm.Environment) -> None:
    orders = env["sale.order"].with_context(tz="UTC")  # months in UTC, as computed below
    call = _group_call(env)
    with env.count_calls() as calls:
        rows = orders.read_groups(
            SALES,
            ["partner_id", "date_order:month"],
            ["__count", "amount_total:sum", "amount_total:max"],
            order="amount_total:sum desc",
        )
    assert calls.keys == [f"sale.order.{call}"]

    expected: dict[tuple[Any, ...], list[float]] = defaultdict(list)
    for order in raw_rows(env, "sale.order", SALES, ["partner_id", "date_order", "amount_total"]):
        expected[(tuple(order["partner_id"]), _month(order["date_order"]))].append(order["amount_total"])
    got = {(row["partner_id"], row["date_order:month"]): row for row in rows}
    assert set(got) == set(expected) and len(rows) == len(expected) > 3
    for key, amounts in expected.items():
        row = got[key]
        assert row["__count"] == len(amounts) and row["amount_total:max"] == max(amounts)
        assert row["amount_total:sum"] == pytest.approx(sum(amounts))
        assert list(row) == ["partner_id", "date_order:month", "__count", "amount_total:sum", "amount_total:max"]
    sums = [row["amount_total:sum"] for row in rows]
    assert sums == sorted(sums, reverse=True)


def test_groups_ordered_by_their_count_in_one_call(env: odoorm.Environment) -> None:
    """Odoo 16 cannot order its read_group by ``__count``: the same count goes as an aggregate it can."""
    orders, call = env["sale.order"], _group_call(env)
    with env.count_calls() as calls:
        rows = orders.read_groups(SALES, ["partner_id"], ["__count"], order="__count desc, partner_id")
    assert calls.keys == [f"sale.order.{call}"]
    counts: dict[tuple[Any, ...], int] = defaultdict(int)
    for order in raw_rows(env, "sale.order", SALES, ["partner_id"]):
        counts[tuple(order["partner_id"])] += 1
    assert {row["partner_id"]: row["__count"] for row in rows} == counts and len(counts) > 3
    assert [row["__count"] for row in rows] == sorted(counts.values(), reverse=True)
    assert all(list(row) == ["partner_id", "__count"] for row in rows)


@pytest.fixture
def stateless(env: odoorm.Environment) -> Iterator[int]:
    """A partner without a country, for the empty group."""
    partner = env["res.partner"].create({"name": "odoorm groups: no country", "country_id": False})
    yield partner.id
    partner.unlink()


def test_empty_groups_are_none_and_booleans_stay_booleans(env: odoorm.Environment, stateless: int) -> None:
    partners, _ = env["res.partner"], major(env)  # the version is asked once per connection
    domain = ["|", ("id", "<=", 20), ("id", "=", stateless)]
    with env.count_calls() as calls:
        rows = partners.read_groups(domain, ["is_company", "country_id"], ["__count", "id:min"])
    assert calls.total == 1

    expected: dict[tuple[Any, ...], list[int]] = defaultdict(list)
    for partner in raw_rows(env, "res.partner", domain, ["is_company", "country_id"]):
        country = tuple(partner["country_id"]) if partner["country_id"] else None
        expected[(partner["is_company"], country)].append(partner["id"])
    assert {(r["is_company"], r["country_id"]): (r["__count"], r["id:min"]) for r in rows} == {
        key: (len(ids), min(ids)) for key, ids in expected.items()
    }
    assert expected[(False, None)] == [stateless]
    assert all(isinstance(row["is_company"], bool) for row in rows)


def test_groups_as_a_typed_dataframe(env: odoorm.Environment) -> None:
    pd = pytest.importorskip("pandas")
    orders = env["sale.order"].with_context(tz="UTC")
    rows = orders.read_groups(SALES, ["partner_id", "date_order:month"], ["__count", "amount_total:sum"])
    with env.count_calls() as calls:
        frame = rows.to_dataframe()
    assert calls.total == 0
    assert list(frame.columns) == ["partner_id", "partner_id.id", "date_order:month", "__count", "amount_total:sum"]
    assert str(frame["partner_id.id"].dtype) == "Int64" and str(frame["__count"].dtype) == "Int64"
    assert str(frame["date_order:month"].dtype).startswith("datetime64") and frame["amount_total:sum"].dtype == float
    for position, row in enumerate(rows):
        assert frame["partner_id"].iloc[position] == row["partner_id"][1]
        assert frame["partner_id.id"].iloc[position] == row["partner_id"][0]
        assert frame["date_order:month"].iloc[position] == pd.Timestamp(row["date_order:month"])
    pl = pytest.importorskip("polars")
    polars = rows.to_polars()
    assert polars.columns == list(frame.columns) and polars["__count"].to_list() == [r["__count"] for r in rows]
    assert polars.schema["date_order:month"] == pl.Datetime("us", "UTC")


def test_bad_specs_are_refused_before_sending(env: odoorm.Environment) -> None:
    orders = env["sale.order"]
    version = major(env)
    with env.count_calls() as calls:
        with pytest.raises(DomainError, match=r"sale\.order: .*'amount_total:total'"):
            orders.read_groups([], ["partner_id"], ["amount_total:total"])
        with pytest.raises(DomainError, match=r"group the datetime 'date_order' by one of .*date_order:month"):
            orders.read_groups([], ["date_order"])
        with pytest.raises(DomainError, match="a granularity applies to a date or datetime, not a char"):
            orders.read_groups([], ["name:month"])
        with pytest.raises(odoorm.UnknownFieldError):
            orders.read_groups([], ["no_such_field"])
        if version < 19:
            with pytest.raises(DomainError, match="having needs Odoo 19"):
                orders.read_groups([], ["partner_id"], having=[("__count", ">", 1)])
            with pytest.raises(DomainError, match=r"grouping by a path \('partner_id.country_id'\) needs Odoo 19"):
                orders.read_groups([], ["partner_id.country_id"])
        if version < 18:
            with pytest.raises(DomainError, match="date parts need Odoo 18; group by 'date_order:day'"):
                orders.read_groups([], ["date_order:day_of_week"])
    assert set(calls.keys) <= {"sale.order.fields_get"}  # nothing but the metadata, once


@pytest.mark.odoo(since=19, reason="grouping by a path and having need Odoo 19's formatted_read_group")
def test_a_path_and_having_on_odoo_19(env: odoorm.Environment) -> None:
    orders, _, _ = env["sale.order"], major(env), env["res.partner"]._field("country_id")
    with env.count_calls() as calls:
        rows = orders.read_groups(
            SALES, ["partner_id.country_id"], ["__count", "amount_total:sum"], having=[("__count", ">", 1)]
        )
    assert calls.keys == ["sale.order.formatted_read_group"]

    raw = raw_rows(env, "sale.order", SALES, ["partner_id", "amount_total"])
    partner_ids = sorted({order["partner_id"][0] for order in raw})
    partners = raw_rows(env, "res.partner", [("id", "in", partner_ids)], ["country_id"])
    countries = {p["id"]: p["country_id"] for p in partners}
    expected: dict[Any, list[float]] = defaultdict(list)
    for order in raw:
        country = countries[order["partner_id"][0]]
        expected[tuple(country) if country else None].append(order["amount_total"])
    kept = {key: amounts for key, amounts in expected.items() if len(amounts) > 1}
    assert {row["partner_id.country_id"]: row["__count"] for row in rows} == {k: len(v) for k, v in kept.items()}
    for row in rows:
        assert row["amount_total:sum"] == pytest.approx(sum(kept[row["partner_id.country_id"]]))
