"""Issue 12, points 12 and 15: one writer per pilot file, whoever and however it is opened.

The lock is ``.NAME.lock`` beside the pilot (every user on a shared folder meets it), a file
with hard links is locked itself, a crash never leaves it stuck, and a read-only second
workbook keeps asking until it becomes the writer, and says so."""

from __future__ import annotations

import errno
import os
import shutil
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from _waits import settle  # tests/ is on sys.path (no package)

from pilotdesk.pilotfile import lock as lock_module
from pilotdesk.pilotfile.lock import PilotLock
from pilotdesk.session.changes import SetStatus
from pilotdesk.session.store import PilotStore
from pilotdesk.ui.app import PilotdeskApp

as_root = pytest.mark.skipif(not hasattr(os, "geteuid") or os.geteuid() != 0, reason="needs root")
NOBODY = 65534


def _in_child_as(uid: int, path: Path) -> str | None:
    """``PilotLock(path).acquire()`` in a forked child running as ``uid``; its answer."""
    read, write = os.pipe()
    pid = os.fork()
    if pid == 0:  # pragma: no cover - the child
        os.close(read)
        try:
            os.setgroups([])
            os.setgid(uid)
            os.setuid(uid)
            answer = PilotLock(path).acquire()
            os.write(write, (answer or "HELD").encode())
        finally:
            os._exit(0)
    os.close(write)
    with os.fdopen(read, "rb") as pipe:
        text = pipe.read().decode()
    os.waitpid(pid, 0)
    return None if text == "HELD" else text


@pytest.fixture
def shared(samples_dir: Path) -> Iterator[Path]:
    """acme.toml in a world-writable folder (sticky, like /tmp) that every user can reach,
    readable and writable by all: a shared folder."""
    folder = Path(tempfile.mkdtemp(prefix="pilotdesk-shared-", dir="/tmp"))
    folder.chmod(0o1777)
    path = folder / "acme.toml"
    shutil.copyfile(samples_dir / "acme.toml", path)
    path.chmod(0o666)
    yield path
    shutil.rmtree(folder)


@as_root
def test_another_user_on_a_shared_folder_is_refused_while_we_hold_it(shared: Path) -> None:
    mine = PilotLock(shared)
    assert mine.acquire() is None
    answer = _in_child_as(NOBODY, shared)
    assert answer is not None and f"pid {os.getpid()}" in answer
    mine.release()
    assert not mine.path.exists(), "the lock file goes with its holder"
    assert _in_child_as(NOBODY, shared) is None


@as_root
def test_we_are_refused_while_another_user_holds_it(shared: Path) -> None:
    read, write = os.pipe()
    go_read, go_write = os.pipe()
    pid = os.fork()
    if pid == 0:  # pragma: no cover - the child holds the lock until told to go
        os.setgroups([])
        os.setgid(NOBODY)
        os.setuid(NOBODY)
        held = PilotLock(shared).acquire() is None
        os.write(write, b"1" if held else b"0")
        os.read(go_read, 1)
        os._exit(0)
    try:
        assert os.read(read, 1) == b"1"
        answer = PilotLock(shared).acquire()
        assert answer is not None and "another pilotdesk" in answer
    finally:
        os.write(go_write, b"x")
        os.waitpid(pid, 0)
    lock = PilotLock(shared)
    assert lock.acquire() is None, "the other user's process ended: its lock went with it"
    lock.release()


def test_two_hard_link_names_take_one_lock(tmp_pilot: Any) -> None:
    path = tmp_pilot("acme")
    other = path.with_name("acme-copy.toml")
    os.link(path, other)
    first = PilotLock(path)
    assert first.acquire() is None
    answer = PilotLock(other).acquire()
    assert answer is not None and "hard link" in answer
    first.release()
    second = PilotLock(other)
    assert second.acquire() is None
    second.release()


def test_a_lock_file_left_by_a_crash_is_taken_over(tmp_pilot: Any) -> None:
    path = tmp_pilot("acme")
    lock = PilotLock(path)
    lock.path.write_text("pid 999999 of dana on elsewhere since 10:00", encoding="utf-8")
    assert lock.acquire() is None
    assert f"pid {os.getpid()}" in lock.path.read_text(encoding="utf-8")
    lock.release()


