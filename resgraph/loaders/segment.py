"""Shared machinery of the readers: lines, dates, markers, cleaned text, assembly.

A reader cuts its source into a :class:`Skeleton`: metadata, and for each
paragraph and footnote the list of source ranges (*segments*, normally whole
lines) that hold its text. :func:`build_document` then finds the footnote
markers, builds the cleaned text of every paragraph and footnote with its
:class:`~resgraph.models.TextMap`, and returns the :class:`~resgraph.models.Document`.

>>> src = "Recalling the Declaration,1 and\\nthe Charter,\\n1 Resolution 217 A (III)."
>>> sk = Skeleton(symbol="A/RES/1/1", organ="GA")
>>> sk.parts.append(Part("preamble", 1, [(0, 31), (32, 44)]))
>>> sk.footnotes.append(NotePart(1, [(47, 70)]))
>>> doc = build_document(src, "x.txt", "pdf-text", sk)
>>> doc.paragraphs[0].text
'Recalling the Declaration, and the Charter,'
>>> doc.footnotes[0].text, doc.footnotes[0].markers[0].paragraph
('Resolution 217 A (III).', 'preamble 1')
"""

from __future__ import annotations

import bisect
import datetime as dt
import hashlib
import itertools
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

from resgraph.loaders.verbs import opening_phrase
from resgraph.models import Document, Footnote, Marker, Paragraph, Span, TextBuilder, TextMap

__all__ = [
    "MONTHS",
    "NotePart",
    "Part",
    "Skeleton",
    "build_document",
    "clean_segments",
    "find_markers",
    "line_spans",
    "parse_date",
]

Seg = tuple[int, int]

MONTHS: dict[str, int] = {
    name: i + 1
    for i, name in enumerate(
        [
            "january", "february", "march", "april", "may", "june", "july", "august",
            "september", "october", "november", "december",
        ]
    )
}
_MONTH_ALT = "|".join(m.capitalize() for m in MONTHS)
DATE_RE = re.compile(rf"(?<!\d)(\d{{1,2}})\s+({_MONTH_ALT})\s*,?\s+(\d{{4}})(?!\d)")
_DATE_US = re.compile(rf"\b({_MONTH_ALT})\s+(\d{{1,2}})\s*,\s*(\d{{4}})\b")


def parse_date(text: str) -> dt.date | None:
    """The first date written ``2 December 2024`` (or ``December 2, 2024``) in ``text``.

    >>> parse_date("Resolution adopted by the General Assembly on 2 December 2024")
    datetime.date(2024, 12, 2)
    >>> parse_date("(December 4, 1996)")
    datetime.date(1996, 12, 4)
    >>> parse_date("no date") is None
    True
    """
    m = DATE_RE.search(text)
    if m:
        day, month, year = int(m.group(1)), MONTHS[m.group(2).lower()], int(m.group(3))
    else:
        m = _DATE_US.search(text)
        if not m:
            return None
        day, month, year = int(m.group(2)), MONTHS[m.group(1).lower()], int(m.group(3))
    try:
        return dt.date(year, month, day)
    except ValueError:
        return None


def line_spans(text: str) -> list[Seg]:
    """``(start, end)`` of every line of ``text``, without its end-of-line characters.

    >>> line_spans("ab\\r\\ncd\\n\\ne")
    [(0, 2), (4, 6), (7, 7), (8, 9)]
    """
    spans: list[Seg] = []
    start = 0
    n = len(text)
    while start <= n:
        end = text.find("\n", start)
        if end < 0:
            end = n
        stop = end - 1 if end > start and text[end - 1] == "\r" else end
        spans.append((start, stop))
        start = end + 1
    if spans and spans[-1][0] == n and n > 0 and text[-1] == "\n":
        spans.pop()
    return spans


@dataclass(slots=True)
class Part:
    """A paragraph to be: its kind, number and source segments."""

    kind: str
    number: int
    segs: list[Seg]


@dataclass(slots=True)
class NotePart:
    """A footnote to be: its number and source segments (without the number)."""

    number: int
    segs: list[Seg]


