"""Edits to the tomlkit document that keep everything the user wrote.

tomlkit round-trips a file exactly, but three of its defaults would move or lose what a person
wrote, so every edit of the pilot's TOML goes through this module:

* a new key is appended after a table's trailing comments, which in a pilot file belong to the
  *next* entry's header; we insert it right after the table's last key instead;
* the comment lines above an ``[[criteria]]`` header are stored in the body of the *previous*
  entry, so deleting or moving that entry would take them along; before rearranging an array of
  tables we move each entry's header comments onto the entry itself (``trivia.indent`` is
  rendered verbatim before the header), and put the trailer of the last entry back at the end;
* new tables and arrays are placed where a person would put them (the order of the brief,
  under the comment that describes them, before the next section's heading), not at the end
  of the file; removing one leaves the comments around it on the page (see "gap" below).

This module uses private tomlkit APIs (``Container._insert_after``/``_insert_at``/
``_replace_at``/``_raw_append``, ``_map`` and the body lists); the tomlkit version is bounded
in pyproject.toml and the round-trip tests pin the behaviour.
"""

from __future__ import annotations

import dataclasses
import re
from dataclasses import dataclass, field
from typing import Any

import tomlkit
from tomlkit.container import Container
from tomlkit.exceptions import TOMLKitError
from tomlkit.items import AoT, Array, Comment, Item, Key, Null, SingleKey, Table, Whitespace
from tomlkit.toml_document import TOMLDocument

#: Where top-level tables go when pilotdesk has to create one.
CANONICAL_ORDER = (
    "schema",
    "pilot",
    "opportunity",
    "commercial",
    "email",
    "readiness",
    "criteria",
    "stakeholders",
    "checklist",
    "technical_win",
    "log",
)


def _write_entry_headers_as_written() -> None:
    """tomlkit writes every header of an array of tables the way the array's first one is
    written (``[[ criteria ]]`` comes out as ``[[criteria]]``), so a file with one spaced header
    could not be edited losslessly. Each parsed entry remembers its header (``display_name``);
    write it back as it was when it names the same array."""
    original = Container._render_aot_table
    if getattr(original, "_pilotdesk", False):
        return

    def render(self: Container, table: Table, prefix: str | None = None) -> str:
        text = original(self, table, prefix)
        written = table.display_name
        if not written or prefix is None or written == prefix:
            return text
        head = f"{table.trivia.indent}[[{prefix}]]"
        if text.startswith(head) and _squash(written) == _squash(prefix):
            return f"{table.trivia.indent}[[{written}]]{text[len(head) :]}"
        return text

    render._pilotdesk = True  # type: ignore[attr-defined]
    Container._render_aot_table = render  # type: ignore[method-assign]


def _squash(key: str) -> str:
    return key.replace(" ", "").replace("\t", "")


_write_entry_headers_as_written()


def to_item(value: Any) -> Item:
    return tomlkit.item(value)


# --- keys inside a table -------------------------------------------------------------------


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
        taken = Taken(container._render_simple_item(written, item), item.unwrap())
    if value is None:
        if key not in container:
            return None
        del table[key]
        if taken is None:
            return None
        # (Plain lines come before any sub-table and render one after the other.)
        above = "".join(container._render_simple_item(k, v) for k, v in container.body[:index])
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
    at = _slot(container, restore) if line is not None else None
    if at is not None:
        assert line is not None
        if any(not isinstance(later, Null) for _, later in container.body[at:]):
            if not line[1].trivia.trail.endswith("\n"):
                line[1].trivia.trail += "\n"  # it was the file's last line; now text follows it
            container._insert_at(at, *line)
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
    index = container._map.get(SingleKey(key))
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
        text += container._render_simple_item(key, item)
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
            container._insert_at(first_trivia, key, item)
        else:
            container.append(key, item)
    else:
        container._insert_after(last, key, item)


def _last_key(container: Container) -> str | None:
    for key, item in reversed(container.body):
        if key is not None and not isinstance(item, (Table, AoT)):
            return key.key
    return None


# --- top-level tables and arrays of tables ---------------------------------------------------
#
# tomlkit keeps the comments and blank lines between two top-level tables at the end of the
# first one's body. Call that text the *gap* before a table. Creating or removing a top-level
# table (or an array's only entry) rewrites only the gap it sits in:
#
# * a new table goes where the comments announce it (a comment naming ``[[criteria]]``), or else
#   before the comment block that heads the next section (``# --- History`` above ``[[log]]``),
#   with a blank line on each side; the gap as it was is returned, so the undo can restore it;
# * a removed table leaves its surroundings on the page: the gap becomes the text before it
#   plus the comments after it (or, given the gap recorded when it was created, exactly that);
#   a :class:`Removed` remembers both halves, and its neighbours, so that putting it back is
#   exact (also where the file's order is not pilotdesk's, and under a [[log]] created since).


