"""The ``pilotdesk`` command line.

``check`` and ``email`` run in git hooks and scripts: they import neither Textual nor tomlkit,
only what reading and validating a file needs. ``open`` imports the user interface lazily.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from pilotdesk import __version__
from pilotdesk.domain.errors import PilotdeskError, PilotFileError

if TYPE_CHECKING:
    from pilotdesk.pilotfile.read import Parsed
    from pilotdesk.session.store import PilotStore

EXIT_OK, EXIT_FINDINGS, EXIT_INVALID = 0, 1, 2


def main(argv: Sequence[str] | None = None) -> int:
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
        return int(args.run(args))
    except PilotFileError as error:
        print(error.render(), file=sys.stderr)
        return EXIT_INVALID
    except PilotdeskError as error:
        print(f"pilotdesk: {error}", file=sys.stderr)
        return EXIT_INVALID
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:
        # `pilotdesk check acme.toml | head`: the reader left; say nothing more.
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return EXIT_OK


def _date(text: str) -> dt.date:
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a date like 2026-11-20") from None


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="pilotdesk",
        description="A terminal workbook for one technical pilot: scorecard, stakeholders, "
        "commercial track and the Technical Win.",
    )
    parser.add_argument("--version", action="version", version=f"pilotdesk {__version__}")
    commands = parser.add_subparsers(dest="command", metavar="COMMAND")

    open_ = commands.add_parser("open", help="open the workbook for a pilot file")
    open_.add_argument("file", type=Path)
    open_.add_argument("--theme", help="dark, light, high-contrast, or a theme name (remembered)")
    open_.add_argument("--today", type=_date, help=argparse.SUPPRESS)
    open_.set_defaults(run=_open)

    new = commands.add_parser("new", help="start a pilot file from the template")
    new.add_argument("file", type=Path)
    new.add_argument("--prospect", help="the prospect's company (default: from the file name)")
    new.add_argument("--product", help='your product, "your platform" in the email')
    new.add_argument("--starts", type=_date, help="first day of the time-box (default: today)")
    new.add_argument("--ends", type=_date, help="last day of the time-box (default: six weeks on)")
    new.set_defaults(run=_new)

    check = commands.add_parser(
        "check", help="validate a pilot file and show its readiness warnings"
    )
    check.add_argument("file", type=Path)
    check.add_argument(
        "--strict", action="store_true", help="exit 1 when any blocker or warning remains"
    )
    check.add_argument("--today", type=_date, help="evaluate as of this date (default: today)")
    check.set_defaults(run=_check)

    email = commands.add_parser("email", help="print the Technical Win confirmation email")
    email.add_argument("file", type=Path)
    email.add_argument(
        "--eml", action="store_true", help="print a complete RFC 5322 message instead"
    )
    email.set_defaults(run=_email)
    _git_commands(commands)
    return parser


def _git_commands(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """The commands for working with git, and for writers besides the workbook."""
    mark = commands.add_parser("mark", help="record a criterion's status (and result) in a file")
    mark.add_argument("file", type=Path)
    mark.add_argument("criterion", help="the criterion's id")
    mark.add_argument("status", help="passed, failed or pending")
    mark.add_argument("--result", help="the measured result")
    mark.add_argument("--evidence", help="where the result is documented")
    mark.set_defaults(run=_mark)

    contact = commands.add_parser("contact", help="record the last contact with a stakeholder")
    contact.add_argument("file", type=Path)
    contact.add_argument("stakeholder", help="the stakeholder's id")
    contact.add_argument("--on", type=_date, help="the date of the contact (default: today)")
    contact.set_defaults(run=_contact)

    merge = commands.add_parser(
        "merge", help="three-way merge of pilot files (git's merge driver; see 'git setup')"
    )
    for name in ("base", "ours", "theirs"):
        merge.add_argument(name, type=Path)
    merge.add_argument("path", nargs="?", help="the file's path in the repository")
    merge.set_defaults(run=_merge)

    git = commands.add_parser("git", help="set up git to merge pilot files by meaning")
    git_commands = git.add_subparsers(dest="git_command", metavar="COMMAND", required=True)
    setup = git_commands.add_parser(
        "setup", help="register pilotdesk's merge driver in this repository (once per clone)"
    )
    setup.add_argument(
        "--pattern", default="*.toml", help="the files to merge with it (default: *.toml)"
    )
    setup.set_defaults(run=_git_setup)


def _open(args: argparse.Namespace) -> int:
    from pilotdesk.session.store import PilotStore

    # An invalid file stops here, before the screen changes. The editable (tomlkit) document
    # is built after the first paint; a file it cannot edit losslessly then opens read-only.
    try:
        store = PilotStore.open(args.file, prepare=False)
    except PilotFileError:
        # A merge left conflicts: resolve them first, or say where each one is, as check does.
        if not _resolve(args.file):
            _read(args.file)
            raise
        store = PilotStore.open(args.file, prepare=False)
    _with_author(store)
    from pilotdesk.ui.app import run

    return run(store, theme=args.theme, today=args.today)


def _new(args: argparse.Namespace) -> int:
    from pilotdesk.pilotfile.template import new_pilot_text

    path: Path = args.file
    if path.exists():
        print(f"pilotdesk: {path} already exists; not overwritten", file=sys.stderr)
        return EXIT_INVALID
    starts = args.starts or dt.date.today()
    ends = args.ends or starts + dt.timedelta(weeks=6)
    if ends < starts:
        print(f"pilotdesk: the time-box ends ({ends}) before it starts ({starts})", file=sys.stderr)
        return EXIT_INVALID
    for option, value in (("--prospect", args.prospect), ("--product", args.product)):
        problem = _text_problem(value)
        if problem:
            print(f"pilotdesk: {option} {problem}", file=sys.stderr)
            return EXIT_INVALID
    prospect = (
        args.prospect or " ".join(path.stem.replace("-", " ").replace("_", " ").split()).title()
    )
    if _text_problem(prospect):
        print(
            f"pilotdesk: no prospect name in the file name {path.name!r}; give one with --prospect",
            file=sys.stderr,
        )
        return EXIT_INVALID
    text = new_pilot_text(
        prospect=prospect, product=args.product or "Our platform", starts=starts, ends=ends
    )
    try:
        with path.open("x", encoding="utf-8", newline="") as handle:
            handle.write(text)
    except FileExistsError:
        print(f"pilotdesk: {path} already exists; not overwritten", file=sys.stderr)
        return EXIT_INVALID
    except OSError as error:
        print(f"pilotdesk: cannot create {path}: {error.strerror or error}", file=sys.stderr)
        return EXIT_INVALID
    print(f"Created {path} for {prospect}: {starts} to {ends}, with the commercial checklist.")
    if not args.product:
        print(f"Set product = in {path} to the name the email should use for your platform.")
    print(f"Next: pilotdesk open {path}")
    return EXIT_OK


def _text_problem(value: str | None) -> str | None:
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


def _check(args: argparse.Namespace) -> int:
    from pilotdesk.domain import readiness
    from pilotdesk.domain.check_summary import summary_lines
    from pilotdesk.merge.git import has_driver

    parsed = _read(args.file)
    today = args.today or dt.date.today()
    findings = readiness.evaluate(parsed.pilot, today)
    print("\n".join(summary_lines(parsed.pilot, today)))
    print()
    print(readiness.format_report(findings))
    for rule in readiness.unknown_ignores(parsed.pilot):
        print(f"note: [readiness] ignore names {rule!r}, which is not a rule", file=sys.stderr)
    if has_driver(args.file) is False:
        print(
            f"note: {args.file} is in a git repository without pilotdesk's merge driver; "
            "'pilotdesk git setup' lets two people's edits merge by themselves",
            file=sys.stderr,
        )
    remaining = sum(
        readiness.counts(findings).get(s, 0)
        for s in (readiness.Severity.BLOCKER, readiness.Severity.WARNING)
    )
    return EXIT_FINDINGS if args.strict and remaining else EXIT_OK


def _email(args: argparse.Namespace) -> int:
    from pilotdesk.domain.mail import NoVerdict, compose, to_eml

    parsed = _read(args.file)
    try:
        message = compose(parsed.pilot)
    except NoVerdict as error:
        print(f"pilotdesk: {args.file}: {error}", file=sys.stderr)
        return EXIT_FINDINGS
    if args.eml:
        sys.stdout.buffer.write(to_eml(message, parsed.pilot, dt.datetime.now().astimezone()))
        sys.stdout.flush()
    else:
        # The email is UTF-8 text whatever the terminal's encoding: a pipe or a file gets it whole.
        sys.stdout.flush()
        sys.stdout.buffer.write(message.as_text().encode("utf-8"))
        sys.stdout.flush()
    return EXIT_OK


# --- git, and writers besides the workbook --------------------------------------------------


def _read(path: Path) -> Parsed:
    """Read and validate; a file with merge conflict markers says where each conflict is."""
    from pilotdesk.pilotfile.read import read_file

    try:
        return read_file(path)[1]
    except PilotFileError:
        text = _conflicted_text(path)
        if text is None:
            raise
        from pilotdesk.merge.conflicts import locations

        raise PilotFileError(path, locations(text)) from None


def _conflicted_text(path: Path) -> str | None:
    """The file's text when it holds merge conflict markers, else None."""
    from pilotdesk.merge.conflicts import has_markers

    try:
        text = path.read_bytes().decode("utf-8")
    except (OSError, UnicodeDecodeError):
        return None
    return text if has_markers(text) else None


