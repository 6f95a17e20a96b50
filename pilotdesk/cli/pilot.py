"""The everyday commands on one pilot: ``open``, ``new``, ``check`` of one file and ``email``.

``check`` and ``email`` run in git hooks and scripts: they import neither Textual nor tomlkit,
only what reading and validating a file needs. ``open`` imports the user interface lazily.
May import: :mod:`.common` and :mod:`.git` of the command line, the domain; the rest lazily.
"""

from __future__ import annotations

import argparse
import datetime as dt
import shlex
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from pilotdesk.cli import git, outbox
from pilotdesk.cli.common import (
    EXIT_FINDINGS,
    EXIT_INVALID,
    EXIT_OK,
    read_pilot,
    text_problem,
)
from pilotdesk.domain.errors import PilotFileError
from pilotdesk.domain.text import visible

if TYPE_CHECKING:
    from pilotdesk.pilotfile.read import Parsed


def open_(args: argparse.Namespace) -> int:
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
    # A merge that stopped at this file with only our side in it: editing it would bury the
    # other side's edit at the next `git add`. Say how to get it back instead.
    stuck = git.report_unmerged([path]).get(path)
    if stuck is not None and stuck.only_ours:
        return EXIT_INVALID
    gc.disable()
    # An invalid file stops here, before the screen changes. The editable (tomlkit) document
    # is built after the first paint; a file it cannot edit losslessly then opens read-only.
    try:
        from pilotdesk.session.store import PilotStore

        try:
            store = PilotStore.open(args.file, prepare=False)
        except PilotFileError:
            # A merge left conflicts: resolve them first, or say where each is, as check does.
            if not git.resolve(args.file):
                read_pilot(args.file)
                raise
            store = PilotStore.open(args.file, prepare=False)
    except BaseException:
        gc.enable()  # no first paint will turn it back on
        raise
    git.with_author(store)
    from pilotdesk.ui.app import run

    return run(store, theme=args.theme, today=args.today, present=args.present)


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


def new(args: argparse.Namespace) -> int:
    from pilotdesk.config import config_dir
    from pilotdesk.pilotfile.template import DEFAULT, find, has_vendor, new_pilot_text

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
    vendor = _vendor(args)
    for option, value in (
        ("--prospect", args.prospect),
        ("--product", args.product),
        ("--vendor", vendor),
    ):
        problem = text_problem(value)
        if problem:
            print(f"pilotdesk: {option} {problem}", file=sys.stderr)
            return EXIT_INVALID
    prospect = (
        args.prospect or " ".join(path.stem.replace("-", " ").replace("_", " ").split()).title()
    )
    if text_problem(prospect):
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
        vendor=vendor or "",
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
    if vendor and not has_vendor(template):
        print(
            f'Your template has no {{{{vendor}}}}: add vendor = "{vendor}" under [pilot] in {path}.'
        )
    elif not vendor:
        print(f"Set vendor = in {path} (or in config.toml) to your company's name.")
    print(f"Next: pilotdesk open {path}")
    return EXIT_OK


def _vendor(args: argparse.Namespace) -> str | None:
    """Our company's name for a new pilot: ``--vendor``, else ``vendor`` in config.toml, else
    asked for when a person is at the terminal (Enter leaves it empty); None when not given."""
    if args.vendor is not None:
        return str(args.vendor)
    from pilotdesk.config import load_config

    configured = load_config().vendor
    if configured or not (sys.stdin.isatty() and sys.stdout.isatty()):
        return configured or None
    try:
        answer = input("Your company's name, for emails and reports (Enter to skip): ")
    except EOFError:
        return None
    return answer.strip() or None


def check_one(args: argparse.Namespace) -> int:
    from pilotdesk.domain import readiness
    from pilotdesk.domain.check_summary import summary_lines
    from pilotdesk.merge.git import has_driver

    stuck = git.report_unmerged([args.file])  # before the markers' lines, if it has them
    parsed = read_pilot(args.file)
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
    git.merged_without_driver(args.file, parsed.pilot)
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
    if stuck:  # valid, but git will not commit it as it is: not a pass
        return EXIT_INVALID
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


def email(args: argparse.Namespace) -> int:
    from pilotdesk.domain.mail import NoVerdict, compose

    parsed = read_pilot(args.file)
    try:
        message = compose(parsed.pilot)
    except NoVerdict as error:
        print(visible(f"pilotdesk: {args.file}: {error}"), file=sys.stderr)
        return EXIT_FINDINGS
    # The email quotes the file (names, the concern, criteria): control characters are spelled
    # out where it goes out (outbox), whatever the composer does.
    return outbox.deliver(args, message, parsed.pilot)
