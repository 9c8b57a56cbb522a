"""Interactive HTML views of the citation graph, drawn with vis-network through pyvis.

Three views, each written to one self-contained HTML file:

* :func:`neighbourhood_view`: who cites a text and what it cites, ``hops`` steps
  in both directions; citing texts stand in columns on the left, cited texts on
  the right, most recent at the top of each column.
* :func:`chain_view`: the citation paths between two texts, in time order
  (x is the date).
* :func:`corpus_view`: the whole corpus, or the part of it chosen by organ,
  session range and minimum citation count, with a layout computed in Python.

Every view shares one look: nodes coloured (and shaped) by kind and organ from
a fixed colour-blind-friendly palette (:data:`NODE_STYLES`, Paul Tol's *muted*
scheme), sized by how often they are cited in the whole graph, labelled with
their symbol and a short title; edges coloured by the family of the citing verb
(:data:`EDGE_STYLES`, Okabe and Ito's palette) and labelled with the verb; a
legend in the page; hovering a node shows its title, date and
``https://undocs.org`` address, hovering an edge the quoted words of the citing
paragraph; clicking keeps those details in a panel where the link can be
followed.

Rules the views keep:

* The caller's graph is only read, never changed.
* The page works offline: vis-network's script and style sheet are copied into
  it, and nothing else is loaded. (pyvis's own page template links Bootstrap
  from a CDN whatever ``cdn_resources`` says, so the page is written from the
  template below, with pyvis's node and edge lists and vis-network files.)
* Texts from documents (titles, quotes) are data, never markup: they travel as
  JSON with ``<``, ``>`` and ``&`` escaped, and the page puts them in the
  document with ``textContent`` only.
* Positions are computed in Python and the physics simulation is off, so a
  page of thousands of nodes is drawn at once and never moves by itself; nodes
  can still be dragged.
* Parallel citations of one text by another (several paragraphs) are drawn as
  one edge whose tooltip lists every citation.

The page exposes ``network`` (the ``vis.Network``), ``nodes`` and ``edges``
(its DataSets), and sets ``window.resgraphReady = {drawnAt: ms}`` and
``<body data-ready="1">`` after the first drawing.

>>> import tempfile, networkx as nx
>>> g = nx.MultiDiGraph()
>>> g.add_node("A/RES/45/158", kind="resolution", organ="GA", symbol="A/RES/45/158",
...            title="International Convention on the Protection of the Rights of All "
...                  "Migrant Workers", date="1990-12-18")
>>> g.add_node("A/RES/78/192", kind="resolution", organ="GA", symbol="A/RES/78/192",
...            title="Protection of migrants", date="2023-12-19")
>>> _ = g.add_edge("A/RES/78/192", "A/RES/45/158", relation="cites", verb="recalling",
...                paragraph="preamble 3", quote="Recalling its resolution 45/158")
>>> out = Path(tempfile.mkdtemp()) / "neighbourhood.html"
>>> neighbourhood_view(g, "45/158", path=out)
View(path=..., nodes=2, edges=1)
"""

from __future__ import annotations

import html
import json
import math
import re
import time
from collections import Counter, deque
from collections.abc import Collection, Iterable, Mapping
from dataclasses import dataclass, field
from functools import lru_cache
from itertools import pairwise
from pathlib import Path
from typing import Any, Final

import networkx as nx
import numpy as np
import numpy.typing as npt

from resgraph.errors import QueryError, SymbolError
from resgraph.symbols import ORGANS, canonical, is_roman, parse_symbol, roman_to_int, undocs_url

__all__ = [
    "EDGE_STYLES",
    "EQUIVALENCES",
    "NODE_STYLES",
    "VERB_FAMILIES",
    "View",
    "chain_view",
    "corpus_view",
    "force_layout",
    "neighbourhood_view",
    "node_category",
    "verb_family",
]

FloatArray = npt.NDArray[np.float64]
IntArray = npt.NDArray[np.intp]

# --------------------------------------------------------------------------
# Palette
# --------------------------------------------------------------------------

#: Node category -> (fill colour, vis-network shape), in legend order. Colours
#: are Paul Tol's colour-blind-safe *muted* scheme; shapes tell the kinds apart
#: a second time.
NODE_STYLES: Final[dict[str, tuple[str, str]]] = {
    "GA resolution": ("#332288", "dot"),
    "SC resolution": ("#CC6677", "dot"),
    "ECOSOC resolution": ("#117733", "dot"),
    "HRC resolution": ("#88CCEE", "dot"),
    "decision": ("#44AA99", "triangle"),
    "document": ("#DDCC77", "square"),
    "treaty": ("#882255", "diamond"),
    "instrument": ("#AA4499", "star"),
    "conference": ("#999933", "hexagon"),
    "other": ("#BBBBBB", "dot"),
}

#: Edge family -> (colour, dashed), in legend order. Citation families follow
#: the CiTO characterization of the verb; ``adopts`` and ``registered-as`` are
#: the links between a resolution, the instrument it adopted and the treaty entry.
#: Colours are Okabe and Ito's colour-blind-safe palette.
EDGE_STYLES: Final[dict[str, tuple[str, bool]]] = {
    "recalling": ("#0072B2", False),
    "reaffirming": ("#D55E00", False),
    "welcoming": ("#009E73", False),
    "noting": ("#E69F00", False),
    "guided by": ("#CC79A7", False),
    "other": ("#8C8C8C", False),
    "adopts": ("#000000", True),
    "registered-as": ("#56B4E9", True),
}

#: Citing verb (normalised, first words) -> family; unlisted verbs are ``other``.
#: The same grouping as the CiTO characterizations of :mod:`resgraph.graph.vocab`.
VERB_FAMILIES: Final[dict[str, str]] = {
    **dict.fromkeys(
        ("recalling", "recalls", "recall", "bearing in mind", "bears in mind", "mindful",
         "aware", "conscious", "considering", "taking into account", "takes into account",
         "having regard"), "recalling"),
    **dict.fromkeys(
        ("reaffirming", "reaffirms", "reaffirm", "reiterating", "reiterates", "reiterate",
         "recommitting", "recommits", "confirming", "confirms", "confirm"), "reaffirming"),
    **dict.fromkeys(
        ("welcoming", "welcomes", "welcome", "endorses", "endorsing", "endorse", "supporting",
         "supports", "commending", "commends", "appreciating", "expressing appreciation",
         "expresses appreciation"), "welcoming"),
    **dict.fromkeys(
        ("noting", "notes", "note", "takes note", "taking note", "take note", "acknowledging",
         "acknowledges"), "noting"),
    **dict.fromkeys(
        ("guided by", "acting under", "acting", "in accordance with", "pursuant to",
         "invoking"), "guided by"),
}

_CHARACTERIZATION_FAMILY: Final[dict[str, str]] = {
    "obtainsBackgroundFrom": "recalling",
    "agreesWith": "reaffirming",
    "confirms": "reaffirming",
    "supports": "welcoming",
    "citesForInformation": "noting",
    "citesAsAuthority": "guided by",
}

_ADVERBS: Final = (
    "also", "further", "furthermore", "moreover", "again", "once more", "once again",
    "strongly", "firmly", "deeply", "gravely", "seriously", "fully", "finally",
    "emphatically", "particularly", "in particular", "and",
)


def _plain_verb(verb: str) -> str:
    """Lower case, one space, adverbs at either end dropped (``Recalling also``)."""
    text = " ".join(verb.lower().replace(",", " ").split())
    changed = True
    while changed:
        changed = False
        for adverb in _ADVERBS:
            if text.startswith(adverb + " "):
                text, changed = text[len(adverb) + 1 :], True
            if text.endswith(" " + adverb):
                text, changed = text[: -len(adverb) - 1], True
    return text


#: Relations that tie one text to its other identities (a resolution, the
#: instrument it adopted, the instrument's treaty entry): a neighbourhood
#: crosses them without counting a hop, and a chain may follow them either way.
EQUIVALENCES: Final = frozenset({"adopts", "registered-as"})

_LARGE: Final = 300  # above this many edges or nodes a view drops curves and labels
_QUOTE_CHARS: Final = 400
_COLUMN_WIDTH: Final = 340.0
_MAX_ROWS: Final = 30


