"""The pilot file as pilotdesk's one source of truth: load, change, save, undo.

The one edit path: a change (:mod:`pilotdesk.session.changes`) goes to :meth:`PilotStore.apply`,
which picks its text (the pieces a field edit touches, or the whole document: an
:class:`~pilotdesk.pilotfile.edit_target.EditTarget`), tries it on a copy of the plain data and
validates the result (an invalid change is refused and nothing is touched), applies it through
the :class:`~pilotdesk.session.editor.Editor`, logs it in ``[[log]]``, and saves at once through
:meth:`PilotStore.save`, the only code that writes the pilot file. A save never writes over a
file that changed on disk since pilotdesk last read or wrote it. Why the file cannot be written
now, if it cannot, is the store's :attr:`PilotStore.access` (:mod:`pilotdesk.session.access`).
"""

from __future__ import annotations

import datetime as dt
import operator
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from tomlkit.toml_document import TOMLDocument

from pilotdesk.domain.errors import ChangeRejected, PilotFileError, SaveError
from pilotdesk.domain.model import LogEntry, Pilot
from pilotdesk.pilotfile import toml_edit
from pilotdesk.pilotfile.atomic import atomic_write, os_reason, write_new
from pilotdesk.pilotfile.edit_target import EditTarget, SplicedPieces, WholeDocument
from pilotdesk.pilotfile.read import Parsed, parse_bytes, read_file, validate
from pilotdesk.pilotfile.splice import Headers, NotSpliceable, Splicer
from pilotdesk.session.access import Block, WriteAccess, check_disk_unchanged, write_bits
from pilotdesk.session.changes import Change
from pilotdesk.session.editor import Editor, trial_copy

Clock = Callable[[], dt.datetime]


def system_clock() -> dt.datetime:
    return dt.datetime.now()


@dataclass(frozen=True)
class Outcome:
    """What one change did: the log line, and the save problem if the file could not be written
    (the change is kept in memory then, and saved by the next successful save)."""

    description: str
    save_error: SaveError | None = None
    #: Asked for with ``save=False``: in memory until :meth:`PilotStore.save_outcome`.
    pending: bool = False

    @property
    def saved(self) -> bool:
        return self.save_error is None and not self.pending


@dataclass
class _Step:
    forward: Change
    inverse: Change


