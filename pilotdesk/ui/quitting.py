"""Leaving the workbook without losing a change: ``q`` (or the palette's quit) with a change
not on disk asks first; SIGTERM, SIGHUP and SIGINT (sent from outside) write the change to a
recovery copy and let Textual restore the terminal (alternate screen, mouse mode, cursor) as on
an ordinary quit; so does a terminal that hangs up or fails, and the process then ends whether
Textual can or not (:mod:`.hangup`).

Every change is saved at once, so this matters only after a save failed (disk full, permission
lost, the file changed on disk and the conflict was left for later): then the store is
``dirty`` and its ``unsaved`` changes are what would be lost.
"""

from __future__ import annotations

import asyncio
import contextlib
import signal
import threading
import weakref
from functools import partial
from typing import TYPE_CHECKING

from pilotdesk.domain.errors import SaveError
from pilotdesk.session.recovery import write_somewhere
from pilotdesk.session.sync import recovery_folder
from pilotdesk.ui.crashing import keep_unsaved, leave
from pilotdesk.ui.hangup import GRACE_ALIVE, GRACE_GONE, TerminalWatch, end_soon, terminal_gone
from pilotdesk.ui.modals.quit import QuitChoice, QuitModal

if TYPE_CHECKING:
    from pilotdesk.ui.workbook import Workbook

#: The signals that end a session from outside: a shutdown, a closed terminal or SSH session,
#: ``kill -INT`` (the terminal is in raw mode: ctrl+c there is a key, never this signal, so a
#: SIGINT comes from another program, and must not cost a change more than a SIGTERM does).
STOPPING = (signal.SIGTERM, signal.SIGINT) + ((signal.SIGHUP,) if hasattr(signal, "SIGHUP") else ())


class AsksBeforeLosingChanges:
    """The workbook's quit action (``q``, ctrl+q, the palette's "App: quit"): at once, unless
    a change is not on disk; then it asks."""

    async def action_quit(self) -> None:
        request_quit(self)  # type: ignore[arg-type]


def request_quit(app: Workbook) -> None:
    """Quit now when everything is on disk; else ask what becomes of the changes."""
    store = app.store
    if not store.dirty:
        app.exit()
        return
    problem = app.status.problem or store.read_only or "the last save did not reach the disk"
    _ask(app, problem)


def _ask(app: Workbook, problem: str) -> None:
    store = app.store
    where = (
        f"beside the file in {store.path.parent}, or in {recovery_folder()} "
        "if that folder cannot take it"
    )
    app.push_screen(
        QuitModal(store.unsaved_descriptions, problem, where),
        lambda choice: _answer(app, choice),
    )


def _answer(app: Workbook, choice: QuitChoice | None) -> None:
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
        leave(app, f"pilotdesk: saved {store.path}")
    elif choice == "copy":
        try:
            kept = write_somewhere(store, app.clock(), label="mine")
        except SaveError as error:
            _ask(app, f"the copy could not be written either: {error}")
            return
        leave(app, f"pilotdesk: your changes not saved in {store.path} are in {kept}")
    else:
        count = len(store.unsaved)
        leave(app, f"pilotdesk: quit without saving {count} change(s) to {store.path}")


#: The workbooks a stop signal or a lost terminal is ending already.
_stopping: weakref.WeakSet[Workbook] = weakref.WeakSet()
_stopping_lock = threading.Lock()
#: The thread watching the running workbook's terminal (see :mod:`.hangup`).
_watch: TerminalWatch | None = None


def install_signal_handlers(app: Workbook) -> None:
    """On SIGTERM, SIGHUP or SIGINT, or when the terminal hangs up or fails: write a recovery copy if a
    change is not on disk, then exit the ordinary way (Textual restores the terminal), within
    a bounded time (:mod:`.hangup`). Only in a real terminal, not in tests' headless runs,
    which share the test runner's process."""
    global _watch
    loop = asyncio.get_running_loop()
    for number in STOPPING:
        with contextlib.suppress(NotImplementedError, RuntimeError, ValueError):
            loop.add_signal_handler(number, on_stop_signal, app, number)
    _watch = TerminalWatch(loop, partial(on_terminal_lost, app))
    _watch.start()


def remove_signal_handlers() -> None:
    global _watch
    if _watch is not None:
        _watch.stop()
        _watch = None
    with contextlib.suppress(RuntimeError):
        loop = asyncio.get_running_loop()
        for number in STOPPING:
            with contextlib.suppress(NotImplementedError, ValueError):
                loop.remove_signal_handler(number)


def on_stop_signal(app: Workbook, number: int) -> None:
    """Keep the unsaved changes, say where, and exit with 128 + the signal's number.

    Once only: a closing terminal often sends SIGHUP right after a SIGTERM (or the other way
    round); the second one must not write a second copy of the same changes."""
    stop(app, f"stopped by {signal.Signals(number).name}", 128 + number)


def on_terminal_lost(app: Workbook) -> None:
    """The terminal hung up or failed without a signal (or with one ignored): as SIGHUP."""
    stop(app, "the terminal closed", 129)


def stop(app: Workbook, why: str, code: int) -> None:
    """Keep what is not on disk, release the lock if the terminal is gone, and exit ``code``:
    the ordinary way if Textual can, else by the watchdog (:func:`.hangup.end_soon`). May run
    on the watch thread when the main thread is stuck on the dead terminal."""
    with _stopping_lock:
        if app in _stopping:
            return
        _stopping.add(app)
    message = f"pilotdesk: {why}"
    try:
        kept = keep_unsaved(app.store, app.clock())
    except Exception as error:  # noqa: BLE001 - the process must still end (the watchdog below)
        kept = f"your unsaved changes could not be kept ({type(error).__name__})"
    if kept:
        message += f"; {kept}"
    if not app.is_headless:
        gone = terminal_gone()
        if gone:
            app.disk.lock.release()  # before anything can hang: the next open is the writer
        end_soon(GRACE_GONE if gone else GRACE_ALIVE, code)
    leave(app, message, code)
