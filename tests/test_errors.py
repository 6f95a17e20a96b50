"""Issue 2, acceptance point 2 (our own content errors): every problem is reported as
``FILE:LINE: field: what is wrong`` (``FILE:LINE:COL:`` for bytes and syntax), at the right line.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from pilotdesk.domain.errors import PilotFileError
from pilotdesk.pilotfile.locate import line_of
from pilotdesk.pilotfile.read import parse_bytes, read_file
from pilotdesk.session.store import PilotStore

NAME = "globex.toml"

# A small valid pilot whose line numbers the expectations below spell out.
BASE_LINES = [
    "# Globex — a pilot for the error tests",  # 1
    "schema = 1",  # 2
    "",  # 3
    "[pilot]",  # 4
    'title = "Globex — sensor evaluation"',  # 5
    'prospect = "Globex"',  # 6
    'product = "Lumen S3"',  # 7
    "starts = 2026-11-02",  # 8
    "ends = 2026-12-11",  # 9
    'champion = "ann"',  # 10
    "",  # 11
    "[commercial]",  # 12
    'sponsor = "bob"',  # 13
    'qualification_owner = "bob"',  # 14
    "",  # 15
    "[[criteria]]",  # 16
    'id = "snr"',  # 17
    'title = "SNR at 2 m"',  # 18
    'status = "passed"',  # 19
    'verifier = "ann"',  # 20
    "must_have = true",  # 21
    "",  # 22
    "[[criteria]]",  # 23
    'id = "drift"',  # 24
    'title = "Thermal drift"',  # 25
    'notes = """',  # 26
    "Retest booked with FW 2.8.",  # 27
    'status = "this line is inside a string"',  # 28
    '"""',  # 29
    'status = "failed"',  # 30
    'verifier = "ann"',  # 31
    "",  # 32
    "[[criteria]]",  # 33
    'id = "power"',  # 34
    'title = "Power draw"',  # 35
    'status = "pending"',  # 36
    'verifier = "ann"',  # 37
    "must_have = false",  # 38
    "",  # 39
    "[[stakeholders]]",  # 40
    'id = "ann"',  # 41
    'name = "Ann Perkins"',  # 42
    'reports_to = "bob"',  # 43
    "",  # 44
    "[[stakeholders]]",  # 45
    'id = "bob"',  # 46
    'name = "Bob Lee"',  # 47
    'role = "sponsor"',  # 48
    "",  # 49
    "[[checklist]]",  # 50
    'id = "nda"',  # 51
    'item = "Mutual NDA"',  # 52
    'owner = "bob"',  # 53
    "",  # 54
    "[technical_win]",  # 55
    'verdict = "more_time"',  # 56
    "asked_on = 2026-12-10T16:05:00",  # 57
    'attendees = ["ann", "bob"]',  # 58
    'unproven = ["power"]',  # 59
    "prove_by = 2026-12-17",  # 60
]
BASE = "\n".join(BASE_LINES) + "\n"
KNOWN_PEOPLE = "(known: ann, bob)"


def variant(line: int, new: str | None) -> bytes:
    """BASE with 1-based ``line`` replaced by ``new`` (removed when None)."""
    lines = list(BASE_LINES)
    if new is None:
        del lines[line - 1]
    else:
        lines[line - 1] = new
    return ("\n".join(lines) + "\n").encode("utf-8")


def problems(raw: bytes) -> list[str]:
    with pytest.raises(PilotFileError) as raised:
        parse_bytes(raw, NAME)
    error = raised.value
    assert str(error) == error.render()
    return error.render().splitlines()


def test_base_is_valid_and_numbered_as_written() -> None:
    parsed = parse_bytes(BASE.encode(), NAME)
    assert [c.id for c in parsed.pilot.criteria] == ["snr", "drift", "power"]
    assert parsed.pilot.criteria[1].notes.startswith("Retest")  # type: ignore[attr-defined]
    assert BASE_LINES[34 - 1] == 'id = "power"' and BASE_LINES[59 - 1] == 'unproven = ["power"]'


