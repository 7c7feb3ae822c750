"""Typing stubs for a server's models, from its metadata: ``odoorm stubs res.partner res.country -o typings``.

Record classes are built at run time from ``fields_get``, so a type checker
cannot see them. :func:`write_stubs` writes what it needs as a small package
(``DIR/odoorm_models/``): a PEP 561 ``__init__.pyi`` with one class per model
(``class ResPartner(odoorm.Model)`` with ``name: str | None``,
``country_id: ResCountry``…; the recordset methods, typed ``Self``, return the
same class), an ``Environment`` whose ``env["res.partner"]`` is typed
``ResPartner``, and :func:`typed` to get one; plus a tiny ``__init__.py`` so
the same names import at run time (aliases of :class:`odoorm.Model` and
:class:`odoorm.Environment`, and ``typed(env)`` returns ``env`` itself).

Python types follow the values odoorm gives (see docs/models.md); a
relational field is typed with its comodel's class when that model is
generated too, else :class:`odoorm.Model`. The output is deterministic (no
date, no URL): regenerating against the same metadata gives the same files.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from pathlib import Path

from ..meta.formview import object_methods
from ..orm.environment import Environment
from ..transport.methods import generic_methods
from .stub_text import DEFAULT_PACKAGE, MAX_LITERAL_VALUES, PYTHON_TYPES, check_package_name, python_type, render_stubs

__all__ = [
    "DEFAULT_PACKAGE",
    "PYTHON_TYPES",
    "MAX_LITERAL_VALUES",
    "check_package_name",
    "known_methods",
    "python_type",
    "generate_stubs",
    "render_stubs",
    "write_stubs",
]


def generate_stubs(
    env: Environment,
    models: Iterable[str],
    package: str = DEFAULT_PACKAGE,
    *,
    methods: bool = False,
    strict_names: bool = False,
) -> dict[str, str]:
    """The files of the stub package for *models* (file name → text), from *env*'s metadata.

    The package's ``ModelName`` lists every model of the server (from ``ir.model``), and its
    ``Environment`` takes them in ``env[...]``: with odoorm's mypy plugin (``plugins = ["odoorm.mypy"]``)
    a literal name the server does not have, ``env["res.partnr"]``, is an error naming the close
    ones. *strict_names*: ``env[...]`` takes nothing else — any type checker then flags an unknown
    literal name, and a name in a ``str`` variable must be typed ``ModelName`` (or cast).

    *methods*: also declare each model's public methods, as :func:`known_methods` finds them (the
    api_doc on Odoo 19+ over JSON-2, else the generic ORM methods and the views' object buttons):
    the classes then have no catch-all ``__getattr__``, so a type checker flags any name that is
    neither a field nor a declared method (``partner.nmae``) — and a method neither lists.

    Round trips: what building the record classes costs (one ``fields_get`` per model not yet
    loaded), one ``ir.model`` read for a new registry, and with *methods* one call per model (the
    api_doc, else ``get_views``; both when JSON-2's api_doc is refused). Raises
    :class:`~odoorm.errors.UnknownModelError` for a model the server does not have, ``ValueError``
    for *strict_names* when this user cannot read ``ir.model``.
    """
    check_package_name(package)
    names = sorted(set(models))
    if not names:
        raise ValueError("no model to generate stubs for")
    classes = [type(env[name]) for name in names]
    server_models = env.registry.server_model_names(env._metadata_call)
    if strict_names and server_models is None:
        raise ValueError("strict model names need the server's list of models, and this user cannot read ir.model")
    declared = {name: known_methods(env, name) for name in names} if methods else None
    origin = f"Odoo {env.version} (database {env.db!r})"
    options = [
        *(["--package", package] if package != DEFAULT_PACKAGE else []),
        *(["--methods"] if methods else []),
        *(["--strict-names"] if strict_names else []),
    ]
    command = " ".join(["odoorm stubs", *names, *options])
    return render_stubs(
        classes,
        package=package,
        origin=origin,
        command=f"{command} -o DIR",
        methods=declared,
        model_names=server_models,
        strict_names=strict_names,
    )


def known_methods(env: Environment, model: str) -> tuple[str, ...]:
    """*model*'s public methods, as far as the server tells: the api_doc's list where it is offered
    (JSON-2 on Odoo 19+), else Odoo's generic ORM methods the model has and the methods its default
    form and list views' buttons call. A method neither lists — one called only by code
    (``res.partner.address_get`` before Odoo 19) — is not among them.

    Round trips: over JSON-2 one api_doc read (once per model and connection), plus one
    ``get_views`` when the api_doc is refused; elsewhere one ``get_views``; and the model's
    ``fields_get`` if its class is not built yet."""
    documented = env._read_documented_methods(model)
    if documented is not None:
        return documented
    answer = env._metadata_call(model, "get_views", [], {"views": [[False, "form"], [False, "list"]], "options": {}})
    views = answer.get("views", {}) if isinstance(answer, Mapping) else {}
    found = set(generic_methods(model, type(env[model])._fields))
    for view in views.values():
        found |= object_methods(view.get("arch") or "<form/>")
    return tuple(sorted(found))


def write_stubs(
    env: Environment,
    models: Iterable[str],
    directory: str | Path,
    package: str = DEFAULT_PACKAGE,
    *,
    methods: bool = False,
    strict_names: bool = False,
) -> Path:
    """Write the stub package for *models* into *directory* (created if needed); return the package's path.

    Put *directory* on ``MYPYPATH`` (or your type checker's search path), and on ``sys.path`` when
    the code imports the package at run time. Files of an earlier run are overwritten. *methods*
    and *strict_names*: see :func:`generate_stubs`.
    """
    files = generate_stubs(env, models, package, methods=methods, strict_names=strict_names)
    target = Path(directory) / package
    target.mkdir(parents=True, exist_ok=True)
    for name, text in files.items():
        (target / name).write_text(text, encoding="utf-8")
    return target
