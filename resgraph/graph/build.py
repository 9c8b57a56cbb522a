"""Building the store: files -> Documents -> References -> named graphs, incrementally and safely.

:func:`build` reads source files, skips those whose checksum (and resgraph
version) match the provenance already in the store, loads and resolves the
others, and replaces each changed file's named graph whole. Every write of one
build happens in one :meth:`~resgraph.graph.store.GraphStore.batch`: if the
build fails or is interrupted, the store is left as it was.

:func:`build_pairs` does the same from (Document, [Reference]) pairs, for
callers that load and resolve themselves.

>>> from resgraph.graph.store import EmbeddedStore
>>> from resgraph.models import Document
>>> from resgraph.registry import Registry
>>> store = EmbeddedStore.memory()
>>> report = build_pairs([(Document("/c/a.txt", "text", "", "A/RES/1/1", "GA"), [])],
...                      store, registry=Registry(), progress=False)
>>> report.documents, [f.status for f in report.files]
(1, ['loaded'])
>>> build_pairs([(Document("/c/a.txt", "text", "", "A/RES/1/1", "GA"), [])],
...             store, registry=Registry(), progress=False).files[0].status
'skipped'
"""

from __future__ import annotations

import datetime as _dt
import functools
import hashlib
import os
import time
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from resgraph import __version__
from resgraph.errors import ResgraphError
from resgraph.graph.rdf import (
    document_lines,
    entity_lines,
    file_sha256,
    registry_checksum,
    registry_lines,
    source_graph,
)
from resgraph.graph.stats import (
    STATS_GRAPH,
    Contribution,
    contribution,
    registry_relations,
    statistics_lines,
    stored_contributions,
)
from resgraph.graph.store import IRI, EmbeddedStore, GraphStore, GraphWriter
from resgraph.graph.vocab import (
    ENTITIES_GRAPH,
    KIND_CLASSES,
    PROV,
    REGISTRY_GRAPH,
    RG,
    SCHEMA,
    shapes_text,
)
from resgraph.models import Document, Reference
from resgraph.registry import Registry, load_registry

__all__ = [
    "SUFFIXES",
    "BuildReport",
    "FileReport",
    "build",
    "build_pairs",
    "collect_files",
    "stats",
    "stored_checksums",
    "validate",
]

@functools.cache
def build_version() -> str:
    """The resgraph version that made a graph, with a digest of the code and data.

    A source file is reloaded when its bytes changed *or* when the code or the
    registry that reads it changed, so a store never keeps citations an older
    extractor found. The digest covers the package's Python files and data files.

    >>> build_version().startswith(__version__ + "+")
    True
    """
    root = Path(__file__).resolve().parent.parent
    digest = hashlib.sha256()
    for path in sorted([*root.rglob("*.py"), *(root / "data").glob("*.csv"),
                        *(root / "data").glob("*.ttl")]):
        digest.update(path.relative_to(root).as_posix().encode())
        digest.update(path.read_bytes())
    return f"{__version__}+{digest.hexdigest()[:12]}"


#: File name endings :func:`collect_files` picks up in directories (as the loaders').
SUFFIXES = (".txt", ".text", ".pdf")

Loader = Callable[[str], Document]
Extractor = Callable[[Document, Registry], Sequence[Reference]]
Pair = tuple[Document, Sequence[Reference]]


@dataclass(slots=True)
class FileReport:
    """What a build did with one file: ``loaded``, ``skipped`` (unchanged) or ``rejected``.

    ``replaced`` is True when a loaded file replaced an older graph of itself;
    ``reason`` says why a file was rejected.
    """

    path: str
    status: str
    graph: str
    symbol: str | None = None
    citations: int = 0
    unresolved: int = 0
    triples: int = 0
    replaced: bool = False
    reason: str | None = None


