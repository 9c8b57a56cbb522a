"""Graph stores: one interface, an embedded Oxigraph store and any SPARQL 1.1 server.

:class:`GraphStore` is the interface: :meth:`~GraphStore.query` (SELECT rows
as dicts of plain Python values), :meth:`~GraphStore.ask`,
:meth:`~GraphStore.graphs`, :meth:`~GraphStore.count`, and writes
(:meth:`~GraphStore.replace_graph`, :meth:`~GraphStore.drop_graph`, or many of
them at once in :meth:`~GraphStore.batch`), each all-or-nothing.

:class:`EmbeddedStore` keeps the data on disk with pyoxigraph. The directory
holds versions of the database and a small pointer file naming the current one;
a write copies the current version (hard links, so it costs milliseconds),
bulk-loads into the copy (and compacts it after a load as large as half the
store), and only then switches the pointer. A write that fails or is killed
leaves the pointer, and so the store, as it was. Readers open the current
version read-only, in milliseconds.

:class:`EndpointStore` talks to a SPARQL 1.1 server over HTTP with the standard
library only: the Query protocol for reads, SPARQL Update for writes (data goes
into private staging graphs in batches, then one update moves them into place).

>>> store = EmbeddedStore.memory()
>>> store.replace_graph("http://example.org/g",
...                     '<http://a> <http://b> "c" <http://example.org/g> .\\n')
>>> store.query("SELECT ?o WHERE { GRAPH ?g { ?s ?p ?o } }")
[{'o': 'c'}]
>>> store.graphs(), store.count()
(['http://example.org/g'], 1)
"""

from __future__ import annotations

import contextlib
import datetime as _dt
import io
import json
import os
import re
import secrets
import shutil
import threading
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from pathlib import Path
from typing import IO, Any, Protocol, runtime_checkable

import pyoxigraph as ox

from resgraph.errors import QueryError, StoreError
from resgraph.graph.vocab import PREFIXES, STAGING_PREFIX

_XSD = "http://www.w3.org/2001/XMLSchema#"

__all__ = [
    "IRI",
    "EmbeddedStore",
    "EndpointStore",
    "GraphStore",
    "GraphWriter",
    "Row",
    "Value",
    "inject_values",
    "open_store",
    "sparql_term",
]

#: A value in a result row: IRIs and strings as ``str``, numbers, booleans, None if unbound.
Value = str | int | float | bool | None
#: A SELECT result row: variable name -> value.
Row = dict[str, Value]

POINTER = "resgraph-store.json"
_LOCK = "write.lock"
_FORMAT = "resgraph-store"
_CHUNK = 64 << 20  # bytes of N-Quads per bulk load (see _EmbeddedWriter)
_OPTIMIZE = 64 << 20  # a batch that bulk-loads this many bytes compacts the new version


class IRI(str):
    """A string meant as an IRI in query bindings (a plain ``str`` is a literal).

    >>> sparql_term(IRI("http://example.org/x")), sparql_term("x")
    ('<http://example.org/x>', '"x"')
    """

    __slots__ = ()


# ------------------------------------------------------------------ terms

_INT_TYPES = {_XSD + t for t in (
    "integer", "int", "long", "short", "byte", "nonNegativeInteger", "positiveInteger",
    "negativeInteger", "nonPositiveInteger", "unsignedInt", "unsignedLong", "unsignedShort",
    "unsignedByte")}
_FLOAT_TYPES = {_XSD + "decimal", _XSD + "double", _XSD + "float"}
_BOOL = _XSD + "boolean"


def _lit_value(value: str, datatype: str | None) -> Value:
    if datatype in _INT_TYPES:
        try:
            return int(value)
        except ValueError:
            return value
    if datatype in _FLOAT_TYPES:
        try:
            return float(value)
        except ValueError:
            return value
    if datatype == _BOOL:
        return value in ("true", "1")
    return value


def _ox_value(term: Any) -> Value:
    if term is None:
        return None
    if isinstance(term, ox.NamedNode):
        return term.value
    if isinstance(term, ox.Literal):
        return _lit_value(term.value, term.datatype.value)
    if isinstance(term, ox.BlankNode):
        return "_:" + term.value
    return str(term)


def _json_value(term: Mapping[str, str] | None) -> Value:
    if term is None:
        return None
    kind = term.get("type")
    if kind == "uri":
        return term["value"]
    if kind == "bnode":
        return "_:" + term["value"]
    if kind in ("literal", "typed-literal"):
        return _lit_value(term["value"], term.get("datatype"))
    return str(term.get("value"))


_ESCAPE = str.maketrans({"\\": "\\\\", '"': '\\"', "\n": "\\n", "\r": "\\r"})


def sparql_term(value: Any) -> str:
    """The SPARQL form of a binding value.

    :class:`IRI`, rdflib ``URIRef`` and pyoxigraph ``NamedNode`` are IRIs; ``str``
    is a plain literal; ``int``, ``float``, ``bool``, ``date`` and ``datetime``
    are typed literals; rdflib and pyoxigraph literals keep their datatype.

    >>> sparql_term(3), sparql_term(True), sparql_term(_dt.date(2004, 12, 22))
    ('3', 'true', '"2004-12-22"^^<http://www.w3.org/2001/XMLSchema#date>')
    """
    import rdflib  # noqa: PLC0415

    if isinstance(value, IRI | rdflib.URIRef):
        return f"<{value}>"
    if isinstance(value, rdflib.Literal):
        return str(value.n3())
    if isinstance(value, ox.NamedNode | ox.Literal):
        return str(value)
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        return f'"{value!r}"^^<{_XSD}double>'
    if isinstance(value, _dt.datetime):
        return f'"{value.isoformat()}"^^<{_XSD}dateTime>'
    if isinstance(value, _dt.date):
        return f'"{value.isoformat()}"^^<{_XSD}date>'
    if isinstance(value, str):
        return '"' + value.translate(_ESCAPE) + '"'
    raise QueryError(f"cannot bind a {type(value).__name__} in a query: {value!r}")


