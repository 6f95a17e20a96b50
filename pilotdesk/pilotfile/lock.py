"""One writer per pilot file: a second ``pilotdesk open`` of the same file opens read-only.

The lock is an ``flock`` on a small file in the user's runtime folder, named after the pilot
file's real path. The kernel releases it when the process ends, however it ends, so a crash
never leaves a pilot locked. The lock file itself only says who holds it, for the message.

Taking the lock also removes what a killed save of the file left beside it (a temporary file,
see :func:`pilotdesk.atomic.remove_stale_temporaries`): the holder is the only writer, so no
save can be using one then.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import os
import socket
import stat
import tempfile
from pathlib import Path

from pilotdesk.pilotfile.atomic import remove_stale_temporaries

try:
    import fcntl
except ImportError:  # Windows: no advisory locks here; every open is a writer, as before
    fcntl = None  # type: ignore[assignment]


def lock_folder() -> Path:
    runtime = os.environ.get("XDG_RUNTIME_DIR")
    base = Path(runtime) if runtime and Path(runtime).is_absolute() else Path(tempfile.gettempdir())
    return base / f"pilotdesk-{os.getuid()}" if hasattr(os, "getuid") else base / "pilotdesk"


class PilotLock:
    """Hold with :meth:`acquire`; it returns None when we hold it, else who does, in words."""

    def __init__(self, pilot_path: Path, folder: Path | None = None) -> None:
        real = os.path.realpath(pilot_path)
        self.pilot_path = Path(real)
        digest = hashlib.sha256(real.encode("utf-8", "surrogateescape")).hexdigest()[:20]
        self.folder = folder or lock_folder()
        self.path = self.folder / f"{digest}.lock"
        self._fd: int | None = None

    def acquire(self) -> str | None:
        if fcntl is None or self._fd is not None:
            return None
        try:
            self.folder.mkdir(mode=0o700, parents=True, exist_ok=True)
            if not _own_folder(self.folder):
                return None  # someone else's folder (a shared temp dir): trust nothing in it
            # O_NOFOLLOW: a link planted in the folder must not make us truncate its target.
            fd = os.open(self.path, os.O_RDWR | os.O_CREAT | getattr(os, "O_NOFOLLOW", 0), 0o600)
        except OSError:
            return None  # no place for a lock: do not stop the user from working
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            try:
                holder = os.pread(fd, 200, 0).decode("utf-8", "replace").strip()
            except OSError:
                holder = ""
            os.close(fd)
            return f"another pilotdesk has this file open ({holder or 'unknown process'})"
        except OSError:
            os.close(fd)  # no locks on this file system (ENOLCK, ...): work as before
            return None
        try:
            os.ftruncate(fd, 0)
            os.pwrite(
                fd,
                f"pid {os.getpid()} on {socket.gethostname()} since {dt.datetime.now():%H:%M}".encode(),
                0,
            )
        except OSError:
            pass  # the lock holds all the same; only the message for the next one is missing
        self._fd = fd
        remove_stale_temporaries(self.pilot_path)
        return None

    def release(self) -> None:
        if self._fd is not None and fcntl is not None:
            fcntl.flock(self._fd, fcntl.LOCK_UN)
            os.close(self._fd)
            self._fd = None


def _own_folder(folder: Path) -> bool:
    """The lock folder is a real folder of ours that nobody else may write into."""
    if not hasattr(os, "getuid"):
        return True
    info = os.lstat(folder)
    return stat.S_ISDIR(info.st_mode) and info.st_uid == os.getuid() and not info.st_mode & 0o022
