"""pilotdesk benchmarks: medians against a baseline measured in the same run.

    python benchmarks/run.py [--runs N] [--json out.json]

Run it with the Python that has pilotdesk installed (``pip install '.[test]'``); tmux must be
on the PATH. It measures, ``--runs`` times each (default 5), and prints a Markdown table:

a. keystroke to the painted row: after the first paint (and the screen has settled), ``p`` on
   criterion 1 (pending), until a screen line shows its title (the minimal app: its id) with
   ``passed``; at 4, 300 and 2,000 criteria (make_pilot.py). Baseline: ``benchmarks/minimal_app.py``
   on the same file, whose ``p`` updates the cell and saves the file (the same bytes with the
   status replaced, fsync'd and renamed). Also reported: when pilotdesk's file holds the change
   (its new ``[[log]]`` line), and a second key (``u``) straight after the first.
b. open to first paint in a real terminal: ``pilotdesk open FILE`` in a detached tmux session
   (120x40, own server socket), ``capture-pane`` polled every ~5 ms until the first criterion's
   title is on screen; baseline: the minimal app with the same rows. At 4 and 2,000 criteria.
c. ``pilotdesk check FILE`` and ``pilotdesk email FILE`` (on a pilot whose Technical Win is
   recorded as yes) wall time, against ``python -c "from pydantic import BaseModel; import
   tomllib"`` (the floor of a command that validates with pydantic); also, without target, the
   same floor plus one model defined and validated (pydantic's own first-model cost).
d. peak memory (VmHWM of the app's process at first paint) against the minimal app; also after
   50 keystrokes at 2,000 criteria (the two of (a), then 48 more ``p`` and ``u``), no target.
e. keystroke to saved on disk as the history grows: ``p`` and then ``u`` on a pilot of 50
   criteria with no ``[[log]]`` entry and with 20,000 (make_pilot.py ``--log``); the ratio of
   the two says whether the cost of a key stays flat as the log grows.

Every process is started with this Python (``sys.executable``). Byte code is cached in a
temporary ``PYTHONPYCACHEPREFIX`` that a warm-up run fills first, so that no run pays for
compiling (the way an installed package runs), whatever PYTHONDONTWRITEBYTECODE says. Only the
tmux server this script starts (``tmux -L bench-<pid>``) is ever killed.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import queue
import re
import shlex
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(HERE))

import make_pilot  # noqa: E402

WIDTH, HEIGHT = 120, 40
POLL = 0.005  # screen polling interval
FILE_POLL = 0.001  # file polling interval
PAINT_TIMEOUT = 30.0
SAVE_TIMEOUT = 15.0
SMALL, MIDDLE, LARGE = 4, 300, 2000
SIZES = (SMALL, MIDDLE, LARGE)
#: The floor of any command line that validates with pydantic (``import pydantic`` alone is
#: lazy and loads nothing; ``BaseModel`` is what a model needs).
FLOOR = "from pydantic import BaseModel; import tomllib"
#: The same with one model defined and validated: pydantic's own cost of a first model.
ONE_MODEL = FLOOR + "\nclass A(BaseModel):\n    x: int\nA(x=1)"
#: The history benchmark (e): a pilot of LOG_CRITERIA criteria with no log, and with LONG_LOG.
LOG_CRITERIA = 50
LONG_LOG = 20_000
#: Keystrokes before the memory after keys is read (d).
MANY_KEYS = 50
#: On screen once pilotdesk has drawn its footer (the key bindings): ready for keys.
READY = "p Passed"
READY_TIMEOUT = 10.0


class BenchError(RuntimeError):
    pass


# --- tmux --------------------------------------------------------------------------------------


class Tmux:
    """A private tmux server driven through one control-mode client (no process per poll)."""

    def __init__(self, socket: str, env: dict[str, str]):
        self.base = ["tmux", "-L", socket, "-f", "/dev/null"]
        self.env = env
        self.started = False
        self.socket_path = ""
        self._lines: queue.Queue[bytes | None] = queue.Queue()
        subprocess.run(
            [
                *self.base,
                "new-session",
                "-d",
                "-s",
                "keep",
                "-x",
                str(WIDTH),
                "-y",
                str(HEIGHT),
                "sleep 86400",
            ],
            env=env,
            check=True,
            capture_output=True,
            timeout=20,
        )
        self.started = True
        self.proc = subprocess.Popen(
            [*self.base, "-C", "attach-session", "-t", "keep"],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.DEVNULL,
            env=env,
        )
        threading.Thread(target=self._read, daemon=True).start()
        self._sequence = 0
        self.cmd("set-option -g remain-on-exit on")
        self.socket_path = self.cmd("display-message -p '#{socket_path}'").strip()

    def _read(self) -> None:
        assert self.proc.stdout is not None
        for line in self.proc.stdout:
            self._lines.put(line.rstrip(b"\n"))
        self._lines.put(None)

    def _next(self, deadline: float) -> bytes:
        try:
            line = self._lines.get(timeout=max(0.0, deadline - time.monotonic()))
        except queue.Empty:
            raise BenchError("tmux did not answer in time") from None
        if line is None:
            raise BenchError("the tmux control client exited")
        return line

    def _block(self, deadline: float) -> tuple[str, bool]:
        """The next %begin ... %end block: its output, and whether it ended in %error."""
        while not self._next(deadline).startswith(b"%begin"):
            pass  # notifications between blocks
        out: list[bytes] = []
        while True:
            line = self._next(deadline)
            if line.startswith((b"%end", b"%error")):
                return b"\n".join(out).decode("utf-8", "replace"), line.startswith(b"%error")
            out.append(line)

    def cmd(self, command: str, timeout: float = 10.0) -> str:
        """Run one tmux command; return its output (raise on %error).

        Each command is followed on the same line by a numbered ``display-message``, and its
        output is the block just before that number's: blocks nobody asked for (the attach's
        own, for one) are skipped instead of shifting every answer by one.
        """
        assert self.proc.stdin is not None
        self._sequence += 1
        token = f"bench-sync-{self._sequence}"
        self.proc.stdin.write(f"{command} ; display-message -p {token}\n".encode())
        self.proc.stdin.flush()
        deadline = time.monotonic() + timeout
        output = ""
        while True:
            text, failed = self._block(deadline)
            if failed:  # tmux stops the line at the failing command: no token follows
                raise BenchError(f"tmux {command!r}: {text}")
            if text == token:
                return output
            output = text

    def new_session(self, name: str, argv: list[str]) -> None:
        shell = "exec " + shlex.join(argv)
        self.cmd(f"new-session -d -s {name} -x {WIDTH} -y {HEIGHT} {_tmux_quote(shell)}")

    def capture(self, name: str) -> str:
        return self.cmd(f"capture-pane -p -t {name}")

    def pane(self, name: str, fmt: str) -> str:
        return self.cmd(f"display-message -p -t {name} {_tmux_quote(fmt)}").strip()

    def kill_session(self, name: str) -> None:
        try:
            self.cmd(f"kill-session -t {name}")
        except BenchError:
            pass

    def close(self) -> None:
        """Kill the server this object started (and nothing else)."""
        if not self.started:
            return
        self.started = False
        try:
            if self.proc.stdin:
                self.proc.stdin.close()
        except OSError:
            pass
        subprocess.run([*self.base, "kill-server"], capture_output=True, env=self.env, timeout=10)
        try:
            self.proc.wait(timeout=5)
        except subprocess.TimeoutExpired:
            self.proc.kill()
        # tmux leaves its socket file behind; it is ours (bench-<pid>) and the server is gone.
        if self.socket_path and Path(self.socket_path).name.startswith("bench-"):
            Path(self.socket_path).unlink(missing_ok=True)


def _tmux_quote(text: str) -> str:
    return (
        '"'
        + text.replace("\\", "\\\\").replace('"', '\\"').replace("$", "\\$").replace("~", "\\~")
        + '"'
    )


# --- one app in tmux ---------------------------------------------------------------------------


_session_counter = 0


@dataclass
class Session:
    tmux: Tmux
    argv: list[str]
    name: str = ""
    started: float = 0.0

    def __post_init__(self) -> None:
        global _session_counter
        _session_counter += 1
        self.name = f"r{_session_counter}"

    def start(self) -> None:
        self.started = time.perf_counter()
        self.tmux.new_session(self.name, self.argv)

    def wait_for(self, marker: str, timeout: float = PAINT_TIMEOUT) -> float:
        """Seconds from :meth:`start` until ``marker`` is on screen."""
        polls = 0
        while True:
            screen = self.tmux.capture(self.name)
            now = time.perf_counter()
            if marker in screen:
                return now - self.started
            polls += 1
            if now - self.started > timeout or (polls % 20 == 0 and self.dead()):
                raise BenchError(
                    f"{shlex.join(self.argv)}: {marker!r} never appeared. Screen:\n{screen}"
                )
            time.sleep(POLL)

    def settle(self, quiet: float = 0.3, limit: float = 5.0) -> str:
        """Wait until the screen has not changed for ``quiet`` seconds; return it."""
        start = since = time.perf_counter()
        last = self.tmux.capture(self.name)
        while time.perf_counter() - since < quiet and time.perf_counter() - start < limit:
            time.sleep(0.05)
            screen = self.tmux.capture(self.name)
            if screen != last:
                last, since = screen, time.perf_counter()
        return last

    def dead(self) -> bool:
        return self.tmux.pane(self.name, "#{pane_dead}") == "1"

    def pid(self) -> int:
        return int(self.tmux.pane(self.name, "#{pane_pid}"))

    def peak_rss_kib(self) -> int:
        status = Path(f"/proc/{self.pid()}/status").read_text()
        found = re.search(r"^VmHWM:\s+(\d+)\s+kB", status, re.M)
        if not found:
            raise BenchError("no VmHWM in /proc/<pid>/status")
        return int(found.group(1))

    def quit(self, timeout: float = 5.0) -> None:
        try:
            self.tmux.cmd(f"send-keys -t {self.name} q")
            deadline = time.monotonic() + timeout
            while time.monotonic() < deadline and not self.dead():
                time.sleep(0.02)
        finally:
            self.tmux.kill_session(self.name)


# --- measurements ------------------------------------------------------------------------------


@dataclass
class Row:
    key: str
    label: str
    unit: str  # "ms" or "MiB"
    target: str = ""
    limit: float | None = None  # ratio limit (with a baseline) or absolute limit (without)
    pilotdesk: list[float] = field(default_factory=list)
    baseline: list[float] = field(default_factory=list)
    note: str = ""

    @property
    def pd_median(self) -> float | None:
        return statistics.median(self.pilotdesk) if self.pilotdesk else None

    @property
    def base_median(self) -> float | None:
        return statistics.median(self.baseline) if self.baseline else None

    @property
    def ratio(self) -> float | None:
        if self.pd_median is None or not self.base_median:
            return None
        return self.pd_median / self.base_median

    @property
    def met(self) -> bool | None:
        if self.limit is None or self.pd_median is None:
            return None
        if self.baseline:
            return self.ratio is not None and self.ratio <= self.limit
        return self.pd_median < self.limit

    @property
    def paired_ratio(self) -> float | None:
        """Median of run-by-run ratios (each pair measured back to back: steadier under load)."""
        if not self.pilotdesk or len(self.pilotdesk) != len(self.baseline):
            return None
        return statistics.median(
            a / b for a, b in zip(self.pilotdesk, self.baseline, strict=True) if b
        )

    def as_json(self) -> dict[str, Any]:
        return {
            "key": self.key,
            "measurement": self.label,
            "unit": self.unit,
            "pilotdesk_samples": self.pilotdesk,
            "baseline_samples": self.baseline,
            "pilotdesk_median": self.pd_median,
            "baseline_median": self.base_median,
            "ratio": self.ratio,
            "paired_ratio_median": self.paired_ratio,
            "target": self.target,
            "met": self.met,
            "note": self.note,
        }


@dataclass
class Pilots:
    """The generated pilots (make_pilot.py; criterion 1 pending unless won), by size."""

    by_size: dict[int, Path]  # SIZES criteria each, criterion 1 pending
    won: dict[int, Path]  # every criterion passed, [technical_win] yes (for email)
    marker: str  # criterion 1's title: on screen once the rows are painted
    first_ids: dict[Path, str]
    no_log: Path  # LOG_CRITERIA criteria, no [[log]] (e)
    long_log: Path  # the same with LONG_LOG [[log]] entries (e)


def prepare_pilots(work: Path) -> Pilots:
    from pilotdesk.pilotfile.read import read_file

    by_size: dict[int, Path] = {}
    won: dict[int, Path] = {}
    for size in SIZES:
        by_size[size] = work / f"pilot-{size}.toml"
        by_size[size].write_text(make_pilot.make_pilot(size), encoding="utf-8")
    for size in (SMALL, LARGE):
        won[size] = work / f"pilot-{size}-won.toml"
        won[size].write_text(make_pilot.make_pilot(size, won=True), encoding="utf-8")
    no_log = work / f"log-0-{LOG_CRITERIA}.toml"
    no_log.write_text(make_pilot.make_pilot(LOG_CRITERIA, log=0), encoding="utf-8")
    long_log = work / f"log-{LONG_LOG}-{LOG_CRITERIA}.toml"
    long_log.write_text(make_pilot.make_pilot(LOG_CRITERIA, log=LONG_LOG), encoding="utf-8")

    first_ids: dict[Path, str] = {}
    pending = [*by_size.values(), no_log, long_log]
    for path in (*pending, *won.values()):
        _, p = read_file(path)  # raises with a clear message if a file is not a valid pilot
        first_ids[path] = p.pilot.criteria[0].id
        if path in pending and p.pilot.criteria[0].status != "pending":
            raise BenchError(f"{path}: criterion 1 should be pending")
        if path in won.values() and (
            p.pilot.technical_win is None or p.pilot.technical_win.verdict != "yes"
        ):
            raise BenchError(f"{path}: no Technical Win recorded")
    return Pilots(by_size, won, make_pilot.FIRST_TITLE, first_ids, no_log, long_log)


class Bench:
    def __init__(self, runs: int, work: Path, verbose: bool):
        self.runs = runs
        self.work = work
        self.verbose = verbose
        self.python = sys.executable
        script = Path(sys.executable).parent / "pilotdesk"
        self.pilotdesk = (
            [self.python, str(script)] if script.exists() else [self.python, "-m", "pilotdesk"]
        )
        self.minimal = [self.python, str(HERE / "minimal_app.py")]
        config = work / "xdg"
        config.mkdir()
        self.env = {
            k: v
            for k, v in os.environ.items()
            if k not in ("PYTHONDONTWRITEBYTECODE", "TMUX", "TMUX_PANE")
        }
        self.env.update(
            XDG_CONFIG_HOME=str(config),
            PYTHONPYCACHEPREFIX=str(work / "pycache"),
            TERM=os.environ.get("TERM") or "xterm-256color",
        )
        self.tmux = Tmux(f"bench-{os.getpid()}", self.env)

    def log(self, text: str) -> None:
        if self.verbose:
            print(text, file=sys.stderr, flush=True)

    def app_argv(self, argv: list[str]) -> list[str]:
        """The command tmux runs: the app with our environment (tmux's own is the server's)."""
        keep = ("XDG_CONFIG_HOME", "PYTHONPYCACHEPREFIX")
        return [
            "env",
            "-u",
            "PYTHONDONTWRITEBYTECODE",
            *(f"{k}={self.env[k]}" for k in keep),
            *argv,
        ]

    # a + d
    def open_once(self, argv: list[str], marker: str) -> tuple[float, int]:
        session = Session(self.tmux, self.app_argv(argv))
        session.start()
        try:
            seconds = session.wait_for(marker)
            session.settle(quiet=0.2)
            return seconds * 1000, session.peak_rss_kib()
        finally:
            session.quit()

    # b
    def keystroke_once(
        self,
        argv_for: Callable[[Path], list[str]],
        master: Path,
        marker: str,
        cid: str,
        index: int,
        keys: int = 2,
    ) -> tuple[float, float, float, int]:
        """``p`` then ``u`` on criterion 1 (ms to disk, to screen; ms of ``u`` to disk), then
        ``keys - 2`` more of them; the peak memory (KiB) after the last is saved."""
        path = self.work / f"keys-{index}-{master.name}"
        shutil.copyfile(master, path)
        session = Session(self.tmux, self.app_argv(argv_for(path)))
        session.start()
        try:
            session.wait_for(marker)
            # The footer (the keys) is drawn a moment after the rows: wait for it, then for quiet,
            # so that the key is measured, not the end of the start-up.
            try:
                session.wait_for(READY, timeout=READY_TIMEOUT)
            except BenchError:
                self.log(f"note: {READY!r} (the footer) never appeared; measuring anyway")
            session.settle()
            saved_ms, screen_ms = self.key_to_disk(
                session, path, "p", f'criterion {cid}: pending -> passed"', (marker, "passed")
            )
            session.settle(quiet=0.2)
            warm_ms, _ = self.key_to_disk(
                session, path, "u", f'criterion {cid}: passed -> pending"', (marker, "pending")
            )
            session.settle(quiet=0.2)
            if keys > 2:
                self.more_keys(session, path, keys - 2)
            rss = session.peak_rss_kib()
        finally:
            session.quit()
        import tomllib

        data = tomllib.loads(path.read_text(encoding="utf-8"))
        if data["criteria"][0]["status"] != "pending" or data["criteria"][0]["id"] != cid:
            raise BenchError(f"{path}: unexpected criterion 1 after p, u: {data['criteria'][0]}")
        path.unlink()
        return saved_ms, screen_ms, warm_ms, rss

    def key_to_disk(
        self, session: Session, path: Path, key: str, expected: str, row: tuple[str, str]
    ) -> tuple[float, float]:
        """Send ``key``; ms until the file holds one more ``expected``, and until a screen line
        holds both words of ``row`` (criterion 1's title and its new status)."""

        def signature() -> tuple[int, int, int]:
            st = os.stat(path)
            return st.st_ino, st.st_mtime_ns, st.st_size

        before_sig = signature()
        before_count = path.read_text(encoding="utf-8").count(expected)
        if _row_shown(self.tmux.capture(session.name), row):
            raise BenchError(f"criterion 1 already shows {row[1]!r} before {key!r}")
        saved = screen = None
        next_capture = 0.0
        t0 = time.perf_counter()
        self.tmux.cmd(f"send-keys -t {session.name} {key}")
        while saved is None or screen is None:
            now = time.perf_counter()
            if now - t0 > SAVE_TIMEOUT:
                raise BenchError(
                    f"{key!r}: file saved={saved is not None}, screen changed={screen is not None} after "
                    f"{SAVE_TIMEOUT:.0f} s. Screen:\n{self.tmux.capture(session.name)}"
                )
            if saved is None:
                try:
                    sig = signature()
                except FileNotFoundError:
                    sig = before_sig  # between unlink and rename (an atomic write never does this)
                if sig != before_sig:
                    before_sig = sig
                    if path.read_text(encoding="utf-8").count(expected) > before_count:
                        saved = time.perf_counter() - t0
            if screen is None and now >= next_capture:
                if _row_shown(self.tmux.capture(session.name), row):
                    screen = time.perf_counter() - t0
                next_capture = time.perf_counter() + POLL
            time.sleep(FILE_POLL)
        return saved * 1000, screen * 1000

    def more_keys(self, session: Session, path: Path, count: int) -> None:
        """Send ``p`` and ``u`` by turns, ``count`` keys in all (even), one after the other as
        a person would type them; return once each is saved (a new [[log]] entry per key)."""
        if count % 2:
            raise BenchError("more_keys needs an even count (criterion 1 ends pending)")
        logged = path.read_text(encoding="utf-8").count("\n[[log]]")
        deadline = time.monotonic() + SAVE_TIMEOUT + count * 0.5
        for n in range(count):
            self.tmux.cmd(f"send-keys -t {session.name} {'pu'[n % 2]}")
            while path.read_text(encoding="utf-8").count("\n[[log]]") < logged + n + 1:
                if time.monotonic() > deadline:
                    raise BenchError(f"{count} keys: only {n} saved in time")
                time.sleep(0.005)
        session.settle(quiet=0.2)

    def bare_key_once(self, master: Path, marker: str, cid: str, index: int) -> tuple[float, float]:
        """The baseline of (b): ``p`` in the minimal app on criterion 1; ms until its row shows
        ``passed`` on screen (found by its id: the minimal app shows ids, and titles repeat in a
        generated pilot), and until the file holds the new status."""
        path = self.work / f"bare-{index}-{master.name}"
        shutil.copyfile(master, path)
        session = Session(self.tmux, self.app_argv([*self.minimal, str(path)]))
        session.start()
        try:
            session.wait_for(marker)
            session.settle()
            before = path.read_bytes()
            if _row_shown(self.tmux.capture(session.name), (cid, "passed")):
                raise BenchError(f"minimal app: criterion {cid} already shows passed before p")
            shown = saved = None
            t0 = time.perf_counter()
            self.tmux.cmd(f"send-keys -t {session.name} p")
            while shown is None or saved is None:
                now = time.perf_counter()
                if now - t0 > SAVE_TIMEOUT:
                    raise BenchError(
                        f"minimal app: p not shown/saved. Screen:\n{self.tmux.capture(session.name)}"
                    )
                if shown is None and _row_shown(self.tmux.capture(session.name), (cid, "passed")):
                    shown = time.perf_counter() - t0
                if saved is None and path.read_bytes() != before:
                    saved = time.perf_counter() - t0
                time.sleep(FILE_POLL)
        finally:
            session.quit()
        if before.replace(b'status = "pending"', b'status = "passed"', 1) != path.read_bytes():
            raise BenchError(f"{path}: the minimal app saved something else than the status")
        path.unlink()
        return shown * 1000, saved * 1000

    # c
    def wall_once(self, argv: list[str], expect: int = 0) -> float:
        t0 = time.perf_counter()
        done = subprocess.run(argv, capture_output=True, env=self.env, timeout=60)
        seconds = time.perf_counter() - t0
        if done.returncode != expect:
            raise BenchError(
                f"{shlex.join(argv)} exited {done.returncode}:\n{done.stderr.decode(errors='replace')}"
            )
        return seconds * 1000

    def close(self) -> None:
        self.tmux.close()


def _row_shown(screen: str, row: tuple[str, str]) -> bool:
    """Whether a line of the screen holds both words of ``row`` (a title and a status)."""
    return any(row[0] in line and row[1] in line for line in screen.splitlines())


def run_all(runs: int, verbose: bool, budget: float) -> dict[str, Any]:
    started = time.perf_counter()
    load_before = os.getloadavg()
    with tempfile.TemporaryDirectory(prefix="pilotdesk-bench-") as tmp:
        work = Path(tmp)
        pilots = prepare_pilots(work)
        bench = Bench(runs, work, verbose)
        try:
            rows, done = measure(bench, pilots, runs, started + budget)
        finally:
            bench.close()
    return {
        "rows": rows,
        "runs_done": done,
        "seconds": time.perf_counter() - started,
        "load_before": load_before,
        "load_after": os.getloadavg(),
    }


def measure(bench: Bench, pilots: Pilots, runs: int, deadline: float) -> tuple[list[Row], int]:
    pd_open = lambda path: [*bench.pilotdesk, "open", str(path)]  # noqa: E731
    base_open = lambda path: [*bench.minimal, str(path)]  # noqa: E731
    floor = [bench.python, "-c", FLOOR]
    small, large, marker = pilots.by_size[SMALL], pilots.by_size[LARGE], pilots.marker

    # Warm-up, not measured: fills the byte-code cache and the OS file cache.
    bench.log("warm-up ...")
    bench.open_once(pd_open(small), marker)
    bench.open_once(base_open(small), marker)
    for argv, expect in (
        (floor, 0),
        ([*bench.pilotdesk, "check", str(small)], 0),
        ([*bench.pilotdesk, "email", str(pilots.won[SMALL])], 0),
    ):
        bench.wall_once(argv, expect)

    painted = {
        size: Row(
            f"key_painted_{size}",
            f"`p` → row painted, {size:,} criteria",
            "ms",
            "≤ 1.5×" if size != LARGE else "(info)",
            1.5 if size != LARGE else None,
            note="baseline: the minimal app's p (cell updated, file saved)",
        )
        for size in SIZES
    }
    saved = {
        size: Row(f"key_saved_{size}", f"`p` → saved on disk, {size:,} criteria", "ms", "(info)")
        for size in SIZES
    }
    warm = {
        size: Row(
            f"key_warm_{size}", f"second key (`u`) → saved, {size:,} criteria", "ms", "(info)"
        )
        for size in (SMALL, LARGE)
    }
    open_small = Row(f"open_{SMALL}", f"open → first paint, {SMALL} criteria", "ms", "≤ 1.3×", 1.3)
    open_large = Row(
        f"open_{LARGE}", f"open → first paint, {LARGE:,} criteria", "ms", "≤ 1.2×", 1.2
    )
    mem = Row(
        f"memory_{LARGE}",
        f"peak memory (VmHWM) at first paint, {LARGE:,} criteria",
        "MiB",
        "(info; was ≤ 1.3×)",
    )
    mem_small = Row(
        f"memory_{SMALL}", f"peak memory (VmHWM) at first paint, {SMALL} criteria", "MiB", "(info)"
    )
    memkey = Row(
        f"memory_after_keys_{LARGE}",
        f"peak memory after {MANY_KEYS} keystrokes, {LARGE:,} criteria",
        "MiB",
        "(info)",
    )
    key_nolog = Row(
        "key_log_0", f"`p` → saved on disk, {LOG_CRITERIA} criteria, no log entries", "ms", "(info)"
    )
    key_longlog = Row(
        "key_log_20000",
        f"`p` → saved on disk, {LOG_CRITERIA} criteria, {LONG_LOG:,} log entries",
        "ms",
        "≤ 1.5×",
        1.5,
        note="baseline: the same key with no log entries",
    )
    warm_nolog = Row("key_warm_log_0", "second key (`u`) → saved, no log entries", "ms", "(info)")
    warm_longlog = Row(
        "key_warm_log_20000",
        f"second key (`u`) → saved, {LONG_LOG:,} log entries",
        "ms",
        "≤ 1.5×",
        1.5,
        note="baseline: the same key with no log entries",
    )
    check_small = Row(f"check_{SMALL}", f"`pilotdesk check`, {SMALL} criteria", "ms", "≤ 1.5×", 1.5)
    check_large = Row(f"check_{LARGE}", f"`pilotdesk check`, {LARGE:,} criteria", "ms", "(info)")
    email_small = Row(f"email_{SMALL}", f"`pilotdesk email`, {SMALL} criteria", "ms", "(info)")
    email_large = Row(f"email_{LARGE}", f"`pilotdesk email`, {LARGE:,} criteria", "ms", "(info)")
    one_model = Row(
        "floor_one_model",
        "floor + one pydantic model defined and validated",
        "ms",
        "(info)",
        note="pydantic's cost of a first model, which any validating command pays",
    )
    floors: list[float] = []

    done = 0
    for run in range(runs):
        run_started = time.perf_counter()
        bench.log(f"run {run + 1}/{runs}: open")
        # Alternate pilotdesk and baseline so that a change in machine load hits both alike.
        for pd_row, mem_row, path in ((open_small, mem_small, small), (open_large, mem, large)):
            ms, rss = bench.open_once(pd_open(path), marker)
            pd_row.pilotdesk.append(ms)
            mem_row.pilotdesk.append(rss / 1024)
            ms, rss = bench.open_once(base_open(path), marker)
            pd_row.baseline.append(ms)
            mem_row.baseline.append(rss / 1024)

        bench.log(f"run {run + 1}/{runs}: keystrokes")
        for size in SIZES:
            path = pilots.by_size[size]
            keys = MANY_KEYS if size == LARGE else 2
            to_disk, to_screen, second, rss = bench.keystroke_once(
                pd_open, path, marker, pilots.first_ids[path], run, keys
            )
            shown, _ = bench.bare_key_once(path, marker, pilots.first_ids[path], run)
            painted[size].pilotdesk.append(to_screen)
            painted[size].baseline.append(shown)
            saved[size].pilotdesk.append(to_disk)
            if size in warm:
                warm[size].pilotdesk.append(second)
            if size == LARGE:
                memkey.pilotdesk.append(rss / 1024)

        bench.log(f"run {run + 1}/{runs}: keystrokes as the log grows")
        for key_row, warm_row, path in (
            (key_nolog, warm_nolog, pilots.no_log),
            (key_longlog, warm_longlog, pilots.long_log),
        ):
            to_disk, _, second, _ = bench.keystroke_once(
                pd_open, path, marker, pilots.first_ids[path], run
            )
            key_row.pilotdesk.append(to_disk)
            warm_row.pilotdesk.append(second)

        bench.log(f"run {run + 1}/{runs}: command line")
        floors.append(bench.wall_once(floor))
        check_small.pilotdesk.append(bench.wall_once([*bench.pilotdesk, "check", str(small)]))
        check_large.pilotdesk.append(bench.wall_once([*bench.pilotdesk, "check", str(large)]))
        email_small.pilotdesk.append(
            bench.wall_once([*bench.pilotdesk, "email", str(pilots.won[SMALL])])
        )
        email_large.pilotdesk.append(
            bench.wall_once([*bench.pilotdesk, "email", str(pilots.won[LARGE])])
        )
        one_model.pilotdesk.append(bench.wall_once([bench.python, "-c", ONE_MODEL]))
        floors.append(bench.wall_once(floor))
        done += 1
        if run + 1 < runs and time.perf_counter() + (time.perf_counter() - run_started) > deadline:
            bench.log(f"stopping after {done} runs: the next would pass the time budget")
            break

    for row in (check_small, check_large, email_small, email_large, one_model):
        row.baseline = floors
    memkey.baseline = list(mem.baseline)
    key_longlog.baseline = list(key_nolog.pilotdesk)
    warm_longlog.baseline = list(warm_nolog.pilotdesk)
    memkey.note = "baseline: the minimal app at first paint"
    return [
        painted[SMALL],
        painted[MIDDLE],
        painted[LARGE],
        open_small,
        open_large,
        check_small,
        one_model,
        key_longlog,
        warm_longlog,
        saved[SMALL],
        saved[MIDDLE],
        saved[LARGE],
        warm[SMALL],
        warm[LARGE],
        key_nolog,
        warm_nolog,
        check_large,
        email_small,
        email_large,
        mem_small,
        mem,
        memkey,
    ], done


# --- report ------------------------------------------------------------------------------------


def _fmt(value: float | None, unit: str) -> str:
    if value is None:
        return "—"
    return f"{value:.0f} ms" if unit == "ms" else f"{value:.1f} MiB"


def table(rows: list[Row]) -> str:
    lines = [
        "| measurement | pilotdesk (median ms) | baseline (median ms) | ratio | target | met? |",
        "| --- | ---: | ---: | ---: | --- | --- |",
    ]
    for row in rows:
        ratio = f"{row.ratio:.2f}×" if row.ratio is not None else "—"
        met = {True: "yes", False: "**no**", None: ""}[row.met]
        lines.append(
            f"| {row.label} | {_fmt(row.pd_median, row.unit)} | "
            f"{_fmt(row.base_median, row.unit)} | {ratio} | {row.target} | {met} |"
        )
    return "\n".join(lines)


def versions() -> dict[str, str]:
    from importlib.metadata import PackageNotFoundError, version

    out = {
        "python": platform.python_version(),
        "platform": platform.platform(),
        "cpus": str(os.cpu_count()),
    }
    for name in ("pilotdesk", "textual", "tomlkit", "pydantic"):
        try:
            out[name] = version(name)
        except PackageNotFoundError:
            out[name] = "?"
    try:
        out["tmux"] = subprocess.run(["tmux", "-V"], capture_output=True, text=True).stdout.strip()
    except OSError:
        pass
    return out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description="pilotdesk benchmarks (medians, ratios against a baseline)"
    )
    parser.add_argument("--runs", type=int, default=5, help="runs of each measurement (default 5)")
    parser.add_argument("--json", type=Path, help="also write every sample and median to this file")
    parser.add_argument("-q", "--quiet", action="store_true", help="no progress on stderr")
    parser.add_argument(
        "--budget",
        type=float,
        default=270,
        help="seconds; no new run starts that would end after it (default 270)",
    )
    args = parser.parse_args(argv)
    if args.runs < 1:
        parser.error("--runs must be at least 1")
    # Killed or hung up: still stop the tmux server we started (run_all's finally).
    for number in (signal.SIGTERM, signal.SIGHUP):
        signal.signal(number, lambda signum, frame: sys.exit(128 + signum))
    if shutil.which("tmux") is None:
        print(
            "run.py: tmux is needed (the open and keystroke measurements run in a real terminal)",
            file=sys.stderr,
        )
        return 2
    try:
        import textual  # noqa: F401

        import pilotdesk  # noqa: F401
    except ImportError as error:
        print(
            f"run.py: run me with the Python that has pilotdesk installed ({error})",
            file=sys.stderr,
        )
        return 2
    try:
        result = run_all(args.runs, not args.quiet, args.budget)
    except BenchError as error:
        print(f"run.py: {error}", file=sys.stderr)
        return 1
    rows: list[Row] = result["rows"]
    print(table(rows))
    print()
    runs_done = result["runs_done"]
    stopped = (
        f" (stopped after {runs_done} of {args.runs}: time budget)" if runs_done < args.runs else ""
    )
    print(
        f"{runs_done} runs each{stopped}, medians; {result['seconds']:.0f} s in all. "
        f"Terminal {WIDTH}x{HEIGHT} in tmux. "
        f"Load average before/after: {result['load_before'][0]:.2f}/{result['load_after'][0]:.2f} "
        f"on {os.cpu_count()} CPUs. Baselines: `p` painted and open = benchmarks/minimal_app.py "
        f"with the same rows (its p updates the cell and saves the file atomically); "
        f'check/email = python -c "{FLOOR}"; memory = the minimal app.'
    )
    if args.json:
        payload = {
            "command": "python benchmarks/run.py "
            + shlex.join(sys.argv[1:] if argv is None else argv),
            "runs": runs_done,
            "runs_requested": args.runs,
            "seconds": result["seconds"],
            "load_average_before": result["load_before"],
            "load_average_after": result["load_after"],
            "terminal": f"{WIDTH}x{HEIGHT}",
            "versions": versions(),
            "rows": [row.as_json() for row in rows],
        }
        args.json.write_text(json.dumps(payload, indent=2) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
