"""The citation grammar as data: symbol forms, list and range forms, organ words, verbs.

Everything :mod:`resgraph.loaders.find` matches is written here, as compiled
regular expressions and small tables, so that a missed or over-matched citation
is fixed in one place. The expressions follow two rules measured on the corpus:
each one starts with a literal or a character class (a look-behind instead of a
leading ``\\b``), and none nests unbounded repetitions, so that no input can make
them backtrack catastrophically. Lists are walked item by item in Python with
anchored ``match`` calls, never with one expression spanning the whole list.

>>> m = RESOLUTION_ITEM.match("57/270 B of 23 June 2003")
>>> m.group("ses"), m.group("num"), m.group("parts")
('57', '270', 'B')
>>> expand_parts("A to D")
['A', 'B', 'C', 'D']
>>> ordinal_to_int("Seventy-fourth"), ordinal_to_int("Thirty-first")
(74, 31)
>>> bool(DOCUMENT.match("A/80/5/Add.1"))
True
"""

from __future__ import annotations

import re
from typing import Final

__all__ = [
    "BODY_NOUNS",
    "CHARTER",
    "CHARTER_BEFORE",
    "CONFERENCE_REPORT",
    "DATE_AFTER",
    "DOCUMENT",
    "DOCUMENT_SUFFIX",
    "HYPHENS",
    "IBID",
    "INSTRUMENT_HEAD",
    "INSTRUMENT_NAME_TAIL",
    "LIST_SEPARATOR",
    "LIST_SWITCH",
    "MONTHS",
    "OFFICIAL_RECORDS",
    "ORGAN_TAILS",
    "OR_BODIES",
    "OR_PART",
    "PINPOINT",
    "RESOLUTION_ITEM",
    "RESOLUTION_SYMBOL",
    "SKIP_BEFORE_TRIGGER",
    "TREATY_SERIES",
    "TREATY_TAIL",
    "TRIGGER",
    "expand_parts",
    "month_number",
    "ordinal_to_int",
]

#: Hyphen-like characters printed inside symbols (``S-21/2``, ``S‑21/2``).
HYPHENS: Final = "-\u2010\u2011\u2012\u2013\u2212"
_HY = f"[{HYPHENS}]"

MONTHS: Final = (
    "January", "February", "March", "April", "May", "June", "July",
    "August", "September", "October", "November", "December",
)
_MONTH = "(?:" + "|".join(MONTHS) + ")"


def month_number(name: str) -> int:
    """The number of an English month name.

    >>> month_number("July")
    7
    """
    return MONTHS.index(name.capitalize()) + 1


# ---------------------------------------------------------------------------
# Resolutions and decisions cited by number
# ---------------------------------------------------------------------------

#: The word that opens a resolution or decision citation.
TRIGGER: Final = re.compile(
    r"[RrDd](?<![\w\-\u2011][RrDd])(?:esolutions?|ecisions?)"
    r"(?=\s(?:No\.\s?)?[\dIVXLCES])"
)

# Part letters after a number: ``B``, ``A and B``, ``A to D``, ``A, B and C``.
_PART = rf"[A-Z]{{1,2}}(?![A-Za-z\d/{HYPHENS}])"
_PARTS = rf"{_PART}(?:(?:\s?,\s?|\s(?:and|to)\s|\s?[{HYPHENS}]\s?){_PART}){{0,25}}"

#: One item of a resolution list: ``45/158``, ``57/270 B``, ``S-21/2``,
#: ``217 A (III)``, ``3419 A to D (XXX)``, ``1325 (2000)``, ``41 (1)`` (a misread ``I``).
RESOLUTION_ITEM: Final = re.compile(
    rf"(?:(?P<num2>\d{{1,4}}|[Il](?=\s?\([1I]\)))(?:\s?(?P<parts2>{_PARTS}))?\s?\(\s?"
    rf"(?P<ses2>(?:E?S{_HY}\s?)?[IVXLC]{{1,8}}|\d{{4}}|[1Il]{{1,3}})\s?\)"
    rf"|(?P<ses>(?:E?S{_HY}\s?)?\d{{1,4}})\s?/\s?(?P<num>\d{{1,4}})(?![\d/])"
    rf"(?:\s?(?P<parts>{_PARTS}))?)"
)

