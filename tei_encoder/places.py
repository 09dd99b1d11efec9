"""The gazetteer of places of sending (``data/places.toml``), and lookups against it."""

from __future__ import annotations

import re
import tomllib
from collections.abc import Iterator
from functools import cache
from importlib import resources

from . import asciiwords


@cache
def known() -> tuple[str, ...]:
    raw = resources.files("tei_encoder").joinpath("data/places.toml").read_text(encoding="utf-8")
    places = [str(p) for p in tomllib.loads(raw)["places"]]
    return tuple(sorted(places, key=len, reverse=True))


@cache
def _pattern() -> re.Pattern[str]:
    alts = "|".join(re.escape(p).replace(r"\ ", r"\s+") for p in known())
    return re.compile(rf"\b(?P<place>{alts})\b", re.I)


@cache
def _canonical_keys() -> dict[str, str]:
    keys: dict[str, str] = {}
    for place in known():
        keys.setdefault(place.casefold(), place)  # the first in gazetteer order wins, as the scan did
    return keys


def canonical(name: str) -> str | None:
    """The gazetteer form of a place name in any case, or None if it is not a known place."""
    key = " ".join(name.split()).strip(" ,.;:[]()").casefold()
    return _canonical_keys().get(key)


@cache
def _first_words() -> frozenset[str]:
    return frozenset(p.split()[0].casefold() for p in known())


@cache
def _runs_by_first() -> dict[bytes, tuple[frozenset[bytes], ...]] | None:
    """For the first run of letters of each place (``shangri`` of ``Shangri-La``), the runs of those places.

    A place can only match where its first run stands whole and all its runs occur
    somewhere in the text (``the`` is tried only in a text that says ``hague``).
    That holds for names in ASCII that begin with a letter; a gazetteer with any
    other name gets None, and the places are looked for word by word.
    """
    out: dict[bytes, list[frozenset[bytes]]] = {}
    for place in known():
        if not place.isascii() or not place[:1].isalpha():
            return None
        runs = re.findall(rb"[a-z]+", place.lower().encode("ascii"))
        out.setdefault(runs[0], []).append(frozenset(runs))
    return {first: tuple(sets) for first, sets in out.items()}


_CAP = re.compile(r"\b[A-Za-z][\w'’-]*")
#: ``_CAP``'s words, found faster: a pattern that starts with a class is only tried where the class matches.
_CAP_SCAN = re.compile(r"[A-Za-z](?<!\w[A-Za-z])[\w'’-]*")
#: Below this length, reading every word costs less than building the ASCII-word index.
_SHORT = 64
_IN_WORD = re.compile(r"[\w'’-]")
#: A possessive ending: "Moscow's reply" names Moscow.
_POSSESSIVE = re.compile(r"['’]s$", re.I)


def _first_word(word: str) -> str:
    """The form of a ``_CAP`` word looked up among the places' first words: case folded, possessive dropped."""
    return _POSSESSIVE.sub("", word).casefold()


def _word_starts(text: str, offsets: list[int]) -> Iterator[int]:
    """Those of ``offsets`` (ascending) where a word of ``_CAP`` begins.

    One does unless a word began earlier in the same run of word characters,
    apostrophes and hyphens (``x'Moscow``, ``anti-Moscow``; not ``9-Moscow``).
    The end of the last word found is kept, so that a long run is read once.
    """
    word_end = 0
    for at in offsets:
        if at < word_end:
            continue  # inside the last word
        word = _CAP.match(text, at)
        if word is None:
            continue
        if at > 0 and text[at - 1] in "'’-":
            run = at - 1
            while run > 0 and _IN_WORD.match(text, run - 1):
                run -= 1
            first = _CAP.search(text, run)
            if first is not None and first.start() != at:
                word_end = max(word_end, first.end())
                continue
        word_end = word.end()
        yield at


def _candidates(text: str) -> Iterator[int] | None:
    """Word starts where a place could match, in order; None to read every word (a short text, or no index)."""
    by_first = _runs_by_first()
    words = asciiwords.kept_index(text) if by_first is not None and len(text) >= _SHORT else None
    if by_first is None or words is None:
        return None
    starts: list[int] = []
    for first in words.words & by_first.keys():
        if any(runs <= words.words for runs in by_first[first]):
            starts.extend(words.starts(first))
    return _word_starts(text, sorted(starts))


def _matches(text: str) -> Iterator[re.Match[str]]:
    """Gazetteer places in the text, left to right; the big pattern only runs where a place's first word stands.

    The words tried are those of ``_CAP`` whose whole word is a place's first word.
    Finding them one by one in Python cost a millisecond per transcript, so the
    ASCII-word index proposes where they can be, and only those are checked.
    """
    firsts = _first_words()
    pattern = _pattern()
    starts = _candidates(text)
    pos = 0
    if starts is None:
        for w in _CAP_SCAN.finditer(text):
            if w.start() < pos or _first_word(w.group()) not in firsts:
                continue
            m = pattern.match(text, w.start())
            if m:
                yield m
                pos = m.end()
        return
    for at in starts:
        if at < pos:
            continue
        word = _CAP.match(text, at)
        if word is None or _first_word(word.group()) not in firsts:
            continue
        m = pattern.match(text, at)
        if m:
            yield m
            pos = m.end()


def finditer(text: str) -> list[re.Match[str]]:
    """Gazetteer places in the text, left to right, without overlaps."""
    return list(_matches(text))


def find(text: str) -> re.Match[str] | None:
    """The first gazetteer place in the text."""
    return next(_matches(text), None)
