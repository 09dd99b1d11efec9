"""Catchwords: the first word(s) of the next page typed alone at the foot of a page.

A short unit is a catchword when the next running-text unit (after any page
furniture) begins with the same words. It marks a page transition by itself.
"""

from __future__ import annotations

import re

from ..model import State

FURNITURE = {"mark", "stamp", "pagenum", "contheader", "continued", "formhead", "short", "catch"}


def apply(state: State, max_words: int = 4, lookahead: int = 8) -> None:
    text = state.text
    for doc in state.documents:
        units = doc.units
        seen_prose = False
        for n, unit in enumerate(units):
            if unit.kind == "prose":
                seen_prose = True
            if unit.kind != "short" or n == 0 or not seen_prose:
                continue
            words = re.findall(r"\w+", unit.text(text).lower())
            if not words or len(words) > max_words or re.search(r"[.:;!?]\s*$", unit.text(text)):
                continue
            for nxt in units[n + 1 : n + 1 + lookahead]:
                if nxt.kind == "prose":
                    following = re.findall(r"\w+", nxt.text(text).lower())[: len(words)]
                    if following == words:
                        unit.kind = "catch"
                    break
                if nxt.kind not in FURNITURE:
                    break
