"""Table-driven tests of the citation grammar in :mod:`resgraph.loaders.patterns`."""

from __future__ import annotations

import re
import time

import pytest

from resgraph.loaders import patterns as P

ITEMS = [
    # (text, number, parts, session)
    ("45/158", "158", None, "45"),
    ("57/270 B of 23 June 2003", "270", "B", "57"),
    ("79/245 A and B", "245", "A and B", "79"),
    ("S-21/2", "2", None, "S-21"),
    ("ES-10/19", "19", None, "ES-10"),
    ("57/ 270", "270", None, "57"),
    ("217 A (III)", "217", "A", "III"),
    ("217A (III)", "217", "A", "III"),
    ("3419 A to D (XXX)", "3419", "A to D", "XXX"),
    ("2253 (ES-V)", "2253", None, "ES-V"),
    ("3201 (S-VI)", "3201", None, "S-VI"),
    ("1325 (2000)", "1325", None, "2000"),
    ("1503 (XLVIII)", "1503", None, "XLVIII"),
    ("2004/1", "1", None, "2004"),
]


@pytest.mark.parametrize(("text", "number", "parts", "session"), ITEMS)
def test_resolution_item(text: str, number: str, parts: str | None, session: str) -> None:
    m = P.RESOLUTION_ITEM.match(text)
    assert m is not None
    got_number = m.group("num") or m.group("num2")
    got_parts = m.group("parts") or m.group("parts2")
    got_session = m.group("ses") or m.group("ses2")
    assert (got_number, got_parts, got_session) == (number, parts, session)


@pytest.mark.parametrize("text", ["58/190 and 58/208", "55/2, S-21/2", "45/158 International"])
def test_part_letters_do_not_swallow_the_next_item(text: str) -> None:
    m = P.RESOLUTION_ITEM.match(text)
    assert m is not None
    assert (m.group("parts") or m.group("parts2")) is None


@pytest.mark.parametrize(("parts", "expected"), [
    ("B", ["B"]), ("A and B", ["A", "B"]), ("A to D", ["A", "B", "C", "D"]),
    ("A, B and C", ["A", "B", "C"]), ("C-E", ["C", "D", "E"]), ("AA", ["AA"]),
])
def test_expand_parts(parts: str, expected: list[str]) -> None:
    assert P.expand_parts(parts) == expected


@pytest.mark.parametrize(("text", "found"), [
    ("resolution 45/158", True), ("Resolutions 57/270", True), ("decision 57/573", True),
    ("decisions S-21/1", True), ("resolution ES-10/19", True), ("resolution 217 A (III)", True),
    ("the present resolution", False), ("resolutions, in particular", False),
    ("irresolution 4", False), ("Resolution adopted by", False),
])
def test_trigger(text: str, found: bool) -> None:
    assert bool(P.TRIGGER.search(text)) is found


@pytest.mark.parametrize(("text", "symbol"), [
    ("A/80/5/Add.1 x", "A/80/5/Add.1"),
    ("A/80/5 (Vol. I)", "A/80/5 (Vol. I)"),
    ("A/57/759-S/2003/332.", "A/57/759-S/2003/332"),
    ("A/79/ 408,", "A/79/ 408"),
    ("(A/59/325).", "A/59/325"),
    ("A/58/483/Add. 3", "A/58/483/Add. 3"),
    ("E/CN.4/2005/L.10/Add.17", "E/CN.4/2005/L.10/Add.17"),
    ("A/CONF.171/13", "A/CONF.171/13"),
])
def test_document(text: str, symbol: str) -> None:
    m = P.DOCUMENT.search(text)
    assert m is not None
    assert m.group() == symbol