@pytest.mark.parametrize(
    ("line", "new", "expected"),
    [
        pytest.param(
            36,
            'status = "passd"',
            "globex.toml:36: criteria[2].status: 'passd' is not one of 'pending', 'passed' or 'failed'; did you mean 'passed'?",
            id="bad-status",
        ),
        pytest.param(
            30,
            'status = "done"',
            "globex.toml:30: criteria[1].status: 'done' is not one of 'pending', 'passed' or 'failed'",
            id="status-after-multiline-string",
        ),
        pytest.param(
            24,
            'id = "snr"',
            "globex.toml:24: criteria[1].id: duplicate id 'snr' (also criteria[0]); ids must be unique",
            id="duplicate-id",
        ),
        pytest.param(
            37,
            'verifier = "zed"',
            f"globex.toml:37: criteria[2].verifier: 'zed' is not a stakeholder id {KNOWN_PEOPLE}",
            id="dangling-verifier",
        ),
        pytest.param(
            10,
            'champion = "zed"',
            f"globex.toml:10: pilot.champion: 'zed' is not a stakeholder id {KNOWN_PEOPLE}",
            id="dangling-champion",
        ),
        pytest.param(
            13,
            'sponsor = "zed"',
            f"globex.toml:13: commercial.sponsor: 'zed' is not a stakeholder id {KNOWN_PEOPLE}",
            id="dangling-sponsor",
        ),
        pytest.param(
            53,
            'owner = "zed"',
            f"globex.toml:53: checklist[0].owner: 'zed' is not a stakeholder id {KNOWN_PEOPLE}",
            id="dangling-owner",
        ),
        pytest.param(
            43,
            'reports_to = "zed"',
            f"globex.toml:43: stakeholders[0].reports_to: 'zed' is not a stakeholder id {KNOWN_PEOPLE}",
            id="dangling-reports-to",
        ),
        pytest.param(
            43,
            'reports_to = "ann"',
            "globex.toml:43: stakeholders[0].reports_to: a person cannot report to themselves",
            id="reports-to-self",
        ),
        pytest.param(
            58,
            'attendees = ["ann", "zed"]',
            f"globex.toml:58: technical_win.attendees[1]: 'zed' is not a stakeholder id {KNOWN_PEOPLE}",
            id="dangling-attendee",
        ),
        pytest.param(
            59,
            'unproven = ["power", "speed"]',
            "globex.toml:59: technical_win.unproven[1]: 'speed' is not a criterion id (known: drift, power, snr)",
            id="dangling-unproven",
        ),
        pytest.param(
            9,
            'ends = "2026-12-11"',
            "globex.toml:9: pilot.ends: should be a date like 2026-11-20, not '2026-12-11'",
            id="quoted-date",
        ),
        pytest.param(
            8,
            "starts = 2026-11-02T09:00:00",
            "globex.toml:8: pilot.starts: should be a date like 2026-11-20, not the date and time 2026-11-02T09:00:00",
            id="datetime-for-date",
        ),
        pytest.param(
            57,
            "asked_on = 2026-12-10",
            "globex.toml:57: technical_win.asked_on: should be a date and time like 2026-11-20T15:02:00, not the date 2026-12-10",
            id="date-for-datetime",
        ),
        pytest.param(
            57,
            "asked_on = 2026-12-10T16:05:00Z",
            "globex.toml:57: technical_win.asked_on: should be a local date and time like 2026-11-20T15:02:00 (no time zone), not the date and time 2026-12-10T16:05:00+00:00",
            id="offset-datetime",
        ),
        pytest.param(
            38,
            'must_have = "no"',
            "globex.toml:38: criteria[2].must_have: should be true or false, not 'no'",
            id="string-must-have",
        ),
        pytest.param(
            38,
            "must_have = 0",
            "globex.toml:38: criteria[2].must_have: should be true or false, not the number 0",
            id="number-must-have",
        ),
        pytest.param(
            42,
            "name = 42",
            "globex.toml:42: stakeholders[0].name: should be text in quotes, not the number 42",
            id="number-for-text",
        ),
        pytest.param(
            58,
            'attendees = "ann"',
            "globex.toml:58: technical_win.attendees: should be a list, not 'ann'",
            id="string-for-list",
        ),
        pytest.param(
            56,
            'verdict = "maybe"',
            "globex.toml:56: technical_win.verdict: 'maybe' is not one of 'yes', 'yes_but', 'more_time' or 'no'",
            id="bad-verdict",
        ),
        pytest.param(
            5, None, "globex.toml:4: pilot.title: required, but missing", id="missing-pilot-title"
        ),
        pytest.param(
            35,
            None,
            "globex.toml:33: criteria[2].title: required, but missing",
            id="missing-criterion-title",
        ),
        pytest.param(
            35,
            'title = "   "',
            "globex.toml:35: criteria[2].title: must not be empty",
            id="blank-title",
        ),
        pytest.param(
            34,
            'id = "po wer"',
            "globex.toml:34: criteria[2].id: 'po wer' has spaces; an id is one word, like 'snr' or 'maria'",
            id="id-with-space",
        ),
        pytest.param(
            2,
            "schema = 2",
            "globex.toml:2: schema: this file is format version 2, newer than this pilotdesk reads (version 1); upgrade pilotdesk to open it",
            id="newer-schema",
        ),
        pytest.param(
            2,
            'schema = "1"',
            "globex.toml:2: schema: should be 1, the format version",
            id="string-schema",
        ),
        pytest.param(
            2,
            "schema = 0",
            "globex.toml:2: schema: should be 1, the format version",
            id="zero-schema",
        ),
    ],
)
def test_content_error_names_file_line_field_and_problem(
    line: int, new: str | None, expected: str
) -> None:
    assert problems(variant(line, new)) == [expected]


