"""The email that puts the Technical Win verdict in writing.

"A Technical Win that is not explicitly declared does not exist": once the decisive question has
been asked and answered (``[technical_win]``), :func:`compose` writes the email the SE sends
straight after the review, and :func:`to_eml` wraps it in a complete RFC 5322 message that a mail
client opens as a draft. There is one email per verdict:

* ``yes`` — "Technical Win Confirmed": every criterion, ✅ Passed, the next step agreed with the
  commercial sponsor (``[commercial].if_positive``) and the hand-over to the AE. A ``yes`` while
  a criterion has not passed is refused (:class:`VerdictConflict`): the email would put in
  writing a win the scorecard does not show.
* ``yes_but`` — a follow-up: what was confirmed, the open concern, and when we follow up
  (``follow_up_by``, else 48 hours after the question).
* ``more_time`` — the unproven criteria and the date to prove them by (``prove_by``, else 5
  business days after the question); if none were named, the email asks which.
* ``no`` — a short, honest note: the reason given and where every criterion stood.

Every criterion line shows its status: ``✅ … — Passed``, ``❌ … — Failed``, ``⏳ … — Pending``.

The review is referred to by its date ("in our technical review on Thursday 10 December"), never
as "today": the email is a written record and may be sent, or read, on another day.

**Per-pilot wording** (``[email]``). ``closing`` (the last paragraph) and ``signature`` (the
sign-off block, default ``Best regards,`` and the SE's name) replace the defaults in every email.
``subject`` and ``opening`` (the paragraph after the greeting) replace them only in the ``yes``
email — the confirmation they are written for — so that a "Technical Win Confirmed" subject never
goes out with a "no". Their placeholders, see :data:`PLACEHOLDERS`, are filled by :func:`fill`,
which never raises: an unknown ``{name}`` or a stray brace is kept as written.

**Layout.** Plain UTF-8 text. Prose is wrapped at 78 characters; criterion lines and signature
lines are kept whole, one per line. No line ends in a space, and the body ends with a newline.

**Recipients.** The email goes to the champion (``[pilot].champion``); without one, to the first
prospect-side stakeholder whose role is ``champion``, then ``evaluator``; without any, it greets
"Hi team," and has no recipient.
"""

from __future__ import annotations

import datetime as dt
import re
import textwrap
from collections.abc import Mapping
from dataclasses import dataclass
from email.headerregistry import Address, Group
from email.message import EmailMessage
from email.policy import SMTP
from email.utils import format_datetime, make_msgid

from pilotdesk.domain.deadlines import follow_up_deadline, long_date, long_datetime, prove_by_date
from pilotdesk.domain.errors import PilotdeskError
from pilotdesk.domain.model import Criterion, Pilot, Stakeholder, TechnicalWin

__all__ = [
    "PLACEHOLDERS",
    "WIDTH",
    "BadAddress",
    "Email",
    "NoVerdict",
    "VerdictConflict",
    "compose",
    "fill",
    "to_eml",
]

#: Prose lines are wrapped at this many characters.
WIDTH = 78

#: Placeholders available in ``[email]`` wording.
PLACEHOLDERS: dict[str, str] = {
    "product": "[pilot].product",
    "prospect": "[pilot].prospect",
    "champion": "the first name of the person the email greets ('team' if nobody)",
    "ae": "[pilot].ae",
    "se": "[pilot].se",
    "count": "the number of success criteria",
}

_MARK = {"passed": "✅", "failed": "❌", "pending": "⏳"}
_WORD = {"passed": "Passed", "failed": "Failed", "pending": "Pending"}
_PENDING_MARK = _MARK["pending"]
_CLOSING = "Thank you for your team's time and participation during this evaluation."
_SIGN_OFF = "Best regards,"


class NoVerdict(PilotdeskError):
    """There is no Technical Win verdict to put in writing."""


class VerdictConflict(NoVerdict):
    """The verdict is "yes" but the scorecard does not show every criterion passed."""


class BadAddress(PilotdeskError):
    """A stakeholder's email address cannot be written into a message header."""


