"""Closing matter after the last paragraph: complimentary close, typed signature, typist's initials.

The signature is the first name-like line after the message (``J. STALIN``,
``SMITH``, ``W S C``, ``H. L. H.``, ``Franklin D. Roosevelt``). Two- or
three-letter codes (``JEF``, ``HTM``) are typists' or operators' initials and
form words (``END``) are not signatures.
"""

from __future__ import annotations

import re

from .. import classify as c
from ..model import State
from ..units import Unit

#: A postscript after the close and signature: ``P.S.``, ``P. S.``, ``PS``, ``P.P.S.``.
POSTSCRIPT = re.compile(r"^\s*(?:P\.\s?)?P\.?\s?S\.?(?=[\s:])")


def apply(state: State) -> None:
    text = state.text
    for doc in state.documents:
        units = doc.units
        _postscripts(text, units)
        prose = [n for n, u in enumerate(units) if u.kind == "prose"]
        if not prose:
            continue
        signed = False
        tail = units[prose[-1] + 1 :]
        for unit in list(tail):
            if unit.kind == "short" and len(unit.lines) > 1 and not signed:
                # "CLAY / END", "DAVIES / TOR 291930Z": a signature with a form line typed under it.
                first = unit.lines[0]
                if c.SIGNATURE.match(first.text) and not c.NOT_SIGNATURE.match(first.text):
                    rest = Unit(unit.lines[1].content_start, unit.end, "short", unit.lines[1:])
                    unit.end, unit.lines = first.content_end, unit.lines[:1]
                    units.insert(units.index(unit) + 1, rest)
        for unit in units[prose[-1] + 1 :]:
            body = unit.text(text).strip()
            if unit.kind == "short":
                if c.NOT_SIGNATURE.match(body):
                    unit.kind = "initials"
                elif not signed and c.SIGNATURE.match(body):
                    unit.kind = "signature"
                    signed = True
                else:
                    unit.kind = "trail"
            elif unit.kind in ("stamp", "mark", "formhead"):
                # Page furniture ends the message: a name after it is not its signature.
                signed = True


def _postscripts(text: str, units: list[Unit]) -> None:
    """A paragraph that begins ``P.S.`` after the letter's close is its postscript, not its last paragraph:
    the close and signature before it are then found as they are without one."""
    written = closed = False
    for unit in units:
        if unit.kind == "prose" and not closed:
            written = True
        elif unit.kind in ("close", "signature") and written:
            closed = True
        elif closed and unit.kind == "prose" and POSTSCRIPT.match(unit.text(text)):
            unit.kind = "postscript"
