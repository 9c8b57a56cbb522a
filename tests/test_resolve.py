"""Tests of :mod:`resgraph.loaders.resolve`: footnotes, Ibid. chains and the registry."""

from __future__ import annotations

import pytest
from doc_helpers import make_doc

from resgraph.loaders import documents
from resgraph.loaders.find import find_citations
from resgraph.loaders.resolve import extract, instrument_of, learn_aliases, resolve, targets_of
from resgraph.models import Citation, CitationType, Reference, Span
from resgraph.registry import Instrument, Registry

T = CitationType

CMW = ("International Convention on the Protection of the Rights of All Migrant Workers and "
       "Members of Their Families")


def _registry() -> Registry:
    reg = Registry()
    reg.add_instrument(Instrument("cmw", "convention", CMW, adopted_by="A/RES/45/158",
                                  unts="39481", unts_volume="2220", unts_page="3"))
    reg.add_instrument(Instrument("gc4", "convention",
                                  "Geneva Convention relative to the Protection of Civilian "
                                  "Persons in Time of War", unts="973", unts_volume="75",
                                  unts_page="287"))
    reg.add_instrument(Instrument("iccpr", "covenant",
                                  "International Covenant on Civil and Political Rights",
                                  adopted_by="A/RES/2200A(XXI)", unts="14668"))
    reg.add_instrument(Instrument("icescr", "covenant",
                                  "International Covenant on Economic, Social and Cultural "
                                  "Rights", adopted_by="A/RES/2200A(XXI)", unts="14531"))
    return reg


def _refs(doc_paragraphs: tuple[object, ...], footnotes: list[tuple[int, str]],
          registry: Registry | None = None, **kw: object) -> list[Reference]:
    doc = make_doc(*doc_paragraphs, footnotes=footnotes, **kw)  # type: ignore[arg-type]
    return extract(doc, registry if registry is not None else Registry())


# --- the migrant workers convention, whichever way it is cited ------------------------

CMW_ROUTES = [
    # (body, footnote, expected target of the footnote citation)
    (f"Recalling the {CMW},{{11}}", "Resolution 45/158, annex.", "A/RES/45/158"),
    (f"Recalling the {CMW},{{5}}", "United Nations, Treaty Series, vol. 2220, No. 39481.",
     "UNTS:39481"),
]


@pytest.mark.parametrize(("body", "note", "footnote_target"), CMW_ROUTES)
def test_migrant_workers_convention_routes(body: str, note: str, footnote_target: str) -> None:
    reg = _registry()
    number = int(body.rsplit("{", 1)[1].rstrip("}"))
    refs = _refs((("preamble 1", body),), [(number, note)], reg)
    assert [(r.type, r.target) for r in refs] == [
        (T.INSTRUMENT, "instrument:cmw"), ((footnote_target.startswith("UNTS") and T.TREATY)
                                           or T.RESOLUTION, footnote_target)]
    for r in refs:
        assert "A/RES/45/158" in targets_of(r, reg)
        assert "instrument:cmw" in targets_of(r, reg)


def test_unknown_name_resolves_through_its_footnote() -> None:
    reg = Registry()
    reg.add_instrument(Instrument("cmw", "convention", "Migrant Workers Convention",
                                  adopted_by="A/RES/45/158", unts="39481"))
    refs = _refs((("preamble 1", f"Recalling the {CMW},{{11}} which entered into force"),),
                 [(11, "Resolution 45/158, annex.")], reg)
    assert [(r.target, r.via) for r in refs] == [
        ("instrument:cmw", "footnote"), ("A/RES/45/158", "footnote")]


def test_unknown_name_without_registry_entry_keeps_a_reason() -> None:
    refs = _refs((("preamble 1", "Recalling the Convention on Something Else,{1}"),),
                 [(1, "Resolution 99/999, annex.")])
    assert refs[0].target is None
    assert refs[0].reason is not None
    assert "A/RES/99/999" in refs[0].reason
    assert refs[1].target == "A/RES/99/999"


def test_covenant_picked_by_name_among_instruments_of_one_resolution() -> None:
    reg = _registry()
    assert instrument_of("A/RES/2200A(XXI)", reg, "International Covenant on Civil and "
                         "Political Rights") == reg.instruments["iccpr"]
    assert instrument_of("A/RES/2200A(XXI)", reg) is None
    assert instrument_of("UNTS:v75p287", reg) == reg.instruments["gc4"]


# --- Ibid. -----------------------------------------------------------------------------