_TOKEN_RE = re.compile(
    r"""(?P<comment>\#[^\n]*)
      | (?P<iri><[^<>"{}|^`\\\x00-\x20]*>)
      | (?P<string>"{3}(?:[^"\\]|\\.|"(?!""))*"{3}|'{3}(?:[^'\\]|\\.|'(?!''))*'{3}
                   |"(?:[^"\\\n]|\\.)*"|'(?:[^'\\\n]|\\.)*')
      | (?P<var>[?$][A-Za-z_0-9]+)
      | (?P<word>[A-Za-z_][A-Za-z_0-9\-]*)
      | (?P<open>\{) | (?P<close>\}) | (?P<other>.)""",
    re.DOTALL | re.VERBOSE,
)
_VAR_RE = re.compile(r"[A-Za-z_0-9]+")


def _where_group(tokens: list[re.Match[str]]) -> tuple[int, int]:
    """Token indexes of the braces opening and closing the query's WHERE group."""
    groups: list[list[int]] = []
    depth = 0
    for i, tok in enumerate(tokens):
        if tok.lastgroup == "open":
            if depth == 0:
                groups.append([i, -1])
            depth += 1
        elif tok.lastgroup == "close":
            depth -= 1
            if depth == 0 and groups:
                groups[-1][1] = i
    if not groups or groups[0][1] < 0:
        raise QueryError("the query has no WHERE group to bind variables in")
    first = groups[0]
    before = [t.group() for t in tokens[: first[0]] if t.lastgroup == "word"]
    if before and before[-1].upper() == "CONSTRUCT" and len(groups) > 1:
        first = groups[1]
    return first[0], first[1]


def inject_values(sparql: str, bindings: Mapping[str, Any] | None) -> str:
    """Bind variables in a query: each is replaced by its value in the WHERE group.

    The values are also given by a ``VALUES`` block at the start of the group,
    so projected, grouped and ordered variables keep their names. This works on
    any SPARQL 1.1 engine and binds nested groups too (which a ``VALUES`` block
    alone would not: groups are evaluated from the inside out). Projections of
    sub-queries are left alone.

    >>> inject_values("SELECT ?s WHERE { ?s ?p ?o }", {"o": 3})
    'SELECT ?s WHERE { VALUES (?o) { (3) } ?s ?p 3 }'
    >>> inject_values("CONSTRUCT { ?s ?p ?o } WHERE { { BIND(?s AS ?x) } }", {"s": IRI("http://a")})
    'CONSTRUCT { ?s ?p ?o } WHERE { VALUES (?s) { (<http://a>) } { BIND(<http://a> AS ?x) } }'
    """
    if not bindings:
        return sparql
    terms: dict[str, str] = {}
    for name, value in bindings.items():
        bare = name.lstrip("?$")
        if not _VAR_RE.fullmatch(bare):
            raise QueryError(f"not a variable name: {name!r}")
        terms[bare] = sparql_term(value)
    tokens = list(_TOKEN_RE.finditer(sparql))
    open_i, close_i = _where_group(tokens)
    out = [sparql[: tokens[open_i].end()]]
    names = " ".join("?" + n for n in terms)
    out.append(f" VALUES ({names}) {{ ({' '.join(terms.values())}) }}")
    pos = tokens[open_i].end()
    projecting = False
    for tok in tokens[open_i + 1 : close_i]:
        kind = tok.lastgroup
        if kind == "word":
            word = tok.group().upper()
            if word == "SELECT":
                projecting = True
            elif word == "WHERE":
                projecting = False
        elif kind == "open":
            projecting = False
        elif kind == "var" and not projecting and tok.group()[1:] in terms:
            out.append(sparql[pos : tok.start()])
            out.append(terms[tok.group()[1:]])
            pos = tok.end()
    out.append(sparql[pos:])
    return "".join(out)


def _prologue() -> str:
    return "".join(f"PREFIX {p}: <{ns}>\n" for p, ns in PREFIXES.items())


def _with_prefixes(sparql: str) -> str:
    """Declare the project's prefixes unless the query declares its own."""
    if re.search(r"(?i)^\s*(PREFIX|BASE)\b", sparql, re.MULTILINE):
        return sparql
    return _prologue() + sparql


# -------------------------------------------------------------- interface

@runtime_checkable
class GraphWriter(Protocol):
    """The writes of one :meth:`GraphStore.batch`; they all apply, or none do."""

    def replace_graph(self, graph: str, quads: str | bytes | Iterable[ox.Quad]) -> None:
        """Replace the whole named graph ``graph`` by ``quads`` (N-Quads text or quads)."""
        ...

    def replace_graph_lines(self, graph: str, lines: Sequence[str]) -> None:
        """Replace ``graph`` by N-Triples lines written without their final `` .``."""
        ...

    def update_graph_lines(self, graph: str, lines: Sequence[str]) -> None:
        """Make ``graph`` hold exactly ``lines``, writing only what differs where it can.

        For graphs rewritten whole by every build that change little each time
        (the entities and statistics graphs); without blank nodes in ``lines``.
        """
        ...

    def drop_graph(self, graph: str) -> None:
        """Remove the named graph ``graph`` (no error when it does not exist)."""
        ...


@runtime_checkable
class GraphStore(Protocol):
    """What resgraph needs of a graph store."""

    def query(self, sparql: str, bindings: Mapping[str, Any] | None = None) -> list[Row]:
        """Rows of a SELECT query; ``bindings`` pre-bind variables (see :func:`inject_values`)."""
        ...

    def ask(self, sparql: str, bindings: Mapping[str, Any] | None = None) -> bool:
        """The answer of an ASK query."""
        ...

    def graphs(self) -> list[str]:
        """The names of the named graphs, sorted."""
        ...

    def count(self, graph: str | None = None) -> int:
        """The number of quads in the store, or of triples in one graph."""
        ...

    def batch(
        self, *, replace_all: bool = False, compact: bool = True
    ) -> contextlib.AbstractContextManager[GraphWriter]:
        """A context for many writes applied together when it exits without error.

        With ``replace_all`` the store's previous content is dropped as part of it.
        ``compact`` lets a store that can compact itself after a large load do so.
        """
        ...

    def replace_graph(self, graph: str, quads: str | bytes | Iterable[ox.Quad]) -> None:
        """Replace one named graph, all-or-nothing."""
        ...

    def drop_graph(self, graph: str) -> None:
        """Remove one named graph."""
        ...

    def dump(
        self,
        output: str | os.PathLike[str] | IO[bytes],
        format: str = "nq",
        *,
        graphs: Sequence[str] | None = None,
    ) -> None:
        """Write the content (``nq``, ``trig``, ``jsonld`` with graphs; ``nt``, ``ttl`` union).

        ``graphs`` limits it to these named graphs.
        """
        ...

    def close(self) -> None:
        """Release the store."""
        ...