@dataclass(slots=True)
class Skeleton:
    """What a reader finds in a source, before markers and cleaned text.

    ``closing`` holds the segments of the closing lines (meeting, date, vote),
    which belong to no paragraph but may hold a footnote marker. ``hyphens`` is
    the policy for a hyphen at the end of a line: ``keep`` (compounds such as
    ``nuclear-``/``weapon``), ``join`` (words broken by the typesetter) or
    ``auto`` (join only when the document spells the joined word elsewhere and
    never the hyphenated one).
    """

    symbol: str | None = None
    organ: str | None = None
    title: str | None = None
    adopted: dt.date | None = None
    session: str | None = None
    meeting: str | None = None
    agenda_item: str | None = None
    report: str | None = None
    complete: bool = True
    parts: list[Part] = field(default_factory=list)
    footnotes: list[NotePart] = field(default_factory=list)
    closing: list[Seg] = field(default_factory=list)
    annex_span: Span | None = None
    hyphens: str = "auto"
    #: Marker numbers already known by their position (``[1]`` in web texts).
    explicit_markers: list[tuple[int, int, int]] = field(default_factory=list)
    #: ``printed``: markers follow the order of the footnotes; ``loose``: they
    #: may run in any order (printed Security Council volumes), and a footnote
    #: left without a marker takes the best remaining candidate.
    marker_order: str = "printed"


# --------------------------------------------------------------------------
# Cleaned text.

_FOLD = re.compile(r"[ \t\f\v\r\n\u00a0\u2060\ufeff]{2,}|[\t\f\v\r\n\u00a0\u2060\ufeff]")
_SPACE_CHARS = " \t\f\v\r\n\u00a0\u2060\ufeff"
_ODD_SPACE = re.compile("[\t\f\v\r\n\u00a0\u2060\ufeff]")
_ANY_SPACE = re.compile("[ \t\f\v\r\n\u00a0\u2060\ufeff]")


class _Hyphens:
    """Decides whether ``word-`` at a line end and ``rest`` on the next line join."""

    __slots__ = ("_lower", "_policy", "_source", "_words")

    def __init__(self, source: str, policy: str) -> None:
        self._source = source
        self._policy = policy
        self._lower: str | None = None
        self._words: set[str] | None = None

    def join(self, left: str, right: str) -> bool:
        if self._policy == "keep":
            return False
        if self._lower is None:
            self._lower = self._source.lower()
            self._words = set(re.findall(r"[a-z]+", self._lower))
        assert self._words is not None
        a, b = left.lower(), right.lower()
        # The hyphenated form printed within a line elsewhere: a compound.
        if re.search(rf"\b{re.escape(a)}-{re.escape(b)}\b", self._lower):
            return False
        if self._policy == "join":
            return a not in _COMPOUND_PREFIXES
        return (a + b) in self._words


_COMPOUND_PREFIXES = frozenset(
    [
        "non", "self", "co", "cease", "counter", "ex", "anti", "post", "pre", "well", "long",
        "short", "full", "half", "re", "low", "high", "mid", "multi", "cross", "inter-",
    ]
)
_TAIL_WORD = re.compile(r"([A-Za-z]+)-$")
_HEAD_WORD = re.compile(r"[a-z]+")


