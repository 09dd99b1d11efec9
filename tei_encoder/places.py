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


def find(text: str) -> re.Match[str] | None:
    return _pattern().search(text)


def finditer(text: str) -> list[re.Match[str]]:
    return list(_pattern().finditer(text))
