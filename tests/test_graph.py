"""The triple shape: vocabulary, ontology, golden graph, SHACL shapes, the main queries."""

from __future__ import annotations

import datetime as dt
import io
from pathlib import Path

import pytest
import rdflib
from rdflib.compare import graph_diff, isomorphic, to_isomorphic
from rdflib.namespace import OWL, RDF, RDFS
from test_graph_fixture import BUILT, doc_59_241, pairs, registry

from resgraph.graph import vocab
from resgraph.graph.build import build_pairs, stats, validate
from resgraph.graph.rdf import (
    document_lines,
    kind_of_key,
    literal,
    nquads,
    registry_lines,
    source_graph,
    to_dataset,
    to_graph,
)
from resgraph.graph.store import IRI, EmbeddedStore
from resgraph.graph.vocab import CITO, RG, characterization, normalize_verb
from resgraph.symbols import to_iri

INTEGER = "http://www.w3.org/2001/XMLSchema#integer"
GOLDEN = Path(__file__).parent / "data" / "graph" / "A_RES_59_241.ttl"


@pytest.fixture(scope="module")
def store() -> EmbeddedStore:
    s = EmbeddedStore.memory()
    build_pairs(pairs(), s, registry=registry(), progress=False)
    return s


# ------------------------------------------------------------ vocabulary

def test_closed_namespace_rejects_misspelled_terms() -> None:
    with pytest.raises(AttributeError):
        _ = RG.citationTyp
    with pytest.raises(AttributeError):
        _ = CITO.obtainsBackgroundFro
    assert str(RG.citationType) == vocab.NS + "citationType"


def test_ontology_declares_exactly_the_namespace_terms_with_label_and_comment() -> None:
    onto = rdflib.Graph().parse(data=vocab.ontology_text(), format="turtle")
    declared = {
        str(s)[len(vocab.NS):] for s in onto.subjects(RDF.type, None)
        if str(s).startswith(vocab.NS)
    }
    terms = {name for name in RG.__annotations__ if not name.startswith("_")}
    assert declared == terms
    for name in terms:
        term = rdflib.URIRef(vocab.NS + name)
        assert onto.value(term, RDFS.label), name
        assert onto.value(term, RDFS.comment), name
        kinds = set(onto.objects(term, RDF.type))
        assert kinds & {OWL.Class, OWL.ObjectProperty, OWL.DatatypeProperty}, name


def test_shapes_parse() -> None:
    shapes = rdflib.Graph().parse(data=vocab.shapes_text(), format="turtle")
    assert len(shapes) > 50


@pytest.mark.parametrize(
    ("verb", "term"),
    [
        ("recalling", CITO.obtainsBackgroundFrom),
        ("Recalling also", CITO.obtainsBackgroundFrom),
        ("recalls", CITO.obtainsBackgroundFrom),
        ("bearing in mind", CITO.obtainsBackgroundFrom),
        ("reaffirming", CITO.agreesWith),
        ("Reaffirms", CITO.agreesWith),
        ("noting", CITO.citesForInformation),
        ("takes note", CITO.citesForInformation),
        ("taking note", CITO.citesForInformation),
        ("Takes note with appreciation", CITO.citesForInformation),
        ("welcoming", CITO.supports),
        ("welcomes", CITO.supports),
        ("endorses", CITO.supports),
        ("guided by", CITO.citesAsAuthority),
        ("acting under", CITO.citesAsAuthority),
        ("having considered", CITO.reviews),
        ("requests", CITO.cites),
        ("decides", CITO.cites),
        ("calls upon", CITO.cites),
        (None, CITO.cites),
    ],
)
def test_characterization_of_verbs(verb: str | None, term: rdflib.URIRef) -> None:
    assert characterization(verb) == term


def test_normalize_verb() -> None:
    assert normalize_verb("Also   Recalls") == "recalls"
    assert normalize_verb("Further reaffirming") == "reaffirming"
    assert normalize_verb("") is None


# --------------------------------------------------------------- triples

def test_golden_graph_of_one_document() -> None:
    doc, refs = doc_59_241()
    lines = document_lines(doc, refs, graph=source_graph(doc.file), built=BUILT,
                           version="0.1.0")
    got = to_graph(lines)
    expected = rdflib.Graph().parse(GOLDEN, format="turtle")
    if not isomorphic(got, expected):
        _both, only_got, only_expected = graph_diff(to_isomorphic(got), to_isomorphic(expected))
        missing = sorted(only_expected.serialize(format="nt").splitlines())
        extra = sorted(only_got.serialize(format="nt").splitlines())
        pytest.fail("graph differs from golden\nmissing:\n" + "\n".join(missing)
                    + "\nextra:\n" + "\n".join(extra))


