"""The ``pilotdesk`` command line's entry: the parser, and what becomes of an error.

Each group of commands lives in a module of its own (:mod:`.pilot` the everyday ones,
:mod:`.portfolio`, :mod:`.documents`, :mod:`.git`), which registers its commands here; this
module turns their errors into one line on stderr and an exit code. May import every module of
the command line; none of them imports it.
"""

from __future__ import annotations

import argparse
import datetime as dt
import errno
import os
import re
import sys
import textwrap
from collections.abc import Sequence
from pathlib import Path
from typing import NoReturn, cast

from pilotdesk.cli import completion, documents, git, outbox, people, pilot, portfolio
from pilotdesk.cli.common import (
    DATE_HELP,
    EXIT_INVALID,
    date_arg,
    did_you_mean,
    future_date_arg,
    say,
)
from pilotdesk.crash import report_and_exit_code
from pilotdesk.domain.dates import DATE_WORDS
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
    args = parser.parse_args(_dates_as_values(sys.argv[1:] if argv is None else argv))
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

        say(version_line())
        parser.exit()


#: The commands as ``--help`` lists them, by what they are for, each with an example. Every
#: command is in one group (tests/test_cli_tools.py), so a new one cannot go unlisted.
GROUPS: tuple[tuple[str, tuple[tuple[str, str], ...]], ...] = (
    (
        "Everyday, on one pilot",
        (
            ("open", "pilotdesk open acme.toml"),
            ("new", 'pilotdesk new acme --prospect "Acme Robotics" --product "Lumen S3"'),
            ("check", "pilotdesk check acme.toml --strict"),
            ("email", "pilotdesk email acme.toml --status --copy"),
            ("mark", 'pilotdesk mark acme.toml snr passed --result "48.3 dB"'),
            ("contact", "pilotdesk contact acme.toml maria --on yesterday"),
        ),
    ),
    (
        "Many pilots at once",
        (
            ("status", "pilotdesk status pilots/ --format csv -o status.csv"),
            ("gaps", "pilotdesk gaps pilots/ --format json"),
            ("contacts", "pilotdesk contacts pilots/ -o contacts.csv --excel"),
            ("board", "pilotdesk board pilots/"),
        ),
    ),
    (
        "Documents for people who never open a terminal",
        (
            ("report", "pilotdesk report acme.toml --for prospect --format html -o acme.html"),
            ("calendar", "pilotdesk calendar pilots/*.toml -o pilots.ics"),
        ),
    ),
    (
        "Setup and git plumbing",
        (
            ("completion", 'eval "$(pilotdesk completion bash)"'),
            ("git", "pilotdesk git setup"),
            ("merge", "git calls it: pilotdesk merge %O %A %B %P"),
        ),
    ),
)

FILE_HELP = "the pilot file (.toml)"

#: The options that take a date, and a date that argparse would take for an option (``-2d``).
_DATE_OPTIONS = ("--on", "--today", "--starts", "--ends")
_NEGATIVE = re.compile(r"-\s*\d+\s*[dwDW]")


def _dates_as_values(argv: Sequence[str]) -> list[str]:
    """``--on -2d`` as ``--on=-2d``: argparse reads a word that starts with ``-`` (and is not a
    plain number) as an option, so two days ago would be refused as a missing value. And
    ``--on last tuesday`` unquoted as ``--on=last tuesday``: the shell made it two words."""
    out: list[str] = []
    tokens = list(argv)
    index = 0
    while index < len(tokens):
        token = tokens[index]
        after_date = bool(out) and out[-1] in _DATE_OPTIONS
        following = tokens[index + 1].lower() if index + 1 < len(tokens) else ""
        if after_date and _NEGATIVE.fullmatch(token):
            out[-1] = f"{out[-1]}={token}"
        elif after_date and token.lower() in ("last", "next") and _is_weekday(following):
            out[-1] = f"{out[-1]}={token} {tokens[index + 1]}"
            index += 1
        else:
            out.append(token)
        index += 1
    return out


def _is_weekday(word: str) -> bool:
    from pilotdesk.domain.dates import parse_date

    return parse_date(f"last {word}", dt.date.today()) is not None


