"""Forms, actions and wizards over RPC: :class:`Form` and :class:`Action` (see docs/forms.md)."""

from __future__ import annotations

from .action import Action
from .public import Form

__all__ = ["Form", "Action"]
