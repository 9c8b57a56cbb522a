"""The opening verb phrase of a resolution paragraph, and its normal form.

A preambular paragraph opens with a participle or an adjective (``Recalling``,
``Deeply concerned``), an operative paragraph with a verb in the present tense
(``Requests``, ``Also decides``). The normal form (``verb``) follows the rule of
``tests/data/README.md``: lower case, leading adverbs removed, one word or one of
a few fixed phrases.

>>> opening_phrase("Recalling also its resolution 45/158,")
('Recalling also', 'recalling')
>>> opening_phrase("Also requests the Secretary-General to report;")
('Also requests', 'requests')
>>> opening_phrase("Takes note with appreciation of the report;")
('Takes note', 'takes note')
>>> opening_phrase("Having also considered the report,")
('Having also considered', 'having considered')
"""

from __future__ import annotations

import bisect
import re

__all__ = [
    "ADVERBS",
    "CLAUSE_VERBS",
    "FIXED_PHRASES",
    "ClauseVerbs",
    "clause_verb",
    "is_operative_word",
    "is_preamble_word",
    "normalize_verb",
    "opening_phrase",
]

#: Adverbs removed from the front of a verb phrase (longest first where they overlap).
ADVERBS: tuple[str, ...] = (
    "once more",
    "once again",
    "in particular",
    "also",
    "further",
    "furthermore",
    "moreover",
    "again",
    "strongly",
    "firmly",
    "deeply",
    "gravely",
    "seriously",
    "fully",
    "finally",
    "emphatically",
    "particularly",
)

#: Verb phrases kept whole.
FIXED_PHRASES: tuple[str, ...] = (
    "takes note",
    "taking note",
    "take note",
    "bearing in mind",
    "calls upon",
    "calling upon",
    "guided by",
)

_WORD = re.compile(r"[A-Za-z][A-Za-z\-’']*")
_SUBJECTS = (
    "the general assembly",
    "the security council",
    "the economic and social council",
    "the human rights council",
    "the council",
    "the assembly",
)

#: Words that open preambular paragraphs without ending in -ing or -ed.
_PREAMBLE_WORDS = frozenset(
    [
        "aware", "mindful", "conscious", "cognizant", "desirous", "determined", "convinced",
        "concerned", "alarmed", "anxious", "bearing", "guided", "having", "keen", "eager",
        "resolved", "seized", "sensitive", "appreciative", "confident", "gravely", "deeply",
        "profoundly", "noting", "recalling", "welcoming", "affirming", "reaffirming",
        "recognizing", "recognising", "emphasizing", "stressing", "underlining",
        "acknowledging", "considering", "taking",
    ]
)

#: Present-tense verbs that often open operative paragraphs (a hint, not a rule).
_OPERATIVE_WORDS = frozenset(
    [
        "accepts", "acknowledges", "adopts", "affirms", "agrees", "appeals", "appoints",
        "approves", "authorizes", "calls", "commends", "concurs", "condemns", "confirms",
        "considers", "decides", "declares", "demands", "deplores", "designates", "directs",
        "emphasizes", "encourages", "endorses", "establishes", "expresses", "extends", "finds",
        "invites", "launches", "notes", "proclaims", "reaffirms", "recalls", "recognizes",
        "recommends", "regrets", "reiterates", "rejects", "renews", "reminds", "requests",
        "resolves", "stresses", "strongly", "supports", "takes", "underlines", "underscores",
        "urges", "welcomes",
    ]
)


_ADVERB_PARTS: dict[str, tuple[tuple[str, ...], ...]] = {}
for _adverb in ADVERBS:
    _parts = tuple(_adverb.split())
    _ADVERB_PARTS[_parts[0]] = (*_ADVERB_PARTS.get(_parts[0], ()), _parts)


def _split_words(text: str, limit: int = 8) -> list[tuple[str, int, int]]:
    out: list[tuple[str, int, int]] = []
    for m in _WORD.finditer(text, 0, min(len(text), 160)):
        out.append((m.group(0), m.start(), m.end()))
        if len(out) >= limit:
            break
    return out


def _adverb_at(lower: list[str], i: int) -> int:
    """Number of words of the adverb starting at ``lower[i]`` (0 if none)."""
    for parts in _ADVERB_PARTS.get(lower[i], ()):
        if tuple(lower[i : i + len(parts)]) == parts:
            return len(parts)
    return 0


