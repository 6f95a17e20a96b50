"""One writer per pilot file: a second ``pilotdesk open`` of the same file opens read-only.

The lock is a small file beside the pilot, ``.NAME.lock`` (``.acme.toml.lock``), as office
suites do, so that it holds for everyone who opens the file from that folder: another user on a
shared folder, another machine on a network share that supports locks. It is held with
``flock``: the kernel releases it when the process ends, however it ends, so a crash never
leaves a pilot locked; a lock file left by a crash is simply taken over. Where the file system
has no ``flock`` (``ENOLCK``), the pid written in the file decides: a dead process on this host
holds nothing. The file says who holds it (pid, user, host), for the message.

A file with more than one hard link is also locked itself (the inode; its saves write in place
so the inode does not change): another name for it takes the same lock.

Taking the lock also removes what a killed save of the file left beside it (a temporary file,
see :func:`pilotdesk.atomic.remove_stale_temporaries`): the holder is the only writer, so no
save can be using one then.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import getpass
import os
import socket
import stat
from pathlib import Path

from pilotdesk.pilotfile.atomic import remove_stale_temporaries

try:
    import fcntl
except ImportError:  # Windows: no advisory locks here; every open is a writer, as before
    fcntl = None  # type: ignore[assignment]

_NOFOLLOW = getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_CLOEXEC", 0)


def lock_path(pilot_path: Path) -> Path:
    """``/shared/acme.toml`` -> ``/shared/.acme.toml.lock`` (the link's target's folder, for
    a symbolic link: everyone reaching the same file meets the same lock)."""
    real = Path(os.path.realpath(pilot_path))
    return real.with_name(f".{real.name}.lock")


class PilotLock:
    """Hold with :meth:`acquire`; it returns None when we hold it, else who does, in words.

    A holder that is refused may call :meth:`acquire` again later (the workbook does, every
    poll): it becomes the writer once the other one has gone."""

    def __init__(self, pilot_path: Path) -> None:
        self.pilot_path = Path(os.path.realpath(pilot_path))
        self.path = lock_path(pilot_path)
        self._fd: int | None = None
        self._inode_fd: int | None = None

    @property
    def held(self) -> bool:
        return self._fd is not None

    def acquire(self) -> str | None:
        if fcntl is None or self._fd is not None:
            return None
        for _ in range(3):  # the file may be removed by its releasing holder meanwhile: again
            fd = self._open()
            if fd is None:
                return None  # no place for a lock (read-only folder): the save says why not
            refused = self._flock(fd)
            if refused is not None:
                return refused
            if self._still_the_lock_file(fd):
                break
            os.close(fd)
        else:
            return None
        refused = self._lock_the_inode()
        if refused is not None:
            os.close(fd)
            return refused
        self._fd = fd
        _write_holder(fd)
        remove_stale_temporaries(self.pilot_path)
        return None

    def release(self) -> None:
        if self._fd is None or fcntl is None:
            return
        # Removed while still held, so that nobody can hold a file no longer at this name
        # (the one who opened it meanwhile sees it gone and opens again).
        with contextlib.suppress(OSError):
            if self._still_the_lock_file(self._fd):
                os.unlink(self.path)
        for fd in (self._inode_fd, self._fd):
            if fd is not None:
                with contextlib.suppress(OSError):
                    fcntl.flock(fd, fcntl.LOCK_UN)
                os.close(fd)
        self._fd = self._inode_fd = None

    # --- the steps -------------------------------------------------------------------------

    def _open(self) -> int | None:
        try:
            mode = stat.S_IMODE(os.stat(self.pilot_path).st_mode) & 0o666
        except OSError:
            mode = 0o644
        try:
            # O_NOFOLLOW: a link planted as the lock must not make us write its target.
            fd = os.open(self.path, os.O_RDWR | os.O_CREAT | _NOFOLLOW, 0o600)
        except PermissionError:
            # Another user's lock file we may not write (or a sticky folder's protection of
            # it): a read-only descriptor takes an flock all the same.
            try:
                return os.open(self.path, os.O_RDONLY | _NOFOLLOW)
            except OSError:
                return None
        except OSError:
            return None
        with contextlib.suppress(OSError):
            info = os.fstat(fd)
            if info.st_uid == os.getuid() and stat.S_IMODE(info.st_mode) != mode | 0o600:
                # Everyone who can read the pilot can take (and read) its lock.
                os.fchmod(fd, mode | 0o600)
        return fd

    def _flock(self, fd: int) -> str | None:
        """None when we hold ``fd``'s lock now, else who holds it in words."""
        assert fcntl is not None
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            holder = _read_holder(fd)
            os.close(fd)
            return f"another pilotdesk has this file open ({holder or 'unknown process'})"
        except OSError:
            # No flock on this file system (ENOLCK): the pid in the file decides.
            holder = _read_holder(fd)
            if _alive_here(holder):
                os.close(fd)
                return f"another pilotdesk has this file open ({holder})"
        return None

    def _still_the_lock_file(self, fd: int) -> bool:
        try:
            mine, there = os.fstat(fd), os.lstat(self.path)
        except OSError:
            return False
        return (mine.st_dev, mine.st_ino) == (there.st_dev, there.st_ino)

    def _lock_the_inode(self) -> str | None:
        """For a file with several names: lock the file itself, which they all share."""
        assert fcntl is not None
        try:
            if os.stat(self.pilot_path).st_nlink < 2:
                return None
            fd = os.open(self.pilot_path, os.O_RDONLY | _NOFOLLOW)
        except OSError:
            return None
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            os.close(fd)
            return "another pilotdesk has this file open under another name (a hard link)"
        except OSError:
            os.close(fd)
            return None
        self._inode_fd = fd
        return None


def _write_holder(fd: int) -> None:
    try:
        user = getpass.getuser()
    except (KeyError, OSError):
        user = str(os.getuid())
    text = f"pid {os.getpid()} of {user} on {socket.gethostname()} since {dt.datetime.now():%H:%M}"
    try:
        os.ftruncate(fd, 0)
        os.pwrite(fd, text.encode("utf-8"), 0)
    except OSError:
        pass  # another user's file, read-only to us: the lock holds all the same


def _read_holder(fd: int) -> str:
    try:
        raw = os.pread(fd, 200, 0).decode("utf-8", "replace").strip()
    except OSError:
        return ""
    # Written by whoever can write the folder: shown as plain words only.
    return "".join(c if c.isprintable() else "?" for c in raw)


def _alive_here(holder: str) -> bool:
    """The holder's text names a process on this host that is still running."""
    words = holder.split()
    if len(words) < 2 or words[0] != "pid" or not words[1].isdigit():
        return False
    if "on" in words and words[words.index("on") + 1 :][:1] != [socket.gethostname()]:
        return True  # another host: we cannot tell, so it holds
    try:
        os.kill(int(words[1]), 0)
    except ProcessLookupError:
        return False
    except OSError:
        return True  # alive, someone else's
    return True
