"""Streaming exports (``export_rows``, ``export``, ``export_dataframe``, ``partitions``) on Odoo 19-16.

The expected rows are built here from raw ``search_read`` and ``read`` answers of the same records,
by the documented rules (docs/data.md): ``False`` → ``None`` (booleans stay booleans), a many2one →
its display name and ``<path>.id``, an x2many → its ids, dates → ``date``, datetimes → aware UTC.
"""

from __future__ import annotations

import csv
import datetime as dt
import importlib.util
import io
import json
import math
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from serial_recording import one_send_at_a_time_when_recording  # noqa: F401  # a fixture

import odoorm

PARTNERS = [("id", "<=", 40)]


@pytest.fixture
def domain(env: odoorm.Environment) -> Iterator[list[Any]]:
    """PARTNERS and a partner of our own with nothing set (no email, country, tag, parent, child)."""
    bare = env["res.partner"].create({"name": "odoorm export: bare", "email": False, "country_id": False})
    yield ["|", *PARTNERS, ("id", "=", bare.id)]
    bare.unlink()


FIELDS = [
    "name",
    "email",
    "is_company",
    "color",
    "partner_latitude",
    "country_id",
    "category_id",
    "create_date",
    "parent_id.country_id.name",
    "child_ids.name",
]


def major(env: odoorm.Environment) -> int:
    """The server's major version (asked once per connection, so before counting calls)."""
    return int(env.version.info[0])


def raw_rows(env: odoorm.Environment, model: str, domain: list[Any], fields: list[str]) -> list[dict[str, Any]]:
    """``search_read`` as the server answers it, ordered by id: what the tests compare with."""
    return list(env.execute_kw(model, "search_read", [domain], {"fields": fields, "order": "id"}))


def _utc(value: str) -> dt.datetime:
    return dt.datetime.fromisoformat(value).replace(tzinfo=dt.timezone.utc)


def expected_rows(env: odoorm.Environment, domain: list[Any]) -> list[dict[str, Any]]:
    """The export rows of *domain* and FIELDS, from raw reads."""
    top = ["name", "email", "is_company", "color", "partner_latitude", "country_id", "category_id", "create_date"]
    partners = raw_rows(env, "res.partner", domain, [*top, "parent_id", "child_ids"])
    related = sorted(
        {p["parent_id"][0] for p in partners if p["parent_id"]} | {c for p in partners for c in p["child_ids"]}
    )
    others = {r["id"]: r for r in env.execute_kw("res.partner", "read", [related, ["name", "country_id"]])}
    country_ids = sorted({r["country_id"][0] for r in others.values() if r["country_id"]})
    countries = {c["id"]: c["name"] for c in env.execute_kw("res.country", "read", [country_ids, ["name"]])}
    rows = []
    for p in partners:
        parent = others.get(p["parent_id"][0]) if p["parent_id"] else None
        rows.append(
            {
                "id": p["id"],
                "name": p["name"],
                "email": p["email"] or None,
                "is_company": p["is_company"],
                "color": p["color"],
                "partner_latitude": p["partner_latitude"],
                "country_id": p["country_id"][1] if p["country_id"] else None,
                "country_id.id": p["country_id"][0] if p["country_id"] else None,
                "category_id": p["category_id"],
                "create_date": _utc(p["create_date"]),
                "parent_id.country_id.name": countries[parent["country_id"][0]]
                if parent and parent["country_id"]
                else None,
                "child_ids.name": [others[c]["name"] for c in p["child_ids"]],
            }
        )
    return rows


def _data_calls(keys: list[str]) -> list[str]:
    """The calls but the metadata's (``fields_get``, once per model and connection)."""
    return [key for key in keys if not key.endswith(".fields_get")]


def _pages(count: int, size: int) -> int:
    return count // size + 1  # the last page is short (or empty when *count* is a multiple)


def test_rows_equal_raw_reads_one_call_per_page(env: odoorm.Environment, domain: list[Any]) -> None:
    partners, version = env["res.partner"], major(env)
    expected = expected_rows(env, domain)
    assert any(row["email"] is None for row in expected) and any(row["category_id"] for row in expected)
    assert any(row["parent_id.country_id.name"] for row in expected) and any(row["child_ids.name"] for row in expected)
    with env.count_calls() as calls:
        rows = list(partners.export_rows(domain, FIELDS, batch_size=15))
    assert rows == expected
    pages, keys = _pages(len(expected), 15), _data_calls(calls.keys)
    if version >= 17:
        assert keys == ["res.partner.web_search_read"] * pages
    else:  # per page: a search_read, then one read per related model and level: the parents and the children
        # together (both res.partner), then the parents' countries
        per_page = ["res.partner.search_read", "res.partner.read", "res.country.read"]
        assert keys.count("res.partner.search_read") == pages and len(keys) <= 3 * pages
        assert keys[:3] == per_page and set(keys) == set(per_page)


