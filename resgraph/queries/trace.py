"""Citation analysis over the NetworkX view of the graph.

The graph is the ``networkx.MultiDiGraph`` of :func:`resgraph.graph.nx.to_networkx`:
a node per canonical key (attributes ``kind``, ``organ``, ``symbol``, ``title``,
``date`` as ISO text, ``url``) and edges with a ``relation``: ``cites`` (from the
citing text to what it cites, one edge per citation, with ``verb``,
``characterization``, ``type``, ``paragraph``, ``footnote``, ``quote``, ``start``,
``end``), ``adopts`` (resolution -> instrument) and ``registered-as``
(instrument -> treaty).

The row functions (:func:`cited_by`, :func:`cites`, :func:`timeline`) answer
like the named SPARQL queries of the same names, with the same columns; the
others do what SPARQL does poorly: paths, PageRank and other centralities,
communities, the longest chains, citation half-life.

Direction words follow genealogy, not NetworkX: the *ancestors* of a text are
the earlier texts it rests on (what it cites, transitively); its *descendants*
are the later texts that cite it, transitively.

>>> g = example_graph()
>>> [(r["citing"], r["route"]) for r in cited_by(g, "45/158")]  # doctest: +NORMALIZE_WHITESPACE
[('S/RES/1325(2000)', 'direct'), ('A/RES/59/241', 'direct'), ('A/RES/61/208', 'instrument'),
 ('A/RES/61/208', 'treaty'), ('A/RES/62/156', 'footnote')]
>>> chains(g, "62/156", "45/158")  # doctest: +NORMALIZE_WHITESPACE
[['A/RES/62/156', 'A/RES/45/158'],
 ['A/RES/62/156', 'A/RES/61/208', 'A/RES/59/241', 'A/RES/45/158']]
"""

from __future__ import annotations

import heapq
import statistics
from collections import Counter, defaultdict
from collections.abc import Iterable
from typing import Any

import networkx as nx
import numpy as np

from resgraph.errors import QueryError
from resgraph.queries.api import example_corpus
from resgraph.queries.targets import resolve_target

__all__ = [
    "CENTRALITIES",
    "ancestors",
    "centrality",
    "chains",
    "citation_graph",
    "cited_by",
    "cites",
    "communities",
    "descendants",
    "example_graph",
    "half_life",
    "longest_chains",
    "pagerank",
    "target_group",
    "timeline",
]

Row = dict[str, Any]

#: Route of a citation that reached a target through an equivalent entity.
ROUTES = ("direct", "footnote", "instrument", "treaty", "adopting-resolution")

#: Measures :func:`centrality` knows.
CENTRALITIES = ("pagerank", "in-degree", "hits-authority", "hits-hub", "betweenness")

_PARAGRAPH_RANK = {"header": 0, "preamble": 1, "operative": 2, "annex": 3, "footnote": 4}


def _key(g: Any, text: str) -> str:
    """The node of ``text``: itself when it is a node, else its canonical key."""
    if text in g:
        return text
    return resolve_target(text)


def _require(g: Any, text: str) -> str:
    key = _key(g, text)
    if key not in g:
        raise QueryError(f"{key!r} is not in the graph")
    return key


def _edges(g: Any, relation: str) -> Iterable[tuple[str, str, dict[str, Any]]]:
    for u, v, data in g.edges(data=True):
        if data.get("relation", "cites") == relation:
            yield u, v, data


def _short_characterization(value: Any) -> str | None:
    if value is None:
        return None
    text = str(value)
    for sep in ("#", "/"):
        if sep in text:
            text = text.rsplit(sep, 1)[1]
    return text or None


def _year(date: Any) -> int | None:
    if not date:
        return None
    text = str(date)
    return int(text[:4]) if text[:4].isdigit() else None


def _paragraph_key(label: Any) -> tuple[int, int]:
    if not label:
        return (9, 0)
    kind, _, number = str(label).partition(" ")
    return (_PARAGRAPH_RANK.get(kind, 8), int(number) if number.isdigit() else 0)


