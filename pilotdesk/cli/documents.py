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

from pilotdesk.cli import outbox
from pilotdesk.cli.common import DATE_HELP, add_output, read_pilot, write_document


def add_commands(
    commands: argparse._SubParsersAction[argparse.ArgumentParser],
    email: argparse.ArgumentParser,
    date: Callable[[str], dt.date],
) -> None:
    """``report`` and ``calendar``, and ``--status`` on the existing ``email`` command."""
    report = commands.add_parser(
        "report", help="a report of the pilot for the prospect or the team"
    )
    report.add_argument("file", type=Path, help="the pilot file (.toml)")
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
    add_output(report)
    report.add_argument(
        "--today",
        type=date,
        metavar="DATE",
        help=f"report as of this day (default: today); {DATE_HELP}",
    )
    report.set_defaults(run=_report)

    calendar = commands.add_parser("calendar", help="the pilots' dates as an iCalendar (.ics) file")
    calendar.add_argument(
        "files", type=Path, nargs="+", metavar="FILE", help="the pilot files (.toml)"
    )
    calendar.add_argument(
        "--for",
        dest="audience",
        choices=("prospect", "team"),
        default="prospect",
        help="prospect (default): their checklist items and dates; team: every date",
    )
    add_output(calendar)
    calendar.set_defaults(run=_calendar)

    email.add_argument(
        "--status",
        action="store_true",
        help="the weekly status update to the champion instead of the Technical Win email",
    )
    email.add_argument(
        "--today",
        type=date,
        metavar="DATE",
        help=f"with --status: as of this day (default: today); {DATE_HELP}",
    )
    technical_win = email.get_default("run")
    email.set_defaults(run=lambda args: _status(args) if args.status else technical_win(args))


def _report(args: argparse.Namespace) -> int:
    from pilotdesk.reports import audiences, html, markdown

    pilot = read_pilot(args.file).pilot
    document = audiences.build(pilot, args.audience, args.today or dt.date.today())
    text = (html if args.format == "html" else markdown).render(document)
    return write_document(text.encode("utf-8"), args.output, like=args.file)


def _calendar(args: argparse.Namespace) -> int:
    from pilotdesk.reports.calendar import calendar

    pilots = [read_pilot(path).pilot for path in args.files]
    stamp = dt.datetime.now(dt.UTC).replace(microsecond=0)
    sources = [str(path.resolve()) for path in args.files]
    return write_document(
        calendar(pilots, stamp, sources=sources, audience=args.audience),
        args.output,
        like=args.files[0],
    )


def _status(args: argparse.Namespace) -> int:
    from pilotdesk.reports.status import compose_status

    pilot = read_pilot(args.file).pilot
    return outbox.deliver(args, compose_status(pilot, args.today or dt.date.today()), pilot)
