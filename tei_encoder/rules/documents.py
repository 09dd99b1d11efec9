"""Where documents begin: printed form headings and letterheads, not page running heads.

A transcript may hold several documents (a Signal Corps form followed by a
State Department telegram; two letters). A form heading opens a new document
unless it is the running head of the next page of the same one: preceded by a
``(CONTINUED NEXT PAGE)`` line or followed by a page number before any text.
"""

from __future__ import annotations

from itertools import pairwise

from .. import classify as c
from ..lines import Line, lines
from ..model import Document, State
from ..units import continues_address, line_kind


def apply(state: State, lookahead: int = 4) -> None:
    text = state.text
    every = lines(text)
    # Form-heading words inside an address block ("Foreign Office," under "Ernest Bevin, M.P.,") open nothing.
    in_address = {ln.start for prev, ln in pairwise(every)
                  if not prev.blank and continues_address(prev)}
    all_lines = [ln for ln in every if not ln.blank]
    starts: list[int] = []
    prose_since = False  # running text since the last document start
    i = 0
    while i < len(all_lines):
        if line_kind(all_lines[i]) != "formhead" or all_lines[i].start in in_address:
            prose_since = prose_since or (line_kind(all_lines[i]) == "" and c.is_prose(all_lines[i].text))
            i += 1
            continue
        j = i
        while j + 1 < len(all_lines) and line_kind(all_lines[j + 1]) == "formhead" and \
                all_lines[j + 1].start not in in_address:
            j += 1
        if not _running_head(all_lines, i, j, lookahead) and (not starts or prose_since):
            starts.append(all_lines[i].content_start)
            prose_since = False
        i = j + 1
    body_from = state.front[1] if state.front else 0
    starts = [s for s in starts if s >= body_from]
    first_content = _first_content(all_lines, body_from)
    if first_content is None:
        return
    if not starts:
        starts.insert(0, first_content)
    elif starts[0] > first_content and not _only_caption(text, first_content, starts[0]):
        before = [ln for ln in all_lines if first_content <= ln.content_start < starts[0]]
        if any(c.is_prose(ln.text) and line_kind(ln) == "" for ln in before):
            starts.insert(0, first_content)
        else:
            starts[0] = first_content  # a marking above the letterhead belongs to the same document
    elif starts[0] > first_content and state.front is None:
        state.front = (first_content, _end_before(text, starts[0]))
    for n, start in enumerate(starts):
        end = _end_before(text, starts[n + 1]) if n + 1 < len(starts) else len(text.rstrip())
        state.documents.append(Document(start, end))


def _running_head(all_lines: list[Line], i: int, j: int, lookahead: int) -> bool:
    if i > 0 and line_kind(all_lines[i - 1]) == "continued":
        return True
    for line in all_lines[j + 1 : j + 1 + lookahead]:
        kind = line_kind(line)
        if kind in ("pagenum", "contheader"):
            return True
        if kind not in ("mark", "formhead", "") or c.is_prose(line.text):
            return False
    return False


def _first_content(all_lines: list[Line], after: int) -> int | None:
    for line in all_lines:
        if line.content_start >= after:
            return line.content_start
    return None


def _only_caption(text: str, start: int, end: int) -> bool:
    """Whether what precedes the first form heading is a catalogue caption (then it goes to ``front``)."""
    from .caption import is_caption

    return is_caption(text[start:end])


def _end_before(text: str, offset: int) -> int:
    return len(text[:offset].rstrip())
