"""TEI documents the HTML tests and bench/html_digest.py both build, written once.

Kept beside the tests (as ``corpus_facts`` is) because they describe test inputs; the digest script puts
this folder on its path to render the very documents the tests render.
"""

from __future__ import annotations

from lxml import etree

TEI = "http://www.tei-c.org/ns/1.0"


def scenario_tei(context: etree._Element) -> bytes:
    """An XSLT fixture's context as a whole TEI file: as given, or wrapped as the body of one document."""
    children = [c for c in context if isinstance(c.tag, str)]
    if len(children) == 1 and children[0].tag == f"{{{TEI}}}TEI":
        return etree.tostring(children[0])
    tei = etree.fromstring(
        f'<TEI xmlns="{TEI}"><teiHeader><fileDesc><titleStmt><title>Fixture</title></titleStmt></fileDesc>'
        f'</teiHeader><text><body><div type="document" xml:id="d1"/></body></text></TEI>'
    )
    div = tei.find(f".//{{{TEI}}}div")
    assert div is not None
    div.text = context.text
    for child in context:
        div.append(child)
    return etree.tostring(tei)


def one_person_document() -> tuple[etree._Element, etree._Element]:
    """A TEI file with one listed person (``#p1``) and one empty document division, and that division:
    the frame into which the property tests draw blocks and marks."""
    tei = etree.fromstring(
        f'<TEI xmlns="{TEI}"><teiHeader><fileDesc><titleStmt><title>P</title></titleStmt></fileDesc>'
        f'<profileDesc><particDesc><listPerson><person xml:id="p1"><persName>Person One</persName></person>'
        f'</listPerson></particDesc></profileDesc></teiHeader><text><body><div type="document" xml:id="d1"/>'
        f"</body></text></TEI>"
    )
    div = tei.find(f".//{{{TEI}}}div")
    assert div is not None
    return tei, div
