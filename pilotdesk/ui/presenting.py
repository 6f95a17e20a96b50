"""Presenting: the workbook on the prospect's projector shows only what the room may see.

While presenting, every pane, detail line, form, review step and status line is made from
:func:`pilotdesk.domain.audience.for_prospect`, the allow-list the prospect's report is made
from too: no stance, influence, readiness finding or count, gap, ``[internal]`` note or
``internal`` key, log author. A pane that holds nothing the room may see says so in one line
(its key still goes there); a form leaves out the fields the room may not see, and says that
they cannot be edited until presenting ends. A mark in the header says it is on, at every size.

Entering is immediate (``P``, the palette, ``--present``, ``present = true`` in config.toml);
leaving asks first (one key; escape stays), so that a stray key never uncovers the SE's
private read in front of the room.
"""

from __future__ import annotations

import re
from typing import Any

from textual.app import ComposeResult
from textual.containers import Vertical
from textual.dom import DOMNode
from textual.screen import ModalScreen
from textual.widgets import Label, Static

from pilotdesk.domain import audience
from pilotdesk.ui.keys import bind, key_in_words

PRESENT_KEY = bind(
    "app.present",
    "P",
    "present",
    "Present",
    "Presenting on/off: show only what the prospect may see (leaving asks first)",
    command="View: presenting on/off",
    show=False,
)

HIDDEN = "hidden while presenting"
#: From this width, a hidden pane's tab says "hidden while presenting" in full.
WIDE_TABS = 110


def presenting(node: DOMNode) -> bool:
    """Whether the workbook ``node`` is in is presenting (False outside the workbook)."""
    return bool(getattr(node.app, "presenting", False))


def hidden_line(node: DOMNode, what: str) -> str:
    """The one line a pane shows instead of what the room may not see."""
    key = key_in_words(node, "app.present", markup=False)
    return (
        f"{what.capitalize()}: {HIDDEN}, as in the prospect's report. "
        f"{key} ends presenting (it asks first)."
    )


class LeavePresentingModal(ModalScreen[bool | None]):
    """``y`` shows everything again; ``escape`` (or ``n``) keeps presenting."""

    BINDINGS = [
        bind("presenting.leave", "y", "leave", "Show everything", "End presenting"),
        bind("presenting.stay", "escape,n", "stay", "Keep presenting"),
    ]

    def compose(self) -> ComposeResult:
        leave = key_in_words(self, "presenting.leave")
        stay = key_in_words(self, "presenting.stay")
        with Vertical(id="dialog", classes="dialog"):
            yield Label("End presenting?", classes="dialog-title")
            yield Static(
                "The screen will show stances, influence, readiness findings and gaps again. "
                "Is it still on the projector, or shared?",
                classes="dialog-detail",
            )
            yield Static(f"[b]{leave}[/b]  show everything    [b]{stay}[/b]  keep presenting")

    def action_leave(self) -> None:
        self.dismiss(True)

    def action_stay(self) -> None:
        self.dismiss(None)


def private_name(text: str) -> bool:
    words = re.findall(r"[a-z_]+", text.lower())
    return any(word in _PRIVATE for word in words)


_PRIVATE = audience.private_names()


def form_fields(node: DOMNode, collection: str, fields: list[Any]) -> tuple[list[Any], str]:
    """The form's fields the room may see, and a line naming those left out (or "")."""
    if not collection or not presenting(node):
        return fields, ""
    shown = [f for f in fields if audience.may_see(collection, f.key)]
    left = [f.label.rstrip(" *").lower() for f in fields if f not in shown]
    if not left:
        return fields, ""
    return shown, f"Not shown while presenting, and not editable until it ends: {', '.join(left)}."
