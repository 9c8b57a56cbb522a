"""Read a query target in any form a user types and return its canonical key.

A target is whatever a citation can point at: a resolution or decision in any
common form, a document symbol, a Treaty Series entry, or an instrument or
conference by key, name or alias.

>>> resolve_target("45/158")
'A/RES/45/158'
>>> resolve_target("A/RES/45/158"), resolve_target("resolution 45/158")
('A/RES/45/158', 'A/RES/45/158')
>>> resolve_target("217 A (III)"), resolve_target("1325 (2000)")
('A/RES/217A(III)', 'S/RES/1325(2000)')
>>> resolve_target("UNTS 39481"), resolve_target("instrument:cmw")
('UNTS:39481', 'instrument:cmw')
>>> resolve_target("https://w3id.org/resgraph/id/A/RES/45/158")
'A/RES/45/158'
>>> resolve_target("no such thing")  # doctest: +ELLIPSIS
Traceback (most recent call last):
...
resgraph.errors.QueryError: unknown target 'no such thing': give a symbol (45/158, ...
"""

from __future__ import annotations

import difflib
from functools import cache

from resgraph.errors import QueryError, SymbolError
from resgraph.registry import Registry, load_registry, normalize_name
from resgraph.symbols import BASE, from_iri, parse_symbol

__all__ = ["MAX_TARGET_LENGTH", "resolve_target", "target_label"]

#: Longest target text accepted (the longest instrument names are about 200 characters).
MAX_TARGET_LENGTH = 400

_HINT = (
    "give a symbol (45/158, A/RES/45/158, 217 A (III), 1325 (2000)), "
    "a treaty (UNTS 39481) or an instrument name or alias"
)


@cache
def _default_registry() -> Registry:
    return load_registry()


def _short(text: str) -> str:
    return repr(text if len(text) <= 60 else text[:57] + "...")


def resolve_target(text: str, registry: Registry | None = None) -> str:
    """The canonical key of a target typed in any common form.

    Accepts resolution and decision symbols in every form
    :func:`resgraph.symbols.parse_symbol` reads, document symbols, ``UNTS 39481``,
    resgraph IRIs, ``instrument:`` and ``conference:`` keys, and the names and
    aliases of the instrument registry (case and a leading article do not matter).

    Raises:
        QueryError: the text is empty, too long, or names nothing resgraph knows;
            the message says which forms are accepted and suggests close names.

    >>> resolve_target("  Security Council resolution 1325 (2000) ")
    'S/RES/1325(2000)'
    >>> resolve_target("A/59/325")
    'A/59/325'
    >>> resolve_target("")  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    resgraph.errors.QueryError: empty target: give a symbol (45/158, A/RES/45/158, ...
    """
    if not isinstance(text, str):
        raise QueryError(f"a target must be a string, not {type(text).__name__}")
    raw = " ".join(text.split())
    if not raw:
        raise QueryError(f"empty target: {_HINT}")
    if len(raw) > MAX_TARGET_LENGTH:
        raise QueryError(f"target too long ({len(raw):,} characters): {_HINT}")
    reg = registry if registry is not None else _default_registry()

    if raw.startswith(BASE):
        try:
            return from_iri(raw)
        except SymbolError as exc:  # pragma: no cover - from_iri only fails off BASE
            raise QueryError(str(exc)) from exc

    # A name or alias of the registry wins over a symbol reading of the same text.
    entity = reg.lookup_name(raw)
    if entity is not None:
        return entity.target

    try:
        sym = parse_symbol(raw)
    except SymbolError:
        sym = None
    if sym is not None:
        known = reg.instruments or reg.conferences
        if sym.kind in ("instrument", "conference") and known and reg.get(sym.key) is None:
            raise QueryError(f"unknown {sym.kind} {sym.key!r}{_suggest(raw, reg)}")
        return sym.key

    raise QueryError(f"unknown target {_short(raw)}: {_HINT}{_suggest(raw, reg)}")


def _suggest(text: str, reg: Registry) -> str:
    """``; did you mean ...?`` with up to three close registry names, or ''."""
    names: dict[str, str] = {}
    for name, target in reg.names():
        names.setdefault(normalize_name(name), name)
        key = target.partition(":")[2]
        names.setdefault(key, target)
    query = normalize_name(text)
    if not query or not names:
        return ""
    close = difflib.get_close_matches(query, list(names), n=3, cutoff=0.6)
    if not close:
        # Words in common: "migrant workers" finds the migrant workers convention.
        words = set(query.split())
        scored = sorted(
            ((len(words & set(n.split())), n) for n in names if len(n) > 6),
            key=lambda p: (-p[0], p[1]),
        )
        close = [n for score, n in scored[:3] if score >= max(2, len(words) // 2)]
    if not close:
        return ""
    return "; did you mean " + " or ".join(repr(names[c]) for c in close) + "?"


def target_label(key: str, registry: Registry | None = None) -> str:
    """A short human label for a key: the instrument's name, else the key.

    >>> target_label("A/RES/45/158")
    'A/RES/45/158'
    """
    reg = registry if registry is not None else _default_registry()
    entity = reg.get(key)
    return entity.name if entity is not None else key
