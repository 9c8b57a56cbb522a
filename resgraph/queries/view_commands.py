"""The ``resgraph view`` command: interactive HTML views of the graph.

>>> import argparse
>>> parser = argparse.ArgumentParser(prog="resgraph")
>>> register(parser.add_subparsers(dest="command"))
>>> args = parser.parse_args(["view", "45/158", "-o", "v.html", "--hops", "2"])
>>> args.target, args.hops, args.output
('45/158', 2, 'v.html')
"""

from __future__ import annotations

import argparse
import re
from typing import Any

from resgraph.errors import QueryError

__all__ = ["register"]


def register(subparsers: Any) -> None:
    """Add the ``view`` command."""
    p = subparsers.add_parser(
        "view",
        help="write an interactive HTML view: a neighbourhood, a chain, or the whole corpus",
        description=(
            "Write an interactive HTML page (works offline). With TARGET: who cites it "
            "and what it cites, --hops steps away. With --chain FROM TO: the citation "
            "paths between two texts in time order. With --all: the whole store, "
            "filtered by organ, session range and minimum citation count."
        ),
    )
    p.add_argument("target", nargs="?", help="a resolution, document or instrument, any form")
    p.add_argument("-o", "--output", required=True, metavar="FILE.html", help="page to write")
    p.add_argument("--store", metavar="DIR_OR_URL",
                   help="store directory or SPARQL endpoint (default: the demo store)")
    p.add_argument("--hops", type=int, default=1, help="steps from the target (default: 1)")
    p.add_argument("--chain", nargs=2, metavar=("FROM", "TO"), help="paths between two texts")
    p.add_argument("--all", action="store_true", help="the whole corpus")
    p.add_argument("--organ", action="append", choices=["GA", "SC", "ECOSOC", "HRC"],
                   help="with --all: keep texts of this organ (repeatable)")
    p.add_argument("--sessions", metavar="FIRST-LAST",
                   help="with --all: GA session range, e.g. 78-80")
    p.add_argument("--min-cited", type=int, default=0, metavar="N",
                   help="with --all: drop cited entities cited fewer than N times")
    p.set_defaults(handler=_view)


def _sessions(text: str | None) -> tuple[int, int] | None:
    if text is None:
        return None
    m = re.fullmatch(r"\s*(\d+)\s*(?:-\s*(\d+))?\s*", text)
    if not m:
        raise QueryError(f"--sessions takes FIRST-LAST, e.g. 78-80, not {text!r}")
    first = int(m.group(1))
    return first, int(m.group(2) or first)


def _view(args: argparse.Namespace) -> int:
    from resgraph.graph.nx import store_to_networkx  # noqa: PLC0415
    from resgraph.queries import api  # noqa: PLC0415
    from resgraph.queries.views import chain_view, corpus_view, neighbourhood_view  # noqa: PLC0415

    modes = sum([bool(args.target), bool(args.chain), bool(args.all)])
    if modes != 1:
        raise QueryError("give exactly one of TARGET, --chain FROM TO or --all")
    gstore = api.open_store(args.store)
    try:
        graph = store_to_networkx(gstore)
        if args.all:
            view = corpus_view(graph, path=args.output, organs=args.organ,
                               sessions=_sessions(args.sessions), min_cited=args.min_cited)
        elif args.chain:
            source, target = (api.resolve(t, gstore) for t in args.chain)
            view = chain_view(graph, source, target, path=args.output)
        else:
            view = neighbourhood_view(graph, api.resolve(args.target, gstore),
                                      hops=args.hops, path=args.output)
    finally:
        gstore.close()
    print(f"{view.path}: {view.nodes} nodes, {view.edges} edges")
    return 0
