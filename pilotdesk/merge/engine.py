"""Merge three versions of a pilot file by meaning: what ``pilotdesk merge`` does for git.

Blocks (tables, entries, log entries; see :mod:`.blocks`) are matched by key and merged as a
sequence; a block both sides edited is merged key by key, and a key both sides set to different
values is a conflict, written with git's standard markers around just that key's lines (a
criterion's status and result are one decision: :mod:`.decisions`). The log (``[[log]]`` or an
inline ``log = [...]``) is the union of both sides, the new entries in time order. Text neither side changed is copied
byte for byte: the result is made of the versions' own pieces, never re-rendered.
"""

from __future__ import annotations

import datetime as dt
import tomllib
from collections.abc import Hashable
from dataclasses import dataclass
from typing import Any

from pilotdesk.merge.blocks import Piece, Unmergeable, split_blocks, split_segments, value_of
from pilotdesk.merge.decisions import label_conflicts, one_decision, with_both_comments
from pilotdesk.merge.inline import union_inline_log
from pilotdesk.merge.sequence import Conflict, Output, merge_pieces

MARKER = 7


@dataclass(frozen=True)
class Merged:
    """The merged text and how many conflicts it holds (0: clean)."""

    text: str
    conflicts: int


def merge_texts(base: str, ours: str, theirs: str) -> Merged:
    """Merge by meaning; raises :class:`Unmergeable` for a text that is not a pilot file or
    cannot be cut into blocks (the caller then merges line by line), and its
    :class:`~.blocks.OrderConflict` when both sides reordered one collection, each its own way."""
    # Each block is parsed once, alone; together they say whether the text is a pilot.
    parsed: dict[str, Any] = {}
    sides = [split_blocks(text, parsed) for text in (base, ours, theirs)]
    if not all(_is_pilot(blocks) for blocks in sides):
        raise Unmergeable("not three pilot files")
    if ours == theirs or theirs == base:
        return Merged(ours, 0)
    if ours == base:
        return Merged(theirs, 0)
    merged = merge_pieces(sides[0], sides[1], sides[2], _merge_block, group=_collection)
    merged = _log_in_time_order(merged, {p.key for p in sides[0]})
    merged = label_conflicts(merged, *sides)
    return _render([output for _, output in merged])


def _collection(key: Hashable) -> Hashable:
    """The collection a block belongs to (``criteria``, ``table``, ``log``): each one's
    order is merged on its own."""
    return key[0] if isinstance(key, tuple) else None


def _is_pilot(blocks: list[Piece]) -> bool:
    """A pilot file says so: ``schema`` at the top and a ``[pilot]`` table."""
    keys = {block.key for block in blocks}
    first = blocks[0] if blocks else None
    return (
        first is not None
        and first.key == ("preamble",)
        and "schema" in first.data
        and ("table", "pilot") in keys
    )


def _merge_block(base: Piece | None, ours: Piece, theirs: Piece) -> Output:
    """A block both sides changed: merged key by key."""
    b = split_segments(base.text) if base is not None else []
    o, t = split_segments(ours.text), split_segments(theirs.text)
    parts = merge_pieces(b, o, t, _merge_segment)
    if isinstance(ours.key, tuple) and ours.key[0] == "criteria":
        parts = one_decision(parts, b, o, t)
    out: list[str | Conflict] = []
    for _, output in parts:
        out += output if isinstance(output, list) else [output]
    return out


def _merge_segment(base: Piece | None, ours: Piece, theirs: Piece) -> Output:
    """One key set two ways: the same value written two ways is not a conflict (and keeps the
    comments either side wrote on it); both sides' additions to an inline ``log`` are kept."""
    if isinstance(ours.key, tuple) and ours.key[:3] == ("key", "", "log"):
        union = union_inline_log(base.text if base is not None else None, ours.text, theirs.text)
        if union is not None:
            return union
    value = value_of(ours.text)
    if value is not None and value == value_of(theirs.text):
        return with_both_comments(ours.text, theirs.text)
    return Conflict(ours.text, theirs.text)


def _log_in_time_order(
    merged: list[tuple[Hashable, Output]], base_keys: set[Hashable]
) -> list[tuple[Hashable, Output]]:
    """Each run of new log entries sorted by time (stable: ours first at the same instant)."""
    out = list(merged)
    at = 0
    while at < len(out):
        end = at
        while end < len(out) and _new_log(out[end], base_keys):
            end += 1
        if end > at:
            out[at:end] = sorted(out[at:end], key=_log_time)
            at = end
        else:
            at += 1
    return out


def _new_log(item: tuple[Hashable, Output], base_keys: set[Hashable]) -> bool:
    key, output = item
    return (
        isinstance(key, tuple)
        and key[0] == "log"
        and key not in base_keys
        and isinstance(output, str)
        and _log_time(item) is not None
    )


def _log_time(item: tuple[Hashable, Output]) -> Any:
    output = item[1]
    assert isinstance(output, str)
    try:
        entry = tomllib.loads(output)["log"][0]
    except (tomllib.TOMLDecodeError, KeyError, IndexError, TypeError):
        return None
    at = entry.get("at")
    return at if isinstance(at, dt.datetime) and at.tzinfo is None else None


def _render(outputs: list[Output]) -> Merged:
    text: list[str] = []
    conflicts = 0
    flat: list[str | Conflict] = []
    for output in outputs:
        flat += output if isinstance(output, list) else [output]
    for part in flat:
        if text and not text[-1].endswith("\n"):
            text.append("\n")
        if isinstance(part, Conflict):
            conflicts += 1
            text.append(conflict_text(part))
        else:
            text.append(part)
    return Merged("".join(text), conflicts)


def conflict_text(conflict: Conflict) -> str:
    """Git's standard markers around the two versions of the lines; after ``ours`` and
    ``theirs``, who last changed that entry on each side and when, where the log says."""
    ours = (
        conflict.ours if not conflict.ours or conflict.ours.endswith("\n") else conflict.ours + "\n"
    )
    theirs = (
        conflict.theirs
        if not conflict.theirs or conflict.theirs.endswith("\n")
        else conflict.theirs + "\n"
    )
    start = "ours" + (f" ({conflict.ours_label})" if conflict.ours_label else "")
    end = "theirs" + (f" ({conflict.theirs_label})" if conflict.theirs_label else "")
    return f"{'<' * MARKER} {start}\n{ours}{'=' * MARKER}\n{theirs}{'>' * MARKER} {end}\n"