def _resolve(path: Path) -> bool:
    """The resolve screen for a file with conflicts; True once it is resolved and saved.
    False at once for a file without complete conflicts (it is invalid for another reason)."""
    from pilotdesk.merge.conflicts import find_conflicts

    text = _conflicted_text(path)
    if text is None or not find_conflicts(text):
        return False
    from pilotdesk.ui.resolve import run_resolve

    return run_resolve(path)


def _with_author(store: PilotStore) -> PilotStore:
    from pilotdesk.merge.git import author

    store.author = author(store.path.resolve().parent) or None
    return store


def _mark(args: argparse.Namespace) -> int:
    from pilotdesk.domain.model import CRITERION_STATUSES
    from pilotdesk.session.changes import Batch, SetFields, SetStatus

    if args.status not in CRITERION_STATUSES:
        known = ", ".join(CRITERION_STATUSES)
        print(f"pilotdesk: status {args.status!r} is not one of {known}", file=sys.stderr)
        return EXIT_INVALID
    fields = {k: v for k, v in (("result", args.result), ("evidence", args.evidence)) if v}
    change: Any = SetStatus("criteria", args.criterion, args.status)
    if fields:
        change = Batch((change, SetFields("criteria", args.criterion, fields)))
    return _write(args.file, change)


def _contact(args: argparse.Namespace) -> int:
    from pilotdesk.session.changes import SetFields

    on = args.on or dt.date.today()
    return _write(args.file, SetFields("stakeholders", args.stakeholder, {"last_contact": on}))


