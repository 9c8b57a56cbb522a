"""Rankings precomputed at build time: the statistics graph.

Asking a store "what is cited most" means counting every citation it holds:
on 25,000 texts (half a million citations) that takes from half a second to
many seconds, however the query is written, because the engine must group and
order all of them. The answer changes only when the store changes, so the build
counts once and stores short ranked lists in one named graph of their own,
:data:`~resgraph.graph.vocab.STATS_GRAPH`; a query then reads a list by a
few lookups (about 10 ms on 25,000 texts).

The counting input is what each source graph contributes (:class:`Contribution`):
the citing text, its organ, session and year, and how often it cites each
target. :func:`contribution` makes it from a loaded document, and
:func:`stored_contributions` reads it back from the graphs already in a store, so
a build that reloads a few files recounts without rereading the others.
:func:`statistics_lines` turns contributions into the graph:

* a ranking (``resgraph:Ranking``) for the whole store, each organ, each
  session, each year, each (organ, session) and each (organ, year), each of
  them for all targets and for each kind of target (resolution, treaty,
  instrument ...). Its IRI is made of its scope, so code reaches it by one
  lookup: ``https://w3id.org/resgraph/stats/top/organ/GA/session/45/kind/resolution``
  (see :func:`ranking_iri`). A SPARQL query cannot do the same at speed: an
  IRI computed within a query is a value engines compare, not one they look up,
  and they read every ranking to find it. So a ranking also names its shape,
  the parameters its scope is made of (``resgraph:rankingShape``
  ``.../stats/shape/organ/session/kind``, see :func:`shape_iri`), and the
  ``top`` and ``top-by`` queries find it by looking up that shape and the
  values of their bound parameters. A text counts in a scope when the facts of
  that scope are known (a text of unknown date counts for its organ, not for
  any year), as in the ``top-by-scan`` query;
* for the most cited targets (``co_cited_min_texts`` citing texts or more), the
  ranking of what the texts citing them also cite, as the ``co-cited`` query
  counts it: the target stands with its equivalents (the instruments a
  resolution adopted, their Treaty Series entries ...), which :class:`Relations`
  gives; IRI ``https://w3id.org/resgraph/stats/co-cited/`` + the target's path,
  e.g. ``.../stats/co-cited/A/RES/45/158`` (see :func:`co_cited_iri`).

Each ranking keeps its first ``size`` entries (100 by default): by citations,
then citing texts, most first, then by the target's IRI (the order of the
queries that count at query time); co-citation rankings order by texts first,
as ``co-cited`` does. Entries take five quads: ``resgraph:inRanking``,
``resgraph:rank`` (from 1), ``resgraph:target``, ``resgraph:citations`` and
``resgraph:texts`` (texts are source graphs, as in the queries). A ranking
node tells its scope (``resgraph:rankingOrgan``, ``rankingSession``,
``rankingYear``, ``rankingKind`` or ``coCitedWith``) and how many targets the
scope has (``resgraph:targetCount``): a ranking holding fewer entries than
that was cut. The graph's own node (``resgraph:Statistics``) carries the list
size and the provenance of the run that made it, as the registry graph does.

>>> from resgraph.graph.store import EmbeddedStore
>>> store = EmbeddedStore.memory()
>>> c = Contribution("file:///a.txt", "A/RES/59/241", "GA", "59", 2004,
...                  {"A/RES/45/158": 2, "A/59/325": 1},
...                  {"A/RES/45/158": "resolution", "A/59/325": "document"})
>>> with store.batch() as writer:
...     writer.replace_graph_lines(STATS_GRAPH, statistics_lines([c]))
>>> ranking_rows(store, ranking_iri(organ="GA", year=2004))  # doctest: +NORMALIZE_WHITESPACE
[{'target': 'A/RES/45/158', 'citations': 2, 'texts': 1},
 {'target': 'A/59/325', 'citations': 1, 'texts': 1}]
"""

from __future__ import annotations

import datetime as _dt
import re
from collections import Counter
from collections.abc import Collection, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from itertools import chain
from typing import Any
from urllib.parse import quote

from resgraph import __version__
from resgraph.errors import SymbolError
from resgraph.graph.rdf import (
    document_key,
    key_facts,
    kind_of_key,
    literal,
    provenance_lines,
    registry_lines,
)
from resgraph.graph.store import IRI, GraphStore
from resgraph.graph.vocab import (
    CITO,
    DCTERMS,
    ELI,
    FOAF,
    KIND_CLASSES,
    KIND_PRIORITY,
    PROV,
    RDF,
    RDFS,
    RG,
    STATS_GRAPH,
)
from resgraph.models import CitationType, Document, Reference
from resgraph.registry import Registry
from resgraph.symbols import BASE, key_of, parse_symbol, to_iri

__all__ = [
    "COVERED_SCOPES",
    "CO_CITED_MIN_TEXTS",
    "RANKING_SIZE",
    "STATS_BASE",
    "STATS_GRAPH",
    "Contribution",
    "RankingInfo",
    "Relations",
    "co_cited_iri",
    "contribution",
    "ranking_info",
    "ranking_iri",
    "ranking_rows",
    "registry_relations",
    "shape_iri",
    "statistics_lines",
    "stored_contributions",
    "stored_relations",
    "write_statistics",
]

