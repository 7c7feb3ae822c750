"""Property-based fuzzing of what users hand odoorm: model and method names, values, ids and domains.

Against the stand-in Odoo on 127.0.0.1, over each protocol, with hypothesis derandomized (a fixed
seed: the same examples in every run) and a bounded number of examples. The properties:

- every input either goes to the server as given, or is refused with an odoorm error (a subclass of
  :class:`odoorm.OdooError`) — never a bare ``TypeError``, ``ValueError`` or ``RecursionError``;
- an input refused client-side (a :class:`odoorm.ClientError`) sends nothing;
- a name that is sent reaches the server as exactly that model and method (on JSON-2, as the path
  ``/json/2/<model>/<method>``: no name can reach another route);
- after any assignment, ``env.pending()`` and ``env.discard()`` work.

The same kinds of inputs against the real (recorded) server are in tests/recorded/test_fuzz_recorded.py.
"""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Callable, Iterator
from decimal import Decimal
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from standin import StandIn, connect, reply, running

import odoorm
from odoorm import Command
from odoorm.transport.methods import builtin_signature

PROTOCOLS = ["xmlrpc", "jsonrpc", "json2"]
FIELDS = {
    "name": {"type": "char", "string": "Name", "store": True},
    "color": {"type": "integer", "string": "Color", "store": True},
    "active": {"type": "boolean", "string": "Active", "store": True},
    "parent_id": {"type": "many2one", "string": "Parent", "relation": "res.partner", "store": True},
    "category_id": {"type": "many2many", "string": "Tags", "relation": "res.partner.category", "store": True},
    "date": {"type": "date", "string": "Date", "store": True},
}
FUZZ = settings(
    max_examples=int(os.environ.get("ODOORM_FUZZ_EXAMPLES", "60")),
    derandomize=True,
    database=None,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)


@pytest.fixture(scope="module")
def srv() -> Iterator[StandIn]:
    yield from running()


@pytest.fixture(params=PROTOCOLS)
def env(request: pytest.FixtureRequest, srv: StandIn) -> Iterator[odoorm.Environment]:
    protocol = str(request.param)
    environment = connect(srv, protocol, retries=0)
    srv.script(reply(FIELDS))  # fields_get of res.partner, when a test builds its class
    yield environment
    environment.discard()
    environment.close()
    srv.script()  # forget an unused fields_get answer


def sent_calls(srv: StandIn) -> int:
    return srv.count(kind="call")


def outcome(call: Callable[[], Any]) -> BaseException | None:
    """The exception *call* raised (None when it returned); anything outside odoorm's tree fails."""
    try:
        call()
    except odoorm.OdooError as error:
        return error
    return None


# ---------------------------------------------------------------- strategies

MODEL_NAMES = st.one_of(
    st.text(max_size=24), st.from_regex(r"[a-z][a-z0-9_]{0,8}(\.[a-z0-9_]{1,8}){0,2}", fullmatch=True)
)
METHOD_NAMES = st.one_of(st.text(max_size=16), st.from_regex(r"[A-Za-z_][A-Za-z0-9_]{0,12}", fullmatch=True))

SCALARS = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(),
    st.integers(min_value=-(2**70), max_value=2**70),
    st.floats(allow_nan=True, allow_infinity=True),
    st.text(max_size=12),
    st.sampled_from(["\x00", "a\x00b", "\x01", "\ud800", "é", "\uffff", "\x1f"]),
    st.binary(max_size=12),
    st.decimals(allow_nan=True, allow_infinity=True),
    st.dates(),
    st.datetimes(),
    st.just(object()),
    st.sampled_from([Command.link(1), Command.clear(), Command.set([1, 2])]),
)
VALUES = st.recursive(
    SCALARS,
    lambda inner: st.one_of(
        st.lists(inner, max_size=4),
        st.dictionaries(st.one_of(st.text(max_size=6), st.integers(), st.none()), inner, max_size=3),
        st.tuples(inner, inner),
    ),
    max_leaves=8,
)
IDS = st.one_of(
    st.integers(),
    st.lists(st.integers(), max_size=5),
    st.text(max_size=4),
    st.floats(),
    st.none(),
    st.booleans(),
    st.lists(st.one_of(st.integers(), st.text(max_size=3), st.none()), max_size=4),
)
OPERATORS = st.one_of(
    st.sampled_from(
        ["=", "!=", "<", ">", "<=", ">=", "in", "not in", "like", "ilike", "=like", "child_of", "any", "not any", "=?"]
    ),
    st.text(max_size=5),
)
PATHS = st.one_of(
    st.sampled_from(["name", "color", "active", "parent_id", "parent_id.name", "category_id", "date", "id"]),
    st.text(max_size=10),
)
TERMS = st.one_of(
    st.tuples(PATHS, OPERATORS, SCALARS), st.sampled_from(["&", "|", "!"]), st.lists(SCALARS, max_size=3), SCALARS
)
DOMAINS = st.one_of(st.lists(TERMS, max_size=5), SCALARS)


