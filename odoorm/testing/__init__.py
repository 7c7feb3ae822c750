"""Tools to test code that uses odoorm: secret scrubbing for recorded
traffic, a replay adapter for recorded cassettes, and (with vcrpy
installed) a recorder configured the way odoorm's own tests are.

Nothing here is imported by the library itself, except the replay adapter
that ``odoorm demo`` uses.
"""

from .replay import ReplayAdapter, ReplayMiss
from .scrub import API_KEY_PLACEHOLDER, PASSWORD_PLACEHOLDER, Scrubber

__all__ = ["ReplayAdapter", "ReplayMiss", "Scrubber", "PASSWORD_PLACEHOLDER", "API_KEY_PLACEHOLDER"]
