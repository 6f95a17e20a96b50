"""Where pilotdesk spends its time: imports, opening a pilot, and a keystroke saved to disk.

    python benchmarks/profile_ui.py [N] [--top 25] [--out DIR]

N criteria (default 2,000, from make_pilot.py). Four parts:

1. ``python -X importtime -c "import pilotdesk.ui.app"`` (and the CLI's ``check`` path), summed
   by top-level package, best of 3;
2. cProfile of the open path, headless, as ``pilotdesk open`` does it:
   ``PilotStore.open(prepare=False)`` + ``PilotdeskApp(store, remember_theme=False)
   .run_test(size=(120, 40))`` up to the first idle frame;
3. cProfile of ``p`` on criterion 1 (pending) until the file on disk holds the change, then of
   a second key (``u``) on the same criterion.

4. the same open and keystrokes again without the profiler, with wall-clock timers around
   the stages (tomllib, validation, the splice of one entry, tomlkit, the write, each pane's render,
   the DataTable's own measuring), so the figures are real rather than inflated by cProfile.

``--out DIR`` also writes the raw .pstats files (open them with ``python -m pstats`` or snakeviz).
"""

from __future__ import annotations

import argparse
import asyncio
import collections
import cProfile
import io
import os
import pstats
import re
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

import make_pilot  # noqa: E402


def import_summary(statement: str, repeat: int = 3) -> str:
    """Best-of-``repeat`` import time of ``statement``, by top-level package."""
    best: tuple[float, collections.Counter[str], dict[str, float]] | None = None
    for _ in range(repeat):
        done = subprocess.run(
            [sys.executable, "-X", "importtime", "-c", statement],
            capture_output=True,
            text=True,
            check=True,
        )
        by_package: collections.Counter[str] = collections.Counter()
        roots: dict[str, float] = {}
        for line in done.stderr.splitlines():
            found = re.match(r"import time:\s+(\d+) \|\s+(\d+) \|( *)(\S+)", line)
            if not found:
                continue
            by_package[found[4].split(".")[0]] += int(found[1]) / 1000
            if len(found[3]) == 1 and not found[4].startswith(
                ("encodings", "site", "_", "zipimport", "io")
            ):
                roots[found[4]] = int(found[2]) / 1000
        total = sum(by_package.values())
        if best is None or total < best[0]:
            best = (total, by_package, roots)
    assert best is not None
    total, by_package, roots = best
    lines = [
        f"  total {total:.0f} ms; " + ", ".join(f"{name} {ms:.0f}" for name, ms in roots.items())
    ]
    lines += [f"    {name:<22} {ms:6.1f} ms (self)" for name, ms in by_package.most_common(10)]
    return "\n".join(lines)


def top(profile: cProfile.Profile, sort: str, count: int) -> str:
    out = io.StringIO()
    stats = pstats.Stats(profile, stream=out)
    stats.sort_stats(sort).print_stats(count)
    text = out.getvalue()
    # Shorten paths: site-packages/... and the checkout.
    text = re.sub(r"\S*/site-packages/", "", text)
    text = text.replace(str(HERE.parent) + "/", "")
    body = text[text.find("   ncalls") :]
    return body.rstrip()


async def profile_app(path: Path, top_count: int, out_dir: Path | None) -> None:
    from pilotdesk.session.store import PilotStore
    from pilotdesk.ui.app import PilotdeskApp

    cid = make_pilot_first_id(path)
    opening = cProfile.Profile()
    t0 = time.perf_counter()
    opening.enable()
    store = PilotStore.open(path, prepare=False)
    t_store = time.perf_counter()
    app = PilotdeskApp(store, remember_theme=False)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        opening.disable()
        t_open = time.perf_counter()
        print(
            f"open: PilotStore.open {1000 * (t_store - t0):.0f} ms, app to first idle frame "
            f"{1000 * (t_open - t_store):.0f} ms (headless)"
        )
        print(top(opening, "cumulative", top_count))
        print("\n  by self time:")
        print(top(opening, "tottime", top_count))
        if out_dir:
            opening.dump_stats(out_dir / "open.pstats")

        for key, expected in (
            ("p", f"criterion {cid}: pending -> passed"),
            ("u", f"criterion {cid}: passed -> pending"),
        ):
            before = path.read_text(encoding="utf-8").count(expected)
            keying = cProfile.Profile()
            t0 = time.perf_counter()
            keying.enable()
            await pilot.press(key)
            while path.read_text(encoding="utf-8").count(expected) <= before:
                if time.perf_counter() - t0 > 30:
                    raise SystemExit(f"{key}: the file was not saved within 30 s")
                await asyncio.sleep(0.001)
            t_saved = time.perf_counter()
            await pilot.pause()
            keying.disable()
            t_idle = time.perf_counter()
            print(
                f"\n`{key}`: saved on disk after {1000 * (t_saved - t0):.0f} ms, idle after "
                f"{1000 * (t_idle - t0):.0f} ms (headless)"
            )
            print(top(keying, "cumulative", top_count))
            print("\n  by self time:")
            print(top(keying, "tottime", top_count))
            if out_dir:
                keying.dump_stats(out_dir / f"key-{key}.pstats")
        await pilot.press("q")


