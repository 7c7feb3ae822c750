"""The API reference, written from the docstrings of the installed package (``odoorm docs``).

:func:`render_reference` gives Markdown: the public functions, then :class:`~odoorm.Environment`,
:class:`~odoorm.Model` and the other public classes, each member with its signature and docstring.
``docs/api.md`` is this text, checked in; a test regenerates it and fails when it differs, so the
reference cannot drift from the code. A pip installation has no ``docs/`` folder, but
``odoorm docs`` (or ``python -m odoorm docs``) prints the same text from the package itself.
The output is deterministic: no date, no path, no memory address.
"""

from __future__ import annotations

import argparse
import inspect
import re
import sys
from collections.abc import Callable, Iterator
from typing import TYPE_CHECKING, Any

import odoorm

if TYPE_CHECKING:
    Subparsers = argparse._SubParsersAction[argparse.ArgumentParser]

__all__ = ["SECTIONS", "add_docs_command", "render_reference", "section_names"]

#: What the reference covers, in order: (title, the objects documented by their public names, the
#: prefix of their members' names).
SECTIONS: tuple[tuple[str, tuple[tuple[str, Any], ...], str], ...] = (
    (
        "Functions",
        tuple((f"odoorm.{name}", getattr(odoorm, name)) for name in ("connect", "connect_demo", "server_version")),
        "",
    ),
    ("Environment", (("odoorm.Environment", odoorm.Environment),), "env."),
    ("Model", (("odoorm.Model", odoorm.Model),), "records."),
    (
        "Checking a connection",
        (("odoorm.check_connection", odoorm.check_connection), ("odoorm.CheckReport", odoorm.CheckReport)),
        "report.",
    ),
    ("ServerVersion", (("odoorm.ServerVersion", odoorm.ServerVersion),), "version."),
    ("Command", (("odoorm.Command", odoorm.Command),), "Command."),
    ("Domain", (("odoorm.Domain", odoorm.Domain), ("odoorm.F", odoorm.F)), "domain."),
)

#: Special methods worth an entry when odoorm defines them: what ``env[...]``, ``len(records)``… do.
_DUNDERS = ("__getitem__", "__contains__", "__iter__", "__len__", "__bool__", "__call__", "__enter__")

_ROLE = re.compile(r":[a-z]+:`~?(?:[\w.]+\.)?([\w]+)`|:[a-z]+:`([^`]+)`")
_ADDRESS = re.compile(r" at 0x[0-9a-f]+")

HEADER = """# API reference

<!-- Generated from the docstrings by `odoorm docs > docs/api.md`; do not edit by hand:
tests/client/test_api_reference.py regenerates it and fails when it differs. -->

The public API of odoorm, from its docstrings. Every method says what it costs in round trips.
The guides ([index](index.md)) show it at work; `odoorm docs` prints this page from an installed
package, `odoorm docs Environment` one section.
"""


def add_docs_command(commands: Subparsers) -> None:
    """``odoorm docs [SECTION]``: print the reference (no server, no connection settings)."""
    about = "print the API reference, from this installation's docstrings (Markdown)"
    docs = commands.add_parser("docs", help=about, description=about)
    docs.add_argument("section", nargs="?", help=f"only one section: {', '.join(section_names())}")
    docs.set_defaults(run=_docs)


def _docs(options: argparse.Namespace) -> int:
    try:
        text = render_reference(options.section)
    except ValueError as error:
        print(f"odoorm: {error}", file=sys.stderr)
        return 1
    print(text, end="")
    return 0


def section_names() -> list[str]:
    """The titles of the reference's sections."""
    return [title for title, _objects, _prefix in SECTIONS]


def render_reference(only: str | None = None) -> str:
    """The reference as Markdown; *only*: one section, by title (case-insensitive)."""
    chosen = [s for s in SECTIONS if only is None or s[0].lower() == only.lower()]
    if not chosen:
        raise ValueError(f"no section {only!r} in the reference; choose one of {', '.join(section_names())}")
    parts = [HEADER] if only is None else []
    for title, objects, prefix in chosen:
        parts.append(f"## {title}\n")
        for name, obj in objects:
            parts.extend(_document(name, obj, prefix, alone=len(objects) == 1 and inspect.isclass(obj)))
    return "\n".join(parts).rstrip("\n") + "\n"


