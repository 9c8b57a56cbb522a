#!/usr/bin/env python3
"""Benchmark PDF text extraction libraries on the official PDFs of the shared corpus.

Every PDF in ``<corpus>/pdf/`` that has a text twin in ``<corpus>/ga/`` (same
stem, ``.txt``) is extracted with each selected library. The page texts are
joined with ``"\\n"``, which is how the ``ga/`` texts were put together, so a
library that reproduces ``ga/`` exactly scores as identical.

Three tables are printed:

1. speed and fidelity: documents/s, pages/s, MB/s, median seconds per PDF
   (open + extract + close, after one untimed warm-up call; wall clock, or
   with ``--clock cpu`` the CPU time of the process and its children, which
   holds steadier when other work shares the machine), byte-identical
   outputs, outputs identical once whitespace is folded, word-sequence
   similarity to the twin (median, minimum) and bag-of-words F1;
2. layout against ``ga/``: documents whose rule lines (``______``) and
   stand-alone page-number lines (``2/5``) are as many as in the twin, footnotes
   printed as ``N text`` on one line, the share of footnote words and of
   running-head words that come in the twin's reading order, footnote markers
   split from (``Nations, 1``) or glued to (``Nations,1``) the word before where
   the twin has them the other way, and, when the ``resgraph`` package is
   importable, documents whose ``resgraph.loaders.pdftext`` reading (symbol,
   title, dates, paragraphs, footnote numbers) equals the reading of the twin;
3. behaviour on bad input: a one-page PDF without a text layer, the first
   10 KB of a real PDF, and a file that is not a PDF.

Similarity is the difflib ratio on whitespace-separated words
(2 * matched words / total words), aligned first on words that occur once in
each text (patience anchoring) so that the long resolutions stay fast; on this
corpus it equals plain ``difflib.SequenceMatcher(autojunk=False).ratio()`` on
most documents and is never more than 0.04 away from it.

Each library gets ``--budget`` seconds of extraction (45 by default, which keeps
a run with the default libraries to a few minutes on two cores); the slow ones
then cover only part of the corpus, in a fixed shuffled order, and their row
says how many PDFs were done. ``--budget 0`` extracts every PDF with every
library.

Libraries: pymupdf, pypdfium2, pypdf, pdfminer.six, pdfplumber and poppler's
``pdftotext`` command (reference only), plus option variants ``NAME:VARIANT``.
A library that is not installed is skipped with a message.

Usage::

    python benchmarks/bench_pdf.py
    python benchmarks/bench_pdf.py --libraries pymupdf pypdfium2 --budget 0
    python benchmarks/bench_pdf.py --libraries all --limit 20
"""

from __future__ import annotations

import argparse
import bisect
import contextlib
import difflib
import importlib
import io
import logging
import random
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
import warnings
from collections import Counter
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from importlib import metadata
from pathlib import Path
from types import ModuleType

resource: ModuleType | None
try:
    import resource
except ImportError:  # not on Unix
    resource = None

PROJECT_ROOT = Path(__file__).resolve().parent.parent
DEFAULT_CORPUS = (PROJECT_ROOT / ".." / "shared" / "corpus").resolve()

# --------------------------------------------------------------------------
# Extractors: each returns the list of page texts of one PDF.
# --------------------------------------------------------------------------

Extract = Callable[[Path], list[str]]


@dataclass
class Extractor:
    name: str
    package: str  # distribution name(s), "|"-separated, for the version
    call: str  # the extraction call, as printed in the report
    setup: Callable[[], Extract]  # imports the library; raises ImportError if missing
    default: bool = True


def _split_formfeed(text: str) -> list[str]:
    parts = text.split("\f")
    if parts and parts[-1] == "":
        parts.pop()
    return parts


def _pymupdf(**kwargs: object) -> Callable[[], Extract]:
    def setup() -> Extract:
        pymupdf = importlib.import_module("pymupdf")

        with contextlib.suppress(Exception):
            pymupdf.TOOLS.mupdf_display_errors(False)
            pymupdf.TOOLS.mupdf_display_warnings(False)

        def extract(path: Path) -> list[str]:
            with pymupdf.open(path) as doc:
                return [page.get_text(**kwargs) for page in doc]

        return extract

    return setup


