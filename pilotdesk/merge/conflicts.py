"""Conflict markers in a pilot file: find them, say what each one is about, resolve them.

A merge that could not decide leaves git's standard markers (``<<<<<<<``, an optional
``|||||||`` base, ``=======``, ``>>>>>>>``). TOML cannot read them, so without this a user
would see only "Invalid statement". Here each conflict becomes ``FILE:LINE: unresolved merge
conflict`` and, inside an entry, which entry and field with both values; and a choice per
conflict (ours, theirs, both) gives the resolved text.

Standard library and :mod:`pilotdesk.pilotfile.read` only: ``check`` uses it.
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass
from typing import Any, Literal

from pilotdesk.domain.errors import Location, PilotFileError
from pilotdesk.pilotfile.prescan import check_keys
from pilotdesk.pilotfile.read import describe

Choice = Literal["ours", "theirs", "both"]

_START = re.compile(r"^<{7}(?:[ \t].*)?$")
_BASE = re.compile(r"^\|{7}(?:[ \t].*)?$")
_MIDDLE = re.compile(r"^={7}[ \t]*$")
_END = re.compile(r"^>{7}(?:[ \t].*)?$")
_HEADER = re.compile(r"^[ \t]*(\[\[?)[ \t]*([A-Za-z0-9_.-]+)[ \t]*\]\]?")


@dataclass(frozen=True)
class Region:
    """One conflict: lines ``start`` to ``end`` (0-based, end excluded) of the text."""

    start: int
    end: int
    ours: str
    theirs: str
    entry: str | None  # "criteria[2]" when the markers sit inside an entry, "pilot" in a table
    entry_id: str | None
    whole: bool = False  # the markers hold a whole entry (edited on one side, deleted on the other)
    ours_label: str = ""  # what the marker lines say after ours/theirs: who changed it, and when
    theirs_label: str = ""

    @property
    def line(self) -> int:
        return self.start + 1

    @property
    def both_makes_sense(self) -> bool:
        """Whether keeping both sides can give a valid file: not when either is empty (both is
        then the other), not when they set the same key (a field; a status with its result),
        not for the same entry twice. Two different entries (two new criteria), or comments,
        may both stay."""
        if self.whole or not self.ours.strip() or not self.theirs.strip():
            return False
        ours, theirs = _parse(self.ours), _parse(self.theirs)
        if ours is None or theirs is None:
            return True  # not readable alone (part of a value): the save checks the result
        for key in set(ours) & set(theirs):
            if not (isinstance(ours[key], list) and isinstance(theirs[key], list)):
                return False
            if _ids(ours[key]) & _ids(theirs[key]) or not _ids(ours[key]):
                return False
        return True

    @property
    def field(self) -> str | None:
        """``criteria[2].status`` when both sides set the same one key."""
        ours, theirs = _only_key(self.ours), _only_key(self.theirs)
        if self.entry is None or self.whole or ours is None or ours != theirs:
            return None
        return f"{self.entry}.{ours}"

    def describe(self) -> str:
        """Both values in words: ``ours 'passed', theirs 'failed'``."""
        if self.whole:
            sides = (
                "edited it" if text.strip() else "deleted it" for text in (self.ours, self.theirs)
            )
            return "ours {}, theirs {}".format(*sides)
        return f"ours {_words(self.ours)}, theirs {_words(self.theirs)}"


def has_markers(text: str) -> bool:
    return any(_START.match(line) for line in text.splitlines())


def find_conflicts(text: str) -> list[Region]:
    """Every complete conflict in ``text``, in order."""
    lines = text.splitlines(keepends=True)
    regions: list[Region] = []
    counts: dict[str, int] = {}
    entry: tuple[str | None, str | None] = (None, None)
    at = 0
    while at < len(lines):
        if not _START.match(lines[at].rstrip("\r\n")):
            entry = _track(lines[at], counts, entry, lines, at)
            at += 1
            continue
        region = _region(lines, at, entry, counts)
        if region is None:
            at += 1
            continue
        regions.append(region)
        for number in range(at + 1, region.end):  # headers on our side count, as if taken
            if lines[number] in region.ours.splitlines(keepends=True):
                entry = _track(lines[number], counts, entry, lines, number)
        at = region.end
    return regions


def _region(
    lines: list[str], start: int, entry: tuple[str | None, str | None], counts: dict[str, int]
) -> Region | None:
    parts: dict[str, list[str]] = {"ours": [], "base": [], "theirs": []}
    part = "ours"
    for number in range(start + 1, len(lines)):
        line = lines[number].rstrip("\r\n")
        if _BASE.match(line) and part == "ours":
            part = "base"
        elif _MIDDLE.match(line) and part in ("ours", "base"):
            part = "theirs"
        elif _END.match(line) and part == "theirs":
            ours, theirs = "".join(parts["ours"]), "".join(parts["theirs"])
            labels = _label(lines[start]), _label(lines[number])
            inside = _entry_inside(ours or theirs, counts)
            if inside is not None:
                return Region(start, number + 1, ours, theirs, *inside, True, *labels)
            return Region(start, number + 1, ours, theirs, *entry, False, *labels)
        elif _START.match(line):
            return None
        else:
            parts[part].append(lines[number])
    return None


def _track(
    line: str,
    counts: dict[str, int],
    entry: tuple[str | None, str | None],
    lines: list[str],
    at: int,
) -> tuple[str | None, str | None]:
    """The entry the following lines belong to, after ``line``."""
    found = _HEADER.match(line)
    if found is None:
        return entry
    name = found[2]
    if found[1] == "[":
        return name, None
    index = counts.get(name, 0)
    counts[name] = index + 1
    return f"{name}[{index}]", _id_below(lines, at)


def _entry_inside(text: str, counts: dict[str, int]) -> tuple[str, str | None] | None:
    """The entry whose header is inside one side of a conflict (that side's whole entry)."""
    lines = text.splitlines(keepends=True)
    for at, line in enumerate(lines):
        found = _HEADER.match(line)
        if found is not None and found[1] == "[[":
            return f"{found[2]}[{counts.get(found[2], 0)}]", _id_below(lines, at)
        if found is not None:
            return found[2], None
    return None


def _id_below(lines: list[str], at: int) -> str | None:
    for line in lines[at + 1 : at + 40]:
        if _HEADER.match(line) or _START.match(line.rstrip("\r\n")):
            return None
        value = _parse(line)
        if isinstance(value, dict) and isinstance(value.get("id"), str):
            return str(value["id"])
    return None


def _parse(text: str) -> dict[str, Any] | None:
    try:
        check_keys(text, "<conflict>")  # a key tomllib would spend gigabytes on is no id line
        return tomllib.loads(text)
    except (tomllib.TOMLDecodeError, PilotFileError):
        return None


def _label(marker: str) -> str:
    """``Dana Ortiz, 2026-11-20 14:02`` from ``<<<<<<< ours (Dana Ortiz, 2026-11-20 14:02)``."""
    found = re.search(r"\((.*)\)[ \t]*$", marker.rstrip("\r\n"))
    return found[1] if found else ""


def _ids(entries: list[Any]) -> set[str]:
    return {str(e["id"]) for e in entries if isinstance(e, dict) and isinstance(e.get("id"), str)}


def _only_key(text: str) -> str | None:
    """The one key ``text`` sets (comment lines aside), or None."""
    data = _parse(text)
    if data is None or len(data) != 1:
        return None
    key = next(iter(data))
    return key if not isinstance(data[key], dict) else None


def _words(text: str) -> str:
    if not text.strip():
        return "deleted it"
    data = _parse(text)
    if data is not None and len(data) == 1 and not _HEADER.search(text):
        return describe(next(iter(data.values())))
    if data is not None and 1 < len(data) <= 3 and not _HEADER.search(text):
        # A decision of several keys (a status with its result): each named.
        return ", ".join(f"{key} {describe(value)}" for key, value in data.items())
    first = next((line.strip() for line in text.splitlines() if line.strip()), "")
    return f"{first!r}" + (" ..." if len(text.strip().splitlines()) > 1 else "")


def locations(text: str) -> list[Location]:
    """``FILE:LINE: unresolved merge conflict`` for each conflict, naming entry and field."""
    found: list[Location] = []
    for region in find_conflicts(text):
        where = region.field or region.entry
        if where and region.entry_id:
            where += f" ({region.entry_id})"
        message = "unresolved merge conflict"
        if where:
            message += f" in {where}: {region.describe()}"
        found.append(Location(region.line, message))
    lines = text.splitlines()
    inside = {n for r in find_conflicts(text) for n in range(r.start, r.end)}
    for number, line in enumerate(lines):
        if number not in inside and (_START.match(line) or _END.match(line)):
            found.append(Location(number + 1, "unresolved merge conflict (an unmatched marker)"))
    return found


def resolve(text: str, choices: list[Choice]) -> str:
    """``text`` with each conflict replaced by the chosen side(s), in order."""
    regions = find_conflicts(text)
    if len(choices) != len(regions):
        raise ValueError(f"{len(regions)} conflicts, {len(choices)} choices")
    lines = text.splitlines(keepends=True)
    out: list[str] = []
    at = 0
    for region, choice in zip(regions, choices, strict=True):
        out += lines[at : region.start]
        picked = {"ours": [region.ours], "theirs": [region.theirs]}.get(
            choice, [region.ours, region.theirs]
        )
        out += picked
        at = region.end
    out += lines[at:]
    return "".join(out)
