"""Loaders on small texts written for the tests: one per format, markers,
cleaned text and offsets, the public API and ``resgraph parse``."""

from __future__ import annotations

import json
import re

import pytest

from resgraph.cli import main
from resgraph.errors import LoadError, UnknownFormatError
from resgraph.loaders.commands import INPUT_FORMATS
from resgraph.loaders.documents import FORMATS, load, load_many, parse_text
from resgraph.loaders.segment import clean_segments, find_markers, line_spans
from resgraph.loaders.verbs import normalize_verb
from resgraph.models import Document

PDF_TEXT = (
    "United Nations \nA/RES/79/30\n \n \nGeneral Assembly \nDistr.: General \n9 December 2024 \n"
    " \n24-23043 (E) \n*2423043* \n \n \nSeventy-ninth session \nAgenda item 98 (r) \n"
    "General and complete disarmament: Mongolia’s \ninternational security \n \n"
    " Resolution adopted by the General Assembly \non 2 December 2024 \n \n"
    "[on the report of the First Committee (A/79/408, para. 114)] \n \n"
    "79/30. Mongolia’s international security and nuclear-weapon-free status \n \n"
    "The General Assembly, \n \n"
    "Recalling also the purposes and principles of the Charter of the United Nations, \n"
    "as well as the Declaration on Principles of International Law,1  \n \n"
    "Welcoming the declaration by Mongolia regarding its nuclear-weapon-free \n"
    "status of 17 September 2012,2  \n"
    "__________________ \n \n1  Resolution 2625 (XXV), annex. \n \n2  A/67/517-S/2012/760, \n\n"
    "A/RES/79/30 \nMongolia’s international security and nuclear-weapon-free status\n \n"
    "24-23043\n2/3 \n \n \n"
    "Noting that the treaties of Tlatelolco, 3 \nRarotonga4 and Pelindaba, in 1994,5 \n"
    "and of 24 and 25 February 2003, \n \n"
    "1. \nTakes note of the report of the Secretary-General;6 \n \n"
    "2. Requests the Secretary-General to report, in the context of resolution 45/158 \n"
    "and vol. 1249, on the following: \n \n(a) \nthe first item; \n \n(b) \nthe second item; \n \n"
    "43rd plenary meeting \n2 December 2024 \n \n__________________ \n \nannex. \n \n"
    "3  United Nations, Treaty Series, vol. 634, No. 9068. \n \n4  Ibid. \n \n5  Ibid. \n \n"
    "6  A/79/148. \n"
)


def doc_of(text: str, fmt: str | None = None) -> Document:
    return parse_text(text, "test.txt", fmt)


