"""An exception the workbook did not expect: one line after the screen is restored, a crash
report in the state folder, exit 70, and any change not on disk in a recovery copy.

Textual's own handling prints a full-screen traceback with every local variable, which shows
the pilot's contents (on a screen that may be on a projector) and exits 1, the code
``check --strict`` uses for findings. Textual offers no public hook for this: every unhandled
exception of a handler, a timer or a worker goes through ``App._handle_exception``, so that
is what :class:`CrashesQuietly` overrides; the exit itself is the public ``App.exit``.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import sys
from typing import TYPE_CHECKING, Any

from pilotdesk.crash import EXIT_CRASH, crash_line
from pilotdesk.domain.errors import SaveError
from pilotdesk.domain.text import visible
from pilotdesk.session.recovery import write_somewhere

if TYPE_CHECKING:
    from pilotdesk.session.store import PilotStore


def keep_unsaved(store: PilotStore | None, now: dt.datetime) -> str | None:
    """Write the changes not on disk to a recovery copy; say where (None: nothing unsaved)."""
    if store is None or not store.dirty:
        return None
    try:
        kept = write_somewhere(store, now)
    except SaveError as error:
        return f"your unsaved changes could not be written anywhere: {error}"
    return f"your changes not saved in {store.path} are in {kept}"


def leave(app: Any, line: str, return_code: int = 0) -> None:
    """Exit the app and say ``line`` once the terminal is restored (see :func:`farewell`)."""
    app.farewell = line
    app.exit(return_code=return_code)


def farewell(app: Any) -> None:
    """Print the line an app left with on stderr, as it is: one line (Textual's exit message
    is cropped at the terminal's width, and a path or a script's log needs all of it), no
    markup (a path may hold "[...]"), control characters spelled out."""
    line = getattr(app, "farewell", None)
    if line:
        with contextlib.suppress(OSError, ValueError):  # the terminal may be gone
            print(visible(line), file=sys.stderr, flush=True)


class CrashesQuietly:
    """Mixed into an App: the first unexpected exception ends it with one line and exit 70."""

    #: The command named in the line ("open", "board").
    COMMAND = "open"
    #: The exception that ended the app, if one did (tests re-raise it).
    crashed: BaseException | None = None
    #: The line to print once the terminal is restored (:func:`farewell`).
    farewell: str | None = None

    def _handle_exception(self, error: Exception) -> None:
        app: Any = self
        if self.crashed is not None:  # already leaving: one line, one report
            return
        self.crashed = error
        # As Textual's own handler does, so that run_test re-raises the error and a test's
        # Pilot stops waiting for a screen that will not come (a test never hides a crash).
        if app._exception is None:
            app._exception = error
            app._exception_event.set()
        store = getattr(app, "store", None)
        clock = getattr(app, "clock", dt.datetime.now)
        try:
            kept = keep_unsaved(store, clock())
        except Exception as again:  # noqa: BLE001 - the clock or the store broke too: say so
            kept = f"your unsaved changes could not be kept ({type(again).__name__})"
        line = crash_line(self.COMMAND, error, kept)
        leave(app, line, EXIT_CRASH)

    def panic(self, *renderables: Any) -> None:
        """Textual's other way out, taken when its input thread fails: EIO once the terminal
        has hung up (then the workbook stops as on SIGHUP, keeping what is not on disk), or
        anything else (then it is a bug like any other: one line, a report, exit 70)."""
        from pilotdesk.ui.hangup import terminal_gone
        from pilotdesk.ui.quitting import on_terminal_lost

        app: Any = self
        if not terminal_gone():
            self._handle_exception(RuntimeError("the user interface stopped (a Textual panic)"))
        elif getattr(app, "store", None) is not None:
            on_terminal_lost(app)
        else:  # the board: nothing to keep, no lock
            app.exit(return_code=129)
