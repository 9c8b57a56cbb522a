"""``resgraph serve``: a read-only SPARQL 1.1 Protocol endpoint over a store.

The server listens on 127.0.0.1 (this machine only) and answers at ``/query``
and ``/sparql``: ``GET ?query=...``, ``POST`` of an HTML form
(``application/x-www-form-urlencoded``) or of the query itself
(``application/sparql-query``), with ``default-graph-uri`` and
``named-graph-uri``. SELECT results come as SPARQL JSON, XML, CSV or TSV by the
``Accept`` header (or ``format=json|xml|csv|tsv``); CONSTRUCT and DESCRIBE as
Turtle, N-Triples, RDF/XML or JSON-LD. The default graph is the union of the
named graphs, as for the embedded store.

It is read-only three times over: updates are refused (403) whether sent as an
``update=`` form, as ``application/sparql-update``, to ``/update``, or disguised
as a query; the store is opened read-only; and each query runs in a worker
process that holds nothing else. A query that runs past ``timeout`` seconds is
stopped by ending its worker (a fresh one takes its place) and answered with
503; results past ``limit`` rows are cut, and the response says so in the
``X-Resgraph-Truncated`` header. Every response carries CORS headers, so a
notebook on another local port can query it.

>>> negotiate("application/sparql-results+xml;q=0.9, text/csv", "solutions")
('csv', 'text/csv; charset=utf-8')
>>> query_form("PREFIX x: <http://x/> # comment\\n INSERT DATA { x:a x:b x:c }")
'INSERT'
"""

from __future__ import annotations

import argparse
import contextlib
import io
import json
import multiprocessing
import os
import queue
import re
import shutil
import signal
import subprocess
import sys
import threading
import time
import urllib.parse
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any
from xml.sax.saxutils import escape as _xml_escape
from xml.sax.saxutils import quoteattr as _xml_attr

import pyoxigraph as ox

from resgraph.errors import StoreError
from resgraph.queries.api import default_store_path

__all__ = [
    "MAX_BODY",
    "SparqlServer",
    "main",
    "make_server",
    "negotiate",
    "oxigraph_command",
    "query_form",
    "running",
    "store_location",
]

#: Largest request body accepted, in bytes.
MAX_BODY = 4 << 20
#: The paths that answer queries.
QUERY_PATHS = ("/query", "/sparql", "/")
#: Keywords that open a SPARQL Update operation.
UPDATE_WORDS = frozenset({"INSERT", "DELETE", "LOAD", "CLEAR", "DROP", "CREATE", "ADD", "MOVE",
                          "COPY", "WITH"})

_RESULT_TYPES = {
    "json": "application/sparql-results+json",
    "xml": "application/sparql-results+xml",
    "csv": "text/csv; charset=utf-8",
    "tsv": "text/tab-separated-values; charset=utf-8",
}
_RESULT_ALIASES = {
    "application/sparql-results+json": "json", "application/json": "json",
    "application/sparql-results+xml": "xml", "application/xml": "xml", "text/xml": "xml",
    "text/csv": "csv", "text/tab-separated-values": "tsv",
}
_GRAPH_TYPES = {
    "turtle": "text/turtle; charset=utf-8",
    "ntriples": "application/n-triples",
    "rdfxml": "application/rdf+xml",
    "jsonld": "application/ld+json",
}
_GRAPH_ALIASES = {
    "text/turtle": "turtle", "application/x-turtle": "turtle",
    "application/n-triples": "ntriples", "text/plain": "ntriples",
    "application/rdf+xml": "rdfxml", "application/xml": "rdfxml", "text/xml": "rdfxml",
    "application/ld+json": "jsonld", "application/json": "jsonld",
}
_FORMAT_PARAM = {"json": "json", "xml": "xml", "csv": "csv", "tsv": "tsv",
                 "turtle": "turtle", "ttl": "turtle", "nt": "ntriples", "ntriples": "ntriples",
                 "rdfxml": "rdfxml", "jsonld": "jsonld"}


# ------------------------------------------------------------------ parsing

