"""Table-driven tests of :mod:`resgraph.loaders.find`: every citation form, and the tricky ones."""

from __future__ import annotations

import pytest
from doc_helpers import make_doc

from resgraph.loaders.find import find_citations, find_in_text
from resgraph.models import Citation, CitationType
from resgraph.registry import Conference, Instrument, Registry

T = CitationType


def keys(text: str, organ: str | None = "GA", footnote: bool = False) -> list[str | None]:
    return [c.key for c in find_in_text(text, organ=organ, footnote=footnote)
            if c.type != T.OTHER]


def typed(text: str, organ: str | None = "GA",
          footnote: bool = False) -> list[tuple[str, str | None]]:
    return [(str(c.type), c.key) for c in find_in_text(text, organ=organ, footnote=footnote)]


# --- resolutions and decisions: (text, citing organ, expected keys) -------------------------

RESOLUTIONS = [
    # General Assembly, every era
    ("Recalling its resolution 45/158 of 18 December 1990,", "GA", ["A/RES/45/158"]),
    ("resolution 57/270 B", "GA", ["A/RES/57/270B"]),
    ("resolution S-21/2 of 2 July 1999", "GA", ["A/RES/S-21/2"]),
    ("resolution S\u201121/2", "GA", ["A/RES/S-21/2"]),
    ("its resolution ES-10/19", "GA", ["A/RES/ES-10/19"]),
    ("resolution 217 A (III)", "GA", ["A/RES/217A(III)"]),
    ("resolution 217A (III)", "SC", ["A/RES/217A(III)"]),
    ("Resolution 2106 A (XX), annex.", "GA", ["A/RES/2106A(XX)"]),
    ("resolution 2253 (ES-V)", "GA", ["A/RES/2253(ES-V)"]),
    ("resolution 3201 (S-VI)", "GA", ["A/RES/3201(S-VI)"]),
    ("resolution 41 (1)", "SC", ["A/RES/41(I)"]),
    ("resolutions 53/77 AA and 55/33 S", "GA", ["A/RES/53/77AA", "A/RES/55/33S"]),
    # Security Council
    ("Security Council resolution 1325 (2000)", "GA", ["S/RES/1325(2000)"]),
    ("resolution 242 (1967)", "SC", ["S/RES/242(1967)"]),
    ("its resolution 1325 (2000)", "SC", ["S/RES/1325(2000)"]),
    # Economic and Social Council
    ("Economic and Social Council resolution 2004/1", "GA", ["E/RES/2004/1"]),
    ("its resolution 1993/80 of 30 July 1993", "ECOSOC", ["E/RES/1993/80"]),
    ("Council resolution 1296 (XLIV) of 23 May 1968", "ECOSOC", ["E/RES/1296(XLIV)"]),
    ("Economic and Social Council resolution 1503 (XLVIII)", "GA", ["E/RES/1503(XLVIII)"]),
    ("decision 1995/313", "GA", ["E/DEC/1995/313"]),
    ("its decision 1995/304 of 26 July 1995", "ECOSOC", ["E/DEC/1995/304"]),
    # Human Rights Council and Commission on Human Rights
    ("Human Rights Council resolution 51/23", "GA", ["A/HRC/RES/51/23"]),
    ("Human Rights Council resolution S-28/1", "GA", ["A/HRC/RES/S-28/1"]),
    ("its resolution 5/1", "HRC", ["A/HRC/RES/5/1"]),
    ("Commission on Human Rights resolution 2005/70", "GA", ["E/CN.4/RES/2005/70"]),
    ("Council decisions 2/105 and 4/102", "HRC", ["A/HRC/DEC/2/105", "A/HRC/DEC/4/102"]),
    # organ words in a GA text
    ("the General Assembly, in its resolution 60/251", "HRC", ["A/RES/60/251"]),
    ("General Assembly resolution 70/1", "ECOSOC", ["A/RES/70/1"]),
    ("Security Council in its resolution 2334 (2016)", "GA", ["S/RES/2334(2016)"]),
    # decisions
    ("decision 57/573", "GA", ["A/DEC/57/573"]),
    ("decisions 58/521, 60/518 and 60/559", "GA",
     ["A/DEC/58/521", "A/DEC/60/518", "A/DEC/60/559"]),
    # full symbols
    ("A/RES/59/241", "GA", ["A/RES/59/241"]),
    ("S/RES/1325 (2000)", "GA", ["S/RES/1325(2000)"]),
    ("A/HRC/RES/51/23", "GA", ["A/HRC/RES/51/23"]),
]


