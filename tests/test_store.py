"""Stores: the embedded store on disk, its safety, the rdflib view, export and import,
and the same answers from SPARQL servers (Oxigraph, and Virtuoso when installed)."""

from __future__ import annotations

import hashlib
import io
import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pyoxigraph as ox
import pytest
import rdflib
from test_graph import WHO_CITES
from test_graph_fixture import pairs, registry

import resgraph.graph.build as build_module
from resgraph.cli import main
from resgraph.errors import LoadError, QueryError, StoreError
from resgraph.graph import vocab
from resgraph.graph.build import build, build_pairs, stats
from resgraph.graph.nx import store_to_networkx
from resgraph.graph.rdf import source_graph
from resgraph.graph.store import (
    IRI,
    POINTER,
    EmbeddedStore,
    EndpointStore,
    import_file,
    inject_values,
    open_store,
)
from resgraph.graph.vocab import REGISTRY_GRAPH
from resgraph.models import (
    Citation,
    CitationType,
    Document,
    Paragraph,
    Reference,
    Span,
    TextMap,
)
from resgraph.registry import Registry
from resgraph.symbols import to_iri

TESTS = Path(__file__).parent
INTEGER = "http://www.w3.org/2001/XMLSchema#integer"
ROOT = TESTS.parent


def _dump(store: EmbeddedStore | EndpointStore) -> set[str]:
    """The store's quads as N-Quads lines, each blank node named by what points to it.

    Blank node labels are not kept by loading (RDF does not make them part of the
    data), so each is replaced by the subject and predicate of the quad whose
    object it is and by its own rdf:type, which names every selector uniquely.
    """
    out = io.BytesIO()
    store.dump(out, "nq")
    quads = list(ox.parse(out.getvalue(), ox.RdfFormat.N_QUADS))
    rdf_type = ox.NamedNode(str(vocab.RDF.type))
    parent: dict[ox.BlankNode, str] = {}
    kind: dict[ox.BlankNode, str] = {}
    for q in quads:
        if isinstance(q.object, ox.BlankNode):
            parent[q.object] = f"{q.subject}|{q.predicate}|{q.graph_name}"
        if isinstance(q.subject, ox.BlankNode) and q.predicate == rdf_type:
            kind[q.subject] = str(q.object)
    names = {b: f"_:{hashlib.sha256((parent.get(b, '') + kind.get(b, '')).encode()).hexdigest()}"
             for b in {*parent, *kind}}
    assert len(set(names.values())) == len(names), "blank nodes without a unique name"

    def term(t: object) -> str:
        return names[t] if isinstance(t, ox.BlankNode) else str(t)

    return {f"{term(q.subject)} {q.predicate} {term(q.object)} {q.graph_name} ." for q in quads}


def _timeless(quads: set[str]) -> set[str]:
    return {q for q in quads if "endedAtTime" not in q}


def _edges(graph: object) -> list[tuple[object, ...]]:
    return sorted((u, v, k, sorted(d.items()))
                  for u, v, k, d in graph.edges(keys=True, data=True))  # type: ignore[attr-defined]


def _interrupted_batch(store: EmbeddedStore | EndpointStore) -> None:
    with store.batch() as w:
        w.drop_graph(REGISTRY_GRAPH)
        w.replace_graph_lines(REGISTRY_GRAPH, ['<http://a> <http://b> "c"'])
        w.replace_graph_lines("http://other", ['<http://a> <http://b> "c"'])
        raise RuntimeError("interrupted")


@pytest.fixture
def built(tmp_path: Path) -> EmbeddedStore:
    store = EmbeddedStore.open(tmp_path / "store")
    build_pairs(pairs(), store, registry=registry(), progress=False)
    return store


# ------------------------------------------------------------ embedded

