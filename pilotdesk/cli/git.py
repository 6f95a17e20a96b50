"""The command line's part for working with git, and for writers besides the workbook.

``mark`` and ``contact`` change a pilot through the store, as the workbook does; ``merge`` is
git's merge driver and ``git setup`` registers it; :func:`resolve` opens the resolve screen for
``open``. Like the rest of the command line, it imports neither Textual nor tomlkit until a command
needs them (``check`` and ``email`` must stay quick for git hooks).
"""

from __future__ import annotations

import argparse
import datetime as dt
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from pilotdesk.cli.common import EXIT_INVALID, EXIT_OK, conflicted_text, say

if TYPE_CHECKING:
    from pilotdesk.domain.model import Pilot
    from pilotdesk.merge.git import Unmerged
    from pilotdesk.session.store import PilotStore


def add_commands(
    commands: argparse._SubParsersAction[argparse.ArgumentParser],
    date: Callable[[str], dt.date],
) -> None:
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
    contact.add_argument("--on", type=date, help="the date of the contact (default: today)")
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


def resolve(path: Path) -> bool:
    """The resolve screen for a file with conflicts; True once it is resolved and saved.
    False at once for a file without complete conflicts (it is invalid for another reason)."""
    from pilotdesk.merge.conflicts import find_conflicts

    text = conflicted_text(path)
    if text is None or not find_conflicts(text):
        return False
    from pilotdesk.ui.resolve import run_resolve

    return run_resolve(path)


def report_unmerged(paths: list[Path]) -> dict[Path, Unmerged]:
    """Say on stderr which of ``paths`` git lists as unmerged (a merge stopped at them) and how
    to bring the other side back; the ones found. Nothing outside a repository."""
    from pilotdesk.merge.git import unmerged

    found = unmerged(paths)
    for path, stuck in found.items():
        say(f"{path}: {stuck.describe()}", err=True)
    return found


def merged_without_driver(path: Path, pilot: Pilot) -> None:
    """A note for the sign a merge left when it ran without pilotdesk's driver (a web merge on
    GitHub or GitLab, a clone never set up): the same log entry twice, which git's line merge
    makes of two sides that logged the same change, and the driver never does."""
    seen: set[tuple[object, ...]] = set()
    for index, entry in enumerate(pilot.log):
        key = (entry.at, entry.event, entry.by)
        if key in seen:
            say(
                f"note: {path}: log[{index}] is the same entry as one before it "
                f"({entry.at:%Y-%m-%d %H:%M} {entry.event!r}): a sign of a merge made "
                "without pilotdesk's merge driver (a web merge?); see README, Working with git",
                err=True,
            )
            return
        seen.add(key)


def with_author(store: PilotStore) -> PilotStore:
    from pilotdesk.merge.git import author

    store.author = author(store.path.resolve().parent) or None
    return store


def _mark(args: argparse.Namespace) -> int:
    from pilotdesk.domain.model import CRITERION_STATUSES
    from pilotdesk.session.changes import SetFields, SetStatus

    if args.status not in CRITERION_STATUSES:
        known = ", ".join(CRITERION_STATUSES)
        say(f"pilotdesk: status {args.status!r} is not one of {known}", err=True)
        return EXIT_INVALID

    def changes(pilot: Pilot) -> list[Any]:
        found = next((c for c in pilot.criteria if c.id == args.criterion), None)
        fields = {
            key: value
            for key, value in (("result", args.result), ("evidence", args.evidence))
            if value is not None and (found is None or getattr(found, key) != value)
        }
        # An unknown id goes to the store, which refuses it with the usual message.
        status = found is None or found.status != args.status
        return [SetStatus("criteria", args.criterion, args.status)] * status + (
            [SetFields("criteria", args.criterion, fields)] if fields else []
        )

    return _write(args.file, changes)


def _contact(args: argparse.Namespace) -> int:
    from pilotdesk.session.changes import SetFields

    on = args.on or dt.date.today()

    def changes(pilot: Pilot) -> list[Any]:
        found = next((s for s in pilot.stakeholders if s.id == args.stakeholder), None)
        unchanged = found is not None and found.last_contact == on
        return (
            [] if unchanged else [SetFields("stakeholders", args.stakeholder, {"last_contact": on})]
        )

    return _write(args.file, changes)


def _write(path: Path, changes: Callable[[Pilot], list[Any]]) -> int:
    """The changes through the store, as the workbook makes them: validated, logged, saved
    (one step, so a refused part leaves the file as it was). Nothing to change writes nothing."""
    from pilotdesk.session.changes import Batch
    from pilotdesk.session.store import PilotStore

    store = with_author(PilotStore.open(path, prepare=False))
    parts = changes(store.pilot)
    if not parts:
        say(f"{path}: already recorded; nothing changed")
        return EXIT_OK
    outcome = store.apply(parts[0] if len(parts) == 1 else Batch(tuple(parts)))
    if outcome.save_error is not None:
        say(f"pilotdesk: {outcome.save_error}", err=True)
        return EXIT_INVALID
    say(f"{path}: {outcome.description}")
    return EXIT_OK


def _merge(args: argparse.Namespace) -> int:
    from pilotdesk.merge.driver import run

    return run(args.base, args.ours, args.theirs, args.path)


def _git_setup(args: argparse.Namespace) -> int:
    from pilotdesk.merge.git import GitError
    from pilotdesk.merge.setup import setup

    try:
        report = setup(Path.cwd(), args.pattern)
    except GitError as error:
        say(f"pilotdesk: {error}", err=True)
        return EXIT_INVALID
    if not report.changed:
        say(f"{report.root}: already set up; nothing changed")
    for change in report.changed:
        say(f"{report.root}: {change}")
    if any(change.startswith(".gitattributes") for change in report.changed):
        say("Commit .gitattributes so that every clone routes the files to the driver;")
        say("each clone runs 'pilotdesk git setup' once to register it.")
    return EXIT_OK
