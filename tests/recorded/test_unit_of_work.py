"""Buffered writes, grouped flushes and x2many commands, on the recorded Odoo 19 server."""

from __future__ import annotations

import gc
import re
from collections.abc import Iterator
from typing import Any

import pytest

import odoorm
from odoorm import Command
from odoorm.orm.model import Model

BENCH = [("ref", "=like", "odoorm-bench-%"), ("is_company", "=", True)]

#: The server's refusal of a nameless contact: its message, or on Odoo 16 PostgreSQL's (docs/versions.md).
NAME_REFUSED = re.compile(r"Contacts require a name|violates check constraint \"res_partner_check_name\"")


def server_values(env: odoorm.Environment, records: Model, field: str) -> list[Any]:
    """What the server holds now (the cache is bypassed)."""
    rows = env.execute_kw(records._name, "read", [records.ids, [field]])
    return [row[field] for row in sorted(rows, key=lambda row: records.ids.index(row["id"]))]


@pytest.fixture
def scratch(env: odoorm.Environment) -> Iterator[Model]:
    """A partner with two tags and two children, deleted afterwards."""
    tags = env["res.partner.category"].search([("name", "like", "odoorm bench")], order="name")
    partner = env["res.partner"].create(
        {
            "name": "odoorm uow",
            "is_company": True,
            "category_id": tags[:2],
            "child_ids": [Command.create({"name": "odoorm child 1"}), Command.create({"name": "odoorm child 2"})],
        }
    )
    yield partner
    env.discard()
    children = env["res.partner"].with_context(active_test=False).search([("name", "like", "odoorm child")])
    (partner | children).unlink()


# ------------------------------------------------------------------ buffering and grouping


def test_one_value_on_300_records_is_one_write(env: odoorm.Environment) -> None:
    partners = env["res.partner"].search(BENCH, limit=300, order="id")
    with env.count_calls() as calls:
        for partner in partners:
            partner.function = "Buyer"
        assert partners[0].function == "Buyer"  # read back at once, from the pending value
        assert calls.total == 0
        env.flush()
    assert calls.keys == ["res.partner.write"]
    assert set(server_values(env, partners, "function")) == {"Buyer"}
    with env.count_calls() as calls:
        partners.function = None  # a recordset assignment: one write too
        env.flush()
    assert calls.keys == ["res.partner.write"] and set(server_values(env, partners, "function")) == {False}


@pytest.mark.odoo(since=19, reason="web_save_multi (different values in one call) is Odoo 19's")
def test_three_values_on_300_records_is_one_call_on_odoo_19(env: odoorm.Environment) -> None:
    partners = env["res.partner"].search(BENCH, limit=300, order="id")
    titles = ["Buyer", "Owner", "Manager"]
    for index, partner in enumerate(partners):
        partner.function = titles[index % 3]
    assert [(len(change.ids), change.values) for change in env.pending()] == [
        (100, {"function": "Buyer"}),
        (100, {"function": "Owner"}),
        (100, {"function": "Manager"}),
    ]
    assert env.version >= (19, 0)  # known: a flush of different values asks for it otherwise (once)
    with env.count_calls() as calls:
        env.flush()
    assert calls.keys == ["res.partner.web_save_multi"] and env.pending() == []
    assert server_values(env, partners, "function")[:4] == ["Buyer", "Owner", "Manager", "Buyer"]
    partners.function = None
    env.flush()


def test_adding_a_tag_to_300_partners_is_one_write_of_link_commands(env: odoorm.Environment) -> None:
    partners = env["res.partner"].search(BENCH, limit=300, order="id")
    tag = env["res.partner.category"].create({"name": "odoorm uow tag"})
    try:
        _add_and_remove_a_tag(env, partners, tag)
    finally:
        tag.unlink()


def _add_and_remove_a_tag(env: odoorm.Environment, partners: Model, tag: Model) -> None:
    with env.count_calls() as calls:
        for partner in partners:
            partner.category_id += tag
        assert tag in partners[0].category_id and calls.keys == ["res.partner.read"]  # current tags, all at once
        env.flush()
    assert calls.keys == ["res.partner.read", "res.partner.write"]
    assert env.pending() == []
    assert all(tag.id in ids for ids in server_values(env, partners, "category_id"))
    with env.count_calls() as calls:
        for partner in partners:
            partner.category_id -= tag
        env.flush()
    assert calls.keys == ["res.partner.read", "res.partner.write"]  # the flush dropped the cache: read again
    tags = server_values(env, partners, "category_id")
    assert all(tag.id not in ids and len(ids) == 2 for ids in tags)  # each company keeps its two own tags


