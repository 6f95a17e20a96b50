"""The resolve screen: a pilot file with merge conflict markers, one conflict per row.

``pilotdesk open`` shows it before the workbook when a merge left conflicts: each row names the
entry and field and shows both values; below the table, the highlighted conflict's whole values
with who changed each side and when (the names the merge driver wrote on the markers, from
the log); ``o``/``t`` take ours or theirs, ``b`` both where both can stand (two different
entries, comments: never one field twice, so it is not offered there); ``s`` saves once every
conflict has a choice and the result is a valid pilot; ``escape`` leaves the file as it was.
The choosing and the text are :mod:`pilotdesk.merge.conflicts`'s; this is only the screen.
"""

from __future__ import annotations

from pathlib import Path

from rich.text import Text
from textual.app import App, ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.coordinate import Coordinate
from textual.screen import Screen
from textual.widgets import DataTable, Footer, Label, Static

from pilotdesk import config
from pilotdesk.domain.errors import PilotFileError
from pilotdesk.domain.text import visible
from pilotdesk.merge.conflicts import Choice, Region, find_conflicts, resolve
from pilotdesk.pilotfile.atomic import atomic_write
from pilotdesk.pilotfile.read import parse_bytes, read_bytes
from pilotdesk.ui.themes import load_themes, resolve_theme_name

_WORDS: dict[Choice, str] = {"ours": "ours", "theirs": "theirs", "both": "both"}


def safe(text: str) -> Text:
    """Shown as written: no markup, and no control character sent raw to the terminal."""
    return Text("".join(ch if ch.isprintable() else "?" for ch in text))


#: A side's widest cell: both sides and the choice fit on an 80-column terminal.
_WIDTH = 26


def _cell(text: str) -> Text:
    """A side's lines on one row: what it says, not how many lines it spans. A whole entry
    starts with its comments and header; its first key line says more."""
    lines = [line.strip() for line in text.splitlines() if line.strip()]
    if not lines:
        return Text("(deleted)")
    keys = [line for line in lines if not line.startswith(("#", "["))]
    shown = " ⏎ ".join(keys if keys and len(keys) < len(lines) else lines)
    if len(keys) < len(lines):
        shown = f"entry: {shown}"
    return safe(shown if len(shown) <= _WIDTH else shown[: _WIDTH - 1] + "…")


