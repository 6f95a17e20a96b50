"""A report as one self-contained HTML file: for a phone, a laptop, and paper.

Inline CSS only: no script, no font, image or style sheet fetched, nothing that loads from
anywhere (a report mailed to a prospect must look the same offline and must not call home).
Neutral greys, system fonts; tables scroll sideways on a narrow screen and keep their rows
whole when printed. Every value from the file is escaped (:func:`html.escape`) after its
control characters are spelled out (:func:`pilotdesk.domain.text.visible`).
"""

from __future__ import annotations

import html

from pilotdesk.domain.text import one_line, visible
from pilotdesk.reports.chart import svg
from pilotdesk.reports.document import Bullets, Chart, Document, Paragraph, Table

_CSS = """
:root { color-scheme: light; }
body { font-family: system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; color: #222;
  background: #fff; margin: 0 auto; max-width: 60rem; padding: 1rem; line-height: 1.45; }
h1 { font-size: 1.5rem; margin: 0 0 .25rem; }
h2 { font-size: 1.15rem; margin: 1.75rem 0 .5rem; padding-bottom: .25rem;
  border-bottom: 1px solid #ccc; }
.subtitle { color: #555; margin: 0 0 1rem; }
.scroll { overflow-x: auto; }
table { border-collapse: collapse; width: 100%; font-size: .92rem; }
th, td { text-align: left; vertical-align: top; padding: .35rem .5rem;
  border-bottom: 1px solid #ddd; overflow-wrap: break-word; }
th { background: #f2f2f2; font-weight: 600; }
ul { padding-left: 1.25rem; }
figure.chart { margin: .5rem 0 1rem; }
figure.chart svg { display: block; max-width: 100%; height: auto; }
li { margin: .2rem 0; }
/* A phone: each row becomes a card, each cell labelled with its column's heading. */
@media screen and (max-width: 40rem) {
  body { padding: .75rem; }
  table, tbody, tr, td { display: block; width: auto; }
  thead { display: none; }
  tr { border: 1px solid #ddd; border-radius: 4px; margin: 0 0 .6rem; padding: .25rem 0; }
  td { border: 0; padding: .15rem .6rem; }
  td::before { content: attr(data-label); display: block; font-size: .75rem; color: #666; }
  /* The timeline keeps words a person can read and scrolls sideways, as wide tables do. */
  figure.chart { overflow-x: auto; }
  figure.chart svg { width: 36rem; max-width: none; }
}
@page { margin: 15mm; }
@media print {
  body { max-width: none; padding: 0; font-size: 10.5pt; }
  .scroll { overflow: visible; }
  h2 { break-after: avoid; page-break-after: avoid; }
  tr, li { break-inside: avoid; page-break-inside: avoid; }
  thead { display: table-header-group; }
  th { background: #eee; }
  figure.chart { break-inside: avoid; page-break-inside: avoid; }
}
"""


def escape(value: str) -> str:
    """``value`` as HTML text on one line."""
    return html.escape(visible(one_line(value)), quote=True)


def render(document: Document) -> str:
    parts = [
        "<!DOCTYPE html>",
        '<html lang="en">',
        "<head>",
        '<meta charset="utf-8">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        f"<title>{escape(document.title)}</title>",
        f"<style>{_CSS}</style>",
        "</head>",
        "<body>",
        f"<h1>{escape(document.title)}</h1>",
        f'<p class="subtitle">{escape(document.subtitle)}</p>',
    ]
    for section in document.sections:
        parts.append("<section>")
        parts.append(f"<h2>{escape(section.heading)}</h2>")
        for block in section.blocks:
            if isinstance(block, Paragraph):
                parts.append(f"<p>{escape(block.text)}</p>")
            elif isinstance(block, Bullets):
                if block.items:
                    items = "".join(f"<li>{escape(item)}</li>" for item in block.items)
                    parts.append(f"<ul>{items}</ul>")
                else:
                    parts.append("<p>None.</p>")
            elif isinstance(block, Table):
                parts.append(_table(block))
            elif isinstance(block, Chart):
                drawing = svg(block.timeline, block.title)
                if drawing:
                    parts.append(f'<figure class="chart">{drawing}</figure>')
        parts.append("</section>")
    parts += ["</body>", "</html>"]
    return "\n".join(parts) + "\n"


def _table(table: Table) -> str:
    if not table.rows:
        return "<p>None.</p>"
    head = "".join(f'<th scope="col">{escape(h)}</th>' for h in table.headers)
    labels = [escape(h) for h in table.headers]
    rows = "\n".join(
        "<tr>"
        + "".join(
            f'<td data-label="{label}">{escape(cell)}</td>'
            for label, cell in zip(labels, row, strict=True)
        )
        + "</tr>"
        for row in table.rows
    )
    return (
        f'<div class="scroll"><table>\n<thead><tr>{head}</tr></thead>\n'
        f"<tbody>\n{rows}\n</tbody>\n</table></div>"
    )
