"""Any other public attribute of a recordset: a method called on the server with its ids.

Odoo raises :class:`AttributeError` for a name a model does not have; odoorm cannot know a model's
methods without asking the server, so any public name that is not a field is a
:class:`ServerMethod`. To keep a mistyped field from passing for a value, a server method is only
good for calling: used as a value — ``str()``, an f-string, ``==``, ``<``, ``bool()``, ``len()``,
iteration, ``+``, or any attribute such as ``.upper()`` — it raises
:class:`~odoorm.errors.UnknownFieldError`, naming the close field names and saying how to call a
server method. ``repr()`` does not raise (debuggers, tracebacks and loggers call it): it says the
same in its text. Hashing stays by identity, so tools may keep one in a dict or a set.
"""

from __future__ import annotations

from typing import Any, NoReturn

from ..errors import UnknownFieldError, did_you_mean

__all__ = ["ServerMethod"]


class ServerMethod:
    """A public model method, called on the server with the recordset's ids.

    ``order.action_confirm()`` sends ``execute_kw("sale.order", "action_confirm", [ids])``;
    ``rec.method(a, b=1)`` sends ``[ids, a]`` and ``{"b": 1}``; an emptied recordset sends ``[[]]``
    (Odoo calls the method on no records). On the model itself (``env["res.partner"].method(...)``),
    or for a known ``@api.model`` method, no ids are sent. Names of the server-side ORM that cannot
    work over RPC never become one (:mod:`odoorm.orm.vocabulary`). After a method that may write,
    the environment's cache is dropped. An action dictionary answered comes back as an
    :class:`~odoorm.orm.form.action.Action` (still a ``dict``).
    One call. Anything but a call (``str``, ``==``, ``bool``, an attribute…) raises
    :class:`~odoorm.errors.UnknownFieldError`: the name was most likely a mistyped field.
    """

    __slots__ = ("records", "name")
    records: Any
    name: str

    def __init__(self, records: Any, name: str) -> None:
        object.__setattr__(self, "records", records)
        object.__setattr__(self, "name", name)

    def __call__(self, *args: Any, **kwargs: Any) -> Any:
        return self.records._call_method(self.name, args, kwargs)

    def _not_a_value(self) -> str:
        """Why this cannot be used as a value: no such field (close names), and how to call the method."""
        model = self.records._name
        hint = did_you_mean(self.name, self.records._fields)
        return (
            f"{model} has no field {self.name!r}{hint} — `.{self.name}` is taken for a server method, "
            f"which is only called: `.{self.name}(...)` runs {model}.{self.name} on the server"
        )

    def _refuse(self, *_args: Any, **_kwargs: Any) -> NoReturn:
        raise UnknownFieldError(self._not_a_value())

    def __getattr__(self, attribute: str) -> NoReturn:
        raise UnknownFieldError(self._not_a_value())

    def __setattr__(self, attribute: str, value: Any) -> NoReturn:
        raise UnknownFieldError(self._not_a_value())

    # a value's protocols: each one raises (the operators too, so that `p.nmae == "x"` is not False)
    __bool__ = __str__ = __format__ = __bytes__ = _refuse
    __eq__ = __ne__ = __lt__ = __le__ = __gt__ = __ge__ = _refuse
    __len__ = __iter__ = __contains__ = __getitem__ = _refuse
    __add__ = __radd__ = __mul__ = __rmul__ = __mod__ = _refuse
    __int__ = __float__ = __index__ = _refuse
    __hash__ = object.__hash__  # identity: tools may keep it in a dict

    def __repr__(self) -> str:
        return f"<server method {self.records!r}.{self.name}: {self._not_a_value()}>"