def clean_segments(
    source: str,
    segs: Sequence[Seg],
    skip: Sequence[Seg] = (),
    hyphens: Callable[[str, str], bool] | None = None,
) -> tuple[str, TextMap]:
    """The cleaned text of ``segs`` and its map back to ``source``.

    White space is folded to one space (a segment boundary counts as white
    space), the ranges in ``skip`` (footnote markers) are left out, and a hyphen
    at the end of a segment is dropped when ``hyphens(left, right)`` says the
    word was broken by the line end.

    >>> src = "Universal Declaration of Human\\n  Rights,7 and the inter-\\nnational"
    >>> text, tm = clean_segments(src, [(0, 30), (33, 56), (57, 65)], skip=[(40, 41)],
    ...                           hyphens=lambda a, b: True)
    >>> text
    'Universal Declaration of Human Rights, and the international'
    >>> src[tm.to_source(text.index("Rights"))]
    'R'
    """
    b = TextBuilder(source)
    skip = sorted(skip)
    si = 0
    prev: Seg | None = None  # the last piece, not yet copied
    for s, e in segs:
        # Cut the segment at skipped ranges and at white space to be folded.
        while si < len(skip) and skip[si][1] <= s:
            si += 1
        cuts: list[Seg] = []
        j = si
        while j < len(skip) and skip[j][0] < e:
            cuts.append((max(skip[j][0], s), min(skip[j][1], e)))
            j += 1
        line = source[s:e]
        if "  " in line or _ODD_SPACE.search(line):
            cuts.extend(m.span() for m in _FOLD.finditer(source, s, e))
        cuts.sort()
        cuts.append((e, e))
        pos = s
        new_seg = True
        for cs, ce in cuts:
            ps, pe = pos, cs
            while ps < pe and source[ps] == " ":
                ps += 1
            while pe > ps and source[pe - 1] == " ":
                pe -= 1
            if pe > ps:
                if prev is not None:
                    joined = False
                    if (
                        new_seg
                        and hyphens is not None
                        and source[prev[1] - 1] == "-"
                        and source[ps].islower()
                    ):
                        tail = _TAIL_WORD.search(source, max(prev[0], prev[1] - 40), prev[1])
                        head = _HEAD_WORD.match(source, ps)
                        joined = bool(tail and head and hyphens(tail.group(1), head.group(0)))
                    if joined:
                        b.copy(prev[0], prev[1] - 1)
                    else:
                        b.copy(prev[0], prev[1])
                        if new_seg and _compound_break(source, prev, ps):
                            pass  # ``nuclear-`` / ``weapon``: the hyphen stays, no space
                        elif new_seg or _has_space(source, prev[1], ps):
                            b.put(" ", prev[1])
                prev = (ps, pe)
                new_seg = False
            pos = max(pos, ce)
    if prev is not None:
        b.copy(prev[0], prev[1])
    return b.build()


_SUSPENDED = re.compile(r"(?:and|or|to|nor|as well as)\b")


def _compound_break(source: str, prev: Seg, start: int) -> bool:
    """A line ending in ``word-`` and going on with a word: one compound
    (``nuclear-`` / ``weapon``, ``Secretary-`` / ``General``), except for a
    suspended hyphen (``low-`` / ``and middle-income``)."""
    return (
        source[prev[1] - 1] in "-‑"
        and prev[1] - prev[0] >= 2
        and source[prev[1] - 2].isalnum()
        and source[start].isalnum()
        and not _SUSPENDED.match(source, start)
    )


def _has_space(source: str, start: int, end: int) -> bool:
    return _ANY_SPACE.search(source, start, end) is not None


# --------------------------------------------------------------------------
# Footnote markers.

