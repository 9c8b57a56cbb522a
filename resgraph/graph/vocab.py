"""The vocabulary of the graph: the project's own terms and the ones it reuses.

:class:`RG` is a closed namespace: every term of ``resgraph/data/ontology.ttl``
and nothing else, so a misspelled term raises instead of minting a new IRI.
The reused vocabularies (CiTO, ELI, FaBiO, Web Annotation, schema.org) are
closed too, limited to the terms resgraph writes; DCTERMS, PROV, SKOS and FOAF
come closed from rdflib.

>>> str(RG.Resolution)
'https://w3id.org/resgraph/ontology#Resolution'
>>> RG.Resolutoin
Traceback (most recent call last):
...
AttributeError: term 'Resolutoin' not in namespace 'https://w3id.org/resgraph/ontology#'
>>> characterization("Recalling also")
rdflib.term.URIRef('http://purl.org/spar/cito/obtainsBackgroundFrom')
>>> str(characterization("takes note"))
'http://purl.org/spar/cito/citesForInformation'
"""

from __future__ import annotations

from functools import lru_cache
from importlib import resources

from rdflib import URIRef
from rdflib import namespace as _ns
from rdflib.namespace import DCTERMS, FOAF, OWL, PROV, RDF, RDFS, SKOS, Namespace

__all__ = [
    "BASE",
    "CITO",
    "DCTERMS",
    "ELI",
    "ENTITIES_GRAPH",
    "FABIO",
    "FOAF",
    "KIND_CLASSES",
    "KIND_PRIORITY",
    "NS",
    "OA",
    "OWL",
    "PREFIXES",
    "PROV",
    "RDF",
    "RDFS",
    "REGISTRY_GRAPH",
    "RG",
    "SCHEMA",
    "SKOS",
    "SOFTWARE",
    "STAGING_PREFIX",
    "STATS_GRAPH",
    "characterization",
    "normalize_verb",
    "ontology_text",
    "shapes_text",
]

#: Namespace of the project's terms.
NS = "https://w3id.org/resgraph/ontology#"
#: Namespace of things (see :func:`resgraph.symbols.to_iri`).
BASE = "https://w3id.org/resgraph/id/"
#: The named graph holding registry facts (instruments, treaties, conferences, organs).
REGISTRY_GRAPH = "https://w3id.org/resgraph/graph/registry"
#: The named graph holding the rankings precomputed at build time (see resgraph.graph.stats).
STATS_GRAPH = "https://w3id.org/resgraph/graph/statistics"
#: The graph of what cited keys alone tell of their entities (kind, symbol, organ, session).
ENTITIES_GRAPH = "https://w3id.org/resgraph/graph/entities"
#: The software agent of provenance records; the version is appended.
SOFTWARE = "https://w3id.org/resgraph/software/"
#: Graph names under this prefix are private to a write in progress.
STAGING_PREFIX = "urn:resgraph:staging:"


class RG(_ns.DefinedNamespace):
    """The resgraph ontology (``resgraph/data/ontology.ttl``)."""

    _NS = Namespace(NS)
    _fail = True

    # Classes
    Resolution: URIRef
    Decision: URIRef
    Paragraph: URIRef
    Document: URIRef
    OfficialRecords: URIRef
    Treaty: URIRef
    Instrument: URIRef
    Conference: URIRef
    Other: URIRef
    Organ: URIRef
    SourceFile: URIRef
    Build: URIRef

    # Resolutions and documents
    session: URIRef
    meeting: URIRef
    agendaItem: URIRef
    adoptedOnReport: URIRef
    reportText: URIRef
    complete: URIRef
    # Instruments, treaties, conferences
    adoptedBy: URIRef
    annex: URIRef
    registeredAs: URIRef
    adoptedAt: URIRef
    supplements: URIRef
    instrumentKind: URIRef
    untsNumber: URIRef
    untsVolume: URIRef
    untsPage: URIRef
    outcomeReport: URIRef
    salesNumber: URIRef
    # Paragraphs
    paragraphKind: URIRef
    paragraphNumber: URIRef
    verb: URIRef
    # Citations
    inParagraph: URIRef
    footnote: URIRef
    citationType: URIRef
    resolvedVia: URIRef
    unresolvedReason: URIRef
    mentionedKey: URIRef
    pinpoint: URIRef
    # Provenance
    sha256: URIRef
    sourcePath: URIRef
    # Statistics (rankings precomputed at build time)
    Ranking: URIRef
    Statistics: URIRef
    inRanking: URIRef
    rank: URIRef
    target: URIRef
    citations: URIRef
    texts: URIRef
    targetCount: URIRef
    rankingSize: URIRef
    rankingOrgan: URIRef
    rankingSession: URIRef
    rankingYear: URIRef
    rankingKind: URIRef
    rankingShape: URIRef
    sameEntriesAs: URIRef
    coCitedWith: URIRef