class _Parser(argparse.ArgumentParser):
    """argparse, with "did you mean" after a mistyped choice (a command, a --format, a shell),
    as the file's own errors say it. Every command's parser is one too (subparsers are made
    of the parser's own class)."""

    def error(self, message: str) -> NoReturn:
        choice = _INVALID_CHOICE.search(message)
        if choice is not None:
            known = re.findall(r"'([^']*)'", choice.group(2))
            message = message.replace(
                choice.group(0), choice.group(0) + did_you_mean(choice.group(1), known)
            )
        super().error(message)


_INVALID_CHOICE = re.compile(r"invalid choice: '([^']*)' \(choose from (.*)\)")


def _parser() -> argparse.ArgumentParser:
    parser = _Parser(
        prog="pilotdesk",
        description="A terminal workbook for one technical pilot: scorecard, stakeholders, "
        "commercial track and the Technical Win.",
        epilog=f"Dates (--on, --today, --starts, --ends): {DATE_WORDS}.\n"
        "A bare weekday is the last one for a contact, the next one for a time-box end.",
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument(
        "--version", action=_Version, nargs=0, help="pilotdesk's version and its libraries'"
    )
    # Typed as argparse's own: the groups of commands need only what every parser has.
    commands = cast(
        "argparse._SubParsersAction[argparse.ArgumentParser]",
        parser.add_subparsers(dest="command", metavar="COMMAND", help=argparse.SUPPRESS),
    )
    # Set after the subparsers, whose own usage starts with the parser's prog, not this line.
    parser.usage = "pilotdesk COMMAND [ARGUMENTS]   (pilotdesk COMMAND --help: one command's)"

    open_ = commands.add_parser("open", help="open the workbook for a pilot file")
    open_.add_argument("file", type=Path, help=FILE_HELP)
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
    new.add_argument(
        "--starts",
        type=date_arg,
        metavar="DATE",
        help=f"first day of the time-box (default: today); {DATE_HELP}",
    )
    new.add_argument(
        "--ends",
        type=future_date_arg,
        metavar="DATE",
        help=f"last day of the time-box (default: six weeks on); {DATE_HELP}",
    )
    new.set_defaults(run=pilot.new)

    check = commands.add_parser(
        "check", help="validate pilot files (or every pilot under folders), show their warnings"
    )
    check.add_argument(
        "paths",
        type=Path,
        nargs="+",
        metavar="FILE_OR_FOLDER",
        help="pilot files, or folders to look in for them",
    )
    check.add_argument(
        "--strict", action="store_true", help="exit 1 when any blocker or warning remains"
    )
    check.add_argument(
        "--today",
        type=date_arg,
        metavar="DATE",
        help=f"evaluate as of this day (default: today); {DATE_HELP}",
    )
    check.set_defaults(run=portfolio.check)  # one file: _check below, as it always was

    email = commands.add_parser(
        "email",
        help="the Technical Win email (or --status, the weekly update): print, copy or mail it",
    )
    email.add_argument("file", type=Path, help=FILE_HELP)
    shape = email.add_mutually_exclusive_group()
    shape.add_argument("--subject", action="store_true", help="only the subject line")
    shape.add_argument("--eml", action="store_true", help="a complete RFC 5322 message instead")
    outbox.add_delivery(email)
    email.set_defaults(run=pilot.email)
    documents.add_commands(commands, email, date_arg)  # report, calendar, email --status
    git.add_commands(commands, date_arg)
    portfolio.add_commands(commands, date_arg)
    people.add_commands(commands, date_arg)
    completion.add_commands(commands, _parser)
    _describe(parser, commands)
    return parser


def _describe(
    parser: argparse.ArgumentParser,
    commands: argparse._SubParsersAction[argparse.ArgumentParser],
) -> None:
    """The commands in groups in the top ``--help``, and each command's example in its own."""
    helps = {action.dest: action.help or "" for action in commands._choices_actions}
    width = max(len(name) for _, group in GROUPS for name, _ in group)
    lines = [textwrap.fill(str(parser.description), 79), ""]
    for title, group in GROUPS:
        lines.append(f"{title}:")
        for name, example in group:
            lines.append(f"  {name.ljust(width)}  {helps.get(name, '')}")
            lines.append(f"  {''.ljust(width)}    e.g. {example}")
            command = commands.choices[name]
            example_line = f"example: {example}"
            command.epilog = f"{command.epilog}\n{example_line}" if command.epilog else example_line
        lines.append("")
    parser.description = "\n".join(lines).rstrip()


if __name__ == "__main__":
    sys.exit(main())