def verb_family(verb: str | None, characterization: str | None = None) -> str:
    """The family of a citing verb: the colour of its edge.

    A known CiTO ``characterization`` (short name or IRI) decides; otherwise the
    verb, with adverbs such as *also* or *further* dropped.

    >>> verb_family("Recalling also"), verb_family("takes note"), verb_family("Welcomes")
    ('recalling', 'noting', 'welcoming')
    >>> verb_family(None, "http://purl.org/spar/cito/agreesWith")
    'reaffirming'
    >>> verb_family("decides"), verb_family(None)
    ('other', 'other')
    """
    if characterization:
        short = re.split(r"[#/:]", str(characterization))[-1]
        if short in _CHARACTERIZATION_FAMILY:
            return _CHARACTERIZATION_FAMILY[short]
    if not verb:
        return "other"
    words = _plain_verb(str(verb)).split()
    for n in (3, 2, 1):
        family = VERB_FAMILIES.get(" ".join(words[:n]))
        if family is not None:
            return family
    return "other"


def node_category(key: str, data: Mapping[str, Any]) -> str:
    """The legend category of a node: a key of :data:`NODE_STYLES`.

    Uses the ``kind`` and ``organ`` attributes, or reads them from the key.

    >>> node_category("S/RES/1325(2000)", {"kind": "resolution", "organ": "SC"})
    'SC resolution'
    >>> node_category("A/RES/45/158", {}), node_category("UNTS:39481", {})
    ('GA resolution', 'treaty')
    >>> node_category("A/59/325", {"kind": "official-records"})
    'document'
    """
    kind = data.get("kind")
    organ = data.get("organ")
    if not kind or (kind in ("resolution", "decision") and not organ):
        try:
            sym = parse_symbol(str(data.get("symbol") or key))
        except SymbolError:
            sym = None
        if sym is not None:
            kind = kind or sym.kind
            organ = organ or sym.organ
    if kind == "resolution":
        category = f"{organ} resolution"
        return category if category in NODE_STYLES else "other"
    if kind == "official-records":
        return "document"
    if kind in NODE_STYLES:
        return str(kind)
    return "other"


# --------------------------------------------------------------------------
# Result
# --------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class View:
    """A view written to disk: its file, how many nodes and edges it draws.

    ``edges`` counts drawn edges: the citations of one text by another are one
    edge. ``layout_seconds`` is the time spent placing the nodes.
    """

    path: Path = field(repr=False)
    nodes: int
    edges: int
    layout_seconds: float = field(default=0.0, repr=False, compare=False)

    def __repr__(self) -> str:
        return f"View(path=..., nodes={self.nodes}, edges={self.edges})"


# --------------------------------------------------------------------------
# Reading the graph (never writing it)
# --------------------------------------------------------------------------


def _check_graph(graph: Any) -> None:
    if not isinstance(graph, nx.Graph):
        raise QueryError(f"expected a networkx graph, not {type(graph).__name__}")
    if not graph.is_directed():
        raise QueryError("expected a directed graph (networkx.MultiDiGraph)")


def _resolve(graph: Any, target: str, role: str = "target") -> str:
    if not isinstance(target, str) or not target.strip():
        raise QueryError(f"{role} must be a non-empty string, not {target!r}")
    if target in graph:
        return target
    try:
        key = canonical(target)
    except SymbolError:
        key = None
    if key is not None and key in graph:
        return key
    raise QueryError(f"unknown {role}: {target!r} is not in the graph")


def _relation(data: Mapping[str, Any]) -> str:
    return str(data.get("relation") or "cites")


def _cited_counts(graph: Any) -> tuple[Counter[str], Counter[str]]:
    """In-degree of ``cites`` edges, and distinct citing texts, for every node."""
    times: Counter[str] = Counter()
    pairs: set[tuple[str, str]] = set()
    for u, v, rel in graph.edges(data="relation"):
        if (rel or "cites") == "cites":
            times[v] += 1
            pairs.add((u, v))
    texts: Counter[str] = Counter(v for _, v in pairs)
    return times, texts


def _text(value: Any) -> str:
    """Plain one-line text of an attribute (white space folded)."""
    if value is None:
        return ""
    return " ".join(str(value).split())


def _shorten(text: str, limit: int) -> str:
    if len(text) <= limit:
        return text
    cut = text[: limit - 1]
    space = cut.rfind(" ")
    if space > limit // 2:
        cut = cut[:space]
    return cut.rstrip(" ,;:.") + "…"


def _url(key: str, data: Mapping[str, Any]) -> str | None:
    symbol = _text(data.get("symbol"))
    url = undocs_url(symbol) if symbol else None
    if url is None:
        url = undocs_url(key)
    if url is None:
        given = _text(data.get("url"))
        if given.startswith(("https://", "http://")):
            url = given
    return url


def _year_of(value: Any) -> float | None:
    """A date as a fractional year (``1990-12-18`` -> 1990.96), or None."""
    text = _text(value)
    m = re.match(r"(\d{4})(?:-(\d{2}))?(?:-(\d{2}))?", text)
    if not m:
        return None
    year = int(m.group(1))
    month = int(m.group(2) or 7)
    day = int(m.group(3) or 1)
    return year + (min(max(month, 1), 12) - 1) / 12 + (min(max(day, 1), 31) - 1) / 372


def _symbol_year(key: str, data: Mapping[str, Any]) -> float | None:
    """A year read from the symbol when the date is unknown (SC year, GA session)."""
    try:
        sym = parse_symbol(_text(data.get("symbol")) or key)
    except SymbolError:
        return None
    if sym.year is not None:
        return sym.year + 0.5
    if sym.organ == "GA" and sym.session:
        session = _session_number(sym.session)
        if session is not None:
            return 1945 + session + 0.9
    return None


def _session_number(session: str) -> int | None:
    if session.isdigit():
        return int(session)
    if is_roman(session):
        return roman_to_int(session)
    return None


def _ga_session(key: str, data: Mapping[str, Any]) -> int | None:
    """The General Assembly session a text belongs to, or None.

    GA resolutions and decisions, and ``A/<n>/...`` documents, carry it in the
    symbol; other texts (and special sessions) are placed by date: session ``n``
    runs from September ``1945 + n`` to August ``1946 + n``.
    """
    symbol = _text(data.get("symbol")) or key
    try:
        sym = parse_symbol(symbol)
    except SymbolError:
        sym = None
    if sym is not None and sym.organ == "GA" and sym.session:
        number = _session_number(sym.session)
        if number is not None:
            return number
    m = re.match(r"A/(\d{1,3})/", symbol)
    if m and (sym is None or sym.kind == "document"):
        return int(m.group(1))
    m = re.match(r"(\d{4})-(\d{2})", _text(data.get("date")))
    if m:
        year, month = int(m.group(1)), int(m.group(2))
        return year - 1945 if month >= 9 else year - 1946
    if sym is not None and sym.year is not None:
        return sym.year - 1945
    return None


# --------------------------------------------------------------------------
# Building pyvis's node and edge lists
# --------------------------------------------------------------------------


def _darker(colour: str, factor: float = 0.7) -> str:
    r, g, b = (int(colour[i : i + 2], 16) for i in (1, 3, 5))
    return "#{:02X}{:02X}{:02X}".format(*(int(c * factor) for c in (r, g, b)))


def _size(cited: int, compact: bool = False) -> float:
    """Node radius in pixels: grows with the logarithm of the citation count."""
    if compact:
        return round(min(6.0 + 3.5 * math.log2(1 + cited), 36.0), 1)
    return round(min(10.0 + 5.0 * math.log2(1 + cited), 60.0), 1)


def _node_records(
    graph: Any,
    keys: Iterable[str],
    times: Counter[str],
    texts: Counter[str],
    *,
    title_chars: int,
    emphasise: Collection[str] = (),
    compact: bool = False,
) -> list[dict[str, Any]]:
    records = []
    for key in keys:
        data = graph.nodes[key]
        category = node_category(key, data)
        colour, shape = NODE_STYLES[category]
        symbol = _text(data.get("symbol")) or key
        name = _text(data.get("title"))
        label = symbol if title_chars <= 0 or not name else (
            f"{symbol}\n{_shorten(name, title_chars)}"
        )
        record: dict[str, Any] = {
            "id": key,
            "label": label,
            "shape": shape,
            "size": _size(times[key], compact),
            "color": {
                "background": colour,
                "border": _darker(colour),
                "highlight": {"background": colour, "border": "#000000"},
                "hover": {"background": colour, "border": "#000000"},
            },
            "borderWidth": 1,
            # Data for the tooltip and details panel (not vis options).
            "cat": category,
            "sym": symbol,
            "name": name,
            "date": _text(data.get("date")) or None,
            "url": _url(key, data),
            "cited": times[key],
            "citers": texts[key],
        }
        if key in emphasise:
            record["borderWidth"] = 4
            record["color"]["border"] = "#000000"
            record["font"] = {"size": 18, "bold": True}
        records.append(record)
    return records


