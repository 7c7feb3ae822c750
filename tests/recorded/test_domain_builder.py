"""Domains: the ``Domain`` class and the ``F`` builder offline, then checked and searched on the recorded Odoo 19."""

from __future__ import annotations

import copy
import itertools
import pickle
from collections.abc import Callable
from typing import Any

import pytest

import odoorm
from odoorm import Domain, F
from odoorm.orm.domains.builder import FieldPath
from odoorm.orm.domains.expression import DomainAnd, DomainCondition, DomainNot, DomainOr
from odoorm.orm.model import Model
from odoorm.transport.wire import to_wire

# ------------------------------------------------------------------ the builder (offline)


@pytest.mark.parametrize(
    ("built", "plain"),
    [
        (F.name == "Azure", [("name", "=", "Azure")]),
        (F.name != "Azure", [("name", "!=", "Azure")]),
        (F.color > 3, [("color", ">", 3)]),
        (F.color >= 3, [("color", ">=", 3)]),
        (F.color < 3, [("color", "<", 3)]),
        (F.color <= 3, [("color", "<=", 3)]),
        (
            F.color.gt(3) & F.color.ge(4) & F.color.lt(9) & F.color.le(8) & F.color.ne(5),
            [
                "&",
                "&",
                "&",
                "&",
                ("color", ">", 3),
                ("color", ">=", 4),
                ("color", "<", 9),
                ("color", "<=", 8),
                ("color", "!=", 5),
            ],
        ),
        (F.name.like("Az"), [("name", "like", "Az")]),
        (F.name.ilike("az"), [("name", "ilike", "az")]),
        (F.name.not_like("Az"), [("name", "not like", "Az")]),
        (F.name.not_ilike("az"), [("name", "not ilike", "az")]),
        (F.ref.eq_like("odoorm-%"), [("ref", "=like", "odoorm-%")]),
        (F.ref.eq_ilike("ODOORM-%"), [("ref", "=ilike", "ODOORM-%")]),
        (F.id.in_([3, 1, 2]), [("id", "in", [3, 1, 2])]),
        (F.id.in_({3, 1, 2}), [("id", "in", [1, 2, 3])]),  # sets sorted: the same request at every run
        (F.id.in_(range(1, 4)), [("id", "in", [1, 2, 3])]),
        (F.id.not_in((7,)), [("id", "not in", [7])]),
        (F.id.child_of(9), [("id", "child_of", 9)]),
        (F.id.parent_of([27]), [("id", "parent_of", [27])]),
        (F.category_id.any(F.name.ilike("vip")), [("category_id", "any", [("name", "ilike", "vip")])]),
        (F.child_ids.not_any(), [("child_ids", "not any", [])]),
        (F.child_ids.any([("is_company", "=", False)]), [("child_ids", "any", [("is_company", "=", False)])]),
        (F.country_id.name == "Belgium", [("country_id.name", "=", "Belgium")]),
        (F.parent_id.country_id.code.in_(["BE", "NL"]), [("parent_id.country_id.code", "in", ["BE", "NL"])]),
        (F.parent_id.eq(False), [("parent_id", "=", False)]),
        (F.parent_id == None, [("parent_id", "=", False)]),  # noqa: E711 (None is Odoo's False)
        (F.is_company == True, [("is_company", "=", True)]),  # noqa: E712 (a comparison that builds a domain)
        (F["x_studio 2fa"].eq(1), [("x_studio 2fa", "=", 1)]),
        (F("country_id.code") == "BE", [("country_id.code", "=", "BE")]),
        (F.partner_id["like"] == 1, [("partner_id.like", "=", 1)]),
    ],
)
def test_every_operator_builds_the_plain_domain(built: Domain, plain: list[Any]) -> None:
    assert isinstance(built, Domain)
    assert list(built) == plain
    assert built == Domain(plain)  # the list parses back to an equal Domain


def test_prefix_logic() -> None:
    a, b, c = F.a == 1, F.b == 2, F.c == 3
    assert list(a | b) == ["|", ("a", "=", 1), ("b", "=", 2)]
    assert list(a & b) == ["&", ("a", "=", 1), ("b", "=", 2)]
    assert list(~a) == ["!", ("a", "=", 1)]
    assert list((a | b) & ~c) == ["&", "|", ("a", "=", 1), ("b", "=", 2), "!", ("c", "=", 3)]
    assert list(a | (b & c)) == ["|", ("a", "=", 1), "&", ("b", "=", 2), ("c", "=", 3)]
    assert list(~(a | b)) == ["!", "|", ("a", "=", 1), ("b", "=", 2)]
    assert ~~a == a and ~~(a | b) == a | b
    assert list(a | b | c) == list((a | b) | c) == list(a | (b | c)) == ["|", "|", *list(a), *list(b), *list(c)]


