"""The one allow-list of what the prospect may see (pilotdesk.domain.audience), shared by the
prospect's report and the workbook while presenting."""

from __future__ import annotations

from pathlib import Path

import pytest
from pydantic import BaseModel

from pilotdesk.domain import audience
from pilotdesk.domain.model import Pilot
from pilotdesk.pilotfile.read import read_file
from pilotdesk.reports import audiences, markdown

#: Every field of the format the prospect may NOT see, on purpose. A field the format gains is
#: in neither list: it is hidden (the allow-list) and this test asks for a decision.
KEPT_PRIVATE = {
    "pilot": {"champion"},
    "opportunity": {"crm_id"},
    "commercial": {"first_po_expected"},
    "stakeholders": {"stance", "influence", "last_contact"},
    "gaps": "all",
    "close_out": "all",
    "log": "all",
    "readiness": "all",
    "handoff": "all",  # the handoff to the AE: the vendor's own business
}


def _model(collection: str) -> type[BaseModel]:
    annotation = Pilot.model_fields[collection].annotation
    for candidate in getattr(annotation, "__args__", (annotation,)):
        inner = getattr(candidate, "__args__", (candidate,))[0]
        if isinstance(inner, type) and issubclass(inner, BaseModel):
            return inner
    raise AssertionError(collection)


def test_every_field_of_the_format_is_shown_to_the_prospect_or_kept_private_on_purpose() -> None:
    for collection in Pilot.model_fields:
        private = KEPT_PRIVATE.get(collection, set())
        if collection == "schema_":
            assert audience.may_see(collection)
            continue
        if private == "all":
            assert not audience.may_see(collection), collection
            continue
        for field in _model(collection).model_fields:
            decided = audience.may_see(collection, field) != (field in private)
            assert decided, f"{collection}.{field}: shown to the prospect, or kept private?"


@pytest.mark.parametrize("sample", ["acme", "northwind", "ready"])
def test_the_prospects_pilot_is_a_valid_pilot_without_a_private_fact(
    samples_dir: Path, sample: str
) -> None:
    pilot = read_file(samples_dir / f"{sample}.toml")[1].pilot
    shown = audience.for_prospect(pilot)
    Pilot.model_validate(shown.model_dump(by_alias=True), strict=False)
    assert shown.gaps == [] and shown.log == [] and shown.close_out is None
    assert {s.stance for s in shown.stakeholders} <= {"unknown"}
    assert {s.influence for s in shown.stakeholders} <= {"medium"}
    assert "champion" not in {s.role for s in shown.stakeholders}
    assert shown.pilot.champion == "" and shown.commercial.first_po_expected is None
    assert not shown.model_extra and not any(c.model_extra for c in shown.criteria)
    # ... and what the room may see is all there.
    assert [c.model_dump() for c in shown.criteria] == [
        {k: v for k, v in c.model_dump().items() if k in audience.PROSPECT_FIELDS["criteria"]}
        for c in pilot.criteria
    ]
    assert [s.name for s in shown.stakeholders] == [s.name for s in pilot.stakeholders]
    # The original is untouched.
    assert pilot.stakeholders[0].model_dump() != shown.stakeholders[0].model_dump()


def test_a_checklist_item_is_the_prospects_to_see_only_when_their_side_owns_it(
    samples_dir: Path,
) -> None:
    pilot = read_file(samples_dir / "acme.toml")[1].pilot
    sides = {s.id: s.side for s in pilot.stakeholders}
    vendor = next(s.id for s in pilot.stakeholders if s.side == "vendor")
    items = [*pilot.checklist, pilot.checklist[0].model_copy(update={"id": "x", "owner": vendor})]
    shown = audience.for_prospect(pilot.model_copy(update={"checklist": items}))
    assert [i.id for i in shown.checklist] == [
        i.id for i in items if sides.get(i.owner) == "prospect"
    ]
    assert "x" not in {i.id for i in shown.checklist}


def test_the_prospects_report_reads_the_same_allow_list(
    samples_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The report is made from audience.for_prospect: a field taken off the allow-list is gone
    from the report too (here, the criteria's results)."""
    import datetime as dt

    pilot = read_file(samples_dir / "acme.toml")[1].pilot
    today = dt.date(2026, 11, 22)
    before = markdown.render(audiences.prospect(pilot, today))
    assert "48.3 dB" in before
    fields = dict(audience.PROSPECT_FIELDS)
    fields["criteria"] = fields["criteria"] - {"result"}
    monkeypatch.setattr(audience, "PROSPECT_FIELDS", fields)
    assert "48.3 dB" not in markdown.render(audiences.prospect(pilot, today))


def test_private_part_tells_a_change_the_room_may_see_from_one_it_may_not(
    samples_dir: Path,
) -> None:
    pilot = read_file(samples_dir / "acme.toml")[1].pilot
    base = audience.private_part(pilot)
    passed = [c.model_copy(update={"status": "passed"}) for c in pilot.criteria]
    assert audience.private_part(pilot.model_copy(update={"criteria": passed})) == base
    skeptic = [s.model_copy(update={"stance": "blocker"}) for s in pilot.stakeholders]
    assert audience.private_part(pilot.model_copy(update={"stakeholders": skeptic})) != base
    assert audience.private_part(pilot.model_copy(update={"gaps": []})) != base
