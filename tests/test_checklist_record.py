"""The checklist and the record agree (issue 27, point 5): recording the agreement's sign-off
completes "Evaluation agreement signed" as naming the sponsor completes "Commercial sponsor
identified"; such items say on screen why they are done, ``space`` on one explains rather than
logging ``todo -> todo``, and ``check`` says how its count differs from the file's."""

from __future__ import annotations

import datetime as dt
import tomllib
from pathlib import Path

from test_summary import _new_pilot  # tests/ is on sys.path (no package)
from textual.widgets import Static

from pilotdesk.domain import headline as summary
from pilotdesk.domain import readiness
from pilotdesk.pilotfile.read import parse_bytes
from pilotdesk.session.changes import SetAgreement
from pilotdesk.session.store import PilotStore
from pilotdesk.ui.widgets.table import PilotTable

TODAY = dt.date(2026, 12, 6)


def _hardware(tmp_path: Path, commercial: str = "") -> Path:
    from pilotdesk.pilotfile.template import new_pilot_text

    text = new_pilot_text("Nordhavn", "VX-900", dt.date(2026, 11, 2), dt.date(2026, 12, 18))
    text = text.replace('if_positive = ""\n', 'if_positive = ""\n' + commercial, 1)
    text += '\n[[stakeholders]]\nid = "astrid"\nname = "Astrid Lindqvist"\n'
    path = tmp_path / "nordhavn.toml"
    path.write_text(text, encoding="utf-8")
    return path


def test_recording_the_sign_off_completes_evaluation_agreement_signed(tmp_path: Path) -> None:
    path = _hardware(tmp_path)
    store = PilotStore.open(path, lambda: dt.datetime(2026, 12, 6, 10, 0))
    item = store.pilot.checklist_item("eval_agreement")
    assert item is not None and item.status == "todo"
    store.apply(SetAgreement({"signed_on": dt.date(2026, 11, 16), "signed_by": ["astrid"]}))
    item = store.pilot.checklist_item("eval_agreement")
    assert item is not None
    assert (item.status, item.done_by, item.status_in_file) == ("done", "[agreement]", "todo")
    assert "sign-off is recorded (2026-11-16)" in summary.why_done(store.pilot, item)
    overdue = [
        f
        for f in readiness.evaluate(store.pilot, TODAY)
        if f.rule == "checklist-overdue" and "Evaluation agreement" in f.finding
    ]
    assert overdue == []
    # Derived, never written: the file keeps the status the person wrote.
    written = tomllib.loads(path.read_text(encoding="utf-8"))["checklist"]
    assert next(i for i in written if i["id"] == "eval_agreement")["status"] == "todo"


def test_check_counts_say_which_items_the_record_completes() -> None:
    text = _new_pilot('sponsor = "li"\nqualification_owner = "raj"\n')
    pilot = parse_bytes(text.encode("utf-8"), "acme.toml").pilot
    rows = _rows(pilot)
    assert rows["commercial"].startswith("2/12 done (2 by the commitment or the agreement")
    # A file that leaves nothing to the record: the count is the file's, and says nothing more.
    plain = parse_bytes(_new_pilot("").encode("utf-8"), "acme.toml").pilot
    assert _rows(plain)["commercial"].startswith("0/12 done")
    assert "by the commitment" not in _rows(plain)["commercial"]


def _rows(pilot: object) -> dict[str, str]:
    from pilotdesk.domain import check_summary

    lines = check_summary.summary_lines(pilot, TODAY)  # type: ignore[arg-type]
    return {line.split()[0]: line.split(None, 1)[1] for line in lines if line.strip()}


async def test_items_done_by_the_record_say_why_and_space_explains_instead_of_logging(
    open_workbook,
) -> None:
    async with open_workbook() as wb:
        # acme: the qualification owner is named; the file's item says "doing" from now on
        text = wb.path.read_text(encoding="utf-8")
        text = text.replace(
            'id = "qual_owner"\nitem = "Supplier qualification owner named"\n'
            'section = "commitment"\nstatus = "done"',
            'id = "qual_owner"\nitem = "Supplier qualification owner named"\n'
            'section = "commitment"\nstatus = "doing"',
        )
        wb.path.write_text(text, encoding="utf-8")
        wb.app.replace_store(PilotStore.open(wb.path, wb.app.clock))
        await wb.pilot.press("3")
        table = wb.app.query_one("#checklist-table", PilotTable)
        table.move_cursor(row=table.get_row_index("qual_owner"))
        await wb.pilot.pause()
        assert "(recorded)" in str(table.get_row("qual_owner")[2])
        detail = str(wb.app.query_one("#item-detail", Static).render())
        assert "Done because the commitment names Raj Patel as qualification owner" in detail
        assert "the file says doing" in detail
        await wb.pilot.press("space")
        await wb.pilot.pause()
        assert wb.path.read_text(encoding="utf-8") == text  # nothing logged, nothing changed
        assert any("is done because" in n.message for n in wb.app._notifications)
