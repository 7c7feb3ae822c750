"""The version-bridging calls on servers older than the recorded ones (17 and before).

Odoo 18 and 19 are exercised live by the docs catalogue (docs/versions.md); no older server is
available to record, so the pre-18 and pre-17 branches are checked here against a stand-in
recordset that answers as those servers' methods do.
"""

from __future__ import annotations

from typing import Any

import pytest

from odoorm.errors import AccessError, ClientError
from odoorm.meta.versions import ServerVersion
from odoorm.orm.compat import check_access, has_access, name_get
from odoorm.orm.paging import search_batches


class OldServerRecords:
    """Just what the compat functions use of a recordset, answering as an Odoo *major* would."""

    def __init__(self, major: int, ids: list[int], *, rights: bool = True, rules: bool = True) -> None:
        version = ServerVersion("x", (major, 0), None, None, {})
        at_least = lambda env, release: version >= release  # noqa: E731
        self.env = type("Env", (), {"version": version, "uid": 7, "url": "http://old", "_at_least": at_least})()
        self.ids = ids
        self._name = "res.partner"
        self.rights, self.rules = rights, rules
        self.calls: list[tuple[str, list[Any], dict[str, Any]]] = []

    def __bool__(self) -> bool:
        return bool(self.ids)

    def _call(self, method: str, args: list[Any], kwargs: dict[str, Any]) -> Any:
        self.calls.append((method, args, kwargs))
        if method == "check_access_rights":
            return self.rights
        if method == "check_access_rule":
            if not self.rules:
                raise AccessError("Due to security restrictions, you are not allowed to access 'Contact' records.")
            return None
        if method == "name_get":
            return [[i, f"Partner {i}"] for i in args[0]]
        if method == "has_access":
            return self.rights and self.rules
        raise AssertionError(f"unexpected call {method}")


def test_has_access_before_18_asks_check_access_rights_then_the_rules() -> None:
    model = OldServerRecords(16, [])
    assert has_access(model, "write") is True  # type: ignore[arg-type]
    assert model.calls == [("check_access_rights", ["write"], {"raise_exception": False})]

    records = OldServerRecords(17, [3, 4], rules=False)
    assert has_access(records, "write") is False  # type: ignore[arg-type]
    assert [c[0] for c in records.calls] == ["check_access_rights", "check_access_rule"]
    assert records.calls[1][1] == [[3, 4], "write"]

    denied = OldServerRecords(17, [3], rights=False)
    assert has_access(denied, "unlink") is False  # type: ignore[arg-type]
    assert len(denied.calls) == 1  # the rules are not asked once the rights say no


def test_has_access_from_18_is_one_server_call() -> None:
    records = OldServerRecords(18, [5])
    assert has_access(records, "read") is True  # type: ignore[arg-type]
    assert records.calls == [("has_access", [[5], "read"], {})]


def test_check_access_raises_naming_model_operation_and_records() -> None:
    records = OldServerRecords(16, [3], rules=False)
    with pytest.raises(AccessError, match=r"res.partner: user 7 may not write records \[3\]"):
        check_access(records, "write")  # type: ignore[arg-type]
    with pytest.raises(ClientError, match="not 'delete'"):
        check_access(records, "delete")  # type: ignore[arg-type]


def test_name_get_before_17_is_the_server_method() -> None:
    records = OldServerRecords(16, [3, 4])
    assert name_get(records) == [(3, "Partner 3"), (4, "Partner 4")]  # type: ignore[arg-type]
    assert records.calls == [("name_get", [[3, 4]], {})]


class PagedModel:
    """A model whose ``search`` pages through ids 1..n as the server would."""

    _name = "res.country"

    def __init__(self, n: int) -> None:
        self.rows = list(range(1, n + 1))
        self.searches: list[tuple[list[Any], int, int | None, str | None]] = []

    def search(
        self, domain: list[Any], offset: int = 0, limit: int | None = None, order: str | None = None, fetch: Any = None
    ) -> Any:
        self.searches.append((domain, offset, limit, order))
        floor = next((leaf[2] for leaf in domain if leaf[0] == "id"), 0)
        found = [i for i in self.rows if i > floor][offset:][:limit]
        return type("Batch", (), {"ids": found, "__len__": lambda s: len(found), "__bool__": lambda s: bool(found)})()


def test_search_batches_walk_by_id_without_an_order() -> None:
    model = PagedModel(5)
    batches = [b.ids for b in search_batches(model, [("active", "=", True)], 2, None, None)]  # type: ignore[arg-type]
    assert batches == [[1, 2], [3, 4], [5]]
    assert [s[0][-1] for s in model.searches] == [("id", ">", 0), ("id", ">", 2), ("id", ">", 4)]
    assert all(s[0][0] == ("active", "=", True) and s[3] == "id" for s in model.searches)


def test_search_batches_page_by_offset_with_an_order_made_total() -> None:
    model = PagedModel(4)
    batches = [b.ids for b in search_batches(model, [], 2, "name desc", None)]  # type: ignore[arg-type]
    assert batches == [[1, 2], [3, 4]]  # the last full page is followed by one empty search
    assert [(s[1], s[3]) for s in model.searches] == [(0, "name desc, id"), (2, "name desc, id"), (4, "name desc, id")]
    with pytest.raises(ClientError, match="batch_size"):
        next(search_batches(model, [], 0, None, None))  # type: ignore[arg-type]


def test_search_batches_keep_a_built_domain_a_domain() -> None:
    from odoorm import Domain, F

    model = PagedModel(3)
    model.search = lambda domain, **kw: (
        model.searches.append((domain, 0, kw["limit"], kw["order"])),  # type: ignore[method-assign]
        type("B", (), {"ids": [], "__len__": lambda s: 0})(),
    )[1]
    list(search_batches(model, F.active.eq(True), 2, None, None))  # type: ignore[arg-type]
    [(sent, _, limit, order)] = model.searches
    assert isinstance(sent, Domain) and sent == F.active.eq(True) & Domain("id", ">", 0)  # its paths get checked
    assert (limit, order) == (2, "id")
