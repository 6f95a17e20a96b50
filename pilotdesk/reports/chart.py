"""The timeline drawn for the reports: an inline SVG for HTML, a Mermaid ``gantt`` for Markdown.

Both draw :class:`pilotdesk.domain.timeline.Timeline` (the audience already decided what is in
it). The SVG has no script and fetches nothing; every item has a text label and a word for its
state, and states differ in shape (a filled circle done, a hollow one due, a square OVERDUE),
so it reads on paper in black and white and to a screen reader (``<title>`` and
``<desc>``). Mermaid is drawn in place by GitHub and GitLab; the report's list of dates stays
beside it for renderers that show the block as code.
"""

from __future__ import annotations

import datetime as dt
import html
import re
from collections.abc import Callable

from pilotdesk.domain.deadlines import long_date
from pilotdesk.domain.text import one_line, visible
from pilotdesk.domain.timeline import STATE_WORDS, TRACKS, Mark, Timeline

_WIDTH = 640  # the SVG's own units; it scales to the page (a phone, a laptop, A4)
_LABELS = 250  # the column of item names on the left
_ROW = 22
_TOP = 46  # the axis and today's label above the rows
X = Callable[[dt.date], float]  # a day to its x on the drawing
_FONT = 'font-family="system-ui, -apple-system, Segoe UI, Roboto, sans-serif"'


_MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")


def _short(day: dt.date, year: bool = False) -> str:
    """``11 Dec`` (``11 Dec 2026``), in English whatever the machine's locale."""
    words = f"{day.day} {_MONTHS[day.month - 1]}"
    return f"{words} {day.year}" if year else words


def _text(value: str, limit: int = 60) -> str:
    words = visible(one_line(value))
    if len(words) > limit:
        words = words[: limit - 1].rstrip() + "…"
    return html.escape(words, quote=True)


def svg(timeline: Timeline, title: str) -> str:
    """The timeline as one ``<svg>`` element (empty string when there are no dates)."""
    first, last = timeline.first, timeline.last
    if first is None or last is None:
        return ""
    span = max(1, (last - first).days)
    room = _WIDTH - _LABELS - 20

    def x(day: dt.date) -> float:
        return round(_LABELS + 10 + (day - first).days * room / span, 1)

    rows = _rows(timeline)
    height = _TOP + _ROW * len(rows) + (52 if timeline.steps and timeline.criteria else 12)
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {_WIDTH} {height}" '
        f'width="100%" role="img" aria-labelledby="timeline-title timeline-desc" '
        f'{_FONT} font-size="11" class="timeline">',
        f'<title id="timeline-title">{_text(title, 200)}</title>',
        f'<desc id="timeline-desc">{_describe(timeline)}</desc>',
        f'<rect x="0" y="0" width="{_WIDTH}" height="{height}" fill="#fff"/>',
    ]
    # Drawn in layers: the rows' shading, then today's line across them, then the items and
    # their words (with a white halo, so the line never crosses a word).
    parts += [_shading(index) for index in range(len(rows))]
    parts += _axis(timeline, x, height)
    parts.append('<g paint-order="stroke" stroke="#fff" stroke-width="3" stroke-linejoin="round">')
    for index, (words, mark) in enumerate(rows):
        parts += _row(index, words, mark, timeline, x)
    parts.append("</g>")
    if timeline.steps and timeline.criteria:
        parts += _progress(timeline, x, _TOP + _ROW * len(rows) + 8)
    parts.append("</svg>")
    return "\n".join(parts)


def _rows(timeline: Timeline) -> list[tuple[str, Mark | None]]:
    """One row per item, the time-box first (``None``: the bar itself)."""
    rows: list[tuple[str, Mark | None]] = []
    if timeline.starts is not None and timeline.ends is not None:
        rows.append(("Time-box", None))
    rows += [(m.label, m) for m in timeline.marks if m.label not in _TIME_BOX_LABELS]
    return rows


_TIME_BOX_LABELS = ("Evaluation starts", "Evaluation ends")


def _describe(timeline: Timeline) -> str:
    words = [f"Today: {long_date(timeline.today, year=True)}."]
    if timeline.starts and timeline.ends:
        words.append(
            f"Time-box: {long_date(timeline.starts, year=True)} to "
            f"{long_date(timeline.ends, year=True)}."
        )
    overdue = len(timeline.overdue)
    words.append(f"{len(timeline.marks)} dated items, {overdue} overdue.")
    return _text(" ".join(words), 400)


def _axis(timeline: Timeline, place: X, height: int) -> list[str]:
    first, last = timeline.first, timeline.last
    assert first is not None and last is not None
    parts = [
        f'<line x1="{place(first)}" y1="30" x2="{place(last)}" y2="30" '
        'stroke="#333" stroke-width="1"/>',
        f'<text x="{place(first)}" y="24" fill="#333">{_text(_short(first, year=True))}</text>',
        f'<text x="{place(last)}" y="24" fill="#333" text-anchor="end">'
        f"{_text(_short(last, year=True))}</text>",
    ]
    today = place(timeline.today)
    parts += [
        f'<line x1="{today}" y1="{_TOP}" x2="{today}" y2="{height - 4}" stroke="#000" '
        'stroke-width="1.5" stroke-dasharray="4 3"/>',
        f'<text x="{today}" y="42" fill="#000" font-weight="bold" text-anchor="middle">'
        f"Today {_text(_short(timeline.today))}</text>",
    ]
    return parts


