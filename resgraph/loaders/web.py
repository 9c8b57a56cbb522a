"""Reader for copies of resolutions taken from web pages (``web``).

Web copies come in many shapes: line by line or run together on one line,
with or without the heading, often cut short. Footnotes are written ``1/``
(older United Nations pages), ``[1]``, ``0F 1`` (a word processor's field
codes) or as plain digits; page furniture may be left inside the text
(``90-32323 2781Z (E) A/C.3/45/L.77 English Page 2``).

The reader cuts run-on lines at paragraph openings (``, Recalling``, ``; 2.
Requests``), removes the furniture it recognizes, and decides ``complete``
from the text itself: the opening line (``The General Assembly,``), a closing
meeting line after the body (``642nd plenary meeting``) and a body that does not
stop in the middle of a word.

>>> sk = read_web("49/1. Test\\nThe General Assembly,\\nRecalling the Charter,\\n"
...               "1. Decides to act.\\n9th plenary meeting\\n2 May 1994\\n")
>>> sk.symbol, sk.complete, [(p.kind, p.number) for p in sk.parts]
('A/RES/49/1', True, [('header', 0), ('preamble', 1), ('operative', 1)])
"""

from __future__ import annotations

import re

from resgraph.loaders.heading import (
    ADOPTED_RE,
    TITLE_RE,
    canonical_symbol,
    meeting_of,
    organ_of_symbol,
    report_symbol,
    session_of,
)
from resgraph.loaders.segment import NotePart, Part, Seg, Skeleton, fold, line_spans, parse_date
from resgraph.loaders.structure import annex_parts, classify, split_units
from resgraph.loaders.verbs import is_operative_word, is_preamble_word
from resgraph.models import Span

__all__ = ["read_web"]

_OPENING = re.compile(
    r"The\s+(General\s+Assembly|Security\s+Council|Economic\s+and\s+Social\s+Council|"
    r"Human\s+Rights\s+Council)\s*(?:[,.:](?=\s|$|[A-Z])|(?=\s|$))"
)
_ORGAN_NAMES = {
    "General Assembly": "GA",
    "Security Council": "SC",
    "Economic and Social Council": "ECOSOC",
    "Human Rights Council": "HRC",
}
_SYMBOL = re.compile(
    r"\b((?:A|S|E)/(?:HRC/)?RES/[\dA-Z\-]+(?:/\d+)?(?:\s*\((?:\d{4}|[IVXL]+)\))?"
    r"|A/C\.\d/\d+/L\.\d+(?:/Rev\.\d+)?)"
)
_MEETING = re.compile(
    r"\d+(?:st|nd|rd|th)\s+(?:\([a-z]+\)\s+)?plenary\s+meeting|Adopted\s+(?:unanimously\s+)?at\s+the\s+\d+"
)
_RULE = re.compile(r"_{5,}")
_FURNITURE = re.compile(
    r"\b\d{2}-\d{5}(?:\s+\d{4}Z)?\s*\([A-Z]\)\s+(?P<sym>\S+)\s+English\s+Page\s+\d+"
    r"|(?<=[.\s])\.?[ \t]*\b\d{2}-\d{5}\b(?=[ \t]*(?:\n|$))"
)
_NOTE_STARTERS = (
    r"(?:A/|E/|S/|Ibid|See|Official|Resolution|Report|United Nations|Decision|General Assembly)"
)
_CUT_BEFORE = re.compile(
    r"(?:(?<=[,;:”\"])|(?<=[a-z)\]]\.))"
    r"(?P<mark>\d{1,3}(?:,\d{1,3})*|\s?\d{1,2}/|\[\d{1,3}\]|\d[FH]\s?\d{1,3})?"
    r"\s*(?=(?P<word>[A-Z][a-z]+))"
)
_GLUED_OPENER = re.compile(r"[A-Z][a-z]+?(?:ing|ed)(?=[a-z])")
_NUMBERED = re.compile(r"(?<=[,;:.”\"])\s+(?=\d{1,3}\.\s*[A-Z])")


