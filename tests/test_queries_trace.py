"""The NetworkX helpers of ``resgraph.queries.trace``."""

from __future__ import annotations

import copy
import itertools
import random
from typing import Any

import networkx as nx
import pytest
from networkx.algorithms.link_analysis.hits_alg import _hits_python
from networkx.algorithms.link_analysis.pagerank_alg import _pagerank_python

from resgraph.errors import QueryError
from resgraph.queries import trace


def random_citations(n: int = 300, seed: int = 7) -> Any:
    """Texts citing earlier texts, some twice, with a registry corner."""
    rng = random.Random(seed)
    g = nx.MultiDiGraph()
    for i in range(n):
        g.add_node(f"A/RES/{i}", kind="resolution", date=f"{1950 + i // 10}-01-01", organ="GA")
    for i in range(1, n):
        for _ in range(rng.randint(1, 6)):
            j = rng.randrange(0, i)
            g.add_edge(f"A/RES/{i}", f"A/RES/{j}", relation="cites", verb="recalling",
                       paragraph=f"preamble {rng.randint(1, 9)}", start=rng.randint(0, 999))
    return g


def test_pagerank_is_networkx_pagerank() -> None:
    g = random_citations()
    ours = {r["key"]: r["score"] for r in trace.pagerank(g, top=None)}
    theirs = _pagerank_python(trace.citation_graph(g), alpha=0.85, weight="weight", tol=1e-12,
                              max_iter=500)
    assert ours.keys() == theirs.keys()
    for key, score in theirs.items():
        assert ours[key] == pytest.approx(score, rel=1e-6, abs=1e-9)
    assert abs(sum(ours.values()) - 1.0) < 1e-9


def test_hits_is_networkx_hits() -> None:
    g = random_citations(120)
    cg = trace.citation_graph(g)
    nx_hubs, nx_auths = _hits_python(cg, max_iter=1000, tol=1e-12)
    auths = {r["key"]: r["score"] for r in trace.centrality(g, "hits-authority", top=None)}
    hubs = {r["key"]: r["score"] for r in trace.centrality(g, "hits-hub", top=None)}
    for key in cg:
        assert auths[key] == pytest.approx(nx_auths[key], abs=1e-6)
        assert hubs[key] == pytest.approx(nx_hubs[key], abs=1e-6)


def test_centralities_rank_and_refuse_unknown_measures() -> None:
    g = trace.example_graph()
    for measure in trace.CENTRALITIES:
        rows = trace.centrality(g, measure, top=5)
        assert [r["rank"] for r in rows] == list(range(1, len(rows) + 1))
        assert all(rows[i]["score"] >= rows[i + 1]["score"] for i in range(len(rows) - 1))
        assert set(rows[0]) == {"rank", "key", "score", "kind", "title"}
    assert trace.centrality(g, "in-degree", top=1)[0]["key"] == "A/RES/45/158"
    with pytest.raises(QueryError, match="unknown centrality"):
        trace.centrality(g, "charisma")
    assert trace.pagerank(nx.MultiDiGraph()) == []


def test_helpers_never_modify_the_graph() -> None:
    g = trace.example_graph()
    before = copy.deepcopy(g)
    trace.pagerank(g)
    trace.communities(g)
    trace.longest_chains(g)
    trace.half_life(g)
    trace.cited_by(g, "45/158")
    trace.ancestors(g, "62/156")
    assert nx.utils.graphs_equal(g, before)
    assert list(g.edges(data=True)) == list(before.edges(data=True))


def test_longest_chains_survive_cycles() -> None:
    g = nx.MultiDiGraph()
    for key in "ABCDE":
        g.add_node(key, kind="resolution")
    for u, v in ("AB", "BC", "CB", "CD", "DE"):
        g.add_edge(u, v, relation="cites")
    chains = trace.longest_chains(g, n=2)
    assert chains[0] == ["A", "B", "D", "E"]  # B and C are one cycle, shown by B
    assert all(len(set(c)) == len(c) for c in chains)
    assert trace.longest_chains(nx.MultiDiGraph()) == []


def test_longest_chains_on_a_larger_graph() -> None:
    g = random_citations(200)
    best = trace.longest_chains(g, n=3)
    assert len(best) == 3
    assert len(best[0]) >= len(best[1]) >= len(best[2])
    cg = trace.citation_graph(g)
    assert len(best[0]) == len(nx.dag_longest_path(nx.DiGraph(list(cg.edges()))))
    for chain in best:
        assert all(cg.has_edge(u, v) for u, v in itertools.pairwise(chain))


def test_chains_reach_and_targets() -> None:
    g = trace.example_graph()
    assert trace.chains(g, "62/156", "45/158", max_depth=1) == [["A/RES/62/156", "A/RES/45/158"]]
    with pytest.raises(QueryError, match="not in the graph"):
        trace.chains(g, "62/156", "99/999")
    with pytest.raises(QueryError, match="at least 1"):
        trace.chains(g, "62/156", "45/158", max_depth=0)
    assert [r["key"] for r in trace.descendants(g, "62/156")] == []
    assert trace.ancestors(g, "62/156", max_depth=1)[0]["distance"] == 1
    assert trace.cited_by(g, "99/999") == []
    assert trace.timeline(g, "99/999") == []


def test_communities_cover_the_graph_once() -> None:
    g = random_citations(150)
    rows = trace.communities(g, min_size=1)
    members = [m for r in rows for m in r["members"]]
    assert sorted(members) == sorted(g)
    assert rows == trace.communities(g, min_size=1)  # same seed, same answer
    assert all(r["hub"] in r["members"] for r in rows)


def test_half_life() -> None:
    g = trace.example_graph()
    rows = {r["target"]: r for r in trace.half_life(g)}
    cmw = rows["instrument:cmw"]
    # Cited (with 45/158 and UNTS:39481) in 2000, 2004, 2006, 2006, 2007: ages 10..17.
    assert (cmw["year"], cmw["citations"], cmw["half_life"], cmw["first"], cmw["last"]) == (
        1990, 5, 16.0, 2000, 2007)
    assert rows["instrument:iccpr"]["half_life"] is None
    assert trace.half_life(g, ["45/158"])[0]["year"] == 1990
