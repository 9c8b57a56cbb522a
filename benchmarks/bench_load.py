#!/usr/bin/env python3
"""Benchmark the loaders on the whole shared corpus, format by format.

Every file of ``MANIFEST.csv`` is read into memory first; then each run parses
all of them from bytes (decoding, format detection, reading, markers, cleaned
text) with :func:`resgraph.loaders.documents.load_bytes`. For each format the
table gives the documents, their size, the median time over ``--runs`` runs,
documents per second and MB per second. For the official PDFs it also gives,
beside the resgraph figure, the PDF library's own plain text extraction
(pypdfium2: open, ``get_text_range`` on every page, close) on the same files,
so the cost of the layout and of the parsing shows.

Usage::

    python benchmarks/bench_load.py
    python benchmarks/bench_load.py --runs 5 --clock cpu
    python benchmarks/bench_load.py --corpus /path/to/corpus --formats pdf-text sc
"""

from __future__ import annotations

import argparse
import csv
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
if str(REPO) not in sys.path:
    sys.path.insert(0, str(REPO))

from resgraph.loaders.documents import load_bytes  # noqa: E402

#: Corpus folder -> the format its files are in.
FOLDERS = {"ga": "pdf-text", "ods": "ods", "sc": "sc", "web": "web", "pdf": "pdf"}


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--corpus",
        type=Path,
        default=REPO.parent / "shared" / "corpus",
        help="the shared corpus folder (default: <repo>/../shared/corpus)",
    )
    parser.add_argument("--runs", type=int, default=3, help="timed runs per format (default 3)")
    parser.add_argument(
        "--clock",
        choices=("wall", "cpu"),
        default="wall",
        help="wall clock (default) or CPU time of the process (steadier on a busy machine)",
    )
    parser.add_argument(
        "--formats",
        nargs="+",
        choices=sorted(set(FOLDERS.values())),
        default=None,
        help="only these formats",
    )
    return parser.parse_args(argv)


def read_corpus(corpus: Path) -> dict[str, list[tuple[str, bytes]]]:
    """Format -> [(file, bytes)] for every file of the manifest."""
    with (corpus / "MANIFEST.csv").open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    groups: dict[str, list[tuple[str, bytes]]] = {}
    for row in rows:
        fmt = FOLDERS[row["file"].split("/", 1)[0]]
        groups.setdefault(fmt, []).append((row["file"], (corpus / row["file"]).read_bytes()))
    return groups


def median_time(work: Callable[[], None], runs: int, clock: Callable[[], float]) -> float:
    """Median seconds of ``runs`` calls of ``work``."""
    times = []
    for _ in range(runs):
        start = clock()
        work()
        times.append(clock() - start)
    return statistics.median(times)


def pdfium_plain(files: list[tuple[str, bytes]]) -> None:
    """The PDF library's own extraction: every page's text, nothing else."""
    import pypdfium2 as pdfium  # noqa: PLC0415

    for _, data in files:
        pdf = pdfium.PdfDocument(data)
        for index in range(len(pdf)):
            page = pdf[index]
            textpage = page.get_textpage()
            textpage.get_text_range()
            textpage.close()
            page.close()
        pdf.close()


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    if not (args.corpus / "MANIFEST.csv").is_file():
        print(f"no corpus at {args.corpus} (give --corpus)", file=sys.stderr)
        return 2
    clock = time.process_time if args.clock == "cpu" else time.perf_counter
    groups = read_corpus(args.corpus)
    formats = args.formats or ["pdf-text", "ods", "sc", "web", "pdf"]
    print(f"corpus: {args.corpus}   runs: {args.runs} (median)   clock: {args.clock}")
    header = f"{'format':<10} {'docs':>5} {'MB':>7} {'seconds':>8} {'docs/s':>8} {'MB/s':>7}"
    print(header)
    print("-" * len(header))
    text_docs = text_bytes = 0
    text_seconds = 0.0
    for fmt in formats:
        files = groups.get(fmt, [])
        if not files:
            continue
        size = sum(len(data) for _, data in files) / 2**20

        def parse(files: list[tuple[str, bytes]] = files, fmt: str = fmt) -> None:
            for name, data in files:
                load_bytes(data, name, fmt)

        seconds = median_time(parse, args.runs, clock)
        print(
            f"{fmt:<10} {len(files):>5} {size:>7.2f} {seconds:>8.2f} "
            f"{len(files) / seconds:>8.1f} {size / seconds:>7.2f}"
        )
        if fmt != "pdf":
            text_docs += len(files)
            text_bytes += sum(len(data) for _, data in files)
            text_seconds += seconds
        else:
            plain = median_time(lambda files=files: pdfium_plain(files), args.runs, clock)
            print(
                f"{'  pypdfium2':<10} {len(files):>5} {size:>7.2f} {plain:>8.2f} "
                f"{len(files) / plain:>8.1f} {size / plain:>7.2f}   "
                "(the library's own get_text_range, for comparison)"
            )
    if text_docs:
        mb = text_bytes / 2**20
        print("-" * len(header))
        print(
            f"{'all text':<10} {text_docs:>5} {mb:>7.2f} {text_seconds:>8.2f} "
            f"{text_docs / text_seconds:>8.1f} {mb / text_seconds:>7.2f}"
        )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
