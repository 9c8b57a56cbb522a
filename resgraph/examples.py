"""Small hand-made documents for examples, fixtures and benchmarks.

:class:`SourceBuilder` writes a source text paragraph by paragraph and footnote
by footnote, keeping the spans, markers and text maps the loaders would give.

>>> b = SourceBuilder("United Nations A/RES/1/1")
>>> _ = b.para("preamble", 1, "recalling", "Recalling the Convention,", marker=1)
>>> _ = b.footnote(1, "Resolution 45/158, annex.")
>>> p = b.paragraphs[0]
>>> p.label, p.markers[0].footnote, b.span("45/158")
('preamble 1', 1, Span(start=67, end=73))
"""

from __future__ import annotations

from typing import Self

from resgraph.models import Footnote, Marker, Paragraph, Span, TextMap

__all__ = ["SourceBuilder"]


class SourceBuilder:
    """Builds a source text with its paragraphs and footnotes, and finds quotes in it."""

    def __init__(self, header: str) -> None:
        self.source = header + "\n\n"
        self.paragraphs: list[Paragraph] = []
        self.footnotes: list[Footnote] = []
        self.markers: dict[int, Marker] = {}

    def para(self, kind: str, number: int, verb: str | None, text: str,
             marker: int | None = None) -> Self:
        """Add a paragraph; ``marker`` prints that footnote number at its end."""
        start = len(self.source)
        if marker is not None:
            text = f"{text}{marker}"
        self.source += text + "\n\n"
        span = Span(start, start + len(text))
        label = f"{kind} {number}"
        markers: tuple[Marker, ...] = ()
        if marker is not None:
            m = Marker(marker, Span(span.end - len(str(marker)), span.end), label)
            self.markers[marker] = m
            markers = (m,)
        self.paragraphs.append(Paragraph(
            kind, number, text, span, TextMap.identity(len(text), start),
            phrase=verb.capitalize() if verb else None, verb=verb, markers=markers))
        return self

    def footnote(self, number: int, text: str) -> Self:
        """Add footnote ``number``, linked to the marker printed for it."""
        line = f"{number} {text}"
        start = len(self.source)
        self.source += line + "\n"
        span = Span(start, start + len(line))
        marker = self.markers.get(number)
        tmap = TextMap.identity(len(text), start + len(str(number)) + 1)
        self.footnotes.append(Footnote(number, text, span, tmap, (marker,) if marker else ()))
        return self

    def span(self, quote: str, after: int = 0) -> Span:
        """The source span of the first ``quote`` at or after ``after``."""
        start = self.source.index(quote, after)
        return Span(start, start + len(quote))
