"""The block token stream of a document: units of one kind each, over the untouched text.

Segmentation cuts a document into units (a classification line, a stamp block,
an address block, a paragraph…); later rules refine ``kind`` and the layout rule
turns units into TEI blocks. Like markdown-it's block tokens, units carry only
offsets and a kind, so rules can be reordered and tested one by one.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache

from . import classify as c
from .lines import Line, lines_blank

#: Line kinds that always stand alone as their own unit.
STRONG = {"mark", "stamp", "pagenum", "contheader", "continued", "formhead", "address", "salute", "close",
          "handling"}

ADDRESS_LINE = re.compile(r"^\s*(?P<key>FROM|TO|NR|INFO|REF|SUBJECT|Subj)\s*:\s*(?P<val>.*)$", re.I)


@dataclass
class Unit:
    start: int
    end: int
    kind: str
    lines: list[Line] = field(default_factory=list)
    attrs: dict[str, str] = field(default_factory=dict)

    def text(self, source: str) -> str:
        return source[self.start : self.end]


def line_kind(line: Line) -> str:
    return _kind_of(line.text)


@lru_cache(maxsize=8192)
def _kind_of(s: str) -> str:
    """The kind of a line by its text alone (cached: form lines repeat on every page and file)."""
    if c.MARK_LINE.match(s):
        return "mark"
    if c.STAMP_HEAD.match(s):
        return "stamp"
    if c.CONT_HEADER.match(s):
        return "contheader"
    if c.PAGE_NUM.match(s):
        return "pagenum"
    if c.CONTINUED.match(s):
        return "continued"
    if c.FORM_HEAD.match(s) or c.FORM_SUB.match(s):
        return "formhead"
    if ADDRESS_LINE.match(s):
        return "address"
    if c.SALUTE.match(s):
        return "salute"
    if c.CLOSE.match(s):
        return "close"
    return ""


def continues_address(previous: Line) -> bool:
    """Whether the line after ``previous`` (with no blank line between) goes on with an address.

    A form heading's words (``Foreign Office``, ``Embassy``) also end inside addresses: ``Ernest Bevin, M.P.,``
    / ``Foreign Office,`` / ``London.``. An address line ends with a comma; a letterhead starts its block.
    """
    return previous.text.rstrip().endswith(",")


def segment(text: str, start: int, end: int, by_line: bool = False) -> list[Unit]:
    """Cut ``text[start:end]`` into units: strong lines alone, the rest by blank-line blocks.

    Web-page text (``by_line``) has a paragraph per line and no blank lines, so
    there every line is a unit.
    """
    units: list[Unit] = []
    run: list[Line] = []

    def flush() -> None:
        if run:
            units.append(Unit(run[0].content_start, run[-1].content_end, "text", list(run)))
            run.clear()

    all_lines, blank = lines_blank(text, start, end)
    i = 0
    while i < len(all_lines):
        line = all_lines[i]
        if blank[i]:
            flush()
            i += 1
            continue
        kind = line_kind(line)
        if kind == "formhead" and run and continues_address(run[-1]):
            kind = ""  # "Foreign Office," under "Ernest Bevin, M.P.,": an inside address, not a letterhead
        if kind == "stamp":
            flush()
            i = _stamp(all_lines, i, units)
            continue
        if kind == "address":
            flush()
            j = i
            while j + 1 < len(all_lines) and line_kind(all_lines[j + 1]) == "address":
                j += 1
            units.append(Unit(line.content_start, all_lines[j].content_end, "address", all_lines[i : j + 1]))
            i = j + 1
            continue
        if kind in STRONG:
            flush()
            units.append(Unit(line.content_start, line.content_end, kind, [line]))
            i += 1
            continue
        run.append(line)
        if by_line:
            flush()
        i += 1
    flush()
    return units


def _stamp(all_lines: list[Line], i: int, units: list[Unit]) -> int:
    """A declassification stamp: its heading and the stamp lines after it, across blank lines."""
    j = i
    k = i + 1
    while k < len(all_lines):
        line = all_lines[k]
        if line.blank:
            k += 1
            continue
        glued = c.MARK_GLUED.search(line.text)
        if c.is_stamp_line(line.text) or glued:
            j = k
            k += 1
            if glued:
                break
            continue
        break
    first = all_lines[i]
    last = all_lines[j]
    units.append(Unit(first.content_start, last.content_end, "stamp", all_lines[i : j + 1]))
    return j + 1
