"""The command line's part for many pilots at once: ``check`` over files and folders,
``status``, ``gaps`` and ``board``.

Like the rest of the command line, ``check``, ``status`` and ``gaps`` import neither Textual nor tomlkit
(scripts and git hooks call them); ``board`` imports the user interface when it runs.
"""

from __future__ import annotations

import argparse
import dataclasses
import datetime as dt
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

from pilotdesk.cli import git
from pilotdesk.cli.common import (
    DATE_HELP,
    EXIT_INVALID,
    EXIT_OK,
    add_output,
    csv_bytes,
    say,
    write_document,
)
from pilotdesk.domain.text import json_text, visible

FORMATS = ("table", "json", "csv")


def add_commands(
    commands: argparse._SubParsersAction[argparse.ArgumentParser],
    date: Callable[[str], dt.date],
) -> None:
    """``status``, ``gaps`` and ``board`` (``check`` is declared in :mod:`.main`)."""
    for name, run, words in (
        ("status", _status, "one row per pilot file under the paths (default: here)"),
        ("gaps", _gaps, "every product gap recorded across the pilots under the paths"),
    ):
        command = commands.add_parser(name, help=words)
        add_paths(command)
        command.add_argument(
            "--format", choices=FORMATS, default="table", help="table (default), json or csv"
        )
        add_output(command, csv=True)
        command.add_argument(
            "--today", type=date, metavar="DATE", help=f"evaluate as of this day; {DATE_HELP}"
        )
        command.add_argument(
            "--raw",
            action="store_true",
            help="with --format csv: cells as written, even those a spreadsheet runs as a "
            "formula (=, +, -, @; by default they start with ')",
        )
        command.set_defaults(run=run)
    board = commands.add_parser("board", help="every pilot under the paths on one screen")
    add_paths(board)
    board.add_argument("--theme", help="dark, light, high-contrast, or a theme name")
    board.add_argument("--today", type=date, help=argparse.SUPPRESS)
    board.set_defaults(run=_board)


def add_paths(command: argparse.ArgumentParser) -> None:
    command.add_argument(
        "paths",
        type=Path,
        nargs="*",
        metavar="PATH",
        help="pilot files, or folders to look in for them (default: the current folder)",
    )


def _now(today: dt.date | None) -> dt.datetime:
    now = dt.datetime.now()
    return now if today is None else dt.datetime.combine(today, now.time())


def check(args: argparse.Namespace) -> int:
    """One file: exactly the single-file check. Several, or a folder: each pilot's check under
    its name, then a total; the exit code is the worst of them."""
    from pilotdesk.cli import pilot
    from pilotdesk.domain.errors import PilotFileError
    from pilotdesk.portfolio.discover import candidates
    from pilotdesk.portfolio.load import load
    from pilotdesk.portfolio.rows import Broken

    paths: list[Path] = args.paths
    if len(paths) == 1 and not paths[0].is_dir():
        return int(pilot.check_one(argparse.Namespace(**vars(args), file=paths[0])))
    worst, valid, invalid = EXIT_OK, 0, 0
    now = _now(args.today)
    for path, named in candidates(paths):
        item = load(path, now, named=named)
        if item is None:
            continue
        say(f"== {path}")
        sys.stdout.flush()  # the notes on stderr follow their pilot
        if isinstance(item, Broken):
            say(item.error, err=True)
            code = EXIT_INVALID
        else:
            try:
                code = int(pilot.check_one(argparse.Namespace(**vars(args), file=path)))
            except PilotFileError as error:  # changed since it was found
                say(error.render(), err=True)
                code = EXIT_INVALID
        valid, invalid = (valid, invalid + 1) if code == EXIT_INVALID else (valid + 1, invalid)
        worst = max(worst, code)
        say()
    if not valid + invalid:  # a hook or a script that checked nothing must not pass silently
        given = " ".join(str(p) for p in paths)
        say(f"pilotdesk: no pilot files under {given}", err=True)
        return EXIT_INVALID
    say(f"{valid + invalid} pilot files checked: {valid} valid, {invalid} invalid")
    return worst


def _load(args: argparse.Namespace) -> list[Any]:
    from pilotdesk.portfolio.load import load_all
    from pilotdesk.portfolio.rows import attention

    items = load_all(args.paths or [Path(".")], _now(args.today))
    return sorted(items, key=attention)


def _status(args: argparse.Namespace) -> int:
    from pilotdesk.portfolio.rows import Broken, Row

    items = _load(args)
    if args.format == "json":
        data = _json([_record(i) for i in items])
    elif args.format == "csv":
        data = csv_bytes(
            [_flat(_record(i)) for i in items], STATUS_FIELDS, args.excel, raw=args.raw
        )
    else:
        table = [_status_cells(r) for r in items if isinstance(r, Row)]
        data = _table(["PROSPECT", "CRM", "PILOT", "VENDOR", "SE", "TIME-BOX", "SCORECARD",
                       "VERDICT", "COMMITMENT", "B/W", "NEXT DUE", "OUTCOME", "PATH"], table)  # fmt: skip
        if table:  # the team's figures under the rows, as the board shows them on top
            from pilotdesk.portfolio.team import team

            data += visible(f"\n{team(items).words()}\n").encode("utf-8")
        for broken in (i for i in items if isinstance(i, Broken)):
            say(broken.error, err=True)
    code = write_document(data, args.output)
    # A row read from a file a merge stopped at may show one side only: say so, and how back.
    stuck = git.report_unmerged([Path(i.path) for i in items if isinstance(i, Row)])
    return EXIT_INVALID if stuck or any(isinstance(i, Broken) for i in items) else code


