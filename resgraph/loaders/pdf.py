"""Text of an official PDF, laid out like the ``pdf-text`` files (``pdf``).

:func:`extract_text` is the one place that talks to the PDF library
(pypdfium2). It rebuilds lines from the position of the text on the page:

- text runs on the same visual line are joined (a raised footnote marker joins
  the line it belongs to), runs far apart (``United Nations`` ...
  ``A/RES/79/30``) become lines of their own;
- a vertical gap larger than the usual line spacing becomes a blank line
  (a line holding one space), as between paragraphs;
- pages are separated by an empty line, and the running head and foot of each
  page (symbol, running title, job number, ``2/8``) are put right after it;
  on the first page, the job number and bar code follow the masthead.

The text is then read by :func:`resgraph.loaders.pdftext.read_pdf_text`.
"""

from __future__ import annotations

import ctypes
import itertools
import re
import statistics
from dataclasses import dataclass

from resgraph.errors import LoadError

__all__ = ["extract_text", "pdf_problem"]


@dataclass(slots=True)
class _Run:
    text: str
    left: float
    right: float
    bottom: float
    top: float
    base: float  # the baseline (origin) of the first character
    #: digit runs of ``text``: (start, end, baseline, height); a raised and
    #: smaller one is a footnote marker
    digits: tuple[tuple[int, int, float, float], ...] = ()


def pdf_problem(data: bytes) -> str | None:
    """Why ``data`` cannot be a readable PDF, or None when it looks fine.

    >>> pdf_problem(b"%PDF-1.7 ... no end")
    'truncated PDF (no %%EOF marker)'
    >>> pdf_problem(b"hello")
    'not a PDF'
    """
    if not data.startswith(b"%PDF-"):
        return "not a PDF"
    if b"%%EOF" not in data[-2048:]:
        return "truncated PDF (no %%EOF marker)"
    return None


def extract_text(data: bytes, file: str = "<bytes>") -> tuple[str, list[tuple[int, int]]]:
    """The text of a PDF, one line per visual line, pages separated by an empty
    line; and the spans of raised digits (the footnote markers as printed).

    Raises :class:`~resgraph.errors.LoadError` for an encrypted, damaged or
    truncated PDF and for a PDF without a text layer (a scan).

    >>> extract_text(b"%PDF-1.4 truncated", "x.pdf")
    Traceback (most recent call last):
    ...
    resgraph.errors.LoadError: x.pdf: truncated PDF (no %%EOF marker)
    """
    problem = pdf_problem(data)
    if problem:
        raise LoadError(file, problem)
    import pypdfium2 as pdfium  # noqa: PLC0415 - imported only to read a PDF
    from pypdfium2 import raw  # noqa: PLC0415

    try:
        pdf = pdfium.PdfDocument(data)
    except pdfium.PdfiumError as exc:
        reason = str(exc)
        if "password" in reason.lower():
            raise LoadError(file, "encrypted PDF (a password is required)") from exc
        raise LoadError(file, f"damaged PDF ({reason})") from exc
    pages: list[str] = []
    supers: list[tuple[int, int]] = []
    chars = 0
    pos = 0
    try:
        loaded = []
        for index in range(len(pdf)):
            page = pdf[index]
            textpage = page.get_textpage()
            loaded.append((page, textpage, textpage.get_text_range()))
        lexicon = set(re.findall(r"[a-z]+", " ".join(t for _, _, t in loaded).lower()))
        for index, (page, textpage, page_text) in enumerate(loaded):
            height = page.get_size()[1]
            runs = _runs(textpage, page_text, raw, lexicon)
            chars += sum(len(r.text.strip()) for r in runs)
            text, raised = _layout(runs, height, first=index == 0)
            supers.extend((pos + s, pos + e) for s, e in raised)
            pages.append(text)
            pos += len(text) + 2
            textpage.close()
            page.close()
    finally:
        pdf.close()
    if chars == 0:
        raise LoadError(file, "PDF has no text layer (a scanned image?); it needs OCR first")
    return "\n\n".join(pages) + "\n", supers


