"""Frozen, slotted value types shared by every room of resgraph.

The flow is ``raw file -> Document -> [Citation] -> [Reference]``. Every piece
of text keeps its character offsets into the *source* text (the file as
decoded), so that any span can be shown in its original context.

>>> span = Span(10, 17)
>>> len(span)
7
>>> tm = TextMap.identity(5, 100)
>>> tm.to_source(2)
102
"""

from __future__ import annotations

import bisect
import datetime as _dt
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any

__all__ = [
    "Citation",
    "CitationType",
    "Document",
    "Footnote",
    "Marker",
    "Paragraph",
    "Reference",
    "Span",
    "TextMap",
]


@dataclass(frozen=True, slots=True, order=True)
class Span:
    """A half-open range ``[start, end)`` of character offsets in a source text.

    >>> Span(3, 8).slice("0123456789")
    '34567'
    """

    start: int
    end: int

    def __post_init__(self) -> None:
        if self.start < 0 or self.end < self.start:
            raise ValueError(f"invalid span [{self.start}, {self.end})")

    def __len__(self) -> int:
        return self.end - self.start

    def slice(self, text: str) -> str:
        """Return the characters of ``text`` covered by this span."""
        return text[self.start : self.end]

    def contains(self, offset: int) -> bool:
        """True when ``offset`` lies inside the span.

        >>> Span(3, 8).contains(3), Span(3, 8).contains(8)
        (True, False)
        """
        return self.start <= offset < self.end


@dataclass(frozen=True, slots=True)
class TextMap:
    """Maps offsets in a cleaned text back to offsets in its source text.

    The cleaned text is made of pieces; each piece starts at ``clean[i]`` in
    the cleaned text and ``source[i]`` in the source. A *verbatim* piece copies
    the source one character for one character; any other piece (a folded run of
    white space, a removed hyphen and line break) maps every one of its
    characters to the start of the source run it replaced.

    >>> tm = TextMap((0, 4), (10, 20), (True, True))
    >>> [tm.to_source(i) for i in range(6)]
    [10, 11, 12, 13, 20, 21]
    >>> tm.span_to_source(2, 6)
    Span(start=12, end=22)
    """

    clean: tuple[int, ...]
    source: tuple[int, ...]
    verbatim: tuple[bool, ...]

    @classmethod
    def identity(cls, length: int, source_start: int = 0) -> TextMap:
        """A map for text copied verbatim from ``source_start``."""
        del length
        return cls((0,), (source_start,), (True,))

    def to_source(self, offset: int) -> int:
        """Source offset of the cleaned-text character at ``offset``."""
        i = bisect.bisect_right(self.clean, offset) - 1
        i = max(i, 0)
        if self.verbatim[i]:
            return self.source[i] + (offset - self.clean[i])
        return self.source[i]

    def span_to_source(self, start: int, end: int) -> Span:
        """Source span of the cleaned-text range ``[start, end)``."""
        if end <= start:
            s = self.to_source(start)
            return Span(s, s)
        return Span(self.to_source(start), self.to_source(end - 1) + 1)

    def shifted(self, clean_offset: int) -> TextMap:
        """The map of the cleaned text that starts at ``clean_offset`` of this one.

        >>> TextMap((0,), (10,), (True,)).shifted(3).to_source(0)
        13
        """
        i = max(bisect.bisect_right(self.clean, clean_offset) - 1, 0)
        first = self.to_source(clean_offset)
        clean = (0, *(c - clean_offset for c in self.clean[i + 1 :]))
        source = (first, *self.source[i + 1 :])
        return TextMap(clean, source, self.verbatim[i:])