#: A full resolution or decision symbol: ``A/RES/59/241``, ``S/RES/1325 (2000)``.
RESOLUTION_SYMBOL: Final = re.compile(
    r"[ASE](?<![\w/.][ASE])(?:/HRC|/CN\.4)?/(?:RES|DEC)/\s?"
    rf"(?:(?:E?S{_HY})?\d{{1,4}}/\s?\d{{1,4}}(?:\s?[A-Z]{{1,2}}(?![\w/]))?"
    rf"|\d{{1,4}}(?:\s?[A-Z]{{1,2}})?\s?\((?:(?:E?S{_HY})?[IVXLC]{{1,8}}|\d{{4}})\))"
)

#: A date printed after a list item: ``of 23 June 2003``, ``of 4 and 14 July 1967``.
DATE_AFTER: Final = re.compile(
    r"[\s,]{0,3}of\s(?P<days>\d{1,2}(?:(?:,\s|\sand\s)\d{1,2}){0,10})\s"
    rf"(?P<month>{_MONTH})\s(?P<year>\d{{4}})(?!\d)"
)

_ITEM_START = (
    rf"(?=(?:E?S{_HY}\s?)?\d|(?:the\s)?(?:General\sAssembly|Security\sCouncil|Economic\sand\sSocial"
    r"\sCouncil|Human\sRights\sCouncil|Commission\son\sHuman\sRights|Council|Assembly|its)\s"
    r"|[Rr]esolutions?\s|[Dd]ecisions?\s)"
)

#: What may stand between two items of a list, a short description included
#: (``2005/70 of 20 April 2005, on impunity, and 2005/66``).
LIST_SEPARATOR: Final = re.compile(
    r"(?:,?\s(?:on|entitled|concerning|regarding|relating\sto|in\swhich|by\swhich|which)\s"
    r"[^;()]{1,200}?(?:\s?,\s?(?:and\s|as\swell\sas\s)?|\s(?:and|as\swell\sas)\s)"
    + _ITEM_START +
    r"|\s?,\s?(?:and\s|or\s|as\swell\sas\s|together\swith\s)?"
    r"(?:in\sparticular,?\s|including\s|notably\s|especially\s)?"
    r"|\s(?:and|or|as\swell\sas|together\swith)\s|\s?;\s?(?:and\s)?)"
)

#: An organ word and trigger inside a list, switching the organ or kind for what follows:
#: ``..., and Human Rights Council resolutions 9/10 ...``, ``... and decisions 2/105``.
LIST_SWITCH: Final = re.compile(
    r"(?:the\s)?(?P<organ>(?:General\s|United\sNations\sGeneral\s)?Assembly"
    r"|Security\sCouncil|Economic\sand\sSocial\sCouncil|Human\sRights\sCouncil"
    r"|Commission\son\sHuman\sRights|Council|its)?\s?(?:,?\sin\sits\s)?"
    r"(?P<trigger>[Rr]esolutions?|[Dd]ecisions?)\s(?:No\.\s?)?"
)

#: Words skipped between organ words and the trigger (``its relevant resolutions``).
SKIP_BEFORE_TRIGGER: Final = frozenset(
    {"relevant", "own", "previous", "earlier", "subsequent", "later", "related", "other",
     "various", "respective", "first", "latest", "recent", "most", "landmark", "historic",
     "annual", "pertinent", "the", "and", "all", "of", "numerous", "several", "two",
     "three", "successive", "prior", "past", "preceding", "follow-up", "biennial",
     "original", "founding", "consensus", "same", "above-mentioned", "aforementioned"}
)

#: Organ phrases, matched at the end of the capitalized words before the trigger.
ORGAN_TAILS: Final = (
    (("Economic", "and", "Social", "Council"), "ECOSOC"),
    (("Human", "Rights", "Council"), "HRC"),
    (("Commission", "on", "Human", "Rights"), "CHR"),
    (("Security", "Council"), "SC"),
    (("General", "Assembly"), "GA"),
)