_TOKEN_RE = re.compile(
    r"""(?P<comment>\#[^\n]*)
      | (?P<iri><[^<>"{}|^`\\\x00-\x20]*>)
      | (?P<string>\"\"\"(?:[^"\\]|\\.|"(?!""))*\"\"\"|'''(?:[^'\\]|\\.|'(?!''))*'''
                   |"(?:[^"\\\n]|\\.)*"|'(?:[^'\\\n]|\\.)*')
      | (?P<word>[A-Za-z_][A-Za-z0-9_\-]*:?[A-Za-z0-9_\-.]*)
      | (?P<other>\S)""",
    re.VERBOSE | re.DOTALL,
)


def query_form(text: str) -> str | None:
    """The keyword that opens a query or update, upper case, after its prologue.

    >>> query_form("BASE <http://x/> SELECT * WHERE {}"), query_form("drop all")
    ('SELECT', 'DROP')
    >>> query_form("# nothing") is None
    True
    """
    expect_iri = False
    for m in _TOKEN_RE.finditer(text):
        kind = m.lastgroup
        if kind == "comment":
            continue
        if expect_iri:
            if kind == "iri":
                expect_iri = False
            continue
        if kind == "word":
            word = m.group().upper()
            if word == "BASE":
                expect_iri = True
                continue
            if word == "PREFIX":
                expect_iri = True  # the prefix name is a word, then comes the IRI
                continue
            return word
        return None
    return None


def _is_update(text: str) -> bool:
    form = query_form(text)
    if form in UPDATE_WORDS:
        return True
    # "SELECT ... ; INSERT ..." or an update after a comment trick: look at every keyword.
    for m in _TOKEN_RE.finditer(text):
        if m.lastgroup == "word" and m.group().upper() in ("INSERT", "DELETE", "LOAD", "CLEAR",
                                                           "DROP"):
            return form not in ("SELECT", "ASK", "CONSTRUCT", "DESCRIBE")
    return False


def negotiate(accept: str | None, kind: str, override: str | None = None
              ) -> tuple[str, str] | None:
    """The format for a result kind (``solutions``, ``boolean``, ``graph``) and Accept header.

    ``override`` (the ``format`` request parameter) wins when it fits the kind.
    Returns ``(format, media type)``, or None when nothing acceptable can be made.

    >>> negotiate(None, "solutions")
    ('json', 'application/sparql-results+json')
    >>> negotiate("text/turtle", "graph")
    ('turtle', 'text/turtle; charset=utf-8')
    >>> negotiate("image/png", "solutions") is None
    True
    """
    types, aliases = (_GRAPH_TYPES, _GRAPH_ALIASES) if kind == "graph" else \
        (_RESULT_TYPES, _RESULT_ALIASES)
    default = "turtle" if kind == "graph" else "json"
    if override:
        wanted = _FORMAT_PARAM.get(override.strip().lower())
        if wanted is not None and wanted in types:
            return wanted, types[wanted]
        return None
    if not accept or not accept.strip():
        return default, types[default]
    choices: list[tuple[float, int, str]] = []
    for i, part in enumerate(accept.split(",")):
        media, *opts = (x.strip() for x in part.split(";"))
        q = 1.0
        for opt in opts:
            name, _, value = opt.partition("=")
            if name.strip().lower() == "q":
                try:
                    q = float(value)
                except ValueError:
                    q = 0.0
        if q <= 0:
            continue
        media = media.lower()
        if media in ("*/*", "application/*", "text/*"):
            fmt: str | None = default
        else:
            fmt = aliases.get(media)
        if fmt is not None:
            choices.append((-q, i, fmt))
    if not choices:
        return None
    fmt = min(choices)[2]
    return fmt, types[fmt]


def store_location(path: str | os.PathLike[str]) -> Path:
    """The Oxigraph database directory of a store: a resgraph store's current version.

    A resgraph store directory holds versions and a pointer file naming the
    current one; any other directory is taken as an Oxigraph database itself.

    Raises:
        StoreError: no such directory, or an unreadable pointer.

    >>> import tempfile
    >>> from resgraph.graph.store import EmbeddedStore
    >>> with tempfile.TemporaryDirectory() as tmp:
    ...     _ = EmbeddedStore.open(tmp + "/store")
    ...     store_location(tmp + "/store").name.startswith("v0")
    True
    """
    root = Path(path)
    if not root.is_dir():
        raise StoreError(f"no store at {root}")
    pointer = root / "resgraph-store.json"
    if not pointer.exists():
        return root
    try:
        data = json.loads(pointer.read_text(encoding="utf-8"))
        name = data["current"]
    except (OSError, ValueError, KeyError, TypeError) as exc:
        raise StoreError(f"{root}: unreadable store pointer: {exc}") from exc
    if not isinstance(name, str) or "/" in name or not (root / name).is_dir():
        raise StoreError(f"{root}: the store pointer names no version")
    return root / name


