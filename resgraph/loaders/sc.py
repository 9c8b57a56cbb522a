"""Reader for hand-corrected Security Council texts (``sc``).

Layout: a heading (``Resolution 446 (1979)`` / ``of 22 March 1979``, or
``100 (1953). Resolution of 27 October 1953`` and the draft symbol ``[S/3128]``,
or ``RESOLUTION 777 (1992)`` / ``Adopted by the Security Council at its 3116th
meeting on 19 September 1992``), ``The Security Council,``, the paragraphs
(lines wrap in the middle of a paragraph; blank lines separate paragraphs), the
closing lines (``Adopted at the 2134th meeting by 12 votes to none, with 3
abstentions (...)``) and the footnotes at the end (``10 United Nations, Treaty
Series, vol. 75, p. 287.``). Footnote numbers are those of the printed volume,
so they do not start at 1; markers stand after a space (``1949, 10 is``). A
footnote marked ``*`` gets the number 0.

>>> looks_like_sc("Resolution 446 (1979)\\nof 22 March 1979\\n\\nThe Security Council,")
True
"""

from __future__ import annotations

import re

from resgraph.loaders.heading import OPENING_RE, canonical_symbol, meeting_of
from resgraph.loaders.segment import NotePart, Part, Seg, Skeleton, fold, line_spans, parse_date
from resgraph.loaders.structure import annex_parts, classify, split_units
from resgraph.models import Span

__all__ = ["looks_like_sc", "read_sc"]

_TITLE_A = re.compile(
    r"[ \t]*(?:RESOLUTION|Resolution)[ \t]+(?P<num>\d{1,4})(?:[ \t]*\((?P<year>[\d\- ]{4,6})\))?"
)
_TITLE_B = re.compile(
    r"[ \t]*(?P<num>\d{1,4})[ \t]*\((?P<year>\d{4})\)\.?[ \t]+Resolution[ \t]+of[ \t]+(?P<date>.*)"
)
_MASTHEAD = re.compile(r"[ \t]*United Nations[ \t]+S/RES/(?P<num>\d{1,4})[ \t]*\((?P<year>\d{4})\)")
_ADOPTED_TOP = re.compile(r"[ \t]*Adopted by the Security\b")
_ADOPTED = re.compile(r"[ \t]*Adopted\b")
_DOC_LINE = re.compile(r"[ \t]*[\[(]\s*S/[\w./\-]+\s*[\])}][ \t]*$")
_OF_DATE = re.compile(
    r"[ \t]*[A-Za-z]{1,3}[ \t]+(?:\S{1,3}[ \t]+)?[A-Z][a-z\]]+[ \t]+\d{4}[ \t]*(?:\d{1,3}[ \t]*)?$"
)
_DATE_ONLY = re.compile(r"[ \t]*\d{1,2}[ \t]+[A-Z][a-z]+[ \t]+\d{4}[ \t]*$")
_NOTE = re.compile(r"[ \t]*(\d{1,3}|\*)[ \t]+(?=\S)")
_PAGE_HEAD = re.compile(r"[\s]*S/RES/\d{1,4}[ \t]*\(\d{4}\)[ \t]*$")
_JOB_LINE = re.compile(r"\s*\d{2}-\d{5}\s*(?:\([A-Z]\))?\s*$|\s*\*\d{6,}\*\s*$")
_ANNEX_LINE = re.compile(r"\s*(?:ANNEX|Annex)(?:\s+(?:[A-Z]|[IVX]+))?\s*$")
_MASTHEAD_LINE = re.compile(
    r"\s*(?:UNITED NATIONS|United Nations|S|Security Council|Distr\.?|GENERAL|General)\b"
    r"|\s*S/RES/|\s*\d{1,2}\s+[A-Z][a-z]+\s+\d{4}\s*$"
)


