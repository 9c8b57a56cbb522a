"""Reader for text extracted from the official PDF of a resolution (``pdf-text``).

Layout of such a text (``ga/`` of the shared corpus, and what
:mod:`resgraph.loaders.pdf` produces from a PDF):

- the masthead of the first page (``United Nations``, symbol, ``Distr.:
  General``, distribution date, job number ``24-23043 (E)``, bar code
  ``*2423043*``), then session, agenda item, ``Resolution adopted by the General
  Assembly on ...``, the report line, the numbered title;
- every further page begins after an empty line with a running head made of the
  symbol, the running title, the job number and ``2/8`` in some order;
- footnotes sit at the foot of a page after a rule of underscores; a footnote
  may run on at the foot of the next page;
- blank lines (a single space) separate paragraphs; paragraph numbers may stand
  alone on their line.

>>> from resgraph.loaders.pdftext import looks_like_pdf_text
>>> looks_like_pdf_text("United Nations \\nA/RES/79/30\\nDistr.: General\\n24-23043 (E)")
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
from resgraph.loaders.segment import NotePart, Part, Seg, Skeleton, fold, line_spans, parse_date
from resgraph.loaders.structure import annex_parts, classify, split_units
from resgraph.models import Span

__all__ = ["looks_like_pdf_text", "read_pdf_text"]

_SYMBOL_LINE = re.compile(
    r"[ \t]*((?:A|S|E)/(?:[A-Z0-9.\-]+/)*(?:RES|DEC)/[A-Za-z0-9.\-/]+(?:\s*\(\d{4}\))?)\*?[ \t]*$"
)
_DOC_SYMBOL_LINE = re.compile(r"[ \t]*([A-Z](?:/[A-Za-z0-9.\-]+){2,})[ \t]*$")
_JOB_RE = re.compile(r"[ \t]*\d{2}-\d{5}\*?(?:[ \t]*\([A-Z]\))?(?:[ \t]+\d{6})?[ \t]*$")
_BARCODE_RE = re.compile(r"[ \t]*\*\d{6,}\*[ \t]*$")
_PAGE_RE = re.compile(r"[ \t]*(\d{1,3})/(\d{1,3})[ \t]*$")
_RULE_RE = re.compile(r"[ \t]*_{5,}[ \t]*$")
_NOTE_RE = re.compile(r"[ \t]*(\d{1,3})(?:[ \t]+|(?=[A-Z]))(?=\S)")
_MEETING_LINE = re.compile(
    r"[ \t]*\d+(?:st|nd|rd|th)[ \t]+(?:\([a-z]+\)[ \t]+)?plenary[ \t]+meeting[ \t]*[.,]?[ \t]*$"
)
_DATE_LINE = re.compile(r"[ \t]*\d{1,2}[ \t]+[A-Z][a-z]+[ \t]+\d{4}[ \t]*[.]?[ \t]*$")
_MASTHEAD_WORDS = re.compile(
    r"[ \t]*(?:United Nations|General Assembly|Security Council|Economic and Social Council|"
    r"Human Rights Council|Distr\.?:?\s*(?:General|Limited)|Original:.*)[ \t]*$"
)


def looks_like_pdf_text(text: str) -> bool:
    """True when ``text`` has the masthead of an official PDF text.

    >>> looks_like_pdf_text("Resolution 446 (1979)\\nof 22 March 1979")
    False
    """
    head = text[:800]
    return bool(
        re.search(r"^[ \t]*United Nations[ \t]*$", head, re.MULTILINE)
        and re.search(r"Distr\.?:", head)
        and re.search(r"^[ \t]*\*?\d{2}-?\d{5}", head, re.MULTILINE)
        and (_SYMBOL_LINE.search(head.split("Distr", 1)[0]) or re.search(r"A/RES/", head))
    )


def _anchor(line: str, symbol: str | None) -> bool:
    stripped = line.strip()
    if not stripped:
        return False
    if symbol and stripped.replace(" ", "") and not stripped.replace(symbol, "").strip():
        return True
    if _SYMBOL_LINE.match(line) and symbol and fold(stripped).replace(" ", "") == symbol:
        return True
    return bool(_JOB_RE.match(line) or _PAGE_RE.match(line))


def read_pdf_text(source: str, file: str = "<string>") -> Skeleton:
    """Cut a ``pdf-text`` source into a :class:`~resgraph.loaders.segment.Skeleton`.

    >>> src = ("United Nations \\nA/RES/1/1\\n \\nGeneral Assembly \\nDistr.: General \\n"
    ...        "3 May 2024 \\n \\n24-00001 (E) \\n*2400001* \\n \\nSeventy-eighth session \\n"
    ...        "Agenda item 5 \\n \\n Resolution adopted by the General Assembly \\n"
    ...        "on 2 May 2024 \\n \\n[without reference to a Main Committee (A/78/L.9)] \\n \\n"
    ...        "78/1. Test \\n \\nThe General Assembly, \\n \\nRecalling the Charter,1 \\n \\n"
    ...        "1. \\nDecides to act. \\n \\n9th plenary meeting \\n2 May 2024 \\n"
    ...        "__________________ \\n \\n1  Charter of the United Nations. \\n")
    >>> sk = read_pdf_text(src)
    >>> sk.symbol, sk.adopted.isoformat(), sk.report, sk.title, sk.meeting, sk.agenda_item
    ('A/RES/1/1', '2024-05-02', 'A/78/L.9', 'Test', '9th plenary meeting', '5')
    >>> [(p.kind, p.number) for p in sk.parts]
    [('header', 0), ('preamble', 1), ('operative', 1)]
    """
    del file
    lines = line_spans(source)
    texts = [source[s:e] for s, e in lines]
    n = len(texts)
    sk = Skeleton(hyphens="auto")

    # Symbol: the first symbol line of the masthead.
    symbol: str | None = None
    for t in texts[:20]:
        m = _SYMBOL_LINE.match(t)
        if m:
            symbol = canonical_symbol(m.group(1))
            if symbol:
                break
    printed_symbol = None
    for t in texts[:20]:
        m = _SYMBOL_LINE.match(t)
        if m:
            printed_symbol = m.group(1).strip()
            break

    furniture = bytearray(n)
    # The masthead: up to the bar code (or the job number).
    masthead_end = -1
    for i, t in enumerate(texts[:25]):
        if _BARCODE_RE.match(t):
            masthead_end = i
            break
    if masthead_end < 0:
        for i, t in enumerate(texts[:25]):
            if _JOB_RE.match(t):
                masthead_end = i
    if masthead_end < 0:
        for i, t in enumerate(texts[:12]):
            if _MASTHEAD_WORDS.match(t) or _SYMBOL_LINE.match(t) or _DATE_LINE.match(t):
                masthead_end = i
            elif t.strip():
                break
    for i in range(masthead_end + 1):
        furniture[i] = 1

    def is_anchor(t: str) -> bool:
        if len(t) > 60:
            return False
        if printed_symbol and t.strip() and not t.replace(printed_symbol, "").strip():
            return True
        return _anchor(t, symbol)

    # Page breaks: an empty line, then the running head.
    breaks: list[int] = []
    has_empty = any(t == "" for t in texts[masthead_end + 1 : n - 1])
    if has_empty:
        for i in range(masthead_end + 1, n):
            if texts[i] != "" or i == n - 1:
                continue
            breaks.append(i)
            furniture[i] = 1
            last = -1
            seen = 0
            for j in range(i + 1, min(n, i + 14)):
                t = texts[j]
                if texts[j] == "":
                    break
                if is_anchor(t):
                    last = j
                elif t.strip():
                    seen += 1
                    if seen > 6:
                        break
            for j in range(i + 1, last + 1):
                furniture[j] = 1
    else:
        # No page separators: drop the running head lines wherever they stand.
        for i in range(masthead_end + 1, n):
            if is_anchor(texts[i]):
                furniture[i] = 1
                if i not in breaks:
                    breaks.append(i)
    # Stray furniture lines (a page number or the symbol alone) anywhere.
    for i in range(masthead_end + 1, n):
        if not furniture[i] and (is_anchor(texts[i]) or _BARCODE_RE.match(texts[i])):
            furniture[i] = 1

    # Footnote areas: a rule, then everything up to the next page break.
    footnote = bytearray(n)
    areas: list[tuple[int, int]] = []
    bi = 0
    i = masthead_end + 1
    while i < n:
        if not furniture[i] and _RULE_RE.match(texts[i]):
            while bi < len(breaks) and breaks[bi] <= i:
                bi += 1
            end = breaks[bi] if bi < len(breaks) else n
            areas.append((i + 1, end))
            for j in range(i, end):
                if not furniture[j]:
                    footnote[j] = 1
            i = end
            continue
        i += 1

    notes = _read_footnotes(lines, texts, areas, furniture)
    sk.footnotes = notes

    # Body lines, with a flag for a page break before them.
    body: list[tuple[int, bool]] = []
    brk = False
    for i in range(masthead_end + 1, n):
        if furniture[i] or footnote[i]:
            if i > masthead_end + 1:
                brk = True
            continue
        body.append((i, brk))
        brk = False

    # Opening line, closing meeting line.
    opening = -1
    for k, (i, _) in enumerate(body):
        if OPENING_RE.match(texts[i]):
            opening = k
            organ_name = fold(OPENING_RE.match(texts[i]).group(1))  # type: ignore[union-attr]
            sk.organ = {
                "General Assembly": "GA",
                "Security Council": "SC",
                "Economic and Social Council": "ECOSOC",
                "Human Rights Council": "HRC",
            }.get(organ_name)
            break
    title_k = -1
    title_end = -1
    for k, (i, _) in enumerate(body[: opening if opening >= 0 else min(len(body), 80)]):
        if TITLE_RE.match(texts[i]) and not ADOPTED_LINE.match(texts[i]):
            title_k = k
            title_end = k
            while title_end + 1 < len(body) and texts[body[title_end + 1][0]].strip():
                if opening >= 0 and title_end + 1 >= opening:
                    break
                title_end += 1
            break
    if opening < 0:
        opening = title_end if title_end >= 0 else -1
    untitled: str | None = None
    if title_k < 0 and opening > 0:
        # A title printed without its number: the block of lines just above
        # the opening line, after the report line.
        k = opening - 1
        while k >= 0 and not texts[body[k][0]].strip():
            k -= 1
        block: list[str] = []
        while k >= 0 and texts[body[k][0]].strip():
            block.insert(0, texts[body[k][0]])
            k -= 1
        candidate = fold(" ".join(block))
        if candidate and not candidate.startswith(("[", "Resolution adopted", "Agenda")):
            untitled = candidate

    meeting = -1
    for k in range(max(opening, 0), len(body)):
        if _MEETING_LINE.match(texts[body[k][0]]):
            meeting = k
            break
    date_k = -1
    if meeting >= 0:
        for k in range(meeting + 1, min(len(body), meeting + 4)):
            t = texts[body[k][0]]
            if _DATE_LINE.match(t):
                date_k = k
                break
            if t.strip():
                break

    # Header paragraph and metadata.
    header_idx = [i for i, _ in body[: max(opening, 0)]]
    header_segs = [lines[i] for i in header_idx if texts[i].strip()]
    header_text = "\n".join(texts[i] for i in header_idx)
    sk.parts.append(_header_part(header_segs))
    sk.symbol = symbol
    if title_k >= 0:
        first = TITLE_RE.match(texts[body[title_k][0]])
        assert first is not None
        pieces = [first.group("title")]
        pieces += [texts[body[k][0]] for k in range(title_k + 1, title_end + 1)]
        sk.title = fold(" ".join(pieces)) or None
        if sk.symbol is None:
            sk.symbol = canonical_symbol("A/RES/" + fold(first.group("num")))
    if sk.title is None:
        sk.title = untitled
    sk.organ = organ_of_symbol(sk.symbol) or sk.organ
    sk.session = session_of(sk.symbol)
    sk.adopted = adopted_on(header_text)
    sk.report = report_symbol(header_text)
    m = re.search(r"^[ \t]*Agenda items?[ \t]+(.+?)[ \t]*$", header_text, re.MULTILINE)
    sk.agenda_item = fold(m.group(1)) if m else None

    # Preamble and operative part.
    stop = meeting if meeting >= 0 else len(body)
    units = split_units(source, [(lines[i], b) for i, b in body[opening + 1 : stop]])
    sk.parts.extend(classify(source, units))

    if meeting >= 0:
        mi = body[meeting][0]
        sk.meeting = meeting_of(texts[mi])
        sk.closing.append(lines[mi])
        last = meeting
        if date_k >= 0:
            di = body[date_k][0]
            sk.closing.append(lines[di])
            if sk.adopted is None:
                sk.adopted = parse_date(texts[di])
            last = date_k
        annex_body = [(lines[i], b) for i, b in body[last + 1 :]]
        annex = annex_parts(source, split_units(source, annex_body))
        if annex:
            sk.parts.extend(annex)
            sk.annex_span = Span(annex[0].segs[0][0], annex[-1].segs[-1][1])
    sk.complete = meeting >= 0
    return sk


ADOPTED_LINE = re.compile(r"[ \t]*Resolution adopted")


def _header_part(segs: list[Seg]) -> Part:
    return Part("header", 0, segs)


def _read_footnotes(
    lines: list[Seg],
    texts: list[str],
    areas: list[tuple[int, int]],
    furniture: bytearray,
) -> list[NotePart]:
    """Footnotes of the areas under the rules, in order; a text that opens an area
    without a number continues the last footnote of the page before."""
    notes: list[NotePart] = []
    for start, end in areas:
        prev_blank = True
        for i in range(start, end):
            if furniture[i]:
                continue
            t = texts[i]
            if not t.strip():
                prev_blank = True
                continue
            s, e = lines[i]
            m = _NOTE_RE.match(t)
            new = False
            if m:
                num = int(m.group(1))
                last = notes[-1].number if notes else 0
                rest = t[m.end() :]
                if num == last + 1 or (not notes and num >= 1):
                    new = prev_blank or not parse_date(t[: m.end() + 12]) or not notes
                elif (
                    last < num <= last + 5
                    and prev_blank
                    and re.match(r"\s{2}", t[len(m.group(1)) :])
                ):
                    new = True
                del rest
            if new and m:
                notes.append(NotePart(int(m.group(1)), [(s + m.end(), e)]))
            elif notes:
                notes[-1].segs.append((s, e))
            prev_blank = False
    return notes
