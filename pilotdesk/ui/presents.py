"""The workbook's presenting state, mixed into the app (see :mod:`.presenting` for what
presenting means and the parts the panes, forms and review share).

Apart from :mod:`.presenting` because it is the app's own: the helpers that import
:mod:`.presenting` must not import the app (an import-linter contract), and this mixin is
typed with it.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from textual.widgets import TabbedContent

from pilotdesk.domain import audience, readiness
from pilotdesk.domain.model import Pilot
from pilotdesk.ui.keys import key_names
from pilotdesk.ui.panes import Pane
from pilotdesk.ui.presenting import (
    HIDDEN,
    WIDE_TABS,
    LeavePresentingModal,
    hidden_line,
    private_name,
)
from pilotdesk.ui.widgets.chrome import PilotHeader

if TYPE_CHECKING:
    from pilotdesk.ui.app import PilotdeskApp


class Presents:
    """The workbook's presenting state and its key (mixed into the app)."""

    presenting: bool = False

    def action_present(self) -> None:
        app: PilotdeskApp = self  # type: ignore[assignment]
        if not self.presenting:
            self.set_presenting(True)
            app.notify("Presenting: only what the prospect may see is on screen.", timeout=4)
            return

        def answered(leave: bool | None) -> None:
            if leave:
                self.set_presenting(False)
                app.notify("Presenting ended: everything is on screen again.", timeout=4)

        app.push_screen(LeavePresentingModal(), answered)

    #: The store's pilot and the room's part of it, made once per change, not per pane.
    _shown: tuple[Pilot, Pilot] | None = None

    @property
    def shown_pilot(self) -> Pilot:
        """The pilot as the screen may show it now: all of it, or the room's part."""
        app: PilotdeskApp = self  # type: ignore[assignment]
        pilot = app.store.pilot
        if not self.presenting:
            return pilot
        if self._shown is None or self._shown[0] is not pilot:
            self._shown = (pilot, audience.for_prospect(pilot))
        return self._shown[1]

    def tab_label(self, name: str) -> str:
        """A pane's tab: its key and name, and whether it is hidden while presenting."""
        from pilotdesk.ui.panes.registry import PANE_KEYS, SPECS

        app: PilotdeskApp = self  # type: ignore[assignment]
        label = f"{key_names(app, PANE_KEYS[name])} {SPECS[name].title}"
        if not self.presenting or SPECS[name].for_the_room:
            return label
        # Every tab in the row at 80 columns: the pane itself says the rest.
        return f"{label}: {HIDDEN if app.size.width >= WIDE_TABS else 'hidden'}"

    def on_resize(self) -> None:
        if self.presenting:
            self.relabel_tabs()

    def relabel_tabs(self) -> None:
        from pilotdesk.ui.panes.registry import PANE_NAMES

        app: PilotdeskApp = self  # type: ignore[assignment]
        tabs = app.query_one(TabbedContent)
        for name in PANE_NAMES:
            tabs.get_tab(f"tab-{name}").label = self.tab_label(name)

    def show_header(self) -> None:
        """The header: with the readiness counts, or (presenting) the room's part of the pilot
        with the mark and no count (the findings are the SE's read)."""
        app: PilotdeskApp = self  # type: ignore[assignment]
        header = app.query_one(PilotHeader)
        read_only = app.store.read_only is not None
        if self.presenting:
            header.show(self.shown_pilot, app.clock(), None, read_only=read_only)
            return
        counts = readiness.counts(readiness.evaluate(app.store.pilot, app.today))
        blockers = counts.get(readiness.Severity.BLOCKER, 0)
        warnings = counts.get(readiness.Severity.WARNING, 0)
        header.show(app.store.pilot, app.clock(), (blockers, warnings), read_only=read_only)

    def hide_panes(self) -> None:
        """Each pane the room may see nothing of: hidden while presenting (its keys and
        palette commands do nothing, visited or not), shown again after."""
        from pilotdesk.ui.panes.registry import PANES

        app: PilotdeskApp = self  # type: ignore[assignment]
        for spec in PANES:
            if not spec.for_the_room:
                self.hides(app.pane(spec.name))

    def hides(self, pane: Pane) -> bool:
        """Show ``pane``'s one line instead of its content if the room may see none of it now
        (True), else make sure its content is shown (False)."""
        from pilotdesk.ui.panes.registry import SPECS

        spec = SPECS[pane.id or ""]
        hidden = self.presenting and not spec.for_the_room
        pane.hide_all(hidden_line(pane, spec.shows) if hidden else None)
        return hidden

    def set_presenting(self, on: bool) -> None:
        app: PilotdeskApp = self  # type: ignore[assignment]
        self.presenting = on
        app.set_class(on, "-presenting")
        app.relabel_tabs()
        app.refresh_views()

    def notify(self, message: str, **options: Any) -> None:
        """While presenting, a toast that names what the room may not see (a rejected change
        quoting a gap, a stance) says only that."""
        if self.presenting and private_name(f"{message} {options.get('title', '')}"):
            message, options["title"] = f"A message about what is {HIDDEN}.", ""
        super().notify(message, **options)  # type: ignore[misc]

    def status_words(self, before: Pilot, description: str) -> str:
        """What the status line may say about a change: while presenting, a change to what the
        room may not see (an undone stance, a gap) is not named."""
        app: PilotdeskApp = self  # type: ignore[assignment]
        if not self.presenting:
            return description
        if audience.private_part(before) != audience.private_part(app.store.pilot):
            return f"a change {HIDDEN}"
        return description