@pytest.fixture
def family(env: odoorm.Environment) -> Iterator[list[Any]]:
    """A tagged company with a tagged child, and PARTNERS: the domain of their export."""
    tags = env["res.partner.category"].create([{"name": "odoorm export: blue"}, {"name": "odoorm export: red"}])
    company = env["res.partner"].create({"name": "odoorm export: company", "is_company": True, "category_id": tags.ids})
    child = env["res.partner"].create(
        {"name": "odoorm export: child", "parent_id": company.id, "category_id": tags[1].ids}
    )
    yield ["|", *PARTNERS, ("id", "in", [company.id, child.id])]
    (child | company).unlink()
    tags.unlink()


def test_a_field_and_a_longer_path_through_it(env: odoorm.Environment, family: list[Any]) -> None:
    """``category_id`` (ids) beside ``category_id.name`` (names), and the same through a parent and the
    children: where one column's path reads the tags as records, the other still gets their ids (on
    Odoo 16 the parents and the children are one read: one per related model and level)."""
    fields = ["category_id", "category_id.name", "parent_id.category_id", "child_ids.category_id.name"]
    version = major(env)
    partners = raw_rows(env, "res.partner", family, ["category_id", "parent_id", "child_ids"])
    related_ids = {p["parent_id"][0] for p in partners if p["parent_id"]} | {
        c for p in partners for c in p["child_ids"]
    }
    related = {r["id"]: r for r in env.execute_kw("res.partner", "read", [sorted(related_ids), ["category_id"]])}
    tag_ids = {t for r in [*partners, *related.values()] for t in r["category_id"]}
    tags = {t["id"]: t["name"] for t in env.execute_kw("res.partner.category", "read", [sorted(tag_ids), ["name"]])}
    expected = [
        {
            "id": p["id"],
            "category_id": p["category_id"],
            "category_id.name": [tags[t] for t in p["category_id"]],
            "parent_id.category_id": related[p["parent_id"][0]]["category_id"] if p["parent_id"] else [],
            "child_ids.category_id.name": [tags[t] for c in p["child_ids"] for t in related[c]["category_id"]],
        }
        for p in partners
    ]
    assert any(row["parent_id.category_id"] for row in expected) and any(row["category_id.name"] for row in expected)
    assert any(row["child_ids.category_id.name"] for row in expected)
    with env.count_calls() as calls:
        rows = list(env["res.partner"].export_rows(family, fields))
    assert rows == expected
    if version < 17:  # one page: the partners; their tags, and their parents and children together; the children's tags
        tags, people = "res.partner.category.read", "res.partner.read"
        assert _data_calls(calls.keys) == ["res.partner.search_read", tags, people, tags]


def test_files_hold_the_rows(env: odoorm.Environment, tmp_path: Path) -> None:
    partners = env["res.partner"]
    rows = list(partners.export_rows(PARTNERS, FIELDS))
    assert partners.export(str(tmp_path / "p.csv"), PARTNERS, FIELDS) == len(rows)
    with open(tmp_path / "p.csv", newline="", encoding="utf-8") as stream:
        cells = list(csv.reader(stream))
    assert cells[0] == list(rows[0])
    for row, line in zip(rows, cells[1:], strict=True):
        assert line == [_csv_cell(value) for value in row.values()]

    text = io.StringIO()
    assert partners.export(text, PARTNERS, FIELDS, format="jsonl") == len(rows)
    decoded = [json.loads(line) for line in text.getvalue().splitlines()]
    assert decoded == [{k: _json_value(v) for k, v in row.items()} for row in rows]

    pq = pytest.importorskip("pyarrow.parquet")
    assert partners.export(str(tmp_path / "p.parquet"), PARTNERS, FIELDS) == len(rows)
    table = pq.read_table(tmp_path / "p.parquet")
    assert str(table.schema.field("create_date").type) == "timestamp[us, tz=UTC]"
    assert str(table.schema.field("category_id").type.value_type) == "int64"
    assert table.to_pylist() == rows


def _csv_cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return str(value).lower()
    if isinstance(value, list):
        return json.dumps(value, ensure_ascii=False)
    return value.isoformat() if isinstance(value, dt.date) else str(value)


def _json_value(value: Any) -> Any:
    return value.isoformat() if isinstance(value, dt.date) else value