@dataclass(slots=True)
class BuildReport:
    """Per-file statuses of a build and the counts of the store after it.

    ``documents`` counts source files in the store, ``citations`` the citations
    by type, ``nodes`` the entities (the nodes of the NetworkX view), ``triples``
    the quads.
    """

    files: list[FileReport] = field(default_factory=list)
    registry: str = "skipped"
    documents: int = 0
    citations: dict[str, int] = field(default_factory=dict)
    unresolved: int = 0
    nodes: int = 0
    triples: int = 0
    graphs: int = 0
    seconds: float = 0.0

    def by_status(self, status: str) -> list[FileReport]:
        """The files with this status."""
        return [f for f in self.files if f.status == status]

    @property
    def loaded(self) -> list[FileReport]:
        """Files loaded by this build."""
        return self.by_status("loaded")

    @property
    def skipped(self) -> list[FileReport]:
        """Files left alone because they had not changed."""
        return self.by_status("skipped")

    @property
    def rejected(self) -> list[FileReport]:
        """Files the loaders could not read."""
        return self.by_status("rejected")

    def summary(self) -> str:
        """A few lines for people.

        >>> report = BuildReport(documents=2, citations={"resolution": 3}, nodes=4, triples=50)
        >>> print(report.summary())
        files: 0 loaded, 0 skipped, 0 rejected (registry skipped)
        store: 2 documents, 3 citations (resolution 3), 0 unresolved, 4 nodes, 50 triples, 0 graphs
        """
        total = sum(self.citations.values())
        types = ", ".join(f"{k} {v}" for k, v in sorted(self.citations.items()))
        lines = [
            f"files: {len(self.loaded)} loaded, {len(self.skipped)} skipped, "
            f"{len(self.rejected)} rejected (registry {self.registry})",
            f"store: {self.documents} documents, {total} citations ({types}), "
            f"{self.unresolved} unresolved, {self.nodes} nodes, {self.triples} triples, "
            f"{self.graphs} graphs",
        ]
        if self.seconds:
            lines.append(f"time: {self.seconds:.1f} s")
        return "\n".join(lines)

    def to_dict(self) -> dict[str, Any]:
        """A JSON-ready dict."""
        return asdict(self)


# ------------------------------------------------------------- provenance

_Q_CHECKSUMS = f"""
SELECT ?g ?sum ?version WHERE {{
  GRAPH ?g {{
    ?g <{RG.sha256}> ?sum .
    OPTIONAL {{ ?b <{PROV.used}> ?g ; <{PROV.wasAssociatedWith}> ?sw .
               ?sw <{SCHEMA.softwareVersion}> ?version }}
  }}
}}"""


def stored_checksums(store: GraphStore) -> dict[str, tuple[str, str | None]]:
    """Graph name -> (SHA-256, resgraph version) of every graph with provenance.

    >>> stored_checksums(EmbeddedStore.memory())
    {}
    """
    out: dict[str, tuple[str, str | None]] = {}
    for row in store.query(_Q_CHECKSUMS):
        version = row.get("version")
        out[str(row["g"])] = (str(row["sum"]), str(version) if version is not None else None)
    return out


def collect_files(paths: Iterable[str | os.PathLike[str]]) -> list[Path]:
    """Files named, and files under directories named (ending in :data:`SUFFIXES`), in order.

    >>> collect_files([])
    []
    """
    out: list[Path] = []
    seen: set[Path] = set()
    for raw in paths:
        path = Path(raw)
        if path.is_dir():
            found = sorted(
                p for p in path.rglob("*")
                if p.is_file() and p.suffix.lower() in SUFFIXES
                and not any(part.startswith(".") for part in p.relative_to(path).parts)
            )
        else:
            found = [path]
        for p in found:
            key = p.resolve()
            if key not in seen:
                seen.add(key)
                out.append(p)
    return out


# ------------------------------------------------------------------ build

def _default_loader() -> Loader:
    try:
        from resgraph.loaders.documents import load  # noqa: PLC0415
    except ImportError as exc:  # pragma: no cover - the loaders ship with the package
        raise ResgraphError(f"the document loaders are not available: {exc}") from exc
    return load