@dataclass(frozen=True)
class Gap:
    """The gap as it was before a table was created in it, and the two halves the table
    went between; removing the table puts ``original`` back if the halves are unchanged."""

    original: str
    before: str
    after: str


@dataclass(frozen=True)
class Removed:
    """A top-level table (or the last entry of an array) taken out of the document."""

    item: Table
    before: str  # the gap text that was above it
    after: str  # the comments and blank lines that were below it
    left: str  # the gap text its removal left; putting it back exactly needs the gap to start so
    next: str | None = None  # the key of the top-level table after it (None: it was the last)
    previous: str | None = None  # the key of the top-level item before it


@dataclass(frozen=True, eq=False)
class Created:
    """A table pilotdesk created for a change, and the gap it went into: the undo of that change
    removes this very table again (never one a person wrote) and puts the gap back."""

    table: Table
    gap: Gap


def get_table(doc: TOMLDocument, name: str) -> Table | None:
    return doc[name] if name in doc else None  # type: ignore[return-value]


def create_table(doc: TOMLDocument, name: str) -> Created:
    table = tomlkit.table()
    return Created(table, _place(doc, name, table, fresh=True))


def get_aot(doc: TOMLDocument, name: str) -> AoT | None:
    value = doc.get(name)
    return value if isinstance(value, AoT) else None


def remove_table(doc: TOMLDocument, name: str, restore: Gap | None = None) -> Removed | None:
    """Remove a top-level table; ``restore``: the gap :func:`put_table` returned (undo)."""
    if name not in doc:
        return None
    return _remove_top_level(doc, name, restore)


def put_table(doc: TOMLDocument, name: str, table: Table | Removed, fresh: bool = True) -> Gap:
    """Put a table where it belongs: a new one (``fresh``), or one :func:`remove_table`
    returned, exactly where it was. Returns the gap as it was before (for the undo)."""
    if name in doc:
        remove_table(doc, name)
    return _place(doc, name, table, fresh)


def swap_table(doc: TOMLDocument, name: str, table: Table) -> Table:
    """Replace a top-level table in place, keeping its spacing and the comments around it;
    returns the old one, which swaps back exactly."""
    old = doc[name]
    index = doc._map[SingleKey(name)]
    trailer = _take_trailing_trivia(_last_container(old))  # type: ignore[arg-type]
    doc._replace_at(index, name, table)  # copies the header's spacing and comment
    host = _last_container(table)
    assert host is not None
    _take_trailing_trivia(host)  # _replace_at's "cosmetic" blank line: the trailer says where
    host.body.extend(trailer)
    return old  # type: ignore[return-value]


def remove_created_table(doc: TOMLDocument, name: str, created: Created) -> bool:
    """Remove the table :func:`create_table` made if it is still there with no keys (the undo
    of the change that created it); returns whether it did."""
    if name not in doc or doc.item(name) is not created.table:
        return False  # replayed on another version of the file: that table is someone's
    if any(key is not None for key, _ in created.table.value.body):
        return False
    _remove_top_level(doc, name, created.gap)
    return True


def _remove_top_level(doc: TOMLDocument, name: str, restore: Gap | None) -> Removed:
    item = doc.item(name)
    index = doc._map[SingleKey(name)]
    neighbours = [_next_keyed(doc, index), _previous_keyed(doc, index)]
    following, preceding = (doc.body[i][0].key if i is not None else None for i in neighbours)  # type: ignore[union-attr]
    host = _last_container(item)
    after = _trivia_text(_take_trailing_trivia(host)) if host is not None else ""
    before = _take_gap(doc, index)
    del doc[name]
    if restore is not None and (restore.before, restore.after) == (before, after):
        left = restore.original  # exactly as it was before pilotdesk created the table
    else:
        left = before + after  # someone's text around it stays
    _put_gap(doc, index, left)
    return Removed(item, before, after, left, next=following, previous=preceding)  # type: ignore[arg-type]


