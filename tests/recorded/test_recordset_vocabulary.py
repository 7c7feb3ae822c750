"""Odoo's recordset vocabulary on the recorded Odoo 19 server: methods on empty recordsets,
``filtered_domain`` and ``grouped`` (issue 21)."""

from __future__ import annotations

import json
import xmlrpc.client
from collections.abc import Iterator
from typing import Any

import pytest

import odoorm


@pytest.fixture
def bodies(env: odoorm.Environment, monkeypatch: pytest.MonkeyPatch) -> Iterator[list[tuple[str, Any]]]:
    """``(path, decoded body)`` of every request sent from now on."""
    sent: list[tuple[str, Any]] = []
    channel = env._transport.channel
    post = channel.post

    def spy(path: str, body: bytes, *args: Any, **kwargs: Any) -> Any:
        decoded = xmlrpc.client.loads(body)[0] if path.startswith("/xmlrpc") else json.loads(body or b"null")
        sent.append((path, decoded))
        return post(path, body, *args, **kwargs)

    monkeypatch.setattr(channel, "post", spy)
    yield sent


def record_ids(env: odoorm.Environment, body: Any) -> Any:
    """The ids a record-method request carried."""
    if env.protocol == "json2":
        return body["ids"]
    return list(body[5][0]) if env.protocol == "xmlrpc" else body["params"]["args"][5][0]


def test_a_method_on_an_empty_recordset_is_called_on_no_records(
    env: odoorm.Environment, bodies: list[tuple[str, Any]]
) -> None:
    """``action_confirm`` is not in odoorm's table of signatures: before, an empty recordset sent no
    ids at all and the server answered IndexError; Odoo itself calls the method on no records."""
    orders = env["sale.order"].search([("state", "=", "draft")], limit=2)
    env["sale.order"].browse([]).action_confirm()
    orders.filtered(lambda o: False).action_confirm()
    confirms = [body for path, body in bodies if "action_confirm" in path + json.dumps(body, default=str)]
    assert len(confirms) == 2 and [record_ids(env, body) for body in confirms] == [[], []]
    assert set(orders.mapped("state")) <= {"draft"}  # nothing confirmed


DOMAINS: list[list[Any]] = [
    [("is_company", "=", True)],
    [("is_company", "!=", True), ("active", "=", True)],
    [("name", "ilike", "an")],
    [("name", "not ilike", "an")],
    ["|", ("name", "=like", "A%"), ("email", "!=", False)],
    [("email", "=", False)],
    [("name", "=ilike", "%inc%"), ("name", "like", "In")],
    ["!", ("country_id.code", "in", ["US", "BE"])],
    [("country_id.code", "not in", ["US", "BE"])],
    [("parent_id.name", "not ilike", "deco")],
    [("parent_id.country_id.code", "=", "US")],
    [("parent_id", "=", False)],
    [("parent_id", "!=", False), ("color", ">=", 1)],
    [("color", "<", 3), ("id", ">", 10)],
    [("type", "in", ["contact", "invoice"])],
    [("city", "!=", "Tracy")],
]


def test_filtered_domain_evaluates_loaded_values_as_the_server_does(env: odoorm.Environment) -> None:
    partners = env["res.partner"].with_context(active_test=False).search([], limit=80, order="id desc")
    truths = {}
    for domain in DOMAINS:  # what the server itself says
        found = env["res.partner"].with_context(active_test=False).search([("id", "in", partners.ids), *domain])
        truths[repr(domain)] = set(found.ids)
    with env.count_calls() as calls:
        for domain in DOMAINS:
            matched = partners.filtered_domain(domain)
            assert set(matched.ids) == truths[repr(domain)], domain
            assert matched.ids == [p.id for p in partners if p.id in truths[repr(domain)]]  # the order kept
    loads = [key for key in calls.keys if not key.endswith(("fields_get", "version"))]  # metadata aside
    assert set(loads) <= {"res.partner.read", "res.partner.web_read", "res.country.read", "res.country.web_read"}
    assert calls.total <= 10  # batched loads, not one per record


def test_filtered_domain_asks_the_server_for_an_x2many_path(env: odoorm.Environment) -> None:
    partners = env["res.partner"].search([("is_company", "=", True)], limit=10, order="id")
    with env.count_calls() as calls:
        with_children = partners.filtered_domain([("child_ids.name", "!=", False)])
    assert calls.keys == ["res.partner.search"]
    assert with_children.ids == [p.id for p in partners if p.child_ids]


def test_grouped(env: odoorm.Environment) -> None:
    partners = env["res.partner"].search([("name", "ilike", "a")], limit=8, order="id")
    groups = partners.grouped("is_company")
    assert set(groups) <= {True, False} and sum(len(g) for g in groups.values()) == len(partners)
    assert groups.get(True, env["res.partner"]) == partners.filtered("is_company")
    by_country = partners.grouped("country_id")  # records are keys, as in Odoo
    assert all(records.mapped("country_id") == key for key, records in by_country.items())
