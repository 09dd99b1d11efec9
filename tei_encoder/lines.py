"""Lines and blank-line-separated blocks of the source, with their offsets.

Transcripts are laid out in lines: form headings, address blocks and stamps
are recognised line by line, prose paragraphs block by block.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Iterator
from dataclasses import dataclass

_LINE = re.compile(r"[^\n]*")


@dataclass(frozen=True)
class Line:
    start: int
    end: int
    text: str

    @property
    def stripped(self) -> str:
        return self.text.strip()

    @property
    def content_start(self) -> int:
        return self.start + (len(self.text) - len(self.text.lstrip()))

    @property
    def content_end(self) -> int:
        return self.start + len(self.text.rstrip())

    @property
    def blank(self) -> bool:
        return not self.text.strip()


@dataclass(frozen=True)
class Block:
    lines: tuple[Line, ...]

    @property
    def start(self) -> int:
        return self.lines[0].content_start

    @property
    def end(self) -> int:
        return self.lines[-1].content_end

    @property
    def text(self) -> str:
        """Kept once made: the rules that split letters ask each block's text several times. (In the
        instance's dict, past the frozen ``__setattr__``, and without ``cached_property``'s lock.)"""
        made: str | None = self.__dict__.get("_text")
        if made is None:
            made = self.__dict__["_text"] = "\n".join(line.stripped for line in self.lines)
        return made

    @property
    def flat(self) -> str:
        return " ".join(line.stripped for line in self.lines)


@dataclass(frozen=True)
class _Table:
    """Every line of one text, and where each starts, so a range's lines are two bisections away."""

    text: str
    lines: tuple[Line, ...]
    starts: list[int]
    #: Whether each line is blank, asked of every line by each rule that reads blocks.
    blank: list[bool]


#: The last text's table. About ten rules ask for the lines of the same text; a one-entry cache keyed by
#: identity serves them all and holds one text at a time.
_last: _Table | None = None


def lines(text: str, start: int = 0, end: int | None = None) -> list[Line]:
    """The lines of ``text[start:end]`` (the first from ``start``, the last to ``end``), with their offsets."""
    return _slice(text, start, len(text) if end is None else end)[0]


def lines_blank(text: str, start: int = 0, end: int | None = None) -> tuple[list[Line], list[bool]]:
    """``lines`` and whether each is blank (``Line.blank``), for loops that ask it of every line."""
    return _slice(text, start, len(text) if end is None else end)


def _slice(text: str, start: int, end: int) -> tuple[list[Line], list[bool]]:
    """``lines`` and whether each is blank, cut from the text's table."""
    if not 0 <= start <= end <= len(text):
        scanned = _scan(text, start, end)
        return scanned, [line.blank for line in scanned]
    table = _table(text)
    k = bisect_right(table.starts, start) - 1
    j = bisect_right(table.starts, end) - 1
    out = list(table.lines[k : j + 1])
    blank = table.blank[k : j + 1]
    first, last = out[0], out[-1]
    if first.start != start or first.end > end:
        stop = min(first.end, end)
        out[0] = Line(start, stop, text[start:stop])
        blank[0] = out[0].blank
    if j > k and last.end > end:
        out[-1] = Line(last.start, end, text[last.start : end])
        blank[-1] = out[-1].blank
    return out, blank


def forget() -> None:
    """Drop the kept table, so that a large transcript's lines do not outlive its encoding."""
    global _last
    _last = None


def _table(text: str) -> _Table:
    global _last
    table = _last
    if table is None or table.text is not text:
        table = _Table(text, *_split(text))
        _last = table
    return table


def _split(text: str) -> tuple[tuple[Line, ...], list[int], list[bool]]:
    """``_scan`` of the whole text, from one ``str.split``, with each line's start and blankness."""
    out: list[Line] = []
    starts: list[int] = []
    blank: list[bool] = []
    pos = 0
    for piece in text.split("\n"):
        stop = pos + len(piece)
        out.append(Line(pos, stop, piece))
        starts.append(pos)
        blank.append(not piece.strip())
        pos = stop + 1
    return tuple(out), starts, blank


def _scan(text: str, start: int, end: int) -> list[Line]:
    """The definition: a line per newline in ``[start, end)``, and the rest up to ``end``."""
    out: list[Line] = []
    pos = start
    while pos <= end:
        nl = text.find("\n", pos, end)
        stop = end if nl < 0 else nl
        out.append(Line(pos, stop, text[pos:stop]))
        if nl < 0:
            break
        pos = nl + 1
    return out


def blocks(text: str, start: int = 0, end: int | None = None) -> Iterator[Block]:
    run: list[Line] = []
    for line, blank in zip(*_slice(text, start, len(text) if end is None else end), strict=True):
        if blank:
            if run:
                yield Block(tuple(run))
                run = []
        else:
            run.append(line)
    if run:
        yield Block(tuple(run))
