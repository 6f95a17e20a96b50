"""The team's figures over many pilots: who runs how many, how often a pilot ends in a
Technical Win, and how long it takes to get a verdict."""

from __future__ import annotations

import statistics
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass

from pilotdesk.portfolio.rows import Broken, Row


@dataclass(frozen=True)
class Team:
    #: Pilots not closed yet, per SE (by name; "" when the file names none), most first.
    running: list[tuple[str, int]]
    closed: int
    #: Closed pilots whose verdict was a Technical Win, over all closed pilots (None: none closed).
    win_rate: float | None
    #: Median days from the time-box's start to the verdict, over closed pilots with both.
    median_days_to_verdict: float | None

    def words(self) -> str:
        per_se = ", ".join(f"{se or 'no SE'} {n}" for se, n in self.running) or "none"
        running = f"Running per SE: {per_se}"
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
    # Running: started and not closed (a pilot that starts next month is not running yet).
    running = Counter(r.se for r in rows if r.state in ("running", "overdue"))
    spans = [(r.verdict_on - r.starts).days for r in closed if r.verdict_on and r.starts]
    return Team(
        running=sorted(running.items(), key=lambda kv: (-kv[1], kv[0])),
        closed=len(closed),
        win_rate=(sum(1 for r in closed if r.verdict == "yes") / len(closed)) if closed else None,
        median_days_to_verdict=statistics.median(spans) if spans else None,
    )
