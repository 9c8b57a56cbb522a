"""Median latency of every named query, on the embedded store and on rdflib's in-memory graph.

Two stores are measured:

* ``demo``: the demo store ``resgraph demo`` builds (``--demo-store`` names another;
  skipped, saying so, when there is none);
* ``synthetic``: stores of ``--synthetic`` resolutions (2,500 and 25,000 by
  default, about 20 citations each) from ``benchmarks/synthetic.py``, built once
  and kept in the resgraph cache folder (``--cache`` names another folder).

Each query runs through the Python API (:func:`resgraph.queries.api.run_query`:
target parsing, binding, the query, rows; for ``cited-by``,
:func:`resgraph.queries.api.cited_by`, which asks ``target-group`` and then
``citations`` of each member; for ``co-cited``, :func:`resgraph.queries.api.co_cited`,
which reads the co-citation rankings of the statistics graph when it has them;
``top (api ...)`` cases go through :func:`resgraph.queries.api.top`, which picks
the ranking or the scan query) ``--runs`` times after one warm-up run; the figure
is the median in milliseconds. The ``top`` and ``top-by`` queries read the
rankings precomputed at build time; ``top-scan``, ``top-by-scan`` and the
``co-cited`` query itself count every citation concerned at query time, exact
at any length: they are measured for comparison (``scan`` in the table) and
not held to the target. The baseline runs the very same query
text on an rdflib ``Dataset`` holding the same quads in memory (its default graph
the union of the named graphs), in a forked process stopped after
``--rdflib-timeout`` seconds; ``ratio`` is rdflib's median over Oxigraph's.
rdflib holds about 1.2 KB per quad in memory, so stores over ``--rdflib-max-quads``
(4 million by default; the 25,000-resolution store has about 15 million) get no
baseline.

Target: every query under 50 ms on the synthetic store.

Usage: ``python benchmarks/bench_queries.py [--synthetic 2500 25000] [--runs 7]
[--no-rdflib] [--json results.json]``. Exit status 1 when a query misses the
target on the synthetic store.
"""

from __future__ import annotations

import argparse
import io
import json
import multiprocessing
import os
import shutil
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "benchmarks"))
sys.path.insert(0, str(ROOT))

import rdflib  # noqa: E402
from synthetic import generate  # noqa: E402

from resgraph.corpus import cache_dir  # noqa: E402
from resgraph.graph import stats  # noqa: E402
from resgraph.graph.build import build_pairs, build_version  # noqa: E402
from resgraph.graph.store import EmbeddedStore, _with_prefixes, inject_values  # noqa: E402
from resgraph.queries import api  # noqa: E402
from resgraph.symbols import from_iri, to_iri  # noqa: E402

TARGET_MS = 50.0

#: label, query, params, limit, how it runs: "query" (run_query), "api" (the API
#: function of that name), "scan" (run_query, counting at query time: not held to
#: the target).
Case = tuple[str, str, dict[str, Any], int | None, str]


# ------------------------------------------------------------------ stores

def synthetic_store(n: int, seed: int, folder: Path) -> Path:
    """The synthetic store of ``n`` resolutions, built on first use, with its statistics graph.

    The folder is named after the code and data that build it (see
    :func:`resgraph.graph.build.build_version`), so a change to either builds anew.
    """
    path = folder / f"synthetic-{n}-seed{seed}-v{build_version()}"
    if (path / "resgraph-store.json").exists():
        with_statistics(path)
        return path
    print(f"building the synthetic store of {n:,} resolutions in {path} ...", file=sys.stderr)
    started = time.perf_counter()
    tmp = path.with_name(path.name + ".tmp")
    if tmp.exists():
        shutil.rmtree(tmp)
    store = EmbeddedStore.open(tmp)
    build_pairs(generate(n, seed=seed), store, progress=sys.stderr.isatty(), counts=False,
                total=n)
    store.close()
    tmp.rename(path)
    print(f"built in {time.perf_counter() - started:.0f} s", file=sys.stderr)
    with_statistics(path)
    return path


def with_statistics(path: Path) -> None:
    """Count the statistics graph of a store built without it (by an earlier resgraph)."""
    with EmbeddedStore.open(path, create=False) as store:
        if stats.STATS_GRAPH in store.graphs():
            return
        print(f"counting the statistics graph of {path} ...", file=sys.stderr)
        started = time.perf_counter()
        found = stats.stored_contributions(store)
        read = time.perf_counter()
        lines = stats.statistics_lines(found, relations=stats.stored_relations(store))
        counted = time.perf_counter()
        with store.batch() as writer:
            writer.replace_graph_lines(stats.STATS_GRAPH, lines)
        print(f"  stored_contributions {read - started:.1f} s, statistics_lines "
              f"{counted - read:.1f} s ({len(lines):,} triples), written in "
              f"{time.perf_counter() - counted:.1f} s", file=sys.stderr)


