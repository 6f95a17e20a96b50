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
  business days after the question), said once; if none were named, the email asks which.
* ``no`` — a short, honest note: the reason given and where every criterion stood.

Deadlines come from :func:`pilotdesk.domain.deadlines.due`: working days, the prospect's
public holidays skipped.

Every criterion line shows its status and, where known, its result against its target:
``✅ Gateway uptime over 30 days — Passed (99.91 % vs >= 99.5 %)``, ``❌ … — Failed (…)``,
``⏳ … — Pending``. The words around the result are ``[email].result_vs_target`` (default
``{result} vs {target}``) and ``[email].result_only`` (default ``{result}``, when there is no
target); no result, no parenthesis.

The review is referred to by its date ("in our technical review on Thursday 10 December"), never
as "today": the email is a written record and may be sent, or read, on another day.

**Per-pilot wording** (``[email]``). ``closing`` (the last paragraph) and ``signature`` (the
sign-off block, default ``Best regards,`` and the SE's name) replace the defaults in every email.
``subject`` and ``opening`` (the paragraph after the greeting) replace them only in the ``yes``
email — the confirmation they are written for — so that a "Technical Win Confirmed" subject never
goes out with a "no". Their placeholders, see :data:`PLACEHOLDERS`, are filled by :func:`fill`,
which never raises: an unknown ``{name}`` or a stray brace is kept as written.

**Layout.** Plain UTF-8 text, one line per paragraph: it is pasted into a mail client, which
wraps to its own window (a text wrapped at 78 columns breaks mid-sentence in every one of them).
The writer's own line breaks in ``[email]`` wording are kept. Criterion lines and signature lines
are one per line. No line ends in a space, and the body ends with a newline. The subject is
separate: :meth:`Email.clipboard_text` is the body, what the SE pastes into the message.

**Recipients.** The email goes to the champion (``[pilot].champion``); without one, to the first
prospect-side stakeholder whose role is ``champion``, then ``evaluator``; without any, it greets
"Hi team," and has no recipient. It copies (``cc``) the prospect's people in the room whose role
is ``evaluator_manager``, and the recipient's manager (``reports_to``) when they were in the room:
the manager who heard the verdict gets it in writing too.

**Our side.** ``[pilot].se`` and ``ae`` may name a vendor-side stakeholder by id (``"chris"``) or
by name (any case, any spacing); the email signs with that person's name, and the ``--eml``
message sends from their address and copies the AE (:mod:`pilotdesk.domain.eml`); our company
(``[pilot].vendor``), when the file names it, signs under the SE's name.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Mapping
from dataclasses import dataclass

from pilotdesk.domain import commitment, eml, lifecycle
from pilotdesk.domain.deadlines import due, long_date, long_datetime
from pilotdesk.domain.eml import BadAddress
from pilotdesk.domain.errors import PilotdeskError
from pilotdesk.domain.model import Criterion, Pilot, Stakeholder, TechnicalWin
from pilotdesk.domain.recipients import addressee, copied, once, our_name, vendor_person
from pilotdesk.domain.text import one_line, visible

__all__ = [
    "PLACEHOLDERS",
    "BadAddress",
    "Email",
    "NoVerdict",
    "VerdictConflict",
    "compose",
    "fill",
    "to_eml",
    "vendor_person",
]

#: Placeholders available in ``[email]`` wording.
PLACEHOLDERS: dict[str, str] = {
    "product": "[pilot].product",
    "prospect": "[pilot].prospect",
    "champion": "the first name of the person the email greets ('team' if nobody)",
    "ae": "[pilot].ae",
    "se": "[pilot].se",
    "count": "the number of success criteria",
    "vendor": "[pilot].vendor, our company (the product when empty)",
}

#: Placeholders of ``[email].result_vs_target`` and ``result_only``.
RESULT_PLACEHOLDERS: dict[str, str] = {"result": "the criterion's result", "target": "its target"}

_MARK = {"passed": "✅", "failed": "❌", "pending": "⏳"}
_WORD = {"passed": "Passed", "failed": "Failed", "pending": "Pending"}
_RESULT_VS_TARGET = "{result} vs {target}"
_RESULT_ONLY = "{result}"
_CLOSING = "Thank you for your team's time and participation during this evaluation."
_SIGN_OFF = "Best regards,"


class NoVerdict(PilotdeskError):
    """There is no Technical Win verdict to put in writing."""


class VerdictConflict(NoVerdict):
    """The verdict is "yes" but the scorecard does not show every criterion passed."""


@dataclass(frozen=True)
class Email:
    """A composed email: recipients as ``(name, address)`` (address may be ``""``), subject, body.

    ``cc`` are the people copied from the prospect's side (see the module's "Recipients").
    """

    to: tuple[tuple[str, str], ...]
    subject: str
    body: str
    cc: tuple[tuple[str, str], ...] = ()

    def clipboard_text(self) -> str:
        """What the SE pastes into the message: the body only (the subject goes in its own field)."""
        return self.body

    def as_text(self) -> str:
        """The email to read or keep as one text: ``Subject: …``, a blank line, then the body."""
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
        "product": one_line(pilot.pilot.product),
        "prospect": one_line(pilot.pilot.prospect),
        "champion": one_line(person.first_name) if person else "team",
        "ae": our_name(pilot, pilot.pilot.ae),
        "se": our_name(pilot, pilot.pilot.se),
        "count": str(len(pilot.criteria)),
        "vendor": one_line(pilot.pilot.vendor) or one_line(pilot.pilot.product),
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
        ours = (values["se"], one_line(pilot.pilot.vendor))  # a vendor is signed for when set
        signature = [_SIGN_OFF, *(name for name in ours if name)]

    body = "\n\n".join(
        "\n".join(block) for block in [greeting, *blocks, closing, signature] if block
    )
    body = "\n".join(line.rstrip() for line in body.split("\n")) + "\n"
    to = ((one_line(person.name), person.email.strip()),) if person else ()
    cc = tuple((one_line(p.name), p.email.strip()) for p in copied(pilot, person))
    # The file's text never reaches a terminal raw, and an email is pasted into terminals too
    # (tmux, a mail client in one): control characters are spelled out in what is composed.
    return Email(to=to, subject=visible(one_line(subject)), body=visible(body), cc=cc)


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
    # Only a recorded sign-off names its date; an amended or drifted one says so (lifecycle).
    agreed = (
        lifecycle.agreement_phrase(pilot)
        if pilot.agreement is not None
        else "defined in our evaluation agreement"
    )
    if count == 0:
        what = f"{product} meets the requirements {agreed}."
    elif count == 1:
        what = f"{product} has met the success criterion {agreed}. To recap:"
    else:
        what = f"{product} has met all {count} success criteria {agreed}. To recap:"
    blocks: Blocks = [
        _prose(f"Thank you for confirming in our technical review on {when} that {what}")
    ]
    blocks.append([_line(pilot, c) for c in pilot.criteria])

    next_step = ""  # the commitment, with its due date (pilotdesk.domain.commitment)
    if pilot.commercial.if_positive.strip():
        step = one_line(pilot.commercial.if_positive).rstrip(".") + commitment.by_words(pilot)
        next_step = f"As agreed, the next step is: {_sentence(step)} "
    vendor = one_line(pilot.pilot.vendor)
    who = values["ae"] or (f"The {vendor} account team" if vendor else "Our account team")
    next_step += f"{who} will be reaching out to align on the commercial framework and implementation timeline."
    blocks.append(_prose(next_step))
    return f"Technical Win Confirmed — {product} + {values['prospect']}", blocks


def _yes_but(pilot: Pilot, win: TechnicalWin, values: dict[str, str]) -> tuple[str, Blocks]:
    passed = [c for c in pilot.criteria if c.status == "passed"]
    others = [c for c in pilot.criteria if c.status != "passed"]
    opening = f"Thank you for the technical review on {_review_day(win)}."
    if passed:
        opening += f" To recap, your team confirmed that {values['product']} has met these success criteria:"
    blocks: Blocks = [_prose(opening), [_line(pilot, c) for c in passed]]
    if others:
        blocks += [_prose("These have not passed yet:"), [_line(pilot, c) for c in others]]
    if win.concern.strip():
        concern = f"Before your team can recommend moving forward, one concern remains open: {_sentence(win.concern)}"
    else:
        concern = (
            "Before your team can recommend moving forward, there is still a concern to resolve."
        )
    follow_up = due(pilot)
    assert isinstance(follow_up, dt.datetime)
    when = long_datetime(follow_up, year=follow_up.year != win.asked_on.year)
    blocks.append(_prose(f"{concern} We will follow up with you on it by {when}."))
    return f"Technical review follow-up — {values['product']} + {values['prospect']}", blocks


def _more_time(pilot: Pilot, win: TechnicalWin, values: dict[str, str]) -> tuple[str, Blocks]:
    prove_by = due(pilot)
    assert isinstance(prove_by, dt.date)
    by = long_date(prove_by, year=prove_by.year != win.asked_on.year)
    unproven_ids = list(dict.fromkeys(win.unproven))
    unproven = [pilot.criterion(cid) or cid for cid in unproven_ids]
    passed = [c for c in pilot.criteria if c.status == "passed" and c.id not in unproven_ids]
    others = [c for c in pilot.criteria if c.status != "passed" and c.id not in unproven_ids]
    opening = (
        f"Thank you for the technical review on {_review_day(win)}. Your team needs more time "
        "before it can recommend moving forward"
    )
    blocks: Blocks
    if unproven:
        opening += f", on the success criteria below. We agreed to prove them by {by}:"
        lines = [c if isinstance(c, str) else _line(pilot, c) for c in unproven]
        blocks = [_prose(opening), lines]
    else:
        opening += (
            f". So that we can prove what remains by {by}, could you tell us which success "
            "criteria are still unproven, and what it would take to prove them?"
        )
        blocks = [_prose(opening)]
    if passed:
        blocks += [_prose("Already confirmed:"), [_line(pilot, c) for c in passed]]
    if others:
        blocks += [_prose("Also not passed yet:"), [_line(pilot, c) for c in others]]
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
            [_line(pilot, c) for c in pilot.criteria],
        ]
    return f"Technical review outcome — {values['product']} + {values['prospect']}", blocks


