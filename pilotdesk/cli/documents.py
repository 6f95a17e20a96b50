"""The command line's part for documents: ``report``, ``calendar`` and ``email --status``.

The bodies live here so that :mod:`.main` only registers them. Like the rest of the
command line they import neither Textual nor tomlkit. An invalid file is reported as
``FILE:LINE: field: message`` with exit 2 (by :func:`pilotdesk.cli.main.main`); what goes to
standard output goes through the same output-error handling as ``check``. ``-o`` writes a new
file, never over an existing one and never through a symbolic link.
"""

from __future__ import annotations

import argparse
import datetime as dt
from collections.abc import Callable
from pathlib import Path

from pilotdesk.cli.common import EXIT_INVALID, EXIT_OK, read_pilot, say, say_bytes


def add_commands(
    commands: argparse._SubParsersAction[argparse.ArgumentParser],
    email: argparse.ArgumentParser,
    date: Callable[[str], dt.date],
) -> None:
    """``report`` and ``calendar``, and ``--status`` on the existing ``email`` command."""
    report = commands.add_parser(
        "report", help="a report of the pilot for the prospect or the team"
    )
    report.add_argument("file", type=Path)
    report.add_argument(
        "--for",
        dest="audience",
        choices=("prospect", "team"),
        default="prospect",
        help="prospect (default): only what the prospect may see; team: everything",
    )
    report.add_argument(
        "--format", choices=("md", "html"), default="md", help="md (default) or html"
    )
    report.add_argument(
        "-o", "--output", type=Path, help="write to this new file (default: stdout)"
    )
    report.add_argument("--today", type=date, help="report as of this date (default: today)")
    report.set_defaults(run=_report)

    calendar = commands.add_parser("calendar", help="the pilots' dates as an iCalendar (.ics) file")
    calendar.add_argument("files", type=Path, nargs="+", metavar="FILE")
    calendar.add_argument(
        "-o", "--output", type=Path, help="write to this new file (default: stdout)"
    )
    calendar.add_argument(
        "--for",
        dest="audience",
        choices=("prospect", "team"),
        default="prospect",
        help="prospect (default): their checklist items and dates; team: every date",
    )
    calendar.set_defaults(run=_calendar)

    email.add_argument(
        "--status",
        action="store_true",
        help="the weekly status update to the champion instead of the Technical Win email",
    )
    email.add_argument("--today", type=date, help="with --status: as of this date (default: today)")
    technical_win = email.get_default("run")
    email.set_defaults(run=lambda args: _status(args) if args.status else technical_win(args))


def _report(args: argparse.Namespace) -> int:
    from pilotdesk.reports import audiences, html, markdown

    pilot = read_pilot(args.file).pilot
    document = audiences.build(pilot, args.audience, args.today or dt.date.today())
    text = (html if args.format == "html" else markdown).render(document)
    return _emit(text.encode("utf-8"), args.output, like=args.file)


def _calendar(args: argparse.Namespace) -> int:
    from pilotdesk.reports.calendar import calendar

    pilots = [read_pilot(path).pilot for path in args.files]
    stamp = dt.datetime.now(dt.UTC).replace(microsecond=0)
    sources = [str(path.resolve()) for path in args.files]
    return _emit(
        calendar(pilots, stamp, sources=sources, audience=args.audience),
        args.output,
        like=args.files[0],
    )


def _status(args: argparse.Namespace) -> int:
    from pilotdesk.domain.mail import to_eml
    from pilotdesk.reports.status import compose_status

    pilot = read_pilot(args.file).pilot
    message = compose_status(pilot, args.today or dt.date.today())
    if args.eml:
        return _emit(to_eml(message, pilot, dt.datetime.now().astimezone()), None)
    text = message.subject + "\n" if args.subject else message.clipboard_text()
    return _emit(text.encode("utf-8"), None)


def _emit(data: bytes, output: Path | None, like: Path | None = None) -> int:
    """``data`` to standard output (errors there go to the caller's output-error handling),
    control characters spelled out, or to ``output``, a new file, as it is, with the
    permissions of ``like`` (the pilot it is made from: a report of a 0644 pilot is 0644, as
    the workbook's exports are)."""
    if output is None:
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
