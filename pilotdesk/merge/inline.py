"""Inside one key's value: its comments, and the entries of an inline ``log = [...]``.

The merge copies the sides' own text; these read just enough of a value's text to do so inside
it: where its comments are (``# confirmed by Maria on the call``), and where each entry of an
inline array starts and ends, strings and comments skipped, so that both sides' new log entries
can be put into one array as each side wrote them.
"""

from __future__ import annotations

import datetime as dt
import tomllib
from collections.abc import Iterator
from typing import Any


def _outside_strings(text: str) -> Iterator[tuple[int, str]]:
    """Each position and character of ``text`` outside strings; a comment is given as ``#``
    at its start, and skipped to its line's end."""
    quote = ""
    at = 0
    while at < len(text):
        char = text[at]
        if quote:
            if quote[0] == '"' and char == "\\":
                at += 2
                continue
            if text.startswith(quote, at):
                at += len(quote)
                quote = ""
                continue
            if char == "\n" and len(quote) == 1:
                quote = ""  # not TOML; the caller's parse says so
            at += 1
            continue
        if char in "\"'":
            quote = char * 3 if text.startswith(char * 3, at) else char
            at += len(quote)
            continue
        yield at, char
        if char == "#":
            end = text.find("\n", at)
            at = len(text) if end < 0 else end
            continue
        at += 1


def comments(text: str) -> list[str]:
    """The comments in a key's text, each from ``#`` to the end of its line."""
    found = []
    for at, char in _outside_strings(text):
        if char == "#":
            end = text.find("\n", at)
            found.append(text[at : None if end < 0 else end].rstrip("\r"))
    return found


def _elements(text: str) -> tuple[int, int, list[tuple[int, int]]] | None:
    """For ``key = [a, b, ...]``: where the brackets are and each element's span (None when the
    text is not one inline array)."""
    depth = 0
    opened = closed = -1
    spans: list[tuple[int, int]] = []
    start = -1
    for at, char in _outside_strings(text):
        if char == "#":
            continue
        if char in "[{":
            depth += 1
            if depth == 1 and char == "[" and opened < 0:
                opened, start = at, at + 1
            continue
        if char in "]}":
            depth -= 1
            if depth == 0 and opened >= 0 and closed < 0:
                closed = at
                spans.append((start, at))
            continue
        if char == "," and depth == 1:
            spans.append((start, at))
            start = at + 1
    if opened < 0 or closed < 0:
        return None
    values = [_value(text[a:b]) for a, b in spans]
    if any(value is _UNREADABLE for value in values):
        return None
    return opened, closed, [span for span, value in zip(spans, values, strict=True) if value]


_UNREADABLE = object()


def _value(element: str) -> Any:
    """One element's value (read inside brackets, so comments and line breaks may surround
    it); None for an empty place (after a trailing comma), ``_UNREADABLE`` for anything else."""
    try:
        found = tomllib.loads("v = [" + element + "\n]")["v"]
    except tomllib.TOMLDecodeError:
        return _UNREADABLE
    return found[0] if len(found) == 1 else None if not found else _UNREADABLE


def union_inline_log(base: str | None, ours: str, theirs: str) -> str | None:
    """``log = [...]`` with theirs' new entries after ours' (as theirs wrote each), the new ones
    of both in time order; None when either side is not an inline array of tables."""
    parts = [_elements(text) if text is not None else None for text in (base, ours, theirs)]
    if parts[1] is None or parts[2] is None:
        return None
    values = [
        [_value(text[a:b]) for a, b in part[2]] if part is not None and text is not None else []
        for text, part in zip((base, ours, theirs), parts, strict=True)
    ]
    if not all(isinstance(v, dict) for side in values for v in side):
        return None
    base_values, ours_values = values[0], values[1]
    new = [
        span
        for span, value in zip(parts[2][2], values[2], strict=True)
        if value not in base_values and value not in ours_values
    ]
    if not new:
        return ours
    opened, closed, spans = parts[1]
    added = [theirs[a:b].strip() for a, b in new]
    if spans:
        last = ours[spans[-1][0] : spans[-1][1]]
        indent = last[: len(last) - len(last.lstrip())]
        separator = "," + (indent if "\n" in indent else " ")
        body_end = spans[-1][1]
        text = ours[:body_end] + "".join(separator + entry for entry in added) + ours[body_end:]
    else:
        text = ours[: opened + 1] + ", ".join(added) + ours[closed:]
    old = next((n for n, value in enumerate(ours_values) if value not in base_values), len(spans))
    return _in_time_order(text, old) or text


def _in_time_order(text: str, kept: int) -> str | None:
    """The entries after the first ``kept`` sorted by their ``at`` (stable), when all have one."""
    found = _elements(text)
    if found is None:
        return None
    _, _, spans = found
    tail = spans[kept:]
    times = [_value(text[a:b]).get("at") for a, b in tail]  # dicts: checked by the caller
    if not all(isinstance(t, dt.datetime) and t.tzinfo is None for t in times):
        return None
    order = sorted(range(len(tail)), key=lambda n: times[n])
    if order == list(range(len(tail))):
        return text
    pieces = [text[a:b] for a, b in tail]
    out = text
    for (a, b), n in reversed(list(zip(tail, order, strict=True))):
        out = out[:a] + _same_space(pieces[n], text[a:b]) + out[b:]
    return out


def _same_space(entry: str, place: str) -> str:
    """``entry`` with the white space around it that ``place`` had."""
    lead = place[: len(place) - len(place.lstrip())]
    trail = place[len(place.rstrip()) :]
    return lead + entry.strip() + trail
