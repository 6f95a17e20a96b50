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
from textual.widgets import TabbedContent, TabPane

from pilotdesk import config
from pilotdesk.domain.errors import ChangeRejected, ConflictError
from pilotdesk.domain.model import Pilot
from pilotdesk.domain.text import visible
from pilotdesk.session.changes import Change
from pilotdesk.session.store import Outcome, PilotStore
from pilotdesk.ui import record
from pilotdesk.ui.clipboard import SystemCopy, pyperclip_copy
from pilotdesk.ui.commands import palette_commands
from pilotdesk.ui.crashing import CrashesQuietly
from pilotdesk.ui.disk import DiskSync
from pilotdesk.ui.keymap import help_sections
from pilotdesk.ui.keymap import load as load_keymap
from pilotdesk.ui.keys import bind, key_names
from pilotdesk.ui.messages import ChangeRequested, JumpRequested
from pilotdesk.ui.modals.help import HelpModal
from pilotdesk.ui.panes import Pane
from pilotdesk.ui.panes.registry import PANE_KEYS, PANE_NAMES, PANE_OF_COLLECTION, PANES
from pilotdesk.ui.presenting import PRESENT_KEY
from pilotdesk.ui.presents import Presents
from pilotdesk.ui.quitting import AsksBeforeLosingChanges
from pilotdesk.ui.theming import ThemedApp
from pilotdesk.ui.widgets.chrome import PilotFooter, PilotHeader, StatusLine

Clock = Callable[[], dt.datetime]


def _exempt_from_gc() -> None:
    """Keep what is alive now (Textual, the model, the document: millions of objects at 2,000
    criteria) out of the cyclic collector's full passes (spikes of 100 ms and more in a key);
    frozen objects are still freed by reference counting when dropped."""
    gc.freeze()
    gc.enable()  # `pilotdesk open` turns it off until the first paint (cli._open)


