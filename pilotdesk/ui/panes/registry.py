"""The workbook's panes, once: their order (the keys 1 to 6), their names, what each shows, and
where a readiness finding about a collection or a table is found.

The app composes its tabs from this, the help and the palette list the panes from it, and the
keys that go to each pane are the bindings made here.
"""

from __future__ import annotations

from dataclasses import dataclass

from pilotdesk.ui.keys import PilotBinding, bind
from pilotdesk.ui.panes import Pane
from pilotdesk.ui.panes.commercial import CommercialPane
from pilotdesk.ui.panes.gaps import GapsPane
from pilotdesk.ui.panes.readiness import ReadinessPane
from pilotdesk.ui.panes.scorecard import ScorecardPane
from pilotdesk.ui.panes.stakeholders import StakeholdersPane
from pilotdesk.ui.panes.timeline import TimelinePane


@dataclass(frozen=True)
class PaneSpec:
    name: str  # the pane's id, and its tab's ("tab-<name>")
    shows: str  # what it shows, for the key's explanation
    cls: type[Pane]

    @property
    def title(self) -> str:
        return self.name.title()


PANES: tuple[PaneSpec, ...] = (
    PaneSpec("scorecard", "success criteria", ScorecardPane),
    PaneSpec("stakeholders", "stakeholder map", StakeholdersPane),
    PaneSpec("commercial", "commercial checklist", CommercialPane),
    PaneSpec("readiness", "readiness warnings", ReadinessPane),
    PaneSpec("gaps", "product gaps", GapsPane),
    PaneSpec("timeline", "dates on a timeline", TimelinePane),
)
PANE_NAMES: tuple[str, ...] = tuple(spec.name for spec in PANES)

#: The key of each pane, which its tab's label shows too.
PANE_KEYS: dict[str, PilotBinding] = {
    spec.name: bind(
        f"app.pane.{spec.name}",
        str(n),
        f"pane('{spec.name}')",
        spec.title,
        f"Show the {spec.shows}",
        command=f"Go: {spec.name}",
        show=False,
    )
    for n, spec in enumerate(PANES, start=1)
}

#: Where a readiness finding's target lives (an entry's collection, or a table's name).
PANE_OF_COLLECTION: dict[str, str] = {
    "criteria": "scorecard",
    "technical_win": "scorecard",
    "agreement": "scorecard",
    "stakeholders": "stakeholders",
    "checklist": "commercial",
    "commercial": "commercial",
    "opportunity": "commercial",
    "gaps": "gaps",
}
