"""Classification markings as ``stamp type="classification"``, with their level as ``@subtype``.

A marking is a line of its own (``SECRET``, ``~~TOP SECRET~~``, ``Personal and Top
Secret``), a marking that starts a line before a date, or a struck marking that
OCR ran onto the end of another line. Classification words inside a sentence
(``PERSONAL AND SECRET. NUMBER 103.``) are not markings, nor are precedence and
handling words (PRIORITY, EYES ONLY).
"""

from __future__ import annotations

from .. import classify as c
from ..lines import lines
from ..model import State
from ..spans import PART, span


def apply(state: State) -> None:
    text = state.text
    for doc in state.documents:
        for line in lines(text, doc.start, doc.end):
            for pattern in (c.MARK_LINE, c.MARK_THEN_SPACE, c.MARK_GLUED):
                m = pattern.search(line.text)
                if m:
                    s, e = line.start + m.start("mark"), line.start + m.end("mark")
                    state.ann.add(span(s, e, "stamp", PART, rule="marks", type="classification",
                                       subtype=c.level(m.group("mark"))))
                    break
