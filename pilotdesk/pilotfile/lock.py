"""One writer per pilot file: a second ``pilotdesk open`` of the same file opens read-only.

The lock is a small file beside the pilot, ``.NAME.lock`` (``.acme.toml.lock``), as office
suites do, so that it holds for everyone who opens the file from that folder: another user on a
shared folder, another machine on a network share that supports locks. It is held with
``flock`` (POSIX) or ``msvcrt.locking`` (Windows): the OS releases it when the process ends,
however it ends, so a crash never leaves a pilot locked; a lock file left by a crash is simply
taken over. Where the file system has no locks (``ENOLCK``), the pid written in the file
decides: a dead process on this host holds nothing. The file says who holds it (pid, user,
host), for the message.

Only a regular file is ever taken for the lock: a folder, a symbolic link, a FIFO or anything
else planted at ``.NAME.lock`` is refused, naming it, and the session is read-only until it is
gone (two writers must never both believe they are the only one).

A file with more than one hard link is also locked itself (the inode; its saves write in place
so the inode does not change): another name for it takes the same lock.

Taking the lock also removes what a killed save of the file left beside it (a temporary file,
see :func:`pilotdesk.atomic.remove_stale_temporaries`): the holder is the only writer, so no
save can be using one then.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import errno
import getpass
import os
import socket
import stat
import sys
from collections.abc import Callable
from pathlib import Path

from pilotdesk.domain.text import visible
from pilotdesk.pilotfile.atomic import BINARY, remove_stale_temporaries

#: O_NOFOLLOW: a link planted as the lock must not make us write its target; O_NONBLOCK: a
#: FIFO planted there must not stop us. Both POSIX-only: Windows is checked with lstat.
_FLAGS = (
    BINARY
    | getattr(os, "O_NOFOLLOW", 0)
    | getattr(os, "O_NONBLOCK", 0)
    | getattr(os, "O_CLOEXEC", 0)
)


class _Busy(Exception):
    """Another process holds the lock."""


class _Flock:
    """POSIX: ``flock``, which belongs to the open file and dies with the process."""

    unlink_while_open = True

    def __init__(self, flock: Callable[[int, int], object], ex_nb: int, un: int) -> None:
        self._flock, self._ex_nb, self._un = flock, ex_nb, un

    def try_lock(self, fd: int) -> bool:
        """True: held now; False: this file system has no locks. Raises :class:`_Busy`."""
        try:
            self._flock(fd, self._ex_nb)
        except BlockingIOError:
            raise _Busy from None
        except OSError:
            return False  # ENOLCK and the like
        return True

    def unlock(self, fd: int) -> None:
        self._flock(fd, self._un)


#: What ``msvcrt.locking`` says when another process has the byte (EDEADLOCK: Windows only).
_BUSY = {errno.EACCES, getattr(errno, "EDEADLOCK", errno.EACCES)}


class _ByteLock:
    """Windows: ``msvcrt.locking`` of one byte at :data:`OFFSET`, far past the holder's words.
    Windows locks are mandatory (a locked byte cannot be read by anyone else), so the lock is
    not on the words the second pilotdesk reads to say who holds the file; a byte past the
    end of a file may be locked, and a pilot file never grows that far (16 MiB at most)."""

    OFFSET = 1 << 30
    #: Windows removes no file that a process has open: the holder closes, then removes.
    unlink_while_open = False

    def __init__(self, locking: Callable[[int, int, int], object], nb: int, un: int) -> None:
        self._locking, self._nb, self._un = locking, nb, un

    def try_lock(self, fd: int) -> bool:
        os.lseek(fd, self.OFFSET, os.SEEK_SET)
        try:
            self._locking(fd, self._nb, 1)
        except OSError as error:
            if error.errno in _BUSY:
                raise _Busy from None
            return False
        return True

    def unlock(self, fd: int) -> None:
        os.lseek(fd, self.OFFSET, os.SEEK_SET)
        self._locking(fd, self._un, 1)


_Backend = _Flock | _ByteLock

if sys.platform == "win32":
    import msvcrt

    _BACKEND: _Backend | None = _ByteLock(msvcrt.locking, msvcrt.LK_NBLCK, msvcrt.LK_UNLCK)
else:
    try:
        import fcntl
    except ImportError:  # a POSIX without fcntl: no locks; every open is a writer, as before
        _BACKEND = None
    else:
        _BACKEND = _Flock(fcntl.flock, fcntl.LOCK_EX | fcntl.LOCK_NB, fcntl.LOCK_UN)


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
        self._backend = _BACKEND
        self._fd: int | None = None
        self._inode_fd: int | None = None

    @property
    def held(self) -> bool:
        return self._fd is not None

    def acquire(self) -> str | None:
        if self._backend is None or self._fd is not None:
            return None
        for _ in range(3):  # the file may be removed by its releasing holder meanwhile: again
            opened = self._open()
            if not isinstance(opened, int):
                # None: no place for a lock (read-only folder): the save says why not.
                # Words: something that is not a lock file is where it should be.
                return opened
            fd = opened
            refused = self._lock(fd)
            if refused is not None:
                return refused
            if self._still_the_lock_file(fd):
                break
            self._close(fd)
        else:
            return self._planted()
        refused = self._lock_the_inode()
        if refused is not None:
            self._close(fd)
            return refused
        self._fd = fd
        _write_holder(fd)
        remove_stale_temporaries(self.pilot_path)
        return None

    def release(self) -> None:
        if self._fd is None or self._backend is None:
            return
        ours = self._still_the_lock_file(self._fd)
        if ours and self._backend.unlink_while_open:
            # Removed while still held, so that nobody can hold a file no longer at this name
            # (the one who opened it meanwhile sees it gone and opens again).
            with contextlib.suppress(OSError):
                os.unlink(self.path)
        for fd in (self._inode_fd, self._fd):
            if fd is not None:
                self._close(fd)
        if ours and not self._backend.unlink_while_open:
            # Windows: only a file nobody has open can be removed; one that another pilotdesk
            # opened meanwhile stays, and that one takes it.
            with contextlib.suppress(OSError):
                os.unlink(self.path)
        self._fd = self._inode_fd = None

    # --- the steps -------------------------------------------------------------------------

    def _planted(self) -> str | None:
        """Words naming what is at the lock's name if that is not a regular file (a folder,
        a symbolic link, a FIFO, ...); None when it is one, or nothing is there."""
        try:
            mode = os.lstat(self.path).st_mode
        except OSError:
            return None
        if stat.S_ISREG(mode):
            return None
        # Read-only rather than a writer without a lock (two could both write). Beside the
        # pilot, so its name says where; the status line is one line.
        return f"{visible(self.path.name)} is {_kind(mode)}, not a lock file: remove it to edit"

    def _open(self) -> int | str | None:
        """The lock file's descriptor; or words saying why it cannot be (something else is
        planted at its name); or None (no place for a lock here)."""
        planted = self._planted()
        if planted is not None:
            return planted  # checked first: Windows has no O_NOFOLLOW to refuse a link
        try:
            mode = stat.S_IMODE(os.stat(self.pilot_path).st_mode) & 0o666
        except OSError:
            mode = 0o644
        try:
            fd = os.open(self.path, os.O_RDWR | os.O_CREAT | _FLAGS, 0o600)
        except PermissionError:
            # Another user's lock file we may not write (or a sticky folder's protection of
            # it): a read-only descriptor takes a lock all the same.
            try:
                fd = os.open(self.path, os.O_RDONLY | _FLAGS)
            except OSError:
                return self._planted()
        except OSError:
            return self._planted()  # ELOOP: a link planted since; else no place for a lock
        try:
            info = os.fstat(fd)
        except OSError:
            info = None
        if info is None or not stat.S_ISREG(info.st_mode):
            os.close(fd)
            return self._planted() or f"{visible(self.path.name)} is not a lock file"
        if info.st_nlink > 1:
            # Another name for some other file (a hard link planted there): the holder's words
            # would be written over that file.
            os.close(fd)
            return (
                f"{visible(self.path.name)} is another name (a hard link) of some other file,"
                " not a lock file: remove it to edit"
            )
        if _owned_by_us(info) and stat.S_IMODE(info.st_mode) != mode | 0o600:
            # Everyone who can read the pilot can take (and read) its lock.
            if hasattr(os, "fchmod"):  # not on Windows, where there are no such bits
                with contextlib.suppress(OSError):
                    os.fchmod(fd, mode | 0o600)
        return fd

    def _lock(self, fd: int) -> str | None:
        """None when we hold ``fd``'s lock now, else who holds it in words."""
        assert self._backend is not None
        try:
            if self._backend.try_lock(fd):
                return None
        except _Busy:
            holder = _read_holder(fd)
            os.close(fd)
            return f"another pilotdesk has this file open ({holder or 'unknown process'})"
        # No locks on this file system (ENOLCK): the pid in the file decides.
        holder = _read_holder(fd)
        if _alive_here(holder):
            os.close(fd)
            return f"another pilotdesk has this file open ({holder})"
        return None

    def _close(self, fd: int) -> None:
        assert self._backend is not None
        with contextlib.suppress(OSError):
            self._backend.unlock(fd)
        os.close(fd)

    def _still_the_lock_file(self, fd: int) -> bool:
        try:
            mine, there = os.fstat(fd), os.lstat(self.path)
        except OSError:
            return False
        return (mine.st_dev, mine.st_ino) == (there.st_dev, there.st_ino)

    def _lock_the_inode(self) -> str | None:
        """For a file with several names: lock the file itself, which they all share."""
        assert self._backend is not None
        try:
            if os.stat(self.pilot_path).st_nlink < 2:
                return None
            fd = os.open(self.pilot_path, os.O_RDONLY | _FLAGS)
        except OSError:
            return None
        try:
            held = stat.S_ISREG(os.fstat(fd).st_mode) and self._backend.try_lock(fd)
        except _Busy:
            os.close(fd)
            return "another pilotdesk has this file open under another name (a hard link)"
        except OSError:
            held = False
        if not held:
            os.close(fd)
            return None
        self._inode_fd = fd
        return None


