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

from pilotdesk.cli.common import (
    DATE_HELP,
    EXIT_INVALID,
    EXIT_OK,
    conflicted_text,
    did_you_mean,
    past_date_arg,
    say,
)
from pilotdesk.domain.errors import PilotdeskError
from pilotdesk.domain.model import CRITERION_STATUSES, GAP_STATUSES, ITEM_STATUSES

if TYPE_CHECKING:
    from pilotdesk.domain.model import Pilot
    from pilotdesk.merge.git import Unmerged
    from pilotdesk.session.store import PilotStore


def add_commands(
    commands: argparse._SubParsersAction[argparse.ArgumentParser],
    date: Callable[[str], dt.date],
) -> None:
    """The commands for working with git, and for writers besides the workbook."""
    mark = commands.add_parser(
        "mark",
        help="record a criterion's, a checklist item's or a gap's status in a file",
        description="Record a status through the same checks, log and atomic save as the "
        "workbook. Criteria: pending, passed, failed. Checklist items: todo, doing, done, "
        "skipped. Gaps: open, planned, shipped, wont_fix.",
    )
    mark.add_argument("file", type=Path, help="the pilot file (.toml)")
    mark.add_argument("id", metavar="ID", help="the criterion's, checklist item's or gap's id")
    mark.add_argument(
        "status", type=_status_word, choices=STATUSES, metavar="STATUS", help="the new status"
    )
    mark.add_argument("--result", help="a criterion's measured result, e.g. '48.3 dB'")
    mark.add_argument("--evidence", help="where a criterion's result is documented")
    mark.set_defaults(run=_mark)

    contact = commands.add_parser("contact", help="record the last contact with a stakeholder")
    contact.add_argument("file", type=Path, help="the pilot file (.toml)")
    contact.add_argument("stakeholder", help="the stakeholder's id")
    contact.add_argument(
        "--on",
        type=past_date_arg,
        metavar="DATE",
        help=f"the day of the contact (default: today); {DATE_HELP} (a weekday: the last one)",
    )
    contact.set_defaults(run=_contact)

    merge = commands.add_parser(
        "merge", help="three-way merge of pilot files (git's merge driver; see 'git setup')"
    )
    for name, words in (
        ("base", "the common ancestor's version (git's %%O)"),
        ("ours", "our version, where the result goes (git's %%A)"),
        ("theirs", "their version (git's %%B)"),
    ):
        merge.add_argument(name, type=Path, help=words)
    merge.add_argument("path", nargs="?", help="the file's path in the repository (git's %%P)")
    merge.set_defaults(run=_merge)

    git = commands.add_parser("git", help="set up git to merge pilot files by meaning")
    git_commands = git.add_subparsers(
        dest="git_command", metavar="COMMAND", required=True, help="setup"
    )
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


#: Every status ``mark`` takes: a criterion's, a checklist item's, a gap's.
STATUSES = (*CRITERION_STATUSES, *ITEM_STATUSES, *GAP_STATUSES)
#: Where ``mark`` looks for an id, in order, and the statuses each takes.
NOUN = {"criteria": "criterion", "checklist": "checklist item", "gaps": "gap"}
_KINDS = (("criteria", CRITERION_STATUSES), ("checklist", ITEM_STATUSES), ("gaps", GAP_STATUSES))


def _status_word(text: str) -> str:
    """A status, in any case; a near miss says what was probably meant."""
    word = text.strip().lower()
    if word not in STATUSES:
        raise argparse.ArgumentTypeError(
            f"{text!r} is not a status{did_you_mean(word, STATUSES)} "
            f"(criteria: {', '.join(CRITERION_STATUSES)}; checklist: {', '.join(ITEM_STATUSES)}; "
            f"gaps: {', '.join(GAP_STATUSES)})"
        )
    return word


def _mark(args: argparse.Namespace) -> int:
    from pilotdesk.session.changes import SetFields, SetStatus

    def changes(pilot: Pilot) -> list[Any]:
        entries = {kind: getattr(pilot, kind) for kind, _ in _KINDS}
        kind, statuses = next(
            ((k, s) for k, s in _KINDS if any(e.id == args.id for e in entries[k])),
            (None, ()),
        )
        if kind is None:
            ids = [e.id for k, _ in _KINDS for e in entries[k]]
            raise MarkRefused(
                f"{args.file}: no criterion, checklist item or gap {args.id!r}{did_you_mean(args.id, ids)}"
            )
        found = next(e for e in entries[kind] if e.id == args.id)
        if args.status not in statuses:
            raise MarkRefused(
                f"{args.file}: {NOUN[kind]} {args.id!r} takes {', '.join(statuses)}, not "
                f"{args.status!r}{did_you_mean(args.status, statuses)}"
            )
        wanted = (("result", args.result), ("evidence", args.evidence))
        if kind != "criteria" and any(value is not None for _, value in wanted):
            raise MarkRefused(
                "--result and --evidence are a criterion's, not a " + NOUN[kind] + "'s"
            )
        fields = {
            key: value
            for key, value in wanted
            if value is not None and getattr(found, key) != value
        }
        status: list[Any] = []
        if found.status == args.status:
            pass
        elif kind == "gaps":  # a gap's status is a field like another (no p/f/u key for it)
            status = [SetFields("gaps", args.id, {"status": args.status})]
        else:
            status = [
                SetStatus("criteria" if kind == "criteria" else "checklist", args.id, args.status)
            ]
        return status + ([SetFields("criteria", args.id, fields)] if fields else [])

    return _write(args.file, changes)


def _contact(args: argparse.Namespace) -> int:
    from pilotdesk.session.changes import SetFields

    on = args.on or dt.date.today()

    def changes(pilot: Pilot) -> list[Any]:
        found = pilot.stakeholder(args.stakeholder)
        if found is None:
            ids = [s.id for s in pilot.stakeholders]
            raise MarkRefused(
                f"{args.file}: no stakeholder {args.stakeholder!r}{did_you_mean(args.stakeholder, ids)}"
            )
        if found.last_contact == on:
            return []
        return [SetFields("stakeholders", args.stakeholder, {"last_contact": on})]

    return _write(args.file, changes)


class MarkRefused(PilotdeskError):
    """An id or a status the file does not have: said with what was probably meant."""


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
