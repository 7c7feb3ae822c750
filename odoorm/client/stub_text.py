"""The text of a typing stub package for record classes (no call): :func:`render_stubs`.

:mod:`odoorm.client.stubs` reads the server (metadata, model names, methods) and writes the files;
this module turns record classes into them: one class per model with an annotated attribute per
field (:func:`python_type`), the package's ``Environment`` and ``ModelName``, the run-time module.
"""

from __future__ import annotations

import json
import keyword
import textwrap
from collections.abc import Iterable, Mapping, Sequence

from .._version import __version__
from ..orm.fields.base import Field
from ..orm.model import Model
from ..orm.model_factory import _RESERVED, class_name
from ..orm.vocabulary import REFUSED, refused

__all__ = [
    "DEFAULT_PACKAGE",
    "PYTHON_TYPES",
    "MAX_LITERAL_VALUES",
    "check_package_name",
    "python_type",
    "render_stubs",
]

#: The stub package's default name.
DEFAULT_PACKAGE = "odoorm_models"

#: The Python type of each non-relational Odoo field type; any other type is ``typing.Any``.
PYTHON_TYPES: Mapping[str, str] = {
    "char": "str | None",
    "text": "str | None",
    "html": "str | None",
    "selection": "str | None",
    "integer": "int",
    "float": "float",
    "monetary": "float",
    "boolean": "bool",
    "date": "datetime.date | None",
    "datetime": "datetime.datetime | None",
    "binary": "bytes | None",
    "json": "typing.Any",
    "properties": "typing.Any",
    "reference": "odoorm.Model | None",
    "many2one_reference": "int",
}
_RELATIONAL = ("many2one", "one2many", "many2many")
_ANY = "typing.Any"
_BASE = "odoorm.Model"

#: Top-level names of the generated module besides the classes (a field of that name would hide them).
_MODULE_NAMES = frozenset({"collections", "datetime", "odoorm", "typing", "Environment", "ModelName", "typed"})

#: What each class adds to :class:`odoorm.Model` besides its fields: the package's ``Environment``, and
#: any other public name typed as a server method — a callable and nothing else, so that a misspelt
#: field used as a value is a type error: ``.upper()`` on it (attr-defined), ``== "x"``
#: (comparison-overlap under ``--strict``), ``if rec.nmae:`` (truthy-function), assigning it to a
#: typed name (assignment). The recordset methods are inherited: they are typed to return ``Self``,
#: so ``ResPartner().search(...)`` is a ``ResPartner`` without re-declaring.
_METHODS = """\
    def __getattr__(self, name: str) -> collections.abc.Callable[..., typing.Any]:
        \"\"\"Any other public name is a server method, only to be called (a misspelt field is a type error).\"\"\"
"""

#: With the model's methods known (``methods=True``: :func:`known_methods`), each is declared and
#: there is no ``__getattr__``: then any other name — ``partner.nmae`` itself — is a type error.
_DECLARED_METHOD = "    def {name}(self, *args: typing.Any, **kwargs: typing.Any) -> typing.Any: ..."
#: Hides the catch-all ``__getattr__`` odoorm.Model has at run time (a type checker then reports
#: ``"ResPartner" has no attribute "nmae"``); the ignore is for the unusual signature.
_NO_CATCH_ALL = (
    "    # every field and method is declared above: no catch-all for other names\n"
    "    __getattr__: None  # type: ignore[misc,assignment]"
)

#: ``Environment`` properties typed with a generated class when its model is generated.
_ENV_PROPERTIES = (("user", "res.users"), ("company", "res.company"), ("companies", "res.company"))


#: A selection with more values than this (``tz``, ``lang``) is typed ``str | None``, not a ``Literal``.
MAX_LITERAL_VALUES = 50


def python_type(field: Field, classes: Mapping[str, str]) -> str:
    """The annotation of *field*'s value: ``classes`` maps the generated models to their class names.
    A selection whose values the metadata lists is a ``typing.Literal`` of its keys (or ``None``)."""
    if field.type in _RELATIONAL:
        return classes.get(str(field.spec.relation), _BASE)
    if field.type == "selection":
        return _selection_type(field)
    return PYTHON_TYPES.get(field.type, _ANY)


def _selection_type(field: Field) -> str:
    keys = [key for key, _label in field.spec.selection or ()]
    if not keys or len(keys) > MAX_LITERAL_VALUES or not all(type(key) in (str, int) for key in keys):
        return PYTHON_TYPES["selection"]
    return f"typing.Literal[{', '.join(_quote(k) if isinstance(k, str) else str(k) for k in keys)}] | None"


