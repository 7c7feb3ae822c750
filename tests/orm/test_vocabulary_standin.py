"""Odoo's recordset vocabulary against a stand-in server: what is done client-side, what is refused
before anything is sent, and how a server method's ids travel (issue 21)."""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

import pytest
from standin import StandIn, connect, reply, running

import odoorm
from odoorm.orm.vocabulary import ENV_REFUSED, REFUSED

PROTOCOLS = ["xmlrpc", "jsonrpc", "json2"]
FIELDS = {
    "id": {"type": "integer", "string": "ID", "store": True, "readonly": True},
    "name": {"type": "char", "string": "Name", "store": True},
    "color": {"type": "integer", "string": "Color", "store": True},
}


@pytest.fixture
def srv() -> Iterator[StandIn]:
    yield from running()


@pytest.fixture(params=PROTOCOLS)
def env(request: pytest.FixtureRequest, srv: StandIn) -> Iterator[odoorm.Environment]:
    protocol = str(request.param)
    environment = connect(srv, protocol, retries=0)
    srv.script(reply(FIELDS))  # fields_get of res.partner, when the test builds its class
    environment["res.partner"]
    yield environment
    environment.discard()
    environment.close()


def calls(srv: StandIn) -> list[Any]:
    return srv.matching(kind="call")


def ids_sent(env: odoorm.Environment, request: Any) -> Any:
    """The ids a record-method call carried (JSON-2: its ``ids`` argument)."""
    return request.kwargs["ids"] if env.protocol == "json2" else request.args[0]


def test_refused_names_raise_a_typed_error_before_any_call(env: odoorm.Environment, srv: StandIn) -> None:
    partners = env["res.partner"].browse([1, 2])
    before = len(srv.requests)
    for name in REFUSED:
        with pytest.raises(odoorm.NotOverRpcError, match=rf"res\.partner\.{name}\(\) cannot work over RPC"):
            getattr(partners, name)
        assert not hasattr(env["res.partner"], name)  # an AttributeError too
    for name in ENV_REFUSED:
        with pytest.raises(odoorm.NotOverRpcError, match=rf"env\.{name}\(\) cannot work over RPC"):
            getattr(env, name)
    with pytest.raises(odoorm.NotOverRpcError, match="username="):
        partners.with_user(6)
    with pytest.raises(odoorm.NotOverRpcError, match="rights are the server's to grant"):
        partners.sudo()
    with pytest.raises(odoorm.NotOverRpcError):
        env(su=True)
    with pytest.raises(AttributeError):
        env.no_such_attribute  # noqa: B018
    assert len(srv.requests) == before  # nothing was sent


def test_looking_at_the_environment_is_free(env: odoorm.Environment, srv: StandIn) -> None:
    """``bool(env)`` never asks the server (``len(env)``, the number of models, would); an environment
    is true, as any object."""
    before = len(srv.requests)
    assert bool(env) is True and (env or None) is env
    assert repr(env).startswith("<Environment ")
    assert len(srv.requests) == before


def test_client_side_names_make_no_call(env: odoorm.Environment, srv: StandIn) -> None:
    model = env["res.partner"]
    a, b = model.browse([1, 2]), model.browse([2, 3])
    before = len(srv.requests)
    assert a.concat(b, a).ids == [1, 2, 2, 3, 1, 2] and a.union(b, a).ids == [1, 2, 3]
    assert model.browse(1) < a and a <= a and not a < a and a > model.browse(2) and a >= a and not a <= b
    groups = model.browse([1, 2, 3, 4]).grouped(lambda r: r.id % 2)
    assert {key: records.ids for key, records in groups.items()} == {1: [1, 3], 0: [2, 4]}
    assert groups[1]._prefetch_ids() == (1, 2, 3, 4)  # the groups share the prefetch set
    assert a.with_prefetch()._prefetch_ids() == (1, 2) and a.with_prefetch([1, 2, 9])._prefetch_ids() == (1, 2, 9)
    other = env.with_context(lang="fr_FR")
    assert a.with_env(other).env is other and a.with_env(other).ids == [1, 2]
    assert env.su is False and env.lang is None and env(context={"a": 1}).context
    a.update({"name": "x", "color": 3})
    assert [(c.ids, dict(c.values)) for c in env.pending()] == [((1, 2), {"name": "x", "color": 3})]
    assert a[0].name == "x"
    a.invalidate_recordset(flush=False)  # pending values stay
    assert a[1].name == "x" and len(srv.requests) == before
    env.discard()


def test_filtered_domain_asks_the_server_what_it_cannot_evaluate(env: odoorm.Environment, srv: StandIn) -> None:
    partners = env["res.partner"].browse([3, 9, 1, 3])
    before = len(calls(srv))
    srv.script(reply([1, 3]))
    # "=?" is not evaluated client-side: the server is asked, in one search
    assert partners.filtered_domain([("color", "=?", 2)]).ids == [3, 1, 3]
    (search,) = calls(srv)[before:]
    domain = search.kwargs["domain"] if env.protocol == "json2" else search.args[0]
    assert json.loads(json.dumps(domain)) == [["id", "in", [3, 9, 1]], ["color", "=?", 2]]
    assert env["res.partner"].browse().filtered_domain([("name", "=", "x")]).ids == []  # no call
    assert len(calls(srv)) == before + 1


