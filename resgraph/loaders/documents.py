"""Raw UN texts -> :class:`~resgraph.models.Document`: one entry point, formats
detected by content.

Five formats are read, each by a reader in :data:`FORMATS`:

========== ==============================================================
``ods``    plain-text export of the Official Document System
``pdf-text`` text extracted from the official PDF (page furniture inside)
``pdf``    the official PDF itself (text extracted with pypdfium2)
``sc``     hand-corrected Security Council texts
``web``    copies taken from web pages, often partial
========== ==============================================================

>>> doc = parse_text(SAMPLE)
>>> doc.format, doc.symbol, doc.adopted.isoformat(), doc.meeting
('pdf-text', 'A/RES/78/1', '2023-09-29', '15th plenary meeting')
>>> [p.label for p in doc.paragraphs]
['header', 'preamble 1', 'operative 1']
>>> doc.paragraph("preamble 1").text
'Recalling the Charter of the United Nations,'
>>> doc.footnotes[0].markers[0].paragraph
'preamble 1'

Errors: every problem with an input is a :class:`~resgraph.errors.LoadError`
naming the file and the reason (empty, binary, undecodable, too large, a PDF
without text, encrypted or truncated); a text whose format is none of the above
raises :class:`~resgraph.errors.UnknownFormatError`.
"""

from __future__ import annotations

import re
import sys
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path

from resgraph.errors import LoadError, UnknownFormatError
from resgraph.loaders.ods import looks_like_ods, read_ods
from resgraph.loaders.pdftext import looks_like_pdf_text, read_pdf_text
from resgraph.loaders.sc import looks_like_sc, read_sc
from resgraph.loaders.segment import Skeleton, build_document
from resgraph.loaders.web import read_web
from resgraph.models import Document

__all__ = [
    "FORMATS",
    "MAX_BYTES",
    "SUFFIXES",
    "Format",
    "LoadResult",
    "decode",
    "detect_format",
    "expand_paths",
    "load",
    "load_bytes",
    "load_many",
    "parse_text",
]

#: Files larger than this are refused without being read (20 MB; the largest
#: resolution of the corpus is under 1 MB).
MAX_BYTES = 20 * 1024 * 1024

#: File name endings read when a folder is given.
SUFFIXES = (".txt", ".text", ".pdf")

SAMPLE = (
    "United Nations \nA/RES/78/1\n \nGeneral Assembly \nDistr.: General \n16 October 2023 \n"
    " \n23-20100 (E) \n*2320100* \n \nSeventy-eighth session \nAgenda item 13 \n \n"
    " Resolution adopted by the General Assembly \non 29 September 2023 \n \n"
    "[without reference to a Main Committee (A/78/L.1)] \n \n78/1. Test \n \n"
    "The General Assembly, \n \nRecalling the Charter of the United Nations,1 \n \n"
    "1. \nDecides to act. \n \n15th plenary meeting \n29 September 2023 \n"
    "__________________ \n \n1  Charter of the United Nations. \n"
)


@dataclass(frozen=True, slots=True)
class Format:
    """A readable format: its name, how to recognize it and how to read it.

    ``detect`` tells from the decoded text whether the format is this one (None
    for ``pdf``, recognized from its bytes); ``read`` cuts a text into a
    :class:`~resgraph.loaders.segment.Skeleton`.
    """

    name: str
    description: str
    detect: Callable[[str], bool] | None
    read: Callable[[str, str], Skeleton] | None


_OPENING_ANYWHERE = re.compile(
    r"The\s+(?:General\s+Assembly|Security\s+Council|Economic\s+and\s+Social\s+Council|"
    r"Human\s+Rights\s+Council)\s*[,.:]?"
)
_SYMBOL_ANYWHERE = re.compile(r"\b(?:A|S|E)/(?:HRC/)?(?:RES|C\.\d)/\S+")
_OPENER_WORDS = re.compile(
    r"(?:^|[,;.]\s*|\n\s*)(?:\d{1,3}\.\s*)?(?:Also\s+|Further\s+)?(?:Recalling|Reaffirming|Noting|"
    r"Welcoming|Recognizing|Bearing\s+in\s+mind|Having|Taking|Convinced|Concerned|Aware|Mindful|"
    r"Guided|Considering|Emphasizing|Stressing|Expressing|Requests|Decides|Calls|Urges|Invites|"
    r"Notes|Welcomes|Takes\s+note|Approves|Adopts|Encourages|Affirms|Reaffirms|Recommends|"
    r"Condemns|Demands|Endorses)\b"
)