def _default_extractor() -> Extractor:
    try:
        from resgraph.loaders.resolve import extract  # noqa: PLC0415
    except ImportError as exc:  # pragma: no cover
        raise ResgraphError(f"the citation extractor is not available: {exc}") from exc

    def run(doc: Document, registry: Registry) -> Sequence[Reference]:
        return extract(doc, registry)

    return run


def _open(store: GraphStore | str | os.PathLike[str]) -> GraphStore:
    if isinstance(store, str | os.PathLike):
        return EmbeddedStore.open(store)
    return store


def _progress(total: int, enabled: bool, desc: str) -> Any:
    from tqdm import tqdm  # noqa: PLC0415

    return tqdm(total=total, disable=not enabled, unit="file", desc=desc, leave=False)


def _now() -> _dt.datetime:
    return _dt.datetime.now(_dt.UTC).replace(microsecond=0)


def _write_registry(
    writer: GraphWriter,
    registry: Registry,
    stored: dict[str, tuple[str, str | None]],
    built: _dt.datetime,
    force: bool,
) -> str:
    if not force and stored.get(REGISTRY_GRAPH) == (registry_checksum(registry), build_version()):
        return "skipped"
    writer.replace_graph_lines(REGISTRY_GRAPH, registry_lines(registry, built=built,
                                                               version=build_version()))
    return "loaded"


def _write_doc(
    writer: GraphWriter,
    report: FileReport,
    doc: Document,
    refs: Sequence[Reference],
    *,
    checksum: str,
    built: _dt.datetime,
) -> Contribution:
    lines = document_lines(doc, refs, graph=report.graph, checksum=checksum, built=built,
                           version=build_version(), describe_targets=False)
    writer.replace_graph_lines(report.graph, lines)
    report.status = "loaded"
    report.symbol = doc.symbol
    report.citations = len(refs)
    report.unresolved = sum(1 for r in refs if r.target is None)
    report.triples = len(lines)
    return contribution(doc, refs, report.graph)


def _write_shared(
    writer: GraphWriter,
    store: GraphStore,
    registry: Registry,
    fresh: Sequence[Contribution],
    *,
    built: _dt.datetime,
    force: bool,
) -> None:
    """Rewrite the entities and statistics graphs when a text was loaded (or they are missing).

    What every text of the store contributes is what the texts loaded now
    contribute, and what the others contributed, read back from the store as it
    was before this build.
    """
    loaded = {c.graph for c in fresh}
    if not loaded and not force and store.ask(
        "ASK WHERE { GRAPH ?e { ?e a ?x } GRAPH ?s { ?s a ?y } }",
        {"e": IRI(ENTITIES_GRAPH), "s": IRI(STATS_GRAPH)},
    ):
        return
    contributions = [*fresh, *stored_contributions(store, exclude=loaded)]
    kinds: dict[str, str] = {}
    for c in contributions:
        kinds.update(c.kinds)
    version = build_version()
    writer.update_graph_lines(ENTITIES_GRAPH, entity_lines(kinds, built=built, version=version))
    writer.update_graph_lines(STATS_GRAPH, statistics_lines(
        contributions, built=built, version=version, relations=registry_relations(registry)))