def test_a_method_on_an_empty_recordset_gets_empty_ids(env: odoorm.Environment, srv: StandIn) -> None:
    """Odoo calls a record method on the empty set; ``env["x"]`` itself stays the model (no ids)."""
    before = len(calls(srv))
    env["res.partner"].browse([1, 2]).filtered(lambda p: False).action_confirm()
    env["res.partner"].browse([]).action_confirm()
    env["res.partner"].name_create("x")  # the model: no ids
    emptied, browsed, model_call = calls(srv)[before:]
    assert ids_sent(env, emptied) == [] and ids_sent(env, browsed) == []
    assert (model_call.kwargs.get("name") if env.protocol == "json2" else model_call.args) in ("x", ["x"])
    if env.protocol != "json2":
        assert emptied.args == [[]] and browsed.args == [[]]


def test_json2_never_guesses_ids(srv: StandIn) -> None:
    """A method whose parameters neither the table nor /doc-bearer names goes positionally over
    /jsonrpc with the API key; a recordset's own ids go as JSON-2's ``ids``."""
    env = connect(srv, "json2", retries=0)
    srv.script(reply(FIELDS))
    env["res.partner"]
    try:
        start = len(srv.requests)
        assert env.execute_kw("res.partner", "get_thing", [5]) is True  # @api.model taking one int?
        assert env["res.partner"].browse([4]).action_thing() is True  # a record method: ids known
        env["res.partner"].browse([4]).do_thing("a")  # ids known, "a" unnamed: positionally
        paths = [r.path for r in srv.requests[start:] if r.kind != "version"]
        assert paths == [
            "/doc-bearer/res.partner.json",
            "/jsonrpc",
            "/json/2/res.partner/action_thing",
            "/doc-bearer/res.partner.json",
            "/jsonrpc",
        ]
        guessed, named, positional = srv.matching(kind="call")[-3:]
        assert guessed.rpc == "res.partner.get_thing" and guessed.args == [5]
        message = json.loads(guessed.body)["params"]["args"]
        assert message[:3] == ["db", 2, "k"]  # the API key as password
        assert named.kwargs["ids"] == [4] and "context" in named.kwargs
        assert positional.rpc == "res.partner.do_thing" and positional.args == [[4], "a"]
    finally:
        env.close()


def test_bytes_for_ir_attachment_raw_are_refused_pointing_to_datas(env: odoorm.Environment, srv: StandIn) -> None:
    """Odoo 19 stores bytes sent to ``raw`` over RPC as their base64 text: refused, nothing sent."""
    attachment_fields = {
        "id": {"type": "integer", "string": "ID", "store": True, "readonly": True},
        "name": {"type": "char", "string": "Name", "store": True},
        "raw": {"type": "binary", "string": "File Content (raw)", "store": False},
        "datas": {"type": "binary", "string": "File Content (base64)", "store": False},
    }
    srv.script(reply(attachment_fields))
    attachments = env["ir.attachment"]
    before = len(calls(srv))
    with pytest.raises(odoorm.FieldValueError, match=r"ir\.attachment\.raw.*'datas'"):
        attachments.browse(1).raw = b"%PDF-1.7"
    with pytest.raises(odoorm.FieldValueError, match="give the bytes to 'datas'"):
        attachments.create({"name": "x.pdf", "raw": b"%PDF-1.7"})
    with pytest.raises(odoorm.FieldValueError, match="give the bytes to 'datas'"):
        attachments.browse(1).write({"raw": b"%PDF-1.7"})
    assert len(calls(srv)) == before and env.pending() == []
    attachments.browse(1).datas = b"%PDF-1.7"  # the way: base64-encoded by odoorm
    assert [dict(c.values) for c in env.pending()] == [{"datas": "JVBERi0xLjc="}]
    env.discard()


@pytest.mark.parametrize("protocol", ["xmlrpc", "jsonrpc", "json2"])
def test_a_closed_environment_refuses_calls_and_changes(protocol: str, srv: StandIn) -> None:
    """After ``close()`` (or the end of ``with odoorm.connect() as env:``) a read, a write, an unlink and an
    assignment raise :class:`odoorm.ClosedError` and send nothing (issue 18: they used to succeed)."""
    env = connect(srv, protocol)
    srv.script(reply(FIELDS))  # fields_get, to build the class
    with env:
        partners = env["res.partner"].browse([1, 2])
    before = len(srv.requests)
    for attempt in (
        lambda: env.execute_kw("res.partner", "search", [[]]),
        lambda: env.execute_kw("res.partner", "write", [[1], {"name": "x"}]),
        lambda: partners.unlink(),
        lambda: setattr(partners, "name", "x"),
        lambda: env.with_context(lang="fr_FR").execute_kw("res.partner", "read", [[1]]),
    ):
        with pytest.raises(odoorm.ClosedError, match="was closed") as caught:
            attempt()
        assert isinstance(caught.value, odoorm.ClientError)
    assert len(srv.requests) == before
    env.close()  # closing again is harmless
