"""Every key, generated from the bindings themselves so the help can never drift from them."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Label, Static

Section = tuple[str, list[Binding]]


def _keys(binding: Binding) -> str:
    names = {"question_mark": "?", "space": "space", "shift+up": "shift+↑", "shift+down": "shift+↓"}
    return " / ".join(names.get(k.strip(), k.strip()) for k in binding.key.split(","))


class HelpModal(ModalScreen[None]):
    BINDINGS = [Binding("escape,q,question_mark,f1", "close", "Close")]

    def __init__(self, sections: list[Section]) -> None:
        super().__init__()
        self.sections = sections

    def compose(self) -> ComposeResult:
        with VerticalScroll(id="dialog", classes="dialog help"):
            yield Label("pilotdesk keys", classes="dialog-title")
            for title, bindings in self.sections:
                yield Label(title, classes="help-section")
                rows = [f"  {_keys(b):<22} {b.description}" for b in bindings if b.description]
                yield Static("\n".join(rows), markup=False)
            yield Label(
                "ctrl+p opens every command by name. Press escape to close.",
                classes="dialog-detail",
            )

    def action_close(self) -> None:
        self.dismiss(None)
