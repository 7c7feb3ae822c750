"""The x2many fields of a form: lines edited in sub-forms, links added and removed.

``with form.order_line.new() as line: line.product_id = desk`` fills a new line as the web client
does in an editable list: the line's defaults come from one ``onchange`` of the line model that
sees the parent's values (under the one2many's inverse field, ``order_id``), each assignment runs
the line's own onchange with the parent's values too, and closing the sub-form puts the line in the
parent and runs the parent's onchange on the one2many (totals…). ``edit(i)`` and ``remove(i)``
work on existing lines the same way. A many2many is a :class:`LinksProxy`: ``add``, ``remove``,
``set``, ``clear``, each followed by the parent's onchange when the server marked the field.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import Any

from ...errors import FieldValueError, FormError
from ..protocols import RecordsBase
from .form import FormBase, form_value
from .values import Lines, Links, Values, is_virtual

__all__ = ["LinesProxy", "LinksProxy", "LineForm", "FieldAccess"]


class _Proxy:
    """An x2many field of a form."""

    def __init__(self, form: FormBase, field: str) -> None:
        self._form = form
        self._field = field
        self._info = form._view.fields[field]

    def _check_editable(self) -> None:
        self._form._check_editable(self._field)

    @property
    def ids(self) -> list[int | str]:
        """The ids of the lines or links (``"virtual_n"`` for lines not saved yet)."""
        value = self._form._values[self._field]
        return list(value.ids())

    def __len__(self) -> int:
        return len(self._form._values[self._field])

    def __repr__(self) -> str:
        return f"<{type(self).__name__} {self._form._model}.{self._field} {self.ids}>"


class LinesProxy(_Proxy):
    """A one2many field of a form: its lines are edited in sub-forms."""

    def new(self) -> LineForm:
        """A sub-form for a new line, with its defaults (one ``onchange`` of the line model, which sees
        the parent's values). Use it in a ``with`` block: leaving it adds the line (one parent ``onchange``)."""
        self._check_editable()
        return LineForm(self._form, self._field, None)

    def edit(self, index: int) -> LineForm:
        """A sub-form on the line at *index* (no call until a field is assigned)."""
        self._check_editable()
        return LineForm(self._form, self._field, self._lines().at(index))

    def remove(self, index: int) -> None:
        """Remove the line at *index* (deleted at save), then the parent's onchange on the field."""
        self._check_editable()
        self._lines().remove(self._lines().at(index))
        self._form._values.changed.add(self._field)
        self._form._onchange(self._field)

    def __getitem__(self, index: int) -> dict[str, Any]:
        """A copy of the values of the line at *index* (no call)."""
        lines = self._lines()
        return dict(lines.rows[lines.at(index)])

    def __iter__(self) -> Iterator[dict[str, Any]]:
        return (dict(row) for row in self._lines().rows.values())

    def _lines(self) -> Lines:
        value = self._form._values[self._field]
        assert isinstance(value, Lines)
        return value


class LinksProxy(_Proxy):
    """A many2many field of a form, as a sequence of records with ``add``/``remove``/``set``/``clear``."""

    def _links(self) -> Links:
        value = self._form._values[self._field]
        assert isinstance(value, Links)
        return value

    def _records(self, ids: list[Any]) -> Any:
        return self._form._env[str(self._info["relation"])].browse([i for i in ids if isinstance(i, int)])

    def __iter__(self) -> Iterator[Any]:
        return iter(self._records(self._links().ids()))

    def __getitem__(self, index: int) -> Any:
        return self._records([self._links().at(index)])

    def __contains__(self, record: object) -> bool:
        return isinstance(record, RecordsBase) and getattr(record, "id", None) in self._links().rows

    @property
    def records(self) -> Any:
        """The linked records (no call)."""
        return self._records(self._links().ids())

    def add(self, record: Any) -> None:
        """Link *record* (an existing record), then the parent's onchange."""
        self._check_editable()
        ids = self._ids_of(record)
        links = self._links()
        if all(i in links.rows for i in ids):
            return
        for i in ids:
            if i not in links.rows:
                links.add(i, Values(id=i))
        self._changed()

    def remove(self, id: int | None = None, index: int | None = None) -> None:  # noqa: A002 - Odoo's names
        """Unlink a record, by *id* or *index*, then the parent's onchange."""
        self._check_editable()
        if (id is None) == (index is None):
            raise FormError(f"{self._form._model}.{self._field}.remove(): give either id= or index=")
        links = self._links()
        links.remove(id if id is not None else links.at(index or 0))
        self._changed()

    def set(self, records: Any) -> None:
        """Make *records* (records or ids) the field's value, then the parent's onchange if it changed."""
        self._check_editable()
        ids = self._ids_of(records)
        links = self._links()
        if set(ids) == set(links.rows):
            return
        links.clear()
        for i in ids:
            links.add(i, Values(id=i))
        self._changed()

    def clear(self) -> None:
        """Unlink every record, then the parent's onchange."""
        self.set([])

    def _ids_of(self, records: Any) -> list[int]:
        if isinstance(records, RecordsBase):
            if getattr(records, "_name", None) != self._info.get("relation"):
                raise FieldValueError(f"{self._form._model}.{self._field} takes {self._info.get('relation')} records")
            return list(getattr(records, "_ids", ()))
        if isinstance(records, int) and not isinstance(records, bool):
            return [records]
        if isinstance(records, list | tuple) and all(isinstance(i, int) for i in records):
            return list(records)
        raise FieldValueError(f"{self._form._model}.{self._field} takes records or ids, not {records!r}")

    def _changed(self) -> None:
        self._form._values.changed.add(self._field)
        self._form._onchange(self._field)


class FieldAccess(FormBase):
    """Reading and assigning a form's fields: ``form.name``, ``form["name"]``, ``form.name = value``."""

    def __getattr__(self, name: str) -> Any:
        if name.startswith("_"):
            raise AttributeError(name)
        return self[name]

    def __setattr__(self, name: str, value: Any) -> None:
        if name.startswith("_"):
            object.__setattr__(self, name, value)
        else:
            self[name] = value

    def __contains__(self, name: object) -> bool:
        """Whether the form view shows field *name* (no call)."""
        return isinstance(name, str) and name != "id" and name in self._view.fields

    def __getitem__(self, name: str) -> Any:
        """The field's value: a record for a many2one, a lines proxy for a one2many
        (``new()``/``edit(i)``/``remove(i)``), a links proxy for a many2many; else the value. No call."""
        info = self._info(name)
        value = self._values.get(name, False)
        kind = info.get("type")
        if kind == "many2one":
            return self._env[str(info["relation"])].browse(value or ())
        if kind == "one2many" and name in self._view.subviews:
            return LinesProxy(self, name)
        if isinstance(value, Links):
            return LinksProxy(self, name)
        return value

    def __setitem__(self, name: str, value: Any) -> None:
        """Set a field as a user would: refused when read-only or invisible now, then the field's
        onchange when the server marked it (one ``onchange``), else no call."""
        info = self._info(name)
        if info.get("type") == "one2many":
            raise FormError(f"{self._model}.{name}: edit a one2many's lines with .new(), .edit(i) and .remove(i)")
        self._check_editable(name)
        if info.get("type") == "many2many":
            LinksProxy(self, name).set(value)
            return
        self._change(name, form_value(self._model, name, info, value))


class LineForm(FieldAccess):
    """A sub-form on one line of a one2many, in the list or form the web client edits it in."""

    _parent: FieldAccess
    _field: str
    _line: int | str | None

    def __init__(self, parent: FormBase, field: str, line_id: int | str | None) -> None:
        info = parent._view.fields[field]
        object.__setattr__(self, "_parent", parent)
        object.__setattr__(self, "_field", field)
        object.__setattr__(self, "_line", line_id)
        object.__setattr__(self, "_env", parent._env)
        object.__setattr__(self, "_model", str(info["relation"]))
        object.__setattr__(self, "_id", line_id if isinstance(line_id, int) else None)
        object.__setattr__(self, "_view", parent._view.subviews[field])
        object.__setattr__(self, "warnings", parent.warnings)
        object.__setattr__(self, "_closed", "")
        object.__setattr__(self, "_stale", False)
        object.__setattr__(self, "_numbers", parent._numbers)
        object.__setattr__(self, "_legacy", parent._legacy)
        if line_id is None:
            self._defaults()
        else:
            lines = parent._values[field]
            row = Values(lines.rows[line_id])
            row.changed.update(lines.rows[line_id].changed)
            object.__setattr__(self, "_vals", row)

    def _parent_names(self) -> Mapping[str, Any] | None:
        return self._parent._names()

    def _check_editable(self, name: str) -> None:
        self._parent._check_editable(self._field)  # a line of a read-only one2many is read-only too
        super()._check_editable(name)

    def _onchange_model_context(self) -> dict[str, Any]:
        from . import state

        return state.field_context(self._parent._view, self._field, self._parent._names(virtual=False))

    def _onchange_values(self) -> dict[str, Any]:
        values = super()._onchange_values()
        link = self._parent._view.fields[self._field].get("relation_field")
        if link:
            parent_values = self._parent._onchange_values()
            if self._parent._id:
                parent_values["id"] = self._parent._id
            values[str(link)] = parent_values
        return values

    def _missing(self) -> list[str]:
        from . import state

        link = self._parent._view.fields[self._field].get("relation_field")
        return state.missing_required(
            self._values, self._view, self._base(), parent=self._parent_names(), parent_link=link
        )

    def save(self) -> None:
        """Put the line in the parent form (no call), then the parent's onchange on the field
        (one ``onchange`` when the server marked it). The parent is saved with its own ``save()``."""
        self._check_open()
        missing = self._missing()
        if missing:
            from ...errors import RequiredFieldsError

            raise RequiredFieldsError(
                f"{self._model} line of {self._parent._model}.{self._field}: required fields are empty: "
                f"{', '.join(missing)}",
                model=self._model,
                fields=tuple(missing),
            )
        lines = self._parent._values[self._field]
        assert isinstance(lines, Lines)
        if self._line is None or is_virtual(self._line) and self._line not in lines.rows:
            object.__setattr__(self, "_line", lines.create(self._values, next(self._numbers)))
        else:
            lines.rows[self._line].update(self._values)
            lines.rows[self._line].changed.update(self._values.changed)
        object.__setattr__(self, "_closed", "this line was saved into its parent")
        self._parent._values.changed.add(self._field)
        self._parent._onchange(self._field)
