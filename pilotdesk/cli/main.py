"""The ``pilotdesk`` command line's entry: the parser, and what becomes of an error.

Each group of commands lives in a module of its own (:mod:`.pilot` the everyday ones,
:mod:`.portfolio`, :mod:`.documents`, :mod:`.git`), which registers its commands here; this
module turns their errors into one line on stderr and an exit code. May import every module of
the command line; none of them imports it.
"""

from __future__ import annotations

import argparse
import errno
import os
import sys
from collections.abc import Sequence
from pathlib import Path

from pilotdesk.cli import documents, git, pilot, portfolio
from pilotdesk.cli.common import EXIT_INVALID, date_arg, say
from pilotdesk.crash import report_and_exit_code
from pilotdesk.domain.errors import PilotdeskError, PilotFileError


def main(argv: Sequence[str] | None = None) -> int:
    if sys.stdout is None or sys.stderr is None:
        # Started with `>&-` or `2>&-`: Python has no stream to write to (and the file
        # descriptor may be reused by the next file opened). Refuse rather than write blind.
        if sys.stderr is not None:
            say("pilotdesk: the standard output is closed; nothing to write to", err=True)
        return EXIT_INVALID
    for stream in (sys.stdout, sys.stderr):
        # A terminal that cannot show "—" or "✅" gets a "?" rather than a traceback.
        if (stream.encoding or "").lower().replace("-", "") != "utf8" and hasattr(
            stream, "reconfigure"
        ):
            stream.reconfigure(errors="replace")
    parser = _parser()
    args = parser.parse_args(argv)
    if args.command is None:
        parser.print_help()
        return EXIT_INVALID
    try:
        code = int(args.run(args))
        sys.stdout.flush()  # a full disk or a closed pipe shows here, not at interpreter exit
        return code
    except PilotFileError as error:
        say(error.render(), err=True)
        return EXIT_INVALID
    except PilotdeskError as error:
        say(f"pilotdesk: {error}", err=True)
        return EXIT_INVALID
    except KeyboardInterrupt:
        return 130
    except OSError as error:  # reading is handled where files are read: this is the output
        return _output_failed(error)
    except Exception as error:  # noqa: BLE001 - a bug: one line, a report, exit 70 (crash.py)
        return report_and_exit_code(args.command, error)


#: Errors that writing standard output raises (a closed pipe, a full disk, a hung-up terminal).
_OUTPUT_ERRNOS = {errno.EPIPE, errno.ENOSPC, errno.EDQUOT, errno.EFBIG, errno.EIO, errno.EBADF}


#: The exit status of a command whose reader went away (128 + SIGPIPE, as the shell reports
#: for ``yes | head``).
EXIT_CLOSED_PIPE = 141


def _output_failed(error: OSError) -> int:
    """One line on stderr and exit 2 when the output could not be written (`> /dev/full`):
    a script must not take a half-written summary or email for a whole one. A reader that
    stopped reading (`| head`) is no error to report: silent, as every Unix tool is, with
    the status of a closed pipe (141), which ``set -o pipefail`` still sees."""
    try:
        # What is still buffered would fail again at exit, with a traceback: drop it.
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
    except OSError as again:
        say(f"pilotdesk: {again.strerror or again}", err=True)
    if isinstance(error, BrokenPipeError):
        return EXIT_CLOSED_PIPE
    if error.errno in _OUTPUT_ERRNOS:
        reason = f"cannot write the output: {error.strerror or error}"
    else:
        reason = error.strerror or str(error)
    say(f"pilotdesk: {reason}", err=True)
    return EXIT_INVALID


class _Version(argparse.Action):
    """``--version``: pilotdesk's and the versions a bug report needs (Python, Textual, tomlkit,
    pydantic), read from the packages' metadata: nothing is imported."""

    def __call__(self, parser: argparse.ArgumentParser, *args: object, **kwargs: object) -> None:
        from pilotdesk.about import version_line

        print(version_line())
        parser.exit()


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="pilotdesk",
        description="A terminal workbook for one technical pilot: scorecard, stakeholders, "
        "commercial track and the Technical Win.",
    )
    parser.add_argument(
        "--version", action=_Version, nargs=0, help="pilotdesk's version and its libraries'"
    )
    commands = parser.add_subparsers(dest="command", metavar="COMMAND")

    open_ = commands.add_parser("open", help="open the workbook for a pilot file")
    open_.add_argument("file", type=Path)
    open_.add_argument("--theme", help="dark, light, high-contrast, or a theme name (remembered)")
    open_.add_argument("--today", type=date_arg, help=argparse.SUPPRESS)
    open_.add_argument(
        "--present",
        action=argparse.BooleanOptionalAction,
        help="show only what the prospect may see (projector); --no-present: config.toml's "
        "present = true does not apply",
    )
    open_.set_defaults(run=pilot.open_)

    new = commands.add_parser("new", help="start a pilot file from a template")
    new.add_argument("file", type=Path, nargs="?", help="the file to write (.toml is added)")
    new.add_argument(
        "--template",
        default=None,
        metavar="NAME",
        help="hardware (default), software, or one of yours: --list-templates shows them",
    )
    new.add_argument(
        "--list-templates", action="store_true", help="list the templates and where they are"
    )
    new.add_argument(
        "--sample",
        metavar="NAME",
        help="a copy of a shipped sample pilot instead (acme, northwind, ready): to try pilotdesk",
    )
    new.add_argument("--list-samples", action="store_true", help="list the shipped sample pilots")
    new.add_argument("--prospect", help="the prospect's company (default: from the file name)")
    new.add_argument("--product", help='your product, "your platform" in the email')
    new.add_argument(
        "--vendor", help='your company, in emails and reports (default: config.toml\'s "vendor")'
    )
    new.add_argument("--starts", type=date_arg, help="first day of the time-box (default: today)")
    new.add_argument(
        "--ends", type=date_arg, help="last day of the time-box (default: six weeks on)"
    )
    new.set_defaults(run=pilot.new)

    check = commands.add_parser(
        "check", help="validate pilot files (or every pilot under folders), show their warnings"
    )
    check.add_argument("paths", type=Path, nargs="+", metavar="FILE_OR_FOLDER")
    check.add_argument(
        "--strict", action="store_true", help="exit 1 when any blocker or warning remains"
    )
    check.add_argument("--today", type=date_arg, help="evaluate as of this date (default: today)")
    check.set_defaults(run=portfolio.check)  # one file: _check below, as it always was

    email = commands.add_parser(
        "email",
        help="print the Technical Win confirmation email's body (what you paste into a message)",
    )
    email.add_argument("file", type=Path)
    shape = email.add_mutually_exclusive_group()
    shape.add_argument("--subject", action="store_true", help="print only the subject line")
    shape.add_argument(
        "--eml", action="store_true", help="print a complete RFC 5322 message instead"
    )
    email.set_defaults(run=pilot.email)
    documents.add_commands(commands, email, date_arg)  # report, calendar, email --status
    git.add_commands(commands, date_arg)
    portfolio.add_commands(commands, date_arg)
    return parser


if __name__ == "__main__":
    sys.exit(main())