_CUT_OPENER = re.compile(r"[,;]\s+([A-Z][a-z]{2,})\s*$")
_OPENERS = [
    "Recalling", "Reaffirming", "Noting", "Welcoming", "Recognizing", "Bearing", "Having",
    "Taking", "Convinced", "Concerned", "Aware", "Mindful", "Guided", "Considering",
    "Emphasizing", "Stressing", "Expressing", "Acknowledging", "Reiterating", "Affirming",
    "Deeply", "Gravely", "Alarmed", "Determined", "Underlining", "Encouraged",
]


def _is_opener_prefix(word: str) -> bool:
    return any(op.startswith(word) for op in _OPENERS)


def _explode(source: str, s: int, e: int) -> list[Seg]:
    """Cut a run-on line at paragraph openings; returns the pieces."""
    if re.match(r"\s*(?:\[\d{1,3}\]|\d{1,2}/)\s", source[s:e]):
        return [(s, e)]  # a footnote line
    cuts: set[int] = set()
    for m in _OPENING.finditer(source, s, e):
        if m.start() > s:
            cuts.add(m.start())
        cuts.add(m.end())
    for m in _CUT_BEFORE.finditer(source, s, e):
        word = m.group("word")
        if m.end() == m.start() and not m.group("mark"):
            continue
        glued = _GLUED_OPENER.match(word)
        if m.group(0).strip() == m.group(0) and not m.group("mark"):
            # No space before the word (``Council,Recallingits``): only a
            # participle glued to the next word counts.
            if not glued:
                continue
        elif not (is_preamble_word(word) or is_operative_word(word)) and not glued:
            continue
        cuts.add(m.end())
    for m in _NUMBERED.finditer(source, s, e):
        cuts.add(m.end())
    for m in _RULE.finditer(source, s, e):
        cuts.add(m.start())
        cuts.add(m.end())
    for m in re.finditer(r"\d+(?:st|nd|rd|th)\s+plenary\s+meeting", source[s:e]):
        cuts.add(s + m.start())
    for m in re.finditer(r"(?<=\s)(?=\d{1,3}/\d{1,3}\.\s*[A-Z])", source[s:e]):
        cuts.add(s + m.start())  # ``51/23. Title``
    # A text cut in the middle of the word opening the next paragraph
    # (``..., Recalli``): that word starts a paragraph of its own.
    tail = _CUT_OPENER.search(source, s, e)
    if tail and e == len(source.rstrip()) and _is_opener_prefix(tail.group(1)):
        cuts.add(tail.start(1))
    bounds = sorted(c for c in cuts if s < c < e)
    pieces: list[Seg] = []
    prev = s
    for c in [*bounds, e]:
        if c > prev:
            pieces.append((prev, c))
        prev = c
    return pieces


def _title_of(header: str) -> tuple[str | None, str | None]:
    """The number and title of ``79/30. Title`` in the header (the title may run
    on over the next lines, up to a blank line)."""
    lines = header.split("\n")
    for i, line in enumerate(lines):
        m = TITLE_RE.match(line)
        if m and not line.lstrip().startswith("Resolution"):
            parts = [m.group("title")]
            for more in lines[i + 1 :]:
                if not more.strip():
                    break
                parts.append(more)
            return fold(m.group("num")), fold(" ".join(parts)) or None
    m = re.search(
        r"(?:^|\s)(\d{1,4}/\d{1,4}|\d{1,4}\s?\((?:E?S-)?[IVXL]+\))\.\s*(.+?)\s*$", fold(header)
    )
    if m:
        return m.group(1), m.group(2) or None
    return None, None