class Timers:
    """Wall-clock time of named functions (outermost call only), per phase."""

    def __init__(self) -> None:
        self.phase = "open"
        self.totals: dict[str, dict[str, list[float]]] = collections.defaultdict(
            lambda: collections.defaultdict(lambda: [0.0, 0])
        )
        self.order: list[str] = []
        self._depth: collections.Counter[str] = collections.Counter()
        self._undo: list[tuple[object, str, object]] = []

    def wrap(self, owner: object, attr: str, label: str) -> None:
        original = getattr(owner, attr, None)
        if original is None or not callable(original):
            return  # the code changed; skip what is no longer there
        timers = self

        def timed(*args, **kwargs):  # type: ignore[no-untyped-def]
            if timers._depth[label]:
                return original(*args, **kwargs)
            timers._depth[label] += 1
            start = time.perf_counter()
            try:
                return original(*args, **kwargs)
            finally:
                timers._depth[label] -= 1
                entry = timers.totals[timers.phase][label]
                entry[0] += time.perf_counter() - start
                entry[1] += 1

        self._undo.append((owner, attr, original))
        setattr(owner, attr, timed)
        if label not in self.order:
            self.order.append(label)

    def restore(self) -> None:
        for owner, attr, original in reversed(self._undo):
            setattr(owner, attr, original)
        self._undo.clear()

    def report(self, phase: str) -> str:
        rows = []
        for label in self.order:
            seconds, calls = self.totals[phase].get(label, (0.0, 0))
            if calls:
                rows.append(f"    {label:<58} {1000 * seconds:8.1f} ms  ({calls}×)")
        return "\n".join(rows)


def install_timers() -> Timers:
    import tomllib

    import tomlkit
    import tomlkit.container
    from textual.widgets import DataTable

    import pilotdesk.domain.readiness
    import pilotdesk.pilotfile.read
    import pilotdesk.pilotfile.splice
    import pilotdesk.session.store
    from pilotdesk.ui import app as app_module
    from pilotdesk.ui.panes import commercial, readiness, scorecard, stakeholders
    from pilotdesk.ui.widgets import chrome as widgets
    from pilotdesk.ui.widgets import table as table_module

    timers = Timers()
    w = timers.wrap
    w(pilotdesk.session.store.PilotStore, "open", "PilotStore.open")
    w(tomllib, "loads", "  tomllib.loads")
    w(pilotdesk.pilotfile.read, "validate", "  parse.validate (pydantic + integrity)")
    w(pilotdesk.session.store, "validate", "  parse.validate (pydantic + integrity)")
    w(pilotdesk.pilotfile.read, "integrity_problems", "    integrity_problems")
    w(pilotdesk.session.store.PilotStore, "apply", "PilotStore.apply (change + validate + save)")
    w(pilotdesk.pilotfile.splice.Splicer, "prepare", "  Splicer.prepare (find and parse one entry)")
    w(
        pilotdesk.pilotfile.splice.Splicer,
        "prepare_log",
        "  Splicer.prepare_log (the end of [[log]])",
    )
    w(pilotdesk.pilotfile.splice.Splicer, "text", "  Splicer.text (splice the edited pieces in)")
    w(tomlkit, "parse", "  tomlkit.parse (pieces, or the document)")
    w(tomlkit.container.Container, "as_string", "  tomlkit as_string")
    w(
        pilotdesk.session.store,
        "check_disk_unchanged",
        "  check_disk_unchanged (re-read file)",
    )
    w(pilotdesk.session.store, "atomic_write", "  atomic_write (fsync + rename)")
    w(app_module.PilotdeskApp, "refresh_views", "PilotdeskApp.refresh_views")
    w(scorecard.ScorecardPane, "show", "  ScorecardPane.show")
    w(stakeholders.StakeholdersPane, "show", "  StakeholdersPane.show")
    w(commercial.CommercialPane, "show", "  CommercialPane.show")
    w(readiness.ReadinessPane, "show", "  ReadinessPane.show")
    w(widgets.PilotHeader, "show", "  PilotHeader.show")
    w(pilotdesk.domain.readiness, "evaluate", "  readiness.evaluate")
    w(readiness, "evaluate", "  readiness.evaluate")
    w(table_module.PilotTable, "sync", "    PilotTable.sync (all tables)")
    w(table_module.PilotTable, "_fit", "      PilotTable._fit (widths, ellipsis)")
    w(table_module.PilotTable, "_rebuild", "      PilotTable._rebuild (clear + add_row)")
    w(DataTable, "_update_dimensions", "DataTable._update_dimensions (Textual, on idle)")
    w(app_module.PilotdeskApp, "_theme_changed", "PilotdeskApp._theme_changed")
    return timers


