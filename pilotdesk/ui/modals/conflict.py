"""When the file changed on disk while this session had changes of its own: the user chooses."""

from __future__ import annotations

from typing import Literal

from textual.app import ComposeResult
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Label, Static

from pilotdesk.domain.text import visible
from pilotdesk.ui.keys import bind

Choice = Literal["theirs", "mine_on_top", "copy"]


class ConflictModal(ModalScreen[Choice | None]):
    """1 keep theirs, 2 apply mine on top, 3 save mine as a copy; escape decides later."""

    BINDINGS = [
        bind("conflict.theirs", "1,t", "choose('theirs')", "Keep theirs"),
        bind("conflict.mine", "2,m", "choose('mine_on_top')", "Apply mine on top"),
        bind("conflict.copy", "3,c", "choose('copy')", "Save mine as a copy"),
        bind("conflict.later", "escape", "choose(None)", "Decide later"),
    ]

    def __init__(self, filename: str, mine: list[str]) -> None:
        super().__init__()
        self.filename = filename
        self.mine = mine

    def compose(self) -> ComposeResult:
        shown = "\n".join(f"  • {line}" for line in self.mine[:8])
        more = f"\n  … and {len(self.mine) - 8} more" if len(self.mine) > 8 else ""
        if getattr(self.app, "presenting", False):  # a line may name a stance, a gap
            shown, more = f"  {len(self.mine)} (not listed while presenting)", ""
        with Vertical(classes="dialog conflict"):
            yield Label(
                visible(f"{self.filename} was changed on disk by someone else"),
                classes="dialog-title",
                markup=False,
            )
            yield Static(visible(f"Your changes not yet in the file:\n{shown}{more}"), markup=False)
            yield Static(
                "[b]1[/b]  Keep theirs: load their version; yours is kept in a recovery copy\n"
                "[b]2[/b]  Apply mine on top: replay your changes on their version and save\n"
                "[b]3[/b]  Save mine as a copy next to the file, then load theirs",
                classes="review-question",
            )
            yield Static(
                "Nothing is lost whichever you choose. escape decides later (nothing is saved meanwhile).",
                classes="dialog-detail",
            )

    def action_choose(self, choice: Choice | None) -> None:
        self.dismiss(choice)
