"""Places named in the document's text, from the gazetteer (``data/places.toml``), as ``placeName``.

Only capitalised occurrences count, so that a place name that is also a word
is not taken in lower case; names inside footnotes are the editors' and are left.
"""

from __future__ import annotations

from .. import places
from ..model import State
from ..ranges import Mask
from ..spans import PHRASE, Span


def apply(state: State) -> None:
    text = state.text
    existing = Mask(len(text), ((s.start, s.end) for s in state.ann.spans if s.rank >= PHRASE and s.tag != "#drop"))
    blocks = Mask(len(text), ((s.start, s.end) for s in state.ann.spans if s.tag in ("p", "opener", "closer", "head")))
    for doc in state.documents:
        for m in places.finditer(text[doc.start : doc.end]):
            s, e = doc.start + m.start(), doc.start + m.end()
            if not text[s].isupper() or not existing.free(s, e) or not blocks.covered(s, e):
                continue
            existing.add(s, e)
            state.ann.add(Span(s, e, "placeName", PHRASE, (), "places_in_text"))  # span() without attributes