# ---------------------------------------------------------------- properties


def test_names_reach_exactly_their_model_and_method_or_nothing(env: odoorm.Environment, srv: StandIn) -> None:
    @FUZZ
    @given(model=MODEL_NAMES, method=METHOD_NAMES)
    def check(model: str, method: str) -> None:
        before = len(srv.requests)
        error = outcome(lambda: env.execute_kw(model, method, [[1]]))
        new = [r for r in srv.requests[before:] if r.kind == "call"]  # not the /doc-bearer lookup
        if isinstance(error, odoorm.ClientError) or (error is not None and not new):
            assert new == [], f"{model!r}.{method!r} was refused but sent"
            return
        (request,) = new
        assert request.rpc == f"{model}.{method}"
        if env.protocol == "json2":  # a method JSON-2 cannot name the arguments of goes over /jsonrpc
            named = builtin_signature(method, (19, 0)) is not None
            assert request.path == (f"/json/2/{model}/{method}" if named else "/jsonrpc")

    check()


def test_any_value_is_sent_or_refused_with_an_odoorm_error(env: odoorm.Environment, srv: StandIn) -> None:
    @FUZZ
    @given(value=VALUES)
    def check(value: Any) -> None:
        before = sent_calls(srv)
        error = outcome(lambda: env.execute_kw("res.partner", "write", [[1], {"name": value}]))
        if isinstance(error, odoorm.ClientError):
            assert sent_calls(srv) == before

    check()


def test_any_assignment_is_staged_or_refused_and_the_way_out_works(env: odoorm.Environment, srv: StandIn) -> None:
    partner = env["res.partner"].browse(1)

    @FUZZ
    @given(field=st.sampled_from(sorted(FIELDS)), value=VALUES)
    def check(field: str, value: Any) -> None:
        before = sent_calls(srv)
        outcome(lambda: setattr(partner, field, value))
        assert sent_calls(srv) == before  # an assignment never calls
        pending = env.pending()
        assert env.discard() == pending
        assert env.pending() == []

    check()


def test_any_ids_give_a_recordset_or_an_odoorm_error(env: odoorm.Environment) -> None:
    model = env["res.partner"]

    @FUZZ
    @given(ids=IDS)
    def check(ids: Any) -> None:
        records: list[Any] = []
        error = outcome(lambda: records.append(model.browse(ids)))
        if error is None:
            assert all(isinstance(i, int) and not isinstance(i, bool) for i in records[0].ids)

    check()


def test_any_domain_is_sent_or_refused_before_sending(env: odoorm.Environment, srv: StandIn) -> None:
    model = env["res.partner"]

    @FUZZ
    @given(domain=DOMAINS, limit=st.one_of(st.none(), st.integers(-5, 5)), offset=st.integers(-5, 5))
    def check(domain: Any, limit: int | None, offset: int) -> None:
        before = sent_calls(srv)
        error = outcome(lambda: model.search(domain, offset=offset, limit=limit))
        if isinstance(error, odoorm.ClientError):
            assert sent_calls(srv) == before, f"refused {domain!r} but sent it"

    check()


def test_dates_and_decimals_in_values_become_wire_values(env: odoorm.Environment, srv: StandIn) -> None:
    """A fixed case next to the fuzz: what an accepted odd value looks like on the wire."""
    env.execute_kw("res.partner", "write", [[1], {"date": dt.date(2026, 12, 2), "color": Decimal("2.5")}])
    (write,) = srv.matching(rpc="res.partner.write")[-1:]
    values = write.args[1] if write.args else write.kwargs["vals"]
    assert values == {"date": "2026-12-02", "color": 2.5}
