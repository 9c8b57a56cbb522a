"""Golden lists of valid and invalid symbols for :mod:`resgraph.symbols`, and round trips."""

from __future__ import annotations

import pytest

from resgraph.errors import SymbolError
from resgraph.symbols import (
    canonical,
    decision_key,
    document_key,
    from_iri,
    kind_of,
    organ_of,
    parse_symbol,
    resolution_key,
    to_iri,
    undocs_url,
)

VALID = [
    # (as printed, citing organ, canonical key, kind)
    ("resolution 45/158", None, "A/RES/45/158", "resolution"),
    ("57/270 B", None, "A/RES/57/270B", "resolution"),
    ("S-21/2", None, "A/RES/S-21/2", "resolution"),
    ("ES-10/19", None, "A/RES/ES-10/19", "resolution"),
    ("217 A (III)", None, "A/RES/217A(III)", "resolution"),
    ("2106 A (XX)", None, "A/RES/2106A(XX)", "resolution"),
    ("2253 (ES-V)", None, "A/RES/2253(ES-V)", "resolution"),
    ("3201 (S-VI)", None, "A/RES/3201(S-VI)", "resolution"),
    ("1325 (2000)", None, "S/RES/1325(2000)", "resolution"),
    ("Security Council resolution 1325 (2000)", None, "S/RES/1325(2000)", "resolution"),
    ("2004/1", "ECOSOC", "E/RES/2004/1", "resolution"),
    ("1503 (XLVIII)", "ECOSOC", "E/RES/1503(XLVIII)", "resolution"),
    ("Human Rights Council resolution 51/23", None, "A/HRC/RES/51/23", "resolution"),
    ("Commission on Human Rights resolution 2005/70", None, "E/CN.4/RES/2005/70", "resolution"),
    ("decision 57/573", None, "A/DEC/57/573", "decision"),
    ("Economic and Social Council decision 2004/1", None, "E/DEC/2004/1", "decision"),
    ("A/RES/59/241", None, "A/RES/59/241", "resolution"),
    ("S/RES/1325 (2000)", None, "S/RES/1325(2000)", "resolution"),
    ("A/59/325", None, "A/59/325", "document"),
    ("A/80/5/Add.1", None, "A/80/5/Add.1", "document"),
    ("A/80/5 (Vol. I)", None, "A/80/5(Vol.I)", "document"),
    ("E/2004/25", None, "E/2004/25", "document"),
    ("S/2003/332", None, "S/2003/332", "document"),
    ("A/CONF.171/13", None, "A/CONF.171/13", "document"),
    ("A/HRC/51/23", None, "A/HRC/51/23", "document"),
    ("A/57/759-S/2003/332", None, "A/57/759-S/2003/332", "document"),
    ("UNTS 20378", None, "UNTS:20378", "treaty"),
    ("UNTS:v75p287", None, "UNTS:v75p287", "treaty"),
    ("LNTS:v94p65", None, "LNTS:v94p65", "treaty"),
    ("OR:SC/31/mtg.1969", None, "OR:SC/31/mtg.1969", "official-records"),
    ("OR:GA/74/Supp.53", None, "OR:GA/74/Supp.53", "official-records"),
    ("OR:SC/34/Supp.Jul-Sep", None, "OR:SC/34/Supp.Jul-Sep", "official-records"),
    ("OR:GA/ES-10/Annexes", None, "OR:GA/ES-10/Annexes", "official-records"),
    ("instrument:cmw", None, "instrument:cmw", "instrument"),
    ("conference:icpd", None, "conference:icpd", "conference"),
]


@pytest.mark.parametrize(("text", "organ", "key", "kind"), VALID)
def test_valid_symbols(text: str, organ: str | None, key: str, kind: str) -> None:
    sym = parse_symbol(text, organ)
    assert (sym.key, sym.kind) == (key, kind)
    # The key is a fixed point: parsing it again gives it back.
    assert canonical(sym.key) == key
    assert kind_of(key) == kind


INVALID = ["", "not a symbol", "resolution", "45/", "/158", "x" * 400, "A", "UNTS:", "OR:"]


@pytest.mark.parametrize("text", INVALID)
def test_invalid_symbols(text: str) -> None:
    with pytest.raises(SymbolError):
        parse_symbol(text)


@pytest.mark.parametrize("key", [k for _, _, k, _ in VALID])
def test_iri_round_trip(key: str) -> None:
    iri = to_iri(key)
    assert iri.startswith("https://w3id.org/resgraph/id/")
    assert " " not in iri
    assert from_iri(iri) == key


def test_key_builders() -> None:
    assert resolution_key("GA", "ES-V", "2253") == "A/RES/2253(ES-V)"
    assert resolution_key("HRC", "S-28", "1") == "A/HRC/RES/S-28/1"
    assert resolution_key("CHR", "2005", "70") == "E/CN.4/RES/2005/70"
    assert decision_key("HRC", "2", "105") == "A/HRC/DEC/2/105"
    with pytest.raises(SymbolError):
        resolution_key("GA", "45", "x")


def test_document_key_rejects_non_symbols() -> None:
    assert document_key("A/79/ 408") == "A/79/408"
    with pytest.raises(SymbolError):
        document_key("hello world")


def test_organ_and_url() -> None:
    assert organ_of("E/DEC/2004/1") == "ECOSOC"
    assert organ_of("A/HRC/RES/51/23") == "HRC"
    assert undocs_url("A/RES/217A(III)") == "https://undocs.org/A/RES/217A(III)"
    assert undocs_url("instrument:cmw") is None