def _row(index: int, words: str, mark: Mark | None, timeline: Timeline, place: X) -> list[str]:
    y = _TOP + _ROW * index + _ROW // 2
    parts = [f'<text x="6" y="{y + 4}" fill="#000">{_text(words, 44)}</text>']
    if mark is None:  # the time-box bar
        assert timeline.starts is not None and timeline.ends is not None
        left, right = place(timeline.starts), place(timeline.ends)
        parts.append(
            f'<rect x="{left}" y="{y - 5}" width="{max(2.0, right - left)}" height="10" '
            'fill="#bbb" stroke="#000" stroke-width="1"/>'
        )
        label = f"{_short(timeline.starts)} – {_short(timeline.ends)}"
        parts.append(_label(right, y, label, right > _WIDTH - 120))
        return parts
    at = place(mark.day)
    if mark.state == "done":
        parts.append(f'<circle cx="{at}" cy="{y}" r="5" fill="#000"/>')
    elif mark.state == "open":
        parts.append(
            f'<circle cx="{at}" cy="{y}" r="5" fill="#fff" stroke="#000" stroke-width="1.5"/>'
        )
    else:
        parts.append(
            f'<rect x="{at - 5}" y="{y - 5}" width="10" height="10" fill="#b00" '
            'stroke="#000" stroke-width="1"/>'
        )
    label = f"{_short(mark.day)} · {STATE_WORDS[mark.state]}"
    parts.append(_label(at, y, label, at > _WIDTH - 120, bold=mark.state == "overdue"))
    return parts


def _shading(index: int) -> str:
    fill = "#f4f4f4" if index % 2 == 0 else "#fff"
    return f'<rect x="0" y="{_TOP + _ROW * index}" width="{_WIDTH}" height="{_ROW}" fill="{fill}"/>'


def _label(at: float, y: int, words: str, left: bool, bold: bool = False) -> str:
    anchor = ' text-anchor="end"' if left else ""
    weight = ' font-weight="bold"' if bold else ""
    offset = -9 if left else 9
    return (
        f'<text x="{round(at + offset, 1)}" y="{y + 4}" fill="#000"{anchor}{weight}>'
        f"{_text(words)}</text>"
    )


def _progress(timeline: Timeline, place: X, top: int) -> list[str]:
    """The criteria passed over time as a step line, with the count now."""
    height, total = 32, timeline.criteria
    points = []
    for index, step in enumerate(timeline.steps):
        following = (
            timeline.steps[index + 1].day if index + 1 < len(timeline.steps) else timeline.today
        )
        level = round(top + height - step.passed * height / total, 1)
        points += [f"{place(step.day)},{level}", f"{place(following)},{level}"]
    now = timeline.steps[-1].passed
    return [
        f'<text x="6" y="{top + height // 2 + 4}" fill="#000">Criteria passed: {now} of '
        f"{total}</text>",
        f'<line x1="{_LABELS + 10}" y1="{top + height}" x2="{_WIDTH - 10}" y2="{top + height}" '
        'stroke="#999" stroke-width="1"/>',
        f'<polyline points="{" ".join(points)}" fill="none" stroke="#000" stroke-width="2"/>',
    ]


# --- Mermaid ------------------------------------------------------------------------------------

#: What would end a Mermaid task's name or the code block: replaced, never passed through.
_MERMAID_UNSAFE = re.compile(r"[:;#`\\<>{}\[\]\"%]")


def _mermaid_text(value: str, limit: int = 70) -> str:
    text = " ".join(_MERMAID_UNSAFE.sub(" ", visible(one_line(value))).split())
    if len(text) > limit:
        text = text[: limit - 1].rstrip() + "…"
    return text or "item"


def mermaid(timeline: Timeline, title: str) -> str:
    """The timeline as a fenced ``mermaid`` gantt block ("" when there are no dates)."""
    if timeline.first is None:
        return ""
    lines = [
        "```mermaid",
        "gantt",
        f"    title {_mermaid_text(title)}",
        "    dateFormat YYYY-MM-DD",
        "    axisFormat %d %b",
        "    todayMarker off",
    ]
    if timeline.starts is not None and timeline.ends is not None:
        lines += [
            "    section Time-box",
            f"    Evaluation :active, timebox, {timeline.starts.isoformat()}, "
            f"{(timeline.ends + dt.timedelta(days=1)).isoformat()}",
        ]
    # A milestone rather than Mermaid's today marker, which would draw the day the page is read.
    today = timeline.today.isoformat()
    lines += ["    section Today", f"    Today {today} :milestone, today, {today}, 0d"]
    for track, words in TRACKS:
        marks = [m for m in timeline.marks if m.track == track and m.label not in _TIME_BOX_LABELS]
        if not marks:
            continue
        lines.append(f"    section {words}")
        for index, mark in enumerate(marks):
            tag = {"done": "done, ", "open": "", "overdue": "crit, "}[mark.state]
            name = f"{_mermaid_text(mark.label, 56)} ({STATE_WORDS[mark.state]})"
            lines.append(
                f"    {name} :{tag}milestone, {track.replace('-', '')}{index}, "
                f"{mark.day.isoformat()}, 0d"
            )
    lines.append("```")
    return "\n".join(lines)
