"""The environment's calls: ``execute_kw`` and the record-method path (a part of
:class:`~odoorm.orm.environment.Environment`)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING, Any

from ..errors import AuthenticationError, ClosedError, ReadOnlyError
from ..transport.methods import is_read_only
from ..transport.names import check_method_name, check_model_name
from .connection_state import CLOSED

if TYPE_CHECKING:
    from ..transport import Transport
    from .connection_info import ConnectionInfo
    from .connection_state import ConnectionState

__all__ = ["Calls"]


class Calls:
    """Calling the server: pending changes first, the context merged, the cache dropped after a write."""

    if TYPE_CHECKING:  # given by the Environment
        _transport: Transport
        _info: ConnectionInfo
        _context: Mapping[str, Any]
        _shared: ConnectionState

        @property
        def readonly(self) -> bool: ...
        def flush(self) -> None: ...
        def invalidate(self) -> None: ...

    def execute_kw(
        self, model: str, method: str, args: Sequence[Any] = (), kwargs: Mapping[str, Any] | None = None
    ) -> Any:
        """Call ``model.method(*args, **kwargs)`` on the server, as Odoo's ``execute_kw`` does.

        The environment's context is merged under ``kwargs["context"]``.
        Behaves the same over every protocol. One round trip.

        Raises:
            UnknownModelError, UnknownMethodError: a name outside Odoo's grammar (nothing is sent).
            ReadOnlyError: on a read-only connection, for a method not known to be read-only.
            ServerError: (a subclass of) the fault the server raised.
            TransportError: the call got no answer of the protocol.
        """
        return self._execute(model, method, args, kwargs, None)

    def _documented_methods(self, model: str) -> tuple[str, ...]:
        """*model*'s public methods the server documented to this connection already (JSON-2's api_doc,
        read for a method's signature); never a call."""
        return self._transport.documented_methods(model)

    def _read_documented_methods(self, model: str) -> tuple[str, ...] | None:
        """*model*'s public methods from the server's api_doc (JSON-2: one call; ``None`` elsewhere,
        or when the server does not offer it to this user)."""
        return self._transport.read_documented_methods(model)

    def _call_records(
        self, model: str, method: str, ids: Sequence[int], args: Sequence[Any], kwargs: Mapping[str, Any]
    ) -> Any:
        """``model.method(*args, **kwargs)`` on the records *ids* (possibly none): ``execute_kw`` with
        the ids first; JSON-2 gets them as its ``ids`` argument, known rather than guessed. One round trip."""
        return self._execute(model, method, args, kwargs, list(ids))

    def _execute(
        self,
        model: str,
        method: str,
        args: Sequence[Any],
        kwargs: Mapping[str, Any] | None,
        ids: list[int] | None,
    ) -> Any:
        check_method_name(check_model_name(model), method)  # before the flush: a bad name sends nothing
        self.flush()  # pending changes first: the call could observe them
        call_kwargs = dict(kwargs or {})
        call_kwargs["context"] = {**self._context, **(call_kwargs.get("context") or {})}
        try:
            return self._send(model, method, args, call_kwargs, ids=ids)
        finally:
            if not is_read_only(method):
                self.invalidate()  # it may have changed any record: computed fields, rules, cascades

    def _metadata_call(self, model: str, method: str, args: Sequence[Any], kwargs: Mapping[str, Any]) -> Any:
        """A metadata read (``fields_get``, ``ir.model``): it cannot observe pending changes, so it
        does not flush them."""
        return self._send(model, method, args, {**kwargs, "context": dict(self._context)})

    def _send(
        self,
        model: str,
        method: str,
        args: Sequence[Any],
        kwargs: Mapping[str, Any],
        *,
        ids: list[int] | None = None,
    ) -> Any:
        check_method_name(check_model_name(model), method)
        if self._shared.closed:
            raise ClosedError(f"{model}.{method}: {CLOSED}")
        if self.readonly and not is_read_only(method):
            raise ReadOnlyError(
                f"{model}.{method}: this connection is read-only (connect(readonly=True)) and "
                f"{method!r} is not known to be a read-only method"
            )
        try:
            if ids is None:
                return self._transport.execute_kw(model, method, list(args), dict(kwargs))
            return self._transport.call_records(model, method, ids, list(args), dict(kwargs))
        except AuthenticationError:
            # the credentials were refused: a remembered login must be checked again next time
            self._info.forget_login()
            raise