class PilotdeskApp(Presents, CrashesQuietly, AsksBeforeLosingChanges, ThemedApp):
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
        PRESENT_KEY,
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
    WORKBOOK_ACTIONS = frozenset({"pane", "technical_win", "copy_email", "undo", "redo", "present"})

    def __init__(
        self,
        store: PilotStore,
        *,
        theme: str | None = None,
        clock: Clock = dt.datetime.now,
        remember_theme: bool = True,
        present: bool | None = None,
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
        self._applicable: tuple[object, ...] = ()  # what _refresh_keys last saw
        self._setup_theme()
        self._setup_keys()
        #: Whether the screen shows only what the prospect may see (see presenting.py).
        self.presenting = config.load_config().present if present is None else present

    # --- layout ----------------------------------------------------------------------------

    def compose(self) -> ComposeResult:
        yield PilotHeader(id="header")
        with TabbedContent(id="panes"):
            for spec in PANES:
                with TabPane(self.tab_label(spec.name), id=f"tab-{spec.name}"):
                    yield spec.cls()
        yield StatusLine(id="status")  # its words once the lock is tried (on_mount)
        yield PilotFooter()

    def on_mount(self) -> None:
        self.set_class(self.presenting, "-presenting")
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

    def on_resize(self) -> None:
        self.query_one(PilotFooter).fit(self.size.width)

    def on_unmount(self) -> None:
        self.disk.stop()

    def _setup_keys(self) -> None:
        keymap, problem = load_keymap(type(self), config.load_config())
        self.set_keymap(keymap)
        if problem:
            self._startup_notes.append(problem)

    # --- rendering -------------------------------------------------------------------------

    def pane(self, name: str) -> Pane:
        return self.query_one(f"#{name}", Pane)

    @property
    def today(self) -> dt.date:
        return self.clock().date()

    @property
    def textual(self) -> App[int]:
        """The Textual app, for the helpers' calls that take one (:mod:`.workbook`)."""
        return self

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
        self._stale = set(PANE_NAMES)
        self.hide_panes()
        self._show_pane(self._current_pane_name())
        self._refresh_keys()  # what can act (undo, w, y, the pane's keys) may have changed
        self.show_header()

    def _refresh_keys(self) -> None:
        """Refresh the keys only if what can act changed: the footer is rebuilt on each refresh."""
        store, pane, pilot = self.store, self._current_pane(), self.store.pilot
        applicable: tuple[object, ...] = (store.can_undo, store.can_redo, store.read_only)
        applicable += (bool(pilot.criteria), pilot.technical_win, pane.id, pane.has_selection())
        if applicable != self._applicable:
            self._applicable = applicable
            self.refresh_bindings()

    # --- changes ---------------------------------------------------------------------------

    def on_change_requested(self, message: ChangeRequested) -> None:
        self.apply_change(message.change, message.select, paint_first=True)

    def apply_change(
        self, change: Change, select: str | None = None, *, paint_first: bool = False
    ) -> Outcome | None:
        """Apply and show ``change`` (None if refused); ``paint_first``: saved once painted."""
        had_document, before = self.store.has_document, self.store.pilot
        try:
            outcome = self.store.apply(change, save=not paint_first)
        except ChangeRejected as error:
            self.notify(str(error), title="Not changed", severity="error", markup=False)
            return None
        if not had_document and self.store.has_document:
            _exempt_from_gc()  # the whole document was just built: it stays for the session
        self._show(outcome, before, select)
        return outcome

    def _show(self, outcome: Outcome, before: Pilot, select: str | None = None) -> None:
        """Show a change and its save; a pending one is saved once painted, in order, each save
        writing all in memory (a failed one leaves it unsaved, as a failed save at once does)."""
        self.refresh_views()
        if select is not None:
            self._current_pane().select(select)
        if outcome.pending:
            save = partial(self.store.save_outcome, outcome.description)
            self.call_after_refresh(lambda: self.report_save(save(), before))
        else:
            self.report_save(outcome, before)

    def report_save(self, outcome: Outcome, before: Pilot | None = None) -> None:
        """Say how the save of a change went: the one place the workbook reports it (while
        presenting, without naming a change to what the room may not see)."""
        store, status, error = self.store, self.status, outcome.save_error
        if isinstance(error, ConflictError):
            status.failed(str(error))
            self.disk.conflict_on_save()
        elif error is not None:
            status.failed(str(error))
            self.notify(str(error), title="Not saved", severity="error", timeout=10, markup=False)
        else:
            what = self.status_words(before or store.pilot, outcome.description)
            status.saved(store.path.name, store.last_saved or self.clock(), what)

    def action_undo(self) -> None:
        self._history(partial(self.store.undo, save=False), "Nothing to undo")

    def action_redo(self) -> None:
        self._history(partial(self.store.redo, save=False), "Nothing to redo")

    async def action_quit(self) -> None:
        store = self.store  # a change only waiting for its paint is saved, not asked about
        if store.dirty and store.unsaved and self.status.problem is None:
            self.report_save(store.save_outcome(store.unsaved_descriptions[-1]))
        await super().action_quit()

    def _history(self, step: Callable[[], Outcome | None], nothing: str) -> None:
        before = self.store.pilot
        try:
            outcome = step()
        except ChangeRejected as error:
            self.notify(str(error), title="Not changed", severity="error", markup=False)
            return
        if outcome is None:
            self.notify(nothing, timeout=2)
            return
        self._show(outcome, before)

    # --- navigation ------------------------------------------------------------------------

    def _current_pane_name(self) -> str:
        return (self.query_one(TabbedContent).active or "tab-scorecard").removeprefix("tab-")

    def _current_pane(self) -> Pane:
        return self.pane(self._current_pane_name())

    def _show_pane(self, name: str) -> None:
        if name in self._stale:
            self._stale.discard(name)
            if not self.hides(self.pane(name)):
                self.pane(name).show(self.shown_pilot, self.today)

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
