"""Who the Technical Win email is to, who is copied, and who it is from.

Shared by the email's text (the greeting, the signature: :mod:`pilotdesk.domain.mail`) and its
RFC 5322 headers, so that the person greeted is the person in ``To`` and the name signed is the
name in ``From``.
"""

from __future__ import annotations

from pilotdesk.domain.model import Pilot, Stakeholder
from pilotdesk.domain.text import one_line

__all__ = ["addressee", "copied", "once", "our_name", "vendor_person"]


def addressee(pilot: Pilot) -> Stakeholder | None:
    """Who the email greets: the champion, else the first prospect-side champion or evaluator."""
    champion = pilot.stakeholder(pilot.pilot.champion) if pilot.pilot.champion else None
    if champion is not None:
        return champion
    for role in ("champion", "evaluator"):
        for person in pilot.stakeholders:
            if person.side == "prospect" and person.role == role:
                return person
    return None


def copied(pilot: Pilot, person: Stakeholder | None) -> list[Stakeholder]:
    """The prospect's people in the room who get a copy: every ``evaluator_manager`` there, and
    the recipient's manager when they were there; never the recipient, in attendee order."""
    win = pilot.technical_win
    if win is None:
        return []
    manager = person.reports_to if person is not None else ""
    out: list[Stakeholder] = []
    for sid in dict.fromkeys(win.attendees):
        someone = pilot.stakeholder(sid)
        if someone is None or someone.side != "prospect" or someone is person:
            continue
        if someone.role == "evaluator_manager" or (manager and someone.id == manager):
            out.append(someone)
    return out


def vendor_person(pilot: Pilot, value: str) -> Stakeholder | None:
    """The vendor-side stakeholder ``[pilot].se``/``ae`` names: by id, else by name (any case)."""
    wanted = one_line(value)
    if not wanted:
        return None
    vendors = [s for s in pilot.stakeholders if s.side == "vendor"]
    by_id = next((s for s in vendors if s.id == wanted), None)
    if by_id is not None:
        return by_id
    folded = wanted.casefold()
    return next((s for s in vendors if one_line(s.name).casefold() == folded), None)


def our_name(pilot: Pilot, value: str) -> str:
    """The name to write for ``[pilot].se``/``ae``: the named stakeholder's, else as written."""
    person = vendor_person(pilot, value)
    if person is not None and person.id == one_line(value):
        return one_line(person.name)
    return one_line(value)


def once(
    people: list[tuple[str, str]], already: tuple[tuple[str, str], ...] = ()
) -> list[tuple[str, str]]:
    """``(name, address)`` pairs with an address, each address once (any case) and none of
    those ``already`` addressed: a Cc never lists the AE twice, nor the recipient."""
    seen = {address.strip().casefold() for _, address in already}
    out = []
    for name, address in people:
        key = address.strip().casefold()
        if key and key not in seen:
            seen.add(key)
            out.append((name, address))
    return out
