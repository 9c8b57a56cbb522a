"""The named SPARQL queries: headers, known answers on the embedded store and on a
real SPARQL server, agreement with the NetworkX view, and hostile parameters."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pyoxigraph as ox
import pytest
from test_queries_support import CASES, build_example, endpoint, oxigraph_server, project

from resgraph.errors import QueryError
from resgraph.graph.nx import to_networkx
from resgraph.graph.store import EmbeddedStore, inject_values
from resgraph.queries import api, trace
from resgraph.queries.api import example_store, list_queries, load_query, run_query

QUERIES = list_queries()
NAMES = [q.name for q in QUERIES]
SPARQL_DIR = Path(api.__file__).parent / "sparql"


# ------------------------------------------------------------------ headers

def test_the_named_queries_are_all_there() -> None:
    assert set(NAMES) >= {"cited-by", "cites", "chain", "ancestors", "descendants", "top",
                          "top-by", "timeline", "co-cited", "verb-profile", "unresolved"}
    assert sorted(p.stem for p in SPARQL_DIR.glob("*.rq")) == NAMES


@pytest.mark.parametrize("query", QUERIES, ids=NAMES)
def test_header_names_parameters_and_columns(query: api.NamedQuery) -> None:
    text = query.text
    assert text.startswith(f"# {query.name}: ")
    assert query.summary
    assert query.columns
    body = "\n".join(line for line in text.splitlines() if not line.startswith("#"))
    for p in query.params:
        assert re.search(rf"\?{p.name}\b", body), f"?{p.name} is not used in {query.name}"
        assert p.description
    # Every variable of the projection is a documented column, in order.
    projected = _projection(text)
    assert projected == [c.name for c in query.columns]


def _projection(text: str) -> list[str]:
    body = "\n".join(line for line in text.splitlines() if not line.startswith("#"))
    select = re.search(r"SELECT(?:\s+DISTINCT)?(.*?)\bWHERE\b", body, re.S)
    assert select is not None
    clause = select.group(1)
    names = re.findall(r"\bAS\s+\?(\w+)\)|(?<![\w(])\?(\w+)", clause)
    out = []
    depth = 0
    for m in re.finditer(r"\(|\)|\bAS\s+\?(\w+)|\?(\w+)", clause):
        tok = m.group(0)
        if tok == "(":
            depth += 1
        elif tok == ")":
            depth -= 1
        elif m.group(1):
            out.append(m.group(1))
        elif depth == 0:
            out.append(m.group(2))
    assert names  # the clause names something
    return out


def test_queries_are_plain_sparql_11_without_pasted_values() -> None:
    for query in QUERIES:
        body = "\n".join(line for line in query.text.splitlines() if not line.startswith("#"))
        # Parameters are variables: no placeholder syntax, no Python formatting.
        assert "{{" not in body
        assert "%s" not in body
        assert "$" not in body
        assert "SERVICE" not in body.upper().split("#")[0]


def _branches(name: str) -> list[tuple[str, str]]:
    """(registry part and route, citation details) of each UNION branch of a query."""
    text = load_query(name).text
    body = text[text.rindex("{", 0, text.index("GRAPH ?g {\n")):]
    out = []
    for branch in body.split("} UNION {")[:7]:
        graph = re.search(
            r"GRAPH \?g \{\n\s*\?citation cito:hasCitedEntity \?\w+ \.\n(.*?)\n\s*\}\n",
            branch, re.S)
        assert graph is not None, name
        head = branch[:graph.start()] + branch[graph.end():]
        head = head[:head.index("AS ?via)") + len("AS ?via)")].strip(" {\n")
        head = re.sub(r"\s+", " ", head)
        out.append((head, re.sub(r"\s+", " ", graph.group(1))))
    return out


def test_queries_that_expand_targets_expand_them_alike() -> None:
    reference = [head for head, _ in _branches("cited-by")]
    assert len(reference) == 7
    for name in ("cited-by", "timeline", "verb-profile", "co-cited"):
        branches = _branches(name)
        assert [head for head, _ in branches] == reference, name
        assert len({details for _, details in branches}) == 1, name


def test_union_queries_say_so() -> None:
    assert {q.name for q in QUERIES if q.union} == {"ancestors", "descendants"}


# ------------------------------------------------------------ known answers

def _case_id(case: tuple[str, dict[str, Any], Any, Any]) -> str:
    name, params = case[0], case[1]
    return name + ("[" + ",".join(f"{k}={v}" for k, v in params.items()) + "]" if params else "")


def test_every_named_query_has_a_known_answer() -> None:
    assert {c[0] for c in CASES} == set(NAMES)


@pytest.mark.parametrize("case", CASES, ids=[_case_id(c) for c in CASES])
def test_known_answers_on_the_embedded_store(case: Any) -> None:
    name, params, columns, expected = case
    rows = run_query(name, params, example_store())
    assert project(rows, columns) == expected
    query = load_query(name)
    for row in rows:
        assert list(row) == [c.name for c in query.columns]


@pytest.fixture(scope="module")
def union_server() -> Iterator[str]:
    with oxigraph_server(union=True) as url:
        yield url


@pytest.fixture(scope="module")
def plain_server() -> Iterator[str]:
    with oxigraph_server(union=False) as url:
        yield url


@pytest.mark.server
@pytest.mark.parametrize("case", CASES, ids=[_case_id(c) for c in CASES])
def test_known_answers_on_a_sparql_server(case: Any, union_server: str) -> None:
    name, params, columns, expected = case
    rows = run_query(name, params, endpoint(union_server))
    assert project(rows, columns) == expected


@pytest.mark.server
@pytest.mark.parametrize("case", [c for c in CASES if not load_query(c[0]).union],
                         ids=[_case_id(c) for c in CASES if not load_query(c[0]).union])
def test_queries_that_name_their_graphs_need_no_union_default_graph(
        case: Any, plain_server: str) -> None:
    name, params, columns, expected = case
    rows = run_query(name, params, endpoint(plain_server))
    assert project(rows, columns) == expected


@pytest.mark.server
def test_full_rows_are_the_same_on_both_stores(union_server: str) -> None:
    server = endpoint(union_server)
    for name, params, _columns, _expected in CASES:
        assert run_query(name, params, server) == run_query(name, params, example_store()), name


# --------------------------------------------------------------- python API

def test_api_functions() -> None:
    store = example_store()
    assert [r["citing"] for r in api.cited_by("resolution 45/158", store)][:2] == [
        "S/RES/1325(2000)", "A/RES/59/241"]
    assert api.cited_by("A/RES/45/158", store, limit=2) == api.cited_by("45/158", store)[:2]
    assert [r["cited"] for r in api.cites("62/156", store)] == [
        "A/RES/61/208", "A/RES/217A(III)", "A/RES/45/158"]
    assert api.chain("62/156", "45/158", store, max_depth=4)[-1]["path"] == [
        "A/RES/62/156", "A/RES/61/208", "A/RES/60/227", "A/RES/59/241", "A/RES/45/158"]
    assert {r["key"] for r in api.ancestors("62/156", store)} >= {"A/RES/45/158", "A/RES/40/130"}
    assert api.descendants("62/156", store) == []
    assert [r["target"] for r in api.top(store, limit=2)] == ["A/RES/45/158", "A/RES/217A(III)"]
    assert api.top(store, organ="Security Council") == api.top(store, organ="sc")
    assert api.timeline("45/158", store)[0] == {"year": 2000, "verb": "recalling",
                                                "citations": 1, "texts": 1}
    assert api.co_cited("45/158", store, limit=1)[0]["other"] == "A/59/325"
    assert api.verb_profile("45/158", store)[0]["first_citing"] == "S/RES/1325(2000)"
    assert len(api.unresolved(store)) == 1
    assert api.unresolved(store, citing="61/208")[0]["reason"] == "unknown instrument"


@pytest.mark.parametrize("text", ["Migrant Workers Convention", "the migrant workers convention",
                                  "instrument:cmw"])
def test_instrument_names_from_the_store(text: str) -> None:
    assert api.resolve(text, example_store()) == "instrument:cmw"
    assert len(api.cited_by(text, example_store())) == 5


def test_run_query_takes_a_file_with_or_without_header(tmp_path: Path) -> None:
    plain = tmp_path / "plain.rq"
    plain.write_text("PREFIX cito: <http://purl.org/spar/cito/>\n"
                     "SELECT ?t WHERE { GRAPH ?g { ?c cito:hasCitedEntity ?t } } ORDER BY ?t")
    rows = run_query(plain, store=example_store(), limit=2)
    assert len(rows) == 2
    assert rows[0]["t"].startswith("https://w3id.org/resgraph/id/")
    typed = tmp_path / "typed.rq"
    typed.write_text("# typed: texts citing a target.\n#\n# parameters:\n"
                     "#   ?target  target  required  the target\n#\n# columns:\n"
                     "#   citing  key  the citing text\n"
                     "PREFIX cito: <http://purl.org/spar/cito/>\n"
                     "PREFIX foaf: <http://xmlns.com/foaf/0.1/>\n"
                     "SELECT DISTINCT ?citing WHERE {\n"
                     "  GRAPH ?g { ?g foaf:primaryTopic ?citing . ?citing cito:cites ?target }\n"
                     "} ORDER BY ?citing")
    assert run_query(typed, {"target": "217 A (III)"}, example_store()) == [
        {"citing": "A/RES/45/158"}, {"citing": "A/RES/62/156"}]


def test_query_errors_are_clear() -> None:
    store = example_store()
    with pytest.raises(QueryError, match="no query named"):
        run_query("no-such-query", {}, store)
    with pytest.raises(QueryError, match="needs \\?target"):
        run_query("cited-by", {}, store)
    with pytest.raises(QueryError, match="has no parameter \\?tagret"):
        run_query("cited-by", {"tagret": "45/158"}, store)
    with pytest.raises(QueryError, match="unknown target"):
        api.cited_by("not a symbol at all", store)
    with pytest.raises(QueryError, match="unknown organ"):
        api.top(store, organ="Trusteeship Kouncil")
    with pytest.raises(QueryError, match="unknown kind"):
        api.top(store, kind="poem")
    with pytest.raises(QueryError, match="must be an integer"):
        run_query("top-by", {"year": "2004; DROP ALL"}, store)
    with pytest.raises(QueryError, match="max_depth must be 1 to 4"):
        api.chain("62/156", "45/158", store, max_depth=9)
    with pytest.raises(QueryError, match="limit"):
        run_query("top", {}, store, limit=-1)


def test_default_store_path_and_missing_store(tmp_path: Path, monkeypatch: Any) -> None:
    monkeypatch.setenv("RESGRAPH_CACHE", str(tmp_path))
    assert api.default_store_path() == tmp_path / "demo-store"
    with pytest.raises(Exception, match="resgraph demo"):
        api.top()
    with pytest.raises(Exception, match="no store at"):
        api.top(tmp_path / "nowhere")


# ------------------------------------------------------------------ hostile

HOSTILE = [
    'a"b',
    "a'b",
    "}",
    "{ } } }",
    '" } INSERT DATA { <http://evil/a> <http://evil/b> <http://evil/c> } #',
    "\" . } ; DROP ALL ; SELECT * WHERE { \"",
    "\\u0022 } INSERT DATA { <a:a> <a:a> <a:a> } #",
    "\\\" } ; CLEAR ALL #",
    "line\nbreak\r\n and \t tab",
    "'''\"\"\"",
    "?target <x> ?y",
    "ünïcødé ✓ 𝄞",
    "\x00 nul",
]
BIG = "x" * 1_000_000 + '" } INSERT DATA { <a:a> <a:a> <a:a> }'


def _echo(tmp_path: Path) -> Path:
    path = tmp_path / "echo.rq"
    path.write_text("SELECT ?out WHERE { BIND(?value AS ?out) }")
    return path


@pytest.mark.parametrize("value", HOSTILE)
def test_hostile_strings_come_back_unchanged_and_change_nothing(value: str,
                                                                  tmp_path: Path) -> None:
    store = example_store()
    before = store.count()
    assert run_query(_echo(tmp_path), {"value": value}, store) == [{"out": value}]
    assert api.top(store, session=value) == []
    with pytest.raises(QueryError):
        api.cited_by(value, store)
    assert store.count() == before


def test_a_one_megabyte_parameter(tmp_path: Path) -> None:
    store = example_store()
    before = store.count()
    assert api.top(store, session=BIG) == []
    assert run_query(_echo(tmp_path), {"value": BIG}, store) == [{"out": BIG}]
    with pytest.raises(QueryError, match="too long"):
        api.cited_by(BIG, store)
    assert store.count() == before


@pytest.mark.parametrize("iri", ["http://a> } INSERT DATA { <a:a> <a:a> <a:a> } #<http://b",
                                 "not an iri", "http://a b", "<http://a>"])
def test_hostile_iris_are_refused(iri: str, tmp_path: Path) -> None:
    path = tmp_path / "iri.rq"
    path.write_text("# iri: echo an IRI.\n#\n# parameters:\n#   ?value  iri  required  an IRI\n"
                    "#\n# columns:\n#   out  iri  the IRI\n"
                    "SELECT ?out WHERE { BIND(?value AS ?out) }")
    with pytest.raises(QueryError, match="not a valid IRI"):
        run_query(path, {"value": iri}, example_store())


def test_bad_parameter_names_are_refused(tmp_path: Path) -> None:
    with pytest.raises(QueryError, match="not a variable name"):
        run_query(_echo(tmp_path), {"value } INSERT": "x"}, example_store())


def test_unknown_symbols_give_empty_answers() -> None:
    store = example_store()
    for name in ("cited-by", "timeline", "co-cited", "verb-profile", "descendants"):
        assert run_query(name, {"target": "A/RES/99/999"}, store) == [], name
    assert api.cites("A/RES/99/999", store) == []
    assert api.ancestors("A/RES/99/999", store) == []
    assert api.chain("A/RES/99/999", "45/158", store) == []
    assert not api.mentions("A/RES/99/999", store)


@pytest.mark.server
def test_hostile_parameters_on_a_sparql_server(union_server: str, tmp_path: Path) -> None:
    server = endpoint(union_server)
    before = server.count()
    for value in [*HOSTILE, BIG]:
        if "\x00" in value:
            continue  # NUL cannot travel in a form field to every server
        assert run_query(_echo(tmp_path), {"value": value}, server) == [{"out": value}]
        assert api.top(server, session=value) == []
    assert server.count() == before


def test_bindings_are_escaped_terms_never_pasted_text() -> None:
    query = load_query("top-by")
    bound = query.bind({"session": '" } INSERT DATA { <a:a> <a:a> <a:a> } #'})
    text = inject_values(query.text, bound)
    # The value appears only inside string literals, with its quote escaped.
    assert text.count("INSERT DATA") == text.count('\\" } INSERT DATA')
    assert isinstance(query.bind({"organ": "GA"})["organ"], ox.NamedNode)


# ------------------------------------------------------- agreement with nx

@pytest.fixture(scope="module")
def graph() -> Any:
    return trace.example_graph()


@pytest.fixture(scope="module")
def store_graph() -> Any:
    return to_networkx(example_store())


TARGETS = ["45/158", "UNTS 39481", "instrument:cmw", "instrument:udhr", "217 A (III)",
           "2200 A (XXI)", "instrument:iccpr", "59/241", "A/59/325"]
TEXTS = ["45/158", "1325 (2000)", "59/241", "60/227", "61/208", "62/156"]


@pytest.mark.parametrize("target", TARGETS)
def test_cited_by_in_two_steps_is_the_cited_by_query(target: str) -> None:
    store = example_store()
    assert api.cited_by(target, store) == run_query("cited-by", {"target": target}, store)


@pytest.mark.parametrize("target", TARGETS)
def test_cited_by_and_timeline_agree_with_networkx(target: str, graph: Any) -> None:
    store = example_store()
    assert api.cited_by(target, store) == trace.cited_by(graph, target)
    assert api.timeline(target, store) == trace.timeline(graph, target)


@pytest.mark.parametrize("text", TEXTS)
def test_cites_and_reach_agree_with_networkx(text: str, graph: Any) -> None:
    store = example_store()
    assert api.cites(text, store) == trace.cites(graph, text)
    assert [r["key"] for r in api.ancestors(text, store)] == sorted(
        (r["key"] for r in trace.ancestors(graph, text)),
        key=lambda k: (graph.nodes[k].get("date") is None, graph.nodes[k].get("date") or "", k))
    assert {r["key"] for r in api.descendants(text, store)} == {
        r["key"] for r in trace.descendants(graph, text)}


@pytest.mark.parametrize("source", TEXTS)
@pytest.mark.parametrize("target", TEXTS)
def test_chains_agree_with_networkx(source: str, target: str, graph: Any) -> None:
    if source == target:
        return
    rows = api.chain(source, target, example_store(), max_depth=4)
    assert [r["path"] for r in rows] == trace.chains(graph, source, target, max_depth=4)


def test_the_graph_read_back_from_the_store_is_the_same(graph: Any, store_graph: Any) -> None:
    assert sorted(graph.nodes(data=True)) == sorted(store_graph.nodes(data=True))
    assert trace.cited_by(store_graph, "45/158") == trace.cited_by(graph, "45/158")


def test_embedded_store_on_disk(tmp_path: Path) -> None:
    path = build_example(tmp_path / "store")
    assert api.cited_by("45/158", path) == api.cited_by("45/158", example_store())
    assert api.cited_by("45/158", str(path)) == api.cited_by("45/158", example_store())
    with EmbeddedStore.open(path, create=False) as store:
        assert len(api.top(store, limit=3)) == 3
