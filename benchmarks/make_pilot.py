"""Write a large, valid pilot file for the benchmarks.

    python benchmarks/make_pilot.py 2000 out.toml           # 2,000 criteria, criterion 1 pending
    python benchmarks/make_pilot.py 2000 won.toml --won     # every criterion passed, [technical_win] yes
    python benchmarks/make_pilot.py 50 long.toml --log 20000  # a history of 20,000 [[log]] entries

The file looks like one a sales engineer keeps by hand: a header comment, ten stakeholders on
both sides, the commercial checklist, section comments between groups of criteria, a few inline
remarks, notes on some criteria, and a history of status changes in ``[[log]]``. The content is
deterministic (``--seed``), so two runs write the same bytes.

Criterion 1 is always pending (unless ``--won``), so that ``p`` in the workbook changes it.
The file is validated with ``pilotdesk.pilotfile.read.read_file`` after writing (``--no-check`` skips it).
"""

from __future__ import annotations

import argparse
import datetime as dt
import random
import sys
from pathlib import Path

#: The title of criterion 1; the benchmarks look for it on screen as the "first paint" marker.
FIRST_TITLE = "Signal-to-noise ratio at 2 m"

STAKEHOLDERS = [
    # id, name, title, side, track, role, stance, influence, reports_to, comment
    (
        "maria",
        "Maria Chen",
        "Validation Lead, Perception",
        "prospect",
        "technical",
        "evaluator",
        "champion",
        "high",
        "tom",
        "",
    ),
    (
        "tom",
        "Tom Becker",
        "Director, Perception Engineering",
        "prospect",
        "technical",
        "evaluator_manager",
        "supporter",
        "high",
        "",
        "",
    ),
    (
        "kofi",
        "Kofi Mensah",
        "Senior Robotics Software Engineer",
        "prospect",
        "technical",
        "evaluator",
        "neutral",
        "medium",
        "tom",
        "happy with the driver, still prefers the incumbent's SDK",
    ),
    (
        "ines",
        "Ines Duarte",
        "Test Engineer, Environmental Lab",
        "prospect",
        "technical",
        "evaluator",
        "supporter",
        "low",
        "maria",
        "",
    ),
    (
        "li",
        "Li Wei",
        "VP Operations",
        "prospect",
        "commercial",
        "sponsor",
        "neutral",
        "high",
        "",
        "quiet since the budget review; Sam to ask Raj for a 20-min slot",
    ),
    (
        "raj",
        "Raj Patel",
        "Strategic Sourcing Manager",
        "prospect",
        "commercial",
        "procurement",
        "supporter",
        "medium",
        "li",
        "",
    ),
    (
        "hannah",
        "Hannah Vogel",
        "Finance Controller, Operations",
        "prospect",
        "commercial",
        "finance",
        "unknown",
        "medium",
        "li",
        "",
    ),
    (
        "greta",
        "Greta Holm",
        "Supplier Quality Engineer",
        "prospect",
        "commercial",
        "quality",
        "skeptic",
        "medium",
        "li",
        "burned by a sensor vendor's field returns in 2024",
    ),
    (
        "dana",
        "Dana Ortiz",
        "Senior Sales Engineer",
        "vendor",
        "technical",
        "se",
        "supporter",
        "medium",
        "",
        "",
    ),
    (
        "sam",
        "Sam Lee",
        "Account Executive, OEM",
        "vendor",
        "commercial",
        "ae",
        "supporter",
        "medium",
        "",
        "",
    ),
]
VERIFIERS = ["maria", "maria", "kofi", "kofi", "tom", "ines"]