def target_group(g: Any, key: str) -> dict[str, str]:
    """The entities a citation of ``key`` may name, each with its route.

    A resolution stands with the instruments it adopted (``instrument``) and
    their Treaty Series entries (``treaty``); an instrument with its treaty
    entries and with its adopting resolution when that resolution adopted
    nothing else (``adopting-resolution``); a treaty entry with its instrument
    and that instrument's sole adopting resolution.

    >>> target_group(example_graph(), "A/RES/45/158")
    {'A/RES/45/158': 'direct', 'instrument:cmw': 'instrument', 'UNTS:39481': 'treaty'}
    >>> target_group(example_graph(), "UNTS:39481")
    {'UNTS:39481': 'direct', 'instrument:cmw': 'instrument', 'A/RES/45/158': 'adopting-resolution'}
    >>> target_group(example_graph(), "instrument:iccpr")  # 2200 A (XXI) adopted two covenants
    {'instrument:iccpr': 'direct', 'UNTS:14668': 'treaty'}
    """
    key = _key(g, key)
    group: dict[str, str] = {key: "direct"}
    if key not in g:
        return group

    def adopted_by(inst: str) -> list[str]:
        return [u for u, _, d in g.in_edges(inst, data=True) if d.get("relation") == "adopts"]

    def adopts(res: str) -> list[str]:
        return [v for _, v, d in g.out_edges(res, data=True) if d.get("relation") == "adopts"]

    def treaties(inst: str) -> list[str]:
        return [
            v for _, v, d in g.out_edges(inst, data=True) if d.get("relation") == "registered-as"
        ]

    def registered(treaty: str) -> list[str]:
        return [
            u for u, _, d in g.in_edges(treaty, data=True) if d.get("relation") == "registered-as"
        ]

    def sole_adopter(inst: str) -> None:
        for res in adopted_by(inst):
            if adopts(res) == [inst] or set(adopts(res)) == {inst}:
                group.setdefault(res, "adopting-resolution")

    for inst in adopts(key):
        group.setdefault(inst, "instrument")
        for treaty in treaties(inst):
            group.setdefault(treaty, "treaty")
    if g.nodes[key].get("kind") == "instrument" or key.startswith("instrument:"):
        for treaty in treaties(key):
            group.setdefault(treaty, "treaty")
        sole_adopter(key)
    for inst in registered(key):
        group.setdefault(inst, "instrument")
        sole_adopter(inst)
    return group


def _citation_row(g: Any, citing: str, cited: str, data: dict[str, Any]) -> Row:
    node = g.nodes[citing]
    return {
        "citing": citing,
        "date": node.get("date"),
        "organ": node.get("organ"),
        "title": node.get("title"),
        "paragraph": data.get("paragraph"),
        "verb": data.get("verb"),
        "characterization": _short_characterization(data.get("characterization")),
        "footnote": data.get("footnote"),
        "quote": data.get("quote"),
        "cited": cited,
    }


def cited_by(g: Any, target: str) -> list[Row]:
    """Every citation of ``target`` or an equivalent entity, oldest citing text first.

    Columns as the ``cited-by`` query: ``citing``, ``date``, ``organ``, ``title``,
    ``paragraph``, ``verb``, ``characterization``, ``footnote``, ``quote``,
    ``cited`` (what the citation names) and ``route`` (``direct``, ``footnote``,
    ``instrument``, ``treaty``, ``adopting-resolution``).

    >>> row = cited_by(example_graph(), "resolution 45/158")[0]
    >>> row["citing"], row["paragraph"], row["verb"], row["characterization"]
    ('S/RES/1325(2000)', 'preamble 2', 'recalling', 'obtainsBackgroundFrom')
    """
    rows: list[Row] = []
    for cited, route in target_group(g, target).items():
        if cited not in g:
            continue
        for citing, _, data in g.in_edges(cited, data=True):
            if data.get("relation", "cites") != "cites":
                continue
            row = _citation_row(g, citing, cited, data)
            if route == "direct" and data.get("footnote") is not None:
                row["route"] = "footnote"
            else:
                row["route"] = route
            rows.append(row)
    rows.sort(
        key=lambda r: (
            r["date"] or "",
            r["citing"],
            _paragraph_key(r["paragraph"]),
            r["footnote"] or 0,
            r["cited"],
        )
    )
    return rows


