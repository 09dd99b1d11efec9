"""Persons named in running text, as ``persName`` with ``@ref`` into the personography.

A name is a title followed by a name (``Generalissimo Stalin``, ``MR. HOPKINS``,
``Colonel General Kuznetsov``, ``President Franklin D. Roosevelt``), or the
surname of a known person on its own (``STALIN``, ``Churchill``). A title with
no name after it (``the President``) designates an office, not a person, and is
left alone; so are words after a title that are nouns of institutions
(``General Order``, ``Secretary of State``). Only paragraphs of the document are
read: headers, signatures, notes and footnotes name persons in other roles.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import cache

from .. import asciiwords
from ..model import State
from ..persons import TITLES, Registry, fold
from ..ranges import Mask
from ..spans import PHRASE, Span

_ABBREVIATED = ("Mr", "Mrs", "Dr", "Gen", "Col", "Adm", "Capt", "Lt", "Maj", "Sgt", "Gov", "Sen", "Amb", "M", "Mme")
_TITLE = "|".join(sorted(set(TITLES.split("|")) - set(_ABBREVIATED), key=len, reverse=True))
_ABBR = "|".join(sorted(_ABBREVIATED, key=len, reverse=True))
#: A title: a full word (``General``) or an abbreviation with its full stop (``Mr.``, ``M.``).
_TITLE_RE = rf"(?:(?:{_TITLE})\b|(?:{_ABBR})\.(?=\s))"
#: Words that follow a title without being a name.
NOT_NAMES = {
    "order", "orders", "assembly", "staff", "government", "council", "army", "command", "headquarters",
    "department", "states", "of", "and", "the", "office", "officer", "officers", "minister", "ministers",
    "secretary", "president", "general", "committee", "conference", "court", "delegation", "embassy",
    "affairs", "service", "services", "staffs", "mission", "ambassador", "consul", "s",
    "meeting", "plan", "policy", "election", "elections", "agreement", "message", "messages", "letter",
    "from", "was", "were", "to", "is", "are", "had", "has", "have", "will", "would", "in", "on", "at", "by",
    "for", "with", "that", "then", "said", "says", "who", "which", "what", "when", "if", "as", "but", "not",
    "be", "been", "being", "did", "does", "do", "may", "might", "can", "could", "should", "shall", "must",
    "also", "or", "himself", "he", "his", "him", "it", "its", "this", "these", "those", "a", "an",
    "asked", "told", "replied", "stated", "expressed", "requested", "approved", "wished", "wishes", "know",
    "knows", "personally", "only", "alone", "here", "there", "today", "tomorrow", "yesterday",
    "number", "no", "nos", "paragraph", "section", "article", "point", "points", "page",
}
#: Titles cannot begin a name (``General Staff``), but may end one (``Mackenzie King``).
NOT_FIRST = NOT_NAMES | {t.lower() for t in TITLES.split("|")} | {"mr", "mrs", "dr", "mister", "m", "mme"}
_NAME = r"(?:[A-Z][a-zà-ÿ'’\-]+(?:-[A-Z][a-z]+)?|[A-Z]\.|O['’][A-Z][a-z]+|Mc[A-Z][a-z]+)"
_CAPS_NAME = r"(?:[A-Z][A-Z'’\-]{1,}|[A-Z]\.)"
#: Between the words of a name: spaces, or a line break with no indentation after it ("Mr. Harry / Hopkins" wraps
#: a name); an indented next line is another entry of a list ("Participants: Mr. Acheson / ____The British ...").
_NAME_GAP = r"(?:[ \t]+|[ \t]*\n(?=\S))"
TITLED = re.compile(
    rf"\b(?P<title>{_TITLE_RE})\s+(?P<name>(?:{_NAME}{_NAME_GAP}){{0,3}}{_NAME})(?=['’]s\b|[^\w'’]|$)")
_TITLE_RE_CAPS = rf"(?:(?:{_TITLE.upper()})\b|(?:{_ABBR.upper()})\.(?=\s))"
TITLED_CAPS = re.compile(
    rf"\b(?P<title>{_TITLE_RE_CAPS})\s+(?P<name>(?:[A-Z]\.\s*){{0,3}}{_CAPS_NAME}(?:{_NAME_GAP}{_CAPS_NAME})?)"
    rf"(?=['’]S\b|[^\w'’]|$)")


_TITLE_FIRST = frozenset(t.split()[0].lower() for t in TITLES.split("|"))
#: Names and titles begin with a capital, so lower-case words are never looked at.
_TOKEN = re.compile(r"\b[A-Z][A-Za-z]*")
#: The same words: the look-behind after the capital says ``\b`` without costing a full match attempt at every
#: character (a pattern that starts with a character class is only tried where the class matches).
_TOKEN_SCAN = re.compile(r"[A-Z](?<!\w[A-Z])[A-Za-z]*")
_WORD_TAIL = re.compile(r"[\w'’\-]*")


def _bare_names(registry: Registry) -> set[str]:
    """Surnames (and one-word aliases) of known persons that designate them without a title."""
    names = set()
    for person in registry.known.values():
        if person.bare:
            names.add(fold(person.surname))
            names.update(fold(a) for a in person.aliases if " " not in a.strip())
    return names


@cache
def _full_names_for(names: tuple[str, ...]) -> tuple[re.Pattern[str], frozenset[str]]:
    alts = "|".join(map(_alternative, sorted(names, key=len, reverse=True)))
    firsts = frozenset(re.findall(r"[A-Za-z]+", n)[0].lower() for n in names if re.search(r"[A-Za-z]", n))
    return re.compile(rf"\b(?:{alts})\b", re.I), firsts


def _full_names(registry: Registry) -> tuple[re.Pattern[str], frozenset[str]]:
    """Known persons' names of several words (``Chiang Kai-shek``, ``Mackenzie King``), in any case."""
    return _full_names_for(_full_name_list(registry))


