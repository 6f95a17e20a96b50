"""Staying in step with the file on disk: other writers, a second pilotdesk, invalid hand edits,
a deleted file (pilotdesk.session.sync, pilotdesk.pilotfile.lock, pilotdesk.ui.disk).

Every test keeps the lock files and the recovery copies in its own tmp_path (XDG_RUNTIME_DIR
and XDG_STATE_HOME are set by the autouse fixture ``private_folders``).
"""

from __future__ import annotations

import datetime as dt
import os
import signal
import subprocess
import sys
import textwrap
import tomllib
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import pytest
from _waits import settle  # tests/ is on sys.path (no package)

from pilotdesk.domain.errors import ConflictError, PilotFileError
from pilotdesk.pilotfile.atomic import atomic_write
from pilotdesk.pilotfile.lock import PilotLock
from pilotdesk.pilotfile.read import parse_bytes
from pilotdesk.session.access import Block
from pilotdesk.session.changes import SetFields, SetStatus
from pilotdesk.session.store import PilotStore
from pilotdesk.session.sync import (
    Changed,
    Deleted,
    FileWatcher,
    Unchanged,
    copy_path,
    rebase,
    recovery_folder,
    reopen,
    write_mine,
)
from pilotdesk.ui.app import PilotdeskApp
from pilotdesk.ui.modals.confirm import ConfirmModal
from pilotdesk.ui.modals.conflict import ConflictModal
from pilotdesk.ui.widgets.table import PilotTable

NOW = dt.datetime(2026, 11, 22, 10, 30)  # the clock fixture's instant (conftest.NOW)

ROOT = Path(__file__).resolve().parent.parent
OURS_SNR = 'result = "48.3 dB"'
THEIRS_SNR = 'result = "48.5 dB"  # Sam, re-measured'
#: An unterminated string on line 43 of acme.toml (the snr result).
BROKEN_SNR = 'result = "48.3 dB'