def render_stubs(
    classes: Sequence[type[Model]],
    *,
    package: str = DEFAULT_PACKAGE,
    origin: str = "",
    command: str = "",
    methods: Mapping[str, Sequence[str] | None] | None = None,
    model_names: Iterable[str] | None = None,
    strict_names: bool = False,
) -> dict[str, str]:
    """The stub package's files for these record classes (no call): ``__init__.pyi``,
    ``__init__.py`` and ``py.typed``. *origin* and *command* go into the header comment;
    *methods*: model → its public method names, declared instead of the catch-all ``__getattr__``
    (``None``: not known, the class keeps it); *model_names*: every model of the server (``ModelName``; ``None``:
    not known); *strict_names*: ``env[...]`` takes only those (needs *model_names*)."""
    check_package_name(package)
    ordered = sorted(classes, key=lambda cls: cls._name)
    names = _class_names([cls._name for cls in ordered])
    header = _header(origin, command)
    known = methods or {}
    every = sorted({*(model_names or ()), *names}) if model_names is not None else None
    if strict_names and every is None:
        raise ValueError("strict model names need the server's model names")
    classes_text = [
        _environment(names, every, strict_names),
        *(_model_class(cls, names, known.get(cls._name), strict_names) for cls in ordered),
    ]
    stub = header + "\n" + _IMPORTS + "\n" + _all(names, every is not None) + "\n\n" + "\n\n".join(classes_text)
    return {
        "__init__.pyi": stub,
        "__init__.py": _runtime_module(header, names, every is not None),
        "py.typed": "",
    }


def check_package_name(package: str) -> str:
    """*package* if it can name the stub package (a Python identifier, not a keyword), else ``ValueError``."""
    if not package.isidentifier() or keyword.iskeyword(package):
        raise ValueError(f"not a valid package name: {package!r}")
    return package


# ---------------------------------------------------------------- rendering

_IMPORTS = "import collections.abc\nimport datetime\nimport typing\n\nimport odoorm\n"


def _header(origin: str, command: str) -> str:
    source = f" from {origin}" if origin else ""
    again = f"; regenerate with: {command}" if command else ""
    return f"# Typing stubs for Odoo models, generated by odoorm {__version__}{source}.\n# Do not edit{again}.\n"


def _class_names(models: Sequence[str]) -> dict[str, str]:
    """Model name → a unique, valid class name (``res.partner`` → ``ResPartner``)."""
    taken = set(_MODULE_NAMES)
    names: dict[str, str] = {}
    for model in models:
        base = class_name(model)
        if not base.isidentifier() or keyword.iskeyword(base):
            base = "Model" + "".join(c if c.isalnum() else "_" for c in base)
        name, counter = base, 2
        while name in taken:
            name, counter = f"{base}{counter}", counter + 1
        taken.add(name)
        names[model] = name
    return names


def _all(names: Mapping[str, str], model_names: bool = False) -> str:
    exported = ["Environment", "typed", *(["ModelName"] if model_names else []), *names.values()]
    return "__all__ = [\n" + "".join(f"    {_quote(name)},\n" for name in exported) + "]\n"


def _quote(text: str) -> str:
    """A double-quoted Python string literal (JSON's escapes are Python's)."""
    return json.dumps(text)


def _model_name_alias(every: Sequence[str]) -> list[str]:
    """``ModelName``: a ``Literal`` of every model name of the server."""
    return [
        "ModelName: typing.TypeAlias = typing.Literal[",
        *(f"    {_quote(model)}," for model in every),
        "]",
        '"""Every model name of the server these stubs come from (``env[...]`` takes them)."""',
        "",
        "",
    ]


def _getitem(names: Mapping[str, str], every: Sequence[str] | None, strict: bool) -> list[str]:
    """``Environment.__getitem__``: a signature per generated model, then the server's other model
    names (``ModelName``), then any ``str`` (not with *strict*); overloaded when more than one."""
    signatures = [(f"typing.Literal[{_quote(model)}]", cls) for model, cls in names.items()]
    if every is not None and set(every) - set(names):
        signatures.append(("ModelName", "odoorm.Model"))
    if not strict:  # a name in a variable
        signatures.append(("str", "odoorm.Model"))
    ignore = "  # type: ignore[override]" if strict else ""  # strict: narrower than odoorm.Environment's
    if len(signatures) == 1:
        return [f"    def __getitem__(self, model: {signatures[0][0]}) -> {signatures[0][1]}: ...{ignore}"]
    lines = []
    for position, (accepted, result) in enumerate(signatures):
        decorator = "    @typing.overload" + (ignore if position == 0 else "")
        lines += [decorator, f"    def __getitem__(self, model: {accepted}) -> {result}: ..."]
    return lines


