"""The workbook: one pilot file on screen, driven from the keyboard in a live meeting.

The app holds the one source of truth, the :class:`~pilotdesk.store.PilotStore`. Panes never
change the pilot themselves: they post :class:`ChangeRequested`, the app applies it through the
store (validated, saved at once, logged, undoable) and every pane re-renders from the result.
"""

from __future__ import annotations

import datetime as dt
import gc
from collections.abc import Callable, Iterable

from textual.app import App, ComposeResult, SystemCommand
from textual.binding import Binding
from textual.screen import Screen
from textual.theme import Theme
from textual.widgets import Footer, TabbedContent, TabPane

from pilotdesk import config
from pilotdesk.domain import readiness
from pilotdesk.domain.errors import ChangeRejected, ConflictError, SaveError
from pilotdesk.session.changes import Change
from pilotdesk.session.store import Outcome, PilotStore
from pilotdesk.ui.clipboard import SystemCopy, pyperclip_copy
from pilotdesk.ui.disk import DiskSync
from pilotdesk.ui.messages import ChangeRequested, JumpRequested
from pilotdesk.ui.modals.help import HelpModal
from pilotdesk.ui.panes import Pane
from pilotdesk.ui.panes.commercial import CommercialPane
from pilotdesk.ui.panes.readiness import ReadinessPane
from pilotdesk.ui.panes.scorecard import ScorecardPane
from pilotdesk.ui.panes.stakeholders import StakeholdersPane
from pilotdesk.ui.themes import load_themes, resolve_theme_name
from pilotdesk.ui.widgets.chrome import PilotHeader, StatusLine
from pilotdesk.ui.widgets.table import PilotTable

Clock = Callable[[], dt.datetime]

PANES = ("scorecard", "stakeholders", "commercial", "readiness")
#: Where a readiness finding's target lives (an entry's collection, or a table's name).
PANE_OF_COLLECTION = {
    "criteria": "scorecard",
    "technical_win": "scorecard",
    "stakeholders": "stakeholders",
    "checklist": "commercial",
    "commercial": "commercial",
    "opportunity": "commercial",
}


def _exempt_from_gc() -> None:
    """Keep what is alive now (Textual, the model, the pilot's document: millions of objects at
    2,000 criteria) out of the cyclic garbage collector's full passes. Without this, every
    few thousand allocations of a keystroke could walk all of them (spikes of 100 ms and more).
    Objects frozen here are still freed by reference counting when they are dropped."""
    gc.freeze()


