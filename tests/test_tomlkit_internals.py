"""The adapter over tomlkit's private names (pilotdesk/pilotfile/toml_edit/internals.py).

A tomlkit release that renames or changes one of the few private names pilotdesk relies on
fails here, by name, rather than as a crash on some edit in a user's meeting. And no module
but the adapter may touch a tomlkit private name, so there is one file to fix.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import tomlkit
from tomlkit.items import AoT, SingleKey, Whitespace

import pilotdesk
from pilotdesk.pilotfile.toml_edit import internals

PACKAGE = Path(pilotdesk.__file__).parent
ADAPTER = PACKAGE / "pilotfile" / "toml_edit" / "internals.py"


@pytest.mark.parametrize(
    ("owner", "name"),
    [(cls, name) for cls, names in internals.PRIVATE_NAMES.items() for name in names],
    ids=lambda value: getattr(value, "__name__", value),
)
def test_the_installed_tomlkit_has_each_private_method_the_adapter_uses(
    owner: type, name: str
) -> None:
    assert callable(getattr(owner, name, None)), f"tomlkit {tomlkit.__version__}: {owner}.{name}"


def _instance(cls: type) -> object:
    if cls is AoT:
        return tomlkit.aot()
    if cls is Whitespace:
        return Whitespace("\n")
    return cls()


@pytest.mark.parametrize(
    ("owner", "name"),
    [(cls, name) for cls, names in internals.PRIVATE_INSTANCE_NAMES.items() for name in names],
    ids=lambda value: getattr(value, "__name__", value),
)
def test_the_installed_tomlkit_has_each_private_attribute_the_adapter_uses(
    owner: type, name: str
) -> None:
    assert hasattr(_instance(owner), name), f"tomlkit {tomlkit.__version__}: {owner}.{name}"


def _private_tomlkit_names_in(path: Path) -> list[str]:
    names = {name for names in internals.PRIVATE_NAMES.values() for name in names}
    names |= {name for names in internals.PRIVATE_INSTANCE_NAMES.values() for name in names}
    names |= {"_insert_after", "_remove_at", "_body", "_table_keys", "_out_of_order_keys"}
    text = path.read_text(encoding="utf-8")
    return sorted(n for n in names if re.search(rf"\.{re.escape(n)}\b", text))


def test_no_module_but_the_adapter_touches_a_tomlkit_private_name() -> None:
    offenders = {
        str(path.relative_to(PACKAGE)): found
        for path in PACKAGE.rglob("*.py")
        if path != ADAPTER and (found := _private_tomlkit_names_in(path))
    }
    assert offenders == {}


def test_the_grep_sees_a_private_name_where_there_is_one() -> None:
    # The test above can fail: the adapter itself is full of them.
    assert "_insert_at" in _private_tomlkit_names_in(ADAPTER)


def test_insert_after_puts_the_key_right_below_the_named_one() -> None:
    doc = tomlkit.parse("a = 1\nb = 2 # two\n\n# about c\nc = 3\n")
    internals.insert_after(doc, "b", SingleKey("x"), tomlkit.item(9))
    assert doc.as_string() == "a = 1\nb = 2 # two\nx = 9\n\n# about c\nc = 3\n"
    assert doc["x"] == 9 and doc["c"] == 3


def test_insert_after_the_last_line_of_a_file_without_a_final_newline() -> None:
    doc = tomlkit.parse("a = 1")
    internals.insert_after(doc, "a", SingleKey("b"), tomlkit.item("two"))
    assert doc.as_string() == 'a = 1\nb = "two"\n'
    assert tomlkit.parse(doc.as_string())["b"] == "two"


def test_insert_at_the_end_appends() -> None:
    doc = tomlkit.parse("a = 1\n")
    internals.insert_at(doc, len(doc.body), "b", tomlkit.item(2))
    assert doc.as_string() == "a = 1\nb = 2\n"
    assert internals.key_index(doc, "b") == 1


def test_shift_indices_keeps_lookups_right_after_keyless_lines_go_in() -> None:
    doc = tomlkit.parse("a = 1\nb = 2\n")
    comment = tomlkit.parse("# note\n").body
    internals.shift_indices(doc, 1, len(comment))
    doc.body[1:1] = comment
    assert doc.as_string() == "a = 1\n# note\nb = 2\n"
    assert doc["b"] == 2 and internals.key_index(doc, "b") == 2


def test_render_line_is_the_line_as_written() -> None:
    doc = tomlkit.parse("key   =  'v'   # kept\n")
    key, item = doc.body[0]
    assert internals.render_line(doc, key, item) == "key   =  'v'   # kept\n"


def test_headers_as_written_keep_their_spacing() -> None:
    text = '[[criteria]]\nid = "a"\n\n[[ criteria ]]\nid = "b"\n'
    doc = tomlkit.parse(text)
    doc.__class__ = internals.HeadersAsWritten
    assert doc.as_string() == text


def test_a_table_put_back_above_a_new_log_ends_its_last_line(tmp_path) -> None:
    # Found by the property tests on tomlkit 0.13.0 (CI runs the editing tests on the oldest
    # allowed tomlkit): [technical_win] was the file's last table, its last line without a
    # newline; removing it appended [[log]], and the undo put it back above the log with
    # ``x = "…"[[log]]`` on one line, an invalid file. 0.15 happened to add the newline itself.
    import datetime as dt

    from pilotdesk.pilotfile.read import parse_bytes
    from pilotdesk.session.changes import SetTechnicalWin
    from pilotdesk.session.store import PilotStore

    path = tmp_path / "p.toml"
    path.write_text(
        'schema = 1\n[pilot]\ntitle = "t"\nprospect = "p"\nproduct = "w"\n\n'
        '[technical_win]\nverdict = "yes_but"\nasked_on = 2026-11-20T10:00:00\n'
        'x_minutes = "kept"',  # no newline at the end of the file
        encoding="utf-8",
    )
    store = PilotStore.open(path, lambda: dt.datetime(2026, 11, 22, 10, 30))
    assert store.apply(SetTechnicalWin(None)).save_error is None
    assert store.undo() is not None
    text = path.read_text(encoding="utf-8")
    parse_bytes(text.encode("utf-8"), path)  # valid: raises on the old behaviour
    assert 'x_minutes = "kept"\n' in text and "[[log]]" in text
