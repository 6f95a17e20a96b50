"""One row per stakeholder, for a CRM's contact import (``pilotdesk contacts``).

Built from an allow-list, as the prospect's report is: who a person is and how to reach them
(name, title, email, side, track, role, last contact) and which pilot and opportunity they
belong to. Never the SE's private read: not a stance, an influence, ``reports_to``, an
``internal`` note or any key pilotdesk does not know. A CRM export travels (a shared drive, an
import log, a colleague's laptop) further than the pilot file does.

Pure (domain only).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path

from pilotdesk.domain.model import Pilot, Stakeholder
from pilotdesk.domain.text import one_line

__all__ = ["ContactRow", "contact_rows", "split_name", "vendor_of"]

#: Words that start a family name (``Ana de la Cruz``: last name ``de la Cruz``).
_PARTICLES = frozenset(
    "da das de del della den der di dos du la le st st. ten ter van von bin al el".split()
)
#: Words that end a name and belong with the family name (``Mark Lee Jr.``).
_SUFFIXES = frozenset("jr jr. sr sr. ii iii iv phd ph.d. md m.d.".split())
#: Salutations, kept apart (Salesforce has a field for them).
_SALUTATIONS = frozenset("mr mr. mrs mrs. ms ms. mx mx. dr dr. prof prof.".split())

#: pilotdesk's roles in the words of Salesforce's standard Contact Role picklist, where it has
#: one; any other role is written in words (``supply_chain``: ``Supply chain``).
CRM_ROLES = {
    "evaluator": "Evaluator",
    "evaluator_manager": "Technical Buyer",
    "economic_buyer": "Economic Buyer",
    "sponsor": "Executive Sponsor",
}


@dataclass(frozen=True)
class ContactRow:
    """A stakeholder as a CRM contact (see the README's "Contacts for the CRM")."""

    path: str
    prospect: str
    crm_id: str
    pilot: str
    company: str
    id: str
    name: str
    salutation: str
    first_name: str
    last_name: str
    title: str
    email: str
    side: str
    track: str
    role: str
    contact_role: str
    last_contact: dt.date | None


def contact_rows(path: Path | str, pilot: Pilot) -> list[ContactRow]:
    """Every stakeholder of ``pilot``, in the file's order."""
    vendor = vendor_of(pilot)
    prospect = one_line(pilot.pilot.prospect)
    return [_row(str(path), pilot, person, prospect, vendor) for person in pilot.stakeholders]


def vendor_of(pilot: Pilot) -> str:
    """``[pilot] vendor`` (our company) as one line; "" where the model or the file has none."""
    vendor = getattr(pilot.pilot, "vendor", "")
    return one_line(vendor) if isinstance(vendor, str) else ""


def _row(path: str, pilot: Pilot, person: Stakeholder, prospect: str, vendor: str) -> ContactRow:
    name = one_line(person.name)
    salutation, first, last = split_name(name)
    role = one_line(person.role)
    return ContactRow(
        path=path,
        prospect=prospect,
        crm_id=one_line(pilot.opportunity.crm_id),
        pilot=one_line(pilot.pilot.title),
        company=prospect if person.side == "prospect" else vendor,
        id=person.id,
        name=name,
        salutation=salutation,
        first_name=first,
        last_name=last,
        title=one_line(person.title),
        email=one_line(person.email),
        side=person.side,
        track=person.track,
        role=role,
        contact_role=CRM_ROLES.get(role, role.replace("_", " ").capitalize()),
        last_contact=person.last_contact,
    )


def split_name(name: str) -> tuple[str, str, str]:
    """``(salutation, first name, last name)`` of a full name, as a CRM wants them.

    ``Maria Chen`` → ``("", "Maria", "Chen")``; ``Chen, Maria`` → the same; ``Dr. Ana de la
    Cruz`` → ``("Dr.", "Ana", "de la Cruz")``; ``Mark Lee Jr.`` → ``("", "Mark", "Lee Jr.")``;
    one word (``Priya``) is the last name, which every CRM requires. Middle names stay with the
    first name. Order is not guessed beyond that: the full name is kept beside the parts.
    """
    text = one_line(name)
    if "," in text:
        last, _, first = (part.strip() for part in text.partition(","))
        if last and first and first.lower() not in _SUFFIXES:
            salutation, first_words = _salutation(first.split())
            return salutation, " ".join(first_words), last
    words = text.split()
    salutation, words = _salutation(words)
    if len(words) <= 1:
        return salutation, "", " ".join(words)
    end = len(words)
    while end > 1 and words[end - 1].lower().rstrip(",") in _SUFFIXES:
        end -= 1
    start = max(end - 1, 1)
    while start > 1 and words[start - 1].lower() in _PARTICLES:
        start -= 1
    return salutation, " ".join(words[:start]), " ".join(words[start:])


def _salutation(words: list[str]) -> tuple[str, list[str]]:
    if len(words) > 1 and words[0].lower() in _SALUTATIONS:
        return words[0], words[1:]
    return "", words
