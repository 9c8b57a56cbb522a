"""Identified citations -> RDF: the triple shape of resgraph.

One named graph per source file (its IRI is the file's URI) holds what was read
from that file: the resolution, its paragraphs, one ``cito:Citation`` node per
citation, what each citation tells about its target, and the provenance of the
graph. The registry (instruments, treaties, conferences, organs) has a graph of
its own, :data:`~resgraph.graph.vocab.REGISTRY_GRAPH`.

Triples are produced as N-Triples text, the fastest form to bulk-load into
Oxigraph; :func:`document_graph` and :func:`to_dataset` give rdflib views of
the same text.

>>> import datetime as dt
>>> from resgraph.models import Citation, CitationType, Document, Reference, Span
>>> text = "Recalling its resolution 45/158,"
>>> doc = Document("a.txt", "text", text, "A/RES/59/241", "GA")
>>> ref = Reference(Citation(CitationType.RESOLUTION, "A/RES/45/158", "resolution 45/158",
...                          Span(14, 31), "preamble 1", verb="recalling"), "A/RES/45/158")
>>> g = document_graph(doc, [ref], graph="file:///a.txt", built=dt.datetime(2025, 1, 1))
>>> from resgraph.graph.vocab import CITO
>>> [str(o) for o in g.objects(None, CITO.hasCitationCharacterization)]
['http://purl.org/spar/cito/obtainsBackgroundFrom']
"""

from __future__ import annotations

import datetime as _dt
import hashlib
import os
import re
import warnings
from collections.abc import Iterable, Iterator, Mapping, Sequence
from functools import lru_cache
from pathlib import Path
from urllib.parse import quote

import rdflib

from resgraph import __version__
from resgraph.errors import SymbolError
from resgraph.graph.vocab import (
    CITO,
    DCTERMS,
    ELI,
    ENTITIES_GRAPH,
    FABIO,
    FOAF,
    KIND_CLASSES,
    OA,
    PREFIXES,
    PROV,
    RDF,
    RDFS,
    REGISTRY_GRAPH,
    RG,
    SCHEMA,
    SKOS,
    SOFTWARE,
    characterization,
    normalize_verb,
)
from resgraph.models import CitationType, Document, Reference
from resgraph.registry import Registry
from resgraph.symbols import ORGANS, parse_symbol, to_iri, undocs_url

_XSD = "http://www.w3.org/2001/XMLSchema#"

__all__ = [
    "citation_iri",
    "citation_verb",
    "document_graph",
    "document_key",
    "document_lines",
    "document_nquads",
    "entity_lines",
    "file_sha256",
    "iso_date",
    "iter_pairs_nquads",
    "key_facts",
    "kind_of_key",
    "literal",
    "nquads",
    "paragraph_iri",
    "provenance_lines",
    "registry_checksum",
    "registry_lines",
    "source_graph",
    "to_dataset",
    "to_graph",
]


# ------------------------------------------------------------------ terms

_ESCAPE = str.maketrans({"\\": "\\\\", '"': '\\"', "\n": "\\n", "\r": "\\r"})


def _u(term: str) -> str:
    return "<" + term + ">"


def literal(value: str | int | bool | _dt.date | _dt.datetime) -> str:
    """The N-Triples form of a plain Python value.

    >>> literal('say "hi"'), literal(3), literal(True)
    ('"say \\\\"hi\\\\""', '"3"^^<http://www.w3.org/2001/XMLSchema#integer>', '"true"^^<http://www.w3.org/2001/XMLSchema#boolean>')
    >>> literal(_dt.date(2004, 12, 22))
    '"2004-12-22"^^<http://www.w3.org/2001/XMLSchema#date>'
    """
    if isinstance(value, bool):
        return f'"{"true" if value else "false"}"^^<{_XSD}boolean>'
    if isinstance(value, int):
        return f'"{value}"^^<{_XSD}integer>'
    if isinstance(value, _dt.datetime):
        return f'"{value.isoformat()}"^^<{_XSD}dateTime>'
    if isinstance(value, _dt.date):
        return f'"{value.isoformat()}"^^<{_XSD}date>'
    return '"' + value.translate(_ESCAPE) + '"'