class CITO(_ns.DefinedNamespace):
    """CiTO, the Citation Typing Ontology (the terms resgraph uses)."""

    _NS = Namespace("http://purl.org/spar/cito/")
    _fail = True

    Citation: URIRef
    cites: URIRef
    hasCitingEntity: URIRef
    hasCitedEntity: URIRef
    hasCitationCharacterization: URIRef
    agreesWith: URIRef
    citesAsAuthority: URIRef
    citesForInformation: URIRef
    confirms: URIRef
    obtainsBackgroundFrom: URIRef
    reviews: URIRef
    supports: URIRef
    usesConclusionsFrom: URIRef


class ELI(_ns.DefinedNamespace):
    """ELI, the European Legislation Identifier ontology (the terms resgraph uses)."""

    _NS = Namespace("http://data.europa.eu/eli/ontology#")
    _fail = True

    LegalResource: URIRef
    LegalResourceSubdivision: URIRef
    is_part_of: URIRef
    passed_by: URIRef


class FABIO(_ns.DefinedNamespace):
    """FaBiO, the FRBR-aligned Bibliographic Ontology (the terms resgraph uses)."""

    _NS = Namespace("http://purl.org/spar/fabio/")
    _fail = True

    ReportDocument: URIRef


class OA(_ns.DefinedNamespace):
    """The Web Annotation vocabulary (the terms resgraph uses)."""

    _NS = Namespace("http://www.w3.org/ns/oa#")
    _fail = True

    TextPositionSelector: URIRef
    TextQuoteSelector: URIRef
    hasSelector: URIRef
    start: URIRef
    end: URIRef
    exact: URIRef


class SCHEMA(_ns.DefinedNamespace):
    """schema.org (the terms resgraph uses)."""

    _NS = Namespace("https://schema.org/")
    _fail = True

    Event: URIRef
    GovernmentOrganization: URIRef
    url: URIRef
    name: URIRef
    location: URIRef
    startDate: URIRef
    endDate: URIRef
    softwareVersion: URIRef


#: Prefix -> namespace for serializations and queries.
PREFIXES: dict[str, str] = {
    "resgraph": NS,
    "id": BASE,
    "cito": str(CITO._NS),
    "eli": str(ELI._NS),
    "fabio": str(FABIO._NS),
    "oa": str(OA._NS),
    "dcterms": str(DCTERMS._NS),
    "prov": str(PROV._NS),
    "skos": str(SKOS._NS),
    "schema": str(SCHEMA._NS),
    "foaf": str(FOAF._NS),
    "rdf": str(RDF._NS),
    "rdfs": str(RDFS._NS),
    "owl": str(OWL._NS),
    "xsd": "http://www.w3.org/2001/XMLSchema#",
}

