"""Benchmark: building the graph store, against rdflib's in-memory graph.

Each variant runs in a subprocess of its own (so peak memory, from
``resource.getrusage``, is that variant's), ``--repeat`` times; the medians are
printed. Variants:

- ``oxigraph``: :func:`resgraph.graph.build.build_pairs` of a synthetic corpus
  (``benchmarks/synthetic.py``) into an embedded store on disk; then the same
  build again with nothing changed, and with 1% of the texts changed;
- ``rdflib``: the same quads parsed into an in-memory ``rdflib.Dataset`` (the
  baseline; run on a smaller corpus, ``--rdflib-n``, as it needs about 1 KiB
  per triple), with ``oxigraph`` on the same corpus beside it for the ratio;
- ``corpus``: the shared corpus of real texts (``--corpus``) loaded and resolved
  by the loaders, then built; with its rdflib baseline.

Times are wall-clock seconds of the build alone (generating or loading the
texts is not counted; the CPU seconds of the process are printed too, as the
machine may be shared). Peak memory is that of the first build, the texts held
in memory included; the peak with the two rebuilds is printed beside them.

    python benchmarks/bench_build.py                 # 25,000 synthetic texts, 3 runs
    python benchmarks/bench_build.py --n 2000 --repeat 1 --no-corpus
    python benchmarks/bench_build.py --no-compact    # without compacting after the load
"""

from __future__ import annotations

import argparse
import gc
import json
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import replace
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path[:0] = [str(HERE), str(ROOT)]

DEFAULT_CORPUS = ROOT.parent / "shared" / "corpus"


def _cpu() -> float:
    r = resource.getrusage(resource.RUSAGE_SELF)
    return r.ru_utime + r.ru_stime


def _peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def _pairs(args: argparse.Namespace) -> list[Any]:
    if args.source == "corpus":
        from resgraph.graph.build import collect_files, read_pairs  # noqa: PLC0415

        files = [f for f in collect_files([args.corpus]) if f.suffix != ".pdf" or args.pdf]
        return read_pairs(files)
    from synthetic import generate  # noqa: PLC0415

    return list(generate(args.n, seed=args.seed))


def run_variant(args: argparse.Namespace) -> dict[str, Any]:
    """One measurement, in this process."""
    started = time.perf_counter()
    pairs = _pairs(args)
    prepare = time.perf_counter() - started
    gc.collect()
    gc.freeze()
    before_mb = _peak_mb()
    out: dict[str, Any] = {"variant": args.variant, "source": args.source, "docs": len(pairs),
                           "citations": sum(len(r) for _, r in pairs), "prepare_s": prepare}
    if args.variant == "oxigraph":
        from resgraph.graph.build import build_pairs  # noqa: PLC0415
        from resgraph.graph.store import EmbeddedStore  # noqa: PLC0415

        work = Path(args.workdir) / "store"
        store = EmbeddedStore.open(work)
        cpu, t = _cpu(), time.perf_counter()
        report = build_pairs(pairs, store, progress=False, counts=False,
                             compact=not args.no_compact)
        out["build_s"] = time.perf_counter() - t
        out["cpu_s"] = _cpu() - cpu
        out["build_peak_mb"] = _peak_mb()
        out["quads"] = store.count()
        out["loaded"] = len(report.loaded)
        t = time.perf_counter()
        again = build_pairs(pairs, store, progress=False, counts=False,
                            compact=not args.no_compact)
        out["unchanged_s"] = time.perf_counter() - t
        out["unchanged_skipped"] = len(again.skipped)
        step = 100
        changed = [(replace(doc, source=doc.source + " "), refs) if i % step == 0 else (doc, refs)
                   for i, (doc, refs) in enumerate(pairs)]
        t = time.perf_counter()
        third = build_pairs(changed, store, progress=False, counts=False,
                            compact=not args.no_compact)
        out["changed_1pct_s"] = time.perf_counter() - t
        out["changed_loaded"] = len(third.loaded)
        out["store_mb"] = sum(f.stat().st_size for f in work.rglob("*") if f.is_file()) / 2**20
    elif args.variant == "rdflib":
        import rdflib  # noqa: PLC0415

        from resgraph.graph.rdf import (  # noqa: PLC0415
            document_lines,
            nquads,
            registry_lines,
            source_graph,
        )
        from resgraph.graph.vocab import REGISTRY_GRAPH  # noqa: PLC0415
        from resgraph.registry import load_registry  # noqa: PLC0415

        cpu, t = _cpu(), time.perf_counter()
        dataset = rdflib.Dataset()
        chunk = [nquads(registry_lines(load_registry()), REGISTRY_GRAPH)]
        for i, (doc, refs) in enumerate(pairs, 1):
            graph = source_graph(doc.file)
            chunk.append(nquads(document_lines(doc, refs, graph=graph), graph))
            if i % 500 == 0 or i == len(pairs):
                dataset.parse(data="".join(chunk), format="nquads")
                chunk = []
        out["build_s"] = time.perf_counter() - t
        out["cpu_s"] = _cpu() - cpu
        out["quads"] = sum(len(g) for g in dataset.graphs())
    out["peak_mb"] = out.get("build_peak_mb") or _peak_mb()
    out["overall_peak_mb"] = _peak_mb()
    out["before_mb"] = before_mb
    out["quads_per_s"] = out["quads"] / out["build_s"] if out.get("build_s") else 0.0
    return out


