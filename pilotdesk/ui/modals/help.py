"""Every key, generated from the bindings themselves so the help can never drift from them.

Each line shows the keys that run a binding now (the user's ``[keys]`` applied), what it does,
and its id: the name to use in config.toml to give it another key. The longer explanation of
each is the footer's tooltip and the palette's description.
"""

from __future__ import annotations

from collections.abc import Callable

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Label, Static

from pilotdesk.ui.keys import bind

Section = tuple[str, list[Binding]]
KeyNames = Callable[[Binding], str]


def line(binding: Binding, key_names: KeyNames) -> str:
    """One binding in the help: keys, what it does, id."""
    return f"  {key_names(binding):<16} {binding.description:<20} {binding.id}"


class HelpModal(ModalScreen[None]):
    BINDINGS = [bind("help.close", "escape,q,question_mark,f1", "close", "Close")]

    def __init__(self, sections: list[Section], key_names: KeyNames) -> None:
        super().__init__()
        self.sections = sections
        self.key_names = key_names

    def compose(self) -> ComposeResult:
        with VerticalScroll(id="dialog", classes="dialog help"):
            yield Label("pilotdesk keys", classes="dialog-title")
            for title, bindings in self.sections:
                yield Label(title, classes="help-section")
                rows = [line(b, self.key_names) for b in bindings if b.description]
                yield Static("\n".join(rows), markup=False)
            yield Label(
                "ctrl+p opens every command by name. Give a key another key in config.toml, "
                'by id: \\[keys] then "scorecard.pass" = "x". Press escape to close.',
                classes="dialog-detail",
            )

    def action_close(self) -> None:
        self.dismiss(None)
