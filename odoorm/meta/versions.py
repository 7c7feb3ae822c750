"""What the server says about itself: :class:`ServerVersion`.

Odoo builds its version text from ``version_info`` = ``(major, minor, micro, level, serial, suffix)``:
``19.0`` (final), ``19.0a1`` / ``18.0b2`` / ``17.0rc1`` (alpha, beta, release candidate), SaaS
releases with a ``saas~`` major (``('saas~18', 3, 0, 'final', 0, '+e')`` → ``saas~18.3+e``),
``+e`` for Enterprise; packaged nightlies append their date (``17.0-20240709``). Every one of
these parses and compares, from ``version_info`` or, when a server (or a proxy) gives only the
text, from the text.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from functools import total_ordering
from typing import Any

import attrs

__all__ = ["ServerVersion", "RELEASE_LEVELS"]

#: Odoo's release levels, oldest first (``odoo/release.py``), and how the version text shows them.
RELEASE_LEVELS = ("alpha", "beta", "candidate", "final")
_LEVEL_OF_MARK = {"a": "alpha", "b": "beta", "rc": "candidate", "c": "candidate", "": "final"}

_TEXT = re.compile(
    r"""^\s*(?P<saas>saas~)?(?P<major>\d+)\.(?P<minor>\d+)(?:\.(?P<micro>\d+))?
        (?P<mark>a|b|rc|c)?(?P<serial>\d+)?
        (?P<suffix>\+[A-Za-z0-9.]+)?(?:-(?P<build>\d{8}))?""",
    re.VERBOSE,
)


@total_ordering
@attrs.frozen(eq=False, repr=False)
class ServerVersion:
    """The server's ``version()`` answer, comparable.

    Against a tuple it compares ``(major, minor)``: ``env.version >= (18, 0)``,
    ``env.version == (19,)``; SaaS releases (``saas~18.3``) count as ``(18, 3)``, and a
    pre-release of 19.0 is ``(19, 0)`` too. Two versions compare by :attr:`key`, where a
    pre-release comes before its final release: ``19.0a1 < 19.0rc1 < 19.0``.
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
        text = str(answer.get("server_version") or answer.get("version") or "")
        if not _valid_info(info) and _TEXT.match(text):
            info = _info_from_text(text)  # else: an unknown build, version (0, 0), as the server gave no number
        text = text or ".".join(map(str, info[:2]))
        serie = answer.get("server_serie") or ".".join(map(str, info[:2]))
        return cls(text, info, str(serie), answer.get("protocol_version"), dict(answer))

    @classmethod
    def parse(cls, text: str) -> ServerVersion:
        """A version from its text alone: ``"17.0"``, ``"saas~18.3+e"``, ``"19.0rc1"``,
        ``"17.0-20240709"``. Raises ``ValueError`` for text that is not an Odoo version."""
        info = _info_from_text(text)
        serie = ".".join(map(str, info[:2]))
        return cls(text.strip(), info, serie, None, {"server_version": text})

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

    @property
    def saas(self) -> bool:
        """Whether this is a SaaS (odoo.com) release: ``saas~18.3``."""
        head = self.server_version_info[0] if self.server_version_info else ""
        return str(head).startswith("saas~") or self.server_version.startswith("saas~")

    @property
    def release_level(self) -> str:
        """``"alpha"``, ``"beta"``, ``"candidate"`` or ``"final"`` (a server that does not say is final)."""
        level = self.server_version_info[3] if len(self.server_version_info) > 3 else "final"
        return str(level) if level in RELEASE_LEVELS else "final"

    @property
    def serial(self) -> int:
        """The pre-release's number: ``1`` for ``19.0rc1``, ``0`` for a final release."""
        value = self.server_version_info[4] if len(self.server_version_info) > 4 else 0
        return int(value) if isinstance(value, int) or str(value).isdigit() else 0

    @property
    def enterprise(self) -> bool:
        """Whether the server says it runs Enterprise (the ``+e`` suffix)."""
        suffix = self.server_version_info[5] if len(self.server_version_info) > 5 else ""
        return "+e" in str(suffix) or "+e" in self.server_version

    @property
    def key(self) -> tuple[int, int, int, int]:
        """``(major, minor, level rank, serial)``: how two versions compare."""
        return (self.major, self.minor, RELEASE_LEVELS.index(self.release_level), self.serial)

    def __eq__(self, other: object) -> bool:
        if isinstance(other, ServerVersion):
            return self.key == other.key
        if isinstance(other, tuple):
            return self.info[: len(other)] == other
        return NotImplemented

    def __lt__(self, other: object) -> bool:
        if isinstance(other, ServerVersion):
            return self.key < other.key
        if isinstance(other, tuple):
            return self.info < other
        return NotImplemented

    def __hash__(self) -> int:
        return hash(self.key)

    def __str__(self) -> str:
        return self.server_version

    def __repr__(self) -> str:
        """``ServerVersion 19.0`` (``saas~18.3``…): what the server calls its release; the rest of
        its answer is in the attributes."""
        return f"ServerVersion {self.server_version}"


def _valid_info(info: tuple[Any, ...]) -> bool:
    """Whether *info* starts with a major (``19`` or ``"saas~18"``) and a minor number."""
    if len(info) < 2 or not (isinstance(info[1], int) or str(info[1]).isdigit()):
        return False
    return bool(re.fullmatch(r"(?:saas~)?\d+", str(info[0])))


def _info_from_text(text: str) -> tuple[Any, ...]:
    """``version_info`` as Odoo would have sent it, rebuilt from the version text."""
    found = _TEXT.match(text)
    if not found:
        raise ValueError(f"not an Odoo version: {text!r} (expected e.g. '17.0', 'saas~18.3+e', '19.0rc1')")
    major = int(found["major"])
    level = _LEVEL_OF_MARK[found["mark"] or ""]
    serial = int(found["serial"] or 0) if found["mark"] else 0
    head: int | str = f"saas~{major}" if found["saas"] else major
    return (head, int(found["minor"]), int(found["micro"] or 0), level, serial, found["suffix"] or "")