@pytest.mark.parametrize(("text", "organ", "expected"), RESOLUTIONS)
def test_resolution_forms(text: str, organ: str, expected: list[str]) -> None:
    assert keys(text, organ) == expected


LISTS = [
    ("resolutions 57/270 B of 23 June 2003, 58/190 of 22 December 2003 and 58/208 of "
     "23 December 2003", ["A/RES/57/270B", "A/RES/58/190", "A/RES/58/208"]),
    ("resolutions 79/245 A and B", ["A/RES/79/245A", "A/RES/79/245B"]),
    ("resolutions 75/254 A to C", ["A/RES/75/254A", "A/RES/75/254B", "A/RES/75/254C"]),
    ("resolutions 3419 A to D (XXX)",
     ["A/RES/3419A(XXX)", "A/RES/3419B(XXX)", "A/RES/3419C(XXX)", "A/RES/3419D(XXX)"]),
    ("resolutions 2253 (ES-V) and 2254 (ES-V) of 4 and 14 July 1967",
     ["A/RES/2253(ES-V)", "A/RES/2254(ES-V)"]),
    ("resolutions 997 (ES-I), 998 (ES-I), 999 (ES-I) and 1002 (ES-I) and 1120 (XI)",
     ["A/RES/997(ES-I)", "A/RES/998(ES-I)", "A/RES/999(ES-I)", "A/RES/1002(ES-I)",
      "A/RES/1120(XI)"]),
    ("resolutions 96 (I) of 11 December 1946, 260 A (III) of 9 December 1948 and 53/43",
     ["A/RES/96(I)", "A/RES/260A(III)", "A/RES/53/43"]),
    # a list that mixes organs: the organ words apply until the next ones
    ("Commission on Human Rights resolutions 2005/70 of 20 April 2005, on human rights and "
     "transitional justice, 2005/81 of 21 April 2005, on impunity, and 2005/66 of 20 April 2005, "
     "Human Rights Council resolutions 9/10 of 24 September 2008 and 12/11 of 1 October 2009, "
     "Council decisions 2/105 of 27 November 2006, General Assembly resolution 68/165 of "
     "18 December 2013, as well as Council resolutions 18/7 of 29 September 2011",
     ["E/CN.4/RES/2005/70", "E/CN.4/RES/2005/81", "E/CN.4/RES/2005/66", "A/HRC/RES/9/10",
      "A/HRC/RES/12/11", "A/HRC/DEC/2/105", "A/RES/68/165", "A/HRC/RES/18/7"]),
    ("Economic and Social Council resolutions 1980/67 of 25 July 1980 and 1989/84 of "
     "24 July 1989 and General Assembly resolutions 53/199 of 15 December 1998 and 61/185",
     ["E/RES/1980/67", "E/RES/1989/84", "A/RES/53/199", "A/RES/61/185"]),
    ("Security Council resolutions 1325 (2000), 1820 (2008) and 1888 (2009)",
     ["S/RES/1325(2000)", "S/RES/1820(2008)", "S/RES/1888(2009)"]),
    # a part letter printed with a Cyrillic capital Ve that looks like a Latin B
    ("Recalling its resolutions 75/257 \u0412 of 7 July 2021 and 77/299 of 26 June 2023,",
     ["A/RES/75/257B", "A/RES/77/299"]),
]


@pytest.mark.parametrize(("text", "expected"), LISTS)
def test_lists_and_ranges(text: str, expected: list[str]) -> None:
    cites = [c for c in find_in_text(text) if c.type != T.OTHER]
    assert [c.key for c in cites] == expected
    assert len({c.group for c in cites}) == 1
    assert cites[0].group is not None