def build(
    paths: Iterable[str | os.PathLike[str]],
    store: GraphStore | str | os.PathLike[str],
    *,
    progress: bool = True,
    registry: Registry | None = None,
    force: bool = False,
    loader: Loader | None = None,
    extractor: Extractor | None = None,
    counts: bool = True,
    jobs: int = 1,
    compact: bool = True,
) -> BuildReport:
    """Load source files (and files under directories) into ``store``.

    New and changed files are loaded (changed: another SHA-256, or built by
    another resgraph version), unchanged ones skipped, unreadable ones rejected
    with the loader's reason. The registry graph is rewritten when the registry
    changed. All writes apply together at the end, or not at all. ``store`` is a
    :class:`~resgraph.graph.store.GraphStore` or a directory for an embedded store.
    ``loader`` and ``extractor`` default to :func:`resgraph.loaders.documents.load`
    and :func:`resgraph.loaders.resolve.extract`; with those defaults, ``jobs``
    worker processes load and resolve files in parallel. With ``counts`` the
    report carries the store's counts (one pass of counting queries). With
    ``compact`` (the default) an embedded store compacts itself after a large
    load (see :meth:`~resgraph.graph.store.EmbeddedStore.batch`).

    >>> import tempfile
    >>> from pathlib import Path
    >>> from resgraph.models import Document
    >>> from resgraph.registry import Registry
    >>> def load(path):
    ...     return Document(path, "text", Path(path).read_text(), "A/RES/70/1", "GA")
    >>> with tempfile.TemporaryDirectory() as tmp:
    ...     _ = Path(tmp, "a.txt").write_text("The General Assembly, ...")
    ...     report = build([tmp], Path(tmp, "store"), loader=load, extractor=lambda d, r: [],
    ...                    registry=Registry(), progress=False)
    ...     again = build([tmp], Path(tmp, "store"), loader=load, extractor=lambda d, r: [],
    ...                   registry=Registry(), progress=False)
    >>> [f.status for f in report.files], [f.status for f in again.files]
    (['loaded'], ['skipped'])
    """
    started = time.perf_counter()
    gstore = _open(store)
    reg = load_registry() if registry is None else registry
    parallel = jobs > 1 and loader is None and extractor is None
    load = loader or _default_loader()
    extract = extractor or _default_extractor()
    files = collect_files(paths)
    stored = stored_checksums(gstore)
    built = _now()
    report = BuildReport()
    todo: list[tuple[FileReport, str]] = []
    for path in files:
        graph = source_graph(path)
        item = FileReport(str(path), "rejected", graph, replaced=graph in stored)
        report.files.append(item)
        try:
            checksum = file_sha256(path)
        except OSError as exc:
            item.reason = f"cannot read: {exc.strerror or exc}"
            item.replaced = False
            continue
        if not force and stored.get(graph) == (checksum, build_version()):
            item.status = "skipped"
            item.replaced = False
            continue
        todo.append((item, checksum))
    bar = _progress(len(todo), progress, "build")
    try:
        with gstore.batch(compact=compact) as writer:
            report.registry = _write_registry(writer, reg, stored, built, force)
            tasks = [(item.path, item.graph, checksum) for item, checksum in todo]
            fresh: list[Contribution] = []
            if parallel:
                with _pool(jobs, reg, built) as pool:
                    results: Iterable[_Result] = pool.map(_work, tasks, chunksize=4)
                    _apply(writer, todo, results, bar, fresh)
            else:
                results = (_prepare(load, extract, reg, built, task) for task in tasks)
                _apply(writer, todo, results, bar, fresh)
            _write_shared(writer, gstore, reg, fresh, built=built, force=force)
    finally:
        bar.close()
    _finish(report, gstore, counts, started)
    return report


#: What preparing one file gives: (symbol, citations, unresolved, lines, contribution),
#: or the reason it was rejected.
_Result = tuple[str | None, int, int, list[str], Contribution] | str


def _prepare(
    load: Loader,
    extract: Extractor,
    registry: Registry,
    built: _dt.datetime,
    task: tuple[str, str, str],
) -> _Result:
    path, graph, checksum = task
    try:
        doc = load(path)
        refs = extract(doc, registry)
    except Exception as exc:  # one bad file never stops a build
        return _reason(exc)
    lines = document_lines(doc, refs, graph=graph, checksum=checksum, built=built,
                           version=build_version(), describe_targets=False)
    return (doc.symbol, len(refs), sum(1 for r in refs if r.target is None), lines,
            contribution(doc, refs, graph))