def looks_like_sc(text: str) -> bool:
    """True when ``text`` opens like a Security Council resolution: a title line
    ``Resolution 446 (1979)`` (or ``100 (1953). Resolution of ...``) near the top.

    >>> looks_like_sc("100 (1953). Resolution of 27 October 1953\\n[S/3128]")
    True
    >>> looks_like_sc("The General Assembly,")
    False
    """
    lines = text[:6000].splitlines()[:60]
    for k, line in enumerate(lines):
        stripped = line.strip()
        if k >= 8 and "Security Council" not in text[:6000]:
            break
        if _TITLE_B.match(line) or _MASTHEAD.fullmatch(stripped):
            return True
        m = _TITLE_A.match(stripped)
        rest = stripped[m.end() :] if m else ""
        if m and (not rest or re.match(r"\s*[Oo][fn]\s+\d", rest)) and (
            m.group("year") or (k + 1 < len(lines) and _OF_DATE.match(lines[k + 1]))
        ):
            return True
    return False


def read_sc(source: str, file: str = "<string>") -> Skeleton:
    """Cut a Security Council text into a :class:`~resgraph.loaders.segment.Skeleton`.

    >>> src = ("Resolution 446 (1979)\\nof 22 March 1979\\n\\nThe Security Council,\\n\\n"
    ...        "Recalling the Geneva Convention of 12 August\\n1949, 10\\n\\n"
    ...        "1. Determines that the policy\\nhas no legal validity;\\n\\n"
    ...        "Adopted at the 2134th meeting by 12 votes to none.\\n\\n"
    ...        "10 United Nations, Treaty Series, vol. 75, p. 287.\\n")
    >>> sk = read_sc(src)
    >>> sk.symbol, sk.adopted.isoformat(), sk.meeting, sk.session
    ('S/RES/446(1979)', '1979-03-22', '2134th meeting', '1979')
    >>> [(p.kind, p.number) for p in sk.parts], [n.number for n in sk.footnotes]
    ([('header', 0), ('preamble', 1), ('operative', 1)], [10])
    """
    del file
    sk = Skeleton(hyphens="join", organ="SC", marker_order="loose")
    lines = line_spans(source)
    texts = [source[s:e] for s, e in lines]
    n = len(texts)

    number: str | None = None
    year: str | None = None
    # The title line: within the first lines (a text may open with the end of
    # the item before it).
    title = -1
    for k in range(min(n, 80)):
        t = texts[k]
        m_b = _TITLE_B.match(t)
        m_a = _TITLE_A.match(t)
        m_m = _MASTHEAD.match(t)
        if m_b:
            number, year, title = m_b.group("num"), m_b.group("year"), k
            break
        if m_a and not t.strip().startswith("Resolution adopted"):
            number, year, title = m_a.group("num"), m_a.group("year"), k
            break
        if m_m and number is None:
            number, year = m_m.group("num"), m_m.group("year")
    heading_text: list[str] = [texts[k] for k in range(max(title, 0))]
    head_end = title
    i = title + 1
    while title >= 0 and i < min(n, title + 12):
        t = texts[i]
        if not t.strip():
            i += 1
            continue
        if _ADOPTED_TOP.match(t):
            # ``Adopted by the Security Council at its 3116th meeting`` and the
            # lines that go on with it (``on 19 September 1992``).
            heading_text.append(t)
            while i + 1 < n and texts[i + 1].strip() and i + 1 <= title + 6:
                if OPENING_RE.match(texts[i + 1]):
                    break
                i += 1
                heading_text.append(texts[i])
            sk.meeting = meeting_of(" ".join(heading_text))
        elif _OF_DATE.match(t) or _DOC_LINE.match(t) or _DATE_ONLY.match(t):
            heading_text.append(t)
        else:
            break
        head_end = i
        i += 1
    if title >= 0:
        heading_text.insert(0, texts[title])
    body_start = head_end + 1
    # The opening line, when it comes first.
    j = body_start
    while j < n and not texts[j].strip():
        j += 1
    opening = j if j < n and OPENING_RE.match(texts[j]) else -1

    # The header: the heading block, without the masthead of a printed page
    # (``United Nations S/RES/1445 (2002)``, ``Distr.: General``, its date).
    header_segs = [
        lines[k]
        for k in range(0, head_end + 1)
        if texts[k].strip() and not (k < max(title, 0) and _MASTHEAD_LINE.match(texts[k]))
    ]
    sk.parts.append(Part("header", 0, header_segs))
    heading = fold(" ".join(heading_text))
    sk.adopted = parse_date(heading)
    if year and not re.fullmatch(r"\d{4}", year.replace(" ", "")):
        year = None
    if sk.adopted is not None and (year is None or year.replace(" ", "") != str(sk.adopted.year)):
        # A misprinted year in brackets (``Resolution 434 (1973)`` / ``of 18
        # September 1978``): the date of adoption decides.
        year = str(sk.adopted.year)
    if number and year:
        sk.symbol = canonical_symbol(f"S/RES/{int(number)} ({year.replace(' ', '')})")
    sk.session = year

    # Closing lines and footnotes.
    first_body = opening + 1 if opening >= 0 else body_start
    closing = -1
    for k in range(first_body + 1, n):
        if _ADOPTED.match(texts[k]) and not _ADOPTED_TOP.match(texts[k]):
            closing = k
            break
    body_end = closing if closing >= 0 else n
    notes: list[NotePart] = []
    if closing >= 0:
        k = closing
        while k < n and texts[k].strip():
            sk.closing.append(lines[k])
            k += 1
        closing_text = " ".join(texts[c] for c in range(closing, k))
        meeting = meeting_of(closing_text)
        if meeting is None:
            # ``Adopted unanimously at the`` / blank line / ``2407th meeting``.
            nxt = k
            while nxt < n and not texts[nxt].strip():
                nxt += 1
            if nxt < n and meeting_of(closing_text + " " + texts[nxt]):
                meeting = meeting_of(closing_text + " " + texts[nxt])
                sk.closing.append(lines[nxt])
                k = nxt + 1
        sk.meeting = meeting or sk.meeting
        notes = _footnotes(lines, texts, k)
    else:
        start = _trailing_notes(texts)
        if start >= 0:
            notes = _footnotes(lines, texts, start)
            body_end = start
    sk.footnotes = notes

    # An annex (``ANNEX``, ``Annex A``) ends the body, before the closing lines.
    annex_at = next(
        (k for k in range(first_body + 1, body_end) if _ANNEX_LINE.match(texts[k])), body_end
    )
    body: list[tuple[Seg, bool]] = []
    annex: list[tuple[Seg, bool]] = []
    brk = False
    for k in range(first_body, body_end):
        if _PAGE_HEAD.match(texts[k]) or _JOB_LINE.match(texts[k]):
            brk = True  # page furniture of a printed document
            continue
        (body if k < annex_at else annex).append((lines[k], brk))
        brk = False
    sk.parts.extend(classify(source, split_units(source, body)))
    if annex:
        parts = annex_parts(source, split_units(source, annex))
        sk.parts.extend(parts)
        if parts:
            sk.annex_span = Span(parts[0].segs[0][0], parts[-1].segs[-1][1])
    sk.complete = any(p.kind in ("preamble", "operative") for p in sk.parts)
    return sk


_NOTE_START = re.compile(
    r"[ \t]*\d{1,3}[ \t]+(?:Ibid|See|Official|Document|Resolution|Report|S/|A/|E/|United Nations)"
)


def _trailing_notes(texts: list[str]) -> int:
    """Start of a block of footnotes ending the text when no closing line precedes
    it, or -1."""
    k = len(texts) - 1
    while k >= 0 and not texts[k].strip():
        k -= 1
    start = -1
    while k >= 0 and texts[k].strip():
        if _NOTE_START.match(texts[k]):
            start = k
        k -= 1
    return start if start >= 0 and _NOTE_START.match(texts[start]) else -1


def _footnotes(lines: list[Seg], texts: list[str], start: int) -> list[NotePart]:
    notes: list[NotePart] = []
    for k in range(start, len(lines)):
        t = texts[k]
        if not t.strip():
            continue
        m = _NOTE.match(t)
        s, e = lines[k]
        if m:
            raw = m.group(1)
            num = 0 if raw == "*" else int(raw)
            last = notes[-1].number if notes else -1
            if raw == "*" or num > last:
                notes.append(NotePart(num, [(s + m.end(), e)]))
                continue
        if notes:
            notes[-1].segs.append((s, e))
    return notes
