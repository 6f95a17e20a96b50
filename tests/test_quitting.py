"""Issue 12, point 1: leaving the workbook never loses a change that is not on disk.

``q`` (and the palette's quit) with a change a save could not write asks first, naming the
changes: try the save again, save a copy (beside the file, or in the state folder when the
folder cannot take it), or quit and discard. SIGTERM and SIGHUP write a recovery copy, exit
through Textual (which restores the terminal), and the next open says where the copy is.
"""

from __future__ import annotations

import errno
import os
import signal
from pathlib import Path
from typing import Any

import pytest

from pilotdesk.pilotfile import atomic
from pilotdesk.session.recovery import recovery_copies
from pilotdesk.ui.modals.conflict import ConflictModal
from pilotdesk.ui.modals.quit import QuitModal
from pilotdesk.ui.quitting import on_stop_signal
from pilotdesk.ui.widgets.table import PilotTable

PASSED = "criterion sunlight: pending -> passed"


def full_disk(monkeypatch: pytest.MonkeyPatch) -> None:
    """Every save and every copy beside the pilot fails as on a full disk."""
    real_write_new = atomic.write_new

    def no_space(*args: Any, **kwargs: Any) -> None:
        raise OSError(errno.ENOSPC, "No space left on device")

    def write_new_elsewhere(path: Path, data: bytes, like: Path | None = None) -> None:
        if like is not None and Path(path).parent == Path(like).parent:
            no_space()
        real_write_new(path, data, like)

    monkeypatch.setattr("pilotdesk.session.store.atomic_write", no_space)
    monkeypatch.setattr("pilotdesk.session.store.write_new", write_new_elsewhere)


async def mark_sunlight_passed(wb: Any) -> None:
    table = wb.app.query_one("#criteria-table", PilotTable)
    table.move_cursor(row=table.get_row_index("sunlight"))
    await wb.pilot.pause()
    await wb.pilot.press("p")
    await wb.pilot.pause()


def status(wb: Any) -> str:
    return str(wb.app.query_one("#status").render())


def has_sunlight_passed(path: Path) -> bool:
    text = path.read_text(encoding="utf-8")
    start = text.index('id = "sunlight"')
    return 'status = "passed"' in text[start : text.index("[[", start)]


async def test_q_with_everything_on_disk_quits_at_once(open_workbook: Any) -> None:
    async with open_workbook() as wb:
        await mark_sunlight_passed(wb)
        await wb.pilot.press("q")
        await wb.pilot.pause()
        assert wb.app.return_code == 0 and not isinstance(wb.app.screen, QuitModal)


