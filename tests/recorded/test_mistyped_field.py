"""A mistyped field is never a value (issue 18, item 3).

Odoo raises AttributeError for a name a model lacks; odoorm takes any public non-field name for a
server method, so ``partner.nmae`` is a :class:`ServerMethod`. Used as anything but a call it raises
:class:`odoorm.UnknownFieldError` naming the close fields; called, it is a server method.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

import odoorm
from odoorm.orm.model import ServerMethod

USES: dict[str, Callable[[Any], Any]] = {
    "str": str,
    "f-string": lambda m: f"{m}",
    "format spec": lambda m: f"{m:>10}",
    "%": lambda m: "%s" % m,  # noqa: UP031 (the old formatting calls str too)
    "==": lambda m: m == "Azure Interior",
    "!=": lambda m: m != "Azure Interior",
    "<": lambda m: m < "B",
    ">=": lambda m: m >= 3,
    "bool": bool,
    "if": lambda m: 1 if m else 0,
    "attribute": lambda m: m.upper(),
    "attribute set": lambda m: setattr(m, "x", 1),
    "len": len,
    "iteration": list,
    "in": lambda m: "a" in m,
    "index": lambda m: m[0],
    "+": lambda m: m + "!",
    "radd": lambda m: "Mr " + m,
    "int": int,
    "float": float,
}


def test_a_mistyped_field_used_as_a_value_names_the_close_fields(env: odoorm.Environment) -> None:
    partner = env["res.partner"].browse(1)
    for use, apply in USES.items():
        with env.count_calls() as calls:
            misspelt = partner.nmae
            with pytest.raises(odoorm.UnknownFieldError) as caught:
                apply(misspelt)
        assert calls.total == 0, use  # refused before anything is sent
        text = str(caught.value)
        assert text.startswith("res.partner has no field 'nmae'; did you mean 'name'"), use
        assert "`.nmae(...)` runs res.partner.nmae on the server" in text, use
        assert isinstance(caught.value, AttributeError)  # as Odoo's own unknown attribute


def test_repr_explains_instead_of_raising(env: odoorm.Environment) -> None:
    misspelt = env["res.partner"].browse(1).nmae
    with env.count_calls() as calls:
        text = repr(misspelt)
    assert calls.total == 0
    assert text.startswith("<server method res.partner(1,).nmae: res.partner has no field 'nmae'; did you mean")
    assert {misspelt: 1}[misspelt] == 1  # hashable by identity, for tools that keep it in a dict
    assert not hasattr(misspelt, "_repr_html_")  # what IPython's display asks: an AttributeError


def test_a_server_method_is_still_called(env: odoorm.Environment, protocol: str) -> None:
    partner = env["res.partner"].browse(1)
    method = partner.address_get
    assert isinstance(method, ServerMethod) and method.name == "address_get"
    assert env.version >= (16, 0)  # the version picks the method's known signature (asked once)
    with env.count_calls() as calls:
        addresses = method(["contact"])
    assert addresses == {"contact": 1}
    # JSON-2 names the arguments: the method's signature comes from the server's api_doc (once)
    assert calls.total == (2 if protocol == "json2" else 1) and calls["res.partner.address_get"] == 1
    with pytest.raises(odoorm.UnknownFieldError, match="has no field 'address_get'"):
        str(partner.address_get)  # a real method, used as a value: refused the same way
