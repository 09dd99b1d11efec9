"""Several letters typed one after another without a letterhead between them.

A complimentary close, the signature under it and an inside address end a
letter; when a salutation follows later, the next letter begins with the first
block after that closing group (its dateline or letterhead).
"""

from __future__ import annotations

from .. import classify as c
from ..lines import Block, blocks
from ..model import Document, State
from .segment import INSIDE_ADDRESS


def apply(state: State) -> None:
    state.ensure_documents()
    out: list[Document] = []
    for doc in state.documents:
        out.extend(_split(state, doc))
    state.documents = out
    for n, doc in enumerate(out, 1):
        doc.xml_id = f"d{n}"


def _split(state: State, doc: Document) -> list[Document]:
    bl = list(blocks(state.text, doc.start, doc.end))
    starts = [doc.start]
    prose = False
    n = 0
    while n < len(bl):
        b = bl[n]
        if c.is_prose(b.text) and not c.CLOSE.match(b.text):
            prose = True
        if prose and c.CLOSE.match(b.text):
            m = n + 1
            if m < len(bl) and c.SIGNATURE.match(bl[m].lines[0].text):
                m += 1
            if m < len(bl) and INSIDE_ADDRESS.match(bl[m].text):
                m += 1
            if m < len(bl) and _salute_ahead(bl[m:]):
                starts.append(bl[m].start)
                prose = False
                n = m
                continue
        n += 1
    if len(starts) == 1:
        return [doc]
    ends = [len(state.text[:s].rstrip()) for s in starts[1:]] + [doc.end]
    return [Document(s, e, heads=[h for h in doc.heads if s <= h[0] < e]) for s, e in zip(starts, ends, strict=True)]


def _salute_ahead(rest: list[Block], window: int = 5) -> bool:
    """A salutation within the next few blocks, before any running text."""
    for b in rest[:window]:
        if c.SALUTE.match(b.text):
            return True
        if c.is_prose(b.text):
            return False
    return False
