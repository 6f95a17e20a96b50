"""The ``pilotdesk`` command line.

``check`` and ``email`` run in git hooks and scripts: they import neither Textual nor tomlkit,
only what reading and validating a file needs. ``open`` imports the user interface lazily.
"""

from __future__ import annotations

import argparse
import datetime as dt
import errno
import os
import shlex
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from pilotdesk import __version__, cli_git, cli_portfolio, cli_reports
from pilotdesk.domain.errors import PilotdeskError, PilotFileError
from pilotdesk.domain.text import visible

if TYPE_CHECKING:
    from pilotdesk.pilotfile.read import Parsed

EXIT_OK, EXIT_FINDINGS, EXIT_INVALID = 0, 1, 2


def main(argv: Sequence[str] | None = None) -> int:
    if sys.stdout is None or sys.stderr is None:
        # Started with `>&-` or `2>&-`: Python has no stream to write to (and the file
        # descriptor may be reused by the next file opened). Refuse rather than write blind.
        if sys.stderr is not None:
            print("pilotdesk: the standard output is closed; nothing to write to", file=sys.stderr)
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
        print(error.render(), file=sys.stderr)
        return EXIT_INVALID
    except PilotdeskError as error:
        print(visible(f"pilotdesk: {error}"), file=sys.stderr)
        return EXIT_INVALID
    except KeyboardInterrupt:
        return 130
    except OSError as error:  # reading is handled where files are read: this is the output
        return _output_failed(error)


#: Errors that writing standard output raises (a closed pipe, a full disk, a hung-up terminal).
_OUTPUT_ERRNOS = {errno.EPIPE, errno.ENOSPC, errno.EDQUOT, errno.EFBIG, errno.EIO, errno.EBADF}


def _output_failed(error: OSError) -> int:
    """One line on stderr and exit 2 when the output could not be written (`> /dev/full`,
    `| head -0`): a script must not take a half-written summary or email for a whole one."""
    try:
        # What is still buffered would fail again at exit, with a traceback: drop it.
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
    except OSError as again:
        print(f"pilotdesk: {again.strerror or again}", file=sys.stderr)
    if isinstance(error, BrokenPipeError):
        reason = "the output was closed before everything was written"
    elif error.errno in _OUTPUT_ERRNOS:
        reason = f"cannot write the output: {error.strerror or error}"
    else:
        reason = error.strerror or str(error)
    print(f"pilotdesk: {reason}", file=sys.stderr)
    return EXIT_INVALID


def _date(text: str) -> dt.date:
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
    new.add_argument("--prospect", help="the prospect's company (default: from the file name)")
    new.add_argument("--product", help='your product, "your platform" in the email')
    new.add_argument("--starts", type=_date, help="first day of the time-box (default: today)")
    new.add_argument("--ends", type=_date, help="last day of the time-box (default: six weeks on)")
    new.set_defaults(run=_new)

    check = commands.add_parser(
        "check", help="validate pilot files (or every pilot under folders), show their warnings"
    )
    check.add_argument("paths", type=Path, nargs="+", metavar="FILE_OR_FOLDER")
    check.add_argument(
        "--strict", action="store_true", help="exit 1 when any blocker or warning remains"
    )
    check.add_argument("--today", type=_date, help="evaluate as of this date (default: today)")
    check.set_defaults(run=cli_portfolio.check)  # one file: _check below, as it always was

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
    email.set_defaults(run=_email)
    cli_reports.add_commands(commands, email, _date)  # report, calendar, email --status
    cli_git.add_commands(commands, _date)
    cli_portfolio.add_commands(commands, _date)
    return parser


def _open(args: argparse.Namespace) -> int:
    import gc

    path: Path = args.file
    if not path.exists() and not path.is_symlink():
        # Not a problem *in* a file (no FILE:LINE): say what to do instead.
        print(
            f"{path}: no such file; create it with: pilotdesk new {shlex.quote(str(path))}",
            file=sys.stderr,
        )
        return EXIT_INVALID

    # No cyclic collection until the first paint (the app turns it back on, see
    # pilotdesk.ui.app._exempt_from_gc): start-up allocates much and frees little.
    gc.disable()
    # An invalid file stops here, before the screen changes. The editable (tomlkit) document
    # is built after the first paint; a file it cannot edit losslessly then opens read-only.
    try:
        from pilotdesk.session.store import PilotStore

        try:
            store = PilotStore.open(args.file, prepare=False)
        except PilotFileError:
            # A merge left conflicts: resolve them first, or say where each is, as check does.
            if not cli_git.resolve(args.file):
                cli_git.read_pilot(args.file)
                raise
            store = PilotStore.open(args.file, prepare=False)
    except BaseException:
        gc.enable()  # no first paint will turn it back on
        raise
    cli_git.with_author(store)
    from pilotdesk.ui.app import run

    return run(store, theme=args.theme, today=args.today)