def _spawn(variant: str, source: str, n: int, args: argparse.Namespace) -> dict[str, Any]:
    with tempfile.TemporaryDirectory(prefix="bench-build-") as work:
        cmd = [sys.executable, __file__, "--variant", variant, "--source", source,
               "--n", str(n), "--seed", str(args.seed), "--workdir", work,
               "--corpus", str(args.corpus)]
        if args.pdf:
            cmd.append("--pdf")
        if args.no_compact:
            cmd.append("--no-compact")
        done = subprocess.run(cmd, capture_output=True, text=True, check=False)
        if done.returncode != 0:
            raise SystemExit(f"{variant} failed:\n{done.stderr[-3000:]}")
        result: dict[str, Any] = json.loads(done.stdout.strip().splitlines()[-1])
        shutil.rmtree(work, ignore_errors=True)
        return result


def _median(runs: list[dict[str, Any]]) -> dict[str, Any]:
    out = dict(runs[0])
    for key, value in runs[0].items():
        if isinstance(value, float):
            out[key] = statistics.median(r[key] for r in runs)
    out["runs"] = len(runs)
    return out


def _row(r: dict[str, Any]) -> str:
    return (f"{r['variant']:<9} {r['source']:<9} {r['docs']:>7,} {r['citations']:>9,} "
            f"{r['quads']:>11,} {r['build_s']:>8.1f} {r['cpu_s']:>7.1f} "
            f"{r['quads_per_s']:>10,.0f} {r['peak_mb']:>8,.0f}")


def main() -> None:
    """Run every variant and print the medians."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--n", type=int, default=25_000, help="synthetic resolutions")
    parser.add_argument("--rdflib-n", type=int, default=2_500,
                        help="synthetic resolutions for the rdflib baseline")
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS)
    parser.add_argument("--no-corpus", action="store_true")
    parser.add_argument("--pdf", action="store_true", help="include PDFs of the corpus")
    parser.add_argument("--no-compact", action="store_true",
                        help="build without compacting the store after the load")
    parser.add_argument("--json", type=Path, help="write the medians as JSON")
    parser.add_argument("--variant", help=argparse.SUPPRESS)
    parser.add_argument("--source", default="synthetic", help=argparse.SUPPRESS)
    parser.add_argument("--workdir", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.variant:
        print(json.dumps(run_variant(args)))
        return

    plan = [("oxigraph", "synthetic", args.n),
            ("oxigraph", "synthetic", args.rdflib_n),
            ("rdflib", "synthetic", args.rdflib_n)]
    if not args.no_corpus and args.corpus.is_dir():
        plan += [("oxigraph", "corpus", 0), ("rdflib", "corpus", 0)]
    results = []
    for variant, source, n in plan:
        runs = [_spawn(variant, source, n, args) for _ in range(args.repeat)]
        results.append(_median(runs))
        print(f"  {variant} {source} {n or ''}: done", file=sys.stderr, flush=True)
    print(f"medians of {args.repeat} runs (wall seconds of the build; CPU seconds beside)")
    print(f"{'store':<9} {'source':<9} {'docs':>7} {'citations':>9} {'quads':>11} "
          f"{'build s':>8} {'cpu s':>7} {'quads/s':>10} {'peak MB':>8}")
    for r in results:
        print(_row(r))
    for r in results:
        if r["variant"] == "oxigraph" and "unchanged_s" in r:
            print(f"oxigraph {r['source']} {r['docs']:,}: rebuild with nothing changed "
                  f"{r['unchanged_s']:.1f} s, with 1% changed {r['changed_1pct_s']:.1f} s "
                  f"(peak memory with the rebuilds {r['overall_peak_mb']:,.0f} MB); "
                  f"store on disk {r['store_mb']:,.0f} MB")
    by = {(r["variant"], r["source"], r["docs"]): r for r in results}
    for (variant, source, docs), r in by.items():
        if variant != "rdflib":
            continue
        ox = by.get(("oxigraph", source, docs))
        if ox:
            added = (r["peak_mb"] - r["before_mb"]) / max(1.0, ox["peak_mb"] - ox["before_mb"])
            print(f"ratio rdflib/oxigraph on {source} ({docs:,} texts): time "
                  f"{r['build_s'] / ox['build_s']:.1f}x, CPU {r['cpu_s'] / ox['cpu_s']:.1f}x, "
                  f"peak memory {r['peak_mb'] / ox['peak_mb']:.1f}x "
                  f"(memory above the texts: {added:.1f}x)")
    if args.json:
        args.json.write_text(json.dumps(results, indent=1))


if __name__ == "__main__":
    main()
