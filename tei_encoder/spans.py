"""Annotations: what the rules say about the transcript, as spans over its untouched text.

A rule never edits text. It only claims a range ``[start, end)`` and says which
TEI element it is. The builder nests the spans, so well-formedness and "no
character lost" hold by construction. The one exception is a ``#drop`` span,
which rules use for transcription syntax that an element replaces (the ``~~``
of a typed strikethrough, the ``[sic]`` marker once the word is a ``sic``).
"""

from __future__ import annotations

from dataclasses import dataclass, field

#: Nesting ranks: when two spans cover the same range, the lower rank is outside.
DOC = 0
BLOCK = 10
PART = 20
PHRASE = 30
INNER = 40
DROP = 90


@dataclass(frozen=True, order=True)
class Span:
    """One element over ``text[start:end]`` (``start == end`` makes an empty element)."""

    start: int
    end: int
    tag: str
    rank: int = PHRASE
    attrs: tuple[tuple[str, str], ...] = ()
    rule: str = ""
    #: Wrap the covered text in this child (``gap`` carries its words in ``desc``).
    inner: str = ""

    def attr(self, name: str, default: str = "") -> str:
        for key, value in self.attrs:
            if key == name:
                return value
        return default

    def text(self, source: str) -> str:
        return source[self.start : self.end]


def span(
    start: int, end: int, tag: str, rank: int = PHRASE, rule: str = "", inner: str = "", **attrs: str
) -> Span:
    """Shorthand that accepts ``xml_id`` for ``xml:id`` and sorts attributes for stable output."""
    if not attrs:  # most spans: nothing to rename or sort
        return Span(start, end, tag, rank, (), rule, inner)
    items = tuple(sorted((_attr_name(k), v) for k, v in attrs.items()))
    return Span(start, end, tag, rank, items, rule, inner)


def _attr_name(key: str) -> str:
    return key.replace("xml_", "xml:").replace("_", "-") if key.startswith("xml_") else key


@dataclass
class Annotations:
    """The growing set of spans plus the document-level facts rules find."""

    spans: list[Span] = field(default_factory=list)

    def add(self, s: Span) -> Span:
        self.spans.append(s)
        return s

    def covering(self, start: int, end: int, tags: set[str] | None = None) -> list[Span]:
        return [
            s for s in self.spans if s.start <= start and end <= s.end and (tags is None or s.tag in tags)
        ]

    def remove(self, s: Span) -> None:
        self.spans.remove(s)
