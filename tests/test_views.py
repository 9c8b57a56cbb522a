"""The HTML views and the timeline plot, without a browser: what is written."""

from __future__ import annotations

import copy
import json
import re
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import networkx as nx
import numpy as np
import pytest
from PIL import Image
from test_views_graphs import HOSTILE_QUOTE, HOSTILE_TITLE, corpus_graph, small_graph

from resgraph.errors import QueryError
from resgraph.queries.plots import timeline_plot, timeline_table
from resgraph.queries.views import (
    EDGE_STYLES,
    NODE_STYLES,
    View,
    chain_view,
    corpus_view,
    force_layout,
    neighbourhood_view,
    node_category,
    verb_family,
)

# --------------------------------------------------------------------------
# Helpers
# --------------------------------------------------------------------------


class _Page(HTMLParser):
    """Collects the tags, attributes and script bodies of a page."""

    def __init__(self) -> None:
        super().__init__()
        self.tags: list[tuple[str, dict[str, str | None]]] = []
        self.scripts: list[tuple[dict[str, str | None], str]] = []
        self._in_script: dict[str, str | None] | None = None
        self._buffer: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, dict(attrs)))
        if tag == "script":
            self._in_script = dict(attrs)
            self._buffer = []

    def handle_data(self, data: str) -> None:
        if self._in_script is not None:
            self._buffer.append(data)

    def handle_endtag(self, tag: str) -> None:
        if tag == "script" and self._in_script is not None:
            self.scripts.append((self._in_script, "".join(self._buffer)))
            self._in_script = None


def parse_page(path: Path) -> tuple[_Page, dict[str, Any]]:
    page = _Page()
    page.feed(path.read_text(encoding="utf-8"))
    data = [body for attrs, body in page.scripts if attrs.get("id") == "rg-data"]
    assert len(data) == 1
    return page, json.loads(data[0])


def snapshot(g: Any) -> Any:
    """Everything a view could change: structure, node, edge and graph attributes."""
    return (
        nx.to_dict_of_dicts(g),
        copy.deepcopy(dict(g.nodes(data=True))),
        copy.deepcopy(list(g.edges(keys=True, data=True))),
        copy.deepcopy(g.graph),
    )


def by_id(items: list[dict[str, Any]]) -> dict[str, dict[str, Any]]:
    return {item["id"]: item for item in items}


@pytest.fixture
def g() -> Any:
    return small_graph()


# --------------------------------------------------------------------------
# Palette and categories
# --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("verb", "characterization", "family"),
    [
        ("recalling", None, "recalling"),
        ("Recalling also", None, "recalling"),
        ("bearing in mind", None, "recalling"),
        ("reaffirming", None, "reaffirming"),
        ("Reiterating further", None, "reaffirming"),
        ("welcoming", None, "welcoming"),
        ("endorses", None, "welcoming"),
        ("noting", None, "noting"),
        ("takes note", None, "noting"),
        ("Taking note with appreciation", None, "noting"),
        ("guided by", None, "guided by"),
        ("decides", None, "other"),
        (None, None, "other"),
        ("", None, "other"),
        ("decides", "citesAsAuthority", "guided by"),
        (None, "http://purl.org/spar/cito/supports", "welcoming"),
        ("recalling", "cito:unknownTerm", "recalling"),
    ],
)
def test_verb_family(verb: str | None, characterization: str | None, family: str) -> None:
    assert verb_family(verb, characterization) == family
    assert family in EDGE_STYLES


