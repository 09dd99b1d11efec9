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
import json
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import pipeline_bench

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
    got = digests(args.n)
    if args.save:
        args.save.write_text(json.dumps(got, indent=0, sort_keys=True))
        print(f"saved {len(got)} digests to {args.save}")
        return 0
    want = json.loads(args.check.read_text())
    differ = sorted(k for k in want.keys() | got.keys() if want.get(k) != got.get(k))
    for key in differ[:20]:
        print(f"differs: {key}")
    print(f"{len(want) - len(differ)} of {len(want)} identical")
    return 1 if differ else 0


if __name__ == "__main__":
    sys.exit(main())