def _apply(
    writer: GraphWriter,
    todo: Sequence[tuple[FileReport, str]],
    results: Iterable[_Result],
    bar: Any,
    fresh: list[Contribution],
) -> None:
    for (item, _checksum), result in zip(todo, results, strict=True):
        bar.update(1)
        if isinstance(result, str):
            item.reason = result
            item.replaced = False
            continue
        item.symbol, item.citations, item.unresolved, lines, contributed = result
        fresh.append(contributed)
        writer.replace_graph_lines(item.graph, lines)
        item.status = "loaded"
        item.triples = len(lines)


_WORKER: dict[str, Any] = {}


def _init_worker(registry: Registry, built: _dt.datetime) -> None:
    _WORKER.update(registry=registry, built=built, load=_default_loader(),
                   extract=_default_extractor())


def _work(task: tuple[str, str, str]) -> _Result:
    w = _WORKER
    return _prepare(w["load"], w["extract"], w["registry"], w["built"], task)


def _pool(jobs: int, registry: Registry, built: _dt.datetime) -> Any:
    import multiprocessing  # noqa: PLC0415
    from concurrent.futures import ProcessPoolExecutor  # noqa: PLC0415

    # Spawned, not forked: the parent holds database threads.
    return ProcessPoolExecutor(jobs, mp_context=multiprocessing.get_context("spawn"),
                               initializer=_init_worker, initargs=(registry, built))


def build_pairs(
    pairs: Iterable[Pair],
    store: GraphStore | str | os.PathLike[str],
    *,
    progress: bool = True,
    registry: Registry | None = None,
    force: bool = False,
    total: int | None = None,
    counts: bool = True,
    compact: bool = True,
) -> BuildReport:
    """Write (Document, [Reference]) pairs into ``store``, one graph per ``doc.file``.

    A document's checksum is ``doc.checksum`` or the SHA-256 of ``doc.source``;
    unchanged documents are skipped, as in :func:`build`; ``compact`` as there.

    >>> from resgraph.models import Document
    >>> from resgraph.registry import Registry
    >>> store = EmbeddedStore.memory()
    >>> docs = [(Document(f"/c/{n}.txt", "text", "", f"A/RES/1/{n}", "GA"), []) for n in (1, 2)]
    >>> build_pairs(docs, store, registry=Registry(), progress=False).documents
    2
    """
    started = time.perf_counter()
    gstore = _open(store)
    reg = load_registry() if registry is None else registry
    stored = stored_checksums(gstore)
    built = _now()
    report = BuildReport()
    if total is None and isinstance(pairs, Sequence):
        total = len(pairs)
    bar = _progress(total or 0, progress, "build")
    try:
        with gstore.batch(compact=compact) as writer:
            report.registry = _write_registry(writer, reg, stored, built, force)
            fresh: list[Contribution] = []
            for doc, refs in pairs:
                graph = source_graph(doc.file)
                checksum = doc.checksum or hashlib.sha256(
                    doc.source.encode("utf-8", "replace")).hexdigest()
                item = FileReport(doc.file, "skipped", graph, doc.symbol,
                                  replaced=graph in stored)
                report.files.append(item)
                bar.update(1)
                if not force and stored.get(graph) == (checksum, build_version()):
                    item.replaced = False
                    continue
                fresh.append(_write_doc(writer, item, doc, refs, checksum=checksum, built=built))
            _write_shared(writer, gstore, reg, fresh, built=built, force=force)
    finally:
        bar.close()
    _finish(report, gstore, counts, started)
    return report


def _reason(exc: Exception) -> str:
    if isinstance(exc, ResgraphError | UnicodeError | OSError):
        return str(getattr(exc, "reason", None) or exc)
    return f"{type(exc).__name__}: {exc}"


def _finish(report: BuildReport, store: GraphStore, counts: bool, started: float) -> None:
    if counts:
        for name, value in stats(store).items():
            setattr(report, name, value)
    report.seconds = time.perf_counter() - started


# ------------------------------------------------------------------ stats

_KINDS = " ".join(f"<{c}>" for c in KIND_CLASSES.values())


