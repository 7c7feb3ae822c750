"""The ``odoorm`` command line tool.

``odoorm demo`` runs the guided tour against recorded traffic;
``odoorm demo --url URL`` runs it live. The other commands talk to a server
(settings as for :func:`odoorm.connect`: options, else ``ODOO_URL``,
``ODOO_DB``, ``ODOO_USERNAME``, ``ODOO_PASSWORD``/``ODOO_API_KEY``, else a
password prompt):

- ``odoorm shell`` — IPython (or the standard console with ``--plain``) with ``env`` ready
- ``odoorm models [PATTERN]`` — the server's models
- ``odoorm fields MODEL [PATTERN]`` — a model's fields
- ``odoorm call MODEL METHOD [JSON_ARGS] [--kwargs JSON]`` — one ``execute_kw``, answer as JSON
- ``odoorm check`` — version, database, user, protocol and access rights
- ``odoorm stubs MODEL... -o DIR`` — typing stubs for the models (see :mod:`odoorm.client.stubs`)
- ``odoorm export MODEL -d DOMAIN -f FIELDS -o FILE`` — records to CSV, JSON Lines or Parquet

Any :class:`~odoorm.errors.OdooError` is one line on stderr and exit status 2.

Testing aid: with ``ODOORM_REPLAY=<cassette.json>`` (vcrpy's JSON format) the
commands get their HTTP answers from that recording instead of the network,
and a recorded request left unmade is reported on stderr (exit status 3).
"""

from __future__ import annotations

import argparse
import code
import contextlib
import fnmatch
import getpass
import json
import os
import re
import sys
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, Any

import requests

from .._version import __version__
from ..client.connect import connect
from ..errors import ConfigurationError, OdooError
from ..orm.environment import Environment
from ..orm.fields.base import Field
from .export import add_export_command
from .reference import add_docs_command
from .stubs import add_stubs_command

__all__ = ["main", "banner", "find_models", "REPLAY_VARIABLE"]

if TYPE_CHECKING:
    Subparsers = argparse._SubParsersAction[argparse.ArgumentParser]

#: A command: runs with the parsed options, returns the exit status.
Command = Callable[[argparse.Namespace], int]

