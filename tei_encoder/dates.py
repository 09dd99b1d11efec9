"""Reading dates as 1940s transcripts write them, into ISO 8601.

Forms seen: ``6 APRIL 1946``, ``April 5, 6 p.m.``, ``5th September, 1944``,
``August 17, 1945``, ``Dated September 12, 1944``, ``1946—8 p.m.`` (a dateline
split over two lines), and date-time groups such as ``060355Z`` that only make
sense against the document's own month and year.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

from . import asciiwords

MONTHS = {
    "january": 1, "february": 2, "march": 3, "april": 4, "may": 5, "june": 6, "july": 7, "august": 8,
    "september": 9, "october": 10, "november": 11, "december": 12,
    "jan": 1, "feb": 2, "mar": 3, "apr": 4, "jun": 6, "jul": 7, "aug": 8, "sep": 9, "sept": 9, "oct": 10,
    "nov": 11, "dec": 12,
}
_MONTH = (r"(?:January|February|March|April|May|June|July|August|September|October|November|December|"
          r"Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept?|Oct|Nov|Dec)\.?")
_DAY = r"(?:[0-3]?\d)(?:st|nd|rd|th|ST|ND|RD|TH)?"
_YEAR = r"(?:1[6-9]\d\d|20\d\d)"
_TIME = r"(?:\d{1,2}(?:[:.]\d\d)?\s*(?:[ap]\.\s?m\.|[AP]\.?M\.?)|\d{1,2}\s+noon|noon|midnight)"

#: A military message's two-digit year: after a month written in three capitals (``12 MAR 45``), where the date
#: ends its line or clause; read as 19YY. ("3 May 46" in a reference number is left alone.)
_YEAR2 = r"(?<=(?-i:[A-Z]{3}) )\d\d(?=[ \t]*(?:\n|\Z|[.,;)]))"
#: Day-month-year: ``6 APRIL 1946``, ``5th September, 1944``, ``the 25th August``, ``12 MAR 45``.
DMY = re.compile(rf"\b(?P<d>{_DAY})\s+(?:of\s+)?(?P<m>{_MONTH})(?:,?\s+(?P<y>{_YEAR}|{_YEAR2}))?\b", re.I)
#: Month-day-year: ``April 5, 1946``, ``April 5, 6 p.m.``, ``May 23``, ``July 1,\n1946—8 p.m.``.
MDY = re.compile(
    rf"\b(?P<m>{_MONTH})\s+(?P<d>{_DAY})\b(?:,?\s*(?P<y>{_YEAR})\b)?(?:\s*(?:,|—|–|-)\s*(?P<t>{_TIME}))?", re.I)
#: Month-year: ``August 1945``.
MY = re.compile(rf"\b(?P<m>{_MONTH})\s*,?\s+(?P<y>{_YEAR})\b", re.I)
#: Date-time group: ``060355Z`` = day 06, 03:55 GMT.
DTG = re.compile(r"\b(?P<d>[0-3]\d)(?P<h>[0-2]\d)(?P<mi>[0-5]\d)(?P<z>[A-Z])\b")


@dataclass(frozen=True)
class Found:
    start: int
    end: int
    year: int | None
    month: int
    day: int | None

    def iso(self, default_year: int | None = None) -> str:
        year = self.year or default_year
        if year is None:
            return ""
        if self.day is None:
            return f"{year:04d}-{self.month:02d}"
        return f"{year:04d}-{self.month:02d}-{self.day:02d}"


_BLANK_LINE = re.compile(r"\n[ \t\r]*\n")


def _month(token: str) -> int | None:
    return MONTHS.get(token.rstrip(".").lower())


def _valid(year: int | None, month: int, day: int | None) -> bool:
    if day is None:
        return True
    if not 1 <= day <= 31:
        return False
    if month in (4, 6, 9, 11) and day > 30:
        return False
    if month == 2 and day > 29:
        return False
    return not (month == 2 and day == 29 and year is not None and year % 4 != 0)


#: Every month name begins with one of these; a date is only looked for where one stands.
_MONTH_WORDS = frozenset(m.encode("ascii") for m in MONTHS)
_PREFIX = re.compile(b" (?:" + b"|".join(sorted({m[:3].encode("ascii") for m in MONTHS})) + b")")
#: The run of letters a month name must be, read as the word scan before it did: at most nine letters.
_LETTERS = re.compile(r"[A-Za-z]+")
#: The slow path for the rare text that lower-casing lengthens (``İ``), where offsets would not line up.
_WORD = re.compile(r"[A-Za-z]{3,9}")


def _month_starts(chunk: str) -> list[int]:
    """Where a month name starts a run of ASCII letters that no letter precedes, in order.

    A month name is a whole word of at most nine letters (``Septembers`` counts as
    ``September``, as the nine-letter word scan always read it). Searching the
    text's ASCII letters (``asciiwords.letters``) for the twelve three-letter
    prefixes after a space is far cheaper than scanning every word of the text,
    and a position is then checked against the original text, so lower-casing
    can only add candidates, never lose one.
    """
    words = asciiwords.kept_index(chunk) if len(chunk) >= asciiwords.KEPT_MIN else None
    if words is not None:
        # A document: its word index is kept for the places in the text, and says which months it names.
        # Words of ten letters or more are month names if they begin with "september".
        hits = sorted({at for month in words.words & _MONTH_WORDS for at in words.starts(month)}
                      | set(words.prefix_starts(b"september")))
    else:
        padded = asciiwords.letters(chunk)
        if padded is None:
            return [w.start() for w in _WORD.finditer(chunk)
                    if _month(w.group()) is not None and not (w.start() > 0 and chunk[w.start() - 1].isalpha())]
        hits = [hit.start() for hit in _PREFIX.finditer(padded)]  # the padding's space and the prefix's cancel out
    out: list[int] = []
    for at in hits:
        if at > 0 and chunk[at - 1].isalpha():
            continue
        run = _LETTERS.match(chunk, at)
        if run is not None and _month(run.group()[:9]) is not None:
            out.append(at)
    return out


_NON_DIGIT = re.compile(r"\D")
_DIGIT = re.compile(r"\d")
_DAY_BEFORE = re.compile(rf"(?:^|(?<=\W))(?P<d>{_DAY})\s+(?:of\s+)?$", re.I)


def find_dates(text: str, start: int = 0, end: int | None = None) -> Iterator[Found]:
    """Every calendar date in ``text[start:end]``, leftmost first, without overlaps.

    The date patterns are only tried where a month name stands, because running
    them at every position of a long transcript costs more than the rest of
    the encoding together; ``_month_starts`` finds those places without looking
    at every word.

    Dates are yielded as they are found, which is in order: each contains its
    month name, and one that began before a date found earlier would overlap it
    (or one found in between) and is not taken. So ``parse_one`` stops at the
    first month name that makes a date, and a long caption is not read to its end.
    """
    end = len(text) if end is None else end
    chunk = text[start:end]
    found: list[Found] = []
    for p in _month_starts(chunk):
        window = max(0, p - 16)
        # A day before the month has a digit; most month names have none before them.
        before = _DAY_BEFORE.search(chunk, window, p) if _DIGIT.search(chunk, window, p) else None
        # Tried in this order, each only if the ones before gave no date.
        for pattern in (MDY, DMY, MY) if before else (MDY, MY):
            m = pattern.match(chunk, before.start("d") if before and pattern is DMY else p)
            if m is None:
                continue
            month = _month(m.group("m"))
            if month is None:
                continue
            day_raw = None if pattern is MY else m.group("d")
            day = int(_NON_DIGIT.sub("", day_raw)) if day_raw else None
            year = int(m.group("y")) if m.group("y") else None
            if year is not None and year < 100:
                year += 1900  # "12 MAR 45": the transcripts are of the twentieth century
            if pattern is MY and year is None:
                continue
            if not _valid(year, month, day):
                continue
            s, e = start + m.start(), start + m.end()
            if pattern is MDY and m.group("y") is None and not m.group("t"):
                e = start + m.end("d")
            if _BLANK_LINE.search(text, s, e):  # a date does not run from one paragraph into the next
                continue
            if any(f.start < e and s < f.end for f in found[-3:]):  # found grows left to right
                continue
            # "May" is also a verb: without a day or year next to it, it is not a date.
            if m.group("m").lower() == "may" and (day is None or year is None) and pattern is not MDY:
                continue
            found.append(Found(s, e, year, month, day))
            yield found[-1]
            break


def parse_one(text: str) -> Found | None:
    for f in find_dates(text):
        return f
    return None


def zulu_groups(text: str, start: int, end: int) -> list[re.Match[str]]:
    """The matches of ``DTG.finditer(text, start, end)`` that end in ``Z`` (GMT), in order.

    They are found from the ``Z``s: a group is six digits and a capital, so two
    cannot overlap and one ending in another letter cannot hide one ending in
    ``Z``, and ``Z`` is rare, while a pattern that starts with ``\\b`` is tried at
    every character of the document.
    """
    out: list[re.Match[str]] = []
    z = text.find("Z", start + 6, end)
    while z >= 0:
        m = DTG.match(text, z - 6, end)
        if m:
            out.append(m)
        z = text.find("Z", z + 1, end)
    return out


def dtg(match: re.Match[str], year: int, month: int) -> str:
    """ISO date-time for a date-time group, resolved against the document's year and month."""
    day, hour, minute = int(match.group("d")), int(match.group("h")), int(match.group("mi"))
    if not (1 <= day <= 31 and hour <= 23 and _valid(year, month, day)):
        return ""
    suffix = "Z" if match.group("z") == "Z" else ""
    return f"{year:04d}-{month:02d}-{day:02d}T{hour:02d}:{minute:02d}:00{suffix}"
