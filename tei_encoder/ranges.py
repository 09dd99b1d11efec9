"""Character masks over the transcript, for "is this range free / inside a block" questions.

Rules ask these questions once per candidate; scanning every span each time is
quadratic in the size of a transcript (a 1 MB line, 10,000 short lines), while
a byte per character answers in time proportional to the range asked about.
"""

from __future__ import annotations

import bisect
from collections.abc import Iterable


class Mask:
    """Which characters of the text are claimed."""

    def __init__(self, length: int, ranges: Iterable[tuple[int, int]] = ()) -> None:
        self.bits = bytearray(length + 1)
        for start, end in ranges:
            self.add(start, end)

    def add(self, start: int, end: int) -> None:
        if end > start:
            self.bits[start:end] = b"\x01" * (end - start)

    def free(self, start: int, end: int) -> bool:
        """No character of ``[start, end)`` is claimed."""
        return self.bits.find(1, start, end) == -1

    def covered(self, start: int, end: int) -> bool:
        """Every character of ``[start, end)`` is claimed."""
        return self.bits.find(0, start, end) == -1


class Boundaries:
    """Sorted span boundaries, to ask whether any falls strictly inside a range."""

    def __init__(self, ranges: Iterable[tuple[int, int]] = ()) -> None:
        self.points = sorted({p for r in ranges for p in r})

    def add(self, start: int, end: int) -> None:
        for p in (start, end):
            i = bisect.bisect_left(self.points, p)
            if i == len(self.points) or self.points[i] != p:
                self.points.insert(i, p)

    def inside(self, start: int, end: int) -> bool:
        i = bisect.bisect_right(self.points, start)
        return i < len(self.points) and self.points[i] < end
