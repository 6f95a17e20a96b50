"""The three-way merge of two keyed sequences (the blocks of a file, the segments of a block).

A piece is kept, dropped or changed by comparing its three versions; a piece changed on both
sides is handed to ``both_changed`` (the blocks' merge goes one level down, into segments; two
values of one key are a conflict). The order comes from the side that reordered the pieces they
share, and each side's new pieces go after the piece they follow on that side.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable
from dataclasses import dataclass

from pilotdesk.merge.blocks import OrderConflict, Piece


@dataclass(frozen=True)
class Conflict:
    """Two versions of the same lines that cannot both be right; either may be empty."""

    ours: str
    theirs: str
    ours_label: str = ""  # who changed it on that side, and when ("Dana Ortiz, 2026-11-20 14:02")
    theirs_label: str = ""


#: What the merge gives for one piece: text, a conflict, or a list of both (a merged block).
Output = str | Conflict | list["str | Conflict"]
BothChanged = Callable[[Piece | None, Piece, Piece], Output]


def merge_pieces(
    base: list[Piece],
    ours: list[Piece],
    theirs: list[Piece],
    both_changed: BothChanged,
    group: Callable[[Hashable], Hashable] = lambda key: None,
) -> list[tuple[Hashable, Output]]:
    """The merged pieces, keyed, in order. ``group`` names the collection a key belongs to:
    each collection's order is merged on its own (see :func:`_order`)."""
    b, o, t = ({p.key: p for p in side} for side in (base, ours, theirs))
    decided: dict[Hashable, Output] = {}
    for key in [*o, *(k for k in t if k not in o)]:
        outcome = _decide(b.get(key), o.get(key), t.get(key), both_changed)
        if outcome is not None:
            decided[key] = outcome
    order = _order(list(b), list(o), list(t), decided, group)
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
    group: Callable[[Hashable], Hashable],
) -> list[Hashable]:
    """Ours' order with theirs' new pieces placed beside their neighbours; then, collection by
    collection, the pieces all three versions share put in the order their reorders give."""
    shared = set(base) & set(ours) & set(theirs)
    result = _interleave(ours, theirs, kept, set(base))
    groups: dict[Hashable, list[Hashable]] = {}
    for key in base:
        if key in shared and key in kept:
            groups.setdefault(group(key), []).append(key)
    for name, in_base in groups.items():
        members = set(in_base)
        wanted = merge_orders(
            in_base,
            [k for k in ours if k in members],
            [k for k in theirs if k in members],
            name,
        )
        slots = [at for at, key in enumerate(result) if key in members]
        for at, key in zip(slots, wanted, strict=True):
            result[at] = key
    return result


def _interleave(
    first: list[Hashable], second: list[Hashable], kept: dict[Hashable, Output], base: set[Hashable]
) -> list[Hashable]:
    result = [k for k in first if k in kept]
    placed = set(result)
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
            while position < len(result) and result[position] not in base:
                position += 1
        result.insert(position, key)
        placed.add(key)
    return result


#: Above this many entries in one collection reordered on both sides, the pairs are not
#: weighed one by one (a million pairs): it is a conflict.
_MOST_PAIRS = 1500


def merge_orders(
    base: list[Hashable], ours: list[Hashable], theirs: list[Hashable], name: Hashable = None
) -> list[Hashable]:
    """The merged order of the same pieces in three orders: a side that did not reorder them
    gives way to the one that did. When both did, every pair of pieces keeps the order the side
    that changed it gave it (both sides' moves kept); when no single order does that (each
    side moved the same pieces its own way), :class:`OrderConflict`, never a silent pick."""
    if ours == base or ours == theirs:
        return theirs
    if theirs == base:
        return ours
    if len(base) > _MOST_PAIRS:
        raise OrderConflict(f"both sides reordered {_name(name)}")
    at = {side: {key: n for n, key in enumerate(order)} for side, order in
          (("base", base), ("ours", ours), ("theirs", theirs))}  # fmt: skip

    def before(x: Hashable, y: Hashable) -> bool:
        was = at["base"][x] < at["base"][y]
        mine = at["ours"][x] < at["ours"][y]
        return mine if mine != was else at["theirs"][x] < at["theirs"][y]

    wins = {x: sum(before(x, y) for y in base if y != x) for x in base}
    merged = sorted(base, key=lambda key: -wins[key])
    for n, x in enumerate(merged):
        if any(not before(x, y) for y in merged[n + 1 :]):
            raise OrderConflict(
                f"both sides reordered {_name(name)}, each its own way: ours "
                f"{_keys(ours)}, theirs {_keys(theirs)}"
            )
    return merged


def _name(name: Hashable) -> str:
    return f"the {name}" if isinstance(name, str) else "the same pieces"


def _keys(order: list[Hashable]) -> str:
    shown = [str(k[1]) if isinstance(k, tuple) and len(k) > 1 else str(k) for k in order[:12]]
    return ", ".join(shown) + (", ..." if len(order) > 12 else "")
