"""Stubs from real metadata make mypy flag a misspelt field, a wrong selection value and an unknown model
name (issue 18, items 3, 4)."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest
from test_stubs import EXAMPLE_DIR, MODELS, class_block, make_class, run_mypy

from odoorm.client.stubs import render_stubs, write_stubs


def expected_errors(example: Path) -> list[tuple[str, int, str]]:
    """The ``(file name, line, code)`` the ``# expect: CODE`` comments of *example* announce."""
    return [
        (example.name, number, match.group(1))
        for number, line in enumerate(example.read_text("utf-8").splitlines(), 1)
        if (match := re.search(r"# expect: ([a-z-]+)$", line))
    ]


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
    expected = expected_errors(typos)
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


def test_the_mypy_plugin_flags_a_model_the_server_does_not_have(cassette: Any, testbed: Any, tmp_path: Path) -> None:
    with testbed.connect("jsonrpc") as env:
        with env.count_calls() as calls:
            package = write_stubs(env, MODELS, tmp_path)
        server_models = env._ipython_key_completions_()
    assert calls["ir.model.search_read"] == 1  # the server's model names: one read
    stub = (package / "__init__.pyi").read_text("utf-8")
    listed = re.search(r"\nModelName: typing.TypeAlias = typing.Literal\[\n(.*?)\n\]\n", stub, re.S)
    assert listed and [line.strip(' ",') for line in listed.group(1).splitlines()] == server_models
    assert len(server_models) > 300 and "sale.order" in server_models
    environment = class_block(stub, "Environment")
    assert "def __getitem__(self, model: ModelName) -> odoorm.Model: ..." in environment
    assert "def __getitem__(self, model: str) -> odoorm.Model: ..." in environment  # names in variables
    example = EXAMPLE_DIR / "model_names.py"
    status, errors, output = run_mypy(tmp_path, example, package / "__init__.pyi", plugin=True)
    assert status == 1 and errors == expected_errors(example), output
    assert "Odoo model 'res.partnr' is not on the server the stubs come from; did you mean 'res.partner'" in output
    assert (
        "'res.partner.categry' is not on the server the stubs come from; did you mean 'res.partner.category'" in output
    )
    # without the plugin, mypy sees only str (it treats LiteralString as str): nothing is flagged
    status, errors, output = run_mypy(tmp_path, example, package / "__init__.pyi")
    assert status == 0 and errors == [], output


def test_strict_names_make_any_checker_flag_an_unknown_model(cassette: Any, testbed: Any, tmp_path: Path) -> None:
    with testbed.connect("jsonrpc") as env:
        package = write_stubs(env, ["res.partner"], tmp_path, strict_names=True)
    stub = (package / "__init__.pyi").read_text("utf-8")
    assert "--strict-names -o DIR" in stub.splitlines()[1]
    assert "def __getitem__(self, model: str)" not in class_block(stub, "Environment")
    runtime = (package / "__init__.py").read_text("utf-8")
    assert "\nModelName = str\n" in runtime and '"ModelName",' in runtime
    example = EXAMPLE_DIR / "strict_names.py"
    status, errors, output = run_mypy(tmp_path, example, package / "__init__.pyi")  # no plugin
    assert status == 1 and errors == expected_errors(example), output
    assert 'No overload variant of "__getitem__" of "Environment" matches argument type "str"' in output


def test_without_api_doc_the_methods_come_from_the_views(cassette: Any, testbed: Any, tmp_path: Path) -> None:
    with testbed.connect("jsonrpc") as env:
        env["sale.order"], env["res.partner"]  # the classes: not counted below
        with env.count_calls() as calls:
            package = write_stubs(env, ["sale.order", "res.partner"], tmp_path, methods=True)
    assert calls["sale.order.get_views"] == calls["res.partner.get_views"] == 1  # one per model, no api_doc
    stub = (package / "__init__.pyi").read_text("utf-8")
    order = class_block(stub, "SaleOrder")
    for method in ("action_confirm", "action_cancel", "name_create", "default_get"):
        assert f"    def {method}(self, *args: typing.Any, **kwargs: typing.Any) -> typing.Any: ..." in order, method
    assert "def __getattr__" not in order and "def action_archive" not in order  # sale.order has no `active`
    assert "    def action_archive(self" in class_block(stub, "ResPartner")
    example = EXAMPLE_DIR / "view_methods.py"
    status, errors, output = run_mypy(tmp_path, example, package / "__init__.pyi")
    assert status == 1 and errors == expected_errors(example), output
    assert '"SaleOrder" has no attribute "nmae"' in output and '"ResPartner" has no attribute "address_get"' in output


def test_the_plugin_checks_nothing_where_the_stubs_list_no_model_names(tmp_path: Path) -> None:
    """Stubs written without the server's names (ir.model not readable, or an older odoorm): the
    models the stubs do not generate are not reported as unknown."""
    files = render_stubs([make_class("res.partner")])
    assert "ModelName" not in files["__init__.pyi"]
    package = tmp_path / "odoorm_models"
    package.mkdir()
    for name, text in files.items():
        (package / name).write_text(text, "utf-8")
    example = EXAMPLE_DIR / "model_names.py"
    status, errors, output = run_mypy(tmp_path, example, package / "__init__.pyi", plugin=True)
    assert status == 0 and errors == [], output


@pytest.mark.parametrize("strict", [False, True], ids=["names", "strict-names"])
def test_stubs_of_every_server_model_type_check(tmp_path: Path, strict: bool) -> None:
    """A server with no model but the generated ones: no redundant ``ModelName`` overload, and with
    strict names a single signature (an overload needs two)."""
    files = render_stubs([make_class("res.partner")], model_names=["res.partner"], strict_names=strict)
    environment = class_block(files["__init__.pyi"], "Environment")
    assert "model: ModelName" not in environment and environment.count("@typing.overload") == (0 if strict else 2)
    package = tmp_path / "odoorm_models"
    package.mkdir()
    for name, text in files.items():
        (package / name).write_text(text, "utf-8")
    status, errors, output = run_mypy(tmp_path, package / "__init__.pyi")
    assert status == 0 and errors == [], output