#: Where the rankings are named: ``top/...`` and ``co-cited/...`` under it.
STATS_BASE = "https://w3id.org/resgraph/stats/"
#: Entries kept per ranking, by default.
RANKING_SIZE = 100
#: Co-citation rankings are made for targets cited by at least this many texts
#: (with their equivalents). The ``co-cited`` query costs about 1 ms per such
#: text on a store of 25,000 texts of 20 citations (most of it ordering its
#: rows): below this it answers within 50 ms.
CO_CITED_MIN_TEXTS = 50
#: The scopes with rankings: the parameters given among organ, session and year.
COVERED_SCOPES: frozenset[frozenset[str]] = frozenset({
    frozenset(), frozenset({"organ"}), frozenset({"session"}), frozenset({"year"}),
    frozenset({"organ", "session"}), frozenset({"organ", "year"}),
})

_XSD_INT = "\"^^<http://www.w3.org/2001/XMLSchema#integer>"
_ORGAN_BASE = to_iri("organ:X")[:-1]


# ------------------------------------------------------------ contributions

@dataclass(frozen=True, slots=True)
class Contribution:
    """What one citing text (one source graph) adds to the rankings.

    ``text`` is the citing text's key (``A/RES/59/241``), ``organ`` its organ code
    (``GA``), ``session`` its session, ``year`` the year of its adoption date;
    ``targets`` maps each target key to the number of its citations in the text,
    ``kinds`` each target key to its kind (``resolution``, ``treaty`` ...).

    >>> c = Contribution("file:///a.txt", "A/RES/59/241", "GA", "59", 2004,
    ...                  {"A/RES/45/158": 2}, {"A/RES/45/158": "resolution"})
    >>> sum(c.targets.values())
    2
    """

    graph: str
    text: str
    organ: str | None
    session: str | None
    year: int | None
    targets: Mapping[str, int] = field(default_factory=dict)
    kinds: Mapping[str, str] = field(default_factory=dict)


def _first_kind(kinds: Iterable[str]) -> str:
    """Of several kinds, the first in :data:`~resgraph.graph.vocab.KIND_PRIORITY`."""
    return min(kinds, key=KIND_PRIORITY.index)


def contribution(doc: Document, refs: Sequence[Reference], graph: str) -> Contribution:
    """What a loaded document adds to the rankings (its resolved references only).

    Organ and session are the document's, else those its key tells, as in its
    graph (:func:`resgraph.graph.rdf.document_lines`); the year is its adoption
    year. A target cited as several kinds takes the first in
    :data:`~resgraph.graph.vocab.KIND_PRIORITY`.

    >>> from resgraph.queries.api import example_corpus
    >>> doc, refs = example_corpus()[1][2]
    >>> c = contribution(doc, refs, "file:///example/A_RES_59_241.txt")
    >>> c.text, c.organ, c.session, c.year, dict(c.targets)
    ('A/RES/59/241', 'GA', '59', 2004, {'A/RES/45/158': 1, 'instrument:udhr': 1, 'A/59/325': 1})
    >>> c.kinds["A/59/325"]
    'document'
    """
    key = document_key(doc, graph)
    organ, session = key_facts(key)
    targets: Counter[str] = Counter()
    kinds: dict[str, set[str]] = {}
    for ref in refs:
        if ref.target is None:
            continue
        targets[ref.target] += 1
        kinds.setdefault(ref.target, set()).add(kind_of_key(ref.target, ref.citation.type))
    return Contribution(
        graph=graph,
        text=key,
        organ=doc.organ or organ,
        session=doc.session or session,
        year=doc.adopted.year if doc.adopted is not None else None,
        targets=dict(targets),
        kinds={t: _first_kind(k) for t, k in kinds.items()},
    )


_Q_CONTRIBUTIONS = f"""
SELECT ?g ?text ?organ ?session ?date ?targets WHERE {{
  {{ SELECT ?g ?text WHERE {{ GRAPH ?g {{ ?g <{FOAF.primaryTopic}> ?text }} }} }}
  OPTIONAL {{ SELECT ?g ?text ?organ WHERE {{ GRAPH ?g {{ ?text <{ELI.passed_by}> ?organ }} }} }}
  OPTIONAL {{ SELECT ?g ?text ?session WHERE {{ GRAPH ?g {{ ?text <{RG.session}> ?session }} }} }}
  OPTIONAL {{ SELECT ?g ?text ?date WHERE {{ GRAPH ?g {{ ?text <{DCTERMS.date}> ?date }} }} }}
  OPTIONAL {{
    SELECT ?g (GROUP_CONCAT(STR(?target); separator=" ") AS ?targets)
    WHERE {{ GRAPH ?g {{ ?citation <{CITO.hasCitedEntity}> ?target }} }}
    GROUP BY ?g
  }}
}}"""

_Q_CITATION_TYPES = f"""
SELECT DISTINCT ?g ?target ?type WHERE {{
  GRAPH ?g {{ ?citation <{CITO.hasCitedEntity}> ?target ; <{RG.citationType}> ?type }}
}}"""

_YEAR_RE = re.compile(r"\s*(-?\d{4,})-")