class ResolveScreen(Screen[list[Choice] | None]):
    """Dismisses with one choice per conflict once saved, or None (``escape``)."""

    BINDINGS = [
        Binding("o", "pick('ours')", "Ours", id="resolve.ours"),
        Binding("t", "pick('theirs')", "Theirs", id="resolve.theirs"),
        Binding("b", "pick('both')", "Both", id="resolve.both"),
        Binding("s", "save", "Save", id="resolve.save"),
        Binding("escape", "cancel", "Cancel", id="resolve.cancel"),
        Binding("j", "move(1)", "Down", show=False, id="resolve.down"),
        Binding("k", "move(-1)", "Up", show=False, id="resolve.up"),
    ]

    def __init__(self, path: Path, text: str) -> None:
        super().__init__()
        self.path = path
        self.text = text
        self.regions: list[Region] = find_conflicts(text)
        self.choices: list[Choice | None] = [None] * len(self.regions)

    DEFAULT_CSS = """
    ResolveScreen #conflicts { height: auto; max-height: 50%; }
    ResolveScreen #resolve-detail-box { height: 1fr; border-top: solid $primary; }
    """

    def compose(self) -> ComposeResult:
        yield Label(
            safe(
                f"{self.path.name}: {len(self.regions)} merge conflict(s). "
                "o ours · t theirs · b both · s save · escape cancel"
            ),
            id="resolve-title",
        )
        yield DataTable(id="conflicts", cursor_type="row", zebra_stripes=True)
        with VerticalScroll(id="resolve-detail-box"):
            yield Static("", id="resolve-detail")
        yield Label("", id="resolve-status")
        yield Footer()

    def on_mount(self) -> None:
        table = self.query_one(DataTable)
        # The choice first: on a narrow terminal the long cells are the ones cut.
        table.add_columns("take", "line", "where", "ours", "theirs")
        for number, region in enumerate(self.regions):
            where = region.field or region.entry or "(top of the file)"
            if region.entry_id:
                where += f" ({region.entry_id})"
            table.add_row(
                "?",
                str(region.line),
                safe(where),
                _cell(region.ours),
                _cell(region.theirs),
                key=str(number),
            )
        table.focus()
        self._show_detail()

    @property
    def current(self) -> Region | None:
        row = self.query_one(DataTable).cursor_row
        return self.regions[row] if 0 <= row < len(self.regions) else None

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """``b`` only where both sides can stand together (see :attr:`Region.both_makes_sense`)."""
        if action == "pick" and parameters == ("both",):
            return self.current is not None and self.current.both_makes_sense
        return True

    def on_data_table_row_highlighted(self, _event: DataTable.RowHighlighted) -> None:
        self._show_detail()
        self.refresh_bindings()

    def _show_detail(self) -> None:
        """The highlighted conflict's whole values, each with who changed it and when."""
        region = self.current
        if region is None:
            return
        parts = []
        for side, text, label in (
            ("ours", region.ours, region.ours_label),
            ("theirs", region.theirs, region.theirs_label),
        ):
            who = f" ({label})" if label else ""
            body = text.rstrip("\n") if text.strip() else "(deleted)"
            parts.append(f"{side}{who}:\n{body}")
        self.query_one("#resolve-detail", Static).update(Text(visible("\n\n".join(parts))))

    @property
    def status(self) -> Label:
        return self.query_one("#resolve-status", Label)

    def action_pick(self, choice: Choice) -> None:
        table = self.query_one(DataTable)
        row = table.cursor_row
        if not 0 <= row < len(self.regions):
            return
        if choice == "both" and not self.regions[row].both_makes_sense:
            return
        self.choices[row] = choice
        table.update_cell_at(Coordinate(row, 0), _WORDS[choice])
        left = self.choices.count(None)
        self.status.update(f"{left} conflict(s) left" if left else "All resolved: s saves")
        if row + 1 < len(self.regions):
            table.move_cursor(row=row + 1)

    def action_move(self, rows: int) -> None:
        table = self.query_one(DataTable)
        table.move_cursor(row=max(0, min(len(self.regions) - 1, table.cursor_row + rows)))

    def action_save(self) -> None:
        if None in self.choices:
            self.status.update(f"{self.choices.count(None)} conflict(s) left: pick o, t or b")
            return
        chosen: list[Choice] = [c for c in self.choices if c is not None]
        twice = next(
            (r.field for r, c in zip(self.regions, chosen, strict=True) if c == "both" and r.field),
            None,
        )
        if twice:
            self.status.update(safe(f"Not saved: both sides would set {twice} twice; pick o or t"))
            return
        resolved = resolve(self.text, chosen)
        try:
            parse_bytes(resolved.encode("utf-8"), self.path)
        except PilotFileError as error:
            self.status.update(safe(f"Not saved: {error.first.render(self.path.name)}"))
            return
        try:
            if read_bytes(self.path) != self.text.encode("utf-8"):
                self.status.update("Not saved: the file changed on disk meanwhile")
                return
            atomic_write(self.path, resolved.encode("utf-8"))
        except PilotFileError as error:  # no longer a regular file
            self.status.update(safe(f"Not saved: {error.first.message}"))
            return
        except OSError as error:
            self.status.update(safe(f"Not saved: {error.strerror or error}"))
            return
        self.dismiss(chosen)

    def action_cancel(self) -> None:
        self.dismiss(None)


class ResolveApp(App[bool]):
    """The resolve screen on its own, before the workbook opens."""

    TITLE = "pilotdesk"

    def __init__(self, path: Path, text: str) -> None:
        super().__init__()
        self.path = path
        self.text = text
        themes, _ = load_themes()
        for theme in themes:
            self.register_theme(theme)
        self.theme = resolve_theme_name(config.load_config().theme, themes)[0]

    def on_mount(self) -> None:
        self.push_screen(ResolveScreen(self.path, self.text), self._done)

    def _done(self, choices: list[Choice] | None) -> None:
        self.exit(choices is not None)


def run_resolve(path: Path) -> bool:
    """Show the resolve screen for ``path``; True once it was resolved and saved."""
    text = read_bytes(path).decode("utf-8")
    return bool(ResolveApp(path, text).run())
