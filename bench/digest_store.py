"""Saving a set of output digests and checking a later run against it, for the digest scripts.

``output_digest.py`` (the encoder's TEI) and ``html_digest.py`` (the edition's pages) both prove a speed-up
changed no byte this way; the comparison and its report are written once, here.
"""

from __future__ import annotations

import json
from pathlib import Path


def save_or_check(got: dict[str, str], save: Path | None, check: Path | None) -> int:
    """Write ``got`` to ``save``, or compare it with the digests in ``check``; the exit status (1: differ)."""
    if save is not None:
        save.write_text(json.dumps(got, indent=0, sort_keys=True))
        print(f"saved {len(got)} digests to {save}")
        return 0
    if check is None:
        raise ValueError("give a file to save to or to check against")
    want = json.loads(check.read_text())
    differ = sorted(k for k in want.keys() | got.keys() if want.get(k) != got.get(k))
    for key in differ[:20]:
        print(f"differs: {key}")
    print(f"{len(want) - len(differ)} of {len(want)} identical")
    return 1 if differ else 0
