"""The exceptions resgraph raises, each documented.

Every error a user can cause is a subclass of :class:`ResgraphError`; the ones
about bad values also subclass :class:`ValueError`, so ``except ValueError``
keeps working.

>>> issubclass(SymbolError, ValueError) and issubclass(SymbolError, ResgraphError)
True
"""

from __future__ import annotations

__all__ = [
    "LoadError",
    "QueryError",
    "ResgraphError",
    "StoreError",
    "SymbolError",
    "UnknownFormatError",
]


class ResgraphError(Exception):
    """Root of every resgraph error."""


class SymbolError(ResgraphError, ValueError):
    """A string is not a UN symbol, or not one of the forms resgraph knows.

    >>> from resgraph.symbols import parse_symbol
    >>> parse_symbol("not a symbol")
    Traceback (most recent call last):
    ...
    resgraph.errors.SymbolError: not a UN symbol: 'not a symbol'
    """


class LoadError(ResgraphError, ValueError):
    """A file could not be loaded. ``path`` names the file, ``reason`` says why.

    >>> str(LoadError("x.txt", "file is empty"))
    'x.txt: file is empty'
    """

    def __init__(self, path: str, reason: str) -> None:
        super().__init__(f"{path}: {reason}")
        self.path = path
        self.reason = reason


class UnknownFormatError(LoadError):
    """The file's format is none that resgraph reads."""


class StoreError(ResgraphError):
    """A graph store could not be opened, written or reached."""


class QueryError(ResgraphError, ValueError):
    """A query name, parameter or target is invalid."""
