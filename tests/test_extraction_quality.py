"""Precision and recall of citation extraction on the hand-annotated texts.

Each ``tests/data/annotated/*.json`` file lists the citations a reader found in
one corpus text (format in ``tests/data/README.md``). The text is loaded with
the loaders, its citations extracted, and predictions in the header, preambular
and operative paragraphs (and in footnotes no marker points to) are matched to
the gold ones as multisets on ``(type, target, paragraph, footnote)``. Gold
instrument and conference targets are names: they are mapped to registry keys
with ``lookup_name``; a name the registry does not know counts as a miss.

Run ``pytest tests/test_extraction_quality.py -s`` to see the per-type table.
"""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest

from resgraph.models import CitationType
from resgraph.registry import Registry, load_registry

ROOT = Path(__file__).resolve().parent.parent
ANNOTATED = ROOT / "tests" / "data" / "annotated"
#: Texts annotated after the extractor was written, chosen at random: never tuned on.
HOLDOUT = ROOT / "tests" / "data" / "annotated_holdout"
CORPUS_DIRS = (ROOT / "tests" / "data" / "corpus", ROOT.parent / "shared" / "corpus")

#: Floors measured on the annotated set; raise them as the extraction improves, never lower.
FLOORS: dict[str, tuple[float, float]] = {
    # type: (precision, recall)
    "resolution": (0.98, 0.97),
    "decision": (0.98, 0.97),
    "document": (0.98, 0.97),
    "treaty": (0.98, 0.97),
    "official-records": (0.95, 0.97),
    # Named instruments and conferences depend on the registry's names and aliases.
    "instrument": (0.93, 0.75),
    "conference": (0.90, 0.35),
}

Key = tuple[str, str | None, str, int | None]
_KEPT_KINDS = ("header", "preamble", "operative", "footnote")


def corpus_file(name: str) -> Path | None:
    """The corpus copy of an annotated file, or None."""
    for d in CORPUS_DIRS:
        p = d / name
        if p.is_file():
            return p
    return None


def gold_keys(record: dict[str, Any], registry: Registry) -> list[Key]:
    """The gold citations of one annotated file as matching keys."""
    out: list[Key] = []
    for c in record["citations"]:
        target = c["target"]
        if c["type"] in ("instrument", "conference"):
            ent = registry.lookup_name(target)
            target = ent.target if ent is not None else f"unknown name: {target}"
        out.append((c["type"], target, c["paragraph"], c["footnote"]))
    return out


def predicted_keys(refs: Iterable[Any]) -> list[Key]:
    """The predicted citations as matching keys, annexes left out."""
    out: list[Key] = []
    for r in refs:
        c = r.citation
        if c.paragraph.split(" ")[0] not in _KEPT_KINDS:
            continue
        out.append((str(c.type), r.target, c.paragraph, c.footnote))
    return out


@dataclass
class Score:
    """Counts of one citation type."""

    tp: int = 0
    fp: int = 0
    fn: int = 0
    misses: list[tuple[str, Key]] = field(default_factory=list)
    extras: list[tuple[str, Key]] = field(default_factory=list)

    @property
    def precision(self) -> float:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 1.0

    @property
    def recall(self) -> float:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 1.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0


def score(gold: list[Key], pred: list[Key], name: str, scores: dict[str, Score]) -> None:
    """Add the multiset match of one file to ``scores``."""
    g, p = Counter(gold), Counter(pred)
    for key in set(g) | set(p):
        s = scores.setdefault(key[0], Score())
        both = min(g[key], p[key])
        s.tp += both
        if g[key] > both:
            s.fn += g[key] - both
            s.misses.extend([(name, key)] * (g[key] - both))
        if p[key] > both:
            s.fp += p[key] - both
            s.extras.extend([(name, key)] * (p[key] - both))


def table(scores: dict[str, Score]) -> str:
    """The per-type table."""
    lines = [f"{'type':<18}{'P':>7}{'R':>7}{'F1':>7}{'gold':>7}{'pred':>7}{'tp':>7}"]
    for t in [str(x) for x in CitationType]:
        s = scores.get(t)
        if s is None:
            continue
        lines.append(f"{t:<18}{s.precision:>7.3f}{s.recall:>7.3f}{s.f1:>7.3f}"
                     f"{s.tp + s.fn:>7}{s.tp + s.fp:>7}{s.tp:>7}")
    return "\n".join(lines)