#: The key of an entity IRI (IRIs not minted from a key stay as they are), cached.
_key = lru_cache(maxsize=1 << 17)(key_of)


@lru_cache(maxsize=1 << 17)
def _key_kind(key: str) -> str | None:
    """The kind a key's form tells, or None when only the citation type can."""
    try:
        kind = parse_symbol(key).kind
    except SymbolError:
        return None
    return kind if kind in KIND_CLASSES else None


def _organ_code(value: Any) -> str | None:
    if not isinstance(value, str):
        return None
    if value.startswith(_ORGAN_BASE):
        return _key(value).partition(":")[2] or None
    return value or None


def _year(value: Any) -> int | None:
    m = _YEAR_RE.match(str(value)) if value is not None else None
    return int(m.group(1)) if m else None


def _own_graph(graph: str) -> bool:
    """True for the project's own graphs (registry, statistics ...), not source files."""
    return graph.startswith("https://w3id.org/resgraph/graph/")


def stored_contributions(store: GraphStore, *,
                         exclude: Collection[str] = ()) -> list[Contribution]:
    """What every source graph in ``store`` adds to the rankings, by graph name.

    The same as :func:`contribution` of the documents they were built from (two
    queries in all, whatever the number of graphs; a third one only for targets
    whose key does not tell their kind). Graphs named in ``exclude`` (those a
    build is about to replace) are left out.

    >>> from resgraph.queries.api import example_store
    >>> found = stored_contributions(example_store())
    >>> [(c.text, c.year, len(c.targets)) for c in found][:2]
    [('A/RES/45/158', 1990, 2), ('A/RES/59/241', 2004, 3)]
    >>> len(stored_contributions(example_store(), exclude=[c.graph for c in found]))
    0
    """
    excluded = set(exclude)
    if excluded and all(g in excluded or _own_graph(g) for g in store.graphs()):
        return []
    facts: dict[str, dict[str, Any]] = {}
    for row in store.query(_Q_CONTRIBUTIONS):
        graph = str(row["g"])
        if graph in excluded:
            continue
        item = facts.setdefault(graph, {"text": set(), "organ": set(), "session": set(),
                                        "date": set(), "targets": row.get("targets")})
        for name in ("text", "organ", "session", "date"):
            value = row.get(name)
            if value is not None:
                item[name].add(str(value))
    out: list[Contribution] = []
    unknown: dict[str, set[str]] = {}
    kinds_of: dict[str, dict[str, str]] = {}
    for graph in sorted(facts):
        item = facts[graph]
        text = _key(min(item["text"]))
        organs = sorted(filter(None, map(_organ_code, item["organ"])))
        sessions = sorted(item["session"])
        if not organs or not sessions:
            key_organ, key_session = key_facts(text)
            organs = organs or ([key_organ] if key_organ else [])
            sessions = sessions or ([key_session] if key_session else [])
        years = sorted(y for y in map(_year, item["date"]) if y is not None)
        targets = {_key(iri): n for iri, n in Counter(str(item["targets"] or "").split()).items()}
        kinds = {t: _key_kind(t) or "" for t in targets}
        if "" in kinds.values():
            unknown[graph] = {t for t, kind in kinds.items() if not kind}
            kinds_of[graph] = kinds
        out.append(Contribution(graph, text, organs[0] if organs else None,
                                sessions[0] if sessions else None,
                                years[0] if years else None, targets, kinds))
    if unknown:
        told = _citation_kinds(store, unknown)
        for graph, odd in unknown.items():
            for target in odd:
                kinds_of[graph][target] = _first_kind(told.get((graph, target), {"other"}))
    return out


def _citation_kinds(store: GraphStore,
                    unknown: Mapping[str, set[str]]) -> dict[tuple[str, str], set[str]]:
    """(graph, target) -> the kinds the citation types give, for targets whose key does not."""
    wanted = sorted({_iri(t) for targets in unknown.values() for t in targets})
    seen: dict[tuple[str, str], set[str]] = {}
    for chunk in _chunks(wanted, 500):
        values = " ".join(f"<{iri}>" for iri in chunk)
        text = _Q_CITATION_TYPES.replace("WHERE {", f"WHERE {{ VALUES ?target {{ {values} }}", 1)
        for row in store.query(text):
            pair = (str(row["g"]), _key(str(row["target"])))
            if pair[1] in unknown.get(pair[0], ()):
                seen.setdefault(pair, set()).add(kind_of_key(pair[1], _ctype(row.get("type"))))
    return seen


def _ctype(value: Any) -> str | None:
    try:
        return str(CitationType(str(value)))
    except ValueError:
        return None


def _chunks(items: Sequence[str], n: int) -> Iterator[Sequence[str]]:
    for i in range(0, len(items), n):
        yield items[i:i + n]


# --------------------------------------------------------------- relations

