"""Where each binding is active, for the help screen and for checking the user's ``[keys]``.

A context is a set of bindings that answer keys at the same time: a pane with its list and the
app's keys, or one dialog (a modal screen gets no app bindings but the priority ones). Two
bindings may share a key in different contexts (``enter`` edits in a list and continues in the
review) but never in one.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from textual.app import App
from textual.binding import Binding
from textual.widgets import Input, Select, Switch

from pilotdesk import config
from pilotdesk.ui.board import board_context
from pilotdesk.ui.keys import Context, bindings_of, check_keymap, key_in_words, keymap_message
from pilotdesk.ui.modals.confirm import ConfirmModal
from pilotdesk.ui.modals.conflict import ConflictModal
from pilotdesk.ui.modals.form import FormModal
from pilotdesk.ui.modals.help import HelpModal
from pilotdesk.ui.modals.sign_off import SignOffModal
from pilotdesk.ui.panes.registry import PANES
from pilotdesk.ui.presenting import LeavePresentingModal
from pilotdesk.ui.review.steps import (
    AttendeesStep,
    CriterionStep,
    DetailsStep,
    EmailPreview,
    PickList,
    QuestionStep,
)
from pilotdesk.ui.widgets.table import PilotTable

#: Dialogs and review steps, each a context of its own.
DIALOGS: tuple[tuple[str, Sequence[type]], ...] = (
    # A form's fields answer keys before the form does: a key they use is taken there.
    ("a form", (FormModal, Input, Select, Switch)),
    ("a delete question", (ConfirmModal,)),
    ("the question about another writer's change", (ConflictModal,)),
    ("the help", (HelpModal,)),
    ("the question before presenting ends", (LeavePresentingModal,)),
    ("the agreement's sign-off", (SignOffModal, Input, PickList)),
    ("the review: who is in the room", (AttendeesStep, PickList)),
    ("the review: a criterion", (CriterionStep,)),
    ("the review: the question", (QuestionStep,)),
    ("the review: the details", (DetailsStep, Input)),
    ("the email preview", (EmailPreview,)),
)
#: Textual adds the palette's key to every screen.
PALETTE_KEY = Binding("ctrl+p", "command_palette")


def _merged(owner: type) -> list[Binding]:
    """Every binding of ``owner`` as Textual sees it, inherited ones (Textual's) included."""
    return [binding for _, binding in owner._merged_bindings]  # type: ignore[attr-defined]


def contexts(app: type[App]) -> list[Context]:
    """Every context of the workbook, the app's class giving the app's bindings."""
    everywhere = [b for b in _merged(app) if b.priority] + [PALETTE_KEY]
    found = [
        Context(
            f"the {name} pane", [*_merged(app), PALETTE_KEY, *_merged(pane), *_merged(PilotTable)]
        )
        for name, pane in ((spec.title, spec.cls) for spec in PANES)
    ]
    for name, owners in DIALOGS:
        found.append(Context(name, [*everywhere, *(b for o in owners for b in _merged(o))]))
    # The board's keys (board.*) live in the same [keys]: known here, checked in their context.
    found.append(board_context())
    return found


def help_sections(app: App[Any]) -> list[tuple[str, list[Binding]]]:
    """The help's sections: the bindings as written, where they apply (a pane's title shows the
    key that goes there)."""
    sections = [("Anywhere", bindings_of(type(app))), ("Lists", bindings_of(PilotTable))]
    for name, pane in ((spec.title, spec.cls) for spec in PANES):
        go = key_in_words(app, f"app.pane.{name.lower()}")
        sections.append((f"{name} ({go})", bindings_of(pane)))
    questions = (
        FormModal,
        ConfirmModal,
        ConflictModal,
        HelpModal,
        SignOffModal,
        LeavePresentingModal,
    )
    sections.append(("Forms and questions", [b for cls in questions for b in bindings_of(cls)]))
    steps = (AttendeesStep, PickList, CriterionStep, QuestionStep, DetailsStep, EmailPreview)
    ours = [
        o for step in steps for o in reversed(step.__mro__) if o.__module__.startswith("pilotdesk")
    ]
    review = [b for owner in ours for b in bindings_of(owner)]
    sections.append(("Technical Win review", _first_of_each_id(review)))
    # Not keys of this screen, but of the same [keys] table: their ids are found here too.
    sections.append(("The board (pilotdesk board)", list(board_context().bindings)))
    return sections


def _first_of_each_id(bindings: list[Binding]) -> list[Binding]:
    seen: set[str | None] = set()
    out = []
    for binding in bindings:
        if binding.id not in seen:
            seen.add(binding.id)
            out.append(binding)
    return out


def load(app: type[App], settings: config.Config) -> tuple[dict[str, str], str | None]:
    """The keymap to apply from the user's config, and the one message about what was not."""
    requested, problems = settings.keys()
    keymap, refused = check_keymap(requested, contexts(app))
    return keymap, keymap_message([*problems, *refused])