# Pre-encoded terms, for speed.
_A = _u(str(RDF.type))
_LABEL = _u(str(RDFS.label))
_IDENT = _u(str(DCTERMS.identifier))
_TITLE = _u(str(DCTERMS.title))
_DATE = _u(str(DCTERMS.date))
_FORMAT = _u(str(DCTERMS.format))
_URL = _u(str(SCHEMA.url))
_PASSED_BY = _u(str(ELI.passed_by))
_PART_OF = _u(str(ELI.is_part_of))
_LEGAL = _u(str(ELI.LegalResource))
_REPORT_DOC = _u(str(FABIO.ReportDocument))
_CITES = _u(str(CITO.cites))
_CITATION = _u(str(CITO.Citation))
_CITING = _u(str(CITO.hasCitingEntity))
_CITED = _u(str(CITO.hasCitedEntity))
_CHAR = _u(str(CITO.hasCitationCharacterization))
_HAS_SELECTOR = _u(str(OA.hasSelector))
_POS_SEL = _u(str(OA.TextPositionSelector))
_QUOTE_SEL = _u(str(OA.TextQuoteSelector))
_START = _u(str(OA.start))
_END = _u(str(OA.end))
_EXACT = _u(str(OA.exact))
_PRIMARY = _u(str(FOAF.primaryTopic))
_RG = {name: _u(str(getattr(RG, name))) for name in (
    "Paragraph", "SourceFile", "Build", "Organ", "session", "meeting", "agendaItem",
    "adoptedOnReport", "reportText", "complete", "adoptedBy", "annex", "registeredAs",
    "adoptedAt", "supplements", "instrumentKind", "untsNumber", "untsVolume", "untsPage",
    "outcomeReport", "salesNumber", "paragraphKind", "paragraphNumber", "verb",
    "inParagraph", "footnote", "citationType", "resolvedVia", "unresolvedReason",
    "mentionedKey", "pinpoint", "sha256", "sourcePath",
)}
_KIND = {kind: _u(str(cls)) for kind, cls in KIND_CLASSES.items()}
_LEGAL_KINDS = frozenset({"resolution", "decision", "treaty"})

_TYPE_KIND = {
    CitationType.RESOLUTION: "resolution",
    CitationType.DECISION: "decision",
    CitationType.DOCUMENT: "document",
    CitationType.TREATY: "treaty",
    CitationType.OFFICIAL_RECORDS: "official-records",
    CitationType.INSTRUMENT: "instrument",
    CitationType.CONFERENCE: "conference",
    CitationType.OTHER: "other",
}
_SYMBOL_KINDS = frozenset(KIND_CLASSES)


# ------------------------------------------------------------ identifiers

def source_graph(path: str | os.PathLike[str]) -> str:
    """The name of the graph of a source file: the file's absolute URI.

    >>> source_graph("/data/ga/A_RES_79_30.txt")
    'file:///data/ga/A_RES_79_30.txt'
    """
    return Path(os.path.abspath(path)).as_uri()


def document_key(doc: Document, graph: str) -> str:
    """The node key of a loaded document: its symbol, else ``<graph>#document``.

    >>> from resgraph.models import Document
    >>> document_key(Document("x.txt", "text", "", None, None), "file:///x.txt")
    'file:///x.txt#document'
    """
    return doc.symbol if doc.symbol else graph + "#document"


def _node_iri(key: str) -> str:
    return key if "#" in key or key.startswith("file:") else to_iri(key)


def paragraph_iri(node: str, label: str) -> str:
    """The IRI of a paragraph: the document's IRI with the label as fragment.

    >>> paragraph_iri("https://w3id.org/resgraph/id/A/RES/59/241", "preamble 6")
    'https://w3id.org/resgraph/id/A/RES/59/241#preamble-6'
    """
    frag = _fragment(label)
    return f"{node}-{frag}" if "#" in node else f"{node}#{frag}"


@lru_cache(maxsize=4096)
def _fragment(label: str) -> str:
    return quote(label.strip().replace(" ", "-"), safe="-.")


def citation_iri(graph: str, index: int) -> str:
    """The IRI of the ``index``-th citation (from 1) read from a source.

    >>> citation_iri("file:///a.txt", 3)
    'file:///a.txt#citation-3'
    """
    return f"{graph}#citation-{index}"