@dataclass(frozen=True, slots=True)
class Relations:
    """The registry links that make targets stand for one another, as keys.

    ``adopted_by`` holds (instrument, adopting resolution) pairs and
    ``registered_as`` (instrument, Treaty Series entry) pairs. :meth:`group` is
    what the ``target-group`` query gives, :meth:`equivalents` what ``co-cited``
    leaves out of its answer.

    >>> r = Relations(frozenset({("instrument:cmw", "A/RES/45/158")}),
    ...               frozenset({("instrument:cmw", "UNTS:39481")}))
    >>> sorted(r.group("A/RES/45/158"))
    ['A/RES/45/158', 'UNTS:39481', 'instrument:cmw']
    >>> sorted(r.group("UNTS:39481"))
    ['A/RES/45/158', 'UNTS:39481', 'instrument:cmw']
    """

    adopted_by: frozenset[tuple[str, str]] = frozenset()
    registered_as: frozenset[tuple[str, str]] = frozenset()

    def group(self, target: str) -> set[str]:
        """``target`` and the entities a citation of it may name instead."""
        adopted, adopters, treaties, instruments = _relation_maps(self)
        out = {target}
        for inst in adopted.get(target, ()):  # a resolution: what it adopted
            out.add(inst)
            out.update(treaties.get(inst, ()))
        out.update(treaties.get(target, ()))  # an instrument: its treaty entries
        for res in adopters.get(target, ()):  # ... and its sole adopting resolution
            if adopted.get(res, _NONE) <= {target}:
                out.add(res)
        for inst in instruments.get(target, ()):  # a treaty entry: its instrument
            out.add(inst)
            for res in adopters.get(inst, ()):
                if adopted.get(res, _NONE) <= {inst}:
                    out.add(res)
        return out

    def equivalents(self, target: str) -> set[str]:
        """The entities ``co-cited`` does not list beside ``target``.

        >>> r = Relations(frozenset({("instrument:a", "A/RES/1/1"), ("instrument:b", "A/RES/1/1")}))
        >>> sorted(r.equivalents("instrument:a"))
        ['A/RES/1/1']
        """
        adopted, adopters, treaties, instruments = _relation_maps(self)
        out = set(adopted.get(target, _NONE) | adopters.get(target, _NONE))
        out |= instruments.get(target, _NONE) | treaties.get(target, _NONE)
        for inst in adopted.get(target, ()):
            out |= treaties.get(inst, _NONE)
        for inst in instruments.get(target, ()):
            out |= adopters.get(inst, _NONE)
        out.discard(target)
        return out

    def linked(self) -> frozenset[str]:
        """Every key some link names.

        >>> sorted(Relations(frozenset({("instrument:a", "A/RES/1/1")})).linked())
        ['A/RES/1/1', 'instrument:a']
        """
        return frozenset(k for pair in self.adopted_by | self.registered_as for k in pair)


_NONE: frozenset[str] = frozenset()
_Maps = tuple[dict[str, frozenset[str]], dict[str, frozenset[str]],
              dict[str, frozenset[str]], dict[str, frozenset[str]]]


@lru_cache(maxsize=8)
def _relation_maps(relations: Relations) -> _Maps:
    """Resolution -> instruments it adopted, instrument -> adopting resolutions,
    instrument -> treaty entries, treaty entry -> instruments."""
    maps: tuple[dict[str, set[str]], ...] = ({}, {}, {}, {})
    adopted, adopters, treaties, instruments = maps
    for inst, res in relations.adopted_by:
        adopted.setdefault(res, set()).add(inst)
        adopters.setdefault(inst, set()).add(res)
    for inst, treaty in relations.registered_as:
        treaties.setdefault(inst, set()).add(treaty)
        instruments.setdefault(treaty, set()).add(inst)
    a, b, c, d = ({k: frozenset(v) for k, v in m.items()} for m in maps)
    return a, b, c, d


_ADOPTED_BY = f"<{RG.adoptedBy}>"
_REGISTERED_AS = f"<{RG.registeredAs}>"


def registry_relations(registry: Registry) -> Relations:
    """The links of a registry, as its graph states them.

    >>> from resgraph.queries.api import example_corpus
    >>> r = registry_relations(example_corpus()[0])
    >>> sorted(r.group("A/RES/2200A(XXI)"))  # doctest: +NORMALIZE_WHITESPACE
    ['A/RES/2200A(XXI)', 'UNTS:14531', 'UNTS:14668', 'instrument:iccpr', 'instrument:icescr']
    """
    adopted: set[tuple[str, str]] = set()
    registered: set[tuple[str, str]] = set()
    for line in registry_lines(registry):
        s, p, o = line.split(" ", 2)
        if p == _ADOPTED_BY:
            adopted.add((_key(s[1:-1]), _key(o[1:-1])))
        elif p == _REGISTERED_AS:
            registered.add((_key(s[1:-1]), _key(o[1:-1])))
    return Relations(frozenset(adopted), frozenset(registered))


def stored_relations(store: GraphStore) -> Relations:
    """The links stated in a store (its registry graph).

    >>> from resgraph.queries.api import example_corpus, example_store
    >>> stored_relations(example_store()) == registry_relations(example_corpus()[0])
    True
    """
    rows = store.query(
        f"SELECT DISTINCT ?s ?p ?o WHERE {{ GRAPH ?r {{ ?s ?p ?o }} "
        f"VALUES ?p {{ {_ADOPTED_BY} {_REGISTERED_AS} }} }}")
    adopted = {(_key(str(r["s"])), _key(str(r["o"]))) for r in rows
               if r["p"] == str(RG.adoptedBy)}
    registered = {(_key(str(r["s"])), _key(str(r["o"]))) for r in rows
                  if r["p"] == str(RG.registeredAs)}
    return Relations(frozenset(adopted), frozenset(registered))