async def timed_app(path: Path) -> None:
    from pilotdesk.session.store import PilotStore
    from pilotdesk.ui.app import PilotdeskApp

    cid = make_pilot_first_id(path)
    timers = install_timers()
    try:
        t0 = time.perf_counter()
        store = PilotStore.open(path, prepare=False)
        app = PilotdeskApp(store, remember_theme=False)
        async with app.run_test(size=(120, 40)) as pilot:
            await pilot.pause()
            print(
                f"open, headless, to first idle frame: {1000 * (time.perf_counter() - t0):.0f} ms"
            )
            print(timers.report("open"))
            for key, expected in (
                ("p", f"criterion {cid}: pending -> passed"),
                ("u", f"criterion {cid}: passed -> pending"),
            ):
                timers.phase = key
                before = path.read_text(encoding="utf-8").count(expected)
                t0 = time.perf_counter()
                await pilot.press(key)
                while path.read_text(encoding="utf-8").count(expected) <= before:
                    if time.perf_counter() - t0 > 30:
                        raise SystemExit(f"{key}: the file was not saved within 30 s")
                    await asyncio.sleep(0.001)
                saved = time.perf_counter() - t0
                await pilot.pause()
                idle = time.perf_counter() - t0
                print(
                    f"`{key}`: saved after {1000 * saved:.0f} ms, idle after {1000 * idle:.0f} ms"
                )
                print(timers.report(key))
            await pilot.press("q")
    finally:
        timers.restore()


def make_pilot_first_id(path: Path) -> str:
    import tomllib

    return tomllib.loads(path.read_text(encoding="utf-8"))["criteria"][0]["id"]


def main() -> int:
    parser = argparse.ArgumentParser(description="profile pilotdesk's open and keystroke paths")
    parser.add_argument("count", nargs="?", type=int, default=2000, help="criteria (default 2000)")
    parser.add_argument("--top", type=int, default=25, help="rows per profile table")
    parser.add_argument("--out", type=Path, help="write .pstats files here")
    parser.add_argument("--no-imports", action="store_true", help="skip the import-time part")
    parser.add_argument("--timers-only", action="store_true", help="only the stage timers (part 4)")
    args = parser.parse_args()
    if args.out:
        args.out.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="pilotdesk-profile-") as tmp:
        os.environ["XDG_CONFIG_HOME"] = str(Path(tmp) / "xdg")
        if not args.no_imports:
            print("imports, best of 3 (python -X importtime):")
            for statement in (
                "import pilotdesk.cli, pilotdesk.session.store, pilotdesk.ui.app",
                "import textual.app, textual.widgets",
                "import pilotdesk.cli, pilotdesk.pilotfile.read, pilotdesk.domain.readiness, "
                "pilotdesk.domain.check_summary, pilotdesk.domain.mail",
                "import tomlkit, pydantic",
            ):
                print(f"- {statement}")
                print(import_summary(statement))
            print()
        path = Path(tmp) / f"pilot-{args.count}.toml"
        path.write_text(make_pilot.make_pilot(args.count), encoding="utf-8")
        if not args.timers_only:
            asyncio.run(profile_app(path, args.top, args.out))
        fresh = Path(tmp) / f"timed-{args.count}.toml"
        fresh.write_text(make_pilot.make_pilot(args.count), encoding="utf-8")
        print("\nstage timers, no profiler (wall clock, outermost calls):")
        asyncio.run(timed_app(fresh))
    return 0


if __name__ == "__main__":
    sys.exit(main())
