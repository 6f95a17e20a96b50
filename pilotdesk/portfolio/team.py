"""The team's figures over many pilots: who runs how many, how often a pilot ends in a
Technical Win, and how long it takes to get a verdict; and what became of each Technical Win
(:class:`Wins`): seed 000's figure, whether a team's wins turn into deals."""

from __future__ import annotations

import statistics
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass

from pilotdesk.portfolio.rows import Broken, Row


@dataclass(frozen=True)
class Wins:
    """The pilots whose verdict is a "Yes", and what became of their commitment and the deal."""

    total: int
    #: The committed step happened by its due date (or with no due date), and after it.
    met_on_time: int
    met_late: int
    #: The due date passed with nothing recorded, the pilot still open.
    overdue: int
    #: Open, still before the due date.
    running: int
    #: How the pilots with a win were closed out (``won``, ``lost``, ``no_decision``, ...).
    closed: dict[str, int]
    #: Median calendar days from the "Yes" to ``commitment_met_on`` (None: none met).
    median_days_to_met: float | None

    def words(self) -> str:
        if not self.total:
            return "no Technical Wins yet"
        parts = [
            f"Technical Wins {self.total}: commitments met {self.met_on_time} on time, "
            f"{self.met_late} late, {self.overdue} overdue, {self.running} running",
            "of them closed "
            + ", ".join(
                f"{words} {self.closed.get(outcome, 0)}"
                for outcome, words in (
                    ("won", "won"),
                    ("lost", "lost"),
                    ("no_decision", "no decision"),
                )
            ),
        ]
        if self.median_days_to_met is not None:
            parts.append(f"median {self.median_days_to_met:g} days from win to commitment met")
        return " · ".join(parts)


def wins(rows: Iterable[Row]) -> Wins:
    won = [r for r in rows if r.verdict == "yes"]
    met = [r for r in won if r.commitment_met_on is not None]
    late = [
        r
        for r in met
        if r.commitment_due is not None
        and r.commitment_met_on is not None
        and r.commitment_met_on > r.commitment_due
    ]
    spans = [
        (r.commitment_met_on - r.verdict_on).days
        for r in met
        if r.commitment_met_on is not None and r.verdict_on is not None
    ]
    return Wins(
        total=len(won),
        met_on_time=len(met) - len(late),
        met_late=len(late),
        overdue=sum(1 for r in won if r.commitment_state == "overdue"),
        running=sum(1 for r in won if r.commitment_state == "running"),
        closed=dict(Counter(r.outcome for r in won if r.outcome is not None)),
        median_days_to_met=statistics.median(spans) if spans else None,
    )


@dataclass(frozen=True)
class Team:
    #: Pilots not closed yet, per SE (by name; "" when the file names none), most first.
    running: list[tuple[str, int]]
    closed: int
    #: Closed pilots whose verdict was a Technical Win, over all closed pilots (None: none closed).
    win_rate: float | None
    #: Median days from the time-box's start to the verdict, over closed pilots with both.
    median_days_to_verdict: float | None
    wins: Wins | None = None

    def words(self) -> str:
        per_se = ", ".join(f"{se or 'no SE'} {n}" for se, n in self.running) or "none"
        running = f"Running per SE: {per_se}"
        running += f" · {self.wins.words()}" if self.wins is not None else ""
        if self.win_rate is None:
            return f"{running} · no closed pilots yet"
        days = (
            "no verdict dates"
            if self.median_days_to_verdict is None
            else f"median {self.median_days_to_verdict:g} days from start to verdict"
        )
        return (
            f"{running} · Technical Win rate {self.win_rate:.0%} of {self.closed} closed · {days}"
        )


def team(items: Iterable[Row | Broken]) -> Team:
    rows = [r for r in items if isinstance(r, Row)]
    closed = [r for r in rows if r.outcome is not None]
    running = Counter(r.se for r in rows if r.outcome is None)
    spans = [(r.verdict_on - r.starts).days for r in closed if r.verdict_on and r.starts]
    return Team(
        running=sorted(running.items(), key=lambda kv: (-kv[1], kv[0])),
        closed=len(closed),
        win_rate=(sum(1 for r in closed if r.verdict == "yes") / len(closed)) if closed else None,
        median_days_to_verdict=statistics.median(spans) if spans else None,
        wins=wins(rows),
    )