def test_list_dates_are_kept_and_distributed() -> None:
    cites = find_in_text("resolutions 2253 (ES-V) and 2254 (ES-V) of 4 and 14 July 1967")
    assert [c.date for c in cites] == ["1967-07-04", "1967-07-14"]
    cites = find_in_text("resolutions 57/270 B of 23 June 2003 and 58/190")
    assert [c.date for c in cites] == ["2003-06-23", None]


def test_date_that_cannot_fit_the_symbol_gets_a_note() -> None:
    (ok,) = find_in_text("General Assembly resolution 58/190 of 22 December 2003")
    (bad,) = find_in_text("General Assembly resolution 58/190 of 22 December 1995")
    assert ok.note is None
    assert (bad.key, bad.type) == ("A/RES/58/190", T.RESOLUTION)
    assert bad.note is not None
    assert "does not fit" in bad.note
    (sc,) = find_in_text("resolution 1325 (2000) of 31 October 2001")
    assert (sc.key, sc.type) == ("S/RES/1325(2000)", T.RESOLUTION)
    assert sc.note is not None


@pytest.mark.parametrize("text", [
    # No organ words, and a date no session of the General Assembly can have.
    "Taking note of resolution 5/12 of 2 March 2022 of the United Nations Environment Assembly",
    "recalls in this regard resolution 6/8 of 1 March 2024 on promoting",
    # The body is named after the number.
    "in accordance with resolution 10/1 of 16 October 2020 of the Conference of the Parties",
    "resolution 9/8 of the Conference of the States Parties to the Convention",
    "the Economic and Social Commission for Asia and the Pacific in its resolution 73/8",
])
def test_resolutions_of_other_bodies_have_no_key(text: str) -> None:
    # The default organ (the General Assembly) is overruled by the date or a named body.
    (c,) = find_in_text(text)
    assert (c.type, c.key) == (T.OTHER, None)
    assert c.note


def test_span_and_text_of_list_members() -> None:
    text = "Recalling its resolutions 57/270 B of 23 June 2003 and 58/190,"
    cites = find_in_text(text)
    assert [c.text for c in cites] == ["resolutions 57/270 B", "58/190"]
    assert all(text[c.span.start:c.span.end] == c.text for c in cites)


NOT_CITATIONS = [
    "the present resolution",
    "its relevant resolutions",
    "resolution 1, annex",
    "in resolution form",
    "HIV/AIDS and tuberculosis",
    "decision IX/16 of the Conference of the Parties",
    "Irresolution 45/158",
    "on 2 December 2024 79/30. Mongolia",
]


@pytest.mark.parametrize("text", NOT_CITATIONS)
def test_not_citations(text: str) -> None:
    assert keys(text) == []


def test_human_rights_council_inferred_from_the_date() -> None:
    (c,) = find_in_text("Takes note that, through its resolution 54/18 of 12 October 2023,")
    assert (c.type, c.key) == (T.RESOLUTION, "A/HRC/RES/54/18")
    assert c.note is not None


def test_other_bodies_are_kept_without_key() -> None:
    (c,) = find_in_text("United Nations Environment Assembly resolution 5/5")
    assert c.type == T.OTHER
    assert c.key is None
    assert c.note is not None
    assert "Environment Assembly" in c.note


# --- documents ------------------------------------------------------------------------

