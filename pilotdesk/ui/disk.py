"""The workbook's side of staying in step with the file on disk (see :mod:`pilotdesk.session.sync`).

Why the file cannot be written is the store's (:mod:`pilotdesk.session.access`); this module
tells the store what it finds (the lock is held, the file went invalid and was fixed) and tells
the user.


* Another pilotdesk holds the file: this one opens read-only and says so.
* Someone else changed the file and this session has nothing unsaved: reload and say so.
* Both changed: the user chooses (keep theirs, apply mine on top, save mine as a copy).
* The file on disk became invalid: keep the last good state, show the error, save nothing
  until it is fixed.
* The file was deleted: keep everything open and offer to write it back.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from pilotdesk.domain.errors import ConflictError, PilotFileError, SaveError
from pilotdesk.pilotfile.atomic import interrupted_in_place_saves
from pilotdesk.pilotfile.lock import PilotLock
from pilotdesk.session.access import Block
from pilotdesk.session.recovery import recovery_copies, write_somewhere
from pilotdesk.session.store import PilotStore
from pilotdesk.session.sync import (
    Changed,
    Deleted,
    FileWatcher,
    Unreadable,
    rebase,
    recovery_folder,
    reopen,
    write_mine,
)
from pilotdesk.ui.modals.confirm import ConfirmModal
from pilotdesk.ui.modals.conflict import Choice, ConflictModal
from pilotdesk.ui.modals.notice import NoticeModal
from pilotdesk.ui.quitting import install_signal_handlers, remove_signal_handlers
from pilotdesk.ui.style import escape

if TYPE_CHECKING:
    from pilotdesk.ui.workbook import Workbook

POLL_SECONDS = 0.5


class DiskSync:
    def __init__(self, app: Workbook) -> None:
        self.app = app
        self.watcher = FileWatcher(app.store.path)
        self.lock = PilotLock(app.store.path)
        self.invalid_reason: str | None = None
        #: The invalid bytes on disk while ``invalid_reason`` is set: what a fix differs from.
        self._invalid_raw: bytes | None = None
        self.deleted = False
        self._prompting = False
        self._pending: Changed | None = None

    def start(self) -> None:
        store = self.app.store
        if not self.app.is_headless:
            install_signal_handlers(self.app)
        self._tell_recovery_copies()
        holder = self.lock.acquire()
        if holder is not None:
            store.access.set(Block.LOCKED, holder)
        store.access.check_permissions(store.path)
        if store.read_only:
            self.app.notify(
                f"Opened read-only: {store.read_only}.",
                severity="warning",
                timeout=10,
                markup=False,
            )
        self.app.set_interval(POLL_SECONDS, self.poll)

    def _retry_lock(self) -> None:
        """A reader keeps asking for the lock: once the writer has gone, this one writes."""
        store = self.app.store
        if not store.access.holds(Block.LOCKED) or self.lock.acquire() is not None:
            return
        store.access.clear(Block.LOCKED)
        store.access.check_permissions(store.path)
        self.app.refresh_views()
        if store.read_only is None:
            self.app.status.note(
                f"{store.path.name} · the other pilotdesk has closed it: you are the writer now"
                " · every change is saved at once"
            )
            self.app.notify(
                f"The other pilotdesk has closed {store.path.name}: changes are saved again.",
                timeout=8,
                markup=False,
            )
        else:
            self.app.status.note(f"{store.path.name} · read-only: {store.read_only}")

    def stop(self) -> None:
        if not self.app.is_headless:
            remove_signal_handlers()
        self.lock.release()

    def _tell_recovery_copies(self) -> None:
        """Say where the copies of changes a stopped session could not save are (SIGTERM,
        SIGHUP, a quit with a copy): until they are deleted, every open says so."""
        copies = recovery_copies(self.app.store.path)
        interrupted = interrupted_in_place_saves(self.app.store.path)
        if interrupted:
            self.app.notify(
                "A save of this file (it has hard links, so it is written in place) was "
                "interrupted; the whole version it was writing is in: "
                + ", ".join(str(p) for p in interrupted)
                + ". Compare it with this file, then delete it.",
                title="Interrupted save",
                severity="error",
                timeout=30,
                markup=False,
            )
        if copies:
            self.app.notify(
                "Copies of changes that did not reach this file (pilotdesk was stopped, or "
                "they did not apply) are kept in: "
                + ", ".join(str(p) for p in copies)
                + ". Compare them with this file; delete them once you have what you need.",
                title="Recovery copies",
                severity="warning",
                timeout=30,
                markup=False,
            )

    # --- polling ---------------------------------------------------------------------------

    def poll(self) -> None:
        # Not while a form, a question or a review step is open: the store would change under
        # it. The next poll after it closes sees the change (the watcher has not looked yet).
        if self._prompting or self.app.screen is not self.app.screen_stack[0]:
            return
        # While the file is invalid, compare with the invalid bytes: a fix that restores the
        # very bytes this session has is a change too (it ends the read-only state).
        known = self._invalid_raw if self._invalid_raw is not None else self.app.store.disk_bytes
        event = self.watcher.poll(known)
        if isinstance(event, Changed):
            self._changed(event)
        elif isinstance(event, Deleted):
            self._deleted()
        elif isinstance(event, Unreadable):
            self.app.status.failed(f"cannot read {self.app.store.path.name}: {event.reason}")
        # After the watcher: a reader that becomes the writer has the file's latest version.
        self._retry_lock()
        self._recheck_writable()

    def _recheck_writable(self) -> None:
        """A file made read-only while open (or opened so) that is writable again: saving
        resumes, and what a refused save kept in memory is written now."""
        app, store = self.app, self.app.store
        if not store.access.holds(Block.NOT_WRITABLE):
            return
        store.recheck_access()
        if store.access.holds(Block.NOT_WRITABLE):
            return
        app.refresh_views()
        if store.read_only is not None:
            app.status.note(f"{store.path.name} · read-only: {store.read_only}")
        elif store.dirty:
            try:
                store.save()
            except ConflictError as error:
                app.status.failed(str(error))
                self.conflict_on_save()
                return
            except SaveError as error:
                app.status.failed(str(error))
                return
            app.status.saved(
                store.path.name, store.last_saved or app.clock(), "writable again; saved"
            )
        else:
            app.status.note(f"{store.path.name} · writable again · every change is saved at once")

    def conflict_on_save(self) -> None:
        """A save just failed because the file changed: look now rather than at the next poll."""
        self.watcher.forget()
        self.poll()

    def _changed(self, event: Changed) -> None:
        app, store = self.app, self.app.store
        self.deleted = False
        if event.parsed is None:
            assert event.error is not None
            self._invalid_raw = event.raw
            self._set_invalid(event.error.render().splitlines()[0])
            return
        if self.invalid_reason is not None:
            self._set_invalid(None)
        if event.raw == store.disk_bytes:
            return  # back to the version this session is based on: nothing to reload
        if not store.dirty:
            app.replace_store(reopen(store, event.raw, event.parsed, event.store))
            app.notify(
                f"{store.path.name} was changed on disk; reloaded (undo history starts again).",
                timeout=6,
                markup=False,
            )
            return
        self._pending = event
        self._prompting = True
        app.push_screen(ConflictModal(store.path.name, store.unsaved_descriptions), self._resolve)

    def _resolve(self, choice: Choice | None) -> None:
        self._prompting = False
        event, self._pending = self._pending, None
        if choice is None or event is None or event.parsed is None:
            self.app.status.failed(
                "the file changed on disk; your changes are not saved yet (change something to decide)"
            )
            return
        app, store = self.app, self.app.store
        now = app.clock()
        try:
            if choice == "theirs":
                kept = write_mine(store, now, recovery_folder())
                app.replace_store(reopen(store, event.raw, event.parsed, event.store))
                app.notify(
                    f"Loaded their version. Yours is kept in {kept}.", timeout=10, markup=False
                )
            elif choice == "copy":
                kept = write_mine(store, now)
                app.replace_store(reopen(store, event.raw, event.parsed, event.store))
                app.notify(
                    f"Yours is saved as {kept.name}; loaded theirs.", timeout=10, markup=False
                )
            else:
                fresh, outcome, refused = rebase(store, event.raw, event.parsed, event.store)
                if refused:
                    # Nothing is lost: the whole of our version goes to a copy before theirs
                    # (with what did apply) replaces it on screen; a copy that cannot be
                    # written anywhere keeps ours on screen instead.
                    try:
                        kept = write_somewhere(store, now, label="mine")
                    except SaveError as error:
                        app.status.failed(
                            f"{len(refused)} of your changes did not apply on theirs and no copy "
                            f"could be written ({error}); your version stays on screen: q asks"
                        )
                        return
                    app.replace_store(fresh)
                    app.push_screen(
                        NoticeModal(
                            f"Not applied on their version ({len(refused)}):",
                            refused,
                            f"Your whole version, with these changes, is kept in {kept}. "
                            "The rest of your changes are applied on theirs.",
                        )
                    )
                else:
                    app.replace_store(fresh)
                if outcome.save_error is not None:
                    app.status.failed(
                        f"your changes are applied on theirs but not saved: {outcome.save_error}"
                    )
                    return
                app.status.saved(
                    fresh.path.name, fresh.last_saved or now, "your changes, on top of theirs"
                )
                if not refused:
                    app.notify("Your changes are applied on top of theirs and saved.", timeout=6)
        except SaveError as error:
            app.notify(f"Nothing changed: {error}", severity="error", timeout=10, markup=False)

    def _set_invalid(self, reason: str | None) -> None:
        store = self.app.store
        self.invalid_reason = reason
        if reason is None:
            self._invalid_raw = None
            store.access.clear(Block.INVALID_ON_DISK)
            self.app.refresh_views()
            if store.read_only is None:
                self.app.status.note(
                    f"{store.path.name} is valid again · every change is saved at once"
                )
                self.app.notify(
                    f"{store.path.name} is valid again; changes are saved again.",
                    timeout=6,
                    markup=False,
                )
            else:
                self.app.status.note(
                    f"{store.path.name} is valid again · read-only: {store.read_only}"
                )
            return
        store.access.set(
            Block.INVALID_ON_DISK,
            f"the file on disk is invalid now ({reason}); fix it and pilotdesk saves again",
        )
        self.app.status.failed(
            f"{reason} · showing the last good state; nothing is saved until the file is fixed"
        )
        self.app.refresh_views()

    def _deleted(self) -> None:
        self.deleted = True
        self._prompting = True
        name = self.app.store.path.name

        def answer(write_back: bool | None) -> None:
            self._prompting = False
            if not write_back:
                self.app.status.failed(
                    f"{name} was deleted on disk; your version stays open here, unsaved"
                )
                return
            store = self.app.store
            try:
                store.write_copy(store.path)
                fresh = PilotStore.open(store.path, store.clock)
            except (SaveError, PilotFileError) as error:
                self.app.notify(str(error), severity="error", markup=False)
                return
            # What was written is this session's last good version: valid, whatever the file
            # was before it went; read-only still if another pilotdesk has it.
            self.invalid_reason = self._invalid_raw = None
            fresh.access = store.access.carried_over()
            self.deleted = False
            self.app.replace_store(fresh)
            self.app.notify(f"{name} written back.", timeout=6, markup=False)

        self.app.push_screen(
            ConfirmModal(
                f"{escape(name)} was deleted or moved on disk.",
                "Write your version back to it?",
                "Write back",
            ),
            answer,
        )
