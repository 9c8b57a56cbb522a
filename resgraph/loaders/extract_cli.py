"""The ``resgraph extract`` command: citations of UN texts as JSON lines or CSV.

``resgraph extract PATH... --format jsonl`` prints one JSON object per document::

    {"file": "ods/A_RES_59_241.txt", "symbol": "A/RES/59/241",
     "citations": [{"target": "A/RES/57/270B", "type": "resolution", "verb": "recalling",
                    "paragraph": "preamble 2", "footnote": null, "start": 1234,
                    "end": 1254, "text": "resolutions 57/270 B", ...}]}

``--format csv`` prints one row per citation, with the file and symbol first.

>>> import argparse
>>> parser = argparse.ArgumentParser(prog="resgraph")
>>> register(parser.add_subparsers())
>>> parser.parse_args(["extract", "a.txt", "--format", "csv"]).format
'csv'
"""

from __future__ import annotations

import argparse
import csv
import json
import sys
from collections.abc import Iterable
from typing import Any, TextIO

__all__ = ["CSV_COLUMNS", "register", "run", "write_csv", "write_jsonl"]

#: Columns of ``--format csv``.
CSV_COLUMNS = ("file", "symbol", "target", "type", "verb", "paragraph", "footnote", "start",
               "end", "text", "group", "date", "pinpoint", "via", "reason")


def register(subparsers: Any) -> None:
    """Add the ``extract`` command to a ``argparse`` sub-parser collection."""
    p = subparsers.add_parser(
        "extract",
        help="find and resolve the citations of UN texts",
        description="Find and resolve every citation of the given texts; print one JSON "
                    "object per document (jsonl) or one row per citation (csv).",
    )
    p.add_argument("paths", nargs="+", metavar="PATH", help="text, PDF or web files to read")
    p.add_argument("--format", choices=("jsonl", "csv"), default="jsonl",
                   help="output format (default: jsonl)")
    p.set_defaults(handler=run)


def _records(paths: Iterable[str]) -> Iterable[dict[str, Any]]:
    from resgraph.loaders.documents import load  # noqa: PLC0415 - keeps --help fast
    from resgraph.loaders.find import default_registry  # noqa: PLC0415
    from resgraph.loaders.resolve import extract  # noqa: PLC0415

    registry = default_registry()
    for path in paths:
        doc = load(path)
        refs = extract(doc, registry)
        yield {"file": path, "symbol": doc.symbol,
               "citations": [r.to_dict() for r in refs]}


def write_jsonl(records: Iterable[dict[str, Any]], out: TextIO) -> None:
    """One JSON object per line.

    >>> import io
    >>> buf = io.StringIO()
    >>> write_jsonl([{"file": "a", "symbol": None, "citations": []}], buf)
    >>> buf.getvalue()
    '{"file": "a", "symbol": null, "citations": []}\\n'
    """
    for rec in records:
        out.write(json.dumps(rec, ensure_ascii=False) + "\n")


def write_csv(records: Iterable[dict[str, Any]], out: TextIO) -> None:
    """One row per citation, with a header row.

    >>> import io
    >>> buf = io.StringIO()
    >>> write_csv([{"file": "a", "symbol": "S", "citations": [{"target": "A/59/325"}]}], buf)
    >>> buf.getvalue().splitlines()[1]
    'a,S,A/59/325,,,,,,,,,,,,'
    """
    writer = csv.DictWriter(out, fieldnames=CSV_COLUMNS, extrasaction="ignore",
                            lineterminator="\n")
    writer.writeheader()
    for rec in records:
        for cit in rec["citations"]:
            writer.writerow({"file": rec["file"], "symbol": rec["symbol"], **cit})


def run(args: argparse.Namespace) -> int:
    """Handler of ``resgraph extract``: prints the records of ``args.paths``.

    >>> import contextlib, io, json, pathlib, tempfile
    >>> from resgraph.loaders.documents import SAMPLE
    >>> with tempfile.TemporaryDirectory() as d:
    ...     path = pathlib.Path(d, "A_RES_78_1.txt")
    ...     _ = path.write_text(SAMPLE, encoding="utf-8")
    ...     out = io.StringIO()
    ...     with contextlib.redirect_stdout(out):
    ...         status = run(argparse.Namespace(paths=[str(path)], format="jsonl"))
    >>> record = json.loads(out.getvalue())
    >>> status, record["symbol"], "instrument" in {c["type"] for c in record["citations"]}
    (0, 'A/RES/78/1', True)
    """
    records = _records(args.paths)
    if args.format == "csv":
        write_csv(records, sys.stdout)
    else:
        write_jsonl(records, sys.stdout)
    return 0
