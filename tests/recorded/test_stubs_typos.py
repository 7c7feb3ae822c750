"""Stubs from real metadata make mypy flag a misspelt field and a wrong selection value (issue 18, items 3, 4)."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest
from test_stubs import EXAMPLE_DIR, MODELS, class_block, run_mypy

from odoorm.client.stubs import write_stubs


def test_mypy_flags_a_misspelt_field_used_as_a_value(cassette: Any, testbed: Any, tmp_path: Path) -> None:
    with testbed.connect("jsonrpc") as env:
        package = write_stubs(env, MODELS, tmp_path)
    stub = (package / "__init__.pyi").read_text("utf-8")
    partner = class_block(stub, "ResPartner")
    # a selection as a Literal of the server's keys (Odoo 16 has "private" too)
    selection = re.search(r"\n    type: typing\.Literal\[(.*?)\] \| None\n", partner)
    assert selection and {'"contact"', '"invoice"', '"delivery"', '"other"'} <= set(selection.group(1).split(", "))
    assert "\n    tz: str | None\n" in partner  # hundreds of time zones: not a Literal
    assert "def __getattr__(self, name: str) -> collections.abc.Callable[..., typing.Any]:" in partner
    typos = EXAMPLE_DIR / "typos.py"
    status, errors, output = run_mypy(tmp_path, typos, package / "__init__.pyi")
    expected = [
        ("typos.py", number, match.group(1))
        for number, line in enumerate(typos.read_text("utf-8").splitlines(), 1)
        if (match := re.search(r"# expect: ([a-z-]+)$", line))
    ]
    assert len(expected) == 5
    assert status == 1 and sorted(errors) == expected, output
    assert '"Callable[..., Any]" has no attribute "upper"' in output


@pytest.mark.odoo(only=19, reason="the methods come from the API documentation of JSON-2, Odoo 19's")
def test_with_the_methods_declared_a_misspelt_field_is_an_error_by_itself(
    cassette: Any, testbed: Any, tmp_path: Path
) -> None:
    with testbed.connect("json2") as env, env.count_calls() as calls:
        package = write_stubs(env, ["res.partner"], tmp_path, methods=True)
    assert calls["res.partner.api_doc"] == 1  # the methods: one api_doc read per model
    partner = class_block((package / "__init__.pyi").read_text("utf-8"), "ResPartner")
    assert "    def address_get(self, *args: typing.Any, **kwargs: typing.Any) -> typing.Any: ..." in partner
    assert "def search(" not in partner and "def name(" not in partner  # odoorm.Model's, and fields: typed already
    assert "def __getattr__" not in partner and "    __getattr__: None  # type: ignore[misc,assignment]" in partner
    example = EXAMPLE_DIR / "unknown_names.py"
    status, errors, output = run_mypy(tmp_path, example, package / "__init__.pyi")
    assert status == 1 and errors == [("unknown_names.py", 14, "attr-defined")], output
    assert '"ResPartner" has no attribute "nmae"' in output