def _runs(textpage: object, text: str, raw: object, lexicon: set[str]) -> list[_Run]:
    """Text runs of a page with their boxes; a run holding a wide gap is split."""
    tp = textpage.raw  # type: ignore[attr-defined]
    box = (ctypes.c_double(), ctypes.c_double(), ctypes.c_double(), ctypes.c_double())
    get_box = raw.FPDFText_GetCharBox  # type: ignore[attr-defined]
    get_origin = raw.FPDFText_GetCharOrigin  # type: ignore[attr-defined]

    def char_box(i: int) -> tuple[float, float, float, float]:
        get_box(tp, i, *box)  # left, right, bottom, top
        return box[0].value, box[1].value, box[2].value, box[3].value

    def baseline(i: int) -> float:
        get_origin(tp, i, box[0], box[1])
        return box[1].value

    # Spaces the library guessed inside a word (``Secre tariat``): a generated
    # space between two letters standing closer than a word gap is dropped
    # (marked NUL here, so that character indices stay those of the library).
    is_generated = raw.FPDFText_IsGenerated  # type: ignore[attr-defined]
    font_size = raw.FPDFText_GetFontSize  # type: ignore[attr-defined]
    chars = list(text)
    for m in _INNER_SPACE.finditer(text):
        k = m.start()
        if not is_generated(tp, k):
            continue
        gap = char_box(k + 1)[0] - char_box(k - 1)[1]
        size = max(font_size(tp, k - 1), font_size(tp, k + 1), 1.0)
        if text[k - 1] in "-‑" or text[k + 1] in "-‑":
            drop = gap < 0.45 * size
        else:
            # Only when the two halves make a word the document spells
            # elsewhere (``Secre tariat``, not ``belief that``).
            left = _WORD_END.search(text, 0, k)
            right = _WORD_START.match(text, k + 1)
            joined = (left.group(0) if left else "") + (right.group(0) if right else "")
            drop = gap < 0.3 * size and joined.lower() in lexicon
        if drop:
            chars[k] = "\x00"
    if "\x00" in chars:
        text = "".join(chars)

    runs: list[_Run] = []
    pos = 0
    n = len(text)
    while pos < n:
        end = text.find("\r\n", pos)
        if end < 0:
            end = n
        a, b = pos, end
        while a < b and text[a].isspace():
            a += 1
        while b > a and text[b - 1].isspace():
            b -= 1
        if b > a:
            l1, _r1, b1, t1 = char_box(a)
            _l2, r2, b2, t2 = char_box(b - 1)
            height = min(t1 - b1, t2 - b2)
            count = b - a
            if count > 3 and r2 - l1 > count * max(height, 4.0) * 0.9:
                runs.extend(_split_run(text, a, b, char_box, baseline))
            else:
                runs.append(
                    _Run(text[a:b].replace("\x00", ""), l1, r2, min(b1, b2), max(t1, t2),
                         baseline(a), _digits(text, a, b, baseline, char_box))
                )
        pos = end + 2
    return runs


_DIGITS = re.compile(r"\d+")
_WORD_END = re.compile(r"[A-Za-z]+$")
_WORD_START = re.compile(r"[A-Za-z]+")
_INNER_SPACE = re.compile(r"(?<=[A-Za-z\-‑]) (?=[a-z\-‑])")


def _digits(
    text: str, a: int, b: int, baseline: object, char_box: object
) -> tuple[tuple[int, int, float, float], ...]:
    """Digit runs of ``text[a:b]`` (offsets from ``a``, NUL marks not counted) with
    their baselines and heights."""
    out = []
    for m in _DIGITS.finditer(text, a, b):
        skipped = text.count("\x00", a, m.start())
        start = m.start() - a - skipped
        first = baseline(m.start())  # type: ignore[operator]
        box = char_box(m.start())  # type: ignore[operator]
        cut = m.end()
        if m.end() - m.start() > 1:
            # ``59/3009``: a raised marker glued to the digits before it.
            for k in range(m.start() + 1, m.end()):
                if baseline(k) - first > 1.5:  # type: ignore[operator]
                    cut = k
                    break
        if cut < m.end():
            out.append((start, start + cut - m.start(), first, box[3] - box[2]))
            sbox = char_box(cut)  # type: ignore[operator]
            raised = baseline(cut)  # type: ignore[operator]
            out.append(
                (start + cut - m.start(), start + m.end() - m.start(), raised, sbox[3] - sbox[2])
            )
        else:
            out.append((start, start + m.end() - m.start(), first, box[3] - box[2]))
    return tuple(out)


def _split_run(
    text: str, a: int, b: int, char_box: object, baseline: object
) -> list[_Run]:
    """Split ``text[a:b]`` where two characters stand far apart."""
    get = char_box  # a callable returning (left, right, bottom, top)
    boxes = [get(i) for i in range(a, b)]  # type: ignore[operator]
    heights = [t - bt for _, _, bt, t in boxes if t > bt]
    h = statistics.median(heights) if heights else 8.0
    out: list[_Run] = []
    start = 0
    last_right = None
    for k, (left, right, _, _) in enumerate(boxes):
        ch = text[a + k]
        if ch.isspace():
            continue
        if last_right is not None and left - last_right > 2.5 * h:
            out.append(_make_run(text, a + start, a + k, boxes[start:k], baseline, get))
            start = k
        last_right = right
    out.append(_make_run(text, a + start, b, boxes[start:], baseline, get))
    return [r for r in out if r.text]