@pytest.mark.parametrize(("alive", "refused"), [(True, True), (False, False)])
def test_without_flock_the_pid_in_the_lock_file_decides(
    tmp_pilot: Any, monkeypatch: pytest.MonkeyPatch, alive: bool, refused: bool
) -> None:
    """A file system without flock (ENOLCK): a live process on this host holds the lock, a dead
    one (a crash) does not."""
    import socket

    def no_flock(fd: int, operation: int) -> None:
        raise OSError(errno.ENOLCK, "No locks available")

    monkeypatch.setattr(lock_module, "_BACKEND", lock_module._Flock(no_flock, 0, 0))
    path = tmp_pilot("acme")
    lock = PilotLock(path)
    pid = os.getpid() if alive else 999999
    lock.path.write_text(f"pid {pid} of dana on {socket.gethostname()} since 10:00")
    answer = lock.acquire()
    assert (answer is not None) is refused


def test_a_released_lock_removes_its_file_and_a_held_one_keeps_it(tmp_pilot: Any) -> None:
    path = tmp_pilot("acme")
    lock = PilotLock(path)
    assert lock.acquire() is None and lock.path.exists()
    assert PilotLock(path).acquire() is not None
    assert lock.path.exists(), "a refused one does not remove the holder's file"
    lock.release()
    assert not lock.path.exists()


async def test_a_read_only_second_workbook_says_why_and_becomes_the_writer_when_the_first_quits(
    open_workbook: Any, pinned_clock: Any
) -> None:
    async with open_workbook() as wb:
        second = PilotdeskApp(
            PilotStore.open(wb.path, pinned_clock), clock=pinned_clock, remember_theme=False
        )
        async with second.run_test(size=(120, 36)) as pilot:
            await pilot.pause()
            status = str(second.query_one("#status").render())
            assert "read-only" in status and "another pilotdesk" in status
            assert "every change is saved at once" not in status
            wb.app.disk.lock.release()  # the first one quits
            await settle(pilot, lambda: second.store.read_only is None)
            assert second.store.read_only is None
            status = str(second.query_one("#status").render())
            assert "you are the writer now" in status
            assert second.apply_change(SetStatus("criteria", "sunlight", "passed")).saved  # type: ignore[union-attr]
            assert PilotLock(wb.path).acquire() is not None, "and it holds the lock"
        assert 'status = "passed"' in wb.path.read_text(encoding="utf-8")


def test_lock_holder_text_from_the_file_is_shown_without_control_characters(
    tmp_pilot: Any,
) -> None:
    path = tmp_pilot("acme")
    holder = PilotLock(path)
    assert holder.acquire() is None
    os.pwrite(holder._fd, b"pid 1 \x1b]52;c;ZWNobyBwd25lZA==\x07", 0)  # type: ignore[arg-type]
    answer = PilotLock(path).acquire()
    assert answer is not None and "\x1b" not in answer and "\x07" not in answer
    holder.release()


@as_root
def test_another_user_saves_a_shared_file_in_a_sticky_folder_in_place(
    shared: Path, clock: Any
) -> None:
    """Found by hand: in a shared folder with the sticky bit (like /tmp), another user may
    write root's 0666 pilot but not rename over it; the save writes it in place, and the
    file stays root's."""
    pid = os.fork()
    if pid == 0:  # pragma: no cover - the child
        code = 1
        try:
            os.setgroups([])
            os.setgid(NOBODY)
            os.setuid(NOBODY)
            store = PilotStore.open(shared, clock)
            code = 0 if store.apply(SetStatus("criteria", "sunlight", "passed")).saved else 3
        finally:
            os._exit(code)
    _, status = os.waitpid(pid, 0)
    assert os.waitstatus_to_exitcode(status) == 0
    text = shared.read_text(encoding="utf-8")
    assert "criterion sunlight: pending -> passed" in text
    info = shared.stat()
    assert (info.st_uid, info.st_gid) == (0, 0)
    assert sorted(p.name for p in shared.parent.iterdir()) == ["acme.toml"]


# --- Issue 22, point 13: only a regular file is the lock ---------------------------------------


def _plant_folder(path: Path) -> None:
    path.mkdir()


def _plant_link(path: Path) -> None:
    target = path.with_name("somewhere-else")
    target.write_text("")
    path.symlink_to(target)