def test_store_keeps_what_keys_tell_in_the_entities_graph(store: EmbeddedStore) -> None:
    """In a store, a text's graph holds what the text tells; what a key tells is kept once."""
    graph = IRI(source_graph("/fixture/ods/A_RES_59_241.txt"))
    told = store.query("SELECT ?p ?o WHERE { GRAPH ?g { ?n ?p ?o } }",
                       {"g": graph, "n": IRI(to_iri("A/RES/57/270B"))})
    assert told == [{"p": str(vocab.DCTERMS.date), "o": "2003-06-23"}]
    keyed = store.query("SELECT ?p ?o WHERE { GRAPH ?g { ?n ?p ?o } }",
                        {"g": IRI(vocab.ENTITIES_GRAPH), "n": IRI(to_iri("A/RES/45/158"))})
    assert sorted((str(r["p"]), str(r["o"])) for r in keyed) == sorted([
        (str(vocab.ELI.passed_by), to_iri("organ:GA")),
        (str(vocab.DCTERMS.identifier), "A/RES/45/158"),
        (str(vocab.RDF.type), str(vocab.ELI.LegalResource)),
        (str(vocab.RDF.type), str(RG.Resolution)),
        (str(RG.session), "45"),
        (str(vocab.SCHEMA.url), "https://undocs.org/A/RES/45/158"),
    ])


def test_lines_are_valid_ntriples_and_unique() -> None:
    for doc, refs in pairs():
        lines = document_lines(doc, refs, graph=source_graph(doc.file), built=BUILT)
        assert len(lines) == len(set(lines))
        text = nquads(lines, source_graph(doc.file))
        assert len(to_dataset(text).graph(rdflib.URIRef(source_graph(doc.file)))) == len(lines)


def test_literals_escape_quotes_and_line_breaks() -> None:
    value = 'a "q" \\ b\nc\r'
    g = to_graph(["<http://a> <http://b> " + literal(value)])
    assert str(g.value(rdflib.URIRef("http://a"), rdflib.URIRef("http://b"))) == value
    assert literal(dt.datetime(2025, 1, 2, tzinfo=dt.UTC)).endswith("#dateTime>")


def test_registry_links_instrument_to_resolution_treaty_and_conference() -> None:
    g = to_graph(registry_lines(registry(), built=BUILT))
    cmw = rdflib.URIRef(to_iri("instrument:cmw"))
    assert g.value(cmw, RG.adoptedBy) == rdflib.URIRef(to_iri("A/RES/45/158"))
    assert g.value(cmw, RG.registeredAs) == rdflib.URIRef(to_iri("UNTS:39481"))
    poa = rdflib.URIRef(to_iri("instrument:icpd-poa"))
    assert g.value(poa, RG.adoptedAt) == rdflib.URIRef(to_iri("conference:icpd"))
    icpd = rdflib.URIRef(to_iri("conference:icpd"))
    assert str(g.value(icpd, vocab.SCHEMA.location)) == "Cairo"
    assert g.value(icpd, vocab.SCHEMA.startDate).toPython() == dt.date(1994, 9, 5)
    organ = rdflib.URIRef(to_iri("organ:SC"))
    assert str(g.value(organ, vocab.SKOS.prefLabel)) == "Security Council"


@pytest.mark.parametrize(
    ("key", "kind"),
    [
        ("A/RES/45/158", "resolution"),
        ("S/RES/242(1967)", "resolution"),
        ("A/DEC/57/573", "decision"),
        ("A/59/325", "document"),
        ("UNTS:39481", "treaty"),
        ("UNTS:v75p287", "treaty"),
        ("instrument:cmw", "instrument"),
        ("conference:icpd", "conference"),
        ("OR:SC/31/mtg.1969", "official-records"),
        ("Some Declaration", "other"),
    ],
)
def test_kind_of_key(key: str, kind: str) -> None:
    assert kind_of_key(key) == kind


# ------------------------------------------------------------- the store

def test_fixture_build_conforms_to_shapes(store: EmbeddedStore) -> None:
    conforms, text = validate(store)
    assert conforms, text


def test_validate_a_sample_of_graphs(store: EmbeddedStore) -> None:
    conforms, text = validate(store, sample=2, seed=1)
    assert conforms, text
    out = io.BytesIO()
    store.dump(out, "nq", graphs=[vocab.REGISTRY_GRAPH])
    assert {line.rsplit(" ", 2)[-2] for line in out.getvalue().decode().splitlines()} == {
        f"<{vocab.REGISTRY_GRAPH}>"}


def test_shapes_catch_a_broken_citation(store: EmbeddedStore) -> None:
    broken = EmbeddedStore.memory()
    out = io.BytesIO()
    store.dump(out, "nq")
    citation = "<file:///fixture/ods/A_RES_59_241.txt#citation-1>"
    # The position selector of citation 1: a blank node, as labelled in this dump.
    position = store.query(f"""
        SELECT ?s WHERE {{ {citation} oa:hasSelector ?s . ?s a oa:TextPositionSelector }}""")
    assert len(position) == 1
    (label,) = {
        line.split()[2] for line in out.getvalue().decode().splitlines()
        if line.startswith(citation + f" <{vocab.OA.hasSelector}> _:")
        and any(other.startswith(line.split()[2] + f" <{vocab.OA.start}>")
                for other in out.getvalue().decode().splitlines())
    }
    broken.replace_graph("http://example.org/broken", out.getvalue().decode() + (
        f"{citation} "
        f"<{CITO.hasCitationCharacterization}> <{CITO.supports}> <http://example.org/broken> .\n"
        f'{label} <{vocab.OA.start}> "400"^^<{INTEGER}> <http://example.org/broken> .\n'
    ))
    conforms, text = validate(broken)
    assert not conforms
    assert "hasCitationCharacterization" in text
    assert "lessThanOrEquals" in text or "LessThanOrEquals" in text


