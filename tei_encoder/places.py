"""The gazetteer of places of sending (``data/places.toml``), and lookups against it."""

from __future__ import annotations

import re
import tomllib
from functools import cache
from importlib import resources


@cache
def known() -> tuple[str, ...]:
    raw = resources.files("tei_encoder").joinpath("data/places.toml").read_text(encoding="utf-8")
    places = [str(p) for p in tomllib.loads(raw)["places"]]
    return tuple(sorted(places, key=len, reverse=True))


@cache
def _pattern() -> re.Pattern[str]:
    alts = "|".join(re.escape(p).replace(r"\ ", r"\s+") for p in known())
    return re.compile(rf"\b(?P<place>{alts})\b", re.I)


def canonical(name: str) -> str | None:
    """The gazetteer form of a place name in any case, or None if it is not a known place."""
    key = " ".join(name.split()).strip(" ,.;:[]()").casefold()
    for place in known():
        if place.casefold() == key:
            return place
    return None


@cache
def _first_words() -> frozenset[str]:
    return frozenset(p.split()[0].casefold() for p in known())


_CAP = re.compile(r"\b[A-Za-z][\w'’-]*")


def finditer(text: str) -> list[re.Match[str]]:
    """Gazetteer places in the text; the big pattern only runs where a place's first word stands."""
    firsts = _first_words()
    pattern = _pattern()
    out: list[re.Match[str]] = []
    pos = 0
    for w in _CAP.finditer(text):
        if w.start() < pos or w.group().casefold() not in firsts:
            continue
        m = pattern.match(text, w.start())
        if m:
            out.append(m)
            pos = m.end()
    return out


def find(text: str) -> re.Match[str] | None:
    found = finditer(text)
    return found[0] if found else None
