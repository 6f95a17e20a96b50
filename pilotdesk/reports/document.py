"""A report as a few neutral blocks, so that Markdown and HTML say the same thing.

The audiences (:mod:`pilotdesk.reports.audiences`) decide *what* a report says; the renderers
(:mod:`pilotdesk.reports.markdown`, :mod:`pilotdesk.reports.html`) decide how it looks. Values
are kept as the file wrote them: each renderer escapes for its own format.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from pilotdesk.domain.timeline import Timeline


@dataclass(frozen=True)
class Table:
    headers: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]


@dataclass(frozen=True)
class Bullets:
    items: tuple[str, ...]


@dataclass(frozen=True)
class Paragraph:
    text: str


@dataclass(frozen=True)
class Chart:
    """The pilot's timeline, drawn (an SVG in HTML, a Mermaid gantt in Markdown); the audience
    decided what is in it."""

    timeline: Timeline
    title: str


Block = Table | Bullets | Paragraph | Chart


@dataclass(frozen=True)
class Section:
    heading: str
    blocks: tuple[Block, ...]


@dataclass(frozen=True)
class Document:
    title: str
    subtitle: str
    sections: tuple[Section, ...] = field(default_factory=tuple)
