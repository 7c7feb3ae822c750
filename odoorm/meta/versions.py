"""What the server says about itself: :class:`ServerVersion`."""

from __future__ import annotations

from collections.abc import Mapping
from functools import total_ordering
from typing import Any

import attrs

__all__ = ["ServerVersion"]


@total_ordering
@attrs.frozen(eq=False, repr=False)
class ServerVersion:
    """The server's ``version()`` answer, comparable by ``(major, minor)``.

    ``env.version >= (18, 0)`` and ``env.version.info == (19, 0)`` both work;
    SaaS releases (``saas~18.3``) count as ``(18, 3)``.
    """

    server_version: str
    server_version_info: tuple[Any, ...]
    server_serie: str
    protocol_version: int | None
    raw: Mapping[str, Any] = attrs.field(repr=False)

    @classmethod
    def from_answer(cls, answer: Mapping[str, Any]) -> ServerVersion:
        """Build from ``common.version()`` or from ``/json/version``'s answer."""
        info = tuple(answer.get("server_version_info") or answer.get("version_info") or ())
        text = answer.get("server_version") or answer.get("version") or ".".join(map(str, info[:2]))
        serie = answer.get("server_serie") or ".".join(map(str, info[:2]))
        return cls(text, info, serie, answer.get("protocol_version"), dict(answer))

    @property
    def major(self) -> int:
        """The major release number (``19`` for 19.0 and saas~19.1)."""
        head = self.server_version_info[0] if self.server_version_info else 0
        return int(str(head).rsplit("~", 1)[-1])

    @property
    def minor(self) -> int:
        """The minor release number (``0`` for 19.0, ``3`` for saas~18.3)."""
        return int(self.server_version_info[1]) if len(self.server_version_info) > 1 else 0

    @property
    def info(self) -> tuple[int, int]:
        """``(major, minor)``."""
        return (self.major, self.minor)

    def __eq__(self, other: object) -> bool:
        if isinstance(other, ServerVersion):
            return self.info == other.info
        if isinstance(other, tuple):
            return self.info[: len(other)] == other
        return NotImplemented

    def __lt__(self, other: object) -> bool:
        if isinstance(other, ServerVersion):
            return self.info < other.info
        if isinstance(other, tuple):
            return self.info < other
        return NotImplemented

    def __hash__(self) -> int:
        return hash(self.info)

    def __str__(self) -> str:
        return self.server_version

    def __repr__(self) -> str:
        """``ServerVersion 19.0`` (``saas~18.3``…): what the server calls its release; the rest of
        its answer is in the attributes."""
        return f"ServerVersion {self.server_version}"
