"""The statistics graph: rankings counted at build time, and the queries that read them."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from resgraph.errors import QueryError
from resgraph.graph import stats
from resgraph.graph.build import build_pairs, validate
from resgraph.graph.rdf import source_graph
from resgraph.graph.stats import Contribution
from resgraph.graph.store import EmbeddedStore
from resgraph.models import Citation, CitationType, Document, Reference, Span
from resgraph.queries import api
from resgraph.queries.api import example_corpus, run_query
from resgraph.symbols import to_iri

KINDS = ["resolution", "decision", "document", "official-records", "treaty", "instrument",
         "conference", "other"]


# ------------------------------------------------------------ hand-made counts

def _c(n: int, scope: tuple[str | None, str | None, int | None], targets: dict[str, int],
       kinds: dict[str, str] | None = None) -> Contribution:
    kinds = kinds or {}
    organ, session, year = scope
    return Contribution(f"file:///t/{n}.txt", f"A/RES/99/{n}", organ, session, year, targets,
                        {t: kinds.get(t) or stats._key_kind(t) or "other" for t in targets})


#: Five texts. Worked out by hand below:
#: whole store  A/RES/1/1 4 cit. 3 texts; instrument:x 3/3; S/RES/5(1990) 3/1; A/59/1 1/1;
#:              instrument:a 1/1; UNTS:5 1/1; Odd Declaration 2/2 (an instrument in one
#:              text, another work in the other).
HAND = [
    _c(1, ("GA", "10", 2000), {"A/RES/1/1": 2, "A/59/1": 1, "instrument:x": 1}),
    _c(2, ("GA", "10", 2000), {"A/RES/1/1": 1, "instrument:x": 1, "Odd Declaration": 1},
       {"Odd Declaration": "instrument"}),
    _c(3, ("SC", "2000", 2000), {"A/RES/1/1": 1, "S/RES/5(1990)": 3}),
    _c(4, ("GA", "11", None), {"instrument:x": 1, "instrument:a": 1, "UNTS:5": 1,
                             "Odd Declaration": 1}, {"Odd Declaration": "other"}),
    _c(5, (None, None, None), {}),
]


@pytest.fixture(scope="module")
def hand_store() -> EmbeddedStore:
    store = EmbeddedStore.memory()
    with store.batch() as writer:
        writer.replace_graph_lines(stats.STATS_GRAPH, stats.statistics_lines(HAND))
    return store


def _rows(store: Any, **scope: Any) -> list[tuple[str, int, int]]:
    return [(r["target"], r["citations"], r["texts"])
            for r in stats.ranking_rows(store, stats.ranking_iri(**scope))]


def test_the_whole_store_ranks_by_citations_then_texts_then_iri(hand_store: Any) -> None:
    assert _rows(hand_store) == [
        ("A/RES/1/1", 4, 3), ("instrument:x", 3, 3), ("S/RES/5(1990)", 3, 1),
        ("Odd Declaration", 2, 2), ("A/59/1", 1, 1),
        # A tie on both counts goes by IRI: .../instrument/a before .../unts/5,
        # though "UNTS:5" sorts before "instrument:a" as a key.
        ("instrument:a", 1, 1), ("UNTS:5", 1, 1)]
    info = stats.ranking_info(hand_store, stats.ranking_iri())
    assert (info.statistics, info.size, info.targets, info.complete) == (True, 100, 7, True)


def test_kinds_have_rankings_of_their_own(hand_store: Any) -> None:
    assert _rows(hand_store, kind="resolution") == [("A/RES/1/1", 4, 3),
                                                    ("S/RES/5(1990)", 3, 1)]
    assert _rows(hand_store, kind="document") == [("A/59/1", 1, 1)]
    assert _rows(hand_store, kind="treaty") == [("UNTS:5", 1, 1)]
    # A target cited as two kinds is listed in both, with all its citations.
    assert _rows(hand_store, kind="instrument") == [
        ("instrument:x", 3, 3), ("Odd Declaration", 2, 2), ("instrument:a", 1, 1)]
    assert _rows(hand_store, kind="other") == [("Odd Declaration", 2, 2)]
    assert _rows(hand_store, kind="decision") == []
    assert stats.ranking_info(hand_store, stats.ranking_iri(kind="decision")).targets is None


def test_scopes_count_only_texts_whose_facts_are_known(hand_store: Any) -> None:
    assert _rows(hand_store, organ="GA") == [
        ("instrument:x", 3, 3), ("A/RES/1/1", 3, 2), ("Odd Declaration", 2, 2),
        ("A/59/1", 1, 1), ("instrument:a", 1, 1), ("UNTS:5", 1, 1)]
    assert _rows(hand_store, organ="SC") == [("S/RES/5(1990)", 3, 1), ("A/RES/1/1", 1, 1)]
    # Text 4 has no year: it counts for its organ and session only.
    assert _rows(hand_store, year=2000) == [
        ("A/RES/1/1", 4, 3), ("S/RES/5(1990)", 3, 1), ("instrument:x", 2, 2),
        ("A/59/1", 1, 1), ("Odd Declaration", 1, 1)]
    assert _rows(hand_store, organ="GA", year=2000) == [
        ("A/RES/1/1", 3, 2), ("instrument:x", 2, 2), ("A/59/1", 1, 1), ("Odd Declaration", 1, 1)]
    assert _rows(hand_store, organ="GA", session="11") == [
        ("Odd Declaration", 1, 1), ("instrument:a", 1, 1), ("instrument:x", 1, 1), ("UNTS:5", 1, 1)]
    assert _rows(hand_store, session="2000", kind="resolution") == [
        ("S/RES/5(1990)", 3, 1), ("A/RES/1/1", 1, 1)]
    assert _rows(hand_store, organ="GA", year=2001) == []
    assert _rows(hand_store, session="10", year=2000) == []  # no such ranking


def test_rankings_are_cut_to_their_size() -> None:
    store = EmbeddedStore.memory()
    with store.batch() as writer:
        writer.replace_graph_lines(stats.STATS_GRAPH, stats.statistics_lines(HAND, size=2))
    assert _rows(store) == [("A/RES/1/1", 4, 3), ("instrument:x", 3, 3)]
    assert _rows(store, kind="instrument") == [("instrument:x", 3, 3), ("Odd Declaration", 2, 2)]
    info = stats.ranking_info(store, stats.ranking_iri())
    assert (info.size, info.targets, info.entries, info.complete) == (2, 7, 2, False)
    # A tie at the cut goes by IRI.
    with store.batch() as writer:
        writer.replace_graph_lines(stats.STATS_GRAPH, stats.statistics_lines(HAND, size=1))
    assert _rows(store, organ="GA", session="11") == [("Odd Declaration", 1, 1)]
    with pytest.raises(ValueError, match="at least 1"):
        stats.statistics_lines(HAND, size=0)


def test_the_graph_tells_its_size_totals_and_provenance() -> None:
    built = dt.datetime(2025, 1, 2, 3, 4, 5, tzinfo=dt.UTC)
    lines = stats.statistics_lines(HAND, built=built, version="9.9")
    graph = f"<{stats.STATS_GRAPH}>"
    rg = "https://w3id.org/resgraph/ontology#"
    assert f'{graph} <{rg}rankingSize> "100"^^<http://www.w3.org/2001/XMLSchema#integer>' in lines
    assert f'{graph} <{rg}texts> "5"^^<http://www.w3.org/2001/XMLSchema#integer>' in lines
    assert f'{graph} <{rg}citations> "15"^^<http://www.w3.org/2001/XMLSchema#integer>' in lines
    assert (f'<{stats.STATS_GRAPH}#build> <http://www.w3.org/ns/prov#endedAtTime> '
            '"2025-01-02T03:04:05+00:00"^^<http://www.w3.org/2001/XMLSchema#dateTime>') in lines
    # Five quads per entry.
    entries = [line for line in lines if f"<{rg}inRanking>" in line]
    assert len([line for line in lines if "/stats/top#" in line.split()[0]]) == 5 * 7
    assert len(entries) == len(set(entries))
    assert stats.statistics_lines(HAND, built=built, version="9.9") == lines


# ------------------------------------------------------------ round trip

def _extra_pairs() -> list[tuple[Document, list[Reference]]]:
    """A text without a symbol, and one citing a work whose key does not tell its kind."""
    text = "Recalling the Declaration of Nowhere and resolution 45/158,"
    cits = [
        Reference(Citation(CitationType.INSTRUMENT, "Declaration of Nowhere",
                           "Declaration of Nowhere", Span(14, 36), "preamble 1"),
                  "Declaration of Nowhere", via="registry"),
        Reference(Citation(CitationType.RESOLUTION, "A/RES/45/158", "resolution 45/158",
                           Span(41, 58), "preamble 1"), "A/RES/45/158"),
        Reference(Citation(CitationType.RESOLUTION, None, "resolution", Span(41, 51),
                           "preamble 1"), None, reason="no number"),
    ]
    return [
        (Document("/extra/plain.txt", "text", text, None, None), cits[1:]),
        (Document("/extra/odd.txt", "text", text, "A/RES/70/9", "GA",
                  adopted=dt.date(2015, 12, 1), session="70"), cits),
    ]


def test_stored_contributions_are_what_the_documents_contribute() -> None:
    registry, pairs = example_corpus()
    pairs = [*pairs, *_extra_pairs()]
    store = EmbeddedStore.memory()
    build_pairs(pairs, store, registry=registry, progress=False, counts=False)
    made = sorted((stats.contribution(doc, refs, source_graph(doc.file)) for doc, refs in pairs),
                  key=lambda c: c.graph)
    found = stats.stored_contributions(store)
    assert found == made
    odd = next(c for c in found if c.text == "A/RES/70/9")
    assert (odd.organ, odd.session, odd.year) == ("GA", "70", 2015)
    assert dict(odd.kinds) == {"Declaration of Nowhere": "instrument",
                               "A/RES/45/158": "resolution"}
    plain = next(c for c in found if c.graph.endswith("plain.txt"))
    assert plain.text == plain.graph + "#document"
    assert (plain.organ, plain.session, plain.year) == (None, None, None)
    # Graphs a build is about to replace are left out.
    left = stats.stored_contributions(store, exclude=[made[0].graph, made[1].graph])
    assert left == made[2:]
    assert stats.stored_contributions(store, exclude=[c.graph for c in made]) == []


def test_relations_read_back_from_the_registry_graph() -> None:
    registry, _pairs = example_corpus()
    relations = stats.registry_relations(registry)
    assert stats.stored_relations(api.example_store()) == relations
    assert relations.group("instrument:cmw") == {"instrument:cmw", "UNTS:39481", "A/RES/45/158"}
    # 2200 A (XXI) adopted two covenants: it stands for neither of them.
    assert relations.group("instrument:iccpr") == {"instrument:iccpr", "UNTS:14668"}
    assert relations.equivalents("instrument:iccpr") == {"A/RES/2200A(XXI)", "UNTS:14668"}


# ------------------------------------------------------------ lists and scans

def _fixture_store(**options: Any) -> EmbeddedStore:
    registry, pairs = example_corpus()
    store = EmbeddedStore.memory()
    build_pairs(pairs, store, registry=registry, progress=False, counts=False)
    stats.write_statistics(store, **options)
    return store


@pytest.fixture(scope="module")
def fixture_store() -> EmbeddedStore:
    return _fixture_store(co_cited_min_texts=1)


def _scopes(store: Any) -> list[dict[str, Any]]:
    found = stats.stored_contributions(store)
    out: list[dict[str, Any]] = [{}]
    for c in found:
        candidates = [{"organ": c.organ}, {"session": c.session}, {"year": c.year},
                      {"organ": c.organ, "session": c.session},
                      {"organ": c.organ, "year": c.year}]
        for scope in candidates:
            if all(v is not None for v in scope.values()) and scope not in out:
                out.append(scope)
    return out


def test_every_scope_of_the_fixture_has_rankings(fixture_store: Any) -> None:
    scopes = _scopes(fixture_store)
    assert len(scopes) == 1 + 2 + 6 + 6 + 6 + 6
    for scope in scopes:
        assert stats.ranking_info(fixture_store, stats.ranking_iri(**scope)).targets


@pytest.mark.parametrize("kind", [None, *KINDS])
def test_the_list_queries_give_the_scans_answers(fixture_store: Any, kind: str | None) -> None:
    for scope in _scopes(fixture_store):
        params = {**scope, **({"kind": kind} if kind else {})}
        name = "top-by" if scope else "top"
        lists = run_query(name, params, fixture_store)
        scan = run_query(name + "-scan", params, fixture_store)
        assert lists == scan, params
        if not scope:  # top-by without a scope is the whole store, as top
            assert run_query("top-by", params, fixture_store) == lists
        assert api.top(fixture_store, **scope, kind=kind, limit=3) == scan[:3]
        assert api.top(fixture_store, **scope, kind=kind, limit=None) == scan


def test_the_example_store_has_the_statistics_graph() -> None:
    store = api.example_store()
    assert stats.STATS_GRAPH in store.graphs()
    assert api.top(store, limit=None) == run_query("top-scan", {}, store)


def test_requests_the_lists_do_not_cover_are_counted(fixture_store: Any) -> None:
    # A session and a year together: no ranking, the scan answers.
    rows = api.top(fixture_store, session="60", year=2005)
    assert rows == run_query("top-by-scan", {"session": "60", "year": 2005}, fixture_store)
    assert [r["target"] for r in rows] == ["A/60/205", "A/RES/2200A(XXI)", "A/RES/59/241"]
    assert run_query("top-by", {"session": "60", "year": 2005}, fixture_store) == []
    assert api.top(fixture_store, organ="GA", session="60", year=2004) == []


def test_short_rankings_send_longer_requests_to_the_scan() -> None:
    store = _fixture_store(size=2)
    scan = run_query("top-scan", {}, store)
    assert len(scan) > 2
    assert run_query("top", {}, store) == scan[:2]  # the list query alone stops at the cut
    assert api.top(store, limit=2) == scan[:2]
    assert api.top(store, limit=5) == scan[:5]
    assert api.top(store, limit=None) == scan
    # A ranking shorter than its size is complete.
    sc = run_query("top-by-scan", {"organ": "SC"}, store)
    assert len(sc) == 2
    assert api.top(store, organ="SC", limit=50) == sc


def test_stores_without_statistics_are_counted() -> None:
    registry, pairs = example_corpus()
    store = EmbeddedStore.memory()
    build_pairs(pairs, store, registry=registry, progress=False, counts=False)
    store.drop_graph(stats.STATS_GRAPH)
    assert not stats.ranking_info(store, stats.ranking_iri()).statistics
    for name, params in [("top", {}), ("top", {"kind": "treaty"}),
                         ("top-by", {"organ": "SC"}), ("top-by", {"year": 2006})]:
        scan = run_query(name + "-scan", params, store)
        assert scan
        assert run_query(name, params, store) == scan
    assert api.top(store, organ="GA", limit=4) == run_query(
        "top-by-scan", {"organ": "GA"}, store)[:4]
    assert api.co_cited("45/158", store) == run_query("co-cited", {"target": "45/158"}, store)


def test_co_citation_rankings_give_the_querys_answers(fixture_store: Any) -> None:
    targets = {r["target"] for r in run_query("top-scan", {}, fixture_store)}
    targets |= {"instrument:iccpr", "UNTS:14531", "A/RES/2200A(XXI)", "instrument:cmw"}
    unlisted = set()
    for target in sorted(targets):
        query = run_query("co-cited", {"target": target}, fixture_store)
        ranking = stats.co_cited_iri(target)
        assert ranking is not None
        if stats.ranking_info(fixture_store, ranking).targets is None:
            unlisted.add(target)
        assert api.co_cited(target, fixture_store) == query, target
        assert api.co_cited(target, fixture_store, limit=1) == query[:1], target
    # No text cites the covenant or its treaty entry (only 2200 A (XXI), which
    # adopted two covenants and so stands for neither).
    assert unlisted == {"instrument:iccpr", "UNTS:14531"}


def test_co_citation_rankings_are_kept_for_the_most_cited_only() -> None:
    store = _fixture_store(co_cited_min_texts=3)
    kept = {r["t"] for r in store.query(
        f"SELECT ?t WHERE {{ GRAPH <{stats.STATS_GRAPH}> {{ ?r <{stats.RG.coCitedWith}> ?t }} }}")}
    # 45/158 is cited by three texts, and with its convention and treaty entry by four;
    # 217 A (III) by two, and with the Universal Declaration it adopted by three.
    assert kept == {to_iri(k) for k in ("A/RES/45/158", "instrument:cmw", "UNTS:39481",
                                        "A/RES/217A(III)", "instrument:udhr")}
    assert api.co_cited("45/158", store) == run_query("co-cited", {"target": "45/158"}, store)


def test_hostile_sessions_find_no_ranking(fixture_store: Any) -> None:
    for value in ['" } INSERT DATA { <a:a> <a:a> <a:a> } #', "a/b", "\x00", "é" * 50,
                  "x" * 100_000]:
        assert api.top(fixture_store, session=value) == []
        assert api.top(fixture_store, organ="GA", session=value, kind="treaty") == []
    with pytest.raises(QueryError):
        api.top(fixture_store, organ="Trusteeship Kouncil")
    with pytest.raises(QueryError):
        api.top(fixture_store, limit=-1)


def test_the_statistics_graph_satisfies_the_shapes(fixture_store: Any) -> None:
    conforms, report = validate(fixture_store)
    assert conforms, report


def test_scopes_counting_the_same_texts_share_their_entries(hand_store: Any) -> None:
    rg = "https://w3id.org/resgraph/ontology#"
    links = {(r["a"], r["b"]) for r in hand_store.query(
        f"SELECT ?a ?b WHERE {{ GRAPH ?g {{ ?a <{rg}sameEntriesAs> ?b }} }}")}
    # Sessions 10 and 11 are held by the General Assembly only, session 2000 by the
    # Council only; in 2000 both adopted texts, and the store has texts of both.
    expected = set()
    for session, organ in (("10", "GA"), ("11", "GA"), ("2000", "SC")):
        for kind in (None, *KINDS):
            one = stats.ranking_iri(session=session, kind=kind)
            two = stats.ranking_iri(organ=organ, session=session, kind=kind)
            if stats.ranking_info(hand_store, two).targets:
                expected.add((one, two))
    # All targets, and each kind cited: the Odd Declaration is an instrument and another work.
    assert len(expected) == len(["all", "resolution", "document", "instrument", "other"]) + len(
        ["all", "instrument", "treaty", "other"]) + len(["all", "resolution"])
    assert links == expected
    assert _rows(hand_store, session="10") == _rows(hand_store, organ="GA", session="10")
    assert stats.ranking_info(hand_store, stats.ranking_iri(session="10")).targets == 4
    own = hand_store.query(f"SELECT ?e WHERE {{ GRAPH ?g {{ ?e <{rg}inRanking> "
                           f"<{stats.ranking_iri(session='10')}> }} }}")
    assert own == []