#: Words after which a number is never a marker (``on 24 and 25 February``).
_STOP_WORDS = frozenset(
    [
        "and", "or", "to", "of", "on", "in", "at", "from", "by", "than", "over", "some",
        "about", "least", "nearly", "approximately", "only", "first", "last", "every", "each",
        "per", "for", "with", "is", "are", "was", "were", "be", "within", "into", "the", "a",
        "an", "almost", "around", "its", "their", "his", "her", "our", "nor", "as", "if",
        "under", "between", "plus", "minus",
    ]
)
#: Nouns that take a number (``paragraph 7``, ``Article 35``): a number after
#: them is a marker only when a word other than a link word follows.
_NUMBERING = frozenset(
    [
        "paragraph", "paragraphs", "para", "paras", "goal", "target", "article", "articles",
        "art", "chapter", "chapters", "chap", "vol", "vols", "volume", "no", "nos", "number",
        "annex", "annexes", "section", "sections", "sect", "item", "items", "principle",
        "principles", "rule", "rules", "page", "pages", "p", "pp", "part", "parts", "table",
        "tables", "figure", "category", "level", "grade", "phase", "step", "box", "indicator",
        "indicators", "objective", "objectives", "module", "modules", "tier", "priority",
        "priorities", "pillar", "pillars", "criterion", "criteria", "round", "size", "list",
        "regulation", "regulations", "appendix", "appendices", "subparagraph", "subparagraphs",
        "sub", "point", "points", "option", "options", "measure", "measures", "standard",
        "standards", "year", "years", "day", "days", "week", "weeks", "month", "months",
        "meeting", "meetings", "amendment", "amendments", "class", "schedule", "act", "acts",
        "cluster", "element", "elements", "recommendation", "recommendations", "group",
    ]
)
#: The same, in lower case only (``Programme of Action 9`` is a marker,
#: ``action 56`` of the Pact for the Future is not).
_LOWER_NUMBERING = frozenset(
    [
        "resolution", "resolutions", "decision", "decisions", "action", "actions", "protocol",
        "committee",
    ]
)
_LINKS = re.compile(
    r"[ \t\n]*(?:(?:and|or|to|of|nor|in|on|at|by|above|below|thereof|hereof|herein|bis|ter|"
    r"is|are|was|were)\b|[^A-Za-z \t\n])"
)
_LINKS_SHORT = re.compile(r"[ \t\n]*(?:(?:and|or|of|above|below|bis|ter)\b|[^A-Za-z \t\n])")
_AFTER_STOP = re.compile(
    rf"[ \t]*(?:{_MONTH_ALT}|per\s*cent|percent|%|o['’]clock|a\.m\.|p\.m\.|hours|years|"
    r"days|months|weeks|members|votes|million|billion|per\b|-|–|\(\d|/)",
)
_ABBREV_DOT = frozenset(
    [
        "add", "rev", "corr", "no", "nos", "vol", "vols", "para", "paras", "p", "pp", "sect",
        "chap", "art", "arts", "suppl", "supp", "ser", "sess", "ibid", "op", "cit", "annex",
        "fig", "figs", "mr", "ms", "dr",
    ]
)
_UNITS = frozenset(
    ["km", "m", "cm", "mm", "kg", "g", "ha", "t", "mt", "kw", "mw", "gw", "co", "ch", "h",
     "st", "nd", "rd", "th"]
)
_ADDENDUM = re.compile(r"(?:Add|Corr|Rev)\.\d{1,2}")
_YEAR = re.compile(r"(?:.*[–\-‑])?(?:19|20)\d\d")

#: Weights of candidates: strong (glued to a word or punctuation), weak
#: (spaced after a word, glued to a capital or a year), and a last resort
#: (glued to the number of a symbol: ``resolution 59/3009``).
STRONG, WEAK, FALLBACK = 3, 2, 1


@dataclass(frozen=True, slots=True)
class _Cand:
    start: int
    end: int
    value: int
    strength: int
    repeatable: bool


def _word_before(text: str, pos: int) -> str:
    i = pos
    while i > 0 and not text[i - 1].isspace():
        i -= 1
    return text[i:pos]


def _glued(text: str, start: int, end: int, value: int) -> _Cand | None:
    prev = text[start - 1]
    word = _word_before(text, start)
    if prev == ".":
        base = word[:-1]
        if _YEAR.fullmatch(base.lstrip("(")):
            return _Cand(start, end, value, WEAK, False)  # ``February 2025.14``
        if base[-1:] == ")" and len(base) > 2 and base[-2].isalpha():
            return _Cand(start, end, value, STRONG, False)  # ``(China).68``
        if not base or "/" in base or not base[-1:].islower():
            return None
        core = base.lstrip("(“\"'").lower()
        if core in _ABBREV_DOT or "." in core:
            return None
        return _Cand(start, end, value, STRONG, False)
    if prev.isalpha():
        letters = word.rstrip("0123456789")
        if "/" in word and not letters.rsplit("/", 1)[1].isalpha():
            return None  # a symbol such as ``A/RES/79/30``, not ``HIV/AIDS7``
        core = re.sub(r"^[^A-Za-z]+", "", letters).lower()
        if core in _UNITS:
            return None
        if prev.isupper():
            # ``G20``, ``COVID19``: an acronym followed by a number; but also
            # ``Additional Protocol I6``.
            if len(core) <= 5 and letters.isupper():
                return _Cand(start, end, value, FALLBACK, False)
            return _Cand(start, end, value, WEAK, False)
        return _Cand(start, end, value, STRONG, True)
    before = text[start - 2] if start >= 2 else " "
    if prev == "," and before.isdigit():
        token = _word_before(text, start - 1)
        if _YEAR.fullmatch(token.lstrip("(")) or "/" in token:
            return _Cand(start, end, value, STRONG, False)
        if re.fullmatch(r".*[A-Za-z)”’][,.;]?\d{1,3}", token):
            return _Cand(start, end, value, STRONG, True)  # ``Council,1,2``
        if end - start == 3:
            return None  # ``1,000``
        return _Cand(start, end, value, WEAK, False)  # ``1,2``: two markers
    return _Cand(start, end, value, STRONG, before.isalpha() or before in ")”’\"'")