def test_open_creates_and_reopens_fast(tmp_path: Path) -> None:
    path = tmp_path / "store"
    store = EmbeddedStore.open(path)
    assert (path / POINTER).is_file()
    assert store.count() == 0
    assert store.graphs() == []
    with store.batch() as w:
        w.replace_graph_lines("http://g", ['<http://a> <http://b> "c"'])
    started = time.perf_counter()
    again = EmbeddedStore.open(path)
    assert time.perf_counter() - started < 1.0
    assert again.count() == 1
    assert again.query("SELECT ?o WHERE { ?s ?p ?o }") == [{"o": "c"}]


def test_open_refuses_a_foreign_directory(tmp_path: Path) -> None:
    (tmp_path / "x.txt").write_text("not a store")
    with pytest.raises(StoreError, match="not empty"):
        EmbeddedStore.open(tmp_path)
    with pytest.raises(StoreError, match="no resgraph store"):
        EmbeddedStore.open(tmp_path / "missing", create=False)


def test_failed_batch_leaves_the_store_unchanged(built: EmbeddedStore) -> None:
    before = _dump(built)
    version = built.version
    with pytest.raises(RuntimeError, match="interrupted"):
        _interrupted_batch(built)
    assert built.version == version
    assert _dump(EmbeddedStore.open(built.path or "")) == before
    assert sorted(p.name for p in (built.path or Path()).iterdir() if p.name.startswith("v"))[-1] \
        == version


def test_empty_batch_writes_nothing(built: EmbeddedStore) -> None:
    version = built.version
    with built.batch():
        pass
    assert built.version == version


def test_replace_and_drop_graph(built: EmbeddedStore) -> None:
    g = source_graph("/fixture/sc/S_RES_338_1973.txt")
    n = built.count(g)
    assert n > 10
    built.replace_graph(g, f'<http://a> <http://b> "c" <{g}> .\n')
    assert built.count(g) == 1
    built.drop_graph(g)
    assert g not in built.graphs()
    with pytest.raises(StoreError):
        built.replace_graph(g, "not n-quads")


@pytest.mark.parametrize("changed", [1, 9])
def test_update_graph_lines_leaves_exactly_the_new_lines(tmp_path: Path, changed: int) -> None:
    """Small changes are written as a difference, large ones as a replacement: same result."""
    when = '"2025-01-02T03:04:05+00:00"^^<http://www.w3.org/2001/XMLSchema#dateTime>'
    before = [f'<http://s/{i}> <http://p> "v{i}"' for i in range(20)] + [
        f"<http://s/0> <http://when> {when}", '<http://s/0> <http://n> "3"^^<' + INTEGER + ">"]
    after = [*before[changed:], *(f'<http://s/{i}> <http://p> "w{i}"' for i in range(changed))]
    for store in (EmbeddedStore.open(tmp_path / f"store{changed}"), EmbeddedStore.memory()):
        with store.batch() as w:
            w.replace_graph_lines("http://g", before)
            w.replace_graph_lines("http://other", ['<http://a> <http://b> "c"'])
        with store.batch() as w:
            w.update_graph_lines("http://g", after)
        got = store.query("SELECT ?s ?p ?o WHERE { GRAPH <http://g> { ?s ?p ?o } }")
        expected = store_module_rows(after)
        assert sorted(map(str, got)) == sorted(map(str, expected))
        assert store.count("http://other") == 1


def store_module_rows(lines: list[str]) -> list[dict[str, object]]:
    """The rows ``SELECT ?s ?p ?o`` gives for ``lines`` loaded alone."""
    alone = EmbeddedStore.memory()
    with alone.batch() as w:
        w.replace_graph_lines("http://g", lines)
    return alone.query("SELECT ?s ?p ?o WHERE { GRAPH <http://g> { ?s ?p ?o } }")


def test_old_versions_are_removed(built: EmbeddedStore) -> None:
    for i in range(3):
        built.replace_graph("http://g", f'<http://a> <http://b> "{i}" <http://g> .\n')
    versions = [p for p in (built.path or Path()).iterdir() if p.name.startswith("v")]
    assert len(versions) == 2  # the current one and the one before it