class TestPdfText:
    def test_metadata(self) -> None:
        doc = doc_of(PDF_TEXT)
        assert doc.format == "pdf-text"
        assert doc.symbol == "A/RES/79/30"
        assert doc.organ == "GA"
        assert doc.title == "Mongolia’s international security and nuclear-weapon-free status"
        assert doc.adopted is not None
        assert doc.adopted.isoformat() == "2024-12-02"
        assert (doc.session, doc.meeting) == ("79", "43rd plenary meeting")
        assert (doc.agenda_item, doc.report) == ("98 (r)", "A/79/408")
        assert doc.complete

    def test_paragraphs(self) -> None:
        doc = doc_of(PDF_TEXT)
        labels = [p.label for p in doc.paragraphs]
        assert labels == ["header", "preamble 1", "preamble 2", "preamble 3", "operative 1",
                          "operative 2"]
        verbs = [p.verb for p in doc.paragraphs]
        assert verbs == [None, "recalling", "welcoming", "noting", "takes note", "requests"]
        assert doc.paragraph("preamble 1").phrase == "Recalling also"  # type: ignore[union-attr]
        op2 = doc.paragraph("operative 2")
        assert op2 is not None
        assert op2.text.endswith("(a) the first item; (b) the second item;")

    def test_header_has_no_masthead(self) -> None:
        header = doc_of(PDF_TEXT).paragraphs[0]
        assert header.kind == "header"
        assert header.number == 0
        assert header.text.startswith("Seventy-ninth session")
        assert "24-23043" not in header.text
        assert "*2423043*" not in header.text

    def test_page_furniture_removed_and_paragraph_joined(self) -> None:
        doc = doc_of(PDF_TEXT)
        for p in doc.paragraphs:
            assert "24-23043" not in p.text
            assert "2/3" not in p.text
        welcoming = doc.paragraph("preamble 2")
        assert welcoming is not None
        assert welcoming.text == (
            "Welcoming the declaration by Mongolia regarding its nuclear-weapon-free "
            "status of 17 September 2012,"
        )

    def test_footnotes_and_markers(self) -> None:
        doc = doc_of(PDF_TEXT)
        assert [f.number for f in doc.footnotes] == [1, 2, 3, 4, 5, 6]
        # Footnote 2 runs on at the foot of the next page.
        assert doc.footnotes[1].text == "A/67/517-S/2012/760, annex."
        where = {f.number: [m.paragraph for m in f.markers] for f in doc.footnotes}
        assert where == {1: ["preamble 1"], 2: ["preamble 2"], 3: ["preamble 3"],
                         4: ["preamble 3"], 5: ["preamble 3"], 6: ["operative 1"]}
        noting = doc.paragraph("preamble 3")
        assert noting is not None
        assert noting.text == (
            "Noting that the treaties of Tlatelolco, Rarotonga and Pelindaba, in 1994, "
            "and of 24 and 25 February 2003,"
        )

    def test_offsets_map_back_to_the_source(self) -> None:
        doc = doc_of(PDF_TEXT)
        for p in doc.paragraphs[1:]:
            for word in re.finditer(r"[A-Za-z]{4,}", p.text):
                span = p.textmap.span_to_source(word.start(), word.end())
                assert span.slice(doc.source) == word.group(0)
            assert p.span.slice(doc.source).strip()
        for fn in doc.footnotes:
            for mk in fn.markers:
                assert mk.span.slice(doc.source) == str(fn.number)

    def test_truncated_text_is_incomplete(self) -> None:
        cut = PDF_TEXT[: PDF_TEXT.index("1. \nTakes note")]
        doc = doc_of(cut)
        assert not doc.complete
        assert doc.symbol == "A/RES/79/30"
        assert doc.meeting is None


ODS = (
    "[DU1]\nResolution adopted by the General Assembly on 22 December 2004\n"
    "[on the report of the Second Committee (A/59/485/Add.2)]\n"
    "59/241.\tInternational migration and development\n\n\n"
    "\tThe General Assembly,\n"
    "\tRecalling the Programme of Action adopted at Cairo,1 the Platform for Action of the "
    "Fourth World Conference on Women2 and the outcome of the twenty-fourth3 special session,\n"
    "\t1.\tTakes note of the report of the Secretary-General;4\n\n"
    "75th plenary meeting\n22 December 2004\n"
    "1 Report of the International Conference on Population and Development.\n"
    "2 Report of the Fourth World Conference on Women.\n3 Resolution S-24/2, annex.\n"
    "4 A/59/325.\n[DU1]<<ODS JOB NO>>N0449072E<<ODS JOB NO>>\n"
    "<<ODS DOC SYMBOL1>>A/RES/59/241<<ODS DOC SYMBOL1>>\n"
    "United NationsA/RES/59/241General AssemblyDistr.: General\n28 February 2005"
    "Fifty-ninth session\nAgenda item 87 (b)\n04-49072\n"
)


def test_ods() -> None:
    doc = doc_of(ODS)
    assert doc.format == "ods"
    assert (doc.symbol, doc.session, doc.agenda_item) == ("A/RES/59/241", "59", "87 (b)")
    assert doc.report == "A/59/485/Add.2"
    assert doc.adopted is not None
    assert doc.adopted.isoformat() == "2004-12-22"
    pre = doc.paragraph("preamble 1")
    assert pre is not None
    assert pre.text == (
        "Recalling the Programme of Action adopted at Cairo, the Platform for Action of the "
        "Fourth World Conference on Women and the outcome of the twenty-fourth special session,"
    )
    assert [m.footnote for m in pre.markers] == [1, 2, 3]
    assert doc.footnote(4) is not None
    assert [m.paragraph for m in doc.footnote(4).markers] == ["operative 1"]  # type: ignore[union-attr]
    assert "[DU1]" not in doc.paragraphs[0].text