@pytest.mark.parametrize(
    ("key", "data", "category"),
    [
        ("A/RES/45/158", {"kind": "resolution", "organ": "GA"}, "GA resolution"),
        ("S/RES/1325(2000)", {"kind": "resolution", "organ": "SC"}, "SC resolution"),
        ("E/RES/2004/1", {"kind": "resolution", "organ": "ECOSOC"}, "ECOSOC resolution"),
        ("A/HRC/RES/51/23", {"kind": "resolution", "organ": "HRC"}, "HRC resolution"),
        ("A/HRC/RES/51/23", {"kind": "resolution", "organ": None}, "HRC resolution"),
        ("E/CN.4/RES/1503(XLVIII)", {"kind": "resolution", "organ": "CHR"}, "other"),
        ("A/DEC/57/573", {"kind": "decision", "organ": "GA"}, "decision"),
        ("A/59/325", {"kind": "document"}, "document"),
        ("OR:GA/45", {"kind": "official-records"}, "document"),
        ("UNTS:39481", {"kind": "treaty"}, "treaty"),
        ("instrument:cmw", {"kind": "instrument"}, "instrument"),
        ("conference:icpd", {"kind": "conference"}, "conference"),
        ("A/RES/45/158", {}, "GA resolution"),
        ("something odd", {}, "other"),
    ],
)
def test_node_category(key: str, data: dict[str, Any], category: str) -> None:
    assert node_category(key, data) == category


def test_palettes_are_fixed_and_distinct() -> None:
    colours = [c for c, _ in NODE_STYLES.values()]
    assert len(set(colours)) == len(colours)
    edge_colours = [c for c, _ in EDGE_STYLES.values()]
    assert len(set(edge_colours)) == len(edge_colours)
    assert all(re.fullmatch(r"#[0-9A-F]{6}", c) for c in colours + edge_colours)


# --------------------------------------------------------------------------
# Neighbourhood
# --------------------------------------------------------------------------


def test_neighbourhood_counts_and_sides(g: Any, tmp_path: Path) -> None:
    view = neighbourhood_view(g, "A/RES/45/158", path=tmp_path / "n.html")
    assert isinstance(view, View)
    assert (view.nodes, view.edges) == (8, 11)
    _, data = parse_page(view.path)
    nodes = by_id(data["nodes"])
    assert set(nodes) == {
        "A/RES/45/158", "instrument:cmw", "UNTS:39481",  # the target and its identities
        "A/RES/78/192", "A/RES/79/165", "A/HRC/RES/51/23", "E/RES/2004/1",  # cite it
        "A/RES/217A(III)",  # cited by it
    }
    assert len(data["edges"]) == 11
    target = nodes["A/RES/45/158"]
    assert nodes["A/RES/78/192"]["x"] < target["x"] < nodes["A/RES/217A(III)"]["x"]
    assert nodes["instrument:cmw"]["x"] == target["x"]
    # Newest on top of the citing column.
    assert nodes["A/RES/79/165"]["y"] < nodes["A/RES/78/192"]["y"] < nodes["E/RES/2004/1"]["y"]


def test_neighbourhood_hops(g: Any, tmp_path: Path) -> None:
    zero = neighbourhood_view(g, "A/RES/45/158", hops=0, path=tmp_path / "0.html")
    assert (zero.nodes, zero.edges) == (3, 2)  # the resolution, its convention, the treaty
    two = neighbourhood_view(g, "A/RES/45/158", hops=2, path=tmp_path / "2.html")
    assert (two.nodes, two.edges) == (12, 15)
    _, data = parse_page(two.path)
    assert "S/RES/1325(2000)" not in by_id(data["nodes"])  # three steps away


def test_neighbourhood_target_forms(g: Any, tmp_path: Path) -> None:
    a = neighbourhood_view(g, "45/158", path=tmp_path / "a.html")
    b = neighbourhood_view(g, "resolution 45/158", path=tmp_path / "b.html")
    assert (a.nodes, a.edges) == (b.nodes, b.edges) == (8, 11)


@pytest.mark.parametrize("target", ["A/RES/99/999", "not a symbol", "", None, 45])
def test_neighbourhood_unknown_target(g: Any, tmp_path: Path, target: Any) -> None:
    with pytest.raises(QueryError):
        neighbourhood_view(g, target, path=tmp_path / "n.html")
    assert not (tmp_path / "n.html").exists()


@pytest.mark.parametrize("hops", [-1, 1.5, "2", True, None])
def test_neighbourhood_bad_hops(g: Any, tmp_path: Path, hops: Any) -> None:
    with pytest.raises(QueryError, match="hops"):
        neighbourhood_view(g, "A/RES/45/158", hops=hops, path=tmp_path / "n.html")


