"""The rules of the house that a reviewer would otherwise have to remember.

Modules stay readable in one sitting; no dependency is patched behind its users' backs; the
one tomlkit quirk pilotdesk works around is worked around only in documents pilotdesk edits.
(Which layer may import which is import-linter's job: see pyproject.toml and .ci/run.)
"""

from __future__ import annotations

import subprocess
import sys
import textwrap
from pathlib import Path

import pilotdesk
from pilotdesk.session.changes import SetStatus
from pilotdesk.session.store import PilotStore

PACKAGE = Path(pilotdesk.__file__).parent
MAX_MODULE_LINES = 400

SPACED = """\
schema = 1

[pilot]
title = "Spaced headers"
prospect = "Acme"
product = "Lumen"

[[ criteria ]]
id = "a"
title = "A"

[[ criteria ]]
id = "b"
title = "B"

[[log]]
at = 2026-11-20T10:00:00
event = "pilot created"
"""


def test_no_module_is_over_400_lines() -> None:
    long = {
        str(path.relative_to(PACKAGE)): count
        for path in PACKAGE.rglob("*.py")
        if (count := len(path.read_text(encoding="utf-8").splitlines())) > MAX_MODULE_LINES
    }
    assert long == {}


def test_importing_every_module_leaves_tomlkits_classes_as_they_were() -> None:
    # In a fresh interpreter: fingerprint every function of every tomlkit class, import all of
    # pilotdesk, fingerprint again.
    code = textwrap.dedent(
        """
        import importlib, inspect, pkgutil, sys
        import tomlkit, tomlkit.container, tomlkit.items, tomlkit.toml_document, tomlkit.api

        def fingerprint():
            seen = {}
            for module in (tomlkit.container, tomlkit.items, tomlkit.toml_document, tomlkit.api):
                for cname, cls in vars(module).items():
                    if inspect.isclass(cls) and cls.__module__.startswith("tomlkit"):
                        for name, value in vars(cls).items():
                            seen[(module.__name__, cname, name)] = id(value)
                    elif inspect.isfunction(cls):
                        seen[(module.__name__, cname)] = id(cls)
            return seen

        before = fingerprint()
        import pilotdesk
        for info in pkgutil.walk_packages(pilotdesk.__path__, "pilotdesk."):
            if not info.name.endswith("__main__"):
                importlib.import_module(info.name)
        after = fingerprint()
        changed = sorted(str(k) for k in before if before[k] != after.get(k))
        added = sorted(str(k) for k in after if k not in before)
        print(changed, added)
        sys.exit(1 if changed or added else 0)
        """
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert done.returncode == 0, done.stdout + done.stderr


def test_a_document_pilotdesk_does_not_edit_renders_as_tomlkit_renders_it() -> None:
    # The header fix applies to pilot documents only; tomlkit's own rendering of the same text
    # (here: the first header's spelling for every entry) is what every other user gets.
    import tomlkit

    from pilotdesk.pilotfile import toml_edit

    assert tomlkit.parse(SPACED).as_string().count("[[ criteria ]]") == 2  # parsed as written
    plain = tomlkit.parse(SPACED.replace('[[ criteria ]]\nid = "b"', '[[criteria]]\nid = "b"'))
    assert plain.as_string().count("[[ criteria ]]") == 2, "tomlkit rewrites the second header"
    ours = toml_edit.parse(SPACED.replace('[[ criteria ]]\nid = "b"', '[[criteria]]\nid = "b"'))
    assert ours.as_string().count("[[ criteria ]]") == 1, "pilotdesk writes each as written"


def test_an_entry_header_written_with_spaces_survives_an_edit(tmp_path: Path) -> None:
    # Why toml_edit.parse exists: without it a file whose headers differ in spacing could not
    # be edited without rewriting a line the user wrote.
    text = SPACED.replace('[[ criteria ]]\nid = "b"', '[[criteria]]\nid = "b"')
    for prepare in (True, False):  # the whole document, and the splice
        path = tmp_path / f"spaced-{prepare}.toml"
        path.write_text(text, encoding="utf-8")
        store = PilotStore.open(path, prepare=prepare)
        assert store.apply(SetStatus("criteria", "b", "passed")).saved
        saved = path.read_text(encoding="utf-8")
        assert '[[ criteria ]]\nid = "a"' in saved and '[[criteria]]\nid = "b"' in saved
        assert saved.startswith(
            text.split("[[log]]")[0].replace('title = "B"', 'title = "B"\nstatus = "passed"')
        )


#: The workbook's helpers: the app calls them; they see it only as ui.workbook's protocol.
WORKBOOK_HELPERS = ("commands", "disk", "exports", "quitting", "record", "review", "workbook")


def test_workbook_helpers_do_not_import_the_app() -> None:
    """The nine-file import circle (app -> helper -> app) stays broken: no helper names the app
    module, not even for type checking (import-linter's contract says the same in CI)."""
    import ast

    offenders = []
    for name in WORKBOOK_HELPERS:
        root = PACKAGE / "ui" / name
        files = sorted(root.rglob("*.py")) if root.is_dir() else [root.with_suffix(".py")]
        for path in files:
            for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
                if isinstance(node, ast.ImportFrom) and node.module in (
                    "pilotdesk.ui.app",
                    "pilotdesk.ui.board_workbook",
                ):
                    offenders.append(path.relative_to(PACKAGE).as_posix())
    assert offenders == []


def test_the_app_is_a_workbook_for_its_helpers() -> None:
    """What the helpers may use is there on the app (mypy checks the types; this, the names)."""
    from pilotdesk.ui.app import PilotdeskApp
    from pilotdesk.ui.workbook import Workbook

    wanted = {
        name for name in dir(Workbook) if not name.startswith("_") and name not in dir(object)
    } | set(Workbook.__annotations__)
    missing = sorted(
        name
        for name in wanted
        if not hasattr(PilotdeskApp, name) and name not in PilotdeskApp.__init__.__code__.co_names
    )
    assert missing == []