@dataclass(frozen=True)
class Email:
    """A composed email: recipients as ``(name, address)`` (address may be ``""``), subject, body."""

    to: tuple[tuple[str, str], ...]
    subject: str
    body: str

    def as_text(self) -> str:
        """The email as an SE pastes it: ``Subject: …``, a blank line, then the body."""
        return f"Subject: {self.subject}\n\n{self.body}"


# --- composing ------------------------------------------------------------------------------


def compose(pilot: Pilot) -> Email:
    """The email for the pilot's Technical Win verdict.

    Raises :class:`NoVerdict` if no verdict is recorded, :class:`VerdictConflict` (a
    :class:`NoVerdict`) if the verdict is "yes" while a criterion has not passed.
    """
    win = pilot.technical_win
    if win is None:
        raise NoVerdict(
            "no Technical Win verdict is recorded yet: ask the question in the Technical Win "
            "review (w in pilotdesk open) and record the answer"
        )
    person = addressee(pilot)
    values = {
        "product": _one_line(pilot.pilot.product),
        "prospect": _one_line(pilot.pilot.prospect),
        "champion": _one_line(person.first_name) if person else "team",
        "ae": _one_line(pilot.pilot.ae),
        "se": _one_line(pilot.pilot.se),
        "count": str(len(pilot.criteria)),
    }
    wording = pilot.email
    subject, blocks = _VERDICTS[win.verdict](pilot, win, values)
    if win.verdict == "yes":
        if wording.subject.strip():
            subject = fill(wording.subject, values)
        if wording.opening.strip():
            blocks[0] = _prose(fill(wording.opening, values))

    greeting = [f"Hi {values['champion']},"]
    closing = _prose(fill(wording.closing, values) if wording.closing.strip() else _CLOSING)
    if wording.signature.strip():
        signature = fill(wording.signature, values).strip("\n").split("\n")
    else:
        signature = [_SIGN_OFF, values["se"]] if values["se"] else [_SIGN_OFF]

    body = "\n\n".join(
        "\n".join(block) for block in [greeting, *blocks, closing, signature] if block
    )
    body = "\n".join(line.rstrip() for line in body.split("\n")) + "\n"
    to = ((_one_line(person.name), person.email.strip()),) if person else ()
    return Email(to=to, subject=_one_line(subject), body=body)


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


_FIELD = re.compile(r"\{\{|\}\}|\{(\w+)\}")


def fill(template: str, values: Mapping[str, str]) -> str:
    """Replace ``{name}`` by ``values[name]``; never raises.

    ``{{`` and ``}}`` stand for literal braces, as with :meth:`str.format`. Anything else is kept
    exactly as written: an unknown ``{name}``, a lone ``{`` or ``}``, ``{0}``, ``{product.attr}``,
    ``{count:d}``. (``str.format_map`` would raise on most of these, and would let a file reach
    attributes of the values.) Replacement is one pass: braces inside a value are not expanded.
    """

    def replace(match: re.Match[str]) -> str:
        token = match.group(0)
        if token == "{{":
            return "{"
        if token == "}}":
            return "}"
        return values.get(match.group(1), token)

    return _FIELD.sub(replace, template)


Blocks = list[list[str]]


def _yes(pilot: Pilot, win: TechnicalWin, values: dict[str, str]) -> tuple[str, Blocks]:
    not_passed = [c for c in pilot.criteria if c.status != "passed"]
    if not_passed:
        listed = ", ".join(f"{c.id} ({c.status})" for c in not_passed)
        raise VerdictConflict(
            f"the Technical Win is recorded as yes, but not every criterion has passed: {listed}; "
            "record their results or change the verdict"
        )
    product, count = values["product"], len(pilot.criteria)
    when = _review_day(win)
    if count == 0:
        what = f"{product} meets the requirements defined in our evaluation agreement."
    elif count == 1:
        what = f"{product} has met the success criterion defined in our evaluation agreement. To recap:"
    else:
        what = f"{product} has met all {count} success criteria defined in our evaluation agreement. To recap:"
    blocks: Blocks = [
        _prose(f"Thank you for confirming in our technical review on {when} that {what}")
    ]
    blocks.append([_line(c) for c in pilot.criteria])

    next_step = ""
    if pilot.commercial.if_positive.strip():
        next_step = f"As agreed, the next step is: {_sentence(pilot.commercial.if_positive)} "
    who = values["ae"] or "Our account team"
    next_step += f"{who} will be reaching out to align on the commercial framework and implementation timeline."
    blocks.append(_prose(next_step))
    return f"Technical Win Confirmed — {product} + {values['prospect']}", blocks