CHECKLIST = [
    # id, item, section, status, owner, due, comment
    (
        "if_positive",
        "If-positive commitment agreed with the commercial sponsor",
        "commitment",
        "done",
        "li",
        "2026-10-23",
        "",
    ),
    (
        "qual_owner",
        "Supplier qualification owner named",
        "commitment",
        "done",
        "raj",
        "2026-10-30",
        "",
    ),
    (
        "po_timeline",
        "Timeline from evaluation close to first purchase order agreed",
        "commitment",
        "doing",
        "li",
        "2026-11-20",
        "slipped: Li hasn't replied to the draft timeline",
    ),
    (
        "financials",
        "Financial stability assessment (3 years of audited accounts)",
        "qualification",
        "doing",
        "hannah",
        "2026-12-15",
        "",
    ),
    (
        "quality_audit",
        "Quality system audit: ISO 9001 certificate, 8D history",
        "qualification",
        "todo",
        "greta",
        "2027-01-15",
        "",
    ),
    (
        "supply_risk",
        "Supply chain risk evaluation (single-source SPAD die)",
        "qualification",
        "todo",
        "raj",
        "2027-01-08",
        "",
    ),
    (
        "pricing",
        "Pricing benchmark against the incumbent at 4,000 units/yr",
        "qualification",
        "doing",
        "raj",
        "2026-12-04",
        "",
    ),
    (
        "site_visit",
        "Site visit to the assembly line",
        "qualification",
        "skipped",
        "greta",
        "2027-01-20",
        "remote audit instead (travel freeze until Q2)",
    ),
    ("nda", "Mutual NDA", "paper", "done", "raj", "2026-10-16", ""),
    (
        "eval_agreement",
        "Evaluation agreement with success criteria signed",
        "paper",
        "done",
        "tom",
        "2026-10-30",
        "",
    ),
    (
        "legal_review",
        "Legal review of supply terms, IP ownership and liability cap",
        "paper",
        "todo",
        "raj",
        "2027-01-29",
        "",
    ),
]

# Criteria are drawn from families of measurements a perception pilot really has.
FAMILIES = [
    (
        "Optics",
        "snr",
        "Signal-to-noise ratio at {d} m, {surface} target",
        ">= {v} dB",
        "{r} dB",
        "dB",
    ),
    (
        "Optics",
        "depth_err",
        "Depth error at {d} m, {surface} target",
        "<= {p} % of range (RMS)",
        "{q} % RMS",
        "%",
    ),
    (
        "Optics",
        "valid_px",
        "Valid pixels under {lux} klux ambient at {d} m",
        ">= {pct} % valid pixels",
        "{rpct} % valid",
        "%",
    ),
    (
        "Thermal",
        "drift",
        "Depth drift across 0-{t} °C ambient at {d} m",
        "<= {mm} mm",
        "{rmm} mm",
        "mm",
    ),
    ("Thermal", "warmup", "Warm-up time to stable depth at {t} °C", "<= {s} s", "{rs} s", "s"),
    ("Power", "power", "Average power draw at {fps} fps", "<= {w} W", "{rw} W", "W"),
    (
        "Software",
        "driver",
        "ROS 2 driver: point cloud at {fps} fps on the compute module",
        "No frame drops over {h} h",
        "{drops} drops in {h} h",
        "",
    ),
    (
        "Software",
        "latency",
        "Frame latency, trigger to host, at {fps} fps",
        "<= {ms} ms p99",
        "{rms} ms p99",
        "ms",
    ),
    (
        "Mechanical",
        "shock",
        "Calibration holds after shock profile #{n} (IEC 60068-2-27)",
        "No recalibration needed",
        "{shock}",
        "",
    ),
    (
        "Mechanical",
        "vibration",
        "Calibration holds after vibration profile #{n} (IEC 60068-2-64)",
        "Depth error still <= 1.0 %",
        "{shock}",
        "",
    ),
]
SURFACES = ["matte grey", "white", "black felt", "glossy metal", "cardboard", "pallet wrap"]
EVIDENCE = [
    "Bench report BR-{n}",
    "Thermal chamber run TC-{n}",
    "Integration log IL-{n}",
    "Test video TV-{n}",
    "Lab notebook p. {n}",
]
INLINE_REMARKS = [
    "Maria wants the raw CSVs, not just the plot",
    "retest with FW 2.8",
    "Kofi ran this one twice; same result",
    "nice to have per Tom",
    "agreed target changed on the 11-19 call",
    "their rig, their numbers",
]
NOTES = [
    "Retest booked for the week of 2026-11-30; Greta wants the raw data as well.",
    "Passed on the second unit only; the first one had a scratched window.",
    "Tom asked to repeat this under the warehouse lights, not the lab's.",
    "Numbers from Acme's own rig; ours agree within 5 %.",
]