def _pypdfium2(bounded: bool = False) -> Callable[[], Extract]:
    def setup() -> Extract:
        pdfium = importlib.import_module("pypdfium2")

        def extract(path: Path) -> list[str]:
            doc = pdfium.PdfDocument(path)
            try:
                pages = []
                for i in range(len(doc)):
                    page = doc[i]
                    textpage = page.get_textpage()
                    text = textpage.get_text_bounded() if bounded else textpage.get_text_range()
                    textpage.close()
                    page.close()
                    pages.append(text.replace("\r\n", "\n"))
                return pages
            finally:
                doc.close()

        return extract

    return setup


def _pypdf(**kwargs: object) -> Callable[[], Extract]:
    def setup() -> Extract:
        pypdf = importlib.import_module("pypdf")

        def extract(path: Path) -> list[str]:
            reader = pypdf.PdfReader(path)
            return [page.extract_text(**kwargs) for page in reader.pages]

        return extract

    return setup


def _pdfminer() -> Extract:
    extract_text = importlib.import_module("pdfminer.high_level").extract_text

    def extract(path: Path) -> list[str]:
        return _split_formfeed(extract_text(path))

    return extract


def _pdfplumber(**kwargs: object) -> Callable[[], Extract]:
    def setup() -> Extract:
        pdfplumber = importlib.import_module("pdfplumber")

        def extract(path: Path) -> list[str]:
            with pdfplumber.open(path) as pdf:
                return [page.extract_text(**kwargs) or "" for page in pdf.pages]

        return extract

    return setup


class PdftotextError(Exception):
    """pdftotext exited with a non-zero status."""


def _pdftotext(*options: str) -> Callable[[], Extract]:
    def setup() -> Extract:
        exe = shutil.which("pdftotext")
        if exe is None:
            raise ImportError("pdftotext not found on PATH (Debian: apt-get install poppler-utils)")

        def extract(path: Path) -> list[str]:
            proc = subprocess.run(
                [exe, *options, "-enc", "UTF-8", str(path), "-"], capture_output=True, check=False
            )
            if proc.returncode != 0:
                msg = proc.stderr.decode("utf-8", "replace").strip().splitlines()
                raise PdftotextError(f"exit {proc.returncode}: {msg[-1] if msg else ''}")
            return _split_formfeed(proc.stdout.decode("utf-8"))

        return extract

    return setup


EXTRACTORS: list[Extractor] = [
    Extractor(
        "pymupdf",
        "pymupdf|pymupdf-lite",
        '"\\n".join(page.get_text() for page in pymupdf.open(path))',
        _pymupdf(),
    ),
    Extractor(
        "pypdfium2", "pypdfium2", "page.get_textpage().get_text_range(), CRLF -> LF", _pypdfium2()
    ),
    Extractor("pypdf", "pypdf", "page.extract_text() for page in PdfReader(path).pages", _pypdf()),
    Extractor("pdfminer.six", "pdfminer.six", "pdfminer.high_level.extract_text(path)", _pdfminer),
    Extractor(
        "pdfplumber",
        "pdfplumber",
        "page.extract_text() for page in pdfplumber.open(path).pages",
        _pdfplumber(),
    ),
    Extractor("pdftotext", "poppler-utils", "pdftotext -enc UTF-8 file -", _pdftotext()),
    Extractor(
        "pymupdf:sort",
        "pymupdf|pymupdf-lite",
        "page.get_text(sort=True)",
        _pymupdf(sort=True),
        False,
    ),
    Extractor(
        "pypdfium2:bounded",
        "pypdfium2",
        "textpage.get_text_bounded()",
        _pypdfium2(bounded=True),
        False,
    ),
    Extractor(
        "pypdf:layout",
        "pypdf",
        'page.extract_text(extraction_mode="layout")',
        _pypdf(extraction_mode="layout"),
        False,
    ),
    Extractor(
        "pdfplumber:layout",
        "pdfplumber",
        "page.extract_text(layout=True)",
        _pdfplumber(layout=True),
        False,
    ),
    Extractor("pdftotext:raw", "poppler-utils", "pdftotext -raw", _pdftotext("-raw"), False),
    Extractor(
        "pdftotext:layout", "poppler-utils", "pdftotext -layout", _pdftotext("-layout"), False
    ),
]
BY_NAME = {e.name: e for e in EXTRACTORS}


