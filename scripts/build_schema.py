#!/usr/bin/env python3
"""Regenerate schemas/tei-encoder.rng from schemas/tei-encoder.rnc.

The .rnc is the file people edit; the .rng is what lxml loads. Run this after
every edit of the .rnc (tests/test_schema.py fails while the two disagree).
``--check`` only reports whether the committed .rng is up to date.
"""

from __future__ import annotations

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from tei_encoder.validate.rnc import compile_rnc_to_bytes  # noqa: E402

RNC = ROOT / "schemas" / "tei-encoder.rnc"
RNG = ROOT / "schemas" / "tei-encoder.rng"


def main(argv: list[str]) -> int:
    fresh = compile_rnc_to_bytes(RNC.read_text(encoding="utf-8"))
    if "--check" in argv:
        if RNG.exists() and RNG.read_bytes() == fresh:
            print(f"{RNG.relative_to(ROOT)} is up to date")
            return 0
        print(f"{RNG.relative_to(ROOT)} is stale: run scripts/build_schema.py", file=sys.stderr)
        return 1
    RNG.write_bytes(fresh)
    print(f"wrote {RNG.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
