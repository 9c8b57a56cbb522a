"""Citation extraction throughput over the shared corpus.

Loads every text of the corpus once (the loaders are timed apart), then times
``find_citations`` and ``resolve`` over all documents, and prints MB/s and
documents/s beside one plain pass of Python's ``re`` over the same text (a
single literal-led pattern: the ceiling any regex-based extractor can reach),
and the peak memory of the extraction (``tracemalloc``) and of the process
(``resource``).

Usage::

    python benchmarks/bench_extract.py [--corpus ../shared/corpus] [--repeat 3] [--no-pdf]
"""

from __future__ import annotations

import argparse
import re
import resource
import sys
import time
import tracemalloc
from pathlib import Path

from resgraph.loaders.documents import load
from resgraph.loaders.find import find_citations
from resgraph.loaders.resolve import resolve
from resgraph.models import Document
from resgraph.registry import load_registry

ROOT = Path(__file__).resolve().parent.parent
_CEILING = re.compile(r"[RrDd](?:esolutions?|ecisions?)")


def _files(corpus: Path, pdf: bool) -> list[Path]:
    files = sorted(corpus.glob("*/*.txt"))
    if pdf:
        files += sorted(corpus.glob("*/*.pdf"))
    return files


def _extract_all(docs: list[Document]) -> int:
    registry = load_registry()
    n = 0
    for doc in docs:
        n += len(resolve(doc, find_citations(doc, registry), registry))
    return n


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--corpus", type=Path, default=ROOT.parent / "shared" / "corpus")
    parser.add_argument("--repeat", type=int, default=3, help="timed runs (median)")
    parser.add_argument("--no-pdf", action="store_true", help="leave the PDFs out")
    args = parser.parse_args(argv)
    if not args.corpus.is_dir():
        print(f"no corpus at {args.corpus}", file=sys.stderr)
        return 1

    files = _files(args.corpus, not args.no_pdf)
    t0 = time.perf_counter()
    docs: list[Document] = []
    failed = 0
    for f in files:
        try:
            docs.append(load(f))
        except Exception as exc:
            failed += 1
            print(f"  not loaded: {f.name}: {exc}", file=sys.stderr)
    load_s = time.perf_counter() - t0
    size_mb = sum(len(d.source.encode("utf-8")) for d in docs) / 1e6

    runs = []
    citations = 0
    for _ in range(max(1, args.repeat)):
        t0 = time.perf_counter()
        citations = _extract_all(docs)
        runs.append(time.perf_counter() - t0)
    runs.sort()
    extract_s = runs[len(runs) // 2]

    ceiling_runs = []
    for _ in range(max(1, args.repeat)):
        t0 = time.perf_counter()
        count = 0
        for d in docs:
            for _m in _CEILING.finditer(d.source):
                count += 1
        ceiling_runs.append(time.perf_counter() - t0)
    ceiling_runs.sort()
    ceiling_s = ceiling_runs[len(ceiling_runs) // 2]

    tracemalloc.start()
    _extract_all(docs)
    _current, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    maxrss_kb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss

    print(f"corpus            {args.corpus}")
    print(f"documents         {len(docs)} loaded, {failed} not loaded, {size_mb:.1f} MB of text")
    print(f"loading           {load_s:.2f} s  ({size_mb / load_s:.2f} MB/s)")
    print(f"citations         {citations}")
    print(f"extraction        {extract_s:.2f} s  {size_mb / extract_s:.2f} MB/s  "
          f"{len(docs) / extract_s:.0f} documents/s  (median of {len(runs)})")
    print(f"re ceiling        {ceiling_s:.3f} s  {size_mb / ceiling_s:.1f} MB/s  "
          f"(one pass of {_CEILING.pattern!r}, {count} matches)")
    print(f"extraction/ceiling {extract_s / ceiling_s:.0f}x slower")
    print(f"peak memory       {peak / 2**20:.1f} MiB traced during extraction; "
          f"process max RSS {maxrss_kb / 1024:.0f} MiB")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
