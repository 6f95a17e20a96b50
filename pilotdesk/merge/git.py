"""The git commands pilotdesk runs: set up its merge driver, see whether a pilot has it, merge
a file git's own way, and name the person making a change.

Standard library only (``check`` uses it). A machine without git gets a clear message from
``git setup`` and silence from everything else: git is how files are shared, never required.
"""

from __future__ import annotations

import getpass
import shlex
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

DRIVER = "pilotdesk"
DEFAULT_PATTERN = "*.toml"


class GitError(Exception):
    """git is missing, or this is not a git repository."""


def _git(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    # git writes UTF-8 (paths, names, messages), whatever the locale: decoded with the
    # locale's code page (cp1252 on Windows), a name like "Zoë" or a path would be garbled.
    # surrogateescape keeps a POSIX path that is not UTF-8 as os.fsdecode would.
    try:
        return subprocess.run(
            ["git", *args],
            cwd=cwd,
            capture_output=True,
            encoding="utf-8",
            errors="surrogateescape",
            check=False,
            timeout=30,
        )
    except (OSError, subprocess.TimeoutExpired) as error:
        raise GitError(f"cannot run git: {error}") from None


def repository_root(folder: Path) -> Path | None:
    """The top of the work tree ``folder`` is in, or None (not a repository, or no git)."""
    try:
        done = _git("rev-parse", "--show-toplevel", cwd=folder)
    except GitError:
        return None
    return Path(done.stdout.strip()) if done.returncode == 0 and done.stdout.strip() else None


def driver_command() -> str:
    """The driver's command line: this Python and this pilotdesk, by absolute path, so that it
    works from any shell and from git GUIs that do not see the user's PATH or virtualenv."""
    return f"{shlex.quote(sys.executable)} -m pilotdesk merge %O %A %B %P"


@dataclass(frozen=True)
class SetupReport:
    root: Path
    changed: list[str]


def setup(folder: Path, pattern: str = DEFAULT_PATTERN) -> SetupReport:
    """Register the driver in the repository's config and route ``pattern`` to it in
    ``.gitattributes``; what is already there is left alone (running it twice changes nothing)."""
    root = repository_root(folder)
    if root is None:
        raise GitError(f"{folder} is not in a git repository (or git is not installed)")
    changed: list[str] = []
    wanted = {
        f"merge.{DRIVER}.name": "pilotdesk: merge pilot files by meaning",
        f"merge.{DRIVER}.driver": driver_command(),
    }
    for key, value in wanted.items():
        if _git("config", "--local", "--get", key, cwd=root).stdout.rstrip("\n") != value:
            done = _git("config", "--local", key, value, cwd=root)
            if done.returncode != 0:
                raise GitError(f"git config {key} failed: {done.stderr.strip()}")
            changed.append(f"git config {key}")
    attributes = root / ".gitattributes"
    line = f"{pattern} merge={DRIVER}"
    existing = attributes.read_text(encoding="utf-8") if attributes.exists() else ""
    if line not in (row.strip() for row in existing.splitlines()):
        separator = "" if not existing or existing.endswith("\n") else "\n"
        attributes.write_text(existing + separator + line + "\n", encoding="utf-8")
        changed.append(f".gitattributes: {line}")
    return SetupReport(root, changed)


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
        str(ours),
        str(base),
        str(theirs),
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
