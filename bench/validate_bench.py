"""Benchmark of ``tei-encoder validate`` against jing, in one run, as whole commands (issue 7).

Generates encoded TEI documents (transcripts varied from the test fixtures by
bench/pipeline_bench.py's ``make_corpus``, encoded by ``tei_encoder.api.encode``),
then times, start-up included, for each N:

* ours: ``tei-encoder validate -q DIR`` -- the default: the project schema plus
  the Schematron rules, on all cores;
* jing: ``jing ../shared/tei/tei_all.rng FILES...`` -- TEI All, no Schematron.

Each command also runs on one file: that time is start-up plus schema
compilation ("compile"), and ``(t(N) - t(1)) / (N - 1)`` is the time per
document. The ratio is jing's wall time over ours. The wall time of a run is
the best of --repeat; its CPU time (the command and the processes it waited
for, from wait4) is reported too, since it depends less on what else the
machine is doing. The load average is printed before and after.

Target (issue 7): at least 2x faster than jing at 1,000 documents and faster at
every size.

    python3 bench/validate_bench.py                          # N = 10, 1000, 10000; 15 KB transcripts
    python3 bench/validate_bench.py --sizes 10,1000 --size 0  # transcripts as the fixtures are (1-15 KB)
    python3 bench/validate_bench.py --json out.json

Documents beyond --unique are copies of the first ones under other names:
neither validator caches anything between files, and encoding 10,000
transcripts would take longer than validating them.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(Path(__file__).resolve().parent))

from pipeline_bench import make_corpus  # noqa: E402

MAIN = "import sys; from tei_encoder.cli import main; sys.exit(main())"


def _encode(args: tuple[str, str]) -> int:
    from tei_encoder import api

    source, target = args
    data = api.encode(Path(source)).to_bytes()  # a Path: a str would be read as the transcript itself
    Path(target).write_bytes(data)
    return len(data)


def make_documents(folder: Path, n: int, size: int, unique: int) -> list[Path]:
    """n encoded TEI files in folder (the first ``unique`` encoded, the rest copies), one level deep."""
    sources = make_corpus(folder / "txt", min(n, unique), size)
    tei = folder / "tei"
    tei.mkdir()
    targets = [tei / f"{i:05}.xml" for i in range(len(sources))]
    with ProcessPoolExecutor() as pool:
        sizes = list(pool.map(_encode, [(str(s), str(t)) for s, t in zip(sources, targets, strict=True)],
                              chunksize=16))
    paths = list(targets)
    for i in range(len(sources), n):
        copy = tei / f"{i:05}.xml"
        shutil.copyfile(targets[i % len(targets)], copy)
        paths.append(copy)
    shutil.rmtree(folder / "txt")
    print(f"{n} documents, {len(sources)} encoded ({statistics.mean(sizes) / 1024:.1f} KB mean, "
          f"{min(sizes) / 1024:.1f}-{max(sizes) / 1024:.1f} KB)", file=sys.stderr)
    return paths


def subset(paths: list[Path], n: int, folder: Path) -> Path:
    """A folder holding the first n documents (hard links: the same bytes, no copying)."""
    target = folder / f"n{n}"
    target.mkdir()
    for p in paths[:n]:
        os.link(p, target / p.name)
    return target


def ours_command(folder: Path) -> list[str]:
    """``tei-encoder validate`` as installed: the console script beside this Python (not a pyenv shim)."""
    script = Path(sys.executable).parent / "tei-encoder"
    head = [str(script)] if script.exists() else [sys.executable, "-c", MAIN]
    return [*head, "validate", "-q", str(folder)]


def jing_command(jing: str, schema: Path, folder: Path) -> list[str]:
    return [jing, str(schema), *sorted(str(p) for p in folder.iterdir())]


def timed(command: list[str]) -> dict[str, float]:
    """Wall and CPU time of one command (its own CPU plus that of the processes it waited for)."""
    t0 = time.perf_counter()
    proc = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    _, status, usage = os.wait4(proc.pid, 0)
    wall = time.perf_counter() - t0
    stderr = proc.stderr.read().decode("utf-8", "replace") if proc.stderr else ""
    if proc.stderr:
        proc.stderr.close()
    code = os.waitstatus_to_exitcode(status)
    proc.returncode = code
    if code != 0:
        raise SystemExit(f"{command[0]} exited {code} (the documents should all be valid):\n{stderr[-2000:]}")
    return {"wall_s": wall, "cpu_s": usage.ru_utime + usage.ru_stime}


def best(command: list[str], repeat: int) -> dict[str, float]:
    runs = [timed(command) for _ in range(repeat)]
    return {"wall_s": min(r["wall_s"] for r in runs), "cpu_s": min(r["cpu_s"] for r in runs),
            "wall_median_s": statistics.median(r["wall_s"] for r in runs)}


def in_process_compile() -> dict[str, float]:
    """Our schema compilation measured inside the process (RELAX NG + Schematron), without start-up."""
    sys.path.insert(0, str(ROOT))
    from tei_encoder.validate.engine import Validator, choose_schema

    times = [Validator(choose_schema("default")).compile_seconds for _ in range(5)]
    return {"compile_s": min(times)}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sizes", default="10,1000,10000", help="numbers of documents, comma-separated")
    parser.add_argument("--size", type=int, default=15 * 1024,
                        help="target transcript size in bytes (0: as the fixtures are, 1-15 KB)")
    parser.add_argument("--unique", type=int, default=1000, help="documents encoded; the rest are copies")
    parser.add_argument("--repeat", type=int, default=3, help="runs per command (best wall time kept)")
    parser.add_argument("--tei-all", type=Path, default=ROOT.parent / "shared" / "tei" / "tei_all.rng")
    parser.add_argument("--jing", default=shutil.which("jing") or "/usr/bin/jing")
    parser.add_argument("--json", type=Path, help="also write the numbers as JSON here")
    args = parser.parse_args()
    sizes = sorted({int(s) for s in args.sizes.split(",")})
    if not args.tei_all.exists() or not Path(args.jing).exists():
        print(f"needs {args.tei_all} and jing ({args.jing})", file=sys.stderr)
        return 2

    load_before = os.getloadavg()
    work = Path(tempfile.mkdtemp(prefix="validate-bench-"))
    try:
        paths = make_documents(work, max(sizes), args.size, args.unique)
        one = subset(paths, 1, work)
        rows: list[dict[str, Any]] = []
        ours_1 = best(ours_command(one), args.repeat)
        jing_1 = best(jing_command(args.jing, args.tei_all, one), args.repeat)
        for n in sizes:
            folder = subset(paths, n, work) if n > 1 else one
            ours = best(ours_command(folder), args.repeat) if n > 1 else ours_1
            jing = best(jing_command(args.jing, args.tei_all, folder), args.repeat) if n > 1 else jing_1
            rows.append({
                "n": n, "ours": ours, "jing": jing, "ratio": jing["wall_s"] / ours["wall_s"],
                "ours_per_doc_ms": 1000 * (ours["wall_s"] - ours_1["wall_s"]) / max(n - 1, 1),
                "jing_per_doc_ms": 1000 * (jing["wall_s"] - jing_1["wall_s"]) / max(n - 1, 1),
                "ours_cpu_per_doc_ms": 1000 * (ours["cpu_s"] - ours_1["cpu_s"]) / max(n - 1, 1),
                "jing_cpu_per_doc_ms": 1000 * (jing["cpu_s"] - jing_1["cpu_s"]) / max(n - 1, 1),
            })
            print(f"N={n}: ours {ours['wall_s']:.3f} s, jing {jing['wall_s']:.3f} s", file=sys.stderr)
    finally:
        shutil.rmtree(work, ignore_errors=True)
    inside = in_process_compile()
    load_after = os.getloadavg()

    print(f"\ncores: {len(os.sched_getaffinity(0))}; load average before {load_before[0]:.2f}, "
          f"after {load_after[0]:.2f}; transcripts --size {args.size}")
    print(f"start-up + compile (one file): ours {ours_1['wall_s']:.3f} s, jing {jing_1['wall_s']:.3f} s; "
          f"our compile alone (in process): {1000 * inside['compile_s']:.1f} ms\n")
    print("| N | ours wall (s) | jing wall (s) | jing / ours | ours per doc (ms) | jing per doc (ms) "
          "| ours CPU (s) | jing CPU (s) |")
    print("|---:|---:|---:|---:|---:|---:|---:|---:|")
    for r in rows:
        print(f"| {r['n']} | {r['ours']['wall_s']:.3f} | {r['jing']['wall_s']:.3f} | {r['ratio']:.2f}x "
              f"| {r['ours_per_doc_ms']:.3f} | {r['jing_per_doc_ms']:.3f} "
              f"| {r['ours']['cpu_s']:.2f} | {r['jing']['cpu_s']:.2f} |")
    at_1000 = [r for r in rows if r["n"] == 1000]
    verdicts = [f"faster at every size: {all(r['ratio'] > 1 for r in rows)}"]
    if at_1000:
        verdicts.append(f">= 2x at 1000: {at_1000[0]['ratio'] >= 2}")
    print("\n" + "; ".join(verdicts))
    if args.json:
        args.json.write_text(json.dumps({
            "size": args.size, "load_before": load_before, "load_after": load_after,
            "one_file": {"ours": ours_1, "jing": jing_1}, "ours_compile_in_process_s": inside["compile_s"],
            "rows": rows}, indent=2) + "\n")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
