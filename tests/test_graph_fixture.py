"""A small hand-made corpus for the graph tests (no tests of its own).

Four texts, written as plain strings with the citations placed in them, so that
every span points at its quote:

- ``A/RES/59/241`` (2004) cites ``A/RES/57/270B`` in its text and
  ``A/RES/45/158`` through footnote 11, and has one citation left unresolved;
- ``A/RES/79/160`` (2024) cites ``UNTS:39481`` through a footnote and a report;
- ``S/RES/338(1973)`` cites ``S/RES/242(1967)``;
- ``A/RES/80/10`` (2025) cites the migrant workers convention by name
  (``instrument:cmw``) and the Cairo conference.
"""

from __future__ import annotations

import datetime as dt

from resgraph.examples import SourceBuilder
from resgraph.models import (
    Citation,
    CitationType,
    Document,
    Reference,
)
from resgraph.registry import Conference, Instrument, Registry

Pair = tuple[Document, list[Reference]]


def registry() -> Registry:
    """A registry with the migrant workers convention and the Cairo conference."""
    reg = Registry()
    reg.add_instrument(Instrument(
        "cmw", "convention",
        "International Convention on the Protection of the Rights of All Migrant Workers "
        "and Members of Their Families",
        aliases=("Migrant Workers Convention",), adopted_by="A/RES/45/158", annex="annex",
        unts="39481", unts_volume="2220", unts_page="3", adopted="1990-12-18"))
    reg.add_instrument(Instrument(
        "icpd-poa", "programme",
        "Programme of Action of the International Conference on Population and Development",
        conference="icpd", adopted="1994-09-13"))
    reg.add_conference(Conference(
        "icpd", "International Conference on Population and Development", place="Cairo",
        start="1994-09-05", end="1994-09-13", report_symbol="A/CONF.171/13",
        sales_no="E.95.XIII.18"))
    return reg


_Text = SourceBuilder


def _cite(text: _Text, ctype: CitationType, key: str | None, quote: str, paragraph: str,  # noqa: PLR0917
          verb: str | None, *, footnote: int | None = None, date: str | None = None,
          target: str | None = "same", via: str = "text", reason: str | None = None,
          pinpoint: str | None = None) -> Reference:
    after = 0
    if footnote is not None:
        fn = next(f for f in text.footnotes if f.number == footnote)
        after = fn.span.start
    span = text.span(quote, after)
    cit = Citation(ctype, key, quote, span, paragraph, verb=verb, footnote=footnote, date=date,
                   pinpoint=pinpoint)
    return Reference(cit, key if target == "same" else target, via=via, reason=reason)


def doc_59_241() -> Pair:
    t = _Text("United Nations A/RES/59/241\nInternational migration and development")
    t.para("preamble", 1, "recalling",
           "Recalling its resolution 57/270 B of 23 June 2003,")
    t.para("preamble", 2, "recalling",
           "Recalling also the International Convention on the Protection of the Rights of "
           "All Migrant Workers and Members of Their Families,", marker=11)
    t.para("operative", 1, "takes note", "Takes note of the report, as noted in ibid.;")
    t.footnote(11, "Resolution 45/158, annex.")
    doc = Document("/fixture/ods/A_RES_59_241.txt", "ods", t.source, "A/RES/59/241", "GA",
                   title="International migration and development", adopted=dt.date(2004, 12, 22),
                   session="59", meeting="75th plenary meeting", agenda_item="89 (b)",
                   report="A/59/485/Add.2", paragraphs=tuple(t.paragraphs),
                   footnotes=tuple(t.footnotes))
    refs = [
        _cite(t, CitationType.RESOLUTION, "A/RES/57/270B", "resolution 57/270 B", "preamble 1",
              "recalling", date="2003-06-23"),
        _cite(t, CitationType.RESOLUTION, "A/RES/45/158", "Resolution 45/158", "preamble 2",
              "recalling", footnote=11, via="footnote", pinpoint="annex"),
        _cite(t, CitationType.OTHER, None, "ibid.", "operative 1", "takes note",
              target=None, via="ibid", reason="no antecedent for Ibid."),
    ]
    return doc, refs


def doc_79_160() -> Pair:
    t = _Text("United Nations A/RES/79/160\nProtection of migrants")
    t.para("preamble", 1, "reaffirming",
           "Reaffirming the International Convention on the Protection of the Rights of All "
           "Migrant Workers and Members of Their Families,", marker=3)
    t.para("operative", 1, "takes note",
           "Takes note with appreciation of the report of the Secretary-General (A/79/200);")
    t.footnote(3, "United Nations, Treaty Series, vol. 2220, No. 39481.")
    doc = Document("/fixture/ga/A_RES_79_160.txt", "text", t.source, "A/RES/79/160", "GA",
                   title="Protection of migrants", adopted=dt.date(2024, 12, 17), session="79",
                   paragraphs=tuple(t.paragraphs), footnotes=tuple(t.footnotes))
    refs = [
        _cite(t, CitationType.TREATY, "UNTS:39481",
              "United Nations, Treaty Series, vol. 2220, No. 39481", "preamble 1", "reaffirming",
              footnote=3, via="footnote"),
        _cite(t, CitationType.DOCUMENT, "A/79/200", "A/79/200", "operative 1", "takes note"),
    ]
    return doc, refs


def doc_sc_338() -> Pair:
    t = _Text("Resolution 338 (1973) of 22 October 1973")
    t.para("operative", 2, "calls upon",
           "Calls upon the parties concerned to start immediately after the cease-fire the "
           "implementation of Security Council resolution 242 (1967) in all of its parts;")
    doc = Document("/fixture/sc/S_RES_338_1973.txt", "text", t.source, "S/RES/338(1973)", "SC",
                   adopted=dt.date(1973, 10, 22), paragraphs=tuple(t.paragraphs))
    refs = [
        _cite(t, CitationType.RESOLUTION, "S/RES/242(1967)",
              "Security Council resolution 242 (1967)", "operative 2", "calls upon"),
    ]
    return doc, refs


def doc_80_10() -> Pair:
    t = _Text("United Nations A/RES/80/10\nMigrant workers")
    t.para("preamble", 1, "welcoming",
           "Welcoming the thirty-fifth anniversary of the International Convention on the "
           "Protection of the Rights of All Migrant Workers and Members of Their Families,")
    t.para("preamble", 2, "guided by",
           "Guided by the International Conference on Population and Development,")
    doc = Document("/fixture/ga/A_RES_80_10.txt", "text", t.source, "A/RES/80/10", "GA",
                   title="Migrant workers", adopted=dt.date(2025, 11, 3), session="80",
                   paragraphs=tuple(t.paragraphs))
    refs = [
        _cite(t, CitationType.INSTRUMENT, "instrument:cmw",
              "International Convention on the Protection of the Rights of All Migrant Workers "
              "and Members of Their Families", "preamble 1", "welcoming", via="registry"),
        _cite(t, CitationType.CONFERENCE, "conference:icpd",
              "International Conference on Population and Development", "preamble 2",
              "guided by", via="registry"),
    ]
    return doc, refs


def pairs() -> list[Pair]:
    """The four fixture documents with their references."""
    return [doc_59_241(), doc_79_160(), doc_sc_338(), doc_80_10()]


BUILT = dt.datetime(2025, 1, 2, 3, 4, 5, tzinfo=dt.UTC)
