"""Graphs the view tests and the view benchmark draw, built here to the schema of
``resgraph.graph.nx.to_networkx`` (not by it), and tests that they keep to it.

* :func:`small_graph`: a dozen texts around the migrant workers convention,
  with every node kind and organ, parallel citations, an instrument adopted
  by a resolution and registered as a treaty, and a title and a quote full of
  markup (they must be shown as text).
* :func:`corpus_graph`: a generated corpus of ``n`` texts (2,000 by default)
  citing earlier texts with preferential attachment, as real citations do.
"""

from __future__ import annotations

import random
from typing import Any

import networkx as nx
import pytest

from resgraph.symbols import parse_symbol

#: Markup in texts that come from documents: must never become page markup.
HOSTILE_TITLE = 'Migrants <img src=x onerror="window.__pwned=1"> & <b>friends</b>'
HOSTILE_QUOTE = "Recalling </script><script>window.__pwned=2</script> its resolution 78/192"

NODE_KINDS = {"resolution", "decision", "document", "treaty", "instrument", "conference",
              "official-records"}
RELATIONS = {"cites", "adopts", "registered-as"}


def _node(g: Any, key: str, kind: str, title: str | None, date: str | None,  # noqa: PLR0917
          organ: str | None = None, symbol: str | None = None) -> None:
    sym = symbol if symbol is not None else (key if ":" not in key else None)
    g.add_node(key, kind=kind, organ=organ, symbol=sym, title=title, date=date,
               url=f"https://undocs.org/{sym}" if sym else None)


def _cite(g: Any, src: str, dst: str, verb: str, paragraph: str, quote: str,  # noqa: PLR0917
          footnote: int | None = None, start: int = 0) -> None:
    g.add_edge(src, dst, relation="cites", verb=verb, characterization=None,
               type=g.nodes[dst]["kind"], paragraph=paragraph, footnote=footnote,
               quote=quote, start=start, end=start + len(quote))


