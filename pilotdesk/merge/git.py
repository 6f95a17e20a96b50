"""The git commands pilotdesk runs: see whether a pilot has the merge driver or is unmerged,
merge a file git's own way, and name the person making a change (``git setup`` is
:mod:`.setup`).

git runs here the same safe way every time (:func:`_git`): by the absolute path found on PATH
(never a ``git`` lying in the pilot's folder), with ``core.fsmonitor`` off, so that a folder
whose ``.git/config`` names a command of its choosing (an archive, a shared folder) cannot run
it when the SE checks a pilot there, and without the ``GIT_*`` variables that point git at
another repository or index (a hook's environment). Output is read as UTF-8 on every platform.

Standard library and the file reader only (``check`` uses it). A machine without git gets a clear message from
``git setup`` and silence from everything else: git is how files are shared, never required.
"""

from __future__ import annotations

import getpass
import hashlib
import os
import re
import shlex
import shutil
import subprocess
import sys
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from pilotdesk.domain.errors import PilotFileError

DRIVER = "pilotdesk"
DEFAULT_PATTERN = "*.toml"

#: Configuration that would run a command, or write, where pilotdesk only reads.
SAFE_CONFIG = ("-c", "core.fsmonitor=false", "-c", "core.untrackedCache=false")
#: The user's own configuration stays (``GIT_CONFIG_GLOBAL``, ``GIT_CONFIG_NOSYSTEM``, ...);
#: these point git at another repository, index or program, or would print traces.
_UNSAFE_ENV = (
    "GIT_DIR", "GIT_WORK_TREE", "GIT_INDEX_FILE", "GIT_OBJECT_DIRECTORY", "GIT_COMMON_DIR",
    "GIT_ALTERNATE_OBJECT_DIRECTORIES", "GIT_NAMESPACE", "GIT_PREFIX", "GIT_EXTERNAL_DIFF",
    "GIT_PAGER", "GIT_EDITOR", "GIT_SSH", "GIT_SSH_COMMAND", "GIT_ASKPASS", "GIT_EXEC_PATH",
    "GIT_CONFIG_PARAMETERS", "GIT_CONFIG_COUNT", "GIT_CONFIG",
)  # fmt: skip


class GitError(Exception):
    """git is missing, or this is not a git repository."""


@cache
def _executable() -> str | None:
    return shutil.which("git")


def safe_environment() -> dict[str, str]:
    """This process's environment without what would send git elsewhere or run a program."""
    env = {
        key: value
        for key, value in os.environ.items()
        if key not in _UNSAFE_ENV
        and not key.startswith(("GIT_TRACE", "GIT_CONFIG_KEY_", "GIT_CONFIG_VALUE_"))
    }
    env["GIT_OPTIONAL_LOCKS"] = "0"  # reading never writes the index
    env["GIT_TERMINAL_PROMPT"] = "0"
    return env


