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

    monkeypatch.setattr(lock_module.fcntl, "flock", no_flock)
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
