"""The handoff brief: one page for the AE who takes over after a Technical Win.

Seed 002: "If they say Yes: immediately transition to commercial next steps. The AE takes over.
The SE schedules the internal handoff debrief." The brief is what that debrief hands over: the
criteria with their results (what was proven), the commitment and its due date (the second
clock, :mod:`pilotdesk.domain.commitment`), the commercial-track people with their stance (it is
an internal document), the open product gaps, the commercial checklist, and what the SE promised
(``[handoff].notes``). Markdown, so it reads in a mail, a wiki or a repository alike; written
beside the pilot as ``NAME-handoff.md`` and never over an existing file.
"""

from __future__ import annotations

import datetime as dt

from pilotdesk.domain import commitment
from pilotdesk.domain.deadlines import long_date
from pilotdesk.domain.lifecycle import SEVERITY_WORDS
from pilotdesk.domain.model import Pilot
from pilotdesk.domain.recipients import our_name
from pilotdesk.domain.text import one_line
from pilotdesk.reports import markdown, outcome
from pilotdesk.reports.document import Block, Bullets, Document, Paragraph, Section, Table

#: The brief's file name after the pilot's: ``acme.toml`` -> ``acme-handoff.md``.
SUFFIX = "-handoff.md"

_ITEM_STATUS = {"todo": "To do", "doing": "In progress", "done": "Done", "skipped": "Skipped"}


def brief(pilot: Pilot, today: dt.date) -> Document:
    """The handoff brief as of ``today``."""
    info = pilot.pilot
    handoff = pilot.handoff
    to = our_name(pilot, (handoff.to if handoff else "") or info.ae) or "the AE"
    se = our_name(pilot, info.se) or "the SE"
    on = handoff.on if handoff is not None else today
    vendor = f" ({one_line(info.vendor)})" if info.vendor.strip() else ""
    return Document(
        title=f"Handoff: {one_line(info.prospect)} — {one_line(info.product)}",
        subtitle=f"Internal{vendor}: from {se} to {to}, {long_date(on, year=True)}. "
        "Not for the prospect: it holds stances.",
        sections=(
            Section("Outcome", (Bullets(tuple(outcome.verdict_lines(pilot, today, team=False))),)),
            Section("The commitment", (Bullets(tuple(_commitment(pilot, today))),)),
            Section("What the SE promised", (_promised(pilot),)),
            Section("Success criteria", (_criteria(pilot),)),
            Section("Commercial track", (_people(pilot),)),
            Section("Open product gaps", (_gaps(pilot),)),
            Section("Commercial checklist", (_checklist(pilot),)),
        ),
    )


def render(pilot: Pilot, today: dt.date) -> str:
    return markdown.render(brief(pilot, today))


def _commitment(pilot: Pilot, today: dt.date) -> list[str]:
    clock = commitment.clock(pilot, today)
    if not clock.commitment:
        return ["None agreed: ask the sponsor what happens next, who owns it and by when."]
    lines = [f"Agreed: {one_line(clock.commitment)}"]
    status = clock.status_words()
    if status:
        lines.append(f"Clock: {status}")
    if clock.since_words():
        lines.append(f"Counted as {clock.since_words()}")
    for label, sid in (
        ("Sponsor", pilot.commercial.sponsor),
        ("Owns supplier qualification", pilot.commercial.qualification_owner),
    ):
        person = pilot.stakeholder(sid) if sid else None
        lines.append(f"{label}: {one_line(person.name) if person else one_line(sid) or 'nobody'}")
    if pilot.commercial.first_po_expected:
        lines.append(
            f"First PO expected: {long_date(pilot.commercial.first_po_expected, year=True)}"
        )
    return lines


def _promised(pilot: Pilot) -> Block:
    notes = pilot.handoff.notes.strip() if pilot.handoff is not None else ""
    if not notes:
        return Paragraph("Nothing recorded.")
    return Bullets(tuple(one_line(line) for line in notes.splitlines() if line.strip()))


def _criteria(pilot: Pilot) -> Block:
    if not pilot.criteria:
        return Paragraph("None.")
    rows = tuple(
        (c.title, c.target, c.result, c.status, c.evidence, "yes" if c.must_have else "")
        for c in pilot.criteria
    )
    return Table(("Criterion", "Target", "Result", "Status", "Evidence", "Must have"), rows)


def _people(pilot: Pilot) -> Block:
    people = [s for s in pilot.stakeholders if s.side == "prospect" and s.track == "commercial"]
    if not people:
        return Paragraph("Nobody mapped on the commercial track.")
    rows = tuple(
        (
            s.name,
            s.title,
            s.role,
            s.stance,
            s.influence,
            s.email,
            s.last_contact.isoformat() if s.last_contact else "never",
        )
        for s in people
    )
    return Table(("Name", "Title", "Role", "Stance", "Influence", "Email", "Last contact"), rows)


def _gaps(pilot: Pilot) -> Block:
    gaps = [g for g in pilot.gaps if g.status in ("open", "planned")]
    if not gaps:
        return Paragraph("None open.")
    rows = tuple(
        (g.title, SEVERITY_WORDS[g.severity], g.status, g.workaround, g.request) for g in gaps
    )
    return Table(("Gap", "Severity", "Status", "Workaround", "Request"), rows)


def _checklist(pilot: Pilot) -> Block:
    if not pilot.checklist:
        return Paragraph("No items.")
    rows = []
    for item in pilot.checklist:
        person = pilot.stakeholder(item.owner)
        owner = person.name if person else item.owner
        due = item.due.isoformat() if item.due else ""
        rows.append((item.item, owner, due, _ITEM_STATUS[item.status]))
    return Table(("Item", "Owner", "Due", "Status"), tuple(rows))
