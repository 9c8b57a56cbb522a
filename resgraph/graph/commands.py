"""Commands of the graph room: ``build``, ``export``, ``import``, ``validate``.

Each command works on an embedded store (``--store DIR``) or on a SPARQL 1.1
server (``--endpoint URL``); :func:`add_store_arguments` and
:func:`store_from_args` give other rooms the same two options.

>>> import argparse
>>> parser = argparse.ArgumentParser(prog="resgraph")
>>> register(parser.add_subparsers(dest="command"))
>>> args = parser.parse_args(["export", "--store", "db", "-o", "graph.ttl"])
>>> args.store, args.output
('db', 'graph.ttl')
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any

from resgraph.errors import StoreError

__all__ = ["add_store_arguments", "register", "store_from_args"]

EXPORT_FORMATS = ("ttl", "nt", "nq", "trig", "jsonld", "graphml", "gexf")


def add_store_arguments(parser: argparse.ArgumentParser) -> None:
    """Add ``--store DIR``, ``--endpoint URL`` and ``--update-endpoint URL``.

    >>> parser = argparse.ArgumentParser()
    >>> add_store_arguments(parser)
    >>> parser.parse_args(["--endpoint", "http://localhost:7878/query"]).endpoint
    'http://localhost:7878/query'
    """
    group = parser.add_mutually_exclusive_group(required=True)
    group.add_argument("--store", metavar="DIR", help="directory of the embedded store")
    group.add_argument("--endpoint", metavar="URL",
                       help="SPARQL 1.1 query endpoint of a server, instead of --store")
    parser.add_argument("--update-endpoint", metavar="URL",
                        help="its SPARQL Update endpoint (default: derived from --endpoint)")


def store_from_args(args: argparse.Namespace, *, create: bool = True) -> Any:
    """The store the options name (see :func:`resgraph.graph.store.open_store`).

    >>> store_from_args(argparse.Namespace(store=None, endpoint="http://localhost:7878/query"))
    <EndpointStore http://localhost:7878/query>
    """
    from resgraph.graph.store import open_store  # noqa: PLC0415

    return open_store(args.store, endpoint=args.endpoint,
                      update_endpoint=getattr(args, "update_endpoint", None), create=create)


def register(subparsers: Any) -> None:
    """Add the graph commands to the ``resgraph`` parser."""
    p = subparsers.add_parser(
        "build", help="load resolution texts into the graph store (new and changed files only)",
        description="Load files (and files under directories) into the store. Unchanged files "
        "are skipped, changed ones replace their graph whole; if anything fails the store is "
        "left as it was.",
    )
    p.add_argument("paths", nargs="+", metavar="PATH", help="files or directories to load")
    add_store_arguments(p)
    p.add_argument("--force", action="store_true", help="reload files even when unchanged")
    p.add_argument("--no-compact", action="store_true",
                   help="do not compact an embedded store after a large load (faster, "
                        "less memory; queries slower until a later build compacts it)")
    p.add_argument("--jobs", type=int, default=1, metavar="N",
                   help="worker processes that read and resolve files (default: 1)")
    p.add_argument("--validate", action="store_true", help="check the SHACL shapes afterwards")
    p.add_argument("--json", action="store_true", help="print the report as JSON")
    p.add_argument("-v", "--verbose", action="store_true", help="list skipped files too")
    p.add_argument("-q", "--quiet", action="store_true", help="print the summary only")
    p.add_argument("--no-progress", action="store_true", help="no progress bar")
    p.set_defaults(handler=_build)

    p = subparsers.add_parser(
        "export",
        help="write the graph as Turtle, N-Triples, N-Quads, TriG, JSON-LD, GraphML or GEXF",
        description="Write the store. nq, trig and jsonld keep the named graphs; ttl and nt "
        "write their union; graphml and gexf write the NetworkX view.",
    )
    add_store_arguments(p)
    p.add_argument("-o", "--output", required=True, metavar="FILE", help="file to write")
    p.add_argument("--format", choices=EXPORT_FORMATS,
                   help="output format (default: from the file name)")
    p.set_defaults(handler=_export)

    p = subparsers.add_parser(
        "import", help="load RDF files (N-Quads, TriG, JSON-LD, Turtle, N-Triples) into the store",
        description="Load RDF files. The graphs a dataset names are replaced whole; triples go "
        "into --graph (default: the file's URI).",
    )
    p.add_argument("files", nargs="+", metavar="FILE", help="RDF files")
    add_store_arguments(p)
    p.add_argument("--format", help="RDF format (default: from the file name)")
    p.add_argument("--graph", metavar="IRI", help="graph for triples")
    p.set_defaults(handler=_import)

    p = subparsers.add_parser(
        "validate", help="check the store against the SHACL shapes shipped with resgraph",
        description="Validate the union of the store's graphs with pySHACL; exit status 1 when "
        "it does not conform.",
    )
    add_store_arguments(p)
    p.add_argument("--sample", type=int, metavar="N",
                   help="check only N source graphs drawn at random (and the registry)")
    p.set_defaults(handler=_validate)


def _build(args: argparse.Namespace) -> int:
    from resgraph.graph.build import build, validate  # noqa: PLC0415

    for path in args.paths:
        if not Path(path).exists():
            raise StoreError(f"{path}: no such file or directory")
    store = store_from_args(args)
    report = build(args.paths, store, progress=not args.no_progress and sys.stderr.isatty(),
                   force=args.force, jobs=max(1, args.jobs),
                   compact=not args.no_compact)
    status = 0
    if args.json:
        print(json.dumps(report.to_dict(), indent=1))
    else:
        if not args.quiet:
            for item in report.files:
                if item.status == "loaded":
                    what = "reloaded" if item.replaced else "loaded"
                    print(f"{what}\t{item.path}\t{item.symbol or '-'}\t{item.citations} citations")
                elif item.status == "rejected":
                    print(f"rejected\t{item.path}\t{item.reason}")
                elif args.verbose:
                    print(f"skipped\t{item.path}\tunchanged")
            if report.skipped and not args.verbose:
                print(f"skipped\t{len(report.skipped)} unchanged files")
        print(report.summary())
    if args.validate:
        conforms, text = validate(store)
        print(text.strip())
        status = 0 if conforms else 1
    return status


def _export(args: argparse.Namespace) -> int:
    fmt = args.format or Path(args.output).suffix.lstrip(".").lower()
    aliases = {"turtle": "ttl", "nquads": "nq", "ntriples": "nt", "json": "jsonld"}
    fmt = aliases.get(fmt, fmt)
    if fmt not in EXPORT_FORMATS:
        raise StoreError(f"cannot tell the format of {args.output!r}; give --format "
                         f"({', '.join(EXPORT_FORMATS)})")
    store = store_from_args(args, create=False)
    if fmt in ("graphml", "gexf"):
        import networkx as nx  # noqa: PLC0415

        from resgraph.graph.nx import store_to_networkx  # noqa: PLC0415

        graph = store_to_networkx(store)
        if fmt == "graphml":
            nx.write_graphml(graph, args.output)
        else:
            nx.write_gexf(graph, args.output)
        print(f"wrote {args.output}: {graph.number_of_nodes()} nodes, "
              f"{graph.number_of_edges()} edges")
        return 0
    store.dump(args.output, fmt)
    print(f"wrote {args.output}")
    return 0


def _import(args: argparse.Namespace) -> int:
    from resgraph.graph.store import import_file  # noqa: PLC0415

    store = store_from_args(args)
    for name in args.files:
        graphs = import_file(store, name, args.format, graph=args.graph)
        print(f"imported {name}: {len(graphs)} graphs")
    return 0


def _validate(args: argparse.Namespace) -> int:
    from resgraph.graph.build import validate  # noqa: PLC0415

    store = store_from_args(args, create=False)
    conforms, text = validate(store, sample=args.sample)
    print(text.strip())
    return 0 if conforms else 1
