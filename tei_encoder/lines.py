"""Lines and blank-line-separated blocks of the source, with their offsets.

Transcripts are laid out in lines: form headings, address blocks and stamps
are recognised line by line, prose paragraphs block by block.
"""

from __future__ import annotations

import re
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
        return "\n".join(line.stripped for line in self.lines)

    @property
    def flat(self) -> str:
        return " ".join(line.stripped for line in self.lines)


def lines(text: str, start: int = 0, end: int | None = None) -> list[Line]:
    end = len(text) if end is None else end
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
