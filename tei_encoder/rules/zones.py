"""Where the message proper begins: after the last heading anchor before the running text.

Telegram forms and letters open with lines that are not the message: receipt
stations, routing codes, handling notes, a message number. They are often long
enough to look like prose. The opening matter therefore runs up to the last
anchor (address block, dateline, salutation) that comes before the first long
paragraph; everything before it that is not page furniture is ``head``.
"""

from __future__ import annotations

import re

from ..model import State

ANCHORS = {"salute", "address", "dateline"}


def apply(state: State, long_words: int = 12) -> None:
    text = state.text
    for doc in state.documents:
        units = doc.units
        first_long = next((n for n, u in enumerate(units) if u.kind == "prose"
                           and len(re.findall(r"\w+", u.text(text))) >= long_words), len(units))
        anchors = [n for n, u in enumerate(units[:first_long]) if u.kind in ANCHORS]
        if not anchors:
            continue
        for u in units[: anchors[-1]]:
            if u.kind in ("prose", "short"):
                u.kind = "head"
