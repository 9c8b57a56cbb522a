"""Garbage in, an answer out: fuzzing and stress tests of find and resolve.

Every input gives a list of references (or a clear error) quickly, and every
span stays inside the source text. Failing cases found by fuzzing are kept below
as explicit tests.
"""

from __future__ import annotations

import random
import time

import pytest
from doc_helpers import make_doc
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from resgraph.loaders.find import find_citations, find_in_text
from resgraph.loaders.resolve import extract, resolve
from resgraph.models import Document, Footnote, Marker, Paragraph, Span, TextMap
from resgraph.registry import Instrument, Registry

REG = Registry()
REG.add_instrument(Instrument("udhr", "declaration", "Universal Declaration of Human Rights",
                              adopted_by="A/RES/217A(III)"))

# Fragments of real citation grammar, glued at random, reach the deep branches faster
# than random characters do.
FRAGMENTS = [
    "resolution ", "resolutions ", "decision ", "45/158", " A", " and ", " to ", " B", "(III)",
    " (2000)", "S-21/2", "ES-10/", "of 4 and 14 July 1967", ", ", "; ", "Ibid.", "Ibid., ",
    "vol. 1577, No. 27531", "United Nations, Treaty Series, ", "p. 287", "Official Records of the ",
    "General Assembly", "Security Council", "Economic and Social Council",
    ", Seventy-fourth Session",
    ", Supplement No. 53", " (A/74/53)", "1969th meeting", "A/80/5/Add.1", "A/57/759-S/2003/332",
    " (Vol. I)", "Report of the World Summit for Social Development", "Convention on ",
    "the Charter", "Article 18 of ", "Universal Declaration of Human Rights", "its ", "Council ",
    "Commission on Human Rights ", "and Corr.1", "annex", "\u2011", "\u00a0", "(", ")", "/", "-",
]


def _check(refs_or_cites: list[object], source: str) -> None:
    for x in refs_or_cites:
        c = getattr(x, "citation", x)
        span = c.span  # type: ignore[attr-defined]
        assert 0 <= span.start <= span.end <= len(source)
        assert c.text == source[span.start:span.end]  # type: ignore[attr-defined]


@settings(max_examples=300, deadline=2000, suppress_health_check=[HealthCheck.too_slow])
@given(st.text(max_size=400))
def test_random_text(text: str) -> None:
    cites = find_in_text(text, registry=REG)
    _check(cites, text)
    cites = find_in_text(text, registry=REG, footnote=True)
    _check(cites, text)


@settings(max_examples=300, deadline=2000, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.sampled_from(FRAGMENTS), max_size=40))
def test_grammar_fragments(parts: list[str]) -> None:
    text = "".join(parts)
    _check(find_in_text(text, registry=REG), text)
    _check(find_in_text(text, registry=REG, footnote=True), text)


@settings(max_examples=150, deadline=3000, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.sampled_from(FRAGMENTS), max_size=20),
       st.lists(st.lists(st.sampled_from(FRAGMENTS), max_size=12), max_size=6))
def test_documents_with_footnotes(body: list[str], notes: list[list[str]]) -> None:
    marks = "".join(f"{{{i + 1}}} " for i in range(len(notes)))
    text = "".join(body).replace("{", "(").replace("}", ")") + " " + marks
    footnotes = [(i + 1, "".join(n).replace("{", "(").replace("}", ")") or "x")
                 for i, n in enumerate(notes)]
    doc = make_doc(("preamble 1", text, "recalling"), footnotes=footnotes)
    refs = extract(doc, REG)
    _check(refs, doc.source)  # type: ignore[arg-type]
    for r in refs:
        assert r.target is not None or r.reason is not None


def _timed(fn: object, *args: object, budget: float) -> object:
    t0 = time.perf_counter()
    out = fn(*args)  # type: ignore[operator]
    elapsed = time.perf_counter() - t0
    assert elapsed < budget, f"{elapsed:.2f} s"
    return out


def _one_paragraph_doc(text: str, markers: tuple[Marker, ...] = (),
                       footnotes: tuple[Footnote, ...] = ()) -> Document:
    p = Paragraph("preamble", 1, text, Span(0, len(text)), TextMap.identity(len(text)),
                  verb="recalling", markers=markers)
    return Document("fuzz", "text", text, None, "GA", paragraphs=(p,), footnotes=footnotes)


def test_random_bytes_decoded() -> None:
    rng = random.Random(20240601)
    raw = bytes(rng.randrange(256) for _ in range(1_000_000))
    text = raw.decode("utf-8", errors="replace")
    doc = _one_paragraph_doc(text)
    refs = _timed(extract, doc, REG, budget=1.5)
    _check(refs, text)  # type: ignore[arg-type]


