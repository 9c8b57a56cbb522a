"""Shared fixtures.

``corpus_dir`` is the shared corpus of real UN texts, ``<repo>/../shared/corpus``
(override with the ``RESGRAPH_CORPUS`` environment variable); tests that need
it are marked ``@pytest.mark.corpus`` and skip cleanly when it is absent.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent


def find_corpus() -> Path | None:
    """The shared corpus folder, or None when it is not there."""
    env = os.environ.get("RESGRAPH_CORPUS")
    candidates = [Path(env)] if env else []
    candidates.append(REPO.parent / "shared" / "corpus")
    for path in candidates:
        if (path / "MANIFEST.csv").is_file():
            return path.resolve()
    return None


@pytest.fixture(scope="session")
def corpus_dir() -> Path:
    """The shared corpus (``MANIFEST.csv`` and the ``ga/``, ``pdf/`` ... folders);
    skips the test when it is absent."""
    path = find_corpus()
    if path is None:
        pytest.skip("shared corpus not found (../shared/corpus or $RESGRAPH_CORPUS)")
    return path
