"""The "learned" prefetch policy on the recorded servers: a loop that is run again costs one call,
the relations it goes through included, for as many records as the value budget of a learned load
allows (at least 1000) — on Odoo 17 and later, whose ``web_search_read`` takes a specification.
On Odoo 16 the learned search brings the loop's own fields (``search_read``) and each relation
costs one read per model, never one per record (the first test)."""

from __future__ import annotations

from types import SimpleNamespace
from typing import Any

import pytest

import odoorm
from odoorm.orm import learned_reads, prefetch
from odoorm.orm.learned_reads import (
    PREFETCH_MAX,
    VALUE_BUDGET,
    X2MANY_FANOUT,
    learned_bound,
    learned_spec,
    values_per_record,
)

BENCH = [("ref", "=like", "odoorm-bench-%")]
NINE = [("ref", "=like", "odoorm-bench-000%")]  # Bench Company 0001 to 0009
SPECIFICATIONS = pytest.mark.odoo(
    since=17, reason="one-call learned loads are web_read specifications, which Odoo 17 brought"
)


def warm(env: odoorm.Environment, *models: str) -> None:
    """Classes built and the version known, so call counts show data calls only."""
    for model in models:
        env[model]
    assert env.version >= (16, 0)  # known before counting (no call on JSON-2)


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
    if env.version >= (17, 0):
        assert calls.keys == ["res.partner.web_search_read"]  # search, partners, countries and tags at once
    else:  # Odoo 16: the search brings the loop's fields; each relation, one read of its model for all 200
        assert calls.keys == ["res.partner.search_read", "res.country.read", "res.partner.category.read"]
    assert second == first and len(second) == 200 and second[0][0] == "Bench Company 0001"
    assert all(country and len(tags) == 2 for _, _, country, tags in second)
    with env.count_calls() as calls:
        codes = {p.country_id.display_name for p in env["res.partner"].search(BENCH, limit=200, order="id", fetch=[])}
    assert calls.keys == ["res.partner.search"]  # fetch=[]: ids only; the rest was cached by the search before
    assert codes == {row[2] for row in first}


@SPECIFICATIONS
def test_without_a_limit_the_search_brings_ids_and_one_load_brings_the_rest(env: odoorm.Environment) -> None:
    warm(env, "res.partner", "res.country", "res.partner.category")
    first = loop(env["res.partner"].search(NINE, order="id"))
    env.invalidate()
    with env.count_calls() as calls:
        second = loop(env["res.partner"].search(NINE, order="id"))
    assert calls.keys == ["res.partner.search", "res.partner.web_read"]  # one load, the hops included
    assert second == first and [row[0] for row in second] == [f"Bench Company 000{n}" for n in range(1, 10)]


@SPECIFICATIONS
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


@SPECIFICATIONS
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


# ---------------------------------------------------------------- the value budget of learned loads


def bench_values(partners: odoorm.Model) -> list[tuple[Any, ...]]:
    """The benchmark's "scale" loop: plain fields and a many2one's display name (no hop)."""
    return [(p.name, p.ref, p.is_company, p.country_id.display_name) for p in partners]


@SPECIFICATIONS
def test_a_repeated_loop_over_more_than_1000_records_costs_one_call(env: odoorm.Environment) -> None:
    warm(env, "res.partner", "res.country", "res.partner.category")
    loop(env["res.partner"].search(NINE, order="id"))  # learns name, email, country and tags
    env.invalidate()
    with env.count_calls() as calls:
        limited = loop(env["res.partner"].search(BENCH, limit=1500, order="id"))
    assert calls.keys == ["res.partner.web_search_read"]  # 1500 partners, their countries and tags at once
    env.invalidate()
    with env.count_calls() as calls:
        everything = loop(env["res.partner"].search(BENCH, order="id"))
    assert calls.keys == ["res.partner.search", "res.partner.web_read"]  # ids, then 2000 partners in one load
    assert len(everything) == 2000 and limited == everything[:1500]
    assert [row[0] for row in everything[::999]] == ["Bench Company 0001", "Bench Company 1000", "Bench Company 1999"]
    assert all(email and country and len(tags) == 2 for _, email, country, tags in everything)


@SPECIFICATIONS
@pytest.mark.parametrize("protocol", ["json2"])  # the first loads' answers are large: one protocol is enough
def test_the_first_run_over_more_than_1000_records_is_unchanged(env: odoorm.Environment) -> None:
    warm(env, "res.partner", "res.country", "res.partner.category")
    with env.count_calls() as calls:
        first = loop(env["res.partner"].search(BENCH, limit=1500, order="id"))
    assert calls.keys == [  # the cheap set of 1000 records, then a learned load of the other 500
        "res.partner.search",
        "res.partner.read",
        "res.country.read",
        "res.partner.category.read",
        "res.partner.web_read",
    ]
    assert len(first) == 1500 and first[-1][0] == "Bench Company 1500"