def test_bad_graphs_and_paths(g: Any, tmp_path: Path) -> None:
    with pytest.raises(QueryError, match="directed"):
        neighbourhood_view(nx.Graph(g), "A/RES/45/158", path=tmp_path / "n.html")
    with pytest.raises(QueryError, match="networkx"):
        neighbourhood_view({"A/RES/45/158": {}}, "A/RES/45/158", path=tmp_path / "n.html")
    with pytest.raises(QueryError, match="cannot write"):
        neighbourhood_view(g, "A/RES/45/158", path=tmp_path / "missing" / "n.html")
    with pytest.raises(QueryError, match="path"):
        neighbourhood_view(g, "A/RES/45/158", path=None)  # type: ignore[arg-type]


def test_node_and_edge_details(g: Any, tmp_path: Path) -> None:
    view = neighbourhood_view(g, "A/RES/45/158", path=tmp_path / "n.html")
    _, data = parse_page(view.path)
    nodes = by_id(data["nodes"])
    node = nodes["A/RES/78/192"]
    assert node["label"] == "A/RES/78/192\nProtection of migrants"
    assert node["name"] == "Protection of migrants"
    assert node["date"] == "2023-12-19"
    assert node["url"] == "https://undocs.org/A/RES/78/192"
    assert node["cat"] == "GA resolution"
    assert node["color"]["background"] == NODE_STYLES["GA resolution"][0]
    assert nodes["UNTS:39481"]["url"] is None  # no undocs address for a treaty entry
    assert nodes["A/RES/217A(III)"]["url"] == "https://undocs.org/A/RES/217A(III)"
    # Sized by citations in the whole graph: 45/158 is cited 4 times by 3 texts.
    assert (nodes["A/RES/45/158"]["cited"], nodes["A/RES/45/158"]["citers"]) == (4, 3)
    assert nodes["A/RES/45/158"]["size"] > nodes["E/RES/2004/1"]["size"]
    assert nodes["A/RES/45/158"]["borderWidth"] > node["borderWidth"]  # the target stands out
    # Two citations, one drawn edge, both listed with their quotes.
    (edge,) = [e for e in data["edges"]
               if (e["from"], e["to"]) == ("A/RES/78/192", "A/RES/45/158")]
    assert edge["label"] == "recalling, reaffirming"
    assert edge["color"]["color"] == EDGE_STYLES["recalling"][0]
    assert [c["paragraph"] for c in edge["cites"]] == ["preamble 3", "operative 2"]
    assert edge["cites"][0]["quote"] == "its resolution 45/158 of 18 December 1990"
    (adopts,) = [e for e in data["edges"] if e["rel"] == "adopts"]
    assert adopts["dashes"] is True
    assert "label" not in adopts


def test_markup_in_texts_stays_text(g: Any, tmp_path: Path) -> None:
    view = neighbourhood_view(g, "A/RES/78/192", path=tmp_path / "n.html")
    text = view.path.read_text(encoding="utf-8")
    assert "<img" not in text
    assert "window.__pwned" in text  # the words are there, as JSON-escaped text...
    assert "<b>friends" not in text
    assert HOSTILE_QUOTE not in text  # ...with no closing </script> tag
    page, data = parse_page(view.path)
    assert not any(tag == "img" for tag, _ in page.tags)
    assert by_id(data["nodes"])["A/RES/79/165"]["name"] == HOSTILE_TITLE
    quotes = [c["quote"] for e in data["edges"] for c in e["cites"]]
    assert HOSTILE_QUOTE in quotes
    # The page puts texts in the document as text only.
    script = "".join(body for attrs, body in page.scripts if not attrs)
    assert "innerHTML" not in script
    assert ".textContent" in script


def test_page_needs_no_network(g: Any, tmp_path: Path) -> None:
    views = [
        neighbourhood_view(g, "A/RES/45/158", path=tmp_path / "n.html"),
        chain_view(g, "A/RES/79/165", "A/RES/217A(III)", path=tmp_path / "c.html"),
        corpus_view(g, path=tmp_path / "k.html"),
    ]
    for view in views:
        page, data = parse_page(view.path)
        for tag, attrs in page.tags:
            if tag in ("script", "link", "img", "iframe"):
                assert not attrs.get("src"), (tag, attrs)
                assert tag != "link", attrs
        text = view.path.read_text(encoding="utf-8")
        assert not re.search(r"""(src|href)\s*=\s*["']?(https?:)?//""", text)
        assert not re.search(r"@import|url\(\s*[\"']?(https?:)?//", text)
        assert "vis.Network" in text
        assert "vis-network" in text
        assert data["options"]["physics"]["enabled"] is False


