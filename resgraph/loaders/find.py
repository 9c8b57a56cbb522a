"""Document -> [Citation]: every mention of a resolution, decision, document, treaty,
Official Records, named instrument or conference, with its exact source span.

:func:`find_citations` reads each paragraph and each footnote of a loaded
:class:`~resgraph.models.Document` with the grammar of
:mod:`resgraph.loaders.patterns`:

* lists and ranges give one citation per member, tied by ``group``;
  ``resolutions 3419 A to D (XXX)`` gives four;
* organ words before a trigger (``Security Council resolution``,
  ``its resolution``, ``Council resolution``) pick the organ, and keep applying
  to the rest of a list until another organ word;
* a citation printed in a footnote is emitted once per marker pointing to the
  footnote, with the marker's paragraph label and verb; a footnote no marker
  points to gives ``paragraph="footnote N"``;
* ``Ibid.`` takes its kind from the previous footnote (``Ibid., vol. 1577, No.
  27531.`` after a Treaty Series footnote is ``UNTS:27531``); a bare ``Ibid.``
  keeps ``key=None`` and ``note="ibid"`` for :mod:`resgraph.loaders.resolve`;
* spans are offsets in ``doc.source`` and ``text`` is the source slice.

>>> from resgraph.models import Document, Paragraph, Span, TextMap
>>> text = "Recalling its resolutions 57/270 B of 23 June 2003 and 58/190,"
>>> p = Paragraph("preamble", 1, text, Span(0, len(text)), TextMap.identity(len(text)),
...               verb="recalling")
>>> doc = Document("x.txt", "text", text, "A/RES/59/241", "GA", paragraphs=(p,))
>>> [(c.key, c.text, c.date) for c in find_citations(doc)]
[('A/RES/57/270B', 'resolutions 57/270 B', '2003-06-23'), ('A/RES/58/190', '58/190', None)]
"""

from __future__ import annotations

import bisect
import datetime as dt
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, replace

from resgraph.errors import SymbolError
from resgraph.loaders import patterns as P
from resgraph.loaders.verbs import ClauseVerbs
from resgraph.models import Citation, CitationType, Document, Marker, TextMap
from resgraph.registry import Registry, load_registry
from resgraph.symbols import (
    decision_key,
    document_key,
    is_roman,
    parse_symbol,
    resolution_key,
    roman_to_int,
)

__all__ = [
    "IN_OR",
    "NameMatcher",
    "clean_offset",
    "default_registry",
    "find_citations",
    "find_in_text",
    "name_matcher",
]

T = CitationType

#: The note of a resolution printed inside an Official Records reference
#: (``..., chap. I.B, decision 2004/1``): part of that reference, never the
#: antecedent of a following ``Ibid.``.
IN_OR = "in Official Records"

_CLAIM_REPORT = "conference report details"

#: The key used for the Charter when the registry does not know it.
CHARTER_KEY = "instrument:charter"

_COUNCILS = re.compile(
    r"(Security\sCouncil|Economic\sand\sSocial\sCouncil|Human\sRights\sCouncil)"
)
_COUNCIL_CODE = {"Security Council": "SC", "Economic and Social Council": "ECOSOC",
                 "Human Rights Council": "HRC"}
_WORD = re.compile(r"[\w’'\-\u2011]+|[^\w\s]")
_VERB_LIKE = re.compile(r"[A-Z][a-z]+(?:ing|s)$")
_SPACE = re.compile(r"\s+")
_DIGIT = re.compile(r"\d")
_ROMAN_FIRST = re.compile(r"[IVXLC]+/")  # "decision IX/16" of a treaty body


# ---------------------------------------------------------------------------
# Hits: mentions in a cleaned text, before they are mapped to the source
# ---------------------------------------------------------------------------


@dataclass(slots=True)
class _Hit:
    type: CitationType
    key: str | None
    start: int
    end: int
    group: int | None = None
    date: str | None = None
    pinpoint: str | None = None
    note: str | None = None
    work: bool = True  # may be the antecedent of a following Ibid.
    replaceable: bool = False  # a shorter name a longer name may replace
    context: tuple[str, str | None] | None = None  # Official Records body, supplement
    code: str | None = None  # organ of a numbered resolution or decision
    inferred: bool = False  # the organ comes from no organ word (a default)
    session: str | None = None  # its session or year, for the date check


@dataclass(slots=True)
class _Ctx:
    """What the scanner knows about the text it reads."""

    organ: str | None  # organ of the citing document
    registry: Registry | None
    footnote: bool = False
    groups: list[int] = field(default_factory=lambda: [0])
    matcher: NameMatcher | None = None
    charter: str = "instrument:charter"

    def new_group(self) -> int:
        self.groups[0] += 1
        return self.groups[0]


class _Run:
    """Disjoint claimed stretches sorted by start, with the hits of each."""

    __slots__ = ("ends", "hits", "starts")

    def __init__(self) -> None:
        self.starts: list[int] = []
        self.ends: list[int] = []
        self.hits: list[list[_Hit]] = []

    def overlapping(self, start: int, end: int) -> list[int]:
        i = bisect.bisect_left(self.starts, max(end, start + 1)) - 1
        out: list[int] = []
        while i >= 0 and self.ends[i] > start:
            out.append(i)
            i -= 1
        return out

    def delete(self, idx: list[int]) -> None:
        for i in sorted(idx, reverse=True):
            del self.starts[i], self.ends[i], self.hits[i]


class _Hits:
    """Hits of one text, kept free of overlaps (the first claim wins).

    Claimed stretches are disjoint (members of one list share theirs), so an
    overlap test is a binary search. Each pattern claims in reading order: new
    stretches are appended to a second run, merged into the first when a claim
    comes out of order, so that claiming stays linear on long texts.
    """

    __slots__ = ("_main", "_new")

    def __init__(self) -> None:
        self._main = _Run()
        self._new = _Run()

    def _merge(self) -> None:
        if not self._new.starts:
            return
        a, b = self._main, self._new
        merged = _Run()
        i = j = 0
        while i < len(a.starts) or j < len(b.starts):
            if j >= len(b.starts) or (i < len(a.starts) and a.starts[i] <= b.starts[j]):
                merged.starts.append(a.starts[i])
                merged.ends.append(a.ends[i])
                merged.hits.append(a.hits[i])
                i += 1
            else:
                merged.starts.append(b.starts[j])
                merged.ends.append(b.ends[j])
                merged.hits.append(b.hits[j])
                j += 1
        self._main, self._new = merged, _Run()

    @property
    def items(self) -> list[_Hit]:
        self._merge()
        return [h for group in self._main.hits for h in group]

    def overlaps(self, start: int, end: int) -> list[_Hit]:
        return [h for run in (self._main, self._new) for i in run.overlapping(start, end)
                for h in run.hits[i]]

    def free(self, start: int, end: int) -> bool:
        return not self._main.overlapping(start, end) and not self._new.overlapping(start, end)

    def _insert(self, hits: list[_Hit]) -> None:
        start, end = hits[0].start, hits[0].end
        new = self._new
        if new.starts and start < new.starts[-1]:
            self._merge()
            new = self._new
        new.starts.append(start)
        new.ends.append(end)
        new.hits.append(hits)

    def add(self, hit: _Hit) -> bool:
        over = self.overlaps(hit.start, hit.end)
        if over:
            if not all(o.replaceable and o.start >= hit.start and o.end <= hit.end
                       and (o.end - o.start) < (hit.end - hit.start) for o in over):
                return False
            for run in (self._main, self._new):
                run.delete(run.overlapping(hit.start, hit.end))
        self._insert([hit])
        return True

    def add_all(self, new: Sequence[_Hit]) -> None:
        """Add hits that may share spans with each other (members of one list)."""
        by_span: dict[tuple[int, int], list[_Hit]] = {}
        for h in new:
            if (h.start, h.end) in by_span or self.free(h.start, h.end):
                by_span.setdefault((h.start, h.end), []).append(h)
        for group in sorted(by_span.values(), key=lambda g: g[0].start):
            if self.free(group[0].start, group[0].end):
                self._insert(group)

    def sorted(self) -> list[_Hit]:
        return self.items


