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
from functools import partial

from mypy.errorcodes import ErrorCode
from mypy.nodes import TypeAlias, TypeInfo
from mypy.options import Options
from mypy.plugin import MethodContext, Plugin
from mypy.types import Instance, LiteralType, Type, UnionType, get_proper_type

from .errors.core import did_you_mean

__all__ = ["ODOO_MODEL", "OdoormPlugin", "plugin"]

#: The error code of an unknown model name (``# type: ignore[odoo-model]`` silences one).
ODOO_MODEL = ErrorCode("odoo-model", "Check that a literal model name is one of the server's", "odoorm")

#: The run-time environment class, which typed environments of stubs derive from.
_ENVIRONMENT = "odoorm.orm.environment.Environment"


class OdoormPlugin(Plugin):
    """Checks the literal model names given to ``env[...]`` of an environment typed by stubs: a
    subclass of :class:`odoorm.Environment` in a module (the stub package) that defines ``ModelName``."""

    def __init__(self, options: Options) -> None:
        super().__init__(options)
        self._names: dict[str, frozenset[str]] = {}  # class → the model names of its stub package

    def get_method_hook(self, fullname: str) -> Callable[[MethodContext], Type] | None:
        owner, _, method = fullname.rpartition(".")
        if method != "__getitem__" or owner == _ENVIRONMENT:
            return None
        names = self._model_names(owner)
        return partial(_check_model_name, names) if names else None

    def _model_names(self, owner: str) -> frozenset[str]:
        """The ``ModelName`` values of the stub package *owner* (a class) or one of its bases comes
        from; none when it is not a typed environment (or its stubs list no names)."""
        if owner not in self._names:
            symbol = self.lookup_fully_qualified(owner)
            info = symbol.node if symbol is not None else None
            found: frozenset[str] = frozenset()
            if isinstance(info, TypeInfo) and info.has_base(_ENVIRONMENT):
                for base in info.mro:
                    alias = self.lookup_fully_qualified(f"{base.module_name}.ModelName")
                    if alias is not None and isinstance(alias.node, TypeAlias):
                        found = frozenset(_literal_texts(alias.node.target))
                        break
            self._names[owner] = found
        return self._names[owner]


def plugin(version: str) -> type[Plugin]:
    """mypy's entry point: the plugin class (any mypy version with this plugin API)."""
    return OdoormPlugin


def _check_model_name(known: frozenset[str], ctx: MethodContext) -> Type:
    """Report ``env["name"]`` when *name* is a literal outside *known*."""
    if len(ctx.arg_types) == 1 and len(ctx.arg_types[0]) == 1:
        for name in _literal_texts(ctx.arg_types[0][0]):
            if name not in known:
                hint = did_you_mean(name, sorted(known))
                message = f"Odoo model {name!r} is not on the server the stubs come from{hint}"
                ctx.api.fail(message, ctx.context, code=ODOO_MODEL)
    return ctx.default_return_type


def _literal_texts(argument: Type) -> Iterator[str]:
    """The string values a type is known to hold: a literal (``"res.partner"``, a ``Final`` constant),
    or each of a union of them; nothing for a type that is not only literals."""
    proper = get_proper_type(argument)
    options = proper.items if isinstance(proper, UnionType) else [proper]
    values = []
    for option in map(get_proper_type, options):
        if isinstance(option, Instance) and option.last_known_value is not None:
            option = option.last_known_value
        if not (isinstance(option, LiteralType) and isinstance(option.value, str)):
            return  # not known before run time (a str variable, or a union with one)
        values.append(option.value)
    yield from values