def test_concurrent_writer_is_refused(built: EmbeddedStore) -> None:
    other = EmbeddedStore.open(built.path or "")
    with built.batch() as w:
        w.replace_graph_lines("http://g", ['<http://a> <http://b> "c"'])
        with pytest.raises(StoreError, match="another process"), other.batch():
            pass


KILL_SCRIPT = """
import sys, time
sys.path[:0] = [{tests!r}, {bench!r}]
import resgraph.graph.store as store_module
store_module._CHUNK = 1 << 18
from synthetic import generate
from resgraph.graph.build import build_pairs
from resgraph.graph.store import EmbeddedStore

store = EmbeddedStore.open(sys.argv[1])

def slow():
    for i, pair in enumerate(generate(100000, seed=5)):
        if i == 40:
            print("started", flush=True)
        if i > 40:
            time.sleep(0.002)
        yield pair

build_pairs(slow(), store, progress=False)
print("finished", flush=True)
"""


@pytest.mark.slow
def test_killed_build_leaves_the_old_store(built: EmbeddedStore) -> None:
    path = built.path or Path()
    before = _dump(built)
    version = built.version
    script = KILL_SCRIPT.format(tests=str(TESTS), bench=str(ROOT / "benchmarks"))
    proc = subprocess.Popen([sys.executable, "-c", script, str(path)],
                            stdout=subprocess.PIPE, text=True)
    try:
        assert proc.stdout is not None
        assert proc.stdout.readline().strip() == "started"
        time.sleep(1.5)  # into the writes: several bulk loads into the new version
        partial = [p for p in path.iterdir() if p.name.startswith("v") and p.name != version]
        assert partial, "the build should be writing a new version"
    finally:
        os.kill(proc.pid, signal.SIGKILL)
        proc.wait()
    assert proc.returncode == -signal.SIGKILL
    reopened = EmbeddedStore.open(path)
    assert reopened.version == version
    assert _dump(reopened) == before
    assert stats(reopened)["documents"] == 4
    # The next write clears what the killed build left behind.
    report = build_pairs(pairs()[:1], reopened, registry=registry(), progress=False)
    assert [f.status for f in report.files] == ["skipped"]
    reopened.replace_graph("http://g", '<http://a> <http://b> "c" <http://g> .\n')
    names = sorted(p.name for p in path.iterdir() if p.name.startswith("v"))
    assert len(names) == 2
    assert version in names


@pytest.mark.filterwarnings("ignore::DeprecationWarning:rdflib")
def test_rdflib_view_answers_like_pyoxigraph(built: EmbeddedStore) -> None:
    ds = built.rdflib_graph()
    query = WHO_CITES.replace("?target", f"<{to_iri('A/RES/45/158')}>")
    via_rdflib = [tuple(str(v) for v in row) for row in ds.query(query)]
    rows = built.query(WHO_CITES, {"target": IRI(to_iri("A/RES/45/158"))})
    via_ox = [(r["citing"], r["via"]) for r in rows]
    assert via_rdflib == via_ox
    assert len(via_ox) == 3
    g = rdflib.URIRef(source_graph("/fixture/sc/S_RES_338_1973.txt"))
    assert len(rdflib.Graph(store=ds.store, identifier=g)) == built.count(str(g))
    title = ds.value(rdflib.URIRef(to_iri("A/RES/59/241")), rdflib.namespace.DCTERMS.title)
    assert str(title) == "International migration and development"


def test_query_errors_and_kinds(built: EmbeddedStore) -> None:
    with pytest.raises(QueryError):
        built.query("SELECT WHERE {")
    with pytest.raises(QueryError):
        built.query("ASK { ?s ?p ?o }")
    assert built.ask("ASK { ?s a cito:Citation }")
    assert len(built.construct("CONSTRUCT WHERE { ?s a cito:Citation }")) == 8
    rows = built.query("SELECT ?n WHERE { ?n dcterms:identifier ?id }", {"id": "A/RES/45/158"})
    # Stated in the citing graph and in the registry graph: the union repeats it.
    assert rows == [{"n": to_iri("A/RES/45/158")}] * 2
    rows = built.query("SELECT DISTINCT ?n WHERE { ?n dcterms:identifier ?id }",
                       {"id": "A/RES/45/158"})
    assert rows == [{"n": to_iri("A/RES/45/158")}]


