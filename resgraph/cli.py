"""The ``resgraph`` command line: a thin layer over the package's verbs.

Each room registers its own commands (``register(subparsers)`` in the modules of
:data:`COMMAND_MODULES`); heavy imports happen inside the handlers, so
``resgraph --help`` stays fast.
"""

from __future__ import annotations

import argparse
import importlib
import sys
from collections.abc import Sequence

from resgraph import __version__
from resgraph.errors import ResgraphError

__all__ = ["build_parser", "main"]

#: Modules that add commands, in the order they appear in ``--help``.
COMMAND_MODULES = (
    "resgraph.demo",
    "resgraph.loaders.commands",
    "resgraph.loaders.extract_cli",
    "resgraph.graph.commands",
    "resgraph.queries.commands",
    "resgraph.queries.view_commands",
)


def build_parser() -> argparse.ArgumentParser:
    """The argument parser with every command registered.

    >>> parser = build_parser()
    >>> parser.prog
    'resgraph'
    """
    parser = argparse.ArgumentParser(
        prog="resgraph",
        description="Citation and cross-reference knowledge graph of UN resolutions.",
    )
    parser.add_argument("--version", action="version", version=f"resgraph {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    for name in COMMAND_MODULES:
        try:
            module = importlib.import_module(name)
        except ModuleNotFoundError as exc:
            if exc.name != name:
                raise
            continue
        module.register(sub)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; returns the exit status.

    Exit status: 0 success, 1 a resgraph error (printed on one line), 2 bad usage.
    """
    parser = build_parser()
    args = parser.parse_args(argv)
    handler = getattr(args, "handler", None)
    if handler is None:
        parser.print_help()
        return 2
    try:
        return int(handler(args) or 0)
    except ResgraphError as exc:
        print(f"resgraph: error: {exc}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        print("resgraph: interrupted", file=sys.stderr)
        return 130
    except BrokenPipeError:
        return 0


if __name__ == "__main__":  # pragma: no cover
    raise SystemExit(main())
