"""``pilotdesk merge BASE OURS THEIRS [PATH]``: git's merge driver interface around the engine.

Git hands the driver three temporary files and expects the result in OURS, exit 0 when clean
and non-zero when conflicts remain. A file that is not a pilot, or not TOML at all, is merged by
``git merge-file`` instead, so that a broad pattern such as ``*.toml`` is safe.
"""

from __future__ import annotations

import sys
from pathlib import Path

from pilotdesk.domain.errors import PilotFileError
from pilotdesk.domain.text import visible
from pilotdesk.merge.blocks import Unmergeable
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
    except Unmergeable:
        return _line_merge(base, ours, theirs, shown)
    if crlf and not all("\r\n" in text for text in texts):
        return _line_merge(base, ours, theirs, shown)
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
    try:
        parse_bytes(merged.text.encode("utf-8"), shown)
    except PilotFileError as error:
        # Each side was valid; together they are not (one deleted a stakeholder the other
        # names): git must not record this as a clean merge.
        print(
            visible(f"pilotdesk merge: {shown}: merged, but the result is not valid:"),
            file=sys.stderr,
        )
        print(visible(error.render()), file=sys.stderr)
        return CONFLICTS
    return CLEAN


def _line_merge(base: Path, ours: Path, theirs: Path, shown: str) -> int:
    try:
        return merge_file(base, ours, theirs)
    except GitError as error:
        print(visible(f"pilotdesk merge: {shown}: {error}"), file=sys.stderr)
        return FAILED