def looks_like_web(text: str) -> bool:
    """True when ``text`` has the structure of a resolution: the opening line or a
    resolution symbol, and paragraphs that open with the usual verbs.

    >>> looks_like_web("The General Assembly, Recalling its resolution, Decides to act.")
    True
    >>> looks_like_web('{"symbol": "A/RES/1/1"}'), looks_like_web("Once upon a time, Noting...")
    (False, False)
    """
    head = text.lstrip()[:1]
    if head in "{[" and head:
        return False
    first = text.split("\n", 1)[0]
    if first.count(",") >= 3 and "\n" in text:
        second = text.split("\n", 2)[1]
        if second.count(",") == first.count(","):
            return False  # a CSV table
    opening = _OPENING_ANYWHERE.search(text) is not None
    if not (opening or _SYMBOL_ANYWHERE.search(text[:3000])):
        return False
    return len(_OPENER_WORDS.findall(text[:20000])) >= (1 if opening else 2)


FORMATS: dict[str, Format] = {
    f.name: f
    for f in (
        Format("ods", "plain-text export of the UN Official Document System", looks_like_ods,
               read_ods),
        Format("pdf-text", "text extracted from the official PDF", looks_like_pdf_text,
               read_pdf_text),
        Format("pdf", "the official PDF (text layer read with pypdfium2)", None, None),
        Format("sc", "hand-corrected Security Council text", looks_like_sc, read_sc),
        Format("web", "copy taken from a web page", looks_like_web, read_web),
    )
}


def detect_format(text: str, file: str = "<string>") -> str:
    """The name of the format of a decoded text, tried in the order of :data:`FORMATS`.

    >>> detect_format(SAMPLE)
    'pdf-text'
    >>> detect_format("Resolution 446 (1979)\\nof 22 March 1979\\n\\nThe Security Council,\\n")
    'sc'
    >>> detect_format("name,age\\nann,3\\n", "x.csv")
    Traceback (most recent call last):
    ...
    resgraph.errors.UnknownFormatError: x.csv: unknown format: no resolution structure found \
(opening line, symbol or numbered paragraphs)
    """
    for fmt in FORMATS.values():
        if fmt.detect is not None and fmt.detect(text):
            return fmt.name
    raise UnknownFormatError(
        file,
        "unknown format: no resolution structure found (opening line, symbol or numbered "
        "paragraphs)",
    )


def parse_text(text: str, file: str = "<string>", format: str | None = None) -> Document:
    """Read a decoded text into a :class:`~resgraph.models.Document`.

    ``format`` is one of :data:`FORMATS` (``pdf`` excepted: a PDF is read from
    bytes with :func:`load`); when None it is detected from the text.

    >>> parse_text("Resolution 446 (1979)\\nof 22 March 1979\\n\\nThe Security Council,\\n\\n"
    ...            "1. Determines that the policy has no legal validity;\\n").symbol
    'S/RES/446(1979)'
    >>> parse_text("text", format="xml")  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    resgraph.errors.UnknownFormatError: <string>: unknown format 'xml' (known: ods, pdf-text, ...)
    """
    if format is None:
        format = detect_format(text, file)
    fmt = FORMATS.get(format)
    if fmt is None:
        raise UnknownFormatError(
            file, f"unknown format {format!r} (known: {', '.join(FORMATS)})"
        )
    if fmt.read is None:
        raise LoadError(file, f"format {format!r} is read from bytes: use load()")
    if not text.strip():
        raise LoadError(file, "file is empty")
    skeleton = fmt.read(text, file)
    return build_document(text, file, fmt.name, skeleton)


def decode(data: bytes, file: str = "<bytes>") -> str:
    """Decode the bytes of a text file: UTF-8, UTF-8 with a byte-order mark, UTF-16
    with a byte-order mark, else cp1252 when the result reads as text.

    >>> decode("Résolution".encode("cp1252"))
    'Résolution'
    >>> decode(b"\\xef\\xbb\\xbfText")
    'Text'
    >>> decode(bytes(range(128, 256)) * 4, "junk.txt")
    Traceback (most recent call last):
    ...
    resgraph.errors.LoadError: junk.txt: undecodable text: not UTF-8, and as cp1252 it is not text
    """
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    elif data.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            return data.decode("utf-16")
        except UnicodeDecodeError as exc:
            raise LoadError(file, f"undecodable UTF-16 text ({exc.reason})") from exc
    if b"\x00" in data[:8192]:
        raise LoadError(file, "binary file (not text)")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    text = data.decode("cp1252", errors="replace")
    if not _reads_as_text(text):
        raise LoadError(file, "undecodable text: not UTF-8, and as cp1252 it is not text")
    return text


def _reads_as_text(text: str) -> bool:
    """Mostly ASCII letters, digits, punctuation and white space, few control or
    replacement characters: a cp1252 text rather than random bytes."""
    if not text:
        return True
    sample = text[:65536]
    plain = sum(1 for ch in sample if ch.isascii() and (ch.isprintable() or ch in "\t\n\r\f"))
    bad = sum(1 for ch in sample if ch == "\ufffd" or (ord(ch) < 32 and ch not in "\t\n\r\f"))
    return plain / len(sample) >= 0.9 and bad / len(sample) < 0.005


