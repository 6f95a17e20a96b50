"""What becomes of an error pilotdesk did not expect: a report in a file, one line on screen.

An unexpected exception is pilotdesk's bug (or a library's), not the user's, and a git hook or
a script must be able to tell it from "findings" (exit 1) and "invalid input" (exit 2): it
exits :data:`EXIT_CRASH` (70, ``EX_SOFTWARE`` in sysexits.h). The screen may be on a projector,
so it shows one line: the command, the kind of error, and where the full report is. The report
(the traceback, versions, platform) goes to ``crashes/`` in the user's state folder, readable
by the user alone. It holds no variable's value, and the exception's own message only for kinds
whose message names code rather than data: a ``KeyError`` or ``ValueError`` may quote a field
of the pilot, an ``AttributeError`` names a class and an attribute.

Imports neither Textual nor tomlkit: it runs when either may be what broke.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import os
import sys
import tempfile
import traceback
from pathlib import Path

from pilotdesk.domain.text import visible

EXIT_CRASH = 70

#: Exceptions whose message names code (a class, an attribute, a module, a function's
#: parameters) rather than the data being worked on: kept in the report. Any other message is
#: left out, since it may quote the pilot.
MESSAGE_NAMES_CODE = (
    AttributeError,
    ImportError,
    NameError,
    NotImplementedError,
    RecursionError,
    TypeError,
)


def crash_folder() -> Path:
    from pilotdesk.config import state_dir

    return state_dir() / "crashes"


def _describe(error: BaseException) -> str:
    kind = f"{type(error).__module__}.{type(error).__qualname__}".removeprefix("builtins.")
    if isinstance(error, MESSAGE_NAMES_CODE):
        return f"{kind}: {error}"
    return f"{kind} (its message is left out: it may quote the pilot file)"


def _chain(error: BaseException) -> list[BaseException]:
    """The exception and those it was raised from or during, the first one first."""
    chain: list[BaseException] = []
    current: BaseException | None = error
    while current is not None and current not in chain:
        chain.append(current)
        current = current.__cause__ or (
            None if current.__suppress_context__ else current.__context__
        )
    return chain[::-1]


def report_text(command: str, error: BaseException) -> str:
    """The crash report: what ran, on what, and where it failed (frames, not values)."""
    from pilotdesk.about import platform_line, version_line

    lines = [
        f"pilotdesk crash report, {dt.datetime.now().astimezone().isoformat(timespec='seconds')}",
        f"command: pilotdesk {command}",
        version_line(),
        platform_line(),
        "",
    ]
    for index, each in enumerate(_chain(error)):
        if index:
            lines.append("\nwhile handling the error above, or because of it:\n")
        lines.append("Traceback (most recent call last):")
        frames = traceback.extract_tb(each.__traceback__)
        lines.append("".join(traceback.format_list(frames)).rstrip("\n"))
        lines.append(_describe(each))
    return "\n".join(lines) + "\n"


def write_report(command: str, error: BaseException) -> tuple[Path | None, str | None]:
    """Write the report (a new file, 0600); returns where, or None and why it could not be."""
    text = report_text(command, error).encode("utf-8", errors="replace")
    stamp = dt.datetime.now().strftime("%Y%m%d-%H%M%S")
    name = f"crash-{stamp}-{os.getpid()}.txt"
    reasons: list[str] = []
    for folder in (crash_folder(), Path(tempfile.gettempdir())):
        path = folder / name
        try:
            folder.mkdir(mode=0o700, parents=True, exist_ok=True)
            flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_BINARY", 0)
            fd = os.open(path, flags, 0o600)
            with os.fdopen(fd, "wb") as handle:
                handle.write(text)
        except OSError as problem:
            reasons.append(f"{folder}: {problem.strerror or problem}")
            continue
        return path, None
    return None, "; ".join(reasons)


def crash_line(command: str, error: BaseException, kept: str | None = None) -> str:
    """Write the report and return the one line to show: the command, the kind of error, where
    the report is (and ``kept``: what became of unsaved work, when there was any)."""
    report, problem = write_report(command, error)
    where = f"the report is in {report}" if report else f"no report could be written ({problem})"
    line = (
        f"pilotdesk: {command} stopped on an unexpected error ({type(error).__name__}), "
        f"a bug in pilotdesk; {where}"
    )
    if kept:
        line += f"; {kept}"
    return visible(line)


def report_and_exit_code(command: str, error: BaseException, kept: str | None = None) -> int:
    """For the command line: the one line on stderr, and :data:`EXIT_CRASH`."""
    line = crash_line(command, error, kept)
    # stderr may be gone too: the report is written and the exit code says what happened.
    with contextlib.suppress(OSError, ValueError):
        print(line, file=sys.stderr)
    return EXIT_CRASH
