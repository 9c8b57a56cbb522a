"""Quotes read as the text reads: no page furniture inside a quoted mention."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from resgraph.loaders.documents import load_many
from resgraph.loaders.resolve import extract

#: Job numbers (``24-23043``), page numbers (``2/3``) and the footnote rule.
#: Each on a line of its own inside a quote that runs over several lines.
FURNITURE = re.compile(r"\n[ \t]*(?:\d{2}-\d{5}(?: \(E\))?|\d{1,2}/\d{1,2}|_{5,})[ \t]*\n")


@pytest.mark.corpus
def test_no_quote_of_a_ga_text_holds_page_furniture(corpus_dir: Path) -> None:
    result = load_many(corpus_dir / "ga")
    assert len(result.documents) == 902
    bad = []
    for doc in result.documents:
        own = re.escape(doc.symbol or "-")
        for ref in extract(doc):
            quote = ref.citation.text
            if FURNITURE.search(quote) or re.search(rf"\n[ \t]*{own}[ \t]*\n", quote):
                bad.append((doc.symbol, ref.citation.paragraph, quote[:120]))
    assert bad == []


def test_a_mention_broken_by_a_page_break_is_quoted_as_read() -> None:
    from resgraph.loaders.documents import parse_text  # noqa: PLC0415

    page = (
        "United Nations \nA/RES/79/1\n \n \nGeneral Assembly \nDistr.: General \n"
        "9 December 2024 \n \n24-00001 (E) \n*2400001* \n \n \nSeventy-ninth session \n"
        "Agenda item 1 \n \n \n Resolution adopted by the General Assembly \non 2 December 2024 \n"
        " \n \n[without reference to a Main Committee (A/79/L.1)] \n \n \n79/1. A title \n"
        " \n \nThe General Assembly, \n \nRecalling the Universal Declaration of \n"
    )
    page2 = (
        "\nA/RES/79/1 \nA title\n \n24-00001 \n2/2 \n \n \n"
        "Human Rights, \n \n1. Decides to remain seized of the matter. \n \n"
        "43rd plenary meeting \n2 December 2024 \n"
    )
    doc = parse_text(page + page2, "A_RES_79_1.txt")
    (udhr,) = [r for r in extract(doc) if r.citation.type == "instrument"]
    assert " ".join(udhr.citation.text.split()) == "Universal Declaration of Human Rights"
