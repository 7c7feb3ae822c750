"""The values a form holds, in the web client's formats, and what changed since load or save.

Scalars are kept as ``web_read`` and ``onchange`` answer them (a many2one is an id or ``False``, a
date ``"YYYY-MM-DD"``). A one2many is :class:`Lines`: its lines' values by id, new lines under
virtual ids (``"virtual_1"``…), and the ids it was loaded with, so that it becomes the commands
the web client sends (``[0, "virtual_1", {...}]`` for a new line, ``[1, id, {changed}]``,
``[2, id]``). A many2many is :class:`Links`, ids with the same bookkeeping (``[4, id]``,
``[3, id]``). An ``onchange`` answer's commands are applied onto them (:func:`apply_answer`).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Mapping
from typing import Any

from ...errors import ProtocolError
from ...meta.formview import FormView

__all__ = ["Values", "Lines", "Links", "from_read", "empty_value", "apply_answer", "is_virtual"]

LineId = int | str


def is_virtual(line_id: object) -> bool:
    """Whether *line_id* names a line not saved yet."""
    return isinstance(line_id, str) and line_id.startswith("virtual_")


class Values(dict[str, Any]):
    """Field values, with the names changed since load or save (``changed``)."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.changed: set[str] = set()

    def changed_items(self) -> dict[str, Any]:
        """The changed fields' values."""
        return {name: value for name, value in self.items() if name in self.changed}


class _Many:
    """The lines or links of an x2many field: values by id, in order, and the ids it was given."""

    def __init__(self, rows: Iterable[Values] = ()) -> None:
        self.rows: dict[LineId, Values] = {row["id"]: row for row in rows}
        self.given: list[LineId] = list(self.rows)

    def __len__(self) -> int:
        return len(self.rows)

    def __iter__(self) -> Iterator[LineId]:
        return iter(self.rows)

    def ids(self) -> list[LineId]:
        """The ids, virtual ones included (as modifiers see them)."""
        return list(self.rows)

    def saved_ids(self) -> list[int]:
        """The ids of saved records only (as contexts and domains see them)."""
        return [line_id for line_id in self.rows if isinstance(line_id, int)]

    def at(self, index: int) -> LineId:
        """The id of the line at *index* (negative counts from the end)."""
        return list(self.rows)[index]

    def add(self, line_id: LineId, row: Values) -> None:
        """Add a saved record (or link one) with its values."""
        row["id"] = line_id
        self.rows[line_id] = row

    def create(self, row: Values, number: int) -> LineId:
        """Add a new line under the virtual id ``virtual_<number>``; every field of it counts as changed."""
        line_id = f"virtual_{number}"
        row.changed.update(name for name in row if name != "id")
        row["id"] = line_id
        self.rows[line_id] = row
        return line_id

    def remove(self, line_id: LineId) -> None:
        """Drop a line (it is deleted or unlinked at save)."""
        self.rows.pop(line_id, None)

    def clear(self) -> None:
        self.rows.clear()


class Lines(_Many):
    """The value of a one2many field."""

    def commands(self, convert: Callable[[Values], dict[str, Any]]) -> list[list[Any]]:
        """The commands the web client sends for these lines: new ones, linked, changed, deleted."""
        given = set(self.given)
        result: list[list[Any]] = []
        for line_id, row in self.rows.items():
            if is_virtual(line_id):
                result.append([0, line_id, convert(row)])
                continue
            if line_id not in given:
                result.append([4, line_id])
            if row.changed:
                result.append([1, line_id, convert(row)])
        result.extend([2, line_id] for line_id in self.given if line_id not in self.rows)
        return result


class Links(_Many):
    """The value of a many2many field."""

    def commands(self) -> list[list[Any]]:
        """``[4, id]`` for each id added, ``[3, id]`` for each removed."""
        given = set(self.given)
        result: list[list[Any]] = [[4, line_id] for line_id in self.rows if line_id not in given]
        result.extend([3, line_id] for line_id in self.given if line_id not in self.rows)
        return result