def test_frames_hold_the_rows(env: odoorm.Environment) -> None:
    pd = pytest.importorskip("pandas")
    partners = env["res.partner"]
    rows = list(partners.export_rows(PARTNERS, FIELDS))
    frame = partners.export_dataframe(PARTNERS, FIELDS, batch_size=15)
    assert list(frame.index) == [row["id"] for row in rows] and list(frame.columns) == list(rows[0])[1:]
    assert str(frame["country_id.id"].dtype) == "Int64" and str(frame["is_company"].dtype) == "boolean"
    for row in rows:
        line = frame.loc[row["id"]]
        for name, value in row.items():
            if name == "id":
                continue
            got = line[name]
            if value is None:
                assert got is pd.NA or got is None or (isinstance(got, float) and math.isnan(got)), name
            elif isinstance(value, dt.datetime | dt.date):
                assert got == pd.Timestamp(value), name
            else:
                assert (list(got) if isinstance(value, list) else got) == value, name
    pl = pytest.importorskip("polars")
    polars = partners.export_dataframe(PARTNERS, FIELDS, engine="polars", batch_size=15)
    assert polars.to_dicts() == rows and polars.schema["category_id"] == pl.List(pl.Int64)


@pytest.mark.usefixtures("one_send_at_a_time_when_recording")
@pytest.mark.parametrize("protocol", ["xmlrpc", "json2"])  # JSON-RPC numbers requests in the order threads send
def test_parallel_pages_over_id_ranges(env: odoorm.Environment) -> None:
    partners, version = env["res.partner"], major(env)
    rows = list(partners.export_rows(PARTNERS, FIELDS))
    with env.count_calls() as calls:
        frame = partners.export_dataframe(PARTNERS, FIELDS, engine="polars", batch_size=5, connections=2)
    assert frame.to_dicts() == rows  # sorted by id whatever order the pages came in
    grouping, keys = "formatted_read_group" if version >= 19 else "read_group", _data_calls(calls.keys)
    assert keys[0] == f"res.partner.{grouping}"  # the count and id bounds, for the ranges
    page_call = "web_search_read" if version >= 17 else "search_read"
    assert keys.count(f"res.partner.{page_call}") >= 8  # 8 ranges, at least a page each

    parts = partners.partitions(PARTNERS, FIELDS, parts=3, batch_size=10)
    assert [p.ids.start for p in parts] == sorted(p.ids.start for p in parts) and len(parts) == 3
    assert all(a.ids.stop == b.ids.start for a, b in zip(parts, parts[1:], strict=False))
    pieces = [row for part in parts for row in part.rows(env)]
    assert pieces == rows


def test_bad_arguments_are_refused_before_sending(env: odoorm.Environment) -> None:
    partners = env["res.partner"]
    with env.count_calls() as calls:
        with pytest.raises(odoorm.UnknownFieldError, match="no field 'nmae'"):
            list(partners.export_rows([], ["nmae"]))
        with pytest.raises(odoorm.UnknownFieldError, match="is not relational"):
            list(partners.export_rows([], ["name.id"]))
        with pytest.raises(odoorm.ClientError, match="batch_size is a positive integer"):
            list(partners.export_rows([], ["name"], batch_size=0))
        with pytest.raises(odoorm.ClientError, match=r"'out\.xlsx': say the format"):
            partners.export("out.xlsx", [], ["name"])
        with pytest.raises(odoorm.ClientError, match="frame engines are pandas, polars, arrow"):
            partners.export_dataframe([], ["name"], engine="spark")
    assert _data_calls(calls.keys) == []


@pytest.mark.skipif(importlib.util.find_spec("tqdm") is None, reason="tqdm (the progress extra) is not installed")
def test_a_progress_bar_costs_one_count(env: odoorm.Environment, capsys: pytest.CaptureFixture[str]) -> None:
    partners, _ = env["res.partner"], major(env)  # the version is asked once per connection
    with env.count_calls() as calls:
        rows = list(partners.export_rows(PARTNERS, ["name"], batch_size=15, progress=True))
    keys = _data_calls(calls.keys)
    assert keys[0] == "res.partner.search_count" and len(keys) == 1 + _pages(len(rows), 15)
    assert f"res.partner: 100%|██████████| {len(rows)}/{len(rows)}" in capsys.readouterr().err
    with env.count_calls() as calls:
        assert list(partners.export_rows(PARTNERS, ["name"], batch_size=15, progress=False)) == rows
    assert "res.partner.search_count" not in calls.keys and capsys.readouterr().err == ""