def test_the_issue_example() -> None:
    domain = F.name.ilike("agro") | (F.is_company == True)  # noqa: E712
    assert list(domain) == ["|", ("name", "ilike", "agro"), ("is_company", "=", True)]


ABC = [("a", "=", 1), ("b", "=", 2), ("c", "=", 3)]


@pytest.mark.parametrize(
    ("plain", "sent"),
    [
        ([("a", "=", 1), ("b", "=", 2)], ["&", ("a", "=", 1), ("b", "=", 2)]),  # the implicit "&" made explicit
        (["&", ("a", "=", 1), ("b", "=", 2)], ["&", ("a", "=", 1), ("b", "=", 2)]),
        (
            ["|", ("a", "=", 1), "!", ("b", "=", 2), ("c", "in", [1, 2])],
            ["&", "|", ("a", "=", 1), "!", ("b", "=", 2), ("c", "in", [1, 2])],
        ),
        (["!", "|", ("a", "=", 1), ("b", "=", 2)], ["!", "|", ("a", "=", 1), ("b", "=", 2)]),
        (["&", "&", ("a", "=", 1), ("b", "=", 2), ("c", "=", 3)], ["&", "&", *ABC]),
        (["&", ("a", "=", 1), "&", ("b", "=", 2), ("c", "=", 3)], ["&", "&", *ABC]),  # nested "&" flattened
        ([["a", "=", 1]], [("a", "=", 1)]),
        (
            [("child_ids", "any", ["|", ("a", "=", 1), ("b", "=", 2)])],
            [("child_ids", "any", ["|", ("a", "=", 1), ("b", "=", 2)])],
        ),
    ],
)
def test_plain_lists_parse_into_trees(plain: list[Any], sent: list[Any]) -> None:
    domain = Domain(plain)
    assert list(domain) == sent
    assert Domain(list(domain)) == domain and Domain(domain) is domain


def test_trees_keep_their_kind() -> None:
    domain = Domain(["|", ("a", "=", 1), "!", ("b", "=", 2)])
    assert isinstance(domain, DomainOr) and isinstance(domain.children[1], DomainNot)
    condition = domain.children[0]
    assert isinstance(condition, DomainCondition)
    assert (condition.field_expr, condition.operator, condition.value) == ("a", "=", 1)
    assert [c.field_expr for c in domain.iter_conditions()] == ["a", "b"]
    assert isinstance(Domain([("a", "=", 1), ("b", "=", 2)]), DomainAnd)


def test_and_or_of_many() -> None:
    items = [F.id == i for i in range(5)]
    assert list(Domain.AND(items)) == ["&"] * 4 + [("id", "=", i) for i in range(5)]
    assert list(Domain.OR(items)) == ["|"] * 4 + [("id", "=", i) for i in range(5)]
    assert Domain.OR(items) == items[0] | items[1] | items[2] | items[3] | items[4]
    mixed = Domain.AND([[("a", "=", 1)], F.b == 2, ["|", ("c", "=", 3), ("d", "=", 4)]])
    assert list(mixed) == ["&", "&", ("a", "=", 1), ("b", "=", 2), "|", ("c", "=", 3), ("d", "=", 4)]
    assert Domain.AND([F.a == 1]) == (F.a == 1)  # one item: itself


def test_true_and_false() -> None:
    assert list(Domain.TRUE) == [] and list(Domain.FALSE) == [(0, "=", 1)]
    assert Domain([]) is Domain.TRUE and Domain(True) is Domain.TRUE and Domain(False) is Domain.FALSE
    assert Domain([(1, "=", 1)]) is Domain.TRUE and Domain([(0, "=", 1)]) is Domain.FALSE
    assert Domain.AND([]) is Domain.TRUE and Domain.OR([]) is Domain.FALSE
    a = F.a == 1
    assert a & Domain.TRUE == a and a | Domain.FALSE == a
    assert a & Domain.FALSE is Domain.FALSE and a | Domain.TRUE is Domain.TRUE
    assert ~Domain.TRUE is Domain.FALSE and ~Domain.FALSE is Domain.TRUE
    assert Domain.TRUE.is_true() and Domain.FALSE.is_false() and not a.is_true() and not a.is_false()
    assert not Domain.TRUE and Domain.FALSE and a  # as in Odoo: only TRUE is falsy (its list is empty)
    assert list(Domain([(1, "=", 1), ("id", "=", 3)])) == [("id", "=", 3)]