@pytest.mark.parametrize(
    ("query", "bindings", "expected"),
    [
        ("SELECT * WHERE { ?s ?p ?o }", {"p": IRI("http://p")},
         "SELECT * WHERE { VALUES (?p) { (<http://p>) } ?s <http://p> ?o }"),
        ('SELECT ?s WHERE { ?s <http://x?p> "?p" # ?p\n ?p ?o }', {"p": 1},
         'SELECT ?s WHERE { VALUES (?p) { (1) } ?s <http://x?p> "?p" # ?p\n 1 ?o }'),
        ("ASK { ?s ?p ?o }", {"$o": "x"}, 'ASK { VALUES (?o) { ("x") } ?s ?p "x" }'),
        ("SELECT ?s WHERE { { SELECT ?s WHERE { ?s ?p ?o } } }", {"s": True},
         "SELECT ?s WHERE { VALUES (?s) { (true) } { SELECT ?s WHERE { true ?p ?o } } }"),
    ],
)
def test_inject_values(query: str, bindings: dict[str, object], expected: str) -> None:
    assert inject_values(query, bindings) == expected


def test_inject_values_rejects_bad_names() -> None:
    with pytest.raises(QueryError):
        inject_values("SELECT * WHERE { ?s ?p ?o }", {"s p": 1})
    with pytest.raises(QueryError):
        inject_values("SELECT * WHERE { ?s ?p ?o }", {"s": object()})


# ------------------------------------------------------ export / import

@pytest.mark.parametrize("fmt", ["nq", "trig", "jsonld"])
def test_export_import_round_trip_keeps_graphs(built: EmbeddedStore, tmp_path: Path,
                                               fmt: str) -> None:
    out = tmp_path / f"graph.{fmt}"
    built.dump(out, fmt)
    copy = EmbeddedStore.open(tmp_path / "copy")
    graphs = import_file(copy, out)
    assert graphs == built.graphs()
    assert _dump(copy) == _dump(built)


@pytest.mark.parametrize("fmt", ["ttl", "nt"])
def test_export_union_as_triples(built: EmbeddedStore, tmp_path: Path, fmt: str) -> None:
    out = tmp_path / f"graph.{fmt}"
    built.dump(out, fmt)
    g = rdflib.Graph().parse(out, format="turtle" if fmt == "ttl" else "nt")
    distinct = built.query("SELECT (COUNT(*) AS ?n) WHERE "
                           "{ SELECT DISTINCT ?s ?p ?o WHERE { GRAPH ?g { ?s ?p ?o } } }")
    assert len(g) == distinct[0]["n"]
    copy = EmbeddedStore.open(tmp_path / "copy")
    assert import_file(copy, out, graph="http://example.org/all") == ["http://example.org/all"]
    assert copy.count() == len(g)


def test_import_replaces_the_graphs_of_the_file(built: EmbeddedStore, tmp_path: Path) -> None:
    g = source_graph("/fixture/sc/S_RES_338_1973.txt")
    (tmp_path / "one.nq").write_text(f'<http://a> <http://b> "new" <{g}> .\n')
    before = built.count()
    old = built.count(g)
    assert import_file(built, tmp_path / "one.nq") == [g]
    assert built.count(g) == 1
    assert built.count() == before - old + 1
    (tmp_path / "bad.nq").write_text("<http://a> <http://b> .\n")
    with pytest.raises(StoreError, match="invalid"):
        import_file(built, tmp_path / "bad.nq")