@lru_cache(maxsize=1 << 16)
def kind_of_key(key: str, ctype: CitationType | str | None = None) -> str:
    """The entity kind of a canonical key; ``ctype`` decides for keys of no known form.

    >>> kind_of_key("A/RES/45/158"), kind_of_key("UNTS:39481"), kind_of_key("A/59/325")
    ('resolution', 'treaty', 'document')
    >>> kind_of_key("Some Declaration", "instrument")
    'instrument'
    """
    try:
        kind = parse_symbol(key).kind
    except SymbolError:
        kind = ""
    if kind in _SYMBOL_KINDS:
        return kind
    if ctype is None:
        return "other"
    return _TYPE_KIND.get(CitationType(ctype), "other")


def key_facts(key: str) -> tuple[str | None, str | None]:
    """(organ, session) told by a resolution or decision key, else (None, None).

    >>> key_facts("S/RES/242(1967)"), key_facts("UNTS:1")
    (('SC', '1967'), (None, None))
    """
    try:
        sym = parse_symbol(key)
    except SymbolError:
        return None, None
    if sym.kind in ("resolution", "decision"):
        return sym.organ, sym.session
    return None, None


def citation_verb(doc: Document, label: str, verb: str | None) -> str | None:
    """The citing verb: the citation's own, else its paragraph's, normalized.

    >>> from resgraph.models import Document
    >>> citation_verb(Document("x", "text", "", None, None), "preamble 1", "Recalling also")
    'recalling'
    """
    if verb is None:
        para = doc.paragraph(label)
        verb = para.verb if para is not None else None
    return normalize_verb(verb)


def iso_date(value: str | _dt.date | None) -> _dt.date | None:
    """A date from an ISO string or date, None when it is not one.

    >>> iso_date("1990-12-18"), iso_date("18 December 1990")
    (datetime.date(1990, 12, 18), None)
    """
    if value is None or isinstance(value, _dt.date):
        return value
    try:
        return _dt.date.fromisoformat(value)
    except ValueError:
        return None