def small_graph() -> Any:
    """Thirteen texts, fifteen citations, one adoption, one registration.

    Neighbourhood of ``A/RES/45/158`` at one step: the resolution, its
    convention and the treaty entry (no step between them), the four texts
    citing one of the three and the one text 45/158 cites: 8 nodes, 11 drawn
    edges (the two citations of 45/158 by 78/192 are one edge).
    """
    g = nx.MultiDiGraph()
    _node(g, "A/RES/217A(III)", "resolution", "Universal Declaration of Human Rights",
          "1948-12-10", "GA")
    _node(g, "A/RES/45/158", "resolution",
          "International Convention on the Protection of the Rights of All Migrant Workers "
          "and Members of Their Families", "1990-12-18", "GA")
    _node(g, "instrument:cmw", "instrument",
          "International Convention on the Protection of the Rights of All Migrant Workers "
          "and Members of Their Families", "1990-12-18")
    _node(g, "UNTS:39481", "treaty", "United Nations, Treaty Series, vol. 2220, No. 39481",
          None)
    _node(g, "S/RES/1325(2000)", "resolution", "Women and peace and security", "2000-10-31",
          "SC")
    _node(g, "E/RES/2004/1", "resolution", "Population and development", "2004-07-21",
          "ECOSOC")
    _node(g, "conference:icpd", "conference",
          "International Conference on Population and Development", "1994-09-13")
    _node(g, "A/59/325", "document", "International migration and development: report of "
          "the Secretary-General", "2004-08-27")
    _node(g, "S/RES/2250(2015)", "resolution", "Youth, peace and security", "2015-12-09",
          "SC")
    _node(g, "A/HRC/RES/51/23", "resolution", "Protection of the human rights of migrants",
          "2022-10-06", "HRC")
    _node(g, "A/RES/78/192", "resolution", "Protection of migrants", "2023-12-19", "GA")
    _node(g, "A/DEC/78/547", "decision", "Migrants: documentation", "2023-12-22", "GA")
    _node(g, "A/RES/79/165", "resolution", HOSTILE_TITLE, "2024-12-17", "GA")

    g.add_edge("A/RES/45/158", "instrument:cmw", relation="adopts")
    g.add_edge("instrument:cmw", "UNTS:39481", relation="registered-as")
    _cite(g, "A/RES/45/158", "A/RES/217A(III)", "recalling", "preamble 2",
          "the Universal Declaration of Human Rights", start=120)
    _cite(g, "E/RES/2004/1", "conference:icpd", "reaffirming", "preamble 1",
          "the Programme of Action of the International Conference on Population and "
          "Development", start=80)
    _cite(g, "E/RES/2004/1", "A/RES/45/158", "welcoming", "preamble 4",
          "resolution 45/158 of 18 December 1990", start=400)
    _cite(g, "S/RES/2250(2015)", "S/RES/1325(2000)", "reaffirming", "preamble 1",
          "its resolution 1325 (2000)", start=60)
    _cite(g, "A/HRC/RES/51/23", "A/RES/45/158", "recalling", "preamble 3",
          "General Assembly resolution 45/158", start=210)
    _cite(g, "A/HRC/RES/51/23", "A/RES/217A(III)", "guided by", "preamble 1",
          "the Universal Declaration of Human Rights", start=40)
    _cite(g, "A/RES/78/192", "A/RES/45/158", "recalling", "preamble 3",
          "its resolution 45/158 of 18 December 1990", start=300)
    _cite(g, "A/RES/78/192", "A/RES/45/158", "reaffirming", "operative 2",
          "resolution 45/158", start=2400)
    _cite(g, "A/RES/78/192", "instrument:cmw", "noting", "preamble 5",
          "the International Convention on the Protection of the Rights of All Migrant "
          "Workers and Members of Their Families", footnote=4, start=700)
    _cite(g, "A/RES/78/192", "A/59/325", "takes note", "operative 1",
          "the report of the Secretary-General", footnote=5, start=2100)
    _cite(g, "A/RES/78/192", "S/RES/2250(2015)", "recalling", "preamble 7",
          "Security Council resolution 2250 (2015)", start=900)
    _cite(g, "A/RES/78/192", "A/HRC/RES/51/23", "noting", "preamble 8",
          "Human Rights Council resolution 51/23", start=1000)
    _cite(g, "A/DEC/78/547", "A/RES/78/192", "recalling", "header",
          "resolution 78/192", start=10)
    _cite(g, "A/RES/79/165", "A/RES/78/192", "recalling also", "preamble 2",
          HOSTILE_QUOTE, start=150)
    _cite(g, "A/RES/79/165", "UNTS:39481", "noting", "footnote 3",
          "United Nations, Treaty Series, vol. 2220, No. 39481", footnote=3, start=3000)
    return g


_VERBS = ("recalling", "recalling", "recalling also", "reaffirming", "reaffirming",
          "welcoming", "noting", "takes note", "guided by", "bearing in mind", "decides")
_WORDS = ("protection", "migrants", "development", "peace", "security", "human rights",
          "women", "children", "cooperation", "Africa", "oceans", "climate", "trade",
          "health", "education", "disarmament", "refugees", "water", "food", "Palestine")


