"""Prose: every block of a document that no earlier rule claimed is a paragraph.

Runs last in every chain, so that it only fills what the specific rules left.
"""

from __future__ import annotations

from ..lines import blocks
from ..model import State
from ..spans import BLOCK, span

#: Spans that hold blocks rather than being one.
_REGIONS = {"div", "front", "body"}


def apply(state: State, tag: str = "p") -> None:
    state.ensure_documents()
    regions = [(d.start, d.end) for d in state.documents]
    if state.front:
        regions.append(state.front)
    taken = sorted((s.start, s.end) for s in state.ann.spans if s.rank <= BLOCK and s.tag not in _REGIONS)
    for start, end in regions:
        for block in blocks(state.text, start, end):
            for piece in _uncovered(block.start, block.end, taken, state.text):
                state.ann.add(span(piece[0], piece[1], tag, BLOCK, rule="paragraphs"))


def _uncovered(start: int, end: int, taken: list[tuple[int, int]], text: str) -> list[tuple[int, int]]:
    out: list[tuple[int, int]] = []
    cursor = start
    for t0, t1 in taken:
        if t1 <= cursor or t0 >= end:
            continue
        if t0 > cursor:
            out.append((cursor, t0))
        cursor = max(cursor, t1)
    if cursor < end:
        out.append((cursor, end))
    trimmed = []
    for a, b in out:
        chunk = text[a:b]
        if chunk.strip():
            a2 = a + len(chunk) - len(chunk.lstrip())
            b2 = a + len(chunk.rstrip())
            trimmed.append((a2, b2))
    return trimmed