_FORMATS = {
    "nq": ox.RdfFormat.N_QUADS,
    "nquads": ox.RdfFormat.N_QUADS,
    "trig": ox.RdfFormat.TRIG,
    "nt": ox.RdfFormat.N_TRIPLES,
    "ntriples": ox.RdfFormat.N_TRIPLES,
    "ttl": ox.RdfFormat.TURTLE,
    "turtle": ox.RdfFormat.TURTLE,
    "jsonld": ox.RdfFormat.JSON_LD,
    "json-ld": ox.RdfFormat.JSON_LD,
    "rdf": ox.RdfFormat.RDF_XML,
    "xml": ox.RdfFormat.RDF_XML,
    "n3": ox.RdfFormat.N3,
}


def rdf_format(name: str) -> ox.RdfFormat:
    """The RDF format of a name or file extension (``nq``, ``ttl``, ``jsonld`` ...).

    >>> rdf_format("ttl").name
    'Turtle'
    """
    fmt = _FORMATS.get(name.lower().lstrip("."))
    if fmt is None:
        raise StoreError(f"unknown RDF format: {name!r} (known: {', '.join(sorted(_FORMATS))})")
    return fmt


def _nq_line(q: ox.Quad) -> str:
    g = q.graph_name
    if isinstance(g, ox.DefaultGraph):
        return f"{q.subject} {q.predicate} {q.object} .\n"
    return f"{q.subject} {q.predicate} {q.object} {g} .\n"


def _as_nquads(quads: str | bytes | Iterable[ox.Quad]) -> bytes:
    if isinstance(quads, bytes):
        return quads
    if isinstance(quads, str):
        return quads.encode("utf-8", "replace")
    return "".join(_nq_line(q) for q in quads).encode("utf-8", "replace")


_UNION_SELECT = (
    "CONSTRUCT { ?s ?p ?o } WHERE { SELECT DISTINCT ?s ?p ?o WHERE { GRAPH ?g { ?s ?p ?o } } }"
)


def _serialize(
    quads: Iterable[ox.Quad] | Iterable[ox.Triple], output: Any, fmt: ox.RdfFormat
) -> None:
    prefixes = {k: v for k, v in PREFIXES.items() if k != "id"}
    if fmt in (ox.RdfFormat.TURTLE, ox.RdfFormat.TRIG, ox.RdfFormat.N3):
        ox.serialize(quads, output, fmt, prefixes=prefixes)
    else:
        ox.serialize(quads, output, fmt)


# -------------------------------------------------------- embedded store

