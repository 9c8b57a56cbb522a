"""A store never keeps what older code found: a new code version reloads files."""

from __future__ import annotations

from pathlib import Path

import pytest

from resgraph.corpus import demo_corpus
from resgraph.graph import build as build_module
from resgraph.graph.store import EmbeddedStore


def test_build_reloads_when_the_code_changes(tmp_path: Path,
                                             monkeypatch: pytest.MonkeyPatch) -> None:
    source = demo_corpus() / "ods" / "A_RES_59_241.txt"
    store = EmbeddedStore.open(tmp_path / "store")
    try:
        first = build_module.build([source], store, progress=False)
        assert [f.status for f in first.files] == ["loaded"]
        again = build_module.build([source], store, progress=False)
        assert [f.status for f in again.files] == ["skipped"]
        monkeypatch.setattr(build_module, "build_version", lambda: "0.0.0+other-code")
        changed = build_module.build([source], store, progress=False)
        assert [f.status for f in changed.files] == ["loaded"]
        assert changed.registry == "loaded"
    finally:
        store.close()