#: The environment variable naming a cassette to replay instead of talking to a server (a testing aid).
REPLAY_VARIABLE = "ODOORM_REPLAY"


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; return the exit status."""
    parser = _parser()
    options = parser.parse_args(argv)
    try:
        status = int(options.run(options))
    except OdooError as error:
        print(f"odoorm: {type(error).__name__}: {_one_line(str(error))}", file=sys.stderr)
        status = 2
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:  # the reader went away (`odoorm export ... -o - | head`): stop quietly
        _silence_stdout()
        return 141  # as a Unix tool stopped by SIGPIPE
    return _replay_leftovers(options, status)


def _silence_stdout() -> None:
    """Point standard output at the null device, so that the interpreter's last flush of what
    could not be written does not print a traceback of its own."""
    with contextlib.suppress(OSError, ValueError, AttributeError):  # not a file (output captured in a test)
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())


# ---------------------------------------------------------------- arguments


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="odoorm", description="Work with a remote Odoo server's data.")
    parser.add_argument("--version", action="version", version=f"odoorm {__version__}")
    parser.set_defaults(replay=None)
    commands = parser.add_subparsers(dest="command", required=True)
    demo = commands.add_parser("demo", help="a short guided tour (recorded traffic, or live with --url)")
    _connection_options(demo, demo=True)
    demo.set_defaults(run=_demo)
    _shell_parser(commands)
    _models_parser(commands)
    _fields_parser(commands)
    _call_parser(commands)
    _check_parser(commands)
    add_stubs_command(commands, _command, _live_environment)
    add_docs_command(commands)
    add_export_command(commands, _command, _live_environment)
    return parser


def _command(commands: Subparsers, name: str, help_text: str, run: Command) -> argparse.ArgumentParser:
    parser: argparse.ArgumentParser = commands.add_parser(name, help=help_text, description=help_text)
    _connection_options(parser)
    parser.add_argument("--readonly", action="store_true", help="refuse every method not known to be read-only")
    parser.set_defaults(run=run)
    return parser


def _shell_parser(commands: Subparsers) -> None:
    shell = _command(commands, "shell", "an interactive Python shell with `env` connected", _shell)
    shell.add_argument("--plain", action="store_true", help="the standard Python console even if IPython is there")


def _models_parser(commands: Subparsers) -> None:
    models = _command(commands, "models", "list the server's models: name, description, transient flag", _models)
    models.add_argument("pattern", nargs="?", help="substring of the name or description, or a glob on the name")


def _fields_parser(commands: Subparsers) -> None:
    fields = _command(commands, "fields", "list a model's fields: name, type, label, flags", _fields)
    fields.add_argument("model", help="model name, e.g. res.partner")
    fields.add_argument("pattern", nargs="?", help="substring of the name or label, or a glob on the name")


def _call_parser(commands: Subparsers) -> None:
    call = _command(commands, "call", "call a model method (execute_kw) and print the answer as JSON", _call)
    call.add_argument("model", help="model name, e.g. res.partner")
    call.add_argument("method", help="method name, e.g. search_read")
    call.add_argument("args", nargs="?", type=_json_list, default=[], help="positional arguments, a JSON list")
    call.add_argument("--kwargs", type=_json_object, default={}, help="keyword arguments, a JSON object")


def _check_parser(commands: Subparsers) -> None:
    check = _command(commands, "check", "check the connection: version, database, user, access rights", _check)
    check.add_argument("--model", default="res.partner", help="model whose access rights to check (res.partner)")


def _connection_options(parser: argparse.ArgumentParser, demo: bool = False) -> None:
    where = "recorded traffic for demo, else ODOO_URL" if demo else "ODOO_URL"
    parser.add_argument("--url", help=f"server URL (default: {where})")
    parser.add_argument("--db", help="database (default ODOO_DB, or the server's only one)")
    parser.add_argument("--username", help="login (default ODOO_USERNAME)")
    parser.add_argument(
        "--protocol",
        default="auto",
        choices=("auto", "xmlrpc", "jsonrpc", "json2"),
        help="default auto: JSON-2 on Odoo 19+ with an API key, else JSON-RPC",
    )


def _json_list(text: str) -> list[Any]:
    value = _json(text)
    if not isinstance(value, list):
        raise argparse.ArgumentTypeError(f"expected a JSON list of positional arguments, e.g. '[[3]]', not {text!r}")
    return value


def _json_object(text: str) -> dict[str, Any]:
    value = _json(text)
    if not isinstance(value, dict):
        raise argparse.ArgumentTypeError(f"expected a JSON object, e.g. '{{\"limit\": 5}}', not {text!r}")
    return value


def _json(text: str) -> Any:
    try:
        return json.loads(text)
    except ValueError as error:
        raise argparse.ArgumentTypeError(f"not valid JSON ({error}): {text!r}") from error


# ---------------------------------------------------------------- connection


def _live_environment(options: argparse.Namespace) -> Environment:
    if not (options.url or os.environ.get("ODOO_URL")):  # before asking for a secret in vain
        raise ConfigurationError("no server URL given: pass --url or set ODOO_URL")
    password = api_key = None
    if not (os.environ.get("ODOO_PASSWORD") or os.environ.get("ODOO_API_KEY")):
        secret = getpass.getpass("Odoo password or API key: ")
        password, api_key = (None, secret) if options.protocol == "json2" else (secret, None)
    return connect(
        options.url,
        options.db,
        options.username,
        password,
        api_key=api_key,
        protocol=options.protocol,
        readonly=getattr(options, "readonly", False),
        http_session=_replay_session(options),
    )


def _replay_session(options: argparse.Namespace) -> requests.Session | None:
    """A session answered from the cassette named by ``ODOORM_REPLAY``, if set (a testing aid)."""
    path = os.environ.get(REPLAY_VARIABLE)
    if not path:
        return None
    from ..testing.replay import ReplayAdapter

    try:
        adapter = ReplayAdapter(path)
    except (OSError, ValueError, KeyError) as error:
        raise ConfigurationError(f"{REPLAY_VARIABLE}: cannot read the cassette {path!r}: {error}") from error
    session = requests.Session()
    session.mount("http://", adapter)
    session.mount("https://", adapter)
    options.replay = adapter
    return session


def _replay_leftovers(options: argparse.Namespace, status: int) -> int:
    """With ``ODOORM_REPLAY``: say so when recorded requests were not made (status 3)."""
    adapter = options.replay
    if adapter is None or adapter.all_played:
        return status
    print(f"odoorm: {REPLAY_VARIABLE}: recorded requests were not all made", file=sys.stderr)
    return status or 3


# ---------------------------------------------------------------- commands


def _demo(options: argparse.Namespace) -> int:
    from ..demo import recorded_environment, run_tour

    if options.url:
        env = _live_environment(options)
    else:
        print("Replaying the recorded traffic of a real Odoo 19 server (use --url to run live).")
        env = recorded_environment()
    with env:
        run_tour(env)
    return 0


def _shell(options: argparse.Namespace) -> int:
    import odoorm

    with _live_environment(options) as env:
        print(banner(env), flush=True)
        namespace: dict[str, Any] = {"env": env, "odoorm": odoorm}
        if options.plain or not _start_ipython(namespace):
            code.interact(banner="", local=namespace, exitmsg="")
    return 0


def banner(env: Environment) -> str:
    """The shell's one-line banner: version, server, database, user, protocol (the version is one call,
    the first time)."""
    user = f"uid {env.uid}" + (f" ({env.username})" if env.username else "")
    return (
        f"odoorm {__version__}: Odoo {env.version} at {env.url}, database {env.db!r}, {user}, "
        f"over {env.protocol}{', read-only' if env.readonly else ''}. `env` is ready."
    )


def _start_ipython(namespace: dict[str, Any]) -> bool:
    """Run IPython with *namespace*; ``False`` when IPython is not installed."""
    try:
        import IPython
    except ImportError:
        return False
    start: Callable[..., Any] = IPython.start_ipython  # untyped in some IPython releases
    start(argv=["--no-banner", "--ext=odoorm"], user_ns=namespace)  # completion through env["model"]
    return True


def _models(options: argparse.Namespace) -> int:
    with _live_environment(options) as env:
        rows = find_models(env, options.pattern)
    if not rows:
        print(f"odoorm: no model matches {options.pattern!r}", file=sys.stderr)
        return 1
    _print_table([[model, description, "transient" if transient else ""] for model, description, transient in rows])
    return 0


def find_models(env: Environment, pattern: str | None = None) -> list[tuple[str, str, bool]]:
    """``(model, description, transient)`` of the server's models matching *pattern* (a substring
    of the name or description, or a glob on the name), sorted by name. One call."""
    fields = {"fields": ["model", "name", "transient"], "order": "model"}
    rows = env.execute_kw("ir.model", "search_read", [_model_domain(pattern)], fields)
    found = [(str(row["model"]), str(row["name"] or ""), bool(row["transient"])) for row in rows]
    return [row for row in found if _matches(pattern, row[0], row[1])]


def _fields(options: argparse.Namespace) -> int:
    with _live_environment(options) as env:
        fields = type(env[options.model])._fields
    chosen = [field for name, field in sorted(fields.items()) if _matches(options.pattern, name, field.spec.string)]
    rows = [_field_row(field) for field in chosen]
    if not rows:
        print(f"odoorm: no field of {options.model} matches {options.pattern!r}", file=sys.stderr)
        return 1
    _print_table(rows)
    return 0


def _field_row(field: Field) -> list[str]:
    spec = field.spec
    kind = f"{spec.type}({spec.relation})" if spec.relation else spec.type
    flags = [flag for flag in ("required", "readonly") if getattr(spec, flag)] + ([] if spec.store else ["not stored"])
    return [spec.name, kind, spec.string, ", ".join(flags)]


def _call(options: argparse.Namespace) -> int:
    with _live_environment(options) as env:
        result = env.execute_kw(options.model, options.method, options.args, options.kwargs)
    print(json.dumps(result, indent=2, default=str, ensure_ascii=False))
    return 0


def _check(options: argparse.Namespace) -> int:
    from ..client.check import check_connection

    with _live_environment(options) as env:
        print(check_connection(env, options.model))
    return 0


# ---------------------------------------------------------------- helpers


def _one_line(text: str) -> str:
    """*text* with its line breaks (a server message may have several lines) turned into spaces."""
    return " ".join(line.strip() for line in text.splitlines() if line.strip())


_GLOB = re.compile(r"[*?]|\[[^\]]*\]")


def _matches(pattern: str | None, name: str, label: str) -> bool:
    """A glob (``*``, ``?``, ``[...]``) matches the whole name; other text is a case-insensitive
    substring of the name or the label."""
    if not pattern:
        return True
    if _GLOB.search(pattern):
        return fnmatch.fnmatchcase(name, pattern)
    return pattern.lower() in name.lower() or pattern.lower() in label.lower()


def _model_domain(pattern: str | None) -> list[Any]:
    """A domain narrowing ``ir.model`` on the server (the exact match is done by :func:`_matches`)."""
    if not pattern:
        return []
    if _GLOB.search(pattern):
        longest = max(_GLOB.split(pattern), key=len)
        return [("model", "ilike", longest)] if longest else []
    return ["|", ("model", "ilike", pattern), ("name", "ilike", pattern)]


#: The widest a padded column gets: a longer cell is cut with "…" (one long model description
#: — res.role's is 195 characters — would otherwise push every following column off the screen).
MAX_CELL = 60


def _print_table(rows: Sequence[Sequence[str]]) -> None:
    """Rows in aligned columns (the last column unpadded, the others cut at :data:`MAX_CELL`),
    trailing spaces removed."""
    cut = [[_cut(cell) for cell in row[:-1]] + [row[-1]] for row in rows]
    widths = [max(len(row[column]) for row in cut) for column in range(len(cut[0]) - 1)]
    for row in cut:
        cells = [cell.ljust(width) for cell, width in zip(row[:-1], widths, strict=True)] + [row[-1]]
        print("  ".join(cells).rstrip())


def _cut(cell: str) -> str:
    """*cell* on one line, at most :data:`MAX_CELL` characters."""
    flat = " ".join(cell.split())
    return flat if len(flat) <= MAX_CELL else flat[: MAX_CELL - 1] + "…"