def version_of(ex: Extractor) -> str:
    if ex.package == "poppler-utils":
        exe = shutil.which("pdftotext")
        if exe is None:
            return "?"
        proc = subprocess.run([exe, "-v"], capture_output=True, text=True, check=False)
        m = re.search(r"version\s+(\S+)", proc.stdout + proc.stderr)
        return m.group(1) if m else "?"
    for dist in ex.package.split("|"):
        try:
            return metadata.version(dist)
        except metadata.PackageNotFoundError:
            continue
    return "?"


@contextlib.contextmanager
def quiet() -> Iterator[None]:
    """Silence the warnings and log lines some libraries print on odd input."""
    previous = logging.root.manager.disable
    logging.disable(logging.CRITICAL)
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            with contextlib.redirect_stderr(io.StringIO()):
                yield
    finally:
        logging.disable(previous)


# --------------------------------------------------------------------------
# Comparison with the ga/ twin
# --------------------------------------------------------------------------

RULE_LINE = re.compile(r"[ \t]*_{5,}[ \t]*")
PAGE_LINE = re.compile(r"[ \t]*\d{1,3}/\d{1,3}[ \t]*")
HEAD_LINE = re.compile(  # symbol, job number, page number or bar code alone on a line
    r"[ \t]*(?:[AES]/RES/[\w./-]+|\d{2}-\d{5}(?:[ \t]*\(E\))?(?:[ \t]+\d{6})?"
    r"|\d{1,3}/\d{1,3}|\*\d{6,}\*)[ \t]*"
)
NOTE_START = re.compile(r"[ \t]*(\d{1,3})[ \t]+(\S+[ \t]+\S+)")
MARKER = re.compile(r"\d{1,3}")


def matching_blocks(a: Sequence[str], b: Sequence[str]) -> list[tuple[int, int, int]]:
    """Matching blocks (i, j, size) of two word lists: words unique in both lists
    are chained in order (longest increasing run), difflib aligns the gaps."""
    ca, cb = Counter(a), Counter(b)
    pos_b = {w: j for j, w in enumerate(b) if cb[w] == 1}
    pairs = [(i, pos_b[w]) for i, w in enumerate(a) if ca[w] == 1 and w in pos_b]
    tails: list[int] = []
    tail_k: list[int] = []
    prev = [-1] * len(pairs)
    for k, (_, j) in enumerate(pairs):
        t = bisect.bisect_left(tails, j)
        if t == len(tails):
            tails.append(j)
            tail_k.append(k)
        else:
            tails[t] = j
            tail_k[t] = k
        prev[k] = tail_k[t - 1] if t else -1
    chain: list[tuple[int, int]] = []
    k = tail_k[-1] if tail_k else -1
    while k >= 0:
        chain.append(pairs[k])
        k = prev[k]
    chain.reverse()
    blocks: list[tuple[int, int, int]] = []
    i0 = j0 = 0
    for i, j in [*chain, (len(a), len(b))]:
        if i > i0 and j > j0:
            sm = difflib.SequenceMatcher(None, a[i0:i], b[j0:j], autojunk=False)
            blocks.extend((i0 + x, j0 + y, n) for x, y, n in sm.get_matching_blocks() if n)
        if i < len(a):
            blocks.append((i, j, 1))
        i0, j0 = i + 1, j + 1
    return blocks


def token_f1(a: Sequence[str], b: Sequence[str]) -> float:
    if not a and not b:
        return 1.0
    common = sum((Counter(a) & Counter(b)).values())
    if not common:
        return 0.0
    p, r = common / len(b), common / len(a)
    return 2 * p * r / (p + r)


@dataclass
class Twin:
    """The ga/ text with its words tagged by region."""

    raw: bytes
    text: str
    words: list[str]
    note_mask: list[bool]  # word lies in a footnote area (rule to page end)
    head_mask: list[bool]  # word lies on a running-head line
    notes: list[tuple[str, str]]  # (number, first two words) of each footnote line
    counts: tuple[int, int]  # rule lines, page-number lines
    reading: object = None