class TextBuilder:
    """Builds a cleaned text piece by piece, with its :class:`TextMap`.

    >>> b = TextBuilder("ab\\n  cd")
    >>> b.copy(0, 2); b.put(" ", 2); b.copy(5, 7)
    >>> text, tm = b.build()
    >>> text, tm.to_source(4)
    ('ab cd', 6)
    """

    __slots__ = ("_clean", "_length", "_parts", "_source", "_src", "_verbatim")

    def __init__(self, source: str) -> None:
        self._src = source
        self._parts: list[str] = []
        self._clean: list[int] = []
        self._source: list[int] = []
        self._verbatim: list[bool] = []
        self._length = 0

    def __len__(self) -> int:
        return self._length

    def copy(self, start: int, end: int) -> None:
        """Append ``source[start:end]`` verbatim."""
        if end <= start:
            return
        self._add(self._src[start:end], start, True)

    def put(self, text: str, source_offset: int) -> None:
        """Append ``text``, mapped to ``source_offset`` (a replacement)."""
        if text:
            self._add(text, source_offset, False)

    def _add(self, text: str, src: int, verbatim: bool) -> None:
        if (
            self._verbatim
            and verbatim
            and self._verbatim[-1]
            and self._source[-1] + (self._length - self._clean[-1]) == src
        ):
            # Extends the previous verbatim piece.
            pass
        else:
            self._clean.append(self._length)
            self._source.append(src)
            self._verbatim.append(verbatim)
        self._parts.append(text)
        self._length += len(text)

    def endswith_space(self) -> bool:
        """True when the text built so far is empty or ends with white space."""
        return not self._parts or self._parts[-1][-1:].isspace()

    def build(self) -> tuple[str, TextMap]:
        """The cleaned text and its map to the source."""
        if not self._clean:
            return "", TextMap((0,), (0,), (True,))
        return "".join(self._parts), TextMap(
            tuple(self._clean), tuple(self._source), tuple(self._verbatim)
        )


@dataclass(frozen=True, slots=True)
class Marker:
    """A footnote marker in the body: the number printed and where.

    ``paragraph`` is the label of the paragraph it stands in (``preamble 3``).
    """

    footnote: int
    span: Span
    paragraph: str


@dataclass(frozen=True, slots=True)
class Footnote:
    """A footnote: its number, cleaned text, source span and the markers that point to it."""

    number: int
    text: str
    span: Span
    textmap: TextMap = field(repr=False, compare=False)
    markers: tuple[Marker, ...] = ()

    @property
    def label(self) -> str:
        """``footnote N``."""
        return f"footnote {self.number}"


@dataclass(frozen=True, slots=True)
class Paragraph:
    """A numbered paragraph of a resolution.

    ``kind`` is ``header``, ``preamble``, ``operative`` or ``annex``; ``number``
    counts from 1 within its kind (operative paragraphs keep their printed
    number); ``phrase`` is the opening verb phrase as printed (``Recalling also``)
    and ``verb`` its lower-case normal form (``recalling``). ``text`` is the cleaned
    text (page furniture removed, white space folded, line-end hyphens joined) and
    ``textmap`` maps it back to ``span`` in the source.
    """

    kind: str
    number: int
    text: str
    span: Span
    textmap: TextMap = field(repr=False, compare=False)
    phrase: str | None = None
    verb: str | None = None
    markers: tuple[Marker, ...] = ()

    @property
    def label(self) -> str:
        """``preamble 3``, ``operative 9``, ``header``.

        >>> Paragraph("operative", 9, "Requests ...", Span(0, 12), TextMap.identity(12)).label
        'operative 9'
        """
        return "header" if self.kind == "header" else f"{self.kind} {self.number}"