def test_cli_build_export_import_validate(tmp_path: Path, capsys: pytest.CaptureFixture[str],
                                          monkeypatch: pytest.MonkeyPatch) -> None:
    texts = tmp_path / "texts"
    texts.mkdir()
    docs = {}
    for doc, refs in pairs():
        path = texts / Path(doc.file).name
        path.write_text(doc.source)
        docs[str(path)] = (doc, refs)
    (texts / "empty.txt").write_text("   ")

    def loader(path: str) -> Document:
        if path not in docs:
            raise LoadError(path, "file is empty (only white space)")
        doc = docs[path][0]
        return Document(path, doc.format, doc.source, doc.symbol, doc.organ, doc.title,
                        doc.adopted, doc.session, doc.meeting, doc.agenda_item, doc.report,
                        paragraphs=doc.paragraphs, footnotes=doc.footnotes)

    def extractor(doc: Document, _reg: Registry) -> list[Reference]:
        return docs[doc.file][1]

    monkeypatch.setattr(build_module, "_default_loader", lambda: loader)
    monkeypatch.setattr(build_module, "_default_extractor", lambda: extractor)
    monkeypatch.setattr(build_module, "load_registry", registry)
    store = str(tmp_path / "store")
    assert main(["build", str(texts), "--store", store, "--no-progress"]) == 0
    out = capsys.readouterr().out
    assert out.count("\nloaded\t") + out.startswith("loaded\t") == 4
    assert "rejected\t" in out
    assert "file is empty" in out
    assert "4 documents, 8 citations" in out
    assert main(["build", str(texts), "--store", store, "--json"]) == 0
    report = json.loads(capsys.readouterr().out)
    assert [f["status"] for f in report["files"]].count("skipped") == 4
    assert main(["validate", "--store", store]) == 0
    assert "Conforms: True" in capsys.readouterr().out
    assert main(["validate", "--store", store, "--sample", "2"]) == 0
    assert "Conforms: True" in capsys.readouterr().out
    for fmt in ("ttl", "nt", "nq", "trig", "jsonld", "graphml", "gexf"):
        assert main(["export", "--store", store, "-o", str(tmp_path / f"all.{fmt}")]) == 0
        assert (tmp_path / f"all.{fmt}").stat().st_size > 1000
    capsys.readouterr()
    copy = str(tmp_path / "copy")
    assert main(["import", str(tmp_path / "all.nq"), "--store", copy]) == 0
    assert _dump(EmbeddedStore.open(copy)) == _dump(EmbeddedStore.open(store))
    assert main(["export", "--store", store, "-o", str(tmp_path / "x.unknown")]) == 1


# ----------------------------------------------------- incremental build

def test_build_loads_new_and_changed_files_only(tmp_path: Path) -> None:
    texts = tmp_path / "texts"
    texts.mkdir()
    for name in ("a", "b", "c"):
        (texts / f"{name}.txt").write_text(f"text {name}")
    (texts / "bad.txt").write_text("unreadable")

    def loader(path: str) -> Document:
        text = Path(path).read_text()
        if text == "unreadable":
            raise LoadError(path, "not a resolution")
        name = Path(path).stem
        number = {"a": 1, "b": 2, "c": 3}[name]
        return Document(path, "text", text, f"A/RES/70/{number}", "GA", title=text)

    def extractor(_doc: Document, _reg: Registry) -> list[Reference]:
        return []

    store = EmbeddedStore.open(tmp_path / "store")
    kw = {"loader": loader, "extractor": extractor, "registry": Registry(), "progress": False}
    first = build([texts], store, **kw)  # type: ignore[arg-type]
    assert sorted((Path(f.path).name, f.status) for f in first.files) == [
        ("a.txt", "loaded"), ("b.txt", "loaded"), ("bad.txt", "rejected"), ("c.txt", "loaded")]
    assert first.rejected[0].reason == "not a resolution"
    assert first.documents == 3
    (texts / "b.txt").write_text("text b, corrected")
    second = build([texts], store, **kw)  # type: ignore[arg-type]
    statuses = {Path(f.path).name: (f.status, f.replaced) for f in second.files}
    assert statuses["b.txt"] == ("loaded", True)
    assert statuses["a.txt"] == ("skipped", False)
    assert second.registry == "skipped"
    titles = store.query("SELECT ?t WHERE { ?n dcterms:title ?t }",
                         {"n": IRI(to_iri("A/RES/70/2"))})
    assert titles == [{"t": "text b, corrected"}]
    forced = build([texts / "a.txt"], store, force=True, **kw)  # type: ignore[arg-type]
    assert [f.status for f in forced.files] == ["loaded"]