def test_every_problem_is_reported_in_line_order() -> None:
    lines = list(BASE_LINES)
    lines[53 - 1] = 'owner = "zed"'
    lines[10 - 1] = 'champion = "zed"'
    lines[36 - 1] = 'status = "passd"'
    raw = ("\n".join(lines) + "\n").encode()
    # issue 14, point 10: dangling references come with the schema errors, in one message
    assert problems(raw) == [
        f"globex.toml:10: pilot.champion: 'zed' is not a stakeholder id {KNOWN_PEOPLE}",
        "globex.toml:36: criteria[2].status: 'passd' is not one of 'pending', 'passed' or 'failed'; did you mean 'passed'?",
        f"globex.toml:53: checklist[0].owner: 'zed' is not a stakeholder id {KNOWN_PEOPLE}",
    ]
    lines[36 - 1] = 'status = "pending"'
    raw = ("\n".join(lines) + "\n").encode()
    assert problems(raw) == [
        f"globex.toml:10: pilot.champion: 'zed' is not a stakeholder id {KNOWN_PEOPLE}",
        f"globex.toml:53: checklist[0].owner: 'zed' is not a stakeholder id {KNOWN_PEOPLE}",
    ]


def test_hand_edits_an_id_the_schema_refuses_does_not_also_dangle_its_references() -> None:
    # a stakeholder id with a space: its references wait for that fix, they are not reported too
    found = problems(variant(41, 'id = "a nn"'))
    assert found == [
        "globex.toml:41: stakeholders[0].id: 'a nn' has spaces; an id is one word, like 'snr' or 'maria'"
    ]


def test_hand_edits_ends_before_starts_is_refused_at_ends() -> None:
    # issue 14, point 10
    assert problems(variant(9, "ends = 2026-10-30")) == [
        "globex.toml:9: pilot.ends: the time-box ends (2026-10-30) before it starts (2026-11-02); correct starts or ends"
    ]
    parse_bytes(variant(9, "ends = 2026-11-02"), NAME)  # a one-day time-box is fine