# ---------------------------------------------------------- serialization

_XSD_STRING = "http://www.w3.org/2001/XMLSchema#string"
_RDF_LANG = "http://www.w3.org/1999/02/22-rdf-syntax-ns#langString"


def _json_term(term: Any) -> dict[str, Any]:
    if isinstance(term, ox.NamedNode):
        return {"type": "uri", "value": term.value}
    if isinstance(term, ox.BlankNode):
        return {"type": "bnode", "value": term.value}
    if isinstance(term, ox.Literal):
        out: dict[str, Any] = {"type": "literal", "value": term.value}
        if term.language:
            out["xml:lang"] = term.language
        elif term.datatype.value != _XSD_STRING:
            out["datatype"] = term.datatype.value
        return out
    if isinstance(term, ox.Triple):
        return {"type": "triple", "value": {"subject": _json_term(term.subject),
                                            "predicate": _json_term(term.predicate),
                                            "object": _json_term(term.object)}}
    raise TypeError(f"not an RDF term: {term!r}")  # pragma: no cover


def _xml_term(term: Any) -> str:
    if isinstance(term, ox.NamedNode):
        return f"<uri>{_xml_escape(term.value)}</uri>"
    if isinstance(term, ox.BlankNode):
        return f"<bnode>{_xml_escape(term.value)}</bnode>"
    if isinstance(term, ox.Literal):
        if term.language:
            return (f"<literal xml:lang={_xml_attr(term.language)}>"
                    f"{_xml_escape(term.value)}</literal>")
        if term.datatype.value != _XSD_STRING:
            return (f"<literal datatype={_xml_attr(term.datatype.value)}>"
                    f"{_xml_escape(term.value)}</literal>")
        return f"<literal>{_xml_escape(term.value)}</literal>"
    if isinstance(term, ox.Triple):
        return (f"<triple><subject>{_xml_term(term.subject)}</subject>"
                f"<predicate>{_xml_term(term.predicate)}</predicate>"
                f"<object>{_xml_term(term.object)}</object></triple>")
    raise TypeError(f"not an RDF term: {term!r}")  # pragma: no cover


def _csv_cell(term: Any) -> str:
    if term is None:
        return ""
    if isinstance(term, ox.NamedNode | ox.Literal):
        text = term.value
    elif isinstance(term, ox.BlankNode):
        text = "_:" + term.value
    else:
        text = str(term)
    if any(c in text for c in ',"\r\n'):
        return '"' + text.replace('"', '""') + '"'
    return text


class _Deadline(Exception):
    """The query ran past its time."""


def _solutions(result: Any, limit: int, deadline: float) -> tuple[list[str], list[Any], bool]:
    names = [v.value for v in result.variables]
    rows: list[Any] = []
    truncated = False
    for i, solution in enumerate(result):
        if i >= limit:
            truncated = True
            break
        if i % 256 == 0 and time.monotonic() > deadline:
            raise _Deadline
        rows.append([solution[n] for n in names])
    return names, rows, truncated