def cites(g: Any, source: str) -> list[Row]:
    """Everything ``source`` cites, in paragraph order.

    Columns as the ``cites`` query: ``cited``, ``kind``, ``title``, ``paragraph``,
    ``verb``, ``characterization``, ``footnote``, ``quote``, ``type``, ``start``,
    ``end``.

    >>> [(r["cited"], r["paragraph"]) for r in cites(example_graph(), "62/156")]
    ... # doctest: +NORMALIZE_WHITESPACE
    [('A/RES/61/208', 'preamble 1'), ('A/RES/217A(III)', 'preamble 2'),
     ('A/RES/45/158', 'operative 1')]
    """
    source = _require(g, source)
    rows: list[Row] = []
    for _, cited, data in g.out_edges(source, data=True):
        if data.get("relation", "cites") != "cites":
            continue
        node = g.nodes[cited]
        rows.append(
            {
                "cited": cited,
                "kind": node.get("kind"),
                "title": node.get("title"),
                "paragraph": data.get("paragraph"),
                "verb": data.get("verb"),
                "characterization": _short_characterization(data.get("characterization")),
                "footnote": data.get("footnote"),
                "quote": data.get("quote"),
                "type": data.get("type"),
                "start": data.get("start"),
                "end": data.get("end"),
            }
        )
    rows.sort(key=lambda r: (_paragraph_key(r["paragraph"]), r["start"] or 0, r["cited"]))
    return rows


def timeline(g: Any, target: str) -> list[Row]:
    """Citations of ``target`` (and its equivalents) per year of the citing text and verb.

    Columns as the ``timeline`` query: ``year``, ``verb``, ``citations``, ``texts``.

    >>> [(r["year"], r["verb"]) for r in timeline(example_graph(), "45/158")]
    ... # doctest: +NORMALIZE_WHITESPACE
    [(2000, 'recalling'), (2004, 'recalling'), (2006, 'reaffirming'), (2006, 'welcomes'),
     (2007, 'notes')]
    """
    counts: Counter[tuple[int | None, str | None]] = Counter()
    texts: dict[tuple[int | None, str | None], set[str]] = defaultdict(set)
    for row in cited_by(g, target):
        k = (_year(row["date"]), row["verb"])
        counts[k] += 1
        texts[k].add(row["citing"])
    return [
        {"year": year, "verb": verb, "citations": n, "texts": len(texts[(year, verb)])}
        for (year, verb), n in sorted(
            counts.items(), key=lambda kv: (kv[0][0] or 0, -kv[1], kv[0][1] or "")
        )
    ]


def citation_graph(g: Any, kinds: Iterable[str] | None = None) -> Any:
    """The simple ``DiGraph`` of ``cites`` edges, ``weight`` = number of citations.

    ``kinds`` keeps only nodes of those kinds (``("resolution", "decision")``);
    node attributes are copied, the input graph is never modified.

    >>> cg = citation_graph(example_graph(), kinds=("resolution",))
    >>> sorted(cg.edges(data="weight"))[:2]
    [('A/RES/45/158', 'A/RES/217A(III)', 1), ('A/RES/45/158', 'A/RES/40/130', 1)]
    """
    keep = set(kinds) if kinds is not None else None
    out = nx.DiGraph()
    for node, data in g.nodes(data=True):
        if keep is None or data.get("kind") in keep:
            out.add_node(node, **data)
    for u, v, _ in _edges(g, "cites"):
        if u in out and v in out and u != v:
            if out.has_edge(u, v):
                out[u][v]["weight"] += 1
            else:
                out.add_edge(u, v, weight=1)
    return out