# ---------------------------------------------------------------------------
# Resolutions and decisions
# ---------------------------------------------------------------------------


_HYPHEN_TABLE = str.maketrans(dict.fromkeys(P.HYPHENS, "-") | {" ": None})
_MISREAD_ONE = re.compile(r"[1Il]{1,3}")


def _norm_session(raw: str) -> str:
    s = raw.translate(_HYPHEN_TABLE)
    if len(s) <= 3 and _MISREAD_ONE.fullmatch(s):
        return "I" * len(s)  # "41 (1)": a misread "41 (I)"
    return s


def _session_kind(session: str) -> str:
    """``modern`` (45), ``special`` (S-21, ES-10), ``year`` (2004), ``roman`` (III, ES-V)."""
    if session.isdigit():
        return "year" if len(session) == 4 and 1946 <= int(session) <= 2100 else "modern"
    if re.fullmatch(r"E?S-\d+", session):
        return "special"
    return "roman"


@dataclass(frozen=True, slots=True)
class _Organ:
    """Who a resolution belongs to, as read from the words before it."""

    code: str | None = None  # GA, SC, ECOSOC, HRC, CHR
    its: bool = False
    ambiguous: str | None = None  # "Council" or "Commission"
    other: str | None = None  # the name of another body


def _organ_before(text: str, start: int) -> _Organ:
    """Read the organ words just before ``text[start]`` (a trigger word)."""
    lo = max(0, start - 100)
    toks = [(m.group(), m.start()) for m in _WORD.finditer(text, lo, start)]
    if lo > 0 and toks:
        toks = toks[1:]  # may be a cut word
    i = len(toks) - 1
    while i >= 0 and toks[i][0].lower() in P.SKIP_BEFORE_TRIGGER and toks[i][0] not in ("and",):
        i -= 1
    its = False
    if i >= 0 and toks[i][0] == "its":
        its = True
        i -= 1
        if i >= 0 and toks[i][0] in ("in", "by"):
            i -= 1
            if i >= 0 and toks[i][0] == ",":
                i -= 1
        else:
            # "its" alone: the citing organ.
            return _Organ(its=True)
    run: list[tuple[str, int]] = []
    while i >= 0:
        w, pos = toks[i]
        if w[:1].isupper() or (w in ("and", "on", "of", "for", "the") and run):
            run.append((w, pos))
        else:
            break
        i -= 1
    run.reverse()
    while run and not run[0][0][:1].isupper():
        run.pop(0)
    # A verb opening the paragraph ("Recalling", "Reaffirms") is no organ word.
    while run and (_VERB_LIKE.fullmatch(run[0][0]) and (run[0][1] == 0 or len(run) > 1)
                   and run[0][0] not in P.BODY_NOUNS and run[0][0] != "Nations"):
        run.pop(0)
    while run and not run[0][0][:1].isupper():
        run.pop(0)
    words = tuple(w for w, _ in run)
    if not words:
        return _Organ(its=its)
    for tail, code in P.ORGAN_TAILS:
        n = len(tail)
        if words[-n:] == tail:
            return _Organ(code=code, its=its)
    if words == ("Assembly",):
        return _Organ(code="GA", its=its)
    if words in (("Council",), ("Commission",)):
        return _Organ(ambiguous=words[0], its=its)
    # After "and", a new name starts ("the Commission and Assembly").
    if "and" in words and words[-1] in P.BODY_NOUNS:
        last = words[len(words) - 1 - words[::-1].index("and") + 1:]
        if last == ("Assembly",):
            return _Organ(code="GA", its=its)
        if last in (("Council",), ("Commission",)):
            return _Organ(ambiguous=last[0], its=its)
        words = last
    if any(w in P.BODY_NOUNS for w in words):
        # "the Economic and Social Commission for Asia and the Pacific, in its resolution"
        return _Organ(other=" ".join(words))
    return _Organ(its=its)


def _resolve_organ(
    organ: _Organ, session: str, text: str, start: int, *, ctx: _Ctx,
    or_context: tuple[str, str | None] | None, paren: bool = False,
) -> tuple[str | None, str | None]:
    """(organ code, None) or (None, reason) for one item."""
    kind = _session_kind(session)
    if organ.other:
        return None, f"resolution of {organ.other}: no canonical key"
    if kind == "year" and paren:
        return "SC", None  # "1325 (2000)": only the Security Council numbers so
    code = organ.code
    if code is None and organ.ambiguous == "Council":
        found = [m.group(1) for m in _COUNCILS.finditer(text, max(0, start - 3000), start)]
        if found:
            code = _COUNCIL_CODE[_SPACE.sub(" ", found[-1])]
        elif ctx.organ in ("SC", "ECOSOC", "HRC"):
            code = ctx.organ
        else:
            code = {"year": "ECOSOC", "roman": "ECOSOC", "modern": "HRC",
                    "special": "HRC"}[kind]
    elif code is None and organ.ambiguous == "Commission":
        if "Commission on Human Rights" in text[:start] or ctx.organ == "CHR":
            code = "CHR"
        else:
            return None, "resolution of an unnamed commission: no canonical key"
    elif code is None and organ.its:
        code = ctx.organ or "GA"
    elif code is None and or_context is not None:
        body, supp = or_context
        if body == "GA" and supp in ("53", "53A", "53B"):
            code = "HRC"
        elif body == "ECOSOC" and kind == "year":
            code = "ECOSOC"
        elif body == "SC":
            code = "SC"
        else:
            return None, "resolution of a body reporting in the Official Records: no canonical key"
    elif code is None:
        code = ctx.organ or "GA"
    # The form of the number overrules a default that cannot fit it.
    if kind == "year" and code == "GA":
        code = "ECOSOC"
    if code == "SC" and kind != "year":
        code = "GA"
    if code == "ECOSOC" and kind in ("modern", "special"):
        code = "GA"
    if code == "CHR" and kind == "modern":
        code = "GA"
    return code, None


def _year_range(code: str, session: str) -> tuple[int, int] | None:
    kind = _session_kind(session)
    if kind == "year":
        return int(session), int(session)
    if code == "GA" and kind == "modern":
        n = int(session)
        return 1945 + n, 1947 + n
    if code == "GA" and kind == "roman" and is_roman(session):
        n = roman_to_int(session)
        return 1945 + n, 1947 + n
    if code == "HRC" and kind == "modern":
        y = 2006 + (int(session) - 1) // 3
        return y - 1, y + 1
    if code == "ECOSOC" and kind == "roman" and is_roman(session):
        y = 1946 + (roman_to_int(session) - 1) // 2
        return y - 1, y + 2
    return None


def _date_iso(day: str, month: str, year: str) -> str | None:
    try:
        return dt.date(int(year), P.month_number(month), int(day)).isoformat()
    except ValueError:
        return None


