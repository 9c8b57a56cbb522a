"""Run every benchmark in turn (``make bench``); each prints its own figures.

The benchmarks read the shared corpus (``../shared/corpus``) where it exists and
build synthetic corpora of their own; see each script's ``--help``. Figures are
medians of several runs: machines are noisy, compare ratios.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
SCRIPTS = (
    "bench_load.py",
    "bench_pdf.py",
    "bench_extract.py",
    "bench_build.py",
    "bench_queries.py",
    "bench_views.py",
)


def main() -> int:
    """Run each benchmark; the exit status is the number that failed."""
    failed = 0
    for name in SCRIPTS:
        print(f"\n=== {name}", flush=True)
        status = subprocess.call([sys.executable, str(HERE / name)])
        if status:
            print(f"=== {name} exited with {status}", flush=True)
            failed += 1
    return failed


if __name__ == "__main__":
    raise SystemExit(main())
