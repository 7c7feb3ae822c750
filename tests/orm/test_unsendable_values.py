"""A value no protocol can carry is refused when it is assigned, and the ways out always work
(issue 17, item 4: ``rec.properties = [[object()]]`` was accepted, then every call — ``env.pending()``,
``env.discard()``, ``env.close()`` included — raised ``MarshalError``, and so did the exit finalizer).

Against the stand-in Odoo on 127.0.0.1, over each protocol."""

from __future__ import annotations

import subprocess
import sys
import textwrap
from collections.abc import Iterator
from typing import Any

import pytest
from standin import StandIn, connect, reply, running

import odoorm

PROTOCOLS = ["xmlrpc", "jsonrpc", "json2"]
FIELDS = {
    "name": {"type": "char", "string": "Name"},
    "properties": {"type": "properties", "string": "Properties"},
}


@pytest.fixture
def srv() -> Iterator[StandIn]:
    yield from running()


@pytest.mark.parametrize("protocol", PROTOCOLS)
def test_an_unsendable_value_is_refused_at_assignment(srv: StandIn, protocol: str) -> None:
    env = connect(srv, protocol)
    srv.script(reply(FIELDS))  # fields_get, to build the class
    record = env["res.partner"].browse(7)
    with pytest.raises(odoorm.MarshalError, match=r"res\.partner\.properties.*cannot send a object") as caught:
        record.properties = [[object()]]
    assert isinstance(caught.value, TypeError)
    assert env.pending() == []
    record.name = "Still fine"  # the environment goes on
    assert [dict(change.values) for change in env.pending()] == [{"name": "Still fine"}]
    env.flush()
    (write,) = srv.matching(rpc="res.partner.write")
    assert write.args[:2] == [[7], {"name": "Still fine"}] or write.kwargs.get("vals") == {"name": "Still fine"}
    env.close()


@pytest.mark.parametrize("protocol", PROTOCOLS)
def test_a_value_made_unsendable_after_assignment_can_still_be_listed_and_discarded(
    srv: StandIn, protocol: str
) -> None:
    """A list assigned, then changed by the caller: the flush refuses it, and pending(), discard() and
    close() still work."""
    env = connect(srv, protocol)
    srv.script(reply(FIELDS))
    record = env["res.partner"].browse(7)
    value: list[Any] = [{"name": "a", "type": "char", "value": "x"}]
    record.properties = value
    value.append(object())
    with pytest.raises(odoorm.FlushError) as caught:
        env.flush()
    assert isinstance(caught.value.error, odoorm.MarshalError) and caught.value.outcome_unknown is False
    assert srv.count(rpc="res.partner.write") == 0  # nothing was sent
    (pending,) = env.pending()
    assert pending.ids == (7,) and list(pending.values) == ["properties"]
    assert env.discard() == [pending]
    assert env.pending() == []
    env.close()


SCRIPT = textwrap.dedent("""
    import sys, odoorm
    env = odoorm.connect(sys.argv[1], "db", "admin", "pw", protocol="jsonrpc", retries=0)
    value = [{"name": "a", "type": "char", "value": "x"}]
    env["res.partner"].browse(7).properties = value
    value.append(object())
    print("assigned")
""")


def test_the_exit_finalizer_warns_about_an_unsendable_change(srv: StandIn) -> None:
    srv.script(reply(FIELDS))
    done = subprocess.run([sys.executable, "-c", SCRIPT, srv.url], capture_output=True, text=True, timeout=60)
    assert done.returncode == 0 and "assigned" in done.stdout, done.stderr
    assert "PendingChangesWarning" in done.stderr and "properties" in done.stderr
    assert "Traceback" not in done.stderr and "Exception ignored" not in done.stderr
    assert srv.count(rpc="res.partner.write") == 0