def _yes_but(pilot: Pilot, win: TechnicalWin, values: dict[str, str]) -> tuple[str, Blocks]:
    passed = [c for c in pilot.criteria if c.status == "passed"]
    others = [c for c in pilot.criteria if c.status != "passed"]
    opening = f"Thank you for the technical review on {_review_day(win)}."
    if passed:
        opening += f" To recap, your team confirmed that {values['product']} has met these success criteria:"
    blocks: Blocks = [_prose(opening), [_line(c) for c in passed]]
    if others:
        blocks += [_prose("These have not passed yet:"), [_line(c) for c in others]]
    if win.concern.strip():
        concern = f"Before your team can recommend moving forward, one concern remains open: {_sentence(win.concern)}"
    else:
        concern = (
            "Before your team can recommend moving forward, there is still a concern to resolve."
        )
    follow_up = win.follow_up_by or follow_up_deadline(win.asked_on)
    when = long_datetime(follow_up, year=follow_up.year != win.asked_on.year)
    blocks.append(_prose(f"{concern} We will follow up with you on it by {when}."))
    return f"Technical review follow-up — {values['product']} + {values['prospect']}", blocks


def _more_time(pilot: Pilot, win: TechnicalWin, values: dict[str, str]) -> tuple[str, Blocks]:
    prove_by = win.prove_by or prove_by_date(win.asked_on)
    by = long_date(prove_by, year=prove_by.year != win.asked_on.year)
    unproven_ids = list(dict.fromkeys(win.unproven))
    titles = [_title(c) if (c := pilot.criterion(cid)) else cid for cid in unproven_ids]
    passed = [c for c in pilot.criteria if c.status == "passed" and c.id not in unproven_ids]
    others = [c for c in pilot.criteria if c.status != "passed" and c.id not in unproven_ids]
    opening = (
        f"Thank you for the technical review on {_review_day(win)}. Your team needs more time "
        "before it can recommend moving forward"
    )
    blocks: Blocks
    if titles:
        opening += f", on the success criteria below. We agreed to prove them by {by}:"
        blocks = [_prose(opening), [f"{_PENDING_MARK} {t} — to prove by {by}" for t in titles]]
    else:
        opening += (
            f". So that we can prove what remains by {by}, could you tell us which success "
            "criteria are still unproven, and what it would take to prove them?"
        )
        blocks = [_prose(opening)]
    if passed:
        blocks += [_prose("Already confirmed:"), [_line(c) for c in passed]]
    if others:
        blocks += [_prose("Also not passed yet:"), [_line(c) for c in others]]
    return (
        f"Technical review: criteria still to prove — {values['product']} + {values['prospect']}",
        blocks,
    )


def _no(pilot: Pilot, win: TechnicalWin, values: dict[str, str]) -> tuple[str, Blocks]:
    blocks: Blocks = [
        _prose(
            f"Thank you for the technical review on {_review_day(win)}, and for telling us plainly "
            f"that your team will not recommend {values['product']} at this point."
        )
    ]
    if win.reason.strip():
        blocks.append(_prose(f"The reason you gave: {_sentence(win.reason)}"))
    if pilot.criteria:
        blocks += [
            _prose("For the record, this is where the success criteria stood:"),
            [_line(c) for c in pilot.criteria],
        ]
    return f"Technical review outcome — {values['product']} + {values['prospect']}", blocks


_VERDICTS = {"yes": _yes, "yes_but": _yes_but, "more_time": _more_time, "no": _no}


def _review_day(win: TechnicalWin) -> str:
    return long_date(win.asked_on)


def _title(criterion: Criterion) -> str:
    return _one_line(criterion.title)


