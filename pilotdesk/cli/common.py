"""What every part of the command line shares: the exit codes, the date argument, reading a
pilot (with merge conflicts named), the checks on text given as an option, and the one way it
prints: :func:`say` (a line), :func:`say_bytes` (a document), :func:`say_json`, :func:`say_csv`.

**Printing.** A file's text, a folder's or a file's name, a template off a wiki: anything
printed may hold an instruction to the terminal (a window title, a clipboard write, a reset).
Every line the command line prints goes through :func:`pilotdesk.domain.text.visible` (JSON
through :func:`~pilotdesk.domain.text.json_text`), in these helpers;
tests/test_hostile_printing.py fails on a ``print`` or a ``write`` that does not.

It imports neither Textual nor tomlkit (``check`` and ``email`` run in git hooks and must stay
quick). May import: the domain, and the file layer and merge package lazily, inside functions.
"""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import io
import sys
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import TYPE_CHECKING

from pilotdesk.domain.errors import PilotFileError
from pilotdesk.domain.text import json_text, visible

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


# --- printing ---------------------------------------------------------------------------------


def say(text: object = "", *, err: bool = False) -> None:
    """One line (or several) on standard output, or standard error with ``err``: control
    characters, bidi controls and the bytes of a name that is not UTF-8 spelled out."""
    stream = sys.stderr if err else sys.stdout
    stream.write(visible(str(text)) + "\n")


def say_bytes(data: bytes) -> None:
    """A document (an email, a report, a calendar) on standard output, as UTF-8 whatever the
    terminal's encoding, control characters spelled out; CRLF line ends are kept."""
    sys.stdout.flush()
    sys.stdout.buffer.write(visible_bytes(data))
    sys.stdout.flush()


def say_json(value: object) -> None:
    """``value`` as JSON: always valid, nothing raw a terminal acts on (see ``json_text``)."""
    sys.stdout.write(json_text(value) + "\n")


#: What a spreadsheet takes for a formula at the start of a cell (OWASP's list): a cell of a
#: pilot file's text starting so is made inert with a leading apostrophe.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def inert_cell(value: str) -> str:
    """``value`` as a cell no spreadsheet runs: ``=HYPERLINK(…)`` becomes ``'=HYPERLINK(…)``.
    Leading spaces are looked past (spreadsheets do); a plain negative number is a number."""
    stripped = value.lstrip(" ")
    if stripped.startswith(FORMULA_STARTS) and not _is_number(stripped):
        return "'" + value
    return value


def _is_number(text: str) -> bool:
    try:
        float(text)
    except ValueError:
        return False
    return True


def say_csv(
    records: Iterable[Mapping[str, object]], fields: list[str], *, raw: bool = False
) -> None:
    """``records`` as CSV on standard output, one row each, cells made inert (``raw``: as
    they are) and control characters spelled out either way."""
    buffer = io.StringIO(newline="")
    writer = csv.DictWriter(buffer, fieldnames=fields, extrasaction="ignore")
    writer.writeheader()
    for record in records:
        cells = {k: "" if v is None else str(v) for k, v in record.items()}
        writer.writerow(cells if raw else {k: inert_cell(v) for k, v in cells.items()})
    # As bytes: csv ends rows with \r\n itself, and a text stdout on Windows would make that
    # \r\r\n (a blank row after every row in a spreadsheet).
    say_bytes(buffer.getvalue().encode("utf-8", errors="surrogateescape"))