def _scan_resolutions(
    text: str, hits: _Hits, ctx: _Ctx, lo: int = 0, hi: int | None = None,
) -> None:
    hi = len(text) if hi is None else hi
    or_hits = [h for h in hits.items if h.context is not None]
    for tm in P.TRIGGER.finditer(text, lo, hi):
        if not hits.free(tm.start(), tm.end()):
            continue
        trigger = tm.group()
        kind = "decision" if trigger[0] in "Dd" else "resolution"
        organ = _organ_before(text, tm.start())
        in_doc = _DOC_BEFORE.search(text, max(lo, tm.start() - 200), tm.start())
        if in_doc and organ.code is None and not organ.its and organ.ambiguous is None:
            sym = in_doc.group("sym")
            if sym.startswith("A/HRC/"):
                organ = _Organ(code="HRC")
            elif sym.startswith("E/CN.4/"):
                organ = _Organ(code="CHR")
            elif not (sym.startswith("E/") and in_doc.end() - in_doc.start() < 60):
                organ = _Organ(other=f"a body whose text is printed in {sym}")
        or_context: tuple[str, str | None] | None = None
        if ctx.footnote and not organ.its and organ.code is None and organ.ambiguous is None:
            before = [h for h in or_hits if h.end <= tm.start()
                      and ";" not in text[h.end:tm.start()]]
            if before:
                or_context = before[-1].context
        _walk_list(text, tm.start(), tm.end(), kind=kind, organ=organ, or_context=or_context,
                   hits=hits, ctx=ctx, hi=hi)


_NO = re.compile(r"\s(?:No\.\s?)?")
#: A document symbol and its pinpoints just before a trigger:
#: ``A/56/1026-S/2002/932, annex II, resolution 14/221`` is not a GA resolution.
_DOC_BEFORE = re.compile(
    "(?P<sym>" + P.DOCUMENT.pattern + r")(?:,\s?(?:annex|chap\.|sect\.|part|para\.|appendix|"
    r"enclosure)[^,;]{0,24})*,\s?\Z"
)


def _walk_list(
    text: str, first_start: int, pos: int, *, kind: str, organ: _Organ,
    or_context: tuple[str, str | None] | None, hits: _Hits, ctx: _Ctx, hi: int,
) -> None:
    """Read the list of items after a trigger ending at ``pos``."""
    made: list[list[_Hit]] = []  # hits per item, in order
    span_start = first_start
    m = _NO.match(text, pos)
    if not m:
        return
    pos = m.end()
    while True:
        item = P.RESOLUTION_ITEM.match(text, pos, hi)
        if item is None:
            break
        if item.group("num2") is not None:
            number, parts_raw = item.group("num2"), item.group("parts2")
            ses_raw = item.group("ses2")
        else:
            number, parts_raw, ses_raw = item.group("num"), item.group("parts"), item.group("ses")
        session = _norm_session(ses_raw)
        if number in ("I", "l"):
            number = "1"  # "I (1)": a misread "1 (I)"
        parts = P.expand_parts(parts_raw) if parts_raw else [None]
        code, reason = _resolve_organ(organ, session, text, item.start(), ctx=ctx,
                                      or_context=or_context,
                                      paren=item.group("num2") is not None)
        item_hits: list[_Hit] = []
        for part in parts:
            key: str | None = None
            note = reason
            if code is not None:
                try:
                    key = (decision_key if kind == "decision" else resolution_key)(
                        code, session, number, part)
                except (SymbolError, KeyError):
                    key = None
                    note = f"not a {kind} number: {item.group()!r}"
            ctype = T.DECISION if kind == "decision" else T.RESOLUTION
            if reason is not None:
                ctype = T.OTHER
            if key is None and note is None:
                continue
            if or_context is not None:
                note = f"{note}; {IN_OR}" if note else IN_OR
            item_hits.append(_Hit(ctype, key, span_start, item.end(), note=note,
                                  work=or_context is None, code=code, session=session,
                                  inferred=organ.code is None and organ.ambiguous is None
                                  and not (item.group("num2") and session.isdigit())))
        pos = item.end()
        d = P.DATE_AFTER.match(text, pos, hi)
        if d:
            days = re.findall(r"\d{1,2}", d.group("days"))
            if len(days) == 1:
                iso = _date_iso(days[0], d.group("month"), d.group("year"))
                for h in item_hits:
                    h.date = iso
            else:
                undated = [ih for ih in [*made, item_hits] if ih and ih[0].date is None]
                pending = undated[-len(days):]
                for day, ih in zip(days, pending, strict=False):
                    iso = _date_iso(day, d.group("month"), d.group("year"))
                    for h in ih:
                        h.date = iso
            pos = d.end()
        body = _OF_BODY.match(text, pos, hi)
        if body and _foreign_body(body.group("body")):
            for h in item_hits:
                if h.inferred and h.key is not None:
                    _make_foreign(h, f"resolution of the {body.group('body')}: no canonical key")
        made.append(item_hits)
        span_start = -1
        # The next item, possibly after a separator and an organ switch.
        sep = P.LIST_SEPARATOR.match(text, pos, hi)
        if not sep or sep.end() == pos:
            break
        nxt = sep.end()
        sw = P.LIST_SWITCH.match(text, nxt, hi)
        if sw and sw.group("trigger"):
            if not hits.free(sw.start(), sw.end()):
                break
            new_kind = "decision" if sw.group("trigger")[0] in "Dd" else "resolution"
            org = sw.group("organ")
            if org:
                organ = _organ_from_word(org)
            kind = new_kind
            span_start = sw.start("trigger")
            nxt = sw.end()
        if not P.RESOLUTION_ITEM.match(text, nxt, hi):
            break
        pos = nxt
        if span_start < 0:
            span_start = nxt
    flat = [h for ih in made for h in ih]
    if not flat:
        return
    if len(made) == 1:
        _end, pin = _pinpoint(text, pos, hi)
        for h in flat:
            h.pinpoint = pin
    group = ctx.new_group() if len(flat) > 1 else None
    for h in flat:
        h.group = group
        _check_date(h)
    hits.add_all(flat)


def _organ_from_word(word: str) -> _Organ:
    w = _SPACE.sub(" ", word)
    if w == "its":
        return _Organ(its=True)
    if w == "Council":
        return _Organ(ambiguous="Council")
    for tail, code in P.ORGAN_TAILS:
        if w.endswith(" ".join(tail)):
            return _Organ(code=code)
    return _Organ(code="GA") if w.endswith("Assembly") else _Organ()


_OF_BODY = re.compile(
    r",?\s(?:of|by)\sthe\s(?P<body>(?:[A-Z][\w\-]*\s(?:(?:of|on|for|and|the|to)\s){0,2}){0,8}"
    r"[A-Z][\w\-]*)"
)


def _foreign_body(phrase: str) -> bool:
    """True for a body other than the five organs with keys (``the Conference of the Parties``)."""
    words = phrase.split()
    if any(tuple(words[-len(t):]) == t for t, _ in P.ORGAN_TAILS):
        return False
    return any(w in P.BODY_NOUNS for w in words)


def _make_foreign(hit: _Hit, reason: str) -> None:
    hit.type = T.OTHER
    hit.key = None
    hit.note = reason


def _check_date(hit: _Hit) -> None:
    if hit.date is None or hit.code is None or hit.session is None:
        return
    rng = _year_range(hit.code, hit.session)
    year = int(hit.date[:4])
    if rng and not rng[0] <= year <= rng[1]:
        extra = f"date {hit.date} does not fit session/year {hit.session} of the symbol"
        if hit.inferred and hit.key is not None:
            # No organ named, and a date the default organ's session cannot have.
            hrc = _year_range("HRC", hit.session) if hit.code == "GA" else None
            if hrc and hrc[0] <= year <= hrc[1]:
                # "through its resolution 54/18 of 12 October 2023": the Human Rights Council
                hit.key = hit.key.replace("A/RES/", "A/HRC/RES/", 1).replace(
                    "A/DEC/", "A/HRC/DEC/", 1)
                hit.code = "HRC"
                hit.note = f"{extra} of the General Assembly; organ inferred from the date"
            else:
                # "resolution 5/14 of 2 March 2022" of the Environment Assembly
                _make_foreign(hit, f"{extra}: a resolution of another body, no canonical key")
        else:
            hit.note = f"{hit.note}; {extra}" if hit.note else extra