SC = (
    "Resolution 446 (1979)\nof 22 March 1979\n\nThe Security Council,\n\n"
    "Recalling the Geneva Convention relative to the Protection of Civilian Persons\n"
    "in Time of War, of 12 August 1949, 10 is applicable to the inter-\n"
    "national situation,\n\n"
    "1. Determines that the policy and practices of Israel have no legal\nvalidity;\n\n"
    "2. Requests the Secretary-General to report.\n\n"
    "Adopted at the 2134th meeting by 12 votes to none, with\n3 abstentions (Norway).\n\n\n"
    "10 United Nations, Treaty Series, vol. 75, p. 287.\n"
)


def test_sc() -> None:
    doc = doc_of(SC)
    assert doc.format == "sc"
    assert (doc.symbol, doc.organ, doc.session) == ("S/RES/446(1979)", "SC", "1979")
    assert doc.adopted is not None
    assert doc.adopted.isoformat() == "1979-03-22"
    assert doc.meeting == "2134th meeting"
    pre = doc.paragraph("preamble 1")
    assert pre is not None
    assert pre.text == (
        "Recalling the Geneva Convention relative to the Protection of Civilian Persons in "
        "Time of War, of 12 August 1949, is applicable to the international situation,"
    )
    assert [f.number for f in doc.footnotes] == [10]
    assert [m.paragraph for m in doc.footnotes[0].markers] == ["preamble 1"]
    assert [p.number for p in doc.operative] == [1, 2]


WEB_RUN_ON = (
    "Resolution adopted by the General Assembly on 18 December 2019 [on the report of the "
    "Third Committee (A/74/394)] 74/132. Report of the Human Rights Council The General "
    "Assembly, Recalling its resolutions 60/251 of 15 March 2006 and 65/281 of 17 June 2011 "
    "on the review of the Council, Having considered the recommendations contained in the "
    "report of the Human Rights Council,1,2 Takes note of the report of the Human Rights "
    "Council,1 including the addendum thereto,2 and its recommendations. 50th plenary meeting "
    "18 December 2019 __________________ 1 Official Records of the General Assembly, "
    "Seventy-fourth Session, Supplement No. 53 (A/74/53). 2 Ibid., Supplement No. 53A "
    "(A/74/53/Add.1)."
)


def test_web_run_on() -> None:
    doc = doc_of(WEB_RUN_ON)
    assert doc.format == "web"
    assert doc.symbol == "A/RES/74/132"
    assert doc.complete
    assert [p.label for p in doc.paragraphs] == ["header", "preamble 1", "preamble 2",
                                                 "operative 1"]
    assert doc.paragraph("preamble 2").text.endswith("report of the Human Rights Council,")  # type: ignore[union-attr]
    assert [f.number for f in doc.footnotes] == [1, 2]
    assert [m.paragraph for m in doc.footnotes[0].markers] == ["preamble 2", "operative 1"]
    assert doc.footnotes[1].text == "Ibid., Supplement No. 53A (A/74/53/Add.1)."


def test_web_partial_and_slash_footnotes() -> None:
    text = (
        "A/C.3/45/L.77 23 November 1990\nThe General Assembly.\n"
        "Reaffirming the principles set forth in the Universal Declaration of Human Rights, 1/ "
        "the International Covenants on Human Rights 2/ and the Convention,\n"
        "1/ Resolution 217 A (III).\n2/ Resolution 2200 A (XXI), annex.\n"
        "Bearing in mind the principles and standards established within the framewo"
    )
    doc = doc_of(text)
    assert doc.format == "web"
    assert not doc.complete
    pre = doc.paragraph("preamble 1")
    assert pre is not None
    assert "1/" not in pre.text
    assert "2/" not in pre.text
    assert [m.footnote for m in pre.markers] == [1, 2]
    assert doc.footnote(2).text == "Resolution 2200 A (XXI), annex."  # type: ignore[union-attr]