class PilotStore:
    """One open pilot file."""

    def __init__(self, path: Path, raw: bytes, parsed: Parsed, clock: Clock = system_clock):
        self.path = Path(path)
        self.clock = clock
        self._disk_bytes = raw
        self._data = parsed.data
        self._pilot = parsed.pilot
        #: The file's text, LF line endings (see :attr:`document` for CRLF files), while there
        #: is no document: field edits are spliced into it (:mod:`splice`). Once a change needs
        #: the whole document it is parsed from this, and from then on it is the text's source.
        text = raw.decode("utf-8")
        self._crlf = _all_crlf(text)
        self._text: str | None = text.replace("\r\n", "\n") if self._crlf else text
        self._doc: TOMLDocument | None = None
        #: The headers of ``_text`` as the last splice left them (no scan of a long log per key).
        self._headers: tuple[str, Headers | None] | None = None
        self._dirty = False
        #: Changes made since the file was last written: replayed onto another writer's version.
        self._unsaved: list[tuple[Change, str]] = []
        #: What stops this session from writing the file, if anything (see :attr:`read_only`).
        self.access = WriteAccess()
        self._undo: list[_Step] = []
        self._redo: list[_Step] = []
        self.last_saved: dt.datetime | None = None
        #: Who makes the changes (the caller says): each log entry gets ``by`` when set.
        self.author: str | None = None
        #: Whether the file had write permission bits when read or last written: a file that
        #: loses them since (``chmod 444`` while open) is refused, even to root.
        self._had_write_bits = write_bits(self.path)

    @classmethod
    def open(
        cls, path: Path | str, clock: Clock = system_clock, *, prepare: bool = True
    ) -> PilotStore:
        """Read and validate ``path`` for editing; raises :class:`PilotFileError` for anything
        wrong, including a valid file pilotdesk could not edit without rewriting some of it
        (so that it is said at once, not at the first change).

        ``prepare=False`` leaves building the whole document to the first change that needs
        it (see :attr:`document`), as the workbook does: field edits never need it, and
        tomlkit's parse of a large file stays off the path to the first paint."""
        raw, parsed = read_file(Path(path))
        store = cls(Path(path), raw, parsed, clock)
        if prepare:
            store.document  # noqa: B018
        return store

    # --- state -----------------------------------------------------------------------------

    @property
    def pilot(self) -> Pilot:
        return self._pilot

    @property
    def read_only(self) -> str | None:
        """Why this store must not write now (another pilotdesk has the file open, ...), or
        None when it may."""
        return self.access.why_not

    @property
    def dirty(self) -> bool:
        """True when a change is in memory but not on disk (the last save failed)."""
        return self._dirty

    @property
    def disk_bytes(self) -> bytes:
        """The file's bytes as pilotdesk last read or wrote them."""
        return self._disk_bytes

    @property
    def unsaved(self) -> list[tuple[Change, str]]:
        """The changes not yet in the file, each with its log line."""
        return list(self._unsaved)

    @property
    def unsaved_changes(self) -> list[Change]:
        return [change for change, _ in self._unsaved]

    @property
    def unsaved_descriptions(self) -> list[str]:
        """The log lines of the changes not yet in the file, for the user to decide about."""
        return [description for _, description in self._unsaved]

    def write_copy(self, path: Path) -> None:
        """Write the pilot as pilotdesk has it now to a new file: never over an existing one,
        never through a link, with the pilot file's permissions (:func:`write_new`)."""
        try:
            write_new(path, self.text().encode("utf-8"), like=self.path)
        except FileExistsError:
            raise SaveError(f"{path} already exists; not written over") from None
        except OSError as error:
            raise SaveError(f"could not write {path}: {os_reason(error)}") from None

    @property
    def can_undo(self) -> bool:
        return bool(self._undo)

    @property
    def can_redo(self) -> bool:
        return bool(self._redo)

    def text(self) -> str:
        """The file's text as pilotdesk would write it now."""
        text = self._doc.as_string() if self._doc is not None else self._text
        assert text is not None
        return text.replace("\n", "\r\n") if self._crlf else text

    @property
    def document(self) -> TOMLDocument:
        """The editable document, parsed on first use (reading and showing need only tomllib).

        A file whose every line ends in CRLF is edited with LF line endings and written back
        with CRLF (the round trip is exact because the file has no lone LF): tomlkit writes the
        lines it adds with LF, and :mod:`~pilotdesk.pilotfile.toml_edit`'s blank-line logic looks for
        LF only.
        """
        if self._doc is None:
            assert self._text is not None
            self._doc = toml_edit.parse_editable(self._text, self.path)
            self._text = None
        return self._doc

    @property
    def has_document(self) -> bool:
        """True once the whole document is built (a change needed it, or ``open`` prepared it)."""
        return self._doc is not None

    # --- changes ---------------------------------------------------------------------------

    def apply(self, change: Change, *, save: bool = True) -> Outcome:
        """Validate and apply ``change``, log it, save. Raises ChangeRejected if it is invalid
        or the store read-only; a failed save is in the outcome. ``save=False``: in memory (an
        unsaved change), for :meth:`save_outcome` once shown: a key is painted before the fsync."""
        inverse, description = self._change(change, suffix="")
        self._undo.append(_Step(change, inverse))
        self._redo.clear()
        return self.save_outcome(description) if save else Outcome(description, pending=True)

    def undo(self, *, save: bool = True) -> Outcome | None:
        """Undo the last step and save (``save`` as in :meth:`apply`). Raises ChangeRejected if
        it cannot be undone now (read-only, ...): the step stays, to be undone once it can."""
        if not self._undo:
            return None
        step = self._undo[-1]
        redo, description = self._change(step.inverse, suffix=" (undo)")
        self._undo.pop()
        self._redo.append(_Step(redo, step.forward))
        return self.save_outcome(description) if save else Outcome(description, pending=True)

    def redo(self, *, save: bool = True) -> Outcome | None:
        """Redo the last undone step and save; refused like :meth:`undo`, the step stays."""
        if not self._redo:
            return None
        step = self._redo[-1]
        inverse, description = self._change(step.forward, suffix=" (redo)")
        self._redo.pop()
        self._undo.append(_Step(step.forward, inverse))
        return self.save_outcome(description) if save else Outcome(description, pending=True)

    def replay(self, unsaved: Iterable[tuple[Change, str]]) -> tuple[Outcome, list[str]]:
        """Apply another session's unsaved changes (:attr:`unsaved`) on this newer version of
        the file as ordinary changes, then save once; returns the outcome and, for each change
        that no longer applies here, its description and why."""
        done: list[str] = []
        refused: list[str] = []
        for change, old_description in unsaved:
            try:
                inverse, description = self._change(change, suffix="")
            except ChangeRejected as error:
                refused.append(f"{old_description} ({error})")
                continue
            self._undo.append(_Step(change, inverse))
            done.append(description)
        return self.save_outcome("; ".join(done)), refused

    def _change(self, change: Change, suffix: str) -> tuple[Change, str]:
        """Make ``change`` in memory, logged; returns its inverse and its description."""
        if self.read_only:
            raise ChangeRejected(f"read-only: {self.read_only}")
        target = self._target(change)
        editor = Editor(self._data, target)
        # One log entry per line: a Batch describes each of its parts on a line of its own.
        lines = [line + suffix for line in change.describe(editor).splitlines()]
        # Try it on a copy of the data first: a refused change touches nothing at all.
        trial = Editor(trial_copy(self._data), target, dry=True)
        change.apply(trial)
        try:
            pilot = self._validate_trial(trial.data)
        except PilotFileError as error:
            problem = error.first
            raise ChangeRejected(
                f"{problem.field}: {problem.message}" if problem.field else problem.message
            ) from None
        # The same change on the real data gives the data just validated: no second validation.
        inverse = change.apply(editor)
        at = self.clock().replace(microsecond=0, tzinfo=None)
        for line in lines:
            editor.append_log(at, line, self.author)
        if self._doc is None:
            self._text = target.text()
            self._headers = target.splicer.after if isinstance(target, SplicedPieces) else None
        self._pilot = pilot.model_copy(update={"log": [*pilot.log, *self._new_log_entries(pilot)]})
        self._dirty = True
        description = "; ".join(lines)
        self._unsaved.append((change, description))
        return inverse, description

    def _validate_trial(self, data: dict[str, Any]) -> Pilot:
        """The pilot ``data`` describes, validated. A change never edits the log (only the
        store appends to it, validating each new entry): when the trial's log holds the very
        entries already validated, the rest is validated and the log taken from the pilot as it
        is, so a keystroke costs the same at 20,000 log entries as at none. The result is the
        pilot a validation of the whole data gives."""
        log, known = data.get("log"), self._data.get("log")
        if not isinstance(log, list) or not _same_items(log, known):
            return validate(data, "", self.path)
        pilot = validate({key: value for key, value in data.items() if key != "log"}, "", self.path)
        return pilot.model_copy(update={"log": self._pilot.log})

    def _target(self, change: Change) -> EditTarget:
        """The text ``change`` edits: only its entries' pieces when it sets fields of entries
        and no change needed the whole document yet; else the whole document."""
        edited = change.fields_edited()
        if self._doc is None and self._text is not None and edited is not None:
            known = self._headers if self._headers and self._headers[0] is self._text else None
            splicer = Splicer(self._text, self._data, known[1] if known else None)
            lookup = Editor(self._data, SplicedPieces(splicer), dry=True)  # finds entries only
            try:
                for collection, entry_id in edited:
                    try:
                        index = lookup.index_of(collection, entry_id)
                    except ChangeRejected:
                        continue  # the change is refused in its trial, and edits nothing
                    splicer.prepare(collection, index)
                splicer.prepare_log()
            except NotSpliceable:
                pass
            else:
                return SplicedPieces(splicer)
        return WholeDocument(self._editable_document())

    def _editable_document(self) -> TOMLDocument:
        try:
            return self.document
        except PilotFileError as error:
            problem = error.first
            raise ChangeRejected(f"line {problem.line}: {problem.message}") from None

    def _new_log_entries(self, pilot: Pilot) -> list[LogEntry]:
        return [LogEntry.model_validate(entry) for entry in self._data["log"][len(pilot.log) :]]

    # --- saving ----------------------------------------------------------------------------

    def save_outcome(self, description: str) -> Outcome:
        """Save all in memory (:meth:`save`); how it went for the change ``description``."""
        try:
            self.save()
        except SaveError as error:
            return Outcome(description, error)
        return Outcome(description)

    def save(self) -> None:
        """Write the document if it changed; the only code that writes the pilot file."""
        if not self._dirty:
            return
        new_bytes = self.text().encode("utf-8")
        self._check_still_writable()
        try:
            # The on-disk check runs once the new version is whole in its temporary file,
            # just before the rename: what another program saves before then is not lost.
            atomic_write(
                self.path,
                new_bytes,
                check=lambda: check_disk_unchanged(self.path, self._disk_bytes),
            )
        except OSError as error:
            raise SaveError(f"could not save {self.path}: {os_reason(error)}") from None
        self._disk_bytes = new_bytes
        self._dirty = False
        self._unsaved.clear()
        self.last_saved = self.clock()
        self._had_write_bits = write_bits(self.path)

    def recheck_access(self) -> None:
        """Set or clear :attr:`Block.NOT_WRITABLE` from the file's permissions now. A file made
        read-only since it was opened (or last saved) is not writable even to root, who may
        write anything: the permission says "do not change this", and renaming a new file
        over it would ignore that."""
        now = write_bits(self.path)
        if now is None:
            return  # gone or unreadable: the on-disk check says which, as a conflict
        if self._had_write_bits and not now:
            self.access.set(
                Block.NOT_WRITABLE, "the file was made read-only since pilotdesk opened it"
            )
        else:
            self.access.check_permissions(self.path)

    def _check_still_writable(self) -> None:
        self.recheck_access()
        reason = self.access.reason(Block.NOT_WRITABLE)
        if reason is not None:
            raise SaveError(f"{self.path} not saved: {reason}")


def _same_items(items: list[Any], others: Any) -> bool:
    """True when both lists hold the very same objects, in the same order (no values compared)."""
    return (
        isinstance(others, list)
        and len(items) == len(others)
        and all(map(operator.is_, items, others))
    )


def _all_crlf(text: str) -> bool:
    """True when the text has line breaks and every one of them is CRLF."""
    crlf = text.count("\r\n")
    return crlf > 0 and crlf == text.count("\n")


def load_text(text: str, path: Path | str = "<text>", clock: Clock = system_clock) -> PilotStore:
    """A store over ``text`` (for tests and tools); it saves to ``path`` when changed."""
    raw = text.encode("utf-8")
    return PilotStore(Path(path), raw, parse_bytes(raw, path), clock)