def _owned_by_us(info: os.stat_result) -> bool:
    return hasattr(os, "getuid") and info.st_uid == os.getuid()


def _kind(mode: int) -> str:
    if stat.S_ISDIR(mode):
        return "a folder"
    if stat.S_ISLNK(mode):
        return "a symbolic link"
    if stat.S_ISFIFO(mode):
        return "a FIFO (named pipe)"
    if stat.S_ISSOCK(mode):
        return "a socket"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "a device"
    return "not a regular file"


def _write_holder(fd: int) -> None:
    try:
        user = getpass.getuser()
    except (KeyError, OSError, ImportError):  # ImportError: no pwd module (Windows, 3.12-)
        user = str(os.getuid()) if hasattr(os, "getuid") else "unknown user"
    text = f"pid {os.getpid()} of {user} on {socket.gethostname()} since {dt.datetime.now():%H:%M}"
    try:
        os.ftruncate(fd, 0)
        os.lseek(fd, 0, os.SEEK_SET)  # no pwrite on Windows; only the holder writes here
        os.write(fd, text.encode("utf-8"))
    except OSError:
        pass  # another user's file, read-only to us: the lock holds all the same


def _read_holder(fd: int) -> str:
    try:
        os.lseek(fd, 0, os.SEEK_SET)  # no pread on Windows; this descriptor is ours alone
        raw = os.read(fd, 200).decode("utf-8", "replace").strip()
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
    if sys.platform == "win32":
        return True  # os.kill(pid, 0) there sends CTRL_C_EVENT: we cannot ask, so it holds
    try:
        os.kill(int(words[1]), 0)
    except ProcessLookupError:
        return False
    except OSError:
        return True  # alive, someone else's
    return True
