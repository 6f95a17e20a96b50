"""Issue 21, point 5: the workbook is gone within two seconds of losing its terminal (a closed
window, a dropped SSH session, a killed tmux), in every state, through the recovery path: the
change not on disk is in a recovery copy, and the lock is released so the next open writes.

Textual's shutdown can hang once the terminal is gone; the first test reduces that to Textual's
output thread alone, which is why pilotdesk does not wait for it (``ui/hangup.py``).
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import pytest

from pilotdesk.pilotfile.lock import PilotLock
from pilotdesk.ui.hangup import terminal_gone

ROOT = Path(__file__).resolve().parent.parent
pytestmark = pytest.mark.skipif(not hasattr(os, "fork") or os.name != "posix", reason="needs a pty")

#: Textual's writer thread over a terminal that goes away: the deadlock, reduced.
TEXTUAL_WRITER_OVER_A_CLOSED_TERMINAL = """
import os
from textual.drivers._writer_thread import MAX_QUEUED_WRITES, WriterThread
master, slave = os.openpty()
writer = WriterThread(os.fdopen(slave, "w"))
writer.start()
os.close(master)  # the terminal goes away: every write to it now fails (EIO)
writer.write("a frame")
writer.join(5)  # the thread dies on that write: nobody empties the queue any more
assert not writer.is_alive()
for _ in range(MAX_QUEUED_WRITES):
    writer.write("a frame")  # the queue fills up
print("full", flush=True)
writer.write("a frame")  # and the next write (or stop()) waits for ever
"""


def test_textual_writer_thread_hangs_once_its_terminal_is_gone() -> None:
    # Why the workbook ends itself (ui/hangup.py) rather than wait for Textual's shutdown. If
    # this fails, Textual no longer hangs here: the watchdog may become a safety net only.
    with pytest.raises(subprocess.TimeoutExpired) as waited:
        subprocess.run(
            [sys.executable, "-c", TEXTUAL_WRITER_OVER_A_CLOSED_TERMINAL],
            capture_output=True,
            timeout=10,
            check=False,
        )
    assert waited.value.stdout == b"full\n", "it got as far as the write that blocks"


def test_terminal_gone_sees_a_hung_up_pty_and_not_a_live_one() -> None:
    master, slave = os.openpty()
    pid = os.fork()
    if pid == 0:  # pragma: no cover - the child: the pty as its stdin and stderr
        os.close(master)  # the parent holds the only other end
        os.dup2(slave, 0)
        os.dup2(slave, 2)
        before = terminal_gone()
        time.sleep(1.5)  # meanwhile the parent closes the master: the terminal hangs up
        after = terminal_gone()
        os._exit(10 * before + after)
    os.close(slave)
    time.sleep(0.5)
    os.close(master)
    _, status = os.waitpid(pid, 0)
    assert os.waitstatus_to_exitcode(status) == 1, "live: not gone (0); hung up: gone (1)"


def _read_until(fd: int, needle: bytes, seconds: float) -> bytes:
    import select

    seen = b""
    deadline = time.monotonic() + seconds
    while needle not in seen and time.monotonic() < deadline:
        ready, _, _ = select.select([fd], [], [], 0.2)
        if ready:
            try:
                chunk = os.read(fd, 65536)
            except OSError:
                break
            if not chunk:
                break
            seen += chunk
    return seen


def _exit_within(pid: int, seconds: float) -> tuple[float, int | None]:
    """How long ``pid`` (a child) took to exit, and its exit code (None: still running)."""
    start = time.monotonic()
    while time.monotonic() - start < seconds:
        done, status = os.waitpid(pid, os.WNOHANG)
        if done:
            return time.monotonic() - start, os.waitstatus_to_exitcode(status)
        time.sleep(0.01)
    return time.monotonic() - start, None


@pytest.mark.parametrize("hangup_signal", [True, False], ids=["sighup", "no-signal"])
def test_workbook_whose_terminal_closes_is_gone_within_two_seconds_keeping_the_change(
    hangup_signal: bool, tmp_pilot: Any, tmp_path: Path
) -> None:
    """``no-signal``: the workbook runs in a session of its own, so closing the terminal sends
    it no SIGHUP (as with nohup, or a terminal that fails): it notices EOF, EIO and the hang-up
    on its own."""
    import fcntl
    import pty
    import struct
    import termios

    path = tmp_pilot("acme")
    argv = [sys.executable, "-m", "pilotdesk", "open", str(path)]
    pid, fd = pty.fork()
    if pid == 0:  # pragma: no cover - the child: pilotdesk in a terminal of its own
        os.environ.update(
            TERM="xterm-256color",
            PYTHONPATH=str(ROOT),
            XDG_STATE_HOME=str(tmp_path / "state"),
            XDG_CONFIG_HOME=str(tmp_path / "config"),
        )
        if not hangup_signal:
            inner = os.fork()
            if inner:  # waits for pilotdesk, and passes on its exit code
                signal.signal(signal.SIGHUP, signal.SIG_IGN)
                _, status = os.waitpid(inner, 0)
                os._exit(os.waitstatus_to_exitcode(status))
            os.setsid()  # no controlling terminal: no SIGHUP when it closes
        os.execv(sys.executable, argv)
    try:
        fcntl.ioctl(fd, termios.TIOCSWINSZ, struct.pack("HHHH", 36, 120, 0, 0))
        assert b"Scorecard" in _read_until(fd, b"Scorecard", 30)
        path.chmod(0o444)  # saves are refused from now on: the change stays in memory
        os.write(fd, b"jjjjp")
        assert b"NOT SAVED" in _read_until(fd, b"NOT SAVED", 15)
    finally:
        os.close(fd)  # the terminal goes away
    took, code = _exit_within(pid, 10)
    if code is None:
        os.kill(pid, signal.SIGKILL)
        os.waitpid(pid, 0)
    assert code == 129, f"still running after {took:.1f}s" if code is None else code
    assert took < 2.0
    [kept] = path.parent.glob("acme.recovered-*.toml")
    text = kept.read_text(encoding="utf-8")
    start = text.index('id = "sunlight"')
    assert 'status = "passed"' in text[start : text.index("[[", start)]
    lock = PilotLock(path)
    assert lock.acquire() is None, "the next open is the writer"
    lock.release()
