"""One install story (issue 18, item 7): the README and the docs say the same, every extra is
declared with its reason, the example notebook's needs are an extra, and the demo points to
documentation a pip installation has."""

from __future__ import annotations

import configparser
import json
import re
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
PAGES = [ROOT / "README.md", *sorted((ROOT / "docs").glob("*.md"))]


def extras() -> dict[str, set[str]]:
    config = configparser.ConfigParser()
    config.read(ROOT / "setup.cfg")
    declared = config["options.extras_require"]
    return {
        name: {re.split(r"[<>=\[ ]", line.strip())[0] for line in text.split("\n") if line.strip()}
        for name, text in declared.items()
    }


def test_no_page_installs_from_an_index_the_package_is_not_on() -> None:
    for page in PAGES:
        text = page.read_text("utf-8")
        assert not re.search(r"pip install (-U )?odoorm(?![\w\[-])", text), page.name


def test_the_readme_lists_every_extra_with_what_it_is_for() -> None:
    readme = (ROOT / "README.md").read_text("utf-8")
    table = dict(re.findall(r"^\| `(\w+)` \| ([^|]+) \|", readme, re.M))
    assert set(table) == set(extras())
    for name, packages in extras().items():
        listed = table[name].lower()
        assert all(package.lower() in listed for package in packages if package not in ("types-requests",)), name


def test_the_example_notebook_needs_only_the_notebook_extra() -> None:
    notebook = json.loads((ROOT / "docs" / "exploring.ipynb").read_text("utf-8"))
    code = "\n".join("".join(cell["source"]) for cell in notebook["cells"] if cell["cell_type"] == "code")
    needs = {"matplotlib"} if "%matplotlib" in code or ".plot" in code else set()
    needs |= {"pandas"} if "to_dataframe" in code else set()
    assert needs == {"matplotlib", "pandas"} and needs <= extras()["notebook"]
    intro = "".join(notebook["cells"][0]["source"])
    assert 'pip install ".[notebook]"' in intro


def test_the_demo_ends_pointing_to_docs_that_a_pip_install_has() -> None:
    done = subprocess.run([sys.executable, "-m", "odoorm", "demo"], capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    last = done.stdout.strip().splitlines()[-1]
    assert "`python -m odoorm docs`" in last
    reference = subprocess.run([sys.executable, "-m", "odoorm", "docs", "Functions"], capture_output=True, text=True)
    assert reference.returncode == 0 and "### `odoorm.connect(" in reference.stdout