def evaluate(folder: Path = ANNOTATED) -> tuple[dict[str, Score], int]:
    """Score every annotated file whose text is available; returns scores and file count."""
    from resgraph.loaders.documents import load  # noqa: PLC0415 - skipped when absent
    from resgraph.loaders.resolve import extract  # noqa: PLC0415

    registry = load_registry()
    scores: dict[str, Score] = {}
    n = 0
    for path in sorted(folder.glob("*.json")):
        record = json.loads(path.read_text(encoding="utf-8"))
        src = corpus_file(record["file"])
        if src is None:
            continue
        doc = load(str(src))
        refs = extract(doc, registry)
        score(gold_keys(record, registry), predicted_keys(refs), record["file"], scores)
        n += 1
    return scores, n


@pytest.fixture(scope="module")
def evaluation() -> tuple[dict[str, Score], int]:
    pytest.importorskip("resgraph.loaders.documents")
    if not any(ANNOTATED.glob("*.json")):
        pytest.skip("no annotated files")
    scores, n = evaluate()
    if n == 0:
        pytest.skip("the corpus texts of the annotated files are absent")
    print(f"\n{n} annotated files\n" + table(scores))
    return scores, n


def check_floors(scores: dict[str, Score], ctype: str,
                 floors: dict[str, tuple[float, float]]) -> None:
    """Assert the precision and recall floors of one type, listing misses and extras."""
    s = scores.get(ctype)
    if s is None:
        pytest.skip(f"no {ctype} citations in this set")
    p_floor, r_floor = floors[ctype]
    detail = "\n".join(f"  missed {k} in {f}" for f, k in s.misses[:15]) + "\n" + "\n".join(
        f"  extra {k} in {f}" for f, k in s.extras[:15])
    assert s.precision >= p_floor, f"{ctype} precision {s.precision:.3f}\n{detail}"
    assert s.recall >= r_floor, f"{ctype} recall {s.recall:.3f}\n{detail}"


@pytest.mark.corpus
@pytest.mark.parametrize("ctype", list(FLOORS))
def test_precision_and_recall_floors(evaluation: tuple[dict[str, Score], int],
                                     ctype: str) -> None:
    check_floors(evaluation[0], ctype, FLOORS)


def test_scoring_is_a_multiset_match() -> None:
    scores: dict[str, Score] = {}
    gold: list[Key] = [("resolution", "A/RES/1/1", "preamble 1", None)] * 2
    pred: list[Key] = [("resolution", "A/RES/1/1", "preamble 1", None),
                       ("resolution", "A/RES/2/2", "preamble 1", None)]
    score(gold, pred, "x", scores)
    s = scores["resolution"]
    assert (s.tp, s.fp, s.fn) == (1, 1, 1)
    assert s.precision == s.recall == 0.5


#: Floors on the held-out texts (chosen at random after the extractor was written).
HOLDOUT_FLOORS: dict[str, tuple[float, float]] = {
    "resolution": (0.97, 0.97),
    "document": (0.98, 0.97),
    "treaty": (0.98, 0.97),
    "official-records": (0.95, 0.97),
    "instrument": (0.85, 0.60),
    "conference": (0.75, 0.60),
}


@pytest.fixture(scope="module")
def holdout() -> tuple[dict[str, Score], int]:
    pytest.importorskip("resgraph.loaders.documents")
    scores, n = evaluate(HOLDOUT)
    if n == 0:
        pytest.skip("the corpus texts of the held-out files are absent")
    print(f"\n{n} held-out files\n" + table(scores))
    return scores, n


@pytest.mark.corpus
@pytest.mark.parametrize("ctype", list(HOLDOUT_FLOORS))
def test_held_out_precision_and_recall_floors(holdout: tuple[dict[str, Score], int],
                                              ctype: str) -> None:
    check_floors(holdout[0], ctype, HOLDOUT_FLOORS)
