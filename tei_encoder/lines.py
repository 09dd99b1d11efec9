"""Lines and blank-line-separated blocks of the source, with their offsets.

Transcripts are laid out in lines: form headings, address blocks and stamps
are recognised line by line, prose paragraphs block by block.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Iterator
from dataclasses import dataclass
from functools import cached_property

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

    @cached_property
    def text(self) -> str:
        """Cached: the rules that split letters ask each block's text several times."""
        return "\n".join(line.stripped for line in self.lines)

    @property
    def flat(self) -> str:
        return " ".join(line.stripped for line in self.lines)


@dataclass(frozen=True)
class _Table:
    """Every line of one text, and where each starts, so a range's lines are two bisections away."""

    text: str
    lines: tuple[Line, ...]
    starts: list[int]


#: The last text's table. About ten rules ask for the lines of the same text; a one-entry cache keyed by
#: identity serves them all and holds one text at a time.
_last: _Table | None = None


def lines(text: str, start: int = 0, end: int | None = None) -> list[Line]:
    """The lines of ``text[start:end]`` (the first from ``start``, the last to ``end``), with their offsets."""
    end = len(text) if end is None else end
    if not 0 <= start <= end <= len(text):
        return _scan(text, start, end)
    table = _table(text)
    k = bisect_right(table.starts, start) - 1
    j = bisect_right(table.starts, end) - 1
    out = list(table.lines[k : j + 1])
    first, last = out[0], out[-1]
    if first.start != start or first.end > end:
        stop = min(first.end, end)
        out[0] = Line(start, stop, text[start:stop])
    if j > k and last.end > end:
        out[-1] = Line(last.start, end, text[last.start : end])
    return out


def _table(text: str) -> _Table:
    global _last
    table = _last
    if table is None or table.text is not text:
        scanned = _scan(text, 0, len(text))
        table = _Table(text, tuple(scanned), [line.start for line in scanned])
        _last = table
    return table


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
    for line in lines(text, start, end):
        if line.blank:
            if run:
                yield Block(tuple(run))
                run = []
        else:
            run.append(line)
    if run:
        yield Block(tuple(run))
