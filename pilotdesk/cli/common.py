"""What every part of the command line shares: the exit codes, the date argument, reading a
pilot (with merge conflicts named), and the checks on text given as an option.

It imports neither Textual nor tomlkit (``check`` and ``email`` run in git hooks and must stay
quick). May import: the domain, and the file layer and merge package lazily, inside functions.
"""

from __future__ import annotations

import argparse
import datetime as dt
from pathlib import Path
from typing import TYPE_CHECKING

from pilotdesk.domain.errors import PilotFileError
from pilotdesk.domain.text import visible

if TYPE_CHECKING:
    from pilotdesk.pilotfile.read import Parsed

EXIT_OK, EXIT_FINDINGS, EXIT_INVALID = 0, 1, 2


def date_arg(text: str) -> dt.date:
    from pilotdesk.domain.limits import date_in_range, range_words

    try:
        day = dt.date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a date like 2026-11-20") from None
    if not date_in_range(day):
        raise argparse.ArgumentTypeError(
            f"{text} is out of range: pilotdesk reads dates {range_words()}"
        )
    return day


def read_pilot(path: Path) -> Parsed:
    """Read and validate; a file with merge conflict markers says where each conflict is."""
    from pilotdesk.pilotfile.read import read_file

    try:
        return read_file(path)[1]
    except PilotFileError:
        text = conflicted_text(path)
        if text is None:
            raise
        from pilotdesk.merge.conflicts import locations

        raise PilotFileError(path, locations(text)) from None


def conflicted_text(path: Path) -> str | None:
    """The file's text when it holds merge conflict markers, else None."""
    from pilotdesk.merge.conflicts import has_markers
    from pilotdesk.pilotfile.read import read_bytes

    try:
        text = read_bytes(path).decode("utf-8")  # never waits on a FIFO, never reads 1 GB
    except (PilotFileError, OSError, UnicodeDecodeError):
        return None
    return text if has_markers(text) else None


def visible_bytes(raw: bytes) -> bytes:
    """:func:`visible` over bytes; anything not UTF-8 passes through as it was."""
    text = raw.decode("utf-8", errors="surrogateescape")
    return visible(text).encode("utf-8", errors="surrogateescape")


def text_problem(value: str | None) -> str | None:
    """Why an option's text cannot go into the file (None: it can, or it was not given)."""
    if value is None:
        return None
    if not value.strip():
        return "must not be empty"
    try:
        value.encode("utf-8")
    except UnicodeEncodeError:
        return "is not valid UTF-8 text"
    return None