def write_solutions(names: list[str], rows: Iterable[list[Any]], fmt: str) -> bytes:
    """SELECT results in a SPARQL results format: ``json``, ``xml``, ``csv`` or ``tsv``.

    >>> import pyoxigraph as ox
    >>> write_solutions(["x"], [[ox.Literal("a,b")], [None]], "csv")
    b'x\\r\\n"a,b"\\r\\n\\r\\n'
    >>> write_solutions(["x"], [[ox.NamedNode("http://a")]], "tsv")
    b'?x\\n<http://a>\\n'
    """
    if fmt == "json":
        bindings = [{n: _json_term(t) for n, t in zip(names, row, strict=True) if t is not None}
                    for row in rows]
        return json.dumps({"head": {"vars": names}, "results": {"bindings": bindings}},
                          ensure_ascii=False, separators=(",", ":")).encode("utf-8")
    if fmt == "xml":
        out = io.StringIO()
        out.write('<?xml version="1.0"?><sparql xmlns="http://www.w3.org/2005/sparql-results#">'
                  "<head>")
        out.writelines(f"<variable name={_xml_attr(n)}/>" for n in names)
        out.write("</head><results>")
        for row in rows:
            out.write("<result>")
            for n, t in zip(names, row, strict=True):
                if t is not None:
                    out.write(f"<binding name={_xml_attr(n)}>{_xml_term(t)}</binding>")
            out.write("</result>")
        out.write("</results></sparql>")
        return out.getvalue().encode("utf-8")
    if fmt == "csv":
        lines = [",".join(names)]
        lines.extend(",".join(_csv_cell(t) for t in row) for row in rows)
        return ("\r\n".join(lines) + "\r\n").encode("utf-8")
    if fmt == "tsv":
        lines = ["\t".join("?" + n for n in names)]
        lines.extend("\t".join("" if t is None else str(t) for t in row) for row in rows)
        return ("\n".join(lines) + "\n").encode("utf-8")
    raise ValueError(f"unknown results format: {fmt!r}")


def _write_boolean(value: bool, fmt: str) -> bytes:
    text = "true" if value else "false"
    if fmt == "json":
        return json.dumps({"head": {}, "boolean": value}).encode("utf-8")
    if fmt == "xml":
        return ('<?xml version="1.0"?><sparql xmlns="http://www.w3.org/2005/sparql-results#">'
                f"<head></head><boolean>{text}</boolean></sparql>").encode()
    return text.encode("utf-8")


def _write_graph(triples: list[Any], fmt: str) -> bytes:
    from resgraph.graph.vocab import PREFIXES  # noqa: PLC0415 - rdflib is slow to import

    formats = {"turtle": ox.RdfFormat.TURTLE, "ntriples": ox.RdfFormat.N_TRIPLES,
               "rdfxml": ox.RdfFormat.RDF_XML, "jsonld": ox.RdfFormat.JSON_LD}
    if fmt == "turtle":
        prefixes = {k: v for k, v in PREFIXES.items() if k != "id"}
        data = ox.serialize(triples, format=formats[fmt], prefixes=prefixes)
    else:
        data = ox.serialize(triples, format=formats[fmt])
    return data if isinstance(data, bytes) else b""


# ------------------------------------------------------------------ workers

@dataclass(slots=True)
class Request:
    """One query for a worker."""

    query: str
    accept: str | None = None
    format: str | None = None
    default_graphs: list[str] = field(default_factory=list)
    named_graphs: list[str] = field(default_factory=list)
    limit: int = 10_000
    timeout: float = 30.0


@dataclass(slots=True)
class Response:
    """What the HTTP side sends back."""

    status: int
    content_type: str
    body: bytes
    headers: dict[str, str] = field(default_factory=dict)


def _text(status: int, message: str) -> Response:
    return Response(status, "text/plain; charset=utf-8", (message.rstrip() + "\n").encode())