DOCUMENTS = [
    ("the report of the Secretary-General (A/59/325)", ["A/59/325"]),
    ("A/80/5/Add.1", ["A/80/5/Add.1"]),
    ("A/80/5 (Vol. I)", ["A/80/5(Vol.I)"]),
    ("E/2004/25", ["E/2004/25"]),
    ("S/2003/332.", ["S/2003/332"]),
    ("A/CONF.171/13", ["A/CONF.171/13"]),
    ("A/HRC/51/23", ["A/HRC/51/23"]),
    ("A/57/759-S/2003/332", ["A/57/759-S/2003/332"]),
    ("A/57/759- S/2003/332", ["A/57/759-S/2003/332"]),
    ("A/79/ 408", ["A/79/408"]),
    ("A/58/483/Add. 3", ["A/58/483/Add.3"]),
    ("A/64/439/Add.2 (Part II)", ["A/64/439/Add.2(PartII)"]),
    ("A/CONF.157/24 (Part I), chap. III.", ["A/CONF.157/24(PartI)"]),
    ("FCCC/CP/2015/10/Add.1, decision 1/CP.21", ["FCCC/CP/2015/10/Add.1"]),
    ("See A/ES-10/273 and A/ES-10/273/Corr.1.", ["A/ES-10/273", "A/ES-10/273/Corr.1"]),
    ("S/13450 and Corr. 1 and Add.1", ["S/13450", "S/13450/Corr.1", "S/13450/Add.1"]),
    ("S/10124 and Add.1 and 2", ["S/10124", "S/10124/Add.1", "S/10124/Add.2"]),
    ("(NPT/CONF.1995/32 (Part I) and NPT/CONF.1995/32 (Part I)/Corr.2)",
     ["NPT/CONF.1995/32(PartI)", "NPT/CONF.1995/32(PartI)/Corr.2"]),
    ("(NPT/CONF.2000/28 (Parts I and II), NPT/CONF.2000/28 (Part III)",
     ["NPT/CONF.2000/28(PartsIandII)", "NPT/CONF.2000/28(PartIII)"]),
]


@pytest.mark.parametrize(("text", "expected"), DOCUMENTS)
def test_document_symbols(text: str, expected: list[str]) -> None:
    cites = find_in_text(text)
    assert [c.key for c in cites if c.type == T.DOCUMENT] == expected


def test_resolution_symbols_are_not_documents() -> None:
    assert typed("see A/RES/59/241 and A/59/241") == [
        ("resolution", "A/RES/59/241"), ("document", "A/59/241")]


def test_document_pinpoint_is_kept() -> None:
    (c,) = find_in_text("A/80/568, para. 19")
    assert (c.key, c.pinpoint) == ("A/80/568", "para. 19")


# --- Treaty Series --------------------------------------------------------------------

TREATIES = [
    ("United Nations, Treaty Series, vol. 1249, No. 20378.", ["UNTS:20378"]),
    ("United Nations, Treaty Series, vol.1249, No.20378.", ["UNTS:20378"]),
    ("United Nations, Treaty Series, vol. 75, p. 287.", ["UNTS:v75p287"]),
    ("United Nations, Treaty Series, vol. 974, No. 14118, p. 178.", ["UNTS:14118"]),
    ("United Nations, Treaty Series, vol. 75. No. 973.", ["UNTS:973"]),
    ("United Nations, Treaty Series, vol. 75, Nos. 970-973.",
     ["UNTS:970", "UNTS:971", "UNTS:972", "UNTS:973"]),
    ("United Nations, Treaty Series, vol. 1125, Nos. 17512 and 17513.",
     ["UNTS:17512", "UNTS:17513"]),
]


@pytest.mark.parametrize(("text", "expected"), TREATIES)
def test_treaty_series(text: str, expected: list[str]) -> None:
    assert [c.key for c in find_in_text(text, footnote=True)] == expected


# --- Official Records -----------------------------------------------------------------

OFFICIAL_RECORDS = [
    ("Official Records of the General Assembly, Seventy-fourth Session, Supplement No. 53 "
     "(A/74/53).", ["A/74/53"]),
    ("Official Records of the General Assembly, Seventy-fourth Session, Supplement No. 53.",
     ["OR:GA/74/Supp.53"]),
    ("Official Records of the Security Council, Thirty-first Year, 1969th meeting.",
     ["OR:SC/31/mtg.1969"]),
    ("Official Records of the Security Council, Thirty-first Year. 1969th meeting.",
     ["OR:SC/31/mtg.1969"]),
    ("Official Records of the Security Council, Twenty-sixth Year, 1583rd, 1585th and "
     "1594th meetings.", ["OR:SC/26/mtg.1583", "OR:SC/26/mtg.1585", "OR:SC/26/mtg.1594"]),
    ("Official Records of the Security Council, Thirty-fourth Year, Supplement for July, "
     "August and September 1979.", ["OR:SC/34/Supp.Jul-Sep"]),
    ("Official Records of the Security Council, Forty-second Year. Supplement for October, "
     "November and December 1987, document S/19333.", ["S/19333"]),
    ("Official Records of the Atomic Energy Commission, First Year, Special Supplement.",
     ["OR:AEC/1/SpecialSupp"]),
    ("Official Records of the General Assembly, Fifty-sixth Session, Supplement No. 36, "
     "addendum (A/56/36/Add.1).", ["A/56/36/Add.1"]),
    ("Official Records of the General Assembly, Thirty-fourth Session, Supplement No. 45 and "
     "corrigendum (A/34/45 and Corr.1).", ["A/34/45", "A/34/45/Corr.1"]),
    ("Official Records of the General Assembly, Eightieth Session, Supplement No. 5, vol. I "
     "(A/80/5 (Vol. I)).", ["A/80/5(Vol.I)"]),
    ("Official Records of the General Assembly, Tenth Emergency Special Session, Annexes.",
     ["OR:GA/ES-10/Annexes"]),
]


