"""The API reference (docs/api.md) is generated from the docstrings and kept in step with them;
``odoorm docs`` prints it from an installed package (issue 18, item 7)."""

from __future__ import annotations

from pathlib import Path

import pytest

from odoorm.cli.main import main
from odoorm.cli.reference import render_reference, section_names

API_MD = Path(__file__).resolve().parents[2] / "docs" / "api.md"


def test_docs_api_md_is_the_generated_reference() -> None:
    assert API_MD.read_text("utf-8") == render_reference(), "regenerate it: odoorm docs > docs/api.md"


def test_the_reference_covers_the_public_functions_environment_and_model() -> None:
    text = render_reference()
    for name in ("connect", "connect_demo", "server_version", "check_connection"):
        assert f"### `odoorm.{name}(" in text, name
    for member in ("env.execute_kw(", "env.ref(", "env.username`", "env.__getitem__(", "env.close("):
        assert f"### `{member}" in text, member
    for member in ("records.search(", "records.write(", "records.mapped(", "records.ensure_one("):
        assert f"### `{member}" in text, member
    assert "Round trips" in text and " at 0x" not in text and ":class:" not in text and "``" not in text
    entries = [line for line in text.splitlines() if line.startswith("### ")]
    assert len(entries) == len(set(entries)) > 100
    assert "### `env.sudo" not in text and "### `env.cr" not in text  # names refused over RPC are not API


def test_odoorm_docs_prints_it(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["docs"]) == 0
    assert capsys.readouterr().out == render_reference()
    assert main(["docs", "model"]) == 0
    out = capsys.readouterr().out
    assert out.startswith("## Model\n") and "### `records.search(" in out and "## Environment" not in out
    assert main(["docs", "nothing"]) == 1
    assert "choose one of " + ", ".join(section_names()) in capsys.readouterr().err