class _Executor:
    """Runs requests against the store at ``root`` (re-opened when a build switches versions)."""

    def __init__(self, root: str, union: bool) -> None:
        self.root = root
        self.union = union
        self.location: Path | None = None
        self.store: Any = None

    def _open(self) -> Any:
        location = store_location(self.root)
        if self.store is None or location != self.location:
            self.store = ox.Store.read_only(str(location))
            self.location = location
        return self.store

    def run(self, req: Request) -> Response:
        deadline = time.monotonic() + req.timeout
        if _is_update(req.query):
            return _text(403, "this endpoint is read-only: SPARQL updates are refused")
        try:
            store = self._open()
        except (StoreError, OSError) as exc:
            return _text(500, f"cannot open the store: {exc}")
        kwargs: dict[str, Any] = {}
        try:
            if req.default_graphs:
                kwargs["default_graph"] = [ox.NamedNode(g) for g in req.default_graphs]
            else:
                kwargs["use_default_graph_as_union"] = self.union
            if req.named_graphs:
                kwargs["named_graphs"] = [ox.NamedNode(g) for g in req.named_graphs]
        except ValueError as exc:
            return _text(400, f"invalid graph IRI: {exc}")
        try:
            result = store.query(req.query, **kwargs)
        except SyntaxError as exc:
            return _text(400, f"invalid SPARQL query: {exc}")
        except (OSError, RuntimeError, ValueError) as exc:
            return _text(500, f"query failed: {exc}")
        try:
            if isinstance(result, ox.QueryBoolean):
                chosen = negotiate(req.accept, "boolean", req.format)
                if chosen is None:
                    return _text(406, "no acceptable format: use SPARQL JSON, XML, CSV or TSV")
                return Response(200, chosen[1], _write_boolean(bool(result), chosen[0]))
            if isinstance(result, ox.QuerySolutions):
                chosen = negotiate(req.accept, "solutions", req.format)
                if chosen is None:
                    return _text(406, "no acceptable format: use SPARQL JSON, XML, CSV or TSV")
                names, rows, truncated = _solutions(result, req.limit, deadline)
                headers = {"X-Resgraph-Truncated": "true"} if truncated else {}
                return Response(200, chosen[1], write_solutions(names, rows, chosen[0]), headers)
            chosen = negotiate(req.accept, "graph", req.format)
            if chosen is None:
                return _text(406, "no acceptable format: use Turtle, N-Triples, RDF/XML or "
                                  "JSON-LD")
            triples: list[Any] = []
            truncated = False
            for i, triple in enumerate(result):
                if i >= req.limit:
                    truncated = True
                    break
                if i % 256 == 0 and time.monotonic() > deadline:
                    raise _Deadline
                triples.append(triple)
            headers = {"X-Resgraph-Truncated": "true"} if truncated else {}
            return Response(200, chosen[1], _write_graph(triples, chosen[0]), headers)
        except _Deadline:
            return _text(503, f"the query ran past the time limit of {req.timeout:g} s")
        except (OSError, RuntimeError, ValueError, TypeError) as exc:
            return _text(500, f"query failed: {exc}")


def _worker_main(conn: Any, root: str, union: bool) -> None:  # pragma: no cover - subprocess
    executor = _Executor(root, union)
    while True:
        try:
            req = conn.recv()
        except (EOFError, OSError, KeyboardInterrupt):
            return
        if req is None:
            return
        try:
            resp = executor.run(req)
        except Exception as exc:
            resp = _text(500, f"query failed: {exc}")
        try:
            conn.send(resp)
        except (OSError, ValueError):
            return


class _Worker:
    def __init__(self, ctx: Any, root: str, union: bool) -> None:
        self.conn, child = ctx.Pipe()
        self.proc = ctx.Process(target=_worker_main, args=(child, root, union), daemon=True,
                                name="resgraph-sparql-worker")
        self.proc.start()
        child.close()

    def ask(self, req: Request, timeout: float) -> Response | None:
        """The response, or None when the worker ran past ``timeout`` or died."""
        try:
            self.conn.send(req)
            if not self.conn.poll(timeout):
                return None
            resp: Response = self.conn.recv()
            return resp
        except (EOFError, OSError, BrokenPipeError):
            return None

    def stop(self, kill: bool = False) -> None:
        with contextlib.suppress(OSError, ValueError):
            if kill:
                self.proc.kill()
            else:
                self.conn.send(None)
        self.proc.join(2)
        if self.proc.is_alive():
            self.proc.kill()
            self.proc.join(2)
        with contextlib.suppress(OSError):
            self.conn.close()


class WorkerPool:
    """Worker processes, each with the store open read-only; one query at a time each."""

    def __init__(self, root: str | os.PathLike[str], workers: int = 2, union: bool = True
                 ) -> None:
        if workers < 1:
            raise StoreError(f"at least one worker is needed, not {workers}")
        store_location(root)  # fail early on a missing store
        self.root = str(root)
        self.union = union
        self.ctx = multiprocessing.get_context("spawn")
        self.idle: queue.Queue[_Worker] = queue.Queue()
        self.all: list[_Worker] = []
        self.lock = threading.Lock()
        for _ in range(workers):
            self._spawn()

    def _spawn(self) -> None:
        worker = _Worker(self.ctx, self.root, self.union)
        with self.lock:
            self.all.append(worker)
        self.idle.put(worker)

    def run(self, req: Request) -> Response:
        """Run one request in an idle worker; 503 when none frees up in time or it times out."""
        start = time.monotonic()
        try:
            worker = self.idle.get(timeout=req.timeout)
        except queue.Empty:
            return _text(503, "the server is busy: every worker is running a query")
        left = max(0.05, req.timeout - (time.monotonic() - start))
        resp = worker.ask(req, left + 1.0)
        if resp is None:
            worker.stop(kill=True)
            with self.lock:
                if worker in self.all:
                    self.all.remove(worker)
            self._spawn()
            return _text(503, f"the query ran past the time limit of {req.timeout:g} s "
                              "and was stopped")
        self.idle.put(worker)
        return resp

    def close(self) -> None:
        """Stop every worker."""
        with self.lock:
            workers, self.all = self.all, []
        for worker in workers:
            worker.stop()


