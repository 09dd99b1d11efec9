#!/usr/bin/env python3
"""A digest of the encoder's output over many generated transcripts, to prove a speed-up changed nothing.

The fixtures' expected TEI (tests/test_expected.py) covers 42 real files; this covers hundreds of variants
built the way the pipeline benchmark builds its corpus (bench/pipeline_bench.py: other numbers, months and
paragraph order, bodies grown), at several sizes, in every profile the detector picks and in each profile
forced. Save a digest before an optimisation, check it after:

    python3 bench/output_digest.py --save /tmp/before.json
    python3 bench/output_digest.py --check /tmp/before.json   # exit 1 and name the first files that differ
"""

from __future__ import annotations

import argparse
import hashlib
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import pipeline_bench
from digest_store import save_or_check

from tei_encoder.api import encode
from tei_encoder.profiles import all_profiles


def digests(n: int) -> dict[str, str]:
    out: dict[str, str] = {}
    with tempfile.TemporaryDirectory() as tmp:
        for size in (2_000, 15_000, 60_000):
            folder = Path(tmp) / str(size)
            folder.mkdir()
            for path in pipeline_bench.make_corpus(folder, n, size, seed=size):
                data = path.read_bytes()
                for profile in (None, *(p.name for p in all_profiles())):
                    key = f"{size}/{path.name}/{profile or 'auto'}"
                    try:
                        body = encode(data, profile=profile, name=path.name).to_bytes()
                    except Exception as exc:  # a changed failure is a changed output
                        body = f"{type(exc).__name__}: {exc}".encode()
                    out[key] = hashlib.sha256(body).hexdigest()
    return out


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--n", type=int, default=60, help="transcripts per size (default 60)")
    group = parser.add_mutually_exclusive_group(required=True)
    group.add_argument("--save", type=Path)
    group.add_argument("--check", type=Path)
    args = parser.parse_args()
    return save_or_check(digests(args.n), args.save, args.check)


if __name__ == "__main__":
    sys.exit(main())