def _environment(names: Mapping[str, str], every: Sequence[str] | None = None, strict: bool = False) -> str:
    lines = [] if every is None else _model_name_alias(every)
    lines += [
        "class Environment(odoorm.Environment):",
        '    """:class:`odoorm.Environment` typed for the models of this package: get one with :func:`typed`."""',
    ]
    lines += _getitem(names, every, strict)
    lines += [
        "    def with_context(",
        "        self, *args: collections.abc.Mapping[str, typing.Any], **overrides: typing.Any",
        "    ) -> Environment: ...",
        "    def with_company(self, company: odoorm.Model | int) -> Environment: ...",
        "    def with_lang(self, lang: str) -> Environment: ...",
    ]
    for attribute, model in _ENV_PROPERTIES:
        if model in names:
            lines += ["    @property", f"    def {attribute}(self) -> {names[model]}: ..."]
    lines += [
        "",
        "",
        "def typed(env: odoorm.Environment) -> Environment:",
        '    """*env* itself (no call, no copy), seen by type checkers as this package\'s :class:`Environment`."""',
    ]
    return "\n".join(lines) + "\n"


def _model_class(
    cls: type[Model], names: Mapping[str, str], methods: Sequence[str] | None = None, strict: bool = False
) -> str:
    own = names[cls._name]
    kind = "transient model" if cls._transient else "model"
    lines = [f"class {own}(odoorm.Model):", _docstring(f"{cls._description} ({cls._name}, {kind}).")]
    hidden = _MODULE_NAMES | set(names.values())
    skipped = []
    for name, field in sorted(cls._fields.items()):
        reason = _skip_reason(name, hidden)
        if reason:
            if name != "id":  # Model.id gives it
                skipped.append(f"{name} ({reason})")
            continue
        lines += [f"    {name}: {python_type(field, names)}", _docstring(_field_doc(field))]
    if skipped:
        lines.append(f'    # not typed here, read them as rec["name"]: {", ".join(skipped)}')
    # strict names: the package's Environment takes fewer names than the one odoorm.Model's env promises
    lines += ["", "    env: Environment" + ("  # type: ignore[assignment]" if strict else "")]
    if methods is None:
        lines.append(_METHODS)
    else:
        lines += [*_declared_methods(cls, methods, hidden), _NO_CATCH_ALL]
    return "\n".join(lines) + ("" if methods is None else "\n")


def _declared_methods(cls: type[Model], methods: Sequence[str], hidden: set[str] | frozenset[str]) -> list[str]:
    """A line per server method a stub can declare: not an odoorm.Model name (typed already), not a
    field, not a name refused over RPC, a Python name."""
    inherited = set(dir(Model))
    return [
        _DECLARED_METHOD.format(name=name)
        for name in sorted(set(methods))
        if name.isidentifier()
        and not keyword.iskeyword(name)
        and not name.startswith("_")
        and name not in inherited
        and name not in cls._fields
        and name not in hidden
        and refused(cls._name, name, REFUSED) is None
    ]


def _skip_reason(name: str, hidden: frozenset[str] | set[str]) -> str | None:
    """Why a field cannot be a class attribute of the stub, or ``None`` when it can."""
    if not name.isidentifier() or keyword.iskeyword(name):
        return "not a Python name"
    if name in _RESERVED or name.startswith("__"):
        return "an odoorm.Model attribute"
    if name in hidden:
        return "a name the stubs use"
    return None


def _field_doc(field: Field) -> str:
    text = field.__doc__ or field.name
    if field.spec.selection:
        values = ", ".join(f"{key!r} ({label})" for key, label in field.spec.selection)
        text += f"\n\nValues: {values}."
    return text


def _docstring(text: str, indent: str = "    ") -> str:
    """*text* as a valid docstring: wrapped, control characters and quotes made safe."""
    clean = "".join(c if c == "\n" or c.isprintable() else " " for c in text).replace("\\", "\\\\")
    clean = clean.replace('"', '\\"')
    paragraphs = [textwrap.fill(p, 100, subsequent_indent=indent) for p in clean.strip().split("\n") if p.strip()]
    body = f"\n\n{indent}".join(paragraphs)
    return f'{indent}"""{body}"""'


def _runtime_module(header: str, names: Mapping[str, str], model_names: bool = False) -> str:
    lines = [
        header,
        '"""Run-time side of the stubs in ``__init__.pyi``.',
        "",
        "Record classes are built from the server's metadata when first used, so at run time these",
        "names are aliases of odoorm.Model and odoorm.Environment (for annotations and imports), and",
        "``typed(env)`` returns ``env`` itself.",
        '"""',
        "",
        "import odoorm",
        "",
        _all(names, model_names),
        "Environment = odoorm.Environment",
        *(["ModelName = str"] if model_names else []),
        *(f"{cls} = odoorm.Model" for cls in names.values()),
        "",
        "",
        "def typed(env: odoorm.Environment) -> odoorm.Environment:",
        '    """*env* itself (no call, no copy); type checkers see this package\'s ``Environment``."""',
        "    return env",
    ]
    return "\n".join(lines) + "\n"