# --------------------------------------------------------------------- HTTP

class _Handler(BaseHTTPRequestHandler):
    server: SparqlServer
    server_version = "resgraph-sparql"
    protocol_version = "HTTP/1.1"

    def log_message(self, format: str, *args: Any) -> None:
        if not self.server.quiet:
            super().log_message(format, *args)

    # -- responses
    def _send(self, resp: Response) -> None:
        self.send_response(resp.status)
        self.send_header("Content-Type", resp.content_type)
        self.send_header("Content-Length", str(len(resp.body)))
        self._cors()
        self.send_header("Cache-Control", "no-store")
        self.send_header("Vary", "Accept")
        for name, value in resp.headers.items():
            self.send_header(name, value)
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(resp.body)

    def _cors(self) -> None:
        self.send_header("Access-Control-Allow-Origin", "*")
        self.send_header("Access-Control-Expose-Headers", "X-Resgraph-Truncated, Content-Type")

    def _error(self, status: int, message: str) -> None:
        self._send(_text(status, message))

    # -- methods
    def do_OPTIONS(self) -> None:
        self.send_response(HTTPStatus.NO_CONTENT)
        self._cors()
        self.send_header("Access-Control-Allow-Methods", "GET, POST, OPTIONS")
        self.send_header("Access-Control-Allow-Headers", "Accept, Content-Type")
        self.send_header("Access-Control-Max-Age", "86400")
        self.send_header("Content-Length", "0")
        self.end_headers()

    def do_GET(self) -> None:
        url = urllib.parse.urlsplit(self.path)
        params = urllib.parse.parse_qs(url.query, keep_blank_values=True)
        if url.path == "/update" or "update" in params:
            self._error(403, "this endpoint is read-only: SPARQL updates are refused")
            return
        if url.path not in QUERY_PATHS:
            self._error(404, f"nothing at {url.path}: send queries to /query")
            return
        if "query" not in params:
            if url.path == "/":
                self._send(Response(200, "text/plain; charset=utf-8", _HELP.encode()))
            else:
                self._error(400, "missing query: GET /query?query=SELECT...")
            return
        self._answer(params)

    def do_POST(self) -> None:
        url = urllib.parse.urlsplit(self.path)
        params = urllib.parse.parse_qs(url.query, keep_blank_values=True)
        ctype = (self.headers.get("Content-Type") or "").split(";")[0].strip().lower()
        if url.path == "/update" or ctype == "application/sparql-update" or "update" in params:
            self._discard_body()
            self._error(403, "this endpoint is read-only: SPARQL updates are refused")
            return
        if url.path not in QUERY_PATHS:
            self._discard_body()
            self._error(404, f"nothing at {url.path}: send queries to /query")
            return
        body = self._body()
        if body is None:
            return
        if ctype == "application/x-www-form-urlencoded":
            try:
                form = urllib.parse.parse_qs(body.decode("utf-8"), keep_blank_values=True,
                                             strict_parsing=False)
            except UnicodeDecodeError:
                self._error(400, "the form is not UTF-8")
                return
            if "update" in form:
                self._error(403, "this endpoint is read-only: SPARQL updates are refused")
                return
            for key, values in form.items():
                params.setdefault(key, []).extend(values)
        elif ctype == "application/sparql-query":
            try:
                params["query"] = [body.decode("utf-8")]
            except UnicodeDecodeError:
                self._error(400, "the query is not UTF-8")
                return
        else:
            self._error(415, "send application/sparql-query or an "
                             "application/x-www-form-urlencoded form")
            return
        if "query" not in params:
            self._error(400, "missing query")
            return
        self._answer(params)

    def do_PUT(self) -> None:
        self._discard_body()
        self._error(403, "this endpoint is read-only")

    do_DELETE = do_PUT
    do_PATCH = do_PUT

    # -- helpers
    def _length(self) -> int | None:
        try:
            return int(self.headers.get("Content-Length") or 0)
        except ValueError:
            return None

    def _discard_body(self) -> None:
        length = self._length()
        if length and length <= MAX_BODY:
            self.rfile.read(length)
        elif length:
            self.close_connection = True

    def _body(self) -> bytes | None:
        length = self._length()
        if length is None:
            self._error(400, "bad Content-Length")
            return None
        if length > MAX_BODY:
            self.close_connection = True
            self._error(413, f"the request is larger than {MAX_BODY} bytes")
            return None
        return self.rfile.read(length) if length else b""

    def _answer(self, params: Mapping[str, list[str]]) -> None:
        queries = params.get("query", [])
        if len(queries) != 1:
            self._error(400, "give exactly one query")
            return
        text = queries[0]
        if _is_update(text):
            self._error(403, "this endpoint is read-only: SPARQL updates are refused")
            return
        formats = params.get("format") or []
        fmt = formats[0] if formats else None
        req = Request(
            query=text,
            accept=self.headers.get("Accept"),
            format=fmt,
            default_graphs=list(params.get("default-graph-uri", [])),
            named_graphs=list(params.get("named-graph-uri", [])),
            limit=self.server.limit,
            timeout=self.server.query_timeout,
        )
        self._send(self.server.pool.run(req))


