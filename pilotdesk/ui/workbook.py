"""What the workbook's helpers may use of the workbook: a narrow interface, so that the arrows
point one way.

The helpers (:mod:`~pilotdesk.ui.disk`, :mod:`~pilotdesk.ui.exports`,
:mod:`~pilotdesk.ui.quitting`, :mod:`~pilotdesk.ui.record`, :mod:`~pilotdesk.ui.commands` and
the Technical Win review) are called by the app and act on it. Typed with the app itself, each
imported :mod:`pilotdesk.ui.app`, which imports them: one import circle through nine files,
where a change to any of them could reach all. They take a :class:`Workbook` instead: what the
app offers them, written down once. ``PilotdeskApp`` satisfies it structurally (mypy checks
that wherever the app is passed), and an import-linter contract keeps the helpers from
importing the app again.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import TYPE_CHECKING, Any, Protocol

if TYPE_CHECKING:
    from textual.app import App
    from textual.screen import Screen
    from textual.timer import Timer
    from textual.worker import Worker
    from textual.worker_manager import WorkerManager

    from pilotdesk.domain.model import Pilot
    from pilotdesk.session.changes import Change
    from pilotdesk.session.store import Outcome, PilotStore
    from pilotdesk.ui.clipboard import SystemCopy
    from pilotdesk.ui.disk import DiskSync
    from pilotdesk.ui.panes import Pane
    from pilotdesk.ui.widgets.chrome import StatusLine

Clock = Callable[[], dt.datetime]


class Workbook(Protocol):
    """The workbook as its helpers see it: the pilot's store, the clock, the status line, the
    panes, and the few Textual calls they make (dialogs, toasts, timers, workers, exit)."""

    store: PilotStore
    clock: Clock
    #: The file's other writers and the one-writer lock (quitting releases it when the
    #: terminal is gone, before anything can hang).
    disk: DiskSync
    #: Whether the screen shows only what the prospect may see (see presenting.py).
    presenting: bool
    #: How ``y`` reaches the system clipboard; tests put a fake here.
    system_copy: SystemCopy

    # --- the pilot ---------------------------------------------------------------------------

    @property
    def today(self) -> dt.date: ...

    @property
    def shown_pilot(self) -> Pilot:
        """The pilot as the screen may show it now: all of it, or (presenting) the room's part."""
        ...

    @property
    def status(self) -> StatusLine: ...

    def apply_change(self, change: Change, select: str | None = None) -> Outcome | None: ...

    def refresh_views(self) -> None: ...

    def replace_store(self, store: PilotStore) -> None: ...

    def pane(self, name: str) -> Pane: ...

    def action_pane(self, name: str) -> None: ...

    def action_record_sign_off(self) -> None: ...

    def action_close_out(self) -> None: ...

    def action_handoff(self) -> None: ...

    def action_export(self, what: str) -> None: ...

    def action_change_theme(self) -> None: ...

    # --- the Textual app under it ------------------------------------------------------------

    @property
    def textual(self) -> App[Any]:
        """The Textual app itself: for what takes one (the clipboard, key names, bindings)."""
        ...

    @property
    def is_headless(self) -> bool: ...

    @property
    def screen(self) -> Screen[object]: ...

    @property
    def screen_stack(self) -> list[Screen[Any]]: ...

    @property
    def workers(self) -> WorkerManager: ...

    def notify(self, message: str, **options: Any) -> None: ...

    def bell(self) -> None: ...

    def push_screen(self, screen: Screen[Any], callback: Any = None) -> Any: ...

    async def push_screen_wait(self, screen: Screen[Any]) -> Any: ...

    def set_interval(self, interval: float, callback: Callable[[], object]) -> Timer: ...

    def call_after_refresh(self, callback: Callable[..., object], *args: Any) -> bool: ...

    def run_worker(self, work: Any, *, exclusive: bool = ..., group: str = ...) -> Worker[Any]: ...

    def exit(self, *, return_code: int = ..., message: str | None = ...) -> None: ...

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None: ...

    def run_action(self, action: str) -> Any: ...
