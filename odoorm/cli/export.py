"""``odoorm export MODEL -d DOMAIN -f FIELDS -o FILE``: a model's records to a file, page by page.

The format follows the file's extension (``.csv``, ``.jsonl``, ``.parquet``) unless ``--format`` says;
``-o -`` writes to standard output (CSV or JSON Lines). The domain is a JSON list
(``'[["is_company", "=", true]]'``) or a Python literal (``"[('is_company', '=', True)]"``); the
fields are dotted paths separated by commas. Costs as :meth:`odoorm.Model.export`.
"""

from __future__ import annotations

import argparse
import ast
import json
import sys
from collections.abc import Callable
from typing import Any

from ..errors import ConfigurationError
from ..orm.environment import Environment

__all__ = ["add_export_command", "add_arguments", "run", "parse_domain"]


def add_export_command(
    commands: Any,
    command: Callable[..., argparse.ArgumentParser],
    live_environment: Callable[[argparse.Namespace], Environment],
) -> None:
    """Add ``export`` to *commands*, made by *command* (the command line's own maker, which adds the
    connection options), connecting with *live_environment*."""

    def run_export(options: argparse.Namespace) -> int:
        return run(options, live_environment(options))

    add_arguments(command(commands, "export", "write a model's records to CSV, JSON Lines or Parquet", run_export))


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """The export command's own arguments."""
    parser.add_argument("model", help="model name, e.g. sale.order.line")
    parser.add_argument("-d", "--domain", type=parse_domain, default=[], help="search domain (JSON or Python list)")
    parser.add_argument("-f", "--fields", type=_fields, default=None, help="dotted paths, comma-separated")
    parser.add_argument("-o", "--output", required=True, metavar="FILE", help="file to write, or - for stdout")
    parser.add_argument("--format", choices=("csv", "jsonl", "parquet"), help="default: by the file's extension")
    parser.add_argument("--batch-size", type=int, default=1000, help="records per page (1000)")
    parser.add_argument("--connections", type=int, default=1, help="pages fetched at once over id ranges (1)")
    bar = parser.add_mutually_exclusive_group()
    bar.add_argument("--progress", dest="progress", action="store_true", default=None, help="show a progress bar")
    bar.add_argument("--no-progress", dest="progress", action="store_false", help="never show one")


def run(options: argparse.Namespace, env: Environment) -> int:
    """Write the export; say how many rows went where (on stderr)."""
    to_stdout = options.output == "-"
    if to_stdout and options.format not in ("csv", "jsonl"):
        raise ConfigurationError("-o - writes CSV or JSON Lines: add --format csv or --format jsonl")
    target: Any = sys.stdout if to_stdout else options.output
    with env:
        count = env[options.model].export(
            target,
            options.domain,
            options.fields,
            format=options.format,
            batch_size=options.batch_size,
            connections=options.connections,
            progress=options.progress,
        )
    print(f"{count} {options.model} records written to {'stdout' if to_stdout else options.output}", file=sys.stderr)
    return 0


def parse_domain(text: str) -> list[Any]:
    """A domain given on the command line: JSON, else a Python literal."""
    try:
        value = json.loads(text)
    except ValueError:
        try:
            value = ast.literal_eval(text)
        except (ValueError, SyntaxError) as error:
            raise argparse.ArgumentTypeError(f"a domain is a JSON or Python list, not {text!r}") from error
    if not isinstance(value, list):
        raise argparse.ArgumentTypeError(f"a domain is a list of conditions, not {text!r}")
    return value


def _fields(text: str) -> list[str]:
    return [name.strip() for name in text.split(",") if name.strip()]