def test_stats_of_fixture(store: EmbeddedStore) -> None:
    counts = stats(store)
    assert counts["documents"] == 4
    assert counts["citations"] == {
        "resolution": 3, "treaty": 1, "document": 1, "instrument": 1, "conference": 1,
        "other": 1,
    }
    assert counts["unresolved"] == 1
    # One graph per source file, then the registry, entities and statistics graphs.
    assert counts["graphs"] == 7
    assert counts["nodes"] == 14


WHO_CITES = """
SELECT DISTINCT ?citing ?via WHERE {
  ?c cito:hasCitingEntity ?citing ; cito:hasCitedEntity ?via .
  { BIND(?target AS ?via) }
  UNION { ?via resgraph:adoptedBy ?target }
  UNION { ?i resgraph:adoptedBy ?target ; resgraph:registeredAs ?via }
} ORDER BY ?citing
"""


def test_who_cites_45_158_through_footnote_treaty_and_instrument(store: EmbeddedStore) -> None:
    rows = store.query(WHO_CITES, {"target": IRI(to_iri("A/RES/45/158"))})
    assert [(r["citing"], r["via"]) for r in rows] == [
        (to_iri("A/RES/59/241"), to_iri("A/RES/45/158")),
        (to_iri("A/RES/79/160"), to_iri("UNTS:39481")),
        (to_iri("A/RES/80/10"), to_iri("instrument:cmw")),
    ]


def test_citation_details_and_unresolved(store: EmbeddedStore) -> None:
    rows = store.query("""
        SELECT ?char ?verb ?fn ?para ?start ?end ?exact WHERE {
          ?c cito:hasCitedEntity ?target ; cito:hasCitationCharacterization ?char ;
             resgraph:verb ?verb ; resgraph:footnote ?fn ; resgraph:inParagraph ?p ;
             oa:hasSelector ?ps, ?qs .
          ?p rdfs:label ?para .
          ?ps a oa:TextPositionSelector ; oa:start ?start ; oa:end ?end .
          ?qs a oa:TextQuoteSelector ; oa:exact ?exact .
        }""", {"target": IRI(to_iri("A/RES/45/158"))})
    assert rows == [{"char": str(CITO.obtainsBackgroundFrom), "verb": "recalling", "fn": 11,
                     "para": "preamble 2", "start": 303, "end": 320,
                     "exact": "Resolution 45/158"}]
    unresolved = store.query("""
        SELECT ?doc ?reason ?exact WHERE {
          ?c cito:hasCitingEntity ?doc ; resgraph:unresolvedReason ?reason ;
             oa:hasSelector/oa:exact ?exact .
          FILTER NOT EXISTS { ?c cito:hasCitedEntity ?any }
        }""")
    assert unresolved == [{"doc": to_iri("A/RES/59/241"), "reason": "no antecedent for Ibid.",
                           "exact": "ibid."}]


def test_cited_resolution_outside_corpus_gets_what_the_citation_tells(
    store: EmbeddedStore,
) -> None:
    rows = store.query("""
        SELECT ?id ?organ ?session ?date WHERE {
          ?n dcterms:identifier ?id ; eli:passed_by/dcterms:identifier ?organ ;
             resgraph:session ?session ; dcterms:date ?date .
        }""", {"n": IRI(to_iri("A/RES/57/270B"))})
    assert rows == [{"id": "A/RES/57/270B", "organ": "GA", "session": "57",
                     "date": "2003-06-23"}]
    sc = store.query("SELECT ?organ WHERE { ?n eli:passed_by/dcterms:identifier ?organ }",
                     {"n": IRI(to_iri("S/RES/242(1967)"))})
    assert sc == [{"organ": "SC"}]


def test_provenance_of_each_source_graph(store: EmbeddedStore) -> None:
    rows = store.query("""
        SELECT ?g ?sum ?version ?time WHERE {
          GRAPH ?g { ?g resgraph:sha256 ?sum ; foaf:primaryTopic ?doc .
                     ?b prov:used ?g ; prov:endedAtTime ?time ;
                        prov:wasAssociatedWith/schema:softwareVersion ?version }
        } ORDER BY ?g""")
    assert [r["g"] for r in rows] == sorted(source_graph(d.file) for d, _ in pairs())
    assert all(len(str(r["sum"])) == 64 and r["version"] for r in rows)


def test_each_document_lives_in_its_own_graph(store: EmbeddedStore) -> None:
    rows = store.query("""
        SELECT ?g (COUNT(?c) AS ?n) WHERE { GRAPH ?g { ?c a cito:Citation } }
        GROUP BY ?g ORDER BY ?g""")
    assert {r["g"]: r["n"] for r in rows} == {
        source_graph(d.file): len(refs) for d, refs in pairs()
    }
    assert vocab.REGISTRY_GRAPH in store.graphs()