def test_view_never_changes_the_graph(g: Any, tmp_path: Path) -> None:
    g.graph["name"] = "fixture"
    before = snapshot(g)
    neighbourhood_view(g, "A/RES/45/158", hops=2, path=tmp_path / "n.html")
    chain_view(g, "A/RES/79/165", "A/RES/217A(III)", path=tmp_path / "c.html")
    corpus_view(g, path=tmp_path / "k.html", organs=["GA"], min_cited=1)
    assert snapshot(g) == before


# --------------------------------------------------------------------------
# Chains
# --------------------------------------------------------------------------


def test_chain_paths_in_time_order(g: Any, tmp_path: Path) -> None:
    view = chain_view(g, "A/RES/79/165", "A/RES/217A(III)", path=tmp_path / "c.html")
    assert (view.nodes, view.edges) == (7, 10)
    _, data = parse_page(view.path)
    nodes = by_id(data["nodes"])
    dated = sorted((n["date"], n["x"]) for n in nodes.values() if n["date"])
    assert [x for _, x in dated] == sorted(x for _, x in dated)
    assert nodes["A/RES/217A(III)"]["x"] < nodes["A/RES/45/158"]["x"] < nodes["A/RES/79/165"]["x"]
    # The treaty entry has no date: it stands between the texts around it.
    assert nodes["instrument:cmw"]["x"] < nodes["UNTS:39481"]["x"] < nodes["A/RES/79/165"]["x"]
    assert next(t["label"] for t in data["axis"]) == "1949"
    assert all(a["x"] < b["x"] for a, b in zip(data["axis"], data["axis"][1:], strict=False))
    # Only path edges: 79/165 -> 78/192 -> HRC, but not 2250 or the decision.
    assert "S/RES/2250(2015)" not in nodes
    assert "A/DEC/78/547" not in nodes


def test_chain_either_direction_and_limits(g: Any, tmp_path: Path) -> None:
    forward = chain_view(g, "A/RES/79/165", "A/RES/217A(III)", path=tmp_path / "f.html")
    backward = chain_view(g, "A/RES/217A(III)", "A/RES/79/165", path=tmp_path / "b.html")
    assert (forward.nodes, forward.edges) == (backward.nodes, backward.edges)
    short = chain_view(g, "A/RES/79/165", "A/RES/217A(III)", path=tmp_path / "s.html",
                       max_length=3)
    assert (short.nodes, short.edges) == (5, 5)  # via 78/192, then 45/158 or the HRC text
    one = chain_view(g, "A/RES/79/165", "A/RES/217A(III)", path=tmp_path / "o.html",
                     max_paths=1)
    assert one.nodes == 4


def test_chain_errors(g: Any, tmp_path: Path) -> None:
    out = tmp_path / "c.html"
    with pytest.raises(QueryError, match="no citation path"):
        chain_view(g, "S/RES/2250(2015)", "conference:icpd", path=out)
    with pytest.raises(QueryError, match="no citation path"):
        chain_view(g, "A/RES/79/165", "A/RES/217A(III)", path=out, max_length=2)
    with pytest.raises(QueryError, match="same text"):
        chain_view(g, "45/158", "A/RES/45/158", path=out)
    with pytest.raises(QueryError, match="unknown source"):
        chain_view(g, "A/RES/1/1", "A/RES/45/158", path=out)
    with pytest.raises(QueryError, match="max_length"):
        chain_view(g, "A/RES/79/165", "A/RES/45/158", path=out, max_length=0)
    assert not out.exists()


# --------------------------------------------------------------------------
# Corpus
# --------------------------------------------------------------------------


