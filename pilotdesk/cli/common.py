"""What every part of the command line shares: the exit codes, the date arguments, reading a
pilot (with merge conflicts named), the checks on text given as an option, "did you mean", the
one way a document (an email, a report, a CSV) reaches standard output or a new file, and the
one way it prints: :func:`say` (a line), :func:`say_bytes` (a document), :func:`say_json`,
:func:`csv_bytes`.

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
import csv as csv_module
import datetime as dt
import difflib
import io
import sys
from collections.abc import Callable, Iterable, Mapping
from pathlib import Path
from typing import TYPE_CHECKING, Any

from pilotdesk.domain.dates import DATE_WORDS, DateWordError, Direction, read_date
from pilotdesk.domain.errors import PilotFileError
from pilotdesk.domain.text import json_text, visible

if TYPE_CHECKING:
    from pilotdesk.pilotfile.read import Parsed

EXIT_OK, EXIT_FINDINGS, EXIT_INVALID = 0, 1, 2


#: What a date option says in ``--help`` (the domain's date words; see pilotdesk.domain.dates).
DATE_HELP = f"DATE: {DATE_WORDS}"


def _date_type(direction: Direction) -> Callable[[str], dt.date]:
    def parse(text: str) -> dt.date:
        try:
            return read_date(text, dt.date.today(), direction)
        except DateWordError as error:
            raise argparse.ArgumentTypeError(str(error)) from None

    parse.__name__ = "date"  # argparse names the type in some messages
    return parse


#: Argument types for dates: a bare weekday is refused as ambiguous (``--today``), is the last
#: one (``contact --on friday``), or the next one (a due date).
date_arg = _date_type(None)
past_date_arg = _date_type("past")
future_date_arg = _date_type("future")


def did_you_mean(word: str, known: Iterable[str]) -> str:
    """``; did you mean 'latency'?`` for a near miss among ``known``, else "" (as the file's
    own errors say it: pilotdesk.pilotfile.read)."""
    lowered = {k.lower(): k for k in known}
    found = difflib.get_close_matches(word.strip().lower(), list(lowered), n=1, cutoff=0.6)
    match = [lowered[found[0]]] if found else []
    return f"; did you mean {match[0]!r}?" if match else ""


def add_output(command: argparse.ArgumentParser, csv: bool = False) -> None:
    """``-o OUT`` (and ``--excel`` for a command that writes CSV) on a command that writes a
    document."""
    command.add_argument(
        "-o",
        "--output",
        type=Path,
        metavar="OUT",
        help="write to this new file, never over an existing one (default, or -: stdout)",
    )
    if csv:
        command.add_argument(
            "--excel",
            action="store_true",
            help="CSV for Excel: UTF-8 with a byte order mark, CRLF line ends",
        )


def csv_bytes(
    records: Iterable[Mapping[str, Any]], fields: list[str], excel: bool = False, raw: bool = False
) -> bytes:
    """The one CSV writer of the command line: a header, then one line per record, every cell
    through :func:`csv_cell` (made inert unless ``raw``); CRLF line ends (RFC 4180); ``excel``
    adds a UTF-8 byte order mark, without which Excel reads UTF-8 as the local code page (names
    with accents break). Bytes: a text stdout on Windows would make each row end \\r\\r\\n."""
    buffer = io.StringIO(newline="")
    writer = csv_module.DictWriter(
        buffer, fieldnames=fields, extrasaction="ignore", lineterminator="\r\n"
    )
    writer.writeheader()
    for record in records:
        writer.writerow({k: csv_cell(v, raw) for k, v in record.items()})
    return buffer.getvalue().encode("utf-8-sig" if excel else "utf-8", errors="surrogateescape")


def csv_cell(value: Any, raw: bool = False) -> str:
    """One cell: None is empty, control characters are spelled out, and a cell that would
    start a formula is made inert (:func:`inert_cell`) unless ``raw``."""
    text = "" if value is None else visible(str(value))
    return text if raw else inert_cell(text)


def write_document(data: bytes, output: Path | None, like: Path | None = None) -> int:
    """``data`` to standard output (``output`` None or ``-``; errors there go to the caller's
    output-error handling), control characters spelled out, or to ``output``, a new file, as it
    is: never over an existing file and never through a symbolic link
    (pilotfile.atomic.write_new), with the permissions of ``like`` (the pilot it is made from: a
    report of a 0644 pilot is 0644). Bytes, not text: a pipe, a file and PowerShell's ``>`` get
    the same UTF-8 (and an email's CRLF) whatever the locale."""
    if output is None or str(output) == "-":
        say_bytes(data)
        return EXIT_OK
    from pilotdesk.pilotfile.atomic import os_reason, write_new

    try:
        write_new(output, data, like=like)
    except FileExistsError:
        say(f"pilotdesk: {output} already exists; not overwritten", err=True)
        return EXIT_INVALID
    except OSError as error:
        say(f"pilotdesk: cannot write {output}: {os_reason(error)}", err=True)
        return EXIT_INVALID
    say(f"Wrote {output}", err=True)
    return EXIT_OK


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
    """``records`` as CSV on standard output (:func:`csv_bytes`): cells made inert (``raw``:
    as they are), control characters spelled out either way."""
    say_bytes(csv_bytes(records, fields, raw=raw))
