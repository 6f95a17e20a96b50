"""Updating a line of text without laying out the whole screen again.

``Static.update`` asks Textual for a layout of the screen by default, in case the text's size
changed. After a keystroke that is the costliest step before the paint (the layout redraws every
widget: at 300 criteria every visible row of the scorecard), and the header, the status line and
the detail under the scorecard change on every key while their size almost never does.
"""

from __future__ import annotations

from textual.visual import VisualType
from textual.widgets import Static


def update_in_place(widget: Static, content: VisualType) -> None:
    """Show ``content`` in ``widget``; lay the screen out again only if its height changes (or
    its width follows its text, or it was never laid out). Nothing at all when the content is
    the same as shown."""
    if isinstance(content, str) and content == widget.content:
        return
    shown = widget.content_size
    widget.update(content, layout=False)
    width = widget.styles.width  # None: the container's width, whatever the text
    if shown.width <= 0 or (width is not None and width.is_auto):
        widget.refresh(layout=True)
    # As Widget.get_content_height measures it (Textual passes its styles the same way).
    elif widget.visual.get_height(widget.styles, shown.width) != shown.height:  # type: ignore[arg-type]
        widget.refresh(layout=True)