def opening_phrase(text: str) -> tuple[str | None, str | None]:
    """The opening verb phrase of a paragraph as printed, and its normal form.

    Returns ``(None, None)`` when the paragraph does not open with a word.

    >>> opening_phrase("Deeply concerned that ...")
    ('Deeply concerned', 'concerned')
    >>> opening_phrase("Bearing in mind its resolution 49/31,")
    ('Bearing in mind', 'bearing in mind')
    >>> opening_phrase("Calls upon all States to act;")
    ('Calls upon', 'calls upon')
    >>> opening_phrase("Calls once more upon Israel to abide by the Convention;")
    ('Calls once more upon', 'calls upon')
    >>> opening_phrase("Welcomes and supports the measures;")
    ('Welcomes', 'welcomes')
    >>> opening_phrase("1. The Security Council requests the members;")
    ('The Security Council requests', 'requests')
    >>> opening_phrase("“Quoted text”")
    (None, None)
    """
    stripped = text.lstrip()
    offset = len(text) - len(stripped)
    if not stripped[:1].isalpha():
        m = re.match(r"\d+\.\s+", stripped)
        if not m or not stripped[m.end() : m.end() + 1].isalpha():
            return None, None
        offset += m.end()
        stripped = stripped[m.end() :]
    found = _split_words(stripped, 12)
    if not found:
        return None, None
    words = [w for w, _, _ in found]
    lower = [w.lower() for w in words]
    i = 0
    joined = " ".join(lower)
    for subject in _SUBJECTS:
        if joined.startswith(subject + " ") and len(lower) > len(subject.split()):
            i = len(subject.split())
            break
    # Leading adverbs.
    while i < len(words):
        n = _adverb_at(lower, i)
        if not n:
            break
        i += n
    if i >= len(words):
        return None, None
    # Fixed phrases, read with adverbs left out (``Calls once more upon``).
    kept: list[int] = []
    j = i
    while j < len(lower) and len(kept) < 4:
        n = _adverb_at(lower, j) if kept else 0
        if n:
            j += n
            continue
        kept.append(j)
        j += 1
    rest = " ".join(lower[k] for k in kept)
    verb: str | None = None
    used = 1
    for phrase in FIXED_PHRASES:
        if rest == phrase or rest.startswith(phrase + " "):
            verb = phrase
            used = kept[len(phrase.split()) - 1] - i + 1
            break
    if verb is None:
        if lower[i] == "having" and i + 1 < len(words):
            j = i + 1
            while j < len(words):
                n = _adverb_at(lower, j)
                if not n:
                    break
                j += n
            if j < len(words):
                verb = "having " + lower[j]
                used = j - i + 1
            else:
                verb = "having"
        else:
            verb = lower[i]
    end = i + used
    # Trailing adverbs printed after the verb (``Recalling also``, ``Noting further``).
    while end < len(words):
        n = _adverb_at(lower, end)
        if not n:
            break
        # Only when the adverb follows directly (no punctuation in between).
        between = stripped[found[end - 1][2] : found[end][1]]
        if between.strip():
            break
        end += n
    phrase_text = stripped[: found[end - 1][2]]
    del offset
    return phrase_text, verb


def normalize_verb(phrase: str) -> str | None:
    """The normal form of an opening verb phrase.

    >>> normalize_verb("Recalling also")
    'recalling'
    >>> normalize_verb("Takes note with appreciation")
    'takes note'
    >>> normalize_verb("Once again calls upon")
    'calls upon'
    """
    return opening_phrase(phrase)[1]


#: Words that end like a participle or a verb but are neither.
_NOT_VERBS = frozenset(
    [
        "united", "limited", "hundred", "red", "bed", "need", "speed", "seed", "feed",
        "indeed", "creed", "shed", "states", "nations", "parties", "members", "governments",
        "territories", "countries", "peoples", "rights", "affairs", "annexes", "forces",
        "resources", "things", "means", "series", "species", "news", "towards", "afterwards",
        "thus", "this", "has", "was", "is", "its", "his", "hers", "yes", "always", "perhaps",
        "whereas", "arabs", "islands", "emirates", "sciences", "articles", "principles",
        "goals", "programmes", "funds", "agencies", "bodies", "organizations", "commissions",
        "committees", "councils", "conferences", "conventions", "covenants", "protocols",
        "declarations", "sessions", "measures", "efforts", "operations", "activities",
    ]
)


