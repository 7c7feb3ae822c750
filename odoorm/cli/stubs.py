"""``odoorm stubs MODEL... -o DIR``: typing stubs for the models (see :mod:`odoorm.client.stubs`)."""

from __future__ import annotations

import argparse
from collections.abc import Callable
from typing import Any

from ..client.stubs import DEFAULT_PACKAGE, check_package_name, write_stubs
from ..orm.environment import Environment

__all__ = ["add_stubs_command"]


def add_stubs_command(
    commands: Any,
    command: Callable[..., argparse.ArgumentParser],
    live_environment: Callable[[argparse.Namespace], Environment],
) -> None:
    """Add ``stubs`` to *commands*, made by *command* (the command line's own maker, which adds the
    connection options), connecting with *live_environment*."""

    def run(options: argparse.Namespace) -> int:
        with live_environment(options) as env:
            path = write_stubs(
                env,
                options.models,
                options.output,
                options.package,
                methods=options.methods,
                strict_names=options.strict_names,
            )
        count = len(set(options.models))
        print(f"Wrote typing stubs for {count} model(s) to {path} (put {options.output} on MYPYPATH).")
        return 0

    stubs = command(commands, "stubs", "write typing stubs (PEP 561) for models", run)
    stubs.add_argument("models", nargs="+", metavar="MODEL", help="model names, e.g. res.partner res.country")
    stubs.add_argument("-o", "--output", required=True, metavar="DIR", help="directory to write the package into")
    stubs.add_argument(
        "--package", type=_package_name, default=DEFAULT_PACKAGE, help=f"package name ({DEFAULT_PACKAGE})"
    )
    stubs.add_argument(
        "--methods", action="store_true", help="declare each model's methods (api_doc, else the views' buttons)"
    )
    stubs.add_argument(
        "--strict-names",
        action="store_true",
        help="env[...] takes only the server's model names (any type checker flags an unknown one)",
    )


def _package_name(text: str) -> str:
    try:
        return check_package_name(text)
    except ValueError as error:
        raise argparse.ArgumentTypeError(str(error)) from error