_HELP = """resgraph SPARQL endpoint (read-only)

Send SPARQL 1.1 queries to /query (or /sparql):
  GET  /query?query=SELECT...
  POST /query   Content-Type: application/sparql-query
  POST /query   Content-Type: application/x-www-form-urlencoded   query=SELECT...
Results by Accept: application/sparql-results+json (default), application/sparql-results+xml,
text/csv, text/tab-separated-values; CONSTRUCT: text/turtle, application/n-triples.
The default graph is the union of the named graphs. Updates are refused.
"""


class SparqlServer(ThreadingHTTPServer):
    """The HTTP server: a :class:`WorkerPool` behind a ``ThreadingHTTPServer``."""

    daemon_threads = True
    allow_reuse_address = True

    def __init__(self, address: tuple[str, int], pool: WorkerPool, *, timeout: float,
                 limit: int, quiet: bool = False) -> None:
        self.pool = pool
        self.query_timeout = timeout
        self.limit = limit
        self.quiet = quiet
        super().__init__(address, _Handler)

    @property
    def url(self) -> str:
        """The query URL, ``http://127.0.0.1:PORT/query``."""
        host, port = self.server_address[:2]
        return f"http://{host!s}:{port}/query"

    def server_close(self) -> None:
        """Close the socket and stop the workers."""
        super().server_close()
        self.pool.close()


def make_server(
    store: str | os.PathLike[str],
    *,
    host: str = "127.0.0.1",
    port: int = 7878,
    timeout: float = 30.0,
    limit: int = 10_000,
    workers: int = 2,
    union: bool = True,
    quiet: bool = False,
) -> SparqlServer:
    """A ready server over the store directory ``store`` (``port=0`` picks a free port).

    Call ``serve_forever()`` to run it, ``shutdown()`` and ``server_close()`` to stop.

    Raises:
        StoreError: no store there, or bad settings.

    >>> import tempfile
    >>> from resgraph.graph.store import EmbeddedStore
    >>> with tempfile.TemporaryDirectory() as tmp:
    ...     _ = EmbeddedStore.open(tmp + "/store")
    ...     server = make_server(tmp + "/store", port=0, workers=1, quiet=True)
    ...     server.url.startswith("http://127.0.0.1:"), server.url.endswith("/query")
    ...     server.server_close()
    (True, True)
    """
    if timeout <= 0:
        raise StoreError(f"the timeout must be positive, not {timeout}")
    if limit < 0:
        raise StoreError(f"the limit must not be negative, not {limit}")
    pool = WorkerPool(store, workers=workers, union=union)
    try:
        return SparqlServer((host, port), pool, timeout=timeout, limit=limit, quiet=quiet)
    except OSError as exc:
        pool.close()
        raise StoreError(f"cannot listen on {host}:{port}: {exc.strerror or exc}") from exc