def test_a_domain_is_a_sequence_that_goes_on_the_wire() -> None:
    domain = F.name.ilike("az") | F.category_id.any(F.id.in_({2, 1}))
    assert len(domain) == 3 and domain[0] == "|" and domain[-1] == ("category_id", "any", [("id", "in", [1, 2])])
    assert "|" in domain and list(reversed(domain))[-1] == "|"
    assert to_wire(domain) == ["|", ["name", "ilike", "az"], ["category_id", "any", [["id", "in", [1, 2]]]]]
    assert to_wire([("child_ids", "any", F.name == "x")]) == [["child_ids", "any", [["name", "=", "x"]]]]


def test_equality_and_hash() -> None:
    assert (F.name == "x") == Domain("name", "=", "x")
    assert Domain("name", "=", "x") != Domain("name", "=", "y") and (F.a == 1) != (F.a == True)  # noqa: E712
    assert (F.a == 1) | (F.b == 2) != (F.b == 2) | (F.a == 1)  # order is kept: it is what is sent
    assert Domain("A", "ILIKE", "x") == Domain("A", "ilike", "x")  # operators are lower-cased, as Odoo 19 does
    assert len({F.a == 1, Domain("a", "=", 1), Domain([("a", "=", 1)])}) == 1
    assert (F.a == 1) != [("a", "=", 1)]  # as in Odoo, a Domain equals Domains only: compare list(domain)


def test_repr() -> None:
    assert repr(F.name.ilike("agro") | F.id.in_([1, 2])) == (
        "Domain(['|', ('name', 'ilike', 'agro'), ('id', 'in', [1, 2])])"
    )
    assert repr(Domain.TRUE) == "Domain.TRUE" and repr(Domain.FALSE) == "Domain.FALSE"
    assert repr(F.country_id.code) == "F.country_id.code" and repr(F["x-y"]) == "F['x-y']"
    assert repr(F.partner_id["like"]) == "F.partner_id['like']"  # a method name is shown as an item


def test_domains_are_immutable() -> None:
    values = [1, 2]
    domain = F.id.in_(values)
    values.append(3)  # the domain took a copy
    assert list(domain) == [("id", "in", [1, 2])]
    plain = list(domain)
    plain[0][2].append(9)  # nor does the list it gives change it
    assert list(domain) == [("id", "in", [1, 2])]
    with pytest.raises(TypeError, match="immutable"):
        domain.value = (7,)  # type: ignore[misc]
    with pytest.raises(TypeError, match="immutable"):
        del domain.value  # type: ignore[misc]
    with pytest.raises(TypeError, match="immutable"):
        F.name = "x"  # type: ignore[misc]
    assert copy.copy(domain) is domain and copy.deepcopy(domain) is domain
    again = pickle.loads(pickle.dumps(F.name.ilike("a") | ~F.child_ids.any(F.id == 1)))
    assert again == F.name.ilike("a") | ~F.child_ids.any(F.id == 1)
    assert pickle.loads(pickle.dumps(Domain.TRUE)) is Domain.TRUE
    assert pickle.loads(pickle.dumps(F.country_id.code)).eq("BE") == (F.country_id.code == "BE")


def test_records_as_values_become_ids() -> None:
    partners = type("ResPartner", (Model,), {"_name": "res.partner"})
    none, one, two = partners(None, ()), partners(None, (7,)), partners(None, (7, 8))  # type: ignore[arg-type]
    assert list(F.parent_id == one) == [("parent_id", "=", 7)]
    assert list(F.parent_id == none) == [("parent_id", "=", False)]
    assert list(F.parent_id.in_(two)) == [("parent_id", "in", [7, 8])]
    assert list(F.id.child_of(two)) == [("id", "child_of", [7, 8])]
    with pytest.raises(odoorm.DomainError, match="several records; use 'in'"):
        F.parent_id.ne(two)


# ------------------------------------------------------------------ mistakes (offline)