def chains(g: Any, source: str, target: str, max_depth: int = 3) -> list[list[str]]:
    """Citation paths from ``source`` back to ``target`` of at most ``max_depth`` hops.

    Shortest first, then in key order. Paths follow ``cites`` edges only.

    >>> [len(p) - 1 for p in chains(example_graph(), "62/156", "45/158", max_depth=4)]
    [1, 3, 4]
    """
    if max_depth < 1:
        raise QueryError(f"max_depth must be at least 1, not {max_depth}")
    source = _require(g, source)
    target = _require(g, target)
    cg = citation_graph(g)
    paths = [list(p) for p in nx.all_simple_paths(cg, source, target, cutoff=max_depth)]
    return sorted(paths, key=lambda p: (len(p), p))


def _reach(g: Any, key: str, reverse: bool, max_depth: int | None) -> list[Row]:
    key = _require(g, key)
    cg = citation_graph(g)
    view = cg.reverse(copy=False) if reverse else cg
    dist = nx.single_source_shortest_path_length(view, key, cutoff=max_depth)
    rows = []
    for node, d in dist.items():
        if node == key:
            continue
        data = cg.nodes[node]
        rows.append(
            {"key": node, "distance": d, "kind": data.get("kind"),
             "date": data.get("date"), "title": data.get("title")}
        )
    rows.sort(key=lambda r: (r["distance"], r["date"] or "", r["key"]))
    return rows


def ancestors(g: Any, key: str, max_depth: int | None = None) -> list[Row]:
    """The texts ``key`` rests on: everything it cites, transitively.

    Rows ``key``, ``distance`` (hops), ``kind``, ``date``, ``title``; nearest first.

    >>> [(r["key"], r["distance"]) for r in ancestors(example_graph(), "59/241")]
    ... # doctest: +NORMALIZE_WHITESPACE
    [('A/59/325', 1), ('instrument:udhr', 1), ('A/RES/45/158', 1), ('A/RES/217A(III)', 2),
     ('A/RES/40/130', 2)]
    """
    return _reach(g, key, reverse=False, max_depth=max_depth)


def descendants(g: Any, key: str, max_depth: int | None = None) -> list[Row]:
    """The texts that cite ``key``, transitively (not counting equivalent entities).

    >>> [(r["key"], r["distance"]) for r in descendants(example_graph(), "60/227")]
    [('A/RES/61/208', 1), ('A/RES/62/156', 2)]
    """
    return _reach(g, key, reverse=True, max_depth=max_depth)


def _arrays(cg: Any) -> tuple[list[str], Any, Any, Any]:
    nodes = list(cg)
    index = {n: i for i, n in enumerate(nodes)}
    src = np.fromiter((index[u] for u, _ in cg.edges()), dtype=np.int64,
                      count=cg.number_of_edges())
    dst = np.fromiter((index[v] for _, v in cg.edges()), dtype=np.int64,
                      count=cg.number_of_edges())
    w = np.fromiter((d for _, _, d in cg.edges(data="weight", default=1)), dtype=np.float64,
                    count=cg.number_of_edges())
    return nodes, src, dst, w


def _pagerank(cg: Any, alpha: float, tol: float = 1.0e-10, max_iter: int = 200
              ) -> dict[str, float]:
    """Weighted PageRank by power iteration (NetworkX's definition, without SciPy)."""
    nodes, src, dst, w = _arrays(cg)
    n = len(nodes)
    out = np.bincount(src, weights=w, minlength=n)
    share = np.where(out[src] > 0, w / np.where(out[src] > 0, out[src], 1.0), 0.0)
    dangling = out == 0
    x = np.full(n, 1.0 / n)
    for _ in range(max_iter):
        prev = x
        x = alpha * (np.bincount(dst, weights=prev[src] * share, minlength=n)
                     + prev[dangling].sum() / n) + (1.0 - alpha) / n
        if np.abs(x - prev).sum() < n * tol:
            break
    return {k: float(v) for k, v in zip(nodes, x, strict=True)}