def _line(criterion: Criterion) -> str:
    return f"{_MARK[criterion.status]} {_title(criterion)} — {_WORD[criterion.status]}"


def _one_line(text: str) -> str:
    return " ".join(text.split())


def _sentence(text: str) -> str:
    text = _one_line(text)
    return text if text.endswith((".", "!", "?")) else text + "."


def _prose(text: str) -> list[str]:
    """Wrap each line of ``text`` at :data:`WIDTH`, keeping the writer's own line breaks."""
    lines: list[str] = []
    for line in text.strip("\n").split("\n"):
        wrapped = textwrap.wrap(line, WIDTH, break_long_words=False, break_on_hyphens=False)
        lines.extend(wrapped or [""])
    return lines


# --- the RFC 5322 message -------------------------------------------------------------------


def to_eml(email: Email, pilot: Pilot, now: dt.datetime) -> bytes:
    """``email`` as a complete RFC 5322 message (CRLF line ends, 7-bit clean), dated ``now``.

    * ``From``: the SE — ``pilot.se`` with the address of the vendor-side stakeholder of role
      ``se`` and the same name. Without a known address, an empty RFC 6854 group named after the
      SE (``From: Chris Yamada:;``; ``undisclosed-sender:;`` when there is no SE name): a valid
      header that invents no address; the mail client fills in the sender.
    * ``To``: the recipients of ``email`` that have an address (none: no ``To``, which RFC 5322
      allows). ``Cc``: the AE, found like the SE, if they have an address.
    * ``Date`` from ``now``; a naive ``now`` is taken as the computer's local time.
    * ``Message-ID`` on the SE's domain (else the AE's, else ``pilotdesk.invalid``).
    * ``X-Unsent: 1``, so that mail clients that know it (Outlook) open the file as a draft.
    * Non-ASCII headers are RFC 2047 encoded and the body is UTF-8, quoted-printable.

    Raises :class:`BadAddress` when an address cannot be written (not an address, or non-ASCII).
    """
    se = _vendor(pilot, "se", pilot.pilot.se)
    ae = _vendor(pilot, "ae", pilot.pilot.ae)
    sender_name = _one_line(pilot.pilot.se)

    message = EmailMessage(policy=SMTP)
    if se is not None:
        message["From"] = _address(sender_name, se.email)
    else:
        message["From"] = Group(sender_name or "undisclosed-sender")
    to = [_address(name, address) for name, address in email.to if address.strip()]
    if to:
        message["To"] = to
    if ae is not None:
        message["Cc"] = _address(_one_line(pilot.pilot.ae), ae.email)
    message["Subject"] = _one_line(email.subject)
    message["Date"] = format_datetime(now if now.tzinfo is not None else now.astimezone())
    domain = next(
        (s.email.strip().rpartition("@")[2] for s in (se, ae) if s is not None),
        "pilotdesk.invalid",
    )
    message["Message-ID"] = make_msgid(domain=domain)
    message["X-Unsent"] = "1"
    message.set_content(email.body, charset="utf-8", cte="quoted-printable")
    return message.as_bytes()


def _vendor(pilot: Pilot, role: str, name: str) -> Stakeholder | None:
    """The vendor-side stakeholder with ``role`` and this name (any case), if they have an email."""
    wanted = _one_line(name).casefold()
    if not wanted:
        return None
    for person in pilot.stakeholders:
        if (
            person.side == "vendor"
            and person.role == role
            and _one_line(person.name).casefold() == wanted
            and person.email.strip()
        ):
            return person
    return None


def _address(name: str, address: str) -> Address:
    address = address.strip()
    problem = None
    try:
        result = Address(display_name=_one_line(name), addr_spec=address)
    except Exception as error:  # noqa: BLE001 -- the header parser raises many kinds; each becomes BadAddress
        problem = str(error) or type(error).__name__
    else:
        if not result.domain:
            problem = "no domain after '@'"
        elif not address.isascii():
            problem = "not ASCII, which a 7-bit message header cannot carry"
    if problem is not None:
        raise BadAddress(f"{name}: {address!r} is not a usable email address ({problem})")
    return result
