"""The curated registry of instruments and conferences shipped in ``resgraph/data``.

An instrument (a convention, declaration, programme of action ...) is an
entity of its own, linked to the resolution that adopted or annexed it and to
its UN Treaty Series entry. The registry is what makes a text citing the
migrant workers convention by ``vol. 2220, No. 39481`` and one citing it by
``Resolution 45/158, annex`` both citations of ``A/RES/45/158``.

>>> reg = load_registry()
>>> reg.by_unts("39481").adopted_by
'A/RES/45/158'
>>> reg.lookup_name("the International Convention on the Protection of the Rights "
...                 "of All Migrant Workers and Members of Their Families").key
'cmw'
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field, replace
from functools import cache
from importlib import resources

__all__ = ["Conference", "Instrument", "Registry", "load_registry", "normalize_name"]


def normalize_name(name: str) -> str:
    """Fold a name for lookup: lower case, no leading article, one space, no punctuation.

    >>> normalize_name("The  Universal Declaration of Human Rights,")
    'universal declaration of human rights'
    """
    text = name.lower().replace("\u2019", "'").replace("\u2013", "-")
    text = re.sub(r"[^\w'\- ]+", " ", text)
    text = " ".join(text.split())
    return re.sub(r"^the ", "", text)


@dataclass(frozen=True, slots=True)
class Instrument:
    """A named instrument. ``key`` is its slug; :attr:`target` its canonical key."""

    key: str
    kind: str
    name: str
    aliases: tuple[str, ...] = ()
    adopted_by: str | None = None
    annex: str | None = None
    unts: str | None = None
    unts_volume: str | None = None
    unts_page: str | None = None
    conference: str | None = None
    adopted: str | None = None
    parent: str | None = None
    document: str | None = None

    @property
    def target(self) -> str:
        """``instrument:<key>``."""
        return f"instrument:{self.key}"

    @property
    def names(self) -> tuple[str, ...]:
        """The name and every alias."""
        return (self.name, *self.aliases)


@dataclass(frozen=True, slots=True)
class Conference:
    """A UN conference or summit."""

    key: str
    name: str
    aliases: tuple[str, ...] = ()
    place: str | None = None
    start: str | None = None
    end: str | None = None
    report_symbol: str | None = None
    sales_no: str | None = None

    @property
    def target(self) -> str:
        """``conference:<key>``."""
        return f"conference:{self.key}"

    @property
    def names(self) -> tuple[str, ...]:
        """The name and every alias."""
        return (self.name, *self.aliases)


@dataclass(slots=True)
class Registry:
    """Instruments and conferences with indexes by name, resolution and treaty number."""

    instruments: dict[str, Instrument] = field(default_factory=dict)
    conferences: dict[str, Conference] = field(default_factory=dict)
    _names: dict[str, str] = field(default_factory=dict, repr=False)
    _unts: dict[str, str] = field(default_factory=dict, repr=False)
    _unts_vp: dict[tuple[str, str], str] = field(default_factory=dict, repr=False)
    _unts_vol: dict[tuple[str, str], str] = field(default_factory=dict, repr=False)
    _documents: dict[str, str] = field(default_factory=dict, repr=False)
    _adopted: dict[str, list[str]] = field(default_factory=dict, repr=False)

    def add_instrument(self, inst: Instrument) -> None:
        """Add or replace an instrument and index it."""
        self.instruments[inst.key] = inst
        for name in inst.names:
            self._names.setdefault(normalize_name(name), inst.target)
        if inst.unts:
            # Protocols are registered under their parent's number: the number
            # alone means the parent treaty, number and volume the exact one.
            if inst.parent is None or inst.unts not in self._unts:
                self._unts[inst.unts] = inst.key
            if inst.unts_volume:
                self._unts_vol.setdefault((inst.unts, inst.unts_volume), inst.key)
        if inst.document:
            self._documents.setdefault(inst.document, inst.key)
        if inst.unts_volume and inst.unts_page:
            self._unts_vp[(inst.unts_volume, inst.unts_page)] = inst.key
        if inst.adopted_by:
            self._adopted.setdefault(inst.adopted_by, []).append(inst.key)

    def add_conference(self, conf: Conference) -> None:
        """Add or replace a conference and index it."""
        self.conferences[conf.key] = conf
        for name in conf.names:
            self._names.setdefault(normalize_name(name), conf.target)

    def add_alias(self, target: str, alias: str) -> bool:
        """Teach the registry another name for ``target``; False if the name is taken.

        >>> reg = Registry()
        >>> reg.add_instrument(Instrument("x", "convention", "X Convention"))
        >>> reg.add_alias("instrument:x", "the Ex Convention"), reg.lookup_name("Ex Convention").key
        (True, 'x')
        """
        norm = normalize_name(alias)
        if not norm or norm in self._names:
            return False
        kind, _, key = target.partition(":")
        if kind == "instrument" and key in self.instruments:
            inst = self.instruments[key]
            self.instruments[key] = replace(inst, aliases=(*inst.aliases, alias))
        elif kind == "conference" and key in self.conferences:
            conf = self.conferences[key]
            self.conferences[key] = replace(conf, aliases=(*conf.aliases, alias))
        else:
            return False
        self._names[norm] = target
        return True

    def lookup_name(self, name: str) -> Instrument | Conference | None:
        """The instrument or conference with this name or alias, or None."""
        target = self._names.get(normalize_name(name))
        if target is None:
            return None
        return self.get(target)

    def get(self, target: str) -> Instrument | Conference | None:
        """The entity of an ``instrument:`` or ``conference:`` key, or None."""
        kind, _, key = target.partition(":")
        if kind == "instrument":
            return self.instruments.get(key)
        if kind == "conference":
            return self.conferences.get(key)
        return None

    def by_unts(self, number: str, volume: str | None = None) -> Instrument | None:
        """The instrument registered under this UN Treaty Series number, or None.

        Protocols share their parent treaty's number; with ``volume`` the exact
        instrument is found, without it the parent treaty.

        >>> reg = load_registry()
        >>> reg.by_unts("27531").key, reg.by_unts("27531", "2171").parent
        ('crc', 'crc')
        """
        number = str(number).lstrip("0")
        key = self._unts_vol.get((number, str(volume))) if volume else None
        key = key or self._unts.get(number)
        return self.instruments.get(key) if key else None

    def by_document(self, symbol: str) -> Instrument | None:
        """The instrument whose text is the document with this symbol, or None.

        >>> load_registry().by_document("FCCC/CP/2015/10/Add.1").key
        'paris-agreement'
        """
        key = self._documents.get(symbol)
        return self.instruments.get(key) if key else None

    def by_unts_page(self, volume: str, page: str) -> Instrument | None:
        """The instrument printed at this Treaty Series volume and page, or None."""
        key = self._unts_vp.get((str(volume), str(page)))
        return self.instruments.get(key) if key else None

    def adopted_by(self, resolution: str) -> list[Instrument]:
        """The instruments adopted or annexed by this resolution key."""
        return [self.instruments[k] for k in self._adopted.get(resolution, [])]

    def names(self) -> Iterator[tuple[str, str]]:
        """Every (name, target) pair, for building matchers."""
        for inst in self.instruments.values():
            for name in inst.names:
                yield name, inst.target
        for conf in self.conferences.values():
            for name in conf.names:
                yield name, conf.target


def _split(value: str | None) -> tuple[str, ...]:
    return tuple(v.strip() for v in (value or "").split("|") if v.strip())


def _opt(row: dict[str, str], name: str) -> str | None:
    value = (row.get(name) or "").strip()
    return value or None


def _rows(text: str) -> Iterable[dict[str, str]]:
    return csv.DictReader(io.StringIO(text))


@cache
def _load_default() -> tuple[tuple[Instrument, ...], tuple[Conference, ...]]:
    data = resources.files("resgraph") / "data"
    insts: list[Instrument] = []
    confs: list[Conference] = []
    inst_file = data / "instruments.csv"
    if inst_file.is_file():
        for row in _rows(inst_file.read_text(encoding="utf-8")):
            insts.append(
                Instrument(
                    key=row["key"].strip(),
                    kind=(row.get("kind") or "instrument").strip(),
                    name=row["name"].strip(),
                    aliases=_split(row.get("aliases")),
                    adopted_by=_opt(row, "adopted_by"),
                    annex=_opt(row, "annex"),
                    unts=_opt(row, "unts"),
                    unts_volume=_opt(row, "unts_volume"),
                    unts_page=_opt(row, "unts_page"),
                    conference=_opt(row, "conference"),
                    adopted=_opt(row, "adopted"),
                    parent=_opt(row, "parent"),
                    document=_opt(row, "document"),
                )
            )
    conf_file = data / "conferences.csv"
    if conf_file.is_file():
        for row in _rows(conf_file.read_text(encoding="utf-8")):
            confs.append(
                Conference(
                    key=row["key"].strip(),
                    name=row["name"].strip(),
                    aliases=_split(row.get("aliases")),
                    place=_opt(row, "place"),
                    start=_opt(row, "start"),
                    end=_opt(row, "end"),
                    report_symbol=_opt(row, "report_symbol"),
                    sales_no=_opt(row, "sales_no"),
                )
            )
    return tuple(insts), tuple(confs)


def load_registry() -> Registry:
    """A fresh :class:`Registry` filled from the shipped data files.

    Each call returns a new object, so learning aliases never leaks between runs.
    """
    insts, confs = _load_default()
    reg = Registry()
    for inst in insts:
        reg.add_instrument(inst)
    for conf in confs:
        reg.add_conference(conf)
    return reg
