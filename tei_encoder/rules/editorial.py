"""Editorial brackets in the document text: ``[sic]``, omissions, illegible passages, supplied
letters and words, corrections, and descriptive notes.

The bracket text stays inside the element that encodes it, except the
``[sic]`` marker itself: the word before it becomes ``sic``. Brackets in a
catalogue entry's metadata and in footnotes are not the document's and are
left alone; so are FRUS page markers (``[Page 24]``).
"""

from __future__ import annotations

import difflib
import re

from ..model import State
from ..ranges import Boundaries, Mask
from ..spans import BLOCK, DROP, INNER, PHRASE, span

BRACKET = re.compile(r"\[(?P<inner>[^\[\]\n]{0,400}(?:\n[^\[\]\n]{0,400}){0,6})\]")
OMISSION = re.compile(r"^\s*(?:\.\s*){3,}$|^\s*…\s*$|^\s*etc\.?\s*$|^\s*(?:omitted|text omitted)\s*$", re.I)
ILLEGIBLE = re.compile(r"\billegible\b|\bindecipherable\b|\bunreadable\b|\bgarbled?\b", re.I)
#: A telegram's cipher groups lost in transmission (``[garbled group]``, ``[1 group garble]``), as printed editions
#: mark them: a gap like an illegible passage, for another reason.
GARBLED = re.compile(r"\bgarbled?\b", re.I)
PAGE = re.compile(r"^Page \w+$")
DELETION = re.compile(r"\b(?:crossed|struck|scored|lined)\s+(?:out|through)\b|\bdeleted\b|\berased\b", re.I)
#: An omission printed as a row of dots on a line of its own (FRUS), not in brackets.
DOT_ROW = re.compile(r"^[ \t]*(?:\d+:?[ \t]*)?(?P<dots>(?:\.[ \t]*){3,}|…)[ \t]*$", re.M)
#: ``DOT_ROW`` after a line feed: it begins with a literal, so it is tried only where a line begins.
_DOT_ROW_AFTER_LF = re.compile(rf"\n(?:{DOT_ROW.pattern})", re.M)


def dot_rows(text: str, start: int, end: int) -> list[re.Match[str]]:
    """``DOT_ROW.finditer(text, start, end)``, without trying ``^`` at every offset of the document.

    A row lies within one line and every line has at most one, so the rows are the one at ``start`` (if
    a line begins there) and those after each line feed; their ``dots`` groups are the same.
    """
    first = DOT_ROW.match(text, start, end) if start == 0 or text[start - 1] == "\n" else None
    rest = list(_DOT_ROW_AFTER_LF.finditer(text, start, end))
    return [first, *rest] if first is not None else rest


def bracket_kind(inner: str, before: str = "", after: str = "") -> str:
    """What a bracket says, from its content and what touches it."""
    text = inner.strip()
    if PAGE.match(text):
        return "page"
    if text.lower() == "sic" or text.lower() == "sic!":
        return "sic"
    if OMISSION.match(text):
        return "omission"
    if DELETION.search(text):
        return "deletion"
    words = re.findall(r"\w+", text)
    if ILLEGIBLE.search(text) and (len(words) <= 5 or ILLEGIBLE.match(text)):
        return "illegible"  # a longer description that mentions illegible words is a note
    if before[-1:].isalpha() or after[:1].isalpha():
        return "supplied"
    if len(words) >= 4 or (len(words) >= 3 and not text.endswith(",")):
        return "note"
    return "short"


def apply(state: State) -> None:
    text = state.text
    blocks = {(s.start, s.end) for s in state.ann.spans if s.tag == "note" and s.attr("type") == "editorial"}
    block_bounds = Boundaries((s.start, s.end) for s in state.ann.spans
                              if s.rank <= BLOCK and s.tag not in ("div", "#drop"))
    footnotes = Mask(len(text), ((s.start, s.end) for s in state.ann.spans
                                 if s.tag == "note" and s.attr("type") == "footnote"))
    phrase_bounds = Boundaries((s.start, s.end) for s in state.ann.spans if s.rank > BLOCK)
    for doc in state.documents:
        for m in dot_rows(text, doc.start, doc.end):
            state.ann.add(span(m.start("dots"), m.end("dots"), "gap", PHRASE, rule="editorial", inner="desc",
                               reason="omitted"))
        for m in BRACKET.finditer(text, doc.start, doc.end):
            start, end = m.start(), m.end()
            if (start, end) in blocks or footnotes.covered(start, end):
                continue
            if block_bounds.inside(start, end):
                continue  # a bracket that runs over two blocks is not one intervention
            inner = m.group("inner")
            kind = bracket_kind(inner, text[max(0, start - 1) : start], text[end : end + 1])
            _encode(state, kind, start, end, inner, phrase_bounds)


def _encode(state: State, kind: str, start: int, end: int, inner: str, bounds: Boundaries) -> None:
    text = state.text
    add = state.ann.add
    if kind == "page":
        return
    if kind == "sic":
        word = re.search(r"(?<![^\s])([^\s\[\]]+)([ \t]*)\Z", text[max(0, start - 60) : start])
        w0 = start - len(word.group(0)) if word else start
        w1 = w0 + len(word.group(1)) if word else start
        if not word or not re.search(r"\w", word.group(1)) or bounds.inside(w0, end):
            # Nothing clean to be [sic] about: keep the marker as the transcript has it.
            return
        # The sic covers the word and its marker; the marker inside it is not written.
        add(span(w0, end, "sic", PHRASE, rule="editorial"))
        add(span(w1, end, "#drop", DROP, rule="editorial", **{"for": "sic"}))
        bounds.add(w0, end)
    elif kind == "omission":
        add(span(start, end, "gap", PHRASE, rule="editorial", inner="desc", reason="omitted"))
    elif kind == "illegible":
        reason = "garbled" if GARBLED.search(inner) else "illegible"
        add(span(start, end, "gap", PHRASE, rule="editorial", inner="desc", reason=reason))
    elif kind == "supplied":
        add(span(start, end, "supplied", PHRASE, rule="editorial", reason="omitted-in-original"))
    elif kind in ("note", "deletion"):
        extra = {"subtype": "deletion"} if kind == "deletion" else {}
        add(span(start, end, "note", PHRASE, rule="editorial", type="editorial", **extra))
    else:
        _short(state, start, end, inner)


def _short(state: State, start: int, end: int, inner: str) -> None:
    """``Tegeran [Tehran]``, ``26 [25] June`` are corrections; ``and [that]``, ``[Hyde Park,]`` supply text."""
    text = state.text
    before = re.search(r"(\S+)([ \t]+)$", text[max(0, start - 60) : start])
    add = state.ann.add
    if before:
        word = before.group(1)
        same_shape = (word.isdigit() and inner.strip().isdigit()) or (
            word[:1].isupper() and inner.strip()[:1].isupper()
            and difflib.SequenceMatcher(None, word.lower(), inner.strip().lower()).ratio() >= 0.6)
        if same_shape:
            w0 = start - len(before.group(0))
            add(span(w0, end, "choice", PHRASE, rule="editorial"))
            add(span(w0, w0 + len(word), "orig", INNER, rule="editorial"))
            add(span(start, end, "corr", INNER, rule="editorial"))
            return
    add(span(start, end, "supplied", PHRASE, rule="editorial", reason="omitted-in-original"))
