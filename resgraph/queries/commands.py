"""The query commands: ``cited-by``, ``cites``, ``chain``, ``top``, ``timeline``, ``query``,
``serve``.

Each reads the store given by ``--store`` (a store directory or a SPARQL
endpoint URL; default: the demo store that ``resgraph demo`` builds) and prints
its rows as a table for a terminal (``--format table``, the default), CSV or
JSON (a list of objects with the query's columns as keys, stable for scripts).

>>> import argparse
>>> parser = argparse.ArgumentParser(prog="resgraph")
>>> register(parser.add_subparsers())
>>> args = parser.parse_args(["cited-by", "45/158", "--format", "json", "--limit", "5"])
>>> args.target, args.format, args.limit
('45/158', 'json', 5)
>>> parser.parse_args(["query", "top", "--param", "organ=SC"]).param
['organ=SC']
"""

from __future__ import annotations

import argparse
import csv
import importlib
import io
import json
import sys
from collections.abc import Callable, Sequence
from typing import Any, TextIO

from resgraph.errors import QueryError

__all__ = ["FORMATS", "TABLE_COLUMNS", "register", "write_rows"]

#: Output formats of every query command.
FORMATS = ("table", "csv", "json")

#: The columns shown by ``--format table`` (CSV and JSON give every column).
TABLE_COLUMNS: dict[str, tuple[str, ...]] = {
    "cited-by": ("citing", "date", "paragraph", "verb", "footnote", "route", "cited", "quote"),
    "cites": ("paragraph", "verb", "footnote", "cited", "kind", "quote"),
    "chain": ("length", "path"),
    "top": ("target", "citations", "texts", "title"),
    "timeline": ("year", "verb", "citations", "texts"),
}


# ------------------------------------------------------------------- output

#: Longest text shown in a table cell (CSV and JSON give every character).
MAX_CELL = 120


def _cell(value: Any, table: bool = False) -> str:
    if value is None:
        return ""
    if isinstance(value, list | tuple):
        return " -> ".join(str(v) for v in value)
    if isinstance(value, float):
        return f"{value:.6g}"
    text = str(value)
    if table:
        text = " ".join(text.split())
        if len(text) > MAX_CELL:
            text = text[: MAX_CELL - 1].rstrip() + "\u2026"
    return text


def write_rows(
    rows: Sequence[dict[str, Any]],
    fmt: str = "table",
    out: TextIO | None = None,
    *,
    columns: Sequence[str] | None = None,
    title: str | None = None,
) -> None:
    """Print rows as a table, CSV or JSON.

    ``columns`` picks the table's columns (CSV and JSON always give them all);
    with no rows the table says so and CSV prints its header only.

    >>> import io
    >>> buf = io.StringIO()
    >>> write_rows([{"year": 2004, "verb": "recalling", "n": 1}], "csv", buf)
    >>> buf.getvalue().splitlines()
    ['year,verb,n', '2004,recalling,1']
    >>> buf = io.StringIO()
    >>> write_rows([{"report": "[without reference to a Main Committee (A/78/L.1)]"}], "table", buf)
    >>> "[without reference" in buf.getvalue()
    True
    >>> buf = io.StringIO()
    >>> write_rows([{"path": ["A/RES/62/156", "A/RES/45/158"]}], "json", buf)
    >>> print(buf.getvalue().strip())
    [
      {
        "path": [
          "A/RES/62/156",
          "A/RES/45/158"
        ]
      }
    ]
    """
    out = out if out is not None else sys.stdout
    if fmt == "json":
        out.write(json.dumps(list(rows), ensure_ascii=False, indent=2) + "\n")
        return
    names = list(rows[0]) if rows else list(columns or [])
    if fmt == "csv":
        writer = csv.writer(out, lineterminator="\n")
        writer.writerow(names)
        for row in rows:
            writer.writerow([_cell(row.get(n)) for n in names])
        return
    if fmt != "table":
        raise QueryError(f"unknown format {fmt!r}: one of {', '.join(FORMATS)}")
    from rich import box  # noqa: PLC0415 - rich is slow to import
    from rich.console import Console  # noqa: PLC0415
    from rich.table import Table  # noqa: PLC0415
    from rich.text import Text  # noqa: PLC0415

    shown = [c for c in (columns or names) if not rows or c in rows[0]]
    tty = out.isatty()
    buffer = io.StringIO()
    console = Console(file=out if tty else buffer, soft_wrap=False, highlight=False,
                      width=None if tty else 160, color_system="auto" if tty else None)
    if title:
        out.write(title + "\n")
    if not rows:
        return
    table = Table(box=box.SIMPLE_HEAD, show_lines=False, header_style="bold", pad_edge=False,
                  expand=False, show_edge=False)
    for name in shown:
        numeric = all(isinstance(r.get(name), int | float) or r.get(name) is None for r in rows)
        table.add_column(name, justify="right" if numeric else "left",
                         overflow="fold", max_width=60 if name in ("quote", "title") else None)
    for row in rows:
        # Cells are data, never markup: `[on the report ...]` must print as it is.
        table.add_row(*(Text(_cell(row.get(n), table=True)) for n in shown))
    console.print(table)
    if not tty:
        out.writelines(line.rstrip() + "\n" for line in buffer.getvalue().splitlines())