def _list_templates() -> int:
    from pilotdesk.config import config_dir
    from pilotdesk.pilotfile.template import DEFAULT, templates

    folder = config_dir() / "templates"
    for template in templates(folder):
        default = " (default)" if template.name == DEFAULT else ""
        where = f" [{template.path}]" if template.path is not None else ""
        print(f"{template.name}{default}: {template.description}{where}")
    print(
        f"\nYour own: NAME.toml in {folder} (a pilot file with {{{{prospect}}}}, {{{{product}}}}, …)"
    )
    return EXIT_OK


def _new(args: argparse.Namespace) -> int:
    from pilotdesk.config import config_dir
    from pilotdesk.pilotfile.template import DEFAULT, find, new_pilot_text

    if args.list_templates:
        return _list_templates()
    if args.file is None:
        print("pilotdesk: new needs a FILE (or --list-templates)", file=sys.stderr)
        return EXIT_INVALID
    path: Path = args.file
    if path.suffix.lower() != ".toml":
        # A pilot file is TOML; editors, git diff drivers and `pilotdesk check *.toml` expect
        # the extension, so `new acme` writes acme.toml (and says so).
        path = path.with_name(path.name + ".toml")
    template = find(DEFAULT if args.template is None else args.template, config_dir() / "templates")
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
        prospect=prospect,
        product=args.product or "Our platform",
        starts=starts,
        ends=ends,
        template=template,
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
    if path != args.file:
        print(f"{args.file} has no .toml extension: writing {path}")
    kind = f" ({template.name} template)" if template.name != DEFAULT or args.template else ""
    print(
        f"Created {path} for {prospect}: {starts} to {ends}, with the commercial checklist{kind}."
    )
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

    parsed = cli_git.read_pilot(args.file)
    today = args.today or dt.date.today()
    hints = _key_hints(args.file, parsed)
    findings = readiness.evaluate(parsed.pilot, today)
    # Everything printed quotes the file: control characters are spelled out (domain.text).
    print(visible("\n".join(summary_lines(parsed.pilot, today))))
    print()
    print(visible(readiness.format_report(findings)))
    for rule in readiness.unknown_ignores(parsed.pilot):
        print(
            visible(f"note: [readiness] ignore names {rule!r}, which is not a rule"),
            file=sys.stderr,
        )
    if has_driver(args.file) is False:
        print(
            visible(
                f"note: {args.file} is in a git repository without pilotdesk's merge driver; "
                "'pilotdesk git setup' lets two people's edits merge by themselves"
            ),
            file=sys.stderr,
        )
    remaining = sum(
        readiness.counts(findings).get(s, 0)
        for s in (readiness.Severity.BLOCKER, readiness.Severity.WARNING)
    )
    return EXIT_FINDINGS if args.strict and (remaining or hints) else EXIT_OK


def _key_hints(path: Path, parsed: Parsed) -> int:
    """Warn (stderr, FILE:LINE: field: ...) about unknown keys that look like known ones."""
    from pilotdesk.domain.hints import misspelt_keys
    from pilotdesk.domain.model import format_path
    from pilotdesk.pilotfile.locate import line_of

    hints = misspelt_keys(parsed.pilot)
    for hint in hints:
        where = f"{path}:{line_of(parsed.text, hint.path)}"
        print(f"{where}: {format_path(hint.path)}: warning: {hint.message}", file=sys.stderr)
    return len(hints)


def _email(args: argparse.Namespace) -> int:
    from pilotdesk.domain.mail import NoVerdict, compose, to_eml

    parsed = cli_git.read_pilot(args.file)
    try:
        message = compose(parsed.pilot)
    except NoVerdict as error:
        print(visible(f"pilotdesk: {args.file}: {error}"), file=sys.stderr)
        return EXIT_FINDINGS
    # The email quotes the file (names, the concern, criteria): control characters are spelled
    # out here, at the output, whatever the composer does. CRLF line ends of --eml are kept.
    if args.eml:
        eml = to_eml(message, parsed.pilot, dt.datetime.now().astimezone())
        sys.stdout.buffer.write(_visible_bytes(eml))
        sys.stdout.flush()
        return EXIT_OK
    # The body alone by default: it is what goes into the message (`pilotdesk email f | pbcopy`
    # pastes clean, as y in the workbook does); the subject has its own field, and its own
    # option, so a script can fill both: mail -s "$(pilotdesk email f --subject)" < <(…).
    text = message.subject + "\n" if args.subject else message.clipboard_text()
    # UTF-8 text whatever the terminal's encoding: a pipe or a file gets it whole.
    sys.stdout.flush()
    sys.stdout.buffer.write(visible(text).encode("utf-8"))
    sys.stdout.flush()
    return EXIT_OK


def _visible_bytes(raw: bytes) -> bytes:
    """:func:`visible` over bytes; anything not UTF-8 passes through as it was."""
    text = raw.decode("utf-8", errors="surrogateescape")
    return visible(text).encode("utf-8", errors="surrogateescape")


if __name__ == "__main__":
    sys.exit(main())