@pytest.mark.parametrize(
    ("text", "numbers", "expected"),
    [
        ("Cairo,1 in particular", [1], ["1"]),
        ("the Decade 2014–2024 12 and", [12], ["12"]),
        ("resolution 59/3009 and the reports", [9], ["9"]),
        ("on 24 and 25 February 2003, 6 the", [6], ["6"]),
        ("paragraph 7 above, and Article 35 of", [7, 35], []),
        ("vol. 1249, No. 20378", [1], []),
        ("the G20 and COVID-19 and CO2", [2, 19, 20], []),
        ("Human Rights Council,1,2 Takes note", [1, 2], ["1", "2"]),
    ],
)
def test_find_markers(text: str, numbers: list[int], expected: list[str]) -> None:
    found = [text[s:e] for s, e, _ in find_markers(text, numbers)]
    assert found == expected


def test_clean_segments_folds_and_joins() -> None:
    src = "the nuclear-\nweapon-free low- \nand middle-income inter-\nnational"
    segs = line_spans(src)
    text, tm = clean_segments(src, segs, hyphens=lambda a, _b: a == "inter")
    assert text == "the nuclear-weapon-free low- and middle-income international"
    assert src[tm.to_source(text.index("weapon"))] == "w"


@pytest.mark.parametrize(
    ("phrase", "verb"),
    [
        ("Recalling also", "recalling"),
        ("Also requests", "requests"),
        ("Takes note with appreciation of", "takes note"),
        ("Deeply concerned", "concerned"),
        ("Bearing in mind", "bearing in mind"),
        ("Having heard", "having heard"),
        ("Further decides", "decides"),
        ("Calls upon", "calls upon"),
        ("Once again urges", "urges"),
        ("Guided by", "guided by"),
    ],
)
def test_verbs(phrase: str, verb: str) -> None:
    assert normalize_verb(phrase) == verb


def test_registry_and_cli_choices_agree() -> None:
    assert tuple(FORMATS) == INPUT_FORMATS


def test_parse_text_with_a_given_format() -> None:
    doc = parse_text(SC, "x", format="sc")
    assert doc.format == "sc"
    with pytest.raises(UnknownFormatError):
        parse_text(SC, "x", format="nope")
    with pytest.raises(LoadError, match="read from bytes"):
        parse_text(SC, "x", format="pdf")


def test_load_and_load_many(tmp_path: pytest.TempPathFactory) -> None:
    folder = tmp_path  # type: ignore[assignment]
    (folder / "a.txt").write_text(PDF_TEXT, encoding="utf-8")  # type: ignore[operator]
    (folder / "b.txt").write_text(SC, encoding="utf-8")  # type: ignore[operator]
    (folder / "notes.md").write_text("ignored", encoding="utf-8")  # type: ignore[operator]
    doc = load(folder / "a.txt")  # type: ignore[operator]
    assert doc.file.endswith("a.txt")
    assert doc.checksum
    result = load_many([folder])
    assert result.ok
    assert sorted(d.symbol or "" for d in result.documents) == ["A/RES/79/30", "S/RES/446(1979)"]


def test_to_dict_is_json() -> None:
    data = json.loads(json.dumps(doc_of(PDF_TEXT).to_dict()))
    assert data["symbol"] == "A/RES/79/30"
    assert {"kind", "number", "verb", "text", "start", "end"} <= set(data["paragraphs"][1])
    assert data["footnotes"][0]["markers"][0]["paragraph"] == "preamble 1"


def test_cli_parse(tmp_path: pytest.TempPathFactory, capsys: pytest.CaptureFixture[str]) -> None:
    good = tmp_path / "good.txt"  # type: ignore[operator]
    bad = tmp_path / "bad.json"  # type: ignore[operator]
    good.write_text(SC, encoding="utf-8")
    bad.write_text('{"a": 1}', encoding="utf-8")
    status = main(["parse", str(good), "--format", "json"])
    out = capsys.readouterr().out
    assert status == 0
    assert json.loads(out)[0]["symbol"] == "S/RES/446(1979)"
    status = main(["parse", str(good), str(bad), "--format", "jsonl"])
    captured = capsys.readouterr()
    assert status == 1
    lines = captured.out.strip().splitlines()
    assert len(lines) == 1
    assert json.loads(lines[0])["format"] == "sc"
    assert "bad.json" in captured.err
    assert "unknown format" in captured.err
