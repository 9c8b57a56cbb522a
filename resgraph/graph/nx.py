"""Identified citations -> a NetworkX ``MultiDiGraph``, and the same graph read back from RDF.

One node per entity, its id the canonical key (``A/RES/45/158``, ``UNTS:39481``,
``instrument:cmw``), with the attributes ``kind``, ``organ``, ``symbol``,
``title``, ``date`` (ISO string) and ``url``. One edge per citation, from the
citing document to the target, keyed by the citation's IRI, with ``relation``
``"cites"`` and the attributes ``verb``, ``characterization`` (the CiTO term's
name), ``type``, ``paragraph``, ``footnote``, ``quote``, ``start``, ``end`` and
``source`` (the graph it was read from). Registry links are edges keyed by
their relation: ``adopts`` (resolution -> instrument), ``registered-as``
(instrument -> treaty), ``adopted-at`` (instrument -> conference), ``part-of``
(instrument -> the instrument it supplements), ``reported-in`` (conference ->
its report) and ``adopted-on`` (resolution -> the report it was adopted on).

Attributes that are unknown are left out rather than set to None, so every
value is a GraphML-safe ``str`` or ``int``.

:func:`to_networkx` builds the graph from (Document, [Reference]) pairs;
:func:`store_to_networkx` reads it from an RDF store built from the same pairs,
and the two give the same graph.

>>> from resgraph.models import Citation, CitationType, Document, Reference, Span
>>> from resgraph.registry import Registry
>>> doc = Document("/c/a.txt", "text", "Recalling resolution 45/158,", "A/RES/59/241", "GA")
>>> ref = Reference(Citation(CitationType.RESOLUTION, "A/RES/45/158", "resolution 45/158",
...                          Span(10, 27), "preamble 1", verb="recalling"), "A/RES/45/158")
>>> g = to_networkx([(doc, [ref])], registry=Registry())
>>> sorted(g.nodes)
['A/RES/45/158', 'A/RES/59/241']
>>> [(u, v, d["characterization"]) for u, v, d in g.edges(data=True)]
[('A/RES/59/241', 'A/RES/45/158', 'obtainsBackgroundFrom')]
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from typing import Any, Protocol, runtime_checkable

import networkx as nx

from resgraph.graph.rdf import (
    _prefixed,
    _report_key,
    _treaty_key,
    citation_iri,
    citation_verb,
    document_key,
    iso_date,
    key_facts,
    kind_of_key,
    source_graph,
)
from resgraph.graph.vocab import (
    CITO,
    DCTERMS,
    ELI,
    FOAF,
    KIND_CLASSES,
    KIND_PRIORITY,
    OA,
    RDFS,
    REGISTRY_GRAPH,
    RG,
    SCHEMA,
    characterization,
)
from resgraph.models import CitationType, Document, Reference
from resgraph.registry import Registry, load_registry
from resgraph.symbols import key_of, undocs_url

__all__ = ["Queryable", "store_to_networkx", "to_networkx"]

Pair = tuple[Document, Sequence[Reference]]

#: Node attributes taken from several graphs, resolved by :func:`_pick`.
_MERGED = ("organ", "title", "date")
_PRIMARY, _REGISTRY, _OTHER = 0, 1, 2
_RELATIONS = {
    str(RG.adoptedBy): "adopts",
    str(RG.registeredAs): "registered-as",
    str(RG.adoptedAt): "adopted-at",
    str(RG.supplements): "part-of",
    str(RG.outcomeReport): "reported-in",
    str(RG.adoptedOnReport): "adopted-on",
}
_CLASS_KIND = {str(cls): kind for kind, cls in KIND_CLASSES.items()}


@runtime_checkable
class Queryable(Protocol):
    """Anything with the store's ``query`` method (see :mod:`resgraph.graph.store`)."""

    def query(
        self, sparql: str, bindings: Mapping[str, Any] | None = None
    ) -> list[dict[str, Any]]:
        """Rows of a SELECT query, as dicts of plain values."""
        ...


class _Nodes:
    """Collects kinds and attribute candidates per node, then resolves them."""

    def __init__(self) -> None:
        self.kinds: dict[str, set[str]] = defaultdict(set)
        self.fixed: dict[str, dict[str, Any]] = defaultdict(dict)
        self.cands: dict[str, dict[str, list[tuple[int, Any]]]] = defaultdict(
            lambda: defaultdict(list)
        )

    def kind(self, key: str, kind: str) -> None:
        self.kinds[key].add(kind)

    def set(self, key: str, name: str, value: Any) -> None:
        if value is not None:
            self.fixed[key][name] = value

    def offer(self, key: str, name: str, tier: int, value: Any) -> None:
        if value is not None:
            self.cands[key][name].append((tier, value))

    def add_to(self, graph: nx.MultiDiGraph) -> None:
        for key in sorted(self.kinds):
            attrs: dict[str, Any] = {"kind": _pick_kind(self.kinds[key])}
            attrs.update(self.fixed.get(key, {}))
            for name, cands in self.cands.get(key, {}).items():
                attrs[name] = _pick(cands)
            graph.add_node(key, **attrs)