#: Entity kind (the ``kind`` node attribute of the NetworkX view) -> class.
KIND_CLASSES: dict[str, URIRef] = {
    "resolution": RG.Resolution,
    "decision": RG.Decision,
    "document": RG.Document,
    "official-records": RG.OfficialRecords,
    "treaty": RG.Treaty,
    "instrument": RG.Instrument,
    "conference": RG.Conference,
    "other": RG.Other,
}
#: When one node carries several kind classes, the first in this order wins.
KIND_PRIORITY: tuple[str, ...] = tuple(KIND_CLASSES)

_ADVERBS = (
    "also", "further", "furthermore", "moreover", "again", "once more", "once again",
    "strongly", "firmly", "deeply", "gravely", "seriously", "fully", "finally",
    "emphatically", "particularly", "in particular", "and",
)

_CHARACTERIZATIONS: dict[str, URIRef] = {}
for _verbs, _term in (
    (("recalling", "recalls", "recall", "bearing in mind", "bears in mind", "mindful",
      "aware", "conscious", "considering", "taking into account", "takes into account",
      "having regard"), CITO.obtainsBackgroundFrom),
    (("reaffirming", "reaffirms", "reaffirm", "reiterating", "reiterates", "reiterate",
      "recommitting", "recommits"), CITO.agreesWith),
    (("noting", "notes", "note", "takes note", "taking note", "take note", "acknowledging",
      "acknowledges"), CITO.citesForInformation),
    (("welcoming", "welcomes", "welcome", "endorses", "endorsing", "endorse", "supporting",
      "supports", "commending", "commends", "appreciating", "expressing appreciation",
      "expresses appreciation"), CITO.supports),
    (("guided by", "acting under", "acting", "in accordance with", "pursuant to",
      "invoking"), CITO.citesAsAuthority),
    (("confirming", "confirms", "confirm"), CITO.confirms),
    (("having considered", "having examined", "having reviewed", "having studied",
      "reviewing", "reviews"), CITO.reviews),
):
    for _verb in _verbs:
        _CHARACTERIZATIONS[_verb] = _term


@lru_cache(maxsize=8192)
def normalize_verb(verb: str | None) -> str | None:
    """Lower case, one space, leading adverbs removed; None stays None.

    >>> normalize_verb("  Recalling  also"), normalize_verb("Also requests")
    ('recalling', 'requests')
    """
    if verb is None:
        return None
    text = " ".join(verb.lower().replace(",", " ").split())
    changed = True
    while changed:
        changed = False
        for adverb in _ADVERBS:
            if text.startswith(adverb + " "):
                text = text[len(adverb) + 1 :]
                changed = True
            if text.endswith(" " + adverb):
                text = text[: -len(adverb) - 1]
                changed = True
    return text or None


def characterization(verb: str | None) -> URIRef:
    """The CiTO characterization of a citing verb; plain ``cito:cites`` when none fits.

    >>> str(characterization("reaffirms"))
    'http://purl.org/spar/cito/agreesWith'
    >>> str(characterization("Guided by"))
    'http://purl.org/spar/cito/citesAsAuthority'
    >>> str(characterization("requests")), str(characterization(None))
    ('http://purl.org/spar/cito/cites', 'http://purl.org/spar/cito/cites')
    """
    norm = normalize_verb(verb)
    if norm is None:
        return CITO.cites
    term = _CHARACTERIZATIONS.get(norm)
    if term is None:
        words = norm.split()
        for n in (3, 2, 1):
            term = _CHARACTERIZATIONS.get(" ".join(words[:n]))
            if term is not None:
                break
    return term if term is not None else CITO.cites


def ontology_text() -> str:
    """The Turtle text of the resgraph ontology shipped with the package.

    >>> "resgraph:citationType a owl:DatatypeProperty" in ontology_text()
    True
    """
    return (resources.files("resgraph") / "data" / "ontology.ttl").read_text(encoding="utf-8")


def shapes_text() -> str:
    """The Turtle text of the SHACL shapes every built graph satisfies.

    >>> "sh:targetClass cito:Citation" in shapes_text()
    True
    """
    return (resources.files("resgraph") / "data" / "shapes.ttl").read_text(encoding="utf-8")
