"""Bad input: each gives one clear LoadError naming the file and the reason, and a
folder with bad files still loads the good ones."""

from __future__ import annotations

import io
import os
import time
from pathlib import Path

import pytest
from test_loaders import PDF_TEXT, SC

from resgraph.errors import LoadError, UnknownFormatError
from resgraph.loaders.documents import MAX_BYTES, load, load_many


def _pdf(objects: list[bytes], trailer: bytes = b"") -> bytes:
    """A minimal PDF file made of ``objects``."""
    out = io.BytesIO()
    out.write(b"%PDF-1.4\n")
    offsets = []
    for i, obj in enumerate(objects, 1):
        offsets.append(out.tell())
        out.write(b"%d 0 obj\n" % i + obj + b"\nendobj\n")
    xref = out.tell()
    out.write(b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1))
    for off in offsets:
        out.write(b"%010d 00000 n \n" % off)
    out.write(b"trailer\n<< /Size %d /Root 1 0 R " % (len(objects) + 1) + trailer)
    out.write(b">>\nstartxref\n%d\n%%%%EOF\n" % xref)
    return out.getvalue()


PAGES = [
    b"<< /Type /Catalog /Pages 2 0 R >>",
    b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
    b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] >>",
]


def _error(path: Path) -> LoadError:
    with pytest.raises(LoadError) as info:
        load(path)
    assert info.value.path == str(path)
    assert str(path) in str(info.value)
    return info.value


def test_empty_file(tmp_path: Path) -> None:
    path = tmp_path / "empty.txt"
    path.write_bytes(b"")
    assert _error(path).reason == "file is empty"
    path.write_bytes(b"  \n\n ")
    assert "empty" in _error(path).reason


def test_binary_file(tmp_path: Path) -> None:
    path = tmp_path / "image.txt"
    path.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)) * 8)
    assert "binary" in _error(path).reason


def test_pdf_without_text(tmp_path: Path) -> None:
    path = tmp_path / "scan.pdf"
    path.write_bytes(_pdf(PAGES))
    assert "no text layer" in _error(path).reason


def test_encrypted_pdf(tmp_path: Path) -> None:
    encrypt = (
        b"<< /Filter /Standard /V 1 /R 2 /O <28BF4E5E4E758A4164004E56FFFA01082E2E00B6D0683E802F0C"
        b"A9FE6453697A> /U <" + b"0" * 64 + b"> /P -44 >>"
    )
    file_id = b"<0123456789ABCDEF0123456789ABCDEF>"
    trailer = b"/Encrypt 4 0 R /ID [" + file_id + file_id + b"] "
    path = tmp_path / "locked.pdf"
    path.write_bytes(_pdf([*PAGES, encrypt], trailer))
    assert "encrypted" in _error(path).reason


def test_truncated_pdf(tmp_path: Path) -> None:
    data = _pdf(PAGES)
    path = tmp_path / "cut.pdf"
    path.write_bytes(data[: len(data) // 2])
    assert "truncated" in _error(path).reason


def test_damaged_pdf(tmp_path: Path) -> None:
    path = tmp_path / "damaged.pdf"
    path.write_bytes(b"%PDF-1.4\nthis is not a PDF at all\n%%EOF\n")
    assert "damaged" in _error(path).reason


def test_encodings(tmp_path: Path) -> None:
    text = SC.replace("Norway", "Norvège")
    for name, data in (
        ("utf8.txt", text.encode("utf-8")),
        ("bom.txt", b"\xef\xbb\xbf" + text.encode("utf-8")),
        ("cp1252.txt", text.encode("cp1252")),
        ("utf16.txt", text.encode("utf-16")),
    ):
        path = tmp_path / name
        path.write_bytes(data)
        doc = load(path)
        assert doc.symbol == "S/RES/446(1979)", name
        assert "Norvège" in doc.source, name
        assert not doc.source.startswith("\ufeff"), name


def test_garbage_bytes(tmp_path: Path) -> None:
    path = tmp_path / "garbage.txt"
    path.write_bytes(bytes(range(128, 256)) * 64)
    assert "undecodable" in _error(path).reason


def test_truncated_text_loads_incomplete(tmp_path: Path) -> None:
    path = tmp_path / "cut.txt"
    path.write_text(PDF_TEXT[: len(PDF_TEXT) * 2 // 3], encoding="utf-8")
    doc = load(path)
    assert doc.symbol == "A/RES/79/30"
    assert not doc.complete


def test_file_too_large_is_refused_without_reading(tmp_path: Path) -> None:
    path = tmp_path / "huge.txt"
    with path.open("wb") as handle:
        handle.truncate(50 * 1024 * 1024)  # a sparse 50 MB file
    assert os.path.getsize(path) > MAX_BYTES
    start = time.perf_counter()
    error = _error(path)
    assert time.perf_counter() - start < 1.0
    assert "too large" in error.reason
    assert "50.0 MB" in error.reason


@pytest.mark.parametrize(
    ("name", "content"),
    [
        ("data.json", '{"symbol": "A/RES/59/241", "title": "International migration"}\n'),
        ("table.csv", "file,symbol,body\nga/A_RES_78_1.txt,A/RES/78/1,General Assembly\n"),
        ("prose.txt", "It was a bright cold day in April, and the clocks struck thirteen.\n"),
    ],
)
def test_unknown_format(tmp_path: Path, name: str, content: str) -> None:
    path = tmp_path / name
    path.write_text(content, encoding="utf-8")
    with pytest.raises(UnknownFormatError) as info:
        load(path)
    assert str(path) in str(info.value)
    assert "unknown format" in info.value.reason


def test_missing_file_and_folder(tmp_path: Path) -> None:
    assert "no such file" in _error(tmp_path / "missing.txt").reason
    assert "folder" in _error(tmp_path).reason


def test_a_folder_with_bad_files(tmp_path: Path) -> None:
    (tmp_path / "good1.txt").write_text(PDF_TEXT, encoding="utf-8")
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / "good2.txt").write_text(SC, encoding="utf-8")
    (tmp_path / "empty.txt").write_bytes(b"")
    (tmp_path / "binary.txt").write_bytes(b"\x00\x01\x02" * 100)
    (tmp_path / "scan.pdf").write_bytes(_pdf(PAGES))
    (tmp_path / "prose.txt").write_text("Nothing to see here.\n", encoding="utf-8")
    result = load_many([tmp_path])
    assert sorted(Path(d.file).name for d in result.documents) == ["good1.txt", "good2.txt"]
    assert sorted(Path(e.path).name for e in result.errors) == [
        "binary.txt", "empty.txt", "prose.txt", "scan.pdf"
    ]
    assert not result.ok
