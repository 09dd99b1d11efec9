#!/usr/bin/env python3
"""Where the encoder's time goes: CPU ms per 15 KB, per rule and per stage, plus an optional pyinstrument tree.

CPU time (``time.process_time``) rather than wall time, so the split stays readable on a loaded machine.
The corpus is the pipeline benchmark's (bench/pipeline_bench.py), generated to about --size bytes.

    python3 bench/profile_encode.py                 # table: stage / rule, ms per doc, share
    python3 bench/profile_encode.py --tree          # and the pyinstrument call tree
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from collections import defaultdict
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import pipeline_bench

from tei_encoder import api, profiles, rules


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--n", type=int, default=60)
    parser.add_argument("--size", type=int, default=15_000)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--tree", action="store_true", help="print a pyinstrument call tree too")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        data = [p.read_bytes() for p in pipeline_bench.make_corpus(Path(tmp), args.n, args.size)]
    for raw in data[:5]:
        api.encode(raw)  # warm: imports, compiled patterns, registry

    spent: dict[str, float] = defaultdict(float)
    real_get, real_detect = rules.get, profiles.detect

    def timed_get(name: str) -> rules.Rule:
        rule = real_get(name)

        def run(*a: object, **k: object) -> None:
            t = time.process_time()
            rule(*a, **k)
            spent[f"rule {name}"] += time.process_time() - t

        return run

    def timed_detect(text: str) -> profiles.Profile:
        t = time.process_time()
        chosen = real_detect(text)
        spent["detect profile"] += time.process_time() - t
        return chosen

    rules.get, profiles.detect = timed_get, timed_detect  # type: ignore[assignment]
    start = time.process_time()
    for _ in range(args.repeat):
        for raw in data:
            api.encode(raw).to_bytes()
    total = time.process_time() - start
    rules.get, profiles.detect = real_get, real_detect  # type: ignore[assignment]

    docs = args.repeat * len(data)
    kb = sum(map(len, data)) / len(data) / 1024
    per15 = 15 / kb
    spent["builder, header, serialise, reading"] = total - sum(spent.values())
    print(f"{len(data)} transcripts, mean {kb:.1f} KB; encode {total / docs * 1000:.2f} ms CPU per doc, "
          f"{total / docs * 1000 * per15:.2f} ms per 15 KB (target 2)")
    for name, secs in sorted(spent.items(), key=lambda kv: -kv[1]):
        print(f"  {secs / docs * 1000 * per15:7.3f} ms/15KB  {secs / total:6.1%}  {name}")
    if args.tree:
        from pyinstrument import Profiler

        profiler = Profiler(interval=0.0002)
        profiler.start()
        for raw in data:
            api.encode(raw).to_bytes()
        profiler.stop()
        print(profiler.output_text(unicode=False, color=False))
    return 0


if __name__ == "__main__":
    sys.exit(main())
