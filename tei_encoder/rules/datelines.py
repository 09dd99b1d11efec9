"""Datelines: a short line that is a place and a date (``Moscow, April 12, 1946``, ``6 APRIL 1946``).

A dateline may also carry a marking or a number before it (``Top Secret    September
13, 1944``; ``No. 157    Moscow, April 12, 1946``) or an editor's bracketed place
(``[Hyde Park,] September 18, 1944.``). Web-page datelines split over two lines
(``Washington, July 1,`` / ``1946—8 p.m.``) are joined first.
"""

from __future__ import annotations

import re

from .. import dates
from ..model import State

_FILLER = re.compile(r"[\s,.;:\[\]()—–-]|Dated|DATED|p\.m|a\.m|noon|midnight|\d|[AP]M", re.I)


def _more_words_than(text: str, n: int) -> bool:
    """``len(text.split()) > n``, without splitting the whole of a long paragraph."""
    return len(text.split(None, n)) > n


def apply(state: State, max_words: int = 8) -> None:
    text = state.text
    for doc in state.documents:
        units = doc.units
        for n, unit in enumerate(units):
            if unit.kind not in ("short", "prose"):
                continue
            body = unit.text(text)
            if _more_words_than(body, max_words + 4):
                continue
            found = dates.parse_one(body)
            if (found is None or found.year is None) and n + 1 < len(units) and re.search(r",\s*$", body):
                nxt = units[n + 1]
                joined = text[unit.start : nxt.end]
                f2 = dates.parse_one(joined)
                if nxt.kind in ("short", "prose") and f2 and f2.year and "\n\n" not in joined and \
                        unit.start + f2.end > nxt.start and len(joined.split()) <= max_words:
                    unit.end = nxt.end
                    unit.lines += nxt.lines
                    nxt.kind = "merged"
                    body = joined
                    found = f2
            if found is None or (found.year is None and found.day is None):
                continue
            rest = body[: found.start] + body[found.end :]
            words = re.findall(r"[^\W\d_]{2,}", _FILLER.sub(" ", rest))
            if len(words) <= 4 and len(body.split()) <= max_words + 4:
                unit.kind = "dateline"
        doc.units = [u for u in units if u.kind != "merged"]