def _place(doc: TOMLDocument, name: str, item: Table | AoT | Removed, fresh: bool) -> Gap:
    """Insert a top-level table or array before the first table that should follow it (a
    removed one: before the table that followed it, or after the item it followed)."""
    body = doc.body
    target = _where_it_was(doc, item) if isinstance(item, Removed) else None
    if target is None:
        later = (
            CANONICAL_ORDER[CANONICAL_ORDER.index(name) + 1 :] if name in CANONICAL_ORDER else ()
        )
        target = next(
            (
                i
                for i, (key, existing) in enumerate(body)
                if key is not None and key.key in later and isinstance(existing, (Table, AoT))
            ),
            len(body),
        )
    gap = _take_gap(doc, target)
    follows = target < len(body)
    if gap and not gap.endswith("\n"):
        gap += "\n"  # a comment on the file's last line, without a newline
    elif not gap:
        previous = _previous_keyed(doc, target)
        if previous is not None:
            _end_with_newline(doc.body[previous][1])

    if isinstance(item, Removed) and gap.startswith(item.left):
        # Back exactly where it was. What follows ``left`` was written after the removal and
        # stays below the table: the spacing of a [[log]] created at the end of the file since.
        before, after = item.before, item.after + gap[len(item.left) :]
        item = item.item
    elif fresh or isinstance(item, Removed):
        # New, or put back on a page that changed meanwhile (replayed on another version):
        # keep the text that is there, placed as for a new table.
        item = item.item if isinstance(item, Removed) else item
        before, after = _split_gap(name, gap, follows)
        content_above = any(key is not None for key, _ in body[:target]) or bool(before.strip())
        blank_above = ("\n" + before).endswith("\n\n")
        if content_above and not blank_above:
            if isinstance(item, Table):
                if not item.trivia.indent.startswith("\n"):
                    item.trivia.indent = "\n" + item.trivia.indent  # leaves with the table
            else:
                before += "\n"  # an array's first header stays bare (see _pop/_push)
        if follows and not after.startswith("\n"):
            after = "\n" + after
    else:
        before, after = gap, ""

    at = target + _put_gap(doc, target, before)
    if at < len(body):
        doc._insert_at(at, name, item)
    else:
        doc._raw_append(SingleKey(name), item)
    host = _last_container(item)
    if host is not None:
        host.body.extend(_trivia_items(after))
    else:
        _insert_keyless(doc, at + 1, _trivia_items(after))
    return Gap(gap, before, after)


def _where_it_was(doc: TOMLDocument, removed: Removed) -> int | None:
    """The index in the body to put a removed table back at, if its neighbours are still there."""
    if removed.next is not None:
        index = doc._map.get(SingleKey(removed.next))
        if isinstance(index, int):
            return index
    if removed.previous is not None:
        index = doc._map.get(SingleKey(removed.previous))
        if isinstance(index, int):
            following = _next_keyed(doc, index)
            return following if following is not None else len(doc.body)
    return None


def _split_gap(name: str, gap: str, follows: bool = True) -> tuple[str, str]:
    """Where a new ``name`` goes in a gap: after the comment paragraph that names it
    (``# [[criteria]]``), else before the last comment block (the next section's heading,
    with the blank lines around it). Without comments the blank lines all go after it.

    At the end of the file (nothing ``follows``) the comments head no next section: the new
    table goes below the whole gap, where a person adds to a file. So what a removed table left
    there (a section comment, blank lines) stays above a [[log]] created after it, where the
    table comes back on undo."""
    # TOML breaks lines at LF only; str.splitlines would also split inside a comment at U+2028,
    # U+2029 or U+0085, which TOML allows there.
    lines = re.findall(r"[^\n]*\n|[^\n]+$", gap)
    mentions = [i for i, line in enumerate(lines) if f"[[{name}]]" in line or f"[{name}]" in line]
    if mentions:
        end = mentions[-1] + 1
        while end < len(lines) and lines[end].strip():
            end += 1
        return "".join(lines[:end]), "".join(lines[end:])
    if not follows:
        return gap, ""
    comments = [i for i, line in enumerate(lines) if line.strip()]
    if not comments:
        return "", gap
    start = comments[-1]
    while start > 0 and lines[start - 1].strip():
        start -= 1
    while start > 0 and not lines[start - 1].strip():
        start -= 1
    return "".join(lines[:start]), "".join(lines[start:])


def _next_keyed(doc: TOMLDocument, index: int) -> int | None:
    for i in range(index + 1, len(doc.body)):
        if doc.body[i][0] is not None:
            return i
    return None


def _previous_keyed(doc: TOMLDocument, index: int) -> int | None:
    for i in range(index - 1, -1, -1):
        if doc.body[i][0] is not None:
            return i
    return None


