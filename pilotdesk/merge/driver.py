"""``pilotdesk merge BASE OURS THEIRS [PATH]``: git's merge driver interface around the engine.

Git hands the driver three temporary files and expects the result in OURS, exit 0 when clean
and non-zero when conflicts remain. A file that is not a pilot, or not TOML at all, is merged by
``git merge-file`` instead, so that a broad pattern such as ``*.toml`` is safe. Whatever path
a pilot's merge takes, the driver says CLEAN only for a result that is a valid pilot.
"""

from __future__ import annotations

import re
import sys
import tomllib
from pathlib import Path

from pilotdesk.domain.errors import PilotFileError
from pilotdesk.domain.text import visible
from pilotdesk.merge.blocks import OrderConflict, Unmergeable
from pilotdesk.merge.engine import merge_texts
from pilotdesk.merge.git import GitError, merge_file
from pilotdesk.pilotfile.atomic import atomic_write
from pilotdesk.pilotfile.prescan import check_keys
from pilotdesk.pilotfile.read import parse_bytes, read_bytes

CLEAN, CONFLICTS, FAILED = 0, 1, 2


def run(base: Path, ours: Path, theirs: Path, name: str | None = None) -> int:
    """Merge into ``ours``; ``name`` is the file's path in the repository, for messages."""
    shown = name or str(ours)
    try:
        texts = [read_bytes(path).decode("utf-8") for path in (base, ours, theirs)]
        for path, text in zip((base, ours, theirs), texts, strict=True):
            check_keys(text, path)  # the engine parses blocks with tomllib: the same limits
    except (PilotFileError, OSError, UnicodeDecodeError):
        return _line_merge(base, ours, theirs, shown)
    crlf = any("\r\n" in text for text in texts)
    try:
        merged = merge_texts(*texts)
    except OrderConflict as error:
        # Both sides reordered one collection, each its own way: git's line merge shows both,
        # and it is a conflict whatever that gives.
        print(visible(f"pilotdesk merge: {shown}: {error}; merged line by line"), file=sys.stderr)
        return max(_line_merge(base, ours, theirs, shown, texts), CONFLICTS)
    except (Unmergeable, RecursionError) as error:
        reason = str(error) if isinstance(error, Unmergeable) else "nested too deep"
        return _line_merge(base, ours, theirs, shown, texts, reason)
    if crlf and not all("\r\n" in text for text in texts):
        return _line_merge(base, ours, theirs, shown, texts, "mixed line ends")
    atomic_write(ours, merged.text.encode("utf-8"))
    if merged.conflicts:
        print(
            visible(
                f"pilotdesk merge: {shown}: {merged.conflicts} conflict(s) left with markers; "
                f"'pilotdesk open {shown}' shows them one by one"
            ),
            file=sys.stderr,
        )
        return CONFLICTS
    return _validated(merged.text.encode("utf-8"), shown)


def _validated(result: bytes, shown: str) -> int:
    """CLEAN only for a valid pilot: each side was valid, together they may not be (one deleted
    a stakeholder the other names; both added criterion ``x``): git must not record that as a
    clean merge."""
    try:
        parse_bytes(result, shown)
    except PilotFileError as error:
        print(
            visible(f"pilotdesk merge: {shown}: merged, but the result is not valid:"),
            file=sys.stderr,
        )
        print(visible(error.render()), file=sys.stderr)
        return CONFLICTS
    return CLEAN


def _line_merge(
    base: Path,
    ours: Path,
    theirs: Path,
    shown: str,
    texts: list[str] | None = None,
    reason: str = "",
) -> int:
    """git's line merge; for a pilot, its result is validated like any other (a pilot whose
    notes hold a line like ``[pilot]`` is merged this way, and must not come out invalid)."""
    try:
        code = merge_file(base, ours, theirs)
    except GitError as error:
        print(visible(f"pilotdesk merge: {shown}: {error}"), file=sys.stderr)
        return FAILED
    if code != CLEAN or texts is None or not any(_is_pilot(text) for text in texts[1:]):
        return code
    try:
        result = read_bytes(ours)
    except (PilotFileError, OSError) as error:
        print(
            visible(f"pilotdesk merge: {shown}: cannot read the result: {error}"), file=sys.stderr
        )
        return CONFLICTS
    if reason:
        print(visible(f"pilotdesk merge: {shown}: merged line by line ({reason})"), file=sys.stderr)
    return _validated(result, shown)


def _is_pilot(text: str) -> bool:
    """A pilot says so: ``schema`` and a ``[pilot]`` table (read as TOML, else by its lines)."""
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError:
        return re.search(r"^\s*\[pilot\]", text, re.MULTILINE) is not None
    return "schema" in data and isinstance(data.get("pilot"), dict)