def _make_run(  # noqa: PLR0917 - the pieces of one text run
    text: str,
    a: int,
    b: int,
    boxes: list[tuple[float, float, float, float]],
    baseline: object,
    char_box: object,
) -> _Run:
    piece = text[a:b].strip().replace("\x00", "")
    first = a + (len(text[a:b]) - len(text[a:b].lstrip()))
    last = first + len(piece)
    real = [bx for bx, ch in zip(boxes, text[a:b], strict=False) if not ch.isspace()] or boxes
    return _Run(
        piece,
        min(x[0] for x in real),
        max(x[1] for x in real),
        min(x[2] for x in real),
        max(x[3] for x in real),
        baseline(first),  # type: ignore[operator]
        _digits(text, first, last, baseline, char_box),
    )


def _layout(
    runs: list[_Run], height: float, first: bool
) -> tuple[str, list[tuple[int, int]]]:
    """Lines of a page, top to bottom, with blank lines for paragraph gaps, and
    the spans of raised digits (footnote markers) in that text."""
    # Visual lines: runs whose vertical ranges overlap.
    runs = sorted(runs, key=lambda r: -r.top)
    lines: list[list[_Run]] = []
    for run in runs:
        h = max(run.top - run.bottom, 0.5)
        placed = False
        for line in lines[-3:]:
            lb = min(r.bottom for r in line)
            lt = max(r.top for r in line)
            overlap = min(lt, run.top) - max(lb, run.bottom)
            if overlap >= 0.4 * min(h, max(lt - lb, 0.5)):
                line.append(run)
                placed = True
                break
        if not placed:
            lines.append([run])
    rows: list[tuple[float, float, str, tuple[tuple[int, int], ...]]] = []
    for line in lines:
        line.sort(key=lambda r: r.left)
        base = max(line, key=lambda r: r.top - r.bottom)
        h = max(base.top - base.bottom, 1.0)
        parts: list[list[_Run]] = [[line[0]]]
        for run in line[1:]:
            gap = run.left - parts[-1][-1].right
            if gap > 2.5 * h:
                parts.append([run])
            else:
                parts[-1].append(run)
        for part in parts:
            text = ""
            raised: list[tuple[int, int]] = []
            tallest = max(part, key=lambda r: r.top - r.bottom)
            prev: _Run | None = None
            for run in part:
                if prev is not None:
                    gap = run.left - prev.right
                    hyphen = run.text[:1] in "-‑" or prev.text[-1:] in "-‑"
                    if gap > 0.25 * h and not hyphen and not text.endswith(" "):
                        text += " "
                offset = len(text)
                for ds, de, y, dh in run.digits:
                    if y - tallest.base > 1.5 and dh < 0.85 * h:
                        raised.append((offset + ds, offset + de))
                text += run.text
                prev = run
            text = text.replace("\x02", "-").replace("\ufffe", "-")
            rows.append((tallest.base, max(r.top for r in part), text, tuple(raised)))
    head = [r for r in rows if r[0] > height - 70]
    foot = [r for r in rows if r[1] < 60]
    body = [r for r in rows if r not in head and r not in foot]
    out: list[str] = []
    if first:
        # The job number and bar code (page foot) follow the masthead.
        at = 0
        for i, (_, _, text, _) in enumerate(body[:12]):
            if text.startswith("Distr"):
                at = i + 1
                if i + 1 < len(body[:12]) and any(ch.isdigit() for ch in body[i + 1][2]):
                    at = i + 2
                break
        ordered = head + body[:at] + foot + body[at:]
        body_rows = ordered
    else:
        body_rows = head + foot + body
    pitches = [
        a[0] - b[0]
        for a, b in itertools.pairwise(body)
        if 0 < a[0] - b[0] < 20
    ]
    pitch = statistics.median(pitches) if pitches else 12.0
    prev_row: tuple[float, float, str, tuple[tuple[int, int], ...]] | None = None
    supers: list[tuple[int, int]] = []
    pos = 0
    for row in body_rows:
        if (
            prev_row is not None
            and prev_row in body
            and row in body
            and prev_row[0] - row[0] > 1.3 * pitch
        ):
            out.append(" ")
            pos += 2
        out.append(row[2])
        supers.extend((pos + s, pos + e) for s, e in row[3])
        pos += len(row[2]) + 1
        prev_row = row
    return "\n".join(out), supers
