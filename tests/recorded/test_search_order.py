"""Search orders checked before sending: every term of Odoo's syntax is accepted
(``field [asc|desc] [nulls first|nulls last]``, ``nulls`` since Odoo 17) and sent as given; a term
the server cannot read is refused with a ``DomainError`` and nothing is sent."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

import odoorm
from odoorm.errors import DomainError


@pytest.fixture
def domain(env: odoorm.Environment) -> Iterator[list[Any]]:
    """The first demo partners and one of our own without an email."""
    bare = env["res.partner"].create({"name": "odoorm order: no email", "email": False})
    yield ["|", ("id", "<=", 40), ("id", "=", bare.id)]
    bare.unlink()


def test_nulls_first_and_last_are_sent_as_given(env: odoorm.Environment, domain: list[Any]) -> None:
    partners = env["res.partner"]
    order = "email desc nulls last, id"
    if env.version < (17, 0):
        with env.count_calls() as calls, pytest.raises(DomainError) as refused:
            partners.search(domain, order=order)
        assert calls.total == 0  # the version is known: refused before sending
        assert "'nulls first' / 'nulls last' in an order needs Odoo 17 or later" in str(refused.value)
        return
    raw = env.execute_kw("res.partner", "search", [domain], {"order": order})
    with env.count_calls() as calls:
        found = partners.search(domain, order=order)
    assert calls.total == 1 and found.ids == raw
    emails = partners.browse(raw).mapped("email")
    assert not emails[-1] and emails[0]  # the partners without an email come last
    first = partners.search(domain, order="email asc nulls first, id")
    assert first.ids == env.execute_kw("res.partner", "search", [domain], {"order": "email asc nulls first, id"})
    assert not first[0].email


@pytest.mark.parametrize(
    "order", ["name sideways", "name asc nulls", "name nulls middle", "name desc asc", "name, , id"]
)
def test_unreadable_orders_are_refused_before_sending(env: odoorm.Environment, order: str) -> None:
    partners = env["res.partner"]
    with env.count_calls() as calls, pytest.raises(DomainError) as refused:
        partners.search([], order=order)
    assert calls.total == 0
    assert f"cannot read the order {order!r}" in str(refused.value)
    assert "'field [asc|desc] [nulls first|nulls last]'" in str(refused.value)