def _gap_host(doc: TOMLDocument, index: int) -> Container | None:
    previous = _previous_keyed(doc, index)
    return _last_container(doc.body[previous][1]) if previous is not None else None


def _take_gap(doc: TOMLDocument, index: int) -> str:
    """Remove and return the comments and blank lines just above ``doc.body[index]``."""
    host = _gap_host(doc, index)
    text = _trivia_text(_take_trailing_trivia(host)) if host is not None else ""
    previous = _previous_keyed(doc, index)
    for i in range((previous + 1) if previous is not None else 0, index):
        item = doc.body[i][1]
        if not isinstance(item, Null):
            text += item.as_string()
            doc.body[i] = (None, Null())  # keeps every index valid
    return text


def _put_gap(doc: TOMLDocument, index: int, text: str) -> int:
    """Put ``text`` just above ``doc.body[index]``; returns how many items went before it."""
    host = _gap_host(doc, index)
    items = _trivia_items(text)
    if host is not None:
        host.body.extend(items)
        return 0
    _insert_keyless(doc, index, items)
    return len(items)


def _last_container(item: Item | None) -> Container | None:
    """The container whose end is the end of ``item`` on the page (where its trailer lives)."""
    while True:
        if isinstance(item, AoT):
            if not item.body:
                return None
            item = item.body[-1]
        elif isinstance(item, Table):
            body = [(key, value) for key, value in item.value.body if not isinstance(value, Null)]
            if body and body[-1][0] is not None and isinstance(body[-1][1], (Table, AoT)):
                item = body[-1][1]
            else:
                return item.value
        else:
            return None


def _trailing_trivia(container: Container) -> list[tuple[None, Item]]:
    """The comments and blank lines at the end of ``container``."""
    return container.body[_trailer_start(container.body) :]  # type: ignore[return-value]


def _take_trailing_trivia(container: Container) -> list[tuple[None, Item]]:
    """Remove and return the comments and blank lines at the end of ``container``."""
    body = container.body
    cut = _trailer_start(body)
    trailer = body[cut:]
    # Only keyless items are removed from the end, so the container's key index stays valid.
    del body[cut:]
    return trailer  # type: ignore[return-value]


def _trailer_start(body: list[tuple[Key | None, Item]]) -> int:
    """Where the comments and blank lines at the end of a body start.

    They stop at the empty slot of a key removed from the table (tomlkit leaves a Null there):
    the comment lines above that slot were about the key, so they stay in the table, not with
    the next entry's header; and the slot stays, so that the key's undo finds its place."""
    cut = len(body)
    while (
        cut > 0 and body[cut - 1][0] is None and isinstance(body[cut - 1][1], (Whitespace, Comment))
    ):
        cut -= 1
    return cut


def _trivia_text(items: list[tuple[None, Item]]) -> str:
    return "".join(item.as_string() for _, item in items)


def _trivia_items(text: str) -> list[tuple[None, Item]]:
    """Comment and blank lines as tomlkit items (``text`` holds nothing else)."""
    if not text:
        return []
    return list(tomlkit.parse(text).body)  # type: ignore[arg-type]


def _insert_keyless(container: Container, index: int, items: list[tuple[None, Item]]) -> None:
    """Insert comment/blank-line items at ``index`` of the body, keeping the key index right."""
    count = len(items)
    if not count:
        return
    for key, value in list(container._map.items()):
        if isinstance(value, tuple):
            container._map[key] = tuple(v + count if v >= index else v for v in value)
        elif value >= index:
            container._map[key] = value + count
    container.body[index:index] = items


# --- entries of an array of tables ---------------------------------------------------------


def insert_entry(
    doc: TOMLDocument, name: str, index: int, entry: Table | Removed, fresh: bool = True
) -> Gap | None:
    """Insert ``entry`` at ``index`` of ``[[name]]``, creating the array where it belongs.

    ``entry`` is a new table (``fresh``) or what :func:`remove_entry` returned (undo). When the
    array is created, returns the gap as it was, for :func:`remove_entry` to restore."""
    aot = get_aot(doc, name)
    if aot is None:
        table = entry.item if isinstance(entry, Removed) else entry
        aot = tomlkit.aot()
        aot._parsed = True  # no automatic spacing: _push and _place decide it
        _push(aot, 0, table)
        if isinstance(entry, Removed):
            return _place(doc, name, dataclasses.replace(entry, item=aot), fresh=False)
        return _place(doc, name, aot, fresh)
    table = entry.item if isinstance(entry, Removed) else entry
    if index >= len(aot):
        # Appending (every log entry): only the last entry's trailer moves below the new one.
        tail = _take_trailer(aot.body[-1])
    else:
        tail = _detach_headers(aot)
    _push(aot, index, table, fresh=fresh and not isinstance(entry, Removed))
    _reattach_tail(aot, tail)
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
        removed = _remove_top_level(doc, name, restore)
        return dataclasses.replace(removed, item=aot.body[0])
    tail = _detach_headers(aot)
    entry = _pop(aot, index)
    _reattach_tail(aot, tail)
    return entry


