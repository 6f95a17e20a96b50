"""Why this session cannot write the pilot file: the one place that knows.

Several things can each stop a session from saving, and they come and go independently:
another pilotdesk holds the file's lock, the file or its folder is not writable, the file on
disk was replaced by an invalid version (a hand edit in progress, a bad merge). Each is a
:class:`Block` with the words that explain it; the session is read-only while any is set, and
says the most lasting one (a fix of the file on disk does not make a locked session
writable). And just before a save, :func:`check_disk_unchanged` says whether the file on disk
is still the one pilotdesk last read or wrote.
"""

from __future__ import annotations

import os
from enum import IntEnum
from pathlib import Path

from pilotdesk.domain.errors import ConflictError, PilotFileError, SaveError
from pilotdesk.pilotfile.atomic import os_reason
from pilotdesk.pilotfile.read import read_bytes


class Block(IntEnum):
    """What stops saving, most lasting first (that is the one said when several hold)."""

    #: Another pilotdesk has the file open for writing.
    LOCKED = 1
    #: The file or its folder is not writable (permissions, a read-only file system).
    NOT_WRITABLE = 2
    #: The file on disk is not a valid pilot now; it ends when the file is fixed.
    INVALID_ON_DISK = 3


class WriteAccess:
    """The blocks in force for one pilot file, each with its reason in words."""

    def __init__(self) -> None:
        self._reasons: dict[Block, str] = {}

    @property
    def why_not(self) -> str | None:
        """The reason to show, or None when the file may be written."""
        if not self._reasons:
            return None
        return self._reasons[min(self._reasons)]

    def holds(self, block: Block) -> bool:
        return block in self._reasons

    def reason(self, block: Block) -> str | None:
        """Why ``block`` holds, or None when it does not."""
        return self._reasons.get(block)

    def set(self, block: Block, reason: str) -> None:
        self._reasons[block] = reason

    def clear(self, block: Block) -> None:
        self._reasons.pop(block, None)

    def check_permissions(self, path: Path) -> None:
        """Set or clear :attr:`Block.NOT_WRITABLE` from what the OS says now."""
        reason = _permission_problem(path)
        if reason is None:
            self.clear(Block.NOT_WRITABLE)
        else:
            self.set(Block.NOT_WRITABLE, reason)

    def carried_over(self) -> WriteAccess:
        """The blocks a new version of the same file inherits: all but the invalid file on
        disk (a new valid version is what ends it)."""
        carried = WriteAccess()
        carried._reasons = {b: r for b, r in self._reasons.items() if b != Block.INVALID_ON_DISK}
        return carried


def write_bits(path: Path) -> bool | None:
    """Whether the file has any write permission bit (None when it cannot be looked at)."""
    try:
        return bool(os.stat(path).st_mode & 0o222)
    except OSError:
        return None


def _permission_problem(path: Path) -> str | None:
    if not os.access(path, os.W_OK):
        return "the file is read-only on disk"
    if not os.access(path.parent, os.W_OK | os.X_OK):
        # Every save writes a new file there and renames it over the pilot file.
        return f"the folder {path.parent} is not writable"
    return None


def check_disk_unchanged(path: Path, expected: bytes | None) -> None:
    """Refuse to save over ``path`` unless it still holds ``expected`` (what pilotdesk last read
    or wrote): someone else's change, a deleted or moved file, or something swapped in for it is
    a conflict, never overwritten. Read with the one reader, as on opening: a FIFO swapped in is
    refused without waiting for a writer (the workbook would freeze), /dev/zero without reading
    it (all the memory)."""
    try:
        current = read_bytes(path)
    except PilotFileError as error:
        raise ConflictError(f"{path} {error.first.message}; not saved over it") from None
    except FileNotFoundError:
        raise ConflictError(
            f"{path} was deleted or moved since pilotdesk read it; not saved"
        ) from None
    except OSError as error:
        raise SaveError(f"could not check {path} before saving: {os_reason(error)}") from None
    if current != expected:
        raise ConflictError(
            f"{path} was changed by someone else since pilotdesk read it; not saved over it"
        )