#: Nouns naming a body: a capitalized phrase containing one before ``resolution`` is an
#: organ; when it is none of :data:`ORGAN_TAILS`, the citation belongs to another body.
BODY_NOUNS: Final = frozenset(
    {"Assembly", "Council", "Commission", "Conference", "Organization", "Board", "Committee",
     "Parties", "Union", "Forum", "Authority", "Congress", "Agency", "Programme", "Fund",
     "Meeting", "Group", "Body", "Tribunal", "Court", "Sub-Commission", "Subcommission",
     "Secretariat", "Bank", "Institute", "Office", "Convention", "Session", "Summit",
     "Governing", "Executive", "UNESCO", "WHO", "FAO", "IAEA", "ILO", "ICAO", "IMO", "ITU",
     "UNEP", "UNIDO", "WMO", "UPU", "WIPO", "IFAD", "UNCTAD", "Cg"}
)


def expand_parts(parts: str) -> list[str]:
    """The part letters of ``A``, ``A and B``, ``A to D``, ``A, B and C``.

    >>> expand_parts("A, B and C"), expand_parts("C-E")
    (['A', 'B', 'C'], ['C', 'D', 'E'])
    """
    tokens = re.findall(rf"[A-Z]{{1,2}}|to|[{HYPHENS}]", parts)
    out: list[str] = []
    i = 0
    while i < len(tokens):
        tok = tokens[i]
        if (tok == "to" or tok in HYPHENS) and out and i + 1 < len(tokens):
            first, last = out[-1], tokens[i + 1]
            if len(first) == 1 and len(last) == 1 and first < last and ord(last) - ord(first) < 26:
                out.extend(chr(c) for c in range(ord(first) + 1, ord(last) + 1))
            else:
                out.append(last)
            i += 2
            continue
        if tok != "to" and tok not in HYPHENS:
            out.append(tok)
        i += 1
    return out


#: Cyrillic capitals that print like Latin ones (``75/257 В`` with a Cyrillic Ve):
#: one character for one, so offsets are unchanged by the translation.
HOMOGLYPHS: Final = str.maketrans("АВСЕНКМОРТХ", "ABCEHKMOPTX")


# ---------------------------------------------------------------------------
# Document symbols
# ---------------------------------------------------------------------------

_SEG = (r"(?:(?:Add|Rev|Corr|Amend|Suppl?|Part|Vol)\.\s?\d{1,4}"
        r"|[A-Za-z0-9]{1,24}(?:\.[A-Za-z0-9]{1,24}){0,4})")
_SEG_HY = rf"(?:{_SEG}(?:{_HY}{_SEG}){{0,3}})"
_ONE_REST = rf"[A-Z0-9]{{0,11}}(?:\.[A-Z0-9]{{1,8}}){{0,2}}(?:/\s?{_SEG_HY}){{1,8}}"
_ONE = rf"[A-Z]{_ONE_REST}"
_PAREN = (r"(?:\s?\((?:Vols?|Parts?|SUPP|Supp|Suppl|Sect)\.?\s?[A-Za-z0-9]{1,6}"
          r"(?:\s(?:and|to)\s[A-Za-z0-9]{1,6})?\)"
          r"(?:/(?:Add|Rev|Corr|Amend)\.\s?\d{1,4})*)")

#: A UN document symbol, joint symbols included: ``A/80/5/Add.1``, ``A/80/5 (Vol. I)``,
#: ``A/57/759-S/2003/332``, ``A/79/ 408`` (a line break folded to a space).
DOCUMENT: Final = re.compile(
    rf"[A-Z](?<![\w/.\-\u2011][A-Z]){_ONE_REST}{_PAREN}{{0,2}}(?:\s?{_HY}\s?(?=[A-Z][A-Z0-9.]{{0,11}}/){_ONE}{_PAREN}{{0,2}}){{0,3}}"
)

#: ``and Corr.1``, ``and Add.1 and 2``, ``and Corr. 1`` after a symbol: more documents.
DOCUMENT_SUFFIX: Final = re.compile(
    r"(?:,\s?|\s)(?:and\s)?(?P<kind>Add|Corr|Rev|Amend)\.\s?(?P<nums>\d{1,3}(?:(?:\s?,\s?|\sand\s|\s?[-–]\s?)\d{1,3}){0,10})(?!\d)"
)

#: A pinpoint after a symbol: ``, para. 19``, ``, annex``, ``, chap. IV``.
PINPOINT: Final = re.compile(
    r",\s?(?P<pin>(?:paras?\.|paragraphs?|annex(?:es)?|chap\.|sect\.|p\.|pp\.|art\.|vol\.|appendix|"
    r"enclosure|attachment)(?:\s?[\dIVXLCA-Z][\w.]{0,12}(?:\s?(?:[-–]|and|,)\s?[\dIVXLC][\w.]{0,12}){0,4})?)"
)