def _hits(cg: Any, tol: float = 1.0e-10, max_iter: int = 500
          ) -> tuple[dict[str, float], dict[str, float]]:
    """Hub and authority scores by power iteration, each summing to 1."""
    nodes, src, dst, w = _arrays(cg)
    n = len(nodes)
    hubs = np.full(n, 1.0 / n)
    auths = hubs
    for _ in range(max_iter):
        auths = np.bincount(dst, weights=hubs[src] * w, minlength=n)
        total = auths.sum()
        auths = auths / total if total else auths
        new = np.bincount(src, weights=auths[dst] * w, minlength=n)
        total = new.sum()
        new = new / total if total else new
        done = np.abs(new - hubs).sum() < n * tol
        hubs = new
        if done:
            break
    return (
        {k: float(v) for k, v in zip(nodes, hubs, strict=True)},
        {k: float(v) for k, v in zip(nodes, auths, strict=True)},
    )


def _ranked(cg: Any, scores: dict[str, float], top: int | None) -> list[Row]:
    best = sorted(scores.items(), key=lambda kv: (-kv[1], kv[0]))
    if top is not None:
        best = best[:top]
    return [
        {"rank": i, "key": k, "score": s, "kind": cg.nodes[k].get("kind"),
         "title": cg.nodes[k].get("title")}
        for i, (k, s) in enumerate(best, 1)
    ]


def pagerank(g: Any, top: int | None = 20, alpha: float = 0.85) -> list[Row]:
    """PageRank over the citation graph (weights = number of citations).

    Rows ``rank``, ``key``, ``score``, ``kind``, ``title``, best first.

    >>> [r["key"] for r in pagerank(example_graph(), top=2)]
    ['A/RES/217A(III)', 'A/RES/45/158']
    """
    return centrality(g, "pagerank", top=top, alpha=alpha)


def centrality(g: Any, measure: str = "pagerank", top: int | None = 20,
               alpha: float = 0.85) -> list[Row]:
    """A centrality of every node of the citation graph, ranked.

    ``measure`` is one of :data:`CENTRALITIES`: ``pagerank``, ``in-degree``
    (number of citations received), ``hits-authority``, ``hits-hub``,
    ``betweenness`` (sampled on 500 nodes past 2,000 nodes, with a fixed seed).

    >>> [(r["key"], r["score"]) for r in centrality(example_graph(), "in-degree", top=2)]
    [('A/RES/45/158', 3.0), ('A/RES/217A(III)', 2.0)]
    """
    cg = citation_graph(g)
    if cg.number_of_nodes() == 0:
        return []
    if measure == "pagerank":
        scores = _pagerank(cg, alpha)
    elif measure == "in-degree":
        scores = {n: float(d) for n, d in cg.in_degree(weight="weight")}
    elif measure in ("hits-authority", "hits-hub"):
        hubs, auths = _hits(cg)
        scores = auths if measure == "hits-authority" else hubs
    elif measure == "betweenness":
        k = 500 if cg.number_of_nodes() > 2000 else None
        scores = nx.betweenness_centrality(cg, k=k, seed=0)
    else:
        raise QueryError(f"unknown centrality {measure!r}: one of {', '.join(CENTRALITIES)}")
    return _ranked(cg, {k: float(v) for k, v in scores.items()}, top)


def communities(g: Any, resolution: float = 1.0, seed: int = 0,
                min_size: int = 2) -> list[Row]:
    """Communities of the undirected citation graph (Louvain, fixed seed).

    Rows ``community`` (1 = largest), ``size``, ``hub`` (the member cited most),
    ``members`` (sorted keys); communities smaller than ``min_size`` are dropped.

    >>> [(r["size"], r["hub"]) for r in communities(example_graph())]
    [(6, 'A/RES/45/158'), (3, 'A/RES/59/241'), (3, 'A/RES/60/227'), (3, 'instrument:cmw')]
    """
    cg = citation_graph(g)
    if cg.number_of_edges() == 0:
        return []
    und = cg.to_undirected()
    parts = nx.community.louvain_communities(und, weight="weight", resolution=resolution,
                                             seed=seed)
    indeg = dict(cg.in_degree(weight="weight"))
    groups = sorted((sorted(p) for p in parts if len(p) >= min_size),
                    key=lambda m: (-len(m), m[0]))
    return [
        {"community": i, "size": len(m),
         "hub": max(m, key=lambda k: (indeg.get(k, 0), k)), "members": m}
        for i, m in enumerate(groups, 1)
    ]


