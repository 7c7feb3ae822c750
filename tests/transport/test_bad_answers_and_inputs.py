"""Answers of the wrong form and inputs the server would fail on (issue 17, items 6 and 9).

Item 6: whatever a server (or a proxy) answers, odoorm raises one of its own errors, never a
``RecursionError``, ``TypeError`` or ``ValueError`` from deep inside: an answer nested too deep is
a ``ProtocolError`` (``HTTPError`` with an error status), an answer of the wrong shape to a call
the ORM makes itself is a ``ProtocolError`` naming the model, the method and what was expected, and
a non-finite ``Decimal`` (``sNaN`` included) is a ``MarshalError`` saying where it is.

Item 9: what the server answers with an error 500 is refused before anything is sent, with a
typed error: a negative ``limit`` or ``offset``, a domain on a field neither stored nor searchable,
text holding a NUL character, an integer beyond 64 bits. An XML-RPC answer holding a control
character says to read those records over JSON.

Against the stand-in Odoo on 127.0.0.1 (``tests/servers/standin.py``), over each protocol.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from decimal import Decimal
from typing import Any

import pytest
import standin  # tests/servers/, put on sys.path by conftest.py

import odoorm
from odoorm.client.connect import forget_connections
from odoorm.orm.domains.builder import F

StandIn, raw, reply = standin.StandIn, standin.raw, standin.reply

PROTOCOLS = ["xmlrpc", "jsonrpc", "json2"]

#: ``fields_get`` of the stand-in's res.partner, as odoorm asks it (its fixed list of attributes).
FIELDS: dict[str, dict[str, Any]] = {
    "id": {"type": "integer", "string": "ID", "store": True, "readonly": True, "sortable": True},
    "name": {"type": "char", "string": "Name", "store": True, "sortable": True},
    "credit_limit": {"type": "float", "string": "Credit Limit", "store": True, "sortable": True},
    "country_id": {"type": "many2one", "string": "Country", "relation": "res.country", "store": True},
    # not stored, and nothing in these attributes says whether it can be searched:
    "display_name": {"type": "char", "string": "Display Name", "store": False, "readonly": True},
    "x_total": {"type": "float", "string": "Total", "store": False, "readonly": True},
    # not stored but sortable (an inherited field): searchable, no need to ask
    "lang_code": {"type": "char", "string": "Language", "store": False, "sortable": True, "groupable": True},
}
#: ``fields_get(attributes=["searchable"])``: asked only for the fields above left in doubt.
SEARCHABLE = {name: {"searchable": name != "x_total"} for name in FIELDS}


# ---------------------------------------------------------------- fixtures and helpers


@pytest.fixture
def srv() -> Iterator[StandIn]:
    forget_connections()  # a stand-in's port may be reused: never inherit another test's classes
    yield from standin.running()
    forget_connections()


@pytest.fixture(params=PROTOCOLS)
def protocol(request: pytest.FixtureRequest) -> str:
    return str(request.param)


@pytest.fixture
def env(srv: StandIn, protocol: str) -> Iterator[odoorm.Environment]:
    """An environment on the stand-in over *protocol*, closed at teardown."""
    environment = standin.connect(srv, protocol)
    yield environment
    environment.discard()
    environment.close()


@pytest.fixture
def partners(env: odoorm.Environment, srv: StandIn) -> Any:
    """``env["res.partner"]``, its class built from :data:`FIELDS` (one scripted ``fields_get``)."""
    srv.script(reply(FIELDS))
    model = env["res.partner"]
    assert srv.count(kind="call") == 1
    return model


def data_calls(srv: StandIn) -> list[str]:
    """The model calls that reached the stand-in, metadata reads left out."""
    return [str(r.rpc) for r in srv.matching(kind="call") if not str(r.rpc).endswith(".fields_get")]


# ---------------------------------------------------------------- item 6a: answers nested too deep


DEPTH = 200_000


def deep_answer(protocol: str) -> bytes:
    """A body whose arrays are nested :data:`DEPTH` deep: unclosed JSON, well-formed XML-RPC."""
    if protocol == "xmlrpc":
        return (
            b"<?xml version='1.0'?><methodResponse><params><param>"
            + b"<value><array><data>" * DEPTH
            + b"</data></array></value>" * DEPTH
            + b"</param></params></methodResponse>"
        )
    if protocol == "jsonrpc":
        return b'{"jsonrpc": "2.0", "id": 1, "result": ' + b"[" * DEPTH
    return b"[" * DEPTH


@pytest.mark.parametrize("code, error", [(200, odoorm.ProtocolError), (500, odoorm.HTTPError)])
def test_an_answer_nested_too_deep_is_a_protocol_error(
    protocol: str, srv: StandIn, env: odoorm.Environment, code: int, error: type[Exception]
) -> None:
    content_type = "text/xml" if protocol == "xmlrpc" else "application/json"
    srv.script(raw(deep_answer(protocol), code=code, content_type=content_type))
    with pytest.raises(error) as caught:
        env.execute_kw("res.partner", "search", [[]])
    assert type(caught.value) is error
    assert caught.value.status == code and srv.url in str(caught.value)
    assert srv.count(rpc="res.partner.search") == 1
    assert env.execute_kw("res.partner", "search", [[]]) == [1, 2, 3]  # the environment goes on


def test_xmlrpc_answers_of_ordinary_depth_are_read(srv: StandIn) -> None:
    with odoorm.connect(srv.url, "db", "admin", password="pw", protocol="xmlrpc") as env:
        nested: Any = [1]
        for _ in range(60):
            nested = [nested, {"level": nested[0] if isinstance(nested[0], int) else 0}]
        srv.script(reply(nested))
        assert env.execute_kw("res.partner", "search", [[]]) == nested


# ---------------------------------------------------------------- item 6b: answers of the wrong shape


WEIRD = {"weird": True}

#: case: (what the code does, the answer it gets, what the error says)
WRONG_SHAPES: dict[str, tuple[Callable[[Any], Any], Any, str]] = {
    "search_count": (
        lambda p: p.search_count([]),
        WEIRD,
        "res.partner.search_count answered a dict, expected an integer",
    ),
    "search_count-bool": (
        lambda p: p.search_count([]),
        True,
        "res.partner.search_count answered the boolean True, expected an integer",
    ),
    "search": (lambda p: p.search([]), WEIRD, "res.partner.search answered a dict, expected a list of ids"),
    "search-int": (lambda p: p.search([]), 3, "res.partner.search answered an integer, expected a list of ids"),
    "exists": (
        lambda p: p.browse([1, 2]).exists(),
        "1,2",
        "res.partner.search answered the text '1,2', expected a list of ids",
    ),
    "read": (
        lambda p: p.browse(1).read(["name"]),
        WEIRD,
        "res.partner.read answered a dict, expected a list of records",
    ),
    "read-rows": (lambda p: p.browse(1).read(["name"]), [1, 2], "res.partner.read answered rows that are not records"),
    "read-no-id": (
        lambda p: p.browse(1).read(["name"]),
        [{"name": "x"}],
        "res.partner.read answered rows that are not records",
    ),
    "lazy-load": (lambda p: p.browse(1).name, WEIRD, "res.partner.read answered a dict, expected a list of records"),
    "lazy-load-rows": (lambda p: p.browse(1).name, [["x"]], "res.partner.read answered rows that are not records"),
    "fetch": (
        lambda p: p.browse(1).fetch("name"),
        WEIRD,
        "res.partner.web_read answered a dict, expected a list of records",
    ),
    "search-fetch": (
        lambda p: p.search([], fetch=["name"]),
        [1, 2],
        'res.partner.web_search_read answered a list, expected a dict \\{"records": \\[...\\], "length": n\\}',
    ),
    "search-fetch-rows": (
        lambda p: p.search([], fetch=["name"]),
        {"records": [1], "length": 1},
        "res.partner.web_search_read answered rows that are not records",
    ),
    "create": (
        lambda p: p.create({"name": "x"}),
        WEIRD,
        "res.partner.create answered a dict, expected a record id or a list of record ids",
    ),
    "create-text": (
        lambda p: p.create({"name": "x"}),
        "7",
        "res.partner.create answered the text '7', expected a record id",
    ),
    "copy": (lambda p: p.browse(1).copy(), None, "res.partner.copy answered null, expected a record id"),
    "name_search": (
        lambda p: p.name_search("a"),
        WEIRD,
        "res.partner.name_search answered a dict, expected a list of \\[id, name\\] pairs",
    ),
    "name_search-pairs": (
        lambda p: p.name_search("a"),
        [[1, "a", "b"]],
        "res.partner.name_search answered pairs that are not \\[id, name\\]",
    ),
    "read_group": (
        lambda p: p.read_group([], ["name"], "name"),
        WEIRD,
        "res.partner.read_group answered a dict, expected a list of records",
    ),
    "ref": (
        lambda p: p.env.ref("base.main_company"),
        WEIRD,
        "ir.model.data.search_read answered a dict, expected a list of records",
    ),
    "ref-rows": (
        lambda p: p.env.ref("base.main_company"),
        [{"id": 1}],
        "ir.model.data.search_read answered rows that are not records",
    ),
}


@pytest.mark.parametrize("case", list(WRONG_SHAPES))
def test_an_answer_of_the_wrong_shape_is_a_protocol_error(
    protocol: str, srv: StandIn, partners: Any, case: str
) -> None:
    action, answer, message = WRONG_SHAPES[case]
    srv.script(reply(answer))
    with pytest.raises(odoorm.ProtocolError, match=message) as caught:
        action(partners)
    assert srv.url in str(caught.value)
    assert srv.pending() == 0  # the wrong answer was read, and nothing was asked after it
    assert caught.value.outcome_unknown is (case.split("-")[0] in ("create", "copy"))  # it ran: a write's effect?


@pytest.mark.parametrize("answer", [[1, 2], {"name": "not a description"}], ids=["list", "dict-of-text"])
def test_a_fields_get_of_the_wrong_shape_is_a_protocol_error(
    protocol: str, srv: StandIn, env: odoorm.Environment, answer: Any
) -> None:
    srv.script(reply(answer))
    with pytest.raises(odoorm.ProtocolError, match="res.partner.fields_get answered .*expected a dict of field"):
        env["res.partner"]
    srv.script(reply(FIELDS))
    assert env["res.partner"].browse(1).ids == [1]  # asked again, and built


# ---------------------------------------------------------------- item 6c: non-finite decimals


NON_FINITE = [Decimal("sNaN"), Decimal("NaN"), Decimal("Infinity"), Decimal("-Infinity")]


@pytest.mark.parametrize("value", NON_FINITE, ids=str)
def test_a_non_finite_decimal_is_a_marshal_error_naming_where_it_is(
    protocol: str, srv: StandIn, partners: Any, value: Decimal
) -> None:
    with pytest.raises(odoorm.MarshalError, match=r"\['credit_limit'\]: Odoo cannot receive the non-finite"):
        partners.env.execute_kw("res.partner", "write", [[1], {"credit_limit": value}])
    with pytest.raises(odoorm.MarshalError, match=r"\['credit_limit'\]: Odoo cannot receive the non-finite"):
        partners.browse(1).write({"credit_limit": value})
    record = partners.browse(1)
    with pytest.raises(odoorm.MarshalError, match=r"res\.partner\.credit_limit: Odoo cannot receive the non-finite"):
        record.credit_limit = value
    assert partners.env.pending() == [] and data_calls(srv) == []
    assert partners.browse(1).write({"credit_limit": Decimal("12.5")}) is True  # a finite one goes as a float
    assert srv.matching(rpc="res.partner.write")[0].body.count(b"12.5") == 1


# ---------------------------------------------------------------- item 9: negative limit and offset


NEGATIVE_PAGING: dict[str, Callable[[Any], Any]] = {
    "search-limit": lambda p: p.search([], limit=-1),
    "search-offset": lambda p: p.search([], offset=-5, limit=10),
    "search-fetch-limit": lambda p: p.search([], limit=-1, fetch=["name"]),
    "search_count-limit": lambda p: p.search_count([], limit=-1),
    "search_read-limit": lambda p: p.search_read([], ["name"], limit=-1),
    "search_read-offset": lambda p: p.search_read([], ["name"], offset=-1),
    "name_search-limit": lambda p: p.name_search("a", limit=-3),
    "read_group-offset": lambda p: p.read_group([], ["name"], "name", offset=-2),
}


@pytest.mark.parametrize("case", list(NEGATIVE_PAGING))
def test_a_negative_limit_or_offset_is_refused_before_sending(
    protocol: str, srv: StandIn, partners: Any, case: str
) -> None:
    word = case.rsplit("-", 1)[1]
    with pytest.raises(odoorm.DomainError, match=f"res.partner: the {word} of a search cannot be negative") as caught:
        NEGATIVE_PAGING[case](partners)
    assert isinstance(caught.value, ValueError)
    assert data_calls(srv) == []


def test_search_iter_refuses_a_batch_size_below_one(protocol: str, srv: StandIn, partners: Any) -> None:
    with pytest.raises(odoorm.ClientError, match="batch_size is a positive integer"):
        next(partners.search_iter([], batch_size=-1))
    assert data_calls(srv) == []


def test_no_limit_and_a_zero_offset_are_sent_as_before(protocol: str, srv: StandIn, partners: Any) -> None:
    assert partners.search([], offset=0, limit=None).ids == [1, 2, 3]
    assert partners.search([], limit=0).ids == [1, 2, 3]
    assert partners.search([], offset=2, limit=5).ids == [1, 2, 3]
    first, _, paged = srv.matching(rpc="res.partner.search")
    assert "limit" not in first.kwargs and "offset" not in first.kwargs
    assert (paged.kwargs.get("offset"), paged.kwargs.get("limit")) == (2, 5) or paged.args[1:3] == [2, 5]


# ---------------------------------------------------------------- item 9: fields that cannot be searched


def test_a_domain_on_a_field_neither_stored_nor_searchable_is_refused(
    protocol: str, srv: StandIn, partners: Any
) -> None:
    srv.script(reply(SEARCHABLE))  # what the server says of the fields its other metadata leaves in doubt
    with pytest.raises(odoorm.DomainError, match=r"res\.partner\.x_total is neither stored nor searchable") as caught:
        partners.search([("name", "=", "a"), ("x_total", ">", 0)])
    assert "('x_total', '>', 0)" in str(caught.value)
    asked = srv.matching(rpc="res.partner.fields_get")[1]  # once, for that attribute only
    assert asked.kwargs.get("attributes") == ["searchable"]
    for domain in ([("x_total", "=", 1)], F.x_total > 0, ["|", ("name", "=", "a"), ("x_total", "!=", 0)]):
        with pytest.raises(odoorm.DomainError, match="x_total is neither stored nor searchable"):
            partners.search_count(domain)
    assert data_calls(srv) == []
    # searchable ones go through, and nothing more is asked
    assert partners.search([("display_name", "ilike", "az")]).ids == [1, 2, 3]
    assert partners.search([("lang_code", "=", "en_US")]).ids == [1, 2, 3]
    assert partners.search_count(F.name.ilike("a") & (F.display_name != "x")) == 3
    assert srv.count(rpc="res.partner.fields_get") == 2
    assert data_calls(srv) == ["res.partner.search", "res.partner.search", "res.partner.search_count"]


def test_stored_and_sortable_fields_ask_nothing_more(protocol: str, srv: StandIn, partners: Any) -> None:
    assert partners.search([("name", "=", "a"), ("lang_code", "=", "fr_BE"), ("id", ">", 0)]).ids == [1, 2, 3]
    assert srv.count(rpc="res.partner.fields_get") == 1


# ---------------------------------------------------------------- item 9: values no Odoo server can take


def test_a_nul_character_is_refused_naming_where_it_is(protocol: str, srv: StandIn, partners: Any) -> None:
    env = partners.env
    with pytest.raises(odoorm.MarshalError, match="control character") as caught:
        env.execute_kw("res.partner", "write", [[1], {"name": "before\x00after"}])
    assert "['name']" in str(caught.value) or protocol == "xmlrpc"  # the XML marshaller's own message there
    with pytest.raises(odoorm.MarshalError, match=r"res\.partner\.name: .*NUL control character"):
        partners.browse(1).name = "\x00"
    with pytest.raises(odoorm.MarshalError, match="NUL control character"):
        env.execute_kw("res.partner", "write", [[1], {"na\x00me": "x"}])
    assert env.pending() == [] and data_calls(srv) == []
    if protocol != "xmlrpc":  # other control characters still go over JSON, as before
        assert env.execute_kw("res.partner", "write", [[1], {"name": "tab\there \x07 bell"}]) is True
        assert srv.matching(rpc="res.partner.write")[0].body.count(b"tab\\there \\u0007 bell") == 1


@pytest.mark.parametrize("value", [2**63, -(2**63) - 1, 10**30], ids=["2**63", "-2**63-1", "10**30"])
def test_an_integer_beyond_64_bits_is_refused(protocol: str, srv: StandIn, partners: Any, value: int) -> None:
    env = partners.env
    with pytest.raises(odoorm.MarshalError, match=f"the integer {value} is too large") as caught:
        env.execute_kw("res.partner", "write", [[1], {"country_id": value}])
    assert isinstance(caught.value, TypeError)
    with pytest.raises(odoorm.MarshalError, match=str(value)):
        partners.browse(1).write({"country_id": value})
    assert data_calls(srv) == []


def test_64_bit_integers_are_still_sent(protocol: str, srv: StandIn, partners: Any) -> None:
    env = partners.env
    for value in (2**63 - 1, -(2**63), 2**40):
        assert env.execute_kw("res.partner", "write", [[1], {"country_id": value}]) is True
    sent = [r.body for r in srv.matching(rpc="res.partner.write")]
    assert [str(v).encode() in body for body, v in zip(sent, (2**63 - 1, -(2**63), 2**40), strict=True)] == [True] * 3


# ---------------------------------------------------------------- item 9: control characters in XML-RPC answers


def test_an_xmlrpc_answer_holding_a_control_character_says_to_read_over_json(srv: StandIn) -> None:
    """Text written over JSON may hold a control character; Odoo's XML-RPC answer then carries it as
    is, which is not XML."""
    body = (
        b"<?xml version='1.0'?>\n<methodResponse>\n<params>\n<param>\n<value><array><data><value><struct>"
        b"<member><name>id</name><value><int>1</int></value></member><member><name>name</name>"
        b"<value><string>bell \x07 here</string></value></member></struct></value></data></array></value>\n"
        b"</param>\n</params>\n</methodResponse>\n"
    )
    with odoorm.connect(srv.url, "db", "admin", password="pw", protocol="xmlrpc") as env:
        srv.script(raw(body, content_type="text/xml"))
        with pytest.raises(odoorm.ProtocolError, match="not an XML-RPC answer") as caught:
            env.execute_kw("res.partner", "read", [[1], ["name"]])
        assert "control character XML forbids" in str(caught.value)
        assert "read these records over JSON-RPC or JSON-2" in str(caught.value)
        srv.script(raw(standin.HTML_PAGE, content_type="text/html"))
        with pytest.raises(odoorm.ProtocolError) as html_page:  # another parse error: no such hint
            env.execute_kw("res.partner", "read", [[1], ["name"]])
        assert "control character" not in str(html_page.value)
