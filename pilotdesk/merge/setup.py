"""``pilotdesk git setup``: register the merge driver in a clone, route pilot files to it, and
keep the lock files out of ``git status``.

Everything it writes stays inside the repository and goes through no symbolic link: a committed
``.gitattributes`` that is a link (to ``/dev/zero``, to a file elsewhere) is refused, not
followed. The pattern it writes is checked first, because ``.gitattributes`` is a file of
lines: a newline in it would be a line of its own (``* filter=evil``), a space would end the
pattern. A refusal is a :class:`SetupRefused`, exit 2, with nothing written.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

from pilotdesk.domain.errors import PilotFileError
from pilotdesk.merge.git import DEFAULT_PATTERN, DRIVER, GitError, _git, driver_command
from pilotdesk.merge.git import repository_root as _root
from pilotdesk.pilotfile.atomic import atomic_write
from pilotdesk.pilotfile.read import read_bytes


class SetupRefused(GitError):
    """The pattern or a file ``git setup`` would write is not safe to use."""


@dataclass(frozen=True)
class SetupReport:
    root: Path
    changed: list[str]


def pattern_problem(pattern: str) -> str | None:
    """Why ``pattern`` cannot go into ``.gitattributes`` (None: it can)."""
    if not pattern.strip():
        return "is empty"
    if pattern != pattern.strip():
        return "starts or ends with a space"
    if any(not ch.isprintable() for ch in pattern):
        return "holds a newline or another control character"
    if pattern.startswith(("!", "#")):
        return "starts with '!' or '#', which .gitattributes does not take as a pattern"
    if any(ch in pattern for ch in '"\\='):
        return "holds '\"', '\\' or '=', which .gitattributes would read as syntax"
    if ".." in Path(pattern).parts:
        return "leaves the repository ('..')"
    return None


def attributes_line(pattern: str) -> str:
    """The line for ``pattern``: quoted the way git reads a pattern with spaces in it."""
    written = f'"{pattern}"' if " " in pattern else pattern
    return f"{written} merge={DRIVER}"


def lock_pattern(pattern: str) -> str:
    """The lock files of the pilots ``pattern`` names (``.acme.toml.lock`` beside
    ``acme.toml``), as ``.git/info/exclude`` reads it: at any depth, spaces as they are."""
    name = pattern.rstrip("/").rsplit("/", 1)[-1]
    return f".{name}.lock"


def setup(folder: Path, pattern: str = DEFAULT_PATTERN) -> SetupReport:
    """Register the driver in the repository's config, route ``pattern`` to it in
    ``.gitattributes`` and keep lock files out of ``git status`` in ``.git/info/exclude``;
    what is already there is left alone (running it twice changes nothing)."""
    from pilotdesk.domain.text import visible

    problem = pattern_problem(pattern)
    if problem:
        raise SetupRefused(f"the pattern {visible(repr(pattern))} {problem}; nothing written")
    root = _root(folder)
    if root is None:
        raise GitError(f"{folder} is not in a git repository (or git is not installed)")
    attributes = root / ".gitattributes"
    existing = _read_inside(root, attributes)
    exclude, common = _exclude_path(root)
    excluded = _read_inside(common, exclude) if exclude is not None else ""
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
    line = attributes_line(pattern)
    if _append(attributes, existing, line):
        changed.append(f".gitattributes: {line}")
    if exclude is not None and _append(exclude, excluded, lock_pattern(pattern)):
        changed.append(f".git/info/exclude: {lock_pattern(pattern)} (the lock files)")
    return SetupReport(root, changed)


def _exclude_path(root: Path) -> tuple[Path | None, Path]:
    """The clone's ``info/exclude`` (a worktree shares its main clone's) and the git folder it
    belongs in; None if git cannot say where it is."""
    where = _git("rev-parse", "--git-path", "info/exclude", "--git-common-dir", cwd=root)
    lines = where.stdout.splitlines()
    if where.returncode != 0 or len(lines) != 2:
        return None, root
    return root / lines[0], root / lines[1]


def _read_inside(top: Path, path: Path) -> str:
    """The text of a file ``git setup`` appends to: a regular file (or none yet) that is no
    symbolic link, under no linked folder that leads out of ``top`` (the work tree, or the
    git folder)."""
    if path.is_symlink():
        raise SetupRefused(f"{path} is a symbolic link; not followed, nothing written")
    real_parent, real_top = Path(os.path.realpath(path.parent)), Path(os.path.realpath(top))
    if real_parent != real_top and real_top not in real_parent.parents:
        raise SetupRefused(f"{path} is outside the repository; nothing written")
    if not path.exists():
        return ""
    try:
        return read_bytes(path).decode("utf-8")
    except PilotFileError as error:
        raise SetupRefused(f"{path}: {error.first.message}; nothing written") from None
    except (OSError, UnicodeDecodeError) as error:
        raise SetupRefused(f"{path} cannot be read ({error}); nothing written") from None


def _append(path: Path, existing: str, line: str) -> bool:
    """Add ``line`` unless it is there; True when the file changed."""
    if line in (row.strip() for row in existing.splitlines()):
        return False
    separator = "" if not existing or existing.endswith("\n") else "\n"
    path.parent.mkdir(parents=True, exist_ok=True)
    atomic_write(path, (existing + separator + line + "\n").encode("utf-8"))
    return True