def _pick(cands: list[tuple[int, Any]]) -> Any:
    """The smallest value of the best tier: primary graph, then registry, then citations."""
    tier = min(t for t, _ in cands)
    return min(v for t, v in cands if t == tier)


def _pick_kind(kinds: set[str]) -> str:
    for kind in KIND_PRIORITY:
        if kind in kinds:
            return kind
    return "other"


def _local(iri: str) -> str:
    return iri.rsplit("/", 1)[-1].rsplit("#", 1)[-1]


# ------------------------------------------------------------ from pairs

def _target(nodes: _Nodes, key: str, ctype: CitationType | None, tier: int) -> None:
    kind = kind_of_key(key, ctype)
    nodes.kind(key, kind)
    nodes.set(key, "symbol", key)
    organ, _session = key_facts(key)
    nodes.offer(key, "organ", tier, organ)
    if kind not in ("instrument", "conference", "treaty", "other") and not key.startswith("OR:"):
        nodes.set(key, "url", undocs_url(key))


def _registry(nodes: _Nodes, graph: nx.MultiDiGraph, registry: Registry) -> None:
    t = _REGISTRY
    for inst in registry.instruments.values():
        key = inst.target
        _target(nodes, key, CitationType.INSTRUMENT, t)
        nodes.offer(key, "title", t, inst.name)
        date = iso_date(inst.adopted)
        nodes.offer(key, "date", t, date.isoformat() if date else None)
        if inst.adopted_by:
            _target(nodes, inst.adopted_by, CitationType.RESOLUTION, t)
            graph.add_edge(inst.adopted_by, key, key="adopts", relation="adopts")
        treaty = _treaty_key(inst.unts, inst.unts_volume, inst.unts_page)
        if treaty:
            _target(nodes, treaty, CitationType.TREATY, t)
            nodes.offer(treaty, "title", t, inst.name)
            graph.add_edge(key, treaty, key="registered-as", relation="registered-as")
        if inst.conference:
            where = _prefixed("conference", inst.conference)
            _target(nodes, where, CitationType.CONFERENCE, t)
            graph.add_edge(key, where, key="adopted-at", relation="adopted-at")
        if inst.parent:
            parent = _prefixed("instrument", inst.parent)
            _target(nodes, parent, CitationType.INSTRUMENT, t)
            graph.add_edge(key, parent, key="part-of", relation="part-of")
    for conf in registry.conferences.values():
        key = conf.target
        _target(nodes, key, CitationType.CONFERENCE, t)
        nodes.offer(key, "title", t, conf.name)
        start = iso_date(conf.start)
        nodes.offer(key, "date", t, start.isoformat() if start else None)
        report = _report_key(conf.report_symbol) if conf.report_symbol else None
        if report:
            _target(nodes, report, CitationType.DOCUMENT, t)
            graph.add_edge(key, report, key="reported-in", relation="reported-in")


def to_networkx(
    source: Iterable[Pair] | Queryable,
    *,
    registry: Registry | None = None,
) -> nx.MultiDiGraph:
    """The citation graph of (Document, [Reference]) pairs, or of a store.

    With a store (anything with a ``query`` method) this is
    :func:`store_to_networkx`. ``registry`` defaults to the shipped registry,
    as in :func:`resgraph.graph.build.build`.

    >>> from resgraph.registry import Registry
    >>> to_networkx([], registry=Registry()).number_of_nodes()
    0
    """
    if isinstance(source, Queryable):
        return store_to_networkx(source)
    pairs: Iterable[Pair] = source
    reg = load_registry() if registry is None else registry
    graph = nx.MultiDiGraph()
    nodes = _Nodes()
    _registry(nodes, graph, reg)
    for doc, refs in pairs:
        gname = source_graph(doc.file)
        key = document_key(doc, gname)
        kind = kind_of_key(key, "resolution")
        nodes.kind(key, kind)
        if doc.symbol:
            nodes.set(key, "symbol", doc.symbol)
            nodes.set(key, "url", undocs_url(doc.symbol))
        organ, _session = key_facts(key)
        nodes.offer(key, "organ", _PRIMARY, doc.organ or organ)
        nodes.offer(key, "title", _PRIMARY, doc.title)
        nodes.offer(key, "date", _PRIMARY, doc.adopted.isoformat() if doc.adopted else None)
        report = _report_key(doc.report) if doc.report else None
        if report:
            _target(nodes, report, CitationType.DOCUMENT, _OTHER)
            graph.add_edge(key, report, key="adopted-on", relation="adopted-on")
        for index, ref in enumerate(refs, 1):
            if ref.target is None:
                continue
            cit = ref.citation
            _target(nodes, ref.target, cit.type, _OTHER)
            date = iso_date(cit.date)
            nodes.offer(ref.target, "date", _OTHER, date.isoformat() if date else None)
            verb = citation_verb(doc, cit.paragraph, cit.verb)
            attrs: dict[str, Any] = {
                "relation": "cites",
                "characterization": _local(str(characterization(verb))),
                "type": str(cit.type),
                "paragraph": cit.paragraph,
                "quote": cit.text,
                "start": cit.span.start,
                "end": cit.span.end,
                "source": gname,
            }
            if verb:
                attrs["verb"] = verb
            if cit.footnote is not None:
                attrs["footnote"] = cit.footnote
            graph.add_edge(key, ref.target, key=citation_iri(gname, index), **attrs)
    nodes.add_to(graph)
    return graph