def demo_store(path: str | None) -> Path | None:
    """The demo store, or None when it has not been built."""
    candidate = Path(path) if path else api.default_store_path()
    return candidate if (candidate / "resgraph-store.json").exists() else None


# ------------------------------------------------------------------- cases

def _first(store: Any, sparql: str) -> Any:
    rows = store.query(sparql)
    return rows[0] if rows else None


def pick_cases(store: Any) -> list[Case]:
    """Realistic parameters for every named query, read from the store itself."""
    top = api.top(store, limit=500, kind="resolution")
    if not top:
        raise SystemExit("the store holds no cited resolution")
    hub = top[0]["target"]
    typical = top[-1]["target"]
    row = _first(store, """
        PREFIX cito: <http://purl.org/spar/cito/>
        PREFIX dcterms: <http://purl.org/dc/terms/>
        PREFIX foaf: <http://xmlns.com/foaf/0.1/>
        SELECT ?text ?date WHERE { GRAPH ?g { ?g foaf:primaryTopic ?text .
                                             ?text dcterms:date ?date } }
        ORDER BY DESC(?date) ?text LIMIT 1""")
    latest = from_iri(row["text"]) if row else hub
    hops = _first(store, """
        PREFIX cito: <http://purl.org/spar/cito/>
        PREFIX foaf: <http://xmlns.com/foaf/0.1/>
        SELECT ?from ?far WHERE {
          GRAPH ?g1 { ?g1 foaf:primaryTopic ?from . ?from cito:cites ?a }
          GRAPH ?g2 { ?a cito:cites ?b }
          GRAPH ?g3 { ?b cito:cites ?far }
          FILTER(?a != ?from && ?b != ?from && ?b != ?a && ?far != ?a && ?far != ?from)
          FILTER(STRSTARTS(STR(?from), "https://w3id.org/resgraph/id/A/RES/"))
          FILTER(STRSTARTS(STR(?far), "https://w3id.org/resgraph/id/A/RES/"))
        } LIMIT 1""")
    source = from_iri(hops["from"]) if hops else latest
    far = from_iri(hops["far"]) if hops else hub
    year_row = _first(store, f"""
        PREFIX dcterms: <http://purl.org/dc/terms/>
        SELECT ?date WHERE {{ GRAPH ?g {{ <{to_iri(latest)}> dcterms:date ?date }} }}""")
    year = int(str(year_row["date"])[:4]) if year_row else 2000
    session = latest.split("/")[2] if latest.startswith("A/RES/") else "60"
    by_session = {"organ": "GA", "session": session}
    return [
        ("cited-by (typical)", "cited-by", {"target": typical}, None, "api"),
        ("cited-by (most cited)", "cited-by", {"target": hub}, None, "api"),
        ("cited-by (instrument)", "cited-by", {"target": "instrument:cmw"}, None, "api"),
        ("cites", "cites", {"source": latest}, None, "query"),
        ("chain (3 hops)", "chain", {"from": source, "to": far, "maxDepth": 3}, None, "query"),
        ("chain (4 hops)", "chain", {"from": source, "to": far, "maxDepth": 4}, None, "query"),
        ("ancestors", "ancestors", {"source": latest}, None, "query"),
        ("descendants (typical)", "descendants", {"target": typical}, None, "query"),
        ("descendants (most cited)", "descendants", {"target": hub}, None, "query"),
        ("top", "top", {}, 20, "query"),
        ("top (kind)", "top", {"kind": "treaty"}, 20, "query"),
        ("top-by (organ)", "top-by", {"organ": "GA"}, 20, "query"),
        ("top-by (session)", "top-by", {"session": session}, 20, "query"),
        ("top-by (year)", "top-by", {"year": year}, 20, "query"),
        ("top-by (organ, session)", "top-by", by_session, 20, "query"),
        ("top-by (organ, year)", "top-by", {"organ": "GA", "year": year}, 20, "query"),
        ("top-by (organ, year, kind)", "top-by",
         {"organ": "GA", "year": year, "kind": "resolution"}, 20, "query"),
        ("top (api, organ, session)", "top-by", by_session, 20, "api"),
        ("top-scan", "top-scan", {}, 20, "scan"),
        ("top-scan (kind)", "top-scan", {"kind": "treaty"}, 20, "scan"),
        ("top-by-scan (year)", "top-by-scan", {"year": year}, 20, "scan"),
        ("top-by-scan (organ, session)", "top-by-scan", by_session, 20, "scan"),
        ("top-by-scan (session, year)", "top-by-scan", {"session": session, "year": year}, 20,
         "scan"),
        ("timeline (typical)", "timeline", {"target": typical}, None, "query"),
        ("timeline (most cited)", "timeline", {"target": hub}, None, "query"),
        ("co-cited (typical)", "co-cited", {"target": typical}, 20, "api"),
        ("co-cited (most cited)", "co-cited", {"target": hub}, 20, "api"),
        ("co-cited query (typical)", "co-cited", {"target": typical}, 20, "scan"),
        ("co-cited query (most cited)", "co-cited", {"target": hub}, 20, "scan"),
        ("verb-profile (typical)", "verb-profile", {"target": typical}, None, "query"),
        ("verb-profile (most cited)", "verb-profile", {"target": hub}, None, "query"),
        ("unresolved (one text)", "unresolved", {"citing": latest}, None, "query"),
        ("unresolved (all)", "unresolved", {}, 100, "query"),
    ]