# ---------------------------------------------------------------------------
# UN Treaty Series
# ---------------------------------------------------------------------------

_TREATY_BODY = (
    r"vols?\.\s?(?P<vol>\d{1,5})(?:(?:\s?,\s?|\sand\s)\d{1,5}){0,8}\s?[,.]?\s?"
    r"(?:(?:Nos?\.\s?(?P<nos>\d{1,6}(?:(?:\s?,\s?|\sand\s|\s?[-–]\s?)\d{1,6}){0,10}))"
    r"(?:\s?,\s?pp?\.\s?\d{1,5})?|pp?\.\s?(?P<page>\d{1,5}))"
)

#: ``United Nations, Treaty Series, vol. 1249, No. 20378`` or ``vol. 75, p. 287``;
#: ``series`` tells the United Nations from the League of Nations series.
TREATY_SERIES: Final = re.compile(
    r"(?P<series>United\sNations|League\sof\sNations),?\s?Treaty\sSeries\s?,?\s?" + _TREATY_BODY
)

#: The volume and number part alone, after ``Ibid.,``.
TREATY_TAIL: Final = re.compile(_TREATY_BODY)

# ---------------------------------------------------------------------------
# Official Records
# ---------------------------------------------------------------------------

#: Bodies whose Official Records are cited, and their code in ``OR:`` keys.
OR_BODIES: Final = {
    "General Assembly": "GA",
    "Security Council": "SC",
    "Economic and Social Council": "ECOSOC",
    "Trade and Development Board": "TDB",
    "Atomic Energy Commission": "AEC",
    "Trusteeship Council": "TC",
    "Disarmament Commission": "DC",
    "Human Rights Council": "HRC",
}

#: ``Official Records of the General Assembly`` and the like.
OFFICIAL_RECORDS: Final = re.compile(
    r"Official\sRecords\sof\sthe\s(?P<body>" + "|".join(
        b.replace(" ", r"\s") for b in OR_BODIES
    ) + r")"
)

_ORD_WORD = r"[A-Z][a-z]{2,12}(?:[-\u2011][a-z]{3,12})?"

#: One comma-separated part of an Official Records reference.
OR_PART: Final = re.compile(
    r"(?P<special>(?:(?:First|Second|Third|Fourth|Fifth|Sixth|Seventh|Eighth|Ninth|Tenth"
    r"|Eleventh|Twelfth|Thirteenth|Fourteenth|Fifteenth|Sixteenth|Seventeenth)\s)?"
    r"(?:Resumed\s)?(?P<sptype>Emergency\sSpecial|Special)\sSession)"
    rf"|(?P<ord>{_ORD_WORD})\s(?P<unit>Session|Year)"
    r"|(?P<year>(?:19|20)\d\d)(?![\d/a-z])"
    r"|(?P<specsupp>Special\sSupplement)(?:\sNo\.\s?(?P<specno>\d{1,3}))?"
    r"|Supplement\sNo\.\s?(?P<supp>\d{1,3}[A-Z]?)(?:\s?,?\s?(?:and\s)?(?:addendum|corrigend(?:um|a)|"
    r"vol\.\s?[IVX]{1,5}|Part\s[IVX]{1,5})){0,3}"
    rf"|Supplement\sfor\s(?P<m1>{_MONTH})(?:,?\s{_MONTH}){{0,3}}(?:,?\sand\s(?P<m2>{_MONTH}))?\s\d{{4}}"
    r"|(?P<meetings>\d{1,4}(?:st|nd|rd|th)(?:(?:\s?,\s?|\s(?:and|to)\s)\d{1,4}(?:st|nd|rd|th)){0,20}"
    r"\s(?:plenary\s)?meetings?)"
    r"|(?P<annexes>Annexes)"
    r"|(?P<plenary>Plenary\sMeetings|Sessional\sFascicle|Verbatim\sRecords)"
)

# ---------------------------------------------------------------------------
# Footnote forms
# ---------------------------------------------------------------------------

#: ``Ibid.`` at the start of a footnote or after ``;``.
IBID: Final = re.compile(r"(?:and\s)?(?:(?:See|see)(?:\salso)?\s)?[Ii]bid\b\.?,?")

