"""The ``odoorm`` command line tool.

``odoorm demo`` runs the guided tour against recorded traffic;
``odoorm demo --url URL`` runs it live (settings as for :func:`odoorm.connect`:
options, else ``ODOO_DB``, ``ODOO_USERNAME``, ``ODOO_PASSWORD``/``ODOO_API_KEY``,
else a password prompt).
"""

from __future__ import annotations

import argparse
import getpass
import os
import sys
from collections.abc import Sequence

from .connection import connect
from .env import Environment
from .errors import OdooError

__all__ = ["main"]


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; return the exit status."""
    parser = _parser()
    options = parser.parse_args(argv)
    try:
        return int(options.run(options))
    except OdooError as error:
        print(f"odoorm: {type(error).__name__}: {error}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        return 130


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="odoorm", description="Work with a remote Odoo server's data.")
    commands = parser.add_subparsers(dest="command", required=True)
    demo = commands.add_parser("demo", help="a short guided tour (recorded traffic, or live with --url)")
    _connection_options(demo)
    demo.set_defaults(run=_demo)
    return parser


def _connection_options(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--url", help="server URL (default: recorded traffic for demo, else ODOO_URL)")
    parser.add_argument("--db", help="database (default ODOO_DB, or the server's only one)")
    parser.add_argument("--username", help="login (default ODOO_USERNAME)")
    parser.add_argument("--protocol", default="auto", choices=("auto", "xmlrpc", "jsonrpc", "json2"))


def _live_environment(options: argparse.Namespace) -> Environment:
    password = None
    if not (os.environ.get("ODOO_PASSWORD") or os.environ.get("ODOO_API_KEY")):
        password = getpass.getpass("Odoo password or API key: ")
    return connect(options.url, options.db, options.username, password, protocol=options.protocol)


def _demo(options: argparse.Namespace) -> int:
    from .demo import recorded_environment, run_tour

    if options.url:
        env = _live_environment(options)
    else:
        print("Replaying the recorded traffic of a real Odoo 19 server (use --url to run live).")
        env = recorded_environment()
    with env:
        run_tour(env)
    return 0
