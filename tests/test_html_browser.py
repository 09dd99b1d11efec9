"""End-to-end: the seeds, encoded by the encoder as it is now, built into a site and read in a real Chromium.

The browser is Debian's chromium (``/usr/bin/chromium``) driven by Playwright for
Python. Without it these tests skip on a developer machine, but fail under
``CI=true``, where ``.ci/run`` installs it: a reading edition nobody has looked
at in a browser is not tested. Screenshots go to ``test-output/html/``.
"""

from __future__ import annotations

import itertools
import os
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from tei_encoder.api import encode
from tei_encoder.cli import main

REPO = Path(__file__).resolve().parents[1]
SEEDS = sorted((REPO / "seeds").glob("*.txt"))
SEED0, SEED1 = "000_7f875bcfea1df796", "001_290997c0c5d94889"
CHROMIUM = Path("/usr/bin/chromium")
SHOTS = REPO / "test-output" / "html"
IN_CI = os.environ.get("CI", "").lower() in ("1", "true", "yes")
FLAGS = [
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
]


def _unavailable(reason: str) -> None:
    if IN_CI:
        pytest.fail(f"browser tests cannot run in CI: {reason}")
    pytest.skip(reason)


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The seeds encoded now (so these tests follow the encoder) and built with ``tei-encoder html DIR --out-dir``."""
    base = tmp_path_factory.mktemp("edition")
    tei = base / "tei"
    tei.mkdir()
    for seed in SEEDS:
        (tei / f"{seed.stem}.xml").write_bytes(encode(seed, name=f"seeds/{seed.name}").to_bytes())
    out = base / "site"
    result = CliRunner().invoke(main, ["html", str(tei), "--out-dir", str(out)])
    assert result.exit_code == 0, result.output
    return out


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        _unavailable("playwright is not installed (pip install -e '.[test]')")
    if not CHROMIUM.exists():
        _unavailable(f"{CHROMIUM} is missing (apt-get install chromium chromium-driver)")
    SHOTS.mkdir(parents=True, exist_ok=True)
    with sync_playwright() as pw:
        chromium = pw.chromium.launch(executable_path=str(CHROMIUM), args=FLAGS)
        yield chromium
        chromium.close()


@dataclass
class Reader:
    """A tab, and everything that went wrong in it: console errors, script errors, requests off the disk."""

    page: Any
    problems: list[str] = field(default_factory=list)

    def open(self, url: str) -> None:
        self.page.goto(url)
        self.page.wait_for_load_state("load")

    def shot(self, name: str, *, full_page: bool = False) -> None:
        self.page.screenshot(path=str(SHOTS / f"{name}.png"), full_page=full_page)


@pytest.fixture
def reader(browser: Any) -> Iterator[Reader]:
    context = browser.new_context(viewport={"width": 1000, "height": 1200})
    page = context.new_page()
    r = Reader(page)
    page.on("console", lambda m: r.problems.append(f"console {m.type}: {m.text}") if m.type == "error" else None)
    page.on("pageerror", lambda e: r.problems.append(f"page error: {e}"))
    page.on("request", lambda q: None if q.url.startswith(("file:", "data:", "about:"))
            else r.problems.append(f"request off the disk: {q.url}"))
    yield r
    context.close()


def _url(site: Path, name: str, fragment: str = "") -> str:
    return (site / name).as_uri() + (f"#{fragment}" if fragment else "")


def test_struck_secret_is_drawn_struck_through(site: Path, reader: Reader) -> None:
    reader.open(_url(site, f"{SEED0}.html", "d1"))
    struck = reader.page.locator("#d1 .stamp-classification del").filter(has_text="SECRET").first
    assert struck.is_visible()
    assert struck.inner_text().strip() == "SECRET"
    assert "line-through" in struck.evaluate("e => getComputedStyle(e).textDecorationLine")
    stamp = struck.locator("xpath=ancestor::span[contains(@class, 'stamp')][1]")
    assert stamp.evaluate("e => getComputedStyle(e).borderTopStyle") == "solid"  # looks like a stamp
    # A mark that is not struck on the paper is not struck on the screen.
    plain = reader.page.locator("#d2 .stamp-classification:not(.struck)").first
    assert plain.count() == 1
    assert "line-through" not in plain.evaluate("e => getComputedStyle(e).textDecorationLine")
    struck.scroll_into_view_if_needed()
    reader.shot("seed-000-struck-secret")
    assert reader.problems == []


def test_page_two_begins_after_a_visible_page_boundary(site: Path, reader: Reader) -> None:
    reader.open(_url(site, f"{SEED0}.html"))
    boundary = reader.page.locator("#d1 .pb[data-page='2']")
    assert boundary.count() == 1 and boundary.is_visible()
    label = boundary.locator(".pb-label")
    assert label.is_visible() and label.inner_text().strip().lower() == "page 2"
    assert boundary.evaluate("e => getComputedStyle(e).borderTopStyle") != "none"
    box = boundary.bounding_box()
    last_of_page1 = reader.page.locator("#d1 p", has_text="AS WELL AS").first.bounding_box()
    first_of_page2 = reader.page.locator("#d1 p", has_text="UNDESIRABILITY").first.bounding_box()
    assert box and last_of_page1 and first_of_page2
    assert last_of_page1["y"] + last_of_page1["height"] <= box["y"] < first_of_page2["y"]
    boundary.scroll_into_view_if_needed()
    reader.shot("seed-000-page-boundary")
    assert reader.problems == []


def _visible_furniture(reader: Reader) -> int:
    count: int = reader.page.evaluate(
        "() => [...document.querySelectorAll('main .fw, main .pb')].filter(e => e.getClientRects().length).length"
    )
    return count


def test_reading_view_toggle_hides_furniture_and_joins_pages(site: Path, reader: Reader) -> None:
    reader.open(_url(site, f"{SEED0}.html"))
    assert _visible_furniture(reader) > 5
    text = reader.page.locator("#d1 .text")
    assert "(CONTINUED NEXT PAGE)" in text.inner_text()
    reader.page.locator("label[for='view-reading']").click()
    assert reader.page.locator("#view-reading").is_checked()
    assert _visible_furniture(reader) == 0
    reading = " ".join(text.inner_text().split())
    assert "(CONTINUED NEXT PAGE)" not in reading and "PAGE 2" not in reading
    assert "AS WELL AS UNDESIRABILITY OF USING" in reading  # one paragraph across the page break
    joined = reader.page.locator("#d1 p", has_text="UNDESIRABILITY").first
    assert joined.evaluate("e => getComputedStyle(e).display") == "inline"
    reader.page.locator("#d1").scroll_into_view_if_needed()
    reader.shot("seed-000-reading-view")
    reader.page.locator("label[for='view-reading']").click()
    assert _visible_furniture(reader) > 5
    assert reader.problems == []


def test_persons_index_on_the_page_links_both_ways(site: Path, reader: Reader) -> None:
    reader.open(_url(site, f"{SEED0}.html"))
    page = reader.page
    backlinks = page.locator(".index .persons a.backlink")
    assert backlinks.count() >= 2
    for i in range(backlinks.count()):
        link = backlinks.nth(i)
        entry_id = link.evaluate("e => e.closest('li').id")
        target = link.get_attribute("href")
        assert target and target.startswith("#")
        mention = page.locator(f"[id='{target[1:]}']")
        assert mention.count() == 1
        assert mention.evaluate("e => e.classList.contains('person')")
        assert mention.get_attribute("href") == f"#{entry_id}"  # and the mention links back to this entry
    stalin = page.locator("#person-stalin")
    assert "Joseph Stalin" in stalin.inner_text()
    page.locator("#d1 a.person", has_text="STALIN").first.click()
    assert page.evaluate("location.hash") == "#person-stalin"
    assert stalin.is_visible()
    page.locator("#person-stalin a.backlink").first.click()
    landed = page.locator("a.person:target")
    assert landed.count() == 1 and landed.get_attribute("href") == "#person-stalin"
    assert "STALIN" in landed.inner_text().upper()
    assert reader.problems == []


def test_collection_persons_index_leads_to_the_mention(site: Path, reader: Reader) -> None:
    reader.open(_url(site, "persons.html"))
    page = reader.page
    entry = page.locator("li", has=page.locator(".person-name", has_text="Joseph Stalin")).first
    assert entry.count() == 1
    reader.shot("persons-index", full_page=True)
    entry.locator("a.backlink").first.click()
    page.wait_for_load_state("load")
    assert page.url.split("#")[0].endswith(f"{SEED0}.html")
    target = page.evaluate("document.querySelector(location.hash).textContent")
    assert "STALIN" in target.upper()
    assert reader.problems == []


def test_index_lists_documents_by_date_with_correspondents(site: Path, reader: Reader) -> None:
    reader.open(_url(site, "index.html"))
    rows = reader.page.locator("table.doc-list tbody tr")
    assert rows.count() >= 3  # seed 000 holds two documents, seed 001 one
    dates = [d for d in reader.page.locator("table.doc-list tbody time").evaluate_all(
        "ts => ts.map(t => t.getAttribute('datetime'))") if d]
    assert dates == sorted(dates) and "1946-04-05" in dates
    smith = rows.nth(dates.index("1946-04-05")).inner_text()
    assert "Walter Bedell Smith → James F. Byrnes" in smith
    stalin = rows.nth(dates.index("1946-04-06"))
    assert "Joseph Stalin → Harry S. Truman" in stalin.inner_text()
    stalin.locator("a").click()
    reader.page.wait_for_load_state("load")
    assert reader.page.url.endswith(f"{SEED0}.html#d1")
    reader.shot("index-page")
    assert reader.problems == []


def test_editorial_interventions_look_editorial(site: Path, reader: Reader) -> None:
    """Seed 001's "Rumoe [sic]": the word is the paper's, the [sic] the editor's, and they look different."""
    reader.open(_url(site, f"{SEED1}.html"))
    sic = reader.page.locator(".editorial-sic").first
    assert sic.count() == 1, "the encoder marks 'Rumoe [sic]' as sic"
    assert sic.inner_text().strip() == "[sic]"
    word = reader.page.locator(".sic").first
    assert word.inner_text().strip() == "Rumoe"
    style = "e => { const s = getComputedStyle(e); return [s.color, s.fontStyle]; }"
    assert sic.evaluate(style) != word.evaluate(style)
    assert reader.problems == []


