"""How long the reading edition takes per document, next to the floor of just parsing the same TEI.

Run from the repository root::

    python3 bench/html_bench.py [--docs 1000] [--rounds 2] [--site] [--inline-css] [--json out.json]

The seeds and the development corpus are encoded once (not timed) and copied
round-robin to --docs TEI files. Then, in this one process, each round times a
plain lxml parse of every file and the full HTML path of every file (safe parse,
hand-over to Saxon, XSLT, HTML written to disk); the best round of each is
reported, so a page-cache or JIT warm-up does not count against either. The
stylesheet is compiled before the first round and its cost reported apart,
since a process pays it once. Then one more pass splits a page's CPU time into
its stages (safe parse, Saxon's parse, the transformation with serialization,
the rest), so a speed-up can be aimed at the stage that costs. ``--inline-css``
times pages that carry their CSS (as ``html -o`` and the pipeline benchmark
make them) instead of linking a shared file.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import statistics
import sys
import tempfile
import time
from pathlib import Path

from lxml import etree

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from tei_encoder import html  # noqa: E402
from tei_encoder.api import encode  # noqa: E402


def sources() -> list[Path]:
    seeds = sorted((REPO / "seeds").glob("*.txt"))
    corpus = sorted((REPO / "tests" / "fixtures" / "corpus" / "inputs").glob("*.txt"))
    return seeds + corpus


def make_corpus(folder: Path, count: int) -> list[Path]:
    encoded = []
    for src in sources():
        try:
            encoded.append(encode(src, name=src.name).to_bytes())
        except Exception as exc:  # a transcript the encoder cannot take today is left out of the bench
            print(f"skipped {src.name}: {exc}", file=sys.stderr)
    files = []
    for i in range(count):
        path = folder / f"doc{i:04d}.xml"
        path.write_bytes(encoded[i % len(encoded)])
        files.append(path)
    return files


def time_lxml(files: list[Path]) -> tuple[float, float]:
    """Wall-clock and CPU seconds: on a shared machine the CPU time is the steadier of the two."""
    wall, cpu = time.perf_counter(), time.process_time()
    for path in files:
        etree.parse(str(path))
    return time.perf_counter() - wall, time.process_time() - cpu


def time_html(files: list[Path], out: Path, css_href: str | None) -> tuple[float, float]:
    wall, cpu = time.perf_counter(), time.process_time()
    for path in files:
        page = html.render_file(path, css_href=css_href)
        (out / f"{path.stem}.html").write_bytes(page.encode("utf-8"))
    return time.perf_counter() - wall, time.process_time() - cpu


def stages(files: list[Path], css_href: str | None) -> dict[str, float]:
    """CPU ms per file of each stage of a page, timed apart on the same files (the sum is near the whole)."""
    from tei_encoder.xmlsafe import parse_bytes

    eng = html.engine()
    params: dict[str, str | bool] = {"view": "diplomatic", "lang": "en", "site": False}
    if css_href:
        params["css-href"] = css_href
    else:
        params["css"] = html.css_text()
    eng._set_params(params)
    data = [p.read_bytes() for p in files]
    cpu = time.process_time()
    for raw, path in zip(data, files, strict=True):
        parse_bytes(raw, str(path), max_bytes=html.MAX_HTML_SOURCE_BYTES)
    safe = time.process_time() - cpu
    texts = [raw.decode("utf-8") for raw in data]
    cpu = time.process_time()
    nodes = [eng.processor.parse_xml(xml_text=text) for text in texts]
    saxon_parse = time.process_time() - cpu
    cpu = time.process_time()
    for node in nodes:
        eng.executable.transform_to_string(xdm_node=node)
    transform = time.process_time() - cpu
    n = len(files)
    return {"safe_parse": round(safe / n * 1000, 3), "saxon_parse": round(saxon_parse / n * 1000, 3),
            "transform_and_serialize": round(transform / n * 1000, 3)}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--docs", type=int, default=1000)
    ap.add_argument("--rounds", type=int, default=2)
    ap.add_argument("--site", action="store_true", help="also time the index and persons pages over all files")
    ap.add_argument("--inline-css", action="store_true", help="pages carry their CSS instead of linking it")
    ap.add_argument("--json", type=Path, help="write the numbers here as JSON")
    args = ap.parse_args()

    with tempfile.TemporaryDirectory(prefix="html-bench-") as tmp:
        root = Path(tmp)
        (root / "tei").mkdir()
        (root / "html").mkdir()
        files = make_corpus(root / "tei", args.docs)
        divs = sum(len(etree.parse(str(p)).getroot().findall(
            ".//{http://www.tei-c.org/ns/1.0}body/{http://www.tei-c.org/ns/1.0}div[@type='document']"))
            for p in files)
        size = sum(p.stat().st_size for p in files)

        start = time.perf_counter()
        html.engine()
        compile_s = time.perf_counter() - start

        css_href = None if args.inline_css else "assets/edition.css"
        lxml_runs, html_runs = [], []
        for _ in range(args.rounds):
            lxml_runs.append(time_lxml(files))
            html_runs.append(time_html(files, root / "html", css_href))
        split = stages(files, css_href)
        site_s = None
        if args.site:
            start = time.perf_counter()
            html.build_site(files, root / "site", force=True)
            site_s = time.perf_counter() - start

    n = len(files)
    lxml_wall, lxml_cpu = min(r[0] for r in lxml_runs), min(r[1] for r in lxml_runs)
    html_wall, html_cpu = min(r[0] for r in html_runs), min(r[1] for r in html_runs)
    result = {
        "files": n,
        "documents": divs,
        "mean_tei_bytes": round(size / n),
        "rounds": args.rounds,
        "stylesheet_compile_ms": round(compile_s * 1000, 1),
        "lxml_parse_ms_per_file": {"wall": round(lxml_wall / n * 1000, 3), "cpu": round(lxml_cpu / n * 1000, 3)},
        "html_ms_per_file": {"wall": round(html_wall / n * 1000, 3), "cpu": round(html_cpu / n * 1000, 3)},
        "html_over_parse_cpu": round(html_cpu / lxml_cpu, 1),
        "css": "inline" if args.inline_css else "linked",
        "stages_cpu_ms_per_file": split,
        "html_rounds_wall_s": [round(t[0], 2) for t in html_runs],
        "lxml_rounds_wall_s": [round(t[0], 3) for t in lxml_runs],
        "load_average_1min": round(os.getloadavg()[0], 2),
        "site_build_s": None if site_s is None else round(site_s, 2),
        "python": platform.python_version(),
        "machine": platform.machine(),
    }
    print(f"{n} TEI files ({divs} documents, mean {result['mean_tei_bytes']} bytes), best of {args.rounds} rounds")
    print(f"  stylesheet compile (once per process): {result['stylesheet_compile_ms']} ms")
    print("                 wall ms/file   CPU ms/file")
    print(f"  lxml parse:   {lxml_wall / n * 1000:12.3f}  {lxml_cpu / n * 1000:12.3f}")
    print(f"  HTML page:    {html_wall / n * 1000:12.3f}  {html_cpu / n * 1000:12.3f}"
          f"   ({result['html_over_parse_cpu']}x the parse in CPU time;"
          f" median round {statistics.median(r[0] for r in html_runs):.2f} s wall)")
    print("  stages, CPU ms/file: " + ", ".join(f"{k.replace('_', ' ')} {v}" for k, v in split.items())
          + f" ({'inline' if args.inline_css else 'linked'} CSS)")
    print(f"  load average during the run: {result['load_average_1min']} on {os.cpu_count()} cores")
    if site_s is not None:
        print(f"  whole site (pages, index, persons index): {site_s:.2f} s")
    if args.json:
        args.json.write_text(json.dumps(result, indent=2) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
