"""A report as Markdown that renders the same on GitHub, GitLab and Confluence.

Only the plain subset every one of them reads: ``#`` headings, pipe tables, ``-`` lists. Every
value from the file is one line, its control characters spelled out
(:func:`pilotdesk.domain.text.visible`), and its Markdown punctuation escaped with a backslash,
so that a ``|`` in a result cannot split a table cell and a ``<script>`` or a ``*`` in a name
stays text.
"""

from __future__ import annotations

import re

from pilotdesk.domain.text import one_line, visible
from pilotdesk.reports.chart import mermaid
from pilotdesk.reports.document import Bullets, Chart, Document, Paragraph, Table

#: Characters with a meaning in Markdown (and HTML, which Markdown lets through).
_SPECIAL = re.compile(r"([\\`*_{}\[\]<>#|~&])")
#: A value that starts like a list item or a numbered one ("- x", "1. x") would become one.
_LEADING = re.compile(r"^(\d+)\.(\s)|^-(\s)")


def escape(value: str) -> str:
    """``value`` as literal Markdown text on one line."""
    text = _SPECIAL.sub(r"\\\1", visible(one_line(value)))
    return _LEADING.sub(
        lambda m: f"{m.group(1)}\\.{m.group(2)}" if m.group(1) else f"\\-{m.group(3)}", text
    )


def render(document: Document) -> str:
    lines = [f"# {escape(document.title)}", "", f"_{escape(document.subtitle)}_", ""]
    for section in document.sections:
        lines += [f"## {escape(section.heading)}", ""]
        for block in section.blocks:
            if isinstance(block, Paragraph):
                lines += [escape(block.text), ""]
            elif isinstance(block, Bullets):
                lines += [f"- {escape(item)}" for item in block.items] or ["None."]
                lines.append("")
            elif isinstance(block, Table):
                lines += _table(block)
            elif isinstance(block, Chart):
                drawing = mermaid(block.timeline, block.title)
                if drawing:
                    lines += [drawing, ""]
    return "\n".join(lines).rstrip("\n") + "\n"


def _table(table: Table) -> list[str]:
    if not table.rows:
        return ["None.", ""]
    head = "| " + " | ".join(escape(h) for h in table.headers) + " |"
    rule = "|" + "|".join(" --- " for _ in table.headers) + "|"
    body = ["| " + " | ".join(escape(cell) or " " for cell in row) + " |" for row in table.rows]
    return [head, rule, *body, ""]