# ---------------------------------------------------------------------------
# Full symbols and documents
# ---------------------------------------------------------------------------


def _scan_documents(text: str, hits: _Hits, ctx: _Ctx, self_key: str | None, *,
                    lo: int = 0, hi: int | None = None) -> None:
    hi = len(text) if hi is None else hi
    for m in P.RESOLUTION_SYMBOL.finditer(text, lo, hi):
        if not hits.free(m.start(), m.end()):
            continue
        try:
            sym = parse_symbol(m.group())
        except SymbolError:
            continue
        if sym.key == self_key:
            continue
        ctype = T.DECISION if sym.kind == "decision" else T.RESOLUTION
        end, pin = _pinpoint(text, m.end(), hi)
        hits.add(_Hit(ctype, sym.key, m.start(), m.end(), pinpoint=pin))
    for m in P.DOCUMENT.finditer(text, lo, hi):
        raw = m.group()
        if (not _DIGIT.search(raw) or _ROMAN_FIRST.match(raw)
                or not hits.free(m.start(), m.end())):
            continue
        try:
            key = document_key(raw)
        except SymbolError:
            continue
        if key == self_key:
            continue
        try:
            sym = parse_symbol(key)
            if sym.kind in ("resolution", "decision"):
                ctype = T.DECISION if sym.kind == "decision" else T.RESOLUTION
                hits.add(_Hit(ctype, sym.key, m.start(), m.end()))
                continue
        except SymbolError:
            pass
        extra: list[_Hit] = []
        end = m.end()
        while True:
            s = P.DOCUMENT_SUFFIX.match(text, end, hi)
            if not s:
                break
            for num in _expand_numbers(s.group("nums")):
                extra.append(_Hit(T.DOCUMENT, f"{key}/{s.group('kind')}.{num}",
                                  s.start("kind"), s.end()))
            end = s.end()
        _end, pin = _pinpoint(text, end, hi)
        group = ctx.new_group() if extra else None
        for h in extra:
            h.group = group
        hits.add_all([_Hit(T.DOCUMENT, key, m.start(), m.end(), pinpoint=pin, group=group),
                      *extra])


def _expand_numbers(nums: str) -> list[int]:
    out: list[int] = []
    for a, dash, b in re.findall(r"(\d+)(?:\s?([-–])\s?(\d+))?", nums):
        if dash and b and int(a) < int(b) <= int(a) + 20:
            out.extend(range(int(a), int(b) + 1))
        else:
            out.append(int(a))
            if b:
                out.append(int(b))
    return out


def _pinpoint(text: str, pos: int, hi: int) -> tuple[int, str | None]:
    m = P.PINPOINT.match(text, pos, hi)
    if not m:
        return pos, None
    return m.end(), m.group("pin").rstrip(".,")


# ---------------------------------------------------------------------------
# Treaty Series and Official Records
# ---------------------------------------------------------------------------


def _treaty_hits(m: re.Match[str], series: str, start: int) -> list[_Hit]:
    prefix = "UNTS" if series.startswith("United") else "LNTS"
    out: list[_Hit] = []
    if m.group("nos"):
        base = m.start("nos")
        for i, tok in enumerate(_NUMBER_TOKEN.finditer(m.group("nos"))):
            s, e = base + tok.start(), base + tok.end()
            for n in _expand_numbers(tok.group()):
                out.append(_Hit(T.TREATY, f"{prefix}:{n}", start if i == 0 else s, e))
        if len(out) == 1:
            out[0].end = m.end()
    elif m.group("page"):
        out.append(_Hit(T.TREATY, f"{prefix}:v{int(m.group('vol'))}p{int(m.group('page'))}",
                        start, m.end()))
    return out


_NUMBER_TOKEN = re.compile(r"\d+(?:\s?[-–]\s?\d+)?")


_TREATY_MORE = re.compile(r"\s?[,;]?\s?(?:and\s)?(?=vols?\.)")


def _treaty_run(text: str, m: re.Match[str], series: str, start: int, hi: int) -> list[_Hit]:
    """The hits of a Treaty Series reference and of the volumes that follow it."""
    found = _treaty_hits(m, series, start)
    pos = m.end()
    while True:
        more = _TREATY_MORE.match(text, pos, hi)
        nxt = P.TREATY_TAIL.match(text, more.end(), hi) if more else None
        if nxt is None:
            return found
        found.extend(_treaty_hits(nxt, series, nxt.start()))
        pos = nxt.end()


def _scan_treaties(text: str, hits: _Hits, ctx: _Ctx, lo: int = 0,
                   hi: int | None = None) -> None:
    hi = len(text) if hi is None else hi
    for m in P.TREATY_SERIES.finditer(text, lo, hi):
        if not hits.free(m.start(), m.end()):
            continue
        found = _treaty_run(text, m, m.group("series"), m.start(), hi)
        group = ctx.new_group() if len(found) > 1 else None
        for h in found:
            h.group = group
            h.context = ("TS", m.group("series"))
        hits.add_all(found)


_OR_COMMA = re.compile(r"\s?[,.]\s?")
_OR_SKIP = re.compile(
    r"(?:agenda\sitems?\s\d{1,3}(?:\s?\([a-z]\))?(?:\s?(?:,|and)\s?\d{1,3}(?:\s?\([a-z]\))?){0,5}"
    r"|Annex\sNo\.\s?\d{1,3}"
    r"|vol\.\s?[IVX\d]{1,5}|part\s(?:one|two|three|[IVX]{1,5})|Part\s[IVX]{1,5}|addendum"
    r"|(?:and\s)?corrigend(?:um|a)|Resumed|\d{1,4}(?:st|nd|rd|th)\smeeting\sof\sthe\s[A-Z]\w+\sCommittee)"
)
_OR_SYMBOLS = re.compile(r"\s?\((?P<inner>[^()]{0,300}(?:\([^()]{0,30}\)[^()]{0,300}){0,6})\)")
_OR_DOCS = re.compile(r"\s?,?\s?(?:and\s)?documents?\s")


def _or_key(body: str, session: str | None, part: str | None) -> str | None:
    if session is None:
        return None
    return f"OR:{body}/{session}" + (f"/{part}" if part else "")


