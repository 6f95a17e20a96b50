"""Keeping an open pilot in step with its file: other writers, deletions, invalid hand edits.

The app polls :class:`FileWatcher` about twice a second. A poll costs one ``stat`` unless the
file's size, time or inode moved; only then is it read and compared with what pilotdesk last read
or wrote. What to do about a change is the app's (the user's) decision; this module offers the
three ways out, none of which loses anything: reopen theirs, replay ours on top of theirs, or
write ours to a copy.
"""

from __future__ import annotations

import datetime as dt
import os
from dataclasses import dataclass
from pathlib import Path

from pilotdesk.domain.errors import PilotFileError, SaveError
from pilotdesk.merge.conflicts import has_markers, locations
from pilotdesk.pilotfile.atomic import numbered, os_reason
from pilotdesk.pilotfile.read import Parsed, parse_bytes, read_bytes
from pilotdesk.session.store import Outcome, PilotStore


@dataclass(frozen=True)
class Unchanged:
    pass


@dataclass(frozen=True)
class Changed:
    """The file holds other bytes now; ``parsed`` is None when they are not a valid pilot."""

    raw: bytes
    parsed: Parsed | None
    error: PilotFileError | None
    #: A store over ``raw`` with its editable document already built (the check below needs it):
    #: reopening reuses it rather than parsing the same bytes again.
    store: PilotStore | None = None


@dataclass(frozen=True)
class Deleted:
    pass


@dataclass(frozen=True)
class Unreadable:
    reason: str


DiskEvent = Unchanged | Changed | Deleted | Unreadable


def _signature(path: Path) -> tuple[int, int, int]:
    info = os.stat(path)
    return (info.st_mtime_ns, info.st_size, info.st_ino)


class FileWatcher:
    def __init__(self, path: Path) -> None:
        self.path = path
        self._signature: tuple[int, int, int] | None = None
        self._gone = False
        try:
            self._signature = _signature(path)
        except OSError:
            self._signature = None

    def forget(self) -> None:
        """Read the file on the next poll even if its signature looks unchanged (and report a
        deletion again: a save just found the file missing)."""
        self._signature = None
        self._gone = False

    def poll(self, known: bytes) -> DiskEvent:
        """What happened to the file since the last poll, compared with ``known`` bytes.

        A deletion is reported once; an unchanged signature costs no read."""
        try:
            signature = _signature(self.path)
        except FileNotFoundError:
            if self._gone:
                return Unchanged()
            self._gone = True
            self._signature = None
            return Deleted()
        except OSError as error:
            return Unreadable(error.strerror or str(error))
        self._gone = False
        if signature == self._signature:
            return Unchanged()
        try:
            raw = read_bytes(self.path)  # the reader's limits: no FIFO, device or huge file
        except OSError as error:
            # Not recorded: once it can be read again (a chmod does not move the mtime), it is.
            return Unreadable(error.strerror or str(error))
        except PilotFileError as error:
            self._signature = signature
            return Changed(b"", None, error)  # refused like an invalid hand edit
        self._signature = signature
        if raw == known:
            return Unchanged()
        try:
            parsed = parse_bytes(raw, self.path)
            # A valid pilot pilotdesk could not edit without rewriting some of it is refused
            # like an invalid one (as PilotStore.open does), not found at the first change.
            checked = PilotStore(self.path, raw, parsed)
            checked.document  # noqa: B018
        except PilotFileError as error:
            return Changed(raw, None, _with_conflicts_named(self.path, raw, error))
        return Changed(raw, parsed, None, checked)


def _with_conflicts_named(path: Path, raw: bytes, error: PilotFileError) -> PilotFileError:
    """A pull that left git's conflict markers reads as "Invalid statement" to TOML: say where
    each conflict is and what it is about instead (as ``check`` does)."""
    text = raw.decode("utf-8", errors="replace")
    if not has_markers(text):
        return error
    return PilotFileError(path, locations(text)) if locations(text) else error


def reopen(
    store: PilotStore, raw: bytes, parsed: Parsed, prepared: PilotStore | None = None
) -> PilotStore:
    """A store over the other writer's version (same file, clock and read-only state);
    ``prepared`` is a store over those same bytes to take over, as the watcher hands it."""
    fresh = prepared if prepared is not None else PilotStore(store.path, raw, parsed, store.clock)
    fresh.clock = store.clock
    fresh.access = store.access.carried_over()
    return fresh


def rebase(
    store: PilotStore, raw: bytes, parsed: Parsed, prepared: PilotStore | None = None
) -> tuple[PilotStore, Outcome, list[str]]:
    """Replay ``store``'s unsaved changes on top of the other writer's version and save once,
    so that a crash part-way leaves their version, not half of ours.

    Returns the new store, the save's outcome, and the changes that no longer apply, in words
    (for instance an edit of a criterion the other writer deleted)."""
    fresh = reopen(store, raw, parsed, prepared)
    outcome, refused = fresh.replay(store.unsaved)
    return fresh, outcome, refused


def copy_path(path: Path, now: dt.datetime, label: str = "mine") -> Path:
    """``acme.toml`` -> ``acme.mine-20261122-1030.toml``, unique in its folder."""
    stem = f"{path.stem}.{label}-{now:%Y%m%d-%H%M%S}"
    candidate = path.with_name(stem + path.suffix)
    n = 2
    while candidate.exists():
        candidate = path.with_name(f"{stem}-{n}{path.suffix}")
        n += 1
    return candidate


def recovery_folder() -> Path:
    """Where a discarded version is kept: ``recovered`` in the state folder
    (``$XDG_STATE_HOME/pilotdesk/recovered`` on Linux; see :func:`pilotdesk.config.state_dir`)."""
    from pilotdesk.config import state_dir

    return state_dir() / "recovered"


def write_mine(
    store: PilotStore, now: dt.datetime, folder: Path | None = None, label: str = "mine"
) -> Path:
    """Write the session's version next to the pilot file (or into ``folder``); returns where.

    A new file (never over one, never through a link, with the pilot's permissions): the
    first free name of :func:`copy_path`'s, taken by creating it, not by looking first.
    Raises :class:`~pilotdesk.errors.SaveError` when it cannot be written."""
    if folder is not None:
        try:
            folder.mkdir(mode=0o700, parents=True, exist_ok=True)
        except OSError as error:
            raise SaveError(f"could not write into {folder}: {os_reason(error)}") from None
    base = (folder / store.path.name) if folder is not None else store.path
    first = base.with_name(f"{base.stem}.{label}-{now:%Y%m%d-%H%M%S}{base.suffix}")
    for candidate in numbered(first):
        try:
            store.write_copy(candidate)
        except SaveError:
            if candidate.exists() or candidate.is_symlink():
                continue  # taken meanwhile: the next name
            raise
        return candidate
    raise SaveError(f"no free name for a copy of {store.path.name} in {first.parent}")