def line_counts(text: str) -> tuple[int, int]:
    lines = text.split("\n")
    return (
        sum(1 for s in lines if RULE_LINE.fullmatch(s)),
        sum(1 for s in lines if PAGE_LINE.fullmatch(s)),
    )


def load_twin(path: Path) -> Twin:
    raw = path.read_bytes()
    text = raw.decode("utf-8")
    words: list[str] = []
    note_mask: list[bool] = []
    head_mask: list[bool] = []
    notes: list[tuple[str, str]] = []
    in_notes = False
    for line in text.split("\n"):
        if line == "":  # pages are joined by an empty line; blank lines inside a page are " "
            in_notes = False
        elif RULE_LINE.fullmatch(line):
            in_notes = True
        elif in_notes:
            m = NOTE_START.match(line)
            if m:
                notes.append((m.group(1), m.group(2)))
        head = bool(HEAD_LINE.fullmatch(line))
        for w in line.split():
            words.append(w)
            note_mask.append(in_notes)
            head_mask.append(head)
    return Twin(raw, text, words, note_mask, head_mask, notes, line_counts(text))


def resgraph_reader() -> Callable[[str], object] | None:
    """A function giving the resgraph reading of a pdf-text, or None."""
    try:
        mod = importlib.import_module("resgraph.loaders.pdftext")
    except ImportError:
        if str(PROJECT_ROOT) in sys.path:
            return None
        sys.path.insert(0, str(PROJECT_ROOT))
        try:
            mod = importlib.import_module("resgraph.loaders.pdftext")
        except ImportError:
            return None

    def reading(text: str) -> object:
        try:
            sk = mod.read_pdf_text(text)
        except Exception as exc:  # a reader failure is a disagreement, not a crash
            return ("error", type(exc).__name__)
        return (
            sk.symbol,
            sk.title,
            sk.adopted,
            sk.meeting,
            sk.agenda_item,
            sk.report,
            tuple((p.kind, p.number) for p in sk.parts),
            tuple(n.number for n in sk.footnotes),
        )

    return reading


def cpu_clock() -> float:
    """CPU seconds of this process and of its finished children (pdftotext)."""
    if resource is None:  # not on Unix
        return time.process_time()
    children = resource.getrusage(resource.RUSAGE_CHILDREN)
    return time.process_time() + float(children.ru_utime + children.ru_stime)


@dataclass
class DocResult:
    seconds: float  # by the clock chosen with --clock
    wall: float
    cpu: float
    pages: int
    size: int
    identical: bool
    folded_identical: bool
    similarity: float
    f1: float
    rules_ok: bool
    pages_ok: bool
    notes_total: int
    notes_intact: int
    note_words: int
    note_words_kept: int
    head_words: int
    head_words_kept: int
    markers_split: int
    markers_glued: int
    reader_ok: bool | None


def compare(text: str, twin: Twin, reading: Callable[[str], object] | None) -> dict[str, object]:
    words = text.split()
    blocks = matching_blocks(twin.words, words)
    kept = [False] * len(twin.words)
    for i, _, n in blocks:
        for k in range(i, i + n):
            kept[k] = True
    matched = sum(n for _, _, n in blocks)
    total = len(twin.words) + len(words)
    split = glued = 0
    i0 = j0 = 0
    for i, j, n in [*blocks, (len(twin.words), len(words), 0)]:
        ga_gap, lib_gap = twin.words[i0:i], words[j0:j]
        if ga_gap and lib_gap and "".join(ga_gap) == "".join(lib_gap):
            if len(lib_gap) > len(ga_gap) and any(MARKER.fullmatch(w) for w in lib_gap):
                split += 1
            elif len(lib_gap) < len(ga_gap) and any(MARKER.fullmatch(w) for w in ga_gap):
                glued += 1
        i0, j0 = i + n, j + n
    intact = sum(
        1
        for num, start in twin.notes
        if re.search(
            r"(?m)^[ \t]*" + num + r"[ \t]+" + r"\s+".join(map(re.escape, start.split())), text
        )
    )
    rules, page_lines = line_counts(text)
    reader_ok = None
    if reading is not None:
        if twin.reading is None:
            twin.reading = reading(twin.text)
        reader_ok = reading(text) == twin.reading
    return {
        "identical": text.encode("utf-8") == twin.raw,
        "folded_identical": words == twin.words,
        "similarity": 2 * matched / total if total else 1.0,
        "f1": token_f1(twin.words, words),
        "rules_ok": rules == twin.counts[0],
        "pages_ok": page_lines == twin.counts[1],
        "notes_total": len(twin.notes),
        "notes_intact": intact,
        "note_words": sum(twin.note_mask),
        "note_words_kept": sum(1 for k, m in zip(kept, twin.note_mask, strict=True) if k and m),
        "head_words": sum(twin.head_mask),
        "head_words_kept": sum(1 for k, m in zip(kept, twin.head_mask, strict=True) if k and m),
        "markers_split": split,
        "markers_glued": glued,
        "reader_ok": reader_ok,
    }


