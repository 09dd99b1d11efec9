"""Page transitions inside a document, and the ``pb`` that marks each one.

Any run of page furniture between two paragraphs (a ``(CONTINUED NEXT PAGE)``
line, a running head, a page number, a stamp, a marking, a catchword) is one
page transition. The ``pb`` goes before the first line that belongs to the new
page (running head, page number) or after the catchword, and takes the page
number the transcript shows, else the next number.
"""

from __future__ import annotations

from itertools import pairwise

from .. import classify as c
from ..model import State
from ..spans import BLOCK, span
from ..units import Unit

PAGE_FURNITURE = {"mark", "stamp", "pagenum", "contheader", "continued", "formhead", "catch"}
BODY = {"prose", "bracket", "salute-body"}
TOP_OF_PAGE = {"formhead", "pagenum", "contheader"}


def apply(state: State) -> None:
    text = state.text
    for doc in state.documents:
        units = doc.units
        page = 1
        body = [n for n, u in enumerate(units) if u.kind in BODY]
        for a, b in pairwise(body):
            group = units[a + 1 : b]
            if not any(u.kind in PAGE_FURNITURE for u in group):
                continue
            number = None
            for u in group:
                m = c.PAGE_NUM.match(u.text(text)) or c.CONT_HEADER.match(u.text(text))
                if m and u.kind in ("pagenum", "contheader"):
                    number = int(next(g for g in m.groups() if g))
                    break
            page = number if number else page + 1
            at = _position(group, units[b].start)
            for u in group:
                u.attrs["side"] = "top" if u.start >= at else "bottom"
                u.attrs["page"] = str(page)
            state.ann.add(span(at, at, "pb", BLOCK, rule="pages", n=str(page)))
        for u in units:
            if u.kind == "prose":
                for m in c.PAGE_MARKER.finditer(text, u.start, u.end):
                    state.ann.add(span(m.start(), m.start(), "pb", 35, rule="pages", n=m.group("n")))
                    state.ann.add(span(m.start(), m.end(), "fw", 35, rule="pages", type="pageNum"))


def _position(group: list[Unit], next_start: int) -> int:
    for u in group:
        if u.kind in TOP_OF_PAGE:
            return u.start
    catches = [u for u in group if u.kind == "catch"]
    if catches:
        after = catches[-1].end
        rest = [u for u in group if u.start >= after]
        return rest[0].start if rest else next_start
    return next_start