_PROSE = (
    "Recalling its resolutions 45/158 of 18 December 1990 and 57/270 B of 23 June 2003, "
    "and reaffirming the Universal Declaration of Human Rights and the International "
    "Convention on the Protection of the Rights of All Migrant Workers and Members of Their "
    "Families, stressing the importance of the promotion and protection of the human rights "
    "of all migrants, regardless of their migration status, and taking note of the report of "
    "the Secretary-General (A/59/325, para. 3) on international migration and development, "
    "in which he recommended that Member States continue to cooperate with the United Nations "
    "system in addressing the multidimensional aspects of migration and development, "
)


@pytest.mark.slow
def test_ten_megabyte_paragraph() -> None:
    text = _PROSE * (10_000_000 // len(_PROSE))
    doc = _one_paragraph_doc(text)
    refs = _timed(extract, doc, REG, budget=10.0)  # a second per MB
    assert len(refs) == 4 * (10_000_000 // len(_PROSE))  # type: ignore[arg-type]


def test_one_megabyte_of_citations_only() -> None:
    # The worst case: a citation every 24 characters (about 42,000 of them).
    unit = ("Recalling its resolutions 45/158 of 18 December 1990 and 57/270 B, the Universal "
            "Declaration of Human Rights and A/59/325, para. 3, ")
    text = unit * (1_000_000 // len(unit))
    refs = _timed(extract, _one_paragraph_doc(text), REG, budget=3.0)
    assert len(refs) == 4 * (1_000_000 // len(unit))  # type: ignore[arg-type]


def test_ten_thousand_footnote_markers() -> None:
    n = 10_000
    body = "Recalling the Convention " + " ".join(f"word{i}" for i in range(n))
    markers = tuple(Marker(i + 1, Span(25 + i, 26 + i), "preamble 1") for i in range(n))
    notes_src = "".join("Ibid.\n" for _ in range(n))
    source = body + "\n" + notes_src
    base = len(body) + 1
    footnotes = tuple(
        Footnote(i + 1, "Ibid." if i else "Resolution 45/158, annex.", Span(base + 6 * i,
                 base + 6 * i + 5), TextMap.identity(5, base + 6 * i), (markers[i],))
        for i in range(n))
    doc = Document("fuzz", "text", source, None, "GA",
                   paragraphs=(Paragraph("preamble", 1, body, Span(0, len(body)),
                                         TextMap.identity(len(body)), verb="recalling",
                                         markers=markers),),
                   footnotes=footnotes)
    refs = _timed(extract, doc, REG, budget=5.0)
    assert len(refs) == n  # type: ignore[arg-type]
    # The Ibid. chain resolves all the way down.
    assert {r.target for r in refs} == {"A/RES/45/158"}  # type: ignore[attr-defined]


@pytest.mark.parametrize("text", [
    # Kept from fuzzing and review: each once crashed or hung an early version.
    "resolution 1 (S-IV) of 1 January 1950",
    "resolutions 1 (I), " * 2000,
    "resolution 45/158 A to " + "A to " * 500,
    "Ibid., vol. 1, No. " + "1, " * 3000,
    "Official Records of the Security Council, Thirty-first Year, 1969th meeting",
    "Official Records of the General Assembly, " + "Supplement No. 5, " * 2000,
    "A/" + "1/" * 5000,
    "decision IX/16",
    "resolution 99 (0)",
    "resolution 0/0",
    "resolutions 3419 Z to A (XXX)",
    "Report of the " + "Conference " * 3000,
    "\u2011" * 1000 + "S\u201121/2",
])
def test_kept_failing_cases(text: str) -> None:
    cites = _timed(find_in_text, text, "GA", REG, False, budget=1.0)
    _check(cites, text)  # type: ignore[arg-type]
    cites = _timed(find_in_text, text, "GA", REG, True, budget=1.0)
    _check(cites, text)  # type: ignore[arg-type]


def test_resolve_of_foreign_citations_does_not_crash() -> None:
    doc = make_doc(("preamble 1", "Recalling,"))
    other = make_doc(("preamble 1", "Recalling resolution 45/158 and the Convention,{1}"),
                     footnotes=[(1, "Ibid.")])
    refs = resolve(doc, find_citations(other, registry=REG), REG)
    # A bare "the Convention" refers back and is no citation; the Ibid. has nothing before it.
    assert [(r.target, r.reason is None) for r in refs] == [("A/RES/45/158", True), (None, False)]
