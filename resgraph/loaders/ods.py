"""Reader for the plain-text export of the UN Official Document System (``ods``).

Layout: the heading (``Resolution adopted by the General Assembly on ...``,
the report line, ``59/241.<tab>Title``), ``The General Assembly,``, one
paragraph per line (operative paragraphs as ``<tab>1.<tab>Takes note ...``), the
meeting line and its date, the footnotes one per line (``1 Report of ...``), then
the ``<<ODS JOB NO>>`` block with the symbol, job number, distribution date,
session and agenda item. Footnote markers are glued to the word before
(``Cairo,1``, ``Women4``).

>>> looks_like_ods("body\\n[DU1]<<ODS JOB NO>>N0449072E<<ODS JOB NO>>\\n")
True
"""

from __future__ import annotations

import re

from resgraph.loaders.heading import (
    OPENING_RE,
    TITLE_RE,
    adopted_on,
    canonical_symbol,
    meeting_of,
    organ_of_symbol,
    report_symbol,
    session_of,
)
from resgraph.loaders.segment import NotePart, Part, Skeleton, fold, line_spans, parse_date
from resgraph.loaders.structure import annex_parts, classify, split_units
from resgraph.models import Span

__all__ = ["looks_like_ods", "read_ods"]

_TRAILER = re.compile(r"<<ODS (?:JOB NO|DOC SYMBOL\d)>>")
_PAIRED = re.compile(r"<<ODS (JOB NO|DOC SYMBOL1)>>[^<\n]*<<ODS \1>>")
_SYMBOL = re.compile(r"<<ODS DOC SYMBOL1>>\s*([^<]+?)\s*<<ODS DOC SYMBOL1>>")
_MEETING_LINE = re.compile(
    r"[ \t]*\d+(?:st|nd|rd|th)[ \t]+(?:\([a-z]+\)[ \t]+)?plenary[ \t]+meeting"
)
_DATE_LINE = re.compile(r"[ \t]*\d{1,2}[ \t]+[A-Z][a-z]+[ \t]+\d{4}[ \t]*\.?[ \t]*$")
_NOTE = re.compile(r"[ \t]*(\d{1,3})[ \t]+(?=\S)")
_COMMENT = re.compile(r"[ \t]*\[DU\d+\][ \t]*$")


def looks_like_ods(text: str) -> bool:
    """True when ``text`` carries the ``<<ODS ...>>`` block of an ODS export.

    >>> looks_like_ods("Resolution 446 (1979)")
    False
    """
    return _PAIRED.search(text) is not None


def read_ods(source: str, file: str = "<string>") -> Skeleton:
    """Cut an ODS export into a :class:`~resgraph.loaders.segment.Skeleton`.

    >>> src = ("Resolution adopted by the General Assembly on 2 May 2004\\n"
    ...        "59/1.\\tTest\\n\\tThe General Assembly,\\n\\tRecalling the Charter,1\\n"
    ...        "\\t1.\\tDecides to act.\\n\\n9th plenary meeting\\n2 May 2004\\n1 Charter.\\n"
    ...        "<<ODS JOB NO>>N0400001E<<ODS JOB NO>>\\n"
    ...        "<<ODS DOC SYMBOL1>>A/RES/59/1<<ODS DOC SYMBOL1>>\\nAgenda item 5\\n")
    >>> sk = read_ods(src)
    >>> sk.symbol, sk.title, sk.meeting, sk.agenda_item
    ('A/RES/59/1', 'Test', '9th plenary meeting', '5')
    >>> [(p.kind, p.number) for p in sk.parts]
    [('header', 0), ('preamble', 1), ('operative', 1)]
    """
    del file
    sk = Skeleton(hyphens="auto")
    trailer_at = _TRAILER.search(source)
    end = source.rfind("\n", 0, trailer_at.start()) + 1 if trailer_at else len(source)
    trailer = source[end:] if trailer_at else ""
    lines = [seg for seg in line_spans(source) if seg[1] <= end]
    texts = [source[s:e] for s, e in lines]

    m = _SYMBOL.search(trailer)
    sk.symbol = canonical_symbol(m.group(1)) if m else None
    am = re.search(r"Agenda items?[ \t]+(.+?)[ \t]*$", trailer, re.MULTILINE)
    sk.agenda_item = fold(am.group(1)) if am else None

    opening = next((i for i, t in enumerate(texts) if OPENING_RE.match(t)), -1)
    title_i = next(
        (i for i, t in enumerate(texts[: opening if opening >= 0 else 40]) if TITLE_RE.match(t)),
        -1,
    )
    if opening < 0:
        opening = title_i
    meeting = next(
        (i for i in range(max(opening, 0), len(texts)) if _MEETING_LINE.match(texts[i])), -1
    )
    date_i = -1
    if meeting >= 0:
        for i in range(meeting + 1, min(len(texts), meeting + 3)):
            if _DATE_LINE.match(texts[i]):
                date_i = i
                break

    header = [
        lines[i]
        for i in range(max(opening, 0))
        if texts[i].strip() and not _COMMENT.match(texts[i])
    ]
    sk.parts.append(Part("header", 0, header))
    header_text = "\n".join(source[s:e] for s, e in header)
    sk.adopted = adopted_on(header_text)
    sk.report = report_symbol(header_text)
    if title_i >= 0:
        tm = TITLE_RE.match(texts[title_i])
        assert tm is not None
        sk.title = fold(tm.group("title")) or None
        if sk.symbol is None:
            sk.symbol = canonical_symbol("A/RES/" + fold(tm.group("num")))
    sk.organ = organ_of_symbol(sk.symbol)
    sk.session = session_of(sk.symbol)

    stop = meeting if meeting >= 0 else len(lines)
    body = [(lines[i], False) for i in range(opening + 1, stop)]
    sk.parts.extend(classify(source, split_units(source, body, each_line=True)))

    after = stop
    if meeting >= 0:
        sk.meeting = meeting_of(texts[meeting])
        sk.closing.append(lines[meeting])
        after = meeting + 1
        if date_i >= 0:
            sk.closing.append(lines[date_i])
            if sk.adopted is None:
                sk.adopted = parse_date(texts[date_i])
            after = date_i + 1
    # Footnotes, then anything else (an annex) after the closing lines.
    notes: list[NotePart] = []
    rest: list[tuple[tuple[int, int], bool]] = []
    for i in range(after, len(lines)):
        t = texts[i]
        if not t.strip() or _COMMENT.match(t):
            continue
        nm = _NOTE.match(t)
        expected = notes[-1].number + 1 if notes else 1
        if nm and int(nm.group(1)) == expected and not rest:
            s, e = lines[i]
            notes.append(NotePart(int(nm.group(1)), [(s + nm.end(), e)]))
        elif notes and not rest and not t.startswith(("\t", " ")) and not TITLE_RE.match(t):
            notes[-1].segs.append(lines[i])
        else:
            rest.append((lines[i], False))
    sk.footnotes = notes
    if rest:
        annex = annex_parts(source, split_units(source, rest, each_line=True))
        sk.parts.extend(annex)
        if annex:
            sk.annex_span = Span(annex[0].segs[0][0], annex[-1].segs[-1][1])
    sk.complete = meeting >= 0
    return sk