def _q(text: str) -> str:
    """A TOML basic string."""
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def _criterion(
    rnd: random.Random, n: int, won: bool
) -> tuple[str, str, dict[str, object], str, str]:
    family, stem, title, target, result, _unit = FAMILIES[(n - 1) % len(FAMILIES)]
    values = {
        "d": rnd.choice([0.5, 1, 2, 3, 4]),
        "surface": rnd.choice(SURFACES),
        "v": rnd.choice([38, 40, 42]),
        "r": round(rnd.uniform(36, 50), 1),
        "p": rnd.choice([0.5, 1.0, 1.5]),
        "q": round(rnd.uniform(0.2, 1.8), 2),
        "lux": rnd.choice([5, 10, 20, 50]),
        "pct": rnd.choice([90, 95, 98]),
        "rpct": round(rnd.uniform(85, 99.9), 1),
        "t": rnd.choice([40, 45, 50]),
        "mm": rnd.choice([1, 2, 3]),
        "rmm": round(rnd.uniform(0.4, 4), 1),
        "s": rnd.choice([30, 60, 120]),
        "rs": rnd.randint(15, 150),
        "fps": rnd.choice([15, 30, 60]),
        "w": rnd.choice([3.0, 3.5, 4.0]),
        "rw": round(rnd.uniform(2.5, 4.5), 2),
        "h": rnd.choice([1, 8, 24]),
        "drops": rnd.randint(0, 4),
        "ms": rnd.choice([20, 33, 50]),
        "rms": rnd.randint(12, 60),
        "n": n,
        "shock": rnd.choice(
            [
                "no recalibration needed",
                "offset 0.3 % after profile, within spec",
                "recalibration needed",
            ]
        ),
    }
    if n == 1:
        title_text = FIRST_TITLE
        values["d"] = 2
    else:
        title_text = title.format(**values)
    if won:
        status = "passed"
    elif n == 1:
        status = "pending"
    else:
        status = rnd.choices(["passed", "failed", "pending"], weights=[5, 1, 4])[0]
    fields: dict[str, object] = {
        "id": f"{stem}_{n:04d}",
        "title": title_text,
        "target": target.format(**values),
        "result": "" if status == "pending" else result.format(**values),
        "status": status,
        "evidence": ""
        if status == "pending"
        else rnd.choice(EVIDENCE).format(n=rnd.randint(1, 400)),
        "verifier": rnd.choice(VERIFIERS),
        "must_have": rnd.random() < 0.3,
    }
    if rnd.random() < 0.04:
        fields["notes"] = rnd.choice(NOTES)
    remark = rnd.choice(INLINE_REMARKS) if rnd.random() < 0.08 else ""
    return family, str(fields["id"]), fields, remark, status


