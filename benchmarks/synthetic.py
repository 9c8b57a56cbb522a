"""A synthetic corpus: N resolutions with about 20 citations each.

Each resolution is a plain text laid out like the General Assembly texts of
the shared corpus (header, preambular and operative paragraphs, footnotes after
a rule), together with its (Document, [Reference]) pair whose spans point into
that text, spread over about 30 sessions from the 50th. Citations follow a mix
close to the real corpus: mostly earlier resolutions (chosen by a copying
model, so a few are cited very often), then reports, treaties through
footnotes, named instruments and conferences, Official Records, Security
Council resolutions, and a few left unresolved.

Use :func:`generate` for pairs, :func:`write_corpus` for text files (for the
loaders), or the command line::

    python benchmarks/synthetic.py 1000 --out /tmp/synthetic

>>> pairs = list(generate(3, seed=1))
>>> [doc.symbol for doc, _ in pairs]
['A/RES/50/1', 'A/RES/51/1', 'A/RES/52/1']
>>> all(doc.source[r.citation.span.start:r.citation.span.end] == r.citation.text
...     for doc, refs in pairs for r in refs)
True
"""

from __future__ import annotations

import argparse
import datetime as dt
import random
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from resgraph.models import (
    Citation,
    CitationType,
    Document,
    Footnote,
    Marker,
    Paragraph,
    Reference,
    Span,
    TextMap,
)
from resgraph.registry import Registry, load_registry

__all__ = ["generate", "write_corpus"]

Pair = tuple[Document, list[Reference]]

_MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August",
           "September", "October", "November", "December")
#: Opening phrase -> verb, as the loaders normalize it.
_PREAMBLE = {"Recalling": "recalling", "Reaffirming": "reaffirming", "Noting": "noting",
             "Welcoming": "welcoming", "Bearing in mind": "bearing in mind",
             "Guided by": "guided by", "Taking note of": "taking note",
             "Recalling also": "recalling", "Reaffirming also": "reaffirming"}
_OPERATIVE = {"Takes note of": "takes note", "Reaffirms": "reaffirms", "Welcomes": "welcomes",
              "Recalls": "recalls", "Endorses": "endorses",
              "Requests the Secretary-General to report on the implementation of": "requests",
              "Decides to consider": "decides", "Calls upon States to implement": "calls upon"}
_FILLER = {"Deeply concerned about the situation of the persons concerned,": "concerned",
           "Convinced of the need for continued cooperation among States,": "convinced",
           "Stressing the importance of international cooperation in this field,": "stressing"}
_PREAMBLE_PHRASES = tuple(_PREAMBLE)
_OPERATIVE_PHRASES = tuple(_OPERATIVE)
_FILLER_TEXTS = tuple(_FILLER)
_ORDINAL = ("Fiftieth", "Fifty-first", "Fifty-second", "Fifty-third", "Fifty-fourth",
            "Fifty-fifth", "Fifty-sixth", "Fifty-seventh", "Fifty-eighth", "Fifty-ninth")

#: Share of each kind of citation.
MIX: tuple[tuple[str, float], ...] = (
    ("resolution", 0.52),
    ("sc", 0.05),
    ("decision", 0.03),
    ("document", 0.14),
    ("treaty", 0.07),
    ("instrument", 0.09),
    ("conference", 0.04),
    ("records", 0.04),
    ("unresolved", 0.02),
)

_DEFAULT_INSTRUMENTS = (
    ("instrument:udhr", "Universal Declaration of Human Rights"),
    ("instrument:charter", "Charter of the United Nations"),
    ("instrument:cmw", "International Convention on the Protection of the Rights of All "
                       "Migrant Workers and Members of Their Families"),
)
_DEFAULT_CONFERENCES = (
    ("conference:icpd", "International Conference on Population and Development"),
    ("conference:beijing", "Fourth World Conference on Women"),
)


def _date(rng: random.Random, year: int) -> dt.date:
    return dt.date(year, rng.randint(1, 12), rng.randint(1, 28))


def _spoken(day: dt.date) -> str:
    return f"{day.day} {_MONTHS[day.month - 1]} {day.year}"


class _Writer:
    """Builds one resolution text and its references."""

    def __init__(self, header: str) -> None:
        self.parts = [header]
        self.length = len(header)
        self.paragraphs: list[Paragraph] = []
        self.refs: list[Reference] = []
        self.notes: list[tuple[int, str, list[tuple[CitationType, str | None, str, str, str | None,
                                                    str | None]]]] = []
        self.markers: dict[int, Marker] = {}

    def put(self, text: str) -> int:
        start = self.length
        self.parts.append(text)
        self.length += len(text)
        return start

    @property
    def text(self) -> str:
        return "".join(self.parts)


