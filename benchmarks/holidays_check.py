"""What naming a holiday calendar costs ``pilotdesk check``: a ratio, not a timed assert.

    python benchmarks/holidays_check.py [--runs N]

Times ``pilotdesk check`` on a copy of sample_pilots/acme.toml without ``[pilot] holidays`` and
with ``holidays = "US"`` (and with a "Yes, but…" recorded, so a deadline is computed), the two
interleaved run by run so that machine load hits both, and prints the medians and their ratio.
Also prints how many modules of the ``holidays`` package each run imports (none without it).
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
WIN = '\n[technical_win]\nverdict = "yes_but"\nasked_on = 2026-11-24T16:05:00\n'


def _time(path: Path) -> float:
    start = time.perf_counter()
    subprocess.run(
        [sys.executable, "-m", "pilotdesk", "check", str(path), "--today", "2026-11-25"],
        capture_output=True,
        check=False,
    )
    return time.perf_counter() - start


def _modules(path: Path) -> int:
    done = subprocess.run(
        [sys.executable, "-X", "importtime", "-m", "pilotdesk", "check", str(path)],
        capture_output=True,
        text=True,
        check=False,
    )
    return sum(
        1 for line in done.stderr.splitlines() if line.split("|")[-1].strip().startswith("holidays")
    )


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=15)
    runs = parser.parse_args().runs
    text = (ROOT / "sample_pilots" / "acme.toml").read_text(encoding="utf-8") + WIN
    with tempfile.TemporaryDirectory() as folder:
        plain, us = Path(folder) / "plain.toml", Path(folder) / "us.toml"
        plain.write_text(text, encoding="utf-8")
        us.write_text(text.replace("[pilot]\n", '[pilot]\nholidays = "US"\n', 1), encoding="utf-8")
        _time(plain), _time(us)  # warm the byte-code cache
        without, with_ = [], []
        for _ in range(runs):
            without.append(_time(plain))
            with_.append(_time(us))
        a, b = statistics.median(without), statistics.median(with_)
        print(f"check without holidays: {a * 1000:.0f} ms ({_modules(plain)} holidays modules)")
        print(f"check, holidays = US:   {b * 1000:.0f} ms ({_modules(us)} holidays modules)")
        print(f"ratio: {b / a:.2f}")


if __name__ == "__main__":
    main()