def stats(store: GraphStore) -> dict[str, Any]:
    """Counts of a store: documents, citations by type, unresolved, nodes, triples, graphs.

    >>> stats(EmbeddedStore.memory())["triples"]
    0
    """
    docs = store.query(
        f"SELECT (COUNT(DISTINCT ?g) AS ?n) WHERE {{ GRAPH ?g {{ ?g a <{RG.SourceFile}> }} }}"
    )
    by_type = store.query(
        f"SELECT ?t (COUNT(?c) AS ?n) WHERE {{ GRAPH ?g {{ ?c <{RG.citationType}> ?t }} }}"
        " GROUP BY ?t"
    )
    unresolved = store.query(
        f"SELECT (COUNT(?c) AS ?n) WHERE {{ GRAPH ?g {{ ?c <{RG.unresolvedReason}> ?r }} }}"
    )
    nodes = store.query(
        "SELECT (COUNT(DISTINCT ?x) AS ?n) WHERE { GRAPH ?g { ?x a ?class } "
        f"VALUES ?class {{ {_KINDS} }} }}"
    )
    graphs = store.graphs()
    return {
        "documents": int(docs[0]["n"] or 0),
        "citations": {str(r["t"]): int(r["n"] or 0) for r in by_type},
        "unresolved": int(unresolved[0]["n"] or 0),
        "nodes": int(nodes[0]["n"] or 0),
        "triples": store.count(),
        "graphs": len(graphs),
    }


# ------------------------------------------------------------- validation

def validate(
    store: GraphStore,
    *,
    sample: int | None = None,
    seed: int = 0,
    max_triples: int | None = None,
) -> tuple[bool, str]:
    """Check the union of the store's graphs against the shipped SHACL shapes.

    Returns pySHACL's ``(conforms, report_text)``. pySHACL works in memory and
    checks some thousands of triples a second: with ``sample`` only that many
    source graphs, drawn at random (``seed``), are checked with the registry
    graph; with ``max_triples`` a larger store is refused rather than validated.

    >>> validate(EmbeddedStore.memory())[0]
    True
    """
    import io  # noqa: PLC0415
    import random  # noqa: PLC0415

    import rdflib  # noqa: PLC0415
    from pyshacl import validate as shacl_validate  # noqa: PLC0415

    if max_triples is not None and store.count() > max_triples:
        raise ResgraphError(f"the store holds more than {max_triples} triples; not validated")
    graphs: list[str] | None = None
    if sample is not None:
        every = store.graphs()
        sources = [g for g in every if g not in (REGISTRY_GRAPH, ENTITIES_GRAPH, STATS_GRAPH)]
        chosen = random.Random(seed).sample(sources, min(sample, len(sources)))
        shared = [g for g in (ENTITIES_GRAPH, STATS_GRAPH) if g in every]
        graphs = [REGISTRY_GRAPH, *shared, *sorted(chosen)]
    buffer = io.BytesIO()
    store.dump(buffer, "nt", graphs=graphs)
    data = rdflib.Graph()
    if buffer.getvalue():
        data.parse(data=buffer.getvalue(), format="nt")
    shapes = rdflib.Graph().parse(data=shapes_text(), format="turtle")
    conforms, _graph, text = shacl_validate(
        data, shacl_graph=shapes, inference="none", advanced=True, allow_warnings=True
    )
    return bool(conforms), str(text)


def _iter_pairs(paths: Iterable[Path], loader: Loader, extractor: Extractor,
                registry: Registry) -> Iterator[Pair]:
    """(Document, [Reference]) of readable files, for tests and benchmarks."""
    for path in paths:
        try:
            doc = loader(str(path))
        except (ResgraphError, UnicodeError, OSError):
            continue
        yield doc, extractor(doc, registry)


def read_pairs(
    paths: Iterable[str | os.PathLike[str]], registry: Registry | None = None
) -> list[Pair]:
    """Load and resolve files with the package's loaders; unreadable files are left out.

    >>> read_pairs(["/no/such/file.txt"])
    []
    """
    reg = load_registry() if registry is None else registry
    return list(_iter_pairs(collect_files(paths), _default_loader(), _default_extractor(), reg))
