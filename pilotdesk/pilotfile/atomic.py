"""Write a file so that a crash leaves either the old content or the new, never half of one.

The same code runs on Linux, macOS and Windows; what differs is named where it differs:
every ``os.open`` is binary (:data:`BINARY`: a Windows Python opens in text mode otherwise),
the flush to the disk is ``F_FULLFSYNC`` on macOS (:func:`flush_to_disk`), the rename is retried
for a moment on Windows (:func:`replace`), and POSIX-only names (``fchmod``, ``O_NOFOLLOW``,
``chown``, a folder's fsync) are used only where they exist.
"""

from __future__ import annotations

import contextlib
import errno
import os
import re
import stat
import sys
import tempfile
import time
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path

#: Windows' flag for an ``os.open`` that neither turns CRLF into LF on reading nor ``\n`` into
#: CRLF on writing; 0 (no such thing) elsewhere. Every ``os.open`` in pilotdesk has it.
BINARY: int = getattr(os, "O_BINARY", 0)
_NOFOLLOW: int = getattr(os, "O_NOFOLLOW", 0)  # POSIX only; Windows callers check otherwise
_CLOEXEC: int = getattr(os, "O_CLOEXEC", 0)

#: On Windows a rename over a file fails while another program has it open without sharing
#: it for deletion (an antivirus scan, a sync client, a second pilotdesk reading it): the
#: rename is tried again for this long before the save is refused. Elsewhere an open file
#: never stops a rename, and a refusal is final.
REPLACE_PATIENCE_SECONDS = 1.0
_RENAME_WAITS_FOR_READERS = sys.platform == "win32"


def atomic_write(path: Path, data: bytes, check: Callable[[], None] | None = None) -> None:
    """Replace ``path`` with ``data``: temporary file in the same folder, flushed to the disk
    (:func:`flush_to_disk`), rename (:func:`replace`), the folder flushed where the OS can.

    The file's permission bits are kept, and its owner and group where the OS allows (root
    may give any; others may keep a group they belong to); a symbolic link is followed so the
    link survives. ``check``, when given, is called once the new version is whole on disk and
    just before it replaces the file: it raises to stop the save (someone else wrote the file
    meanwhile). A file with more than one hard link is written in place instead (see
    :func:`_write_in_place`), so that every name keeps seeing it; so is another user's file in
    a sticky shared folder, which we may write but not replace.
    Raises ``OSError`` (disk full, no permission, ...) with the old file untouched.
    """
    target = Path(os.path.realpath(path))
    try:
        info: os.stat_result | None = target.stat()
    except FileNotFoundError:
        info = None
    mode = stat.S_IMODE(info.st_mode) if info is not None else 0o666 & ~_umask()
    fd, temporary = tempfile.mkstemp(prefix=_prefix(target), suffix=".tmp", dir=target.parent)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            flush_to_disk(handle.fileno())
        os.chmod(temporary, mode)
        if info is not None:
            _keep_owner(temporary, info)
        if check is not None:
            check()
        if info is not None and (info.st_nlink > 1 or _rename_forbidden(target, info)):
            _write_in_place(target, data, temporary)
        else:
            replace(temporary, target)
    except BaseException:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(temporary)
        raise
    _fsync_folder(target.parent)


def _rename_forbidden(target: Path, info: os.stat_result) -> bool:
    """A sticky folder (a shared ``/tmp``-like folder) lets only a file's owner, the folder's
    owner or root replace the file: another user who may write the file writes it in place."""
    if not hasattr(os, "geteuid") or os.geteuid() == 0:
        return False
    try:
        folder = os.stat(target.parent)
    except OSError:
        return False
    owners = (info.st_uid, folder.st_uid)
    return bool(folder.st_mode & stat.S_ISVTX) and os.geteuid() not in owners


def _keep_owner(path: str, info: os.stat_result) -> None:
    """Give the new file the old one's owner and group, as far as we may: a shared pilot in a
    group folder must not become the last saver's own file."""
    if not hasattr(os, "chown") or (info.st_uid, info.st_gid) == _ids(path):
        return
    try:
        os.chown(path, info.st_uid, info.st_gid)
    except PermissionError:
        with contextlib.suppress(PermissionError):
            os.chown(path, -1, info.st_gid)  # not root: keep at least the group if ours


def _ids(path: str) -> tuple[int, int]:
    info = os.stat(path)
    return info.st_uid, info.st_gid