@pytest.mark.parametrize(
    ("mistake", "message"),
    [
        (
            lambda: F.name.ilike("agro") | F.is_company == True,  # noqa: E712
            r"bare field path F.is_company using '\|'.*Parenthesise the comparison: `F.a.ilike\(x\) \| \(F.is_company",
        ),
        (lambda: F.name.ilike("agro") & F.is_company == True, "bare field path F.is_company using '&'"),  # noqa: E712
        (
            lambda: F.is_company == True | F.name.ilike("agro"),  # noqa: E712
            r"cannot combine a Domain with True using '\|'.*parenthesise each comparison",
        ),
        (lambda: F.a == 1 | F.b == 2, "bare field path F.b using '|'"),
        (lambda: ~F.active == True, r"Parenthesise the comparison: `~\(F.active == value\)`"),  # noqa: E712
        (lambda: (F.a == 1) | "b", "cannot combine a Domain with 'b'"),
        (lambda: F.name.ilke("x"), "F.name has no operator method 'ilke'; did you mean 'ilike'"),
        (lambda: F == 1, "F alone names no field"),
        (lambda: bool(F.active), "F.active is a field path, not a condition"),
        (lambda: list(F.active), "not a collection"),
        (lambda: F[""], "a field name is a non-empty string"),
    ],
)
def test_python_precedence_mistakes_are_type_errors(mistake: Callable[[], Any], message: str) -> None:
    with pytest.raises(TypeError, match=message):
        mistake()


@pytest.mark.parametrize(
    ("mistake", "message"),
    [
        (lambda: Domain("name = x"), "a domain is a list of \\(field, operator, value\\), not 'name = x'"),
        (lambda: Domain(42), "a domain is a list"),
        (lambda: Domain("name", "="), "takes a domain or \\(field, operator, value\\)"),
        (lambda: Domain([("name", "=")]), "domain item 0 is not \\(field, operator, value\\)"),
        (lambda: Domain([("a", "=", 1), "oops"]), "domain item 1 is not"),
        (lambda: Domain("name", "equals", "x"), "unknown domain operator 'equals' in \\('name', 'equals', 'x'\\)"),
        (lambda: Domain(["|", ("a", "=", 1)]), "'\\|' at position 0 lacks operands"),
        (lambda: Domain(["!"]), "'!' at position 0 lacks operands"),
        (lambda: Domain([(3, "=", 4)]), "starts with a field name, not 3"),
        (lambda: Domain("country_id..code", "=", 1), "'country_id..code' is not a field path"),
        (lambda: Domain([("child_ids", "any", [("a", "=")])]), "domain item 0 is not"),
        (lambda: F.a == F.b, "compares a field with F.b"),
        (lambda: Domain(F.active), "F.active is a field path, not a domain"),
        (lambda: F.state.in_("draft"), "F.state.in_\\(\\) takes a collection of values, not 'draft'"),
        (lambda: F.state.not_in(3), "takes a collection"),
    ],
)
def test_malformed_domains_are_domain_errors(mistake: Callable[[], Any], message: str) -> None:
    with pytest.raises(odoorm.DomainError, match=message) as raised:
        mistake()
    assert isinstance(raised.value, ValueError)


def test_domain_subclasses_are_built_through_domain() -> None:
    with pytest.raises(TypeError, match="build domains with Domain"):
        DomainNot(F.a == 1)
    assert isinstance(F.a, FieldPath) and F.a.eq is not None


# ------------------------------------------------------------------ on the server (recorded Odoo 19)

Row = dict[str, Any]
NOT_BENCH = F.name.not_ilike("bench")  # the demo partners, without the thousands of the benchmarks


def _descendants(rows: list[Row], root: int) -> set[int]:
    found, frontier = {root}, {root}
    while frontier:
        frontier = {r["id"] for r in rows if r["parent_id"] and r["parent_id"][0] in frontier} - found
        found |= frontier
    return found


def _ancestors(rows: list[Row], leaf: int) -> set[int]:
    parents = {r["id"]: r["parent_id"][0] if r["parent_id"] else None for r in rows}
    found: set[int] = set()
    current: int | None = leaf
    while current is not None and current not in found:
        found.add(current)
        current = parents.get(current)
    return found


