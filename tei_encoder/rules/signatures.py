"""Closing matter after the last paragraph: complimentary close, typed signature, typist's initials.

The signature is the first name-like line after the message (``J. STALIN``,
``SMITH``, ``W S C``, ``H. L. H.``, ``Franklin D. Roosevelt``). Two- or
three-letter codes (``JEF``, ``HTM``) are typists' or operators' initials and
form words (``END``) are not signatures.
"""

from __future__ import annotations

from .. import classify as c
from ..model import State


def apply(state: State) -> None:
    text = state.text
    for doc in state.documents:
        units = doc.units
        prose = [n for n, u in enumerate(units) if u.kind == "prose"]
        if not prose:
            continue
        signed = False
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
