"""The names a call carries — model and method — checked before any URL or payload is built.

Odoo accepts as a model name only lowercase ASCII letters, digits, ``_`` and ``.`` (its own
``check_object_name``), and a method is a Python identifier. A name outside that
grammar can name nothing on the server; worse, on JSON-2 the model and the method are URL path
segments, where ``"res.partner/unlink?"`` would reach another method than the one the read-only
guard checked. So every transport checks both names first (no call is made), and JSON-2 also
percent-encodes them.
"""

from __future__ import annotations

import re
from urllib.parse import quote

from ..errors import UnknownMethodError, UnknownModelError

__all__ = ["check_model_name", "check_method_name", "path_segment"]

_MODEL = re.compile(r"[a-z0-9_.]+")
_METHOD = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")


def check_model_name(model: object) -> str:
    """*model* when it is a possible Odoo model name; else :class:`UnknownModelError`."""
    if isinstance(model, str) and _MODEL.fullmatch(model):
        return model
    raise UnknownModelError(
        f"{model!r} is not a model name: Odoo model names hold only lowercase letters, digits, '_' and '.'"
        " (e.g. 'res.partner')"
    )


def check_method_name(model: str, method: object) -> str:
    """*method* when it is a possible method name (a Python identifier); else :class:`UnknownMethodError`.
    A private name (``_compute_x``) passes: the server refuses it with its own ``AccessError``."""
    if isinstance(method, str) and _METHOD.fullmatch(method):
        return method
    raise UnknownMethodError(f"{model}: {method!r} is not a method name (method names are Python identifiers)")


def path_segment(name: str) -> str:
    """*name* percent-encoded as one URL path segment (a checked name is left as it is)."""
    return quote(name, safe="")