def _spaced(text: str, start: int, end: int, value: int) -> _Cand | None:
    i = start - 1
    while i >= 0 and text[i].isspace():
        i -= 1
    if i < 0:
        return None
    prev = text[i]
    nxt = text[end : end + 1]
    if "\n" in text[i:start] and nxt in ".)":
        return None  # a paragraph or list number
    if prev in "(/-–[":
        return None
    if _AFTER_STOP.match(text, end):
        return None
    token = _word_before(text, i + 1)
    if prev.isdigit():
        # Only after a year (``September 2016 7 and``) or a symbol (``71/205 13``).
        if _YEAR.fullmatch(token.lstrip("(")) or "/" in token or _ADDENDUM.fullmatch(token):
            return _Cand(start, end, value, WEAK, False)
        return None
    if prev.isalpha():
        bare = token.strip("(“\"'")
        word = bare.lower()
        if word in _STOP_WORDS or len(word) <= 1:
            return None
        if word in _NUMBERING and _LINKS.match(text, end):
            return None
        if bare in _LOWER_NUMBERING and _LINKS_SHORT.match(text, end):
            return None
        return _Cand(start, end, value, WEAK, False)
    if prev == "," and re.fullmatch(r"\(?\d{1,3},", token):
        # ``paragraphs 11, 13 and 54``: a list of numbers, not a marker.
        j = i - len(token)
        while j > 0 and text[j - 1].isspace():
            j -= 1
        before = _word_before(text, j).lower().strip("(“\"'")
        if (
            before in _STOP_WORDS
            or before in _NUMBERING
            or before in _LOWER_NUMBERING
            or re.fullmatch(r"\d{1,3},?", before)
        ):
            return None
    if prev in ",;:)”’\".":
        return _Cand(start, end, value, STRONG, False)
    return _Cand(start, end, value, WEAK, False)


_DIGITS = re.compile(r"\d+")
_GLUE_BEFORE = frozenset(",;:)]”’\"'.*")
_SPACED_AFTER = frozenset(",.;:)]”’")
_NOT_AFTER = frozenset("/-–‑_")


def _candidates(text: str, wanted: set[int]) -> list[_Cand]:
    """Every digit run of ``text`` that could be a marker of a ``wanted`` footnote."""
    out: list[_Cand] = []
    n = len(text)
    top = max(wanted)
    for m in _DIGITS.finditer(text):
        a, b = m.span()
        r = m.group(0)
        size = b - a
        pc = text[a - 1] if a else "\n"
        nc = text[b] if b < n else "\n"
        free_after = not (nc.isalnum() or nc in _NOT_AFTER)
        if size <= 3:
            value = int(r)
            if r[:2] == "21" and size >= 3 and text[a - 7 : a] == "Agenda " and free_after:
                agenda_marker = int(r[2:])
                if agenda_marker in wanted:
                    out.append(_Cand(a + 2, b, agenda_marker, FALLBACK, False))
                continue
            if value > top or value not in wanted:
                continue
            cand: _Cand | None = None
            if free_after and (pc.isalpha() or pc in _GLUE_BEFORE):
                cand = _glued(text, a, b, value)
            elif pc.isspace() and (nc.isspace() or nc in _SPACED_AFTER):
                cand = _spaced(text, a, b, value)
            elif nc.islower() and (pc.islower() or pc in ",;:”’)" or pc.isspace()):
                follow = re.match(r"[a-z]+", text[b : b + 12])
                if follow and len(follow.group(0)) >= 2 and follow.group(0) not in _UNITS:
                    cand = _Cand(a, b, value, WEAK, False)
            if cand is not None:
                out.append(cand)
            continue
        if not free_after:
            continue
        if 5 <= size <= 7 and r[:2] in ("19", "20") and not (pc.isalnum() or pc in "/.,-‑_"):
            value = int(r[4:])
            if value in wanted and r[4] != "0":
                out.append(_Cand(a + 4, b, value, WEAK, False))
        elif 4 <= size <= 6 and pc in "/.":
            # ``59/3009``: the number of a symbol with a marker glued to it.
            for cut in (1, 2, 3):
                tail = r[-cut:]
                if tail[0] != "0" and int(tail) in wanted and 1 <= size - cut <= 3:
                    out.append(_Cand(b - cut, b, int(tail), FALLBACK, False))
    return out