# --------------------------------------------------------------------------
# Bad input
# --------------------------------------------------------------------------


def blank_pdf() -> bytes:
    """A valid one-page PDF with no content stream, hence no text layer."""
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << >> >>",
    ]
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, 1):
        offsets.append(len(out))
        out += b"%d 0 obj\n%s\nendobj\n" % (number, body)
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    for offset in offsets:
        out += b"%010d 00000 n \n" % offset
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (
        len(objects) + 1,
        xref,
    )
    return bytes(out)


def exception_name(exc: BaseException) -> str:
    cls = type(exc)
    top = sys.modules.get(cls.__module__.split(".")[0])
    name = f"{cls.__module__}.{cls.__qualname__}"
    if top is not None and getattr(top, cls.__name__, None) is cls:
        name = f"{top.__name__}.{cls.__name__}"
    if cls.__module__ == "__main__":
        name = cls.__name__
    builtin = next((c for c in cls.__mro__[1:] if c.__module__ == "builtins"), None)
    if builtin is not None and builtin not in (Exception, BaseException):
        name += f" ({builtin.__name__})"
    return name


def probe(extract: Extract, path: Path, full_chars: int | None) -> str:
    try:
        with quiet():
            pages = extract(path)
    except Exception as exc:
        return "raises " + exception_name(exc)
    chars = len("".join(pages).strip())
    text = f"no error: {len(pages)} p., {chars} chars"
    if full_chars:
        text += f" (full file: {full_chars})"
    return text


# --------------------------------------------------------------------------
# Running and printing
# --------------------------------------------------------------------------


@dataclass
class Run:
    ex: Extractor
    version: str
    docs: list[DocResult] = field(default_factory=list)
    planned: int = 0
    failures: list[str] = field(default_factory=list)
    extract: Extract | None = None


def table(headers: list[str], rows: list[list[str]], right: set[int] | None = None) -> str:
    right = right if right is not None else set(range(1, len(headers)))
    widths = [max(len(str(r[c])) for r in [headers, *rows]) for c in range(len(headers))]

    def fmt(row: list[str]) -> str:
        cells = [
            str(v).rjust(w) if c in right else str(v).ljust(w)
            for c, (v, w) in enumerate(zip(row, widths, strict=True))
        ]
        return "  ".join(cells).rstrip()

    lines = [fmt(headers), "  ".join("-" * w for w in widths)]
    lines.extend(fmt(r) for r in rows)
    return "\n".join(lines)


