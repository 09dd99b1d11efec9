#!/usr/bin/env python3
"""Regenerate the expected TEI beside every fixture transcript: tests/fixtures/<set>/expected/<stem>.xml.

The gold facts say what must be found; the expected TEI says exactly what is written. Keeping the whole
output under review means a rule change (or a speed-up that should change nothing) shows up as a diff of
these files, and tests/test_expected.py fails until they are regenerated and the diff is read. The name in
the header is the path relative to the repo root, so the bytes do not depend on where the script runs.

    python3 scripts/regen_expected.py          # rewrite the .xml files
    python3 scripts/regen_expected.py --check  # exit 1 if any .xml is out of date
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from tei_encoder.api import encode

REPO_ROOT = Path(__file__).resolve().parent.parent
SETS = ("corpus", "heldout", "heldout2")


def pairs() -> list[tuple[Path, Path]]:
    """(transcript, expected TEI) for every fixture set."""
    out = []
    for name in SETS:
        base = REPO_ROOT / "tests" / "fixtures" / name
        for txt in sorted((base / "inputs").glob("*.txt")):
            out.append((txt, base / "expected" / f"{txt.stem}.xml"))
    return out


def render(txt: Path) -> bytes:
    return encode(txt, name=txt.relative_to(REPO_ROOT).as_posix()).to_bytes()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--check", action="store_true", help="only report stale files; exit 1 if any")
    args = parser.parse_args(argv)
    stale = 0
    for txt, target in pairs():
        data = render(txt)
        current = target.read_bytes() if target.exists() else None
        if current == data:
            continue
        stale += 1
        if args.check:
            print(f"stale: {target.relative_to(REPO_ROOT)}")
        else:
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(data)
            print(f"wrote: {target.relative_to(REPO_ROOT)}")
    print(f"{len(pairs()) - stale} up to date, {stale} {'stale' if args.check else 'rewritten'}")
    return 1 if args.check and stale else 0


if __name__ == "__main__":
    sys.exit(main())
