"""Cut every document into units (the block token stream), then give plain text a first kind.

``prose`` is running text; ``short`` is anything else (a name, a routing code, a
catchword) that later rules refine.
"""

from __future__ import annotations

import re

from .. import classify as c
from ..model import State
from ..units import segment

#: An inside address: ``The Honorable / The Secretary of State.``, ``His Excellency / …``.
INSIDE_ADDRESS = re.compile(
    r"^\s*(?:The\s+(?:Right\s+|Rt\.\s+)?Honou?rable|His\s+Excellency|Her\s+Excellency|Honou?rable)\b", re.I)

#: Transmission handling notes typed in a telegram's heading (``This telegram must be closely paraphrased…``).
HANDLING = re.compile(r"\b(?:must\s+be[\s\S]{0,80}?paraphrased|paraphrase\s+(?:not\s+)?necessary|"
                      r"No\s+paraphrase|Distribution\s+of\s+this\s+message)\b", re.I)
#: A unit that is one editorial bracket: ``[Illegible]``, ``[Handwritten note]``.
BRACKET = re.compile(r"\[[^\[\]]*\]", re.S)


def apply(state: State, by_line: bool = False) -> None:
    state.ensure_documents()
    for doc in state.documents:
        doc.units = segment(state.text, doc.start, doc.end, by_line)
        heads = set(doc.heads) | {(s.start, s.end) for s in state.ann.spans if s.tag == "head"}
        for unit in doc.units:
            if (unit.start, unit.end) in heads:
                unit.kind = "title"
                continue
            if unit.kind != "text":
                continue
            body = unit.text(state.text)
            if BRACKET.fullmatch(body.strip()):
                unit.kind = "bracket"
            elif INSIDE_ADDRESS.match(body):
                unit.kind = "inside"
            elif len(body.split(None, 29)) < 30 and HANDLING.search(body):  # fewer than 30 words, counted to 30
                unit.kind = "head"
            elif c.is_prose(body):
                unit.kind = "prose"
            else:
                unit.kind = "short"
