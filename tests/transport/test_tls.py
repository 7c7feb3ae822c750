"""TLS verification is on by default; turning it off warns, once per connection."""

from __future__ import annotations

import warnings
from collections.abc import Iterator

import pytest
from standin import StandIn, running

import odoorm
from odoorm.transport import InsecureConnectionWarning


@pytest.fixture
def srv() -> Iterator[StandIn]:
    yield from running()


def test_verification_is_on_by_default(srv: StandIn) -> None:
    env = odoorm.connect(srv.url, "db", "admin", "pw", protocol="jsonrpc")
    assert env._transport.channel.verify is True


def test_turning_verification_off_warns_once(srv: StandIn) -> None:
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        env = odoorm.connect(srv.url, "db", "admin", "pw", protocol="jsonrpc", verify=False)
        env.execute_kw("res.partner", "search", [[]])
        env.execute_kw("res.partner", "search", [[]])
    insecure = [w for w in caught if issubclass(w.category, InsecureConnectionWarning)]
    assert len(insecure) == 1 and srv.url in str(insecure[0].message)