def find_markers(text: str, numbers: Sequence[int]) -> list[tuple[int, int, int]]:
    """Footnote markers in ``text``: ``(start, end, number)`` in reading order.

    ``numbers`` are the footnote numbers of the document in their printed
    order. Markers appear in the body in that order, each once, sometimes again
    for a footnote cited twice; digits that only look like markers (a year, a
    paragraph number, ``resolution 45/158``, ``vol. 1249``) are left alone. The
    markers chosen are the heaviest chain of candidates in footnote order,
    where a candidate glued to a word or after punctuation weighs more than one
    standing after a word or glued to a year.

    >>> find_markers("adopted at Cairo,1 in 1994, and Women2 and twenty-fourth3 and", [1, 2, 3])
    [(17, 18, 1), (37, 38, 2), (56, 57, 3)]
    >>> find_markers("in 2003, 6 the Fourteenth, resolution 7 and 8 December", [6, 7, 8])
    [(9, 10, 6)]
    >>> find_markers("the report for 20231 and the relevant report,2", [1, 2])
    [(19, 20, 1), (45, 46, 2)]
    """
    if not numbers:
        return []
    order = list(dict.fromkeys(numbers))
    rank = {v: k for k, v in enumerate(order)}
    cands = sorted(_candidates(text, set(order)), key=lambda c: (c.start, -c.strength))
    if not cands:
        return []
    # Heaviest chain with strictly increasing footnote rank (a Fenwick tree of
    # prefix maxima over ranks). Each chosen marker weighs 10 plus its strength,
    # so the number of markers counts first.
    size = len(order)
    tree: list[tuple[int, int]] = [(0, -1)] * (size + 1)

    def query(r: int) -> tuple[int, int]:  # best over ranks < r
        best = (0, -1)
        while r > 0:
            if tree[r][0] > best[0]:
                best = tree[r]
            r -= r & -r
        return best

    def update(r: int, item: tuple[int, int]) -> None:
        r += 1
        while r <= size:
            if item[0] > tree[r][0]:
                tree[r] = item
            r += r & -r

    score: list[int] = []
    back: list[int] = []
    for i, c in enumerate(cands):
        r = rank[c.value]
        best, j = query(r)
        score.append(best + 10 + c.strength)
        back.append(j)
        update(r, (score[-1], i))
    i = max(range(len(cands)), key=lambda x: (score[x], -x))
    chain: list[int] = []
    while i >= 0:
        chain.append(i)
        i = back[i]
    chain.reverse()
    chosen = {cands[i].start for i in chain}
    first_pos: dict[int, int] = {}
    for i in chain:
        first_pos.setdefault(cands[i].value, cands[i].start)
    out = [(cands[i].start, cands[i].end, cands[i].value) for i in chain]
    # A footnote cited a second time: a strong glued marker after its first one.
    for c in cands:
        if (
            c.repeatable
            and c.start not in chosen
            and c.value in first_pos
            and c.start > first_pos[c.value]
        ):
            out.append((c.start, c.end, c.value))
    out.sort()
    # Drop overlaps (two readings of the same digits).
    result: list[tuple[int, int, int]] = []
    for item in out:
        if result and item[0] < result[-1][1]:
            continue
        result.append(item)
    return result


_GARBLED = re.compile(r"(?<=[A-Za-z,.;:])\?[?°º]")