def _parse_or(
    text: str, start: int, pos: int, *, body: str, session: str | None, hi: int,
    ibid: bool = False,
) -> tuple[list[_Hit], int, str | None]:
    """Parse the parts of an Official Records reference from ``pos``.

    Returns the hits, the end of what was read and the session."""
    part: str | None = None
    supp: str | None = None
    meetings: list[tuple[int, int, int]] = []  # (number, start, end)
    read_any = False
    while True:
        c = _OR_COMMA.match(text, pos, hi) if read_any or pos > start else None
        nxt = c.end() if c else pos
        m = P.OR_PART.match(text, nxt, hi)
        if m is None:
            sk = _OR_SKIP.match(text, nxt, hi)
            if sk and (read_any or ibid):
                pos = sk.end()
                continue
            break
        read_any = True
        pos = m.end()
        if m.group("special"):
            sp = m.group("special").split()
            n = P.ordinal_to_int(sp[0])  # None for a session without ordinal
            prefix = "ES" if m.group("sptype").startswith("Emergency") else "S"
            session = f"{prefix}-{n}" if n else session
        elif m.group("ord"):
            n = P.ordinal_to_int(m.group("ord"))
            if n is None:
                pos = m.start()
                break
            session = str(n)
        elif m.group("year"):
            session = m.group("year")
        elif m.group("specsupp"):
            part = "SpecialSupp" + (f".{m.group('specno')}" if m.group("specno") else "")
        elif m.group("supp"):
            supp = m.group("supp")
            part = f"Supp.{supp}"
        elif m.group("m1"):
            last = m.group("m2") or m.group("m1")
            first3, last3 = m.group("m1")[:3], last[:3]
            part = f"Supp.{first3}" + (f"-{last3}" if last3 != first3 else "")
        elif m.group("meetings"):
            for mm in re.finditer(r"\d{1,4}", m.group("meetings")):
                meetings.append((int(mm.group()), m.start() + mm.start(), m.start() + mm.end()))
        elif m.group("annexes"):
            part = "Annexes"
    symbols: list[tuple[str, int, int]] = []
    sm = _OR_SYMBOLS.match(text, pos, hi)
    if sm and (read_any or ibid):
        symbols = _symbols_in(text, sm.start("inner"), sm.end("inner"))
        if symbols:
            pos = sm.end()
    if not symbols and (read_any or ibid):
        dm = _OR_DOCS.match(text, pos, hi)
        if dm:
            symbols = _doc_list(text, dm.end(), hi)
            if symbols:
                pos = symbols[-1][2]
    hits: list[_Hit] = []
    if not read_any and not symbols:
        return hits, pos, session
    context = (body, supp)
    if symbols:
        for i, (key, s, e) in enumerate(symbols):
            hits.append(_Hit(T.OFFICIAL_RECORDS, key, start if i == 0 else s, e, context=context))
    elif meetings:
        for i, (n, s, e) in enumerate(meetings):
            mpart = f"mtg.{n}"
            hits.append(_Hit(T.OFFICIAL_RECORDS, _or_key(body, session, mpart),
                             start if i == 0 else s, pos if len(meetings) == 1 else e,
                             context=context,
                             note=None if session else "Official Records without a session"))
    else:
        hits.append(_Hit(T.OFFICIAL_RECORDS, _or_key(body, session, part), start, pos,
                         context=context,
                         note=None if session else "Official Records without a session"))
    return hits, pos, session


def _add_with_suffixes(text: str, key: str, m: re.Match[str], hi: int,
                       out: list[tuple[str, int, int]]) -> int:
    """Add the symbol of ``m`` and its ``and Corr.1``-style expansions; return where they end."""
    out.append((key, m.start(), m.end()))
    end = m.end()
    while True:
        s = P.DOCUMENT_SUFFIX.match(text, end, hi)
        if not s:
            return end
        for num in _expand_numbers(s.group("nums")):
            out.append((f"{key}/{s.group('kind')}.{num}", s.start("kind"), s.end()))
        end = s.end()


def _symbols_in(text: str, lo: int, hi: int) -> list[tuple[str, int, int]]:
    """Document symbols (with ``and Corr.1`` expansions) between ``lo`` and ``hi``."""
    out: list[tuple[str, int, int]] = []
    for m in P.DOCUMENT.finditer(text, lo, hi):
        if not _DIGIT.search(m.group()):
            continue
        try:
            key = document_key(m.group())
        except SymbolError:
            continue
        _add_with_suffixes(text, key, m, hi, out)
    return out


_DOC_LIST_SEP = re.compile(r"\s?,\s?(?:and\s)?|\sand\s")


def _doc_list(text: str, pos: int, hi: int) -> list[tuple[str, int, int]]:
    out: list[tuple[str, int, int]] = []
    while True:
        m = P.DOCUMENT.match(text, pos, hi)
        if not m or not _DIGIT.search(m.group()):
            break
        try:
            key = document_key(m.group())
        except SymbolError:
            break
        end = _add_with_suffixes(text, key, m, hi, out)
        sep = _DOC_LIST_SEP.match(text, end, hi)
        if not sep:
            break
        pos = sep.end()
    return out


def _scan_official_records(text: str, hits: _Hits, ctx: _Ctx, lo: int = 0,
                           hi: int | None = None) -> None:
    hi = len(text) if hi is None else hi
    for m in P.OFFICIAL_RECORDS.finditer(text, lo, hi):
        if not hits.free(m.start(), m.end()):
            continue
        body = P.OR_BODIES[_SPACE.sub(" ", m.group("body"))]
        found, _end, _session = _parse_or(text, m.start(), m.end(), body=body, session=None,
                                          hi=hi)
        group = ctx.new_group() if len(found) > 1 else None
        for h in found:
            h.group = group
        hits.add_all(found)


# ---------------------------------------------------------------------------
# Names: the Charter, registry instruments and conferences, conference reports
# ---------------------------------------------------------------------------


class NameMatcher:
    """A compiled matcher for every name and alias of a registry.

    The names are merged into one trie-shaped regular expression, so that the
    longest name wins and a text is read once whatever the number of names.

    >>> from resgraph.registry import Instrument
    >>> reg = Registry()
    >>> reg.add_instrument(Instrument("cmw", "convention", "International Convention on the "
    ...     "Protection of the Rights of All Migrant Workers and Members of Their Families"))
    >>> reg.add_instrument(Instrument("udhr", "declaration",
    ...                               "Universal Declaration of Human Rights"))
    >>> m = NameMatcher(reg)
    >>> [(t, s) for t, s, e in m.find("reaffirming the Universal Declaration of Human Rights,")]
    [('instrument:udhr', 16)]
    """

    def __init__(self, registry: Registry) -> None:
        self.registry = registry
        names: dict[str, str] = {}
        for name, target in registry.names():
            n = _name_for_matching(name)
            if n and len(n) >= 6 and (" " in n or _DIGIT.search(n)):
                names.setdefault(n, target)
        self.size = len(names)
        self._targets = {_fold_name(n): t for n, t in names.items()}
        self.pattern: re.Pattern[str] | None = (
            re.compile("(?:" + _trie_regex(sorted(names)) + r")(?![\w’'\-])")
            if names else None
        )

    def find(self, text: str, lo: int = 0, hi: int | None = None) -> list[tuple[str, int, int]]:
        """(target, start, end) of every name found in ``text``."""
        if self.pattern is None:
            return []
        out = []
        for m in self.pattern.finditer(text, lo, len(text) if hi is None else hi):
            target = self._targets.get(_fold_name(m.group()))
            if target is not None:
                out.append((target, m.start(), m.end()))
        return out


def _name_for_matching(name: str) -> str:
    n = " ".join(name.split())
    n = re.sub(r"^(?:the|The)\s", "", n)
    return n.replace("\u2019", "'").replace("\u2011", "-").replace("\u2013", "-")


def _fold_name(text: str) -> str:
    t = " ".join(text.split()).replace("\u2019", "'").replace("\u2011", "-")
    t = t.replace("\u2013", "-").replace("- ", "-")
    return t.lower()


_CHAR_CLASS = {"'": "['’]", "-": "[-‑–](?:\\s)?", " ": "\\s", "–": "[-‑–]"}


def _trie_regex(words: Sequence[str]) -> str:
    """One regular expression matching any of ``words``, longest first.

    Every name starts with a literal character followed by a look-behind for the
    word boundary, so that the engine scans quickly for first letters.

    >>> rx = re.compile(_trie_regex(["ab", "abc", "b"]))
    >>> [m.group() for m in rx.finditer("abc ab b xb")]
    ['abc', 'ab', 'b']
    """
    trie: _Trie = {}
    for w in words:
        node = trie
        for ch in w:
            node = node.setdefault(ch, {})
        node[""] = {}
    return _node_regex(trie, top=True)