def test_corpus_filters(g: Any, tmp_path: Path) -> None:
    everything = corpus_view(g, path=tmp_path / "all.html")
    assert everything.nodes == g.number_of_nodes()
    sc = corpus_view(g, path=tmp_path / "sc.html", organs=["SC"])
    assert sc.nodes == 2
    assert sc.edges == 1
    ecosoc = corpus_view(g, path=tmp_path / "e.html", organs="ECOSOC")
    _, data = parse_page(ecosoc.path)
    # Texts of no organ come with the texts that cite them.
    assert set(by_id(data["nodes"])) == {"E/RES/2004/1", "conference:icpd"}
    cited = corpus_view(g, path=tmp_path / "c.html", min_cited=2)
    _, data = parse_page(cited.path)
    assert set(by_id(data["nodes"])) == {"A/RES/45/158", "A/RES/217A(III)", "A/RES/78/192"}
    recent = corpus_view(g, path=tmp_path / "r.html", sessions=range(77, 80))
    _, data = parse_page(recent.path)
    keys = set(by_id(data["nodes"]))
    # Sessions 77-79: the GA texts of 78 and 79, and the HRC text of October 2022
    # (session 77 by date), with what they cite (no organ).
    assert {"A/RES/78/192", "A/RES/79/165", "A/DEC/78/547", "A/HRC/RES/51/23"} <= keys
    assert "A/RES/45/158" not in keys
    assert "S/RES/2250(2015)" not in keys
    assert {"A/59/325", "instrument:cmw", "UNTS:39481"} <= keys
    pair = corpus_view(g, path=tmp_path / "p.html", sessions=(77, 79))
    assert (pair.nodes, pair.edges) == (recent.nodes, recent.edges)


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"organs": ["UNSC"]}, "unknown organ"),
        ({"sessions": "70-79"}, "sessions"),
        ({"sessions": (70,)}, "sessions"),
        ({"min_cited": -1}, "min_cited"),
        ({"min_cited": 100}, "no text matches"),
        ({"organs": ["HRC"], "sessions": range(1, 10)}, "no text matches"),
    ],
)
def test_corpus_bad_filters(g: Any, tmp_path: Path, kwargs: dict[str, Any], message: str) -> None:
    with pytest.raises(QueryError, match=message):
        corpus_view(g, path=tmp_path / "k.html", **kwargs)


def test_corpus_of_two_thousand(tmp_path: Path) -> None:
    big = corpus_graph(2000)
    before = snapshot(big)
    view = corpus_view(big, path=tmp_path / "big.html")
    assert snapshot(big) == before
    pairs = {(u, v, d.get("relation")) for u, v, d in big.edges(data=True)}
    assert (view.nodes, view.edges) == (2000, len(pairs))
    assert view.layout_seconds < 10
    _, data = parse_page(view.path)
    assert len(data["nodes"]) == 2000
    assert len(data["edges"]) == len(pairs)
    assert data["options"]["physics"]["enabled"] is False
    assert data["options"]["edges"]["smooth"] is False
    assert all("label" not in e for e in data["edges"])
    xy = np.array([(n["x"], n["y"]) for n in data["nodes"]])
    assert np.isfinite(xy).all()
    # Nodes do not cover each other (a node's size is its radius in pixels).
    size = np.array([n["size"] for n in data["nodes"]])
    distance = np.sqrt(((xy[:, None, :] - xy[None, :, :]) ** 2).sum(axis=2))
    np.fill_diagonal(distance, np.inf)
    overlapping = (distance < size[:, None] + size[None, :]).any(axis=1)
    assert overlapping.mean() < 0.01


# --------------------------------------------------------------------------
# Layout
# --------------------------------------------------------------------------


