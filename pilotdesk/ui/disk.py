"""The workbook's side of staying in step with the file on disk (see :mod:`pilotdesk.sync`).

* Another pilotdesk holds the file: this one opens read-only and says so.
* Someone else changed the file and this session has nothing unsaved: reload and say so.
* Both changed: the user chooses (keep theirs, apply mine on top, save mine as a copy).
* The file on disk became invalid: keep the last good state, show the error, save nothing
  until it is fixed.
* The file was deleted: keep everything open and offer to write it back.
"""

from __future__ import annotations

import os
from typing import TYPE_CHECKING

from ..errors import SaveError
from ..lock import PilotLock
from ..store import PilotStore
from ..sync import Changed, Deleted, FileWatcher, Unreadable, rebase, recovery_folder, reopen, write_mine
from .modals.conflict import Choice, ConflictModal
from .modals.confirm import ConfirmModal

if TYPE_CHECKING:
    from .app import PilotdeskApp

POLL_SECONDS = 0.5


class DiskSync:
    def __init__(self, app: PilotdeskApp) -> None:
        self.app = app
        self.watcher = FileWatcher(app.store.path)
        self.lock = PilotLock(app.store.path)
        self.invalid_reason: str | None = None
        self.deleted = False
        self._prompting = False
        self._pending: Changed | None = None

    def start(self) -> None:
        store = self.app.store
        holder = self.lock.acquire()
        if holder is not None:
            store.read_only = holder
        elif not os.access(store.path, os.W_OK):
            store.read_only = "the file is read-only on disk"
        if store.read_only:
            self.app.notify(f"Opened read-only: {store.read_only}.", severity="warning", timeout=10)
        self.app.set_interval(POLL_SECONDS, self.poll)

    def stop(self) -> None:
        self.lock.release()

    # --- polling ---------------------------------------------------------------------------

    def poll(self) -> None:
        if self._prompting:
            return
        event = self.watcher.poll(self.app.store.disk_bytes)
        if isinstance(event, Changed):
            self._changed(event)
        elif isinstance(event, Deleted):
            self._deleted()
        elif isinstance(event, Unreadable):
            self.app.status.failed(f"cannot read {self.app.store.path.name}: {event.reason}")

    def conflict_on_save(self) -> None:
        """A save just failed because the file changed: look now rather than at the next poll."""
        self.watcher.forget()
        self.poll()

    def _changed(self, event: Changed) -> None:
        app, store = self.app, self.app.store
        self.deleted = False
        if event.parsed is None:
            assert event.error is not None
            self._set_invalid(event.error.render().splitlines()[0])
            return
        if self.invalid_reason is not None:
            self._set_invalid(None)
        if not store.dirty:
            app.replace_store(reopen(store, event.raw, event.parsed))
            app.notify(f"{store.path.name} was changed on disk; reloaded (undo history starts again).", timeout=6)
            return
        self._pending = event
        self._prompting = True
        app.push_screen(ConflictModal(store.path.name, store.unsaved_descriptions), self._resolve)

    def _resolve(self, choice: Choice | None) -> None:
        self._prompting = False
        event, self._pending = self._pending, None
        if choice is None or event is None or event.parsed is None:
            self.app.status.failed("the file changed on disk; your changes are not saved yet (change something to decide)")
            return
        app, store = self.app, self.app.store
        now = app.clock()
        try:
            if choice == "theirs":
                kept = write_mine(store, now, recovery_folder())
                app.replace_store(reopen(store, event.raw, event.parsed))
                app.notify(f"Loaded their version. Yours is kept in {kept}.", timeout=10)
            elif choice == "copy":
                kept = write_mine(store, now)
                app.replace_store(reopen(store, event.raw, event.parsed))
                app.notify(f"Yours is saved as {kept.name}; loaded theirs.", timeout=10)
            else:
                fresh, refused = rebase(store, event.raw, event.parsed)
                app.replace_store(fresh)
                if refused:
                    app.notify("Not applied on their version: " + "; ".join(refused), severity="warning", timeout=12)
                else:
                    app.notify("Your changes are applied on top of theirs and saved.", timeout=6)
                if fresh.dirty:
                    app.status.failed("could not save after applying your changes; they are kept in memory")
        except SaveError as error:
            app.notify(f"Nothing changed: {error}", severity="error", timeout=10)

    def _set_invalid(self, reason: str | None) -> None:
        store = self.app.store
        self.invalid_reason = reason
        if reason is None:
            store.read_only = None
            self.app.notify(f"{store.path.name} is valid again; changes are saved again.", timeout=6)
            return
        store.read_only = f"the file on disk is invalid now ({reason}); fix it and pilotdesk saves again"
        self.app.status.failed(f"{reason} · showing the last good state; nothing is saved until the file is fixed")
        self.app.refresh_views()

    def _deleted(self) -> None:
        self.deleted = True
        self._prompting = True
        name = self.app.store.path.name

        def answer(write_back: bool | None) -> None:
            self._prompting = False
            if not write_back:
                self.app.status.failed(f"{name} was deleted on disk; your version stays open here, unsaved")
                return
            try:
                self.app.store.write_copy(self.app.store.path)
            except SaveError as error:
                self.app.notify(str(error), severity="error")
                return
            self.app.replace_store(PilotStore.open(self.app.store.path, self.app.store.clock))
            self.app.notify(f"{name} written back.", timeout=6)

        self.app.push_screen(
            ConfirmModal(f"{name} was deleted or moved on disk.", "Write your version back to it?", "Write back"), answer
        )