_VERDICTS = {"yes": _yes, "yes_but": _yes_but, "more_time": _more_time, "no": _no}


def _review_day(win: TechnicalWin) -> str:
    return long_date(win.asked_on)


def _title(criterion: Criterion) -> str:
    return one_line(criterion.title)


def _line(pilot: Pilot, criterion: Criterion) -> str:
    """``✅ Title — Passed (99.91 % vs >= 99.5 %)``: the status, and the result where known."""
    line = f"{_MARK[criterion.status]} {_title(criterion)} — {_WORD[criterion.status]}"
    measured = result_words(pilot, criterion)
    return f"{line} ({measured})" if measured else line


def result_words(pilot: Pilot, criterion: Criterion) -> str:
    """The result against the target in the ``[email]`` wording; "" when there is no result."""
    result, target = one_line(criterion.result), one_line(criterion.target)
    if not result:
        return ""
    values = {"result": result, "target": target}
    if target:
        template = pilot.email.result_vs_target.strip() or _RESULT_VS_TARGET
    else:
        template = pilot.email.result_only.strip() or _RESULT_ONLY
    return one_line(fill(template, values))


def _sentence(text: str) -> str:
    text = one_line(text)
    return text if text.endswith((".", "!", "?")) else text + "."


def _prose(text: str) -> list[str]:
    """One line per paragraph, spaces tidied; the writer's own line breaks are kept."""
    return [one_line(line) for line in text.strip("\n").split("\n")]