def test_pending_changes_are_flushed_before_any_call_that_could_see_them(scratch: Model) -> None:
    env = scratch.env
    scratch.function = "Flushed first"
    with env.count_calls() as calls:
        found = env["res.partner"].search([("function", "=", "Flushed first")])
    assert calls.keys == ["res.partner.write", "res.partner.search"] and found == scratch
    scratch.name = "odoorm uow renamed"
    scratch.action_archive  # resolving a new attribute name costs one fields_get (is it a new field?), once
    assert env.version >= (16, 0)  # a server method's signature is looked up by version (asked once)
    with env.count_calls() as calls:
        scratch.action_archive()
    assert calls.keys == ["res.partner.write", "res.partner.action_archive"]
    assert server_values(env, scratch, "name") == ["odoorm uow renamed"] and scratch.active is False


def test_batch_block_flushes_at_its_end(scratch: Model) -> None:
    env = scratch.env
    with env.count_calls() as calls, env.batch():
        scratch.function = "Batched"
        scratch.website = "https://odoorm.example.com"
        assert calls.total == 0
    assert calls.keys == ["res.partner.write"]
    assert server_values(env, scratch, "function") == ["Batched"]


# ------------------------------------------------------------------ commands


def test_many2many_commands(scratch: Model) -> None:
    env = scratch.env
    tags = env["res.partner.category"].search([("name", "like", "odoorm bench")], order="name")
    a, b, c = tags[0], tags[1], tags[2]
    scratch.category_id = b | c  # set (6)
    env.flush()
    assert server_values(env, scratch, "category_id") == [[b.id, c.id]]
    scratch.category_id += a  # link (4)
    scratch.category_id -= b  # unlink (3), in order, one write
    assert env.pending()[0].values == {"category_id": [(4, a.id, 0), (3, b.id, 0)]}
    with env.count_calls() as calls:
        env.flush()
    assert calls.keys == ["res.partner.write"]
    assert sorted(server_values(env, scratch, "category_id")[0]) == sorted([a.id, c.id])
    scratch.category_id = []  # clear (5)
    assert env.pending()[0].values == {"category_id": [(5, 0, 0)]}
    env.flush()
    assert server_values(env, scratch, "category_id") == [[]]
    scratch.category_id = [Command.link(c.id), Command.set([a.id, b.id]), Command.unlink(a.id)]  # explicit
    env.flush()
    assert server_values(env, scratch, "category_id") == [[b.id]]


def test_one2many_commands(scratch: Model) -> None:
    env = scratch.env
    first, second = scratch.child_ids.sorted("name")
    scratch.child_ids += [{"name": "odoorm child 3", "email": "three@example.com"}]  # create (0)
    scratch.child_ids = [Command.update(first.id, {"function": "Updated"})]  # update (1)
    assert [command[0] for command in env.pending()[0].values["child_ids"]] == [0, 1]  # queued in order
    env.flush()
    children = scratch.child_ids
    assert sorted(children.mapped("name")) == ["odoorm child 1", "odoorm child 2", "odoorm child 3"]
    assert first.function == "Updated"
    scratch.child_ids -= second  # unlink (3): parent_id is not required, so the contact stays, unlinked
    env.flush()
    assert second.exists() and not second.parent_id and second not in scratch.child_ids
    third = scratch.child_ids.filtered(lambda c: c.name == "odoorm child 3")
    scratch.child_ids = [Command.delete(third.id)]  # delete (2)
    env.flush()
    assert not third.exists() and scratch.child_ids == first
    scratch.child_ids = second | first  # the current value is cached: only the missing link (4)
    assert env.pending()[0].values == {"child_ids": [(4, second.id, 0)]}
    env.flush()
    assert scratch.child_ids == first | second


