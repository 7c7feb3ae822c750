"""Any other public attribute of a recordset: a method called on the server with its ids."""

from __future__ import annotations

from typing import Any

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
    One call.
    """

    __slots__ = ("records", "name")

    def __init__(self, records: Any, name: str) -> None:
        self.records = records
        self.name = name

    def __call__(self, *args: Any, **kwargs: Any) -> Any:
        return self.records._call_method(self.name, args, kwargs)

    def __bool__(self) -> bool:
        hint = did_you_mean(self.name, self.records._fields)
        raise UnknownFieldError(
            f"{self.records._name} has no field {self.name!r}{hint} (a server method is called, not tested)"
        )

    def __repr__(self) -> str:
        return f"<server method {self.records!r}.{self.name}>"