@SPECIFICATIONS
def test_a_learned_plain_read_uses_the_budget_too(env: odoorm.Environment) -> None:
    warm(env, "res.partner", "res.country")
    first = bench_values(env["res.partner"].search(NINE, order="id"))  # learns 4 fields, no hop
    env.invalidate()
    with env.count_calls() as calls:
        everything = bench_values(env["res.partner"].search(BENCH, order="id"))
    assert calls.keys == ["res.partner.search", "res.partner.read"]  # one read of 2000 partners
    env.invalidate()
    with env.count_calls() as calls:
        limited = bench_values(env["res.partner"].search(BENCH, limit=2000, order="id"))
    assert calls.keys == ["res.partner.web_search_read"]
    assert limited == everything and len(everything) == 2000 and everything[:9] == first
    assert everything[0][:3] == ("Bench Company 0001", "odoorm-bench-0001", True) and all(r[3] for r in everything)


@SPECIFICATIONS
def test_learned_loads_read_chunks_of_the_bound(env: odoorm.Environment, monkeypatch: pytest.MonkeyPatch) -> None:
    warm(env, "res.partner", "res.country", "res.partner.category")
    first = loop(env["res.partner"].search(NINE, order="id"))
    partners = env["res.partner"]
    values = values_per_record(env, type(partners), learned_spec(partners) or {})
    monkeypatch.setattr(prefetch, "PREFETCH_MAX", 2)
    monkeypatch.setattr(learned_reads, "PREFETCH_MAX", 2)
    monkeypatch.setattr(learned_reads, "VALUE_BUDGET", 4 * values)  # a bound of 4 records
    env.invalidate()
    with env.count_calls() as calls:
        assert loop(env["res.partner"].search(NINE, limit=4, order="id")) == first[:4]
    assert calls.keys == ["res.partner.web_search_read"]
    env.invalidate()
    with env.count_calls() as calls:
        assert loop(env["res.partner"].search(NINE, order="id")) == first
    assert calls.keys == ["res.partner.search", *["res.partner.web_read"] * 3]  # 4 + 4 + 1
    monkeypatch.setattr(learned_reads, "VALUE_BUDGET", 0)  # at the floor: PREFETCH_MAX records a load
    env.invalidate()
    with env.count_calls() as calls:
        assert loop(env["res.partner"].search(NINE, limit=4, order="id")) == first[:4]
    assert calls.keys == ["res.partner.search", *["res.partner.web_read"] * 2]  # 2 + 2


def _stub_field(kind: str, relation: str | None = None) -> Any:
    return SimpleNamespace(type=kind, spec=SimpleNamespace(relation=relation))


def test_the_learned_bound_counts_the_values_of_a_record() -> None:
    country = SimpleNamespace(_fields={"name": _stub_field("char"), "display_name": _stub_field("char")})
    partner = SimpleNamespace(
        _fields={
            "name": _stub_field("char"),
            "ref": _stub_field("char"),
            "is_company": _stub_field("boolean"),
            "country_id": _stub_field("many2one", "res.country"),
            "category_id": _stub_field("many2many", "res.partner.category"),
        }
    )
    env: Any = SimpleNamespace(registry=SimpleNamespace(loaded={"res.country": country}.get))
    many2one = {"fields": {"display_name": {}}}

    def bound(spec: dict[str, Any]) -> int:
        return learned_bound(env, partner, spec)  # type: ignore[arg-type]

    plain = {"name": {}, "ref": {}, "is_company": {}, "country_id": many2one}
    assert bound(plain) == VALUE_BUDGET // 5  # read's [id, name] of a many2one: 2 values
    hops = {"name": {}, "country_id": {"fields": {"name": {}, "display_name": {}}}, "category_id": {}}
    assert bound(hops) == VALUE_BUDGET // (1 + 3 + X2MANY_FANOUT)  # an x2many's ids: X2MANY_FANOUT
    tags = {"category_id": {"fields": {"name": {}, "color": {}}}}  # a comodel not built: its fields count 1
    assert bound(tags) == VALUE_BUDGET // (X2MANY_FANOUT * 3)
    assert bound({}) == VALUE_BUDGET and bound({"unknown": {}}) == VALUE_BUDGET
    wide = {f"x_field_{n}": {} for n in range(VALUE_BUDGET // PREFETCH_MAX * 2)}  # a cheap-set sized load
    assert bound(wide) == PREFETCH_MAX  # never fewer than 1000 records
