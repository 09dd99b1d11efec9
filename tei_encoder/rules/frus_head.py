"""The head of a printed-edition document (FRUS on history.state.gov).

A source note (``Truman Papers: Telegram``, ``867N.01/7–146: Telegram``) opens
the page and goes to ``front``; the document number (``No. 23``) and the head
(``President Truman to Marshal Stalin 1``, with its footnote marker) open the
document as ``head`` and name its correspondents.
"""

from __future__ import annotations

import re

from ..lines import lines
from ..model import Document, State
from ..spans import BLOCK, span

#: ``Truman Papers: Telegram``, ``867N.01/7–146: Telegram``, ``740.0011 European War 1939/212: Telegram``.
SOURCE_NOTE = re.compile(r"^\s*\S[^\n:]{0,90}:\s*(?:Telegram|Letter|Memorandum|Despatch|Dispatch|Note|Instruction|"
                         r"Circular|Message|Airgram|Report|Minutes|Aide-M[ée]moire|Record|Cable)s?\b[^\n]*$")
NUMBER = re.compile(r"^\s*(?:No\.|Document)\s*\d+\s*$")
HEAD = re.compile(r"^\s*(?P<a>[^.;:]{3,80}?)\s+to\s+(?P<b>[^;:]{3,120}?)\s*\d*\s*$")


def apply(state: State) -> None:
    text = state.text
    content = [ln for ln in lines(text) if not ln.blank]
    if not content:
        return
    n = 0
    if SOURCE_NOTE.match(content[0].text):
        line = content[0]
        state.front = (line.content_start, line.content_end)
        state.ann.add(span(line.content_start, line.content_end, "div", 5, rule="frus_head", type="sourceNote"))
        state.ann.add(span(line.content_start, line.content_end, "p", BLOCK, rule="frus_head"))
        state.meta.title = line.stripped
        n = 1
    if n >= len(content):
        return
    doc = Document(content[n].content_start, len(text.rstrip()))
    heads = []
    for line in content[n : n + 3]:
        if NUMBER.match(line.text) or HEAD.match(line.text):
            heads.append(line)
            if HEAD.match(line.text):
                doc.heads.append((line.content_start, line.content_end))
                if not state.meta.title or state.front:
                    state.meta.title = line.stripped.rstrip("0123456789 ")
                break
        else:
            break
    for line in heads:
        state.ann.add(span(line.content_start, line.content_end, "head", BLOCK, rule="frus_head"))
    state.documents.append(doc)
