"""``pilotdesk board``: every pilot under some folders on one screen, most urgent first.

A row per pilot file (an invalid file is a row with its ``FILE:LINE`` error), the team's
figures above. ``enter`` leaves the board with the chosen file; :func:`run` then opens the
workbook on it (the workbook is its own App, exactly as ``pilotdesk open`` shows it) and, when
the workbook quits (``q``, or ``escape`` when it was opened from here), shows the board again,
read afresh. While open, the board polls the files' stat signatures and reloads on a change.
"""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from rich.text import Text
from textual.app import App, ComposeResult
from textual.widgets import DataTable, Footer, Input, Static

from pilotdesk.domain.text import visible
from pilotdesk.domain.timeline import pace_bar
from pilotdesk.portfolio.discover import candidates
from pilotdesk.portfolio.load import Cache
from pilotdesk.portfolio.rows import Broken, Row, attention
from pilotdesk.portfolio.team import team
from pilotdesk.ui.keys import bind

Clock = Callable[[], dt.datetime]
Item = Row | Broken
#: How often the board looks at the files' signatures (seconds).
POLL_SECONDS = 1.5

COLUMNS = ("Prospect", "Product", "SE / AE", "Time-box", "Scorecard", "Verdict", "B/W",
           "Next due", "Outcome", "Breakers", "File")  # fmt: skip


def _by(field: str) -> Callable[[Item], tuple[int, Any, str]]:
    """Sort by a row's field: invalid files first (they need fixing), rows without it last."""

    def key(item: Item) -> tuple[int, Any, str]:
        if isinstance(item, Broken):
            return (0, "", item.path)
        value = getattr(item, field)
        if value is None:
            return (2, "", item.path)
        return (1, value.lower() if isinstance(value, str) else value, item.path)

    return key


#: The orders ``s`` cycles through: a name and a sort key.
SORTS: list[tuple[str, Callable[[Item], Any]]] = [
    ("attention", attention),
    ("prospect", _by("prospect")),
    ("SE", _by("se")),
    ("days left", _by("days_left")),
    ("next due", _by("next_due")),
]


def signature(paths: Sequence[Path]) -> frozenset[tuple[str, int, int]]:
    """Every candidate file's path, modification time and size: cheap to take every poll."""
    found = set()
    for path, _ in candidates(paths):
        try:
            info = os.stat(path)
        except OSError:
            continue
        found.add((str(path), info.st_mtime_ns, info.st_size))
    return frozenset(found)


def cells(item: Item) -> list[str]:
    if isinstance(item, Broken):
        # The error where the eye is (the prospect's column), shortened; enter shows it whole.
        error = item.error.removeprefix(f"{item.path}:")
        error = error if len(error) <= 40 else error[:39] + "…"
        return [f"⚠ invalid: {error}", "", "", "", "", "", "", "", "", "", item.path]
    people = " / ".join(p for p in (item.se, item.ae) if p)
    outcome = "" if item.outcome is None else f"{item.outcome} {item.closed_on}"
    due = "" if item.next_due is None else item.next_due.isoformat()
    if item.overdue:
        due = f"{due} ({item.overdue} overdue)"
    return [
        item.prospect,
        item.product,
        people,
        _time_box(item),
        item.tally,
        item.verdict_words + _commitment(item),
        f"{item.blockers}/{item.warnings}",
        due,
        outcome,
        str(item.open_deal_breakers or ""),
        item.path,
    ]


def _commitment(item: Row) -> str:
    """The second clock after a "Yes", short: `` · commitment 17 days overdue``."""
    due = "" if item.commitment_due is None else item.commitment_due.isoformat()
    if item.commitment_state == "overdue":
        return " · commitment " + item.commitment_words.partition(" (")[0]
    if item.commitment_state == "running":
        return f" · commitment due {due}"
    if item.commitment_state == "met":
        return " · commitment met"
    return ""


def _time_box(item: Row) -> str:
    """The time-box in words, after a small bar of time spent against criteria passed (see
    :func:`pilotdesk.domain.timeline.pace_bar`); a closed pilot's bar is full time."""
    if item.pace is None:
        return item.time_box
    return f"{pace_bar(*item.pace)} {item.time_box}"


def matches(item: Item, text: str) -> bool:
    """The filter: a case-insensitive match on what the row shows, and its state."""
    words = cells(item) + ([item.state] if isinstance(item, Row) else ["invalid"])
    return text.lower() in " ".join(words).lower()


