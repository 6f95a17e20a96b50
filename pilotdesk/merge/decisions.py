"""What a conflict is about, beyond one key: the decisions that span keys, the comments either
side wrote on an agreed value, and who changed each side and when.

- A criterion's ``status`` and ``result`` are one decision: the AE marks it failed again with
  "Retest aborted" while the SE marks it passed; taking the status of one and the result of the
  other would record a pass with an aborted retest. When one side changed the status and the
  other the result, both keys are one conflict.
- The same value set on both sides is no conflict, and a comment either side wrote on it stays.
- Each conflict's markers name, after ``ours``/``theirs``, who last changed that entry on that
  side and when, from the side's new log entries (``by``, ``at``): what the resolve screen
  shows beside each value.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Hashable
from typing import Any

from pilotdesk.merge.blocks import Piece, value_of
from pilotdesk.merge.inline import comments
from pilotdesk.merge.sequence import Conflict, Output

_DECISION = ("status", "result")


def one_decision(
    parts: list[tuple[Hashable, Output]],
    base: list[Piece],
    ours: list[Piece],
    theirs: list[Piece],
) -> list[tuple[Hashable, Output]]:
    """A criterion's merged keys with its status and result made one conflict when one side
    changed the status and the other the result (without making the same status change)."""
    keys = {name: ("key", "criteria", name, 0) for name in _DECISION}

    def text(side: list[Piece], name: str) -> str:
        return next((p.text for p in side if p.key == keys[name]), "")

    def value(side: list[Piece], name: str) -> Any:
        data = value_of(text(side, name)) if text(side, name) else None
        return data.get(name) if isinstance(data, dict) else None

    changed = [
        {name for name in _DECISION if value(side, name) != value(base, name)}
        for side in (ours, theirs)
    ]
    one, other = (ours, theirs), (theirs, ours)
    split = any(
        "status" in changed[n] and "result" in changed[1 - n]
        and value(sides[1], "status") != value(sides[0], "status")
        for n, sides in enumerate((one, other))
    )  # fmt: skip
    if not split:
        return parts
    conflict = Conflict(
        text(ours, "status") + text(ours, "result"), text(theirs, "status") + text(theirs, "result")
    )
    at = next((n for n, (key, _) in enumerate(parts) if key in keys.values()), len(parts))
    kept = [(key, out) for key, out in parts if key not in keys.values()]
    kept.insert(min(at, len(kept)), (keys["status"], conflict))
    return kept


def with_both_comments(ours: str, theirs: str) -> str:
    """One key both sides set to the same value, written each its way: ours' text, with the
    comments only theirs wrote on lines of their own above it (none is lost)."""
    mine = comments(ours)
    missing = [comment for comment in comments(theirs) if comment not in mine]
    if not missing:
        return ours
    if not mine and len(comments(theirs)) == len(missing):
        return theirs  # only theirs commented: theirs' text, as written
    indent = ours[: len(ours) - len(ours.lstrip(" \t"))]
    newline = "\r\n" if ours.endswith("\r\n") else "\n"
    return "".join(f"{indent}{comment}{newline}" for comment in missing) + ours


def label_conflicts(
    merged: list[tuple[Hashable, Output]],
    base: list[Piece],
    ours: list[Piece],
    theirs: list[Piece],
) -> list[tuple[Hashable, Output]]:
    """Each conflict with who changed its entry on each side, and when."""
    known = {p.key for p in base}
    news = [
        [p.data for p in side if p.key not in known and _is_log(p.key)] for side in (ours, theirs)
    ]
    out: list[tuple[Hashable, Output]] = []
    for key, output in merged:
        labels = (_label(key, news[0]), _label(key, news[1]))
        if isinstance(output, Conflict):
            output = _labelled(output, labels)
        elif isinstance(output, list):
            output = [_labelled(p, labels) if isinstance(p, Conflict) else p for p in output]
        out.append((key, output))
    return out


def _is_log(key: Hashable) -> bool:
    return isinstance(key, tuple) and key[0] == "log"


def _labelled(conflict: Conflict, labels: tuple[str, str]) -> Conflict:
    return Conflict(conflict.ours, conflict.theirs, *labels)


def _label(key: Hashable, entries: list[Any]) -> str:
    """``Sam Lee, 2026-11-24 09:05`` from the latest new log entry about this entry."""
    if not isinstance(key, tuple) or len(key) < 2 or _is_log(key):
        return ""
    name = str(key[1])
    about = re.compile(rf"(^|\s){re.escape(name)}(:|\s|$)")
    found: tuple[dt.datetime, str] | None = None
    for data in entries:
        entry = data.get("log", [{}])[0] if isinstance(data, dict) else {}
        event, at, by = entry.get("event"), entry.get("at"), entry.get("by")
        if not isinstance(event, str) or not about.search(event):
            continue
        if not isinstance(at, dt.datetime) or at.tzinfo is not None:
            continue
        if found is None or at >= found[0]:
            found = (at, by if isinstance(by, str) else "")
    if found is None:
        return ""
    at, by = found
    words = f"{_printable(by)}, {at:%Y-%m-%d %H:%M}" if _printable(by) else f"{at:%Y-%m-%d %H:%M}"
    return words


def _printable(text: str) -> str:
    """A name for a marker line: one line, no control character, no parenthesis, not long."""
    kept = "".join(ch for ch in text if ch.isprintable() and ch not in "()")
    return " ".join(kept.split())[:60]
