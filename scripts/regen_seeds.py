#!/usr/bin/env python3
"""Regenerate seeds/<stem>.xml from seeds/<stem>.txt, exactly as ``tei-encoder encode`` writes them.

The stored TEI is the reviewed output: a rule change that alters it shows up as a diff of these files
(tests/test_seeds.py fails until they are regenerated), so every change to the seeds' encoding is seen.
The transcript is named ``seeds/<file>`` as the README's command (run from the repo root) names it, because
the name is written into the header and the bytes must not depend on where the script is run from.

    python3 scripts/regen_seeds.py          # rewrite the .xml files
    python3 scripts/regen_seeds.py --check  # exit 1 if any .xml is out of date
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from tei_encoder.api import encode

REPO_ROOT = Path(__file__).resolve().parent.parent
SEEDS = REPO_ROOT / "seeds"


def seed_inputs() -> list[Path]:
    return sorted(SEEDS.glob("*.txt"))


def render(txt: Path) -> bytes:
    return encode(txt, name=f"seeds/{txt.name}").to_bytes()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--check", action="store_true", help="only report stale files; exit 1 if any")
    args = parser.parse_args(argv)
    stale = 0
    for txt in seed_inputs():
        target = txt.with_suffix(".xml")
        data = render(txt)
        current = target.read_bytes() if target.exists() else None
        if current == data:
            print(f"up to date: {target.relative_to(REPO_ROOT)}")
            continue
        stale += 1
        if args.check:
            print(f"stale: {target.relative_to(REPO_ROOT)}")
        else:
            target.write_bytes(data)
            print(f"wrote: {target.relative_to(REPO_ROOT)}")
    return 1 if args.check and stale else 0


if __name__ == "__main__":
    sys.exit(main())
