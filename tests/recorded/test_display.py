"""Jupyter rendering and exports of real records: HTML (escaped), pretty text, dicts, DataFrames."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

import odoorm
from odoorm.orm.model import Model

BENCH = [("ref", "=like", "odoorm-bench-%"), ("is_company", "=", True)]
TRICKY = '<b>odoorm & "co"</b>'


@pytest.fixture
def tricky(env: odoorm.Environment) -> Iterator[Model]:
    """A partner whose name and email need escaping."""
    partner = env["res.partner"].create({"name": TRICKY, "email": "x<y>@example.com", "is_company": True})
    yield partner
    partner.unlink()


class Printer:
    """What IPython hands to ``_repr_pretty_``."""

    def __init__(self) -> None:
        self.output = ""

    def text(self, text: str) -> None:
        self.output += text


def test_a_recordset_renders_as_the_web_clients_list_escaped(env: odoorm.Environment, tricky: Model) -> None:
    records = tricky | env["res.partner"].search(BENCH, limit=30, order="id")
    read = "res.partner.web_read" if env.version >= (17, 0) else "res.partner.read"  # (version known: no call)
    with env.count_calls() as calls:
        page = records._repr_html_()
    assert calls.keys == ["res.partner.get_views", read]  # the list view once, then the rows shown
    assert "&lt;b&gt;odoorm &amp; &quot;co&quot;&lt;/b&gt;" in page and "<b>odoorm" not in page
    assert "x&lt;y&gt;@example.com" in page and "Bench Company 0001" in page
    assert "<th>Email</th>" in page and "… 11 more (31 records)" in page
    assert "Normalized Email" not in page  # a technical field the list view does not show
    assert page.count("<tr>") == 21  # the header and 20 rows
    with env.count_calls() as calls:
        records._repr_html_()
    assert calls.keys == [read]  # the layout is kept


def test_a_record_renders_as_a_one_row_list_and_shows_its_form(env: odoorm.Environment, tricky: Model) -> None:
    page = tricky._repr_html_()
    assert page.startswith("<p><b>res.partner</b>: 1 record</p><table><thead>")  # like any search
    assert "&lt;b&gt;odoorm &amp; &quot;co&quot;&lt;/b&gt;" in page and "<b>odoorm" not in page
    form = tricky.show("form")._repr_html_()
    assert "<th>Email</th><td>x&lt;y&gt;@example.com</td>" in form and "<b>odoorm" not in form


def test_pretty_text_never_calls_the_server(env: odoorm.Environment) -> None:
    records = env["res.partner"].search(BENCH, limit=3, order="id")
    printer = Printer()
    with env.count_calls() as calls:
        records._repr_pretty_(printer, False)
    assert calls.total == 0 and printer.output == f"res.partner(3 records): {', '.join(map(str, records.ids))}"
    records.read(["display_name"])
    printer = Printer()
    records[:1]._repr_pretty_(printer, False)
    assert printer.output == f"res.partner(1 record): {records.ids[0]} Bench Company 0001"


def test_to_dicts_gives_python_values(env: odoorm.Environment) -> None:
    records = env["res.partner"].search(BENCH, limit=2, order="id")
    rows = records.to_dicts(["name", "country_id", "category_id", "create_date", "is_company"])
    first = rows[0]
    assert first["id"] == records.ids[0] and first["name"] == "Bench Company 0001" and first["is_company"] is True
    assert first["country_id"] == records[0].country_id.name and first["country_id.id"] == records[0].country_id.id
    assert first["category_id"] == records[0].category_id.ids and first["create_date"].tzinfo is not None


def test_to_dataframe_has_typed_columns(env: odoorm.Environment) -> None:
    pd = pytest.importorskip("pandas")
    records = env["res.partner"].search(BENCH, limit=25, order="id")
    frame = records.to_dataframe(
        ["name", "email", "color", "partner_latitude", "is_company", "country_id", "category_id", "create_date"]
    )
    assert list(frame.columns) == [
        "name",
        "email",
        "color",
        "partner_latitude",
        "is_company",
        "country_id",
        "country_id.id",
        "category_id",
        "create_date",
    ]
    dtypes = {name: str(dtype) for name, dtype in frame.dtypes.items()}
    assert dtypes["name"] == "string" and dtypes["color"] == "Int64" and dtypes["partner_latitude"] == "float64"
    assert dtypes["is_company"] == "bool" and dtypes["country_id"] == "string" and dtypes["country_id.id"] == "Int64"
    assert dtypes["create_date"].startswith("datetime64") and dtypes["create_date"].endswith("UTC]")
    assert frame.index.name == "id" and list(frame.index) == records.ids
    assert frame.loc[records.ids[0], "name"] == "Bench Company 0001" and isinstance(frame, pd.DataFrame)
    orders = env["sale.order"].search([], limit=5, order="id").to_dataframe(["validity_date", "amount_total", "state"])
    assert str(orders["validity_date"].dtype).startswith("datetime64")
    assert str(orders["amount_total"].dtype) == "float64"
    assert str(orders["state"].dtype) == "string" and orders["amount_total"].sum() > 0


def test_large_exports_read_in_batches(env: odoorm.Environment) -> None:
    records = env["res.partner"].search(BENCH, limit=1500, order="id")
    env["res.partner"]
    with env.count_calls() as calls:
        rows = records.to_dicts(["name"])
    assert calls.keys == ["res.partner.read", "res.partner.read"] and len(rows) == 1500
    assert rows[-1]["name"] == "Bench Company 1500"


def test_default_columns_skip_heavy_and_technical_fields(env: odoorm.Environment) -> None:
    from odoorm.orm.export import default_fields

    names = default_fields(env["res.partner"])
    assert names[0] == "display_name" and "name" in names and "country_id" in names
    assert not {"image_1920", "child_ids", "create_uid", "write_date"} & set(names)
    assert isinstance(env["res.partner"].browse([]).to_dicts(["name"]), list)  # empty: no call, no error


def test_display_needs_nothing_for_an_empty_recordset(env: odoorm.Environment) -> None:
    nobody = env["res.partner"].browse([])
    with env.count_calls() as calls:
        page = nobody._repr_html_()
    assert calls.total == 0 and "0 records" in page


def test_the_example_notebook_is_stored_executed_and_holds_no_secret() -> None:
    import json
    import re
    from pathlib import Path

    notebook = Path(__file__).resolve().parents[2] / "docs" / "exploring.ipynb"
    cells = [cell for cell in json.loads(notebook.read_text("utf-8"))["cells"] if cell["cell_type"] == "code"]
    assert cells and all(cell["outputs"] for cell in cells)
    outputs = [output for cell in cells for output in cell["outputs"]]
    assert any("image/png" in output.get("data", {}) for output in outputs)  # the plot
    assert any("<table>" in "".join(output.get("data", {}).get("text/html", "")) for output in outputs)
    assert not re.search(r"[0-9a-f]{40}|bearer |session_id", notebook.read_text("utf-8"))
