"""Client-side recordset operations answer as the server does, on every recorded version:
``sorted`` places empty many2one values and booleans as ``search(order=...)`` does, and
``filtered_domain`` with an empty ``like`` pattern keeps what ``search`` keeps.

Each test asks the server for the truth over the same records (demo partners, read only, and
three partners of its own), then compares odoorm's client-side answer with it."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from conftest import TestBed

import odoorm
from odoorm.errors import DomainError

ADMIN_UID = 2


@pytest.fixture
def partners(env: odoorm.Environment, testbed: TestBed) -> Iterator[Any]:
    """The first 80 partners (archived ones included) and three of our own, with and without a
    salesperson (the demo partners of Odoo 16 have none), deleted afterwards."""
    model = env["res.partner"].with_context(active_test=False)
    users = (("a, demo's", testbed.server.demo_uid), ("b, admin's", ADMIN_UID), ("c, nobody's", False))
    ours = model.create([{"name": f"odoorm sort: {n}", "user_id": u, "is_company": u == ADMIN_UID} for n, u in users])
    try:
        yield model.search([], limit=80, order="id") | ours
    finally:
        ours.unlink()


def server_order(records: Any, order: str, domain: list[Any] | None = None) -> list[int]:
    """The ids of *records* (matching *domain*) in the server's *order*."""
    return list(records.search([("id", "in", records.ids), *(domain or [])], order=order).ids)


def test_sorted_places_empty_many2one_values_as_the_server(env: odoorm.Environment, partners: Any) -> None:
    """Before, an empty many2one beside a display name raised TypeError ('<' between str and tuple)."""
    orders = ["parent_id, id", "parent_id desc, id", "user_id, id", "user_id desc, id", "user_id desc, name, id"]
    truths = {order: server_order(partners, order) for order in orders}
    with env.count_calls() as calls:
        for order in orders:
            assert partners.sorted(order).ids == truths[order], order
    # the partners' fields in one read, the parents' display names in another (the salespeople's
    # come with user_id's values): batches, not a call per record
    loads = [key for key in calls.keys if not key.endswith("fields_get")]  # metadata aside
    assert loads == ["res.partner.read", "res.partner.read"], calls.keys
    assert partners.filtered(lambda p: not p.parent_id) and partners.filtered("parent_id")
    assert partners.filtered(lambda p: not p.user_id) and len(partners.mapped("user_id")) >= 2
    # reverse reverses the whole comparison: the empty ones first
    assert partners.sorted("parent_id, id", reverse=True).ids == server_order(partners, "parent_id desc, id desc")


def test_sorted_honours_nulls_first_and_last(env: odoorm.Environment, partners: Any) -> None:
    """Before, ``nulls first``/``nulls last`` were ignored. The server's answer here is two searches
    (the non-empty ones in its order, then the empty ones), as Odoo 16's ``search`` reads no ``nulls``."""
    for field, direction, nulls in (("user_id", "desc", "last"), ("parent_id", "asc", "first")):
        filled = server_order(partners, f"{field} {direction}, id", [(field, "!=", False)])
        empty = server_order(partners, "id", [(field, "=", False)])
        expected = empty + filled if nulls == "first" else filled + empty
        assert partners.sorted(f"{field} {direction} nulls {nulls}, id").ids == expected
    with env.count_calls() as calls, pytest.raises(DomainError, match="'name sideways'"):
        partners.sorted("name sideways, id")
    assert calls.total == 0


def test_sorted_puts_false_before_true_as_the_server(env: odoorm.Environment, partners: Any) -> None:
    """Before, a boolean False counted as empty: ``sorted("is_company")`` put True first."""
    assert set(partners.mapped("is_company")) == {True, False}
    for order in ("is_company, id", "is_company desc, id", "is_company, name desc, id"):
        assert partners.sorted(order).ids == server_order(partners, order), order
    assert partners.sorted("is_company, id", reverse=True).ids == server_order(partners, "is_company desc, id desc")


#: Empty patterns: ``like ''`` keeps every record, the empty ones too; the other operators are asked of
#: the server (``not like ''`` keeps the empty values on Odoo 16 and 17, nothing since 18;
#: ``=like ''`` the other way round).
EMPTY_PATTERNS: list[list[Any]] = [
    [("street", "like", "")],
    [("street", "ilike", "")],
    [("street", "like", False)],
    [("email", "ilike", ""), ("is_company", "=", True)],
    ["|", ("street", "like", ""), ("id", "=", 0)],
    [("parent_id.street", "ilike", "")],
]
ASKED: list[list[Any]] = [
    [("street", "not like", "")],
    [("street", "=like", "")],
    [("parent_id", "ilike", "")],
]


def test_filtered_domain_with_an_empty_like_pattern_keeps_what_the_server_keeps(
    env: odoorm.Environment, partners: Any
) -> None:
    """Before, ``like ''`` left out the records with no value (41 of 80 partners kept on Odoo 19)."""
    truths = {repr(domain): server_order(partners, "id", domain) for domain in EMPTY_PATTERNS + ASKED}
    assert len(truths[repr(EMPTY_PATTERNS[0])]) == len(partners)
    with env.count_calls() as calls:
        assert partners.filtered_domain(EMPTY_PATTERNS[0]) == partners
    assert calls.total == 0  # every record matches: nothing to load
    assert partners.filtered(lambda p: not p.street) and partners.filtered("street")  # both kinds here
    with env.count_calls() as calls:
        for domain in EMPTY_PATTERNS:
            assert sorted(partners.filtered_domain(domain).ids) == truths[repr(domain)], domain
    assert calls.total == 0, calls.keys  # the fields loaded with street, the parents among the partners
    with env.count_calls() as calls:
        for domain in ASKED:
            assert sorted(partners.filtered_domain(domain).ids) == truths[repr(domain)], domain
    assert calls.keys == ["res.partner.search"] * len(ASKED)