def test_force_layout_is_deterministic_and_keeps_neighbours_close() -> None:
    clusters = nx.planted_partition_graph(4, 60, 0.2, 0.005, seed=2)
    edges = list(clusters.edges())
    a = force_layout(240, edges, seed=4)
    b = force_layout(240, edges, seed=4)
    assert np.array_equal(a, b)
    same = [np.linalg.norm(a[i] - a[j]) for i in range(0, 240, 7) for j in range(i + 1, 240, 11)
            if i // 60 == j // 60]
    other = [np.linalg.norm(a[i] - a[j]) for i in range(0, 240, 7)
             for j in range(i + 1, 240, 11) if i // 60 != j // 60]
    assert np.median(same) < 0.6 * np.median(other)


def test_force_layout_edge_cases() -> None:
    assert force_layout(0, []).shape == (0, 2)
    assert force_layout(1, []).tolist() == [[0.0, 0.0]]
    assert force_layout(3, [(0, 0), (0, 1)]).shape == (3, 2)
    with pytest.raises(QueryError):
        force_layout(2, [(0, 5)])
    with pytest.raises(QueryError):
        force_layout(-1, [])


# --------------------------------------------------------------------------
# Timeline plot
# --------------------------------------------------------------------------


def test_timeline_table_groups_verbs_and_fills_years() -> None:
    years, table, undated = timeline_table([
        (2019, "recalling", 3), (2019, "Recalling also", 1), (2021, "takes note", 2),
        (2021, "reaffirming", 1), (2020, "decides", 0), (None, "recalling", 4),
    ])
    assert years == [2019, 2020, 2021]
    assert table == {"recalling": [4, 0, 0], "reaffirming": [0, 0, 1], "noting": [0, 0, 2]}
    assert undated == 4


def test_timeline_takes_the_rows_of_the_timeline_query(tmp_path: Path) -> None:
    rows = [{"year": 2006, "verb": "welcomes", "citations": 2, "texts": 1},
            {"year": 2007, "verb": "notes", "citations": 1, "texts": 1},
            {"year": None, "verb": "recalling", "citations": 1, "texts": 1}]
    assert timeline_table(rows) == ([2006, 2007], {"welcoming": [2, 0], "noting": [0, 1]}, 1)
    assert timeline_plot(rows, tmp_path / "t.png").exists()


def test_timeline_plot_writes_a_png(tmp_path: Path) -> None:
    rows = [(year, verb, (year * 7 + len(verb)) % 5 + 1)
            for year in range(2000, 2024) for verb in ("recalling", "reaffirming", "welcoming")]
    out = timeline_plot(rows, tmp_path / "t.png", title="A/RES/45/158")
    with Image.open(out) as image:
        assert image.format == "PNG"
        assert image.size == (960, 540)
        assert len(image.convert("RGB").getcolors(1 << 24) or []) > 20


@pytest.mark.parametrize(
    "row",
    [(2019, "recalling"), ("year", "recalling", 1), (2019, "recalling", -1),
     (2019.5, "recalling", 1), (2019, 7, 1), (2019, "recalling", True), None,
     {"year": 2019, "verb": "noting"}],
)
def test_timeline_bad_rows(tmp_path: Path, row: Any) -> None:
    with pytest.raises(QueryError):
        timeline_plot([row], tmp_path / "t.png")
    assert not (tmp_path / "t.png").exists()


def test_timeline_unwritable(tmp_path: Path) -> None:
    with pytest.raises(QueryError, match="cannot write"):
        timeline_plot([(2000, "noting", 1)], tmp_path / "no" / "t.png")


def test_bare_graphs_are_drawn(tmp_path: Path) -> None:
    """Nodes without attributes and edges without a relation (plain citations) still draw."""
    bare = nx.MultiDiGraph()
    bare.add_edge("A/RES/60/1", "A/RES/45/158")
    bare.add_edge("A/RES/61/2", "A/RES/60/1")
    bare.add_node("not a symbol")
    view = neighbourhood_view(bare, "A/RES/60/1", path=tmp_path / "n.html")
    assert (view.nodes, view.edges) == (3, 2)
    _, data = parse_page(view.path)
    node = by_id(data["nodes"])["A/RES/45/158"]
    assert node["cat"] == "GA resolution"
    assert node["url"] == "https://undocs.org/A/RES/45/158"
    assert node["date"] is None
    chain = chain_view(bare, "A/RES/61/2", "A/RES/45/158", path=tmp_path / "c.html")
    assert (chain.nodes, chain.edges) == (3, 2)
    corpus = corpus_view(bare, path=tmp_path / "k.html")
    assert (corpus.nodes, corpus.edges) == (4, 2)
    simple = nx.DiGraph(small_graph())
    assert neighbourhood_view(simple, "A/RES/45/158", path=tmp_path / "d.html").nodes == 8