def _write(path: Path, change: Any) -> int:
    """One change through the store, as the workbook makes it: validated, logged, saved."""
    from pilotdesk.session.store import PilotStore

    store = _with_author(PilotStore.open(path, prepare=False))
    outcome = store.apply(change)
    if outcome.save_error is not None:
        print(f"pilotdesk: {outcome.save_error}", file=sys.stderr)
        return EXIT_INVALID
    print(f"{path}: {outcome.description}")
    return EXIT_OK


def _merge(args: argparse.Namespace) -> int:
    from pilotdesk.merge.driver import run

    return run(args.base, args.ours, args.theirs, args.path)


def _git_setup(args: argparse.Namespace) -> int:
    from pilotdesk.merge.git import GitError, setup

    try:
        report = setup(Path.cwd(), args.pattern)
    except GitError as error:
        print(f"pilotdesk: {error}", file=sys.stderr)
        return EXIT_INVALID
    if not report.changed:
        print(f"{report.root}: already set up; nothing changed")
    for change in report.changed:
        print(f"{report.root}: {change}")
    if any(change.startswith(".gitattributes") for change in report.changed):
        print("Commit .gitattributes so that every clone routes the files to the driver;")
        print("each clone runs 'pilotdesk git setup' once to register it.")
    return EXIT_OK


if __name__ == "__main__":
    sys.exit(main())
