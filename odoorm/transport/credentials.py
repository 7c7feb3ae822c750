"""Credentials as the wire needs them: a :class:`Secret` (a password or an API key) never shown."""

from __future__ import annotations

from typing import Any

import attrs

__all__ = ["Secret"]


@attrs.frozen(repr=False)
class Secret:
    """A password or API key. It is shown as ``Secret('***')`` everywhere."""

    value: str = attrs.field(repr=False)
    kind: str = "password"  # "password" or "api_key"

    def reveal(self) -> str:
        """The secret itself, for the one place that sends it."""
        return self.value

    def __repr__(self) -> str:
        return f"Secret(kind={self.kind!r}, value='***')"

    __str__ = __repr__

    def __reduce__(self) -> Any:
        raise TypeError("odoorm refuses to pickle a secret")