def _targets(registry: Registry) -> tuple[list[tuple[str, str]], list[tuple[str, str]],
                                          list[tuple[str, str, str]]]:
    instruments = [(i.target, i.name) for i in registry.instruments.values()]
    conferences = [(c.target, c.name) for c in registry.conferences.values()]
    treaties = [(i.unts, i.unts_volume or "1", i.target) for i in registry.instruments.values()
                if i.unts and i.unts.isdigit()]
    return (instruments or list(_DEFAULT_INSTRUMENTS),
            conferences or list(_DEFAULT_CONFERENCES),
            [(u, v, t) for u, v, t in treaties] or [("39481", "2220", "instrument:cmw")])


def generate(
    n: int,
    *,
    seed: int = 0,
    citations: int = 20,
    registry: Registry | None = None,
    directory: str = "/synthetic",
) -> Iterator[Pair]:
    """``n`` synthetic resolutions with about ``citations`` references each.

    Documents are named ``<directory>/A_RES_<session>_<number>.txt``; the texts
    are in :attr:`Document.source`.
    """
    rng = random.Random(seed)
    reg = load_registry() if registry is None else registry
    pool = _Pool(rng, *_targets(reg))
    earlier = pool.earlier  # (key, printed number, date) of the texts made so far
    kinds = [k for k, _ in MIX]
    weights = [w for _, w in MIX]
    per_session = max(1, n // 30)
    for i in range(n):
        session = 50 + i // per_session
        number = i % per_session + 1
        year = 1945 + session
        adopted = _date(rng, year)
        symbol = f"A/RES/{session}/{number}"
        header = (
            f"United Nations \nA/RES/{session}/{number}\n \nGeneral Assembly \n"
            f"Distr.: General \n{_spoken(adopted)} \n \n"
            f"Agenda item {rng.randint(10, 140)} \n \n"
            f" Resolution adopted by the General Assembly \non {_spoken(adopted)} \n \n"
            f"[on the report of the Third Committee (A/{session}/{rng.randint(400, 700)})]\n \n"
            f"{session}/{number}. Synthetic subject {i + 1}\n \n"
            "The General Assembly, \n \n"
        )
        w = _Writer(header)
        count = max(1, int(rng.gauss(citations, citations / 4)))
        pending = [rng.choices(kinds, weights)[0] for _ in range(count)]
        pre_n = 0
        op_n = 0
        footnote_n = 0
        while pending:
            operative = pre_n >= 6 and (op_n < pre_n or rng.random() < 0.5)
            if not operative and rng.random() < 0.15:
                pre_n += 1
                text = rng.choice(_FILLER_TEXTS)
                start = w.put(text)
                w.put(" \n \n")
                w.paragraphs.append(Paragraph("preamble", pre_n, text,
                                              Span(start, start + len(text)),
                                              TextMap.identity(len(text), start),
                                              phrase=text.split(" the ")[0].split(" of ")[0],
                                              verb=_FILLER[text]))
                continue
            if operative:
                op_n += 1
                label, phrase = f"operative {op_n}", rng.choice(_OPERATIVE_PHRASES)
                verb = _OPERATIVE[phrase]
                start = w.put(f"{op_n}. ")
            else:
                pre_n += 1
                label, phrase = f"preamble {pre_n}", rng.choice(_PREAMBLE_PHRASES)
                verb = _PREAMBLE[phrase]
                start = w.put("")
            body_start = w.put(phrase + " ")
            markers: list[Marker] = []
            for j in range(min(len(pending), rng.choice((1, 1, 2)))):
                if j:
                    w.put(" and ")
                kind = pending.pop()
                footnote_n = _one(w, pool, kind, label=label, verb=verb, session=session,
                                  footnote_n=footnote_n, markers=markers)
            end = w.put(";" if operative else ",")
            w.put(" \n \n")
            text = w.text[body_start:end + 1]
            w.paragraphs.append(Paragraph(label.split()[0], int(label.split()[1]), text,
                                          Span(start, end + 1), TextMap.identity(len(text), start),
                                          phrase=phrase, verb=verb, markers=tuple(markers)))
        w.put(f"{rng.randint(40, 90)}th plenary meeting \n{_spoken(adopted)} \n")
        footnotes: list[Footnote] = []
        if w.notes:
            w.put("__________________ \n")
            for num, note, cits in w.notes:
                fstart = w.put(f"{num} ")
                nstart = w.put(note)
                w.put(" \n")
                footnotes.append(Footnote(num, note, Span(fstart, nstart + len(note)),
                                          TextMap.identity(len(note), nstart),
                                          (w.markers[num],) if num in w.markers else ()))
                for ctype, key, quote, para, cverb, reason in cits:
                    off = note.index(quote)
                    cit = Citation(ctype, key, quote, Span(nstart + off, nstart + off + len(quote)),
                                   para, verb=cverb, footnote=num)
                    w.refs.append(Reference(cit, key if reason is None else None,
                                            via="footnote" if reason is None else "ibid",
                                            reason=reason))
        source = w.text
        doc = Document(f"{directory}/A_RES_{session}_{number}.txt", "text", source, symbol, "GA",
                       title=f"Synthetic subject {i + 1}", adopted=adopted, session=str(session),
                       meeting="plenary meeting", agenda_item=None,
                       paragraphs=tuple(w.paragraphs), footnotes=tuple(footnotes))
        w.refs.sort(key=lambda r: r.citation.span.start)
        earlier.append((symbol, f"{session}/{number}", adopted))
        yield doc, w.refs


@dataclass
class _Pool:
    """What citations can point at, and what was cited so far."""

    rng: random.Random
    instruments: list[tuple[str, str]]
    conferences: list[tuple[str, str]]
    treaties: list[tuple[str, str, str]]
    earlier: list[tuple[str, str, dt.date]] = field(default_factory=list)
    cited: list[int] = field(default_factory=list)


def _one(
    w: _Writer,
    pool: _Pool,
    kind: str,
    *,
    label: str,
    verb: str,
    session: int,
    footnote_n: int,
    markers: list[Marker],
) -> int:
    rng, earlier, cited = pool.rng, pool.earlier, pool.cited
    instruments, conferences, treaties = pool.instruments, pool.conferences, pool.treaties

    def cite(ctype: CitationType, key: str | None, quote: str, date: str | None = None,
             via: str = "text") -> None:
        start = w.put(quote)
        cit = Citation(ctype, key, quote, Span(start, start + len(quote)), label, verb=verb,
                       date=date)
        w.refs.append(Reference(cit, key, via=via))

    def note(text: str, ctype: CitationType, key: str | None, quote: str,
             reason: str | None = None) -> int:
        num = footnote_n + 1
        mstart = w.put(str(num))
        m = Marker(num, Span(mstart, mstart + len(str(num))), label)
        w.markers[num] = m
        markers.append(m)
        w.notes.append((num, text, [(ctype, key, quote, label, verb, reason)]))
        return num

    if kind == "resolution" and earlier:
        if cited and rng.random() < 0.6:
            idx = cited[rng.randrange(len(cited))]
        else:
            idx = rng.randrange(len(earlier))
        cited.append(idx)
        key, printed, date = earlier[idx]
        w.put("its ")
        cite(CitationType.RESOLUTION, key, f"resolution {printed}", date.isoformat())
        w.put(f" of {_spoken(date)}")
    elif kind in ("resolution", "sc"):
        num, year = rng.randint(1, 2700), rng.randint(1946, 2024)
        cite(CitationType.RESOLUTION, f"S/RES/{num}({year})",
             f"Security Council resolution {num} ({year})")
    elif kind == "decision":
        s = rng.randint(40, max(41, session - 1))
        num = rng.randint(401, 580)
        w.put("its ")
        cite(CitationType.DECISION, f"A/DEC/{s}/{num}", f"decision {s}/{num}")
    elif kind == "document":
        s = rng.randint(max(40, session - 3), session)
        sym = f"A/{s}/{rng.randint(100, 700)}"
        w.put("the report of the Secretary-General (")
        cite(CitationType.DOCUMENT, sym, sym)
        w.put(")")
    elif kind == "treaty":
        unts, volume, target = treaties[rng.randrange(len(treaties))]
        del target
        w.put("the Convention")
        text = f"United Nations, Treaty Series, vol. {volume}, No. {unts}."
        return note(text, CitationType.TREATY, f"UNTS:{unts}", text[:-1])
    elif kind == "instrument":
        key, name = instruments[rng.randrange(len(instruments))]
        w.put("the ")
        cite(CitationType.INSTRUMENT, key, name, via="registry")
    elif kind == "conference":
        key, name = conferences[rng.randrange(len(conferences))]
        w.put("the outcome of the ")
        cite(CitationType.CONFERENCE, key, name, via="registry")
    elif kind == "records":
        s = rng.randint(50, 59)
        supp = rng.randint(1, 53)
        sym = f"A/{s}/{supp}"
        w.put("the report of the Council")
        text = (f"Official Records of the General Assembly, {_ORDINAL[s - 50]} Session, "
                f"Supplement No. {supp} ({sym}).")
        return note(text, CitationType.OFFICIAL_RECORDS, sym, sym)
    else:
        w.put("the same report")
        return note("Ibid.", CitationType.OTHER, None, "Ibid.", reason="no antecedent for Ibid.")
    return footnote_n


def write_corpus(
    directory: str | Path, n: int, *, seed: int = 0, citations: int = 20
) -> list[Path]:
    """Write ``n`` synthetic texts into ``directory``; returns their paths."""
    root = Path(directory)
    root.mkdir(parents=True, exist_ok=True)
    paths = []
    for doc, _refs in generate(n, seed=seed, citations=citations, directory=str(root)):
        path = Path(doc.file)
        path.write_text(doc.source, encoding="utf-8")
        paths.append(path)
    return paths


def main() -> None:
    """Write a synthetic corpus from the command line."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("n", type=int, help="number of resolutions")
    parser.add_argument("--out", required=True, help="directory for the text files")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--citations", type=int, default=20, help="mean citations per text")
    args = parser.parse_args()
    paths = write_corpus(args.out, args.n, seed=args.seed, citations=args.citations)
    print(f"wrote {len(paths)} files to {args.out}")


if __name__ == "__main__":
    main()
