"""Leaving the workbook without losing a change: ``q`` (or the palette's quit) with a change
not on disk asks first; SIGTERM, SIGHUP and SIGINT write the change to a recovery copy and let Textual
restore the terminal (alternate screen, mouse mode, cursor) as on an ordinary quit.

Every change is saved at once, so this matters only after a save failed (disk full, permission
lost, the file changed on disk and the conflict was left for later): then the store is
``dirty`` and its ``unsaved`` changes are what would be lost.
"""

from __future__ import annotations

import asyncio
import contextlib
import signal
import weakref
from typing import TYPE_CHECKING

from pilotdesk.domain.errors import SaveError
from pilotdesk.session.recovery import write_somewhere
from pilotdesk.session.sync import recovery_folder
from pilotdesk.ui.modals.quit import QuitChoice, QuitModal

if TYPE_CHECKING:
    from pilotdesk.ui.app import PilotdeskApp

#: The signals that end a session from outside: a shutdown, a closed terminal or SSH session,
#: ``kill -INT`` (the terminal is in raw mode: ctrl+c there is a key, never this signal, so a
#: SIGINT comes from another program, and must not cost a change more than a SIGTERM does).
STOPPING = (signal.SIGTERM, signal.SIGINT) + ((signal.SIGHUP,) if hasattr(signal, "SIGHUP") else ())


class AsksBeforeLosingChanges:
    """The workbook's quit action (``q``, ctrl+q, the palette's "App: quit"): at once, unless
    a change is not on disk; then it asks."""

    async def action_quit(self) -> None:
        request_quit(self)  # type: ignore[arg-type]


def request_quit(app: PilotdeskApp) -> None:
    """Quit now when everything is on disk; else ask what becomes of the changes."""
    store = app.store
    if not store.dirty:
        app.exit()
        return
    problem = app.status.problem or store.read_only or "the last save did not reach the disk"
    _ask(app, problem)


def _ask(app: PilotdeskApp, problem: str) -> None:
    store = app.store
    where = (
        f"beside the file in {store.path.parent}, or in {recovery_folder()} "
        "if that folder cannot take it"
    )
    app.push_screen(
        QuitModal(store.unsaved_descriptions, problem, where),
        lambda choice: _answer(app, choice),
    )


def _answer(app: PilotdeskApp, choice: QuitChoice | None) -> None:
    store = app.store
    name = store.path.name
    if choice is None:
        app.status.failed(
            f"{len(store.unsaved)} change(s) not in {name} yet; q asks again before quitting"
        )
        return
    if choice == "retry":
        try:
            store.save()
        except SaveError as error:
            app.status.failed(str(error))
            _ask(app, str(error))
            return
        app.exit(message=f"pilotdesk: saved {store.path}")
    elif choice == "copy":
        try:
            kept = write_somewhere(store, app.clock(), label="mine")
        except SaveError as error:
            _ask(app, f"the copy could not be written either: {error}")
            return
        app.exit(message=f"pilotdesk: your changes not saved in {store.path} are in {kept}")
    else:
        count = len(store.unsaved)
        app.exit(message=f"pilotdesk: quit without saving {count} change(s) to {store.path}")


#: The workbooks a stop signal is ending already.
_stopping: weakref.WeakSet[PilotdeskApp] = weakref.WeakSet()


def install_signal_handlers(app: PilotdeskApp) -> None:
    """On SIGTERM, SIGHUP or SIGINT: write a recovery copy if a change is not on disk, then exit the
    ordinary way (Textual restores the terminal). Only in a real terminal, not in tests'
    headless runs, which share the test runner's process."""
    loop = asyncio.get_running_loop()
    for number in STOPPING:
        with contextlib.suppress(NotImplementedError, RuntimeError, ValueError):
            loop.add_signal_handler(number, on_stop_signal, app, number)


def remove_signal_handlers() -> None:
    with contextlib.suppress(RuntimeError):
        loop = asyncio.get_running_loop()
        for number in STOPPING:
            with contextlib.suppress(NotImplementedError, ValueError):
                loop.remove_signal_handler(number)


def on_stop_signal(app: PilotdeskApp, number: int) -> None:
    """Keep the unsaved changes, say where, and exit with 128 + the signal's number.

    Once only: a closing terminal often sends SIGHUP right after a SIGTERM (or the other way
    round); the second one must not write a second copy of the same changes."""
    if app in _stopping:
        return
    _stopping.add(app)
    store = app.store
    message = f"pilotdesk: stopped by {signal.Signals(number).name}"
    if store.dirty:
        try:
            kept = write_somewhere(store, app.clock())
        except SaveError as error:
            message += f"; your unsaved changes could not be written anywhere: {error}"
        else:
            message += f"; your changes not saved in {store.path} are in {kept}"
    app.exit(return_code=128 + number, message=message)
