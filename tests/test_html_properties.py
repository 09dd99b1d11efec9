"""Properties of the edition over TEI the fixtures did not think of.

Whatever nesting of transcription marks, names, breaks and furniture the
encoder writes (it grows by the hour), the page must come out, keep every word
of the text in order, and stay valid HTML: no block element inside a paragraph
or a span, and no id used twice.
"""

from __future__ import annotations

import re

import lxml.html
from hypothesis import given, note
from hypothesis import strategies as st
from lxml import etree
from tei_samples import one_person_document

from tei_encoder import html
from tei_encoder.xmlsafe import parse_bytes

TEI = "http://www.tei-c.org/ns/1.0"
BLOCKS = {"div", "p", "section", "h1", "h2", "h3", "ul", "ol", "dl", "table"}
WORDS = st.text(alphabet="ABCdefgh ,.", min_size=1, max_size=12).filter(lambda s: bool(re.search(r"\w", s)))

# Inline TEI: (tag, attributes); the children are drawn recursively.
INLINE: list[tuple[str, dict[str, str]]] = [
    ("del", {"rend": "strikethrough"}),
    ("stamp", {"type": "classification", "subtype": "secret"}),
    ("stamp", {"type": "declassification"}),
    ("sic", {}),
    ("supplied", {}),
    ("unclear", {}),
    ("note", {"type": "editorial"}),
    ("persName", {"ref": "#p1"}),
    ("persName", {}),
    ("placeName", {}),
    ("date", {"when": "1946-04-05"}),
    ("seg", {"type": "salute"}),
    ("hi", {"rend": "underline"}),
    ("fw", {"type": "pageNum"}),
    ("signed", {}),
    ("dateline", {}),
    ("p", {}),  # as inside a note
]
EMPTY = [("lb", {}), ("pb", {"n": "2"}), ("gap", {"reason": "omitted"})]
BLOCK = ["p", "ab", "opener", "closer", "fw", "trailer", "note", "pb"]


def _el(tag: str, attrs: dict[str, str]) -> etree._Element:
    return etree.Element(f"{{{TEI}}}{tag}", attrs)


@st.composite
def inline(draw: st.DrawFn, depth: int = 0) -> etree._Element:
    if depth >= 3 or draw(st.booleans()):
        tag, attrs = draw(st.sampled_from(INLINE + EMPTY))
    else:
        tag, attrs = draw(st.sampled_from(INLINE))
    el = _el(tag, attrs)
    if (tag, attrs) in EMPTY:
        return el
    el.text = draw(WORDS)
    for _ in range(draw(st.integers(0, 2))):
        child = draw(inline(depth + 1))
        child.tail = draw(st.one_of(st.just(""), WORDS))
        el.append(child)
    return el


@st.composite
def document(draw: st.DrawFn) -> etree._Element:
    tei, div = one_person_document()
    for _ in range(draw(st.integers(1, 5))):
        tag = draw(st.sampled_from(BLOCK))
        block = _el(str(tag), {"type": "editorial"} if tag == "note" else {"n": "3"} if tag == "pb" else {})
        if tag != "pb":
            block.text = draw(WORDS)
            for _ in range(draw(st.integers(0, 3))):
                child = draw(inline())
                child.tail = draw(st.one_of(st.just(""), WORDS))
                block.append(child)
        div.append(block)
    return tei


@given(document())
def test_any_mix_renders_valid_html_and_keeps_every_word(tei: etree._Element) -> None:
    page = html.render_tree(parse_bytes(etree.tostring(tei), "generated"), name="generated", css_href="e.css")
    doc = lxml.html.document_fromstring(page)
    section = doc.xpath("//section[@id = 'd1']/div[@class = 'text']")[0]
    note(etree.tostring(tei, encoding="unicode"))
    note(etree.tostring(section, encoding="unicode"))
    for el in section.iter("p", "span"):
        inner = {d.tag for d in el.iterdescendants() if isinstance(d.tag, str)}
        assert not inner & BLOCKS, f"block inside <{el.tag} class={el.get('class')!r}>"
    ids = doc.xpath("//@id")
    assert len(ids) == len(set(ids))
    body = tei.find(f".//{{{TEI}}}body")
    assert body is not None
    # Letters and digits, in order: the edition may add spaces, page labels and [sic], never drop or move text.
    want = re.sub(r"\W", "", "".join(body.itertext()))
    for added in section.xpath(".//span[@class = 'pb-label' or contains(@class, 'editorial-sic')]"):
        added.drop_tree()  # words the edition adds: page labels and [sic]
    got = re.sub(r"\W", "", section.text_content())
    assert got == want, "a word of the text is lost or out of order"
