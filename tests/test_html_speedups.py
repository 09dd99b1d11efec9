"""The HTML edition's fast paths give the very bytes the plain ways give (speed work on tei_encoder.html).

Each shortcut is put beside what it replaced: the CSS put into the page after
the transform beside Saxon writing it; the checked file bytes handed to Saxon
beside the tree serialized again; the stylesheet's own link escaping (f:uri)
beside the serializer's escape-uri-attributes; the date words beside
format-date. The byte-for-byte check over every fixture, seed and option is
``bench/html_digest.py``.
"""

from __future__ import annotations

import random
from pathlib import Path

import pytest
from lxml import etree

from tei_encoder import html
from tei_encoder.xmlsafe import parse_bytes

TEI = "http://www.tei-c.org/ns/1.0"
XSLT = Path(html.xslt_dir()) / "edition.xsl"
BODY = (
    "<teiHeader><fileDesc><titleStmt><title>A &lt;style&gt; x</title></titleStmt></fileDesc></teiHeader>"
    "<text><body><div type='document'><p>a\r\nb <lb/>c&#233;&#x1F600; <![CDATA[<style> </style> & y]]>"
    "<!-- note --><?pi x?>\u0085 \u2028 <persName ref='#p\u00e9'>P</persName>"
    " <date when='1946-04-05'>d</date></p></div></body></text>"
)


def _tree(body: str = BODY) -> etree._ElementTree:
    return parse_bytes(f"<TEI xmlns='{TEI}'>{body}</TEI>".encode(), "t")


