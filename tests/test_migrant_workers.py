"""Every corpus text that cites the migrant workers convention cites ``A/RES/45/158``.

The texts are found without the extractor: by the convention's name, by its
Treaty Series number ``39481`` and by ``45/158`` in the raw text (white space
folded). Each must then yield at least one reference that counts as citing
``A/RES/45/158`` (see :func:`resgraph.loaders.resolve.targets_of`), whichever
route the text takes: the name, ``Resolution 45/158, annex`` or ``United Nations,
Treaty Series, vol. 2220, No. 39481``.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from resgraph.loaders.resolve import extract, targets_of
from resgraph.registry import load_registry

CORPUS = Path(__file__).resolve().parent.parent.parent / "shared" / "corpus"
NAME = ("International Convention on the Protection of the Rights of All Migrant Workers and "
        "Members of Their Families")
_CLUES = (re.compile(re.escape(NAME).replace(r"\ ", r"\s+"), re.IGNORECASE),
          re.compile(r"(?<![\d.])39481(?!\d)"),
          re.compile(r"(?<![\d/])45/\s?158(?!\d)"))


def _texts_citing_cmw() -> list[Path]:
    if not CORPUS.is_dir():
        return []
    out = []
    for path in sorted(CORPUS.glob("*/*.txt")):
        raw = " ".join(path.read_text(encoding="utf-8", errors="replace").split())
        if any(c.search(raw) for c in _CLUES):
            out.append(path)
    return out


FILES = _texts_citing_cmw()


@pytest.mark.corpus
def test_the_corpus_cites_the_convention_in_many_texts() -> None:
    if not CORPUS.is_dir():
        pytest.skip("the shared corpus is absent")
    assert len(FILES) >= 10


@pytest.mark.corpus
@pytest.mark.parametrize("path", FILES, ids=[f"{p.parent.name}/{p.name}" for p in FILES])
def test_text_citing_the_convention_resolves_to_45_158(path: Path) -> None:
    documents = pytest.importorskip("resgraph.loaders.documents")
    registry = load_registry()
    doc = documents.load(path)
    refs = extract(doc, registry)
    routes = {r.target for r in refs if "A/RES/45/158" in targets_of(r, registry)}
    if doc.symbol == "A/RES/45/158":
        # The resolution that adopts the convention names it but does not cite itself.
        assert routes == set()
        assert any("A/RES/45/158" in targets_of(r, registry)
                   for r in extract(doc, registry, keep_self=True))
        return
    assert routes, f"{path.name}: no reference counts as citing A/RES/45/158"
    assert routes <= {"A/RES/45/158", "UNTS:39481", "instrument:cmw"}