def longest_chains(
    g: Any, n: int = 5, kinds: Iterable[str] | None = ("resolution", "decision")
) -> list[list[str]]:
    """The ``n`` longest citation chains (each from a different starting text).

    Chains follow ``cites`` edges between nodes of ``kinds``; citation cycles
    (rare, but data has them) are broken by walking the condensation, so every
    chain is a simple path. Longest first, then in key order.

    >>> longest_chains(example_graph(), n=1)  # doctest: +NORMALIZE_WHITESPACE
    [['A/RES/62/156', 'A/RES/61/208', 'A/RES/60/227', 'A/RES/59/241', 'A/RES/45/158',
      'A/RES/217A(III)']]
    """
    cg = citation_graph(g, kinds=kinds)
    if cg.number_of_nodes() == 0:
        return []
    cond = nx.condensation(cg)
    members = nx.get_node_attributes(cond, "members")
    # One representative per strongly connected component: its smallest key.
    rep = {c: min(ms) for c, ms in members.items()}
    best: dict[int, tuple[int, int | None]] = {}
    for c in reversed(list(nx.topological_sort(cond))):
        length: int = 1
        nxt: int | None = None
        for s in cond.successors(c):
            cand = best[s][0] + 1
            if cand > length or (cand == length and nxt is not None and rep[s] < rep[nxt]):
                length, nxt = cand, s
        best[c] = (length, nxt)
    starts = heapq.nsmallest(n, best, key=lambda c: (-best[c][0], rep[c]))
    out: list[list[str]] = []
    for c in starts:
        path: list[str] = []
        cur: int | None = c
        while cur is not None:
            path.append(rep[cur])
            cur = best[cur][1]
        out.append(path)
    return out


def half_life(g: Any, targets: Iterable[str] | None = None) -> list[Row]:
    """Citation half-life: years after a target's date by which half its citations came.

    ``targets`` defaults to every instrument; each is counted with its
    equivalents (see :func:`target_group`). The reference date is the target's
    own ``date``, else its adopting resolution's. Rows ``target``, ``title``,
    ``year``, ``citations``, ``half_life`` (the median age in years of its
    citations), ``first``, ``last`` (years of the first and last citing texts);
    longest-lived first.

    >>> [(r["target"], r["year"], r["citations"], r["half_life"])
    ...  for r in half_life(example_graph())][:2]
    [('instrument:udhr', 1948, 3, 56.0), ('instrument:cmw', 1990, 5, 16.0)]
    """
    if targets is None:
        targets = sorted(n for n, d in g.nodes(data=True)
                         if d.get("kind") == "instrument" or str(n).startswith("instrument:"))
    rows: list[Row] = []
    for text in targets:
        target = _key(g, text)
        if target not in g:
            continue
        group = target_group(g, target)
        year = _year(g.nodes[target].get("date"))
        for key in group:
            if year is None and key in g:
                year = _year(g.nodes[key].get("date"))
        ages: list[int] = []
        years: list[int] = []
        for row in cited_by(g, target):
            cy = _year(row["date"])
            if cy is None:
                continue
            years.append(cy)
            if year is not None:
                ages.append(cy - year)
        rows.append(
            {
                "target": target,
                "title": g.nodes[target].get("title"),
                "year": year,
                "citations": len(years),
                "half_life": float(statistics.median(ages)) if ages else None,
                "first": min(years) if years else None,
                "last": max(years) if years else None,
            }
        )
    rows.sort(key=lambda r: (-(r["half_life"] if r["half_life"] is not None else -1),
                             r["target"]))
    return rows


def example_graph() -> Any:
    """The graph of :func:`resgraph.queries.api.example_corpus`, for examples and tests.

    >>> g = example_graph()
    >>> g.number_of_nodes(), sum(1 for *_, r in g.edges(data="relation") if r == "cites")
    (19, 17)
    """
    from resgraph.graph.nx import to_networkx  # noqa: PLC0415 - rdflib is slow to import

    registry, pairs = example_corpus()
    return to_networkx(pairs, registry=registry)