@pytest.mark.parametrize(
    ("line", "new", "hint"),
    [
        (42, 'stance = "sceptic"', "did you mean 'skeptic'?"),
        (53, 'section = "qualifcation"', "did you mean 'qualification'?"),
        (42, 'influence = "hihg"', "did you mean 'high'?"),
    ],
)
def test_hand_edits_a_near_miss_gets_did_you_mean(line: int, new: str, hint: str) -> None:
    lines = list(BASE_LINES)
    lines.insert(line, new)
    raw = ("\n".join(lines) + "\n").encode()
    found = problems(raw)
    assert len(found) == 1 and found[0].endswith(hint), found


def test_a_duplicate_stakeholder_is_reported_with_what_it_breaks() -> None:
    found = problems(variant(46, 'id = "ann"'))
    assert (
        "globex.toml:46: stakeholders[1].id: duplicate id 'ann' (also stakeholders[0]); ids must be unique"
        in found
    )
    assert (
        found[0] == "globex.toml:13: commercial.sponsor: 'bob' is not a stakeholder id (known: ann)"
    )
    assert [int(m.split(":")[1]) for m in found] == sorted(int(m.split(":")[1]) for m in found)


def test_utf8_bom_is_refused_with_line_and_column() -> None:
    assert problems(b"\xef\xbb\xbf" + BASE.encode()) == [
        "globex.toml:1:1: the file starts with a byte-order mark (BOM); save it as UTF-8 without BOM"
    ]


def test_invalid_utf8_names_the_byte_and_its_character_column() -> None:
    raw = BASE.encode().replace(b'prospect = "Globex"', b'prospect = "Glo\xffbex"')
    assert problems(raw) == [
        "globex.toml:6:16: byte 0xff is not valid UTF-8; save the file as UTF-8"
    ]
    # After a multi-byte character ("—" is 3 bytes) the column still counts characters.
    raw = BASE.encode().replace("Globex — sensor".encode(), "Globex — ".encode() + b"\xe9sensor")
    assert problems(raw) == [
        "globex.toml:5:19: byte 0xe9 is not valid UTF-8; save the file as UTF-8"
    ]


def test_toml_syntax_error_has_line_and_column() -> None:
    [message] = problems(variant(36, "status = passd"))
    assert re.fullmatch(
        r"globex\.toml:36:10: Invalid value: text needs quotes, as in status = \"passd\"", message
    ), message
    [message] = problems(BASE.encode() + b"[pilot\n")
    assert message.startswith(f"globex.toml:{len(BASE_LINES) + 1}:")


def test_unterminated_string_at_the_end_of_the_file_is_located() -> None:
    [message] = problems(BASE.encode() + b'note = """never closed\n')
    assert re.match(rf"^globex\.toml:{len(BASE_LINES) + 1}:\d+: ", message), message


def test_an_invalid_file_is_never_opened_and_never_touched(tmp_path: Path) -> None:
    path = tmp_path / NAME
    raw = variant(36, 'status = "passd"')
    path.write_bytes(raw)
    with pytest.raises(PilotFileError) as raised:
        PilotStore.open(path)
    assert (
        raised.value.render()
        == f"{path}:36: criteria[2].status: 'passd' is not one of 'pending', 'passed' or 'failed'; did you mean 'passed'?"
    )
    assert raised.value.first.line == 36 and raised.value.first.field == "criteria[2].status"
    assert path.read_bytes() == raw


def test_unreadable_paths_are_pilot_file_errors(tmp_path: Path) -> None:
    with pytest.raises(PilotFileError, match=r":1: no such file$"):
        read_file(tmp_path / "missing.toml")
    with pytest.raises(PilotFileError, match=r":1: is a folder, not a pilot file$"):
        read_file(tmp_path)


