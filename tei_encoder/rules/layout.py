"""Turn each document's units into TEI blocks.

Opening matter (form headings, address blocks, datelines, salutation) goes to
``opener`` and ``fw``; running text to ``p``; page furniture to ``fw`` by its
place on the page; closing matter (complimentary close, signature, end
dateline) to ``closer``, typists' initials and receipt lines to ``trailer``.
The builder then fits the blocks to TEI's ``div`` order.
"""

from __future__ import annotations

from .. import classify as c
from ..model import Document, State
from ..spans import BLOCK, PART, span
from ..units import Unit
from .editorial import bracket_kind

FW_TYPE = {"continued": "catch", "catch": "catch", "pagenum": "pageNum", "contheader": "header",
           "formhead": "header", "stamp": "stamp"}


def apply(state: State) -> None:
    for doc in state.documents:
        _layout(state, doc)


def _layout(state: State, doc: Document) -> None:
    units = doc.units
    first_prose = next((n for n, u in enumerate(units) if u.kind == "prose"), len(units))
    body = [n for n, u in enumerate(units) if u.kind == "prose" or (u.kind == "bracket" and not _is_note(state, u))
            or (u.kind == "salute" and n > first_prose)]
    first = body[0] if body else len(units)
    last = body[-1] if body else len(units)
    add = state.ann.add
    n = 0
    while n < len(units):
        u = units[n]
        if u.kind == "title":
            if not state.ann.covering(u.start, u.end, {"head"}):
                add(span(u.start, u.end, "head", BLOCK, rule="layout"))
            n += 1
            continue
        zone = "top" if n < first else ("bottom" if n > last else "body")
        kind = u.kind
        if kind in FW_TYPE or kind == "mark":
            fw_type = FW_TYPE.get(kind) or _mark_place(u, zone)
            add(span(u.start, u.end, "fw", BLOCK, rule="layout", type=fw_type))
            if kind == "stamp":
                add(span(u.start, _stamp_end(state, u), "stamp", PART, rule="layout", type="declassification"))
        elif kind == "prose":
            add(span(u.start, u.end, "p", BLOCK, rule="layout"))
        elif kind == "bracket":
            if _is_note(state, u):
                add(span(u.start, u.end, "note", BLOCK, rule="layout", type="editorial", **_note_kind(state, u)))
            else:
                add(span(u.start, u.end, "ab", BLOCK, rule="layout"))
        elif kind in ("salute", "address", "short", "dateline", "head") and zone == "top":
            add(span(u.start, u.end, "opener", BLOCK, rule="layout"))
            if kind in ("salute", "dateline"):
                add(span(u.start, u.end, kind, PART, rule="layout"))
        elif kind == "close" or kind == "signature" or (kind == "dateline" and zone == "bottom"):
            m = n
            while m + 1 < len(units) and units[m + 1].kind in ("signature", "dateline") and \
                    not (units[m].kind == "dateline" and units[m + 1].kind == "dateline"):
                m += 1
            add(span(u.start, units[m].end, "closer", BLOCK, rule="layout"))
            for part in units[n : m + 1]:
                if part.kind == "signature":
                    add(span(part.start, part.end, "signed", PART, rule="layout"))
                elif part.kind == "dateline":
                    add(span(part.start, part.end, "dateline", PART, rule="layout"))
            n = m + 1
            continue
        elif kind == "postscript" and zone == "bottom":  # elsewhere (text follows it) it stays a paragraph
            add(span(u.start, u.end, "postscript", BLOCK, rule="layout"))
            add(span(u.start, u.end, "p", PART, rule="layout"))
        elif kind == "inside" and zone != "body":
            add(span(u.start, u.end, "address", BLOCK, rule="layout"))
            for line in u.lines:
                add(span(line.content_start, line.content_end, "addrLine", PART, rule="layout"))
        elif zone == "bottom":
            add(span(u.start, u.end, "trailer", BLOCK, rule="layout"))
        elif kind == "salute":
            add(span(u.start, u.end, "ab", BLOCK, rule="layout"))
            add(span(u.start, u.end, "seg", PART, rule="layout", type="salute"))
        elif kind in ("short", "address", "dateline", "catch") and u.attrs.get("page"):
            add(span(u.start, u.end, "fw", BLOCK, rule="layout",
                     type="header" if u.attrs.get("side") == "top" else "footer"))
        else:
            add(span(u.start, u.end, "p", BLOCK, rule="layout"))
        n += 1


def _mark_place(u: Unit, zone: str) -> str:
    side = u.attrs.get("side")
    if side:
        return "header" if side == "top" else "footer"
    return "footer" if zone == "bottom" else "header"


def _stamp_end(state: State, u: Unit) -> int:
    """A marking glued by OCR to a stamp's last line is not part of the stamp."""
    last = u.lines[-1]
    m = c.MARK_GLUED.search(last.text)
    if m:
        return last.start + m.start("mark")
    return u.end


def _is_note(state: State, u: Unit) -> bool:
    return bracket_kind(u.text(state.text).strip()[1:-1]) in ("note", "deletion")


def _note_kind(state: State, u: Unit) -> dict[str, str]:
    return {"subtype": "deletion"} if bracket_kind(u.text(state.text).strip()[1:-1]) == "deletion" else {}
