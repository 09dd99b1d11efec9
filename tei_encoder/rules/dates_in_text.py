"""Dates in the text as ``date/@when``, in every form the transcripts use.

A date without a year (``April 5, 6 p.m.``, ``May 5th``) takes the year of the
document's own date; a date-time group (``060355Z``) takes its month and year.
When the document has no date, such a date is left unmarked rather than guessed.
"""

from __future__ import annotations

from .. import dates
from ..model import State
from ..ranges import Mask
from ..spans import PHRASE, Span


def _date(start: int, end: int, iso: str) -> Span:
    """``span(start, end, "date", PHRASE, rule=..., when=iso)``, built directly: one attribute, nothing to sort."""
    return Span(start, end, "date", PHRASE, (("when", iso),), "dates_in_text")


_TEXT_BLOCKS = {"p", "ab", "opener", "closer", "fw", "trailer", "head", "note", "dateline", "stamp"}


def apply(state: State) -> None:
    text = state.text
    existing = Mask(len(text), ((s.start, s.end) for s in state.ann.spans if s.rank >= PHRASE and s.tag != "#drop"))
    footnotes = Mask(len(text), ((s.start, s.end) for s in state.ann.spans
                                 if s.tag == "note" and s.attr("type") == "footnote"))
    for doc in state.documents:
        year = month = 0
        if doc.date and doc.date.when:
            year, month = int(doc.date.when[:4]), int(doc.date.when[5:7] or 0)
        for found in dates.find_dates(text, doc.start, doc.end):
            s, e = found.start, found.end
            if not existing.free(s, e) or footnotes.covered(s, e):
                continue
            iso = found.iso(year or None)
            if not iso:
                continue
            existing.add(s, e)
            state.ann.add(_date(s, e, iso))
        if year and month:
            for m in dates.zulu_groups(text, doc.start, doc.end):
                if not existing.free(m.start(), m.end()):
                    continue
                iso = dates.dtg(m, year, month)
                if iso:
                    existing.add(m.start(), m.end())
                    state.ann.add(_date(m.start(), m.end(), iso))