def test_entities_graph_follows_the_citations_of_the_store(tmp_path: Path) -> None:
    """A cited key's facts live once, in the entities graph, while some text cites it."""
    texts = tmp_path / "texts"
    texts.mkdir()
    (texts / "a.txt").write_text("Recalling resolution 45/158 and resolution 61/208,")
    (texts / "b.txt").write_text("Recalling resolution 45/158,")

    def loader(path: str) -> Document:
        number = {"a": 1, "b": 2}[Path(path).stem]
        return Document(path, "text", Path(path).read_text(), f"A/RES/70/{number}", "GA",
                        paragraphs=(Paragraph("preamble", 1, "Recalling", Span(0, 9),
                                              TextMap.identity(9), "Recalling", "recalling"),))

    def extractor(doc: Document, _reg: Registry) -> list[Reference]:
        refs = []
        for number in ("45/158", "61/208"):
            start = doc.source.find("resolution " + number)
            if start >= 0:
                span = Span(start, start + len("resolution " + number))
                refs.append(Reference(Citation(CitationType.RESOLUTION, "A/RES/" + number,
                                               "resolution " + number, span, "preamble 1"),
                                      "A/RES/" + number))
        return refs

    def described() -> dict[str, list[str]]:
        rows = store.query("SELECT ?g ?id WHERE { GRAPH ?g { ?n dcterms:identifier ?id } "
                           "FILTER(STRSTARTS(?id, 'A/RES/45') || STRSTARTS(?id, 'A/RES/61')) }")
        out: dict[str, list[str]] = {}
        for row in rows:
            out.setdefault(str(row["id"]), []).append(str(row["g"]))
        return out

    store = EmbeddedStore.open(tmp_path / "store")
    kw = {"loader": loader, "extractor": extractor, "registry": Registry(), "progress": False}
    build([texts], store, **kw)  # type: ignore[arg-type]
    assert described() == {"A/RES/45/158": [vocab.ENTITIES_GRAPH],
                           "A/RES/61/208": [vocab.ENTITIES_GRAPH]}
    counts = {r["t"]: r["n"] for r in store.query(
        "SELECT ?t (COUNT(?c) AS ?n) WHERE { GRAPH ?g { ?c cito:hasCitedEntity ?t } } "
        "GROUP BY ?t")}
    assert counts == {to_iri("A/RES/45/158"): 2, to_iri("A/RES/61/208"): 1}
    # a.txt no longer cites 61/208: its entity goes; 45/158, still cited by b.txt, stays.
    (texts / "a.txt").write_text("Recalling resolution 45/158,")
    report = build([texts], store, **kw)  # type: ignore[arg-type]
    assert [Path(f.path).name for f in report.loaded] == ["a.txt"]
    assert described() == {"A/RES/45/158": [vocab.ENTITIES_GRAPH]}
    # Nothing changed: no new version of the store.
    version = store.version
    build([texts], store, **kw)  # type: ignore[arg-type]
    assert store.version == version
    # A store whose shared graphs were lost gets them back on the next build.
    with store.batch() as w:
        w.drop_graph(vocab.ENTITIES_GRAPH)
    build([texts], store, **kw)  # type: ignore[arg-type]
    assert described() == {"A/RES/45/158": [vocab.ENTITIES_GRAPH]}


