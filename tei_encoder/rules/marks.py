"""Classification markings as ``stamp type="classification"``, with their level as ``@subtype``.

A marking is a line of its own (``SECRET``, ``~~TOP SECRET~~``, ``Personal and Top
Secret``), a marking that starts a line before a date, or a struck marking that
OCR ran onto the end of another line. Classification words inside a sentence
(``PERSONAL AND SECRET. NUMBER 103.``) are not markings, nor are precedence and
handling words (PRIORITY, EYES ONLY).
"""

from __future__ import annotations

import re

from .. import classify as c
from ..lines import Line, lines
from ..model import State
from ..spans import PART, span

#: The words every classification level holds, lower-cased.
LEVEL_WORDS = ("secret", "confidential", "restricted")
#: A non-ASCII letter: the only kind of character that case-insensitive matching folds onto an ASCII letter.
_NON_ASCII_LETTER = re.compile(r"[^\W\x00-\x7f]")


def apply(state: State) -> None:
    text = state.text
    for doc in state.documents:
        for line in _candidates(text, doc.start, doc.end):
            for pattern in (c.MARK_LINE, c.MARK_THEN_SPACE, c.MARK_GLUED):
                m = pattern.search(line.text)
                if m:
                    s, e = line.start + m.start("mark"), line.start + m.end("mark")
                    state.ann.add(span(s, e, "stamp", PART, rule="marks", type="classification",
                                       subtype=c.level(m.group("mark"))))
                    break


def _candidates(text: str, start: int, end: int) -> list[Line]:
    """The lines of ``[start, end)`` that may hold a marking, in order: found with ``str.find``, not by
    three case-insensitive patterns on every line.

    Every marking holds a level word. Spelt in ASCII it shows in the lower-cased text; a line with any
    other letter is read anyway, since case-insensitive matching folds some (``ſ``, ``ı``) onto ASCII letters.
    """
    chunk = text[start:end]
    low = chunk.lower()
    if len(low) != len(chunk):  # a character lower-cases to two: offsets would shift, read every line
        return lines(text, start, end)
    hits = [m.start() for m in _NON_ASCII_LETTER.finditer(chunk)] if not chunk.isascii() else []
    for word in LEVEL_WORDS:
        at = low.find(word)
        while at != -1:
            hits.append(at)
            at = low.find(word, at + 1)
    if not hits:
        return []
    hits.sort()
    out: list[Line] = []
    i = 0
    for line in lines(text, start, end):
        while i < len(hits) and start + hits[i] < line.start:
            i += 1
        if i == len(hits):
            break
        if start + hits[i] < line.end:
            out.append(line)
    return out
