"""Build small :class:`~resgraph.models.Document` objects for citation tests.

Paragraph and footnote texts are written as they stand in a source file, with
two conveniences: ``{7}`` is a footnote marker printed as ``7`` in the source and
removed from the cleaned text (as the loaders do), and runs of white space
(line breaks included) are folded to one space in the cleaned text, with a
:class:`~resgraph.models.TextMap` back to the source.

>>> doc = make_doc(("preamble 1", "Recalling the Charter,{1} and A/79/\\n408,"),
...                footnotes=[(1, "Resolution 2625 (XXV), annex.")])
>>> p = doc.paragraphs[0]
>>> p.text, p.markers[0].footnote, doc.source[p.markers[0].span.start]
('Recalling the Charter, and A/79/ 408,', 1, '1')
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from resgraph.models import Document, Footnote, Marker, Paragraph, Span, TextBuilder

PAGE_BREAK = "\n\nA/RES/99/1\n24-00000\n2/3\n\n__________________\n"

_TOKEN = re.compile(r"\{(\d+)\}|\s+|[^{\s]+|\{")

ParagraphSpec = str | tuple[str, str] | tuple[str, str, str | None]


def _clean(raw: str, offset: int) -> tuple[str, str, list[tuple[int, Span]]]:
    """(source piece, cleaned text builder input) -> source, cleaned, markers."""
    source_parts: list[str] = []
    pos = offset
    spans: list[tuple[str, int, int, int | None]] = []  # kind, src start, src end, fn
    for m in _TOKEN.finditer(raw):
        tok = m.group()
        if m.group(1):
            num = m.group(1)
            spans.append(("marker", pos, pos + len(num), int(num)))
            source_parts.append(num)
            pos += len(num)
        elif tok.isspace():
            spans.append(("space", pos, pos + len(tok), None))
            source_parts.append(tok)
            pos += len(tok)
        else:
            spans.append(("copy", pos, pos + len(tok), None))
            source_parts.append(tok)
            pos += len(tok)
    return "".join(source_parts), "", [(fn, Span(s, e)) for k, s, e, fn in spans
                                       if k == "marker" and fn is not None]


def _build(source: str, start: int, raw: str) -> tuple[str, object, list[tuple[int, Span]]]:
    _, _, markers = _clean(raw, start)
    b = TextBuilder(source)
    pos = start
    for m in _TOKEN.finditer(raw):
        tok = m.group()
        if m.group(1):
            pos += len(m.group(1))
        elif tok.isspace():
            if len(b) and not b.endswith_space():
                b.put(" ", pos)
            pos += len(tok)
        else:
            b.copy(pos, pos + len(tok))
            pos += len(tok)
    text, tm = b.build()
    stripped = text.rstrip()
    return stripped, tm, markers


def _label(spec: ParagraphSpec, i: int) -> tuple[str, int, str, str | None]:
    if isinstance(spec, str):
        label, raw, verb = f"preamble {i + 1}", spec, None
    elif len(spec) == 2:
        label, raw = spec[0], spec[1]
        verb = None
    else:
        label, raw, verb = spec[0], spec[1], spec[2]
    if label == "header":
        return "header", 0, raw, None
    kind, _, num = label.partition(" ")
    if verb is None:
        first = re.match(r"[A-Za-z]+", raw)
        verb = first.group().lower() if first else None
    return kind, int(num), raw, verb


def make_doc(
    *paragraphs: ParagraphSpec,
    footnotes: Sequence[tuple[int, str]] = (),
    organ: str | None = "GA",
    symbol: str | None = "A/RES/99/1",
    page_break_before: Sequence[int] = (),
) -> Document:
    """A document with these paragraphs and footnotes.

    A paragraph is ``"text"`` (a preambular paragraph), ``(label, text)`` or
    ``(label, text, verb)``; the verb defaults to the first word, lower case.
    ``page_break_before`` lists footnote numbers printed on a new page (page
    furniture is put in the source before them).
    """
    specs = [_label(p, i) for i, p in enumerate(paragraphs)]
    pieces: list[str] = []
    offsets: list[int] = []
    pos = 0
    for _kind, _num, raw, _verb in specs:
        src, _, _ = _clean(raw, pos)
        offsets.append(pos)
        pieces.append(src + "\n\n")
        pos += len(src) + 2
    fn_offsets: list[int] = []
    for number, raw in footnotes:
        if number in page_break_before:
            pieces.append(PAGE_BREAK)
            pos += len(PAGE_BREAK)
        prefix = f"{number} "
        pieces.append(prefix)
        pos += len(prefix)
        src, _, _ = _clean(raw, pos)
        fn_offsets.append(pos)
        pieces.append(src + "\n")
        pos += len(src) + 1
    source = "".join(pieces)

    paras: list[Paragraph] = []
    all_markers: dict[int, list[Marker]] = {}
    for (kind, num, raw, verb), off in zip(specs, offsets, strict=True):
        text, tm, marks = _build(source, off, raw)
        label = "header" if kind == "header" else f"{kind} {num}"
        mk = tuple(Marker(fn, span, label) for fn, span in marks)
        for m in mk:
            all_markers.setdefault(m.footnote, []).append(m)
        src_len = len(_clean(raw, off)[0])
        paras.append(Paragraph(kind, num, text, Span(off, off + src_len), tm,  # type: ignore[arg-type]
                               phrase=None, verb=verb, markers=mk))
    notes: list[Footnote] = []
    for (number, raw), off in zip(footnotes, fn_offsets, strict=True):
        text, tm, _ = _build(source, off, raw)
        src_len = len(_clean(raw, off)[0])
        notes.append(Footnote(number, text, Span(off, off + src_len), tm,  # type: ignore[arg-type]
                              tuple(all_markers.get(number, ()))))
    return Document("test.txt", "text", source, symbol, organ,
                    paragraphs=tuple(paras), footnotes=tuple(notes))
