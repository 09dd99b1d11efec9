"""Per-module fixture tests for the XSLT, in the manner of XSpec.

Each file in ``tests/fixtures/html/`` is a description of scenarios: a TEI
context (a whole TEI element, or the content of one document division) and one
or more expectations, each an XPath into the HTML page with the fragment (or
the text) it must select. Fragments are compared after whitespace-only text is
dropped and other whitespace collapsed, as XSpec's normalisation does, so the
fixtures can be indented.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

import lxml.html
import pytest
from lxml import etree
from tei_samples import scenario_tei

from tei_encoder import html
from tei_encoder.xmlsafe import parse_bytes

FIXTURES = Path(__file__).resolve().parent / "fixtures" / "html"
X = "urn:tei-encoder:html-fixtures"
TEI = "http://www.tei-c.org/ns/1.0"
MODULES = ("header", "correspondence", "transcription", "names", "furniture")


@dataclass
class Scenario:
    module: str
    label: str
    context: etree._Element
    expects: list[etree._Element]


def _scenarios() -> list[Scenario]:
    found = []
    for path in sorted(FIXTURES.glob("*.xml")):
        # Each scenario is a TEI file of its own, so xml:ids repeat across scenarios.
        root = etree.parse(str(path), etree.XMLParser(collect_ids=False)).getroot()
        for sc in root.iter(f"{{{X}}}scenario"):
            context = sc.find(f"{{{X}}}context")
            assert context is not None, f"{path.name}: scenario {sc.get('label')!r} has no context"
            found.append(Scenario(root.get("module", path.stem), sc.get("label", "?"), context,
                                  sc.findall(f"{{{X}}}expect")))
    return found


SCENARIOS = _scenarios()


def test_every_module_has_fixtures() -> None:
    assert {s.module for s in SCENARIOS} >= set(MODULES)
    assert all(s.expects for s in SCENARIOS)


def _render(context: etree._Element) -> lxml.html.HtmlElement:
    tree = parse_bytes(scenario_tei(context), "fixture")
    page = html.render_tree(tree, name="fixture", css_href="edition.css")
    return lxml.html.document_fromstring(page)


def _ws(text: str | None) -> str:
    return re.sub(r"\s+", " ", text or "")


def _canon(node: object) -> str:
    """A node as markup with sorted attributes, no whitespace-only text, and runs of whitespace as one space."""
    if isinstance(node, str):
        return "" if not node.strip() else _ws(node)
    assert isinstance(node, etree._Element)
    if not isinstance(node.tag, str):  # comments and processing instructions
        return ""
    tag = etree.QName(node).localname
    attrs = "".join(f' {k}="{_ws(v)}"' for k, v in sorted(node.attrib.items()))
    inner = [node.text or ""]
    for child in node:
        inner.append(_canon(child))
        inner.append(child.tail or "")
    body = "".join(_canon(p) if isinstance(p, str) else p for p in inner)
    return f"<{tag}{attrs}>{body}</{tag}>"


def _canon_all(nodes: list[object]) -> str:
    return "".join(_canon(n) for n in nodes).strip()


def _expected(expect: etree._Element) -> list[object]:
    nodes: list[object] = [expect.text or ""]
    for child in expect:
        nodes.append(child)
        nodes.append(child.tail or "")
    return nodes


def _selected(page: lxml.html.HtmlElement, xpath: str) -> list[object]:
    result = page.xpath(xpath)
    assert isinstance(result, list)
    out: list[object] = []
    for item in result:
        if isinstance(item, etree._Element):
            out.append(item)
        else:
            out.append(str(item))
    return out


@pytest.mark.parametrize("scenario", SCENARIOS, ids=[f"{s.module}: {s.label}" for s in SCENARIOS])
def test_scenario(scenario: Scenario) -> None:
    page = _render(scenario.context)
    for expect in scenario.expects:
        xpath = expect.get("select", "/")
        got = _selected(page, xpath)
        assert got, f"{xpath} selects nothing"
        if expect.get("text") is not None:
            text = " ".join(_ws(n if isinstance(n, str) else n.text_content()).strip() for n in got)
            assert text == _ws(expect.get("text")).strip(), xpath
        else:
            assert _canon_all(got) == _canon_all(_expected(expect)), xpath
