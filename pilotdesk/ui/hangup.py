"""The terminal going away (a closed window, a dropped SSH session, a killed tmux): the workbook
keeps what is not on disk, lets go of the pilot's lock, and is gone within two seconds.

It notices in two ways: SIGHUP (:mod:`.quitting` handles it with SIGTERM), and a thread that
looks at the terminal every :data:`INTERVAL` seconds for a hang-up or an error (``poll``:
``POLLHUP``, ``POLLERR``, ``POLLNVAL``). The second covers what comes without a signal, or with
one ignored (``nohup``): input at its end (EOF, EIO) and output that cannot be written.

Why a watchdog: Textual's own shutdown can hang for ever once the terminal is gone. Its output
thread dies on the first write that fails (EIO on a hung-up terminal); every later write waits
for room in its queue of 30 that nobody empties, and so does its ``stop()``: the main thread
blocks, the app never exits, and it holds the pilot's lock (``tests/test_hangup.py`` reproduces
it with Textual's writer alone). So once the unsaved change is in a recovery copy and the lock
is released, the process gets a moment to end the ordinary way (:data:`GRACE_GONE`, or
:data:`GRACE_ALIVE` when the terminal is still there, for SIGTERM), then ends with ``os._exit``.
"""

from __future__ import annotations

import asyncio
import contextlib
import os
import select
import sys
import threading
from collections.abc import Callable

#: How often the terminal is looked at, in seconds.
INTERVAL = 0.1
#: How long the event loop has to act on a lost terminal before the watch thread acts itself
#: (the main thread may be the one blocked on the dead terminal).
LOOP_WAIT = 0.15
#: How long Textual has to shut down once the terminal is gone: nobody will see it restored,
#: and what must not be lost is on disk by then.
GRACE_GONE = 0.1
#: ... and when it is still there (SIGTERM, a SIGHUP sent by hand): time to restore it.
GRACE_ALIVE = 5.0

_BAD = (
    getattr(select, "POLLHUP", 0) | getattr(select, "POLLERR", 0) | getattr(select, "POLLNVAL", 0)
)


def _terminal_fds() -> list[int]:
    """What Textual reads keys from (stdin) and writes the screen to (stderr)."""
    fds = []
    for stream in (sys.__stdin__, sys.__stderr__):
        with contextlib.suppress(AttributeError, OSError, ValueError):
            if stream is not None:
                fds.append(stream.fileno())
    return fds


def terminal_gone() -> bool:
    """Whether the terminal hung up or failed (False where ``poll`` does not exist: Windows)."""
    if not hasattr(select, "poll"):
        return False
    poller = select.poll()
    fds = _terminal_fds()
    for fd in fds:
        poller.register(fd, 0)  # hang-ups and errors are always reported
    try:
        events = poller.poll(0)
    except OSError:
        return True
    return any(mask & _BAD for _, mask in events)


def end_soon(seconds: float, code: int) -> None:
    """End the process with ``code`` after ``seconds``, whatever the main thread is doing. Only
    once what must not be lost is on disk: nothing else runs (no ``finally``, no ``atexit``)."""

    def end() -> None:
        threading.Event().wait(seconds)
        os._exit(code)

    threading.Thread(target=end, name="pilotdesk-watchdog", daemon=True).start()


class TerminalWatch(threading.Thread):
    """Calls ``on_lost`` once (on the event loop, or from here if the loop does not answer)
    when the terminal hangs up or fails."""

    def __init__(self, loop: asyncio.AbstractEventLoop, on_lost: Callable[[], None]) -> None:
        super().__init__(name="pilotdesk-terminal-watch", daemon=True)
        self.loop = loop
        self.on_lost = on_lost
        self.stopped = threading.Event()

    def run(self) -> None:
        while not self.stopped.wait(INTERVAL):
            if terminal_gone():
                self._lost()
                return

    def _lost(self) -> None:
        done = threading.Event()

        def on_loop() -> None:
            try:
                self.on_lost()
            finally:
                done.set()

        try:
            self.loop.call_soon_threadsafe(on_loop)
        except RuntimeError:  # the loop is closed: the app has gone already
            return
        if not done.wait(LOOP_WAIT) and not self.stopped.is_set():
            self.on_lost()  # the main thread is stuck (on the dead terminal): act from here

    def stop(self) -> None:
        self.stopped.set()