@contextlib.contextmanager
def running(store: str | os.PathLike[str], **options: Any) -> Iterator[str]:
    """Serve ``store`` in a background thread for the ``with`` block; yields the query URL.

    Options are those of :func:`make_server` (``port`` defaults to a free one here).

    >>> import tempfile, urllib.request, urllib.parse
    >>> from resgraph.graph.store import EmbeddedStore
    >>> with tempfile.TemporaryDirectory() as tmp:
    ...     store = EmbeddedStore.open(tmp + "/store")
    ...     with running(tmp + "/store", quiet=True, workers=1) as url:
    ...         q = urllib.parse.quote("ASK { ?s ?p ?o }")
    ...         urllib.request.urlopen(f"{url}?query={q}").read()
    b'{"head": {}, "boolean": false}'
    """
    options.setdefault("port", 0)
    server = make_server(store, **options)
    thread = threading.Thread(target=server.serve_forever, name="resgraph-serve", daemon=True)
    thread.start()
    try:
        yield server.url
    finally:
        server.shutdown()
        server.server_close()
        thread.join(5)


# ----------------------------------------------------------------- oxigraph

def oxigraph_command(
    store: str | os.PathLike[str],
    *,
    host: str = "127.0.0.1",
    port: int = 7878,
    timeout: float | None = 30.0,
    binary: str | None = None,
) -> list[str]:
    """The ``oxigraph serve-read-only`` command line serving the same store.

    Raises:
        StoreError: the ``oxigraph`` program is not installed (``pip install oxigraph``).

    >>> import tempfile
    >>> from resgraph.graph.store import EmbeddedStore
    >>> with tempfile.TemporaryDirectory() as tmp:
    ...     _ = EmbeddedStore.open(tmp + "/store")
    ...     cmd = oxigraph_command(tmp + "/store", port=7878, binary="oxigraph")
    >>> cmd[:2], cmd[4:]  # doctest: +NORMALIZE_WHITESPACE
    (['oxigraph', 'serve-read-only'],
     ['--bind', '127.0.0.1:7878', '--union-default-graph', '--cors', '--timeout-s', '30'])
    """
    exe = binary or shutil.which("oxigraph") or _beside_python("oxigraph")
    if exe is None:
        raise StoreError("the `oxigraph` program is not installed: pip install oxigraph")
    cmd = [exe, "serve-read-only", "--location", str(store_location(store)),
           "--bind", f"{host}:{port}", "--union-default-graph", "--cors"]
    if timeout:
        cmd += ["--timeout-s", str(max(1, round(timeout)))]
    return cmd


def _beside_python(name: str) -> str | None:
    candidate = Path(sys.executable).parent / name
    return str(candidate) if candidate.is_file() and os.access(candidate, os.X_OK) else None


# ---------------------------------------------------------------------- CLI

def main(args: argparse.Namespace) -> int:
    """Run ``resgraph serve`` with parsed arguments; returns the exit status."""
    store = Path(args.store) if args.store else default_store_path()
    if not store.exists():
        raise StoreError(f"no store at {store}: build the demo store with `resgraph demo`, "
                         "or give one with --store DIR")
    if args.host not in ("127.0.0.1", "localhost", "::1"):
        print(f"resgraph: warning: listening on {args.host}: other machines may query the "
              "store", file=sys.stderr)
    if args.engine == "oxigraph":
        cmd = oxigraph_command(store, host=args.host, port=args.port, timeout=args.timeout)
        print("resgraph: " + " ".join(cmd), file=sys.stderr)
        if args.limit:
            print("resgraph: note: oxigraph has no result limit; --limit is not applied",
                  file=sys.stderr)
        try:
            return subprocess.call(cmd)
        except KeyboardInterrupt:
            return 0
    server = make_server(store, host=args.host, port=args.port, timeout=args.timeout,
                         limit=args.limit, workers=args.workers)
    print(f"resgraph: serving {store} read-only at {server.url} "
          f"(timeout {args.timeout:g} s, at most {args.limit} results; Ctrl-C stops)",
          file=sys.stderr)

    def _stop(*_: Any) -> None:
        raise KeyboardInterrupt

    previous = signal.signal(signal.SIGTERM, _stop)
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass
    finally:
        signal.signal(signal.SIGTERM, previous)
        server.server_close()
    return 0
