"""Keys inside a table: set, replace and remove a key's line, and put a taken line back where it was."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import tomlkit
from tomlkit.container import Container
from tomlkit.exceptions import TOMLKitError
from tomlkit.items import AoT, Item, Key, Null, SingleKey, Table

from pilotdesk.pilotfile.toml_edit.internals import insert_after, insert_at, key_index, render_line


def to_item(value: Any) -> Item:
    return tomlkit.item(value)


@dataclass(frozen=True)
class Taken:
    """A key's line as it was written before a change removed or replaced it: the undo writes
    it back exactly (the key's spelling and spacing, the value's string syntax, its comment).

    A removed key goes back to its place: right below the lines that were above it in the
    table (``above``: its other keys and comments), when the table still starts with them.
    That holds in this session, and also where the same text was parsed again (an edit spliced
    into the file, a change replayed on another writer's version that left these lines alone);
    anywhere else the value is written the plain way, after the table's last key."""

    line: str
    value: Any = field(compare=False)
    above: str | None = None


def set_key(
    table: Table | Container, key: str, value: Any, restore: Taken | None = None
) -> Taken | None:
    """Set ``key``; an existing value is replaced in place (its comment kept), a new one goes
    right after the table's last key. ``None`` removes the key.

    ``restore``: what this returned when a change took the line; the caller passes it only when
    ``value`` is that line's value (the undo). Returns what puts the old line back, when there
    was one (a key removed or replaced)."""
    container = table.value if isinstance(table, Table) else table
    found = _single_key(container, key)
    taken = None
    if found is not None:
        index, written, item = found
        taken = Taken(render_line(container, written, item), item.unwrap())
    if value is None:
        if key not in container:
            return None
        del table[key]
        if taken is None:
            return None
        # (Plain lines come before any sub-table and render one after the other.)
        above = "".join(render_line(container, k, v) for k, v in container.body[:index])
        return Taken(taken.line, taken.value, above)
    line = _parse_line(restore.line) if restore is not None else None
    if key in container:
        if line is not None and found is not None:
            item = line[1]
            # Only the value's spelling comes from the old line: the comment is the one the
            # line has now (the same one, unless the change is replayed on another version).
            item.trivia.comment_ws = item.trivia.comment = ""
            table[key] = item
        else:
            table[key] = value
        return taken
    at = _slot(container, restore) if line is not None and restore is not None else None
    if at is not None:
        assert line is not None
        if any(not isinstance(later, Null) for _, later in container.body[at:]):
            if not line[1].trivia.trail.endswith("\n"):
                line[1].trivia.trail += "\n"  # it was the file's last line; now text follows it
            insert_at(container, at, *line)
        else:
            container.append(*line)
    else:
        _insert_key(container, SingleKey(key), to_item(value))
    if isinstance(table, Table):
        # A Table mirrors its container's keys in its own dict; the container-level insert
        # does not update it, and without this the key could not be removed again (undo).
        dict.__setitem__(table, key, container.item(key))
    return None


def _single_key(container: Container, key: str) -> tuple[int, Key, Item] | None:
    """Where ``key`` is in the body, when it is one ``key = value`` line (not a table, not a
    dotted key, not a table spread over the file)."""
    index = key_index(container, key)
    if not isinstance(index, int):
        return None
    written, item = container.body[index]
    if written is None or isinstance(item, (Table, AoT)) or written.is_dotted():
        return None
    return index, written, item


def _parse_line(line: str) -> tuple[Key, Item] | None:
    """``key = value`` as written on ``line``, parsed again; None if it does not stand alone."""
    try:
        body = tomlkit.parse(line).body
    except (TOMLKitError, ValueError):
        return None
    if len(body) != 1 or body[0][0] is None or isinstance(body[0][1], (Table, AoT)):
        return None
    return body[0]  # type: ignore[return-value]


def _slot(container: Container, taken: Taken) -> int | None:
    """Where in the body the line ``taken`` goes back: right below the lines that were above it,
    if the table still starts with them."""
    if taken.above is None:
        return None
    text = ""
    for index, (key, item) in enumerate(container.body):
        if text == taken.above:
            return index
        if (
            len(text) > len(taken.above)
            or not taken.above.startswith(text)
            or isinstance(item, (Table, AoT))
        ):
            return None
        text += render_line(container, key, item)
    return len(container.body) if text == taken.above else None


def _insert_key(container: Container, key: Key, item: Item) -> None:
    """A key the table does not have goes right after its last key."""
    last = _last_key(container)
    if last is None:
        # No key yet: before the table's trailing comments (they belong to what follows).
        first_trivia = len(container.body)
        while first_trivia > 0 and container.body[first_trivia - 1][0] is None:
            first_trivia -= 1
        if first_trivia < len(container.body):
            insert_at(container, first_trivia, key, item)
        else:
            container.append(key, item)
    else:
        insert_after(container, last, key, item)


def _last_key(container: Container) -> str | None:
    for key, item in reversed(container.body):
        if key is not None and not isinstance(item, (Table, AoT)):
            return key.key
    return None


def same_value(a: Any, b: Any) -> bool:
    """Equal and of the same TOML type (``1`` is not ``true``, a date is not a date-time), as
    tomllib and tomlkit read the same text: the test of "this edit changes nothing"."""
    if isinstance(a, dict) and isinstance(b, dict):
        return a.keys() == b.keys() and all(same_value(a[k], b[k]) for k in a)
    if isinstance(a, list) and isinstance(b, list):
        return len(a) == len(b) and all(same_value(x, y) for x, y in zip(a, b, strict=True))
    return type(a) is type(b) and bool(a == b)