# ---------------------------------------------------------------- timing

def median_ms(run: Callable[[], Any], runs: int) -> tuple[float, int]:
    """(median milliseconds over ``runs`` after a warm-up, rows of the last run)."""
    rows = run()
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        rows = run()
        times.append((time.perf_counter() - started) * 1000)
    return statistics.median(times), len(rows)


def _runner(store: Any, name: str, params: dict[str, Any], limit: int | None, how: str
            ) -> Callable[[], Any]:
    if how == "api" and name == "cited-by":  # two small queries, as the commands run
        return lambda: api.cited_by(params["target"], store, limit=limit)
    if how == "api" and name == "co-cited":  # the co-citation ranking, when there is one
        return lambda: api.co_cited(params["target"], store, limit=limit)
    if how == "api" and name in ("top", "top-by"):  # the ranking or the scan, as fits
        return lambda: api.top(store, **params, limit=limit)
    return lambda: api.run_query(name, params, store, limit=limit)


def query_text(store: Any, name: str, params: dict[str, Any], limit: int | None) -> str:
    """The exact text the API sends for a named query."""
    query = api.load_query(name)
    bindings = query.bind(params, lambda t: api.resolve(t, store))
    text = query.text.rstrip() + (f"\nLIMIT {limit}\n" if limit is not None else "")
    return inject_values(_with_prefixes(text), bindings)


#: The rdflib dataset, set before forking the children that query it.
_STATE: dict[str, Any] = {}


def _rdflib_child(text: str, runs: int, conn: Any) -> None:
    try:
        result = median_ms(lambda: list(_STATE["rdflib"].query(text)), runs)
        conn.send(("ok", result))
    except Exception as exc:  # reported to the parent
        conn.send(("error", repr(exc)))


def rdflib_ms(text: str, runs: int, timeout: float) -> tuple[float | None, str]:
    """rdflib's median, in a forked child stopped after ``timeout`` seconds."""
    ctx = multiprocessing.get_context("fork")
    parent, child = ctx.Pipe()
    proc = ctx.Process(target=_rdflib_child, args=(text, runs, child))
    proc.start()
    child.close()
    if parent.poll(timeout):
        status, value = parent.recv()
        proc.join()
        if status == "ok":
            return float(value[0]), ""
        return None, f"error: {value}"
    proc.kill()
    proc.join()
    return None, f"> {timeout:g} s"


def load_rdflib(path: Path) -> Any:
    """An rdflib Dataset with the store's quads, its default graph their union."""
    with EmbeddedStore.open(path, create=False) as store:
        buffer = io.BytesIO()
        store.dump(buffer, "nq")
    dataset = rdflib.Dataset(default_union=True)
    dataset.parse(data=buffer.getvalue(), format="nquads")
    return dataset


