"""The two shortcuts in the Schematron run must never change a verdict or a message.

1. ``Validator`` checks a document whose <text> holds no "~~" in the phase without the typed-strike
   pattern (schemas/tei-encoder.sch); here every fixture is checked both ways and must give the same
   problems, and documents that place "~~" everywhere it can go must too.
2. A pointer attribute holding one "#x" that id() finds never reaches the pointer rule; values of several
   pointers, missing targets, and other URIs must still be judged as before (each case states its verdict).
"""

from __future__ import annotations

from pathlib import Path

import pytest

from tei_encoder.validate import engine
from tei_encoder.validate.engine import Validator, choose_schema
from tei_encoder.xmlsafe import parse_bytes

TESTS = Path(__file__).resolve().parent
DOCUMENTS = sorted(
    [*(TESTS / "fixtures" / "validate").glob("*/*.xml"),
     *(TESTS / "fixtures").glob("*/expected/*.xml")],
    key=str,
)
DOCUMENTS = [p for p in DOCUMENTS if p.name != "not_wellformed.xml"]  # refused by the parser: no Schematron


@pytest.fixture(scope="module")
def validator() -> Validator:
    return Validator(choose_schema("default"))


def _problems(validator: Validator, data: bytes, *, full: bool) -> list[tuple[int, int, str, str | None]]:
    tree = parse_bytes(data, "doc.xml")
    quick = validator._schematron_quick
    if full:
        validator._schematron_quick = None  # as if the phase did not exist: always every pattern
    try:
        found = validator._schematron_problems(tree, engine._Locator(data))
    finally:
        validator._schematron_quick = quick
    return [(p.line, p.column, p.message, p.rule) for p in found]


def test_there_are_documents_to_compare() -> None:
    assert len(DOCUMENTS) > 40


@pytest.mark.parametrize("path", DOCUMENTS, ids=lambda p: f"{p.parent.parent.name}/{p.name}")
def test_each_fixture_gets_the_same_problems_in_the_quick_phase(validator: Validator, path: Path) -> None:
    data = path.read_bytes()
    assert _problems(validator, data, full=False) == _problems(validator, data, full=True)


HEADER = """<teiHeader><fileDesc><titleStmt><title>T {title}</title></titleStmt>
<publicationStmt><p>Not published.</p></publicationStmt><sourceDesc><p>S</p></sourceDesc></fileDesc>
<profileDesc><correspDesc corresp="#d1"><correspAction type="sent"><persName ref="#p1">A</persName>
</correspAction></correspDesc><particDesc><listPerson><person xml:id="p1"><persName>A</persName></person>
<person xml:id="p2"><persName>B</persName></person></listPerson></particDesc></profileDesc></teiHeader>"""


def _document(title: str = "", body: str = "<p>Text.</p>") -> bytes:
    return (f'<TEI xmlns="http://www.tei-c.org/ns/1.0">{HEADER.format(title=title)}'
            f'<text><body><div type="document" xml:id="d1">{body}</div></body></text></TEI>').encode()


@pytest.mark.parametrize(("title", "body", "typed"), [
    ("", "<p>Text.</p>", False),
    ("~~X~~ in the header", "<p>Text.</p>", False),  # the header is not checked: quick phase, no problem
    ("", "<p>A ~~SECRET~~ mark.</p>", True),
    ("", "<p>One ~~ and <hi>another ~~</hi>.</p>", False),  # "~~" twice in <text>, never twice in one node
    ("", "<p><del rend='strikethrough'>~~SECRET~~</del></p>", False),
    ("", "<p>Before <lb/>~~SECRET~~ after a line break.</p>", True),
    ("", "<p>A ~&#126;CHARREF~~ spelt with a reference.</p>", True),
    ("", "<p><![CDATA[~~CDATA~~]]></p>", True),
    ("", "<p>~~A~~ and <hi>~~B~~</hi></p>", True),
    # What the encoder does not strike is not a typed struck mark either (rules/strikethrough.py).
    ("", "<p>Tildes ~~ ~~ around a space.</p>", False),
    ("", "<p>Tildes ~~ SECRET ~~ with spaces inside.</p>", False),
    ("", "<p>Four ~~~~ in a row.</p>", False),
    ("", "<p>Across ~~a line\nbreak~~.</p>", False),
    # A limit of checking each node's first pair in XPath 1.0: the encoder strikes "~~X~~" here (its output
    # never holds this), but the rule reads the first pair as "~X" and lets it pass.
    ("", "<p>Three ~~~X~~ tildes.</p>", False),
])
def test_typed_strikes_are_found_whichever_rules_run(
    validator: Validator, title: str, body: str, typed: bool
) -> None:
    data = _document(title, body)
    quick = _problems(validator, data, full=False)
    assert quick == _problems(validator, data, full=True)
    assert any(rule == "struck-typed" for *_, rule in quick) is typed, quick


def test_the_full_rules_are_compiled_only_when_a_document_needs_them() -> None:
    fresh = Validator(choose_schema("default"))
    fresh.validate_bytes(_document(), "plain.xml")
    assert fresh.schematron is None
    result = fresh.validate_bytes(_document(body="<p>A ~~SECRET~~ mark.</p>"), "typed.xml")
    assert fresh.schematron is not None
    assert [p.rule for p in result.problems] == ["struck-typed"]


@pytest.mark.parametrize(("attribute", "missing"), [
    ('ref="#p1"', None),
    ('ref="#p9"', "#p9"),
    ('ref=" #p1 "', None),  # spaces around one pointer
    ('ref="#p1 #p2"', None),  # several pointers: the rule's own comparison
    ('ref="#p1 #p9"', "#p9"),
    ('ref="#p9 #p1"', "#p9"),
    ('ref="https://example.org/p9"', None),  # not a local pointer: left alone
    ('ref="p9"', None),  # a relative URI, not "#x"
    ('ref="#d1"', None),  # the div's own xml:id
])
def test_pointers_are_judged_as_before_the_id_shortcut(
    validator: Validator, attribute: str, missing: str | None
) -> None:
    data = _document(body=f"<p><persName {attribute}>Someone</persName> wrote.</p>")
    problems = [msg for *_, msg, rule in _problems(validator, data, full=True) if rule == "pointer-resolves"]
    if missing is None:
        assert problems == []
    else:
        assert len(problems) == 1 and f'"{missing}" points to no element' in problems[0]


def test_a_pointer_to_an_included_element_resolves(tmp_path: Path) -> None:
    """After ``--xinclude`` the included xml:ids may not be in libxml2's id table: the comparison with every
    xml:id still finds them, so the id() shortcut only ever saves work."""
    part = tmp_path / "part.xml"
    part.write_text('<person xmlns="http://www.tei-c.org/ns/1.0" xml:id="p9"><persName>C</persName></person>')
    data = _document(body='<p><persName ref="#p9">C</persName> wrote.</p>').replace(
        b"</listPerson>",
        b'<xi:include xmlns:xi="http://www.w3.org/2001/XInclude" href="part.xml"/></listPerson>')
    doc = tmp_path / "doc.xml"
    doc.write_bytes(data)
    result = Validator(choose_schema("default"), xinclude=True).validate_path(str(doc))
    assert [p.message for p in result.problems if p.rule == "pointer-resolves"] == []