@pytest.mark.parametrize(("text", "vol", "nos", "page"), [
    ("United Nations, Treaty Series, vol. 1249, No. 20378", "1249", "20378", None),
    ("United Nations, Treaty Series, vol.1249, No.20378", "1249", "20378", None),
    ("United Nations, Treaty Series, vol. 75, p. 287", "75", None, "287"),
    ("United Nations, Treaty Series, vols. 1, 2 and 3, No. 4", "1", "4", None),
    ("League of Nations, Treaty Series, vol. 94, p. 65", "94", None, "65"),
])
def test_treaty_series(text: str, vol: str, nos: str | None, page: str | None) -> None:
    m = P.TREATY_SERIES.match(text)
    assert m is not None
    assert (m.group("vol"), m.group("nos"), m.group("page")) == (vol, nos, page)


@pytest.mark.parametrize(("word", "value"), [
    ("First", 1), ("Tenth", 10), ("Twenty-first", 21), ("Thirty-first", 31),
    ("Seventy-fourth", 74), ("Eightieth", 80), ("Ninety-ninth", 99), ("Session", None),
])
def test_ordinals(word: str, value: int | None) -> None:
    assert P.ordinal_to_int(word) == value


@pytest.mark.parametrize(("text", "group"), [
    ("Supplement No. 53", "supp"), ("Supplement No. 5A", "supp"),
    ("Seventy-fourth Session", "ord"), ("2004", "year"), ("1969th meeting", "meetings"),
    ("1583rd, 1585th and 1594th meetings", "meetings"), ("Annexes", "annexes"),
    ("Supplement for July, August and September 1979", "m1"),
    ("Special Supplement No. 5", "specsupp"), ("Tenth Emergency Special Session", "special"),
])
def test_official_records_parts(text: str, group: str) -> None:
    m = P.OR_PART.match(text)
    assert m is not None
    assert m.group(group) is not None
    assert m.end() == len(text)


@pytest.mark.parametrize(("text", "pin"), [
    ("Recalling Article 18 of the Charter", "Article 18"),
    ("Chapter VII of the Charter of the United Nations", "Chapter VII"),
    ("Articles 39 and 41 of the United Nations Charter", "Articles 39 and 41"),
    ("the Charter of the United Nations", None),
])
def test_charter(text: str, pin: str | None) -> None:
    m = P.CHARTER.search(text)
    assert m is not None
    before = P.CHARTER_BEFORE.search(text, 0, m.start())
    assert before is not None
    assert before.group("pin") == pin


@pytest.mark.parametrize(("text", "name"), [
    ("1 Report of the International Conference on Population and Development, Cairo, 5-13 "
     "September 1994", "International Conference on Population and Development"),
    ("Report of the World Summit for Social Development, Copenhagen",
     "World Summit for Social Development"),
])
def test_conference_report(text: str, name: str) -> None:
    m = P.CONFERENCE_REPORT.search(text)
    assert m is not None
    assert m.group("name") == name


def test_report_of_the_secretary_general_is_no_conference() -> None:
    assert P.CONFERENCE_REPORT.search("Report of the Secretary-General, A/59/325") is None


_PATTERNS = [(name, obj) for name, obj in vars(P).items() if isinstance(obj, re.Pattern)]

_NASTY = [
    "1/" * 5000,
    "A/" * 5000,
    "A/1" + "/1" * 5000,
    "resolutions " + "1 (I), " * 3000,
    "resolutions " + "1/1 A and " * 3000,
    "Official Records of the General Assembly, " + "Seventy-fourth Session, " * 3000,
    "Convention " + "on the " * 3000,
    "vol. 1, " * 3000,
    "A " * 20000,
    "(" * 10000 + ")" * 10000,
    "United Nations, Treaty Series, vol. " + "1, " * 5000,
    "Articles " + "1, " * 5000 + "of the Charter",
]


@pytest.mark.parametrize(("name", "pattern"), _PATTERNS)
def test_no_catastrophic_backtracking(name: str, pattern: re.Pattern[str]) -> None:
    for text in _NASTY:
        t0 = time.perf_counter()
        for _ in pattern.finditer(text):
            pass
        elapsed = time.perf_counter() - t0
        assert elapsed < 0.5, (name, text[:30], elapsed)