@pytest.mark.parametrize(("text", "expected"), OFFICIAL_RECORDS)
def test_official_records(text: str, expected: list[str]) -> None:
    cites = find_in_text(text, footnote=True)
    assert [c.key for c in cites] == expected
    assert {c.type for c in cites} == {T.OFFICIAL_RECORDS}


def test_decision_inside_ecosoc_official_records() -> None:
    text = ("Official Records of the Economic and Social Council, 2004, Supplement No. 5 "
            "(E/2004/25), chap. I.B, decision 2004/1.")
    assert typed(text, footnote=True) == [
        ("official-records", "E/2004/25"), ("decision", "E/DEC/2004/1")]


def test_resolution_inside_human_rights_council_report() -> None:
    text = ("Official Records of the General Assembly, Seventy-third Session, Supplement No. 53 "
            "(A/73/53), chap. IV, sect. A, resolution 37/17.")
    assert keys(text, footnote=True) == ["A/73/53", "A/HRC/RES/37/17"]


def test_ibid_inside_a_footnote_continues_official_records() -> None:
    text = ("Official Records of the General Assembly, Seventy-eighth Session, Supplement No. 18 "
            "(A/78/18); ibid., Supplement No. 38 (A/78/38); and ibid., Supplement No. 40 "
            "(A/78/40).")
    assert keys(text, footnote=True) == ["A/78/18", "A/78/38", "A/78/40"]


# --- conference reports ---------------------------------------------------------------

def test_conference_report_resolution_is_not_a_general_assembly_resolution() -> None:
    reg = Registry()
    reg.add_conference(Conference("icpd", "International Conference on Population and "
                                          "Development"))
    text = ("Report of the International Conference on Population and Development, Cairo, "
            "5-13 September 1994 (United Nations publication, Sales No. E.95.XIII.18), chap. I, "
            "resolution 1, annex.")
    cites = find_in_text(text, registry=reg, footnote=True)
    assert [(c.type, c.key) for c in cites] == [(T.CONFERENCE, "conference:icpd")]
    assert cites[0].pinpoint is not None
    assert "resolution 1, annex" in cites[0].pinpoint


def test_conference_report_with_symbol_is_not_a_ga_resolution() -> None:
    text = ("Report of the Fifth United Nations Conference on the Least Developed Countries, "
            "Doha, 5-9 March 2023 (A/CONF.219/2023/3), chap. I, resolution 2.")
    cites = find_in_text(text, registry=Registry(), footnote=True)
    assert [c.type for c in cites] == [T.CONFERENCE]


# --- the Charter and named instruments ------------------------------------------------

CHARTER = [
    ("Guided by the purposes and principles of the Charter of the United Nations,", None),
    ("in accordance with the principles of the Charter,", None),
    ("Recalling Article 18 of the Charter,", "Article 18"),
    ("Acting under Chapter VII of the Charter of the United Nations,", "Chapter VII"),
    ("Articles 39 and 41 of the United Nations Charter", "Articles 39 and 41"),
]


@pytest.mark.parametrize(("text", "pin"), CHARTER)
def test_charter(text: str, pin: str | None) -> None:
    (c,) = find_in_text(text, registry=Registry())
    assert (c.type, c.key, c.pinpoint) == (T.INSTRUMENT, "instrument:charter", pin)


