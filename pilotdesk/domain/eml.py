"""The confirmation email as a complete RFC 5322 message (``pilotdesk email --eml``).

The headers are written here, by hand, rather than by :mod:`email`'s header folding, because a
name comes from the pilot file (untrusted: shared through git, edited by anyone) and the
standard library's folding *decodes* an RFC 2047 encoded word written in a display name and
writes it out raw: a stakeholder named ``=?utf-8?q?Bcc=3A_x=40evil=2Eexample?=`` would come out
as ``To: Bcc: x@evil.example <priya@…>``, which a mail client reads as a message to
``x@evil.example``. So every display name is either a quoted string (plain printable ASCII, with
``"`` and ``\\`` escaped) or, when it has anything else (non-ASCII, ``=?``), entirely RFC 2047
encoded, so that whatever a name says it stays one name. Addresses are checked by the standard
library's parser and written in its normalised form; nothing from the file reaches a header
unquoted.

The body is UTF-8, quoted-printable: its paragraphs are one line each (the text pastes clean),
and quoted-printable's soft line breaks keep the message's lines short while a mail client
decodes each paragraph back to one line and reflows it to the window.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from email import quoprimime
from email.header import Header
from email.headerregistry import Address
from email.utils import format_datetime, make_msgid

from pilotdesk.domain.errors import PilotdeskError

__all__ = ["BadAddress", "group", "mailbox", "message_bytes", "phrase"]

_CRLF = "\r\n"


class BadAddress(PilotdeskError):
    """A stakeholder's email address cannot be written into a message header."""


def _one_line(text: str) -> str:
    return " ".join(text.split())


def phrase(text: str) -> str:
    """``text`` (spaces tidied) as a header phrase (a display name) that parses back to itself."""
    text = _one_line(text)
    if text.isascii() and text.isprintable() and "=?" not in text:
        return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'
    # One encoded word, however long: decoders disagree on the space between two adjacent
    # encoded words in a name (RFC 2047 drops it, Python's parser keeps it), so a name split in
    # two would not read back as itself everywhere.
    return Header(text, "utf-8", maxlinelen=100_000).encode()


def _encoded(text: str, header_name: str) -> str:
    """RFC 2047 encoded words (UTF-8), folded onto continuation lines of at most 76 columns."""
    return Header(text, "utf-8", maxlinelen=76, header_name=header_name).encode(linesep=_CRLF)


def mailbox(name: str, address: str) -> str:
    """``"Name" <addr@example>`` (no name: ``<addr@example>``); :class:`BadAddress` if unusable."""
    address = address.strip()
    problem = None
    parsed: Address | None = None
    if not address.isascii():
        problem = "not ASCII, which a 7-bit message header cannot carry"
    else:
        try:
            parsed = Address(addr_spec=address)
        except Exception as error:  # noqa: BLE001 -- the header parser raises many kinds; each becomes BadAddress
            problem = str(error) or type(error).__name__
        else:
            if not parsed.domain:
                problem = "no domain after '@'"
    if problem is not None or parsed is None:
        raise BadAddress(
            f"{_one_line(name)}: {address!r} is not a usable email address ({problem})"
        )
    spec = parsed.addr_spec
    return f"{phrase(name)} <{spec}>" if _one_line(name) else f"<{spec}>"


def group(name: str) -> str:
    """An empty RFC 6854 group, ``"Name":;``: a valid sender header that invents no address."""
    return f"{phrase(name or 'undisclosed-sender')}:;"


def _unstructured(text: str) -> str:
    text = _one_line(text)
    if text.isascii() and text.isprintable() and "=?" not in text and len(text) < 900:
        return text
    return _encoded(text, "Subject")


def message_bytes(
    *,
    sender: str,
    to: Sequence[str],
    cc: Sequence[str],
    subject: str,
    body: str,
    now: dt.datetime,
    domain: str,
) -> bytes:
    """The message: headers from the already safe ``sender``/``to``/``cc`` (see :func:`mailbox`),
    the subject encoded as needed, the body quoted-printable; CRLF line ends, 7-bit clean."""
    headers = [("From", sender)]
    if to:
        headers.append(("To", ("," + _CRLF + " ").join(to)))
    if cc:
        headers.append(("Cc", ("," + _CRLF + " ").join(cc)))
    headers += [
        ("Subject", _unstructured(subject)),
        ("Date", format_datetime(now if now.tzinfo is not None else now.astimezone())),
        ("Message-ID", make_msgid(domain=domain)),
        ("X-Unsent", "1"),
        ("MIME-Version", "1.0"),
        ("Content-Type", 'text/plain; charset="utf-8"'),
        ("Content-Transfer-Encoding", "quoted-printable"),
    ]
    lines = body.replace("\r\n", "\n").split("\n")
    if lines and lines[-1] == "":
        lines.pop()
    encoded = _CRLF.join(
        quoprimime.body_encode(line.encode("utf-8").decode("latin-1"), maxlinelen=76, eol=_CRLF)
        for line in lines
    )
    head = "".join(f"{name}: {value}{_CRLF}" for name, value in headers)
    return (head + _CRLF + encoded + _CRLF).encode("ascii")