def test_ibid_chain_across_page_break() -> None:
    refs = _refs(
        (("preamble 1", "Recalling the International Covenant on Civil and Political Rights,{1} "
                        "the Covenant on Economic Rights,{2} the Optional Protocol{3} and the "
                        "Second Optional Protocol,{4}"),),
        [(1, "Resolution 2200 A (XXI), annex."), (2, "Ibid."), (3, "Ibid."),
         (4, "Ibid., annex II.")],
        _registry(), page_break_before=[3])
    fn = [r for r in refs if r.citation.footnote]
    assert [(r.citation.footnote, r.target, r.via) for r in fn] == [
        (1, "A/RES/2200A(XXI)", "footnote"), (2, "A/RES/2200A(XXI)", "ibid"),
        (3, "A/RES/2200A(XXI)", "ibid"), (4, "A/RES/2200A(XXI)", "ibid")]
    assert fn[3].citation.pinpoint == "annex II"


def test_ibid_of_a_conference_report() -> None:
    refs = _refs((("preamble 1", "Recalling the Declaration,{2} the Programme,{3}"),),
                 [(2, "Report of the World Summit for Social Development, Copenhagen, 6-12 March "
                      "1995 (United Nations publication, Sales No. E.96.IV.8), chap. I, "
                      "resolution 1, annex I."), (3, "Ibid., annex II.")])
    fn = [r for r in refs if r.citation.footnote]
    assert [(r.type, r.citation.footnote) for r in fn] == [(T.CONFERENCE, 2), (T.CONFERENCE, 3)]
    # Not in the registry: both stay unresolved, with a reason, and nothing is dropped.
    assert all(r.target is None and r.reason for r in fn)


def test_ibid_treaty_takes_the_series_of_the_previous_footnote() -> None:
    refs = _refs((("preamble 1", "Recalling the Convention{9} and the Convention,{10}"),),
                 [(9, "United Nations, Treaty Series, vol.1249, No.20378."),
                  (10, "Ibid., vol. 1577, No. 27531.")])
    assert [r.target for r in refs if r.citation.footnote] == ["UNTS:20378", "UNTS:27531"]


def test_ibid_of_a_document_with_pinpoint() -> None:
    refs = _refs((("preamble 6", "Recalling the advisory opinion,{7}{8}"),),
                 [(7, "See A/ES-10/273 and A/ES-10/273/Corr.1."),
                  (8, "Ibid., advisory opinion, para. 88.")])
    # Ibid. repeats the opinion, not its corrigendum.
    assert [r.target for r in refs] == ["A/ES-10/273", "A/ES-10/273/Corr.1", "A/ES-10/273"]


def test_ibid_after_official_records_with_a_decision_repeats_the_records() -> None:
    refs = _refs((("preamble 7", "Welcoming the theme,{12}{13}"),),
                 [(12, "Official Records of the Economic and Social Council, 2004, Supplement "
                       "No. 5 (E/2004/25), chap. I.B, decision 2004/1."), (13, "Ibid.")])
    assert [(r.type, r.target) for r in refs] == [
        (T.OFFICIAL_RECORDS, "E/2004/25"), (T.DECISION, "E/DEC/2004/1"),
        (T.OFFICIAL_RECORDS, "E/2004/25")]


def test_bare_ibid_without_antecedent_is_kept() -> None:
    refs = _refs((("preamble 1", "Recalling,{1}"),), [(1, "Ibid.")])
    assert len(refs) == 1
    assert refs[0].target is None
    assert refs[0].reason


# --- every mention is kept -------------------------------------------------------------

def test_unresolved_mentions_are_kept_with_a_reason() -> None:
    refs = _refs((("preamble 1", "Recalling United Nations Environment Assembly resolution 5/5,"),),
                 [])
    assert [(r.type, r.target) for r in refs] == [(T.OTHER, None)]
    assert refs[0].reason is not None


def test_resolve_keeps_order_and_count() -> None:
    doc = make_doc(("preamble 1", "Recalling resolutions 1/1, 2/2 and 3/3,"))
    cites = find_citations(doc, registry=Registry())
    refs = resolve(doc, cites, Registry())
    assert [r.citation for r in refs] == cites


def test_to_dict_fields() -> None:
    (r,) = _refs((("preamble 2", "Recalling its resolution 58/190 of 22 December 2003,"),), [])
    d = r.to_dict()
    assert {k: d[k] for k in ("target", "type", "verb", "paragraph", "footnote", "date")} == {
        "target": "A/RES/58/190", "type": "resolution", "verb": "recalling",
        "paragraph": "preamble 2", "footnote": None, "date": "2003-12-22"}
    assert d["text"] == "resolution 58/190"


# --- targets_of and learn_aliases -------------------------------------------------------