# ------------------------------------------------------------------ names

def ranking_iri(*, organ: str | None = None, session: str | None = None,
                year: int | None = None, kind: str | None = None) -> str:
    """The IRI of the ranking of a scope: organ code, session, year, target kind.

    >>> ranking_iri(organ="GA", session="45", kind="resolution")
    'https://w3id.org/resgraph/stats/top/organ/GA/session/45/kind/resolution'
    >>> ranking_iri(year=2004), ranking_iri(session="S-21/1")
    ('https://w3id.org/resgraph/stats/top/year/2004', 'https://w3id.org/resgraph/stats/top/session/S-21%2F1')
    """
    out = STATS_BASE + "top"
    if organ:
        out += "/organ/" + to_iri("organ:" + organ)[len(_ORGAN_BASE):]
    if session:
        out += "/session/" + quote(session, safe="")
    if year is not None:
        out += f"/year/{int(year)}"
    if kind:
        if kind not in KIND_CLASSES:
            raise ValueError(f"unknown kind {kind!r}: one of {', '.join(KIND_CLASSES)}")
        out += "/kind/" + kind
    return out


_SHAPE_NAMES = {"rankingOrgan": "organ", "rankingSession": "session", "rankingYear": "year",
                "rankingKind": "kind", "coCitedWith": "co-cited"}


def shape_iri(*parts: str) -> str:
    """The node naming the shape of a ranking's scope: which parameters make it.

    Rankings of one shape differ only by the values of those parameters, so
    a SPARQL query finds a ranking by lookups alone (an IRI computed in the
    query would make engines read every ranking).

    >>> shape_iri("organ", "session", "kind"), shape_iri()
    ('https://w3id.org/resgraph/stats/shape/organ/session/kind', 'https://w3id.org/resgraph/stats/shape/all')
    """
    return STATS_BASE + "shape/" + ("/".join(parts) or "all")


def _iri(key: str) -> str:
    return key if "://" in key or "#" in key or key.startswith("file:") else to_iri(key)


def co_cited_iri(target: str) -> str | None:
    """The IRI of the co-citation ranking of a target key (None: the key has no IRI path).

    >>> co_cited_iri("A/RES/45/158"), co_cited_iri("instrument:cmw")
    ('https://w3id.org/resgraph/stats/co-cited/A/RES/45/158', 'https://w3id.org/resgraph/stats/co-cited/instrument/cmw')
    """
    iri = _iri(target)
    if not iri.startswith(BASE):
        return None
    return STATS_BASE + "co-cited/" + iri[len(BASE):]


# ----------------------------------------------------------------- counting

_Scope = tuple[str | None, str | None, int | None]


class _Tally:
    """Citations and citing texts per target within one scope."""

    __slots__ = ("citations", "texts", "total_citations", "total_texts")

    def __init__(self) -> None:
        self.citations: Counter[str] = Counter()
        self.texts: Counter[str] = Counter()
        self.total_citations = 0
        self.total_texts = 0


def _scopes(c: Contribution) -> list[_Scope]:
    out: list[_Scope] = [(None, None, None)]
    if c.organ:
        out.append((c.organ, None, None))
    if c.session:
        out.append((None, c.session, None))
    if c.year is not None:
        out.append((None, None, c.year))
    if c.organ and c.session:
        out.append((c.organ, c.session, None))
    if c.organ and c.year is not None:
        out.append((c.organ, None, c.year))
    return out


def _scope_order(scope: _Scope) -> tuple[Any, ...]:
    organ, session, year = scope
    return (organ is not None, organ or "", session is not None, session or "",
            year is not None, year or 0)


def _int(value: int) -> str:
    return f'"{int(value)}{_XSD_INT}'


class _Writer:
    """The lines of the statistics graph, with the encoded terms they share."""

    def __init__(self) -> None:
        self.lines: list[str] = []
        self.iris: dict[str, str] = {}
        self.a = f"<{RDF.type}>"
        self.p = {name: f"<{getattr(RG, name)}>" for name in (
            "Ranking", "Statistics", "inRanking", "rank", "target", "citations", "texts",
            "targetCount", "rankingSize", "rankingOrgan", "rankingSession", "rankingYear",
            "rankingKind", "coCitedWith", "rankingShape", "sameEntriesAs")}

    def iri(self, key: str) -> str:
        node = self.iris.get(key)
        if node is None:
            node = self.iris[key] = "<" + _iri(key) + ">"
        return node

    def ranking(self, iri: str, scope: Sequence[tuple[str, str]],
                entries: Sequence[tuple[str, int, int]], targets: int,
                same_as: str | None = None) -> None:
        """A ranking node and its entries, or the ranking whose entries it shares."""
        node = f"<{iri}>"
        p, add = self.p, self.lines.append
        add(f"{node} {self.a} {p['Ranking']}")
        names = [_SHAPE_NAMES[prop] for prop, _obj in scope]
        add(f"{node} {p['rankingShape']} <{shape_iri(*names)}>")
        for prop, obj in scope:
            add(f"{node} {p[prop]} {obj}")
        add(f"{node} {p['targetCount']} {_int(targets)}")
        if same_as is not None:
            add(f"{node} {p['sameEntriesAs']} <{same_as}>")
            return
        in_ranking, rank, target = p["inRanking"], p["rank"], p["target"]
        citations, texts = p["citations"], p["texts"]
        for i, (key, cited, citing) in enumerate(entries, 1):
            entry = f"<{iri}#{i}>"
            add(f"{entry} {in_ranking} {node}")
            add(f'{entry} {rank} "{i}{_XSD_INT}')
            add(f"{entry} {target} {self.iri(key)}")
            add(f'{entry} {citations} "{cited}{_XSD_INT}')
            add(f'{entry} {texts} "{citing}{_XSD_INT}')