def _citation_record(data: Mapping[str, Any]) -> dict[str, Any]:
    quote = _text(data.get("quote"))
    footnote = data.get("footnote")
    return {
        "verb": _text(data.get("verb")) or None,
        "paragraph": _text(data.get("paragraph")) or None,
        "footnote": _text(footnote) if footnote not in (None, "") else None,
        "quote": _shorten(quote, _QUOTE_CHARS) if quote else None,
    }


def _edge_records(
    graph: Any, keys: Collection[str], *, labels: bool, only: set[tuple[str, str]] | None = None
) -> list[dict[str, Any]]:
    """One drawn edge per (citing, cited, relation) among ``keys``."""
    groups: dict[tuple[str, str, str], list[Mapping[str, Any]]] = {}
    selected = keys if isinstance(keys, set | frozenset | dict) else set(keys)
    for u in selected:
        for _, v, data in graph.out_edges(u, data=True):
            if v not in selected or (only is not None and (u, v) not in only):
                continue
            groups.setdefault((u, v, _relation(data)), []).append(data)
    records = []
    for number, ((u, v, relation), found) in enumerate(sorted(groups.items())):
        items = sorted(found, key=lambda d: (_int_or(d.get("start")), _text(d.get("paragraph"))))
        if relation == "cites":
            family = verb_family(items[0].get("verb"), items[0].get("characterization"))
            verbs = list(
                dict.fromkeys(_text(d.get("verb")).lower() for d in items if d.get("verb"))
            )
            label = ", ".join(verbs[:2]) + ("…" if len(verbs) > 2 else "")
        else:
            family = relation if relation in EDGE_STYLES else "other"
            label = relation
        colour, dashed = EDGE_STYLES[family]
        record: dict[str, Any] = {
            "id": f"e{number}",
            "from": u,
            "to": v,
            "color": {"color": colour, "highlight": colour, "hover": colour, "opacity": 0.85},
            "width": min(1.5 + 0.5 * (len(items) - 1), 5.0),
            "dashes": dashed,
            # Data for the tooltip and details panel.
            "rel": relation,
            "fam": family,
            "cites": [_citation_record(d) for d in items] if relation == "cites" else [],
        }
        if labels and label and relation == "cites":
            record["label"] = label
        records.append(record)
    return records


def _int_or(value: Any, default: int = 1 << 62) -> int:
    try:
        return int(value)
    except (TypeError, ValueError):
        return default


# --------------------------------------------------------------------------
# Layouts
# --------------------------------------------------------------------------


def _fft_kernel(size: int, spacing: float, soft: float) -> tuple[Any, Any]:
    """FFT of the repulsion kernel (x and y) on a ``2*size`` grid with wrap-around."""
    offsets = np.arange(2 * size, dtype=np.float64)
    offsets[size:] -= 2 * size  # negative offsets wrap around
    dx = offsets[:, None] * spacing
    dy = offsets[None, :] * spacing
    inv = 1.0 / (dx * dx + dy * dy + soft * soft)
    kx = np.broadcast_to(dx * inv, inv.shape)
    ky = np.broadcast_to(dy * inv, inv.shape)
    return np.fft.rfft2(kx), np.fft.rfft2(ky)


def _mesh_repulsion(pos: FloatArray, k: float) -> FloatArray:
    """Fruchterman-Reingold repulsion (``k**2 / d`` between every pair), on a grid.

    Masses are spread on a grid by cloud-in-cell weights, the field is the
    convolution of the masses with the pairwise force (by FFT), and read back
    at each node with the same weights: O(n + G² log G) instead of O(n²).
    Pairs closer than a grid cell feel a softened force.
    """
    n = len(pos)
    spacing = k
    lo = pos.min(axis=0) - spacing
    extent = float((pos.max(axis=0) + spacing - lo).max())
    size = int(extent / spacing) + 2
    if size > 256:
        size = 256
        spacing = extent / (size - 2)
    grid = (pos - lo) / spacing
    cell = np.floor(grid).astype(np.intp)
    np.clip(cell, 0, size - 2, out=cell)
    frac = grid - cell
    fx, fy = frac[:, 0], frac[:, 1]
    weights = ((1 - fx) * (1 - fy), fx * (1 - fy), (1 - fx) * fy, fx * fy)
    corners = ((0, 0), (1, 0), (0, 1), (1, 1))
    flat = [(cell[:, 0] + a) * size + (cell[:, 1] + b) for a, b in corners]
    mass = np.zeros(size * size)
    for index, weight in zip(flat, weights, strict=True):
        mass += np.bincount(index, weights=weight, minlength=size * size)
    mass_fft = np.fft.rfft2(mass.reshape(size, size), s=(2 * size, 2 * size))
    kx, ky = _fft_kernel(size, spacing, soft=spacing)
    field_x = np.fft.irfft2(mass_fft * kx, s=(2 * size, 2 * size))[:size, :size].ravel()
    field_y = np.fft.irfft2(mass_fft * ky, s=(2 * size, 2 * size))[:size, :size].ravel()
    force = np.zeros((n, 2))
    for index, weight in zip(flat, weights, strict=True):
        force[:, 0] += field_x[index] * weight
        force[:, 1] += field_y[index] * weight
    return force * (k * k)


def force_layout(
    n: int,
    edges: npt.ArrayLike,
    *,
    iterations: int = 60,
    seed: int = 0,
) -> FloatArray:
    """Fruchterman-Reingold positions for ``n`` nodes, fast enough for thousands.

    ``edges`` is an array of ``(i, j)`` node indices. Repulsion is computed on
    a grid (see :func:`_mesh_repulsion`), attraction along edges exactly; the
    ideal edge length is 1. Deterministic for a given ``seed``. Needs only
    numpy (networkx's ``spring_layout`` needs SciPy above 500 nodes).

    >>> pos = force_layout(4, [(0, 1), (1, 2), (2, 3)], iterations=30)
    >>> pos.shape
    (4, 2)
    >>> bool(abs(pos[0] - pos[3]).sum() > abs(pos[0] - pos[1]).sum())
    True
    """
    if n < 0 or iterations < 0:
        raise QueryError("n and iterations must not be negative")
    pairs = np.asarray(edges, dtype=np.intp).reshape(-1, 2)
    if n == 0:
        return np.zeros((0, 2))
    if len(pairs) and (pairs.min() < 0 or pairs.max() >= n):
        raise QueryError("edge index out of range")
    pairs = pairs[pairs[:, 0] != pairs[:, 1]]
    src, dst = pairs[:, 0], pairs[:, 1]
    rng = np.random.default_rng(seed)
    k = 1.0
    side = math.sqrt(n) * k
    pos = (rng.random((n, 2)) - 0.5) * side
    if n == 1:
        return np.zeros((1, 2))
    start = side / 6
    for step in range(iterations):
        temperature = start * (1 - step / iterations) + 0.02 * k
        disp = _mesh_repulsion(pos, k)
        delta = pos[src] - pos[dst]
        dist = np.sqrt((delta * delta).sum(axis=1)) + 1e-9
        pull = delta * (dist / k)[:, None]  # |pull| = d**2 / k
        for axis in (0, 1):
            disp[:, axis] -= np.bincount(src, weights=pull[:, axis], minlength=n)
            disp[:, axis] += np.bincount(dst, weights=pull[:, axis], minlength=n)
        # A weak pull to the centre keeps loose parts from drifting away.
        disp -= pos * (0.05 / k)
        length = np.sqrt((disp * disp).sum(axis=1)) + 1e-9
        pos += disp * (np.minimum(length, temperature) / length)[:, None]
    return pos


def _close_pairs(pos: FloatArray, radius: float) -> tuple[IntArray, IntArray]:
    """Index pairs ``i < j`` of points closer than ``radius``, found through a grid hash."""
    n = len(pos)
    cell = np.floor(pos / radius).astype(np.int64)
    cell -= cell.min(axis=0)
    stride = int(cell[:, 1].max()) + 3
    key = cell[:, 0] * stride + cell[:, 1] + 1
    order = np.argsort(key, kind="stable")
    sorted_keys = key[order]
    firsts: list[IntArray] = []
    seconds: list[IntArray] = []
    for dx, dy in ((0, 0), (1, -1), (1, 0), (1, 1), (0, 1)):
        wanted = key + dx * stride + dy
        lo = np.searchsorted(sorted_keys, wanted, side="left")
        hi = np.searchsorted(sorted_keys, wanted, side="right")
        counts = hi - lo
        total = int(counts.sum())
        if total == 0:
            continue
        first = np.repeat(np.arange(n), counts)
        offsets = np.arange(total) - np.repeat(np.cumsum(counts) - counts, counts)
        second = order[np.repeat(lo, counts) + offsets]
        if (dx, dy) == (0, 0):
            keep = first < second
            first, second = first[keep], second[keep]
        firsts.append(first)
        seconds.append(second)
    if not firsts:
        empty = np.zeros(0, dtype=np.intp)
        return empty, empty
    first, second = np.concatenate(firsts), np.concatenate(seconds)
    delta = pos[first] - pos[second]
    close = (delta * delta).sum(axis=1) < radius * radius
    return first[close], second[close]