class EmbeddedStore:
    """An Oxigraph store on disk (or in memory), with all-or-nothing writes.

    Open with :meth:`open` (a directory, created if missing) or :meth:`memory`.

    >>> import tempfile
    >>> with tempfile.TemporaryDirectory() as tmp:
    ...     store = EmbeddedStore.open(tmp + "/store")
    ...     with store.batch() as w:
    ...         w.replace_graph_lines("http://g", ['<http://a> <http://b> "c"'])
    ...     again = EmbeddedStore.open(tmp + "/store")
    ...     again.count()
    1
    """

    def __init__(self, store: ox.Store, path: Path | None = None, version: str | None = None):
        self._store: ox.Store | None = store
        self.path = path
        self.version = version

    # -- opening
    @classmethod
    def memory(cls) -> EmbeddedStore:
        """A store in memory (gone when the object is); writes are not all-or-nothing.

        >>> EmbeddedStore.memory().count()
        0
        """
        return cls(ox.Store())

    @classmethod
    def open(cls, path: str | os.PathLike[str], *, create: bool = True) -> EmbeddedStore:
        """Open the store in directory ``path``; ``create`` makes it when missing."""
        root = Path(path)
        pointer = root / POINTER
        if not pointer.exists():
            if not create:
                raise StoreError(f"{root}: no resgraph store here")
            if root.exists() and any(root.iterdir()):
                raise StoreError(f"{root}: directory is not empty and holds no resgraph store")
            root.mkdir(parents=True, exist_ok=True)
            with _write_lock(root):
                if not pointer.exists():
                    name = _version_name(0)
                    ox.Store(str(root / name)).flush()
                    _write_pointer(root, name)
        name = _read_pointer(root)
        try:
            store = ox.Store.read_only(str(root / name))
        except OSError as exc:
            raise StoreError(f"{root}: cannot open store version {name}: {exc}") from exc
        return cls(store, root, name)

    @property
    def oxigraph(self) -> ox.Store:
        """The underlying :class:`pyoxigraph.Store` (read-only for on-disk stores)."""
        if self._store is None:
            raise StoreError("the store is closed")
        return self._store

    def close(self) -> None:
        """Release the database files."""
        self._store = None

    def __enter__(self) -> EmbeddedStore:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def __repr__(self) -> str:
        where = str(self.path) if self.path else "memory"
        return f"<EmbeddedStore {where} version={self.version}>"

    # -- reading
    def query(self, sparql: str, bindings: Mapping[str, Any] | None = None) -> list[Row]:
        """Rows of a SELECT query over the store (the default graph is the union of graphs).

        A triple stated in several graphs (a cited resolution described by each
        text citing it) matches once per graph: use ``DISTINCT`` where it matters.

        >>> EmbeddedStore.memory().query("SELECT ?x WHERE { BIND(1 AS ?x) }")
        [{'x': 1}]
        """
        result = self._run(sparql, bindings)
        if not isinstance(result, ox.QuerySolutions):
            raise QueryError("query() runs SELECT queries; use ask() for ASK")
        names = [v.value for v in result.variables]
        return [{n: _ox_value(sol[n]) for n in names} for sol in result]

    def ask(self, sparql: str, bindings: Mapping[str, Any] | None = None) -> bool:
        """The answer of an ASK query.

        >>> EmbeddedStore.memory().ask("ASK { ?s ?p ?o }")
        False
        """
        result = self._run(sparql, bindings)
        if not isinstance(result, ox.QueryBoolean):
            raise QueryError("ask() runs ASK queries")
        return bool(result)

    def construct(self, sparql: str, bindings: Mapping[str, Any] | None = None) -> list[ox.Triple]:
        """The triples of a CONSTRUCT or DESCRIBE query.

        >>> store = EmbeddedStore.memory()
        >>> store.replace_graph("http://g", '<http://a> <http://b> "c" <http://g> .\\n')
        >>> [str(t) for t in store.construct("CONSTRUCT WHERE { ?s ?p ?o }")]
        ['<http://a> <http://b> "c"']
        """
        result = self._run(sparql, bindings)
        if not isinstance(result, ox.QueryTriples):
            raise QueryError("construct() runs CONSTRUCT and DESCRIBE queries")
        return list(result)

    def _run(self, sparql: str, bindings: Mapping[str, Any] | None) -> Any:
        text = inject_values(_with_prefixes(sparql), bindings)
        try:
            return self.oxigraph.query(text, use_default_graph_as_union=True)
        except SyntaxError as exc:
            raise QueryError(f"invalid SPARQL: {exc}") from exc
        except OSError as exc:
            raise StoreError(str(exc)) from exc

    def graphs(self) -> list[str]:
        """The names of the named graphs, sorted.

        >>> store = EmbeddedStore.memory()
        >>> store.replace_graph("http://g", '<http://a> <http://b> "c" <http://g> .\\n')
        >>> store.graphs()
        ['http://g']
        """
        return sorted(
            g.value for g in self.oxigraph.named_graphs() if isinstance(g, ox.NamedNode)
        )

    def count(self, graph: str | None = None) -> int:
        """The number of quads, or of triples in ``graph``.

        >>> store = EmbeddedStore.memory()
        >>> store.replace_graph("http://g", '<http://a> <http://b> "c" <http://g> .\\n')
        >>> store.count(), store.count("http://g"), store.count("http://other")
        (1, 1, 0)
        """
        if graph is None:
            return len(self.oxigraph)
        rows = self.query(f"SELECT (COUNT(*) AS ?n) WHERE {{ GRAPH <{graph}> {{ ?s ?p ?o }} }}")
        return int(rows[0]["n"] or 0)

    def rdflib_graph(self) -> Any:
        """An rdflib :class:`~rdflib.Dataset` over the same data, through oxrdflib.

        Its default graph is the union of the named graphs; one named graph is
        ``rdflib.Graph(store=dataset.store, identifier=iri)``. The view is read-only
        and reads the version that was current when this store was opened; writes
        go through :meth:`batch`.

        >>> ds = EmbeddedStore.memory().rdflib_graph()
        >>> list(ds.query("SELECT ?s WHERE { ?s ?p ?o }"))
        []
        """
        import rdflib  # noqa: PLC0415
        from oxrdflib import OxigraphStore  # noqa: PLC0415

        dataset = rdflib.Dataset(store=OxigraphStore(store=self.oxigraph), default_union=True)
        for prefix, ns in PREFIXES.items():
            dataset.bind(prefix, ns, override=True)
        return dataset

    def dump(
        self,
        output: str | os.PathLike[str] | IO[bytes],
        format: str = "nq",
        *,
        graphs: Sequence[str] | None = None,
    ) -> None:
        """Write the content (``nq``, ``trig``, ``jsonld`` with graphs; ``nt``, ``ttl`` union).

        ``graphs`` limits it to these named graphs.

        >>> import io
        >>> store = EmbeddedStore.memory()
        >>> store.replace_graph("http://g", '<http://a> <http://b> "c" <http://g> .\\n')
        >>> out = io.BytesIO()
        >>> store.dump(out, "nt")
        >>> out.getvalue()
        b'<http://a> <http://b> "c" .\\n'
        """
        fmt = rdf_format(format)
        out: Any = str(output) if isinstance(output, str | os.PathLike) else output
        try:
            if graphs is not None:
                quads = [q for g in graphs
                         for q in self.oxigraph.quads_for_pattern(None, None, None,
                                                                  ox.NamedNode(g))]
                if fmt.supports_datasets:
                    _serialize(quads, out, fmt)
                else:
                    _serialize(dict.fromkeys(q.triple for q in quads), out, fmt)
            elif fmt.supports_datasets:
                prefixes = {k: v for k, v in PREFIXES.items() if k != "id"}
                if fmt == ox.RdfFormat.TRIG:
                    self.oxigraph.dump(out, fmt, prefixes=prefixes)
                else:
                    self.oxigraph.dump(out, fmt)
            else:
                triples = self.oxigraph.query(_UNION_SELECT)
                if not isinstance(triples, ox.QueryTriples):  # pragma: no cover
                    raise StoreError("unexpected result of a CONSTRUCT query")
                _serialize(triples, out, fmt)
        except OSError as exc:
            raise StoreError(f"cannot write {output}: {exc}") from exc

    # -- writing
    @contextlib.contextmanager
    def batch(self, *, replace_all: bool = False, compact: bool = True) -> Iterator[GraphWriter]:
        """Writes applied together: into a copy of the current version, then switched to.

        With ``compact`` (the default), a batch that loads over 64 MB and at least
        half the size of the store compacts the new version before switching to it:
        on 25,000 synthetic texts that took 19 s (108 s against 89 s), and made
        queries 2-2.5 times faster and the store half as large.

        >>> store = EmbeddedStore.memory()
        >>> with store.batch() as w:
        ...     w.replace_graph_lines("http://g1", ['<http://a> <http://b> "c"'])
        ...     w.replace_graph_lines("http://g2", ['<http://a> <http://b> "d"'])
        >>> store.graphs()
        ['http://g1', 'http://g2']
        """
        if self.path is None:
            if replace_all:
                self.oxigraph.clear()
            mem = _EmbeddedWriter(self.oxigraph)
            try:
                yield mem
            finally:
                mem.finish()
            return
        root = self.path
        with _write_lock(root):
            current = _read_pointer(root)
            _remove_stale(root, current)
            name = _version_name(_version_seq(current) + 1)
            target = root / name

            base = ox.Store.read_only(str(root / current))

            def open_work() -> ox.Store:
                if not replace_all:
                    base.backup(str(target))
                return ox.Store(str(target))

            def has_graph(graph: str) -> bool:
                return not replace_all and bool(base.contains_named_graph(ox.NamedNode(graph)))

            writer = _EmbeddedWriter(open_work, has_graph)
            try:
                yield writer
                writer.finish()
            except BaseException:
                writer.close()
                shutil.rmtree(target, ignore_errors=True)
                raise
            if not writer.opened:
                if not replace_all:
                    return
                writer.open()
            if compact and writer.loaded >= _OPTIMIZE and \
                    writer.loaded >= _size(root / current) // 2:
                # Bulk loads leave overlapping index files; compacting them made
                # queries 2-2.5 times faster and the store half as large. It costs
                # about a fifth of a fresh build, so a small change to a large
                # store is not worth it.
                writer.open().optimize()
            writer.close()
            _write_pointer(root, name)
            self._store = ox.Store.read_only(str(target))
            self.version = name
            _remove_stale(root, name)

    def replace_graph(self, graph: str, quads: str | bytes | Iterable[ox.Quad]) -> None:
        """Replace one named graph by N-Quads text or quads, all-or-nothing.

        >>> store = EmbeddedStore.memory()
        >>> store.replace_graph("http://g", '<http://a> <http://b> "1" <http://g> .\\n')
        >>> store.replace_graph("http://g", '<http://a> <http://b> "2" <http://g> .\\n')
        >>> store.query("SELECT ?o WHERE { ?s ?p ?o }")
        [{'o': '2'}]
        """
        with self.batch() as writer:
            writer.replace_graph(graph, quads)

    def drop_graph(self, graph: str) -> None:
        """Remove one named graph.

        >>> store = EmbeddedStore.memory()
        >>> store.replace_graph("http://g", '<http://a> <http://b> "c" <http://g> .\\n')
        >>> store.drop_graph("http://g")
        >>> store.graphs()
        []
        """
        with self.batch() as writer:
            writer.drop_graph(graph)

    def load(
        self,
        source: str | os.PathLike[str],
        format: str | None = None,
        *,
        graph: str | None = None,
    ) -> list[str]:
        """Import an RDF file; returns the graphs it replaced.

        Quads keep their graphs (each graph named in the file is replaced whole);
        triples go into ``graph`` (default: the file's URI).

        >>> import tempfile
        >>> with tempfile.NamedTemporaryFile("w", suffix=".ttl") as fh:
        ...     _ = fh.write("<http://a> <http://b> 1 .")
        ...     fh.flush()
        ...     store = EmbeddedStore.memory()
        ...     store.load(fh.name, graph="http://g")
        ['http://g']
        """
        return import_file(self, source, format, graph=graph)