def read_web(source: str, file: str = "<string>") -> Skeleton:
    """Cut a web copy into a :class:`~resgraph.loaders.segment.Skeleton`.

    >>> sk = read_web("UN General Assembly Resolutions: Resolution 51/24\\n"
    ...               "The General Assembly,\\nRecalling its resolutions 32/40 B and 50/84 B,\\n"
    ...               "1. Notes with appreciation the action taken by the Secretary-Gen")
    >>> sk.symbol, sk.complete, [(p.kind, p.number) for p in sk.parts]
    ('A/RES/51/24', False, [('header', 0), ('preamble', 1), ('operative', 1)])
    """
    del file
    sk = Skeleton(hyphens="keep")
    raw_lines = line_spans(source)
    pieces: list[Seg] = []
    for s, e in raw_lines:
        pieces.extend(_explode(source, s, e))
    texts = [source[s:e] for s, e in pieces]
    n = len(pieces)

    # Furniture inside lines: cut it out of the pieces.
    furniture: list[Seg] = []
    for m in _FURNITURE.finditer(source):
        furniture.append(m.span())
    symbol_text: str | None = None
    sm0 = _SYMBOL.search(source[:2500])
    if sm0:
        symbol_text = sm0.group(1)
    # A running head: symbol, title, job number and page (``23-17572 2/4``).
    for fm in re.finditer(r"\s\d{2}-\d{5}\s+\d{1,2}/\d{1,2}(?=\s|$)", source):
        start = fm.start()
        if symbol_text:
            back = source.rfind(symbol_text, max(0, start - 250), start)
            if back > 0:
                start = back
        furniture.append((start, fm.end()))
    pieces, texts = _cut(source, pieces, furniture)
    n = len(pieces)

    # The opening line.
    opening = -1
    for i, t in enumerate(texts):
        om = _OPENING.match(t.strip())
        if om and len(t.strip()) <= om.end() + 1:
            opening = i
            sk.organ = _ORGAN_NAMES.get(fold(om.group(1)))
            break
    header_end = opening if opening >= 0 else 0
    header_text = "\n".join(texts[:header_end])

    # Symbol: printed, or from the numbered title, or from ``Resolution 51/24``.
    number, title = _title_of(header_text)
    sk.title = title
    symbol = canonical_symbol(symbol_text) if symbol_text else None
    if symbol is None and number:
        roman = re.search(r"\b([IVXL]+)\.\s", header_text)
        if "(" not in number and "/" not in number and roman:
            number = f"{number} ({roman.group(1)})"
        symbol = canonical_symbol("A/RES/" + number)
    if symbol is None:
        rm = re.search(r"Resolution\s+(\d{1,4}/\d{1,4})", header_text)
        if rm:
            symbol = canonical_symbol("A/RES/" + rm.group(1))
    if symbol is None:
        # ``1123. Resolution`` under ``XI. RESOLUTIONS ADOPTED ...``.
        nm = re.search(r"(?m)^\s*(\d{1,4})\.\s+Resolution", header_text)
        rm = re.match(r"\s*([IVXL]+)\.\s", header_text)
        if nm and rm:
            symbol = canonical_symbol(f"A/RES/{nm.group(1)} ({rm.group(1)})")
    sk.symbol = symbol
    sk.organ = organ_of_symbol(symbol) or sk.organ
    sk.session = session_of(symbol)
    sk.report = report_symbol(header_text)
    am = re.search(r"Agenda items?\s+([\w() ]+?)(?=\s+[A-Z\[]|\s*$)", fold(header_text))
    if am is None:
        am = re.search(r"\(item\s+(\d{1,3}(?:\s*\([a-z]\))?)\)", fold(header_text))
    sk.agenda_item = am.group(1) if am else None

    # The closing meeting line after the body, and the footnotes.
    meeting = -1
    for i in range(header_end + 1, n):
        if _MEETING.match(texts[i].strip()):
            meeting = i
            break
    notes, note_pieces, markers = _footnotes(source, pieces, texts, header_end)
    sk.footnotes = notes
    sk.explicit_markers = markers

    header_segs = [p for p in pieces[:header_end] if source[p[0] : p[1]].strip()]
    sk.parts.append(Part("header", 0, header_segs))
    stop = meeting if meeting >= 0 else n
    body = [
        (pieces[i], False)
        for i in range(header_end + 1 if opening >= 0 else 0, stop)
        if i not in note_pieces
    ]
    if opening < 0:
        body = [(p, False) for p in header_segs[len(header_segs) :]] + body
    sk.parts.extend(classify(source, split_units(source, body, each_line=True)))

    closing_text = ""
    if meeting >= 0:
        k = meeting
        while k < n and k not in note_pieces and k <= meeting + 1:
            sk.closing.append(pieces[k])
            closing_text += " " + texts[k]
            k += 1
        sk.meeting = meeting_of(closing_text)
        rest = [(pieces[i], False) for i in range(k, n) if i not in note_pieces]
        rest = [r for r in rest if source[r[0][0] : r[0][1]].strip()]
        if rest:
            annex = annex_parts(source, split_units(source, rest, each_line=True))
            sk.parts.extend(annex)
            if annex:
                sk.annex_span = Span(annex[0].segs[0][0], annex[-1].segs[-1][1])
    if sk.meeting is None:
        mm = meeting_of(header_text)
        sk.meeting = mm

    # Date of adoption.
    folded_header = fold(header_text)
    am2 = ADOPTED_RE.search(folded_header)
    adopted = parse_date(am2.group(1)) if am2 else None
    if adopted is None and closing_text:
        adopted = parse_date(closing_text)
    if adopted is None:
        sm = re.search(r"Adopted by the Security Council at its .{0,40}?meeting,?\s*on\s*(.{0,25})",
                       folded_header)
        if sm:
            adopted = parse_date(sm.group(1))
    if adopted is None:
        pm = re.search(r"plenary meeting\s+(\d{1,2}\s+[A-Z][a-z]+\s+\d{4})", folded_header)
        if pm:
            adopted = parse_date(pm.group(1))
    if adopted is None:
        dm = re.search(r"\(([A-Z][a-z]+ \d{1,2}, \d{4})\)", folded_header)
        if dm:
            adopted = parse_date(dm.group(1))
    if adopted is None:
        dm = re.search(
            r"(\d{1,2}\s+[A-Z][a-z]+\s+\d{4})\s*\[\s*(?:on the report|without reference)",
            folded_header,
        )
        if dm:
            adopted = parse_date(dm.group(1))
    sk.adopted = adopted

    # Complete: the opening, a body that ends a sentence, and the closing line.
    body_parts = [p for p in sk.parts if p.kind in ("preamble", "operative")]
    last_text = ""
    if body_parts:
        s, e = body_parts[-1].segs[-1]
        last_text = source[s:e].rstrip()
    ends_sentence = bool(re.search(r"[.;”\"]\s*(?:\d{1,3}|\[\d+\]|\d{1,2}/)?$", last_text))
    sk.complete = bool(opening >= 0 and body_parts and ends_sentence and meeting >= 0)
    return sk


