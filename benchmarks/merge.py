"""How long ``pilotdesk merge`` takes on a large pilot, as a ratio to one tomllib parse of it.

    python benchmarks/merge.py [--criteria 2000]

Two sides each mark one criterion (and log it) on a generated pilot; the merge cuts all three
versions into blocks and parses each distinct block once.
"""

from __future__ import annotations

import argparse
import datetime as dt
import time
import tomllib

from make_pilot import make_pilot  # benchmarks/ is on sys.path when run as a script

from pilotdesk.merge.engine import merge_texts
from pilotdesk.session.changes import SetStatus
from pilotdesk.session.store import load_text


def _side(base: str, entry_id: str, status: str, at: dt.datetime) -> str:
    store = load_text(base, clock=lambda: at)
    store.apply(SetStatus("criteria", entry_id, status))
    return store.text()


def _best(run: object, repeat: int = 5) -> float:
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        run()  # type: ignore[operator]
        times.append(time.perf_counter() - start)
    return min(times)


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--criteria", type=int, default=2000)
    count = parser.parse_args().criteria
    base = make_pilot(count)
    ids = [c["id"] for c in tomllib.loads(base)["criteria"]]
    ours = _side(base, ids[len(ids) // 10], "failed", dt.datetime(2026, 11, 23, 9))
    theirs = _side(base, ids[-1], "passed", dt.datetime(2026, 11, 23, 10))
    merge = _best(lambda: merge_texts(base, ours, theirs))
    parse = _best(lambda: tomllib.loads(base))
    # One entry with a 5,000-line string, edited on both sides: merged key by key.
    lines = "\n".join(f"line {i} [ {{ ' \" #" for i in range(5000))
    long_base = base.replace(
        f'id = "{ids[0]}"\n', f'id = "{ids[0]}"\nlong = """\n{lines}\n"""\n', 1
    )
    long_ours = long_base.replace("line 0 [", "line 0 (ours) [", 1)
    long_theirs = long_base.replace(f'id = "{ids[0]}"\n', f'id = "{ids[0]}"\nextra = 1\n', 1)
    long_merge = _best(lambda: merge_texts(long_base, long_ours, long_theirs))
    print(f"{count} criteria, {len(base) // 1024} KiB")
    print(
        f"merge {merge * 1000:.0f} ms = {merge / parse:.1f} x one tomllib parse ({parse * 1000:.0f} ms)"
    )
    print(
        f"an entry with a 5,000-line string edited on both sides: {long_merge * 1000:.0f} ms = "
        f"{long_merge / parse:.1f} x one tomllib parse"
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
