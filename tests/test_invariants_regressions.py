"""Inputs that once broke an invariant, found by the property tests and the fuzz targets, kept for good.

Hypothesis forgets a failure once its local database is gone (as in CI), so each one found is written here,
minimised, with what it broke. A case stays even after the encoder is fixed: it is the guard against the
same bug coming back.
"""

from __future__ import annotations

import corpus_facts as cf
import pytest
from lxml import etree

from tei_encoder.api import encode
from tei_encoder.errors import InputError

# (input, forced profile or None, what it broke when found)
CASES: list[tuple[str | bytes, str | None, str]] = [
    ("FROM:", None, "empty persName with @ref placed in body after the div: invalid"),
    ("TO:", "letter", "empty persName with @ref placed in body after the div: invalid"),
    ("A\nFROM: ", None, "empty persName outside the div: invalid"),
    ("TO:\n\U0001d400", "telegram", "@ref on opener: invalid"),
    ("FROM:\u4a80", "frus", "xml:id 'pers-\u4a80' from a non-ASCII name: lxml rejects it as not an NCName"),
    ("FROM : MARSHAL STALIN\tA\u4a80\u0127\U000185bd ", "frus", "non-ASCII xml:id: not well-formed for lxml"),
    ("\u00ec\n\x85-2-", "telegram", "U+0085 (NEL) left as bare text in div: invalid"),
    ("~~SECRET~~\x85\n~~ ", None, "U+0085 (NEL) left as bare text in div: invalid"),
    ("~~\x85\r\r\nA ", None, "U+0085 (NEL) left as bare text in div: invalid"),
    ("\x9f\r\u2028DEPARTMENT OF STATE", "telegram", "U+2028 left as bare text in body: invalid"),
    ("\u00df\n[SIC]\nY", "frus", "ab inside opener: invalid"),
    ("Citation:", "catalogue", "ab after a nested div: invalid"),
    ("Citation: ", None, "ab after a nested div: invalid"),
    ("~~SECRET~~ President Truman to Marshal Stalin\x0c[sic] ", None, "form feed before [sic]: the word sic lost"),
    ("a [sic] [sic]", None, "two [sic] markers consumed for one sic element: word lost"),
    ("~~ [sic] [sic] ", None, "two [sic] markers consumed for one sic element: word lost"),
    ("File\n\n2\n\nPapers\nS.C. Form No0", "telegram", "caption lines '2' and 'Papers' dropped: words lost"),
    ("Letter,", "letter", "p inside ab: invalid"),
    ("Citation:\n\n0 ", None, "p inside ab: invalid"),
    ("~~\n\nCitation: ", None, "p inside opener: invalid"),
    ("[Ap So2sy,\nS]", "frus", "trailer inside an editorial note: invalid"),
    (b"November 1943\n\nCitation:", "catalogue", "dateline nested in a date inside opener: invalid"),
    (b"\xd4\n\xe2\x86\xa9", "frus", "not UTF-8, so cp1252 per the issue, but decoded mixed: the word \u00e2 lost"),
    (b"\x80\xc2\x80", None, "pure cp1252 bytes decoded as mixed UTF-8: the word \u00c2 lost"),
    (b"\x80\xc2\x91", None, "pure cp1252 bytes decoded as mixed UTF-8: the word \u00c2 lost"),
    # Found by the one-hour atheris run of fuzz/fuzz_encode.py (3 signatures, all this one cause).
    ("Nov\n\n\n7 1943", None, "date across a blank line, alone in the div: <ab when=...>: invalid"),
    ("x\n\n1945-04-12\n\nNov\n\n\n7 1943\n\nCit", "telegram", "<opener when=...>: invalid"),
    (b"\nMessage from Premier J. V. to President Fran\n\n\n\x00\x00\n\n1945-04-12\nember 07, 1942\n\nNov\n\n\n7 1943"
     b"\n\nCitamber 0AY BEFRRET/", "telegram", "<trailer when=...>: invalid"),
]


def transcript_of(data: str | bytes) -> str:
    """The text the words must come from: the issue's decoding rule for bytes (UTF-8, else cp1252)."""
    if isinstance(data, str):
        return data
    text = cf.issue_decoding(data)
    assert text is not None
    return text


@pytest.mark.parametrize(("data", "profile", "broke"), CASES, ids=[repr(c[0])[:40] for c in CASES])
def test_regression(data: str | bytes, profile: str | None, broke: str, tei_all: etree.RelaxNG) -> None:
    try:
        result = encode(data, profile)
    except InputError as exc:  # none of these inputs is blank, so a refusal is a failure too
        pytest.fail(f"refused: {exc}")
    out = result.to_bytes()
    assert cf.invariant_problems(transcript_of(data), out, tei_all) == [], broke
    assert encode(data, profile).to_bytes() == out, "not deterministic"


# Bytes handed to the XML side (xmlsafe.parse_bytes, then tei_encoder.validate), with what they broke.
XML_CASES: list[tuple[bytes, str]] = [
    (b'<TEI xmlns="}"><TEI xmlns="0"></TEI></TEI>',
     "parse_bytes accepts the invalid namespace URI '}', then validate_bytes raises ValueError "
     "(lxml QName of '{}}TEI' in validate/patterns.py _split_tag)"),
]


@pytest.mark.parametrize(("data", "broke"), XML_CASES, ids=[repr(c[0])[:40] for c in XML_CASES])
def test_xml_regression(data: bytes, broke: str) -> None:
    from tei_encoder.validate.engine import Validator, choose_schema
    from tei_encoder.xmlsafe import parse_bytes

    try:
        parse_bytes(data, "<case>")
        parsed = True
    except InputError:
        parsed = False
    result = Validator(choose_schema("default")).validate_bytes(data, "<case>")  # must not raise
    assert not (result.valid and not parsed), broke
