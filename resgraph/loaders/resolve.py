"""[Citation] -> [Reference]: the canonical target of every mention.

:func:`resolve` gives each citation found by :func:`~resgraph.loaders.find.find_citations`
its target:

* a mention that carries its own key (``resolution 45/158``, ``A/59/325``,
  ``United Nations, Treaty Series, vol. 2220, No. 39481``) keeps it
  (``via="text"``, or ``"footnote"`` when printed in a footnote);
* ``Ibid.`` takes the target of the citation it repeats, through chains of
  ``Ibid.`` and across footnotes (``via="ibid"``);
* a named instrument takes its registry key (``via="registry"``); a name the
  registry does not know is resolved through the footnote whose marker follows
  it, when that footnote cites the instrument's adopting resolution or its Treaty
  Series number (``via="footnote"``);
* anything else keeps ``target=None`` and a ``reason``: nothing is dropped.

How an adopting act is represented
----------------------------------
A reference keeps the target *as printed*: a footnote ``United Nations, Treaty
Series, vol. 2220, No. 39481`` gives ``UNTS:39481``, a footnote ``Resolution
45/158, annex`` gives ``A/RES/45/158``, and the name in the body gives
``instrument:cmw``. The registry links the three (``UNTS:39481 -> instrument:cmw
-> A/RES/45/158``), and the graph stores those links, so nothing is lost and
nothing is invented. :func:`targets_of` gives every key a reference counts as
citing, so "who cites 45/158" finds texts whichever way they cite the
convention.

>>> from resgraph.registry import Instrument, Registry
>>> reg = Registry()
>>> reg.add_instrument(Instrument("cmw", "convention", "International Convention on the "
...     "Protection of the Rights of All Migrant Workers and Members of Their Families",
...     adopted_by="A/RES/45/158", unts="39481"))
>>> from resgraph.models import Citation, CitationType, Span
>>> c = Citation(CitationType.TREATY, "UNTS:39481", "No. 39481", Span(0, 9), "preamble 1")
>>> sorted(targets_of(Reference(c, "UNTS:39481"), reg))
['A/RES/45/158', 'UNTS:39481', 'instrument:cmw']
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence

from resgraph.loaders.find import IN_OR, default_registry, find_citations
from resgraph.models import Citation, CitationType, Document, Reference
from resgraph.registry import Instrument, Registry, normalize_name

__all__ = ["extract", "learn_aliases", "resolve", "targets_of"]

T = CitationType

_GAP = re.compile(r"[\s,;:)\]”’\"'.]*")


def _is_antecedent(c: Citation) -> bool:
    return c.type != T.OTHER and not (c.note and IN_OR in c.note)


def _main_work(cands: Sequence[Citation]) -> Citation:
    """The last citation, or the document it corrects (``A/1/2`` for ``A/1/2/Corr.1``)."""
    last = cands[-1]
    for o in cands[:-1]:
        if o.key and last.key and last.key.startswith(o.key + "/"):
            return o
    return last


class _Resolver:
    def __init__(self, doc: Document, citations: Sequence[Citation], registry: Registry) -> None:
        self.doc = doc
        self.registry = registry
        self.order = [fn.number for fn in doc.footnotes]
        by_fn: dict[int, dict[tuple[int, int, str | None, str], Citation]] = {}
        for c in citations:
            if c.footnote is not None:
                key = (c.span.start, c.span.end, c.key, str(c.type))
                by_fn.setdefault(c.footnote, {}).setdefault(key, c)
        self.by_fn = {n: list(d.values()) for n, d in by_fn.items()}
        for cites in self.by_fn.values():
            cites.sort(key=lambda c: c.span.start)
        # A footnote printed under several markers gives equal citations but for the
        # paragraph and verb: they resolve alike, so the memo ignores those two.
        self.memo: dict[tuple[object, ...], tuple[str | None, str, str | None]] = {}

    # -- footnotes and Ibid. ------------------------------------------------

    def _previous_footnote(self, number: int) -> int | None:
        try:
            i = self.order.index(number)
        except ValueError:
            return None
        return self.order[i - 1] if i > 0 else None

    def antecedent(self, c: Citation) -> Citation | None:
        """The citation an ``Ibid.`` repeats."""
        assert c.footnote is not None
        same = [o for o in self.by_fn.get(c.footnote, []) if o.span.start < c.span.start
                and _is_antecedent(o)]
        if not same:
            prev = self._previous_footnote(c.footnote)
            if prev is None:
                return None
            same = [o for o in self.by_fn.get(prev, []) if _is_antecedent(o)]
            if not same:
                return None
        return _main_work(same)

    # -- one citation -------------------------------------------------------

    def target(self, c: Citation, depth: int = 0) -> tuple[str | None, str, str | None]:
        """(target, via, reason)."""
        mkey = (c.footnote, c.span.start, c.span.end, c.key, c.type, c.note, c.paragraph
                if c.type == T.INSTRUMENT else None)
        if mkey in self.memo:
            return self.memo[mkey]
        result = self._target(c, depth)
        self.memo[mkey] = result
        return result

    def _target(self, c: Citation, depth: int) -> tuple[str | None, str, str | None]:
        where = "footnote" if c.footnote is not None else "text"
        if c.key is not None:
            if c.type in (T.INSTRUMENT, T.CONFERENCE):
                return c.key, "registry", None
            return c.key, where, None
        if c.note and c.note.startswith("ibid") and c.footnote is not None:
            if depth > 200:
                return None, "ibid", "Ibid. chain too long"
            ante = self.antecedent(c)
            if ante is None:
                return None, "ibid", "Ibid. without a previous citation"
            target, _via, reason = self.target(ante, depth + 1)
            if target is None:
                return None, "ibid", f"Ibid. repeats an unresolved citation ({reason})"
            return target, "ibid", None
        if c.type == T.INSTRUMENT and c.footnote is None:
            return self._through_footnote(c)
        return None, where, c.note or f"{c.type} without a canonical key"

    def _through_footnote(self, c: Citation) -> tuple[str | None, str, str | None]:
        """An instrument name the registry does not know: try its footnote."""
        fn = self._footnote_after(c)
        if fn is None:
            return None, "text", "instrument not in the registry, and no footnote follows it"
        cited: list[str] = []
        for o in self.by_fn.get(fn, []):
            target, _via, _reason = self.target(o)
            if target is None:
                continue
            cited.append(target)
            inst = instrument_of(target, self.registry, c.text, annex=o.pinpoint)
            if inst is not None:
                return inst.target, "footnote", None
        what = ", ".join(cited) if cited else "nothing resolvable"
        return None, "footnote", f"instrument not in the registry; footnote {fn} cites {what}"

    def _footnote_after(self, c: Citation) -> int | None:
        p = self.doc.paragraph(c.paragraph)
        if p is None:
            return None
        src = self.doc.source
        for m in p.markers:
            if m.span.start >= c.span.end and _GAP.fullmatch(src, c.span.end, m.span.start):
                return m.footnote
        return None


def instrument_of(target: str, registry: Registry, name: str | None = None, *,
                  annex: str | None = None) -> Instrument | None:
    """The registry instrument a resolution or Treaty Series key stands for, if any.

    When a resolution adopted several instruments (``2200 A (XXI)``: both
    Covenants and the Optional Protocol), ``name`` picks the one whose name shares
    the most words with it. With a ``name`` (a mention the registry does not know),
    the instrument must also be of the same kind (a ``Protocol`` to a treaty is not
    the treaty, though both share its Treaty Series number) and, when the footnote
    gives an ``annex``, be printed in that annex.

    >>> from resgraph.registry import Instrument, Registry
    >>> reg = Registry()
    >>> reg.add_instrument(Instrument("cmw", "convention", "Migrant Workers Convention",
    ...                               adopted_by="A/RES/45/158", unts="39481"))
    >>> instrument_of("UNTS:39481", reg).key, instrument_of("A/RES/45/158", reg).key
    ('cmw', 'cmw')
    """
    found: list[Instrument] = []
    if target.startswith("UNTS:"):
        rest = target[5:]
        m = re.fullmatch(r"v(\d+)p(\d+)", rest)
        inst = registry.by_unts_page(m.group(1), m.group(2)) if m else registry.by_unts(rest)
        if inst is not None:
            found.append(inst)
    elif target.startswith("instrument:"):
        ent = registry.get(target)
        if isinstance(ent, Instrument):
            found.append(ent)
    else:
        found.extend(registry.adopted_by(target))
    if name:
        found = [i for i in found if _same_kind(name, i) and _same_annex(annex, i)]
    if not found:
        return None
    if len(found) == 1 or not name:
        return found[0] if len(found) == 1 else None
    words = set(normalize_name(name).split())

    def overlap(inst: Instrument) -> float:
        best = 0.0
        for n in inst.names:
            w = set(normalize_name(n).split())
            if w:
                best = max(best, len(words & w) / len(w | words))
        return best

    best = max(found, key=overlap)
    return best if overlap(best) >= 0.5 else None


_HEADS = ("optional protocol", "protocol", "amendment", "convention", "covenant",
          "declaration", "charter", "treaty", "agreement", "programme of action",
          "platform for action", "plan of action", "agenda", "principles", "guidelines",
          "rules", "strategy", "framework", "statute", "code of conduct", "compact")
_LEADING = ("optional protocol", "protocol", "amendment")


def _head(name: str) -> str | None:
    low = normalize_name(name)
    found = [(low.find(h), h) for h in _HEADS if h in low]
    return min(found)[1] if found else None


def _same_kind(name: str, inst: Instrument) -> bool:
    """A ``Protocol to ...`` is never the treaty; a ``Framework`` never a ``Convention``."""
    head = _head(name)
    if head is None:
        return True
    names = [normalize_name(n) for n in inst.names]
    if head in _LEADING and normalize_name(name).startswith(head):
        return any(n.startswith(head) or n.startswith("additional " + head) for n in names)
    return any(head in n for n in names)


def _same_annex(annex: str | None, inst: Instrument) -> bool:
    if not annex or not inst.annex:
        return True
    a = " ".join(annex.lower().split())
    return not a.startswith("annex") or a == inst.annex.lower() or a.startswith(
        inst.annex.lower() + ",")


def resolve(doc: Document, citations: Iterable[Citation],
            registry: Registry | None = None) -> list[Reference]:
    """One :class:`~resgraph.models.Reference` per citation, in the same order.

    >>> from resgraph.models import Citation, CitationType, Document, Footnote, Span, TextMap
    >>> src = "Resolution 2200 A (XXI), annex.\\nIbid."
    >>> f1 = Footnote(1, "Resolution 2200 A (XXI), annex.", Span(0, 31), TextMap.identity(31))
    >>> f2 = Footnote(2, "Ibid.", Span(32, 37), TextMap.identity(5, 32))
    >>> doc = Document("x", "text", src, "A/RES/1/1", "GA", footnotes=(f1, f2))
    >>> [(r.target, r.via) for r in resolve(doc, find_citations(doc))]
    [('A/RES/2200A(XXI)', 'footnote'), ('A/RES/2200A(XXI)', 'ibid')]
    """
    reg = registry if registry is not None else default_registry()
    cits = list(citations)
    r = _Resolver(doc, cits, reg)
    out = []
    for c in cits:
        target, via, reason = r.target(c)
        out.append(Reference(c, target, via, reason))
    return out


def extract(doc: Document, registry: Registry | None = None, *,
            keep_self: bool = False) -> list[Reference]:
    """Find and resolve every citation of a document.

    A mention of the document itself is not a citation: its own symbol in its
    header (``Resolution 446 (1979)``), or the instrument it adopts named in its
    title (45/158 and the migrant workers convention). Those are left out unless
    ``keep_self`` is true.

    >>> from resgraph.models import Document, Paragraph, Span, TextMap
    >>> text = "Recalling Security Council resolution 1325 (2000),"
    >>> p = Paragraph("preamble", 1, text, Span(0, len(text)), TextMap.identity(len(text)),
    ...               verb="recalling")
    >>> doc = Document("x", "text", text, "A/RES/1/1", "GA", paragraphs=(p,))
    >>> [r.to_dict()["target"] for r in extract(doc)]
    ['S/RES/1325(2000)']
    """
    reg = registry if registry is not None else default_registry()
    refs = resolve(doc, find_citations(doc, reg), reg)
    if keep_self or not doc.symbol:
        return refs
    own = doc.symbol
    return [r for r in refs if r.target is None or own not in targets_of(r, reg)]


def targets_of(reference: Reference, registry: Registry | None = None) -> set[str]:
    """Every key a reference counts as citing: its target and what the registry links to it.

    A Treaty Series number, an instrument and the resolution that adopted the
    instrument stand for one another, so the three routes of citing the migrant
    workers convention all count as citing ``A/RES/45/158``.

    >>> from resgraph.models import Citation, CitationType, Span
    >>> reg = default_registry()
    >>> c = Citation(CitationType.RESOLUTION, "A/RES/45/158", "45/158", Span(0, 6), "preamble 1")
    >>> {"A/RES/45/158", "UNTS:39481", "instrument:cmw"} <= targets_of(
    ...     Reference(c, "A/RES/45/158"), reg)
    True
    """
    reg = registry if registry is not None else default_registry()
    target = reference.target
    if target is None:
        return set()
    out = {target}
    insts: list[Instrument] = []
    inst = instrument_of(target, reg)
    if inst is not None:
        insts.append(inst)
    elif not target.startswith(("UNTS:", "instrument:")):
        insts.extend(reg.adopted_by(target))
    for i in insts:
        out.add(i.target)
        if i.adopted_by:
            out.add(i.adopted_by)
        if i.unts:
            out.add(f"UNTS:{i.unts}")
        if i.unts_volume and i.unts_page:
            out.add(f"UNTS:v{i.unts_volume}p{i.unts_page}")
    return out


def learn_aliases(docs: Iterable[Document], registry: Registry) -> list[tuple[str, str]]:
    """Teach ``registry`` the instrument names that texts resolve through their footnotes.

    A name the registry does not know, followed by a marker whose footnote cites an
    instrument's adopting resolution or Treaty Series number, becomes an alias of
    that instrument. Returns the ``(alias, target)`` pairs learnt, in order.

    >>> from resgraph.models import Document, Footnote, Marker, Paragraph, Span, TextMap
    >>> from resgraph.registry import Instrument, Registry
    >>> reg = Registry()
    >>> reg.add_instrument(Instrument("cmw", "convention", "Migrant Workers Convention",
    ...                               adopted_by="A/RES/45/158"))
    >>> body = "Recalling the Convention on Migrant Workers,"
    >>> mk = Marker(1, Span(44, 45), "preamble 1")
    >>> p = Paragraph("preamble", 1, body, Span(0, 44), TextMap.identity(44),
    ...               verb="recalling", markers=(mk,))
    >>> note = "Resolution 45/158, annex."
    >>> fn = Footnote(1, note, Span(46, 71), TextMap.identity(25, 46), markers=(mk,))
    >>> doc = Document("x", "text", body + "1\\n" + note, "A/RES/1/1", "GA",
    ...                paragraphs=(p,), footnotes=(fn,))
    >>> learn_aliases([doc], reg)
    [('Convention on Migrant Workers', 'instrument:cmw')]
    >>> reg.lookup_name("the Convention on Migrant Workers").key
    'cmw'
    """
    learnt: list[tuple[str, str]] = []
    for doc in docs:
        for ref in resolve(doc, find_citations(doc, registry), registry):
            c = ref.citation
            if (c.type == T.INSTRUMENT and c.key is None and ref.target is not None
                    and ref.target.startswith("instrument:")):
                alias = " ".join(c.text.split())
                if registry.add_alias(ref.target, alias):
                    learnt.append((alias, ref.target))
    return learnt