def statistics_lines(
    contributions: Iterable[Contribution],
    *,
    size: int = RANKING_SIZE,
    built: _dt.datetime | None = None,
    version: str = __version__,
    relations: Relations | None = None,
    co_cited_min_texts: int = CO_CITED_MIN_TEXTS,
) -> list[str]:
    """The triples of the statistics graph, as N-Triples lines without the final dot.

    Rankings of the most cited targets for every scope the contributions have
    (see the module's description), each cut to ``size`` entries. Co-citation
    rankings are made when ``relations`` is given (the registry links, which
    decide what counts as citing a target): for each target cited, with its
    equivalents, by at least ``co_cited_min_texts`` texts.

    >>> c = Contribution("file:///a.txt", "S/RES/1325(2000)", "SC", "2000", 2000,
    ...                  {"A/RES/45/158": 1}, {"A/RES/45/158": "resolution"})
    >>> lines = statistics_lines([c])
    >>> ('<https://w3id.org/resgraph/stats/top/organ/SC/year/2000/kind/resolution#1> '
    ...  '<https://w3id.org/resgraph/ontology#target> '
    ...  '<https://w3id.org/resgraph/id/A/RES/45/158>') in lines
    True
    """
    if size < 1:
        raise ValueError(f"size must be at least 1, not {size}")
    items = list(contributions)
    tallies: dict[_Scope, _Tally] = {}
    kinds: dict[str, set[str]] = {}
    total_citations = 0
    for c in items:
        if not c.targets:
            continue
        cited = list(c.targets)
        every = _every_citation(c)
        total_citations += len(every)
        for target in cited:
            kind = c.kinds.get(target) or _key_kind(target) or "other"
            known = kinds.get(target)
            if known is None:
                kinds[target] = {kind}
            else:
                known.add(kind)
        for scope in _scopes(c):
            tally = tallies.get(scope)
            if tally is None:
                tally = tallies[scope] = _Tally()
            tally.texts.update(cited)
            tally.citations.update(every)
            tally.total_citations += len(every)
            tally.total_texts += 1

    out = _Writer()
    keys = _Keys(kinds)
    twins = _twins(tallies)
    heads_of: dict[_Scope, tuple[dict[str | None, list[_Entry]], Counter[str | None]]] = {}
    for scope in sorted(tallies, key=_scope_order):
        tally = tallies[scope]
        twin = twins.get(scope)
        source = twin or scope
        if source not in heads_of:
            heads_of[source] = keys.heads(tallies[source].citations, tallies[source].texts, size)
        heads, counts = heads_of[source]
        organ, session, year = scope
        terms: list[tuple[str, str]] = []
        if organ:
            terms.append(("rankingOrgan", f"<{to_iri('organ:' + organ)}>"))
        if session:
            terms.append(("rankingSession", literal(session)))
        if year is not None:
            terms.append(("rankingYear", _int(year)))
        for which in (None, *KIND_PRIORITY):
            if which is not None and not heads.get(which):
                continue
            iri = ranking_iri(organ=organ, session=session, year=year, kind=which)
            same = None if twin is None else ranking_iri(
                organ=twin[0], session=twin[1], year=twin[2], kind=which)
            kind_terms = terms if which is None else [
                *terms, ("rankingKind", f"<{KIND_CLASSES[which]}>")]
            out.ranking(iri, kind_terms, heads[which], counts[which], same_as=same)
        iri = ranking_iri(organ=organ, session=session, year=year)
        out.lines.append(f"<{iri}> {out.p['citations']} {_int(tally.total_citations)}")
        out.lines.append(f"<{iri}> {out.p['texts']} {_int(tally.total_texts)}")

    if relations is not None:
        _co_cited(out, items, relations, size=size, min_texts=co_cited_min_texts, keys=keys)

    g = f"<{STATS_GRAPH}>"
    add = out.lines.append
    add(f"{g} {out.a} <{PROV.Entity}>")
    add(f"{g} {out.a} {out.p['Statistics']}")
    add(f"{g} <{RDFS.label}> {literal('resgraph statistics: the most cited targets per scope')}")
    add(f"{g} {out.p['rankingSize']} {_int(size)}")
    add(f"{g} {out.p['texts']} {_int(len(items))}")
    add(f"{g} {out.p['citations']} {_int(total_citations)}")
    out.lines.extend(provenance_lines(STATS_GRAPH, built=built, version=version))
    return out.lines