def make_pilot(count: int, *, won: bool = False, seed: int = 7, log: int | None = None) -> str:
    """The text of a valid pilot with ``count`` criteria; ``log`` sets how many ``[[log]]``
    entries it has (default: about one per ten criteria; 0 leaves ``[[log]]`` out)."""
    rnd = random.Random(seed)
    out: list[str] = []
    w = out.append
    w("# Acme Robotics — Lumen S3 depth sensor evaluation (benchmark pilot)")
    w("#")
    w(f"# Generated for the pilotdesk benchmarks: {count} criteria. It reads like Dana's working")
    w("# file: Sam has a copy through git; please pull before the Thursday review and don't")
    w("# hand-edit the [[log]] entries.")
    w("")
    w("schema = 1")
    w("")
    w("[pilot]")
    w(f"title = {_q('Acme Robotics — Lumen S3 depth sensor evaluation')}")
    w('prospect = "Acme Robotics"')
    w('product = "Lumen S3"')
    w("starts = 2026-11-02")
    w("ends = 2026-12-11          # hard stop: Acme's design freeze for AMR-7 rev C")
    w('se = "Dana Ortiz"')
    w('ae = "Sam Lee"')
    w('champion = "maria"')
    w('lab = "Acme Boston test lab"          # Building 2, bench 4 + the thermal chamber')
    w("")
    w("[opportunity]")
    w('crm_id = "OPP-0042"')
    w('purchasing_process = "RFP 2026-117 (3D perception sensor for AMR-7), award planned Q1 2027"')
    w("")
    w("[commercial]")
    w("# Agreed with Li on the 2026-10-21 kick-off call, confirmed in Sam's recap email.")
    w(
        'if_positive = "Raj\'s sourcing team opens supplier qualification within 30 days of a positive close-out"'
    )
    w('sponsor = "li"')
    w('qualification_owner = "raj"')
    w("first_po_expected = 2027-03-01    # pilot build of 250 units, then ~4,000/yr")
    w("")
    w("")
    w("# --- Scorecard ------------------------------------------------------------")
    w("# Order and targets as signed in the evaluation agreement (EA-2026-031, appendix B).")
    changes: list[tuple[str, str]] = []
    family_seen = None
    for n in range(1, count + 1):
        family, cid, fields, remark, status = _criterion(rnd, n, won)
        if n % 50 == 1 and family != family_seen:
            w("")
            w(f"# {family} block {n // 50 + 1}: criteria {n} to {min(n + 49, count)}.")
            family_seen = family
        w("")
        if remark and n % 3 == 0:
            w(f"# {remark[0].upper()}{remark[1:]}.")
            remark = ""
        w("[[criteria]]")
        for key, value in fields.items():
            if isinstance(value, bool):
                text = "true" if value else "false"
            else:
                text = _q(str(value))
            line = f"{key} = {text}"
            if key == "must_have" and remark:
                line += f"        # {remark}"
            w(line)
        if status != "pending":
            changes.append((cid, status))
    w("")
    w("")
    w("# --- People ---------------------------------------------------------------")
    for sid, name, title, side, track, role, stance, influence, reports_to, comment in STAKEHOLDERS:
        w("")
        w("[[stakeholders]]")
        w(f"id = {_q(sid)}")
        w(f"name = {_q(name)}")
        w(f"title = {_q(title)}")
        w(f"side = {_q(side)}")
        w(f"track = {_q(track)}")
        w(f"role = {_q(role)}")
        w(f"stance = {_q(stance)}" + (f"       # {comment}" if comment else ""))
        w(f"influence = {_q(influence)}")
        w(
            f"email = {_q(sid + ('@lumen.example' if side == 'vendor' else '@acme-robotics.example'))}"
        )
        w(f"last_contact = 2026-11-{rnd.randint(10, 21):02d}")
        if reports_to:
            w(f"reports_to = {_q(reports_to)}")
    w("")
    w("")
    w("# --- Commercial track -----------------------------------------------------")
    w("# Supplier qualification per Acme's SQP-7 procedure (Raj sent the PDF on 2026-11-16).")
    for iid, item, section, status, owner, due, comment in CHECKLIST:
        w("")
        w("[[checklist]]")
        w(f"id = {_q(iid)}")
        w(f"item = {_q(item)}")
        w(f"section = {_q(section)}")
        w(f"status = {_q(status)}")
        w(f"owner = {_q(owner)}")
        w(f"due = {due}" + (f"          # {comment}" if comment else ""))
    if won:
        w("")
        w("")
        w("# Asked in the 2026-12-10 review; Maria and Tom both said yes on the call.")
        w("[technical_win]")
        w('verdict = "yes"')
        w("asked_on = 2026-12-10T16:05:00")
        w('attendees = ["maria", "tom", "dana", "sam"]')
    w("")
    w("")
    w("# --- History (written by pilotdesk) ---------------------------------------")
    logged = changes[: max(5, min(len(changes), count // 10 + 5))]
    if log is not None:
        # A long history: status changes of the first criteria, back and forth, in time order.
        logged = [(cid, status) for cid, status in _cycle(changes or [("c1", "passed")], log)]
    start = dt.datetime(2026, 11, 3, 9, 0)
    step = dt.timedelta(minutes=max(1, (38 * 24 * 60) // max(1, len(logged))))
    for index, (cid, status) in enumerate(logged):
        at = start + index * step
        w("")
        w("[[log]]")
        w(f"at = {at.isoformat(timespec='seconds')}")
        w(f"event = {_q(f'criterion {cid}: pending -> {status}')}")
    return "\n".join(out) + "\n"


def _cycle(items: list[tuple[str, str]], count: int) -> list[tuple[str, str]]:
    return [items[i % len(items)] for i in range(count)]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("count", type=int, help="number of criteria")
    parser.add_argument("out", type=Path, help="file to write (overwritten)")
    parser.add_argument(
        "--won",
        action="store_true",
        help="every criterion passed and [technical_win] verdict = yes",
    )
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument(
        "--log", type=int, help="number of [[log]] entries (default: about one per ten criteria)"
    )
    parser.add_argument(
        "--no-check",
        action="store_true",
        help="do not validate with pilotdesk.pilotfile.read.read_file",
    )
    args = parser.parse_args(argv)
    if args.count < 1:
        parser.error("count must be at least 1")
    args.out.write_text(
        make_pilot(args.count, won=args.won, seed=args.seed, log=args.log), encoding="utf-8"
    )
    if not args.no_check:
        from pilotdesk.domain.errors import PilotFileError
        from pilotdesk.pilotfile.read import read_file

        try:
            _, parsed = read_file(args.out)
        except PilotFileError as error:
            print(error.render(), file=sys.stderr)
            return 2
        assert len(parsed.pilot.criteria) == args.count
        print(
            f"{args.out}: {args.count} criteria, {args.out.stat().st_size:,} bytes, valid",
            file=sys.stderr,
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