def _equalize(pos: FloatArray, min_distance: float, spread: float = 1.8) -> FloatArray:
    """Spread out a crowded centre, keeping every node's direction and radial rank.

    Force layouts of citation graphs pack the texts around the most cited ones
    into a dense core. Each node moves outwards (never inwards) to at least
    the radius it would have in a disc of even density, about ``spread``
    times ``min_distance`` between neighbours.
    """
    n = len(pos)
    centre = pos.mean(axis=0)
    delta = pos - centre
    radius = np.sqrt((delta * delta).sum(axis=1))
    rank = np.argsort(np.argsort(radius, kind="stable"), kind="stable")
    disc = math.sqrt(n / math.pi) * min_distance * spread
    even = disc * np.sqrt((rank + 0.5) / n)
    scale = disc / max(float(np.quantile(radius, 0.99)), 1e-9)
    new = np.maximum(radius * scale, even)
    out: FloatArray = centre + delta * (new / np.maximum(radius, 1e-9))[:, None]
    return out


def _separate(pos: FloatArray, radii: FloatArray, gap: float, rounds: int = 40,
              seed: int = 0) -> FloatArray:
    """Push apart discs (centres ``pos``, ``radii``) closer than ``gap`` to each other."""
    pos = pos.copy()
    n = len(pos)
    if n < 2:
        return pos
    rng = np.random.default_rng(seed)
    reach = 2 * float(radii.max()) + gap
    for _ in range(rounds):
        first, second = _close_pairs(pos, reach)
        if len(first) == 0:
            break
        delta = pos[first] - pos[second]
        dist = np.sqrt((delta * delta).sum(axis=1))
        need = radii[first] + radii[second] + gap
        tight = dist < need
        if not tight.any():
            break
        first, second, delta, dist, need = (
            first[tight], second[tight], delta[tight], dist[tight], need[tight]
        )
        same = dist < 1e-9
        if same.any():  # coincident points: push in a random direction
            angle = rng.random(int(same.sum())) * 2 * math.pi
            delta[same] = np.column_stack([np.cos(angle), np.sin(angle)])
            dist[same] = 1.0
        push = delta / dist[:, None] * ((need - dist) / 2 * 1.05)[:, None]
        for axis in (0, 1):
            pos[:, axis] += np.bincount(first, weights=push[:, axis], minlength=n)
            pos[:, axis] -= np.bincount(second, weights=push[:, axis], minlength=n)
    return pos


