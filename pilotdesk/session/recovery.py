"""Where a session's unsaved version goes when pilotdesk is stopped (SIGTERM, SIGHUP) or the
user quits with a copy, and how the next ``open`` of the file finds it again.

A copy goes beside the pilot file when its folder can take it (the user looks there first),
else into the user's state folder (``$XDG_STATE_HOME/pilotdesk/recovered/``, usually
``~/.local/state/pilotdesk/recovered/``): a full disk or a folder made read-only must not cost
the change. Each recovery copy is noted under the pilot file's real path in
``$XDG_STATE_HOME/pilotdesk/recovery-notes/``; the next open lists the copies that still exist
(and finds those beside the file without a note: the state folder may be on the full disk).
"""

from __future__ import annotations

import contextlib
import datetime as dt
import hashlib
import os
from pathlib import Path

from pilotdesk.domain.errors import SaveError
from pilotdesk.pilotfile.atomic import replace
from pilotdesk.session.store import PilotStore
from pilotdesk.session.sync import recovery_folder, write_mine

RECOVERED = "recovered"


def write_somewhere(store: PilotStore, now: dt.datetime, label: str = RECOVERED) -> Path:
    """Write the session's version beside the file, or into the state folder when the pilot's
    folder cannot take it; returns where. Raises :class:`SaveError` with both reasons when
    neither can."""
    try:
        kept = write_mine(store, now, label=label)
    except SaveError as beside:
        try:
            kept = write_mine(store, now, recovery_folder(), label=label)
        except SaveError as state:
            raise SaveError(f"{beside}; and {state}") from None
    _note(store.path, kept)
    return kept


def recovery_copies(path: Path) -> list[Path]:
    """The recovery copies of ``path`` that still exist, oldest first."""
    real = Path(os.path.realpath(path))
    found = {p for p in _noted(real) if p.is_file()}
    prefix = f"{real.stem}.{RECOVERED}-"
    with contextlib.suppress(OSError):
        found.update(
            real.parent / name
            for name in os.listdir(real.parent)
            if name.startswith(prefix) and name.endswith(real.suffix)
        )
    return sorted(found, key=lambda p: (p.name, str(p)))


def notes_folder() -> Path:
    return recovery_folder().parent / "recovery-notes"


def _note_file(real: Path) -> Path:
    digest = hashlib.sha256(str(real).encode("utf-8", "surrogateescape")).hexdigest()[:20]
    return notes_folder() / digest


def _noted(real: Path) -> list[Path]:
    try:
        lines = _note_file(real).read_text(encoding="utf-8").splitlines()
    except (OSError, UnicodeDecodeError):
        return []
    if not lines or lines[0] != str(real):
        return []
    return [Path(line) for line in lines[1:] if line]


def _note(pilot: Path, kept: Path) -> None:
    """Remember ``kept`` for the next open of ``pilot``; best effort (the copy is what counts,
    and one beside the file is found without a note)."""
    real = Path(os.path.realpath(pilot))
    copies = [p for p in _noted(real) if p.is_file()]
    text = "\n".join([str(real), *map(str, [*copies, kept])]) + "\n"
    with contextlib.suppress(OSError):
        notes_folder().mkdir(mode=0o700, parents=True, exist_ok=True)
        target = _note_file(real)
        temporary = target.with_name(target.name + f".{os.getpid()}")
        temporary.write_text(text, encoding="utf-8")
        replace(temporary, target)  # retried while Windows has the note open elsewhere
