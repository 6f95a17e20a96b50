"""The weekly status email to the champion (copying the commercial sponsor).

Progress on the criteria, what is next, who owes what: the prospect reads it, so it is built
from the same allow-list as the prospect's report (:mod:`pilotdesk.domain.audience`): no
stance, influence, finding, gap or note, and under "Who owes what" only the checklist items
owned on the prospect's side (an item of our own people's, or nobody's, is internal work).
Paste-clean as the Technical Win email is (:mod:`pilotdesk.domain.mail`): one line per
paragraph, no trailing spaces, a final newline; criterion lines read as there
(``✅ Title — Passed (48.3 dB vs >= 42 dB)``).
"""

from __future__ import annotations

import datetime as dt

from pilotdesk.domain import deadlines
from pilotdesk.domain.audience import prospect_owner
from pilotdesk.domain.deadlines import long_date, long_datetime
from pilotdesk.domain.mail import Email, result_words
from pilotdesk.domain.model import Criterion, Pilot
from pilotdesk.domain.recipients import addressee, our_name
from pilotdesk.domain.text import one_line
from pilotdesk.reports import outcome

_MARK = {"passed": "✅", "failed": "❌", "pending": "⏳"}
_WORD = {"passed": "Passed", "failed": "Failed", "pending": "Pending"}


def compose_status(pilot: Pilot, today: dt.date) -> Email:
    info = pilot.pilot
    person = addressee(pilot)
    product, prospect = one_line(info.product), one_line(info.prospect)
    passed = sum(c.status == "passed" for c in pilot.criteria)
    opening = (
        f"Here is where the {product} evaluation stands as of {long_date(today)}: "
        f"{passed} of {len(pilot.criteria)} success criteria passed"
    )
    opening += f"; the evaluation ends on {long_date(info.ends)}." if info.ends else "."
    blocks = [[f"Hi {one_line(person.first_name) if person else 'team'},"], [opening]]
    after_win = outcome.status_after_win(pilot, today)
    if after_win is not None:  # after a Yes the email is about the commercial next step
        blocks = [blocks[0], *after_win]
    else:
        blocks.append([_criterion(pilot, c) for c in pilot.criteria])
        open_verdict = _open_verdict(pilot)
        if open_verdict:
            blocks.append(open_verdict)
    nexts = [f"- Retest: {one_line(c.title)}" for c in pilot.criteria if c.status == "failed"]
    nexts += [f"- Complete: {one_line(c.title)}" for c in pilot.criteria if c.status == "pending"]
    if nexts and after_win is None:
        blocks.append(["What's next:", *nexts])
    owes = _owed(pilot, today)
    if owes:
        blocks.append(["Who owes what:", *owes])
    blocks.append(["Let me know if anything here does not match what you see."])
    se = our_name(pilot, info.se)
    blocks.append(["Best regards,", *(n for n in (se, one_line(info.vendor)) if n)])
    body = "\n\n".join("\n".join(block) for block in blocks)
    body = "\n".join(line.rstrip() for line in body.split("\n")) + "\n"
    to = ((one_line(person.name), person.email.strip()),) if person else ()
    sponsor = pilot.stakeholder(pilot.commercial.sponsor)
    cc: tuple[tuple[str, str], ...] = ()
    if sponsor is not None and sponsor is not person:
        cc = ((one_line(sponsor.name), sponsor.email.strip()),)
    subject = f"{product} evaluation status — {prospect}, {long_date(today, year=True)}"
    if after_win is not None:
        subject = f"{product}: next step after the Technical Win — {prospect}, {long_date(today, year=True)}"
    return Email(to=to, subject=one_line(subject), body=body, cc=cc)


def _criterion(pilot: Pilot, criterion: Criterion) -> str:
    line = f"{_MARK[criterion.status]} {one_line(criterion.title)} — {_WORD[criterion.status]}"
    measured = result_words(pilot, criterion)
    return f"{line} ({measured})" if measured else line


def _open_verdict(pilot: Pilot) -> list[str]:
    """What the recorded answer left open, while the pilot is not closed: the concern of a
    "Yes, but…" and when we follow up on it, or what remains to prove and by when. The
    prospect said it in the room; the weekly email must not read as if it were forgotten."""
    win = pilot.technical_win
    if win is None or pilot.close_out is not None:
        return []
    due = deadlines.due(pilot)
    if win.verdict == "yes_but":
        line = f"Open concern from the technical review: {one_line(win.concern) or 'not written down'}."
        if isinstance(due, dt.datetime):
            line += f" We will follow up with you on it by {long_datetime(due)}."
        return [line]
    if win.verdict == "more_time" and win.unproven:
        names = [one_line(c.title) for c in pilot.criteria if c.id in win.unproven]
        line = f"Still to prove after the technical review: {', '.join(names)}"
        by = due if isinstance(due, dt.date) and not isinstance(due, dt.datetime) else None
        return [line + (f", by {long_date(by)}." if by else ".")]
    return []


def _owed(pilot: Pilot, today: dt.date) -> list[str]:
    """Open checklist items, soonest due first (overdue ones marked), undated ones last."""
    open_items = [i for i in pilot.checklist if i.status in ("todo", "doing")]
    ordered = sorted(
        enumerate(open_items),
        key=lambda pair: (pair[1].due is None, pair[1].due or dt.date.max, pair[0]),
    )
    lines = []
    for _, item in ordered:
        person = prospect_owner(pilot, item)
        if person is None:
            continue  # our own people's tasks and unowned ones are internal work: not theirs
        who = one_line(person.name)
        due = ""
        if item.due:
            due = f", due {long_date(item.due, year=True)}"
            if item.due < today:
                due += " (overdue)"
        lines.append(f"- {who}: {one_line(item.item)}{due}")
    return lines
