"""What each audience's report says: the prospect's one-pager and the team's brief.

**The prospect's version is an allow-list.** :func:`prospect` is made from
:func:`pilotdesk.domain.audience.for_prospect`, the one allow-list it shares with the workbook
while presenting and with every output for the prospect (the status email, the Technical Win
email, the calendar), and of that reads: the criteria's titles, targets, results and statuses;
the time-box, the signed
agreement and the verdict's follow-up date; the commitment agreed with the sponsor; the
verdict, its date and the commitment's due date (:mod:`pilotdesk.reports.outcome`); our company's
name (``[pilot] vendor``); the checklist items owned by someone on the prospect's side; each
person's name and title. It never
reads a stakeholder's stance or influence, the readiness findings, a gap, the ``[internal]``
table or an ``internal`` key, or any key pilotdesk does not know (``model_extra``); TOML
comments never reach the model at all. Nothing is removed from the team's version to make it:
a field the format gains later is private until it is added to the allow-list on purpose.

**The team's version** (:func:`team`) says all of it: the check summary, evidence and
verifiers, the stakeholder map with stances, gaps with their impact, workaround and request,
readiness findings, and every note kept in the file under a key pilotdesk does not read
(``internal`` among them). Comments are not in it: the model never sees them.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator
from typing import Any

from pydantic import BaseModel

from pilotdesk.domain import deadlines, readiness, timeline
from pilotdesk.domain.audience import (
    PROSPECT,
    for_prospect,
    prospect_items,
    prospect_people,
    vendor_people,
)
from pilotdesk.domain.check_summary import summary_lines
from pilotdesk.domain.deadlines import long_date
from pilotdesk.domain.headline import VERDICT_WORDS
from pilotdesk.domain.model import ChecklistItem, Pilot
from pilotdesk.domain.text import one_line
from pilotdesk.reports import outcome
from pilotdesk.reports.document import (
    Block,
    Bullets,
    Chart,
    Document,
    Paragraph,
    Section,
    Table,
)

AUDIENCES: tuple[str, ...] = (PROSPECT, "team")

_STATUS = {"passed": "Passed", "failed": "Failed", "pending": "Pending"}
#: Codes that are not words once the underscore goes (roles, our side).
_SPELLED = {"ae": "AE", "se": "SE", "vendor": "ours", "wont_fix": "won't fix"}


def words(code: str) -> str:
    """A file's code as a reader says it: ``deal_challenge`` -> "deal challenge",
    ``evaluator_manager`` -> "evaluator manager", ``ae`` -> "AE" (a reader of a report is a
    person, not a parser)."""
    return _SPELLED.get(code, code.replace("_", " "))


def if_positive_words(text: str) -> str:
    """The commitment after "If the evaluation is positive:", without saying it twice: an SE
    who wrote "If positive, Nordhavn opens PPAP" gets "Nordhavn opens PPAP"."""
    rest = re.sub(
        r"^\s*if\s+(?:the\s+(?:pilot|evaluation)\s+(?:is\s+|was\s+)?)?(?:positive|passes|succeeds)\b[\s,:;—-]*",
        "",
        text,
        flags=re.IGNORECASE,
    )
    rest = rest or text
    return rest[:1].upper() + rest[1:]


_ITEM_STATUS = {"todo": "To do", "doing": "In progress", "done": "Done", "skipped": "Skipped"}


def build(pilot: Pilot, audience: str, today: dt.date) -> Document:
    """The report for ``audience`` ("prospect" or "team"), as of ``today``."""
    return team(pilot, today) if audience == "team" else prospect(pilot, today)


# --- the prospect (allow-list) ----------------------------------------------------------------


def prospect(pilot: Pilot, today: dt.date) -> Document:
    pilot = for_prospect(pilot)  # what is not on the allow-list is not there to be read
    info = pilot.pilot
    return Document(
        title=f"{info.product} evaluation — {info.prospect}",
        subtitle=f"Status as of {long_date(today, year=True)}"
        + (f" · prepared by {info.vendor}" if info.vendor.strip() else ""),
        sections=(
            Section("Success criteria", _criteria(pilot, team=False)),
            Section("Outcome", (Bullets(tuple(outcome.verdict_lines(pilot, today, team=False))),)),
            Section("Timeline", _timeline_blocks(pilot, today, team=False)),
            Section("Next steps", (Bullets(tuple(_next_steps(pilot))),)),
            Section(f"Checklist items owned at {info.prospect}", (_prospect_items(pilot),)),
            Section("Who is involved", (_people(pilot),)),
        ),
    )


def _criteria(pilot: Pilot, *, team: bool) -> tuple[Block, ...]:
    passed = sum(c.status == "passed" for c in pilot.criteria)
    failed = sum(c.status == "failed" for c in pilot.criteria)
    pending = len(pilot.criteria) - passed - failed
    tally = Paragraph(
        f"{passed} of {len(pilot.criteria)} passed, {failed} failed, {pending} pending."
    )
    headers: tuple[str, ...] = ("Criterion", "Must have", "Target", "Result", "Status")
    rows = []
    for c in pilot.criteria:
        row: tuple[str, ...] = (
            c.title,
            "Yes" if c.must_have else "No",
            c.target,
            c.result,
            _STATUS[c.status],
        )
        if team:
            verifier = pilot.stakeholder(c.verifier)
            row += (c.evidence, verifier.name if verifier else c.verifier)
        rows.append(row)
    if team:
        headers += ("Evidence", "Verified by")
    return (tally, Table(headers, tuple(rows)))


def _timeline_blocks(pilot: Pilot, today: dt.date, *, team: bool) -> tuple[Block, ...]:
    """The dates drawn (for the audience: :func:`pilotdesk.domain.timeline.build`), then
    listed, for a reader whose renderer does not draw."""
    drawn = timeline.build(pilot, today, prospect=not team)
    title = f"{pilot.pilot.prospect} evaluation timeline"
    return (Chart(drawn, title), Bullets(tuple(_timeline(pilot, team=team))))


def _timeline(pilot: Pilot, *, team: bool) -> Iterator[str]:
    info = pilot.pilot
    if info.starts:
        yield f"Evaluation starts: {long_date(info.starts, year=True)}"
    if info.ends:
        yield f"Evaluation ends: {long_date(info.ends, year=True)}"
    if pilot.agreement is not None:
        yield f"Evaluation agreement signed: {long_date(pilot.agreement.signed_on, year=True)}"
    follow_up = deadlines.due(pilot)
    if isinstance(follow_up, dt.datetime):
        yield f"Technical review follow-up by: {deadlines.long_datetime(follow_up, year=True)}"
    elif follow_up is not None:
        yield f"Remaining criteria to prove by: {long_date(follow_up, year=True)}"
    if team and pilot.commercial.first_po_expected:
        yield f"First purchase order expected: {long_date(pilot.commercial.first_po_expected, year=True)}"


def _next_steps(pilot: Pilot) -> Iterator[str]:
    for c in pilot.criteria:
        if c.status == "failed":
            yield f"Retest: {c.title}"
        elif c.status == "pending":
            yield f"Complete: {c.title}"
    won = pilot.technical_win is not None and pilot.technical_win.verdict == "yes"
    if pilot.commercial.if_positive.strip() and not won:  # after a Yes, "Outcome" says it
        yield f"If the evaluation is positive: {if_positive_words(pilot.commercial.if_positive)}"


def _owner(pilot: Pilot, item: ChecklistItem) -> str:
    person = pilot.stakeholder(item.owner)
    return person.name if person else item.owner


def _prospect_items(pilot: Pilot) -> Table:
    rows = []
    for item, person in prospect_items(pilot):
        due = long_date(item.due, year=True) if item.due else ""
        rows.append((item.item, person.name, due, _ITEM_STATUS[item.status]))
    return Table(("Item", "Owner", "Due", "Status"), tuple(rows))


def _people(pilot: Pilot) -> Table:
    rows = [(s.name, s.title, pilot.pilot.prospect) for s in prospect_people(pilot)]
    ours = pilot.pilot.vendor or pilot.pilot.product
    rows += [(s.name, s.title, ours) for s in vendor_people(pilot)]
    return Table(("Name", "Title", "With"), tuple(rows))


# --- the team (all of it) ---------------------------------------------------------------------


def team(pilot: Pilot, today: dt.date) -> Document:
    info = pilot.pilot
    sections = [
        Section("Summary", (Bullets(tuple(_summary(pilot, today))),)),
        Section("Success criteria", _criteria(pilot, team=True)),
        Section("Timeline", _timeline_blocks(pilot, today, team=True)),
        Section("Next steps", (Bullets(tuple(_next_steps(pilot))),)),
        Section("Technical Win", (Bullets(tuple(_verdict(pilot))),)),
        Section("Outcome", (Bullets(tuple(outcome.verdict_lines(pilot, today, team=True))),)),
        Section("Commercial checklist", (_checklist(pilot),)),
        Section("Stakeholder map", (_stakeholders(pilot),)),
        Section("Product gaps", (_gaps(pilot),)),
        Section("Readiness findings", (_findings(pilot, today),)),
        Section("Notes kept in the file", (_notes(pilot),)),
    ]
    return Document(
        title=f"{info.product} evaluation — {info.prospect} (team brief)",
        subtitle=f"Internal: not for the prospect. Status as of {long_date(today, year=True)}",
        sections=tuple(sections),
    )


def _summary(pilot: Pilot, today: dt.date) -> Iterator[str]:
    for line in summary_lines(pilot, today)[1:]:
        label, _, rest = line.strip().partition(" ")
        yield f"{label}: {rest.strip()}"


def _verdict(pilot: Pilot) -> Iterator[str]:
    win = pilot.technical_win
    if win is None:
        yield "Not asked yet."
        return
    asked = deadlines.long_datetime(win.asked_on, year=True)
    yield f"Verdict: {VERDICT_WORDS[win.verdict]} (asked {asked})"
    if win.attendees:
        yield f"In the room: {', '.join(_name(pilot, sid) for sid in win.attendees)}"
    for label, value in (("Concern", win.concern), ("Reason", win.reason)):
        if value.strip():
            yield f"{label}: {value}"
    if win.unproven:
        titles = {c.id: c.title for c in pilot.criteria}
        yield f"Unproven: {', '.join(titles.get(i, i) for i in win.unproven)}"


def _name(pilot: Pilot, sid: str) -> str:
    person = pilot.stakeholder(sid)
    return person.name if person else sid


def _checklist(pilot: Pilot) -> Table:
    rows = tuple(
        (
            item.item,
            words(item.section).capitalize(),
            _owner(pilot, item),
            item.due.isoformat() if item.due else "",
            _ITEM_STATUS[item.status],
        )
        for item in pilot.checklist
    )
    return Table(("Item", "Section", "Owner", "Due", "Status"), rows)


def _stakeholders(pilot: Pilot) -> Table:
    rows = []
    for s in pilot.stakeholders:
        manager = pilot.stakeholder(s.reports_to)
        contact = s.last_contact.isoformat() if s.last_contact else "never"
        reports = manager.name if manager else s.reports_to
        side = words(s.side)  # "prospect" or "ours"
        rows.append(
            (
                s.name,
                s.title,
                side,
                s.track,
                words(s.role),
                words(s.stance),
                s.influence,
                contact,
                reports,
            )
        )
    headers = ("Name", "Title", "Side", "Track", "Role", "Stance", "Influence", "Last contact")
    return Table((*headers, "Reports to"), tuple(rows))


def _gaps(pilot: Pilot) -> Block:
    if not pilot.gaps:
        return Paragraph("None recorded.")
    headers = ("Gap", "Severity", "Criterion", "Impact", "Workaround", "Request", "Status")
    titles = {c.id: c.title for c in pilot.criteria}
    rows = tuple(
        (
            g.title,
            words(g.severity),
            titles.get(g.criterion, g.criterion),
            g.impact,
            g.workaround,
            g.request,
            words(g.status),
        )
        for g in pilot.gaps
    )
    return Table(headers, rows)


def _findings(pilot: Pilot, today: dt.date) -> Block:
    findings = readiness.evaluate(pilot, today)
    if not findings:
        return Paragraph("No readiness findings.")
    rows = tuple(
        (
            f.severity.name.lower(),
            f.rule,
            f.finding,
            f.fix + (f" (silenced: {f.silenced})" if f.silenced else ""),
        )
        for f in findings
    )
    return Table(("Severity", "Rule", "Finding", "Fix"), rows)


def _notes(pilot: Pilot) -> Block:
    rows = tuple(extra_keys(pilot))
    if not rows:
        return Paragraph("None.")
    return Table(("Where", "Note"), rows)


def extra_keys(model: BaseModel, where: str = "") -> Iterator[tuple[str, str]]:
    """Every key pilotdesk does not read (``internal`` among them), with where it is, as
    ``("[pilot] lab", "Acme Boston test lab")``: the team's report keeps the SE's notes."""
    for name, value in (model.model_extra or {}).items():
        yield from _flatten(f"{where} {name}" if where else f"[{name}]", value)
    for name in type(model).model_fields:
        value = getattr(model, name)
        label = f"[{name}]" if not where else f"{where} {name}"
        if isinstance(value, BaseModel):
            yield from extra_keys(value, label)
        elif isinstance(value, list):
            for entry in value:
                if isinstance(entry, BaseModel):
                    ident = getattr(entry, "id", "")
                    yield from extra_keys(entry, f"[[{name}]] {ident}".rstrip())


def _flatten(where: str, value: Any) -> Iterator[tuple[str, str]]:
    if isinstance(value, dict):
        for key, inner in value.items():
            yield from _flatten(f"{where}.{key}", inner)
    elif isinstance(value, list) and any(isinstance(v, dict) for v in value):
        for index, inner in enumerate(value):
            yield from _flatten(f"{where}[{index}]", inner)
    else:
        yield where, one_line(str(value))