_Trie = dict[str, "_Trie"]


def _node_regex(node: _Trie, top: bool = False) -> str:
    parts: list[str] = []
    terminal = "" in node
    for ch in sorted(k for k in node if k):
        child = node[ch]
        # Follow a chain without branches as one literal run.
        run = [ch]
        while len(child) == 1 and "" not in child:
            (nch, nchild), = child.items()
            run.append(nch)
            child = nchild
        lit = "".join(_CHAR_CLASS.get(c, re.escape(c)) for c in run)
        if top:
            first = _CHAR_CLASS.get(run[0], re.escape(run[0]))
            rest = "".join(_CHAR_CLASS.get(c, re.escape(c)) for c in run[1:])
            lit = f"{first}(?<![\\w’'\\-]{first}){rest}"
        parts.append(lit + _node_regex(child))
    if not parts:
        return ""
    body = parts[0] if len(parts) == 1 else "(?:" + "|".join(parts) + ")"
    if terminal:
        return "(?:" + body + ")?"
    return body


_MATCHERS: dict[int, tuple[Registry, int, NameMatcher]] = {}


def name_matcher(registry: Registry) -> NameMatcher:
    """The (cached) :class:`NameMatcher` of a registry; rebuilt when names are added.

    >>> reg = Registry()
    >>> name_matcher(reg) is name_matcher(reg)
    True
    """
    # The name index only grows (aliases learnt), so its size tells when to rebuild.
    size = len(registry._names) + len(registry.instruments) + len(registry.conferences)
    cached = _MATCHERS.get(id(registry))
    if cached is not None and cached[0] is registry and cached[1] == size:
        return cached[2]
    matcher = NameMatcher(registry)
    if len(_MATCHERS) >= 8:
        _MATCHERS.pop(next(iter(_MATCHERS)))
    _MATCHERS[id(registry)] = (registry, size, matcher)
    return matcher


_DEFAULT_REGISTRY: list[Registry] = []


def default_registry() -> Registry:
    """The shipped registry, loaded once per process (learn into a copy of your own).

    >>> default_registry() is default_registry()
    True
    """
    if not _DEFAULT_REGISTRY:
        _DEFAULT_REGISTRY.append(load_registry())
    return _DEFAULT_REGISTRY[0]


def _charter_key(registry: Registry | None) -> str:
    if registry is not None:
        ent = registry.lookup_name("Charter of the United Nations")
        if ent is not None:
            return ent.target
    return CHARTER_KEY


def _scan_names(text: str, hits: _Hits, ctx: _Ctx, lo: int = 0,
                hi: int | None = None) -> None:
    hi = len(text) if hi is None else hi
    charter = ctx.charter
    for m in P.CHARTER.finditer(text, lo, hi):
        after = text[m.end():m.end() + 4]
        before = P.CHARTER_BEFORE.search(text, max(lo, m.start() - 120), m.start())
        if before is None:
            continue
        # A bare "Charter" is the Charter only after "the" and when no name follows.
        if not (m.group("of") or before.group("un")) and (
                not before.group("the") or _OTHER_CHARTER.match(after)):
            continue
        start = before.start("pin") if before.group("pin") else (
            before.start("un") if before.group("un") else m.start())
        if hits.free(start, m.end()):
            pin = before.group("pin")
            hits.add(_Hit(T.INSTRUMENT, charter, start, m.end(),
                          pinpoint=" ".join(pin.split()).rstrip(",") if pin else None,
                          replaceable=True))
    if ctx.registry is None:
        return
    reg = ctx.registry
    found: list[_Hit] = []
    matcher = ctx.matcher if ctx.matcher is not None else name_matcher(reg)
    for target, s, e in matcher.find(text, lo, hi):
        ctype = T.CONFERENCE if target.startswith("conference:") else T.INSTRUMENT
        hit = _Hit(ctype, target, s, e)
        if _inside_quoted_title(text, s, e):
            continue  # "World Summit for Social Development and beyond: ...": another title
        prev = found[-1] if found else None
        gap = text[prev.end:s] if prev is not None else ""
        if prev is not None and prev.key == target and _SAME_NAME_GAP.fullmatch(gap):
            continue  # "“World Social Summit”, under the title “Second World Summit ...”"
        if prev is not None and prev.type == T.INSTRUMENT and _PART_OF_NAME_GAP.fullmatch(gap):
            continue  # "Additional Protocol I to the 1949 Geneva Conventions": one name
        window = text[max(lo, s - 80):s]
        if ctype == T.CONFERENCE:
            if prev is not None and prev.type == T.INSTRUMENT and _ADOPTED_GAP.fullmatch(gap):
                continue  # "Vienna Declaration ... adopted at the World Conference": one mention
            ad = _ADOPTED_AT.search(window)
            if ad and ad.group("head"):
                inst = _instrument_of_conference(reg, target, ad.group("head"))
                if inst is not None:
                    hit = _Hit(T.INSTRUMENT, inst, s - len(window) + ad.start("head"), e)
        part = _PART_OF.search(window)
        if part and ctype == T.INSTRUMENT:
            hit = _Hit(T.INSTRUMENT, None, s - len(window) + part.start(), e,
                       note=f"{part.group().strip()} {target}: not in the registry")
        found.append(hit)
    for hit in found:
        hits.add(hit)
    _scan_treaty_places(text, hits, reg, lo, hi)


_OTHER_CHARTER = re.compile(r"\s(?:of|on|for)\b|\s?[A-Z(]|-")
_QUOTE_OPEN = "“\"‘"
_QUOTE_CLOSE = "”\"’"
_SAME_NAME_GAP = re.compile(
    r"[”\"’]?,?\s(?:[\w\s,]{0,16}\s)?(?:under\sthe\s(?:title|name)|entitled|also\sknown\sas|known\sas)"
    r"\s[“\"‘]?(?:the\s)?|\s?\((?:the\s)?"
)
_PART_OF_NAME_GAP = re.compile(r"\sto\sthe\s(?:\d{4}\s)?")
_ADOPTED_AT = re.compile(
    r"(?:(?P<head>Platform\sfor\sAction|Programme\sof\sAction|Plan\sof\sAction|Declaration"
    r"|Political\sDeclaration|Outcome\sDocument|Final\sDocument|Agenda)\s)?"
    r"(?:adopted|agreed|endorsed)\s(?:at|by)\s(?:the\s)?\Z"
)
_ADOPTED_GAP = re.compile(r",?\s(?:adopted|agreed|endorsed)\s(?:at|by)\s(?:the\s)?")
_PART_OF = re.compile(
    r"(?:(?:Optional|Additional)\s)?(?:Protocols?|Amendments?)\s(?:Additional\s)?(?:to|of)\s"
    r"(?:the\s)?(?:\d{4}\s)?\Z"
)
_TREATY_PLACES = re.compile(
    r"[Tt]reaties\sof\s(?P<names>[A-Z][\w\-]+(?:,\s[A-Z][\w\-]+){0,8}(?:,?\sand\s[A-Z][\w\-]+)?)"
)


def _inside_quoted_title(text: str, s: int, e: int) -> bool:
    i = s - 4 if text[max(0, s - 4):s] == "the " else s
    return i > 0 and text[i - 1] in _QUOTE_OPEN and (e >= len(text) or text[e] not in _QUOTE_CLOSE)


def _instrument_of_conference(reg: Registry, conference: str, head: str) -> str | None:
    key = conference.partition(":")[2]
    head_norm = " ".join(head.split()).lower()
    for inst in reg.instruments.values():
        if inst.conference == key and any(head_norm in n.lower() for n in inst.names):
            return inst.target
    return None