def _twins(tallies: Mapping[_Scope, _Tally]) -> dict[_Scope, _Scope]:
    """Scopes without an organ that count the same texts as the scope of one organ.

    A session held by one organ only, a year or a store with texts of one organ:
    their rankings are the same, so one keeps the entries and the other points
    to it (``resgraph:sameEntriesAs``). One scope contains the other, so the
    same number of citing texts means the same texts.
    """
    out: dict[_Scope, _Scope] = {}
    for scope, tally in tallies.items():
        if scope[0] is not None:
            continue
        for other, found in tallies.items():
            if (other[0] is not None and other[1:] == scope[1:]
                    and found.total_texts == tally.total_texts):
                out[scope] = other
                break
    return out


def _every_citation(c: Contribution) -> list[str]:
    """The targets of a contribution, each as often as it is cited."""
    out = list(c.targets)
    for target, n in c.targets.items():
        if n > 1:
            out.extend([target] * (n - 1))
    return out


def _threshold(histogram: Iterable[tuple[int, int]], size: int) -> int:
    """The smallest count among the first ``size`` items, from (count, items) pairs."""
    seen = 0
    last = 0
    for count, n in sorted(histogram, reverse=True):
        seen += n
        last = count
        if seen >= size:
            break
    return last


_Entry = tuple[str, int, int]


class _Keys:
    """The targets' kinds and IRIs, and the heads of rankings over them.

    Sorting every target of a scope would cost more than all the counting:
    the count of the ``size``-th entry of each kind is found first from a
    histogram (counted in C), and only the targets at or above it are sorted.
    """

    def __init__(self, kinds: Mapping[str, set[str]]) -> None:
        self.iri = {key: _iri(key) for key in kinds}
        self.primary = {key: _first_kind(found) for key, found in kinds.items()}
        self.multi = {key: found for key, found in kinds.items() if len(found) > 1}

    def order(self, key: str) -> str:
        iri = self.iri.get(key)
        return iri if iri is not None else _iri(key)

    def heads(self, citations: Mapping[str, int], texts: Mapping[str, int], size: int
              ) -> tuple[dict[str | None, list[_Entry]], Counter[str | None]]:
        """The first ``size`` entries of a scope, overall (key None) and per kind,
        by citations, texts (most first) and IRI; and the number of targets of each."""
        primary = self.primary
        histogram: Counter[tuple[str, int]] = Counter(
            zip(map(primary.__getitem__, citations), citations.values(), strict=True))
        multi = [k for k in self.multi if k in citations]
        for key in multi:
            for kind in self.multi[key] - {primary[key]}:
                histogram[(kind, citations[key])] += 1
        per_kind: dict[str, list[tuple[int, int]]] = {}
        counts: Counter[str | None] = Counter({None: len(citations)})
        for (kind, count), n in histogram.items():
            per_kind.setdefault(kind, []).append((count, n))
            counts[kind] += n
        least = _threshold(Counter(citations.values()).items(), size)
        cut = {kind: min(least, _threshold(pairs, size)) for kind, pairs in per_kind.items()}
        chosen = [k for k, n in citations.items() if n >= cut[primary[k]]]
        chosen.extend(k for k in multi if citations[k] < cut[primary[k]])
        chosen.sort(key=lambda k: (-citations[k], -texts[k], self.order(k)))
        heads: dict[str | None, list[_Entry]] = {None: []}
        for key in chosen:
            entry = (key, citations[key], texts[key])
            if len(heads[None]) < size:
                heads[None].append(entry)
            for kind in self.multi.get(key, (primary[key],)):
                bucket = heads.setdefault(kind, [])
                if len(bucket) < size:
                    bucket.append(entry)
        return heads, counts


def _co_cited(out: _Writer, items: Sequence[Contribution], relations: Relations, *,
              size: int, min_texts: int, keys: _Keys) -> None:
    """Add the co-citation rankings of the targets cited by ``min_texts`` texts or more."""
    citing: dict[str, list[int]] = {}
    for i, c in enumerate(items):
        for target in c.targets:
            citing.setdefault(target, []).append(i)
    linked = relations.linked()
    candidates = {t for t, found in citing.items() if len(found) >= min_texts} | linked
    every: dict[int, list[str]] = {}
    for target in sorted(candidates, key=keys.order):
        iri = co_cited_iri(target)
        if iri is None:
            continue
        group = relations.group(target) if target in linked else {target}
        graphs = sorted({i for member in group for i in citing.get(member, ())})
        if len(graphs) < min_texts:
            continue
        texts: Counter[str] = Counter(chain.from_iterable(items[i].targets for i in graphs))
        cited: Counter[str] = Counter()
        for i in graphs:
            found = every.get(i)
            if found is None:
                found = every[i] = _every_citation(items[i])
            cited.update(found)
        for key in relations.equivalents(target) | {target}:
            texts.pop(key, None)
            cited.pop(key, None)
        if not texts:
            continue
        least = _threshold(Counter(texts.values()).items(), size)
        chosen = sorted((k for k, n in texts.items() if n >= least),
                        key=lambda k: (-texts[k], -cited[k], keys.order(k)))
        entries = [(k, cited[k], texts[k]) for k in chosen[:size]]
        out.ranking(iri, [("coCitedWith", out.iri(target))], entries, len(texts))
        out.lines.append(f"<{iri}> {out.p['texts']} {_int(len(graphs))}")


