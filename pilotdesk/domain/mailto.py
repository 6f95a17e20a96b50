"""The email as a ``mailto:`` URL (RFC 6068), to hand to the default mail client.

Gmail in a browser cannot open an ``.eml`` file as a draft, but every mail client, and a browser
set up for webmail, opens ``mailto:`` with the recipients, the subject and the body filled in.
The recipients, the subject and the body come from the pilot file (untrusted): every part is
percent-encoded as UTF-8 (RFC 3986), so that no character of a name, an address or the text can
end the address list or start another field (``?``, ``&``, ``#``, ``%``, a line break); an
address that is not one (:func:`pilotdesk.domain.eml.mailbox`) is left out, not half-written.
Line breaks in the body are ``%0D%0A``, as RFC 6068 asks.
"""

from __future__ import annotations

from urllib.parse import quote

from pilotdesk.domain.eml import BadAddress, mailbox
from pilotdesk.domain.mail import Email
from pilotdesk.domain.model import Pilot
from pilotdesk.domain.recipients import our_name, vendor_person

__all__ = ["mailto_url"]


def mailto_url(email: Email, pilot: Pilot) -> str:
    """``mailto:to1,to2?cc=…&subject=…&body=…``: the same recipients as ``--eml`` (the AE
    copied), without display names (a ``mailto:`` carries addresses only)."""
    to = _addresses(email.to)
    cc = _addresses(email.cc)
    ae = vendor_person(pilot, pilot.pilot.ae)
    if ae is not None and ae.email.strip():
        cc += _addresses(((our_name(pilot, pilot.pilot.ae), ae.email),))
    fields = [("cc", ",".join(cc))] if cc else []
    body = "\r\n".join(email.body.splitlines())
    fields += [("subject", email.subject), ("body", body)]
    query = "&".join(f"{name}={_encode(value)}" for name, value in fields)
    return f"mailto:{','.join(to)}?{query}"


def _addresses(people: tuple[tuple[str, str], ...]) -> list[str]:
    out = []
    for name, address in people:
        if not address.strip():
            continue
        try:
            mailbox(name, address)  # the same check as the .eml's headers
        except BadAddress:
            continue
        out.append(_encode(address.strip(), safe="@"))
    return out


def _encode(text: str, safe: str = "") -> str:
    return quote(text, safe=safe, encoding="utf-8", errors="strict")
