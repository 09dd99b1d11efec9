"""The archive's caption above a transcript (``Telegram, X to Y, date. Collection.``) goes to ``front``.

It describes the document rather than being part of it, so its words stay in
the text (in ``front``) and its title and collection are copied to the header.
"""

from __future__ import annotations

import re

from ..lines import blocks
from ..model import State
from ..spans import BLOCK, span

_KIND = re.compile(r"^\s*(?:Telegrams?|Letters?|Messages?|Memorand(?:um|a)|Draft|Notes?|Cables?|Reports?|"
                   r"Despatch(?:es)?|Dispatch(?:es)?|Minutes|Record)\b[^\n]*", re.I)
_HOLDING = re.compile(r"\b(?:Papers|Files?|Library|Archives?|Collection|Records)\b")


def is_caption(text: str) -> bool:
    first = text.strip().split("\n", 1)[0]
    return bool(_KIND.match(first) and ("," in first or " to " in first)) or bool(_HOLDING.search(text))


def apply(state: State, max_blocks: int = 2) -> None:
    """Claim the leading caption blocks, before any document is found."""
    text = state.text
    taken: list[tuple[int, int]] = []
    for n, block in enumerate(blocks(text)):
        if n >= max_blocks or not is_caption(block.text):
            break
        taken.append((block.start, block.end))
    if not taken:
        return
    start, end = taken[0][0], taken[-1][1]
    state.front = (start, end)
    state.ann.add(span(start, end, "div", 5, rule="caption", type="caption"))
    for s, e in taken:
        state.ann.add(span(s, e, "p", BLOCK, rule="caption"))
    caption = " ".join(text[start:end].split())
    sentences = re.split(r"(?<=[a-z0-9]\.)\s+(?=[A-Z])", caption)
    state.meta.title = sentences[0].rstrip(".")
    holding = [s for s in sentences[1:] if _HOLDING.search(s)]
    if holding:
        state.meta.collection = " ".join(holding).rstrip(".")