def to_eml(email: Email, pilot: Pilot, now: dt.datetime) -> bytes:
    """``email`` as a complete RFC 5322 message (CRLF line ends, 7-bit clean), dated ``now``.

    * ``From``: the SE — the vendor-side stakeholder ``pilot.se`` names (by id or by name) with
      their address. Without a known address, an empty RFC 6854 group named after the SE
      (``From: "Chris Yamada":;``; ``undisclosed-sender`` when there is no SE): a valid header
      that invents no address; the mail client fills in the sender.
    * ``To``: the recipients of ``email`` that have an address (none: no ``To``, which RFC 5322
      allows). ``Cc``: the people ``email`` copies, then the AE, found like the SE, each if they
      have an address, and each once (by address): never one already in ``To``.
    * ``Date`` from ``now``; a naive ``now`` is taken as the computer's local time.
    * ``Message-ID`` on the SE's domain (else the AE's, else ``pilotdesk.invalid``).
    * ``X-Unsent: 1``, so that mail clients that know it (Outlook) open the file as a draft.
    * Names are quoted or RFC 2047 encoded so no name can add a recipient
      (:mod:`pilotdesk.domain.eml`); the body is UTF-8, quoted-printable.

    Raises :class:`BadAddress` when an address cannot be written (not an address, or non-ASCII).
    """
    se = _with_address(vendor_person(pilot, pilot.pilot.se))
    ae = _with_address(vendor_person(pilot, pilot.pilot.ae))
    se_name = our_name(pilot, pilot.pilot.se)
    sender = eml.mailbox(se_name, se.email) if se else eml.group(se_name)
    to = [eml.mailbox(name, address) for name, address in email.to if address.strip()]
    copies = [*email.cc, *([(our_name(pilot, pilot.pilot.ae), ae.email)] if ae else [])]
    cc = [eml.mailbox(n, a) for n, a in once(copies, email.to)]  # the sponsor may be the AE
    domain = next(
        (s.email.strip().rpartition("@")[2] for s in (se, ae) if s is not None),
        "pilotdesk.invalid",
    )
    return eml.message_bytes(
        sender=sender, to=to, cc=cc, subject=email.subject, body=email.body, now=now, domain=domain
    )


def _with_address(person: Stakeholder | None) -> Stakeholder | None:
    return person if person is not None and person.email.strip() else None