def _write_in_place(target: Path, data: bytes, backup: str) -> None:
    """Write ``data`` over the file itself, for a file with several hard links (a rename would
    give this name a new file and leave the other names on the old one).

    This is not atomic: a crash in the middle can leave the file half old, half new. So the
    whole new version, already fsynced in ``backup`` (the temporary file), is kept under a
    name of its own, ``.NAME.XXXXXXXX.inplace``, until the file is whole on disk; it is left
    there if the write fails or the process dies, and the next open says where it is."""
    kept = backup.removesuffix(".tmp") + ".inplace"
    replace(backup, kept)
    fd = os.open(target, os.O_WRONLY | BINARY | _NOFOLLOW | _CLOEXEC)
    try:
        view = memoryview(data)
        while view:
            written = os.write(fd, view)
            view = view[written:]
        os.ftruncate(fd, len(data))
        flush_to_disk(fd)
    finally:
        os.close(fd)
    os.unlink(kept)


def interrupted_in_place_saves(path: Path) -> list[Path]:
    """The whole versions that in-place saves of ``path`` (a file with hard links) left beside
    it when they were interrupted: the file may be half written; these are not."""
    target = Path(os.path.realpath(path))
    pattern = re.compile(re.escape(_prefix(target)) + r"[a-z0-9_]{8}\.inplace")
    try:
        names = os.listdir(target.parent)
    except OSError:
        return []
    return sorted(target.parent / name for name in names if pattern.fullmatch(name))


def write_new(path: Path, data: bytes, like: Path | None = None) -> None:
    """Create ``path`` holding ``data``: the one way pilotdesk writes a file that is not the
    pilot (a copy of it, a recovery copy, the email draft).

    Never over an existing file and never through a symbolic link (``O_CREAT | O_EXCL |
    O_NOFOLLOW``: a name planted in a repository cannot point the write at ``~/.bashrc``);
    raises ``FileExistsError`` then. With ``like``'s permission bits and, where allowed, its
    group (a 0600 pilot gives 0600 copies); without ``like``, private to the user (0600).
    A write that fails (disk full) removes what it created and raises ``OSError``."""
    mode = 0o600
    group = -1
    if like is not None:
        with contextlib.suppress(OSError):
            info = os.stat(like)
            mode, group = stat.S_IMODE(info.st_mode) & 0o666, info.st_gid
    if not _NOFOLLOW and os.path.lexists(path):
        # Windows: no O_NOFOLLOW, and a dangling link may be followed by the create.
        raise FileExistsError(errno.EEXIST, "a file or link has this name", str(path))
    flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | BINARY | _NOFOLLOW | _CLOEXEC
    fd = os.open(path, flags, 0o600)
    try:
        # Created private; opened up to the pilot's bits only once it is ours and whole.
        with os.fdopen(fd, "wb", closefd=False) as handle:
            handle.write(data)
            handle.flush()
            flush_to_disk(handle.fileno())
        if group != -1 and hasattr(os, "fchown"):
            with contextlib.suppress(OSError):
                os.fchown(fd, -1, group)
        if hasattr(os, "fchmod"):
            os.fchmod(fd, mode)
        else:
            # Windows before Python 3.13: no fchmod. There a mode is only the read-only bit,
            # and the name is the file just created (CREATE_NEW fails on any existing name).
            os.chmod(path, mode)
    except BaseException:
        os.close(fd)
        with contextlib.suppress(OSError):
            os.unlink(path)
        raise
    os.close(fd)
    _fsync_folder(Path(path).parent)


def write_new_unique(
    candidates: Iterable[Path], data: bytes, like: Path | None = None
) -> tuple[Path, bool]:
    """Write ``data`` to the first of ``candidates`` that does not exist yet (see
    :func:`write_new`); returns the path and False, or an existing regular file that
    already holds exactly ``data`` and True (saving the same email twice makes no second
    copy). Raises ``OSError`` when none can be written."""
    for candidate in candidates:
        try:
            write_new(candidate, data, like)
        except FileExistsError:
            if _holds(candidate, data):
                return candidate, True
            continue
        return candidate, False
    raise FileExistsError(errno.EEXIST, "every name is taken")