def test_augmented_assignments_never_replace_what_another_client_changed(scratch: Model, testbed: Any) -> None:
    """``+=``/``-=`` send only the links they add or remove — nothing for an empty operand — never a
    replacement built from the cache: another client's tag and child, added after this connection
    read the fields, survive (issue 17: an empty ``+=`` sent ``(6, 0, cached ids)``, an empty ``-=`` on an
    empty cache ``(5,)``)."""
    env = scratch.env
    Tag, Partner = env["res.partner.category"], env["res.partner"]
    tags = Tag.search([("name", "like", "odoorm bench")], order="name")
    children = scratch.child_ids
    assert len(scratch.category_id) == 2 and len(children) == 2  # both fields read and cached
    other = testbed.connect(env.protocol)  # another client
    try:
        other.execute_kw("res.partner", "write", [[scratch.id], {"category_id": [(4, tags[4].id, 0)]}])
        late_child = other.execute_kw("res.partner", "create", [{"name": "odoorm child late", "parent_id": scratch.id}])
    finally:
        other.close()
    with env.count_calls() as calls:
        scratch.category_id += Tag.browse([])
        scratch.category_id -= Tag.browse([])
        scratch.child_ids += Partner.browse([])
        scratch.child_ids -= Partner.browse([])
        scratch.child_ids += []
        assert env.pending() == []
        env.flush()
    assert calls.total == 0
    assert tags[4].id in server_values(env, scratch, "category_id")[0]
    assert late_child in server_values(env, scratch, "child_ids")[0]
    env.invalidate()
    empty = env["res.partner"].create({"name": "odoorm child empty"})  # an empty cached one2many
    try:
        assert not empty.child_ids and not empty.category_id
        empty.category_id -= Tag.browse([])
        empty.child_ids -= Partner.browse([])
        assert env.pending() == []
        scratch.category_id += tags[3]  # one link: one command, whatever the cache holds
        assert env.pending()[0].values == {"category_id": [(4, tags[3].id, 0)]}
        env.flush()
        assert sorted(server_values(env, scratch, "category_id")[0]) == sorted([*tags[:2].ids, tags[3].id, tags[4].id])
    finally:
        empty.unlink()


def test_many2one_takes_a_record_an_id_or_none(scratch: Model) -> None:
    env = scratch.env
    belgium = env.ref("base.be")
    scratch.country_id = belgium
    assert scratch.country_id == belgium  # read back before any call
    env.flush()
    assert server_values(env, scratch, "country_id")[0][0] == belgium.id
    scratch.country_id = env.ref("base.fr").id
    env.flush()
    assert scratch.country_id.code == "FR"
    scratch.country_id = None
    env.flush()
    assert server_values(env, scratch, "country_id") == [False] and not scratch.country_id


def test_create_takes_records_values_and_commands(env: odoorm.Environment) -> None:
    tag = env["res.partner.category"].search([("name", "=", "odoorm bench A")])
    env["res.partner"], env["res.country"]  # metadata first: the count below is data only
    with env.count_calls() as calls:
        created = env["res.partner"].create(
            {
                "name": "odoorm create",
                "country_id": env["res.country"].browse(20),
                "category_id": [Command.link(tag.id)],
                "child_ids": [Command.create({"name": "odoorm create child", "country_id": 20})],
            }
        )
    try:
        assert calls.keys == ["res.partner.create"]
        assert created.category_id == tag and created.child_ids.name == "odoorm create child"
        assert created.country_id.code == "BE"
    finally:
        (created | created.child_ids).unlink()


# ------------------------------------------------------------------ validation and failures


def test_bad_assignments_are_refused_before_anything_is_sent(scratch: Model) -> None:
    env = scratch.env
    with env.count_calls() as calls:
        with pytest.raises(odoorm.UnknownFieldError, match="did you mean 'name'"):
            scratch.nmae = "typo"
        with pytest.raises(odoorm.FieldValueError, match=r"res.partner.color \(integer\)") as wrong:
            scratch.color = "red"
        assert isinstance(wrong.value, TypeError)
        with pytest.raises(odoorm.ReadOnlyFieldError, match="res.partner.create_date is read-only"):
            scratch.create_date = None
        with pytest.raises(odoorm.RecordError, match="expected res.partner.category records"):
            scratch.category_id += env["res.country"].browse(20)
    # reads happened (a metadata refresh for the typo, the current tags for +=); no write, nothing pending
    assert not [key for key in calls.keys if key.split(".")[-1] in ("write", "create", "web_save_multi")]
    assert env.pending() == []