def measure(label: str, path: Path, *, runs: int, with_rdflib: bool, timeout: float,
            rdflib_runs: int, max_quads: int) -> list[dict[str, Any]]:
    """Every case on one store."""
    out: list[dict[str, Any]] = []
    with EmbeddedStore.open(path, create=False) as store:
        triples = store.count()
        cases = pick_cases(store)
        print(f"\n{label}: {path} ({triples:,} quads)", file=sys.stderr)
        for case, name, params, limit, how in cases:
            ms, rows = median_ms(_runner(store, name, params, limit, how), runs)
            out.append({"store": label, "case": case, "query": name, "params": params,
                        "rows": rows, "oxigraph_ms": round(ms, 2), "quads": triples,
                        "scan": how == "scan", "text": query_text(store, name, params, limit)})
            print(f"  {case:30} {ms:9.2f} ms  {rows:6} rows", file=sys.stderr)
    if with_rdflib and triples > max_quads:
        print(f"  no rdflib baseline: {triples:,} quads is over --rdflib-max-quads",
              file=sys.stderr)
        for item in out:
            item["rdflib_note"] = "not loaded"
    elif with_rdflib:
        print(f"  loading rdflib ({triples:,} quads) ...", file=sys.stderr)
        started = time.perf_counter()
        _STATE["rdflib"] = load_rdflib(path)
        print(f"  loaded in {time.perf_counter() - started:.0f} s", file=sys.stderr)
        for item in out:
            ms_or_none, note = rdflib_ms(item["text"], rdflib_runs, timeout)
            item["rdflib_ms"] = round(ms_or_none, 2) if ms_or_none is not None else None
            item["rdflib_note"] = note
            if ms_or_none is not None:
                item["ratio"] = round(ms_or_none / max(item["oxigraph_ms"], 1e-3), 1)
            print(f"  {item['case']:30} rdflib {note or f'{ms_or_none:9.2f} ms'}",
                  file=sys.stderr)
        _STATE.clear()
    return out


def table(results: list[dict[str, Any]]) -> str:
    """The results as a Markdown table."""
    lines = ["| store | query | rows | Oxigraph ms | rdflib ms | ratio |",
             "|---|---|---:|---:|---:|---:|"]
    # Scans (counting at query time, not held to the target) are marked.
    for r in results:
        note = str(r.get("rdflib_note") or "")
        if note.startswith("error"):
            note = "error (rdflib)"
        rdf = note or (f"{r['rdflib_ms']:.1f}" if r.get("rdflib_ms") else "")
        ratio = f"{r['ratio']:.0f}x" if r.get("ratio") else ""
        case = r["case"] + (" (scan)" if r.get("scan") else "")
        lines.append(f"| {r['store']} | {case} | {r['rows']} | {r['oxigraph_ms']:.1f} | "
                     f"{rdf} | {ratio} |")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    """Run the benchmark; returns the exit status."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--synthetic", type=int, nargs="*", default=[2_500, 25_000],
                        metavar="N", help="resolutions in each synthetic store (none: skip)")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--runs", type=int, default=7, help="timed runs per query")
    parser.add_argument("--demo-store", help="the demo store (default: resgraph's)")
    parser.add_argument("--cache", help="folder for the synthetic store")
    parser.add_argument("--no-rdflib", action="store_true", help="skip the rdflib baseline")
    parser.add_argument("--rdflib-runs", type=int, default=3, help="timed rdflib runs")
    parser.add_argument("--rdflib-timeout", type=float, default=120.0, metavar="SECONDS")
    parser.add_argument("--rdflib-max-quads", type=int, default=4_000_000, metavar="N",
                        help="no rdflib baseline for stores larger than this")
    parser.add_argument("--json", help="also write the results to this file")
    args = parser.parse_args(argv)

    results: list[dict[str, Any]] = []
    demo = demo_store(args.demo_store)
    if demo is None:
        print("no demo store: build it with `resgraph demo` (skipped)", file=sys.stderr)
    else:
        results += measure("demo", demo, runs=args.runs, with_rdflib=not args.no_rdflib,
                           timeout=args.rdflib_timeout, rdflib_runs=args.rdflib_runs,
                           max_quads=args.rdflib_max_quads)
    folder = Path(args.cache) if args.cache else cache_dir() / "bench"
    for n in args.synthetic:
        folder.mkdir(parents=True, exist_ok=True)
        path = synthetic_store(n, args.seed, folder)
        results += measure(f"synthetic {n:,}", path, runs=args.runs,
                           with_rdflib=not args.no_rdflib, timeout=args.rdflib_timeout,
                           rdflib_runs=args.rdflib_runs, max_quads=args.rdflib_max_quads)
    print(table(results))
    if args.json:
        Path(args.json).write_text(json.dumps(results, indent=1), encoding="utf-8")
    largest = f"synthetic {max(args.synthetic):,}" if args.synthetic else None
    missed = [r["case"] for r in results
              if r["store"] == largest and not r["scan"] and r["oxigraph_ms"] >= TARGET_MS]
    if missed:
        print(f"over {TARGET_MS:g} ms on the synthetic store: {', '.join(missed)}",
              file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    os.environ.setdefault("PYTHONHASHSEED", "0")
    raise SystemExit(main())