def _cases(rows: list[Row]) -> list[tuple[Domain, list[Any], set[int]]]:
    """(F form, hand-written list, the ids Python finds in *rows*) for every operator of the guide."""
    ids = sorted(r["id"] for r in rows)
    middle, some = ids[len(ids) // 2], ids[1:4]
    company = next(
        r for r in rows if r["is_company"] and any(c["parent_id"] and c["parent_id"][0] == r["id"] for c in rows)
    )
    contact = next(r for r in rows if r["parent_id"] and r["parent_id"][0] == company["id"])

    def where(test: Callable[[Row], Any]) -> set[int]:
        return {r["id"] for r in rows if test(r)}

    return [
        (F.is_company == True, [("is_company", "=", True)], where(lambda r: r["is_company"])),  # noqa: E712
        (F.is_company != True, [("is_company", "!=", True)], where(lambda r: not r["is_company"])),  # noqa: E712
        (F.id > middle, [("id", ">", middle)], where(lambda r: r["id"] > middle)),
        (F.id >= middle, [("id", ">=", middle)], where(lambda r: r["id"] >= middle)),
        (F.id < middle, [("id", "<", middle)], where(lambda r: r["id"] < middle)),
        (F.id <= middle, [("id", "<=", middle)], where(lambda r: r["id"] <= middle)),
        (F.name.like("an"), [("name", "like", "an")], where(lambda r: "an" in r["name"])),
        (F.name.ilike("AN"), [("name", "ilike", "AN")], where(lambda r: "an" in r["name"].lower())),
        (F.name.eq_like("A%"), [("name", "=like", "A%")], where(lambda r: r["name"].startswith("A"))),
        (F.name.eq_ilike("a%"), [("name", "=ilike", "a%")], where(lambda r: r["name"].lower().startswith("a"))),
        (F.id.in_(some), [("id", "in", some)], set(some)),
        (F.id.not_in(some), [("id", "not in", some)], set(ids) - set(some)),
        (F.id.child_of(company["id"]), [("id", "child_of", company["id"])], _descendants(rows, company["id"])),
        (F.id.parent_of(contact["id"]), [("id", "parent_of", contact["id"])], _ancestors(rows, contact["id"])),
        (F.name.not_like("an"), [("name", "not like", "an")], where(lambda r: "an" not in r["name"])),
        (F.name.not_ilike("AN"), [("name", "not ilike", "AN")], where(lambda r: "an" not in r["name"].lower())),
        (F.parent_id == False, [("parent_id", "=", False)], where(lambda r: not r["parent_id"])),  # noqa: E712
        (
            F.parent_id.name == company["name"],  # a path through a many2one (every demo has such a company)
            [("parent_id.name", "=", company["name"])],
            where(lambda r: r["parent_id"] and r["parent_id"][1] == company["name"]),
        ),
        (
            (F.is_company == True) | F.name.ilike("an") & ~(F.parent_id == False),  # noqa: E712
            ["|", ("is_company", "=", True), "&", ("name", "ilike", "an"), "!", ("parent_id", "=", False)],
            where(lambda r: r["is_company"] or ("an" in r["name"].lower() and r["parent_id"])),
        ),
    ]


def test_each_operator_finds_the_same_records_in_both_forms(env: odoorm.Environment) -> None:
    partners = env["res.partner"]
    rows = partners.search_read(NOT_BENCH, ["name", "parent_id", "is_company", "country_id"])
    assert rows and not any("bench" in r["name"].lower() for r in rows)
    for built, plain, expected in _cases(rows):
        assert list(built) == plain
        by_builder = partners.search(NOT_BENCH & built)
        by_hand = partners.search(["&", ("name", "not ilike", "bench"), *plain])
        assert set(by_builder.ids) == set(by_hand.ids) == expected, plain
        assert 0 < len(expected) < len(rows), plain  # each case tells records apart


def test_any_and_not_any_split_the_records(env: odoorm.Environment) -> None:
    partners = env["res.partner"]
    if env.version < (17, 0):  # Odoo 16 answers "unhashable type: 'list'": refused before sending
        with env.count_calls() as calls, pytest.raises(odoorm.DomainError, match=r"needs Odoo 17\.0 or later.*16\.0"):
            partners.search(NOT_BENCH & F.parent_id.any(F.is_company == True))  # noqa: E712
        with pytest.raises(odoorm.DomainError, match="write the path instead"):
            partners.search([("parent_id", "any", [("is_company", "=", True)])])
        assert calls.total == 0
        return
    everyone = set(partners.search(NOT_BENCH).ids)
    under_company = partners.search(NOT_BENCH & F.parent_id.any(F.is_company == True))  # noqa: E712
    elsewhere = partners.search(NOT_BENCH & F.parent_id.not_any(F.is_company == True))  # noqa: E712
    assert under_company and elsewhere and set(under_company.ids) | set(elsewhere.ids) == everyone
    assert not set(under_company.ids) & set(elsewhere.ids)
    assert all(record.parent_id.is_company for record in under_company)
    by_hand = partners.search([("parent_id", "any", [("is_company", "=", True)]), *NOT_BENCH])
    assert by_hand == under_company


def test_a_domain_works_in_every_search_method(env: odoorm.Environment) -> None:
    partners = env["res.partner"]
    domain = (F.is_company == True) & F.country_id.code.in_(["US", "BE"])  # noqa: E712
    with env.count_calls() as calls:
        found = partners.search(domain, order="id")
        count = partners.search_count(domain)
        rows = partners.search_read(domain, ["name"], order="id")
        mixed = partners.search([F.is_company == True, ("country_id.code", "in", ["US", "BE"])], order="id")  # noqa: E712
    data = [key for key in calls.keys if not key.endswith(".fields_get") and not key.startswith("ir.model.")]
    assert data == ["res.partner.search", "res.partner.search_count", "res.partner.search_read", "res.partner.search"]
    assert found and count == len(found) and [r["id"] for r in rows] == found.ids == mixed.ids
    assert all(record.is_company and record.country_id.code in ("US", "BE") for record in found)
    assert env.execute_kw("res.partner", "search_count", [domain]) == count  # the raw call takes a Domain too


BAD_PATHS = [
    (
        F.country_id.nmae == "Belgium",
        odoorm.UnknownFieldError,
        "res.country has no field 'nmae'; did you mean 'name'.*in the domain path 'country_id.nmae' of res.partner",
    ),
    (F.parent_id.country_id.cod == "BE", odoorm.UnknownFieldError, "res.country has no field 'cod'"),
    (F.nmae == "x", odoorm.UnknownFieldError, "res.partner has no field 'nmae'; did you mean 'name'"),
    (F.category_id.any(F.nmae.ilike("x")), odoorm.UnknownFieldError, "res.partner.category has no field 'nmae'"),
    (
        F.name.length > 3,
        odoorm.DomainError,
        "res.partner: the domain path 'name.length' cannot go through res.partner.name, a char field",
    ),
    (F.name.any(F.id == 1), odoorm.DomainError, "'any' takes a relational field, and res.partner.name is a char"),
    ((F.name == "x") | (F.country_id.nmae == "x"), odoorm.UnknownFieldError, "res.country has no field 'nmae'"),
]


def test_a_bad_path_fails_before_the_search_is_sent(env: odoorm.Environment) -> None:
    partners = env["res.partner"]
    methods = [partners.search, partners.search_count, lambda domain: partners.search_read(domain, ["name"])]
    for (domain, error, message), method in zip(BAD_PATHS, itertools.cycle(methods)):
        with env.count_calls() as calls, pytest.raises(error, match=message):
            method(domain)
        assert [key for key in calls.keys if not key.endswith(".fields_get")] == [], domain  # metadata reads only


def test_plain_lists_keep_the_first_hop_check(env: odoorm.Environment) -> None:
    partners = env["res.partner"]
    with env.count_calls() as calls, pytest.raises(odoorm.UnknownFieldError, match="no field 'nmae'"):
        partners.search([("nmae.code", "=", "x")])
    assert [key for key in calls.keys if not key.endswith(".fields_get")] == []  # nothing but metadata
    with env.count_calls() as calls, pytest.raises(odoorm.ServerError, match="nmae"):
        partners.search([("country_id.nmae", "=", "x")])  # deeper hops: the server is the judge, as before
    assert calls.keys == ["res.partner.search"]


def test_server_side_hops_are_let_through(env: odoorm.Environment) -> None:
    partners = env["res.partner"]
    total = partners.search_count([])
    if env.version < (18, 0):  # Odoo 17 and 16 fail inside ("no attribute 'auto_join'"): refused before sending
        with env.count_calls() as calls, pytest.raises(odoorm.DomainError, match=r"needs Odoo 18\.0 or later"):
            partners.search_count(F.create_date.year_number >= 2000)
        assert calls.total == 0
        return
    assert partners.search_count(F.create_date.year_number >= 2000) == total  # a part of a date (Odoo 18+)