def _document(name: str, obj: Any, prefix: str, alone: bool) -> Iterator[str]:
    """The entries of *obj*: a function's signature and docstring; a class's docstring and members;
    an instance (``F``) its class's docstring."""
    if inspect.isfunction(obj):
        yield _entry(name, obj)
        return
    if not alone:
        yield f"### `{name}`\n"
    cls = obj if inspect.isclass(obj) else type(obj)
    yield _text(inspect.getdoc(cls) or "") + "\n"
    if inspect.isclass(obj):
        for member_name, member, bound in _members(cls):
            yield _entry(f"{prefix}{member_name}", member, bound=bound)


def _members(cls: type) -> Iterator[tuple[str, Any, bool]]:
    """The public members odoorm defines on *cls* or its bases (not ``int``'s or ``tuple``'s), sorted,
    with whether the first parameter is bound; found without running descriptors (some names of Odoo's
    vocabulary raise when looked up)."""
    every = set(dir(cls)).union(*(vars(klass) for klass in cls.__mro__))  # an Enum's dir() hides its methods
    names = [n for n in sorted(every) if not n.startswith("_")] + list(_DUNDERS)
    for name in names:
        if not _defined_by_odoorm(cls, name):
            continue
        member = inspect.getattr_static(cls, name)
        bound = not isinstance(member, staticmethod)
        if isinstance(member, staticmethod | classmethod):
            member = member.__func__
        if isinstance(member, property) or callable(member) and inspect.getdoc(member):
            yield name, member, bound


def _defined_by_odoorm(cls: type, name: str) -> bool:
    """Whether the class of *cls*'s MRO that defines *name* is odoorm's."""
    for klass in cls.__mro__:
        if name in vars(klass):
            return klass.__module__.split(".")[0] == "odoorm"
    return False


def _entry(name: str, member: Any, *, bound: bool = False) -> str:
    if isinstance(member, property):
        returns = _annotation(member.fget, "return") if member.fget else ""
        head = f"### `{name}`" + (f" → `{returns}`" if returns else "") + " (property)"
        return f"{head}\n\n{_text(inspect.getdoc(member) or '')}\n"
    return f"### `{name}{_signature(member, bound=bound)}`\n\n{_text(inspect.getdoc(member) or '')}\n"


def _signature(function: Callable[..., Any], *, bound: bool) -> str:
    """``(a, b: int = 1) -> str``: annotations as written in the source, defaults as their repr."""
    try:
        signature = inspect.signature(function)
    except (TypeError, ValueError):
        return "(...)"
    parameters = list(signature.parameters.values())
    if bound and parameters and parameters[0].kind is parameters[0].POSITIONAL_OR_KEYWORD:
        parameters = parameters[1:]
    shown: list[str] = []
    bare_star = not any(p.kind is p.VAR_POSITIONAL for p in parameters)
    for parameter in parameters:
        if bare_star and parameter.kind is parameter.KEYWORD_ONLY:
            shown.append("*")  # before the first keyword-only parameter
            bare_star = False
        shown.append(_parameter(parameter))
    returns = signature.return_annotation
    arrow = "" if returns is signature.empty else f" -> {_bare(returns)}"
    return _ADDRESS.sub("", f"({', '.join(shown)}){arrow}")


def _parameter(parameter: inspect.Parameter) -> str:
    stars: dict[inspect._ParameterKind, str] = {parameter.VAR_POSITIONAL: "*", parameter.VAR_KEYWORD: "**"}
    star = stars.get(parameter.kind, "")
    text = star + parameter.name
    if parameter.annotation is not parameter.empty:
        text += f": {_bare(parameter.annotation)}"
    if parameter.default is not parameter.empty:
        text += (
            f" = {parameter.default!r}" if parameter.annotation is not parameter.empty else f"={parameter.default!r}"
        )
    return text


def _bare(annotation: Any) -> str:
    """An annotation as written (postponed evaluation keeps it a string), or a type's name."""
    return annotation if isinstance(annotation, str) else str(getattr(annotation, "__name__", repr(annotation)))


def _annotation(function: Callable[..., Any], key: str) -> str:
    value = getattr(function, "__annotations__", {}).get(key, "")
    return value if isinstance(value, str) else getattr(value, "__name__", str(value))


def _text(docstring: str) -> str:
    """A docstring as Markdown: Sphinx roles and double back-quotes become plain code spans."""
    text = _ROLE.sub(lambda m: f"`{m.group(1) or m.group(2)}`", docstring)
    return text.replace("``", "`")
