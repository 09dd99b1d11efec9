"""Remake the screenshots in docs/img/ for docs/html.md: encode the seeds, build the site, shoot it in Chromium.

    python3 docs/img/make_screenshots.py

Needs Debian's chromium at /usr/bin/chromium and Playwright for Python (the test extra).
"""

from __future__ import annotations

import subprocess
import tempfile
from pathlib import Path

from playwright.sync_api import sync_playwright

REPO = Path(__file__).resolve().parents[2]
OUT = Path(__file__).resolve().parent
SEED0, SEED1 = "000_7f875bcfea1df796", "001_290997c0c5d94889"
FLAGS = [
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
]


def main() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        tei, site = Path(tmp) / "tei", Path(tmp) / "site"
        seeds = [str(p.relative_to(REPO)) for p in sorted((REPO / "seeds").glob("*.txt"))]
        subprocess.run(["tei-encoder", "encode", *seeds, "--out-dir", str(tei)], check=True, cwd=REPO)
        subprocess.run(["tei-encoder", "html", str(tei), "--out-dir", str(site)], check=True, cwd=REPO)
        with sync_playwright() as pw:
            browser = pw.chromium.launch(executable_path="/usr/bin/chromium", args=FLAGS)
            page = browser.new_page(viewport={"width": 960, "height": 1300})
            page.goto((site / f"{SEED0}.html").as_uri())
            page.screenshot(path=str(OUT / "seed-000-metadata.png"))
            page.evaluate("document.getElementById('d1-h').scrollIntoView()")
            page.screenshot(path=str(OUT / "seed-000.png"))
            page.check("#view-reading")
            page.evaluate("document.getElementById('d1-h').scrollIntoView()")
            page.screenshot(path=str(OUT / "seed-000-reading.png"))
            page.goto((site / f"{SEED1}.html").as_uri())
            page.screenshot(path=str(OUT / "seed-001.png"), full_page=True)
            page.goto((site / "index.html").as_uri())
            page.set_viewport_size({"width": 960, "height": 560})
            page.screenshot(path=str(OUT / "index.png"))
            browser.close()


if __name__ == "__main__":
    main()
