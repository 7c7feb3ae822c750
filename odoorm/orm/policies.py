"""The environment's policies, as enumerations (their values are the strings the API also accepts)."""

from __future__ import annotations

import enum
from collections.abc import Sequence

__all__ = ["PrefetchPolicy", "NPlusOne", "PrefetchSetting"]


class PrefetchPolicy(str, enum.Enum):
    """What a cache miss loads besides the field asked for (``env.prefetch``)."""

    #: The first load of a model takes the cheap set; later ones the fields the code has read.
    LEARNED = "learned"
    #: Always the cheap set: stored fields but binary, one2many, json and properties.
    CHEAP = "cheap"
    #: Only the field asked for.
    TOUCHED = "touched"


class NPlusOne(str, enum.Enum):
    """What to do when a field is loaded one record at a time, again and again (``env.n_plus_one``)."""

    WARN = "warn"
    RAISE = "raise"
    IGNORE = "ignore"


#: ``env.prefetch``: a :class:`PrefetchPolicy` (or its string), or a list of field names to load along.
PrefetchSetting = PrefetchPolicy | str | Sequence[str]
