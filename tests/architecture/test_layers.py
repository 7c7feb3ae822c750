"""The package's architecture, checked: imports point one way, down the layers, and no module imports
itself back through others — counting imports inside functions and under ``TYPE_CHECKING``.

::

    cli/, __main__.py, mypy.py          the command line (a user of the public API); the mypy plugin
    odoorm/__init__.py                  the public façade
    demo/                               the guided tour
    client/                             settings, logins, connect, check, reports, stubs
    orm/                                records, fields, cache, unit of work, prefetch, domains, environment
    meta/, testing/                     server metadata and releases; recording and replaying traffic
    transport/                          Odoo's wire: protocol codecs and the one HTTP channel
    errors/, _version.py                leaves

A module may import from its own package and from any layer below its own (docs/architecture.md).
"""

from __future__ import annotations

import ast
from collections.abc import Iterator
from pathlib import Path

import pytest

import odoorm

PACKAGE = Path(odoorm.__file__).resolve().parent
#: The rank of each top-level part of the package: an import must go to a lower rank (or stay inside
#: its own part).
RANKS = {
    "errors": 0,
    "_version": 0,
    "transport": 1,
    "meta": 2,
    "testing": 2,
    "orm": 3,
    "client": 4,
    "demo": 5,
    "__init__": 6,
    "cli": 7,
    "mypy": 7,
    "__main__": 8,
}


def module_name(path: Path) -> str:
    parts = list(path.relative_to(PACKAGE.parent).with_suffix("").parts)
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


MODULES = {module_name(p): p for p in PACKAGE.rglob("*.py") if "__pycache__" not in p.parts}


def part_of(module: str) -> str:
    """``odoorm.orm.model`` → ``orm``; ``odoorm`` → ``__init__``."""
    parts = module.split(".")
    return parts[1] if len(parts) > 1 else "__init__"


def imported(module: str) -> Iterator[str]:
    """Every odoorm module *module* imports, wherever the import statement is."""
    path = MODULES[module]
    package = module if path.name == "__init__.py" else module.rsplit(".", 1)[0]
    for node in ast.walk(ast.parse(path.read_text("utf-8"))):
        if isinstance(node, ast.Import):
            yield from (alias.name for alias in node.names if alias.name.split(".")[0] == "odoorm")
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split(".")[: len(package.split(".")) - node.level + 1]
                target = ".".join(base + ([node.module] if node.module else []))
            elif node.module and node.module.split(".")[0] == "odoorm":
                target = node.module
            else:
                continue
            names = [f"{target}.{alias.name}" for alias in node.names]
            submodules = [name for name in names if name in MODULES]
            yield from submodules or [target]


GRAPH = {module: sorted(set(t for t in imported(module) if t in MODULES) - {module}) for module in MODULES}


def test_the_analysis_sees_the_package() -> None:
    assert "odoorm.orm.model" in GRAPH and "odoorm.transport.http" in GRAPH
    assert "odoorm.orm.cache" in GRAPH["odoorm.orm.model"] or any(
        "odoorm.orm.cache" in GRAPH[m] for m in GRAPH["odoorm.orm.model"]
    )
    assert set(map(part_of, MODULES)) <= set(RANKS), "a new top-level part needs a rank"


@pytest.mark.parametrize("module", sorted(MODULES))
def test_imports_point_down_the_layers(module: str) -> None:
    own = part_of(module)
    upward = [t for t in GRAPH[module] if part_of(t) != own and RANKS[part_of(t)] >= RANKS[own]]
    assert upward == [], f"{module} ({own}, rank {RANKS[own]}) imports from the same or a higher layer: {upward}"


def strongly_connected(graph: dict[str, list[str]]) -> list[list[str]]:
    """Tarjan's algorithm: the import circles (components of more than one module)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    circles: list[list[str]] = []

    def visit(node: str) -> None:
        index[node] = low[node] = len(index)
        stack.append(node)
        on_stack.add(node)
        for target in graph[node]:
            if target not in index:
                visit(target)
                low[node] = min(low[node], low[target])
            elif target in on_stack:
                low[node] = min(low[node], index[target])
        if low[node] == index[node]:
            component = []
            while True:
                member = stack.pop()
                on_stack.discard(member)
                component.append(member)
                if member == node:
                    break
            if len(component) > 1:
                circles.append(sorted(component))

    for node in graph:
        if node not in index:
            visit(node)
    return circles


def test_no_import_circle() -> None:
    assert strongly_connected(GRAPH) == []


def test_the_circle_finder_finds_a_circle() -> None:
    assert strongly_connected({"a": ["b"], "b": ["c"], "c": ["a"], "d": ["a"]}) == [["a", "b", "c"]]


def test_modules_and_classes_stay_small() -> None:
    """No module over 400 lines, no class over 300 (docs/architecture.md)."""
    too_long = []
    for module, path in MODULES.items():
        text = path.read_text("utf-8")
        if text.count("\n") > 400:
            too_long.append(f"{module}: {text.count(chr(10))} lines")
        for node in ast.walk(ast.parse(text)):
            if isinstance(node, ast.ClassDef) and (node.end_lineno or 0) - node.lineno + 1 > 300:
                too_long.append(f"{module}.{node.name}: {(node.end_lineno or 0) - node.lineno + 1} lines")
    assert too_long == []