@pytest.fixture(autouse=True)
def private_folders(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> SimpleNamespace:
    runtime, state = tmp_path / "runtime", tmp_path / "state"
    monkeypatch.setenv("XDG_RUNTIME_DIR", str(runtime))
    monkeypatch.setenv("XDG_STATE_HOME", str(state))
    return SimpleNamespace(runtime=runtime, state=state)


# --- helpers ---------------------------------------------------------------------------------


def write(path: Path, text: str) -> None:
    """Write ``text`` as another program would, and move the mtime on so that no file system's
    coarse timestamps can hide the change from the watcher."""
    info = path.stat() if path.exists() else None
    path.write_text(text, encoding="utf-8")
    if info is not None:
        later = info.st_mtime_ns + 1_000_000_000
        os.utime(path, ns=(later, later))


def data(text: str) -> dict[str, Any]:
    return tomllib.loads(text)


def criterion(text: str, entry_id: str) -> dict[str, Any]:
    return next(c for c in data(text)["criteria"] if c["id"] == entry_id)


def without_criterion(text: str, entry_id: str) -> str:
    """``text`` with the whole [[criteria]] block of ``entry_id`` removed."""
    start = text.index(f'[[criteria]]\nid = "{entry_id}"')
    end = text.index("[[criteria]]", start + 1)
    return text[:start] + text[end:]


def criteria_table(app: Any) -> PilotTable:
    return app.query_one("#criteria-table", PilotTable)


def status_line(app: Any) -> str:
    return str(app.query_one("#status").render())


def header(app: Any) -> str:
    return str(app.query_one("#header").render())


def notes(app: Any) -> list[str]:
    return [n.message for n in app._notifications]


async def goto(wb: Any, key: str) -> None:
    table = criteria_table(wb.app)
    table.move_cursor(row=table.get_row_index(key))
    await wb.pilot.pause()
    assert table.selected_key == key


def with_status(text: str, entry_id: str, status: str) -> str:
    """``text`` with only the status line of criterion ``entry_id`` rewritten."""
    lines = text.split("\n")
    at = lines.index(f'id = "{entry_id}"')
    at = next(i for i in range(at, len(lines)) if lines[i].startswith("status = "))
    lines[at] = f'status = "{status}"'
    return "\n".join(lines)


def mine_copies(folder: Path) -> list[Path]:
    return sorted(folder.glob("acme.mine-*.toml"))


# --- FileWatcher -----------------------------------------------------------------------------


def test_an_unchanged_signature_costs_no_read(tmp_pilot, monkeypatch) -> None:
    path = tmp_pilot("acme")
    watcher = FileWatcher(path)

    def no_read(self: Path) -> bytes:
        raise AssertionError("read the file although its signature did not move")

    monkeypatch.setattr(Path, "read_bytes", no_read)
    # ``known`` differs from the file: a read would report a change.
    assert watcher.poll(b"") == Unchanged()
    assert watcher.poll(b"") == Unchanged()


def test_another_valid_version_is_changed_with_its_pilot(tmp_pilot) -> None:
    path = tmp_pilot("acme")
    original = path.read_bytes()
    watcher = FileWatcher(path)
    write(path, original.decode().replace(OURS_SNR, THEIRS_SNR))
    event = watcher.poll(original)
    assert isinstance(event, Changed)
    assert event.error is None and event.parsed is not None
    assert event.raw == path.read_bytes()
    assert event.parsed.pilot.criterion("snr").result == "48.5 dB"
    assert watcher.poll(event.raw) == Unchanged()


def test_an_invalid_version_is_changed_with_the_error_and_its_line(tmp_pilot) -> None:
    path = tmp_pilot("acme")
    original = path.read_bytes()
    watcher = FileWatcher(path)
    write(path, original.decode().replace(OURS_SNR, BROKEN_SNR))
    event = watcher.poll(original)
    assert isinstance(event, Changed)
    assert event.parsed is None
    assert isinstance(event.error, PilotFileError)
    assert event.error.first.line == 56


def test_a_valid_file_pilotdesk_cannot_edit_is_reported_as_an_error(tmp_pilot) -> None:
    # A valid pilot that tomlkit would rewrite ('[["criteria"]]' becomes '[[criteria]]'):
    # PilotStore.open refuses it, so the watcher must too, rather than hand the app a
    # version whose first change raises.
    path = tmp_pilot("acme")
    original = path.read_bytes()
    odd = original.decode().replace(
        '[[criteria]]\nid = "depth_accuracy"', '[["criteria"]]\nid = "depth_accuracy"'
    )
    parse_bytes(odd.encode(), path)  # valid
    watcher = FileWatcher(path)
    write(path, odd)
    event = watcher.poll(original)
    assert isinstance(event, Changed) and event.parsed is None
    assert event.error is not None and event.error.first.line == 62
    assert "cannot edit" in event.error.first.message


def test_a_deletion_is_reported_once(tmp_pilot) -> None:
    path = tmp_pilot("acme")
    original = path.read_bytes()
    watcher = FileWatcher(path)
    path.unlink()
    assert watcher.poll(original) == Deleted()
    assert watcher.poll(original) == Unchanged()
    assert watcher.poll(original) == Unchanged()
    # Back with the same bytes: nothing to do; with other bytes: a change.
    path.write_bytes(original)
    assert watcher.poll(original) == Unchanged()
    write(path, original.decode().replace(OURS_SNR, THEIRS_SNR))
    assert isinstance(watcher.poll(original), Changed)


def test_touching_the_file_without_changing_its_bytes_is_unchanged(tmp_pilot) -> None:
    path = tmp_pilot("acme")
    original = path.read_bytes()
    watcher = FileWatcher(path)
    before = path.stat().st_mtime_ns
    os.utime(path, ns=(before + 5_000_000_000, before + 5_000_000_000))
    assert watcher.poll(original) == Unchanged()


def test_a_change_that_could_not_be_read_is_reported_again_once_readable(
    tmp_pilot, monkeypatch
) -> None:
    path = tmp_pilot("acme")
    original = path.read_bytes()
    watcher = FileWatcher(path)
    write(path, original.decode().replace(OURS_SNR, THEIRS_SNR))
    import pilotdesk.session.sync as sync

    real = sync.read_bytes

    def denied(self: Path) -> bytes:
        raise PermissionError(13, "Permission denied", str(self))

    monkeypatch.setattr(sync, "read_bytes", denied)  # the watcher reads through the reader
    assert type(watcher.poll(original)).__name__ == "Unreadable"
    monkeypatch.setattr(sync, "read_bytes", real)
    # The permission came back (a chmod does not move the mtime): the change is still seen.
    assert isinstance(watcher.poll(original), Changed)


# --- rebase, reopen, write_mine --------------------------------------------------------------


def conflicting_store(path: Path, clock, theirs: str, *changes: Any) -> PilotStore:
    """A store with ``changes`` unsaved because ``theirs`` was written meanwhile
    (``"undo"``: an undo, unsaved too)."""
    store = PilotStore.open(path, clock)
    write(path, theirs)
    for change in changes:
        outcome = store.undo() if change == "undo" else store.apply(change)
        assert outcome is not None and isinstance(outcome.save_error, ConflictError)
    assert store.dirty and len(store.unsaved) == len(changes)
    return store


def test_rebase_replays_mine_on_theirs_in_memory_and_one_save_writes_both(tmp_pilot, clock) -> None:
    path = tmp_pilot("acme")
    theirs = path.read_text(encoding="utf-8").replace(OURS_SNR, THEIRS_SNR)
    store = conflicting_store(path, clock, theirs, SetStatus("criteria", "sunlight", "passed"))
    raw = path.read_bytes()
    fresh, outcome, refused = rebase(store, raw, parse_bytes(raw, path))
    assert refused == []
    assert outcome.saved and not fresh.dirty, "one save, after the whole replay"
    saved = path.read_text(encoding="utf-8")
    assert saved.startswith(with_status(theirs, "sunlight", "passed")), (
        "their bytes are kept as they wrote them"
    )
    assert criterion(saved, "snr")["result"] == "48.5 dB"
    assert criterion(saved, "sunlight")["status"] == "passed"
    assert data(saved)["log"][-1]["event"] == "criterion sunlight: pending -> passed"


def test_rebase_reports_what_no_longer_applies_without_raising(tmp_pilot, clock) -> None:
    path = tmp_pilot("acme")
    theirs = without_criterion(path.read_text(encoding="utf-8"), "sunlight")
    store = conflicting_store(
        path,
        clock,
        theirs,
        SetStatus("criteria", "sunlight", "passed"),
        SetStatus("criteria", "power", "failed"),
    )
    raw = path.read_bytes()
    fresh, outcome, refused = rebase(store, raw, parse_bytes(raw, path))
    assert len(refused) == 1 and "sunlight" in refused[0]
    assert outcome.saved
    saved = path.read_text(encoding="utf-8")
    assert "sunlight" not in [c["id"] for c in data(saved)["criteria"]]
    assert criterion(saved, "power")["status"] == "failed"
    assert not fresh.dirty


ENDS = (
    "ends = 2026-12-11          # hard stop: Acme's design freeze for AMR-7 rev C is 2026-12-18\n"
)


@pytest.mark.parametrize(
    ("their_edit", "expected"),
    [
        # They left [pilot] alone: the line goes back as written, where it was.
        ((OURS_SNR, THEIRS_SNR), "starts = 2026-11-02\n" + ENDS + 'se = "Dana Ortiz"\n'),
        # They changed the lines above it: the value is written the plain way, at the end.
        (("starts = 2026-11-02", "starts = 2026-11-09"), "RMA form with Kofi\nends = 2026-12-11\n"),
    ],
    ids=["their-pilot-table-unchanged", "their-pilot-table-changed"],
)
def test_a_replayed_undo_of_clearing_a_field(
    their_edit: tuple[str, str], expected: str, tmp_pilot, clock
) -> None:
    """The undo of clearing a field writes the line back as it was, where it was, when the
    lines above it read the same: in this session, and replayed on their version."""
    path = tmp_pilot("acme")
    theirs = path.read_text(encoding="utf-8").replace(*their_edit)
    assert theirs != path.read_text(encoding="utf-8")
    store = conflicting_store(path, clock, theirs, SetFields("pilot", None, {"ends": None}), "undo")
    assert "starts = 2026-11-02\n" + ENDS + 'se = "Dana Ortiz"\n' in store.text(), (
        "exact in this session"
    )
    raw = path.read_bytes()
    fresh, outcome, refused = rebase(store, raw, parse_bytes(raw, path))
    assert refused == []
    assert outcome.saved
    saved = path.read_text(encoding="utf-8")
    assert data(saved)["pilot"]["ends"] == dt.date(2026, 12, 11)
    assert expected in saved
    assert their_edit[1] in saved


def test_a_replayed_undo_of_creating_a_table_keeps_the_table_they_wrote(tmp_pilot, clock) -> None:
    """The undo of the change that created ``[email]`` removes that table again, and only that
    one: replayed on a version where they wrote an ``[email]`` of their own, theirs stays."""
    path = tmp_pilot("acme")
    ours = path.read_text(encoding="utf-8")
    theirs = ours.replace(
        "\n\n# --- Scorecard",
        '\n[email]\nsubject = "Close-out"\n# signature to come\n\n# --- Scorecard',
        1,
    )
    store = conflicting_store(
        path, clock, theirs, SetFields("email", None, {"subject": "Close-out"}), "undo"
    )
    assert store.text().split("[[log]]")[0] == ours.split("[[log]]")[0], (
        "the undo removed the table it created"
    )
    raw = path.read_bytes()
    fresh, outcome, refused = rebase(store, raw, parse_bytes(raw, path))
    assert refused == []
    assert outcome.saved
    saved = path.read_text(encoding="utf-8")
    assert "\n[email]\n# signature to come\n" in saved
    assert "subject" not in data(saved)["email"]


def test_reopen_keeps_read_only_and_shows_theirs(tmp_pilot, clock) -> None:
    path = tmp_pilot("acme")
    store = PilotStore.open(path, clock)
    store.access.set(Block.LOCKED, "another pilotdesk has this file open (pid 1)")
    write(path, path.read_text(encoding="utf-8").replace(OURS_SNR, THEIRS_SNR))
    raw = path.read_bytes()
    fresh = reopen(store, raw, parse_bytes(raw, path))
    assert fresh.read_only == store.read_only
    assert fresh.pilot.criterion("snr").result == "48.5 dB"
    assert fresh.disk_bytes == raw and fresh.clock is clock


def test_write_mine_never_overwrites_and_picks_a_unique_name(tmp_pilot, clock) -> None:
    path = tmp_pilot("acme")
    store = PilotStore.open(path, clock)
    store.apply(SetStatus("criteria", "sunlight", "passed"))
    taken = copy_path(path, NOW)
    taken.write_text("precious", encoding="utf-8")
    first = write_mine(store, NOW)
    second = write_mine(store, NOW)
    assert len({taken, first, second}) == 3
    assert taken.read_text(encoding="utf-8") == "precious"
    for copy in (first, second):
        assert copy.parent == path.parent and copy.name.startswith("acme.mine-20261122-103000")
        assert copy.suffix == ".toml"
        assert criterion(copy.read_text(encoding="utf-8"), "sunlight")["status"] == "passed"
    assert path.read_text(encoding="utf-8") == store.text()


def test_write_mine_into_the_recovery_folder_under_xdg_state_home(
    tmp_pilot, clock, private_folders
) -> None:
    path = tmp_pilot("acme")
    store = PilotStore.open(path, clock)
    folder = recovery_folder()
    assert folder == private_folders.state / "pilotdesk" / "recovered"
    kept = write_mine(store, NOW, folder)
    assert kept.parent == folder and kept.read_bytes() == path.read_bytes()


# --- PilotLock -------------------------------------------------------------------------------


def test_a_second_lock_names_the_holder_and_release_frees_it(tmp_pilot, private_folders) -> None:
    path = tmp_pilot("acme")
    first, second = PilotLock(path), PilotLock(path)
    assert first.path == path.with_name(".acme.toml.lock"), "beside the pilot, for every user"
    assert first.acquire() is None
    assert first.acquire() is None, "acquiring again what we hold is not a conflict"
    message = second.acquire()
    assert message is not None and f"pid {os.getpid()}" in message
    first.release()
    assert second.acquire() is None
    assert PilotLock(path).acquire() is not None
    second.release()


def test_a_link_planted_as_the_lock_file_is_not_followed(tmp_pilot, tmp_path) -> None:
    path = tmp_pilot("acme")
    lock = PilotLock(path)
    victim = tmp_path / "victim.txt"
    victim.write_text("precious", encoding="utf-8")
    lock.path.symlink_to(victim)
    # Issue 22, point 13: not "no lock, a writer all the same" (two could both write), but
    # read-only, naming what is there (tests/test_lock.py has the other planted kinds).
    answer = lock.acquire()
    assert answer is not None and "symbolic link" in answer and not lock.held
    assert victim.read_text(encoding="utf-8") == "precious"


def test_a_lock_held_by_a_killed_process_is_free(tmp_pilot) -> None:
    path = tmp_pilot("acme")
    script = textwrap.dedent(
        f"""
        import sys, time
        from pathlib import Path
        from pilotdesk.pilotfile.lock import PilotLock
        lock = PilotLock(Path({str(path)!r}))
        print("held" if lock.acquire() is None else "refused", flush=True)
        time.sleep(60)
        """
    )
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    child = subprocess.Popen(
        [sys.executable, "-c", script], stdout=subprocess.PIPE, text=True, env=env
    )
    try:
        assert child.stdout is not None
        assert child.stdout.readline().strip() == "held"
        message = PilotLock(path).acquire()
        assert message is not None and f"pid {child.pid}" in message
        child.kill()  # SIGKILL: no cleanup code runs
        child.wait(timeout=10)
        lock = PilotLock(path)
        assert lock.acquire() is None
        lock.release()
    finally:
        if child.poll() is None:
            child.kill()
            child.wait()
        if child.stdout is not None:
            child.stdout.close()


@pytest.mark.skipif(not hasattr(os, "fork"), reason="needs fork")
def test_taking_the_lock_removes_what_a_killed_save_left_and_nothing_else(tmp_pilot) -> None:
    """A save killed between writing its temporary file and the rename leaves
    ``.acme.toml.XXXXXXXX.tmp`` beside the pilot; the next pilotdesk to hold the lock removes
    it (the holder is the only writer), and nothing but the names atomic_write makes."""
    path = tmp_pilot("acme")
    folder = path.parent
    pid = os.fork()
    if pid == 0:  # the child never returns into pytest
        try:
            # Killed between writing the temporary file and renaming it over the pilot file.
            os.replace = lambda *args: os.kill(os.getpid(), signal.SIGKILL)  # type: ignore[assignment]
            atomic_write(path, b"schema = 1\n")
        finally:
            os._exit(3)
    _, status = os.waitpid(pid, 0)
    assert os.WIFSIGNALED(status) and os.WTERMSIG(status) == signal.SIGKILL
    (left,) = [name for name in os.listdir(folder) if name.startswith(".acme.toml.")]
    assert left.endswith(".tmp")
    # Names that are not a temporary file of this pilot's saves stay, and so does a folder.
    others = [
        ".acme.toml.bak",
        ".acme.toml.abc.tmp",
        ".other.toml.abcdefgh.tmp",
        "acme.toml.abcdefgh.tmp",
        ".acme.toml.abcdefgh.tmp~",
    ]
    for name in others:
        (folder / name).write_text("not pilotdesk's", encoding="utf-8")
    (folder / ".acme.toml.abcdefgh.tmp").mkdir()
    original = path.read_bytes()

    holder, second = PilotLock(path), PilotLock(path)
    (folder / ".acme.toml.x_y_z_01.tmp").write_bytes(b"")  # left by a killed save too
    assert holder.acquire() is None
    assert not (folder / left).exists() and not (folder / ".acme.toml.x_y_z_01.tmp").exists()
    assert all((folder / name).read_text(encoding="utf-8") == "not pilotdesk's" for name in others)
    assert (folder / ".acme.toml.abcdefgh.tmp").is_dir()
    assert path.read_bytes() == original

    # Refused the lock, a second pilotdesk removes nothing: the holder may be saving right now.
    (folder / left).write_bytes(b"in flight")
    assert second.acquire() is not None
    assert (folder / left).read_bytes() == b"in flight"
    holder.release()


# --- the workbook ----------------------------------------------------------------------------


async def test_a_change_on_disk_with_nothing_unsaved_is_reloaded_within_a_second(
    open_workbook,
) -> None:
    async with open_workbook() as wb:
        theirs = wb.original.replace(OURS_SNR, THEIRS_SNR)
        write(wb.path, theirs)
        await settle(
            wb.pilot, lambda: str(criteria_table(wb.app).get_cell("snr", "Result")) == "48.5 dB"
        )
        assert str(criteria_table(wb.app).get_cell("snr", "Result")) == "48.5 dB"
        assert any("changed on disk" in n and "reloaded" in n for n in notes(wb.app))
        assert wb.text() == theirs, "a reload writes nothing"
        # And the next change is saved on top of theirs.
        await goto(wb, "sunlight")
        await wb.pilot.press("p")
        assert wb.text().startswith(with_status(theirs, "sunlight", "passed"))


async def test_a_second_pilotdesk_on_the_same_file_is_read_only(
    open_workbook, pinned_clock
) -> None:
    async with open_workbook() as wb:
        assert "READ-ONLY" not in header(wb.app)
        second = PilotdeskApp(
            PilotStore.open(wb.path, pinned_clock), clock=pinned_clock, remember_theme=False
        )
        async with second.run_test(size=(120, 36)) as pilot:
            await pilot.pause()
            assert second.store.read_only and f"pid {os.getpid()}" in second.store.read_only
            assert "READ-ONLY" in header(second)
            assert any("read-only" in n for n in notes(second))
            criteria_table(second).move_cursor(row=criteria_table(second).get_row_index("sunlight"))
            await pilot.press("p")
            await pilot.pause()
            assert wb.text() == wb.original
            assert any("read-only" in n and "another pilotdesk" in n for n in notes(second)[1:])
            # The writer saves: the reader follows (and stays read-only).
            await goto(wb, "sunlight")
            await wb.pilot.press("f")
            await settle(
                pilot,
                lambda: "failed" in str(criteria_table(second).get_cell("sunlight", "Status")),
            )
            assert "failed" in str(criteria_table(second).get_cell("sunlight", "Status"))
            assert second.store.read_only and "READ-ONLY" in header(second)
        # The second one is gone: the first one still holds the lock and writes.
        assert PilotLock(wb.path).acquire() is not None


@pytest.mark.parametrize("denied", ["file", "folder"])
async def test_a_file_or_folder_read_only_on_disk_opens_read_only(
    open_workbook, monkeypatch, tmp_path, denied
) -> None:
    real_access = os.access
    refused = tmp_path / "acme.toml" if denied == "file" else tmp_path

    def access(path: Any, mode: int, **kwargs: Any) -> bool:
        # root may write anything: answer as the system does for everybody else
        if Path(path) == refused and mode & os.W_OK:
            return False
        return real_access(path, mode, **kwargs)

    monkeypatch.setattr(os, "access", access)
    async with open_workbook() as wb:
        reason = wb.app.store.read_only
        assert reason and ("read-only on disk" if denied == "file" else "is not writable") in reason
        assert "READ-ONLY" in header(wb.app)
        await goto(wb, "sunlight")
        await wb.pilot.press("p")
        await wb.pilot.pause()
        assert wb.text() == wb.original
        assert any("read-only" in n for n in notes(wb.app))


@pytest.fixture
def conflicted(open_workbook, monkeypatch):
    """The workbook with the sunlight criterion marked passed while someone else changed the
    snr result on disk: the save is refused, and the conflict modal asks (the poll is slowed
    down so that it is the save that notices)."""
    monkeypatch.setattr("pilotdesk.ui.disk.POLL_SECONDS", 3600)

    from contextlib import asynccontextmanager

    @asynccontextmanager
    async def opener():
        async with open_workbook() as wb:
            await goto(wb, "sunlight")
            wb.theirs = wb.original.replace(OURS_SNR, THEIRS_SNR)
            write(wb.path, wb.theirs)
            await wb.pilot.press("p")
            await wb.pilot.pause()
            assert isinstance(wb.app.screen, ConflictModal)
            assert wb.app.store.unsaved_descriptions == ["criterion sunlight: pending -> passed"]
            assert wb.text() == wb.theirs
            yield wb

    return opener


async def test_conflict_1_keeps_theirs_and_ours_goes_to_the_recovery_folder(
    conflicted, private_folders
) -> None:
    async with conflicted() as wb:
        await wb.pilot.press("1")
        await wb.pilot.pause()
        assert not isinstance(wb.app.screen, ConflictModal)
        assert wb.text() == wb.theirs
        kept = list((private_folders.state / "pilotdesk" / "recovered").glob("acme.mine-*.toml"))
        assert len(kept) == 1
        ours = kept[0].read_text(encoding="utf-8")
        assert criterion(ours, "sunlight")["status"] == "passed"
        assert criterion(ours, "snr")["result"] == "48.3 dB"
        assert not wb.app.store.dirty
        assert str(criteria_table(wb.app).get_cell("snr", "Result")) == "48.5 dB"
        assert "pending" in str(criteria_table(wb.app).get_cell("sunlight", "Status"))
        assert any(str(kept[0]) in n for n in notes(wb.app))
        assert mine_copies(wb.path.parent) == []


async def test_conflict_2_applies_mine_on_top_of_theirs(conflicted) -> None:
    async with conflicted() as wb:
        await wb.pilot.press("2")
        await wb.pilot.pause()
        saved = wb.text()
        assert saved.startswith(with_status(wb.theirs, "sunlight", "passed"))
        assert criterion(saved, "snr")["result"] == "48.5 dB"
        assert criterion(saved, "sunlight")["status"] == "passed"
        assert not wb.app.store.dirty
        assert str(criteria_table(wb.app).get_cell("snr", "Result")) == "48.5 dB"
        assert "passed" in str(criteria_table(wb.app).get_cell("sunlight", "Status"))
        # The status line no longer says the change is not saved (it did, found in tmux).
        assert "NOT SAVED" not in status_line(wb.app)
        assert "Saved" in status_line(wb.app)


async def test_conflict_3_saves_mine_as_a_copy_next_to_the_file(
    conflicted, private_folders
) -> None:
    async with conflicted() as wb:
        await wb.pilot.press("3")
        await wb.pilot.pause()
        copies = mine_copies(wb.path.parent)
        assert len(copies) == 1
        ours = copies[0].read_text(encoding="utf-8")
        assert criterion(ours, "sunlight")["status"] == "passed"
        assert criterion(ours, "snr")["result"] == "48.3 dB"
        assert wb.text() == wb.theirs
        assert not wb.app.store.dirty
        assert not (private_folders.state / "pilotdesk").exists()


async def test_conflict_escape_writes_nothing_and_asks_again_at_the_next_change(
    conflicted, private_folders
) -> None:
    async with conflicted() as wb:
        await wb.pilot.press("escape")
        await wb.pilot.pause()
        assert not isinstance(wb.app.screen, ConflictModal)
        assert wb.text() == wb.theirs
        assert mine_copies(wb.path.parent) == []
        assert not (private_folders.state / "pilotdesk").exists()
        status = status_line(wb.app)
        assert status.startswith("NOT SAVED") and "not saved" in status
        assert wb.app.store.dirty
        await goto(wb, "power")
        await wb.pilot.press("f")
        await wb.pilot.pause()
        assert isinstance(wb.app.screen, ConflictModal)
        assert len(wb.app.screen.mine) == 2
        await wb.pilot.press("2")
        await wb.pilot.pause()
        saved = wb.text()
        assert criterion(saved, "sunlight")["status"] == "passed"
        assert criterion(saved, "power")["status"] == "failed"
        assert criterion(saved, "snr")["result"] == "48.5 dB"


async def test_an_invalid_edit_keeps_the_last_good_state_and_saves_nothing_until_fixed(
    open_workbook,
) -> None:
    async with open_workbook() as wb:
        broken = wb.original.replace(OURS_SNR, BROKEN_SNR)
        write(wb.path, broken)
        await settle(wb.pilot, lambda: wb.app.disk.invalid_reason is not None)
        assert str(criteria_table(wb.app).get_cell("snr", "Result")) == "48.3 dB"
        assert criteria_table(wb.app).row_count == 7
        status = status_line(wb.app)
        assert "acme.toml:56" in status and "nothing is saved until the file is fixed" in status
        await goto(wb, "sunlight")
        await wb.pilot.press("p")
        await wb.pilot.pause()
        assert wb.text() == broken
        assert "pending" in str(criteria_table(wb.app).get_cell("sunlight", "Status"))
        # Fixed by undoing the edit in the editor: the very bytes pilotdesk had.
        write(wb.path, wb.original)
        await settle(wb.pilot, lambda: wb.app.store.read_only is None)
        assert wb.app.store.read_only is None
        assert "READ-ONLY" not in header(wb.app)
        await wb.pilot.press("p")
        await wb.pilot.pause()
        assert criterion(wb.text(), "sunlight")["status"] == "passed"


async def test_a_reader_stays_read_only_after_the_file_is_broken_and_fixed(
    open_workbook, pinned_clock
) -> None:
    async with open_workbook() as wb:
        second = PilotdeskApp(
            PilotStore.open(wb.path, pinned_clock), clock=pinned_clock, remember_theme=False
        )
        async with second.run_test(size=(120, 36)) as pilot:
            await pilot.pause()
            assert second.store.read_only
            write(wb.path, wb.original.replace(OURS_SNR, BROKEN_SNR))
            await settle(pilot, lambda: second.disk.invalid_reason is not None)
            write(wb.path, wb.original.replace(OURS_SNR, THEIRS_SNR))
            await settle(
                pilot,
                lambda: str(criteria_table(second).get_cell("snr", "Result")) == "48.5 dB",
            )
            assert str(criteria_table(second).get_cell("snr", "Result")) == "48.5 dB"
            assert second.store.read_only and "another pilotdesk" in second.store.read_only
            assert "READ-ONLY" in header(second)


async def test_a_deleted_file_is_offered_back_and_y_writes_our_version(open_workbook) -> None:
    async with open_workbook() as wb:
        await goto(wb, "sunlight")
        await wb.pilot.press("p")
        ours = wb.text()
        assert criterion(ours, "sunlight")["status"] == "passed"
        wb.path.unlink()
        await settle(wb.pilot, lambda: isinstance(wb.app.screen, ConfirmModal))
        assert isinstance(wb.app.screen, ConfirmModal)
        await wb.pilot.press("y")
        await wb.pilot.pause()
        assert not isinstance(wb.app.screen, ConfirmModal)
        assert wb.text() == ours
        await goto(wb, "power")
        await wb.pilot.press("f")
        await wb.pilot.pause()
        assert criterion(wb.text(), "power")["status"] == "failed"


async def test_a_deleted_file_kept_deleted_is_offered_again_at_the_next_change(
    open_workbook,
) -> None:
    async with open_workbook() as wb:
        wb.path.unlink()
        await settle(wb.pilot, lambda: isinstance(wb.app.screen, ConfirmModal))
        assert isinstance(wb.app.screen, ConfirmModal)
        await wb.pilot.press("n")
        await wb.pilot.pause()
        assert not wb.path.exists()
        assert "deleted" in status_line(wb.app)
        await goto(wb, "sunlight")
        await wb.pilot.press("p")
        await wb.pilot.pause()
        assert isinstance(wb.app.screen, ConfirmModal), "the change has nowhere to go: ask again"
        await wb.pilot.press("y")
        await wb.pilot.pause()
        assert criterion(wb.text(), "sunlight")["status"] == "passed"


def test_reopening_after_a_change_reuses_the_watchers_parsed_document(
    tmp_pilot, clock, monkeypatch
) -> None:
    """The watcher builds the editable document to check the new version; reopening must take
    that store over (the parse is the costly part) rather than parse the same bytes again."""
    path = tmp_pilot("acme")
    store = PilotStore.open(path, clock)
    store.access.set(Block.LOCKED, "another pilotdesk has this file open")
    watcher = FileWatcher(path)
    write(path, path.read_text(encoding="utf-8").replace(OURS_SNR, THEIRS_SNR))
    event = watcher.poll(store.disk_bytes)
    assert isinstance(event, Changed) and event.store is not None
    parses = []
    monkeypatch.setattr(
        "pilotdesk.pilotfile.toml_edit.parse_editable", lambda *args: parses.append(args) or None
    )
    fresh = reopen(store, event.raw, event.parsed, event.store)
    assert fresh is event.store and fresh.clock is clock and fresh.read_only == store.read_only
    assert fresh.document is not None and parses == [], "the document was parsed a second time"


def test_a_pull_that_leaves_conflict_markers_is_named_as_a_conflict_not_a_syntax_error(
    tmp_pilot,
) -> None:
    path = tmp_pilot("acme")
    original = path.read_bytes()
    watcher = FileWatcher(path)
    text = original.decode()
    marked = text.replace(
        'status = "passed"\nevidence = "Bench report BR-17"',
        '<<<<<<< ours\nstatus = "failed"\n=======\nstatus = "pending"\n>>>>>>> theirs\n'
        'evidence = "Bench report BR-17"',
        1,
    )
    assert marked != text
    write(path, marked)
    event = watcher.poll(original)
    assert isinstance(event, Changed) and event.parsed is None and event.error is not None
    message = event.error.render()
    assert "unresolved merge conflict" in message and "Invalid statement" not in message
    assert "criteria[0].status (snr)" in message
