"""The workbook: one pilot file on screen, driven from the keyboard in a live meeting.

The app holds the one source of truth, the :class:`~pilotdesk.store.PilotStore`. Panes never
change the pilot themselves: they post :class:`ChangeRequested`, the app applies it through the
store (validated, saved at once, logged, undoable) and every pane re-renders from the result.
"""

from __future__ import annotations

import datetime as dt
import gc
from collections.abc import Callable, Iterable
from functools import partial
from typing import Any

from textual.app import App, ComposeResult, SystemCommand
from textual.screen import ModalScreen, Screen, SystemModalScreen
from textual.theme import Theme
from textual.widgets import Footer, TabbedContent, TabPane

from pilotdesk import config
from pilotdesk.domain import readiness
from pilotdesk.domain.errors import ChangeRejected, ConflictError
from pilotdesk.domain.text import visible
from pilotdesk.session.changes import Change
from pilotdesk.session.store import Outcome, PilotStore
from pilotdesk.ui import record
from pilotdesk.ui.clipboard import SystemCopy, pyperclip_copy
from pilotdesk.ui.commands import palette_commands
from pilotdesk.ui.disk import DiskSync
from pilotdesk.ui.keymap import help_sections
from pilotdesk.ui.keymap import load as load_keymap
from pilotdesk.ui.keys import bind, key_names
from pilotdesk.ui.messages import ChangeRequested, JumpRequested
from pilotdesk.ui.modals.help import HelpModal
from pilotdesk.ui.panes import Pane
from pilotdesk.ui.panes.registry import PANE_KEYS, PANE_NAMES, PANE_OF_COLLECTION, PANES
from pilotdesk.ui.quitting import AsksBeforeLosingChanges
from pilotdesk.ui.themes import load_themes, resolve_theme_name
from pilotdesk.ui.widgets.chrome import PilotHeader, StatusLine

Clock = Callable[[], dt.datetime]


def _exempt_from_gc() -> None:
    """Keep what is alive now (Textual, the model, the pilot's document: millions of objects at
    2,000 criteria) out of the cyclic garbage collector's full passes. Without this, every
    few thousand allocations of a keystroke could walk all of them (spikes of 100 ms and more).
    Objects frozen here are still freed by reference counting when they are dropped."""
    gc.freeze()
    gc.enable()  # `pilotdesk open` turns it off until the first paint (cli._open)


