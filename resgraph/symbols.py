"""Canonical identifiers: parse, format and mint IRIs for every UN symbol form.

One parse/format pair that round-trips: :func:`parse_symbol` reads any common
form and :attr:`Symbol.key` is the canonical key; :func:`to_iri` and
:func:`from_iri` map keys to IRIs and back.

>>> parse_symbol("resolution 45/158").key
'A/RES/45/158'
>>> parse_symbol("57/270 B").key
'A/RES/57/270B'
>>> parse_symbol("217 A (III)").key
'A/RES/217A(III)'
>>> parse_symbol("Security Council resolution 1325 (2000)").key
'S/RES/1325(2000)'
>>> parse_symbol("decision 57/573").key
'A/DEC/57/573'
>>> parse_symbol("A/80/5 (Vol. I)").key
'A/80/5(Vol.I)'
>>> to_iri("A/RES/45/158")
'https://w3id.org/resgraph/id/A/RES/45/158'
>>> from_iri(to_iri("UNTS:39481"))
'UNTS:39481'
>>> parse_symbol("LNTS:v94p65").kind
'treaty'
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from urllib.parse import quote, unquote

from resgraph.errors import SymbolError

__all__ = [
    "BASE",
    "ORGANS",
    "Symbol",
    "canonical",
    "decision_key",
    "document_key",
    "from_iri",
    "is_roman",
    "key_of",
    "kind_of",
    "organ_of",
    "parse_symbol",
    "resolution_key",
    "roman_to_int",
    "to_iri",
    "undocs_url",
]

BASE = "https://w3id.org/resgraph/id/"

#: Organ codes and the symbol series of their resolutions and decisions.
ORGANS: dict[str, tuple[str, str, str]] = {
    # code: (resolution series, decision series, name)
    "GA": ("A/RES", "A/DEC", "General Assembly"),
    "SC": ("S/RES", "S/DEC", "Security Council"),
    "ECOSOC": ("E/RES", "E/DEC", "Economic and Social Council"),
    "HRC": ("A/HRC/RES", "A/HRC/DEC", "Human Rights Council"),
    "CHR": ("E/CN.4/RES", "E/CN.4/DEC", "Commission on Human Rights"),
}
_SERIES_ORGAN = {v[0]: k for k, v in ORGANS.items()} | {v[1]: k for k, v in ORGANS.items()}

_KEY_PREFIX = {"UNTS": "unts", "LNTS": "lnts", "instrument": "instrument",
               "conference": "conference",
               "OR": "or", "organ": "organ"}
_IRI_PREFIX = {v: k for k, v in _KEY_PREFIX.items()}

_ROMAN_RE = re.compile(r"^M{0,3}(CM|CD|D?C{0,3})(XC|XL|L?X{0,3})(IX|IV|V?I{0,3})$")
_ROMAN_VALUES = {"I": 1, "V": 5, "X": 10, "L": 50, "C": 100, "D": 500, "M": 1000}


def is_roman(text: str) -> bool:
    """True for a non-empty upper-case roman numeral.

    >>> is_roman("XLVIII"), is_roman("IIII"), is_roman("")
    (True, False, False)
    """
    return bool(text) and bool(_ROMAN_RE.match(text))


def roman_to_int(text: str) -> int:
    """The value of a roman numeral.

    >>> roman_to_int("XLVIII")
    48
    """
    if not is_roman(text):
        raise SymbolError(f"not a roman numeral: {text!r}")
    total = 0
    prev = 0
    for ch in reversed(text):
        v = _ROMAN_VALUES[ch]
        total = total - v if v < prev else total + v
        prev = max(prev, v)
    return total


@dataclass(frozen=True, slots=True)
class Symbol:
    """A parsed identifier.

    ``kind`` is ``resolution``, ``decision``, ``document``, ``treaty``,
    ``official-records``, ``instrument``, ``conference`` or ``organ``. For
    resolutions and decisions ``organ``, ``session`` (``45``, ``S-21``,
    ``ES-10``, ``III``, ``ES-V`` or a year for SC and ECOSOC), ``number`` and
    ``part`` (``B``) are set.
    """

    key: str
    kind: str
    organ: str | None = None
    session: str | None = None
    number: str | None = None
    part: str | None = None

    @property
    def iri(self) -> str:
        """The IRI of this identifier."""
        return to_iri(self.key)

    @property
    def year(self) -> int | None:
        """The year in the symbol (SC ``1325 (2000)``, ECOSOC ``2004/1``), if any.

        >>> parse_symbol("S/RES/1325(2000)").year
        2000
        """
        if self.session and self.session.isdigit() and len(self.session) == 4:
            return int(self.session)
        return None


def _session_ok(session: str) -> bool:
    if session.isdigit():
        return 0 < int(session) < 3000
    m = re.fullmatch(r"(S|ES)-(\d+|[IVXLC]+)", session)
    if m:
        return m.group(2).isdigit() or is_roman(m.group(2))
    return is_roman(session)


def resolution_key(organ: str, session: str, number: str, part: str | None = None) -> str:
    """Canonical key of a resolution.

    ``session`` is the session (``45``, ``S-21``, ``ES-10``), the roman session of
    the early era (``III``, ``ES-V``, ``S-VI``), or the year for the Security
    Council (``2000``) and the Economic and Social Council (``2004``).

    >>> resolution_key("GA", "45", "158")
    'A/RES/45/158'
    >>> resolution_key("GA", "III", "217", "A")
    'A/RES/217A(III)'
    >>> resolution_key("SC", "2000", "1325")
    'S/RES/1325(2000)'
    >>> resolution_key("ECOSOC", "XLVIII", "1503")
    'E/RES/1503(XLVIII)'
    """
    return _numbered_key(ORGANS[organ][0], organ, session, number, part)


def decision_key(organ: str, session: str, number: str, part: str | None = None) -> str:
    """Canonical key of a decision.

    >>> decision_key("GA", "57", "573")
    'A/DEC/57/573'
    >>> decision_key("ECOSOC", "2004", "1")
    'E/DEC/2004/1'
    """
    return _numbered_key(ORGANS[organ][1], organ, session, number, part)


def _numbered_key(series: str, organ: str, session: str, number: str, part: str | None) -> str:
    if organ not in ORGANS:
        raise SymbolError(f"unknown organ: {organ!r}")
    if not number.isdigit() or not _session_ok(session):
        raise SymbolError(f"not a resolution number: {session!r}/{number!r}")
    number = str(int(number))
    part = (part or "").upper()
    if part and not re.fullmatch(r"[A-Z]{1,2}", part):
        raise SymbolError(f"not a resolution part: {part!r}")
    roman_era = not session.isdigit() and not re.fullmatch(r"(S|ES)-\d+", session)
    if organ == "SC" or roman_era:
        return f"{series}/{number}{part}({session})"
    return f"{series}/{session}/{number}{part}"


def document_key(symbol: str) -> str:
    """Canonical key of a document symbol: white space removed, ``Add.``/``Rev.`` kept.

    >>> document_key("A/58/483/Add. 3")
    'A/58/483/Add.3'
    >>> document_key("A/64/439/Add.2 (Part II)")
    'A/64/439/Add.2(PartII)'
    """
    key = re.sub(r"\s+", "", symbol)
    if not _DOC_RE.fullmatch(key):
        raise SymbolError(f"not a UN document symbol: {symbol!r}")
    return key


_DOC_PART = r"[A-Za-z0-9][A-Za-z0-9.\-]*(?:\([A-Za-z0-9.]+\))*"
_DOC_ONE = rf"[A-Z][A-Z0-9.]*(?:/{_DOC_PART})+"
_DOC_RE = re.compile(rf"{_DOC_ONE}(?:-{_DOC_ONE})*")

_PREFIX_WORDS = re.compile(
    r"^(?:(?:its|the|general\s+assembly|security\s+council|economic\s+and\s+social\s+council"
    r"|human\s+rights\s+council|commission\s+on\s+human\s+rights|council)\s+)*"
    r"(?P<what>resolutions?|decisions?)?\s*",
    re.IGNORECASE,
)
_ORGAN_WORDS = (
    ("security council", "SC"),
    ("economic and social council", "ECOSOC"),
    ("human rights council", "HRC"),
    ("commission on human rights", "CHR"),
    ("general assembly", "GA"),
)
_NUM_MODERN = re.compile(
    r"(?P<session>(?:E?S-)?\d{1,4})/(?P<number>\d{1,4})\s*(?P<part>[A-Z]{1,2})?"
)
_NUM_PAREN = re.compile(
    r"(?P<number>\d{1,4})\s*(?P<part>[A-Z]{1,2})?\s*\(\s*(?P<session>(?:E?S-)?[IVXLC]+|\d{4})\s*\)"
)


@lru_cache(maxsize=65536)
def parse_symbol(text: str, organ: str | None = None) -> Symbol:
    """Parse any common form of a UN identifier into a :class:`Symbol`.

    ``organ`` is the organ meant by a bare number (the citing organ for ``its
    resolution``); the default is the General Assembly, except that a year in
    brackets (``1325 (2000)``) means the Security Council.

    >>> parse_symbol("S-21/2").key, parse_symbol("ES-10/19").key
    ('A/RES/S-21/2', 'A/RES/ES-10/19')
    >>> parse_symbol("2253 (ES-V)").key
    'A/RES/2253(ES-V)'
    >>> parse_symbol("2004/1", organ="ECOSOC").key
    'E/RES/2004/1'
    >>> parse_symbol("Economic and Social Council decision 2004/1").key
    'E/DEC/2004/1'
    >>> parse_symbol("Human Rights Council resolution 51/23").key
    'A/HRC/RES/51/23'
    >>> parse_symbol("A/RES/1123 (XI)").key
    'A/RES/1123(XI)'
    >>> parse_symbol("UNTS 20378").key
    'UNTS:20378'
    >>> parse_symbol("A/57/759-S/2003/332").kind
    'document'
    """
    if len(text) > 300:
        raise SymbolError(f"not a UN symbol: {text[:40]!r}... (too long)")
    raw = " ".join(text.split())
    if not raw:
        raise SymbolError("not a UN symbol: ''")
    low = raw.lower()

    # Prefixed keys.
    m = re.fullmatch(r"(?i)(?:UNTS|United Nations,? Treaty Series)[: ]\s*(?:No\.?\s*)?(\d+)", raw)
    if m:
        return Symbol(f"UNTS:{int(m.group(1))}", "treaty")
    m = re.fullmatch(r"UNTS:(v\d+p\d+)", raw)
    if m:
        return Symbol(f"UNTS:{m.group(1)}", "treaty")
    m = re.fullmatch(r"LNTS:(v\d+p\d+|\d+)", raw)
    if m:
        return Symbol(raw, "treaty")
    for prefix, kind in (("instrument:", "instrument"), ("conference:", "conference"),
                         ("organ:", "organ")):
        rest = raw[len(prefix):]
        if raw.startswith(prefix) and re.fullmatch(r"[a-z0-9][a-z0-9\-]*|[A-Z]+", rest):
            return Symbol(raw, kind)
    if raw.startswith("OR:") and re.fullmatch(r"OR:[A-Z]+/[0-9A-Za-z\-]+(/[A-Za-z0-9.\-]+)*", raw):
        return Symbol(raw, "official-records")

    # Full resolution / decision symbols: A/RES/45/158, S/RES/1325 (2000), E/RES/2004/1.
    for series, organ_code in sorted(_SERIES_ORGAN.items(), key=lambda kv: -len(kv[0])):
        if raw.upper().startswith(series + "/"):
            rest = raw[len(series) + 1 :]
            kind = "decision" if "/DEC" in series else "resolution"
            sym = _parse_number(rest, organ_code, kind)
            if sym is not None:
                return sym
            raise SymbolError(f"not a UN symbol: {text!r}")

    # Words: "Security Council resolution 1325 (2000)", "its decision 57/573".
    for words, code in _ORGAN_WORDS:
        if low.startswith(words):
            organ = code
            break
    pm = _PREFIX_WORDS.match(raw)
    kind = "resolution"
    rest = raw
    if pm:
        what = (pm.group("what") or "").lower()
        kind = "decision" if what.startswith("decision") else "resolution"
        rest = raw[pm.end():]
    sym = _parse_number(rest, organ, kind)
    if sym is not None:
        return sym

    # Document symbols.
    if re.match(r"[A-Z]", raw) and "/" in raw:
        try:
            return Symbol(document_key(raw), "document")
        except SymbolError:
            pass
    raise SymbolError(f"not a UN symbol: {text!r}")


def _parse_number(rest: str, organ: str | None, kind: str) -> Symbol | None:
    rest = rest.strip()
    m = _NUM_PAREN.fullmatch(rest)
    if m:
        session = m.group("session").replace(" ", "")
        if session.isdigit():
            organ = "SC"  # a year in brackets only occurs for the Security Council
        elif organ is None or organ == "SC":
            organ = "GA"
        number, part = m.group("number"), m.group("part")
    else:
        m = _NUM_MODERN.fullmatch(rest)
        if not m:
            return None
        session, number, part = m.group("session"), m.group("number"), m.group("part")
        if organ is None:
            organ = "GA"
        if organ == "SC":
            return None
    try:
        if kind == "decision":
            key = decision_key(organ, session, number, part)
        else:
            key = resolution_key(organ, session, number, part)
    except SymbolError:
        return None
    return Symbol(key, kind, organ, session, str(int(number)), part or None)


def canonical(text: str, organ: str | None = None) -> str:
    """The canonical key of any common form (see :func:`parse_symbol`).

    >>> canonical("A/RES/57/270 B")
    'A/RES/57/270B'
    """
    return parse_symbol(text, organ).key


def kind_of(key: str) -> str:
    """The kind of a canonical key.

    >>> kind_of("A/DEC/57/573"), kind_of("instrument:cmw"), kind_of("A/59/325")
    ('decision', 'instrument', 'document')
    """
    return parse_symbol(key).kind


def organ_of(key: str) -> str | None:
    """The organ of a resolution or decision key, else None.

    >>> organ_of("S/RES/1325(2000)"), organ_of("A/59/325")
    ('SC', None)
    """
    return parse_symbol(key).organ


def to_iri(key: str) -> str:
    """The IRI of a canonical key: one reversible rule.

    Symbols keep their slashes (``id/A/RES/45/158``); prefixed keys become a
    lower-case path segment (``UNTS:39481`` -> ``id/unts/39481``).

    >>> to_iri("instrument:cmw")
    'https://w3id.org/resgraph/id/instrument/cmw'
    >>> to_iri("A/RES/217A(III)")
    'https://w3id.org/resgraph/id/A/RES/217A(III)'
    """
    head, sep, tail = key.partition(":")
    if sep and head in _KEY_PREFIX and "/" not in head:
        return BASE + _KEY_PREFIX[head] + "/" + quote(tail, safe="/()-.,")
    return BASE + quote(key, safe="/()-.,")


def from_iri(iri: str) -> str:
    """The canonical key of an IRI minted by :func:`to_iri`.

    >>> from_iri("https://w3id.org/resgraph/id/A/RES/45/158")
    'A/RES/45/158'
    """
    if not iri.startswith(BASE):
        raise SymbolError(f"not a resgraph IRI: {iri!r}")
    path = unquote(iri[len(BASE):])
    head, sep, tail = path.partition("/")
    if sep and head in _IRI_PREFIX:
        return f"{_IRI_PREFIX[head]}:{tail}"
    return path


def key_of(iri: str) -> str:
    """The canonical key of an IRI minted by :func:`to_iri`; any other IRI as it is.

    >>> key_of("https://w3id.org/resgraph/id/unts/39481"), key_of("file:///a.txt")
    ('UNTS:39481', 'file:///a.txt')
    """
    return from_iri(iri) if iri.startswith(BASE) else iri


def undocs_url(key: str) -> str | None:
    """The ``https://undocs.org/`` address of a UN symbol, or None for other keys.

    >>> undocs_url("S/RES/1325(2000)")
    'https://undocs.org/S/RES/1325(2000)'
    >>> undocs_url("UNTS:39481") is None
    True
    """
    if ":" in key.split("/", maxsplit=1)[0]:
        return None
    return "https://undocs.org/" + quote(key, safe="/()-.,")
