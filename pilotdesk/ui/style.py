"""How statuses, stances and dates look: a symbol and a word, so they read in monochrome too,
coloured from the current theme so they read on a projector."""

from __future__ import annotations

import datetime as dt
import re

from rich.text import Text
from textual.markup import escape as _textual_escape
from textual.theme import Theme

from pilotdesk.domain.text import has_control, visible

STATUS_SYMBOL = {
    "passed": "✓",
    "failed": "✗",
    "pending": "○",
    "done": "✓",
    "doing": "◐",
    "todo": "○",
    "skipped": "–",
    "open": "○",
    "planned": "◐",
    "shipped": "✓",
    "wont_fix": "✗",
}

SEVERITY_SYMBOL = {"deal_breaker": "✗", "deal_challenge": "!", "nice_to_have": "·"}

STANCE_SYMBOL = {
    "champion": "★",
    "supporter": "+",
    "neutral": "=",
    "skeptic": "−",  # the opposite of a supporter's +
    "blocker": "✗",
    "unknown": "·",
}


def _colour(theme: Theme, role: str) -> str:
    value = getattr(theme, role, None)
    return value or theme.foreground or ""


#: The width of the widest criterion status ("○ pending"): a Status column padded to it keeps
#: its width whatever the statuses shown.
STATUS_WIDTH = max(len(f"{STATUS_SYMBOL[s]} {s}") for s in ("passed", "failed", "pending"))


def status_text(status: str, theme: Theme, width: int = 0) -> Text:
    role = {
        "passed": "success",
        "done": "success",
        "failed": "error",
        "doing": "warning",
        "pending": "warning",
        "shipped": "success",
        "planned": "warning",
    }.get(status)
    style = f"bold {_colour(theme, role)}" if role else ""
    text = Text(f"{STATUS_SYMBOL.get(status, '?')} {status}", style=style)
    if width:
        text.pad_right(width - text.cell_len)
    return text


def stance_text(stance: str, theme: Theme) -> Text:
    role = {
        "champion": "success",
        "supporter": "success",
        "skeptic": "warning",
        "blocker": "error",
    }.get(stance)
    style = f"bold {_colour(theme, role)}" if role else ""
    return Text(f"{STANCE_SYMBOL.get(stance, '·')} {stance}", style=style)


def severity_text(severity: str, theme: Theme) -> Text:
    role = {"deal_breaker": "error", "deal_challenge": "warning"}.get(severity)
    style = f"bold {_colour(theme, role)}" if role else ""
    words = severity.replace("_", " ")
    return Text(f"{SEVERITY_SYMBOL.get(severity, '·')} {words}", style=style)


def warn_text(text: str, theme: Theme) -> Text:
    return Text(text, style=f"bold {_colour(theme, 'error')}")


def since(day: dt.date | None, today: dt.date) -> str:
    """Days since a contact: ``today``, ``3d``, ``never``."""
    if day is None:
        return "never"
    days = (today - day).days
    if days <= 0:
        return "today" if days == 0 else day.isoformat()
    return f"{days}d"


def short_date(day: dt.date | None) -> str:
    return day.strftime("%d %b") if day else ""


def escape(text: str) -> str:
    """``text`` for a markup string, shown as written, control characters spelled out
    (:func:`~pilotdesk.domain.text.visible`: a file's text never drives the terminal).

    Textual's own ``escape`` leaves a bracket alone unless a lower-case letter follows it, yet
    its markup reads ``[W]`` or ``[Q3]`` as a tag and hides it: a criterion "Average power
    draw [W]" lost its unit in the detail line. Every bracket not already escaped is escaped."""
    return re.sub(r"(?<!\\)\[", r"\\[", _textual_escape(visible(text)))


def plain(text: str) -> Text:
    """``text`` as a Text shown as written, control characters spelled out (see :func:`escape`)."""
    return Text(visible(text))


def safe(text: Text) -> Text:
    """``text`` with control characters spelled out; its styles are kept when there are none
    (there almost never are), the whole text's style otherwise."""
    if not has_control(text.plain):
        return text
    return Text(visible(text.plain), style=text.style)