def _full_name_list(registry: Registry) -> tuple[str, ...]:
    names = set()
    for person in registry.known.values():
        for name in (person.name, person.surname, *person.aliases):
            if " " in name.strip():
                names.add(name)
    return tuple(sorted(names))


@cache
def _full_names_by_lead(names: tuple[str, ...]) -> dict[str, tuple[str, ...]] | None:
    """The full names by their leading run of ASCII letters (lower-cased), in ``_full_names_for``'s order.

    At a word whose letters are that run only those names can match (in a text
    without ``asciiwords.HAZARDS``), and in the same order, so a pattern of them
    alone finds what the whole one does; trying a hundred alternatives at every
    ``I`` and ``A`` was a large part of this rule's time. None when a name holds
    a character case-insensitive matching reads as an ASCII letter.
    """
    if any(h in name for name in names for h in asciiwords.HAZARDS):
        return None
    groups: dict[str, list[str]] = {}
    for name in sorted(names, key=len, reverse=True):
        lead = re.match(r"[A-Za-z]+", name)
        if lead:
            groups.setdefault(lead.group().lower(), []).append(name)
    return {lead: tuple(group) for lead, group in groups.items()}


def _alternative(name: str) -> str:
    """A name as an alternative of the full-name pattern: any white space between its words."""
    return re.escape(name).replace(r"\ ", r"\s+")