# ------------------------------------------------------------------ parsers

def _common(p: argparse.ArgumentParser, limit: int | None = None) -> None:
    p.add_argument("--store", metavar="PATH",
                   help="store directory or SPARQL endpoint URL "
                        "(default: the demo store built by `resgraph demo`)")
    p.add_argument("--format", choices=FORMATS, default="table",
                   help="output: a table for the terminal, CSV, or JSON for scripts "
                        "(default: table)")
    p.add_argument("--limit", type=_non_negative, default=limit, metavar="N",
                   help="show at most N rows" + (f" (default: {limit})" if limit else ""))


def _non_negative(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a whole number: {text!r}") from None
    if value < 0:
        raise argparse.ArgumentTypeError(f"must not be negative: {value}")
    return value


def register(subparsers: Any) -> None:
    """Add the query commands to an ``argparse`` sub-parser collection."""
    p = subparsers.add_parser(
        "cited-by", help="every text that cites a target",
        description="Every text that cites TARGET, oldest first: directly, through a "
                    "footnote, through an instrument TARGET adopted, or through that "
                    "instrument's Treaty Series entry, with the citing paragraph, verb, "
                    "footnote, quoted text and route.",
        epilog="TARGET may be 45/158, A/RES/45/158, 'resolution 45/158', '217 A (III)', "
               "'1325 (2000)', 'UNTS 39481', instrument:cmw or an instrument name or alias.")
    p.add_argument("target", metavar="TARGET", help="what is cited, in any common form")
    _common(p)
    p.set_defaults(handler=_run_cited_by)

    p = subparsers.add_parser(
        "cites", help="everything a text cites, in paragraph order",
        description="Everything the text SYMBOL cites, in paragraph order, with the verb, "
                    "footnote and quoted text of each citation.")
    p.add_argument("symbol", metavar="SYMBOL", help="the citing text (59/241, A/RES/59/241 ...)")
    _common(p)
    p.set_defaults(handler=_run_cites)

    p = subparsers.add_parser(
        "chain", help="citation paths from one text back to another",
        description="The citation paths from FROM back to TO, shortest first: FROM cites "
                    "a text that cites a text ... that cites TO.")
    p.add_argument("source", metavar="FROM", help="the later, citing text")
    p.add_argument("target", metavar="TO", help="the earlier, cited text")
    p.add_argument("--max-depth", type=int, default=3, choices=range(1, 5), metavar="N",
                   help="the longest path wanted, in hops: 1 to 4 (default: 3)")
    _common(p)
    p.set_defaults(handler=_run_chain)

    p = subparsers.add_parser(
        "top", help="the most cited texts and entities",
        description="The most cited texts and entities, overall or among the citations "
                    "made by texts of one organ, session or year; optionally only targets "
                    "of one kind.")
    p.add_argument("--organ", help="only citations by texts of this organ (GA, SC, ECOSOC, HRC)")
    p.add_argument("--session", help="only citations by texts of this session (45, S-21 ...)")
    p.add_argument("--year", type=int, help="only citations by texts adopted in this year")
    p.add_argument("--kind", help="only targets of this kind (resolution, decision, document, "
                                  "official-records, treaty, instrument, conference)")
    _common(p, limit=20)
    p.set_defaults(handler=_run_top)

    p = subparsers.add_parser(
        "timeline", help="citations of a target per year, by verb",
        description="The citations of TARGET (and of the instrument and treaty entry it "
                    "stands for) per year of the citing text, split by citing verb.")
    p.add_argument("target", metavar="TARGET", help="what is cited, in any common form")
    p.add_argument("--plot", metavar="FILE.png", help="also draw the timeline into a PNG file")
    _common(p)
    p.set_defaults(handler=_run_timeline)

    p = subparsers.add_parser(
        "query", help="run a named SPARQL query or a query file",
        description="Run a named query (see --list) or a SPARQL file, binding parameters "
                    "with --param KEY=VALUE. Targets may be given in any common form.",
        epilog="Example: resgraph query top --param organ=SC --param year=2020")
    p.add_argument("query", metavar="NAME_OR_FILE", nargs="?",
                   help="a named query (cited-by, top ...) or a .rq file")
    p.add_argument("--param", action="append", default=[], metavar="KEY=VALUE",
                   help="bind the query's ?KEY to VALUE (repeatable)")
    p.add_argument("--list", action="store_true",
                   help="list the named queries with their parameters and columns")
    _common(p)
    p.set_defaults(handler=_run_query)

    p = subparsers.add_parser(
        "serve", help="a read-only SPARQL endpoint over a store",
        description="Serve a store as a read-only SPARQL 1.1 Protocol endpoint on this "
                    "machine (GET and POST queries at /query and /sparql; results as "
                    "SPARQL JSON, XML, CSV or TSV by the Accept header; updates refused).")
    p.add_argument("--store", metavar="PATH",
                   help="store directory (default: the demo store built by `resgraph demo`)")
    p.add_argument("--host", default="127.0.0.1",
                   help="address to listen on (default: 127.0.0.1, this machine only)")
    p.add_argument("--port", type=int, default=7878, help="port (default: 7878)")
    p.add_argument("--timeout", type=float, default=30.0, metavar="SECONDS",
                   help="stop a query after this many seconds (default: 30)")
    p.add_argument("--limit", type=_non_negative, default=10_000, metavar="N",
                   help="return at most N results per query (default: 10000)")
    p.add_argument("--workers", type=int, default=2,
                   help="queries run at the same time, each in its own process (default: 2)")
    p.add_argument("--engine", choices=("resgraph", "oxigraph"), default="resgraph",
                   help="resgraph's server, or the `oxigraph serve-read-only` binary on "
                        "the same store (default: resgraph)")
    p.set_defaults(handler=_run_serve)


# ----------------------------------------------------------------- handlers

def _emit(args: argparse.Namespace, rows: list[dict[str, Any]], name: str, title: str) -> int:
    write_rows(rows, args.format, columns=TABLE_COLUMNS.get(name), title=title)
    return 0


def _n(count: int, word: str) -> str:
    """``1 citation``, ``2 citations``.

    >>> _n(1, "path"), _n(0, "text")
    ('1 path', '0 texts')
    """
    return f"{count} {word}" + ("" if count == 1 else "s")


def _note_absent(store: Any, *keys: str) -> None:
    """Tell (on stderr) which keys the store does not mention at all."""
    from resgraph.queries import api  # noqa: PLC0415 - imported when run, for a fast --help

    for key in keys:
        if not api.mentions(key, store):
            print(f"resgraph: note: {key} does not occur in the store", file=sys.stderr)


def _run_cited_by(args: argparse.Namespace) -> int:
    from resgraph.queries import api  # noqa: PLC0415 - imported when run, for a fast --help

    with api.store_for(args.store) as store:
        key = api.resolve(args.target, store)
        rows = api.cited_by(key, store, limit=args.limit)
        if not rows:
            _note_absent(store, key)
    texts = len({r["citing"] for r in rows})
    return _emit(args, rows, "cited-by",
                 f"cited-by {key}: {_n(len(rows), 'citation')} in {_n(texts, 'text')}")


def _run_cites(args: argparse.Namespace) -> int:
    from resgraph.queries import api  # noqa: PLC0415 - imported when run, for a fast --help

    with api.store_for(args.store) as store:
        key = api.resolve(args.symbol, store)
        rows = api.cites(key, store, limit=args.limit)
        if not rows:
            _note_absent(store, key)
    return _emit(args, rows, "cites", f"cites {key}: {_n(len(rows), 'citation')}")


def _run_chain(args: argparse.Namespace) -> int:
    from resgraph.queries import api  # noqa: PLC0415 - imported when run, for a fast --help

    with api.store_for(args.store) as store:
        source, target = api.resolve(args.source, store), api.resolve(args.target, store)
        rows = api.chain(source, target, store, max_depth=args.max_depth, limit=args.limit)
        if not rows:
            _note_absent(store, source, target)
    return _emit(args, rows, "chain",
                 f"chain {source} -> {target} (at most {args.max_depth} hops): "
                 f"{_n(len(rows), 'path')}")


def _run_top(args: argparse.Namespace) -> int:
    from resgraph.queries import api  # noqa: PLC0415 - imported when run, for a fast --help

    rows = api.top(args.store, organ=args.organ, session=args.session, year=args.year,
                   kind=args.kind, limit=args.limit)
    scope = ", ".join(f"{k} {v}" for k, v in (("organ", args.organ), ("session", args.session),
                                               ("year", args.year), ("kind", args.kind)) if v)
    return _emit(args, rows, "top", "most cited" + (f" ({scope})" if scope else ""))


def _plotter() -> Callable[..., Any]:
    try:
        module = importlib.import_module("resgraph.queries.plots")
    except ModuleNotFoundError as exc:
        if exc.name != "resgraph.queries.plots":
            raise QueryError(f"cannot draw plots: {exc}") from exc
        raise QueryError("cannot draw plots: resgraph.queries.plots is not installed") from exc
    plot = getattr(module, "timeline_plot", None)
    if plot is None:
        raise QueryError("cannot draw plots: resgraph.queries.plots has no timeline_plot")
    return plot  # type: ignore[no-any-return]


def _run_timeline(args: argparse.Namespace) -> int:
    from resgraph.queries import api  # noqa: PLC0415 - imported when run, for a fast --help

    plot = _plotter() if args.plot else None
    with api.store_for(args.store) as store:
        key = api.resolve(args.target, store)
        rows = api.timeline(key, store)
        if not rows:
            _note_absent(store, key)
    if args.limit is not None:
        rows = rows[: args.limit]
    if plot is not None:
        dated = [(r["year"], r["verb"], r["citations"]) for r in rows if r["year"] is not None]
        written = plot(dated, args.plot, title=key)
        print(f"resgraph: timeline drawn in {written}", file=sys.stderr)
    total = sum(r["citations"] for r in rows)
    return _emit(args, rows, "timeline", f"timeline {key}: {_n(total, 'citation')}")


def _parse_params(items: Sequence[str]) -> dict[str, str]:
    params: dict[str, str] = {}
    for item in items:
        key, sep, value = item.partition("=")
        key = key.strip().lstrip("?$")
        if not sep or not key:
            raise QueryError(f"--param needs KEY=VALUE, not {item[:60]!r}")
        params[key] = value
    return params


def _describe_queries(out: TextIO) -> None:
    from resgraph.queries import api  # noqa: PLC0415 - imported when run, for a fast --help

    for q in api.list_queries():
        params = " ".join(
            f"{p.name}=<{p.type}>" if p.required else f"[{p.name}=<{p.type}>]" for p in q.params
        )
        out.write(f"{q.name} {params}".rstrip() + "\n")
        out.write(f"    {q.summary}\n")
        out.write(f"    columns: {', '.join(c.name for c in q.columns)}\n")


def _run_query(args: argparse.Namespace) -> int:
    from resgraph.queries import api  # noqa: PLC0415 - imported when run, for a fast --help

    if args.list or not args.query:
        _describe_queries(sys.stdout)
        return 0
    query = api.load_query(args.query)
    rows = api.run_query(query, _parse_params(args.param), args.store, limit=args.limit)
    return _emit(args, rows, query.name, f"{query.name}: {_n(len(rows), 'row')}")


def _run_serve(args: argparse.Namespace) -> int:
    from resgraph.queries import serve  # noqa: PLC0415 - imported when run

    return serve.main(args)
