"""The ASCII words of a text, lower-cased: where a known word can stand, found without a scan in Python.

Gazetteer and personography lookups used to walk a transcript word by word in
Python, or try a pattern of a hundred alternatives at every position; either
costs about a millisecond per 15 KB. Lower-casing the text, keeping only the
letters ``a``-``z`` and splitting it costs a tenth of that, and ``bytes.find``
then says where a given word stands.

Callers use the index only to choose where to try their own exact patterns,
so it must never miss a place where those could match. Case-insensitive
patterns read four non-ASCII characters as ASCII letters (``İ``, ``ı``, ``ſ``
and the Kelvin sign, which is also the only one besides ``İ`` that
lower-cases to one); a text holding any of them gets no index, and callers
fall back to their full scan.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

#: Characters that case-insensitive matching reads as ASCII letters (checked against every code point).
HAZARDS = ("\u0130", "\u0131", "\u017f", "\u212a")
#: Byte table keeping ``a``-``z`` and turning every other byte into a space.
_ONLY_LETTERS = bytes(b if 0x61 <= b <= 0x7A else 0x20 for b in range(256))


@dataclass(frozen=True)
class Words:
    """A text's lower-cased ASCII letters, every other character a space, offsets unchanged."""

    #: ``b" "`` + the letters + ``b" "``: a word is found whole as ``b" word "``, at its offset in the text.
    padded: bytes
    #: Every maximal run of letters in the text.
    words: frozenset[bytes]

    def starts(self, word: bytes) -> list[int]:
        """Offsets in the text where ``word`` (lower-case ``a``-``z``) stands as a whole run of letters."""
        needle = b" " + word + b" "
        find = self.padded.find
        out: list[int] = []
        at = find(needle)
        while at >= 0:
            out.append(at)  # the padding's leading space and the needle's cancel out
            at = find(needle, at + 1)
        return out

    def prefix_starts(self, prefix: bytes) -> list[int]:
        """Offsets in the text of the runs of letters that begin with ``prefix`` (lower-case ``a``-``z``)."""
        needle = b" " + prefix
        find = self.padded.find
        out: list[int] = []
        at = find(needle)
        while at >= 0:
            out.append(at)
            at = find(needle, at + 1)
        return out


def letters(text: str) -> bytes | None:
    """``b" "`` + ``text`` lower-cased with only ``a``-``z`` kept (every other character a space) + ``b" "``.

    ``b" may"`` is then found at the offset in ``text`` of each word that starts
    with ``may`` in any case. None if lower-casing would shift offsets (``İ``).
    Non-ASCII characters are spaces, except that the Kelvin sign is read as
    ``k``: callers check what they find against the text.
    """
    low = text.lower()
    if len(low) != len(text):
        return None
    return b" " + low.encode("latin-1", "replace").translate(_ONLY_LETTERS) + b" "


def index(text: str) -> Words | None:
    """The index of ``text``, or None when a character in it could stand for an ASCII letter."""
    for hazard in HAZARDS:
        if hazard in text:
            return None
    padded = letters(text)
    if padded is None:  # only "İ" lengthens, and it is a hazard; kept so offsets can never drift
        return None
    return Words(padded, frozenset(padded.split()))



#: Texts this long or longer (a document, not a line) have their index kept, if not longer than ``_KEPT_MAX``.
KEPT_MIN = 2_000
_KEPT_MAX = 1 << 18


def kept_index(text: str) -> Words | None:
    """``index(text)``, kept for the last few documents asked about.

    Dates in the text and then places in the text read each document in turn;
    with the index kept, it is built once for both. Long texts are not kept, so
    that what stays in memory after a run is small.
    """
    return _kept(text) if KEPT_MIN <= len(text) <= _KEPT_MAX else index(text)


@lru_cache(maxsize=16)
def _kept(text: str) -> Words | None:
    return index(text)
