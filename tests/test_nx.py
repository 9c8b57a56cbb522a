"""The NetworkX view: built from pairs or read from the store, the same graph."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Any

import networkx as nx
import pytest
from test_graph_fixture import pairs, registry

from resgraph.graph.build import build, build_pairs, read_pairs, validate
from resgraph.graph.nx import store_to_networkx, to_networkx
from resgraph.graph.rdf import citation_iri, source_graph
from resgraph.graph.store import EmbeddedStore
from resgraph.models import Document, Reference
from resgraph.registry import load_registry

Pair = tuple[Document, Sequence[Reference]]


def _assert_same(a: nx.MultiDiGraph, b: nx.MultiDiGraph) -> None:
    """Same nodes, edges (with keys) and attributes; then isomorphic as a check of the check."""
    assert dict(a.nodes(data=True)) == dict(b.nodes(data=True))
    ea = sorted((u, v, k, sorted(d.items())) for u, v, k, d in a.edges(keys=True, data=True))
    eb = sorted((u, v, k, sorted(d.items())) for u, v, k, d in b.edges(keys=True, data=True))
    assert ea == eb
    assert nx.is_isomorphic(a, b, node_match=lambda x, y: x == y, edge_match=lambda x, y: x == y)


def test_fixture_graph_from_pairs() -> None:
    g = to_networkx(pairs(), registry=registry())
    assert g.nodes["A/RES/59/241"] == {
        "kind": "resolution", "symbol": "A/RES/59/241", "organ": "GA",
        "title": "International migration and development", "date": "2004-12-22",
        "url": "https://undocs.org/A/RES/59/241",
    }
    assert g.nodes["A/RES/57/270B"]["date"] == "2003-06-23"
    assert g.nodes["UNTS:39481"]["kind"] == "treaty"
    assert g.nodes["instrument:cmw"]["date"] == "1990-12-18"
    assert g.nodes["conference:icpd"]["kind"] == "conference"
    key = citation_iri(source_graph("/fixture/ods/A_RES_59_241.txt"), 2)
    assert g.edges["A/RES/59/241", "A/RES/45/158", key] == {
        "relation": "cites", "verb": "recalling", "characterization": "obtainsBackgroundFrom",
        "type": "resolution", "paragraph": "preamble 2", "footnote": 11,
        "quote": "Resolution 45/158", "start": 303, "end": 320,
        "source": source_graph("/fixture/ods/A_RES_59_241.txt"),
    }
    relations = {(u, v, d["relation"]) for u, v, d in g.edges(data=True)
                 if d["relation"] != "cites"}
    assert relations == {
        ("A/RES/45/158", "instrument:cmw", "adopts"),
        ("instrument:cmw", "UNTS:39481", "registered-as"),
        ("instrument:icpd-poa", "conference:icpd", "adopted-at"),
        ("conference:icpd", "A/CONF.171/13", "reported-in"),
        ("A/RES/59/241", "A/59/485/Add.2", "adopted-on"),
    }
    cites = [d for _, _, d in g.edges(data=True) if d["relation"] == "cites"]
    assert len(cites) == 7  # eight citations, one unresolved


def test_who_cites_45_158_in_networkx() -> None:
    g = to_networkx(pairs(), registry=registry())
    targets = {"A/RES/45/158"} | {v for _, v, d in g.out_edges("A/RES/45/158", data=True)
                                  if d["relation"] == "adopts"}
    targets |= {v for t in list(targets) for _, v, d in g.out_edges(t, data=True)
                if d["relation"] == "registered-as"}
    citing = sorted({u for t in targets for u, _, d in g.in_edges(t, data=True)
                     if d["relation"] == "cites"})
    assert citing == ["A/RES/59/241", "A/RES/79/160", "A/RES/80/10"]


def test_same_graph_from_pairs_and_from_the_store() -> None:
    store = EmbeddedStore.memory()
    build_pairs(pairs(), store, registry=registry(), progress=False)
    _assert_same(to_networkx(pairs(), registry=registry()), store_to_networkx(store))
    _assert_same(to_networkx(store), store_to_networkx(store))


def test_attributes_are_graphml_safe(tmp_path: Path) -> None:
    g = to_networkx(pairs(), registry=registry())
    for _, data in g.nodes(data=True):
        assert all(isinstance(v, str | int) for v in data.values())
    for _, _, data in g.edges(data=True):
        assert all(isinstance(v, str | int) for v in data.values())
    nx.write_graphml(g, tmp_path / "g.graphml")
    back = nx.read_graphml(tmp_path / "g.graphml", force_multigraph=True)
    assert back.number_of_nodes() == g.number_of_nodes()
    assert back.number_of_edges() == g.number_of_edges()
    assert back.nodes["A/RES/59/241"]["title"] == "International migration and development"
    nx.write_gexf(g, tmp_path / "g.gexf")
    assert nx.read_gexf(tmp_path / "g.gexf").number_of_nodes() == g.number_of_nodes()


def test_pairs_route_does_not_need_the_store_order() -> None:
    forward = to_networkx(pairs(), registry=registry())
    backward = to_networkx(list(reversed(pairs())), registry=registry())
    _assert_same(forward, backward)


def _corpus_files() -> list[Path]:
    try:
        from resgraph.corpus import demo_corpus  # noqa: PLC0415 - needs the shipped archive
        root = demo_corpus()
    except Exception as exc:
        pytest.skip(f"no demo corpus: {exc}")
    picks = ["ods/A_RES_59_241.txt", "ga/A_RES_79_30.txt", "ga/A_RES_79_165.txt",
             "ga/A_RES_80_212.txt", "ga/A_RES_78_1.txt", "sc/S_RES_242_1967.txt"]
    files = [root / p for p in picks if (root / p).exists()]
    files += sorted((root / "sc").glob("*.txt"))[300:310]
    files += sorted((root / "web").glob("*.txt"))[:4]
    files += sorted((root / "pdf").glob("*.pdf"))[:1]
    return files


@pytest.mark.slow
def test_same_graph_on_real_corpus_files() -> None:
    pytest.importorskip("resgraph.loaders.resolve")
    files = _corpus_files()
    reg = load_registry()
    real: list[Any] = read_pairs(files, reg)
    assert len(real) >= len(files) - 2
    assert sum(len(refs) for _, refs in real) > 50
    store = EmbeddedStore.memory()
    report = build_pairs(real, store, registry=reg, progress=False)
    assert not report.rejected
    _assert_same(to_networkx(real, registry=reg), store_to_networkx(store))
    # The same through build() from the files, which the lead's main job uses.
    from_files = EmbeddedStore.memory()
    report = build(files, from_files, registry=reg, progress=False)
    assert len(report.loaded) == len(real)
    _assert_same(to_networkx(real, registry=reg), store_to_networkx(from_files))
    conforms, text = validate(from_files)
    assert conforms, text
    # Loading in worker processes gives the same graph.
    parallel = EmbeddedStore.memory()
    build(files, parallel, registry=reg, progress=False, jobs=2)
    _assert_same(store_to_networkx(parallel), store_to_networkx(from_files))