class PilotdeskApp(AsksBeforeLosingChanges, App[int]):
    CSS_PATH = "pilotdesk.tcss"
    TITLE = "pilotdesk"
    ENABLE_COMMAND_PALETTE = True

    BINDINGS = [
        *PANE_KEYS.values(),
        bind(
            "app.review",
            "w",
            "technical_win",
            "Technical Win",
            "Walk the scorecard and ask the question",
            command="Technical Win: start review",
        ),
        bind(
            "app.copy_email",
            "y",
            "copy_email",
            "Copy email",
            "Copy the email for the recorded verdict",
            command="Email: copy",
        ),
        bind("app.undo", "ctrl+z", "undo", "Undo", "Undo the last change", command="Edit: undo"),
        bind("app.redo", "ctrl+y", "redo", "Redo", "Redo what was undone", command="Edit: redo"),
        bind(
            "app.help",
            "question_mark,f1",
            "help",
            "Help",
            "Every key, and its id for config.toml",
            command="Help: keys",
        ),
        bind(
            "app.quit",
            "q",
            "quit",
            "Quit",
            "Quit; asks first if a change is not on disk",
            command="App: quit",
        ),
    ]
    #: Actions that would change the pilot or the pane under an open dialog (the palette can
    #: be opened over a form or a review step): not offered while one is open.
    WORKBOOK_ACTIONS = frozenset({"pane", "technical_win", "copy_email", "undo", "redo"})

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
        self._stale: set[str] = set(PANE_NAMES)  # panes to render before they are next shown
        self._setup_theme()
        self._setup_keys()

    # --- layout ----------------------------------------------------------------------------

    def compose(self) -> ComposeResult:
        yield PilotHeader(id="header")
        with TabbedContent(id="panes"):
            for spec in PANES:
                with TabPane(self._tab_label(spec.name), id=f"tab-{spec.name}"):
                    yield spec.cls()
        yield StatusLine(id="status")  # its words once the lock is tried (on_mount)
        yield Footer()

    def _tab_label(self, name: str) -> str:
        return f"{key_names(self, PANE_KEYS[name])} {name.title()}"

    def on_mount(self) -> None:
        self.theme_changed_signal.subscribe(self, self._theme_changed)
        self.disk.start()
        why = self.store.read_only  # a read-only session says why, not "saved at once"
        saving = f"read-only: {why}" if why else "every change is saved at once"
        self.status.note(f"{self.store.path.name} · {saving}")
        self.refresh_views()
        self.pane("scorecard").focus_list()
        # Textual, the model and the pilot shown: alive for the whole session.
        self.call_after_refresh(_exempt_from_gc)
        for note in self._startup_notes:
            # Plain text: a note quotes the user's config ("[keys]", paths), never markup.
            self.notify(note, severity="warning", timeout=8, markup=False)

    def notify(self, message: str, **options: Any) -> None:
        """Every toast, control characters spelled out: toasts quote the file and its name."""
        options["title"] = visible(options.get("title", ""))
        super().notify(visible(message), **options)

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
        name, warning = resolve_theme_name(requested, themes, settings.theme)
        if warning:
            self._startup_notes.append(warning)
        self.theme = name
        self._shown_theme = name
        if self._requested_theme and not warning and self._requested_theme != settings.theme:
            self._remember(name)

    def _setup_keys(self) -> None:
        keymap, problem = load_keymap(type(self), config.load_config())
        self.set_keymap(keymap)
        if problem:
            self._startup_notes.append(problem)

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
        self._stale = set(PANE_NAMES)
        self._show_pane(self._current_pane_name())
        self.refresh_bindings()  # what can act (undo, w, y, the pane's keys) may have changed
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
            outcome = self.store.apply(change)
        except ChangeRejected as error:
            self.notify(str(error), title="Not changed", severity="error", markup=False)
            return None
        if not had_document and self.store.has_document:
            _exempt_from_gc()  # the whole document was just built: it stays for the session
        self._show(outcome, select)
        return outcome

    def _show(self, outcome: Outcome, select: str | None = None) -> None:
        """Show a change the store has made and saved, before the next frame is painted.

        The store saves as part of the change (render the document, write, fsync: ~40 ms at
        2,000 criteria, ~1 ms at 7); updating the widgets only marks what to repaint, so the
        paint that follows shows the change and its save together."""
        self.refresh_views()
        if select is not None:
            self._current_pane().select(select)
        self.report_save(outcome)

    def report_save(self, outcome: Outcome) -> None:
        """Say how the save of a change went: the one place the workbook reports it."""
        store, status, error = self.store, self.status, outcome.save_error
        if isinstance(error, ConflictError):
            status.failed(str(error))
            self.disk.conflict_on_save()
        elif error is not None:
            status.failed(str(error))
            self.notify(str(error), title="Not saved", severity="error", timeout=10, markup=False)
        else:
            status.saved(store.path.name, store.last_saved or self.clock(), outcome.description)

    def action_undo(self) -> None:
        self._history(self.store.undo, "Nothing to undo")

    def action_redo(self) -> None:
        self._history(self.store.redo, "Nothing to redo")

    def _history(self, step: Callable[[], Outcome | None], nothing: str) -> None:
        try:
            outcome = step()
        except ChangeRejected as error:
            self.notify(str(error), title="Not changed", severity="error", markup=False)
            return
        if outcome is None:
            self.notify(nothing, timeout=2)
            return
        self._show(outcome)

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
        self.push_screen(HelpModal(help_sections(self), partial(key_names, self)))

    # --- what applies where ----------------------------------------------------------------

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """Hide what cannot act now (under an open dialog; undo, redo and the email with nothing
        to act on: the footer has room for the keys that do at 120 columns); grey out the review
        while there are no criteria, so that a new user still sees where it starts."""
        if action in self.WORKBOOK_ACTIONS and self._dialog_open():
            return False
        if action == "undo":
            return self.store.can_undo
        if action == "redo":
            return self.store.can_redo
        if action == "technical_win":
            return bool(self.store.pilot.criteria) or None
        if action == "copy_email":
            return self.store.pilot.technical_win is not None
        return True

    def _dialog_open(self) -> bool:
        # The command palette is a (system) modal screen too, but it opens over what it acts on.
        return any(
            isinstance(screen, ModalScreen) and not isinstance(screen, SystemModalScreen)
            for screen in self.screen_stack
        )

    # --- Technical Win and email (see review.py) -------------------------------------------

    def action_technical_win(self) -> None:
        from pilotdesk.ui.review.flow import start_review

        start_review(self)

    def action_record_sign_off(self) -> None:
        record.record_sign_off(self)

    def action_close_out(self) -> None:
        record.close_out(self)

    def action_handoff(self) -> None:
        record.handoff(self)

    def action_export(self, what: str) -> None:
        from pilotdesk.ui.exports import export

        export(self, what)

    def action_copy_email(self) -> None:
        from pilotdesk.ui.review.flow import copy_recorded_email

        copy_recorded_email(self)

    # --- command palette: "category: verb", from the bindings ------------------------------

    def get_system_commands(self, screen: Screen) -> Iterable[SystemCommand]:
        return palette_commands(self)


def run(store: PilotStore, *, theme: str | None = None, today: dt.date | None = None) -> int:
    clock: Clock = dt.datetime.now
    if today is not None:
        clock = lambda: dt.datetime.combine(today, dt.datetime.now().time())  # noqa: E731
    app = PilotdeskApp(store, theme=theme, clock=clock)
    app.run()
    return app.return_code or 0
