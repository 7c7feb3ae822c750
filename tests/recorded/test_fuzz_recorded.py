"""Fuzzed inputs against the real (recorded) Odoo 19 server, over each protocol.

The same kinds of inputs as tests/orm/test_fuzz.py — model and method names, values, ids, domains — but
drawn once from a seeded :class:`random.Random` (stable across Python releases, unlike a property
library's generator), so that the requests are the same at every run and can be recorded and
replayed. The properties hold against the real server:

- every call ends in a result or an odoorm error; the server never has to answer with anything but
  a well-formed Odoo result or fault (no ``TransportError``);
- an input refused client-side sends nothing;
- a server fault keeps its Odoo class (``server_class`` is set).
"""

from __future__ import annotations

import random
import string
from collections.abc import Callable, Iterator
from typing import Any

import pytest

import odoorm

SEED, CASES = 20261202, 12
FIELDS = ["name", "comment", "color", "ref", "website", "credit_limit", "date_localization", "active", "x_nope"]
#: Metadata reads a refusal may need first (the model's fields, the index of models for close names).
METADATA = ("fields_get", "search_read")
OPERATORS = ["=", "!=", "<", ">", "in", "not in", "like", "ilike", "=like", "child_of", "any", "!!", "=?"]


def corpus() -> dict[str, list[Any]]:
    """The fuzzed inputs: the same lists at every run."""
    draw = random.Random(SEED)
    alphabet = string.ascii_letters + string.digits + "._/?#&%\x00\n é-"

    def text(size: int) -> str:
        return "".join(draw.choice(alphabet) for _ in range(draw.randint(0, size)))

    def scalar() -> Any:
        pick = draw.randrange(10)
        return [
            None,
            draw.random() < 0.5,
            draw.randint(-(2**64), 2**64),
            draw.randint(-5, 5),
            draw.uniform(-1e6, 1e6),
            text(8),
            "a\x00b",
            float("nan"),
            b"\xff\x00",
            [draw.randint(1, 5) for _ in range(2)],
        ][pick]

    def domain() -> Any:
        terms: list[Any] = []
        for _ in range(draw.randint(0, 3)):
            if draw.random() < 0.2:
                terms.append(draw.choice(["&", "|", "!"]))
            else:
                path = draw.choice([*FIELDS, "country_id.code", "parent_id.name", text(6)])
                terms.append((path, draw.choice(OPERATORS), scalar()))
        return terms

    return {
        "models": [text(12) for _ in range(CASES)] + ["res.partner", "res.country", "no.such.model"],
        "methods": ["x_fuzz_" + text(6) for _ in range(CASES)],
        "values": [(draw.choice(FIELDS), scalar()) for _ in range(CASES)],
        "ids": [
            draw.choice([draw.randint(-3, 2**40), [draw.randint(1, 50)], text(3), None, 2**70]) for _ in range(CASES)
        ],
        "domains": [domain() for _ in range(CASES)],
    }


CORPUS = corpus()


@pytest.fixture
def scratch(env: odoorm.Environment) -> Iterator[int]:
    partner_id: int = env.execute_kw("res.partner", "create", [{"name": "odoorm fuzz scratch"}])
    yield partner_id
    env.discard()
    env.execute_kw("res.partner", "unlink", [[partner_id]])


def outcome(env: odoorm.Environment, call: Callable[[], Any]) -> BaseException | None:
    """The odoorm error *call* raised (None when it returned), after checking the properties."""
    with env.count_calls() as calls:
        try:
            call()
        except odoorm.OdooError as error:
            assert not isinstance(error, odoorm.TransportError), f"the server answered no Odoo answer: {error}"
            if isinstance(error, odoorm.ClientError):
                sent = [key for key in calls.keys if key.rsplit(".", 1)[-1] not in METADATA]
                assert sent == [], f"refused client-side but sent {sent}: {error}"
            if isinstance(error, odoorm.ServerError) and not isinstance(error, odoorm.MissingError):
                # (a MissingError is also raised client-side, as Odoo does, when a read lacks a record)
                assert error.server_class, f"a server fault without its Odoo class: {error}"
            return error
    return None


def test_fuzzed_inputs_against_the_real_server(env: odoorm.Environment, scratch: int) -> None:
    partner = env["res.partner"].browse(scratch)
    refused = answered = 0
    for model in CORPUS["models"]:
        error = outcome(env, lambda model=model: env.execute_kw(model, "search_count", [[]]))
        refused += error is not None
    for method in CORPUS["methods"]:
        outcome(env, lambda method=method: env.execute_kw("res.partner", method, [[scratch]]))
    for field, value in CORPUS["values"]:
        error = outcome(env, lambda f=field, v=value: env.execute_kw("res.partner", "write", [[scratch], {f: v}]))
        outcome(env, lambda f=field, v=value: setattr(partner, f, v))
        outcome(env, env.flush)
        env.discard()
        answered += error is None
    for ids in CORPUS["ids"]:
        outcome(env, lambda ids=ids: env["res.partner"].browse(ids).mapped("name"))
    for domain in CORPUS["domains"]:
        outcome(env, lambda domain=domain: env["res.partner"].search(domain, limit=3))
    # the corpus did reach both sides: refusals and the server's answers
    assert refused and answered
    assert env.execute_kw("res.partner", "search_count", [[("id", "=", scratch)]]) == 1