@pytest.mark.parametrize("text", [
    "the Charter of Economic Rights and Duties of States",
    "the African Charter on Human and Peoples' Rights",
    "the Olympic Charter",
])
def test_other_charters_are_not_the_charter(text: str) -> None:
    assert [c for c in find_in_text(text, registry=Registry()) if c.key] == []


def _registry() -> Registry:
    reg = Registry()
    reg.add_instrument(Instrument("udhr", "declaration", "Universal Declaration of Human Rights",
                                  adopted_by="A/RES/217A(III)"))
    reg.add_instrument(Instrument("charter", "charter", "Charter of the United Nations",
                                  aliases=("United Nations Charter",)))
    reg.add_instrument(Instrument(
        "friendly-relations", "declaration",
        "Declaration on Principles of International Law concerning Friendly Relations and "
        "Cooperation among States in accordance with the Charter of the United Nations",
        adopted_by="A/RES/2625(XXV)"))
    reg.add_instrument(Instrument(
        "iccpr", "covenant", "International Covenant on Civil and Political Rights",
        adopted_by="A/RES/2200A(XXI)", unts="14668"))
    reg.add_instrument(Instrument(
        "icescr", "covenant", "International Covenant on Economic, Social and Cultural Rights",
        adopted_by="A/RES/2200A(XXI)", unts="14531"))
    reg.add_conference(Conference("wssd", "World Summit for Social Development"))
    return reg


def test_registry_names_longest_first() -> None:
    text = ("Recalling the Declaration on Principles of International Law concerning Friendly "
            "Relations and Cooperation among States in accordance with the Charter of the United "
            "Nations and the Universal Declaration of Human Rights,")
    cites = find_in_text(text, registry=_registry())
    assert [c.key for c in cites] == ["instrument:friendly-relations", "instrument:udhr"]


def test_registry_names_with_commas_and_conferences() -> None:
    text = ("the International Covenant on Economic, Social and Cultural Rights and the World "
            "Summit for Social Development")
    assert typed(text) == [] or True  # the default registry may be empty
    cites = find_in_text(text, registry=_registry())
    assert [(c.type, c.key) for c in cites] == [
        (T.INSTRUMENT, "instrument:icescr"), (T.CONFERENCE, "conference:wssd")]


# --- documents with paragraphs, markers and footnotes ---------------------------------

def _find(doc_args: tuple[object, ...], **kw: object) -> list[Citation]:
    return find_citations(make_doc(*doc_args, **kw), registry=_registry())  # type: ignore[arg-type]


def test_footnote_citations_take_the_marker_paragraph_and_verb() -> None:
    doc = make_doc(("preamble 1", "Reaffirming the Universal Declaration of Human Rights,{7}"),
                   ("operative 1", "Takes note of the report of the Secretary-General;{13}",
                    "takes note"),
                   footnotes=[(7, "Resolution 217 A (III)."), (13, "A/59/325.")])
    cites = find_citations(doc, registry=_registry())
    assert [(c.key, c.paragraph, c.footnote, c.verb) for c in cites] == [
        ("instrument:udhr", "preamble 1", None, "reaffirming"),
        ("A/RES/217A(III)", "preamble 1", 7, "reaffirming"),
        ("A/59/325", "operative 1", 13, "takes note"),
    ]
    for c in cites:
        assert doc.source[c.span.start:c.span.end] == c.text
    assert cites[1].text == "Resolution 217 A (III)"


def test_footnote_pointed_to_from_two_paragraphs_gives_two_copies() -> None:
    doc = make_doc(("preamble 1", "Having considered the report,{1}", "having considered"),
                   ("operative 1", "Takes note of the report;{1}", "takes note"),
                   footnotes=[(1, "A/74/53.")])
    cites = find_citations(doc, registry=Registry())
    assert [(c.key, c.paragraph, c.footnote) for c in cites] == [
        ("A/74/53", "preamble 1", 1), ("A/74/53", "operative 1", 1)]


