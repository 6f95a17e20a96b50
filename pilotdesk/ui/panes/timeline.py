"""Timeline: the pilot's dates drawn with the terminal's own characters, and listed.

The chart puts the time-box on a bar with today's mark, each dated item on its track
(technical, verdict, commercial, commitment), and the criteria passed over time as a step line
read from the log. A state reads without colour: ``✓`` done, ``○`` due, ``!`` overdue (and the
list below says OVERDUE). The dates come from :mod:`pilotdesk.domain.timeline`, which the
reports and the board read too; ``enter`` on an item goes to its entry.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from rich.text import Text
from textual.app import ComposeResult
from textual.geometry import Size
from textual.widget import Widget
from textual.widgets import DataTable

from pilotdesk.domain.model import Pilot
from pilotdesk.domain.timeline import STATE_WORDS, TRACKS, Mark, Timeline, build
from pilotdesk.ui.keys import bind
from pilotdesk.ui.messages import JumpRequested
from pilotdesk.ui.panes import Pane
from pilotdesk.ui.style import safe, short_date
from pilotdesk.ui.widgets.table import PilotTable

#: A state's symbol on the chart: distinct shapes, so that it reads in black and white.
SYMBOLS = {"done": "✓", "open": "○", "overdue": "!"}
_LABEL = 11  # the width of the track names on the left
_BLOCKS = " ▁▂▃▄▅▆▇█"

Place = Callable[[dt.date], int]  # a day to its column on the chart


class TimelineChart(Widget):
    """The chart, drawn for the width it is given (so it is redrawn when the terminal is
    resized, at the width it really has)."""

    DEFAULT_CSS = "TimelineChart { height: auto; }"

    def __init__(self) -> None:
        super().__init__(id="timeline-chart")
        self.timeline: Timeline | None = None

    def draw(self, timeline: Timeline) -> None:
        self.timeline = timeline
        self.refresh(layout=True)

    def render(self) -> Text:
        if self.timeline is None:
            return Text("")
        return safe(chart_text(self.timeline, max(30, self.size.width or 80)))

    def get_content_height(self, container: Size, viewport: Size, width: int) -> int:
        if self.timeline is None:
            return 1
        return chart_height(self.timeline)


class TimelinePane(Pane):
    BINDINGS = [
        bind(
            "timeline.jump",
            "enter",
            "jump",
            "Go to entry",
            "Go to the entry the dated item belongs to",
            command="Timeline: go to entry",
        ),
    ]

    ON_SELECTED = frozenset({"jump"})

    def __init__(self) -> None:
        super().__init__(id="timeline")
        self.timeline: Timeline | None = None

    def compose(self) -> ComposeResult:
        yield TimelineChart()
        yield PilotTable(id="timeline-table")

    @property
    def table(self) -> PilotTable:
        return self.query_one(PilotTable)

    def show(self, pilot: Pilot, today: dt.date) -> None:
        self.timeline = build(pilot, today)
        self.query_one(TimelineChart).draw(self.timeline)
        theme = self.app.current_theme
        colour = {"done": theme.success, "open": theme.primary, "overdue": theme.error}
        table = self.table
        table.set_columns("Date", "Track", "Item", "State", flex={"Item": 1})
        rows = []
        for index, mark in enumerate(self.timeline.marks):
            state = Text(f"{SYMBOLS[mark.state]} {STATE_WORDS[mark.state]}")
            state.stylize(f"bold {colour[mark.state] or ''}" if mark.state != "done" else "")
            track = dict(TRACKS)[mark.track]
            rows.append((str(index), (mark.day.isoformat(), track, mark.label, state)))
        table.sync(rows)

    def _selected(self) -> Mark | None:
        key = self.table.selected_key
        if key is None or self.timeline is None:
            return None
        return self.timeline.marks[int(key)]

    def has_selection(self) -> bool:
        mark = self._selected()
        return mark is not None and mark.target is not None

    def on_data_table_row_highlighted(self, event: DataTable.RowHighlighted) -> None:
        self.refresh_bindings()

    def focus_list(self) -> None:
        self.table.focus()

    def action_jump(self) -> None:
        mark = self._selected()
        if mark is not None and mark.target is not None:
            self.post_message(JumpRequested(*mark.target))


def chart_height(timeline: Timeline) -> int:
    """The chart's lines, whatever its width (so the layout need not draw it to measure it):
    the axis and the bar, a row per track with items, the progress line; one line of words
    without any date."""
    if timeline.first is None:
        return 1
    tracks = sum(any(m.track == track for m in timeline.marks) for track, _ in TRACKS[1:])
    return 2 + tracks + bool(timeline.steps and timeline.criteria)


def chart_text(timeline: Timeline, width: int) -> Text:
    """The chart, ``width`` columns wide: an axis, the time-box bar with today, one row per
    track that has items, and the criteria passed as a step line."""
    first, last = timeline.first, timeline.last
    if first is None or last is None:
        return Text("No dates yet: set the time-box ([pilot] starts and ends) and due dates.")
    span = max(1, (last - first).days)
    room = max(10, width - _LABEL - 1)

    def column(day: dt.date) -> int:
        return round((day - first).days * (room - 1) / span)

    lines = [_axis(timeline, first, last, column, room), _bar(timeline, column, room)]
    for track, words in TRACKS[1:]:
        marks = [m for m in timeline.marks if m.track == track]
        if marks:
            lines.append(_track_row(words, marks, column, room))
    if timeline.steps and timeline.criteria:
        lines.append(_progress_row(timeline, column, room))
    return Text("\n").join(lines)


def _label(words: str) -> Text:
    return Text(words[:_LABEL].ljust(_LABEL) + " ", style="bold")


def _axis(timeline: Timeline, first: dt.date, last: dt.date, place: Place, room: int) -> Text:
    """The first and last day at the ends, today's date above its mark where it fits."""
    left, right = short_date(first), short_date(last)
    cells = list(left.ljust(room - len(right)) + right)
    today = f"today {short_date(timeline.today)}"
    at = min(max(place(timeline.today) - len(today) // 2, len(left) + 1), room - len(right) - 1)
    if at + len(today) < room - len(right) - 1 and at > len(left):
        cells[at : at + len(today)] = today
        text = Text("".join(cells), style="dim")
        text.stylize("bold", at, at + len(today))
    else:
        text = Text("".join(cells), style="dim")
    return _label("") + text


def _bar(timeline: Timeline, place: Place, room: int) -> Text:
    cells = [" "] * room
    if timeline.starts is not None and timeline.ends is not None:
        start, end = place(timeline.starts), place(timeline.ends)
        for x in range(start, end + 1):
            cells[x] = "━"
        cells[start], cells[end] = "├", "┤"
    today = place(timeline.today)
    text = Text("".join(cells))
    text.stylize("bold", 0, room)
    marker = Text("▼", style="reverse bold")
    text = text[:today] + marker + text[today + 1 :]
    return _label("Time-box") + text


def _track_row(words: str, marks: list[Mark], place: Place, room: int) -> Text:
    cells = ["·" if x % 4 == 0 else " " for x in range(room)]
    styles: dict[int, str] = {}
    rank = {"done": 0, "open": 1, "overdue": 2}
    for mark in marks:
        x = place(mark.day)
        if cells[x] in SYMBOLS.values() and rank[_state_of(cells[x])] >= rank[mark.state]:
            continue  # two items on one column: the worse state shows
        cells[x] = SYMBOLS[mark.state]
        styles[x] = "bold reverse" if mark.state == "overdue" else "bold"
    text = Text("".join(cells), style="dim")
    for x, style in styles.items():
        text.stylize(style, x, x + 1)
    return _label(words) + text


def _state_of(symbol: str) -> str:
    return next(state for state, s in SYMBOLS.items() if s == symbol)


def _progress_row(timeline: Timeline, place: Place, room: int) -> Text:
    cells = [" "] * room
    steps = timeline.steps
    count = f"{steps[-1].passed}/{timeline.criteria}"
    label = f"Passed {count}" if len(count) <= _LABEL - 7 else count
    for index, step in enumerate(steps):
        start = place(step.day)
        following = steps[index + 1].day if index + 1 < len(steps) else timeline.today
        end = place(following)
        level = round(step.passed * (len(_BLOCKS) - 1) / timeline.criteria)
        for x in range(max(0, start), min(room, max(start, end) + 1)):
            cells[x] = _BLOCKS[level]
    return _label(label) + Text("".join(cells).rstrip())
