"""Metadata printed above and below a resolution: symbol, title, date, report, meeting.

These helpers work on folded text (runs of white space made one space), so a
line break in the middle of ``Resolution adopted by the General Assembly on 2
December 2024`` does not matter.

>>> report_symbol("[on the report of the First Committee (A/79/408, para. 114)]")
'A/79/408'
>>> report_symbol("[without reference to a Main Committee (A/78/L.1)]")
'A/78/L.1'
>>> meeting_of("43rd plenary meeting")
'43rd plenary meeting'
"""

from __future__ import annotations

import datetime as dt
import re

from resgraph.errors import SymbolError
from resgraph.loaders.segment import fold, parse_date
from resgraph.symbols import canonical, document_key, parse_symbol

__all__ = [
    "ADOPTED_RE",
    "OPENING_RE",
    "TITLE_RE",
    "adopted_on",
    "canonical_symbol",
    "meeting_of",
    "organ_of_symbol",
    "report_symbol",
    "session_of",
]

#: The line that opens the resolution proper.
OPENING_RE = re.compile(
    r"[ \t\u00a0]*(?:Therefore\s+)?The\s+(General\s+Assembly|Security\s+Council|"
    r"Economic\s+and\s+Social\s+Council|Human\s+Rights\s+Council)\s*[,.:]?[ \t\u00a0]*$"
)
#: ``79/30. Title``, ``1123 (XI). Title``, ``1996/31. Title``.
TITLE_RE = re.compile(
    r"[ \t\u00a0]*(?P<num>(?:(?:E?S-)?\d{1,4}/\d{1,4}(?:\s?[A-Z])?)"
    r"|\d{1,4}\s?(?:[A-Z]\s)?\((?:E?S-)?[IVXL]+\))"
    r"\.[ \t\u00a0]*(?P<title>.*)$"
)
ADOPTED_RE = re.compile(
    r"Resolution\s+adopted\s+by\s+the\s+(?:General\s+Assembly|Security\s+Council|Economic\s+and"
    r"\s+Social\s+Council|Human\s+Rights\s+Council)\s+on\s+(\d{1,2}\s+[A-Z][a-z]+\s+\d{4})"
)
_MEETING_RE = re.compile(
    r"(\d+(?:st|nd|rd|th)_?\s+(?:\([a-z]+\)\s+)?(?:plenary\s+)?meeting)", re.IGNORECASE
)
_REPORT_SYMBOL = re.compile(
    r"[A-Z][A-Z0-9.]*(?:/(?:(?:Add|Rev|Corr)\.\s?\d+|[A-Za-z0-9.\-]+))+"
    r"(?:\s*\((?:Part|Vol\.)\s*[IVXLC0-9]+\))?"
)


def adopted_on(text: str) -> dt.date | None:
    """The date of ``Resolution adopted by the General Assembly on ...``.

    >>> adopted_on("Resolution adopted by the General Assembly\\non 2 December 2024")
    datetime.date(2024, 12, 2)
    """
    m = ADOPTED_RE.search(fold(text))
    return parse_date(m.group(1)) if m else None


def report_symbol(text: str) -> str | None:
    """The report symbol of a ``[on the report of ...]`` line, pinpoints dropped.

    >>> report_symbol("[on the report of the Third Committee (A/64/439/Add.2 (Part II))]")
    'A/64/439/Add.2(PartII)'
    >>> report_symbol("[on the report of the Special Political and Decolonization Committee "
    ...               "(Fourth Committee) (A/78/429, para. 33)]")
    'A/78/429'
    """
    text = fold(text)
    m = re.search(r"\[\s*(?:on\s+the\s+reports?\s+of|without\s+reference)[^\[\]]*\]?", text)
    if not m:
        return None
    inner = m.group(0)
    for opening in reversed([i for i, ch in enumerate(inner) if ch == "("]):
        sm = _REPORT_SYMBOL.match(inner, opening + 1)
        if sm:
            try:
                return document_key(sm.group(0))
            except SymbolError:
                return None
    return None


def meeting_of(text: str) -> str | None:
    """The meeting of a closing line, as printed (white space folded).

    >>> meeting_of("Adopted at the 2134th meeting by 13 votes to none")
    '2134th meeting'
    >>> meeting_of("50th (resumed) plenary meeting")
    '50th (resumed) plenary meeting'
    """
    m = _MEETING_RE.search(fold(text))
    return m.group(1).replace("_", "") if m else None


def canonical_symbol(text: str) -> str | None:
    """The canonical form of a printed symbol, or None when it is not one.

    >>> canonical_symbol("A/RES/1123 (XI)"), canonical_symbol("S/RES/1325 (2000)")
    ('A/RES/1123(XI)', 'S/RES/1325(2000)')
    >>> canonical_symbol("A/C.3/45/L.77")
    'A/C.3/45/L.77'
    """
    try:
        return canonical(fold(text))
    except SymbolError:
        return None


def organ_of_symbol(symbol: str | None) -> str | None:
    """The organ a symbol belongs to (``GA``, ``SC``, ``ECOSOC``, ``HRC``).

    >>> organ_of_symbol("A/HRC/RES/51/23"), organ_of_symbol("A/C.3/45/L.77")
    ('HRC', 'GA')
    """
    if not symbol:
        return None
    try:
        organ = parse_symbol(symbol).organ
    except SymbolError:
        organ = None
    if organ:
        return organ
    if symbol.startswith("A/HRC/"):
        return "HRC"
    head = symbol.split("/", 1)[0]
    return {"A": "GA", "S": "SC", "E": "ECOSOC"}.get(head)


def session_of(symbol: str | None) -> str | None:
    """The session in a resolution symbol (for the Security Council, the year).

    >>> session_of("A/RES/59/241"), session_of("A/RES/1123(XI)"), session_of("S/RES/446(1979)")
    ('59', 'XI', '1979')
    >>> session_of("A/C.3/45/L.77")
    '45'
    """
    if not symbol:
        return None
    try:
        sym = parse_symbol(symbol)
    except SymbolError:
        return None
    if sym.session:
        return sym.session
    m = re.match(r"[A-Z]+(?:/[A-Z]+[.\d]*)*/(\d{1,3})/", symbol)
    return m.group(1) if m else None
