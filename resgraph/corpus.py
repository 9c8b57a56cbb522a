"""The demo corpus shipped with resgraph: locate it and unpack it once.

The repository ships ``corpus/demo.tar.xz`` (1,829 real UN texts with their
manifest and provenance). :func:`demo_corpus` unpacks it into a cache folder
the first time and returns that folder.

>>> archive_path().name
'demo.tar.xz'
"""

from __future__ import annotations

import csv
import hashlib
import os
import shutil
import tarfile
import tempfile
from dataclasses import dataclass
from pathlib import Path

from resgraph.errors import LoadError

__all__ = ["ManifestRow", "archive_path", "cache_dir", "demo_corpus", "read_manifest"]


def archive_path() -> Path:
    """Where the shipped demo archive is (``RESGRAPH_DEMO_ARCHIVE`` overrides it)."""
    env = os.environ.get("RESGRAPH_DEMO_ARCHIVE")
    if env:
        return Path(env)
    return Path(__file__).resolve().parent.parent / "corpus" / "demo.tar.xz"


def cache_dir() -> Path:
    """resgraph's cache folder: ``RESGRAPH_CACHE``, else ``$XDG_CACHE_HOME/resgraph``."""
    env = os.environ.get("RESGRAPH_CACHE")
    if env:
        return Path(env)
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "resgraph"


def _digest(path: Path) -> str:
    h = hashlib.sha256()
    with path.open("rb") as fh:
        for chunk in iter(lambda: fh.read(1 << 20), b""):
            h.update(chunk)
    return h.hexdigest()[:16]


def demo_corpus(target: Path | None = None) -> Path:
    """Unpack the demo archive (once per archive version) and return the folder.

    Unpacking goes to a temporary folder first and is renamed into place, so an
    interrupted run never leaves a half corpus behind.

    Raises:
        LoadError: the archive is missing or is not a valid ``tar.xz``.
    """
    archive = archive_path()
    if not archive.is_file():
        raise LoadError(str(archive), "demo corpus archive not found")
    root = target or cache_dir() / f"demo-{_digest(archive)}"
    if (root / "MANIFEST.csv").is_file():
        return root
    root.parent.mkdir(parents=True, exist_ok=True)
    tmp = Path(tempfile.mkdtemp(prefix=".unpack-", dir=root.parent))
    try:
        with tarfile.open(archive, "r:xz") as tar:
            tar.extractall(tmp, filter="data")
        if root.exists():
            shutil.rmtree(root)
        tmp.rename(root)
    except (tarfile.TarError, OSError, EOFError) as exc:
        shutil.rmtree(tmp, ignore_errors=True)
        raise LoadError(str(archive), f"cannot unpack the demo corpus: {exc}") from exc
    return root


@dataclass(frozen=True, slots=True)
class ManifestRow:
    """One line of a corpus ``MANIFEST.csv``."""

    file: str
    symbol: str
    body: str
    format: str
    complete: bool
    source: str


def read_manifest(corpus: Path) -> list[ManifestRow]:
    """The rows of ``corpus/MANIFEST.csv``.

    >>> rows = read_manifest(demo_corpus())
    >>> len(rows), rows[0].file
    (1829, 'ga/A_RES_78_1.txt')
    """
    with (corpus / "MANIFEST.csv").open(encoding="utf-8", newline="") as fh:
        return [
            ManifestRow(
                r["file"], r["symbol"], r["body"], r["format"],
                r["complete"].strip().lower() == "yes", r["source"],
            )
            for r in csv.DictReader(fh)
        ]