def _plant_dangling_link(path: Path) -> None:
    path.symlink_to(path.with_name("nowhere"))


def _plant_fifo(path: Path) -> None:
    os.mkfifo(path)


@pytest.mark.parametrize(
    ("plant", "kind"),
    [
        (_plant_folder, "a folder"),
        (_plant_link, "a symbolic link"),
        (_plant_dangling_link, "a symbolic link"),
        (_plant_fifo, "a FIFO"),
    ],
)
def test_a_planted_lock_folder_link_or_fifo_makes_every_session_read_only(
    tmp_pilot: Any, plant: Any, kind: str
) -> None:
    """A ``.NAME.lock`` folder or link turned the lock off: two workbooks both wrote. Now each
    is refused, naming what is there, and neither writes through it or waits on it."""
    path = tmp_pilot("acme")
    first, second = PilotLock(path), PilotLock(path)
    plant(first.path)
    for lock in (first, second):
        answer = lock.acquire()
        assert answer is not None and not lock.held
        assert ".acme.toml.lock" in answer and kind in answer and "remove it" in answer
    if first.path.is_symlink():
        assert first.path.resolve().exists() is False or first.path.resolve().read_text() == ""


def test_a_hard_link_planted_as_the_lock_is_refused_and_its_file_not_written(
    tmp_pilot: Any,
) -> None:
    path = tmp_pilot("acme")
    precious = path.with_name("precious.txt")
    precious.write_text("keep me\n")
    lock = PilotLock(path)
    os.link(precious, lock.path)
    answer = lock.acquire()
    assert answer is not None and "hard link" in answer and not lock.held
    assert precious.read_text() == "keep me\n"


def test_a_lock_planted_after_the_first_writer_keeps_the_second_one_read_only(
    tmp_pilot: Any,
) -> None:
    """The holder is not disturbed; whoever comes next is read-only, not a second writer."""
    path = tmp_pilot("acme")
    first = PilotLock(path)
    assert first.acquire() is None
    os.unlink(first.path)
    first.path.mkdir()
    answer = PilotLock(path).acquire()
    assert answer is not None and "a folder" in answer
    first.release()
    assert first.path.is_dir(), "not ours: left for the user"


async def test_the_workbook_with_a_planted_lock_folder_says_so_and_saves_nothing(
    tmp_pilot: Any, pinned_clock: Any
) -> None:
    path = tmp_pilot("acme")
    (path.parent / ".acme.toml.lock").mkdir()
    before = path.read_bytes()
    app = PilotdeskApp(
        PilotStore.open(path, pinned_clock), clock=pinned_clock, remember_theme=False
    )
    async with app.run_test(size=(120, 36)) as pilot:
        await pilot.pause()
        status = str(app.query_one("#status").render())
        assert "read-only" in status and ".acme.toml.lock is a folder" in status
        assert "every change is saved at once" not in status
        outcome = app.apply_change(SetStatus("criteria", "sunlight", "passed"))
        assert outcome is None or not outcome.saved
    assert path.read_bytes() == before


# --- Windows: msvcrt.locking, here with flock standing in for it ------------------------------


def _fake_locking(fd: int, mode: int, nbytes: int) -> None:
    """``msvcrt.locking`` as Windows answers it (EACCES when another handle has the byte),
    with an flock per open file standing in for the byte; 1: LK_NBLCK, 0: LK_UNLCK."""
    import fcntl

    assert nbytes == 1 and os.lseek(fd, 0, os.SEEK_CUR) == lock_module._ByteLock.OFFSET
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB if mode == 1 else fcntl.LOCK_UN)
    except BlockingIOError:
        raise PermissionError(errno.EACCES, "Permission denied") from None


def test_the_windows_byte_lock_gives_one_writer_and_says_who(
    tmp_pilot: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(lock_module, "_BACKEND", lock_module._ByteLock(_fake_locking, 1, 0))
    path = tmp_pilot("acme")
    first, second = PilotLock(path), PilotLock(path)
    assert first.acquire() is None
    answer = second.acquire()
    assert answer is not None and f"pid {os.getpid()}" in answer, "the holder's words are read"
    first.release()
    assert not first.path.exists(), "closed first, then removed (Windows removes no open file)"
    assert second.acquire() is None
    second.release()