@dataclass(frozen=True, slots=True)
class Document:
    """One UN text, loaded: metadata, paragraphs and footnotes.

    ``source`` is the whole decoded source text; every :class:`Span` indexes it.
    ``symbol`` is the canonical symbol (see :mod:`resgraph.symbols`), ``organ`` one
    of ``GA``, ``SC``, ``ECOSOC``, ``HRC`` (or None). ``complete`` is False for
    texts known to be partial.
    """

    file: str
    format: str
    source: str = field(repr=False)
    symbol: str | None
    organ: str | None
    title: str | None = None
    adopted: _dt.date | None = None
    session: str | None = None
    meeting: str | None = None
    agenda_item: str | None = None
    report: str | None = None
    complete: bool = True
    paragraphs: tuple[Paragraph, ...] = ()
    footnotes: tuple[Footnote, ...] = ()
    annex_span: Span | None = None
    checksum: str | None = None

    @property
    def preamble(self) -> tuple[Paragraph, ...]:
        """The preambular paragraphs."""
        return tuple(p for p in self.paragraphs if p.kind == "preamble")

    @property
    def operative(self) -> tuple[Paragraph, ...]:
        """The operative paragraphs."""
        return tuple(p for p in self.paragraphs if p.kind == "operative")

    def footnote(self, number: int) -> Footnote | None:
        """The footnote with this number, or None."""
        for fn in self.footnotes:
            if fn.number == number:
                return fn
        return None

    def paragraph(self, label: str) -> Paragraph | None:
        """The paragraph with this label (``preamble 3``), or None."""
        for p in self.paragraphs:
            if p.label == label:
                return p
        return None

    def to_dict(self) -> dict[str, Any]:
        """A JSON-ready dict with the fields scripts rely on (see ``resgraph parse``)."""
        return {
            "file": self.file,
            "format": self.format,
            "symbol": self.symbol,
            "organ": self.organ,
            "title": self.title,
            "adopted": self.adopted.isoformat() if self.adopted else None,
            "session": self.session,
            "meeting": self.meeting,
            "agenda_item": self.agenda_item,
            "report": self.report,
            "complete": self.complete,
            "paragraphs": [
                {
                    "kind": p.kind,
                    "number": p.number,
                    "label": p.label,
                    "phrase": p.phrase,
                    "verb": p.verb,
                    "text": p.text,
                    "start": p.span.start,
                    "end": p.span.end,
                }
                for p in self.paragraphs
            ],
            "footnotes": [
                {
                    "number": f.number,
                    "text": f.text,
                    "start": f.span.start,
                    "end": f.span.end,
                    "markers": [
                        {"paragraph": m.paragraph, "start": m.span.start, "end": m.span.end}
                        for m in f.markers
                    ],
                }
                for f in self.footnotes
            ],
        }


class CitationType(StrEnum):
    """What a citation points at."""

    RESOLUTION = "resolution"
    DECISION = "decision"
    DOCUMENT = "document"
    TREATY = "treaty"
    OFFICIAL_RECORDS = "official-records"
    INSTRUMENT = "instrument"
    CONFERENCE = "conference"
    OTHER = "other"


@dataclass(frozen=True, slots=True)
class Citation:
    """A mention found in a document, before resolution.

    ``key`` is the canonical key read from the mention itself (``A/RES/45/158``,
    ``UNTS:39481``, ``instrument:cmw``), or None when the mention alone does not
    say (``Ibid., annex II.``, a bare name). ``group`` ties the members of one list
    or range together. ``date`` is the ISO date printed with it, if any.
    """

    type: CitationType
    key: str | None
    text: str
    span: Span
    paragraph: str
    verb: str | None = None
    footnote: int | None = None
    group: int | None = None
    date: str | None = None
    pinpoint: str | None = None
    note: str | None = None


@dataclass(frozen=True, slots=True)
class Reference:
    """A resolved citation: the mention and the canonical target it points at.

    ``target`` is None when the citation could not be resolved; ``reason`` then
    says why. ``via`` records how it was resolved (``text``, ``footnote``,
    ``ibid``, ``registry``).
    """

    citation: Citation
    target: str | None
    via: str = "text"
    reason: str | None = None

    @property
    def type(self) -> CitationType:
        """The citation type."""
        return self.citation.type

    def to_dict(self) -> dict[str, Any]:
        """The JSON-ready form used by ``resgraph extract``."""
        c = self.citation
        return {
            "target": self.target,
            "type": str(c.type),
            "verb": c.verb,
            "paragraph": c.paragraph,
            "footnote": c.footnote,
            "start": c.span.start,
            "end": c.span.end,
            "text": c.text,
            "group": c.group,
            "date": c.date,
            "pinpoint": c.pinpoint,
            "via": self.via,
            "reason": self.reason,
        }