def _cut(source: str, pieces: list[Seg], furniture: list[Seg]) -> tuple[list[Seg], list[str]]:
    """Remove the ``furniture`` ranges from the pieces."""
    if not furniture:
        return pieces, [source[s:e] for s, e in pieces]
    furniture = sorted(furniture)
    out: list[Seg] = []
    for s, e in pieces:
        cur = s
        for fs, fe in furniture:
            if fe <= cur or fs >= e:
                continue
            if fs > cur:
                out.append((cur, fs))
            cur = max(cur, fe)
        if cur < e:
            out.append((cur, e))
    out = [p for p in out if source[p[0] : p[1]].strip()] or out
    return out, [source[s:e] for s, e in out]


_SLASH = re.compile(r"(?<![\d/])(\d{1,2})/(?=[\s,.;:)]|$)")
_BRACKET = re.compile(r"\[(\d{1,3})\]")
_FIELD = re.compile(r"(?<!\d)\d[FH]\s?(\d{1,3})(?=[\s,.;:]|$)")


def _footnotes(
    source: str, pieces: list[Seg], texts: list[str], body_start: int
) -> tuple[list[NotePart], set[int], list[tuple[int, int, int]]]:
    """Footnotes, the pieces that hold them, and markers known by their form."""
    body_text = "\n".join(texts[body_start:])
    slash = re.search(r"(?<![\d/])1/\s", body_text) is not None
    bracket = _BRACKET.search(body_text) is not None
    field_codes = _FIELD.search(body_text) is not None
    notes: list[NotePart] = []
    note_pieces: set[int] = set()
    markers: list[tuple[int, int, int]] = []
    after_rule = False
    for i in range(body_start, len(pieces)):
        s, e = pieces[i]
        t = texts[i]
        if _RULE.fullmatch(t.strip()):
            note_pieces.add(i)
            after_rule = True
            continue
        m = None
        if slash:
            m = re.match(r"\s*(\d{1,2})/\s+(?=\S)", t)
        elif bracket:
            m = re.match(r"\s*\[(\d{1,3})\]\s*(?=\S)", t)
        elif after_rule:
            m = re.match(rf"\s*(\d{{1,3}})\s+(?={_NOTE_STARTERS})", t)
        if m and (after_rule or not slash or i > body_start):
            expected = notes[-1].number + 1 if notes else 1
            if int(m.group(1)) == expected:
                notes.extend(_split_notes(source, s + m.end(), e, expected, slash, bracket))
                note_pieces.add(i)
                after_rule = True
                continue
        if after_rule and notes and not slash and not bracket:
            after_rule = False
    # Inline footnotes in a run-on piece (``... 1/ Resolution 217 A (III). 2/ ...``).
    if slash and not notes:
        for i in range(body_start, len(pieces)):
            s, e = pieces[i]
            for m in re.finditer(rf"(?<=[.,;])\s+(1)/\s+(?={_NOTE_STARTERS})", source[s:e]):
                notes.extend(_split_notes(source, s + m.end(), e, 1, True, False))
                pieces[i] = (s, s + m.start())
                texts[i] = source[s : s + m.start()]
                break
    if not slash and not bracket and not notes:
        for i in range(body_start, len(pieces)):
            s, e = pieces[i]
            m = re.search(rf"(?<=[.,;])\s+1\s+(?={_NOTE_STARTERS})", source[s:e])
            if m and re.search(rf"\s2\s+{_NOTE_STARTERS}", source[s + m.end() : e]):
                notes.extend(_split_notes(source, s + m.end(), e, 1, False, False))
                pieces[i] = (s, s + m.start())
                texts[i] = source[s : s + m.start()]
                break
    # Markers written in a recognizable form.
    note_ranges = [(seg[0], seg[1]) for note in notes for seg in note.segs]

    def in_note(pos: int) -> bool:
        return any(a - 4 <= pos < b for a, b in note_ranges)

    for i in range(body_start, len(pieces)):
        if i in note_pieces:
            continue
        s, e = pieces[i]
        pattern = _SLASH if slash else _BRACKET if bracket else _FIELD if field_codes else None
        if pattern is None:
            break
        for m in pattern.finditer(source, s, e):
            if in_note(m.start()):
                continue
            markers.append((m.start(), m.end(), int(m.group(1))))
    return notes, note_pieces, markers


def _split_notes(  # noqa: PLR0917
    source: str, start: int, end: int, first: int, slash: bool, bracket: bool
) -> list[NotePart]:
    """Footnotes run together from ``start``: ``1 text 2 text`` (or ``1/``, ``[1]``)."""
    notes: list[NotePart] = []
    number = first
    pos = start
    while True:
        nxt = number + 1
        if slash:
            pat = rf"\s{nxt}/\s"
        elif bracket:
            pat = rf"\s\[{nxt}\]\s"
        else:
            pat = rf"\s{nxt}\s+(?={_NOTE_STARTERS})"
        m = re.compile(pat).search(source, pos, end)
        stop = m.start() if m else end
        notes.append(NotePart(number, [(pos, stop)]))
        if not m:
            break
        pos = m.end()
        number = nxt
    return notes
