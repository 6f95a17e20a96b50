"""The workbook's header and status line."""

from __future__ import annotations

import datetime as dt

from textual.widgets import Static

from pilotdesk.domain import headline as summary
from pilotdesk.domain import lifecycle
from pilotdesk.domain.model import Pilot
from pilotdesk.ui.style import escape
from pilotdesk.ui.widgets.inplace import update_in_place


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
        update_in_place(
            self,
            f"[b]{escape(info.title)}[/b]  ·  {escape(info.prospect)}{lock}\n"
            f"[{box_style}]{box}[/]  │  {score}  │  Verdict: {verdict}  │  Readiness: {', '.join(ready) or 'clear'}",
        )


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
