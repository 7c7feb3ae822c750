"""odoorm's mypy plugin: ``env["res.partnr"]`` is an error where the stubs list the server's models.

Enable it in the mypy configuration (``plugins = ["odoorm.mypy"]`` under ``[tool.mypy]``, or
``plugins = odoorm.mypy`` in ``mypy.ini``), and generate stubs with ``odoorm stubs``: their
``Environment`` takes the server's model names (``ModelName``) in ``env[...]``. A literal name that
is not one of them is reported with the close names::

    error: Odoo model 'res.partnr' is not on the server the stubs come from; did you mean
    'res.partner', …?  [odoo-model]

A name in a ``str`` variable is not checked (its value is not known before run time), and an
environment not typed by stubs (plain :class:`odoorm.Environment`) is not checked either. mypy only
treats ``LiteralString`` as ``str``, so stubs alone cannot tell a literal from a variable: the
plugin does. Other type checkers: ``odoorm stubs --strict-names`` (every name must be a
``ModelName``). The plugin imports mypy, which odoorm does not depend on: mypy loads this module.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator

from mypy.errorcodes import ErrorCode
from mypy.nodes import OverloadedFuncDef
from mypy.plugin import MethodContext, Plugin
from mypy.types import CallableType, Instance, LiteralType, Overloaded, Type, UnionType, get_proper_type

from .errors.core import did_you_mean

__all__ = ["ODOO_MODEL", "OdoormPlugin", "plugin"]

#: The error code of an unknown model name (``# type: ignore[odoo-model]`` silences one).
ODOO_MODEL = ErrorCode("odoo-model", "Check that a literal model name is one of the server's", "odoorm")

#: The run-time environment class, which typed environments of stubs derive from.
_ENVIRONMENT = "odoorm.orm.environment.Environment"


class OdoormPlugin(Plugin):
    """Checks the literal model names given to a stub-typed environment's ``env[...]``."""

    def get_method_hook(self, fullname: str) -> Callable[[MethodContext], Type] | None:
        if fullname.endswith(".Environment.__getitem__") and fullname != f"{_ENVIRONMENT}.__getitem__":
            return _check_model_name
        return None


def plugin(version: str) -> type[Plugin]:
    """mypy's entry point: the plugin class (any mypy version with this plugin API)."""
    return OdoormPlugin


def _check_model_name(ctx: MethodContext) -> Type:
    """Report ``env["name"]`` when *name* is a literal outside the stubs' model names."""
    if len(ctx.arg_types) != 1 or len(ctx.arg_types[0]) != 1:
        return ctx.default_return_type
    name = _literal_text(ctx.arg_types[0][0])
    receiver = get_proper_type(ctx.type)
    if name is None or not isinstance(receiver, Instance) or not receiver.type.has_base(_ENVIRONMENT):
        return ctx.default_return_type
    known = set(_listed_names(receiver))
    if known and name not in known:
        hint = did_you_mean(name, sorted(known))
        ctx.api.fail(
            f"Odoo model {name!r} is not on the server the stubs come from{hint}", ctx.context, code=ODOO_MODEL
        )
    return ctx.default_return_type


def _literal_text(argument: Type) -> str | None:
    """The string value of a literal argument (``"res.partner"``, a ``Final`` constant), else ``None``."""
    proper = get_proper_type(argument)
    if isinstance(proper, Instance) and proper.last_known_value is not None:
        proper = proper.last_known_value
    if isinstance(proper, LiteralType) and isinstance(proper.value, str):
        return proper.value
    return None


def _listed_names(receiver: Instance) -> Iterator[str]:
    """The literal names the receiver's ``__getitem__`` overloads take (none for a plain environment)."""
    for info in receiver.type.mro:
        symbol = info.names.get("__getitem__")
        if symbol is None:
            continue
        node = symbol.node
        signature = get_proper_type(node.type) if isinstance(node, OverloadedFuncDef) and node.type else None
        if isinstance(signature, Overloaded):
            for item in signature.items:
                yield from _literal_values(item)
        return  # the nearest __getitem__ decides


def _literal_values(item: CallableType) -> Iterator[str]:
    if len(item.arg_types) < 2:  # (self, model)
        return
    accepted = get_proper_type(item.arg_types[1])
    options = accepted.items if isinstance(accepted, UnionType) else [accepted]
    for option in map(get_proper_type, options):
        if isinstance(option, LiteralType) and isinstance(option.value, str):
            yield option.value