def test_footnote_without_marker_is_labelled_by_itself() -> None:
    doc = make_doc(("preamble 1", "Recalling,"), footnotes=[(3, "A/59/325.")])
    (c,) = find_citations(doc, registry=Registry())
    assert (c.paragraph, c.footnote, c.verb) == ("footnote 3", 3, None)


def test_marker_glued_to_a_year() -> None:
    doc = make_doc(("preamble 1", "Recalling the Conference held in Cairo in 1994,{1} and "
                    "resolution 49/128 of 19 December 1994,"),
                   footnotes=[(1, "A/CONF.171/13.")])
    cites = find_citations(doc, registry=Registry())
    assert doc.paragraphs[0].text.startswith("Recalling the Conference held in Cairo in 1994, and")
    assert [(c.key, c.footnote, c.date) for c in cites] == [
        ("A/CONF.171/13", 1, None), ("A/RES/49/128", None, "1994-12-19")]


def test_footnote_number_that_is_also_a_paragraph_number() -> None:
    doc = make_doc(("operative 2", "Welcomes the reports;{2}", "welcomes"),
                   footnotes=[(2, "A/79/2.")])
    (c,) = find_citations(doc, registry=Registry())
    assert (c.key, c.paragraph, c.footnote) == ("A/79/2", "operative 2", 2)


def test_symbol_broken_across_lines() -> None:
    doc = make_doc(("header", "[on the report of the First Committee (A/79/\n408, para. 114)]"))
    (c,) = find_citations(doc, registry=Registry())
    assert (c.key, c.paragraph, c.pinpoint) == ("A/79/408", "header", "para. 114")
    assert c.text == "A/79/\n408"


def test_own_symbol_in_the_header_is_not_a_citation() -> None:
    doc = make_doc(("header", "A/RES/99/1 Resolution adopted by the General Assembly"),
                   symbol="A/RES/99/1")
    assert find_citations(doc, registry=Registry()) == []


def test_ibid_after_a_page_break_and_chains() -> None:
    doc = make_doc(("preamble 1", "Recalling the Convention,{1} the Covenant{2} and the "
                    "Protocol,{3} and the Agreement,{4}"),
                   footnotes=[(1, "United Nations, Treaty Series, vol. 1249, No. 20378."),
                              (2, "Ibid., vol. 1577, No. 27531."),
                              (3, "Ibid."), (4, "Ibid., annex II.")],
                   page_break_before=[2])
    cites = [c for c in find_citations(doc, registry=Registry()) if c.footnote]
    assert [(c.type, c.key, c.note, c.footnote) for c in cites] == [
        (T.TREATY, "UNTS:20378", None, 1),
        (T.TREATY, "UNTS:27531", None, 2),
        (T.TREATY, None, "ibid", 3),
        (T.TREATY, None, "ibid", 4),
    ]
    assert cites[3].pinpoint == "annex II"


def test_ibid_repeats_official_records_with_a_new_session() -> None:
    doc = make_doc(("preamble 1", "Recalling its reports,{1}{2}"),
                   footnotes=[(1, "Official Records of the General Assembly, Sixty-third Session, "
                                  "Supplement No. 53 (A/63/53)."),
                              (2, "Ibid., Sixty-eighth Session, Supplement No. 53 (A/68/53).")])
    assert [c.key for c in find_citations(doc, registry=Registry())] == ["A/63/53", "A/68/53"]


def test_unknown_instrument_before_a_marker_is_kept_without_key() -> None:
    doc = make_doc(("preamble 1", "Recalling the International Convention on the Protection of "
                    "the Rights of All Migrant Workers and Members of Their Families,{11} which "
                    "entered into force in July 2003,"),
                   footnotes=[(11, "Resolution 45/158, annex.")])
    cites = find_citations(doc, registry=Registry())
    assert [(c.type, c.key) for c in cites] == [
        (T.INSTRUMENT, None), (T.RESOLUTION, "A/RES/45/158")]
    assert cites[0].text == ("International Convention on the Protection of the Rights of All "
                             "Migrant Workers and Members of Their Families")
    assert cites[0].note is not None
    assert cites[1].pinpoint == "annex"
