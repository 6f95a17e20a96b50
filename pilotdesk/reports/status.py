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

from pilotdesk.domain.audience import prospect_items
from pilotdesk.domain.deadlines import long_date
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
    nexts = [f"- Retest: {one_line(c.title)}" for c in pilot.criteria if c.status == "failed"]
    nexts += [f"- Complete: {one_line(c.title)}" for c in pilot.criteria if c.status == "pending"]
    if nexts and after_win is None:
        blocks.append(["What's next:", *nexts])
    owes = _owed(pilot)
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


def _owed(pilot: Pilot) -> list[str]:
    lines = []
    for item, person in prospect_items(pilot):
        if item.status not in ("todo", "doing"):
            continue
        who = one_line(person.name)
        due = f", due {long_date(item.due, year=True)}" if item.due else ""
        lines.append(f"- {who}: {one_line(item.item)}{due}")
    return lines
