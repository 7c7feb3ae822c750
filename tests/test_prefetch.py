"""The "learned" prefetch policy on the recorded Odoo 19 server: a loop that is run again costs one
call per 1000 records, the relations it goes through included."""

from __future__ import annotations

from typing import Any

import odoorm

BENCH = [("ref", "=like", "odoorm-bench-%")]
NINE = [("ref", "=like", "odoorm-bench-000%")]  # Bench Company 0001 to 0009


def warm(env: odoorm.Environment, *models: str) -> None:
    """Classes built and the version known, so call counts show data calls only."""
    for model in models:
        env[model]
    assert env.version >= (17, 0)  # learned loads use web_read specifications (no call on JSON-2)


def loop(partners: odoorm.Model) -> list[tuple[Any, ...]]:
    return [(p.name, p.email, p.country_id.name, p.category_id.mapped("name")) for p in partners]


def test_a_repeated_loop_costs_one_call(env: odoorm.Environment) -> None:
    warm(env, "res.partner", "res.country", "res.partner.category")
    with env.count_calls() as calls:
        first = loop(env["res.partner"].search(BENCH, limit=200, order="id"))
    assert calls.keys == ["res.partner.search", "res.partner.read", "res.country.read", "res.partner.category.read"]
    env.invalidate()
    with env.count_calls() as calls:
        second = loop(env["res.partner"].search(BENCH, limit=200, order="id"))
    assert calls.keys == ["res.partner.web_search_read"]  # search, partners, countries and tags at once
    assert second == first and len(second) == 200 and second[0][0] == "Bench Company 0001"
    assert all(country and len(tags) == 2 for _, _, country, tags in second)
    with env.count_calls() as calls:
        codes = {p.country_id.display_name for p in env["res.partner"].search(BENCH, limit=200, order="id", fetch=[])}
    assert calls.keys == ["res.partner.search"]  # fetch=[]: ids only; the rest was cached by the search before
    assert codes == {row[2] for row in first}


def test_without_a_limit_the_search_brings_ids_and_one_load_brings_the_rest(env: odoorm.Environment) -> None:
    warm(env, "res.partner", "res.country", "res.partner.category")
    first = loop(env["res.partner"].search(NINE, order="id"))
    env.invalidate()
    with env.count_calls() as calls:
        second = loop(env["res.partner"].search(NINE, order="id"))
    assert calls.keys == ["res.partner.search", "res.partner.web_read"]  # one load, the hops included
    assert second == first and [row[0] for row in second] == [f"Bench Company 000{n}" for n in range(1, 10)]


def test_the_learned_hops_go_two_relations_deep(env: odoorm.Environment) -> None:
    warm(env, "sale.order", "res.partner", "res.country")

    def codes() -> list[tuple[str, str | None]]:
        orders = env["sale.order"].search([], limit=20, order="id")
        return [(o.name, o.partner_id.country_id.code) for o in orders]

    with env.count_calls() as calls:
        first = codes()
    assert calls.keys == ["sale.order.search", "sale.order.read", "res.partner.read", "res.country.read"]
    env.invalidate()
    with env.count_calls() as calls:
        assert codes() == first and any(code for _, code in first)
    assert calls.keys == ["sale.order.web_search_read"]


def test_other_policies_keep_plain_searches_and_reads(env: odoorm.Environment) -> None:
    warm(env, "res.partner", "res.country", "res.partner.category")
    env.prefetch = "cheap"
    first = loop(env["res.partner"].search(BENCH, limit=50, order="id"))
    env.invalidate()
    with env.count_calls() as calls:
        assert loop(env["res.partner"].search(BENCH, limit=50, order="id")) == first
    assert calls.keys == ["res.partner.search", "res.partner.read", "res.country.read", "res.partner.category.read"]


def test_pending_changes_are_flushed_before_the_search_that_brings_values(env: odoorm.Environment) -> None:
    warm(env, "res.partner", "res.country", "res.partner.category")
    loop(env["res.partner"].search(NINE, limit=9, order="id"))  # learns name, email, country and tags
    partners = env["res.partner"].search(NINE, limit=9, order="id")
    try:
        partners[0].email = "pending@bench.example.com"
        with env.count_calls() as calls:
            again = env["res.partner"].search(NINE, limit=9, order="id")  # the flush goes first
        assert calls.keys == ["res.partner.write", "res.partner.web_search_read"]
        assert again[0].email == "pending@bench.example.com" and again == partners
    finally:
        partners[0].email = "company0001@bench.example.com"
        env.flush()