class BoardApp(App[Path | None]):
    TITLE = "pilotdesk board"
    CSS = """
    #team { height: auto; padding: 0 1; background: $boost; }
    #order { height: 1; padding: 0 1; color: $text-muted; }
    #filter { display: none; }
    #filter.shown { display: block; }
    #pilots { height: 1fr; }
    """
    BINDINGS = [
        bind("board.open", "enter", "open_pilot", "Open", "Open the workbook on this pilot"),
        bind("board.sort", "s", "sort", "Sort", "Sort by the next column (attention first)"),
        bind("board.filter", "slash", "filter", "Filter", "Show only rows with some text"),
        bind("board.quit", "q", "quit", "Quit", "Leave the board"),
    ]

    def __init__(
        self,
        paths: Sequence[Path],
        *,
        clock: Clock = dt.datetime.now,
        selected: str | None = None,
        poll: float = POLL_SECONDS,
    ) -> None:
        super().__init__()
        self.paths = list(paths)
        self.clock = clock
        self.items: list[Item] = []
        self.sort_index = 0
        self.filter_text = ""
        self._selected = selected
        self._poll = poll
        self._signature: frozenset[tuple[str, int, int]] = frozenset()
        self._cache = Cache()

    def compose(self) -> ComposeResult:
        yield Static(id="team")
        yield Static(id="order")
        yield Input(placeholder="filter: SE, prospect, state…", id="filter")
        yield DataTable(id="pilots", cursor_type="row", zebra_stripes=True)
        yield Footer()

    def on_mount(self) -> None:
        self.query_one(DataTable).add_columns(*COLUMNS)
        self.reload()
        self.query_one(DataTable).focus()  # not the (hidden) filter: keys go to the board
        self.set_interval(self._poll, self.poll)

    # --- data ------------------------------------------------------------------------------

    def reload(self) -> None:
        self._signature = signature(self.paths)
        self.items = self._cache.load_all(self.paths, self.clock())
        self.query_one("#team", Static).update(
            Text(visible(f"{len(self.items)} pilot files · {team(self.items).words()}"))
        )
        self.fill()

    def poll(self) -> None:
        if signature(self.paths) != self._signature:
            self.reload()

    def shown(self) -> list[Item]:
        name, key = SORTS[self.sort_index]
        return sorted((i for i in self.items if matches(i, self.filter_text)), key=key)

    def fill(self) -> None:
        table = self.query_one(DataTable)
        keep = self.current_path() or self._selected
        table.clear()
        rows = self.shown()
        for item in rows:
            # Text, not str: a DataTable reads a str as markup, and a file's "[red]" is text.
            table.add_row(*(Text(visible(c)) for c in cells(item)), key=item.path)
        where = next((n for n, i in enumerate(rows) if i.path == keep), 0)
        if rows:
            table.move_cursor(row=where)
        self.sub_title = f"sorted by {SORTS[self.sort_index][0]}" + (
            f" · filter {self.filter_text!r}" if self.filter_text else ""
        )
        shown = f"{len(rows)} of {len(self.items)} shown · " if self.filter_text else ""
        self.query_one("#order", Static).update(Text(visible(f"{shown}{self.sub_title}")))

    def current_path(self) -> str | None:
        table = self.query_one(DataTable)
        if not table.row_count:
            return None
        key = table.coordinate_to_cell_key(table.cursor_coordinate).row_key
        return None if key.value is None else str(key.value)

    # --- actions ---------------------------------------------------------------------------

    def action_sort(self) -> None:
        self.sort_index = (self.sort_index + 1) % len(SORTS)
        self.fill()

    def action_filter(self) -> None:
        box = self.query_one("#filter", Input)
        box.add_class("shown")
        box.display = True
        # At once, not after the next refresh: keys typed right after `/` go into the filter.
        self.set_focus(box, scroll_visible=False)

    def on_input_changed(self, event: Input.Changed) -> None:
        self.filter_text = event.value.strip()
        self.fill()

    def on_input_submitted(self, event: Input.Submitted) -> None:
        self.query_one(DataTable).focus()

    def on_key(self, event: Any) -> None:
        box = self.query_one("#filter", Input)
        if event.key == "escape" and box.has_focus:
            box.value = ""
            box.remove_class("shown")
            box.display = False
            self.query_one(DataTable).focus()
            event.stop()

    def on_data_table_row_selected(self, event: DataTable.RowSelected) -> None:
        self.action_open_pilot()

    def action_open_pilot(self) -> None:
        path = self.current_path()
        item = next((i for i in self.items if i.path == path), None)
        if item is None:
            return
        if isinstance(item, Broken):
            self.notify(
                item.error, title="Cannot open an invalid file", severity="error", markup=False
            )
            return
        self.exit(Path(item.path))


def run(
    paths: Sequence[Path],
    open_workbook: Callable[[Path, Clock], object],
    *,
    today: dt.date | None = None,
) -> int:
    """The board, and the workbook on each pilot chosen from it, until the board is quit."""
    clock: Clock = dt.datetime.now
    if today is not None:
        clock = lambda: dt.datetime.combine(today, dt.datetime.now().time())  # noqa: E731
    selected: str | None = None
    while True:
        board = BoardApp(paths, clock=clock, selected=selected)
        board.run()
        chosen = board.return_value
        if chosen is None:
            return 0
        selected = str(chosen)
        open_workbook(chosen, clock)
