"""What a large binary costs in client memory, measured with tracemalloc (docs/reliability.md,
"Large binaries").

The stand-in Odoo on 127.0.0.1 answers an ``ir.attachment`` read with one big ``datas`` value
(base64 text, as Odoo sends it), built before the measure starts; the peak of what the client
allocates during the call is compared with the size of the answer. The multiples do not depend on
the size (the documented ones were measured with a 50 MiB file); a small one keeps the test fast.
"""

from __future__ import annotations

import base64
import gc
import json
import os
import tracemalloc
import xmlrpc.client
from collections.abc import Callable, Iterator
from typing import Any

import pytest
import standin  # tests/servers/, put on sys.path by conftest.py

import odoorm
from odoorm.client import logins

FILE = os.urandom(6 * 1024 * 1024)
DATAS = base64.b64encode(FILE).decode("ascii")
ROWS = [{"id": 1, "datas": DATAS}]

#: The answer of each protocol to ``read([1], ["datas"])`` (JSON-RPC: the first call after a login).
ANSWERS = {
    "xmlrpc": (xmlrpc.client.dumps((ROWS,), methodresponse=True).encode(), "text/xml; charset=utf-8"),
    "jsonrpc": (json.dumps({"jsonrpc": "2.0", "id": 2, "result": ROWS}).encode(), "application/json"),
    "json2": (json.dumps(ROWS).encode(), "application/json"),
}
#: The documented peaks, as multiples of the answer's size, and a little room (the XML parser's own
#: buffers are about 2 MiB whatever the size).
PEAK = {"xmlrpc": 4.0, "jsonrpc": 3.0, "json2": 3.0}
ROOM = 3 * 1024 * 1024


@pytest.fixture
def srv() -> Iterator[standin.StandIn]:
    yield from standin.running()


def peak_of(call: Callable[[], Any]) -> tuple[Any, int]:
    """What *call* returns, and the peak of the memory it allocated meanwhile."""
    gc.collect()
    tracemalloc.start()
    try:
        result = call()
        return result, tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()


def connect(srv: standin.StandIn, protocol: str) -> odoorm.Environment:
    logins.forget_logins()  # a login each time: the JSON-RPC read is request 2
    return standin.connect(srv, protocol)


@pytest.mark.parametrize("protocol", ["xmlrpc", "jsonrpc", "json2"])
def test_the_peak_of_a_big_datas_read(protocol: str, srv: standin.StandIn) -> None:
    env = connect(srv, protocol)
    try:
        body, content_type = ANSWERS[protocol]
        srv.script(standin.raw(body, content_type=content_type))
        rows, peak = peak_of(lambda: env.execute_kw("ir.attachment", "read", [[1]], {"fields": ["datas"]}))
    finally:
        env.close()
    assert rows[0]["datas"] == DATAS
    assert peak < PEAK[protocol] * len(body) + ROOM


def test_an_answer_is_read_into_one_buffer(srv: standin.StandIn) -> None:
    """The body is read a chunk at a time into one growing buffer: about its own size at the
    peak, where joining a list of chunks (what ``requests`` does) needs twice."""
    env = connect(srv, "jsonrpc")
    channel = env._transport.channel
    try:
        body = ANSWERS["json2"][0]
        srv.script(standin.raw(body))
        response, peak = peak_of(
            lambda: channel.post(
                "/json/2/ir.attachment/read", b"{}", {}, read_only=True, label="json2 ir.attachment.read"
            )
        )
    finally:
        env.close()
    assert response.content == body
    assert peak / len(body) < 1.3