def corpus_graph(n: int = 2000, seed: int = 0) -> Any:
    """A generated corpus of ``n`` texts of every kind, in time order.

    About 70 % resolutions (GA, SC, ECOSOC, HRC), 5 % decisions, 12 % documents,
    6 % instruments (each adopted by a GA resolution, most registered as
    treaties), 3 % conferences. Each resolution or decision cites 1 to 7
    earlier texts, chosen in proportion to how often they were cited already,
    four in five of the same topic (agenda item) as the citing text; one in ten
    citations is repeated in another paragraph (a parallel edge).
    """
    rng = random.Random(seed)
    g = nx.MultiDiGraph()
    pool: list[str] = []  # a node appears once, plus once per citation it received
    topic_pools: dict[str, list[str]] = {}
    counters: dict[str, int] = {}
    ga_resolutions: list[str] = []

    def number(series: str) -> int:
        counters[series] = counters.get(series, 0) + 1
        return counters[series]

    years = sorted(1946 + int(78 * rng.random() ** 0.6) for _ in range(n))
    made = 0
    while made < n:
        year = years[made]
        month, day = rng.randint(1, 12), rng.randint(1, 28)
        date = f"{year}-{month:02d}-{day:02d}"
        session = year - 1945 if month >= 9 else max(year - 1946, 1)
        topic = rng.choice(_WORDS)
        title = f"{topic} and {rng.choice(_WORDS)}".capitalize()
        topic_pool = topic_pools.setdefault(topic, [])
        roll = rng.random()
        citing = False
        if roll < 0.70:
            organ_roll = rng.random()
            if organ_roll < 0.55 or (organ_roll >= 0.87 and year < 2006):
                key = f"A/RES/{session}/{number(f'GA{session}')}"
                organ = "GA"
            elif organ_roll < 0.75:
                key = f"S/RES/{number('SC')}({year})"
                organ = "SC"
            elif organ_roll < 0.87:
                key = f"E/RES/{year}/{number(f'E{year}')}"
                organ = "ECOSOC"
            else:
                hrc = year - 2005
                key = f"A/HRC/RES/{hrc}/{number(f'HRC{hrc}')}"
                organ = "HRC"
            _node(g, key, "resolution", title, date, organ)
            if organ == "GA":
                ga_resolutions.append(key)
            citing = True
        elif roll < 0.75:
            key = f"A/DEC/{session}/{500 + number(f'DEC{session}')}"
            _node(g, key, "decision", title, date, "GA")
            citing = True
        elif roll < 0.87:
            key = f"A/{session}/{100 + number(f'DOC{session}')}"
            _node(g, key, "document", f"Report on {title.lower()}", date)
        elif roll < 0.93 and ga_resolutions:
            key = f"instrument:i{number('instrument')}"
            _node(g, key, "instrument", f"Convention on {title.lower()}", date)
            g.add_edge(rng.choice(ga_resolutions[-20:]), key, relation="adopts")
            if rng.random() < 0.6:
                treaty = f"UNTS:{10000 + number('UNTS')}"
                _node(g, treaty, "treaty", f"Treaty Series entry of {key}", None)
                g.add_edge(key, treaty, relation="registered-as")
                pool.append(treaty)
                topic_pool.append(treaty)
                made += 1
                if made >= n:
                    break
        else:
            key = f"conference:c{number('conference')}"
            _node(g, key, "conference", f"World conference on {title.lower()}", date)
        if citing and pool:
            chosen = {
                rng.choice(topic_pool if topic_pool and rng.random() < 0.8 else pool)
                for _ in range(rng.randint(1, 7))
            }
            for target in sorted(chosen):
                verb = rng.choice(_VERBS)
                paragraph = f"preamble {rng.randint(1, 12)}"
                _cite(g, key, target, verb, paragraph, f"{verb} {target}",
                      start=rng.randint(0, 5000))
                if rng.random() < 0.1:
                    _cite(g, key, target, "reaffirming", f"operative {rng.randint(1, 9)}",
                          f"reaffirms {target}", start=rng.randint(5000, 9000))
                pool.append(target)
                topic_pool.append(target)
        pool.append(key)
        topic_pool.append(key)
        made += 1
    return g


# --------------------------------------------------------------------------
# The fixtures keep to the schema.
# --------------------------------------------------------------------------


@pytest.mark.parametrize("make", [small_graph, lambda: corpus_graph(500, seed=3)])
def test_fixture_follows_the_schema(make: Any) -> None:
    g = make()
    assert isinstance(g, nx.MultiDiGraph)
    for key, data in g.nodes(data=True):
        assert set(data) >= {"kind", "organ", "symbol", "title", "date", "url"}
        assert data["kind"] in NODE_KINDS
        assert data["organ"] in (None, "GA", "SC", "ECOSOC", "HRC")
        if data["symbol"]:
            assert parse_symbol(key).key == key
    for u, v, data in g.edges(data=True):
        assert data["relation"] in RELATIONS
        if data["relation"] == "cites":
            assert {"verb", "paragraph", "quote", "start", "end"} <= set(data)
        if data["relation"] == "adopts":
            assert g.nodes[u]["kind"] == "resolution"
            assert g.nodes[v]["kind"] == "instrument"


def test_corpus_graph_is_deterministic_and_sized() -> None:
    a, b = corpus_graph(300, seed=5), corpus_graph(300, seed=5)
    assert a.number_of_nodes() == 300
    assert nx.to_dict_of_dicts(a) == nx.to_dict_of_dicts(b)
    kinds = {d["kind"] for _, d in a.nodes(data=True)}
    assert {"resolution", "document", "instrument"} <= kinds