def _loose_markers(
    text: str,
    numbers: Sequence[int],
    found: list[tuple[int, int, int]],
    garbled: bool = False,
) -> list[tuple[int, int, int]]:
    """Add a marker for each footnote of ``numbers`` that ``found`` lacks: its
    strongest candidate anywhere in ``text`` (the first one on a tie). With
    ``garbled``, markers that a scan turned into ``?°`` or ``??`` are given, in
    reading order, to the footnotes still without one, in their order."""
    have = {n for _, _, n in found}
    missing = [n for n in numbers if n not in have]
    if not missing:
        return found
    taken = [(s, e) for s, e, _ in found]
    out = list(found)
    for cand in sorted(
        (c for c in _candidates(text, set(missing)) if c.strength >= WEAK),
        key=lambda c: (-c.strength, c.start),
    ):
        if cand.value in have:
            continue
        if any(s < cand.end and cand.start < e for s, e in taken):
            continue
        out.append((cand.start, cand.end, cand.value))
        taken.append((cand.start, cand.end))
        have.add(cand.value)
    if garbled:
        left = [n for n in numbers if n not in have]
        spots = [m.span() for m in _GARBLED.finditer(text)]
        for (s, e), n in zip(spots, left, strict=False):
            out.append((s, e, n))
    return sorted(out)


# --------------------------------------------------------------------------
# Assembly.


def _stream(source: str, segs: Sequence[Seg]) -> tuple[str, list[int], list[int]]:
    """Join ``segs`` with newlines; returns the text, stream starts and source starts."""
    parts: list[str] = []
    starts: list[int] = []
    sources: list[int] = []
    pos = 0
    for s, e in segs:
        starts.append(pos)
        sources.append(s)
        parts.append(source[s:e])
        pos += e - s + 1
    return "\n".join(parts), starts, sources


_STAR = re.compile(r"(?<=\S)\*(?=[\s,.;:]|$)|(?<=\s)\*(?=\s)")


def _paragraph_label(kind: str, number: int) -> str:
    return "header" if kind == "header" else f"{kind} {number}"