# --- the locator ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("path", "line"),
    [
        (("criteria", 2), 33),
        (("criteria", 2, "id"), 34),
        (("criteria", 2, "status"), 36),
        (("criteria", 2, "verifier"), 37),
        (("criteria", 2, "must_have"), 38),
        (("criteria", 2, "evidence"), 33),  # not written: the entry's header
        (("criteria", 1, "status"), 30),  # after a multi-line string holding "status = ..."
        (("criteria", 1, "verifier"), 31),
        (("criteria", 0, "status"), 19),
        (("stakeholders", 1, "role"), 48),
        (("technical_win", "unproven", 0), 59),
        (("pilot", "champion"), 10),
        (("pilot",), 4),
        (("schema",), 2),
        (("email", "subject"), 1),  # nowhere in the file
    ],
)
def test_locator_finds_the_line_of_a_field(path: tuple[str | int, ...], line: int) -> None:
    assert line_of(BASE, path) == line


TRICKY = """\
schema = 1
[pilot]
title = "x"
literal = '\"\"\"'
matrix = [
  [1, 2],
  [3, 4]
]
motto = '''
[[criteria]]
prospect = "inside a literal string"
'''
prospect = "p"  # [not a header]
quoted = "a \\" [[criteria]]"

[[criteria]]  # first
id = "a"
[[criteria]]
id = "b"
  [[ criteria ]]
id = "c"
status = "passd"
"""


@pytest.mark.parametrize(
    ("path", "line"),
    [
        (
            ("pilot", "prospect"),
            13,
        ),  # after a literal holding \"\"\", an array of arrays, a ''' string
        (("pilot", "quoted"), 14),
        (("criteria", 0, "id"), 17),
        (("criteria", 1, "id"), 19),
        (("criteria", 2), 20),
        (("criteria", 2, "status"), 22),
    ],
)
def test_locator_is_not_fooled_by_strings_and_arrays(
    path: tuple[str | int, ...], line: int
) -> None:
    import tomllib

    assert len(tomllib.loads(TRICKY)["criteria"]) == 3
    assert line_of(TRICKY, path) == line


def test_a_file_pilotdesk_cannot_edit_losslessly_is_refused_at_open_with_the_line(
    tmp_path: Path,
) -> None:
    # tomlkit writes every header of an array with the first one's key: '[["stakeholders"]]'
    # would become "[[stakeholders]]". pilotdesk says so at once instead of rewriting the line.
    lines = list(BASE_LINES)
    lines[45 - 1] = '[["stakeholders"]]'
    raw = ("\n".join(lines) + "\n").encode()
    parse_bytes(raw, NAME)  # valid: check and email can read it
    path = tmp_path / NAME
    path.write_bytes(raw)
    with pytest.raises(PilotFileError) as raised:
        PilotStore.open(path)
    assert raised.value.render() == (
        f"{path}:45: pilotdesk cannot edit this file without rewriting this line as '[[stakeholders]]'; "
        "write it that way to edit the file with pilotdesk"
    )
    assert path.read_bytes() == raw


@pytest.mark.parametrize(
    ("code", "message"),
    [
        ("XX", "'XX' is not a country the holidays calendar knows"),
        ("DE-XX", "'XX' is not a subdivision of DE (known: BB, BE, BW, BY,"),
        ("United States", "'United States' is not a country code like \"US\""),
    ],
)
def test_deadlines_on_working_days_an_unknown_holiday_calendar_is_refused_at_its_line(
    code: str, message: str
) -> None:
    # issue 14, point 3: FILE:LINE: pilot.holidays: ... for a calendar the package does not know
    found = problems(variant(11, f'holidays = "{code}"'))
    assert len(found) == 1
    assert found[0].startswith(f"globex.toml:11: pilot.holidays: {message}"), found[0]


@pytest.mark.parametrize("code", ["US", "DE-BY", "de-by", "FR", ""])
def test_deadlines_on_working_days_known_holiday_calendars_are_accepted(code: str) -> None:
    pilot = parse_bytes(variant(11, f'holidays = "{code}"'), NAME).pilot
    assert pilot.pilot.holidays == code.strip()
