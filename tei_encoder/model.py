"""What the rules learn about a transcript besides spans: documents and their correspondence."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from .source import Notice, Source
from .spans import Annotations
from .units import Unit


@dataclass
class Party:
    """A correspondent as the document designates them, resolved to a person where known."""

    text: str
    ref: str = ""
    offset: int = -1


@dataclass
class When:
    """A date as far as the document states it (``when`` or a ``notBefore``/``notAfter`` range)."""

    when: str = ""
    not_before: str = ""
    not_after: str = ""
    text: str = ""


@dataclass
class Document:
    """One document of a transcript: a region of the text and its correspondence facts."""

    start: int
    end: int
    xml_id: str = ""
    kind: str = "document"
    sender: Party | None = None
    addressee: Party | None = None
    date: When | None = None
    place: str = ""
    place_offset: int = -1
    #: Head or title lines that describe the document (a FRUS head, a catalogue title), as (start, end).
    heads: list[tuple[int, int]] = field(default_factory=list)
    #: The block token stream of the document, in order (see ``units``).
    units: list[Unit] = field(default_factory=list)
    #: A date known from context (a file number, a caption) that helps resolve offices, never the sending date.
    context_date: str = ""


@dataclass
class Meta:
    """Catalogue facts the transcript states about itself, copied into the header."""

    title: str = ""
    citation: str = ""
    repository: str = ""
    collection: str = ""
    summary: str = ""
    language: str = ""


@dataclass
class State:
    """Everything a rule chain reads and writes while encoding one transcript."""

    source: Source
    profile: str
    ann: Annotations = field(default_factory=Annotations)
    documents: list[Document] = field(default_factory=list)
    front: tuple[int, int] | None = None
    meta: Meta = field(default_factory=Meta)
    options: dict[str, Any] = field(default_factory=dict)
    #: The personography (a ``persons.Registry``); typed loosely to keep this module import-free.
    registry: Any = None

    @property
    def text(self) -> str:
        return self.source.text

    def warn(self, offset: int, message: str) -> None:
        self.source.notices.append(Notice(self.source.line_of(max(offset, 0)), message))

    def doc_at(self, offset: int) -> Document | None:
        for doc in self.documents:
            if doc.start <= offset < doc.end:
                return doc
        return None

    def ensure_documents(self) -> None:
        """Every transcript has at least one document; ids are ``d1``, ``d2``… in order."""
        text = self.text
        if not self.documents:
            start = self.front[1] if self.front else 0
            while start < len(text) and text[start].isspace():
                start += 1
            if start >= len(text):
                # Only a caption or an entry: the whole text is the document, and front's divisions go.
                f0, f1 = self.front or (0, len(text))
                for s in [s for s in self.ann.spans if f0 <= s.start and s.end <= f1]:
                    self.ann.remove(s)
                self.front = None
                start = len(text) - len(text.lstrip())
            self.documents.append(Document(start, len(text.rstrip())))
        self.documents.sort(key=lambda d: d.start)
        # Documents tile the body: no text between the front (or the start) and the first document,
        # between two documents, or after the last, may fall outside every region.
        first = self.front[1] if self.front else 0
        while first < len(text) and text[first] in " \t\n\r":
            first += 1
        self.documents[0].start = min(self.documents[0].start, first)
        for doc, nxt in zip(self.documents, self.documents[1:], strict=False):
            doc.end = max(doc.end, len(text[: nxt.start].rstrip(" \t\n\r")))
        self.documents[-1].end = max(self.documents[-1].end, len(text.rstrip(" \t\n\r")))
        for n, doc in enumerate(self.documents, 1):
            doc.xml_id = doc.xml_id or f"d{n}"
