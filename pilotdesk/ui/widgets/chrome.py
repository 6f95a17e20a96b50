"""The workbook's header, status line and footer."""

from __future__ import annotations

import datetime as dt

from textual.app import ComposeResult
from textual.content import Content
from textual.widgets import Footer, Static

from pilotdesk.domain import commitment, lifecycle
from pilotdesk.domain import headline as summary
from pilotdesk.domain.model import Pilot
from pilotdesk.ui.style import escape
from pilotdesk.ui.widgets.inplace import update_in_place


class PilotHeader(Static):
    """Title and prospect; days left, scorecard tally, verdict and readiness counts.

    ``counts`` (blockers, warnings) is None while presenting: the findings are the SE's read,
    and the header says PRESENTING instead.

    Never wrapped: each line is laid out for the width it has (re-laid on a resize). The
    figures take one line when they fit, without their labels when that is what fits, else two
    (the verdict on a line of its own); what still does not fit ends in "…". A header that
    wrapped took four lines at 80x24 and pushed the footer's keys off the screen."""

    _lines: tuple[str, list[str]] | None = None

    def on_resize(self) -> None:
        self._lay_out()

    def _lay_out(self) -> None:
        if self._lines is None:
            return
        title, variants = self._lines
        width = self.content_region.width or (self.app.size.width - 2)
        lines = [title]
        fitting = next(
            (v for v in variants if Content.from_markup(v).cell_length <= width), variants[-1]
        )
        lines.extend(fitting.split("\n"))
        shown = [Content.from_markup(line).truncate(width, ellipsis=True) for line in lines]
        update_in_place(self, Content("\n").join(shown))

    def show(
        self,
        pilot: Pilot,
        now: dt.datetime,
        counts: tuple[int, int] | None,
        read_only: bool = False,
    ) -> None:
        info = pilot.pilot
        tally = summary.tally(pilot)
        box = summary.time_box(pilot, now.date())
        box_style = "$error" if box.endswith("over") else "$foreground"
        closed = lifecycle.close_out_words(pilot)
        clock = _commitment(pilot, now.date())
        if clock is not None and closed is None:  # after a Yes the second clock is what counts
            box, box_style = clock
        if closed is not None:  # the time-box no longer matters: how it ended does
            box, box_style = f"Closed: {escape(closed)}", "$accent b"
        score = f"[$success]{tally.passed}[/]/{tally.total} passed"
        if tally.failed:
            score += f" · [$error]{tally.failed} failed[/]"
        verdict = summary.verdict(pilot)
        if summary.is_overdue(pilot, now):
            verdict = f"[$error b]{verdict} · OVERDUE[/]"
        elif pilot.technical_win is not None and pilot.technical_win.verdict == "yes":
            verdict = f"[$success b]{verdict}[/]"
        blockers, warnings = counts or (0, 0)
        ready = []
        if blockers:
            ready.append(f"[$error b]{blockers} blocker{'s' if blockers != 1 else ''}[/]")
        if warnings:
            ready.append(f"[$warning b]{warnings} warning{'s' if warnings != 1 else ''}[/]")
        lock = "  [$error b]READ-ONLY[/]" if read_only else ""
        mark = "[reverse b] PRESENTING [/]  " if counts is None else ""
        name = f"[b]{escape(info.title)}[/b]  ·  {escape(info.prospect)}"
        if counts is None and info.prospect.casefold() in info.title.casefold():
            name = f"[b]{escape(info.title)}[/b]"  # the title names them already
        # First, on the line no dialog covers: PRESENTING, and READ-ONLY, which an ellipsis
        # must never be the part to hide.
        title = f"{mark}{lock.strip()}{'  ' if lock else ''}{name}"
        box_words = f"[{box_style}]{box}[/]"
        if counts is None:  # presenting: the findings are the SE's read
            variants = [
                f"{box_words}  │  {score}  │  Verdict: {verdict}",
                f"{box_words} │ {score} │ {verdict}",
                f"{box_words} │ {score}\nVerdict: {verdict}",
            ]
        else:
            readiness = ", ".join(ready) or "clear"
            variants = [
                f"{box_words}  │  {score}  │  Verdict: {verdict}  │  Readiness: {readiness}",
                f"{box_words} │ {score} │ {verdict} │ {', '.join(ready) or 'ready'}",
                f"{box_words} │ {score} │ Readiness: {readiness}\nVerdict: {verdict}",
            ]
        self._lines = (title, variants)
        self._lay_out()


def _commitment(pilot: Pilot, today: dt.date) -> tuple[str, str] | None:
    """After a "Yes", the commitment's clock in the time-box's place (the time-box no longer
    matters then): ``Commitment due 2026-11-19 (13 days left)``, red when overdue, in the
    warning colour without a clock; and its style. None before a "Yes"."""
    clock = commitment.clock(pilot, today)
    if clock.started is None:
        return None
    words = escape(f"Commitment {clock.status_words()}")
    if clock.state == "overdue":
        return words.replace("overdue", "OVERDUE"), "$error b"
    if not clock.has_clock and clock.met_on is None:
        return words, "$warning b"
    return words, "$success" if clock.state == "met" else "$foreground"


class StatusLine(Static):
    """When the file was last saved, or, in plain words, why it was not."""

    #: Why the last save failed, while the status line says so (quitting names it).
    problem: str | None = None

    def saved(self, name: str, at: dt.datetime, what: str) -> None:
        self.remove_class("error")
        self.problem = None
        update_in_place(self, f"Saved {name} at {at:%H:%M:%S} · {escape(what)}")
        self.tooltip = what

    def failed(self, reason: str) -> None:
        self.add_class("error")
        self.problem = reason
        update_in_place(self, f"NOT SAVED · {escape(reason)}")

    def note(self, text: str) -> None:
        self.remove_class("error")
        self.problem = None
        update_in_place(self, escape(text))


class PilotFooter(Footer):
    """The footer; when the keys that apply do not all fit in the width (80 columns, or a
    "Yes, but…" at 120 that adds ``y``), the workbook's own keys (``w``, ``y``, ``?``, ``q``)
    come first: those that go must be a pane's (in the help), never the way to the review, the
    help or out."""

    #: The actions shown first when the keys do not fit.
    FIRST = ("technical_win", "copy_email", "help", "quit")
    #: Columns the palette's key takes at the right.
    PALETTE = 14

    def __init__(self) -> None:
        super().__init__()
        self._width = 0

    def fit(self, width: int) -> None:
        if width != self._width:
            self._width = width
            self.refresh(recompose=True)

    def compose(self) -> ComposeResult:
        keys = list(super().compose())
        needed = self.PALETTE + sum(
            len(str(getattr(k, "key_display", ""))) + len(str(getattr(k, "description", ""))) + 3
            for k in keys
            if not k.has_class("-command-palette")
        )
        if needed > (self._width or self.app.size.width):
            first = [k for k in keys if getattr(k, "action", "") in self.FIRST]
            keys = first + [k for k in keys if k not in first]
        yield from keys