def _component_layout(
    graph: Any, keys: list[str], radii: Mapping[str, float], seed: int
) -> dict[str, tuple[float, float]]:
    """Positions for a whole corpus: each connected part laid out, then packed in rows.

    The ideal edge length and the room around each node grow with the node sizes
    (``radii``, in pixels), so that no node covers another.
    """
    index = {key: i for i, key in enumerate(keys)}
    radius = np.array([radii[key] for key in keys], dtype=np.float64)
    gap = 14.0
    unit = 2 * float(radius.mean()) + 3 * gap
    simple = nx.Graph()
    simple.add_nodes_from(range(len(keys)))
    for u in keys:
        for _, v in graph.out_edges(u):
            if v in index and v != u:
                simple.add_edge(index[u], index[v])
    parts = sorted(nx.connected_components(simple), key=lambda c: (-len(c), min(c)))
    singles = [min(c) for c in parts if len(c) == 1]
    blocks: list[tuple[list[int], FloatArray]] = []
    for part in parts:
        if len(part) == 1:
            continue
        members = sorted(part)
        local = {node: i for i, node in enumerate(members)}
        pairs = [(local[a], local[b]) for a, b in simple.subgraph(members).edges()]
        iterations = 80 if len(members) < 2000 else 50
        pos = force_layout(len(members), pairs, iterations=iterations, seed=seed)
        pos *= unit
        own = radius[members]
        if len(members) >= 30:
            pos = _equalize(pos, 2 * float(own.mean()) + gap)
        pos = _separate(pos, own, gap, seed=seed)
        blocks.append((members, pos))
    if singles:
        cols = max(1, math.ceil(math.sqrt(len(singles))))
        cell = 2 * float(radius[singles].max()) + gap * 2
        grid = np.array([(i % cols, i // cols) for i in range(len(singles))], dtype=np.float64)
        blocks.append((singles, grid * cell))
    # Shelf packing: rows no wider than about the square root of the total area.
    extents = []
    for _, pos in blocks:
        lo, hi = pos.min(axis=0), pos.max(axis=0)
        extents.append((lo, hi - lo + unit * 2))
    area = sum(float(size[0] * size[1]) for _, size in extents)
    row_width = max(math.sqrt(area) * 1.3, float(max(size[0] for _, size in extents)))
    out: dict[str, tuple[float, float]] = {}
    x = y = row_height = 0.0
    for (members, pos), (lo, size) in zip(blocks, extents, strict=True):
        if x > 0 and x + size[0] > row_width:
            x, y = 0.0, y + row_height
            row_height = 0.0
        shifted = pos - lo + np.array([x + unit, y + unit])
        for node, (px, py) in zip(members, shifted, strict=True):
            out[keys[node]] = (round(float(px), 1), round(float(py), 1))
        x += size[0]
        row_height = max(row_height, float(size[1]))
    return out


def _date_sort_key(graph: Any, key: str) -> tuple[float, str]:
    year = _year_of(graph.nodes[key].get("date")) or _symbol_year(key, graph.nodes[key])
    return (-(year or -1e9), key)


def _column_x(columns: Mapping[tuple[int, int], list[str]], side: int, hop: int,
              width: float, max_rows: int) -> float:
    """Horizontal place of column ``hop`` of ``side``: wider columns push the next ones out."""
    x = 0.0
    for h in range(1, hop + 1):
        x += width
        if h < hop:
            count = len(columns.get((side, h), []))
            x += 0.75 * width * max(0, math.ceil(count / max_rows) - 1)
    return side * x


def _stack(members: list[str], x: float, direction: int, sizes: Mapping[str, float],
           *, width: float, max_rows: int) -> dict[str, tuple[float, float]]:
    """Stack nodes top to bottom at ``x``; long columns wrap outwards in ``direction``."""
    out: dict[str, tuple[float, float]] = {}
    for c in range(0, len(members), max_rows):
        chunk = members[c : c + max_rows]
        column_x = x + direction * (c // max_rows) * width * 0.75
        heights = [2 * sizes[m] + 58 for m in chunk]
        y = -sum(heights) / 2
        for member, height in zip(chunk, heights, strict=True):
            out[member] = (round(column_x, 1), round(y + height / 2, 1))
            y += height
    return out


def _neighbourhood(graph: Any, target: str, hops: int) -> dict[str, tuple[int, int, str | None]]:
    """0-1 breadth-first search: node -> (hop, side, parent).

    Side is -1 for texts that cite their way to the target, +1 for texts the
    target cites its way to, 0 for the target and its other identities.
    """
    found: dict[str, tuple[int, int, str | None]] = {target: (0, 0, None)}
    queue: deque[str] = deque([target])
    while queue:
        u = queue.popleft()
        hop, side, _ = found[u]
        steps: list[tuple[str, str, int]] = []
        for _, v, rel in graph.out_edges(u, data="relation"):
            steps.append((v, rel or "cites", 1))
        for w, _, rel in graph.in_edges(u, data="relation"):
            steps.append((w, rel or "cites", -1))
        for other, rel, direction in sorted(steps, key=lambda s: (s[2], s[0])):
            cost = 0 if rel in EQUIVALENCES else 1
            new_hop = hop + cost
            if new_hop > hops:
                continue
            known = found.get(other)
            if known is not None and known[0] <= new_hop:
                continue
            new_side = side if (side or cost == 0) else direction
            found[other] = (new_hop, new_side, u)
            if cost == 0:
                queue.appendleft(other)
            else:
                queue.append(other)
    return found


# --------------------------------------------------------------------------
# The page
# --------------------------------------------------------------------------


@lru_cache(maxsize=1)
def _vis_assets() -> tuple[str, str]:
    """vis-network's script and style sheet as shipped with pyvis."""
    import pyvis  # noqa: PLC0415 - pyvis imports IPython: only when a view is written

    libs = sorted((Path(pyvis.__file__).parent / "templates" / "lib").glob("vis-*"))
    for lib in reversed(libs):
        js, css = lib / "vis-network.min.js", lib / "vis-network.css"
        if js.exists() and css.exists():
            script = js.read_text(encoding="utf-8")
            style = css.read_text(encoding="utf-8")
            # Neither may close its element early.
            script = re.sub(r"</(script)", r"<\\/\1", script, flags=re.IGNORECASE)
            style = re.sub(r"</(style)", r"<\\/\1", style, flags=re.IGNORECASE)
            return script, style
    raise QueryError("vis-network was not found in the pyvis package")


def _json_for_html(value: Any) -> str:
    """JSON that is safe inside a ``<script>`` element."""
    text = json.dumps(value, ensure_ascii=False, separators=(",", ":"))
    return (
        text.replace("&", "\\u0026")
        .replace("<", "\\u003c")
        .replace(">", "\\u003e")
        .replace("\u2028", "\\u2028")
        .replace("\u2029", "\\u2029")
    )


_SHAPE_SVG: Final[dict[str, str]] = {
    "dot": '<circle cx="8" cy="8" r="6"/>',
    "triangle": '<polygon points="8,1.5 14.5,14 1.5,14"/>',
    "square": '<rect x="2" y="2" width="12" height="12"/>',
    "diamond": '<polygon points="8,1 15,8 8,15 1,8"/>',
    "star": '<polygon points="8,1 9.9,6 15,6 10.9,9.2 12.4,14.5 8,11.3 3.6,14.5 5.1,9.2 '
    '1,6 6.1,6"/>',
    "hexagon": '<polygon points="4.5,2 11.5,2 15,8 11.5,14 4.5,14 1,8"/>',
}


def _legend_html(categories: Iterable[str], families: Iterable[str]) -> str:
    rows = []
    for category in categories:
        colour, shape = NODE_STYLES[category]
        rows.append(
            f'<li><svg width="16" height="16" viewBox="0 0 16 16" aria-hidden="true" '
            f'fill="{colour}" stroke="{_darker(colour)}">{_SHAPE_SVG[shape]}</svg>'
            f"{html.escape(category)}</li>"
        )
    lines = []
    for family in families:
        colour, dashed = EDGE_STYLES[family]
        dash = ' stroke-dasharray="4 3"' if dashed else ""
        lines.append(
            f'<li><svg width="22" height="10" viewBox="0 0 22 10" aria-hidden="true">'
            f'<line x1="1" y1="5" x2="21" y2="5" stroke="{colour}" stroke-width="3"{dash}/>'
            f"</svg>{html.escape(family)}</li>"
        )
    parts = ['<aside id="rg-legend" aria-label="Legend">']
    if rows:
        parts.append('<h2>Texts</h2><ul class="rg-nodes">' + "".join(rows) + "</ul>")
    if lines:
        parts.append('<h2>Citations</h2><ul class="rg-edges">' + "".join(lines) + "</ul>")
    parts.append('<p class="rg-note">Size: times cited</p></aside>')
    return "".join(parts)


_PAGE_CSS: Final = """
html, body { margin: 0; padding: 0; height: 100%; font-family: system-ui, -apple-system,
  "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif; color: #222; background: #fff; }
#rg-header { position: absolute; top: 0; left: 0; right: 0; height: 48px; padding: 4px 14px;
  box-sizing: border-box; border-bottom: 1px solid #ddd; background: #fafafa; }
#rg-header h1 { font-size: 17px; margin: 2px 0 0 0; white-space: nowrap; overflow: hidden;
  text-overflow: ellipsis; }
#rg-header p { font-size: 12px; margin: 1px 0 0 0; color: #555; white-space: nowrap;
  overflow: hidden; text-overflow: ellipsis; }
#mynetwork { position: absolute; top: 48px; left: 172px; right: 0; bottom: 0; }
#rg-legend { position: absolute; left: 0; top: 48px; bottom: 0; width: 172px;
  box-sizing: border-box; background: #fafafa; border-right: 1px solid #ddd;
  padding: 6px 10px; font-size: 12px; overflow: auto; z-index: 5; }
#rg-legend h2 { font-size: 12px; margin: 4px 0 2px 0; }
#rg-legend ul { list-style: none; margin: 0; padding: 0; }
#rg-legend li { display: flex; align-items: center; gap: 6px; line-height: 18px; }
#rg-legend .rg-note { margin: 4px 0 0 0; color: #666; }
#rg-info { position: absolute; right: 10px; top: 58px; width: 340px; max-height: 60%;
  overflow: auto; background: #fff; border: 1px solid #bbb; border-radius: 6px;
  box-shadow: 0 2px 8px rgba(0,0,0,0.15); padding: 8px 10px; font-size: 13px; z-index: 6; }
#rg-info[hidden] { display: none; }
#rg-info button { float: right; border: none; background: none; font-size: 18px;
  cursor: pointer; line-height: 1; }
.rg-tip { max-width: 360px; white-space: normal; font-size: 13px; }
.rg-tip-head { font-weight: 600; }
.rg-tip-title { margin: 2px 0; }
.rg-tip-meta { color: #555; font-size: 12px; }
.rg-tip-link { display: block; margin-top: 3px; word-break: break-all; }
.rg-cite { margin-top: 6px; }
.rg-cite-verb { font-weight: 600; }
.rg-cite-quote { font-style: italic; color: #333; }
div.vis-tooltip { white-space: normal; max-width: 380px; }
"""

_PAGE_JS: Final = r"""
var network, nodes, edges;
window.resgraphReady = null;
(function () {
  "use strict";
  var DATA = JSON.parse(document.getElementById("rg-data").textContent);
  function el(tag, cls, text) {
    var e = document.createElement(tag);
    if (cls) { e.className = cls; }
    if (text !== undefined && text !== null) { e.textContent = String(text); }
    return e;
  }
  function safeUrl(u) {
    return (typeof u === "string" && /^https?:\/\//i.test(u)) ? u : null;
  }
  function plural(n, one, many) { return n + " " + (n === 1 ? one : many); }
  function nodeDetails(n) {
    var box = el("div", "rg-tip");
    box.appendChild(el("div", "rg-tip-head", n.sym || n.id));
    if (n.name) { box.appendChild(el("div", "rg-tip-title", n.name)); }
    var meta = [n.cat];
    meta.push(n.date ? n.date : "date unknown");
    if (n.cited) {
      meta.push("cited " + plural(n.cited, "time", "times") + " by " +
                plural(n.citers, "text", "texts"));
    }
    box.appendChild(el("div", "rg-tip-meta", meta.join(" \u00b7 ")));
    var url = safeUrl(n.url);
    if (url) {
      var a = el("a", "rg-tip-link", url);
      a.href = url; a.target = "_blank"; a.rel = "noopener noreferrer";
      box.appendChild(a);
    }
    return box;
  }
  function edgeDetails(e) {
    var box = el("div", "rg-tip");
    var from = nodes.get(e.from), to = nodes.get(e.to);
    box.appendChild(el("div", "rg-tip-head",
      (from ? from.sym : e.from) + " \u2192 " + (to ? to.sym : e.to)));
    if (e.rel !== "cites") {
      box.appendChild(el("div", "rg-tip-meta", e.rel));
      return box;
    }
    var shown = e.cites.slice(0, 6);
    shown.forEach(function (c) {
      var item = el("div", "rg-cite");
      var where = [];
      if (c.paragraph) { where.push(c.paragraph); }
      if (c.footnote) { where.push("footnote " + c.footnote); }
      item.appendChild(el("span", "rg-cite-verb", c.verb || "cites"));
      if (where.length) {
        item.appendChild(el("span", "rg-tip-meta", " (" + where.join(", ") + ")"));
      }
      if (c.quote) {
        item.appendChild(el("div", "rg-cite-quote", "\u201c" + c.quote + "\u201d"));
      }
      box.appendChild(item);
    });
    if (e.cites.length > shown.length) {
      box.appendChild(el("div", "rg-tip-meta", "and " + (e.cites.length - shown.length) + " more"));
    }
    return box;
  }
  window.resgraphNodeDetails = nodeDetails;
  window.resgraphEdgeDetails = edgeDetails;
  DATA.nodes.forEach(function (n) { n.title = nodeDetails(n); });
  nodes = new vis.DataSet(DATA.nodes);
  edges = new vis.DataSet(DATA.edges);
  edges.forEach(function (e) { edges.update({id: e.id, title: edgeDetails(e)}); });
  var container = document.getElementById("mynetwork");
  network = new vis.Network(container, {nodes: nodes, edges: edges}, DATA.options);
  var info = document.getElementById("rg-info");
  var body = document.getElementById("rg-info-body");
  function show(content) {
    while (body.firstChild) { body.removeChild(body.firstChild); }
    body.appendChild(content);
    info.hidden = false;
  }
  document.getElementById("rg-info-close").addEventListener("click", function () {
    info.hidden = true;
  });
  network.on("click", function (p) {
    if (p.nodes.length) { show(nodeDetails(nodes.get(p.nodes[0]))); }
    else if (p.edges.length) { show(edgeDetails(edges.get(p.edges[0]))); }
    else { info.hidden = true; }
  });
  network.on("doubleClick", function (p) {
    if (p.nodes.length) {
      var url = safeUrl(nodes.get(p.nodes[0]).url);
      if (url) { window.open(url, "_blank", "noopener"); }
    }
  });
  if (DATA.axis) {
    network.on("beforeDrawing", function (ctx) {
      var scale = network.getScale();
      var top = network.DOMtoCanvas({x: 0, y: 0}).y;
      var bottom = network.DOMtoCanvas({x: 0, y: container.clientHeight}).y;
      ctx.save();
      ctx.strokeStyle = "#e2e2e2";
      ctx.lineWidth = 1 / scale;
      ctx.fillStyle = "#666";
      ctx.font = (12 / scale) + "px sans-serif";
      ctx.textAlign = "center";
      DATA.axis.forEach(function (t) {
        ctx.beginPath(); ctx.moveTo(t.x, top); ctx.lineTo(t.x, bottom); ctx.stroke();
        ctx.fillText(t.label, t.x, top + 14 / scale);
      });
      ctx.restore();
    });
  }
  function ready() {
    window.resgraphReady = {drawnAt: performance.now()};
    document.body.setAttribute("data-ready", "1");
  }
  network.once("afterDrawing", function () {
    if (DATA.refit) {
      // Labels are measured at the first drawing: fit again so none is cut.
      network.once("afterDrawing", ready);
      network.fit();
    } else {
      ready();
    }
  });
})();
"""


def _write_page(
    path: str | Path,
    *,
    heading: str,
    subtitle: str,
    nodes: list[dict[str, Any]],
    edges: list[dict[str, Any]],
    options: dict[str, Any],
    axis: list[dict[str, Any]] | None = None,
) -> Path:
    from pyvis.network import Network  # noqa: PLC0415 - see _vis_assets

    net = Network(directed=True, cdn_resources="in_line", heading=heading)
    # Filled directly: add_node/add_edge cost a hundredfold more on large graphs.
    net.nodes = nodes
    net.edges = edges
    net.node_ids = [n["id"] for n in nodes]
    net.node_map = {n["id"]: n for n in nodes}
    net.options = options
    node_list, edge_list, _, _, _, options_json = net.get_network_data()
    data = {
        "nodes": node_list,
        "edges": edge_list,
        "options": json.loads(options_json),
        "axis": axis,
        "refit": len(nodes) <= _LARGE,
    }
    categories = [c for c in NODE_STYLES if any(n["cat"] == c for n in nodes)]
    families = [f for f in EDGE_STYLES if any(e["fam"] == f for e in edges)]
    script, style = _vis_assets()
    page = "".join(
        [
            '<!DOCTYPE html>\n<html lang="en">\n<head>\n<meta charset="utf-8">\n',
            '<meta name="viewport" content="width=device-width, initial-scale=1">\n',
            f"<title>{html.escape(heading)}</title>\n",
            "<style>", style, "</style>\n<style>", _PAGE_CSS, "</style>\n",
            "<script>", script, "</script>\n</head>\n<body>\n",
            '<header id="rg-header"><h1>', html.escape(heading), "</h1><p>",
            html.escape(subtitle), "</p></header>\n",
            '<div id="mynetwork"></div>\n',
            _legend_html(categories, families), "\n",
            '<aside id="rg-info" hidden><button id="rg-info-close" type="button" '
            'aria-label="Close">\u00d7</button><div id="rg-info-body"></div></aside>\n',
            '<script id="rg-data" type="application/json">', _json_for_html(data),
            "</script>\n<script>", _PAGE_JS, "</script>\n</body>\n</html>\n",
        ]
    )
    out = Path(path)
    try:
        out.write_text(page, encoding="utf-8")
    except OSError as exc:
        raise QueryError(f"cannot write the view to {out}: {exc.strerror or exc}") from exc
    return out


def _options(n_nodes: int, n_edges: int, *, smooth: bool) -> dict[str, Any]:
    large = n_nodes > _LARGE or n_edges > 2 * _LARGE
    return {
        "autoResize": True,
        "physics": {"enabled": False},
        "layout": {"improvedLayout": False, "randomSeed": 1},
        "interaction": {
            "hover": True,
            "tooltipDelay": 120,
            "hideEdgesOnDrag": large,
            "hideEdgesOnZoom": large,
            "keyboard": {"enabled": True, "bindToWindow": False},
            "navigationButtons": False,
        },
        "nodes": {
            "font": {"size": 14, "face": "sans-serif", "color": "#222222",
                     "strokeWidth": 3, "strokeColor": "#ffffff"},
            "scaling": {"label": {"drawThreshold": 5}},
        },
        "edges": {
            "arrows": {"to": {"enabled": True, "scaleFactor": 0.5 if large else 0.7}},
            "smooth": {"enabled": True, "type": "curvedCW", "roundness": 0.12}
            if smooth and not large else False,
            "font": {"size": 11, "face": "sans-serif", "color": "#333333", "align": "horizontal",
                     "strokeWidth": 3, "strokeColor": "#ffffff"},
            "selectionWidth": 1.5,
            "hoverWidth": 1.0,
        },
    }


def _check_path(path: Any) -> Path:
    if not isinstance(path, str | Path) or not str(path):
        raise QueryError(f"path must be a file name, not {path!r}")
    return Path(path)


# --------------------------------------------------------------------------
# The views
# --------------------------------------------------------------------------


def neighbourhood_view(
    graph: Any,
    target: str,
    hops: int = 1,
    *,
    path: str | Path,
    title_chars: int = 32,
) -> View:
    """Write the neighbourhood of ``target``: who cites it and what it cites.

    Follows edges in both directions up to ``hops`` steps (default 1). The
    links between a resolution, the instrument it adopted and the instrument's
    treaty entry count no step, so the texts citing a convention by its treaty
    number stand next to its adopting resolution. Citing texts are drawn on
    the left, cited texts on the right, one column per step, most recent at
    the top. ``target`` is a key or any symbol form :func:`~resgraph.symbols.canonical`
    reads (``45/158``). Raises :class:`~resgraph.errors.QueryError` for an
    unknown target or a bad ``hops``.

    >>> import tempfile, networkx as nx
    >>> g = nx.MultiDiGraph()
    >>> g.add_node("A/RES/45/158", kind="resolution", organ="GA", date="1990-12-18")
    >>> g.add_node("instrument:cmw", kind="instrument", title="Migrant workers convention")
    >>> g.add_node("S/RES/2000(2011)", kind="resolution", organ="SC", date="2011-07-27")
    >>> _ = g.add_edge("A/RES/45/158", "instrument:cmw", relation="adopts")
    >>> _ = g.add_edge("S/RES/2000(2011)", "instrument:cmw", relation="cites", verb="noting")
    >>> view = neighbourhood_view(g, "A/RES/45/158", path=Path(tempfile.mkdtemp()) / "n.html")
    >>> view.nodes, view.edges
    (3, 2)
    >>> neighbourhood_view(g, "A/RES/1/1", path="n.html")
    Traceback (most recent call last):
    ...
    resgraph.errors.QueryError: unknown target: 'A/RES/1/1' is not in the graph
    """
    _check_graph(graph)
    out = _check_path(path)
    if isinstance(hops, bool) or not isinstance(hops, int) or hops < 0:
        raise QueryError(f"hops must be a whole number of at least 0, not {hops!r}")
    key = _resolve(graph, target)
    started = time.perf_counter()
    found = _neighbourhood(graph, key, hops)
    times, texts = _cited_counts(graph)
    columns: dict[tuple[int, int], list[str]] = {}
    for node, (hop, side, _) in found.items():
        columns.setdefault((side, hop if side else 0), []).append(node)
    # Order: the target first in the centre; step 1 by date (newest on top);
    # further steps next to the node they were reached from.
    positions: dict[str, tuple[float, float]] = {}
    sizes = {node: _size(times[node]) for node in found}
    for side, hop in sorted(columns, key=lambda c: (c[1], c[0])):
        members = columns[(side, hop)]
        if hop == 0:
            members.sort(key=lambda m: (m != key, _date_sort_key(graph, m)))
        elif hop == 1:
            members.sort(key=lambda m: _date_sort_key(graph, m))
        else:
            members.sort(key=lambda m: (positions.get(found[m][2] or "", (0.0, 0.0))[1],
                                        _date_sort_key(graph, m)))
        x = _column_x(columns, side, hop, _COLUMN_WIDTH, _MAX_ROWS)
        positions.update(
            _stack(members, x, side or 1, sizes, width=_COLUMN_WIDTH, max_rows=_MAX_ROWS)
        )
    layout_seconds = time.perf_counter() - started
    keys = sorted(found, key=lambda m: (found[m][0], m))
    node_records = _node_records(graph, keys, times, texts, title_chars=title_chars,
                                 emphasise={key})
    for record in node_records:
        record["x"], record["y"] = positions[record["id"]]
    edge_records = _edge_records(graph, set(found), labels=True)
    for record in edge_records:
        if positions[record["from"]][0] == positions[record["to"]][0]:
            # Within one column: bow out, and leave the verb to the colour and the
            # tooltip (a label would sit on the node labels).
            record["smooth"] = {"enabled": True, "type": "curvedCW", "roundness": 0.55}
            record.pop("label", None)
    if len(edge_records) > 2 * _LARGE:
        for record in edge_records:
            record.pop("label", None)
    sym = _text(graph.nodes[key].get("symbol")) or key
    name = _text(graph.nodes[key].get("title"))
    citing = sum(1 for _, side, _ in found.values() if side < 0)
    cited = sum(1 for _, side, _ in found.values() if side > 0)
    heading = f"{sym}: citation neighbourhood" + (f" ({hops} steps)" if hops != 1 else "")
    subtitle = (
        (f"{_shorten(name, 90)} · " if name else "")
        + f"{citing} citing (left) · {cited} cited (right) · "
        "hover for details, click to keep them, double-click to open"
    )
    _write_page(out, heading=heading, subtitle=subtitle, nodes=node_records,
                edges=edge_records,
                options=_options(len(node_records), len(edge_records), smooth=True))
    return View(out, len(node_records), len(edge_records), layout_seconds)


def _chain_graph(graph: Any) -> Any:
    """Directed graph of citations, with identity links usable both ways."""
    chains = nx.DiGraph()
    chains.add_nodes_from(graph.nodes)
    for u, v, relation in graph.edges(data="relation"):
        rel = relation or "cites"
        if rel == "cites":
            chains.add_edge(u, v)
        elif rel in EQUIVALENCES:
            chains.add_edge(u, v)
            chains.add_edge(v, u)
    return chains


def _citation_paths(
    chains: Any, source: str, target: str, max_length: int, max_paths: int
) -> list[list[str]]:
    paths: list[list[str]] = []
    try:
        for found in nx.shortest_simple_paths(chains, source, target):
            if len(found) - 1 > max_length or len(paths) >= max_paths:
                break
            paths.append(list(found))
    except nx.NetworkXNoPath:
        return []
    return paths


_PX_PER_YEAR: Final = 180.0
_MAX_GAP: Final = 260.0


@dataclass(frozen=True, slots=True)
class _TimeScale:
    """A piecewise linear map from years to x in which long gaps are shortened.

    Between consecutive dates x grows by ``_PX_PER_YEAR`` per year, but by no
    more than ``_MAX_GAP``: a chain from 1948 to 2024 through 1990 stays readable.
    """

    knots: tuple[float, ...]
    xs: tuple[float, ...]

    @classmethod
    def fit(cls, years: Iterable[float]) -> _TimeScale:
        knots = sorted(set(years)) or [2000.0]
        xs = [0.0]
        for a, b in pairwise(knots):
            xs.append(xs[-1] + min((b - a) * _PX_PER_YEAR, _MAX_GAP))
        return cls(tuple(knots), tuple(xs))

    @property
    def shortened(self) -> bool:
        """True when some gap was shortened."""
        return any((b - a) * _PX_PER_YEAR > _MAX_GAP for a, b in pairwise(self.knots))

    def __call__(self, year: float) -> float:
        if year <= self.knots[0]:
            return round(self.xs[0] - (self.knots[0] - year) * _PX_PER_YEAR, 1)
        if year >= self.knots[-1]:
            return round(self.xs[-1] + (year - self.knots[-1]) * _PX_PER_YEAR, 1)
        return round(float(np.interp(year, self.knots, self.xs)), 1)

    def ticks(self, min_px: float = 70.0) -> list[dict[str, Any]]:
        """Year marks at least ``min_px`` apart, on round years where the axis is short."""
        out: list[dict[str, Any]] = []
        last_x = -math.inf
        first = math.ceil(self.knots[0])
        years = range(first, math.floor(self.knots[-1]) + 1) or range(first - 1, first)
        for year in years:
            x = self(float(year))
            slope = max(self(year + 0.5) - self(year - 0.5), 1e-9)
            step = next((s for s in (1, 2, 5, 10, 20, 50) if s * slope >= min_px), 100)
            if (year % step == 0 or year == first) and x - last_x >= min_px:
                out.append({"x": x, "label": str(year)})
                last_x = x
        return out


def chain_view(
    graph: Any,
    source: str,
    target: str,
    *,
    path: str | Path,
    max_length: int = 6,
    max_paths: int = 50,
    title_chars: int = 28,
) -> View:
    """Write the citation paths between two texts, laid out in time order.

    Paths follow citations from the citing text to the cited one (from
    ``source`` to ``target``, or else from ``target`` to ``source``), and may
    cross the links between a resolution, its instrument and the treaty entry
    in either direction. The shortest ``max_paths`` paths of at most
    ``max_length`` steps are drawn; x is the date (read from the symbol when
    the date is unknown), with a year axis; each path keeps its own lane.
    Raises :class:`~resgraph.errors.QueryError` when a text is unknown or no
    path joins them.

    >>> import tempfile, networkx as nx
    >>> g = nx.MultiDiGraph()
    >>> for key, date in [("A/RES/44/25", "1989-11-20"), ("A/RES/60/1", "2005-10-24"),
    ...                   ("A/RES/78/1", "2023-10-20")]:
    ...     g.add_node(key, kind="resolution", organ="GA", date=date)
    >>> _ = g.add_edge("A/RES/78/1", "A/RES/60/1", relation="cites", verb="recalling")
    >>> _ = g.add_edge("A/RES/60/1", "A/RES/44/25", relation="cites", verb="reaffirming")
    >>> out = Path(tempfile.mkdtemp()) / "chain.html"
    >>> chain_view(g, "A/RES/44/25", "A/RES/78/1", path=out)
    View(path=..., nodes=3, edges=2)
    """
    _check_graph(graph)
    out = _check_path(path)
    for name, value in (("max_length", max_length), ("max_paths", max_paths)):
        if isinstance(value, bool) or not isinstance(value, int) or value < 1:
            raise QueryError(f"{name} must be a whole number of at least 1, not {value!r}")
    start_key = _resolve(graph, source, "source")
    end_key = _resolve(graph, target, "target")
    if start_key == end_key:
        raise QueryError(f"source and target are the same text: {start_key!r}")
    started = time.perf_counter()
    chains = _chain_graph(graph)
    paths = _citation_paths(chains, start_key, end_key, max_length, max_paths)
    if not paths:
        paths = _citation_paths(chains, end_key, start_key, max_length, max_paths)
    if not paths:
        raise QueryError(
            f"no citation path between {start_key!r} and {end_key!r} "
            f"of at most {max_length} steps"
        )
    steps = {(a, b) for p in paths for a, b in pairwise(p)}
    steps |= {(b, a) for a, b in steps}  # identity links may point the other way
    members = list(dict.fromkeys(node for p in paths for node in p))
    # x: the date, or the symbol's year, or between the neighbours on a path.
    years: dict[str, float | None] = {}
    for node in members:
        data = graph.nodes[node]
        years[node] = _year_of(data.get("date")) or _symbol_year(node, data)
    for _ in range(len(members)):
        missing = [node for node in members if years[node] is None]
        if not missing:
            break
        for node in missing:
            near = [years[m] for p in paths for i, m in enumerate(p)
                    if node in p and abs(p.index(node) - i) == 1 and years[m] is not None]
            if near:
                years[node] = sum(v for v in near if v is not None) / len(near)
    known = [v for v in years.values() if v is not None]
    base = min(known) if known else 2000.0
    for node in members:
        if years[node] is None:
            years[node] = base
    first = min(v for v in years.values() if v is not None)
    x_of = _TimeScale.fit(v for v in years.values() if v is not None)

    lane: dict[str, float] = {}
    for number, p in enumerate(paths):
        offset = (number + 1) // 2 * (1 if number % 2 else -1)
        for node in p:
            lane.setdefault(node, float(offset))
    positions: dict[str, tuple[float, float]] = {}
    taken: list[tuple[float, float]] = []
    for node in sorted(members, key=lambda m: (years[m] or 0.0, m)):
        x = x_of(years[node] or first)
        if node in (start_key, end_key):
            lane[node] = 0.0
        y = lane[node] * 110.0
        tries = 0
        while any(abs(x - tx) < 170 and abs(y - ty) < 80 for tx, ty in taken) and tries < 200:
            tries += 1
            y = lane[node] * 110.0 + ((tries + 1) // 2) * 85.0 * (1 if tries % 2 else -1)
        positions[node] = (x, round(y, 1))
        taken.append((x, y))
    layout_seconds = time.perf_counter() - started
    times, texts = _cited_counts(graph)
    node_records = _node_records(graph, members, times, texts, title_chars=title_chars,
                                 emphasise={start_key, end_key})
    for record in node_records:
        record["x"], record["y"] = positions[record["id"]]
    edge_records = _edge_records(graph, set(members), labels=True, only=steps)
    axis = x_of.ticks()
    a = _text(graph.nodes[start_key].get("symbol")) or start_key
    b = _text(graph.nodes[end_key].get("symbol")) or end_key
    lengths = sorted({len(p) - 1 for p in paths})
    heading = f"Citation chains between {a} and {b}"
    subtitle = (
        f"{len(paths)} path{'s' if len(paths) != 1 else ''} of "
        f"{', '.join(map(str, lengths))} step{'s' if lengths != [1] else ''} · "
        "x is the date" + (" (long gaps shortened)" if x_of.shortened else "")
        + " · hover for details, click to keep them"
    )
    _write_page(out, heading=heading, subtitle=subtitle, nodes=node_records,
                edges=edge_records, axis=axis,
                options=_options(len(node_records), len(edge_records), smooth=True))
    return View(out, len(node_records), len(edge_records), layout_seconds)


def _session_range(sessions: Any) -> range | None:
    if sessions is None:
        return None
    if isinstance(sessions, range):
        return sessions
    if (isinstance(sessions, tuple | list) and len(sessions) == 2
            and all(isinstance(s, int) and not isinstance(s, bool) for s in sessions)):
        return range(sessions[0], sessions[1] + 1)
    raise QueryError(
        f"sessions must be a range (range(70, 80)) or a pair (70, 79), not {sessions!r}"
    )


def _corpus_members(
    graph: Any, organs: set[str] | None, sessions: range | None, min_cited: int,
    times: Counter[str],
) -> list[str]:
    primary: list[str] = []
    followers: list[str] = []
    for node, data in graph.nodes(data=True):
        category = node_category(node, data)
        organ = data.get("organ")
        if organ is None and category.endswith(" resolution"):
            organ = category.split()[0]
        if organ is None and data.get("kind") in (None, "decision"):
            try:
                organ = parse_symbol(_text(data.get("symbol")) or node).organ
            except SymbolError:
                organ = None
        if organ:
            if organs is not None and organ not in organs:
                continue
            if sessions is not None and _ga_session(node, data) not in sessions:
                continue
            primary.append(node)
        else:
            followers.append(node)
    kept = set(primary)
    if organs is not None or sessions is not None:
        # Texts of no organ (documents, instruments, treaties, conferences) come
        # with the chosen texts that cite or adopt them.
        others = set(followers)
        queue = deque(primary)
        while queue:
            u = queue.popleft()
            for _, v in graph.out_edges(u):
                if v in others and v not in kept:
                    kept.add(v)
                    queue.append(v)
    else:
        kept.update(followers)
    return sorted(node for node in kept if times[node] >= min_cited)


def corpus_view(
    graph: Any,
    *,
    path: str | Path,
    organs: Iterable[str] | None = None,
    sessions: range | tuple[int, int] | None = None,
    min_cited: int = 0,
    seed: int = 0,
) -> View:
    """Write the whole corpus, or the part chosen by organ, session and citations.

    ``organs`` keeps the resolutions and decisions of those organs (``GA``,
    ``SC``, ``ECOSOC``, ``HRC``); ``sessions`` (``range(70, 80)`` or the
    inclusive pair ``(70, 79)``) keeps those of General Assembly sessions in
    the range, other organs' texts placed in sessions by date (session ``n``
    runs from September ``1945 + n``). Documents, instruments, treaties and
    conferences come with the chosen texts that cite them. ``min_cited`` then
    keeps the texts cited at least that often in the whole graph. Nodes are
    placed by :func:`force_layout`, one connected part at a time, and the
    parts packed in rows; labels show the symbol and appear when zoomed in.
    Raises :class:`~resgraph.errors.QueryError` for a bad filter or when no
    text is left.

    >>> import tempfile, networkx as nx
    >>> g = nx.MultiDiGraph()
    >>> g.add_node("A/RES/70/1", kind="resolution", organ="GA", date="2015-09-25")
    >>> g.add_node("S/RES/2250(2015)", kind="resolution", organ="SC", date="2015-12-09")
    >>> _ = g.add_edge("S/RES/2250(2015)", "A/RES/70/1", relation="cites", verb="recalling")
    >>> folder = Path(tempfile.mkdtemp())
    >>> corpus_view(g, path=folder / "all.html")
    View(path=..., nodes=2, edges=1)
    >>> corpus_view(g, path=folder / "sc.html", organs=["SC"])
    View(path=..., nodes=1, edges=0)
    >>> corpus_view(g, path=folder / "none.html", min_cited=5)
    Traceback (most recent call last):
    ...
    resgraph.errors.QueryError: no text matches the filters (min_cited=5)
    """
    _check_graph(graph)
    out = _check_path(path)
    organ_set: set[str] | None = None
    if organs is not None:
        if isinstance(organs, str):
            organs = [organs]
        organ_set = {str(o).upper() for o in organs}
        unknown = sorted(organ_set - set(ORGANS))
        if unknown:
            raise QueryError(f"unknown organ(s): {', '.join(unknown)} "
                             f"(known: {', '.join(ORGANS)})")
    session_range = _session_range(sessions)
    if isinstance(min_cited, bool) or not isinstance(min_cited, int) or min_cited < 0:
        raise QueryError(f"min_cited must be a whole number of at least 0, not {min_cited!r}")
    times, texts = _cited_counts(graph)
    members = _corpus_members(graph, organ_set, session_range, min_cited, times)
    if not members:
        filters = []
        if organ_set is not None:
            filters.append(f"organs={','.join(sorted(organ_set))}")
        if session_range is not None:
            filters.append(f"sessions={session_range.start}-{session_range.stop - 1}")
        if min_cited:
            filters.append(f"min_cited={min_cited}")
        raise QueryError("no text matches the filters" +
                         (f" ({', '.join(filters)})" if filters else " (the graph is empty)"))
    started = time.perf_counter()
    radii = {key: _size(times[key], compact=True) for key in members}
    positions = _component_layout(graph, members, radii, seed=seed)
    layout_seconds = time.perf_counter() - started
    node_records = _node_records(graph, members, times, texts, title_chars=0, compact=True)
    for record in node_records:
        record["x"], record["y"] = positions[record["id"]]
    edge_records = _edge_records(graph, set(members), labels=len(members) <= 60)
    parts = []
    if organ_set is not None:
        parts.append("organs " + ", ".join(sorted(organ_set)))
    if session_range is not None:
        parts.append(f"sessions {session_range.start}–{session_range.stop - 1}")
    if min_cited:
        parts.append(f"cited at least {min_cited} times")
    heading = "Citation corpus" + (f": {'; '.join(parts)}" if parts else "")
    subtitle = (
        f"{len(node_records)} texts · {len(edge_records)} citing links · "
        "zoom in for labels, hover for details, click to keep them"
    )
    _write_page(out, heading=heading, subtitle=subtitle, nodes=node_records,
                edges=edge_records,
                options=_options(len(node_records), len(edge_records), smooth=False))
    return View(out, len(node_records), len(edge_records), layout_seconds)

