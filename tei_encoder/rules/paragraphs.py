"""Prose: every block of a document that no earlier rule claimed is a paragraph.

Runs last in every chain, so that it only fills what the specific rules left.
"""

from __future__ import annotations

from ..lines import blocks
from ..model import State
from ..ranges import Mask
from ..spans import BLOCK, span

#: Spans that hold blocks rather than being one.
_REGIONS = {"div", "front", "body"}


def apply(state: State, tag: str = "p") -> None:
    state.ensure_documents()
    regions = [(d.start, d.end) for d in state.documents]
    if state.front:
        regions.append(state.front)
    taken = Mask(len(state.text), ((s.start, s.end) for s in state.ann.spans
                                   if s.rank <= BLOCK and s.tag not in _REGIONS))
    for start, end in regions:
        for block in blocks(state.text, start, end):
            for piece in _uncovered(block.start, block.end, taken, state.text):
                state.ann.add(span(piece[0], piece[1], tag, BLOCK, rule="paragraphs"))


def _uncovered(start: int, end: int, taken: Mask, text: str) -> list[tuple[int, int]]:
    """The runs of ``[start, end)`` that no block claims, trimmed of white space."""
    out: list[tuple[int, int]] = []
    pos = start
    while pos < end:
        a = taken.bits.find(0, pos, end)
        if a == -1:
            break
        b = taken.bits.find(1, a, end)
        b = end if b == -1 else b
        chunk = text[a:b]
        if chunk.strip():
            out.append((a + len(chunk) - len(chunk.lstrip()), a + len(chunk.rstrip())))
        pos = b
    return out