def _merge(found: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """Overlapping finds are one name: ``GENERALISSIMO CHIANG`` + ``CHIANG KAI-SHEK``."""
    out: list[tuple[int, int]] = []
    for s, e in sorted(found):
        if out and s < out[-1][1]:
            out[-1] = (out[-1][0], max(out[-1][1], e))
        else:
            out.append((s, e))
    return out


def apply(state: State) -> None:
    registry: Registry = state.registry
    text = state.text
    paragraphs = [s for s in state.ann.spans if s.tag == "p" and any(d.start <= s.start < d.end
                                                                      for d in state.documents)]
    if not paragraphs:
        return
    notes = Mask(len(text), ((s.start, s.end) for s in state.ann.spans if s.tag == "note"))
    # A designation the correspondence rule already tagged (persName, or rs for an office) is not tagged again.
    taken = Mask(len(text), ((s.start, s.end) for s in state.ann.spans if s.tag in ("persName", "rs")))
    names = _names(registry)
    odd = not text.isascii() and _ODD.search(text) is not None
    for para in paragraphs:
        chunk = text[para.start : para.end]
        # Words are skipped by their letters alone unless a non-ASCII letter could fold onto them.
        quick = None if odd and _ODD.search(text, para.start, para.end) else names
        found = _names_in(chunk, registry, names.bare, names.full, names.full_firsts, quick)
        for s, e in sorted(((para.start + a, para.start + b) for a, b in found), key=lambda x: (x[0], -x[1])):
            if not taken.free(s, e) or notes.covered(s, e):
                continue
            taken.add(s, e)
            ref = registry.ref(text[s:e])
            # Span(), not span(): one attribute, nothing to sort, and there is a name on every line of a letter.
            state.ann.add(Span(s, e, "persName", PHRASE, (("ref", f"#{ref}"),), "persons"))


@dataclass(frozen=True)
class _Names:
    """What this rule looks for, derived from the known persons once per set of them (``Registry.memo``).

    Reading every capitalised word of every paragraph fully was most of this
    rule's time; these say which words are worth reading.
    """

    bare: frozenset[str]
    full: re.Pattern[str]
    full_firsts: frozenset[str]
    #: The first run of letters of each bare name that begins with one. A capitalised word followed by an
    #: apostrophe, a hyphen, a digit or nothing folds to a bare name only if the name begins with the same
    #: run. (After a non-ASCII letter, which can fold to ASCII ones, ``Mikołajczyk``, it can go on
    #: differently; paragraphs with such letters are read word by word.)
    bare_runs: frozenset[str]
    #: The lower-cased words at which ``_names_in`` can find something: a title's, a full name's or a bare
    #: name's first run.
    worth_reading: frozenset[str]
    #: The full names by their leading run (``_full_names_by_lead``), or None.
    full_by_lead: dict[str, tuple[str, ...]] | None
    #: ``full`` cut down to the names of one leading run, compiled when first needed.
    lead_patterns: dict[str, re.Pattern[str] | None] = field(default_factory=dict)

    def lead_pattern(self, lead: str) -> re.Pattern[str] | None:
        """The pattern of the full names that begin with the run ``lead``, or None if none does."""
        if lead not in self.lead_patterns:
            group = self.full_by_lead.get(lead) if self.full_by_lead is not None else None
            self.lead_patterns[lead] = re.compile(rf"\b(?:{'|'.join(map(_alternative, group))})\b",
                                                  re.I) if group else None
        return self.lead_patterns[lead]


def _names(registry: Registry) -> _Names:
    names = registry.memo.get(__name__)
    if not isinstance(names, _Names):
        bare = frozenset(_bare_names(registry))
        full_list = _full_name_list(registry)
        full, full_firsts = _full_names_for(full_list)
        bare_runs = frozenset(m.group() for m in map(re.compile(r"[a-z]+").match, bare) if m)
        names = registry.memo[__name__] = _Names(bare, full, full_firsts, bare_runs,
                                                 _TITLE_FIRST | full_firsts | bare_runs,
                                                 _full_names_by_lead(full_list))
    return names


#: A non-ASCII word character: after a capitalised word it may fold to more ASCII letters.
_ODD = re.compile(r"[^\W\x00-\x7f]")
_POSSESSIVE = re.compile(r"['’][sS]$")


def _names_in(chunk: str, registry: Registry, bare: frozenset[str], full: re.Pattern[str],
              full_firsts: frozenset[str], quick: _Names | None = None) -> list[tuple[int, int]]:
    """Name spans in one paragraph, from one pass over its words (patterns run only where they can match).

    With ``quick`` (a paragraph without non-ASCII letters), a word that is none of
    ``quick.worth_reading`` is passed over at once, a word is looked up as a bare
    name only if it is a bare name's first run, and full names are matched with
    the cut-down pattern for the word.
    """
    found: list[tuple[int, int]] = []
    for w in _TOKEN_SCAN.finditer(chunk):
        word = w.group()
        low = word.lower()
        if quick is not None and low not in quick.worth_reading:
            continue
        at = w.start()
        if low in _TITLE_FIRST:
            for pattern in (TITLED, TITLED_CAPS):
                m = pattern.match(chunk, at)
                if m:
                    hit = _titled(m, chunk, pattern, registry)
                    if hit:
                        found.append(hit)
        if low in full_firsts:
            if quick is None or quick.full_by_lead is None:
                m = full.match(chunk, at)
            else:
                lead = quick.lead_pattern(low)
                m = lead.match(chunk, at) if lead is not None else None
            if m:
                found.append((m.start(), m.end()))
        if quick is not None and low not in quick.bare_runs:
            continue
        if word[0].isupper() and (at == 0 or not chunk[at - 1].isalnum()):
            tail = _WORD_TAIL.match(chunk, w.end())
            rest = tail.group() if tail else ""
            if rest:
                whole = _POSSESSIVE.sub("", word + rest)
                key = fold(whole)
            else:  # ASCII letters alone: nothing to strip, and they fold to their lower case
                whole, key = word, low
            if key in bare:
                found.append((at, at + len(whole)))
    return _merge(found)


def _titled(m: re.Match[str], chunk: str, pattern: re.Pattern[str], registry: Registry) -> tuple[int, int] | None:
    if m.group("title") in ("M.", "Mme.") and re.search(r"[A-Z][\w.]*\s+$", chunk[max(0, m.start() - 40) : m.start()]):
        return None  # "John M. Smith": an initial, not Monsieur
    words = m.group("name").split()
    if pattern is TITLED_CAPS and len(words) > 1 and not registry.find(" ".join(words)):
        words = words[:1]  # in capitals only a known full name runs past one word
    while words and words[-1].rstrip(".").lower() in NOT_NAMES:
        words.pop()
    if not words or words[0].rstrip(".").lower() in NOT_FIRST:
        return None
    if all(len(w.rstrip(".")) == 1 for w in words):
        return None
    # A name word may hold an apostrophe (O'Brien), so the pattern reads "Bonnet's" as one word; the
    # possessive ending is not part of the name ("Mr. Bonnet's view": persName "Mr. Bonnet").
    last = _POSSESSIVE.sub("", words[-1])
    end = chunk.index(words[-1], m.start("name"), m.end()) + len(last)
    return m.start(), end