def _read_bytes(path: Path) -> bytes:
    file = str(path)
    try:
        size = path.stat().st_size
    except FileNotFoundError as exc:
        raise LoadError(file, "no such file") from exc
    except OSError as exc:
        raise LoadError(file, f"cannot read: {exc.strerror or exc}") from exc
    if path.is_dir():
        raise LoadError(file, "is a folder (use load_many to read a folder)")
    if size > MAX_BYTES:
        raise LoadError(
            file,
            f"file too large: {size / 2**20:.1f} MB, the limit is {MAX_BYTES / 2**20:.0f} MB "
            "(resgraph.loaders.documents.MAX_BYTES)",
        )
    if size == 0:
        raise LoadError(file, "file is empty")
    try:
        with path.open("rb") as handle:
            data = handle.read(MAX_BYTES + 1)
    except OSError as exc:
        raise LoadError(file, f"cannot read: {exc.strerror or exc}") from exc
    if len(data) > MAX_BYTES:
        raise LoadError(file, f"file too large: over {MAX_BYTES / 2**20:.0f} MB")
    return data


def load(path: str | Path, format: str | None = None) -> Document:
    """Read one file (text or PDF) into a :class:`~resgraph.models.Document`.

    The format is detected from the content unless ``format`` is given.
    Raises :class:`~resgraph.errors.LoadError` naming the file and the reason.

    >>> load("/no/such/file.txt")
    Traceback (most recent call last):
    ...
    resgraph.errors.LoadError: /no/such/file.txt: no such file
    """
    path = Path(path)
    return load_bytes(_read_bytes(path), str(path), format)


def load_bytes(data: bytes, file: str = "<bytes>", format: str | None = None) -> Document:
    """Read the bytes of a file (text or PDF) into a :class:`~resgraph.models.Document`;
    ``file`` names it in the document and in errors.

    >>> load_bytes(SAMPLE.encode("utf-8"), "sample.txt").symbol
    'A/RES/78/1'
    >>> load_bytes(b"", "empty.txt")
    Traceback (most recent call last):
    ...
    resgraph.errors.LoadError: empty.txt: file is empty
    """
    if len(data) > MAX_BYTES:
        raise LoadError(file, f"file too large: over {MAX_BYTES / 2**20:.0f} MB")
    if not data:
        raise LoadError(file, "file is empty")
    if data.startswith(b"%PDF-") or format == "pdf":
        return _load_pdf(data, file)
    if data.lstrip()[:5] == b"%PDF-":
        return _load_pdf(data.lstrip(), file)
    text = decode(data, file)
    if not text.strip():
        raise LoadError(file, "file is empty (only white space)")
    return parse_text(text, file, format)


def _load_pdf(data: bytes, file: str) -> Document:
    from resgraph.loaders.pdf import extract_text  # noqa: PLC0415 - pypdfium2 only when needed

    text, raised = extract_text(data, file)
    skeleton = read_pdf_text(text, file)
    skeleton.explicit_markers = [(s, e, int(text[s:e])) for s, e in raised]
    return build_document(text, file, "pdf", skeleton)


@dataclass(slots=True)
class LoadResult:
    """What :func:`load_many` read: the documents, and one error per bad file."""

    documents: list[Document] = field(default_factory=list)
    errors: list[LoadError] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        """True when every file loaded.

        >>> LoadResult().ok
        True
        """
        return not self.errors


def expand_paths(paths: str | Path | Iterable[str | Path]) -> list[Path]:
    """Files named by ``paths``: files as given, folders searched recursively for
    files ending in :data:`SUFFIXES` (hidden ones skipped), in sorted order.

    >>> expand_paths([])
    []
    """
    if isinstance(paths, (str, Path)):
        paths = [paths]
    out: list[Path] = []
    for p in paths:
        path = Path(p)
        if path.is_dir():
            found = [
                f
                for f in path.rglob("*")
                if f.is_file()
                and f.suffix.lower() in SUFFIXES
                and not any(part.startswith(".") for part in f.relative_to(path).parts)
            ]
            out.extend(sorted(found))
        else:
            out.append(path)
    return out


def load_many(
    paths: str | Path | Iterable[str | Path], progress: bool = False
) -> LoadResult:
    """Read files and folders; one bad file never stops the batch.

    Every failure becomes a :class:`~resgraph.errors.LoadError` in
    ``LoadResult.errors`` (an unexpected failure of a reader too, with its
    reason); ``progress`` shows a bar on standard error.

    >>> result = load_many(["/no/such/file.txt"])
    >>> len(result.documents), str(result.errors[0])
    (0, '/no/such/file.txt: no such file')
    """
    files = expand_paths(paths)
    result = LoadResult()
    iterator: Iterable[Path] = files
    if progress:
        from tqdm import tqdm  # noqa: PLC0415

        iterator = tqdm(files, desc="loading", unit="file", file=sys.stderr)
    for path in iterator:
        try:
            result.documents.append(load(path))
        except LoadError as exc:
            result.errors.append(exc)
        except Exception as exc:  # a reader's failure must not stop the batch
            reason = f"cannot be read ({type(exc).__name__}: {exc})"
            result.errors.append(LoadError(str(path), reason))
    return result