def select(names: Sequence[str]) -> list[Extractor]:
    wanted: list[str] = []
    for item in names:
        wanted.extend(x for x in re.split(r"[,\s]+", item) if x)
    if not wanted:
        return [e for e in EXTRACTORS if e.default]
    if "all" in wanted:
        return list(EXTRACTORS)
    chosen = []
    for name in wanted:
        if name not in BY_NAME:
            raise SystemExit(f"unknown library {name!r}; choose from: all, {', '.join(BY_NAME)}")
        if BY_NAME[name] not in chosen:
            chosen.append(BY_NAME[name])
    return chosen


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description="Speed and fidelity of PDF text extraction libraries on the shared corpus."
    )
    parser.add_argument(
        "--corpus",
        type=Path,
        default=DEFAULT_CORPUS,
        help="corpus folder holding pdf/ and ga/ "
        "(default: <project>/../shared/corpus = %(default)s)",
    )
    parser.add_argument(
        "--libraries",
        nargs="*",
        default=[],
        metavar="NAME",
        help="libraries to run, space or comma separated; 'all' adds the option variants "
        f"(default: {', '.join(e.name for e in EXTRACTORS if e.default)}; "
        f"variants: {', '.join(e.name for e in EXTRACTORS if not e.default)})",
    )
    parser.add_argument(
        "--limit", type=int, default=0, help="use only the first N twinned PDFs (0: all)"
    )
    parser.add_argument(
        "--budget",
        type=float,
        default=45.0,
        help="seconds of extraction per library; PDFs past it are left out and the row says "
        "how many "
        "were done (0: no limit; default: %(default)s)",
    )
    parser.add_argument(
        "--clock",
        choices=("wall", "cpu"),
        default="wall",
        help="clock for the rates and the median: wall time, or CPU time of the process and its "
        "children, steadier on a busy machine (default: %(default)s)",
    )
    parser.add_argument(
        "--no-bad-input", action="store_true", help="skip the table of bad-input behaviour"
    )
    args = parser.parse_args(argv)

    corpus: Path = args.corpus.resolve()
    pdf_dir, ga_dir = corpus / "pdf", corpus / "ga"
    if not pdf_dir.is_dir() or not ga_dir.is_dir():
        print(f"corpus folder {corpus} has no pdf/ and ga/ folders", file=sys.stderr)
        return 2
    pdfs = [p for p in sorted(pdf_dir.glob("*.pdf")) if (ga_dir / (p.stem + ".txt")).is_file()]
    if not pdfs:
        print(f"no PDF in {pdf_dir} has a twin in {ga_dir}", file=sys.stderr)
        return 2
    # A fixed shuffle, so that a run cut short by --budget or --limit is still a
    # sample of all three sessions.
    random.Random(0).shuffle(pdfs)
    if args.limit > 0:
        pdfs = pdfs[: args.limit]
    twins = {p.stem: load_twin(ga_dir / (p.stem + ".txt")) for p in pdfs}
    sizes = {p.stem: p.stat().st_size for p in pdfs}
    reading = resgraph_reader()
    warm = min(pdfs, key=lambda p: sizes[p.stem])

    print(
        f"corpus: {corpus}  ({len(pdfs)} PDFs with a ga/ twin, {sum(sizes.values()) / 1e6:.1f} MB)"
    )
    print(
        f"python {sys.version.split()[0]}; clock: {args.clock}; "
        f"resgraph reader: {'yes' if reading else 'not importable'}"
    )
    print()

    runs: list[Run] = []
    for ex in select(args.libraries):
        try:
            with quiet():
                extract = ex.setup()
        except ImportError as exc:
            print(f"skipping {ex.name}: not installed ({exc})", file=sys.stderr)
            continue
        run = Run(ex, version_of(ex), planned=len(pdfs), extract=extract)
        runs.append(run)
        print(f"running {ex.name} {run.version} ...", file=sys.stderr, flush=True)
        with quiet(), contextlib.suppress(Exception):
            extract(warm)  # untimed warm-up: imports, font tables, caches
        spent = 0.0
        for pdf in pdfs:
            if args.budget and spent >= args.budget:
                break
            try:
                with quiet():
                    c0, t0 = cpu_clock(), time.perf_counter()
                    pages = extract(pdf)
                    wall, cpu = time.perf_counter() - t0, cpu_clock() - c0
            except Exception as exc:
                run.failures.append(f"{pdf.name}: {exception_name(exc)}")
                continue
            dt = cpu if args.clock == "cpu" else wall
            spent += wall
            text = "\n".join(pages)
            found = compare(text, twins[pdf.stem], reading)
            run.docs.append(DocResult(dt, wall, cpu, len(pages), sizes[pdf.stem], **found))  # type: ignore[arg-type]

    if not runs:
        print("no library to run", file=sys.stderr)
        return 1

    def pct(num: int, den: int) -> str:
        return f"{100 * num / den:.1f}%" if den else "-"

    rows = []
    for run in runs:
        d = run.docs
        if not d:
            rows.append([run.ex.name, run.version, f"0/{run.planned}"] + ["-"] * 13)
            continue
        secs = sum(x.seconds for x in d)
        sims = [x.similarity for x in d]
        f1s = [x.f1 for x in d]
        rows.append(
            [
                run.ex.name,
                run.version,
                f"{len(d)}/{run.planned}",
                str(sum(x.pages for x in d)),
                f"{sum(x.wall for x in d):.2f}",
                f"{sum(x.cpu for x in d):.2f}",
                f"{statistics.median(x.seconds for x in d):.4f}",
                f"{len(d) / secs:.1f}",
                f"{sum(x.pages for x in d) / secs:.1f}",
                f"{sum(x.size for x in d) / 1e6 / secs:.2f}",
                str(sum(x.identical for x in d)),
                str(sum(x.folded_identical for x in d)),
                f"{statistics.median(sims):.4f}",
                f"{min(sims):.4f}",
                f"{statistics.median(f1s):.4f}",
                f"{min(f1s):.4f}",
            ]
        )
    print(f"1. Speed (rates and median by {args.clock} clock) and fidelity to the ga/ twins")
    print(
        table(
            [
                "library",
                "version",
                "docs",
                "pages",
                "wall s",
                "cpu s",
                "median s",
                "docs/s",
                "pages/s",
                "MB/s",
                "identical",
                "ws-ident",
                "sim med",
                "sim min",
                "F1 med",
                "F1 min",
            ],
            rows,
            right=set(range(2, 16)),
        )
    )
    print()

    rows = []
    for run in runs:
        d = run.docs
        if not d:
            continue
        reader = sum(bool(x.reader_ok) for x in d) if reading else None
        rows.append(
            [
                run.ex.name,
                f"{sum(x.rules_ok for x in d)}/{len(d)}",
                f"{sum(x.pages_ok for x in d)}/{len(d)}",
                f"{sum(x.notes_intact for x in d)}/{sum(x.notes_total for x in d)}",
                pct(sum(x.note_words_kept for x in d), sum(x.note_words for x in d)),
                pct(sum(x.head_words_kept for x in d), sum(x.head_words for x in d)),
                str(sum(x.markers_split for x in d)),
                str(sum(x.markers_glued for x in d)),
                f"{reader}/{len(d)}" if reader is not None else "-",
            ]
        )
    print("2. Layout against the ga/ twins")
    print(
        table(
            [
                "library",
                "rule lines",
                "page-no lines",
                "'N text' notes",
                "notes in order",
                "heads in order",
                "markers split",
                "markers glued",
                "resgraph reading",
            ],
            rows,
        )
    )
    print(
        "   rule / page-no lines: documents with as many '____' and '2/5' lines as the twin;\n"
        "   notes/heads in order: share of the twin's footnote / running-head words aligned\n"
        "   in the twin's order;\n"
        "   markers split/glued: footnote markers spaced where the twin glues them, or glued\n"
        "   where the twin spaces them."
    )
    for run in runs:
        for failure in run.failures:
            print(f"   {run.ex.name} failed on {failure}")
    print()

    if not args.no_bad_input:
        rows = []
        with tempfile.TemporaryDirectory() as tmp:
            source = min(pdfs, key=lambda p: p.name)
            blank = Path(tmp) / "blank.pdf"
            blank.write_bytes(blank_pdf())
            cut = Path(tmp) / "truncated.pdf"
            cut.write_bytes(source.read_bytes()[:10240])
            junk = Path(tmp) / "not-a.pdf"
            junk.write_bytes(b"This is not a PDF file.\n" * 20)
            for run in runs:
                assert run.extract is not None
                try:
                    with quiet():
                        full = len("".join(run.extract(source)).strip())
                except Exception:
                    full = None
                rows.append(
                    [
                        run.ex.name,
                        probe(run.extract, blank, None),
                        probe(run.extract, cut, full),
                        probe(run.extract, junk, None),
                    ]
                )
        print(f"3. Bad input (truncated: first 10 KB of {source.name})")
        print(
            table(
                ["library", "blank page, no text layer", "truncated PDF", "not a PDF"],
                rows,
                right=set(),
            )
        )
        print()

    print("calls:")
    for run in runs:
        print(f"   {run.ex.name}: {run.ex.call}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