class _EmbeddedWriter:
    """Writes into one pyoxigraph store, bulk-loading N-Quads in large chunks.

    The store is opened on the first write that changes something, so a batch
    that writes nothing costs nothing. Each full chunk is loaded by a
    background thread (pyoxigraph releases the GIL while it loads) while the
    caller prepares the next one; one load runs at a time. Chunks of
    :data:`_CHUNK` bytes: on 10,000 synthetic texts, 64 MB and 128 MB chunks
    built in the same time (34.3 s and 34.9 s), the larger ones with 0.4 GB
    more memory.
    """

    def __init__(
        self,
        open_store: ox.Store | Callable[[], ox.Store],
        has_graph: Callable[[str], bool] | None = None,
    ) -> None:
        self._opener = open_store
        self._store: ox.Store | None = open_store if isinstance(open_store, ox.Store) else None
        self._has_graph = has_graph
        self.buffer = io.BytesIO()
        self.pending: set[str] = set()
        self.lenient = True  # the buffer holds only N-Triples lines made by resgraph
        self._thread: threading.Thread | None = None
        self._inflight: set[str] = set()
        self._error: BaseException | None = None
        self.loaded = 0  # bytes of N-Quads bulk-loaded

    @property
    def opened(self) -> bool:
        return self._store is not None

    def open(self) -> ox.Store:
        if self._store is None:
            opener = self._opener
            self._store = opener if isinstance(opener, ox.Store) else opener()
        return self._store

    def close(self) -> None:
        with contextlib.suppress(Exception):
            self._wait()
        if self._store is not None:
            self._store.flush()
        self._store = None

    def drop_graph(self, graph: str) -> None:
        if graph in self.pending:
            self.flush()
        elif graph in self._inflight:
            self._wait()
        node = ox.NamedNode(graph)
        if self._store is None:
            if self._has_graph is not None and not self._has_graph(graph):
                return
            self.open()
        store = self.open()
        if store.contains_named_graph(node):
            store.remove_graph(node)

    def replace_graph(self, graph: str, quads: str | bytes | Iterable[ox.Quad]) -> None:
        self.drop_graph(graph)
        self.lenient = False
        self._add(graph, _as_nquads(quads))

    def replace_graph_lines(self, graph: str, lines: Sequence[str]) -> None:
        self.drop_graph(graph)
        self._add_lines(graph, lines)

    def _add_lines(self, graph: str, lines: Sequence[str]) -> None:
        tail = " <" + graph + "> .\n"
        step = 50_000  # lines encoded at a time, so a large graph is not copied whole
        for i in range(0, len(lines), step):
            part = lines[i : i + step]
            self._add(graph, (tail.join(part) + tail).encode("utf-8", "replace"))

    def update_graph_lines(self, graph: str, lines: Sequence[str]) -> None:
        # Removing a graph deletes its quads one by one: for a large graph that
        # changes little, writing the difference is many times faster.
        node = ox.NamedNode(graph)
        if graph in self.pending or graph in self._inflight or not lines or (
            self._store is None and self._has_graph is not None and not self._has_graph(graph)
        ):
            self.replace_graph_lines(graph, lines)
            return
        store = self.open()
        if next(iter(store.quads_for_pattern(None, None, None, node)), None) is None:
            self.replace_graph_lines(graph, lines)
            return
        # Compared as N-Triples text: lighter than sets of quad objects. A value
        # written in another lexical form only costs removing and adding it again.
        wanted = set(lines)
        kept: set[str] = set()
        removed: list[ox.Quad] = []
        for quad in store.quads_for_pattern(None, None, None, node):
            text = f"{quad.subject} {quad.predicate} {quad.object}"
            if text in wanted:
                kept.add(text)
            else:
                removed.append(quad)
        added = [line for line in lines if line not in kept]
        if len(removed) + len(added) > len(lines) // 2:
            self.replace_graph_lines(graph, lines)
            return
        for quad in removed:
            store.remove(quad)
        self._add_lines(graph, added)

    def _add(self, graph: str, data: bytes) -> None:
        if not data:
            return
        self.pending.add(graph)
        self.buffer.write(data)
        if self.buffer.tell() >= _CHUNK:
            self.flush(background=True)

    def _wait(self) -> None:
        if self._thread is not None:
            self._thread.join()
            self._thread = None
            self._inflight = set()
        if self._error is not None:
            error, self._error = self._error, None
            if isinstance(error, SyntaxError):
                raise StoreError(f"invalid N-Quads: {error}") from error
            raise error

    def flush(self, *, background: bool = False) -> None:
        data = self.buffer.getvalue()
        graphs, lenient = self.pending, self.lenient
        self.buffer = io.BytesIO()
        self.pending = set()
        self.lenient = True
        self._wait()
        if not data:
            return
        store = self.open()
        self.loaded += len(data)

        def load() -> None:
            try:
                store.bulk_load(data, ox.RdfFormat.N_QUADS, lenient=lenient)
            except BaseException as exc:  # handed to the writing thread by _wait()
                self._error = exc

        if background:
            self._inflight = graphs
            self._thread = threading.Thread(target=load, name="resgraph-bulk-load", daemon=True)
            self._thread.start()
        else:
            load()
            self._wait()

    def finish(self) -> None:
        self.flush()


