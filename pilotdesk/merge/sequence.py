"""The three-way merge of two keyed sequences (the blocks of a file, the segments of a block).

A piece is kept, dropped or changed by comparing its three versions; a piece changed on both
sides is handed to ``both_changed`` (the blocks' merge goes one level down, into segments; two
values of one key are a conflict). The order comes from the side that reordered the pieces they
share, and each side's new pieces go after the piece they follow on that side.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable
from dataclasses import dataclass

from pilotdesk.merge.blocks import Piece


@dataclass(frozen=True)
class Conflict:
    """Two versions of the same lines that cannot both be right; either may be empty."""

    ours: str
    theirs: str


#: What the merge gives for one piece: text, a conflict, or a list of both (a merged block).
Output = str | Conflict | list["str | Conflict"]
BothChanged = Callable[[Piece | None, Piece, Piece], Output]


def merge_pieces(
    base: list[Piece], ours: list[Piece], theirs: list[Piece], both_changed: BothChanged
) -> list[tuple[Hashable, Output]]:
    """The merged pieces, keyed, in order."""
    b, o, t = ({p.key: p for p in side} for side in (base, ours, theirs))
    decided: dict[Hashable, Output] = {}
    for key in [*o, *(k for k in t if k not in o)]:
        outcome = _decide(b.get(key), o.get(key), t.get(key), both_changed)
        if outcome is not None:
            decided[key] = outcome
    order = _order(list(b), list(o), list(t), decided)
    return [(key, decided[key]) for key in order]


def _decide(
    b: Piece | None, o: Piece | None, t: Piece | None, both_changed: BothChanged
) -> Output | None:
    if o is not None and t is not None:
        if b is not None and o.text == b.text:
            return t.text
        if (b is not None and t.text == b.text) or o.text == t.text:
            return o.text
        return both_changed(b, o, t)
    if b is None:
        kept = o if o is not None else t
        return kept.text if kept is not None else None
    if o is not None:  # theirs deleted it
        return None if o.text == b.text else Conflict(o.text, "")
    if t is not None:  # ours deleted it
        return None if t.text == b.text else Conflict("", t.text)
    return None


def _order(
    base: list[Hashable],
    ours: list[Hashable],
    theirs: list[Hashable],
    kept: dict[Hashable, Output],
) -> list[Hashable]:
    shared = set(base) & set(ours) & set(theirs)
    in_base = [k for k in base if k in shared]
    theirs_reordered = [k for k in theirs if k in shared] != in_base
    ours_reordered = [k for k in ours if k in shared] != in_base
    first, second = (theirs, ours) if theirs_reordered and not ours_reordered else (ours, theirs)
    result = [k for k in first if k in kept]
    placed = set(result)
    base_keys = set(base)
    for at, key in enumerate(second):
        if key in placed or key not in kept:
            continue
        # Before the piece it comes before on its side (an entry appended to the criteria goes
        # at their end, wherever the other side moved the last one), else after the one it
        # follows; after the other side's new pieces at the same place: ours first.
        following = next((k for k in second[at + 1 :] if k in placed), None)
        if following is not None:
            position = result.index(following)
        else:
            anchor = next((k for k in reversed(second[:at]) if k in placed), None)
            position = result.index(anchor) + 1 if anchor is not None else 0
            while position < len(result) and result[position] not in base_keys:
                position += 1
        result.insert(position, key)
        placed.add(key)
    return result