class PilotdeskApp(App[int]):
    CSS_PATH = "pilotdesk.tcss"
    TITLE = "pilotdesk"
    ENABLE_COMMAND_PALETTE = True

    BINDINGS = [
        Binding("1", "pane('scorecard')", "Scorecard", show=False),
        Binding("2", "pane('stakeholders')", "Stakeholders", show=False),
        Binding("3", "pane('commercial')", "Commercial", show=False),
        Binding("4", "pane('readiness')", "Readiness", show=False),
        Binding("w", "technical_win", "Technical Win"),
        Binding("y", "copy_email", "Copy email"),
        Binding("ctrl+z", "undo", "Undo"),
        Binding("ctrl+y", "redo", "Redo"),
        Binding("question_mark,f1", "help", "Help"),
        Binding("q", "quit", "Quit"),
    ]

    def __init__(
        self,
        store: PilotStore,
        *,
        theme: str | None = None,
        clock: Clock = dt.datetime.now,
        remember_theme: bool = True,
    ) -> None:
        super().__init__()
        self.store = store
        self.clock = clock
        self.remember_theme = remember_theme
        self._requested_theme = theme
        self._startup_notes: list[str] = []
        #: How ``y`` reaches the system clipboard; tests put a fake here.
        self.system_copy: SystemCopy = pyperclip_copy
        self.disk = DiskSync(self)
        self._stale: set[str] = set(PANES)  # panes to render before they are next shown
        self._setup_theme()

    # --- layout ----------------------------------------------------------------------------

    def compose(self) -> ComposeResult:
        yield PilotHeader(id="header")
        with TabbedContent(id="panes"):
            with TabPane("1 Scorecard", id="tab-scorecard"):
                yield ScorecardPane()
            with TabPane("2 Stakeholders", id="tab-stakeholders"):
                yield StakeholdersPane()
            with TabPane("3 Commercial", id="tab-commercial"):
                yield CommercialPane()
            with TabPane("4 Readiness", id="tab-readiness"):
                yield ReadinessPane()
        yield StatusLine(f"{self.store.path.name} · every change is saved at once", id="status")
        yield Footer()

    def on_mount(self) -> None:
        self.theme_changed_signal.subscribe(self, self._theme_changed)
        self.disk.start()
        self.refresh_views()
        self.pane("scorecard").focus_list()
        # Textual, the model and the pilot shown: alive for the whole session.
        self.call_after_refresh(_exempt_from_gc)
        for note in self._startup_notes:
            self.notify(note, severity="warning", timeout=8)

    def on_unmount(self) -> None:
        self.disk.stop()

    def _setup_theme(self) -> None:
        themes, problems = load_themes()
        for theme in themes:
            self.register_theme(theme)
        self._startup_notes.extend(problems)
        settings = config.load_config()
        if settings.warning:
            self._startup_notes.append(settings.warning)
        requested = self._requested_theme or settings.theme
        name, warning = resolve_theme_name(requested, themes)
        if warning:
            self._startup_notes.append(warning)
        self.theme = name
        self._shown_theme = name
        if self._requested_theme and not warning and self._requested_theme != settings.theme:
            self._remember(name)

    def _theme_changed(self, theme: Theme) -> None:
        # The theme set at start-up is announced too: neither remember nor re-render for it.
        if theme.name == self._shown_theme:
            return
        self._shown_theme = theme.name
        self._remember(theme.name)
        self.refresh_views()

    def _remember(self, name: str) -> None:
        if self.remember_theme:
            problem = config.set_theme(name)
            if problem:
                self.notify(problem, severity="warning")

    # --- rendering -------------------------------------------------------------------------

    def pane(self, name: str) -> Pane:
        return self.query_one(f"#{name}", Pane)

    @property
    def today(self) -> dt.date:
        return self.clock().date()

    @property
    def status(self) -> StatusLine:
        return self.query_one(StatusLine)

    def replace_store(self, store: PilotStore) -> None:
        """Make ``store`` the source of truth (after a reload) and show it."""
        store.author = store.author or self.store.author  # a reloaded store logs as the same person
        self.store = store
        self.refresh_views()
        if not store.dirty and store.read_only is None:
            self.status.note(f"{store.path.name} · in step with the file on disk")

    def refresh_views(self) -> None:
        """Show the store's pilot: the visible pane and the header now, the hidden panes when
        they are next shown (a keystroke at 2,000 criteria must not render four panes)."""
        pilot = self.store.pilot
        today = self.today
        self._stale = set(PANES)
        self._show_pane(self._current_pane_name())
        findings = readiness.evaluate(pilot, today)
        counts = readiness.counts(findings)
        self.query_one(PilotHeader).show(
            pilot,
            self.clock(),
            counts.get(readiness.Severity.BLOCKER, 0),
            counts.get(readiness.Severity.WARNING, 0),
            read_only=self.store.read_only is not None,
        )

    # --- changes ---------------------------------------------------------------------------

    def on_change_requested(self, message: ChangeRequested) -> None:
        self.apply_change(message.change, message.select)

    def apply_change(self, change: Change, select: str | None = None) -> Outcome | None:
        had_document = self.store.has_document
        try:
            outcome = self.store.apply(change, save=False)
        except ChangeRejected as error:
            self.notify(str(error), title="Not changed", severity="error", markup=False)
            return None
        if not had_document and self.store.has_document:
            _exempt_from_gc()  # the whole document was just built: it stays for the session
        self._after(outcome, select)
        return outcome

    def _after(self, outcome: Outcome, select: str | None = None) -> None:
        """Show a change and save it, both before the next frame is painted.

        Updating the widgets only marks what to repaint; the save (render the document, write,
        fsync: ~40 ms at 2,000 criteria, ~1 ms at 7) then runs before that paint. Saving after
        the paint instead made the save wait for a whole frame, and a thread would not help:
        rendering the document is Python code that would share the interpreter with the paint.
        """
        self.refresh_views()
        if select is not None:
            self._current_pane().select(select)
        self._save(self.store, outcome.description)

    def _save(self, store: PilotStore, description: str) -> None:
        if store is not self.store or not store.dirty:
            return  # reloaded meanwhile
        status = self.status
        try:
            store.save()
        except ConflictError as error:
            status.failed(str(error))
            self.disk.conflict_on_save()
        except SaveError as error:
            status.failed(str(error))
            self.notify(str(error), title="Not saved", severity="error", timeout=10, markup=False)
        else:
            status.saved(store.path.name, store.last_saved or self.clock(), description)

    def action_undo(self) -> None:
        self._history(lambda: self.store.undo(save=False), "Nothing to undo")

    def action_redo(self) -> None:
        self._history(lambda: self.store.redo(save=False), "Nothing to redo")

    def _history(self, step: Callable[[], Outcome | None], nothing: str) -> None:
        try:
            outcome = step()
        except ChangeRejected as error:
            self.notify(str(error), title="Not changed", severity="error", markup=False)
            return
        if outcome is None:
            self.notify(nothing, timeout=2)
            return
        self._after(outcome)

    # --- navigation ------------------------------------------------------------------------

    def _current_pane_name(self) -> str:
        return (self.query_one(TabbedContent).active or "tab-scorecard").removeprefix("tab-")

    def _current_pane(self) -> Pane:
        return self.pane(self._current_pane_name())

    def _show_pane(self, name: str) -> None:
        if name in self._stale:
            self._stale.discard(name)
            self.pane(name).show(self.store.pilot, self.today)

    def action_pane(self, name: str) -> None:
        self.query_one(TabbedContent).active = f"tab-{name}"
        self._show_pane(name)
        self.pane(name).focus_list()

    def on_tabbed_content_tab_activated(self, event: TabbedContent.TabActivated) -> None:
        name = event.pane.id.removeprefix("tab-") if event.pane.id else "scorecard"
        self._show_pane(name)
        self.pane(name).focus_list()

    def on_jump_requested(self, message: JumpRequested) -> None:
        name = PANE_OF_COLLECTION.get(message.collection)
        if name is None:
            return
        self.action_pane(name)
        self.pane(name).select(message.entry_id)

    def action_help(self) -> None:
        sections = [
            ("Anywhere", list(self.BINDINGS)),
            ("Lists", list(PilotTable.BINDINGS)),
            ("Scorecard (1)", list(ScorecardPane.BINDINGS)),
            ("Stakeholders (2)", list(StakeholdersPane.BINDINGS)),
            ("Commercial (3)", list(CommercialPane.BINDINGS)),
            ("Readiness (4)", list(ReadinessPane.BINDINGS)),
        ]
        self.push_screen(
            HelpModal([(t, [b for b in bs if isinstance(b, Binding)]) for t, bs in sections])
        )

    # --- Technical Win and email (see review.py) -------------------------------------------

    def action_technical_win(self) -> None:
        from pilotdesk.ui.review.flow import start_review

        start_review(self)

    def action_copy_email(self) -> None:
        from pilotdesk.ui.review.flow import copy_recorded_email

        copy_recorded_email(self)

    # --- command palette: "category: verb" --------------------------------------------------

    def get_system_commands(self, screen: Screen) -> Iterable[SystemCommand]:
        def pane(name: str) -> Callable[[], None]:
            return lambda: self.action_pane(name)

        def on_pane(name: str, action: str) -> Callable[[], None]:
            return lambda: (
                self.action_pane(name),
                self.call_after_refresh(self.pane(name).run_action, action),
            )

        if screen is not self.screen_stack[0]:
            # A review step, a form or a question is open: nothing may change the pilot under it.
            yield SystemCommand("Help: keys", "Every key (? or f1)", self.action_help)
            yield SystemCommand(
                "Theme: switch",
                "Choose a theme; remembered for next time",
                self.action_change_theme,
            )
            yield SystemCommand(
                "App: quit", "Quit; everything is already saved (q)", self.action_quit
            )
            return
        yield SystemCommand("Go: scorecard", "Show the success criteria (1)", pane("scorecard"))
        yield SystemCommand(
            "Go: stakeholders", "Show the stakeholder map (2)", pane("stakeholders")
        )
        yield SystemCommand(
            "Go: commercial", "Show the commercial checklist (3)", pane("commercial")
        )
        yield SystemCommand("Go: readiness", "Show the readiness warnings (4)", pane("readiness"))
        yield SystemCommand(
            "Criterion: mark passed",
            "Selected criterion passed (p)",
            on_pane("scorecard", "status('passed')"),
        )
        yield SystemCommand(
            "Criterion: mark failed",
            "Selected criterion failed (f)",
            on_pane("scorecard", "status('failed')"),
        )
        yield SystemCommand(
            "Criterion: mark pending",
            "Selected criterion pending (u)",
            on_pane("scorecard", "status('pending')"),
        )
        yield SystemCommand(
            "Criterion: add", "A new success criterion (a)", on_pane("scorecard", "add")
        )
        yield SystemCommand(
            "Criterion: edit", "Edit the selected criterion (enter)", on_pane("scorecard", "edit")
        )
        yield SystemCommand(
            "Criterion: delete", "Delete the selected criterion (d)", on_pane("scorecard", "delete")
        )
        yield SystemCommand(
            "Criterion: move up",
            "Move the selected criterion up (K)",
            on_pane("scorecard", "move(-1)"),
        )
        yield SystemCommand(
            "Criterion: move down",
            "Move the selected criterion down (J)",
            on_pane("scorecard", "move(1)"),
        )
        yield SystemCommand("Stakeholder: add", "A new person (a)", on_pane("stakeholders", "add"))
        yield SystemCommand(
            "Stakeholder: edit", "Edit the selected person (enter)", on_pane("stakeholders", "edit")
        )
        yield SystemCommand(
            "Stakeholder: delete",
            "Delete the selected person (d)",
            on_pane("stakeholders", "delete"),
        )
        yield SystemCommand(
            "Stakeholder: log contact today",
            "Record a contact made today (c)",
            on_pane("stakeholders", "contacted"),
        )
        yield SystemCommand(
            "Checklist: step status", "todo → doing → done (space)", on_pane("commercial", "step")
        )
        yield SystemCommand(
            "Checklist: add", "A new commercial item (a)", on_pane("commercial", "add")
        )
        yield SystemCommand(
            "Checklist: edit", "Edit the selected item (enter)", on_pane("commercial", "edit")
        )
        yield SystemCommand(
            "Checklist: delete", "Delete the selected item (d)", on_pane("commercial", "delete")
        )
        yield SystemCommand(
            "Commercial: edit commitment",
            "If it passes, then…; sponsor; owner; first PO (e)",
            on_pane("commercial", "edit_commitment"),
        )
        yield SystemCommand(
            "Technical Win: start review",
            "Walk the scorecard and ask the question (w)",
            self.action_technical_win,
        )
        yield SystemCommand(
            "Email: copy", "Copy the email for the recorded verdict (y)", self.action_copy_email
        )
        yield SystemCommand("Edit: undo", "Undo the last change (ctrl+z)", self.action_undo)
        yield SystemCommand("Edit: redo", "Redo (ctrl+y)", self.action_redo)
        yield SystemCommand(
            "Theme: switch", "Choose a theme; remembered for next time", self.action_change_theme
        )
        yield SystemCommand("Help: keys", "Every key (? or f1)", self.action_help)
        yield SystemCommand("App: quit", "Quit; everything is already saved (q)", self.action_quit)


def run(store: PilotStore, *, theme: str | None = None, today: dt.date | None = None) -> int:
    clock: Clock = dt.datetime.now
    if today is not None:
        clock = lambda: dt.datetime.combine(today, dt.datetime.now().time())  # noqa: E731
    app = PilotdeskApp(store, theme=theme, clock=clock)
    app.run()
    return app.return_code or 0
