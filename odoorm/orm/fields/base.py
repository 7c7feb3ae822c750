"""The field descriptor and the registry of field classes by Odoo type.

A :class:`Field` is placed on a generated record class for each field of
the model. It converts between named value formats, as Odoo's own fields do:

- *read*: what the server's ``read`` answers (``False`` for empty, ``[id, name]``…)
- *cache*: what the environment's cache holds (``None`` for empty, ids for relations)
- *record*: what a user sees (``str``, ``date``, a record of the comodel…)
- *write*: what ``write``/``create`` send (plain values the wire layer can carry)
"""

from __future__ import annotations

import builtins
from typing import Any, ClassVar, Protocol

from ...errors import FieldValueError
from ...meta.spec import FieldSpec
from ..cache import MISSING

__all__ = ["Field", "field_class", "FIELD_TYPES", "Owner"]


class Owner(Protocol):
    """The records a field descriptor is read on (a :class:`~odoorm.orm.model.Model`); typed here
    so that fields, below the model, do not import it."""

    env: Any
    _ids: tuple[int, ...]

    def _field_value(self, field: Field) -> Any: ...
    def _assign(self, field: Field, value: Any) -> None: ...
    def _related_records(self, field: Field, ids: tuple[int, ...]) -> Any: ...


#: The environment a conversion may consult (:class:`~odoorm.orm.environment.Environment`).
Environment = Any
Model = Owner

#: Field classes by Odoo field type; filled as the classes are defined.
FIELD_TYPES: dict[str, type[Field]] = {}


class Field:
    """A descriptor giving access to one field of a record (see the module docstring)."""

    #: The Odoo field type this class handles.
    type: ClassVar[str] = "unknown"
    #: Whether a miss on another field of the model also loads this one (see :attr:`prefetchable`).
    heavy: ClassVar[bool] = False
    #: Whether the *record* format is the *cache* format (no ``convert_to_record`` to call).
    plain_record: ClassVar[bool] = True
    #: Whether the *cache* format is the *read* format with ``None`` for ``False`` (the default
    #: ``convert_to_cache``, which :func:`~odoorm.orm.prefetch.store_rows` then does inline).
    plain_cache: ClassVar[bool] = True

    def __init_subclass__(cls, **kwargs: Any) -> None:
        super().__init_subclass__(**kwargs)
        if "type" in cls.__dict__:
            FIELD_TYPES[cls.type] = cls
        if "plain_record" not in cls.__dict__:
            cls.plain_record = cls.convert_to_record is Field.convert_to_record
        cls.plain_cache = cls.convert_to_cache is Field.convert_to_cache

    def __init__(self, spec: FieldSpec, model_name: str) -> None:
        self.spec = spec
        self.name = spec.name
        self.model_name = model_name
        #: The cache key of this field's values.
        self.key = (model_name, spec.name)
        #: The comodel's record class, found on first use (relational fields).
        self.comodel_class: type[Any] | None = None
        #: The names of the fields the code has read on this model: the set its class's
        #: :class:`~odoorm.orm.learned.ModelMemory` owns, referenced here for the hot path.
        self.touched_names: set[str] = set()
        #: Whether this field's name is in :attr:`touched_names` (it never leaves it): the cache hit's
        #: one-attribute test.
        self.touched = False
        self.__doc__ = _doc(spec)

    @property
    def prefetchable(self) -> bool:
        """Whether this field rides along when another field of its model is loaded:
        stored, and not binary, one2many, json or properties (the heavy kinds)."""
        return self.spec.store and not self.heavy and self.name != "id"

    # -------------------------------------------------------- descriptor

    def __get__(self, record: Model | None, owner: builtins.type | None = None) -> Any:
        if record is None:
            return self
        ids = record._ids
        if len(ids) == 1:  # the usual case: a cache hit costs two dict lookups
            column = record.env.cache.columns.get(self.key)
            value = MISSING if column is None else column.get(ids[0], MISSING)
            if value is not MISSING:
                if not self.touched:  # what the "learned" prefetch policy knows
                    self.touched = True
                    self.touched_names.add(self.name)
                return value if self.plain_record else self.convert_to_record(value, record)
        if not ids:
            return self.convert_to_record(None, record)
        return self.convert_to_record(record._field_value(self), record)

    def __set__(self, record: Model, value: Any) -> None:
        record._assign(self, value)

    # -------------------------------------------------------- formats

    def convert_to_cache(self, value: Any, env: Environment) -> Any:
        """*read* format → *cache* format (``False`` becomes ``None``)."""
        return None if value is False else value

    def convert_to_record(self, value: Any, record: Model) -> Any:
        """*cache* format → *record* format."""
        return value

    def convert_to_write(self, value: Any, env: Environment) -> Any:
        """*record* (or *cache*) format → *write* format; checks the type."""
        return False if value is None else value

    # -------------------------------------------------------- helpers

    def refuse(self, value: Any, expected: str) -> FieldValueError:
        """The error for a value of the wrong type."""
        return FieldValueError(
            f"{self.model_name}.{self.name} ({self.type}) expects {expected}, not {type(value).__name__} {value!r:.60}"
        )

    def __repr__(self) -> str:
        return f"<{type(self).__name__} {self.model_name}.{self.name}>"


def field_class(odoo_type: str) -> type[Field]:
    """The class handling *odoo_type*, or the generic :class:`Field` for types odoorm does not know."""
    return FIELD_TYPES.get(odoo_type, Field)


def _doc(spec: FieldSpec) -> str:
    text = f"{spec.string} ({spec.type}"
    text += f" → {spec.relation})" if spec.relation else ")"
    flags = [flag for flag in ("required", "readonly") if getattr(spec, flag)]
    if not spec.store:
        flags.append("not stored")
    if flags:
        text += f" [{', '.join(flags)}]"
    return f"{text}\n\n{spec.help}" if spec.help else text
