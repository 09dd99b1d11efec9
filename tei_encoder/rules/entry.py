"""A catalogue entry (Wilson Center Digital Archive layout) around the document it describes.

The entry's own lines (date line, title line, ``Citation:``, ``Summary:``,
``Original Language:``, ``Contents:`` and the version label) go to ``front``,
one ``div`` per field, and are copied to the header. The document is what
follows. The entry's date line is the archive's date of the document and is
taken as the date of sending; a dateline inside the text may only give the day
it was written.
"""

from __future__ import annotations

import re

from .. import dates
from ..lines import blocks
from ..model import Document, State, When
from ..spans import BLOCK, PART, PHRASE, span

LABEL = re.compile(r"^\s*(?P<label>Citation|Summary|Original Language|Contents|Author|Authors|Keywords|"
                   r"Source|Rights|Credits|People|Locations|Subjects|Record ID|Associated Places)\s*:\s*$", re.I)
VERSION = re.compile(r"^\s*(?:Translation|Transcription|Original)\s*[-–—:]\s*\w+\s*$", re.I)


def apply(state: State) -> None:
    text = state.text
    bl = list(blocks(text))
    fields: list[tuple[str, list[int]]] = [("entry", [])]
    end_of_front = -1
    for n, b in enumerate(bl):
        m = LABEL.match(b.text)
        if m:
            fields.append((m.group("label"), [n]))
            end_of_front = n
            continue
        if fields[-1][0].lower() == "contents" and VERSION.match(b.text):
            fields[-1][1].append(n)
            end_of_front = n
            break
        if fields[-1][0].lower() == "contents":
            break
        fields[-1][1].append(n)
        end_of_front = n
    if len(fields) < 2:
        return
    front_start, front_end = bl[0].start, bl[end_of_front].end
    state.front = (front_start, front_end)
    state.ann.add(span(front_start, front_end, "div", 5, rule="entry", type="catalogueEntry"))
    title = (0, 0)
    entry_date: dates.Found | None = None
    entry_text = ""
    for label, idx in fields:
        if not idx:
            continue
        f0, f1 = bl[idx[0]].start, bl[idx[-1]].end
        slug = re.sub(r"\W+", "-", label.lower())
        if label != "entry":
            state.ann.add(span(f0, f1, "div", 6, rule="entry", type=slug))
            state.ann.add(span(bl[idx[0]].start, bl[idx[0]].end, "head", BLOCK, rule="entry"))
            idx = idx[1:]
        for i in idx:
            b = bl[i]
            state.ann.add(span(b.start, b.end, "p", BLOCK, rule="entry"))
            content = " ".join(b.text.split())
            if label == "entry":
                found = dates.parse_one(b.text)
                if found and found.year and len(content.split()) <= 6 and entry_date is None:
                    entry_date = found
                    entry_text = " ".join(b.text[found.start : found.end].split())
                    state.ann.add(span(b.start + found.start, b.start + found.end, "date", PART, rule="entry",
                                       when=found.iso()))
                elif not title[1]:
                    title = (b.start, b.end)
                    state.ann.add(span(b.start, b.end, "title", PHRASE, rule="entry"))
                    state.meta.title = content
            elif label.lower() == "citation":
                state.meta.citation = content
            elif label.lower() == "summary":
                state.meta.summary = content
            elif label.lower() == "original language":
                state.meta.language = content
    doc_start = next((b.start for b in bl[end_of_front + 1 :]), None)
    if doc_start is None:
        return
    doc = Document(doc_start, len(text.rstrip()))
    if title[1]:
        doc.heads.append(title)
    if entry_date:
        doc.date = When(when=entry_date.iso(), text=entry_text)
    state.documents.append(doc)