def is_preamble_word(word: str) -> bool:
    """True when ``word`` can open a preambular paragraph (``Recalling``, ``Aware``).

    >>> is_preamble_word("Recalling"), is_preamble_word("Alarmed"), is_preamble_word("Decides")
    (True, True, False)
    """
    low = word.lower()
    if low in _NOT_VERBS:
        return False
    return low in _PREAMBLE_WORDS or low.endswith(("ing", "ed"))


def is_operative_word(word: str) -> bool:
    """True when ``word`` looks like the verb of an operative paragraph (``Decides``).

    A present-tense verb in the third person: it ends in ``s`` but is not an
    adjective in ``-ous`` (``Conscious``, ``Desirous``).

    >>> is_operative_word("Requests"), is_operative_word("Conscious"), is_operative_word("Noting")
    (True, False, False)
    """
    low = word.lower()
    if low in _OPERATIVE_WORDS:
        return True
    if low in _NOT_VERBS or re.search(r"(?:ing|ed)[a-z]{2,}$", low):
        return False
    return (
        len(low) > 3
        and low.endswith("s")
        and not low.endswith(("ous", "ss", "us", "is"))
        and low not in _PREAMBLE_WORDS
    )


#: Verbs that open a later clause of a paragraph and govern what follows them:
#: ``Reaffirming ..., reaffirming also the Universal Declaration, and recalling the
#: International Convention ...``.
CLAUSE_VERBS: tuple[str, ...] = (
    "recalling", "reaffirming", "noting", "welcoming", "taking note", "recognizing",
    "acknowledging", "bearing in mind", "reiterating", "endorsing", "emphasizing",
    "stressing", "affirming", "commending", "supporting", "guided by",
    "recalls", "reaffirms", "notes", "welcomes", "takes note", "endorses", "recognizes",
    "acknowledges", "reiterates", "affirms", "commends", "supports", "urges", "invites",
    "calls upon", "requests", "decides", "encourages", "emphasizes", "stresses",
)
_CLAUSE = re.compile(
    r"(?:[,;]\s+(?:and\s+)?|\s(?:and|as\s+well\s+as)\s+)"
    r"(?:(?:also|further|once\s+again|once\s+more|again)\s+)?"
    r"(" + "|".join(re.escape(v).replace(r"\ ", r"\s+")
                    for v in sorted(CLAUSE_VERBS, key=len, reverse=True)) + r")\b"
)


class ClauseVerbs:
    """The clause verbs of one paragraph, found once, looked up by offset.

    A later clause verb (after a comma, a semicolon or ``and``, in lower case)
    governs the words after it; before the first one, the paragraph's own verb
    does.

    >>> text = ("Reaffirming the obligations of all States, reaffirming also the Universal "
    ...         "Declaration of Human Rights, and recalling the International Convention")
    >>> verbs = ClauseVerbs(text, "reaffirming")
    >>> verbs.at(text.index("Universal")), verbs.at(text.index("International"))
    ('reaffirming', 'recalling')
    """

    __slots__ = ("_default", "_ends", "_verbs")

    def __init__(self, text: str, default: str | None) -> None:
        self._default = default
        self._ends: list[int] = []
        self._verbs: list[str] = []
        for m in _CLAUSE.finditer(text):
            self._ends.append(m.end())
            self._verbs.append(" ".join(m.group(1).split()))

    def at(self, offset: int) -> str | None:
        """The verb governing the words at ``offset``."""
        i = bisect.bisect_right(self._ends, offset) - 1
        return self._verbs[i] if i >= 0 else self._default


def clause_verb(text: str, offset: int, default: str | None) -> str | None:
    """The verb governing the words at ``offset`` of a paragraph's text.

    The last lower-case clause verb before ``offset`` (after a comma, a semicolon
    or ``and``), else ``default`` (the paragraph's own verb). For many look-ups in
    one paragraph use :class:`ClauseVerbs`.

    >>> clause_verb("Requests the report A/1/2", 20, "requests")
    'requests'
    """
    return ClauseVerbs(text[:offset], default).at(offset)