def build_document(source: str, file: str, fmt: str, sk: Skeleton) -> Document:
    """Turn a :class:`Skeleton` into a :class:`~resgraph.models.Document`.

    Markers are searched in every paragraph and in the closing lines (label
    ``closing``), in reading order, for the footnote numbers of ``sk.footnotes``;
    a footnote numbered 0 is one printed with ``*``, and its marker is the first
    ``*`` of the body.

    >>> src = "Noting the Convention,* and\\n1. Decides.\\n* Not in force."
    >>> sk = Skeleton(symbol="S/RES/1(1946)", organ="SC")
    >>> sk.parts += [Part("preamble", 1, [(0, 27)]), Part("operative", 1, [(31, 39)])]
    >>> sk.footnotes.append(NotePart(0, [(42, 55)]))
    >>> doc = build_document(src, "x", "sc", sk)
    >>> doc.paragraphs[0].text, doc.footnotes[0].markers[0].paragraph
    ('Noting the Convention, and', 'preamble 1')
    """
    # Annex paragraphs are numbered in reading order across the document (an
    # adopted text in the body and an annex after the closing lines).
    count = 0
    for part in sk.parts:
        if part.kind == "annex":
            count += 1
            part.number = count
    hy = _Hyphens(source, sk.hyphens)
    join = hy.join
    numbers = [fn.number for fn in sk.footnotes]
    # Every body segment in reading order, labelled.
    labelled: list[tuple[Seg, str]] = []
    for part in sk.parts:
        label = _paragraph_label(part.kind, part.number)
        labelled.extend((seg, label) for seg in part.segs)
    closing_pos = len(labelled)
    labelled.extend((seg, "closing") for seg in sk.closing)
    # Keep reading order for the closing lines (they come before the annex).
    labelled.sort(key=lambda x: x[0][0])
    del closing_pos
    segs = [seg for seg, _ in labelled]
    markers_src: list[tuple[int, int, int]] = []
    seg_starts = [seg[0] for seg in segs]

    def in_body(pos: int) -> bool:
        i = bisect.bisect_right(seg_starts, pos) - 1
        return i >= 0 and segs[i][0] <= pos < segs[i][1]

    if sk.explicit_markers:
        markers_src = sorted(m for m in sk.explicit_markers if in_body(m[0]))
        if numbers and sk.marker_order != "explicit":
            known = set(numbers)
            markers_src = [m for m in markers_src if m[2] in known]
            have = {m[2] for m in markers_src}
            missing = [n for n in numbers if n not in have and n > 0]
            if missing:
                text, starts, sources = _stream(source, segs)
                taken = [(s, e) for s, e, _ in markers_src]
                for s, e, n in _loose_markers(text, missing, []):
                    i = bisect.bisect_right(starts, s) - 1
                    off = sources[i] - starts[i]
                    if not any(a < e + off and s + off < b for a, b in taken):
                        markers_src.append((s + off, e + off, n))
                markers_src.sort()
    elif numbers:
        text, starts, sources = _stream(source, segs)
        numbered = [n for n in numbers if n > 0]
        found = find_markers(text, numbered)
        if sk.marker_order == "loose" and len(numbered) > 1:
            backwards = find_markers(text, numbered[::-1])
            if len(backwards) > len(found):
                found = backwards
            found = _loose_markers(text, numbered, found, garbled=True)
        if 0 in numbers:
            star = _STAR.search(text)
            if star:
                found.append((star.start(), star.end(), 0))
        for s, e, n in found:
            i = bisect.bisect_right(starts, s) - 1
            off = sources[i] - starts[i]
            markers_src.append((s + off, e + off, n))
    def label_at(pos: int) -> str:
        i = bisect.bisect_right(seg_starts, pos) - 1
        return labelled[max(i, 0)][1]

    all_markers = [Marker(n, Span(s, e), label_at(s)) for s, e, n in markers_src]
    by_label: dict[str, list[Marker]] = {}
    by_note: dict[int, list[Marker]] = {}
    for mk in all_markers:
        by_label.setdefault(mk.paragraph, []).append(mk)
        by_note.setdefault(mk.footnote, []).append(mk)
    skip = [(s, e) for s, e, _ in markers_src]
    # ``Council,1,2``: the comma between two markers goes with them.
    for (_, e1, _), (s2, _, _) in itertools.pairwise(markers_src):
        if s2 == e1 + 1 and source[e1] == ",":
            skip.append((e1, s2))

    paragraphs: list[Paragraph] = []
    for part in sk.parts:
        if not part.segs:
            continue
        text, tm = clean_segments(source, part.segs, skip, join)
        if not text and part.kind != "header":
            continue
        span = Span(part.segs[0][0], part.segs[-1][1])
        phrase = verb = None
        if part.kind in ("preamble", "operative"):
            phrase, verb = opening_phrase(text)
        label = _paragraph_label(part.kind, part.number)
        paragraphs.append(
            Paragraph(
                part.kind,
                part.number,
                text,
                span,
                tm,
                phrase,
                verb,
                tuple(by_label.get(label, ())),
            )
        )
    footnotes: list[Footnote] = []
    for fn in sk.footnotes:
        if not fn.segs:
            text, tm = "", TextMap.identity(0)
            span = Span(0, 0)
        else:
            text, tm = clean_segments(source, fn.segs, (), join)
            span = Span(fn.segs[0][0], fn.segs[-1][1])
        footnotes.append(Footnote(fn.number, text, span, tm, tuple(by_note.get(fn.number, ()))))
    return Document(
        file=file,
        format=fmt,
        source=source,
        symbol=sk.symbol,
        organ=sk.organ,
        title=sk.title,
        adopted=sk.adopted,
        session=sk.session,
        meeting=sk.meeting,
        agenda_item=sk.agenda_item,
        report=sk.report,
        complete=sk.complete,
        paragraphs=tuple(paragraphs),
        footnotes=tuple(footnotes),
        annex_span=sk.annex_span,
        checksum=hashlib.sha256(source.encode("utf-8", "surrogatepass")).hexdigest(),
    )


def fold(text: str) -> str:
    """``text`` with every run of white space folded to one space, stripped.

    >>> fold("  a\\n  b ")
    'a b'
    """
    return " ".join(text.split())
