"""``resgraph serve``: the read-only SPARQL 1.1 Protocol endpoint, and Oxigraph's own
server on the same store directory."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pyoxigraph as ox
import pytest
from test_queries_support import (
    CASES,
    build_example,
    endpoint,
    free_port,
    oxigraph_binary,
    oxigraph_server,
    project,
    wait_for,
)

from resgraph.errors import StoreError
from resgraph.graph.store import EmbeddedStore
from resgraph.queries import api, serve

pytestmark = pytest.mark.server

SELECT = ("PREFIX cito: <http://purl.org/spar/cito/>\n"
          "SELECT ?s ?o WHERE { GRAPH ?g { ?s cito:cites ?o } } ORDER BY ?s ?o")
SLOW = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i . ?j ?k ?l }"


@pytest.fixture(scope="module")
def store_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build_example(tmp_path_factory.mktemp("serve") / "store")


@pytest.fixture(scope="module")
def url(store_dir: Path) -> Iterator[str]:
    with serve.running(store_dir, quiet=True, workers=2, timeout=2.0, limit=1000) as address:
        yield address


def http(url: str, *, data: bytes | None = None, method: str | None = None,
         headers: dict[str, str] | None = None) -> tuple[int, dict[str, str], bytes]:
    request = urllib.request.Request(url, data=data, method=method, headers=headers or {})
    try:
        with urllib.request.urlopen(request, timeout=60) as response:
            return response.status, dict(response.headers.items()), response.read()
    except urllib.error.HTTPError as exc:
        return exc.code, dict(exc.headers.items()), exc.read()


def get(url: str, query: str, accept: str | None = None, **params: str) -> Any:
    q = urllib.parse.urlencode({"query": query, **params})
    return http(f"{url}?{q}", headers={"Accept": accept} if accept else {})


def post_form(url: str, form: dict[str, str], accept: str | None = None) -> Any:
    headers = {"Content-Type": "application/x-www-form-urlencoded"}
    if accept:
        headers["Accept"] = accept
    return http(url, data=urllib.parse.urlencode(form).encode(), headers=headers)


def reference(store_dir: Path, query: str, fmt: ox.QueryResultsFormat) -> Any:
    with EmbeddedStore.open(store_dir, create=False) as store:
        result = store.oxigraph.query(query, use_default_graph_as_union=True)
        return list(ox.parse_query_results(result.serialize(format=fmt), fmt))


# ----------------------------------------------------------------- reading

@pytest.mark.parametrize(("accept", "fmt", "media"), [
    (None, ox.QueryResultsFormat.JSON, "application/sparql-results+json"),
    ("application/sparql-results+json", ox.QueryResultsFormat.JSON,
     "application/sparql-results+json"),
    ("application/sparql-results+xml", ox.QueryResultsFormat.XML,
     "application/sparql-results+xml"),
    ("text/csv", ox.QueryResultsFormat.CSV, "text/csv"),
    ("text/tab-separated-values", ox.QueryResultsFormat.TSV, "text/tab-separated-values"),
    ("text/html, text/csv;q=0.5, */*;q=0.1", ox.QueryResultsFormat.CSV, "text/csv"),
])
def test_select_in_every_results_format(url: str, store_dir: Path, accept: str | None,
                                        fmt: ox.QueryResultsFormat, media: str) -> None:
    status, headers, body = get(url, SELECT, accept)
    assert status == 200
    assert headers["Content-Type"].startswith(media)
    assert headers["Access-Control-Allow-Origin"] == "*"
    if fmt == ox.QueryResultsFormat.CSV:  # CSV cannot be read back: compare with Oxigraph's
        with EmbeddedStore.open(store_dir, create=False) as store:
            result = store.oxigraph.query(SELECT, use_default_graph_as_union=True)
            assert body == result.serialize(format=fmt)
        return
    ours = list(ox.parse_query_results(body, fmt))
    assert len(ours) == 34  # 17 citations: by the texts and by their paragraphs
    assert [[str(s[v]) for v in ("s", "o")] for s in ours] == [
        [str(s[v]) for v in ("s", "o")] for s in reference(store_dir, SELECT, fmt)]


def test_post_form_and_post_query(url: str) -> None:
    status, _, body = post_form(url, {"query": SELECT})
    assert status == 200
    assert body.count(b"\"s\":") == 34
    status, _, body2 = http(url, data=SELECT.encode(),
                            headers={"Content-Type": "application/sparql-query"})
    assert status == 200
    assert body2 == body
    assert get(url.replace("/query", "/sparql"), SELECT)[2] == body


def test_format_parameter_and_terms_round_trip(url: str) -> None:
    query = ('SELECT ?a ?b ?c ?d WHERE { BIND("x,\\"y\\"\\nz"@en AS ?a) BIND(42 AS ?b) '
             'BIND(BNODE() AS ?c) BIND(<http://example.org/é> AS ?d) }')
    for name, fmt in (("json", ox.QueryResultsFormat.JSON), ("xml", ox.QueryResultsFormat.XML),
                      ("tsv", ox.QueryResultsFormat.TSV)):
        status, _, body = get(url, query, format=name)
        assert status == 200
        [solution] = list(ox.parse_query_results(body, fmt))
        assert solution["a"] == ox.Literal('x,"y"\nz', language="en")
        assert solution["b"] == ox.Literal("42", datatype=ox.NamedNode(
            "http://www.w3.org/2001/XMLSchema#integer"))
        assert isinstance(solution["c"], ox.BlankNode)
        assert solution["d"] == ox.NamedNode("http://example.org/é")
    status, _, body = get(url, query, format="csv")
    assert body.splitlines()[1].startswith(b'"x,""y""')


def test_ask_and_construct(url: str) -> None:
    status, _, body = get(url, "ASK { ?s ?p ?o }")
    assert status == 200
    assert b'"boolean": true' in body
    status, headers, body = get(url, "ASK { ?s ?p ?o }", "application/sparql-results+xml")
    assert b"<boolean>true</boolean>" in body
    construct = ("PREFIX cito: <http://purl.org/spar/cito/>\n"
                 "CONSTRUCT { ?s cito:cites ?o } WHERE { GRAPH ?g { ?s cito:cites ?o } }")
    status, headers, body = get(url, construct, "text/turtle")
    assert status == 200
    assert headers["Content-Type"].startswith("text/turtle")
    assert len(list(ox.parse(body, ox.RdfFormat.TURTLE))) == 34  # texts and paragraphs
    status, headers, body = get(url, construct, "application/n-triples")
    assert len(list(ox.parse(body, ox.RdfFormat.N_TRIPLES))) == 34


def test_union_default_graph_and_dataset_parameters(url: str) -> None:
    query = "SELECT (COUNT(*) AS ?n) WHERE { ?s a <https://w3id.org/resgraph/ontology#Instrument> }"
    _, _, union = get(url, query)
    _, _, registry = get(url, query, **{"default-graph-uri":
                                        "https://w3id.org/resgraph/graph/registry"})
    assert b'"value":"4"' in registry
    assert b'"value":"0"' not in union


def test_named_queries_through_the_endpoint(url: str) -> None:
    store = endpoint(url)
    for name, params, columns, expected in CASES:
        assert project(api.run_query(name, params, store), columns) == expected, name


def test_result_limit(store_dir: Path) -> None:
    with serve.running(store_dir, quiet=True, workers=1, limit=5) as address:
        status, headers, body = get(address, SELECT)
        assert status == 200
        assert headers.get("X-Resgraph-Truncated") == "true"
        assert len(list(ox.parse_query_results(body, ox.QueryResultsFormat.JSON))) == 5
        status, headers, body = get(address, "SELECT * WHERE { BIND(1 AS ?x) }")
        assert "X-Resgraph-Truncated" not in headers
        construct = "CONSTRUCT { ?s ?p ?o } WHERE { GRAPH ?g { ?s ?p ?o } }"
        status, headers, body = get(address, construct, "application/n-triples")
        assert headers.get("X-Resgraph-Truncated") == "true"
        assert len(body.splitlines()) == 5


def test_timeout_stops_the_query_and_the_server_goes_on(url: str) -> None:
    started = time.monotonic()
    status, _, body = get(url, SLOW)
    assert status == 503
    assert b"time limit" in body
    assert time.monotonic() - started < 15
    for _ in range(3):  # the stopped worker was replaced
        assert get(url, "ASK {}")[0] == 200


# ------------------------------------------------------------ refusals

UPDATE = "INSERT DATA { GRAPH <http://evil/g> { <http://evil/a> <http://evil/b> <http://evil/c> } }"


@pytest.mark.parametrize("how", ["form", "update-type", "update-path", "query-param",
                                 "query-form", "query-body", "drop", "put", "delete",
                                 "comment-trick", "get-update"])
def test_updates_are_refused(url: str, store_dir: Path, how: str) -> None:
    with EmbeddedStore.open(store_dir, create=False) as store:
        before = store.count()
    base = url.rsplit("/", 1)[0]
    if how == "form":
        status, _, _ = post_form(url, {"update": UPDATE})
    elif how == "update-type":
        status, _, _ = http(url, data=UPDATE.encode(),
                            headers={"Content-Type": "application/sparql-update"})
    elif how == "update-path":
        status, _, _ = post_form(base + "/update", {"update": UPDATE})
    elif how == "query-param":
        status, _, _ = get(url, UPDATE)
    elif how == "query-form":
        status, _, _ = post_form(url, {"query": UPDATE})
    elif how == "query-body":
        status, _, _ = http(url, data=UPDATE.encode(),
                            headers={"Content-Type": "application/sparql-query"})
    elif how == "drop":
        status, _, _ = post_form(url, {"query": "DROP ALL"})
    elif how == "put":
        status, _, _ = http(base + "/store", data=b"<a:a> <a:a> <a:a> .", method="PUT",
                            headers={"Content-Type": "application/n-triples"})
    elif how == "delete":
        status, _, _ = http(base + "/store?default", method="DELETE")
    elif how == "comment-trick":
        status, _, _ = post_form(url, {"query": "# SELECT\nPREFIX a: <a:>\n" + UPDATE})
    else:
        status, _, _ = http(f"{url}?update={urllib.parse.quote(UPDATE)}")
    assert status == 403
    with EmbeddedStore.open(store_dir, create=False) as store:
        assert store.count() == before
        assert not store.ask("ASK { GRAPH ?g { <http://evil/a> ?p ?o } }")


def test_errors(url: str) -> None:
    base = url.rsplit("/", 1)[0]
    assert get(url, "SELECT * WHERE { ?s ?p ")[0] == 400
    assert http(url)[0] == 400
    assert http(base + "/nothing")[0] == 404
    assert get(url, SELECT, "image/png")[0] == 406
    assert get(url, SELECT, format="pdf")[0] == 406
    assert http(url, data=b"query=x", headers={"Content-Type": "text/plain"})[0] == 415
    big = b"query=" + b"x" * (serve.MAX_BODY + 10)
    try:
        status = http(url, data=big, headers={
            "Content-Type": "application/x-www-form-urlencoded"})[0]
    except (ConnectionError, urllib.error.URLError):
        status = 413  # the server may close the connection before the body is sent
    assert status == 413
    status, _headers, body = http(base + "/")
    assert status == 200
    assert b"read-only" in body


def test_cors_preflight(url: str) -> None:
    status, headers, _ = http(url, method="OPTIONS", headers={
        "Origin": "http://localhost:8888", "Access-Control-Request-Method": "POST"})
    assert status == 204
    assert headers["Access-Control-Allow-Origin"] == "*"
    assert "POST" in headers["Access-Control-Allow-Methods"]
    assert "Content-Type" in headers["Access-Control-Allow-Headers"]


def test_a_rebuilt_store_is_served_without_restart(tmp_path: Path) -> None:
    path = build_example(tmp_path / "store")
    with serve.running(path, quiet=True, workers=1) as address:
        query = "ASK { GRAPH <http://example.org/new> { ?s ?p ?o } }"
        assert b"false" in get(address, query)[2]
        store = EmbeddedStore.open(path)
        store.replace_graph("http://example.org/new",
                            '<http://a> <http://b> "c" <http://example.org/new> .\n')
        assert b"true" in get(address, query)[2]


def test_bad_settings_and_missing_stores(tmp_path: Path) -> None:
    with pytest.raises(StoreError, match="no store"):
        serve.make_server(tmp_path / "nowhere", port=0)
    with pytest.raises(StoreError, match="timeout"):
        serve.make_server(tmp_path, port=0, timeout=0)


def test_query_form_and_negotiation() -> None:
    assert serve.query_form("PREFIX : <http://a/>\nSELECT * {}") == "SELECT"
    assert serve.query_form("'''x''' DELETE") is None
    assert serve.negotiate("application/sparql-results+xml;q=0.1, text/csv;q=0.2",
                           "solutions") == ("csv", "text/csv; charset=utf-8")
    assert serve.negotiate("text/csv;q=0", "solutions") is None
    assert serve.negotiate("*/*", "graph") == ("turtle", "text/turtle; charset=utf-8")


# ---------------------------------------------------------- the command

def test_the_serve_command(store_dir: Path) -> None:
    port = free_port()
    proc = subprocess.Popen(
        [sys.executable, "-m", "resgraph", "serve", "--store", str(store_dir), "--port",
         str(port), "--timeout", "5", "--limit", "100", "--workers", "1"],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    try:
        address = f"http://127.0.0.1:{port}/query"
        wait_for(address.rsplit("/", 1)[0] + "/", 30)
        rows = api.cited_by("45/158", endpoint(address))
        assert len(rows) == 5
        assert post_form(address, {"update": UPDATE})[0] == 403
    finally:
        proc.send_signal(signal.SIGTERM)
        _out, err = proc.communicate(timeout=20)
    assert proc.returncode == 0
    assert b"read-only" in err


# ----------------------------------------------------- oxigraph's server

def test_oxigraph_serves_the_same_store(store_dir: Path) -> None:
    if oxigraph_binary() is None:
        pytest.skip("the `oxigraph` program is not installed (pip install oxigraph)")
    command = serve.oxigraph_command(store_dir, port=0)
    assert command[1:3] == ["serve-read-only", "--location"]
    assert Path(command[3]).parent == store_dir
    assert "--union-default-graph" in command
    with oxigraph_server(union=True, location=Path(command[3]), read_only=True) as address:
        store = endpoint(address)
        for name, params, columns, expected in CASES:
            assert project(api.run_query(name, params, store), columns) == expected, name
        assert post_form(address.rsplit("/", 1)[0] + "/update", {"update": UPDATE})[0] in (
            400, 403, 404, 405, 500)
    with EmbeddedStore.open(store_dir, create=False) as store:
        assert not store.ask("ASK { GRAPH ?g { <http://evil/a> ?p ?o } }")


def test_oxigraph_command_needs_the_program(store_dir: Path, monkeypatch: Any) -> None:
    monkeypatch.setenv("PATH", "")
    monkeypatch.setattr(serve, "_beside_python", lambda _name: None)
    with pytest.raises(StoreError, match="pip install oxigraph"):
        serve.oxigraph_command(store_dir)
    assert os.environ["PATH"] == ""