def _scan_treaty_places(text: str, hits: _Hits, reg: Registry, lo: int, hi: int) -> None:
    """``the treaties of Tlatelolco, Rarotonga, Bangkok and Pelindaba``: one citation each."""
    for m in _TREATY_PLACES.finditer(text, lo, hi):
        base = m.start("names")
        for w in re.finditer(r"[A-Z][\w\-]+", m.group("names")):
            ent = reg.lookup_name(f"Treaty of {w.group()}")
            if ent is not None and hits.free(base + w.start(), base + w.end()):
                hits.add(_Hit(T.INSTRUMENT, ent.target, base + w.start(), base + w.end()))


def _scan_conference_reports(text: str, hits: _Hits, ctx: _Ctx, lo: int,
                             hi: int) -> None:
    for m in P.CONFERENCE_REPORT.finditer(text, lo, hi):
        if not hits.free(m.start(), m.end()):
            continue
        name = m.group("name").strip()
        ent = ctx.registry.lookup_name(name) if ctx.registry is not None else None
        # The report, its sales number and its "chap. I, resolution 1, annex" belong
        # together: claim up to the end of the sentence.
        end = text.find(";", m.end(), hi)
        end = hi if end < 0 else end
        pin = text[m.end():end].strip(" ,.")
        sym = _symbols_in(text, m.end(), end)
        note = None if ent else f"conference not in the registry: {name!r}"
        if sym:
            note = (note + "; " if note else "") + "report " + ", ".join(k for k, _, _ in sym)
        hits.add(_Hit(T.CONFERENCE, ent.target if ent else None, m.start(), m.end(),
                      pinpoint=pin or None, note=note))
        hits.add(_Hit(T.OTHER, None, m.end(), end, note=_CLAIM_REPORT,
                      work=False))


_CAP_WORD_BEFORE = re.compile(r"([A-Z][\w’'\-]{0,30}|\d{4})\s$")
_SHORT_NAME_BEFORE = re.compile(r"\s?\((?:the\s)?\Z")
_CUT_TAIL = re.compile(r"\s(?:adopted|signed|done|concluded|held|and\sthe|and\sits)\s.*$")


def _scan_unknown_instruments(text: str, hits: _Hits, marker_offsets: Iterable[int]) -> None:
    """Instrument-like names that the registry does not know, right before a marker."""
    for mpos in marker_offsets:
        end = mpos
        while end > 0 and text[end - 1] in " ,;:)”’\"":
            end -= 1
        lo = max(0, end - 400)
        for hm in P.INSTRUMENT_HEAD.finditer(text, lo, end):
            tail = P.INSTRUMENT_NAME_TAIL.match(text, hm.end(), end)
            if tail is None or tail.end() != end:
                continue
            name_end = end
            cut = _CUT_TAIL.search(text, hm.end(), end)
            if cut:
                name_end = cut.start()
            start = hm.start()
            while True:
                cw = _CAP_WORD_BEFORE.search(text, max(0, start - 40), start)
                if not cw or cw.end() != start:
                    break
                start = cw.start()
            while text[name_end - 1] in " ,":
                name_end -= 1
            words = text[start:name_end].split()
            if len(words) < 2 or not (words[-1][:1].isupper() or words[-1].isdigit()):
                continue
            paren = _SHORT_NAME_BEFORE.search(text, max(0, start - 8), start)
            if paren and not hits.free(max(0, paren.start() - 1), paren.start()):
                break  # "(the Bangkok Rules)" after the full name: the same mention
            if hits.free(start, name_end):
                hits.add(_Hit(T.INSTRUMENT, None, start, name_end,
                              note="instrument not in the registry"))
                break


# ---------------------------------------------------------------------------
# Texts, footnotes and documents
# ---------------------------------------------------------------------------


def _scan(text: str, ctx: _Ctx, self_key: str | None, *, hits: _Hits | None = None,
          lo: int = 0, hi: int | None = None,
          marker_offsets: Iterable[int] = ()) -> _Hits:
    hits = hits if hits is not None else _Hits()
    hi = len(text) if hi is None else hi
    text = text.translate(P.HOMOGLYPHS)
    _scan_official_records(text, hits, ctx, lo, hi)
    _scan_treaties(text, hits, ctx, lo, hi)
    if ctx.footnote:
        _scan_conference_reports(text, hits, ctx, lo, hi)
    _scan_resolutions(text, hits, ctx, lo, hi)
    _scan_documents(text, hits, ctx, self_key, lo=lo, hi=hi)
    _scan_names(text, hits, ctx, lo, hi)
    if marker_offsets:
        _scan_unknown_instruments(text, hits, marker_offsets)
    return hits


def find_in_text(text: str, organ: str | None = "GA", registry: Registry | None = None,
                 footnote: bool = False) -> list[Citation]:
    """Citations in a plain string (no paragraphs, no footnotes), for quick checks.

    Spans are offsets in ``text``; ``paragraph`` is empty.

    >>> [c.key for c in find_in_text("Security Council resolutions 1325 (2000) and 1820 (2008)")]
    ['S/RES/1325(2000)', 'S/RES/1820(2008)']
    >>> [c.key for c in find_in_text("resolutions 3419 A to D (XXX)")]
    ['A/RES/3419A(XXX)', 'A/RES/3419B(XXX)', 'A/RES/3419C(XXX)', 'A/RES/3419D(XXX)']
    """
    ctx = _Ctx(organ, registry, footnote=footnote,
               matcher=name_matcher(registry) if registry is not None else None,
               charter=_charter_key(registry))
    hits = _footnote_hits(text, ctx, None, None) if footnote else _scan(text, ctx, None).sorted()
    return [_to_citation(h, text, TextMap.identity(len(text)), label="", verb=None,
                         footnote=None)
            for h in hits if _visible(h)]


_SEGMENT_SPLIT = re.compile(r";\s?")


def _footnote_hits(text: str, ctx: _Ctx, previous: _Hit | None,
                   self_key: str | None) -> list[_Hit]:
    """Hits of one footnote; ``previous`` is the last citable hit of the footnote before."""
    hits = _Hits()
    bounds: list[tuple[int, int]] = []
    pos = 0
    for m in _SEGMENT_SPLIT.finditer(text):
        bounds.append((pos, m.start()))
        pos = m.end()
    bounds.append((pos, len(text)))
    antecedent = previous
    for lo, hi in bounds:
        seg_lo = lo
        while seg_lo < hi and text[seg_lo].isspace():
            seg_lo += 1
        ib = P.IBID.match(text, seg_lo, hi)
        if ib:
            _ibid(text, ib, hi, antecedent=antecedent, hits=hits, ctx=ctx)
            seg_lo = ib.end()
        _scan(text, ctx, self_key, hits=hits, lo=seg_lo, hi=hi)
        works = [h for h in hits.items if h.work and h.start >= lo and h.end <= hi]
        if works:
            antecedent = max(works, key=lambda h: h.start)
    return hits.sorted()