CONTRAST = """
els => els.map(e => {
  const rgb = c => (c.match(/[\\d.]+/g) || []).map(Number);
  const f = v => { v /= 255; return v <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4; };
  const lum = ([r, g, b]) => 0.2126 * f(r) + 0.7152 * f(g) + 0.0722 * f(b);
  let n = e, bg = null;
  while (n && n.nodeType === 1) { const c = rgb(getComputedStyle(n).backgroundColor);
    if (c.length === 3 || (c.length === 4 && c[3] > 0)) { bg = c.slice(0, 3); break; } n = n.parentElement; }
  const fg = lum(rgb(getComputedStyle(e).color)), b = lum(bg || [255, 255, 255]);
  return [e.className, (Math.max(fg, b) + 0.05) / (Math.min(fg, b) + 0.05)];
})
"""


def test_accessible_page_structure_and_contrast(site: Path, reader: Reader) -> None:
    reader.open(_url(site, f"{SEED0}.html"))
    page = reader.page
    assert page.locator("html").get_attribute("lang") == "en"
    for landmark in ("banner", "main", "contentinfo"):
        assert page.get_by_role(landmark).count() == 1, landmark
    levels = page.locator("h1, h2, h3, h4, h5, h6").evaluate_all("hs => hs.map(h => Number(h.tagName[1]))")
    assert levels[0] == 1 and all(b - a <= 1 for a, b in itertools.pairwise(levels))
    assert page.get_by_label("Reading view").count() == 1  # the toggle has an accessible name
    sample = "main p.p, main .fw, main .stamp, main .pb-label, main a.person, .view-label .hint, main dd"
    ratios = page.locator(sample).evaluate_all(CONTRAST)
    assert ratios
    low = [(cls, round(r, 2)) for cls, r in ratios if r < 4.5]
    assert low == []
    assert reader.problems == []


def test_print_stylesheet(site: Path, reader: Reader) -> None:
    reader.open(_url(site, f"{SEED0}.html"))
    page = reader.page
    page.emulate_media(media="print")
    assert not page.locator("label[for='view-reading']").is_visible()
    stamp = page.locator(".stamp").first
    assert stamp.evaluate("e => getComputedStyle(e).color") == "rgb(0, 0, 0)"
    assert page.locator("#d2").evaluate("e => getComputedStyle(e).breakBefore") == "page"
    assert page.locator("#d1 .pb[data-page='2']").is_visible()  # page boundaries print
    page.emulate_media(media="screen")
    assert reader.problems == []


@pytest.mark.parametrize("name", [f"{SEED0}.html", f"{SEED1}.html", "index.html", "persons.html"])
def test_pages_load_offline_without_errors(site: Path, reader: Reader, name: str) -> None:
    reader.open(_url(site, name))
    assert reader.page.title()
    stem = name.removesuffix(".html")
    reader.shot(f"seed-{stem[:3]}" if stem[:3].isdigit() else stem, full_page=stem[:3].isdigit())
    assert reader.problems == []