def empty_value(kind: str | None) -> Any:
    """The value of an empty field of type *kind*, as the form holds it."""
    if kind == "one2many":
        return Lines()
    if kind == "many2many":
        return Links()
    return 0 if kind in ("integer", "float", "monetary") else False


def from_read(row: Mapping[str, Any], view: FormView) -> Values:
    """A ``web_read`` / ``web_save`` row as form values (x2many rows become :class:`Lines`/:class:`Links`)."""
    values = Values()
    for name, value in row.items():
        kind = view.fields.get(name, {}).get("type")
        if kind == "one2many" and name in view.subviews:
            values[name] = Lines([_line_from_read(item, view.subviews[name]) for item in value or ()])
        elif kind in ("one2many", "many2many"):
            values[name] = Links([_link(item) for item in value or ()])
        elif kind == "many2one":
            values[name] = _many2one(value)
        else:
            values[name] = value
    return values


def _many2one(value: Any) -> Any:
    """A many2one's id from ``{"id", "display_name"}`` (17+) or ``[id, name]`` (16), else the value."""
    if isinstance(value, Mapping):
        return value.get("id") or False
    if isinstance(value, list | tuple):
        return value[0] if value else False
    return value


def _line_from_read(item: Any, view: FormView) -> Values:
    return from_read(item if isinstance(item, Mapping) else {"id": item}, view)


def _link(item: Any) -> Values:
    return Values(id=item.get("id") if isinstance(item, Mapping) else item)


def apply_answer(values: Values, view: FormView, answer: Mapping[str, Any], numbers: Iterator[int]) -> None:
    """Apply an ``onchange`` answer's ``value`` onto *values*: scalars replaced, x2many commands
    (create, update, delete, unlink, link) played onto the lines (new lines numbered from *numbers*);
    each field touched counts as changed."""
    for name, value in answer.items():
        if name not in view.fields:
            continue
        kind = view.fields[name].get("type")
        if kind in ("one2many", "many2many") and isinstance(value, list):
            current = values.get(name)
            if not isinstance(current, _Many):
                current = values[name] = empty_value(kind)
            _play(current, view.subviews.get(name), value, name, numbers)
        elif kind == "many2one":
            values[name] = _many2one(value)
        else:
            values[name] = value
        values.changed.add(name)


def _play(lines: _Many, view: FormView | None, commands: list[Any], name: str, numbers: Iterator[int]) -> None:
    line_id: LineId
    cleared: dict[LineId, Values] = {}  # Odoo 16 answers the whole list after a [5]: the lines it names again
    for command in commands:
        if not isinstance(command, list | tuple) or not command:
            raise ProtocolError(f"onchange answered {command!r} for {name!r}, not a command", url="")
        code, line_id = command[0], command[1] if len(command) > 1 else 0
        values = command[2] if len(command) > 2 and isinstance(command[2], Mapping) else {}
        if code in (0, 1) and line_id in cleared:
            lines.add(line_id, cleared.pop(line_id))
        if code == 1 and line_id not in lines.rows:  # a saved line the form had not loaded
            lines.add(line_id, Values())
        if code == 0 and line_id not in lines.rows:
            row = _blank(view)
            if view is not None:
                apply_answer(row, view, values, numbers)
            lines.create(row, next(numbers))
        elif code in (0, 1) and line_id in lines.rows:
            if view is not None:
                apply_answer(lines.rows[line_id], view, values, numbers)
        elif code in (2, 3):
            lines.remove(line_id)
        elif code == 4:
            kept = cleared.pop(line_id, None)
            lines.add(line_id, kept if kept is not None else from_read(values, view) if view and values else Values())
        elif code in (5, 6):
            cleared.update(lines.rows)
            lines.clear()
            for kept_id in command[2] if code == 6 else ():
                lines.add(kept_id, cleared.pop(kept_id, Values()))


def _blank(view: FormView | None) -> Values:
    """A new line's values before its onchange answer: every field of its view empty."""
    if view is None:
        return Values()
    return Values({name: empty_value(info.get("type")) for name, info in view.fields.items() if name != "id"})