def file_sha256(path: str | os.PathLike[str]) -> str:
    """The SHA-256 of a file's bytes, in hexadecimal.

    >>> import tempfile
    >>> with tempfile.NamedTemporaryFile() as fh:
    ...     file_sha256(fh.name)[:16]
    'e3b0c44298fc1c14'
    """
    digest = hashlib.sha256()
    with open(path, "rb") as fh:
        for block in iter(lambda: fh.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


_VOLUME_RE = re.compile(r"\bvol(?:ume|\.)?\s*(\d+)", re.IGNORECASE)
_VP_RE = re.compile(r"UNTS:v(\d+)p(\d+)")


# ------------------------------------------------------------- documents

class _Lines:
    """An ordered set of triple lines (``s p o`` without the final dot)."""

    __slots__ = ("items",)

    def __init__(self) -> None:
        self.items: dict[str, None] = {}

    def add(self, s: str, p: str, o: str) -> None:
        self.items[f"{s} {p} {o}"] = None

    def extend(self, lines: Iterable[str]) -> None:
        for line in lines:
            self.items[line] = None


def _s(text: str) -> str:
    return '"' + text.translate(_ESCAPE) + '"'


_INT = f'"^^<{_XSD}integer>'


@lru_cache(maxsize=1 << 17)
def _target_lines(key: str, ctype: CitationType | None) -> tuple[str, tuple[str, ...]]:
    """The encoded IRI of a key's entity and what the key alone tells about it."""
    return _key_lines(key, kind_of_key(key, ctype))


@lru_cache(maxsize=1 << 17)
def _key_lines(key: str, kind: str) -> tuple[str, tuple[str, ...]]:
    node = _u(_node_iri(key))
    out = [f"{node} {_A} {_KIND.get(kind, _KIND['other'])}"]
    if kind in _LEGAL_KINDS:
        out.append(f"{node} {_A} {_LEGAL}")
    out.append(f"{node} {_IDENT} {_s(key)}")
    organ, session = key_facts(key)
    if organ:
        out.append(f"{node} {_PASSED_BY} {_u(to_iri('organ:' + organ))}")
    if session:
        out.append(f"{node} {_RG['session']} {_s(session)}")
    url = undocs_url(key) if kind not in ("instrument", "conference", "treaty", "other") else None
    if url and not key.startswith("OR:"):
        out.append(f"{node} {_URL} {_u(url)}")
    if kind == "treaty":
        m = _VP_RE.fullmatch(key)
        if m:
            out.append(f"{node} {_RG['untsVolume']} {_s(m.group(1))}")
            out.append(f"{node} {_RG['untsPage']} {_s(m.group(2))}")
        elif key.startswith("UNTS:"):
            out.append(f"{node} {_RG['untsNumber']} {_s(key[5:])}")
    return node, tuple(out)


def _describe_target(out: _Lines, key: str, ctype: CitationType | None) -> str:
    """Add what a key alone tells about its entity; returns its encoded IRI."""
    node, lines = _target_lines(key, ctype)
    out.extend(lines)
    return node


def entity_lines(
    kinds: Mapping[str, str],
    *,
    built: _dt.datetime | None = None,
    version: str = __version__,
) -> list[str]:
    """The triples of the entities graph: what each cited key alone tells of its entity.

    ``kinds`` maps canonical keys to their kinds (as :func:`kind_of_key` gives
    them). A store keeps these facts once, in :data:`~resgraph.graph.vocab.ENTITIES_GRAPH`,
    rather than in the graph of every text that cites the entity; what a citation
    itself tells (a date printed beside the symbol) stays in the citing text's graph.

    >>> lines = entity_lines({"A/RES/45/158": "resolution"})
    >>> ('<https://w3id.org/resgraph/id/A/RES/45/158> <http://purl.org/dc/terms/identifier> '
    ...  '"A/RES/45/158"') in lines
    True
    """
    out = _Lines()
    for key in sorted(kinds):
        out.extend(_key_lines(key, kinds[key])[1])
    g = _u(ENTITIES_GRAPH)
    out.add(g, _A, _u(str(PROV.Entity)))
    out.add(g, _LABEL, literal("resgraph entities: what each cited symbol tells of its entity"))
    _build_lines(out, ENTITIES_GRAPH, built, version)
    return list(out.items)


@lru_cache(maxsize=4096)
def _characterization_iri(verb: str | None) -> str:
    return _u(str(characterization(verb)))


def document_lines(
    doc: Document,
    refs: Sequence[Reference],
    *,
    graph: str,
    checksum: str | None = None,
    built: _dt.datetime | None = None,
    version: str = __version__,
    describe_targets: bool = True,
) -> list[str]:
    """The triples read from one document, as N-Triples lines without the final dot.

    ``graph`` is the name of the document's graph (see :func:`source_graph`);
    ``checksum`` the SHA-256 of the source (default: of ``doc.source``);
    ``built`` the build time (default: now, UTC). With ``describe_targets``
    the lines tell, besides what the document says, what each cited key alone
    tells of its entity (kind, symbol, organ, session, address); a store leaves
    that out and keeps those facts once for all texts (see :func:`entity_lines`).
    Web Annotation selectors are blank nodes, labelled from ``graph``.

    >>> from resgraph.models import Document
    >>> lines = document_lines(Document("a.txt", "text", "", "A/RES/1/1", "GA"), [],
    ...                        graph="file:///a.txt")
    >>> ('<https://w3id.org/resgraph/id/A/RES/1/1> <http://purl.org/dc/terms/identifier> '
    ...  '"A/RES/1/1"') in lines
    True
    """
    out = _Lines()
    add = out.add
    g = _u(graph)
    key = document_key(doc, graph)
    node_iri = _node_iri(key)
    node = _u(node_iri)
    kind = kind_of_key(key, "resolution")

    # The document itself.
    add(node, _A, _KIND[kind])
    if kind in _LEGAL_KINDS:
        add(node, _A, _LEGAL)
    if doc.symbol:
        add(node, _IDENT, _s(doc.symbol))
        url = undocs_url(doc.symbol)
        if url:
            add(node, _URL, _u(url))
    organ, session = key_facts(key)
    organ = doc.organ or organ
    session = doc.session or session
    if organ:
        add(node, _PASSED_BY, _u(to_iri("organ:" + organ)))
    if session:
        add(node, _RG["session"], _s(session))
    if doc.adopted:
        add(node, _DATE, literal(doc.adopted))
    if doc.title:
        add(node, _TITLE, _s(doc.title))
    if doc.meeting:
        add(node, _RG["meeting"], _s(doc.meeting))
    if doc.agenda_item:
        add(node, _RG["agendaItem"], _s(doc.agenda_item))
    add(node, _RG["complete"], literal(doc.complete))
    if doc.report:
        report = _report_key(doc.report)
        if report:
            rnode = _describe_target(out, report, CitationType.DOCUMENT)
            add(rnode, _A, _REPORT_DOC)
            add(node, _RG["adoptedOnReport"], rnode)
        else:
            add(node, _RG["reportText"], _s(doc.report))

    # Its paragraphs.
    paragraphs: dict[str, str] = {}
    p_type = f"{_A} {_RG['Paragraph']}"
    p_part = f"{_PART_OF} {node}"
    p_kind, p_num, p_verb = _RG["paragraphKind"], _RG["paragraphNumber"], _RG["verb"]

    def paragraph(label: str, verb: str | None = None) -> str:
        pnode = paragraphs.get(label)
        if pnode is not None:
            return pnode
        pnode = _u(paragraph_iri(node_iri, label))
        paragraphs[label] = pnode
        pkind, _, pnum = label.partition(" ")
        out.extend((f"{pnode} {p_type}", f"{pnode} {p_part}",
                    f"{pnode} {_LABEL} {_s(label)}", f"{pnode} {p_kind} {_s(pkind)}"))
        if pnum.isdigit():
            add(pnode, p_num, f'"{int(pnum)}{_INT}')
        nverb = normalize_verb(verb)
        if nverb:
            add(pnode, p_verb, _s(nverb))
        return pnode

    for para in doc.paragraphs:
        paragraph(para.label, para.verb)

    # Provenance.
    add(g, _A, _RG["SourceFile"])
    add(g, _A, _u(str(PROV.Entity)))
    add(g, _RG["sha256"], _s(checksum or hashlib.sha256(doc.source.encode()).hexdigest()))
    add(g, _RG["sourcePath"], _s(doc.file))
    add(g, _FORMAT, _s(doc.format))
    add(g, _PRIMARY, node)
    _build_lines(out, graph, built, version)

    # Citations: their own triples are unique, so they skip the ordered set.
    lines: list[str] = []
    push = lines.append
    c_type = f"{_A} {_CITATION}"
    c_citing = f"{_CITING} {node}"
    rg_verb, rg_para, rg_fn = _RG["verb"], _RG["inParagraph"], _RG["footnote"]
    rg_type, rg_via, rg_pin = _RG["citationType"], _RG["resolvedVia"], _RG["pinpoint"]
    pos_type, quote_type = f"{_A} {_POS_SEL}", f"{_A} {_QUOTE_SEL}"
    para_verbs = {p.label: p.verb for p in doc.paragraphs}
    blank = _blank_prefix(graph)
    for index, ref in enumerate(refs, 1):
        cit = ref.citation
        c_iri = f"{graph}#citation-{index}"
        c = "<" + c_iri + ">"
        pnode = paragraph(cit.paragraph)
        verb = normalize_verb(cit.verb if cit.verb is not None else para_verbs.get(cit.paragraph))
        pos = f"{blank}{2 * index:x}"
        quo = f"{blank}{2 * index + 1:x}"
        push(f"{c} {c_type}")
        push(f"{c} {c_citing}")
        push(f"{c} {_CHAR} {_characterization_iri(verb)}")
        if verb:
            push(f"{c} {rg_verb} {_s(verb)}")
        push(f"{c} {rg_para} {pnode}")
        if cit.footnote is not None:
            push(f'{c} {rg_fn} "{int(cit.footnote)}{_INT}')
        push(f"{c} {rg_type} {_s(str(cit.type))}")
        if ref.via and ref.via != "text":
            push(f"{c} {rg_via} {_s(ref.via)}")
        if cit.pinpoint:
            push(f"{c} {rg_pin} {_s(cit.pinpoint)}")
        push(f"{c} {_HAS_SELECTOR} {pos}")
        push(f"{c} {_HAS_SELECTOR} {quo}")
        push(f"{pos} {pos_type}")
        push(f'{pos} {_START} "{int(cit.span.start)}{_INT}')
        push(f'{pos} {_END} "{int(cit.span.end)}{_INT}')
        push(f"{quo} {quote_type}")
        push(f"{quo} {_EXACT} {_s(cit.text)}")
        if ref.target is None:
            push(f"{c} {_RG['unresolvedReason']} {_s(ref.reason or 'unresolved')}")
            if cit.key:
                push(f"{c} {_RG['mentionedKey']} {_s(cit.key)}")
            continue
        if describe_targets:
            target = _describe_target(out, ref.target, cit.type)
        else:
            target = _u(_node_iri(ref.target))
        push(f"{c} {_CITED} {target}")
        add(node, _CITES, target)
        add(pnode, _CITES, target)
        if cit.date is not None:
            date = iso_date(cit.date)
            if date is not None:
                add(target, _DATE, literal(date))
        if cit.type is CitationType.DOCUMENT or cit.type is CitationType.TREATY:
            tkind = kind_of_key(ref.target, cit.type)
            if tkind == "document" and "report" in cit.text.lower():
                add(target, _A, _REPORT_DOC)
            if tkind == "treaty" and ref.target.startswith("UNTS:") and not _VP_RE.fullmatch(
                ref.target
            ):
                m = _VOLUME_RE.search(cit.text)
                if m:
                    add(target, _RG["untsVolume"], _s(m.group(1)))
    result = list(out.items)
    result.extend(lines)
    return result


def _blank_prefix(graph: str) -> str:
    """The start of the blank node labels of a graph: 64 bits of its name's digest.

    Labels stay distinct across the graphs of a store, whose bulk loads share them.

    >>> _blank_prefix("file:///a.txt")
    '_:1d0accce361ed9d2d'
    """
    digest = hashlib.blake2b(graph.encode("utf-8", "replace"), digest_size=8).hexdigest()
    return "_:1" + digest


def _report_key(report: str) -> str | None:
    try:
        sym = parse_symbol(report.strip().strip("()[]"))
    except SymbolError:
        return None
    return sym.key if sym.kind == "document" else None


def _build_lines(out: _Lines, graph: str, built: _dt.datetime | None, version: str) -> None:
    out.extend(provenance_lines(graph, built=built, version=version))


def provenance_lines(
    graph: str, *, built: _dt.datetime | None = None, version: str = __version__
) -> list[str]:
    """The provenance of a graph: the build (``<graph>#build``) that made it, and its software.

    ``built`` is the build time (default: now, UTC).

    >>> lines = provenance_lines("file:///a.txt", version="0.1.0")
    >>> lines[0].split()[0], len(lines)
    ('<file:///a.txt#build>', 8)
    """
    when = built or _dt.datetime.now(_dt.UTC).replace(microsecond=0)
    act = _u(graph + "#build")
    sw = _u(SOFTWARE + quote(version, safe=".-+"))
    return [
        f"{act} {_A} {_RG['Build']}",
        f"{act} {_A} {_u(str(PROV.Activity))}",
        f"{act} {_u(str(PROV.used))} {_u(graph)}",
        f"{act} {_u(str(PROV.endedAtTime))} {literal(when)}",
        f"{act} {_u(str(PROV.wasAssociatedWith))} {sw}",
        f"{sw} {_A} {_u(str(PROV.SoftwareAgent))}",
        f"{sw} {_u(str(SCHEMA.softwareVersion))} {literal(version)}",
        f"{sw} {_LABEL} {literal(f'resgraph {version}')}",
    ]


def nquads(lines: Iterable[str], graph: str) -> str:
    """N-Quads text of triple lines placed in ``graph``.

    >>> nquads(['<http://a> <http://b> "c"'], "http://g")
    '<http://a> <http://b> "c" <http://g> .\\n'
    """
    tail = " <" + graph + "> .\n"
    items = lines if isinstance(lines, list) else list(lines)
    return tail.join(items) + tail if items else ""


def document_nquads(
    doc: Document,
    refs: Sequence[Reference],
    *,
    graph: str | None = None,
    checksum: str | None = None,
    built: _dt.datetime | None = None,
) -> str:
    """N-Quads text of one document's graph (named after ``doc.file`` by default).

    >>> from resgraph.models import Document
    >>> text = document_nquads(Document("/c/a.txt", "text", "", "A/RES/1/1", "GA"), [])
    >>> for term in text.splitlines()[0].split():
    ...     print(term)
    <https://w3id.org/resgraph/id/A/RES/1/1>
    <http://www.w3.org/1999/02/22-rdf-syntax-ns#type>
    <https://w3id.org/resgraph/ontology#Resolution>
    <file:///c/a.txt>
    .
    """
    graph = graph or source_graph(doc.file)
    return nquads(
        document_lines(doc, refs, graph=graph, checksum=checksum, built=built), graph
    )


# --------------------------------------------------------------- registry

def registry_checksum(registry: Registry) -> str:
    """A digest of the registry's content, to know when its graph is stale.

    >>> len(registry_checksum(Registry()))
    64
    """
    digest = hashlib.sha256()
    for inst in sorted(registry.instruments.values(), key=lambda i: i.key):
        digest.update(repr(inst).encode())
    for conf in sorted(registry.conferences.values(), key=lambda c: c.key):
        digest.update(repr(conf).encode())
    digest.update(repr(sorted(ORGANS.items())).encode())
    return digest.hexdigest()


def registry_lines(
    registry: Registry,
    *,
    built: _dt.datetime | None = None,
    version: str = __version__,
) -> list[str]:
    """The triples of the registry graph: organs, instruments, treaties, conferences.

    >>> from resgraph.registry import Instrument
    >>> reg = Registry()
    >>> reg.add_instrument(Instrument("cmw", "convention", "Migrant Workers Convention",
    ...                               adopted_by="A/RES/45/158", unts="39481"))
    >>> lines = registry_lines(reg)
    >>> ('<https://w3id.org/resgraph/id/instrument/cmw> '
    ...  '<https://w3id.org/resgraph/ontology#registeredAs> '
    ...  '<https://w3id.org/resgraph/id/unts/39481>') in lines
    True
    """
    out = _Lines()
    add = out.add
    for code, (_res, _dec, name) in ORGANS.items():
        organ = _u(to_iri("organ:" + code))
        add(organ, _A, _RG["Organ"])
        add(organ, _IDENT, literal(code))
        add(organ, _u(str(SKOS.prefLabel)), literal(name))
        add(organ, _LABEL, literal(name))
    alt = _u(str(SKOS.altLabel))
    for inst in sorted(registry.instruments.values(), key=lambda i: i.key):
        node = _describe_target(out, inst.target, CitationType.INSTRUMENT)
        add(node, _TITLE, literal(inst.name))
        add(node, _LABEL, literal(inst.name))
        for alias in inst.aliases:
            add(node, alt, literal(alias))
        add(node, _RG["instrumentKind"], literal(inst.kind))
        date = iso_date(inst.adopted)
        if date is not None:
            add(node, _DATE, literal(date))
        if inst.adopted_by:
            res = _describe_target(out, inst.adopted_by, CitationType.RESOLUTION)
            add(node, _RG["adoptedBy"], res)
            if inst.annex:
                add(node, _RG["annex"], literal(inst.annex))
        treaty_key = _treaty_key(inst.unts, inst.unts_volume, inst.unts_page)
        if treaty_key:
            treaty = _describe_target(out, treaty_key, CitationType.TREATY)
            add(node, _RG["registeredAs"], treaty)
            add(treaty, _TITLE, literal(inst.name))
            if inst.unts_volume:
                add(treaty, _RG["untsVolume"], literal(inst.unts_volume))
            if inst.unts_page:
                add(treaty, _RG["untsPage"], literal(inst.unts_page))
        if inst.conference:
            where = _describe_target(out, _prefixed("conference", inst.conference),
                                     CitationType.CONFERENCE)
            add(node, _RG["adoptedAt"], where)
        if inst.parent:
            parent = _describe_target(out, _prefixed("instrument", inst.parent),
                                      CitationType.INSTRUMENT)
            add(node, _RG["supplements"], parent)
    for conf in sorted(registry.conferences.values(), key=lambda c: c.key):
        node = _describe_target(out, conf.target, CitationType.CONFERENCE)
        add(node, _A, _u(str(SCHEMA.Event)))
        add(node, _TITLE, literal(conf.name))
        add(node, _u(str(SCHEMA.name)), literal(conf.name))
        add(node, _LABEL, literal(conf.name))
        for alias in conf.aliases:
            add(node, alt, literal(alias))
        if conf.place:
            add(node, _u(str(SCHEMA.location)), literal(conf.place))
        start, end = iso_date(conf.start), iso_date(conf.end)
        if start is not None:
            add(node, _u(str(SCHEMA.startDate)), literal(start))
            add(node, _DATE, literal(start))
        if end is not None:
            add(node, _u(str(SCHEMA.endDate)), literal(end))
        if conf.report_symbol:
            report = _report_key(conf.report_symbol)
            if report:
                rnode = _describe_target(out, report, CitationType.DOCUMENT)
                add(rnode, _A, _REPORT_DOC)
                add(node, _RG["outcomeReport"], rnode)
        if conf.sales_no:
            add(node, _RG["salesNumber"], literal(conf.sales_no))
    # Instruments and conferences referred to but not described are still typed.
    g = _u(REGISTRY_GRAPH)
    add(g, _A, _u(str(PROV.Entity)))
    add(g, _RG["sha256"], literal(registry_checksum(registry)))
    add(g, _LABEL, literal("resgraph registry of instruments, treaties, conferences and organs"))
    _build_lines(out, REGISTRY_GRAPH, built, version)
    return list(out.items)


def _prefixed(prefix: str, key: str) -> str:
    return key if key.startswith(prefix + ":") else f"{prefix}:{key}"


def _treaty_key(number: str | None, volume: str | None, page: str | None) -> str | None:
    if number:
        return f"UNTS:{int(number)}" if number.isdigit() else f"UNTS:{number}"
    if volume and page and volume.isdigit() and page.isdigit():
        return f"UNTS:v{int(volume)}p{int(page)}"
    return None


# ---------------------------------------------------------------- rdflib

def _bind(graph: rdflib.Graph) -> None:
    for prefix, ns in PREFIXES.items():
        graph.bind(prefix, ns, override=True, replace=True)


def to_graph(lines: Iterable[str]) -> rdflib.Graph:
    """An rdflib graph of N-Triples lines (as made by :func:`document_lines`).

    >>> len(to_graph(['<http://a> <http://b> "c"']))
    1
    """
    graph = rdflib.Graph()
    _bind(graph)
    text = "".join(line + " .\n" for line in lines)
    if text:
        graph.parse(data=text, format="nt")
    return graph


def to_dataset(quads: str | bytes) -> rdflib.Dataset:
    """An rdflib dataset of N-Quads text.

    >>> ds = to_dataset('<http://a> <http://b> "c" <http://g> .\\n')
    >>> [str(g.identifier) for g in ds.graphs() if len(g)]
    ['http://g']
    """
    dataset = rdflib.Dataset()
    _bind(dataset)
    if quads:
        with warnings.catch_warnings():
            # rdflib's own N-Quads parser uses an API it deprecates.
            warnings.simplefilter("ignore", DeprecationWarning)
            dataset.parse(data=quads, format="nquads")
    return dataset


def document_graph(
    doc: Document,
    refs: Sequence[Reference],
    *,
    graph: str | None = None,
    checksum: str | None = None,
    built: _dt.datetime | None = None,
) -> rdflib.Graph:
    """The graph of one document as an rdflib :class:`~rdflib.Graph`.

    >>> from resgraph.models import Document
    >>> g = document_graph(Document("/c/a.txt", "text", "", "A/RES/1/1", "GA", title="T"), [])
    >>> from resgraph.graph.vocab import DCTERMS
    >>> [str(t) for t in g.objects(None, DCTERMS.title)]
    ['T']
    """
    graph = graph or source_graph(doc.file)
    return to_graph(document_lines(doc, refs, graph=graph, checksum=checksum, built=built))


def iter_pairs_nquads(
    pairs: Iterable[tuple[Document, Sequence[Reference]]],
    *,
    built: _dt.datetime | None = None,
) -> Iterator[str]:
    """N-Quads text of each pair, one chunk per document.

    >>> from resgraph.models import Document
    >>> chunks = list(iter_pairs_nquads([(Document("/a.txt", "text", "", "A/RES/1/1", "GA"), [])]))
    >>> chunks[0].count(" <file:///a.txt> .")  > 5
    True
    """
    for doc, refs in pairs:
        yield document_nquads(doc, refs, built=built)
