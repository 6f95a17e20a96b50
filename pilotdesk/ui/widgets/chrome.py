"""The workbook's header and status line."""

from __future__ import annotations

import datetime as dt

from textual.widgets import Static

from pilotdesk.domain import commitment, lifecycle
from pilotdesk.domain import headline as summary
from pilotdesk.domain.model import Pilot
from pilotdesk.ui.style import escape


class PilotHeader(Static):
    """Title and prospect; days left, scorecard tally, verdict and readiness counts."""

    def show(
        self, pilot: Pilot, now: dt.datetime, blockers: int, warnings: int, read_only: bool = False
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
        ready = []
        if blockers:
            ready.append(f"[$error b]{blockers} blocker{'s' if blockers != 1 else ''}[/]")
        if warnings:
            ready.append(f"[$warning b]{warnings} warning{'s' if warnings != 1 else ''}[/]")
        lock = "  [$error b]READ-ONLY[/]" if read_only else ""
        self.update(
            f"[b]{escape(info.title)}[/b]  ·  {escape(info.prospect)}{lock}\n"
            f"[{box_style}]{box}[/]  │  {score}  │  Verdict: {verdict}  │  Readiness: {', '.join(ready) or 'clear'}"
        )


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
        self.update(f"Saved {name} at {at:%H:%M:%S} · {escape(what)}")
        self.tooltip = what

    def failed(self, reason: str) -> None:
        self.add_class("error")
        self.problem = reason
        self.update(f"NOT SAVED · {escape(reason)}")

    def note(self, text: str) -> None:
        self.remove_class("error")
        self.problem = None
        self.update(escape(text))
