"""Issue 12, the writer's side: saves that keep owner, group and hard links, refuse a file made
read-only while open, re-check the file just before the rename; copies that never write over a
file or through a link and keep the pilot's permissions."""

from __future__ import annotations

import datetime as dt
import errno
import os
import stat
from collections.abc import Callable
from pathlib import Path

import pytest
from _waits import settle  # tests/ is on sys.path (no package)

from pilotdesk.domain.errors import ConflictError, SaveError
from pilotdesk.pilotfile import atomic
from pilotdesk.pilotfile.atomic import (
    atomic_write,
    interrupted_in_place_saves,
    write_new,
    write_new_unique,
)
from pilotdesk.session.access import Block
from pilotdesk.session.changes import SetStatus
from pilotdesk.session.store import PilotStore
from pilotdesk.session.sync import write_mine

MakePilot = Callable[[str], Path]
Clock = Callable[[], dt.datetime]

as_root = pytest.mark.skipif(not hasattr(os, "geteuid") or os.geteuid() != 0, reason="needs root")


def passed(store: PilotStore, criterion: str = "sunlight") -> object:
    return store.apply(SetStatus("criteria", criterion, "passed"))


# --- saves -----------------------------------------------------------------------------------


@as_root
def test_a_save_keeps_the_files_owner_and_group(tmp_pilot: MakePilot, clock: Clock) -> None:
    path = tmp_pilot("acme")
    os.chown(path, 4321, 8765)
    store = PilotStore.open(path, clock)
    assert passed(store).saved  # type: ignore[attr-defined]
    info = path.stat()
    assert (info.st_uid, info.st_gid) == (4321, 8765)


def test_a_save_keeps_hard_links_and_leaves_nothing_beside(
    tmp_pilot: MakePilot, clock: Clock
) -> None:
    path = tmp_pilot("acme")
    other = path.with_name("acme-link.toml")
    os.link(path, other)
    store = PilotStore.open(path, clock)
    assert passed(store).saved  # type: ignore[attr-defined]
    assert path.stat().st_ino == other.stat().st_ino and path.stat().st_nlink == 2
    assert other.read_bytes() == store.text().encode("utf-8")
    assert sorted(p.name for p in path.parent.iterdir()) == ["acme-link.toml", "acme.toml"]


