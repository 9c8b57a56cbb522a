"""Cutting the body of a resolution into preambular, operative and annex paragraphs.

The readers hand over the body as a list of lines (source ranges), each flagged
when a page break (page furniture, a footnote block) lies just before it. Lines
are grouped into *units* (blank lines, printed paragraph numbers and lettered
sub-paragraphs start a new one), and :func:`classify` turns units into
paragraphs: preambular paragraphs open with a capitalized word, operative
paragraphs with their printed number (or, when none is printed, with a verb in
the present tense); lettered sub-paragraphs stay inside their paragraph.

>>> from resgraph.loaders.segment import line_spans
>>> src = "Recalling its resolution,\\n\\n1.\\nDecides to act;\\n\\n(a)\\nsoon;"
>>> lines = [(s, False) for s in line_spans(src)]
>>> parts = classify(src, split_units(src, lines))
>>> [(p.kind, p.number) for p in parts]
[('preamble', 1), ('operative', 1)]
>>> [src[s:e] for s, e in parts[1].segs]
['Decides to act;', '(a)', 'soon;']
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field

from resgraph.loaders.segment import Part, Seg
from resgraph.loaders.verbs import is_operative_word, is_preamble_word, opening_phrase

__all__ = ["Unit", "annex_parts", "classify", "split_units"]

NUMBER_RE = re.compile(r"[^\S\n]*(\d{1,3})(?:\.(?=\s|$)|,(?=[^\S\n]+[A-Z][a-z]+s\b))[^\S\n]*")
LETTER_RE = re.compile(r"[^\S\n]*\((?:[a-z]{1,2}|[ivxl]+)\)(?=\s|$)")
BULLET_RE = re.compile(r"[^\S\n]*[•\-–]\s")
_END_PUNCT = re.compile(
    r"[,;:.!?](?:\s*(?:\d{1,3}/|\[\d{1,3}\]|\d{1,3}(?:,\d{1,3})*|\d[FH]\s?\d{1,3}|[”’\"')\]]))*\s*$"
)
_FIRST_WORD = re.compile(r"[\s“\"'(]*([A-Za-z][A-Za-z\-’']*)")


@dataclass(slots=True)
class Unit:
    """Consecutive lines that start a paragraph or continue one.

    ``soft`` is True when only a page break separates the unit from the one
    before (no blank line on the page): it may continue that paragraph.
    ``number`` is the printed paragraph number it opens with, if any.
    """

    segs: list[Seg] = field(default_factory=list)
    soft: bool = False
    number: int | None = None
    lettered: bool = False
    #: Where the printed number stands (``12.``), when there is one.
    head: Seg | None = None



def _blank(source: str, seg: Seg) -> bool:
    s, e = seg
    return not source[s:e].strip()


def split_units(
    source: str, lines: Sequence[tuple[Seg, bool]], each_line: bool = False
) -> list[Unit]:
    """Group body lines into units.

    ``lines`` are ``(segment, page_break_before)`` pairs in reading order. A
    blank line ends a unit; a line opening with a paragraph number (``12.``), a
    lettered sub-paragraph (``(b)``) or a bullet starts one; a page break makes
    the next unit *soft*. With ``each_line`` every line is a unit of its own
    (texts that print one paragraph per line).

    >>> from resgraph.loaders.segment import line_spans
    >>> src = "a,\\nb\\n\\n2. c\\n(a) d"
    >>> [len(u.segs) for u in split_units(src, [(s, False) for s in line_spans(src)])]
    [2, 1, 1]
    """
    units: list[Unit] = []
    cur: Unit | None = None
    pending_break = False
    for seg, brk in lines:
        if brk:
            pending_break = True
        if _blank(source, seg):
            if cur is not None:
                units.append(cur)
                cur = None
            continue
        s, e = seg
        lead = source[s:e].lstrip()[:1]
        if lead.isdigit():
            m = NUMBER_RE.match(source, s, e)
            lettered = False
        elif lead in "(•-–":
            m = None
            lettered = bool(LETTER_RE.match(source, s, e) or BULLET_RE.match(source, s, e))
        else:
            m = None
            lettered = False
        if (
            cur is not None
            and cur.segs
            and not (m or lettered or each_line)
            and _opens_paragraph(source, cur.segs[-1], seg)
        ):
            units.append(cur)
            cur = None
        if cur is not None and (m or lettered or each_line):
            units.append(cur)
            cur = None
        if cur is None:
            soft = pending_break and bool(units)
            cur = Unit(soft=soft, lettered=lettered)
            if m:
                cur.number = int(m.group(1))
                cur.head = (m.start(1), m.end(1) + 1)
                if m.end() < e:
                    cur.segs.append((m.end(), e))
            else:
                cur.segs.append(seg)
        elif pending_break:
            # A page break inside a unit without any blank line: a soft start.
            units.append(cur)
            cur = Unit(soft=True, lettered=lettered)
            cur.segs.append(seg)
        else:
            cur.segs.append(seg)
        pending_break = False
    if cur is not None:
        units.append(cur)
    return units


_CITY_WORDS = frozenset(["beijing", "kunming", "nanjing", "chongqing"])


def _opens_paragraph(source: str, prev: Seg, seg: Seg) -> bool:
    """A line that opens a preambular paragraph right after a line ending one
    (no blank line between them): ``...the right to food,`` / ``Recalling ...``."""
    before = source[prev[0] : prev[1]].rstrip()
    if not _END_PUNCT.search(before) or before.rstrip("0123456789 /[]”’\"')").endswith("."):
        return False
    line = source[seg[0] : seg[1]]
    word = _first_word(line)
    if not word[:1].isupper() or word.lower() in _CITY_WORDS or word.isupper():
        return False
    return is_preamble_word(word) or is_operative_word(_verb_word(line))


def _verb_word(text: str) -> str:
    """The verb a paragraph opens with, leading adverbs left out (``Deeply
    deplores`` -> ``deplores``)."""
    verb = opening_phrase(text)[1]
    return verb.split()[0] if verb else ""


def _text_of(source: str, unit: Unit) -> str:
    return " ".join(source[s:e].strip() for s, e in unit.segs if e > s)


def _first_word(text: str) -> str:
    m = _FIRST_WORD.match(text)
    return m.group(1) if m else ""


def _ends_clause(text: str) -> bool:
    return bool(_END_PUNCT.search(text.rstrip()))


def _continues(source: str, prev: Unit | None, unit: Unit, preamble: bool) -> bool:
    """Whether a soft unit continues the paragraph of ``prev``."""
    if prev is None:
        return False
    if unit.number is not None or unit.lettered:
        return False
    text = _text_of(source, unit)
    head = text.lstrip("“\"'")
    if not head[:1].isupper():
        return True
    if not _ends_clause(_text_of(source, prev)):
        return True
    if preamble:
        word = _first_word(text)
        return not (is_preamble_word(word) or is_operative_word(word))
    return False


def _merge_soft(source: str, units: Sequence[Unit]) -> list[Unit]:
    """Join each soft unit (after a page break) to the unit before when it goes
    on with the same sentence or paragraph."""
    out: list[Unit] = []
    for unit in units:
        if unit.soft and out and _continues(source, out[-1], unit, True):
            last = out[-1]
            out[-1] = Unit(last.segs + unit.segs, last.soft, last.number, last.lettered, last.head)
        else:
            out.append(unit)
    return out


def _heading_like(source: str, unit: Unit) -> bool:
    if unit.number is not None or unit.lettered:
        return False
    text = _text_of(source, unit)
    if len(text) > 300 or len(unit.segs) > 5 or _ends_clause(text):
        return False
    return bool(text[:1].isupper() or text[:1].isdigit())


def _heading(source: str, unit: Unit, nxt: Unit | None) -> bool:
    """A title line between paragraphs (``II``, ``A. General provisions``): short,
    without closing punctuation, and not continued by the unit after it."""
    if not _heading_like(source, unit):
        return False
    if nxt is None:
        return False  # a title heads something: the last unit is text cut short
    if nxt.number is not None or nxt.lettered:
        return True
    following = _text_of(source, nxt)
    word = _first_word(following)
    if not following.lstrip("“\"'‘")[:1].isupper():
        return False
    return is_preamble_word(word) or is_operative_word(word) or _heading_like(source, nxt)


def _opening_number(units: Sequence[Unit]) -> bool:
    return any(u.number == 1 for u in units)


def classify(source: str, units: Sequence[Unit]) -> list[Part]:
    """Preambular and operative paragraphs of the units between the opening and
    closing lines.

    Operative paragraphs keep their printed number; when the document prints
    none, the first unit opening with a present-tense verb starts the operative
    part and its paragraphs are numbered 1, 2, ... In a resolution made of
    sections (``I``, ``II`` ...) whose numbering starts again at 1, the numbers
    of later sections continue those of the earlier ones, so that every label is
    unique; preambular paragraphs are counted across sections. Headings (``II``,
    ``Calendar of conferences``) belong to no paragraph. When the resolution
    opens with ``Adopts the following ...:`` and the adopted text follows in the
    body (before the closing lines), that text belongs to operative paragraph 1.

    >>> from resgraph.loaders.segment import line_spans
    >>> src = "Noting the report,\\n\\nApproves the report.\\n\\nAlso decides to act."
    >>> units = split_units(src, [(s, False) for s in line_spans(src)])
    >>> [(p.kind, p.number) for p in classify(src, units)]
    [('preamble', 1), ('operative', 1), ('operative', 2)]
    """
    parts: list[Part] = []
    if not units:
        return parts
    first = _text_of(source, units[0])
    if (
        units[0].number is None
        and is_operative_word(_first_word(first))
        and first.rstrip().endswith(":")
        and len(units) > 1
        and not units[1].lettered
    ):
        # The adopted text follows in the body: it is part of the paragraph.
        segs = [seg for unit in units for seg in unit.segs]
        parts.append(Part("operative", 1, segs))
        return parts
    units = _merge_soft(source, units)
    numbered = _opening_number(units)
    mode = "preamble"
    last_printed = 0  # the last printed operative number of this section
    base = 0  # operative numbers of earlier sections (numbering restarts at 1)
    preamble_n = 0
    prev: Unit | None = None  # the last unit added to a paragraph
    prev_heading = False
    for ui, unit in enumerate(units):
        nxt = units[ui + 1] if ui + 1 < len(units) else None
        cur = parts[-1] if parts else None
        text = _text_of(source, unit)
        if unit.number is None and not any(ch.isalnum() for ch in text):
            continue  # a separator such as ``* * *``
        head = text.lstrip("“\"'‘")
        word = _first_word(text)
        opener = is_preamble_word(word) or is_operative_word(word)
        if (
            cur is not None
            and not prev_heading
            and unit.number is None
            and not unit.lettered
            and prev is not None
            and not _ends_clause(_text_of(source, prev))
            and (not head[:1].isupper() or not opener)
        ):
            # A blank line in the middle of a sentence.
            cur.segs.extend(unit.segs)
            prev = unit
            continue
        after_heading = prev_heading
        prev_heading = False
        if unit.number is not None and (
            unit.number == last_printed + 1
            or (unit.number == 1 and (mode == "preamble" or after_heading))
        ):
            if unit.number == 1 and last_printed:
                base += last_printed  # a new section numbers its paragraphs from 1
            mode = "operative"
            last_printed = unit.number
            parts.append(Part("operative", base + unit.number, list(unit.segs)))
            prev = unit
            continue
        if mode == "preamble":
            if cur is not None and text[:1] in "“\"‘'" and not unit.soft:
                # A quotation (``... on the question:`` / ``“What are ...”,``)
                # goes on with the paragraph that introduces it.
                cur.segs.extend(unit.segs)
            elif not numbered and is_operative_word(_verb_word(text)) and head[:1].isupper():
                mode = "operative"
                last_printed = 1
                parts.append(Part("operative", base + 1, list(unit.segs)))
            elif _heading(source, unit, nxt):
                prev_heading = True
                continue
            elif cur is None or (head[:1].isupper() and not unit.lettered):
                preamble_n += 1
                parts.append(Part("preamble", preamble_n, list(unit.segs)))
            else:
                cur.segs.extend(unit.segs)
        else:
            assert cur is not None
            if unit.lettered or not head[:1].isupper() or unit.number is not None:
                cur.segs.extend(unit.segs)
            elif _heading(source, unit, nxt):
                prev_heading = True
                continue
            elif not numbered and is_operative_word(_verb_word(text)):
                last_printed += 1
                parts.append(Part("operative", base + last_printed, list(unit.segs)))
            elif (
                numbered
                and after_heading
                and is_preamble_word(word)
                and _ends_clause(text)
                and not is_operative_word(word)
            ):
                # A new section with its own preamble (``II`` ... ``Recalling ...,``).
                mode = "preamble"
                preamble_n += 1
                parts.append(Part("preamble", preamble_n, list(unit.segs)))
            else:
                cur.segs.extend(unit.segs)
        prev = unit
    return parts


def annex_parts(source: str, units: Sequence[Unit]) -> list[Part]:
    """Annex paragraphs, numbered 1, 2, ... in reading order (printed numbers kept
    in the text).

    >>> from resgraph.loaders.segment import line_spans
    >>> src = "Annex\\n\\n1. We meet.\\n2. We go\\n\\non."
    >>> lines = [(s, False) for s in line_spans(src)]
    >>> [p.number for p in annex_parts(src, split_units(src, lines))]
    [1, 2, 3]
    """
    parts: list[Part] = []
    prev: Unit | None = None
    for unit in units:
        segs = list(unit.segs)
        if unit.head is not None:
            segs.insert(0, unit.head)  # the printed number stays in the text
        if not segs:
            continue
        lower = (
            unit.number is None
            and not unit.lettered
            and source[segs[0][0] : segs[0][1]].lstrip()[:1].islower()
        )
        if parts and ((unit.soft and _continues(source, prev, unit, False)) or lower):
            parts[-1].segs.extend(segs)
        else:
            parts.append(Part("annex", len(parts) + 1, segs))
        prev = unit
    return parts
