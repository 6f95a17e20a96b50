"""Write a file so that a crash leaves either the old content or the new, never half of one."""

from __future__ import annotations

import contextlib
import errno
import os
import re
import stat
import tempfile
from pathlib import Path


def atomic_write(path: Path, data: bytes) -> None:
    """Replace ``path`` with ``data``: temporary file in the same folder, fsync, rename.

    The file's permission bits are kept; a symbolic link is followed so the link survives.
    Raises ``OSError`` (disk full, no permission, ...) with the old file untouched.
    """
    target = Path(os.path.realpath(path))
    try:
        mode = stat.S_IMODE(target.stat().st_mode)
    except FileNotFoundError:
        mode = 0o666 & ~_umask()
    fd, temporary = tempfile.mkstemp(prefix=_prefix(target), suffix=".tmp", dir=target.parent)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.chmod(temporary, mode)
        os.replace(temporary, target)
    except BaseException:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(temporary)
        raise
    _fsync_folder(target.parent)


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


def _fsync_folder(folder: Path) -> None:
    # The rename is durable only once the folder entry is on disk too. Some file systems do
    # not allow opening a folder for this; the rename itself has still happened.
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
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