_CONF_WORDS = (
    r"(?:Conference|Summit|Congress|Meeting|World\sAssembly|Assembly\son|Dialogue|Forum)"
)

#: ``Report of the International Conference on Population and Development, Cairo, ...``.
CONFERENCE_REPORT: Final = re.compile(
    r"(?:Report|Final\s[Rr]eport|Proceedings)\sof\sthe\s(?P<name>[A-Z0-9][^,;()]{0,200}?"
    + _CONF_WORDS + r"[^,;()]{0,200}?)(?=\s?[,(;]|\.?$)"
)

# ---------------------------------------------------------------------------
# Named instruments
# ---------------------------------------------------------------------------

#: The word ``Charter`` (of the United Nations, or bare after ``the``); what stands around
#: it is checked with :data:`CHARTER_BEFORE`.
CHARTER: Final = re.compile(
    r"C(?<![\w\-]C)harter(?P<of>\sof\sthe\sUnited\sNations)?(?![\w\-])"
)

#: What may precede ``Charter``: ``the``, ``United Nations``, and an article or chapter
#: pinpoint (``Article 18 of the``, ``Articles 39 and 41 of the United Nations``).
CHARTER_BEFORE: Final = re.compile(
    r"(?:(?P<pin>(?:Articles?|Chapters?)\s[\dIVXL]{1,5}(?:\s?\(\d{1,2}\))?"
    r"(?:(?:\s?,\s?|\sand\s|\sto\s)[\dIVXL]{1,5}(?:\s?\(\d{1,2}\))?){0,6}"
    r"(?:,?\s(?:paragraph|para\.)\s\d{1,2},?)?)\sof\s)?(?P<the>the\s)?(?P<un>United\sNations\s)?\Z"
)

#: Head nouns of instrument names (``Convention``, ``Declaration``, ``Programme of Action``).
INSTRUMENT_HEAD: Final = re.compile(
    r"(?:Convention|Covenant|Protocol|Declaration|Charter|Treaty|Agreement|Programme\sof\sAction"
    r"|Platform\sfor\sAction|Plan\sof\sAction|Agenda|Principles|Guidelines|Rules|Strategy"
    r"|Framework|Statute|Code\sof\sConduct|Compact|Consensus|Outcome)(?![\w])"
)

#: The words that may follow the head noun of an instrument name, up to its end
#: (``on the Rights of the Child``, ``on Economic, Social and Cultural Rights``).
INSTRUMENT_NAME_TAIL: Final = re.compile(
    r"(?:\s(?:[A-Z][\w’'\-]{0,30}|of|on|for|the|and|against|to|in|relating|concerning|relative|"
    r"between|among|with|from|by|its|their|all|accordance|\d{4})(?:,(?=\s[A-Z]))?){0,30}"
)

_ORDINAL_UNITS = {
    "first": 1, "second": 2, "third": 3, "fourth": 4, "fifth": 5, "sixth": 6, "seventh": 7,
    "eighth": 8, "ninth": 9, "tenth": 10, "eleventh": 11, "twelfth": 12, "thirteenth": 13,
    "fourteenth": 14, "fifteenth": 15, "sixteenth": 16, "seventeenth": 17, "eighteenth": 18,
    "nineteenth": 19, "twentieth": 20, "thirtieth": 30, "fortieth": 40, "fiftieth": 50,
    "sixtieth": 60, "seventieth": 70, "eightieth": 80, "ninetieth": 90, "hundredth": 100,
}
_TENS = {"twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70,
         "eighty": 80, "ninety": 90}


def ordinal_to_int(word: str) -> int | None:
    """The number of a spelled-out ordinal (``Seventy-fourth`` -> 74), or None.

    >>> ordinal_to_int("Eightieth"), ordinal_to_int("twenty\u2011second"), ordinal_to_int("Year")
    (80, 22, None)
    """
    w = word.lower().replace("\u2011", "-").replace("\u2010", "-")
    if w in _ORDINAL_UNITS:
        return _ORDINAL_UNITS[w]
    tens, sep, unit = w.partition("-")
    if sep and tens in _TENS and unit in _ORDINAL_UNITS and _ORDINAL_UNITS[unit] < 10:
        return _TENS[tens] + _ORDINAL_UNITS[unit]
    return None
