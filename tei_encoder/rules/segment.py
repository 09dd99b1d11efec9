"""Cut every document into units (the block token stream), then give plain text a first kind.

``prose`` is running text; ``short`` is anything else (a name, a routing code, a
catchword) that later rules refine.
"""

from __future__ import annotations

import re

from .. import classify as c
from ..model import State
from ..units import segment


def apply(state: State, by_line: bool = False) -> None:
    state.ensure_documents()
    for doc in state.documents:
        doc.units = segment(state.text, doc.start, doc.end, by_line)
        for unit in doc.units:
            if unit.kind != "text":
                continue
            body = unit.text(state.text)
            if re.fullmatch(r"\[[^\[\]]*\]", body.strip(), re.S):
                unit.kind = "bracket"
            elif c.is_prose(body):
                unit.kind = "prose"
            else:
                unit.kind = "short"
