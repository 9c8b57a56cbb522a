#!/usr/bin/env python3
"""Strip the outputs of Jupyter notebooks, so that only their sources go into git.

Usage::

    python scripts/strip-notebooks.py                 # every notebooks/*.ipynb, in place
    python scripts/strip-notebooks.py a.ipynb b.ipynb # these files
    python scripts/strip-notebooks.py --check         # exit 1 and name the files to strip

What is removed: the outputs and execution counts of code cells, the run-time
metadata Jupyter and nbclient add to cells (``execution``, ``ExecuteTime``,
``collapsed``, ``scrolled``), widget state, and the interpreter version in
``language_info`` (only its ``name`` is kept). Everything else, cell ids
included, is written back unchanged, in the layout Jupyter itself writes
(one-space indent, sorted keys, a final newline).

Standard library only (``json``), so it runs before anything is installed.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parent.parent
DEFAULT_FOLDER = REPO / "notebooks"

#: Cell metadata written while a notebook runs or is viewed, never by its author.
RUN_METADATA = ("execution", "ExecuteTime", "collapsed", "scrolled")


def strip(notebook: dict[str, Any]) -> dict[str, Any]:
    """The notebook without outputs, execution counts and run-time metadata."""
    for cell in notebook.get("cells", []):
        if cell.get("cell_type") == "code":
            cell["outputs"] = []
            cell["execution_count"] = None
        metadata = cell.get("metadata")
        if isinstance(metadata, dict):
            for key in RUN_METADATA:
                metadata.pop(key, None)
    metadata = notebook.get("metadata")
    if isinstance(metadata, dict):
        metadata.pop("widgets", None)
        info = metadata.get("language_info")
        if isinstance(info, dict):
            metadata["language_info"] = {"name": info.get("name", "python")}
    return notebook


def render(notebook: dict[str, Any]) -> str:
    """The notebook as Jupyter writes it."""
    return json.dumps(notebook, indent=1, ensure_ascii=False, sort_keys=True) + "\n"


def process(path: Path, check: bool) -> bool:
    """Strip one file (or only look, with ``check``); True when it had to change."""
    before = path.read_text(encoding="utf-8")
    try:
        notebook = json.loads(before)
    except ValueError as exc:
        raise SystemExit(f"{path}: not a notebook: {exc}") from None
    after = render(strip(notebook))
    if after == before:
        return False
    if not check:
        path.write_text(after, encoding="utf-8")
    return True


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("paths", nargs="*", type=Path,
                        help=f"notebooks (default: {DEFAULT_FOLDER.relative_to(REPO)}/*.ipynb)")
    parser.add_argument("--check", action="store_true",
                        help="change nothing; exit 1 when a notebook has outputs to strip")
    args = parser.parse_args(argv)
    paths = args.paths or sorted(DEFAULT_FOLDER.glob("*.ipynb"))
    changed = [p for p in paths if process(p, args.check)]
    for path in changed:
        print(f"{'needs stripping' if args.check else 'stripped'}: {path}")
    return 1 if args.check and changed else 0


if __name__ == "__main__":
    sys.exit(main())