def _git(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    executable = _executable()
    if executable is None:
        raise GitError("cannot run git: it is not installed (not on PATH)")
    try:
        return subprocess.run(
            [executable, *SAFE_CONFIG, *args],
            cwd=cwd,
            capture_output=True,
            encoding="utf-8",
            # git writes UTF-8 (paths, names, messages) whatever the locale: decoded with the
            # locale's code page (cp1252 on Windows) "Zoë" would be garbled; surrogateescape
            # keeps a POSIX path that is not UTF-8 as os.fsdecode would.
            errors="surrogateescape",
            env=safe_environment(),
            stdin=subprocess.DEVNULL,
            check=False,
            timeout=30,
        )
    except (OSError, subprocess.TimeoutExpired) as error:
        raise GitError(f"cannot run git: {error}") from None


def repository_root(folder: Path) -> Path | None:
    """The top of the work tree ``folder`` is in, or None (not a repository, or no git)."""
    if not _looks_like_a_repository(folder):
        return None  # no .git above: no git to run at all
    try:
        done = _git("rev-parse", "--show-toplevel", cwd=folder)
    except GitError:
        return None
    return Path(done.stdout.strip()) if done.returncode == 0 and done.stdout.strip() else None


def _looks_like_a_repository(folder: Path) -> bool:
    """A ``.git`` in the folder or above it (a folder, or a file for a worktree)."""
    try:
        folder = folder.resolve()
    except OSError:
        return False
    return any((parent / ".git").exists() for parent in (folder, *folder.parents))


def driver_command() -> str:
    """The driver's command line, run by git through ``sh`` (Git for Windows has one too).

    It finds pilotdesk the way the user's shell does (``pilotdesk`` on PATH), else by the
    absolute path of the Python that ran ``git setup`` (for git GUIs that do not see the user's
    PATH or virtualenv), each tried before it is trusted with the merge. When neither runs (the
    virtualenv was deleted or moved, Python was upgraded), git's own line merge leaves conflict
    markers and the merge is reported as a conflict: never our side alone, silently."""
    python = shlex.quote(os.path.abspath(sys.executable))
    args = "%O %A %B %P"
    return (
        f'd() {{ "$@" --version >/dev/null 2>&1 && exec "$@" merge {args}; }}; '
        f"d pilotdesk; d {python} -m pilotdesk; "
        f"echo 'pilotdesk merge: pilotdesk is not on PATH nor at {_for_echo(python)}; "
        "merged line by line: resolve the markers, then pilotdesk git setup' >&2; "
        "git merge-file -L ours -L base -L theirs %A %O %B; exit 1"
    )


def _for_echo(quoted: str) -> str:
    """A quoted path inside the single-quoted message: the quotes closed and reopened."""
    return quoted.replace("'", "'\"'\"'")


def has_driver(path: Path) -> bool | None:
    """Whether git merges ``path`` with pilotdesk's driver; None when it is not in a repository
    (or git is missing), where the question does not arise."""
    folder = path.resolve().parent
    if repository_root(folder) is None:
        return None
    try:
        attr = _git("check-attr", "merge", "--", path.resolve().name, cwd=folder)
        driver = _git("config", "--get", f"merge.{DRIVER}.driver", cwd=folder)
    except GitError:
        return None
    return attr.stdout.strip().endswith(f": {DRIVER}") and driver.returncode == 0


@dataclass(frozen=True)
class Unmerged:
    """A file git's merge stopped at: the index holds its versions (1 base, 2 ours, 3 theirs)."""

    path: Path
    root: Path
    name: str  # the path in the repository, as git names it
    stages: dict[int, str]  # stage -> blob id
    only_ours: bool  # the working file is our side byte for byte: theirs is not in it
    markers: bool  # the working file holds conflict markers

    def _commands(self, cwd: Path | None) -> tuple[str, str, str]:
        """``git`` (with ``-C`` from outside), the file, and the spec of its stage 3."""
        here = (cwd or Path.cwd()).resolve()
        if here == self.root or self.root in here.parents:
            relative = os.path.relpath(self.root / self.name, here)
            spec = relative if relative.startswith("..") else f"./{relative}"
            return "git", shlex.quote(relative), shlex.quote(f":3:{spec}")
        git = f"git -C {shlex.quote(str(self.root))}"
        return git, shlex.quote(self.name), shlex.quote(f":3:{self.name}")

    def describe(self, cwd: Path | None = None) -> str:
        """What state it is in, and the commands that bring the other side back from ``cwd``."""
        git, file, theirs = self._commands(cwd)
        see = f"see theirs: {git} show {theirs}; take theirs: {git} checkout --theirs {file}"
        if self.markers:
            return (
                f"a merge stopped at it with conflicts: resolve them (pilotdesk open {file}), "
                f"then {git} add {file}; {see}"
            )
        if self.only_ours and 3 in self.stages:
            return (
                "git's merge stopped at it and it holds only our side: the other side's edit "
                "is not in it (pilotdesk's merge driver did not run). Merge it again by "
                f"meaning: pilotdesk git setup, then {git} checkout -m {file}; {see}; "
                f"then {git} add {file}"
            )
        return (
            "git still lists it as unmerged (a merge stopped at it): once it holds both sides' "
            f"edits, {git} add {file}; {see}"
        )


def unmerged(paths: list[Path]) -> dict[Path, Unmerged]:
    """The files among ``paths`` that git lists as unmerged, by the path given; one
    ``git ls-files -u`` per repository, none outside a repository."""
    by_root: dict[Path, list[Path]] = {}
    roots: dict[Path, Path | None] = {}
    for path in paths:
        try:
            folder = path.resolve().parent
        except (OSError, RuntimeError):  # a link in a loop (RuntimeError before Python 3.13):
            continue  # not a file git tracks; reading it says why it cannot be read
        if folder not in roots:
            roots[folder] = repository_root(folder)
        root = roots[folder]
        if root is not None:
            by_root.setdefault(root, []).append(path)
    found: dict[Path, Unmerged] = {}
    for root, given in by_root.items():
        stages = _unmerged_stages(root)
        for path in given:
            name = Path(os.path.relpath(path.resolve(), root.resolve())).as_posix()
            if name in stages:
                data = _read(path)
                ours = stages[name].get(2)
                only_ours = ours is not None and _blob_id(data, len(ours)) == ours
                markers = re.search(rb"^<{7}( |\r?$)", data, re.MULTILINE) is not None
                found[path] = Unmerged(path, root, name, stages[name], only_ours, markers)
    return found


def _unmerged_stages(root: Path) -> dict[str, dict[int, str]]:
    try:
        done = _git("ls-files", "-u", "-z", "--full-name", cwd=root)
    except GitError:
        return {}
    stages: dict[str, dict[int, str]] = {}
    for record in done.stdout.split("\0") if done.returncode == 0 else []:
        info, _, name = record.partition("\t")
        fields = info.split()
        if len(fields) == 3 and fields[2].isdigit():
            stages.setdefault(name, {})[int(fields[2])] = fields[1]
    return stages


def _read(path: Path) -> bytes:
    """The working file's bytes, through the reader that refuses FIFOs and huge files."""
    from pilotdesk.pilotfile.read import read_bytes

    try:
        return read_bytes(path)
    except (PilotFileError, OSError):
        return b""


def _blob_id(data: bytes, length: int) -> str:
    """git's id of these bytes (sha1, or sha256 in a sha256 repository)."""
    digest = hashlib.sha256() if length == 64 else hashlib.sha1()  # noqa: S324 (git's id)
    digest.update(b"blob %d\0" % len(data) + data)
    return digest.hexdigest()


def merge_file(base: Path, ours: Path, theirs: Path) -> int:
    """git's own line merge into ``ours``: the fallback for a file that is not a pilot.
    Returns 0 when clean, 1 with conflicts."""
    done = _git(
        "merge-file",
        "-L",
        "ours",
        "-L",
        "base",
        "-L",
        "theirs",
        str(ours.resolve()),
        str(base.resolve()),
        str(theirs.resolve()),
        cwd=ours.resolve().parent,
    )
    if not 0 <= done.returncode < 128:  # it counts conflicts; a negative count is an error
        raise GitError(done.stderr.strip() or "git merge-file failed")
    return 0 if done.returncode == 0 else 1


def author(folder: Path) -> str:
    """Who is making a change: git's ``user.name`` where set, else the login name."""
    try:
        done = _git("config", "--get", "user.name", cwd=folder)
        name = done.stdout.strip() if done.returncode == 0 else ""
    except GitError:
        name = ""
    if name:
        return name
    try:
        return getpass.getuser()
    except (KeyError, OSError, ImportError):  # ImportError: no pwd module (Windows, 3.12-)
        return ""
