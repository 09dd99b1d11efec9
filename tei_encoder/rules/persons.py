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
from functools import cache

from ..model import State
from ..persons import TITLES, Registry, fold
from ..spans import PHRASE, span

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
TITLED = re.compile(
    rf"\b(?P<title>{_TITLE_RE})\s+(?P<name>(?:{_NAME}\s+){{0,3}}{_NAME})(?=['’]s\b|[^\w'’]|$)")
_TITLE_RE_CAPS = rf"(?:(?:{_TITLE.upper()})\b|(?:{_ABBR.upper()})\.(?=\s))"
TITLED_CAPS = re.compile(
    rf"\b(?P<title>{_TITLE_RE_CAPS})\s+(?P<name>(?:[A-Z]\.\s*){{0,3}}{_CAPS_NAME}(?:\s+{_CAPS_NAME})?)"
    rf"(?=['’]S\b|[^\w'’]|$)")


def _bare_names(registry: Registry) -> set[str]:
    """Surnames (and one-word aliases) of known persons that designate them without a title."""
    names = set()
    for person in registry.known.values():
        if person.bare:
            names.add(fold(person.surname))
            names.update(fold(a) for a in person.aliases if " " not in a.strip())
    return names


@cache
def _full_names_for(names: tuple[str, ...]) -> re.Pattern[str]:
    alts = "|".join(re.escape(n).replace(r"\ ", r"\s+") for n in sorted(names, key=len, reverse=True))
    return re.compile(rf"\b(?:{alts})\b", re.I)


def _full_names(registry: Registry) -> re.Pattern[str]:
    """Known persons' names of several words (``Chiang Kai-shek``, ``Mackenzie King``), in any case."""
    names = set()
    for person in registry.known.values():
        for name in (person.name, person.surname, *person.aliases):
            if " " in name.strip() and (person.bare or len(name.split()) > 1):
                names.add(name)
    return _full_names_for(tuple(sorted(names)))


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
    notes = [s for s in state.ann.spans if s.tag == "note"]
    taken: list[tuple[int, int]] = [(s.start, s.end) for s in state.ann.spans if s.tag == "persName"]
    for para in paragraphs:
        chunk = text[para.start : para.end]
        found: list[tuple[int, int]] = []
        for pattern in (TITLED, TITLED_CAPS):
            for m in pattern.finditer(chunk):
                if m.group("title") in ("M.", "Mme.") and re.search(r"[A-Z][\w.]*\s+$", chunk[: m.start()]):
                    continue  # "John M. Smith": an initial, not Monsieur
                words = m.group("name").split()
                if pattern is TITLED_CAPS and len(words) > 1 and not registry.find(" ".join(words)):
                    words = words[:1]  # in capitals only a known full name runs past one word
                while words and words[-1].rstrip(".").lower() in NOT_NAMES:
                    words.pop()
                if not words or words[0].rstrip(".").lower() in NOT_FIRST:
                    continue
                if all(len(w.rstrip(".")) == 1 for w in words):
                    continue
                s = para.start + m.start()
                e = para.start + m.start("name") + chunk[m.start("name") :].index(words[-1]) + len(words[-1])
                found.append((s, e))
        bare = _bare_names(registry)
        for m in re.finditer(r"\b[A-Z][\w'’\-]+", chunk):
            word = re.sub(r"['’][sS]$", "", m.group(0))
            if fold(word) in bare:
                found.append((para.start + m.start(), para.start + m.start() + len(word)))
        for m in _full_names(registry).finditer(chunk):
            found.append((para.start + m.start(), para.start + m.end()))
        found = _merge(found)
        for s, e in sorted(found, key=lambda x: (x[0], -x[1])):
            if any(a <= s < b or a < e <= b for a, b in taken):
                continue
            if any(n.start <= s and e <= n.end for n in notes):
                continue
            taken.append((s, e))
            ref = registry.ref(text[s:e])
            state.ann.add(span(s, e, "persName", PHRASE, rule="persons", ref=f"#{ref}"))
