"""The exception tree drawn in odoorm/errors.py and in docs/errors.md is the real one, and complete
(issue 18, item 5): every class a user can meet, each under its actual base class."""

from __future__ import annotations

import re
from pathlib import Path

import odoorm.errors as errors

DOCS = Path(__file__).resolve().parents[2] / "docs" / "errors.md"
_NODE = re.compile(r"^(?P<indent>[│ ]*)(?:[├└]── )?(?P<name>[A-Za-z]+)")


def module_tree() -> str:
    match = re.search(r"::\n\n(    OdooError\n.*?)\n\n", errors.__doc__ or "", re.S)
    assert match, "no tree in odoorm.errors' docstring"
    return "\n".join(line[4:] for line in match.group(1).splitlines())


def parents(tree: str) -> dict[str, str | None]:
    """Each class of the drawn tree → the class drawn above it (``None`` for the root)."""
    found: dict[str, str | None] = {}
    stack: list[tuple[int, str]] = []
    for line in tree.splitlines():
        match = _NODE.match(line)
        assert match, line
        depth = len(match.group("indent")) // 4 + (1 if "──" in line else 0)
        while stack and stack[-1][0] >= depth:
            stack.pop()
        found[match.group("name")] = stack[-1][1] if stack else None
        stack.append((depth, match.group("name")))
    return found


def test_every_exception_is_drawn_under_its_base() -> None:
    drawn = parents(module_tree())
    classes = {name: getattr(errors, name) for name in errors.__all__}
    assert set(drawn) == {name for name, cls in classes.items() if issubclass(cls, errors.OdooError)}
    for name, parent in drawn.items():
        cls = classes[name]
        odoo_bases = [base.__name__ for base in cls.__bases__ if issubclass(base, errors.OdooError)]
        assert odoo_bases == ([parent] if parent else []), name


def test_the_documented_tree_is_the_modules() -> None:
    text = DOCS.read_text("utf-8")
    block = re.search(r"```text\n(OdooError\n.*?)\n```", text, re.S)
    assert block and block.group(1) == module_tree()