def test_an_interrupted_in_place_save_keeps_the_whole_new_version_beside(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    target = tmp_path / "pilot.toml"
    target.write_bytes(b"schema = 1\n" * 20)
    os.link(target, tmp_path / "again.toml")

    def full(fd: int, length: int) -> None:
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(atomic.os, "ftruncate", full)
    with pytest.raises(OSError):
        atomic_write(target, b"schema = 1  # new\n")
    [kept] = interrupted_in_place_saves(target)
    assert kept.read_bytes() == b"schema = 1  # new\n"


def test_a_file_made_read_only_while_open_is_not_saved(tmp_pilot: MakePilot, clock: Clock) -> None:
    path = tmp_pilot("acme")
    store = PilotStore.open(path, clock)
    before = path.read_bytes()
    path.chmod(0o444)
    outcome = passed(store)
    assert isinstance(outcome.save_error, SaveError)  # type: ignore[attr-defined]
    assert "made read-only since pilotdesk opened it" in str(outcome.save_error)  # type: ignore[attr-defined]
    assert store.access.holds(Block.NOT_WRITABLE) and store.dirty
    assert path.read_bytes() == before


def test_a_file_read_only_from_the_start_is_still_saved_by_its_owner_root(
    tmp_pilot: MakePilot, clock: Clock
) -> None:
    """Only a change of permission while open is refused; what the user opened stays theirs to
    decide (a non-root user gets the read-only session at open, from the OS)."""
    path = tmp_pilot("acme")
    path.chmod(0o444)
    store = PilotStore.open(path, clock)
    if os.access(path, os.W_OK):
        assert passed(store).saved  # type: ignore[attr-defined]
        assert stat.S_IMODE(path.stat().st_mode) == 0o444


def test_another_save_landing_after_our_temporary_file_is_not_overwritten(
    tmp_pilot: MakePilot, clock: Clock, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Point 4: the on-disk check runs after the temporary file is written, just before the
    rename; a save by another program in between is found and kept."""
    path = tmp_pilot("acme")
    store = PilotStore.open(path, clock)
    theirs = path.read_text(encoding="utf-8").replace('ae = "Sam Lee"', 'ae = "Priya"')
    real_chmod = os.chmod

    def chmod_then_they_save(target: str, mode: int) -> None:
        real_chmod(target, mode)
        if str(target).endswith(".tmp"):  # our new version is whole; their save lands now
            path.write_text(theirs, encoding="utf-8")

    monkeypatch.setattr(atomic.os, "chmod", chmod_then_they_save)
    outcome = passed(store)
    assert isinstance(outcome.save_error, ConflictError)  # type: ignore[attr-defined]
    assert path.read_text(encoding="utf-8") == theirs
    assert sorted(p.name for p in path.parent.iterdir()) == ["acme.toml"]


# --- copies ------------------------------------------------------------------------------------


def test_a_copy_is_never_written_over_an_existing_file(tmp_path: Path) -> None:
    target = tmp_path / "copy.toml"
    target.write_text("precious", encoding="utf-8")
    with pytest.raises(FileExistsError):
        write_new(target, b"new")
    assert target.read_text(encoding="utf-8") == "precious"


@pytest.mark.parametrize("dangling", [False, True], ids=["to-a-file", "dangling"])
def test_a_copy_is_never_written_through_a_symlink(tmp_path: Path, dangling: bool) -> None:
    victim = tmp_path / "bashrc"
    if not dangling:
        victim.write_text("precious", encoding="utf-8")
    link = tmp_path / "acme-technical-win.txt"
    link.symlink_to(victim)
    with pytest.raises(FileExistsError):
        write_new(link, b"evil")
    assert victim.exists() is not dangling
    if not dangling:
        assert victim.read_text(encoding="utf-8") == "precious"


def test_a_unique_copy_skips_a_symlinked_name_and_reuses_an_identical_file(tmp_path: Path) -> None:
    victim = tmp_path / "bashrc"
    victim.write_text("precious", encoding="utf-8")
    first = tmp_path / "draft.txt"
    first.symlink_to(victim)
    names = [first, tmp_path / "draft-2.txt", tmp_path / "draft-3.txt"]
    assert write_new_unique(names, b"mail") == (names[1], False)
    assert write_new_unique(names, b"mail") == (names[1], True), "the same text: no second copy"
    assert write_new_unique(names, b"other") == (names[2], False)
    assert victim.read_text(encoding="utf-8") == "precious"


@pytest.mark.parametrize("mode", [0o600, 0o640, 0o664])
def test_copies_of_a_pilot_get_the_pilots_permissions(
    tmp_pilot: MakePilot, clock: Clock, mode: int
) -> None:
    path = tmp_pilot("acme")
    path.chmod(mode)
    old = os.umask(0o002)
    try:
        store = PilotStore.open(path, clock)
        beside = write_mine(store, clock())
        recovered = write_mine(store, clock(), path.parent / "recovered")
    finally:
        os.umask(old)
    assert stat.S_IMODE(beside.stat().st_mode) == mode
    assert stat.S_IMODE(recovered.stat().st_mode) == mode
    assert beside.read_bytes() == path.read_bytes()


class _FakeApp:
    """What :func:`save_email` uses of the workbook: the store's path and notify."""

    def __init__(self, path: Path) -> None:
        self.store = type("S", (), {"path": path})()
        self.notes: list[str] = []

    def notify(self, message: str, **_: object) -> None:
        self.notes.append(message)


def test_the_email_draft_is_never_written_through_a_link_or_over_a_file(
    tmp_pilot: MakePilot,
) -> None:
    from pilotdesk.ui.review.flow import save_email

    path = tmp_pilot("acme")
    path.chmod(0o600)
    victim = path.parent / "bashrc"
    victim.write_text("precious", encoding="utf-8")
    path.with_name("acme-technical-win.txt").symlink_to(victim)
    app = _FakeApp(path)
    saved = save_email(app, "Hi Maria,")  # type: ignore[arg-type]
    assert saved == str(path.with_name("acme-technical-win-2.txt"))
    assert Path(saved).read_text(encoding="utf-8") == "Hi Maria,"
    assert stat.S_IMODE(Path(saved).stat().st_mode) == 0o600
    assert victim.read_text(encoding="utf-8") == "precious"
    assert save_email(app, "Hi Maria, again") == str(path.with_name("acme-technical-win-3.txt"))


async def test_a_file_made_writable_again_gets_the_refused_change_saved(
    open_workbook: object,
) -> None:
    from pilotdesk.ui.widgets.table import PilotTable

    async with open_workbook() as wb:  # type: ignore[operator]
        wb.path.chmod(0o444)
        table = wb.app.query_one("#criteria-table", PilotTable)
        table.move_cursor(row=table.get_row_index("sunlight"))
        await wb.pilot.press("p")
        await wb.pilot.pause()
        status = str(wb.app.query_one("#status").render())
        assert "made read-only since pilotdesk opened it" in status
        assert wb.text() == wb.original and wb.app.store.dirty
        wb.path.chmod(0o644)
        await settle(wb.pilot, lambda: not wb.app.store.dirty)
        assert not wb.app.store.dirty and wb.app.store.read_only is None
        assert "criterion sunlight: pending -> passed" in wb.text()
        assert "writable again" in str(wb.app.query_one("#status").render())


async def test_the_next_open_says_where_an_interrupted_in_place_save_left_its_version(
    open_workbook: object, tmp_path: Path
) -> None:
    kept = tmp_path / ".acme.toml.abcd1234.inplace"
    kept.write_text("schema = 1\n", encoding="utf-8")
    async with open_workbook() as wb:  # type: ignore[operator]
        messages = [n.message for n in wb.app._notifications]
        assert any(str(kept) in m and "interrupted" in m for m in messages)
    assert kept.exists(), "never removed automatically"