@pytest.mark.parametrize("lang", ["en", "de", 'x"y', "a&b", "<style> </style>", "\u00e9", ""])
@pytest.mark.parametrize("view", html.VIEWS)
def test_css_put_in_afterwards_gives_the_page_saxon_writes(
    lang: str, view: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    eng = html.engine()
    assert eng.splice_css, "the check at start-up found the spliced page different"
    fast = html.render_tree(_tree(), view=view, lang=lang)
    monkeypatch.setattr(eng, "splice_css", False)
    assert html.render_tree(_tree(), view=view, lang=lang) == fast
    assert html.css_text() in fast


SPELLINGS = {
    "bom": b"\xef\xbb\xbf<?xml version='1.0' encoding='UTF-8'?>\n" + f"<TEI xmlns='{TEI}'>{BODY}</TEI>".encode(),
    "crlf": f"<?xml version='1.0'?>\r\n<TEI xmlns='{TEI}'>\r\n{BODY}\r\n</TEI>\r\n".encode(),
    "latin1": f"<?xml version='1.0' encoding='ISO-8859-1'?><TEI xmlns='{TEI}'>{BODY}</TEI>".encode(
        "latin-1", errors="xmlcharrefreplace"),
    "utf16": f"<?xml version='1.0' encoding='UTF-16'?><TEI xmlns='{TEI}'>{BODY}</TEI>".encode("utf-16"),
    "xml11": f"<?xml version='1.1' encoding='UTF-8'?><TEI xmlns='{TEI}'>{BODY}</TEI>".encode(),
    "prolog": f"<?xml version='1.0' standalone='yes'?><!-- c --><?pi y?>\n<TEI xmlns='{TEI}'>{BODY}</TEI>".encode(),
}


@pytest.mark.parametrize("name", sorted(SPELLINGS))
def test_file_bytes_handed_to_saxon_give_the_page_of_the_tree(name: str, tmp_path: Path) -> None:
    path = tmp_path / f"{name}.xml"
    path.write_bytes(SPELLINGS[name])
    tree = parse_bytes(SPELLINGS[name], str(path), max_bytes=html.MAX_HTML_SOURCE_BYTES)
    assert html.render_file(path) == html.render_tree(tree, name=str(path))
    linked = html.render_file(path, css_href="a.css", site=True, view="reading", lang="fr")
    assert linked == html.render_tree(tree, name=str(path), css_href="a.css", site=True, view="reading", lang="fr")


def _saxon_check(template_body: str, values: list[str]) -> str:
    """Runs a small stylesheet that imports the edition's over ``values`` (one per line of the input)."""
    eng = html.engine()
    sheet = (
        '<xsl:stylesheet version="3.0" xmlns:xsl="http://www.w3.org/1999/XSL/Transform"'
        ' xmlns:xs="http://www.w3.org/2001/XMLSchema" xmlns:f="urn:tei-encoder:xslt" exclude-result-prefixes="#all">'
        f'<xsl:import href="{XSLT.as_uri()}"/>'
        '<xsl:output method="html" html-version="5" encoding="UTF-8" indent="no" include-content-type="no"'
        ' escape-uri-attributes="yes"/>'
        f'<xsl:template match="/" priority="9">{template_body}</xsl:template></xsl:stylesheet>'
    )
    executable = eng.processor.new_xslt30_processor().compile_stylesheet(stylesheet_text=sheet)
    root = etree.Element("r")
    for value in values:
        etree.SubElement(root, "v").text = value
    node = eng.processor.parse_xml(xml_text=etree.tostring(root, encoding="unicode"))
    result: str = executable.transform_to_string(xdm_node=node)
    return result


def test_links_are_escaped_as_the_serializer_escapes_them() -> None:
    chars = [chr(c) for c in (*range(0x20, 0x250), 0x0301, 0x0323, 0x1E0A, 0x212B, 0x2126, 0xFB01, 0xAC00, 0x1100,
                             0x1161, 0x11A8, 0x3000, 0xFF21, 0x1F600, 0x10348, 0x2028, 0x85, 0x7F, 0x9)]
    values = [f"#a{ch}b" for ch in chars] + ["e\u0301", "A\u030a", "\u1100\u1161\u11a8", "x\u0323\u0307 y", ""]
    page = _saxon_check('<html><body><xsl:for-each select="/r/v"><a href="{.}"/><hr/><a href="{f:uri(.)}"/>'
                        "<xsl:text>&#10;</xsl:text></xsl:for-each></body></html>", values)
    lines = page.split("<body>", 1)[1].split("\n")[:-1]
    assert len(lines) == len(values)
    for value, line in zip(values, lines, strict=True):
        by_serializer, by_stylesheet = line.split("<hr>")
        assert by_serializer == by_stylesheet, repr(value)


def test_date_words_are_what_format_date_writes() -> None:
    rng = random.Random(7)
    dates = [f"{y:04d}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}{rng.choice(['', 'Z', '+14:00', '-05:30'])}"
             for y in [*range(1, 2100, 7), 9999, 10000, 123456]]
    dates += [f"1946-{m:02d}-{d:02d}" for m in range(1, 13) for d in (1, 9, 10, 30)] + ["0000-01-01", "-0044-03-15"]
    out = _saxon_check('<xsl:for-each select="/r/v[. castable as xs:date]">'
                       "<xsl:value-of select=\"f:date-words(xs:date(.)) = format-date(xs:date(.), '[D] [MNn] [Y]', "
                       "'en', (), ()) or error((), string(.))\"/></xsl:for-each>", dates)
    assert out.count("true") >= len(dates) - 2 and "false" not in out


@pytest.mark.parametrize(
    ("before", "brk", "space"),
    [("a", "", True), ("a ", "", False), ("a&#9;", "", False), ("a&#13;", "", False), ("a\n", "", False),
     ("a\u00a0", "", True), ("a\u2028", "", True), ("a", " break='no'", False), ("<hi>a</hi>", "", False)],
)
def test_line_break_space_is_what_the_regex_said(before: str, brk: str, space: bool) -> None:
    """A space before a line break where the text before it does not match '\\s$' (XPath's four spaces)."""
    page = html.render_tree(_tree(f"<teiHeader/><text><body><div type='document'><p>{before}<lb{brk}/>z</p></div>"
                                  "</body></text>"), css_href="a.css")
    body = page.split('<section class="document"', 1)[1]
    assert body.count('<br class="lb">') == 1
    assert body.split('<br class="lb">')[0].endswith(" ") is (space or before.endswith(" "))


FIXTURES = Path(__file__).resolve().parent / "fixtures"


def test_the_collection_pages_from_lean_copies_are_those_from_whole_files(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The index and persons pages are made from each file's header and text skeleton only (memory); they
    must be the pages the whole files give: multi-document files, page breaks, front matter, nested names."""
    sources = sorted(FIXTURES.glob("*/expected/*.xml")) + sorted((FIXTURES.parent.parent / "seeds").glob("*.xml"))
    assert len(sources) > 30
    lean = html.build_site(sources, tmp_path / "lean")
    monkeypatch.setattr(html, "collection_copy", html.copy_element)
    whole = html.build_site(sources, tmp_path / "whole")
    assert not lean.errors and not whole.errors
    for page in ("index.html", "persons.html"):
        assert (tmp_path / "lean" / page).read_bytes() == (tmp_path / "whole" / page).read_bytes(), page
    persons = (tmp_path / "lean" / "persons.html").read_text(encoding="utf-8")
    assert "p. 2" in persons and "doc. 2" in persons  # page breaks and several documents are really exercised


def test_the_lean_copy_keeps_header_skeleton_and_names_only() -> None:
    tree = _tree("<teiHeader><fileDesc><titleStmt><title>T</title></titleStmt></fileDesc></teiHeader>"
                 "<text><body><div type='document' xml:id='d1'><p>long words <pb n='2'/>"
                 "<hi><persName ref='#a'>A <rs>B</rs></persName></hi> <placeName>X</placeName></p></div></body></text>")
    copy = html.collection_copy(tree.getroot())
    text = etree.tostring(copy, encoding="unicode")
    assert "long words" not in text and "placeName" not in text and "<hi" not in text and "<p>" not in text
    assert '<div type="document" xml:id="d1"><pb n="2"/><persName ref="#a">A <rs>B</rs></persName></div>' in text
    assert "<title>T</title>" in text