@pytest.mark.parametrize("compact", [True, False])
def test_large_load_compacts_the_new_version(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                             compact: bool) -> None:
    import resgraph.graph.store as store_module  # noqa: PLC0415

    compacted: list[str] = []
    real = ox.Store

    class Spy:
        """A store that records its compactions (pyoxigraph's Store cannot be subclassed)."""

        read_only = staticmethod(real.read_only)

        def __init__(self, *args: object) -> None:
            self.store = real(*args)

        def __getattr__(self, name: str) -> object:
            return getattr(self.store, name)

        def optimize(self) -> None:
            compacted.append("yes")
            self.store.optimize()

    # Every load counts as large; the fixture is far below the real threshold.
    monkeypatch.setattr(store_module, "_OPTIMIZE", 0)
    monkeypatch.setattr(store_module.ox, "Store", Spy)
    store = EmbeddedStore.open(tmp_path / "store")
    build_pairs(pairs(), store, registry=registry(), progress=False, compact=compact)
    assert compacted == (["yes"] if compact else [])
    assert stats(store)["documents"] == 4


def test_build_interrupted_by_a_loader_leaves_the_store(tmp_path: Path) -> None:
    texts = tmp_path / "texts"
    texts.mkdir()
    for i in range(5):
        (texts / f"{i}.txt").write_text(f"text {i}")
    store = EmbeddedStore.open(tmp_path / "store")
    calls = []

    def loader(path: str) -> Document:
        calls.append(path)
        if len(calls) == 4:
            raise KeyboardInterrupt
        return Document(path, "text", "x", f"A/RES/70/{len(calls)}", "GA")

    with pytest.raises(KeyboardInterrupt):
        build([texts], store, loader=loader, extractor=lambda _d, _r: [], registry=Registry(),
              progress=False)
    assert EmbeddedStore.open(tmp_path / "store").count() == 0


def test_open_store_needs_a_store_or_an_endpoint() -> None:
    with pytest.raises(StoreError):
        open_store()


# ------------------------------------------------------------ servers

def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _wait(url: str, seconds: float) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(url, timeout=2):
                return True
        except OSError:
            time.sleep(0.2)
    return False


def _binary(name: str) -> str | None:
    found = shutil.which(name)
    if found:
        return found
    local = Path(sys.executable).parent / name
    return str(local) if local.exists() else None


