"""Footnotes printed after a web-page document (``  1. Sent to …`` or ``- Sent to … ↩``).

They are the editors', not the document's: each becomes ``note type="footnote"``
with its number, at the end of the document, and no other rule reads persons,
dates or brackets from them.
"""

from __future__ import annotations

import re

from ..model import State
from ..spans import BLOCK, span

NUMBERED = re.compile(r"^\s+(?P<n>\d+)\.\s+\S")
RETURN = re.compile(r"↩\s*$")


def apply(state: State) -> None:
    text = state.text
    for doc in state.documents:
        units = doc.units
        notes: list[tuple[int, int, str]] = []
        # "- text ↩" footnotes, possibly over several lines.
        n = 0
        while n < len(units):
            u = units[n]
            if u.text(text).startswith("- ") and any(RETURN.search(x.text(text)) for x in units[n : n + 12]):
                m = n
                while not RETURN.search(units[m].text(text)):
                    m += 1
                notes.append((n, m, str(len(notes) + 1)))
                n = m + 1
                continue
            n += 1
        # Indented numbered footnotes after the body, running to the end.
        first_numbered = next((k for k, u in enumerate(units) if NUMBERED.match(text[_line_start(text, u.start) :
                                                                                          u.end])), None)
        if first_numbered is not None and not notes:
            k = first_numbered
            while k < len(units):
                u = units[k]
                num = NUMBERED.match(text[_line_start(text, u.start) : u.end])
                if num:
                    notes.append((k, k, num.group("n")))
                elif notes:
                    a, _, label = notes[-1]
                    notes[-1] = (a, k, label)
                k += 1
        for a, b, label in notes:
            start, end = units[a].start, units[b].end
            state.ann.add(span(start, end, "note", BLOCK, rule="footnotes", type="footnote", n=label, place="bottom"))
            for u in units[a : b + 1]:
                u.kind = "footnote"
        doc.units = [u for u in units if u.kind != "footnote"]


def _line_start(text: str, offset: int) -> int:
    return text.rfind("\n", 0, offset) + 1
