"""Entries of an array of tables (``[[criteria]]``, ...): insert, remove, move, and the log's append."""

from __future__ import annotations

import dataclasses
from typing import Any

import tomlkit
from tomlkit.items import Array, Table
from tomlkit.toml_document import TOMLDocument

from pilotdesk.pilotfile.toml_edit.internals import mark_parsed
from pilotdesk.pilotfile.toml_edit.keys import to_item
from pilotdesk.pilotfile.toml_edit.tables import Gap, Removed, get_aot, place, remove_top_level
from pilotdesk.pilotfile.toml_edit.trivia import (
    detach_headers,
    pop_entry,
    push_entry,
    reattach_tail,
    take_trailer,
)


def insert_entry(
    doc: TOMLDocument, name: str, index: int, entry: Table | Removed, fresh: bool = True
) -> Gap | None:
    """Insert ``entry`` at ``index`` of ``[[name]]``, creating the array where it belongs.

    ``entry`` is a new table (``fresh``) or what :func:`remove_entry` returned (undo). When the
    array is created, returns the gap as it was, for :func:`remove_entry` to restore."""
    aot = get_aot(doc, name)
    table = _table_of(entry)
    if aot is None:
        aot = tomlkit.aot()
        mark_parsed(aot)  # no automatic spacing: push_entry and place decide it
        push_entry(aot, 0, table)
        if isinstance(entry, Removed):
            return place(doc, name, dataclasses.replace(entry, item=aot), fresh=False)
        return place(doc, name, aot, fresh)
    if index >= len(aot):
        # Appending (every log entry): only the last entry's trailer moves below the new one.
        tail = take_trailer(aot.body[-1])
    else:
        tail = detach_headers(aot)
    push_entry(aot, index, table, fresh=fresh and not isinstance(entry, Removed))
    reattach_tail(aot, tail)
    return None


def remove_entry(
    doc: TOMLDocument, name: str, index: int, restore: Gap | None = None
) -> Table | Removed:
    """Remove entry ``index`` with the comments above its header; the others keep theirs.

    Removing the last entry removes the array: the comments after it stay on the page, or,
    with ``restore`` (what :func:`insert_entry` returned), the gap is put back as it was."""
    aot = get_aot(doc, name)
    assert aot is not None
    if len(aot) == 1:
        removed = remove_top_level(doc, name, restore)
        return dataclasses.replace(removed, item=aot.body[0])
    tail = detach_headers(aot)
    entry = pop_entry(aot, index)
    reattach_tail(aot, tail)
    return entry


def move_entry(doc: TOMLDocument, name: str, index: int, new_index: int) -> None:
    aot = get_aot(doc, name)
    assert aot is not None
    tail = detach_headers(aot)
    push_entry(aot, new_index, pop_entry(aot, index))
    reattach_tail(aot, tail)


# Spacing once headers are detached: every entry's header text (``trivia.indent``) starts with
# the blank lines that separate it from the entry above, except the first entry's (the blank
# lines above the array belong to the gap before it). When an entry becomes first, its
# separator goes to the entry it displaces, and back: so delete + undo and move + move back
# are exact whatever the file's spacing. A new entry is spaced like the array's others (a blank
# line when there is nothing to go by). An array's only entry is never popped (the whole array
# is removed instead), and one pushed into an empty array keeps its header as it was.


def new_entry(values: dict[str, Any]) -> Table:
    table = tomlkit.table()
    for key, value in values.items():
        if value is not None:
            table.append(key, to_item(value))
    return table


def append_log(doc: TOMLDocument, values: dict[str, Any]) -> None:
    """Append a ``[[log]]`` entry, separated by a blank line like a person would write it.

    A file that keeps its log as an inline array (``log = []``) gets an inline table appended
    there instead, in the style it was written."""
    existing = doc.get("log")
    if isinstance(existing, Array):
        row = tomlkit.inline_table()
        row.update(values)
        existing.append(row)
        return
    aot = get_aot(doc, "log")
    entry = new_entry(values)
    insert_entry(doc, "log", len(aot) if aot is not None else 0, entry)


def _table_of(entry: Table | Removed) -> Table:
    """The entry's table: ``entry`` itself, or the table :func:`remove_entry` took out."""
    table = entry.item if isinstance(entry, Removed) else entry
    assert isinstance(table, Table), "an array entry is a table"
    return table
