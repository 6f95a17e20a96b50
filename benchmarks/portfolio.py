"""Many pilots at once: ``pilotdesk status`` and the board's first paint over 1,000 files.

    python benchmarks/portfolio.py                 # 1,000 files in a temporary folder, 3 runs
    python benchmarks/portfolio.py --make DIR 30   # only write 30 pilot files into DIR

The files come from ``make_pilot.py`` (eight criteria each) with a prospect, SE, AE and
time-box of their own; every fifth is closed (won or lost, with a verdict). The baseline is
parsing every file with ``tomllib`` in one process: ``status`` should stay within 1.5x of it
and the board's first paint (headless ``run_test``, until the table is filled) within 2x.
Medians are printed with their ratios.
"""

from __future__ import annotations

import argparse
import asyncio
import datetime as dt
import statistics
import sys
import tempfile
import time
import tomllib
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))
from make_pilot import make_pilot  # noqa: E402

PROSPECTS = ["Acme Robotics", "Northwind Logistics", "Kestrel Instruments", "Orion Foods",
             "Helix Bio", "Tundra Mining", "Vega Motors", "Lumen Grid"]  # fmt: skip
SES = ["Dana Ortiz", "Chris Yamada", "Noor Haddad", "Ines Park"]
AES = ["Sam Lee", "Felix Brandt", "Ada Moreau"]


def pilot_text(n: int, base: str, today: dt.date) -> str:
    prospect = f"{PROSPECTS[n % len(PROSPECTS)]} {n:04d}"
    starts = today - dt.timedelta(days=10 + n % 40)
    ends = starts + dt.timedelta(days=30 + n % 25)
    text = (
        base.replace('prospect = "Acme Robotics"', f'prospect = "{prospect}"')
        .replace('se = "Dana Ortiz"', f'se = "{SES[n % len(SES)]}"')
        .replace('ae = "Sam Lee"', f'ae = "{AES[n % len(AES)]}"')
        .replace("starts = 2026-11-02", f"starts = {starts}")
        .replace("ends = 2026-12-11", f"ends = {ends}")
    )
    if n % 5 == 4:
        won = n % 10 == 4
        if "[technical_win]" not in text:
            asked = starts + dt.timedelta(days=20 + n % 9)
            text += f'\n[technical_win]\nverdict = "no"\nasked_on = {asked}T16:00:00\n'
        outcome = "won" if won else "lost"
        text += f'\n[close_out]\noutcome = "{outcome}"\non = {ends}\n'
    return text


def make(folder: Path, count: int, today: dt.date) -> list[Path]:
    folder.mkdir(parents=True, exist_ok=True)
    running, won = make_pilot(8), make_pilot(8, won=True)
    paths = []
    for n in range(count):
        path = folder / f"pilot-{n:04d}.toml"
        path.write_text(pilot_text(n, won if n % 10 == 4 else running, today), encoding="utf-8")
        paths.append(path)
    return paths


def parse_all(folder: Path) -> float:
    start = time.perf_counter()
    for path in sorted(folder.rglob("*.toml")):
        tomllib.loads(path.read_bytes().decode("utf-8"))
    return time.perf_counter() - start


def status(folder: Path) -> float:
    from pilotdesk.cli.portfolio import _load

    start = time.perf_counter()
    _load(argparse.Namespace(paths=[folder], today=None))
    return time.perf_counter() - start


def board_paint(folder: Path) -> float:
    from pilotdesk.ui.board import BoardApp

    async def paint() -> float:
        app = BoardApp([folder], poll=3600)
        start = time.perf_counter()
        async with app.run_test(size=(160, 50)) as pilot:
            await pilot.pause()
            assert app.query_one("DataTable").row_count  # type: ignore[attr-defined]
            return time.perf_counter() - start

    return asyncio.run(paint())


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--count", type=int, default=1000)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--make", nargs=2, metavar=("DIR", "COUNT"), help="only write files")
    args = parser.parse_args(argv)
    if args.make:
        make(Path(args.make[0]), int(args.make[1]), dt.date.today())
        return 0
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        make(folder, args.count, dt.date.today())
        base, stat, paint = [], [], []
        for _ in range(args.runs):
            base.append(parse_all(folder))
            stat.append(status(folder))
            paint.append(board_paint(folder))
        b, s, p = (statistics.median(x) for x in (base, stat, paint))
        print(f"{args.count} pilot files, median of {args.runs} runs")
        print(f"tomllib parse of every file: {b:.3f} s")
        print(f"status rows:                 {s:.3f} s  ({s / b:.2f}x; target <= 1.5x)")
        print(f"board first paint:           {p:.3f} s  ({p / b:.2f}x; target <= 2x)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