# -------------------------------------------------------------- from RDF

_CLASSES = " ".join(f"<{c}>" for c in KIND_CLASSES.values())
_Q_KINDS = f"""
SELECT DISTINCT ?n ?class WHERE {{
  GRAPH ?g {{ ?n a ?class }}
  VALUES ?class {{ {_CLASSES} }}
}}"""

_Q_ATTRS = f"""
SELECT DISTINCT ?g ?n ?p ?v WHERE {{
  GRAPH ?g {{ ?n ?p ?v }}
  VALUES ?p {{ <{DCTERMS.identifier}> <{DCTERMS.title}> <{DCTERMS.date}> <{SCHEMA.url}>
              <{ELI.passed_by}> }}
}}"""

_Q_PRIMARY = f"""
SELECT DISTINCT ?g ?n WHERE {{ GRAPH ?g {{ ?g <{FOAF.primaryTopic}> ?n }} }}"""

_LINKS = " ".join(f"<{p}>" for p in _RELATIONS)
_Q_LINKS = f"""
SELECT DISTINCT ?s ?p ?o WHERE {{
  GRAPH ?g {{ ?s ?p ?o }}
  VALUES ?p {{ {_LINKS} }}
}}"""

_Q_CITATIONS = f"""
SELECT ?g ?c ?citing ?cited ?char ?verb ?type ?label ?fn ?exact ?start ?end WHERE {{
  GRAPH ?g {{
    ?c <{CITO.hasCitingEntity}> ?citing ;
       <{CITO.hasCitedEntity}> ?cited ;
       <{CITO.hasCitationCharacterization}> ?char ;
       <{RG.citationType}> ?type ;
       <{RG.inParagraph}> ?p ;
       <{OA.hasSelector}> ?ps, ?qs .
    ?p <{RDFS.label}> ?label .
    ?ps <{OA.start}> ?start ; <{OA.end}> ?end .
    ?qs <{OA.exact}> ?exact .
    OPTIONAL {{ ?c <{RG.verb}> ?verb }}
    OPTIONAL {{ ?c <{RG.footnote}> ?fn }}
  }}
}}"""


def store_to_networkx(store: Queryable) -> nx.MultiDiGraph:
    """The citation graph read from an RDF store built by :mod:`resgraph.graph.build`.

    Gives the same graph as :func:`to_networkx` on the pairs the store was built from.

    >>> from resgraph.graph.store import EmbeddedStore
    >>> store_to_networkx(EmbeddedStore.memory()).number_of_nodes()
    0
    """
    graph = nx.MultiDiGraph()
    nodes = _Nodes()
    for row in store.query(_Q_KINDS):
        kind = _CLASS_KIND[row["class"]]
        nodes.kind(key_of(row["n"]), kind)
    primary = {(row["g"], row["n"]) for row in store.query(_Q_PRIMARY)}
    ident, title, date = str(DCTERMS.identifier), str(DCTERMS.title), str(DCTERMS.date)
    url, passed = str(SCHEMA.url), str(ELI.passed_by)
    for row in store.query(_Q_ATTRS):
        key = key_of(row["n"])
        if key not in nodes.kinds:
            continue
        g, p, v = row["g"], row["p"], row["v"]
        if (g, row["n"]) in primary:
            tier = _PRIMARY
        elif g == REGISTRY_GRAPH:
            tier = _REGISTRY
        else:
            tier = _OTHER
        if p == ident:
            nodes.set(key, "symbol", v)
        elif p == url:
            nodes.set(key, "url", v)
        elif p == passed:
            organ = key_of(v)
            nodes.offer(key, "organ", tier, organ.partition(":")[2] or organ)
        elif p == title:
            nodes.offer(key, "title", tier, v)
        elif p == date:
            nodes.offer(key, "date", tier, str(v))
    for row in store.query(_Q_LINKS):
        relation = _RELATIONS[row["p"]]
        s, o = key_of(row["s"]), key_of(row["o"])
        if relation == "adopts":
            s, o = o, s
        graph.add_edge(s, o, key=relation, relation=relation)
    for row in store.query(_Q_CITATIONS):
        attrs: dict[str, Any] = {
            "relation": "cites",
            "characterization": _local(row["char"]),
            "type": row["type"],
            "paragraph": row["label"],
            "quote": row["exact"],
            "start": row["start"],
            "end": row["end"],
            "source": row["g"],
        }
        if row.get("verb") is not None:
            attrs["verb"] = row["verb"]
        if row.get("fn") is not None:
            attrs["footnote"] = row["fn"]
        graph.add_edge(key_of(row["citing"]), key_of(row["cited"]), key=row["c"], **attrs)
    nodes.add_to(graph)
    return graph
