"""The main job: build the graph of the shipped demo corpus and answer one question.

``resgraph demo`` (what ``make demo`` runs) unpacks the demo corpus, builds the
embedded store incrementally (a second run loads nothing), prints the counts,
answers "who cites A/RES/45/158", and writes the HTML view and the timeline of
45/158.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

__all__ = ["DEMO_SOURCES", "register", "run_demo"]

#: What the demo builds from, relative to the unpacked corpus. The PDFs whose
#: text twin is in ``ga/`` are left out so no resolution is counted twice.
DEMO_SOURCES = ("ods", "ga", "sc", "web", "pdf/A_RES_73_3.pdf")

TARGET = "A/RES/45/158"


def register(subparsers: Any) -> None:
    """Add the ``demo`` command."""
    p = subparsers.add_parser(
        "demo",
        help="build the demo graph, answer 'who cites 45/158', write its view",
        description=(
            "Unpack the shipped demo corpus, build (or update) the embedded store, print "
            "its counts, list every text that cites A/RES/45/158, and write the HTML "
            "view and timeline of 45/158."
        ),
    )
    p.add_argument("--store", type=Path, default=None,
                   help="store directory (default: the demo store in the cache folder)")
    p.add_argument("--out", type=Path, default=Path("out"),
                   help="folder for the HTML view and the timeline (default: ./out)")
    p.add_argument("--target", default=TARGET, help=f"the resolution to trace (default: {TARGET})")
    p.add_argument("--no-progress", action="store_true", help="no progress bars")
    p.set_defaults(handler=_handler)


def _handler(args: argparse.Namespace) -> int:
    return run_demo(store=args.store, out=args.out, target=args.target,
                    progress=not args.no_progress)


def run_demo(*, store: Path | None = None, out: Path = Path("out"), target: str = TARGET,
             progress: bool = True) -> int:
    """Run the main job; returns the exit status (0 when the graph was built)."""
    from resgraph.corpus import demo_corpus  # noqa: PLC0415
    from resgraph.graph.build import build  # noqa: PLC0415
    from resgraph.graph.nx import store_to_networkx  # noqa: PLC0415
    from resgraph.graph.store import EmbeddedStore  # noqa: PLC0415
    from resgraph.queries import api  # noqa: PLC0415
    from resgraph.queries.plots import timeline_plot  # noqa: PLC0415
    from resgraph.queries.views import neighbourhood_view  # noqa: PLC0415

    corpus = demo_corpus()
    store_path = store or api.default_store_path()
    print(f"corpus: {corpus}")
    print(f"store:  {store_path}")
    gstore = EmbeddedStore.open(store_path)
    try:
        report = build([corpus / s for s in DEMO_SOURCES], gstore, progress=progress)
        print(report.summary())
        for item in report.rejected:
            print(f"  rejected {item.path}: {item.reason}", file=sys.stderr)

        key = api.resolve(target, gstore)
        rows = api.cited_by(key, gstore)
        citing = sorted({str(r["citing"]) for r in rows})
        print(f"\nwho cites {key}: {len(citing)} texts, {len(rows)} citations")
        _print_rows(rows)

        out.mkdir(parents=True, exist_ok=True)
        graph = store_to_networkx(gstore)
        stem = key.replace("/", "-")
        view = neighbourhood_view(graph, key, path=out / f"{stem}.html")
        plot = timeline_plot(api.timeline(key, gstore), out / f"{stem}-timeline.png",
                             title=f"Citations of {key} per year")
        print(f"\nview:     {view.path} ({view.nodes} nodes, {view.edges} edges)")
        print(f"timeline: {plot}")
    finally:
        gstore.close()
    return 0


def _print_rows(rows: list[dict[str, Any]]) -> None:
    from rich.console import Console  # noqa: PLC0415
    from rich.table import Table  # noqa: PLC0415

    table = Table(show_lines=False)
    for col in ("citing", "date", "paragraph", "verb", "footnote", "route"):
        table.add_column(col)
    for r in rows:
        table.add_row(*(("" if r.get(c) is None else str(r.get(c))) for c in
                        ("citing", "date", "paragraph", "verb", "footnote", "route")))
    Console(width=120).print(table)