# -- the on-disk layout: versions and a pointer

def _size(folder: Path) -> int:
    """Bytes of the files of a folder (not recursive)."""
    total = 0
    with contextlib.suppress(OSError):
        for entry in os.scandir(folder):
            with contextlib.suppress(OSError):
                if entry.is_file():
                    total += entry.stat().st_size
    return total


def _version_name(seq: int) -> str:
    return f"v{seq:06d}-{secrets.token_hex(4)}"


def _version_seq(name: str) -> int:
    m = re.match(r"v(\d+)-", name)
    return int(m.group(1)) if m else 0


def _read_pointer(root: Path) -> str:
    try:
        data = json.loads((root / POINTER).read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise StoreError(f"{root}: unreadable store pointer: {exc}") from exc
    name = data.get("current") if isinstance(data, dict) else None
    if data.get("format") != _FORMAT or not isinstance(name, str) or "/" in name:
        raise StoreError(f"{root}: not a resgraph store pointer")
    return name


def _write_pointer(root: Path, name: str) -> None:
    tmp = root / (POINTER + ".tmp")
    body = json.dumps({"format": _FORMAT, "version": 1, "current": name}, indent=1)
    with open(tmp, "w", encoding="utf-8") as fh:
        fh.write(body + "\n")
        fh.flush()
        os.fsync(fh.fileno())
    os.replace(tmp, root / POINTER)
    with contextlib.suppress(OSError):
        fd = os.open(root, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)


def _remove_stale(root: Path, current: str) -> None:
    """Remove every version but the current one and the one before it.

    Versions after the current one are writes that never finished; the one
    before it stays for readers that opened it before the last write.
    """
    seq = _version_seq(current)
    versions = [
        c for c in root.iterdir() if c.is_dir() and re.fullmatch(r"v\d{6}-[0-9a-f]+", c.name)
    ]
    older = [c for c in versions if _version_seq(c.name) < seq]
    keep = {current}
    if older:
        keep.add(max(older, key=lambda c: _version_seq(c.name)).name)
    for child in versions:
        if child.name not in keep:
            shutil.rmtree(child, ignore_errors=True)


@contextlib.contextmanager
def _write_lock(root: Path) -> Iterator[None]:
    try:
        import fcntl  # noqa: PLC0415
    except ImportError:  # pragma: no cover - not POSIX
        yield
        return
    with open(root / _LOCK, "a+") as fh:
        try:
            fcntl.flock(fh.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError as exc:
            raise StoreError(f"{root}: the store is being written by another process") from exc
        try:
            yield
        finally:
            fcntl.flock(fh.fileno(), fcntl.LOCK_UN)


# -------------------------------------------------------- endpoint store

class EndpointStore:
    """A SPARQL 1.1 server over HTTP (Query protocol and SPARQL Update).

    ``query_url`` answers queries; ``update_url`` takes updates (default: the
    query URL with a final ``/query`` replaced by ``/update``
    as Oxigraph and Fuseki name them, else the query URL itself).
    Queries that use no ``GRAPH`` need the server's default graph to be the
    union of its graphs (``oxigraph serve --union-default-graph``, Virtuoso's
    default); resgraph's own queries name their graphs.

    >>> EndpointStore("http://localhost:7878/query").update_url
    'http://localhost:7878/update'
    """

    def __init__(
        self,
        query_url: str,
        update_url: str | None = None,
        *,
        timeout: float = 600.0,
        batch_triples: int = 20_000,
        headers: Mapping[str, str] | None = None,
    ) -> None:
        self.query_url = query_url
        self.update_url = update_url or _default_update_url(query_url)
        self.timeout = timeout
        self.batch_triples = batch_triples
        self.headers = dict(headers or {})

    def __repr__(self) -> str:
        return f"<EndpointStore {self.query_url}>"

    def close(self) -> None:
        """Nothing to release: every request is its own connection."""

    def __enter__(self) -> EndpointStore:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # -- HTTP
    def _post(self, url: str, form: Mapping[str, str], accept: str | None = None) -> bytes:
        data = urllib.parse.urlencode(form).encode("utf-8")
        headers = {"Content-Type": "application/x-www-form-urlencoded", **self.headers}
        if accept:
            headers["Accept"] = accept
        request = urllib.request.Request(url, data=data, headers=headers, method="POST")
        try:
            with urllib.request.urlopen(request, timeout=self.timeout) as response:
                body: bytes = response.read()
                return body
        except urllib.error.HTTPError as exc:
            detail = exc.read().decode("utf-8", "replace")[:500]
            if exc.code == 400:
                raise QueryError(f"{url}: {exc.code} {exc.reason}: {detail}") from exc
            raise StoreError(f"{url}: {exc.code} {exc.reason}: {detail}") from exc
        except (urllib.error.URLError, OSError) as exc:
            raise StoreError(f"{url}: {exc}") from exc

    def _results(self, sparql: str) -> dict[str, Any]:
        body = self._post(self.query_url, {"query": sparql}, "application/sparql-results+json")
        try:
            result = json.loads(body)
        except ValueError as exc:
            raise StoreError(f"{self.query_url}: not SPARQL JSON results: {body[:200]!r}") from exc
        if not isinstance(result, dict):
            raise StoreError(f"{self.query_url}: not SPARQL JSON results: {body[:200]!r}")
        return result

    def update(self, sparql: str) -> None:
        """Run a SPARQL Update."""
        self._post(self.update_url, {"update": sparql})

    # -- reading
    def query(self, sparql: str, bindings: Mapping[str, Any] | None = None) -> list[Row]:
        """Rows of a SELECT query."""
        result = self._results(inject_values(_with_prefixes(sparql), bindings))
        if "boolean" in result:
            raise QueryError("query() runs SELECT queries; use ask() for ASK")
        names = result.get("head", {}).get("vars", [])
        rows = result.get("results", {}).get("bindings", [])
        return [{n: _json_value(row.get(n)) for n in names} for row in rows]

    def ask(self, sparql: str, bindings: Mapping[str, Any] | None = None) -> bool:
        """The answer of an ASK query."""
        result = self._results(inject_values(_with_prefixes(sparql), bindings))
        if "boolean" not in result:
            raise QueryError("ask() runs ASK queries")
        return bool(result["boolean"])

    def _all_graphs(self) -> list[str]:
        rows = self.query("SELECT DISTINCT ?g WHERE { GRAPH ?g { ?s ?p ?o } }")
        return sorted(str(r["g"]) for r in rows if isinstance(r["g"], str))

    def graphs(self) -> list[str]:
        """The names of the named graphs, sorted (staging graphs of writes excluded)."""
        return [g for g in self._all_graphs() if not g.startswith(STAGING_PREFIX)]

    def count(self, graph: str | None = None) -> int:
        """The number of quads in named graphs, or of triples in ``graph``."""
        if graph is not None:
            q = f"SELECT (COUNT(*) AS ?n) WHERE {{ GRAPH <{graph}> {{ ?s ?p ?o }} }}"
        else:
            q = ("SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } "
                 f'FILTER(!STRSTARTS(STR(?g), "{STAGING_PREFIX}")) }}')
        return int(self.query(q)[0]["n"] or 0)

    def dump(
        self,
        output: str | os.PathLike[str] | IO[bytes],
        format: str = "nq",
        *,
        graphs: Sequence[str] | None = None,
    ) -> None:
        """Write the content, read with one SELECT over the named graphs (or ``graphs``)."""
        rdf_format(format)
        if graphs is not None:
            values = " ".join(f"<{g}>" for g in graphs)
            where = f"VALUES ?g {{ {values} }} GRAPH ?g {{ ?s ?p ?o }}"
        else:
            where = ("GRAPH ?g { ?s ?p ?o } "
                     f'FILTER(!STRSTARTS(STR(?g), "{STAGING_PREFIX}"))')
        result = self._results(f"SELECT ?s ?p ?o ?g WHERE {{ {where} }}")
        text = "".join(
            f"{_json_nt(r['s'])} {_json_nt(r['p'])} {_json_nt(r['o'])} {_json_nt(r['g'])} .\n"
            for r in result.get("results", {}).get("bindings", [])
        )
        mem = ox.Store()
        if text:
            mem.load(text.encode("utf-8"), ox.RdfFormat.N_QUADS)
        EmbeddedStore(mem).dump(output, format)

    # -- writing
    @contextlib.contextmanager
    def batch(self, *, replace_all: bool = False, compact: bool = True) -> Iterator[GraphWriter]:
        """Writes staged in private graphs, then moved into place by one update.

        ``compact`` is accepted for the interface; a server compacts by itself.
        """
        del compact
        for stale in [g for g in self._all_graphs() if g.startswith(STAGING_PREFIX)]:
            self.update(f"DROP SILENT GRAPH <{stale}>")
        writer = _EndpointWriter(self)
        try:
            yield writer
            writer.flush()
            ops: list[str] = []
            if replace_all:
                ops.extend(f"DROP SILENT GRAPH <{g}>" for g in self.graphs()
                           if g not in writer.touched)
            for graph in writer.touched:
                ops.append(f"DROP SILENT GRAPH <{graph}>")
                if graph in writer.staged:
                    ops.append(f"MOVE SILENT GRAPH <{writer.staging(graph)}> TO GRAPH <{graph}>")
            if ops:
                self.update(" ;\n".join(ops))
        except BaseException:
            with contextlib.suppress(Exception):
                for graph in writer.staged:
                    self.update(f"DROP SILENT GRAPH <{writer.staging(graph)}>")
            raise

    def replace_graph(self, graph: str, quads: str | bytes | Iterable[ox.Quad]) -> None:
        """Replace one named graph, all-or-nothing."""
        with self.batch() as writer:
            writer.replace_graph(graph, quads)

    def drop_graph(self, graph: str) -> None:
        """Remove one named graph."""
        self.update(f"DROP SILENT GRAPH <{graph}>")

    def load(
        self,
        source: str | os.PathLike[str],
        format: str | None = None,
        *,
        graph: str | None = None,
    ) -> list[str]:
        """Import an RDF file (see :meth:`EmbeddedStore.load`)."""
        return import_file(self, source, format, graph=graph)


def _json_nt(term: Mapping[str, str]) -> str:
    kind = term.get("type")
    value = term["value"]
    if kind == "uri":
        return f"<{value}>"
    if kind == "bnode":
        return f"_:{value}"
    text = '"' + value.translate(_ESCAPE) + '"'
    if term.get("xml:lang"):
        return f"{text}@{term['xml:lang']}"
    if term.get("datatype"):
        return f"{text}^^<{term['datatype']}>"
    return text


def _default_update_url(query_url: str) -> str:
    if query_url.endswith("/query"):
        return query_url[: -len("/query")] + "/update"
    return query_url


class _EndpointWriter:
    """Stages triples in private graphs with batched ``INSERT DATA`` requests."""

    def __init__(self, store: EndpointStore) -> None:
        self.store = store
        self.token = secrets.token_hex(8)
        self.touched: dict[str, None] = {}
        self.staged: set[str] = set()
        self.parts: list[str] = []
        self.size = 0
        self.blank = False

    def staging(self, graph: str) -> str:
        return f"{STAGING_PREFIX}{self.token}:{urllib.parse.quote(graph, safe='')}"

    def drop_graph(self, graph: str) -> None:
        if graph in self.staged:
            self.flush()
            self.store.update(f"DROP SILENT GRAPH <{self.staging(graph)}>")
            self.staged.discard(graph)
        self.touched[graph] = None

    def replace_graph(self, graph: str, quads: str | bytes | Iterable[ox.Quad]) -> None:
        data = _as_nquads(quads)
        lines = [
            f"{q.subject} {q.predicate} {q.object}"
            for q in ox.parse(data, ox.RdfFormat.N_QUADS)
        ]
        self.replace_graph_lines(graph, lines)

    def replace_graph_lines(self, graph: str, lines: Sequence[str]) -> None:
        self.drop_graph(graph)
        if not lines:
            return
        self.staged.add(graph)
        stage = self.staging(graph)
        step = self.store.batch_triples
        blank = any(line.startswith("_:") for line in lines)
        if blank:
            # A blank node label names one node within one request only: the
            # lines of a graph with blank nodes go in one request, whatever its size.
            if self.size + len(lines) > step:
                self.flush()
            chunks: Iterable[Sequence[str]] = [lines]
            self.blank = True
        else:
            chunks = (lines[i : i + step] for i in range(0, len(lines), step))
        for chunk in chunks:
            self.parts.append(f"GRAPH <{stage}> {{\n" + " .\n".join(chunk) + " .\n}")
            self.size += len(chunk)
            if self.size >= step:
                self.flush()

    def update_graph_lines(self, graph: str, lines: Sequence[str]) -> None:
        self.replace_graph_lines(graph, lines)

    def flush(self) -> None:
        if self.parts:
            body = "{\n" + "\n".join(self.parts) + "\n}"
            # Some servers (Virtuoso) refuse blank nodes in INSERT DATA; a template
            # with an empty pattern makes them fresh nodes everywhere.
            self.store.update(f"INSERT {body} WHERE {{}}" if self.blank else f"INSERT DATA {body}")
        self.parts = []
        self.size = 0
        self.blank = False


# ------------------------------------------------------- import / opening

def import_file(
    store: EmbeddedStore | EndpointStore,
    source: str | os.PathLike[str],
    format: str | None = None,
    *,
    graph: str | None = None,
) -> list[str]:
    """Load an RDF file into a store, replacing the graphs it holds; returns their names.

    Dataset formats (N-Quads, TriG, JSON-LD) keep their graph names and the
    graphs they name are replaced whole; triples, and the default graph of a
    dataset, go into ``graph`` (default: the file's URI).

    >>> import tempfile
    >>> with tempfile.NamedTemporaryFile("w", suffix=".nq") as fh:
    ...     _ = fh.write('<http://a> <http://b> "c" <http://g1> .\\n<http://a> <http://b> "d" .\\n')
    ...     fh.flush()
    ...     import_file(EmbeddedStore.memory(), fh.name, graph="http://g2")
    ['http://g1', 'http://g2']
    """
    path = Path(source)
    if not path.is_file():
        raise StoreError(f"{path}: no such file")
    fmt = rdf_format(format or path.suffix)
    default = graph or path.resolve().as_uri()
    by_graph: dict[str, list[str]] = {}
    try:
        for q in ox.parse(path=str(path), format=fmt):
            g = q.graph_name
            name = g.value if isinstance(g, ox.NamedNode) else default
            by_graph.setdefault(name, []).append(f"{q.subject} {q.predicate} {q.object}")
    except (SyntaxError, ValueError) as exc:
        raise StoreError(f"{path}: invalid {fmt.name}: {exc}") from exc
    with store.batch() as writer:
        for name, lines in by_graph.items():
            writer.replace_graph_lines(name, lines)
    return sorted(by_graph)


def open_store(
    store: str | os.PathLike[str] | None = None,
    *,
    endpoint: str | None = None,
    update_endpoint: str | None = None,
    create: bool = True,
) -> EmbeddedStore | EndpointStore:
    """An :class:`EndpointStore` for ``endpoint``, else the :class:`EmbeddedStore` at ``store``.

    >>> open_store(endpoint="http://localhost:7878/query")
    <EndpointStore http://localhost:7878/query>
    """
    if endpoint:
        return EndpointStore(endpoint, update_endpoint)
    if store is None:
        raise StoreError(
            "give a store directory (--store DIR) or a SPARQL endpoint (--endpoint URL)"
        )
    return EmbeddedStore.open(store, create=create)
