"""The library API: ``encode`` a transcript (text, bytes or path) into TEI."""

from __future__ import annotations

import os
import stat
from dataclasses import dataclass
from pathlib import Path

from lxml import etree

from . import lines, profiles, rules
from . import source as source_mod
from .builder import TEI_NS, build_region, tei
from .errors import InputError
from .header import build_header
from .model import State
from .persons import Registry
from .source import Notice, Source, from_bytes, normalise
from .spans import DOC, Span


@dataclass
class Result:
    """The encoded TEI and what a person should know about how it was made."""

    tree: etree._ElementTree
    source: Source
    profile: str
    documents: int

    @property
    def warnings(self) -> list[Notice]:
        return self.source.notices

    def to_bytes(self) -> bytes:
        data: bytes = etree.tostring(self.tree, xml_declaration=True, encoding="UTF-8")
        return data + b"\n"


def read_source(data: str | bytes | os.PathLike[str], name: str | None = None) -> Source:
    """Turn text, bytes or a path into a normalised ``Source``."""
    if isinstance(data, str):
        return normalise(data, name or "<string>")
    if isinstance(data, bytes):
        return from_bytes(data, name or "<bytes>")
    path = Path(data)
    label = name or str(path)
    if path.is_dir():
        raise InputError(label, "is a directory, not a transcript file")
    try:
        info = path.stat()
        if not (stat.S_ISREG(info.st_mode) or stat.S_ISFIFO(info.st_mode)):
            raise InputError(label, "not a regular file")
        if info.st_size > source_mod.MAX_BYTES:
            raise InputError(label, f"file is larger than {source_mod.MAX_BYTES // (1024 * 1024)} MB; "
                                    "split it into transcripts")
        with path.open("rb") as fh:
            raw = fh.read(source_mod.MAX_BYTES + 1)
    except FileNotFoundError:
        raise InputError(label, "no such file") from None
    except PermissionError:
        raise InputError(label, "permission denied") from None
    except OSError as exc:
        raise InputError(label, exc.strerror or "cannot be read") from None
    return from_bytes(raw, label)


def encode(
    data: str | bytes | os.PathLike[str],
    profile: str | None = None,
    *,
    name: str | None = None,
    date: str | None = None,
    persons: list[Path] | None = None,
) -> Result:
    """Encode one transcript as TEI P5.

    ``profile`` forces a source profile (see ``tei-encoder profiles``); by default
    it is detected. ``date`` (ISO) is written on the header's ``change`` only when
    given, so the same input always gives the same bytes.
    """
    source = read_source(data, name)
    if not source.text.strip():
        raise InputError(source.name, "empty transcript (no text to encode)")
    chosen = profiles.get(profile) if profile else profiles.detect(source.text)
    registry = Registry.load(persons)
    state = State(source=source, profile=chosen.name, registry=registry)
    try:
        rules.run(state, chosen.steps)
    finally:
        lines.forget()
    state.ensure_documents()
    root = etree.Element(tei("TEI"), nsmap={None: TEI_NS})  # type: ignore[dict-item]
    build_header(root, state, registry, date)
    text_el = etree.SubElement(root, tei("text"))
    spans = state.ann.spans
    if state.front:
        f0, f1 = state.front
        build_region(
            text_el,
            "front",
            f0,
            f1,
            [s for s in spans if f0 <= s.start and s.end <= f1],
            source.text,
            state.warn,
        )
    b0, b1 = state.documents[0].start, state.documents[-1].end
    doc_spans = [
        Span(d.start, d.end, "div", DOC, (("type", "document"), ("xml:id", d.xml_id)), "documents")
        for d in state.documents
    ]
    body_spans = [
        s
        for s in spans
        if b0 <= s.start and s.end <= b1 and not (state.front and s.end <= state.front[1] and s.start < b0)
    ]
    build_region(text_el, "body", b0, b1, doc_spans + body_spans, source.text, state.warn)
    return Result(etree.ElementTree(root), source, chosen.name, len(state.documents))
