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

from ..model import State
from ..persons import TITLES, Registry, fold
from ..spans import PHRASE, span

_TITLE = "|".join(sorted(TITLES.split("|"), key=len, reverse=True))
_TITLE_RE = rf"(?:{_TITLE})\.?"
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
} | {t.lower() for t in TITLES.split("|")} | {"mr", "mrs", "dr", "mister"}
_NAME = r"(?:[A-Z][a-zà-ÿ'’\-]+(?:-[A-Z][a-z]+)?|[A-Z]\.|O['’][A-Z][a-z]+|Mc[A-Z][a-z]+)"
_CAPS_NAME = r"(?:[A-Z][A-Z'’\-]{1,}|[A-Z]\.)"
TITLED = re.compile(
    rf"\b(?P<title>{_TITLE_RE})\s+(?P<name>(?:{_NAME}\s+){{0,3}}{_NAME})(?=['’]s\b|[^\w'’]|$)")
TITLED_CAPS = re.compile(
    rf"\b(?P<title>{_TITLE_RE.upper()})\s+(?P<name>(?:[A-Z]\.\s*){{0,3}}{_CAPS_NAME})(?=['’]S\b|[^\w'’]|$)")


def _bare_names(registry: Registry) -> set[str]:
    """Surnames (and one-word aliases) of known persons that designate them without a title."""
    names = set()
    for person in registry.known.values():
        if person.bare:
            names.add(fold(person.surname))
            names.update(fold(a) for a in person.aliases if " " not in a.strip())
    return names


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
                words = m.group("name").split()
                while words and words[-1].rstrip(".").lower() in NOT_NAMES:
                    words.pop()
                if not words or words[0].rstrip(".").lower() in NOT_NAMES:
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
        for s, e in sorted(found, key=lambda x: (x[0], -x[1])):
            if any(a <= s < b or a < e <= b for a, b in taken):
                continue
            if any(n.start <= s and e <= n.end for n in notes):
                continue
            taken.append((s, e))
            ref = registry.ref(text[s:e])
            state.ann.add(span(s, e, "persName", PHRASE, rule="persons", ref=f"#{ref}"))