def _holds(path: Path, data: bytes) -> bool:
    """``path`` is a regular file (not a link) whose content is ``data``."""
    try:
        fd = os.open(path, os.O_RDONLY | BINARY | _NOFOLLOW | _CLOEXEC)
    except OSError:
        return False
    try:
        if not stat.S_ISREG(os.fstat(fd).st_mode):
            return False
        with os.fdopen(fd, "rb", closefd=False) as handle:
            return handle.read(len(data) + 1) == data
    finally:
        os.close(fd)


def numbered(path: Path, limit: int = 1000) -> Iterator[Path]:
    """``path``, then ``stem-2.suffix``, ``stem-3.suffix``, ... (names to try in turn)."""
    yield path
    for n in range(2, limit):
        yield path.with_name(f"{path.stem}-{n}{path.suffix}")


def _prefix(target: Path) -> str:
    return f".{target.name}."


def remove_stale_temporaries(path: Path) -> list[Path]:
    """Remove the temporary files that saves of ``path`` killed mid-way (SIGKILL, power cut)
    left beside it; returns those removed. Call it only while holding the file's lock (then
    no save of it is in flight). Such a file never holds anything that is not elsewhere: the
    killed save's version was in that process's memory, the file on disk is whole.

    Only :func:`atomic_write`'s own names for this file are touched (``.NAME.`` + the eight
    characters mkstemp draws from ``[a-z0-9_]`` + ``.tmp``), and only regular files. Nothing
    here stops the user from working: what cannot be listed or removed is left for next time."""
    target = Path(os.path.realpath(path))
    pattern = re.compile(re.escape(_prefix(target)) + r"[a-z0-9_]{8}\.tmp")
    try:
        names = os.listdir(target.parent)
    except OSError:
        return []
    removed = []
    for name in names:
        if not pattern.fullmatch(name):
            continue
        candidate = target.parent / name
        try:
            if not stat.S_ISREG(os.lstat(candidate).st_mode):
                continue
            os.unlink(candidate)
        except OSError:
            continue  # gone already, or not ours to remove: left as it is
        removed.append(candidate)
    return removed


def flush_to_disk(fd: int) -> None:
    """Have what was written to ``fd`` reach the disk itself, not only the drive's cache.

    On Linux and Windows (where ``os.fsync`` is ``FlushFileBuffers``) that is ``fsync``. On
    macOS ``fsync`` only hands the data to the drive, whose cache a power cut empties; the
    flush to the platter is ``fcntl(F_FULLFSYNC)``, used there, and ``fsync`` where the file
    system refuses it (some network and FUSE file systems)."""
    if sys.platform == "darwin":
        import fcntl

        try:
            fcntl.fcntl(fd, fcntl.F_FULLFSYNC)
            return
        except OSError:
            pass  # not supported by this file system: fsync, the best it offers
    os.fsync(fd)


def replace(source: str | Path, target: str | Path) -> None:
    """``os.replace``, tried again for up to :data:`REPLACE_PATIENCE_SECONDS` on Windows while
    another program holds the target (or the source) open; raises the last error then."""
    deadline = time.monotonic() + REPLACE_PATIENCE_SECONDS
    pause = 0.01
    while True:
        try:
            os.replace(source, target)
            return
        except PermissionError:
            if not _RENAME_WAITS_FOR_READERS or time.monotonic() >= deadline:
                raise
        time.sleep(pause)
        pause = min(pause * 2, 0.1)


def _fsync_folder(folder: Path) -> None:
    # The rename is durable only once the folder entry is on disk too. Windows cannot open a
    # folder for this (NTFS journals the rename itself); some other file systems do not allow
    # it either; the rename itself has still happened.
    if sys.platform == "win32":
        return
    try:
        fd = os.open(folder, os.O_RDONLY | BINARY | _CLOEXEC)
    except OSError:
        return
    try:
        flush_to_disk(fd)
    except OSError:
        pass  # not supported here (for example some network file systems); nothing to undo
    finally:
        os.close(fd)


def _umask() -> int:
    current = os.umask(0)
    os.umask(current)
    return current


def os_reason(error: OSError) -> str:
    """Why a read or write failed, in the words a person would use."""
    reasons = {
        errno.ENOSPC: "the disk is full",
        errno.EACCES: "permission denied",
        errno.EPERM: "permission denied",
        errno.EROFS: "the file system is read-only",
        errno.ENOENT: "the folder no longer exists",
        errno.EDQUOT: "the disk quota is exceeded",
    }
    return reasons.get(error.errno or 0, error.strerror or str(error))