def test_a_refused_flush_keeps_its_changes_pending(scratch: Model, testbed: Any, protocol: str) -> None:
    env = scratch.env
    first, second = scratch.child_ids.sorted("name")
    one_transaction = env.version >= (19, 0)  # web_save_multi; before, one write per distinct values
    first.function = "Kept"
    second.name = False  # "Contacts require a name": refused by the server
    with pytest.raises(odoorm.FlushError) as refused:
        env.flush()
    error = refused.value
    refused_ids = {first.id, second.id} if one_transaction else {second.id}
    assert error.model == "res.partner" and set(error.ids) == refused_ids
    assert "name" in error.fields and NAME_REFUSED.search(str(error.error))
    assert isinstance(error.__cause__, odoorm.ServerError)
    pending = {((second.id,), ("name",))} | ({((first.id,), ("function",))} if one_transaction else set())
    assert {(change.ids, tuple(change.values)) for change in env.pending()} == pending
    # seen from another connection (any call through this one would flush first): web_save_multi is one
    # server transaction, nothing applied; before Odoo 19 the write that went before the refused one stays
    onlooker = testbed.connect(protocol)
    assert server_values(onlooker, first | second, "function") == [False if one_transaction else "Kept", False]
    assert server_values(onlooker, second, "name") == ["odoorm child 2"]
    second.name = "odoorm child 2 again"  # mend the refused change: the next flush sends what is pending
    env.flush()
    assert server_values(env, first | second, "function")[0] == "Kept"
    assert server_values(env, second, "name") == ["odoorm child 2 again"] and env.pending() == []


def test_one_refused_change_can_be_discarded_alone(scratch: Model) -> None:
    env = scratch.env
    first, second = scratch.child_ids.sorted("name")
    one_transaction = env.version >= (19, 0)
    first.function = "Kept"
    second.name = False  # "Contacts require a name": refused by the server
    with pytest.raises(odoorm.FlushError) as refused:
        env.flush()
    message = str(refused.value)
    assert f"res.partner({second.id}) name=False" in message and NAME_REFUSED.search(message)
    assert (
        "env.discard(env['res.partner'].browse([" in message
        and "or drop every pending change: env.discard()" in message
    )
    dropped = env.discard(second, fields=["name"])  # only the refused change
    assert [(change.ids, dict(change.values)) for change in dropped] == [((second.id,), {"name": False})]
    still = [((first.id,), {"function": "Kept"})] if one_transaction else []  # before 19: already written
    assert [(change.ids, dict(change.values)) for change in env.pending()] == still
    env.flush()
    assert server_values(env, first, "function") == ["Kept"]
    assert server_values(env, second, "name") == ["odoorm child 2"] and env.pending() == []


def test_assigning_records_to_a_known_x2many_sends_only_the_changed_links(scratch: Model) -> None:
    env = scratch.env
    tags = env["res.partner.category"].search([("name", "like", "odoorm bench")], order="name")
    a, b, c = tags[0], tags[1], tags[2]
    assert scratch.category_id == a | b  # read: the current value is in the cache
    with env.count_calls() as calls:
        scratch.category_id = b | c
        assert env.pending()[0].values == {"category_id": [(3, a.id, 0), (4, c.id, 0)]}
        env.flush()
    assert calls.keys == ["res.partner.write"]  # one write, no extra read
    assert sorted(server_values(env, scratch, "category_id")[0]) == sorted([b.id, c.id])
    assert scratch.category_id == b | c
    scratch.category_id = c | b  # the value it has: nothing to send
    assert env.pending() == []


def test_a_dropped_connection_flushes_its_changes(cassette: Any, testbed: Any, protocol: str) -> None:
    env = testbed.connect(protocol)
    partner = env["res.partner"].create({"name": "odoorm gc"})
    other = testbed.connect(protocol)
    record = other["res.partner"].browse(partner.id)
    record.function = "Saved when dropped"
    del record, other
    gc.collect()
    try:
        assert server_values(env, partner, "function") == ["Saved when dropped"]
    finally:
        partner.unlink()


def test_closing_flushes(cassette: Any, testbed: Any, protocol: str) -> None:
    env = testbed.connect(protocol)
    partner = env["res.partner"].create({"name": "odoorm close"})
    with testbed.connect(protocol) as other:
        other["res.partner"].browse(partner.id).function = "Saved on close"
    try:
        assert server_values(env, partner, "function") == ["Saved on close"]
    finally:
        partner.unlink()