def _ibid(text: str, ib: re.Match[str], hi: int, *, antecedent: _Hit | None, hits: _Hits,
          ctx: _Ctx) -> None:
    start = ib.start()
    pos = ib.end()
    while pos < hi and text[pos] == " ":
        pos += 1
    if antecedent is None or antecedent.type == T.OTHER:
        # The work repeated is not in this text (a volume of resolutions numbers its
        # footnotes across resolutions). Official Records parts still say what it is.
        found: list[_Hit] = []
        if ctx.organ is not None:
            body = "ECOSOC" if ctx.organ == "ECOSOC" else ctx.organ
            found, _end, _session = _parse_or(text, start, pos, body=body, session=None,
                                              hi=hi, ibid=True)
        if found:
            for h in found:
                if h.key is not None and h.key.startswith("OR:"):
                    h.key = None
                    h.note = "ibid: Official Records of an unknown session"
            group = ctx.new_group() if len(found) > 1 else None
            for h in found:
                h.group = group
            hits.add_all(found)
        else:
            hits.add(_Hit(T.OTHER, None, start, ib.end(), note="ibid: no previous citation"))
        return
    ctxt = antecedent.context
    if antecedent.type == T.TREATY and ctxt is not None:
        tm = P.TREATY_TAIL.match(text, pos, hi)
        if tm:
            found = _treaty_run(text, tm, ctxt[1] or "United Nations", start, hi)
            group = ctx.new_group() if len(found) > 1 else None
            for h in found:
                h.group = group
                h.context = ctxt
            hits.add_all(found)
            return
    if antecedent.type == T.OFFICIAL_RECORDS and ctxt is not None:
        body = ctxt[0]
        session = _session_of_or(antecedent)
        found, _end, _session = _parse_or(text, start, pos, body=body, session=session,
                                          hi=hi, ibid=True)
        if found:
            group = ctx.new_group() if len(found) > 1 else None
            for h in found:
                h.group = group
            hits.add_all(found)
            return
    # Same work, another place in it: the key comes from the antecedent (resolve).
    end, pin = pos, None
    rest = text[pos:hi].strip().rstrip(".")
    if rest and len(rest) <= 80 and not P.TRIGGER.search(rest) and not P.DOCUMENT.search(rest):
        pin = rest
        end = pos + len(text[pos:hi].rstrip().rstrip("."))
    hits.add(_Hit(antecedent.type, None, start, max(end, ib.end()) if pin else ib.end(),
                  pinpoint=pin, note="ibid", context=antecedent.context))


_OR_SESSION = re.compile(r"OR:[A-Z]+/([^/]+)")


def _session_of_or(hit: _Hit) -> str | None:
    if hit.key and hit.key.startswith("OR:"):
        m = _OR_SESSION.match(hit.key)
        return m.group(1) if m else None
    if hit.key:
        parts = hit.key.split("/")
        if len(parts) >= 3 and parts[1].isdigit():
            return parts[1]
    return None


def _canonical_or_none(symbol: str | None) -> str | None:
    if not symbol:
        return None
    try:
        return parse_symbol(symbol).key
    except SymbolError:
        return symbol


def _visible(h: _Hit) -> bool:
    """False for the claims that only keep other patterns off a stretch of text."""
    return not (h.type == T.OTHER and h.note == _CLAIM_REPORT)


def _to_citation(h: _Hit, source: str, tm: TextMap, *, label: str, verb: str | None,
                 footnote: int | None, clean: str | None = None) -> Citation:
    span = tm.span_to_source(h.start, h.end)
    quote = span.slice(source)
    if clean is not None:
        # A mention broken by a page break spans the page's header and footnotes in
        # the source: quote it as the reader reads it, from the cleaned text.
        read = clean[h.start:h.end]
        if " ".join(quote.split()) != " ".join(read.split()):
            quote = read
    return Citation(
        type=h.type, key=h.key, text=quote, span=span, paragraph=label,
        verb=verb, footnote=footnote, group=h.group, date=h.date, pinpoint=h.pinpoint,
        note=h.note,
    )


def clean_offset(tm: TextMap, length: int, source_offset: int) -> int:
    """The first cleaned offset whose source offset is at or after ``source_offset``.

    >>> clean_offset(TextMap.identity(10, 100), 10, 104)
    4
    """
    lo, hi = 0, length
    while lo < hi:
        mid = (lo + hi) // 2
        if tm.to_source(mid) < source_offset:
            lo = mid + 1
        else:
            hi = mid
    return lo


def find_citations(doc: Document, registry: Registry | None = None) -> list[Citation]:
    """Every citation in a document, in reading order.

    ``registry`` (default: the shipped one) supplies the names of instruments and
    conferences. Body citations come in paragraph order; the citations of a
    footnote follow the mention its marker stands after.

    >>> from resgraph.models import Footnote, Marker, Paragraph, Span, TextMap
    >>> body = "Recalling the Convention on X,1"
    >>> note = "Resolution 45/158, annex."
    >>> src = body + "\\n" + note
    >>> marker = Marker(1, Span(30, 31), "preamble 1")
    >>> p = Paragraph("preamble", 1, body[:30], Span(0, 30), TextMap.identity(30),
    ...               verb="recalling", markers=(marker,))
    >>> fn = Footnote(1, note, Span(32, 32 + len(note)), TextMap.identity(len(note), 32),
    ...               markers=(marker,))
    >>> doc = Document("x", "text", src, "A/RES/1/1", "GA", paragraphs=(p,), footnotes=(fn,))
    >>> for c in find_citations(doc):
    ...     print(c.key, c.paragraph, c.footnote, c.verb, repr(c.text))
    None preamble 1 None recalling 'Convention on X'
    A/RES/45/158 preamble 1 1 recalling 'Resolution 45/158'
    """
    reg = registry if registry is not None else default_registry()
    ctx = _Ctx(doc.organ, reg, matcher=name_matcher(reg), charter=_charter_key(reg))
    self_key = _canonical_or_none(doc.symbol)
    out: list[tuple[int, int, int, Citation]] = []
    order = {p.label: i for i, p in enumerate(doc.paragraphs)}
    verbs = {p.label: p.verb for p in doc.paragraphs}
    marker_verbs: dict[tuple[str, int], str | None] = {}
    for i, p in enumerate(doc.paragraphs):
        offsets = [clean_offset(p.textmap, len(p.text), m.span.start) for m in p.markers]
        clause = ClauseVerbs(p.text, p.verb) if p.kind != "header" else None
        for m, off in zip(p.markers, offsets, strict=True):
            marker_verbs[(p.label, m.span.start)] = clause.at(off) if clause else p.verb
        hits = _scan(p.text, ctx, self_key if p.kind == "header" else None,
                     marker_offsets=offsets)
        for h in hits.sorted():
            if not _visible(h) or (p.kind == "header" and h.key is not None
                                   and h.key == self_key):
                continue
            verb = clause.at(h.start) if clause else p.verb
            c = _to_citation(h, doc.source, p.textmap, label=p.label, verb=verb,
                             footnote=None, clean=p.text)
            out.append((i, c.span.start, 0, c))
    fctx = replace(ctx, footnote=True)
    previous: _Hit | None = None
    big = len(doc.paragraphs)
    for fn in doc.footnotes:
        fhits = _footnote_hits(fn.text, fctx, previous, self_key)
        works = [h for h in fhits if h.work]
        previous = works[-1] if works else None
        if previous is None and fhits == []:
            previous = _Hit(T.OTHER, None, 0, 0, note="ibid: previous footnote cites nothing")
        cites = [h for h in fhits if _visible(h)]
        markers: Sequence[Marker] = fn.markers
        if not markers:
            for h in cites:
                c = _to_citation(h, doc.source, fn.textmap, label=fn.label, verb=None,
                                 footnote=fn.number, clean=fn.text)
                out.append((big, fn.span.start, c.span.start, c))
            continue
        for mk in markers:
            idx = order.get(mk.paragraph, big)
            for h in cites:
                verb = marker_verbs.get((mk.paragraph, mk.span.start), verbs.get(mk.paragraph))
                c = _to_citation(h, doc.source, fn.textmap, label=mk.paragraph,
                                 verb=verb, footnote=fn.number,
                                 clean=fn.text)
                out.append((idx, mk.span.start, c.span.start, c))
    out.sort(key=lambda t: (t[0], t[1], t[2]))
    return [c for *_, c in out]