def test_targets_of_plain_and_unresolved() -> None:
    reg = _registry()
    c = Citation(T.RESOLUTION, "A/RES/1/1", "1/1", Span(0, 3), "preamble 1")
    assert targets_of(Reference(c, "A/RES/1/1"), reg) == {"A/RES/1/1"}
    assert targets_of(Reference(c, None, reason="x"), reg) == set()
    c2 = Citation(T.TREATY, "UNTS:v75p287", "vol. 75, p. 287", Span(0, 3), "preamble 1")
    assert targets_of(Reference(c2, "UNTS:v75p287"), reg) == {
        "UNTS:v75p287", "instrument:gc4", "UNTS:973"}


def test_learn_aliases_teaches_the_registry_once() -> None:
    reg = Registry()
    reg.add_instrument(Instrument("cmw", "convention", "Migrant Workers Convention",
                                  adopted_by="A/RES/45/158", unts="39481"))
    doc1 = make_doc(("preamble 1", f"Recalling the {CMW},{{11}}"),
                    footnotes=[(11, "Resolution 45/158, annex.")])
    doc2 = make_doc(("preamble 1", f"Recalling the {CMW},{{5}}"),
                    footnotes=[(5, "United Nations, Treaty Series, vol. 2220, No. 39481.")])
    assert learn_aliases([doc1, doc2], reg) == [(CMW, "instrument:cmw")]
    ent = reg.lookup_name(CMW)
    assert ent is not None
    assert ent.key == "cmw"
    # Once learnt, the name is found directly.
    refs = extract(doc2, reg)
    assert (refs[0].target, refs[0].via) == ("instrument:cmw", "registry")


@pytest.mark.parametrize(("name", "note"), [
    # A protocol shares its treaty's Treaty Series number, but is not the treaty.
    ("Protocol to the Treaty on a Nuclear-Weapon-Free Zone in Central Asia",
     "United Nations, Treaty Series, vol. 2970, No. 51633."),
    # A framework adopted under a convention is not the convention.
    ("Kunming-Montreal Global Biodiversity Framework", "Resolution 99/1, annex."),
    # Annex I of a resolution is not the instrument printed in its annex II.
    ("Vienna Declaration", "Resolution 69/137, annex I."),
])
def test_unknown_names_do_not_take_a_neighbour_instrument(name: str, note: str) -> None:
    reg = Registry()
    reg.add_instrument(Instrument("canwfz", "treaty", "Treaty on a Nuclear-Weapon-Free Zone in "
                                  "Central Asia", unts="51633"))
    reg.add_instrument(Instrument("cbd", "convention", "Convention on Biological Diversity",
                                  adopted_by="A/RES/99/1", annex="annex"))
    reg.add_instrument(Instrument("vpoa", "programme", "Vienna Programme of Action for "
                                  "Landlocked Developing Countries", adopted_by="A/RES/69/137",
                                  annex="annex II"))
    refs = _refs((("preamble 1", f"Recalling the {name},{{1}}"),), [(1, note)], reg)
    assert refs[0].type == T.INSTRUMENT
    assert refs[0].target is None
    assert learn_aliases([make_doc(("preamble 1", f"Recalling the {name},{{1}}"),
                                   footnotes=[(1, note)])], reg) == []


def test_a_text_does_not_cite_itself() -> None:
    text = (
        "Resolution 446 (1979)\nof 22 March 1979\n\nThe Security Council,\n\n"
        "Recalling its resolution 242 (1967),\n\n"
        "1. Decides to remain seized of resolution 446 (1979) and of the matter.\n\n"
        "Adopted at the 2134th meeting by 12 votes to none.\n"
    )
    doc = documents.parse_text(text, "S_RES_446_1979.txt")
    assert doc.symbol == "S/RES/446(1979)"
    targets = [r.target for r in extract(doc)]
    assert targets == ["S/RES/242(1967)"]
    kept = [r.target for r in extract(doc, keep_self=True)]
    assert "S/RES/446(1979)" in kept


def test_a_later_clause_verb_governs_what_follows_it() -> None:
    text = (
        "\tThe General Assembly,\n\tReaffirming the obligations of all States, reaffirming "
        "also its resolution 217 A (III), and recalling its resolution 2106 A (XX),\n"
        "\t1.\tEncourages Governments to cooperate, and welcomes resolution 58/208;\n"
    )
    doc = documents.parse_text(text, "x.txt", format="ods")
    verbs = {r.target: r.citation.verb for r in extract(doc)}
    assert verbs == {"A/RES/217A(III)": "reaffirming", "A/RES/2106A(XX)": "recalling",
                     "A/RES/58/208": "welcomes"}