async def test_q_after_a_failed_save_asks_and_names_what_would_be_lost(
    open_workbook: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    async with open_workbook() as wb:
        full_disk(monkeypatch)
        await mark_sunlight_passed(wb)
        await wb.pilot.press("q")
        await wb.pilot.pause()
        modal = wb.app.screen
        assert isinstance(modal, QuitModal)
        assert modal.unsaved == [PASSED] and "the disk is full" in modal.problem
        assert str(wb.path.parent) in modal.copy_where
        await wb.pilot.press("escape")
        await wb.pilot.pause()
        assert wb.app.return_code is None, "escape stays"
        assert "q asks again" in status(wb)
        await wb.app.action_quit()  # the palette's "App: quit" calls the same action
        await wb.pilot.pause()
        assert isinstance(wb.app.screen, QuitModal)


async def test_quit_retry_saves_once_the_disk_has_room_and_then_quits(
    open_workbook: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    async with open_workbook() as wb:
        full_disk(monkeypatch)
        await mark_sunlight_passed(wb)
        await wb.pilot.press("q")
        await wb.pilot.press("1")  # still full: asked again, with the reason
        await wb.pilot.pause()
        assert isinstance(wb.app.screen, QuitModal) and wb.app.return_code is None
        monkeypatch.undo()
        await wb.pilot.press("1")
        await wb.pilot.pause()
        assert wb.app.return_code == 0
        assert has_sunlight_passed(wb.path)


async def test_quit_with_a_copy_on_a_full_disk_writes_it_in_the_state_folder(
    open_workbook: Any, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    async with open_workbook() as wb:
        full_disk(monkeypatch)
        await mark_sunlight_passed(wb)
        await wb.pilot.press("q")
        await wb.pilot.press("2")
        await wb.pilot.pause()
        assert wb.app.return_code == 0
        [kept] = (tmp_path / "state" / "pilotdesk" / "recovered").glob("acme.mine-*.toml")
        assert has_sunlight_passed(kept)
        assert str(kept) in wb.app.farewell
        assert wb.text() == wb.original
        assert recovery_copies(wb.path) == [kept], "the next open finds it"


async def test_quit_and_discard_leaves_the_file_as_it_was(
    open_workbook: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    async with open_workbook() as wb:
        full_disk(monkeypatch)
        await mark_sunlight_passed(wb)
        await wb.pilot.press("q")
        await wb.pilot.press("3")
        await wb.pilot.pause()
        assert wb.app.return_code == 0 and wb.text() == wb.original
        assert sorted(p.name for p in wb.path.parent.iterdir() if p.suffix == ".toml") == [
            "acme.toml"
        ]


async def test_q_after_escape_in_the_conflict_dialog_asks_first(
    open_workbook: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr("pilotdesk.ui.disk.POLL_SECONDS", 3600)
    async with open_workbook() as wb:
        theirs = wb.original.replace('ae = "Sam Lee"', 'ae = "Priya"')
        wb.path.write_text(theirs, encoding="utf-8")
        await mark_sunlight_passed(wb)
        assert isinstance(wb.app.screen, ConflictModal)
        await wb.pilot.press("escape")
        await wb.pilot.press("q")
        await wb.pilot.pause()
        modal = wb.app.screen
        assert isinstance(modal, QuitModal) and modal.unsaved == [PASSED]
        assert "changed on disk" in modal.problem
        await wb.pilot.press("2")
        await wb.pilot.pause()
        [kept] = wb.path.parent.glob("acme.mine-*.toml")
        assert has_sunlight_passed(kept) and wb.text() == theirs


@pytest.mark.parametrize("number", [signal.SIGTERM, signal.SIGHUP])
async def test_sigterm_and_sighup_write_the_unsaved_change_to_a_recovery_copy(
    open_workbook: Any, monkeypatch: pytest.MonkeyPatch, number: int
) -> None:
    async with open_workbook() as wb:
        monkeypatch.setattr(
            "pilotdesk.session.store.atomic_write",
            lambda *a, **k: (_ for _ in ()).throw(OSError(errno.EACCES, "denied")),
        )
        await mark_sunlight_passed(wb)
        on_stop_signal(wb.app, number)
        on_stop_signal(wb.app, signal.SIGHUP + signal.SIGTERM - number)  # the other one too
        await wb.pilot.pause()
        assert wb.app.return_code == 128 + number
        [kept] = wb.path.parent.glob("acme.recovered-*.toml")
        assert has_sunlight_passed(kept) and wb.text() == wb.original
        assert str(kept) in wb.app.farewell
    assert recovery_copies(wb.path) == [kept], "the next open finds it"


async def test_the_next_open_says_where_the_recovery_copies_are(
    open_workbook: Any, tmp_path: Path
) -> None:
    (tmp_path / "acme.recovered-20261122-103000.toml").write_text("x", encoding="utf-8")
    async with open_workbook() as wb:
        messages = [n.message for n in wb.app._notifications]
        assert any("acme.recovered-20261122-103000.toml" in m for m in messages)


async def test_a_stop_signal_with_everything_saved_writes_no_copy(open_workbook: Any) -> None:
    async with open_workbook() as wb:
        await mark_sunlight_passed(wb)
        on_stop_signal(wb.app, signal.SIGTERM)
        await wb.pilot.pause()
        assert wb.app.return_code == 143
        assert list(wb.path.parent.glob("acme.recovered-*")) == []


# --- "Apply mine on top": what does not apply is kept and listed ------------------------------


async def test_apply_mine_on_top_keeps_what_did_not_apply_in_a_copy_and_lists_it(
    open_workbook: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Point 2: their side deleted the criterion we marked; the dialog promised nothing is
    lost, so our whole version goes to a copy and a dialog says what and where."""
    from pilotdesk.ui.modals.notice import NoticeModal

    monkeypatch.setattr("pilotdesk.ui.disk.POLL_SECONDS", 3600)
    async with open_workbook() as wb:
        start = wb.original.index('[[criteria]]\nid = "sunlight"')
        end = wb.original.index("[[criteria]]", start + 1)
        theirs = wb.original[:start] + wb.original[end:]
        wb.path.write_text(theirs, encoding="utf-8")
        await mark_sunlight_passed(wb)
        assert isinstance(wb.app.screen, ConflictModal)
        await wb.pilot.press("2")
        await wb.pilot.pause()
        notice = wb.app.screen
        assert isinstance(notice, NoticeModal)
        assert len(notice.lines) == 1 and PASSED in notice.lines[0]
        [kept] = wb.path.parent.glob("acme.mine-*.toml")
        assert str(kept) in notice.detail
        assert has_sunlight_passed(kept)
        assert 'id = "sunlight"' not in wb.text()
        await wb.pilot.press("enter")
        await wb.pilot.pause()
        assert not isinstance(wb.app.screen, NoticeModal)


async def test_apply_mine_on_top_with_no_room_for_the_copy_keeps_ours_on_screen(
    open_workbook: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    from pilotdesk.domain.errors import SaveError

    def nowhere(*args: Any, **kwargs: Any) -> Path:
        raise SaveError("the disk is full")

    monkeypatch.setattr("pilotdesk.ui.disk.POLL_SECONDS", 3600)
    monkeypatch.setattr("pilotdesk.ui.disk.write_somewhere", nowhere)
    async with open_workbook() as wb:
        start = wb.original.index('[[criteria]]\nid = "sunlight"')
        end = wb.original.index("[[criteria]]", start + 1)
        wb.path.write_text(wb.original[:start] + wb.original[end:], encoding="utf-8")
        await mark_sunlight_passed(wb)
        await wb.pilot.press("2")
        await wb.pilot.pause()
        assert wb.app.store.dirty and wb.app.store.unsaved_descriptions == [PASSED]
        assert "no copy could be written" in status(wb)
        await wb.pilot.press("q")
        await wb.pilot.pause()
        assert isinstance(wb.app.screen, QuitModal)


def test_recovery_copies_of_a_file_whose_name_has_glob_characters_are_found(
    tmp_path: Path,
) -> None:
    pilot = tmp_path / "acme [v2].toml"
    pilot.write_text("", encoding="utf-8")
    copy = tmp_path / "acme [v2].recovered-20261122-103000.toml"
    copy.write_text("", encoding="utf-8")
    (tmp_path / "acme v.recovered-20261122-103000.toml").write_text("", encoding="utf-8")
    assert recovery_copies(pilot) == [copy]


# --- in a real terminal ---------------------------------------------------------------------


def _read_until(fd: int, needle: bytes, seconds: float) -> bytes:
    """What the terminal shows until ``needle`` appears (or the time is up, or it closes)."""
    import select
    import time

    seen = b""
    deadline = time.monotonic() + seconds
    while needle not in seen and time.monotonic() < deadline:
        ready, _, _ = select.select([fd], [], [], 0.2)
        if ready:
            try:
                chunk = os.read(fd, 65536)
            except OSError:  # EIO: the other side closed
                break
            if not chunk:
                break
            seen += chunk
    return seen


@pytest.mark.skipif(not hasattr(os, "fork") or os.name != "posix", reason="needs a pty")
def test_sigterm_in_a_real_terminal_keeps_the_change_and_restores_the_terminal(
    tmp_pilot: Any, tmp_path: Path
) -> None:
    import fcntl
    import pty
    import struct
    import sys
    import termios

    path = tmp_pilot("acme")
    root = Path(__file__).resolve().parent.parent
    pid, fd = pty.fork()
    if pid == 0:  # pragma: no cover - the child: pilotdesk in a terminal of its own
        os.environ.update(
            TERM="xterm-256color",
            PYTHONPATH=str(root),
            XDG_STATE_HOME=str(tmp_path / "state"),
            XDG_CONFIG_HOME=str(tmp_path / "config"),
        )
        os.execv(sys.executable, [sys.executable, "-m", "pilotdesk", "open", str(path)])
    try:
        fcntl.ioctl(fd, termios.TIOCSWINSZ, struct.pack("HHHH", 36, 120, 0, 0))
        assert b"Scorecard" in _read_until(fd, b"Scorecard", 30)
        path.chmod(0o444)  # every save is refused from now on: the change stays in memory
        os.write(fd, b"jjjjp")
        assert b"NOT SAVED" in _read_until(fd, b"NOT SAVED", 10)
        os.kill(pid, signal.SIGTERM)
        after = _read_until(fd, b"\x00never\x00", 20)
    finally:
        _, status = os.waitpid(pid, 0)
        os.close(fd)
    assert os.waitstatus_to_exitcode(status) == 143
    # Textual's ordinary exit: mouse off, cursor shown, alternate screen left.
    assert b"\x1b[?1000l" in after and b"\x1b[?25h" in after and b"\x1b[?1049l" in after
    [kept] = path.parent.glob("acme.recovered-*.toml")
    assert has_sunlight_passed(kept)
    assert str(kept).encode() in after.replace(b"\r\n", b"")
