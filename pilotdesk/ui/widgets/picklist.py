"""A list to tick people or criteria in, readable without colour: ``[x]`` and ``[ ]``."""

from __future__ import annotations

from rich.segment import Segment
from rich.style import Style
from textual.strip import Strip
from textual.widgets import SelectionList
from textual.widgets.option_list import OptionDoesNotExist

from pilotdesk.ui.keys import bind

#: How a row of a pick list shows whether it is ticked: a mark that reads without colour (on a
#: projector, in the high-contrast theme, in a screenshot), and bold for a ticked row.
TICKED, UNTICKED = "[x]", "[ ]"


class PickList(SelectionList[str], inherit_bindings=False):
    """A selection list where space ticks and enter is left to the step (continue)."""

    BINDINGS = [
        bind("review.tick", "space", "select", "Tick", "Tick or untick the row"),
        bind("list.down", "down,j", "cursor_down", "Down", show=False),
        bind("list.up", "up,k", "cursor_up", "Up", show=False),
    ]

    def on_focus(self) -> None:
        # With no row highlighted, the first space would only highlight one, and an SE who
        # presses it to untick a person sees nothing happen: start on the first row.
        if self.highlighted is None and self.option_count:
            self.highlighted = 0

    def render_line(self, y: int) -> Strip:
        # Textual draws the same ▐X▌ for a ticked and an unticked row, told apart by colour
        # only; the three cells of that button become [x] or [ ], and a ticked row is bold.
        strip = super().render_line(y)
        index = self.scroll_offset.y + y
        try:
            option = self.get_option_at_index(index)
        except OptionDoesNotExist:
            return strip
        if strip.cell_length < 4:
            return strip
        ticked = option.value in self._selected
        # By cells, not segments: a Strip merges the gap with the prompt when they share a style.
        prompt = list(strip.crop(4, strip.cell_length))
        base = (prompt[0].style if prompt else None) or Style()
        bold = Style(bold=True)
        mark = Segment(TICKED if ticked else UNTICKED, base + Style(meta={"option": index}) + bold)
        if ticked:
            prompt = [Segment(text, (style or Style()) + bold, ctl) for text, style, ctl in prompt]
        return Strip([mark, Segment(" ", base), *prompt])