def move_entry(doc: TOMLDocument, name: str, index: int, new_index: int) -> None:
    aot = get_aot(doc, name)
    assert aot is not None
    tail = _detach_headers(aot)
    _push(aot, new_index, _pop(aot, index))
    _reattach_tail(aot, tail)


# Spacing once headers are detached: every entry's header text (``trivia.indent``) starts with
# the blank lines that separate it from the entry above, except the first entry's (the blank
# lines above the array belong to the gap before it). When an entry becomes first, its
# separator goes to the entry it displaces, and back: so delete + undo and move + move back
# are exact whatever the file's spacing. A new entry is spaced like the array's others (a blank
# line when there is nothing to go by). An array's only entry is never popped (the whole array
# is removed instead), and one pushed into an empty array keeps its header as it was.


def _pop(aot: AoT, index: int) -> Table:
    entry = aot[index]
    del aot[index]
    if index == 0 and len(aot) > 0:
        separator, header = _split_separator(aot[0].trivia.indent)
        aot[0].trivia.indent = header
        entry.trivia.indent = separator + entry.trivia.indent
    return entry


def _push(aot: AoT, index: int, entry: Table, fresh: bool = False) -> None:
    """Insert ``entry``: a new one (``fresh``, spaced like the others) or one :func:`_pop`
    returned, whose header text carries the separator it needs (possibly none)."""
    index = max(0, min(index, len(aot)))
    if index == len(aot) and len(aot) > 0:
        _end_with_newline(aot.body[-1])  # a file may end without one
    if len(aot) > 0:
        separator, header = _split_separator(entry.trivia.indent)
        if fresh and not separator:
            separator = _array_separator(aot)
        if index == 0:
            entry.trivia.indent = header
            aot[0].trivia.indent = separator + aot[0].trivia.indent
        else:
            entry.trivia.indent = separator + header
    aot.insert(index, entry)


def _end_with_newline(item: Item) -> None:
    """Make the last line of ``item`` end with a newline (the file's last line may not)."""
    host = _last_container(item)
    if host is None:
        if not isinstance(item, (Table, AoT)) and not item.trivia.trail.endswith("\n"):
            item.trivia.trail += "\n"  # a top-level ``key = value``
        return
    for _, last in reversed(host.body):
        if isinstance(last, Null):
            continue
        if isinstance(last, Whitespace):
            if not last.s.endswith("\n"):
                last._s += "\n"
        elif not last.trivia.trail.endswith("\n"):
            last.trivia.trail += "\n"
        return
    if isinstance(item, Table) and not item.trivia.trail.endswith("\n"):
        item.trivia.trail += "\n"  # a header with nothing under it


def _split_separator(indent: str) -> tuple[str, str]:
    """A header text's leading blank lines, and the rest (comments, the header's own indent)."""
    end = 0
    while True:
        newline = indent.find("\n", end)
        if newline == -1 or indent[end:newline].strip():
            return indent[:end], indent[end:]
        end = newline + 1


def _array_separator(aot: AoT) -> str:
    """How this array separates its entries: like its first two, else with one blank line."""
    if len(aot.body) < 2:
        return "\n"
    host = _last_container(aot.body[0])
    between = _trivia_text(_trailing_trivia(host)) if host is not None else ""
    return _split_separator(between + aot.body[1].trivia.indent)[0]


def _take_trailer(table: Table) -> list[tuple[None, Item]]:
    host = _last_container(table)
    return _take_trailing_trivia(host) if host is not None else []


def _detach_headers(aot: AoT) -> list[tuple[None, Item]]:
    """Move each entry's trailing comments onto the next entry's header; return the last trailer."""
    tables = aot.body
    if not tables:
        return []
    for k in range(len(tables) - 1):
        text = _trivia_text(_take_trailer(tables[k]))
        tables[k + 1].trivia.indent = text + tables[k + 1].trivia.indent
    return _take_trailer(tables[-1])


def _reattach_tail(aot: AoT, tail: list[tuple[None, Item]]) -> None:
    host = _last_container(aot)
    if host is not None:
        host.body.extend(tail)


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
