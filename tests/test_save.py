"""Issue 2, acceptance points 3 and 4: saving.

A save interrupted at any point leaves the old file or the new one, whole; permissions and
symbolic links survive a save; a file someone else changed (or deleted) after pilotdesk read it
is never written over; a save that cannot happen says why.
"""

from __future__ import annotations

import datetime as dt
import errno
import os
import random
import signal
import stat
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from pilotdesk.domain.errors import ConflictError, SaveError
from pilotdesk.pilotfile import atomic
from pilotdesk.pilotfile.atomic import atomic_write
from pilotdesk.pilotfile.read import parse_bytes
from pilotdesk.session.changes import SetStatus
from pilotdesk.session.store import PilotStore, load_text

MakePilot = Callable[[str], Path]
Clock = Callable[[], dt.datetime]

OLD = b"schema = 1  # the old content\n"
NEW = b"schema = 1  # the new content, longer than the old one\n" * 50


def listing(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir())


# --- atomic_write, interrupted at each step ------------------------------------------------------


class _FailingFile:
    """Wraps the temporary file; its write fails half-way (disk full after some bytes)."""

    def __init__(self, handle: Any):
        self._handle = handle

    def __enter__(self) -> _FailingFile:
        return self

    def __exit__(self, *exc: object) -> None:
        self._handle.close()

    def write(self, data: bytes) -> int:
        self._handle.write(data[: len(data) // 2])
        self._handle.flush()
        raise OSError(errno.ENOSPC, "No space left on device")

    def __getattr__(self, name: str) -> Any:
        return getattr(self._handle, name)


def _fail_write(monkeypatch: pytest.MonkeyPatch) -> None:
    real = os.fdopen
    monkeypatch.setattr(atomic.os, "fdopen", lambda fd, mode="r": _FailingFile(real(fd, mode)))


def _fail_file_fsync(monkeypatch: pytest.MonkeyPatch) -> None:
    def fsync(fd: int) -> None:
        raise OSError(errno.EIO, "Input/output error")

    monkeypatch.setattr(atomic.os, "fsync", fsync)


def _fail_chmod(monkeypatch: pytest.MonkeyPatch) -> None:
    def chmod(path: object, mode: int) -> None:
        raise OSError(errno.EPERM, "Operation not permitted")

    monkeypatch.setattr(atomic.os, "chmod", chmod)


def _fail_replace(monkeypatch: pytest.MonkeyPatch) -> None:
    def replace(src: object, dst: object) -> None:
        raise OSError(errno.EXDEV, "Invalid cross-device link")

    monkeypatch.setattr(atomic.os, "replace", replace)


def _fail_mkstemp(monkeypatch: pytest.MonkeyPatch) -> None:
    def mkstemp(**kwargs: object) -> tuple[int, str]:
        raise PermissionError(errno.EACCES, "Permission denied")

    monkeypatch.setattr(atomic.tempfile, "mkstemp", mkstemp)


def _interrupt_write(monkeypatch: pytest.MonkeyPatch) -> None:
    real = os.fdopen

    class Interrupted(_FailingFile):
        def write(self, data: bytes) -> int:
            self._handle.write(data[:10])
            raise KeyboardInterrupt

    monkeypatch.setattr(atomic.os, "fdopen", lambda fd, mode="r": Interrupted(real(fd, mode)))


@pytest.mark.parametrize(
    ("fail", "error"),
    [
        pytest.param(_fail_mkstemp, PermissionError, id="create-temporary"),
        pytest.param(_fail_write, OSError, id="write"),
        pytest.param(_interrupt_write, KeyboardInterrupt, id="interrupted-write"),
        pytest.param(_fail_file_fsync, OSError, id="fsync"),
        pytest.param(_fail_chmod, OSError, id="chmod"),
        pytest.param(_fail_replace, OSError, id="rename"),
    ],
)
def test_a_failed_step_leaves_the_old_file_whole_and_no_temporary_file(
    fail: Callable[[pytest.MonkeyPatch], None],
    error: type[BaseException],
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    target = tmp_path / "pilot.toml"
    target.write_bytes(OLD)
    fail(monkeypatch)
    with pytest.raises(error):
        atomic_write(target, NEW)
    assert target.read_bytes() == OLD
    assert listing(tmp_path) == ["pilot.toml"]


def test_steps_happen_in_order_write_fsync_rename_then_folder_fsync(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    target = tmp_path / "pilot.toml"
    target.write_bytes(OLD)
    events: list[str] = []
    real_fsync, real_replace = os.fsync, os.replace

    def fsync(fd: int) -> None:
        events.append("fsync-folder" if stat.S_ISDIR(os.fstat(fd).st_mode) else "fsync-file")
        real_fsync(fd)

    def replace(src: Any, dst: Any) -> None:
        assert Path(src).read_bytes() == NEW, "the temporary file is complete before the rename"
        assert target.read_bytes() == OLD
        events.append("rename")
        real_replace(src, dst)

    monkeypatch.setattr(atomic.os, "fsync", fsync)
    monkeypatch.setattr(atomic.os, "replace", replace)
    atomic_write(target, NEW)
    assert events == ["fsync-file", "rename", "fsync-folder"]
    assert target.read_bytes() == NEW
    assert listing(tmp_path) == ["pilot.toml"]


def test_a_folder_that_cannot_be_fsynced_still_gets_the_new_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    target = tmp_path / "pilot.toml"
    target.write_bytes(OLD)
    real_fsync = os.fsync

    def fsync(fd: int) -> None:
        if stat.S_ISDIR(os.fstat(fd).st_mode):
            raise OSError(errno.EINVAL, "Invalid argument")
        real_fsync(fd)

    monkeypatch.setattr(atomic.os, "fsync", fsync)
    atomic_write(target, NEW)
    assert target.read_bytes() == NEW
    assert listing(tmp_path) == ["pilot.toml"]


def test_a_new_file_gets_the_umask_permissions(tmp_path: Path) -> None:
    old_umask = os.umask(0o027)
    try:
        atomic_write(tmp_path / "fresh.toml", NEW)
    finally:
        os.umask(old_umask)
    assert stat.S_IMODE((tmp_path / "fresh.toml").stat().st_mode) == 0o640


# --- the store when a save fails --------------------------------------------------------------------


def test_a_failed_save_keeps_the_change_in_memory_and_the_next_save_writes_it(
    tmp_pilot: MakePilot, clock: Clock, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_pilot("acme")
    original = path.read_bytes()
    store = PilotStore.open(path, clock)

    with monkeypatch.context() as patch:
        _fail_write(patch)
        outcome = store.apply(SetStatus("criteria", "sunlight", "passed"))

    assert isinstance(outcome.save_error, SaveError) and not isinstance(
        outcome.save_error, ConflictError
    )
    assert str(outcome.save_error) == f"could not save {path}: the disk is full"
    assert not outcome.saved and store.dirty
    assert path.read_bytes() == original
    assert listing(path.parent) == ["acme.toml"]
    assert store.pilot.criterion("sunlight").status == "passed"  # type: ignore[union-attr]

    outcome = store.apply(SetStatus("criteria", "power", "failed"))
    assert outcome.saved and not store.dirty
    saved = parse_bytes(path.read_bytes(), path).pilot
    assert saved.criterion("sunlight").status == "passed"  # type: ignore[union-attr]
    assert saved.criterion("power").status == "failed"  # type: ignore[union-attr]


@pytest.mark.parametrize(
    ("code", "reason"),
    [
        (errno.EACCES, "permission denied"),
        (errno.EROFS, "the file system is read-only"),
        (errno.EDQUOT, "the disk quota is exceeded"),
    ],
)
def test_a_save_error_says_why_in_words(
    code: int, reason: str, tmp_pilot: MakePilot, clock: Clock, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_pilot("ready")
    store = PilotStore.open(path, clock)

    def mkstemp(**kwargs: object) -> tuple[int, str]:
        raise OSError(code, os.strerror(code))

    monkeypatch.setattr(atomic.tempfile, "mkstemp", mkstemp)
    outcome = store.apply(SetStatus("criteria", "emc", "passed"))
    assert str(outcome.save_error) == f"could not save {path}: {reason}"
    monkeypatch.undo()
    store.save()  # the retry writes it
    assert not store.dirty
    assert parse_bytes(path.read_bytes(), path).pilot.criterion("emc").status == "passed"  # type: ignore[union-attr]


@pytest.mark.skipif(os.geteuid() == 0, reason="root writes into read-only folders")
def test_a_read_only_folder_is_a_save_error_with_a_clear_reason(
    tmp_pilot: MakePilot, clock: Clock
) -> None:
    path = tmp_pilot("acme")
    original = path.read_bytes()
    store = PilotStore.open(path, clock)
    path.parent.chmod(0o555)
    try:
        outcome = store.apply(SetStatus("criteria", "sunlight", "passed"))
    finally:
        path.parent.chmod(0o755)
    assert type(outcome.save_error) is SaveError
    assert str(outcome.save_error) == f"could not save {path}: permission denied"
    assert path.read_bytes() == original
    assert listing(path.parent) == ["acme.toml"]


# --- permissions and links -------------------------------------------------------------------------


@pytest.mark.parametrize("mode", [0o600, 0o640, 0o444])
def test_permissions_are_kept_across_a_save(mode: int, tmp_pilot: MakePilot, clock: Clock) -> None:
    path = tmp_pilot("acme")
    path.chmod(mode)
    store = PilotStore.open(path, clock)
    outcome = store.apply(SetStatus("criteria", "sunlight", "passed"))
    assert outcome.saved
    assert stat.S_IMODE(path.stat().st_mode) == mode
    assert b'status = "passed"\nevidence = ""\nverifier = "kofi"' in path.read_bytes()


def test_a_symlinked_pilot_file_stays_a_symlink(
    tmp_path: Path, samples_dir: Path, clock: Clock
) -> None:
    real_dir = tmp_path / "repo"
    real_dir.mkdir()
    real = real_dir / "acme.toml"
    real.write_bytes((samples_dir / "acme.toml").read_bytes())
    real.chmod(0o600)
    link = tmp_path / "acme.toml"
    link.symlink_to(Path("repo") / "acme.toml")

    store = PilotStore.open(link, clock)
    assert store.apply(SetStatus("criteria", "sunlight", "passed")).saved
    assert store.apply(
        SetStatus("criteria", "power", "passed")
    ).saved  # a second save through the link

    assert link.is_symlink() and os.readlink(link) == str(Path("repo") / "acme.toml")
    pilot = parse_bytes(real.read_bytes(), real).pilot
    assert (
        pilot.criterion("sunlight").status == "passed"
        and pilot.criterion("power").status == "passed"
    )  # type: ignore[union-attr]
    assert stat.S_IMODE(real.stat().st_mode) == 0o600
    assert listing(tmp_path) == ["acme.toml", "repo"] and listing(real_dir) == ["acme.toml"]


# --- someone else's change is never overwritten ----------------------------------------------------


def test_a_file_changed_on_disk_after_loading_is_not_overwritten(
    tmp_pilot: MakePilot, clock: Clock
) -> None:
    path = tmp_pilot("acme")
    store = PilotStore.open(path, clock)
    theirs = path.read_text(encoding="utf-8").replace('ae = "Sam Lee"', 'ae = "Sam Lee and Priya"')
    path.write_text(theirs, encoding="utf-8")

    outcome = store.apply(SetStatus("criteria", "sunlight", "passed"))

    assert isinstance(outcome.save_error, ConflictError)
    assert "changed by someone else" in str(outcome.save_error)
    assert path.read_text(encoding="utf-8") == theirs
    assert listing(path.parent) == ["acme.toml"]
    assert store.dirty and store.pilot.criterion("sunlight").status == "passed"  # type: ignore[union-attr]
    # Later changes are refused too, and an explicit save raises.
    assert isinstance(
        store.apply(SetStatus("criteria", "power", "passed")).save_error, ConflictError
    )
    with pytest.raises(ConflictError):
        store.save()
    assert path.read_text(encoding="utf-8") == theirs


def test_touching_the_file_without_changing_it_is_not_a_conflict(
    tmp_pilot: MakePilot, clock: Clock
) -> None:
    path = tmp_pilot("northwind")
    store = PilotStore.open(path, clock)
    os.utime(path, (time.time() + 60, time.time() + 60))
    path.write_bytes(path.read_bytes())
    assert store.apply(SetStatus("criteria", "cdc", "failed")).saved


def test_our_own_saves_are_not_conflicts(tmp_pilot: MakePilot, clock: Clock) -> None:
    path = tmp_pilot("ready")
    store = PilotStore.open(path, clock)
    for status in ("passed", "failed", "pending", "passed"):
        assert store.apply(SetStatus("criteria", "emc", status)).saved
    assert store.undo().saved  # type: ignore[union-attr]
    assert store.redo().saved  # type: ignore[union-attr]


def test_a_file_deleted_while_open_is_a_conflict(tmp_pilot: MakePilot, clock: Clock) -> None:
    path = tmp_pilot("acme")
    store = PilotStore.open(path, clock)
    path.unlink()
    outcome = store.apply(SetStatus("criteria", "sunlight", "passed"))
    assert isinstance(outcome.save_error, ConflictError)
    assert "deleted or moved" in str(outcome.save_error)
    assert not path.exists() and listing(path.parent) == []


def test_a_file_replaced_by_a_folder_is_a_save_error(tmp_pilot: MakePilot, clock: Clock) -> None:
    path = tmp_pilot("acme")
    store = PilotStore.open(path, clock)
    path.unlink()
    path.mkdir()
    outcome = store.apply(SetStatus("criteria", "sunlight", "passed"))
    assert isinstance(outcome.save_error, SaveError)
    assert path.is_dir()


def test_load_text_store_saves_to_its_path(tmp_path: Path, samples_dir: Path, clock: Clock) -> None:
    text = (samples_dir / "ready.toml").read_text(encoding="utf-8")
    path = tmp_path / "ready.toml"
    path.write_text(text, encoding="utf-8")
    store = load_text(text, path, clock)
    assert store.apply(SetStatus("criteria", "emc", "passed")).saved
    assert parse_bytes(path.read_bytes(), path).pilot.criterion("emc").status == "passed"  # type: ignore[union-attr]


# --- a real process killed while it saves ----------------------------------------------------------

SEQUENCE = ("passed", "failed", "pending")


def _expected_texts(original: str, clock: Clock, count: int) -> list[str]:
    """The file after 0, 1, ... ``count`` changes of the child's sequence."""
    store = load_text(original, "expected.toml", clock)
    store.save = lambda: None  # type: ignore[method-assign]
    texts = [store.text()]
    for index in range(count):
        store.apply(SetStatus("criteria", "sunlight", SEQUENCE[index % 3]))
        texts.append(store.text())
    return texts


def _child(path: Path, ready_fd: int, clock: Clock) -> None:
    """Runs in the forked process: save the sequence in a loop until killed."""
    store = PilotStore.open(path, clock)
    store.document  # parse before saying we are ready  # noqa: B018
    os.write(ready_fd, b"!")
    index = 0
    while True:
        store.apply(SetStatus("criteria", "sunlight", SEQUENCE[index % 3]))
        index += 1


@pytest.mark.skipif(not hasattr(os, "fork"), reason="needs fork")
def test_a_process_killed_while_saving_leaves_a_whole_file(
    tmp_pilot: MakePilot, clock: Clock
) -> None:
    path = tmp_pilot("acme")
    original = path.read_text(encoding="utf-8")
    texts = _expected_texts(original, clock, 40)
    rng = random.Random(20261122)
    seen: set[int] = set()

    for kill in range(20):
        path.write_text(original, encoding="utf-8")
        read_fd, write_fd = os.pipe()
        pid = os.fork()
        if pid == 0:  # the child never returns into pytest
            try:
                os.close(read_fd)
                _child(path, write_fd, clock)
            finally:
                os._exit(3)
        os.close(write_fd)
        try:
            assert os.read(read_fd, 1) == b"!", "the child did not start"
            time.sleep(rng.uniform(0.0, 0.04))
        finally:
            os.kill(pid, signal.SIGKILL)
            _, status = os.waitpid(pid, 0)
            os.close(read_fd)
        assert os.WIFSIGNALED(status) and os.WTERMSIG(status) == signal.SIGKILL, (
            f"child ended by itself ({status})"
        )

        raw = path.read_bytes()
        parsed = parse_bytes(raw, path)  # never half a file
        changes = len(parsed.pilot.log) - 5
        assert 0 <= changes < len(texts), f"kill {kill}: {changes} changes"
        assert parsed.text == texts[changes], (
            f"kill {kill}: the file is not the state after {changes} changes"
        )
        expected_status = "pending" if changes == 0 else SEQUENCE[(changes - 1) % 3]
        assert parsed.pilot.criterion("sunlight").status == expected_status  # type: ignore[union-attr]
        seen.add(changes)
        # A killed process cannot clean up: at most its unfinished temporary file is left.
        leftovers = [name for name in listing(path.parent) if name != "acme.toml"]
        assert all(
            name.startswith(".acme.toml.") and name.endswith(".tmp") for name in leftovers
        ), leftovers
        for name in leftovers:
            (path.parent / name).unlink()

    assert len(seen) > 1, "every kill landed at the same state; the test saw nothing"
