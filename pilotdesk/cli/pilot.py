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
    say,
    text_problem,
)
from pilotdesk.domain.errors import PilotFileError

if TYPE_CHECKING:
    from pilotdesk.pilotfile.read import Parsed


def open_(args: argparse.Namespace) -> int:
    import gc

    path: Path = args.file
    if not path.exists() and not path.is_symlink():
        # Not a problem *in* a file (no FILE:LINE): say what to do instead.
        say(
            f"{path}: no such file; create it with: pilotdesk new {shlex.quote(str(path))}",
            err=True,
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
    from pilotdesk.ui.launch import run

    return run(store, theme=args.theme, today=args.today, present=args.present)


def _list_templates() -> int:
    from pilotdesk.config import config_dir
    from pilotdesk.pilotfile.template import DEFAULT, templates

    folder = config_dir() / "templates"
    for template in templates(folder):
        default = " (default)" if template.name == DEFAULT else ""
        where = f" [{template.path}]" if template.path is not None else ""
        say(f"{template.name}{default}: {template.description}{where}")
    say(
        f"\nYour own: NAME.toml in {folder} (a pilot file with {{{{prospect}}}}, {{{{product}}}}, …)"
    )
    return EXIT_OK


def _samples() -> dict[str, Path]:
    """The sample pilots shipped with pilotdesk (inside the installed package too)."""
    from pilotdesk.resources import data_dir

    return {p.stem: p for p in sorted(data_dir("sample_pilots").glob("*.toml"))}


def _list_samples() -> int:
    for name, sample in _samples().items():
        first = sample.read_text(encoding="utf-8").partition("\n")[0]
        say(f"{name}: {first.lstrip('# ').strip()}")
    say("\nTry one: pilotdesk new acme-try.toml --sample acme && pilotdesk open acme-try.toml")
    return EXIT_OK


def _write_new(path: Path, text: str) -> int | None:
    """Create ``path`` with ``text``, never over a file; an exit code when it could not be."""
    try:
        with path.open("x", encoding="utf-8", newline="") as handle:
            handle.write(text)
    except FileExistsError:
        say(f"pilotdesk: {path} already exists; not overwritten", err=True)
        return EXIT_INVALID
    except OSError as error:
        say(f"pilotdesk: cannot create {path}: {error.strerror or error}", err=True)
        return EXIT_INVALID
    return None


def _new_sample(path: Path, name: str) -> int:
    """A copy of a shipped sample, as it is (its dates are those of the story it tells)."""
    samples = _samples()
    if name not in samples:
        names = ", ".join(samples)
        say(f"pilotdesk: no sample called {name!r}; there are: {names}", err=True)
        return EXIT_INVALID
    failed = _write_new(path, samples[name].read_text(encoding="utf-8"))
    if failed is not None:
        return failed
    say(f"Created {path}, a copy of the {name} sample pilot.")
    say(f"Next: pilotdesk open {shlex.quote(str(path))}")
    return EXIT_OK


def new(args: argparse.Namespace) -> int:
    from pilotdesk.config import config_dir
    from pilotdesk.pilotfile.template import DEFAULT, find, has_vendor, new_pilot_text

    if args.list_templates:
        return _list_templates()
    if args.list_samples:
        return _list_samples()
    if args.file is None:
        say("pilotdesk: new needs a FILE (or --list-templates, --list-samples)", err=True)
        return EXIT_INVALID
    path: Path = args.file
    if path.suffix.lower() != ".toml":
        # A pilot file is TOML; editors, git diff drivers and `pilotdesk check *.toml` expect
        # the extension, so `new acme` writes acme.toml (and says so).
        path = path.with_name(path.name + ".toml")
    if args.sample is not None:
        return _new_sample(path, args.sample)
    template = find(DEFAULT if args.template is None else args.template, config_dir() / "templates")
    if path.exists():
        say(f"pilotdesk: {path} already exists; not overwritten", err=True)
        return EXIT_INVALID
    starts = args.starts or dt.date.today()
    ends = args.ends or starts + dt.timedelta(weeks=6)
    if ends < starts:
        say(f"pilotdesk: the time-box ends ({ends}) before it starts ({starts})", err=True)
        return EXIT_INVALID
    vendor = _vendor(args)
    for option, value in (
        ("--prospect", args.prospect),
        ("--product", args.product),
        ("--vendor", vendor),
    ):
        problem = text_problem(value)
        if problem:
            say(f"pilotdesk: {option} {problem}", err=True)
            return EXIT_INVALID
    prospect = (
        args.prospect or " ".join(path.stem.replace("-", " ").replace("_", " ").split()).title()
    )
    if text_problem(prospect):
        say(
            f"pilotdesk: no prospect name in the file name {path.name!r}; give one with --prospect",
            err=True,
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
    failed = _write_new(path, text)
    if failed is not None:
        return failed
    if path != args.file:
        say(f"{args.file} has no .toml extension: writing {path}")
    kind = f" ({template.name} template)" if template.name != DEFAULT or args.template else ""
    say(f"Created {path} for {prospect}: {starts} to {ends}, with the commercial checklist{kind}.")
    if not args.product:
        say(f"Set product = in {path} to the name the email should use for your platform.")
    if vendor and not has_vendor(template):
        say(
            f'Your template has no {{{{vendor}}}}: add vendor = "{vendor}" under [pilot] in {path}.'
        )
    elif not vendor:
        say(f"Set vendor = in {path} (or in config.toml) to your company's name.")
    say(f"Next: pilotdesk open {shlex.quote(str(path))}")
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
    say("\n".join(summary_lines(parsed.pilot, today)))
    say()
    say(readiness.format_report(findings))
    for rule in readiness.unknown_ignores(parsed.pilot):
        say(f"note: [readiness] ignore names {rule!r}, which is not a rule", err=True)
    git.merged_without_driver(args.file, parsed.pilot)
    if has_driver(args.file) is False:
        say(
            f"note: {args.file} is in a git repository without pilotdesk's merge driver; "
            "'pilotdesk git setup' lets two people's edits merge by themselves",
            err=True,
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
        say(f"{where}: {format_path(hint.path)}: warning: {hint.message}", err=True)
    return len(hints)


def email(args: argparse.Namespace) -> int:
    from pilotdesk.domain.mail import NoVerdict, compose

    parsed = read_pilot(args.file)
    try:
        message = compose(parsed.pilot)
    except NoVerdict as error:
        say(f"pilotdesk: {args.file}: {error}", err=True)
        return EXIT_FINDINGS
    # The email quotes the file (names, the concern, criteria): control characters are spelled
    # out where it goes out (outbox), whatever the composer does.
    return outbox.deliver(args, message, parsed.pilot)
