"""``resgraph parse``: read UN texts and print them as JSON.

>>> import argparse
>>> parser = argparse.ArgumentParser(prog="resgraph")
>>> register(parser.add_subparsers(dest="command"))
>>> args = parser.parse_args(["parse", "a.txt", "--format", "jsonl"])
>>> args.paths, args.format
(['a.txt'], 'jsonl')
"""

from __future__ import annotations

import argparse
import json
import sys
from typing import Any

__all__ = ["INPUT_FORMATS", "register"]

#: The readers of :data:`resgraph.loaders.documents.FORMATS` (kept here so that
#: ``resgraph --help`` does not import them).
INPUT_FORMATS = ("ods", "pdf-text", "pdf", "sc", "web")


def register(subparsers: Any) -> None:
    """Add the ``parse`` command to the ``resgraph`` command line.

    >>> parser = argparse.ArgumentParser(prog="resgraph")
    >>> register(parser.add_subparsers(dest="command"))
    >>> parser.parse_args(["parse", "ga", "--progress"]).progress
    True
    """
    parser = subparsers.add_parser(
        "parse",
        help="read UN resolution texts (files or folders) and print them as JSON",
        description=(
            "Read UN resolution texts (ODS exports, texts extracted from PDFs, the PDFs "
            "themselves, Security Council texts, web copies) and print each document: "
            "metadata, paragraphs and footnotes with their offsets in the source text. "
            "Folders are searched for .txt, .text and .pdf files. Files that cannot be "
            "read are reported on standard error; the exit status is then 1."
        ),
    )
    parser.add_argument("paths", nargs="+", metavar="PATH", help="a file or a folder")
    parser.add_argument(
        "--format",
        choices=("json", "jsonl"),
        default="json",
        help="json: one JSON array (default); jsonl: one document per line",
    )
    parser.add_argument(
        "--input-format",
        choices=INPUT_FORMATS,
        default=None,
        help="read every file with this reader instead of detecting the format",
    )
    parser.add_argument(
        "--progress",
        action="store_true",
        help="show a progress bar on standard error (default: only when it is a terminal)",
    )
    parser.set_defaults(handler=_parse)


def _parse(args: argparse.Namespace) -> int:
    from resgraph.errors import LoadError  # noqa: PLC0415 - keep --help fast
    from resgraph.loaders.documents import expand_paths, load  # noqa: PLC0415

    files = expand_paths(args.paths)
    show = bool(args.progress or (sys.stderr.isatty() and len(files) > 1))
    iterator: Any = files
    if show:
        from tqdm import tqdm  # noqa: PLC0415

        iterator = tqdm(files, desc="parsing", unit="file", file=sys.stderr)
    failed = 0
    out = sys.stdout
    first = True
    if args.format == "json":
        out.write("[")
    for path in iterator:
        try:
            doc = load(path, format=args.input_format)
        except LoadError as exc:
            failed += 1
            print(f"resgraph: error: {exc}", file=sys.stderr)
            continue
        except Exception as exc:  # report it and go on with the other files
            failed += 1
            reason = f"cannot be read ({type(exc).__name__}: {exc})"
            print(f"resgraph: error: {path}: {reason}", file=sys.stderr)
            continue
        data = doc.to_dict()
        if args.format == "jsonl":
            out.write(json.dumps(data, ensure_ascii=False) + "\n")
        else:
            out.write(("\n" if first else ",\n") + json.dumps(data, ensure_ascii=False, indent=2))
        first = False
    if args.format == "json":
        out.write("\n]\n" if not first else "]\n")
    out.flush()
    if failed:
        print(f"resgraph: {failed} of {len(files)} file(s) could not be read", file=sys.stderr)
    return 1 if failed else 0