def write_statistics(store: GraphStore, *, size: int = RANKING_SIZE,
                     co_cited_min_texts: int = CO_CITED_MIN_TEXTS,
                     built: _dt.datetime | None = None) -> int:
    """Recount the statistics graph of ``store`` from the graphs it holds; returns its triples.

    Builds write this graph themselves; this brings a store built by an earlier
    resgraph (or changed by imports) up to date.

    >>> from resgraph.graph.store import EmbeddedStore
    >>> from resgraph.queries.api import example_corpus
    >>> from resgraph.graph.build import build_pairs
    >>> store = EmbeddedStore.memory()
    >>> registry, pairs = example_corpus()
    >>> _ = build_pairs(pairs, store, registry=registry, progress=False, counts=False)
    >>> write_statistics(store) > 100
    True
    >>> ranking_rows(store, ranking_iri(organ="SC"))[0]
    {'target': 'A/RES/45/158', 'citations': 1, 'texts': 1}
    """
    from resgraph.graph.build import build_version  # noqa: PLC0415 - build imports this

    lines = statistics_lines(stored_contributions(store), size=size, built=built,
                             version=build_version(), relations=stored_relations(store),
                             co_cited_min_texts=co_cited_min_texts)
    with store.batch() as writer:
        writer.replace_graph_lines(STATS_GRAPH, lines)
    return len(lines)


# ------------------------------------------------------------------ reading

@dataclass(frozen=True, slots=True)
class RankingInfo:
    """What a store says about one ranking.

    ``statistics`` is False when the store has no statistics graph at all;
    ``size`` is the most entries a ranking keeps; ``targets`` the targets of the
    ranking's scope (None when there is no such ranking: nothing was cited there).
    ``complete`` tells whether the ranking holds every one of them.
    """

    statistics: bool
    size: int = 0
    targets: int | None = None

    @property
    def complete(self) -> bool:
        """True when the ranking lists every target of its scope."""
        return self.targets is not None and self.targets <= self.size

    @property
    def entries(self) -> int:
        """The number of entries the ranking holds."""
        return min(self.size, self.targets or 0)


_Q_INFO = f"""
SELECT ?size ?targets WHERE {{
  GRAPH <{STATS_GRAPH}> {{
    <{STATS_GRAPH}> <{RG.rankingSize}> ?size .
    OPTIONAL {{ ?ranking <{RG.targetCount}> ?targets }}
  }}
}}"""


def ranking_info(store: GraphStore, ranking: str) -> RankingInfo:
    """Whether ``store`` has the ranking ``ranking`` (an IRI), how long and how complete.

    >>> from resgraph.graph.store import EmbeddedStore
    >>> ranking_info(EmbeddedStore.memory(), ranking_iri()).statistics
    False
    """
    rows = store.query(_Q_INFO, {"ranking": IRI(ranking)})
    if not rows:
        return RankingInfo(False)
    sizes = [v for v in (r.get("size") for r in rows) if isinstance(v, int)]
    targets = [v for v in (r.get("targets") for r in rows) if isinstance(v, int)]
    return RankingInfo(True, min(sizes) if sizes else 0, min(targets) if targets else None)


_Q_ROWS = f"""
SELECT ?target ?citations ?texts WHERE {{
  GRAPH <{STATS_GRAPH}> {{
    ?ranking <{RG.sameEntriesAs}>? ?list .
    ?entry <{RG.inRanking}> ?list ; <{RG.rank}> ?rank ; <{RG.target}> ?target ;
           <{RG.citations}> ?citations ; <{RG.texts}> ?texts .
  }}
}}
ORDER BY ?rank"""

_Q_TITLED_ROWS = f"""
SELECT ?target (MIN(?anyTitle) AS ?title) ?citations ?texts WHERE {{
  GRAPH <{STATS_GRAPH}> {{
    ?ranking <{RG.sameEntriesAs}>? ?list .
    ?entry <{RG.inRanking}> ?list ; <{RG.rank}> ?rank ; <{RG.target}> ?target ;
           <{RG.citations}> ?citations ; <{RG.texts}> ?texts .
  }}
  OPTIONAL {{ GRAPH ?tg {{ ?target <{DCTERMS.title}> ?anyTitle }} }}
}}
GROUP BY ?rank ?target ?citations ?texts
ORDER BY ?rank"""


def ranking_rows(store: GraphStore, ranking: str, limit: int | None = None, *,
                 titles: bool = False) -> list[dict[str, Any]]:
    """The entries of one ranking, in rank order: ``target`` (a key), ``citations``,
    ``texts``; with ``titles``, also the target's ``title`` (None when unknown).

    >>> from resgraph.graph.store import EmbeddedStore
    >>> ranking_rows(EmbeddedStore.memory(), ranking_iri())
    []
    """
    text = (_Q_TITLED_ROWS if titles else _Q_ROWS) + (
        f"\nLIMIT {int(limit)}" if limit is not None else "")
    out = []
    for r in store.query(text, {"ranking": IRI(ranking)}):
        row = {"target": _key(str(r["target"])), "citations": r["citations"], "texts": r["texts"]}
        if titles:
            row["title"] = r.get("title")
        out.append(row)
    return out
