"""Short displays (issue 18, item 6): ``env.version`` as the README shows it, ``odoorm models`` aligned."""

from __future__ import annotations

import io
from contextlib import redirect_stdout
from typing import Any

import odoorm
from odoorm.cli.main import MAX_CELL, _print_table, find_models
from odoorm.meta.versions import ServerVersion


def test_the_version_shows_as_the_readme_says(env: odoorm.Environment, testbed: Any) -> None:
    text = {16: "16.0-20230301", 17: "17.0-20240709"}.get(
        testbed.major, f"{testbed.major}.0"
    )  # nightlies say their date
    assert repr(env.version) == f"ServerVersion {text}"
    assert str(env.version) == text and env.version.info == (testbed.major, 0)
    saas = ServerVersion.from_answer({"server_version": "saas~18.3", "server_version_info": ["saas~18", 3, 0]})
    assert repr(saas) == "ServerVersion saas~18.3" and saas.info == (18, 3)


def test_the_models_table_stays_aligned_whatever_the_descriptions(env: odoorm.Environment) -> None:
    rows = find_models(env)  # every model of the server: res.role's description is 195 characters
    longest = max(rows, key=lambda row: len(row[1]))
    assert len(longest[1]) > MAX_CELL
    out = io.StringIO()
    with redirect_stdout(out):
        _print_table([[model, description, "transient" if transient else ""] for model, description, transient in rows])
    lines = out.getvalue().splitlines()
    assert len(lines) == len(rows)
    names_width = max(len(model) for model, _, _ in rows)
    assert all(line[names_width : names_width + 2] == "  " for line in lines)  # the descriptions start together
    flags = {line.index("transient") for line in lines if line.endswith("  transient")}
    assert len(flags) == 1 and flags.pop() <= names_width + 2 + MAX_CELL + 2  # and the flag column too, near
    cut = next(line for line in lines if line.startswith(longest[0] + " "))
    assert longest[1][: MAX_CELL - 1] + "…" in cut