def _gaps(args: argparse.Namespace) -> int:
    from pilotdesk.portfolio.rows import Broken, Row

    items = _load(args)
    gaps = [dataclasses.asdict(g) for r in items if isinstance(r, Row) for g in r.gaps]
    if args.format == "json":
        data = _json(gaps)
    elif args.format == "csv":
        data = csv_bytes(gaps, GAP_FIELDS, args.excel, raw=args.raw)
    else:
        from pilotdesk.domain.lifecycle import SEVERITY_WORDS

        columns = ("prospect", "severity", "status", "criterion", "title", "request")
        for gap in gaps:
            gap["severity"] = SEVERITY_WORDS.get(gap["severity"], gap["severity"])
        data = _table([c.upper() for c in columns], [[g[c] for c in columns] for g in gaps])
    for broken in (i for i in items if isinstance(i, Broken)):
        say(broken.error, err=True)
    code = write_document(data, args.output)
    return EXIT_INVALID if any(isinstance(i, Broken) for i in items) else code


def _json(value: Any) -> bytes:
    """Always valid JSON, nothing raw a terminal acts on (:func:`json_text`)."""
    return (json_text(value) + "\n").encode("utf-8", errors="surrogateescape")


#: The fields of ``status --format json|csv`` (documented in the README), in order.
STATUS_FIELDS = [
    "path", "prospect", "product", "se", "ae", "state", "starts", "ends", "days_left",
    "time_box", "passed", "failed", "pending", "verdict", "verdict_words", "verdict_on",
    "deadline", "overdue", "blockers", "warnings", "next_due", "outcome", "closed_on",
    "open_deal_breakers", "commitment_due", "commitment_state", "commitment_met_on", "error",
    "crm_id", "title", "vendor",
]  # fmt: skip
GAP_FIELDS = ["path", "prospect", "id", "title", "severity", "status", "criterion", "request"]


def _record(item: Any) -> dict[str, Any]:
    """A row as JSON: dates in ISO format; a broken file as ``{"path", "error"}``."""
    from pilotdesk.portfolio.rows import Broken

    if isinstance(item, Broken):
        return {"path": item.path, "error": item.error}
    fields = {
        f.name: getattr(item, f.name)
        for f in dataclasses.fields(item)
        if f.name not in ("gaps", "contacts")
    }
    fields["state"] = item.state
    return {
        k: v.isoformat() if isinstance(v, (dt.date, dt.datetime)) else v for k, v in fields.items()
    }


def _flat(record: dict[str, Any]) -> dict[str, Any]:
    return {k: "" if record.get(k) is None else record.get(k) for k in STATUS_FIELDS}


#: The widest a pilot's title is in the table (the whole of it is in JSON and CSV).
TITLE_WIDTH = 32


def _status_cells(row: Any) -> list[str]:
    title = row.title if len(row.title) <= TITLE_WIDTH else row.title[: TITLE_WIDTH - 1] + "…"
    return [
        row.prospect,
        row.crm_id,
        title,
        row.vendor,
        row.se,
        row.time_box,
        row.tally,
        row.verdict_words,
        "" if row.commitment_state == "none" else row.commitment_words,
        f"{row.blockers}/{row.warnings}",
        "" if row.next_due is None else row.next_due.isoformat(),
        row.outcome or "",
        row.path,
    ]


def _table(header: list[str], rows: list[list[str]]) -> bytes:
    """Columns padded to their widest cell, one line per row, as UTF-8."""
    cells = [header, *([visible(str(c)) for c in r] for r in rows)]
    widths = [max(len(r[i]) for r in cells) for i in range(len(header))]
    lines = ("  ".join(c.ljust(w) for c, w in zip(r, widths, strict=True)).rstrip() for r in cells)
    return "".join(line + "\n" for line in lines).encode("utf-8")


def _board(args: argparse.Namespace) -> int:
    from pilotdesk.domain.errors import PilotFileError
    from pilotdesk.session.store import PilotStore
    from pilotdesk.ui.board import run
    from pilotdesk.ui.board_workbook import run_workbook

    def open_workbook(path: Path, clock: Callable[[], dt.datetime]) -> int:
        try:
            store = PilotStore.open(path, clock)
        except PilotFileError:  # changed since the board read it: the board shows why
            return EXIT_INVALID
        git.with_author(store)
        return run_workbook(store, theme=args.theme, clock=clock)

    return run(args.paths or [Path(".")], open_workbook, today=args.today)
