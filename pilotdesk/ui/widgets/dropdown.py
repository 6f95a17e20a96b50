"""A drop-down for dialogs: opened with space or the arrows, unfolded inside the dialog.

Textual's :class:`~textual.widgets.Select` opens on enter too, and draws its list over the
screen. In a dialog both get in the way: enter is the dialog's own key ("enter records the
verdict"), so with the focus on a drop-down it reopened the list instead; and a list opened
near the dialog's foot was drawn below the dialog's border, over the pane behind. This one
leaves enter to the dialog and unfolds its list in place, inside the dialog (which scrolls to
show it).
"""

from __future__ import annotations

from typing import Any

from textual.binding import Binding
from textual.widgets import Select


class DropDown(Select[Any], inherit_bindings=False):
    """A Select where enter belongs to the dialog; space, up and down open the list."""

    BINDINGS = [Binding("down,space,up", "show_overlay", "Show menu", show=False)]

    DEFAULT_CSS = """
    DropDown > SelectOverlay {
        overlay: none;
        constrain: none none;
        max-height: 8;
    }
    """

    def _watch_expanded(self, expanded: bool) -> None:
        super()._watch_expanded(expanded)
        if expanded:  # the unfolded list in view, however far down the dialog it is
            self.call_after_refresh(self.scroll_visible, animate=False)
