"""Typed strikethrough: ``~~SECRET~~`` is a struck word on the paper.

The struck text becomes ``del rend="strikethrough"``; the ``~~`` are the
transcriber's notation for the stroke, so they are dropped once ``del`` says it.
A lone or unbalanced ``~~`` is left as text.
"""

from __future__ import annotations

import re

from ..model import State
from ..spans import DROP, PHRASE, span

STRUCK = re.compile(r"~~(?=\S)(?P<inner>[^~\n]{1,200}?)(?<=\S)~~")


def apply(state: State) -> None:
    for m in STRUCK.finditer(state.text):
        state.ann.add(span(m.start(), m.end(), "del", PHRASE, rule="strikethrough", rend="strikethrough"))
        state.ann.add(span(m.start(), m.start() + 2, "#drop", DROP, rule="strikethrough", **{"for": "del"}))
        state.ann.add(span(m.end() - 2, m.end(), "#drop", DROP, rule="strikethrough", **{"for": "del"}))