@pytest.fixture(scope="module")
def oxigraph_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    binary = _binary("oxigraph")
    if binary is None:
        pytest.skip("the oxigraph server binary is not installed (pip install oxigraph)")
    port = _free_port()
    location = tmp_path_factory.mktemp("oxigraph")
    proc = subprocess.Popen(
        [binary, "serve", "--location", str(location), "--bind", f"127.0.0.1:{port}",
         "--union-default-graph"],
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        if not _wait(f"http://127.0.0.1:{port}/query?query=ASK%7B%7D", 30):
            pytest.skip("the oxigraph server did not start within 30 s")
        yield f"http://127.0.0.1:{port}/query"
    finally:
        proc.terminate()
        try:
            proc.wait(10)
        except subprocess.TimeoutExpired:
            proc.kill()


def _same_answers(endpoint: EndpointStore, embedded: EmbeddedStore) -> None:
    bindings = {"target": IRI(to_iri("A/RES/45/158"))}
    assert endpoint.query(WHO_CITES, bindings) == embedded.query(WHO_CITES, bindings)
    for g in embedded.graphs():
        assert endpoint.count(g) == embedded.count(g), g
    counts = stats(endpoint)
    expected = stats(embedded)
    for name in ("documents", "citations", "unresolved", "nodes"):
        assert counts[name] == expected[name], name
    a, b = store_to_networkx(endpoint), store_to_networkx(embedded)
    assert sorted(a.nodes(data=True)) == sorted(b.nodes(data=True))
    assert _edges(a) == _edges(b)


@pytest.mark.server
def test_oxigraph_server_gives_the_same_answers(oxigraph_server: str,
                                                built: EmbeddedStore) -> None:
    endpoint = EndpointStore(oxigraph_server)
    assert endpoint.update_url.endswith("/update")
    report = build_pairs(pairs(), endpoint, registry=registry(), progress=False)
    assert [f.status for f in report.files] == ["loaded"] * 4
    assert endpoint.graphs() == built.graphs()
    assert _timeless(_dump(endpoint)) == _timeless(_dump(built))
    _same_answers(endpoint, built)
    again = build_pairs(pairs(), endpoint, registry=registry(), progress=False)
    assert [f.status for f in again.files] == ["skipped"] * 4
    # A failing batch leaves no trace on the server.
    before = endpoint.count()
    with pytest.raises(RuntimeError, match="interrupted"):
        _interrupted_batch(endpoint)
    assert endpoint.count() == before
    assert "http://other" not in endpoint.graphs()
    assert not [g for g in endpoint._all_graphs() if g.startswith("urn:resgraph:staging:")]
    assert endpoint.ask("ASK { ?s a cito:Citation }")
    endpoint.replace_graph("http://other", '<http://a> <http://b> "x" <http://other> .\n')
    assert endpoint.count("http://other") == 1
    endpoint.drop_graph("http://other")
    assert "http://other" not in endpoint.graphs()


@pytest.mark.server
def test_cli_with_endpoint(oxigraph_server: str, tmp_path: Path) -> None:
    out = tmp_path / "all.nq"
    assert main(["export", "--endpoint", oxigraph_server, "-o", str(out)]) == 0
    assert out.stat().st_size > 0
    bad = EndpointStore("http://127.0.0.1:9/query", timeout=2)
    with pytest.raises(StoreError):
        bad.query("SELECT * WHERE { ?s ?p ?o }")


@pytest.fixture(scope="module")
def virtuoso_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    binary = _binary("virtuoso-t")
    isql = _binary("isql-vt")
    ini = Path("/etc/virtuoso-opensource-7/virtuoso.ini")
    if binary is None or isql is None or not ini.exists():
        pytest.skip("Virtuoso is not installed (apt-get install virtuoso-opensource)")
    root = tmp_path_factory.mktemp("virtuoso")
    port, http = _free_port(), _free_port()
    text = ini.read_text().replace("/var/lib/virtuoso-opensource-7/db/", f"{root}/")
    text = text.replace("ServerPort               = 1111", f"ServerPort = {port}")
    text = text.replace("ServerPort                  = 8890", f"ServerPort = {http}")
    (root / "virtuoso.ini").write_text(text)
    proc = subprocess.Popen([binary, "+foreground", "+configfile", str(root / "virtuoso.ini")],
                            cwd=root, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        if not _wait(f"http://127.0.0.1:{http}/sparql?query=ASK%7B%7D", 60):
            pytest.skip("Virtuoso did not start within 60 s")
        subprocess.run([isql, str(port), "dba", "dba",
                        'exec=GRANT SPARQL_UPDATE TO "SPARQL";'],
                       check=True, capture_output=True, timeout=30)
        yield f"http://127.0.0.1:{http}/sparql"
    finally:
        proc.terminate()
        try:
            proc.wait(30)
        except subprocess.TimeoutExpired:
            proc.kill()


@pytest.mark.server
@pytest.mark.slow
def test_virtuoso_gives_the_same_answers(virtuoso_server: str, built: EmbeddedStore) -> None:
    endpoint = EndpointStore(virtuoso_server)
    report = build_pairs(pairs(), endpoint, registry=registry(), progress=False)
    assert [f.status for f in report.files] == ["loaded"] * 4
    assert set(built.graphs()) <= set(endpoint.graphs())
    _same_answers(endpoint, built)


def test_memory_store_is_not_persistent() -> None:
    store = EmbeddedStore.memory()
    assert store.path is None
    store.replace_graph("http://g", [ox.Quad(ox.NamedNode("http://a"), ox.NamedNode("http://b"),
                                             ox.Literal("c"), ox.NamedNode("http://g"))])
    assert store.count() == 1
