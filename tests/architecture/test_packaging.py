"""What users install: every file of the package reaches the wheel and the sdist, and the suite tests the
installed package, not the source tree.

``.ci/test`` (the README's test command) builds both distributions, installs the wheel into a fresh
virtual environment and sets ``ODOORM_WHEEL``, ``ODOORM_SDIST`` and ``ODOORM_TEST_INSTALLED``. Run from
a source checkout without them, these tests build a wheel of their own.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import tarfile
import zipfile
from collections.abc import Iterator
from importlib import metadata, resources
from pathlib import Path

import pytest

import odoorm

ROOT = Path(__file__).resolve().parents[2]
PACKAGE = ROOT / "odoorm"
#: Files the code opens at run time, besides its modules.
DATA_FILES = ("odoorm/py.typed", "odoorm/demo/tour.json")
#: What the sdist carries besides the package: the license texts, the changelog, the build settings.
SDIST_FILES = ("LICENSE", "COPYING", "CHANGELOG.md", "README.md", "setup.cfg", "pyproject.toml")


def package_files() -> list[str]:
    """Every file of the source tree's package (modules and data), as paths like ``odoorm/x.py``."""
    return sorted(
        p.relative_to(ROOT).as_posix()
        for p in PACKAGE.rglob("*")
        if p.is_file() and "__pycache__" not in p.parts and p.suffix != ".pyc"
    )


@pytest.fixture(scope="module")
def wheel(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The wheel CI built, or one built now from the source tree."""
    given = os.environ.get("ODOORM_WHEEL")
    if given:
        return Path(given)
    source, out = tmp_path_factory.mktemp("source"), tmp_path_factory.mktemp("wheel")
    # from a copy: setuptools reuses an old build/ folder of the checkout, which would hide a lost package
    shutil.copytree(PACKAGE, source / "odoorm", ignore=shutil.ignore_patterns("__pycache__"))
    for name in SDIST_FILES:
        shutil.copy(ROOT / name, source / name)
    command = [sys.executable, "-m", "pip", "wheel", "--quiet", "--no-deps", "--wheel-dir", str(out), str(source)]
    subprocess.run(command, check=True, capture_output=True, timeout=300)
    return next(out.glob("odoorm-*.whl"))


def test_every_package_folder_has_an_init_module() -> None:
    """setuptools' ``find:`` leaves out a folder without ``__init__.py``, and with it every module inside."""
    folders = {p.parent for p in PACKAGE.rglob("*.py") if "__pycache__" not in p.parts}
    assert sorted(str(f.relative_to(ROOT)) for f in folders if not (f / "__init__.py").exists()) == []


def test_the_wheel_holds_every_file_of_the_package(wheel: Path) -> None:
    inside = set(zipfile.ZipFile(wheel).namelist())
    assert [name for name in package_files() if name not in inside] == []
    assert set(DATA_FILES) <= inside


def test_the_wheel_declares_the_license_and_the_supported_pythons(wheel: Path) -> None:
    with zipfile.ZipFile(wheel) as archive:
        info = next(n for n in archive.namelist() if n.endswith(".dist-info/METADATA"))
        text = archive.read(info).decode("utf-8")
        licenses = [n for n in archive.namelist() if "/licenses/" in n or n.endswith(("/LICENSE", "/COPYING"))]
    assert "Requires-Python: >=3.10" in text
    assert re.search(r"^License(-Expression)?: LGPL-3\.0-or-later$", text, re.M)
    for minor in range(10, 14):
        assert f"Programming Language :: Python :: 3.{minor}" in text
    assert {Path(n).name for n in licenses} >= {"LICENSE", "COPYING"}
    assert "# Changelog" in text  # the changelog follows the README on the index's page


@pytest.fixture(scope="module")
def sdist_names() -> Iterator[set[str]]:
    given = os.environ.get("ODOORM_SDIST")
    if not given:
        pytest.skip("no sdist given (ODOORM_SDIST): .ci/test builds one")
    with tarfile.open(given) as archive:
        yield {name.split("/", 1)[1] for name in archive.getnames() if "/" in name}


def test_the_sdist_holds_the_package_and_the_license(sdist_names: set[str]) -> None:
    assert [name for name in package_files() if name not in sdist_names] == []
    assert [name for name in SDIST_FILES if name not in sdist_names] == []


def test_the_installed_package_has_its_data_files() -> None:
    root = resources.files("odoorm")
    assert root.joinpath("py.typed").is_file()
    assert root.joinpath("demo", "tour.json").is_file()
    assert metadata.version("odoorm") == odoorm.__version__


def test_the_suite_runs_against_the_installed_package() -> None:
    """Under ``.ci/test`` the tests must import the wheel from site-packages, never the checkout (a
    checkout on ``sys.path`` once hid a wheel that could not be imported)."""
    if not os.environ.get("ODOORM_TEST_INSTALLED"):
        pytest.skip("run from the source tree (.ci/test runs the suite against the installed wheel)")
    location = Path(odoorm.__file__).resolve()
    assert not location.is_relative_to(ROOT), f"odoorm was imported from the checkout: {location}"
    assert "site-packages" in location.parts
