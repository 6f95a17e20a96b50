"""Top-level tables and arrays of tables: created where a person would put them, removed
leaving the comments around them on the page.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import tomlkit
from tomlkit.container import Container
from tomlkit.items import AoT, Null, SingleKey, Table
from tomlkit.toml_document import TOMLDocument

from pilotdesk.pilotfile.toml_edit.internals import append_raw, insert_at, key_index, replace_at
from pilotdesk.pilotfile.toml_edit.trivia import (
    end_with_newline,
    insert_keyless,
    last_container,
    take_trailing_trivia,
    trivia_items,
    trivia_text,
)

#: Where top-level tables go when pilotdesk has to create one.
CANONICAL_ORDER = (
    "schema",
    "pilot",
    "opportunity",
    "commercial",
    "email",
    "readiness",
    "agreement",
    "criteria",
    "stakeholders",
    "checklist",
    "gaps",
    "technical_win",
    "handoff",
    "close_out",
    "log",
)

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

    item: Table | AoT
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
    return doc[name] if name in doc else None


def create_table(doc: TOMLDocument, name: str) -> Created:
    table = tomlkit.table()
    return Created(table, place(doc, name, table, fresh=True))


def get_aot(doc: TOMLDocument, name: str) -> AoT | None:
    value = doc.get(name)
    return value if isinstance(value, AoT) else None


def remove_table(doc: TOMLDocument, name: str, restore: Gap | None = None) -> Removed | None:
    """Remove a top-level table; ``restore``: the gap :func:`put_table` returned (undo)."""
    if name not in doc:
        return None
    return remove_top_level(doc, name, restore)


def put_table(doc: TOMLDocument, name: str, table: Table | Removed, fresh: bool = True) -> Gap:
    """Put a table where it belongs: a new one (``fresh``), or one :func:`remove_table`
    returned, exactly where it was. Returns the gap as it was before (for the undo)."""
    if name in doc:
        remove_table(doc, name)
    return place(doc, name, table, fresh)


def swap_table(doc: TOMLDocument, name: str, table: Table) -> Table:
    """Replace a top-level table in place, keeping its spacing and the comments around it;
    returns the old one, which swaps back exactly."""
    old = doc[name]
    index = key_index(doc, name)
    assert index is not None, name
    trailer = take_trailing_trivia(last_container(old))  # type: ignore[arg-type]
    replace_at(doc, index, name, table)  # copies the header's spacing and comment
    host = last_container(table)
    assert host is not None
    take_trailing_trivia(host)  # _replace_at's "cosmetic" blank line: the trailer says where
    host.body.extend(trailer)
    return old


def remove_created_table(doc: TOMLDocument, name: str, created: Created) -> bool:
    """Remove the table :func:`create_table` made if it is still there with no keys (the undo
    of the change that created it); returns whether it did."""
    if name not in doc or doc.item(name) is not created.table:
        return False  # replayed on another version of the file: that table is someone's
    if any(key is not None for key, _ in created.table.value.body):
        return False
    remove_top_level(doc, name, created.gap)
    return True


def remove_top_level(doc: TOMLDocument, name: str, restore: Gap | None) -> Removed:
    item = doc.item(name)
    index = key_index(doc, name)
    # A top-level table written in one piece has one index; pilotdesk only removes those.
    assert isinstance(index, int) and isinstance(item, (Table, AoT)), name
    neighbours = [_next_keyed(doc, index), _previous_keyed(doc, index)]
    following, preceding = (doc.body[i][0].key if i is not None else None for i in neighbours)  # type: ignore[union-attr]
    host = last_container(item)
    after = trivia_text(take_trailing_trivia(host)) if host is not None else ""
    before = _take_gap(doc, index)
    del doc[name]
    if restore is not None and (restore.before, restore.after) == (before, after):
        left = restore.original  # exactly as it was before pilotdesk created the table
    else:
        left = before + after  # someone's text around it stays
    _put_gap(doc, index, left)
    return Removed(item, before, after, left, next=following, previous=preceding)


def place(doc: TOMLDocument, name: str, item: Table | AoT | Removed, fresh: bool) -> Gap:
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
            end_with_newline(doc.body[previous][1])

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
                before += "\n"  # an array's first header stays bare (see pop_entry/push_entry)
        if follows and not after.startswith("\n"):
            after = "\n" + after
    else:
        before, after = gap, ""

    at = target + _put_gap(doc, target, before)
    if at < len(body):
        insert_at(doc, at, name, item)
    else:
        append_raw(doc, SingleKey(name), item)
    host = last_container(item)
    if host is not None:
        host.body.extend(trivia_items(after))
    else:
        insert_keyless(doc, at + 1, trivia_items(after))
    if any(key is not None for key, _ in body[at + 1 :]):
        # Something follows it now: its last line must end (it may have been the file's last
        # line, written without a newline). tomlkit 0.13 does not add one when it renders.
        end_with_newline(item)
    return Gap(gap, before, after)


def _where_it_was(doc: TOMLDocument, removed: Removed) -> int | None:
    """The index in the body to put a removed table back at, if its neighbours are still there."""
    if removed.next is not None:
        index = key_index(doc, removed.next)
        if isinstance(index, int):
            return index
    if removed.previous is not None:
        index = key_index(doc, removed.previous)
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
    return last_container(doc.body[previous][1]) if previous is not None else None


def _take_gap(doc: TOMLDocument, index: int) -> str:
    """Remove and return the comments and blank lines just above ``doc.body[index]``."""
    host = _gap_host(doc, index)
    text = trivia_text(take_trailing_trivia(host)) if host is not None else ""
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
    items = trivia_items(text)
    if host is not None:
        host.body.extend(items)
        return 0
    insert_keyless(doc, index, items)
    return len(items)
