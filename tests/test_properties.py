"""Property tests: the encoder's invariants on text nobody wrote by hand.

The corpus shows the rules work on the transcripts we have; these show they cannot be broken by the
transcripts we have not seen. The generated text is built from the marks' own syntax (struck-mark tildes,
editorial brackets, page markers, stamp blocks, FROM/TO lines, dates) placed where rules do not expect them,
mixed with XML specials, control, RTL and combining characters and every newline convention, because that
is where a rule that consumes or moves text loses a word, crashes, or writes invalid TEI.

Profiles: ``ci`` (default, registered in conftest.py) keeps this file under a minute; run
``HYPOTHESIS_PROFILE=long python3 -m pytest tests/test_properties.py`` by hand for a deeper search.
"""

from __future__ import annotations

import functools

import corpus_facts as cf
import pytest
from hypothesis import example, given
from hypothesis import strategies as st
from lxml import etree

from tei_encoder import profiles
from tei_encoder.api import encode
from tei_encoder.errors import InputError
from tei_encoder.validate.engine import Validator, choose_schema

PROFILE_NAMES: list[str | None] = [None, *sorted(p.name for p in profiles.all_profiles())]

# The syntax the rules look for, as fragments to be scattered anywhere (inside sentences too).
FRAGMENTS = [
    "~~", "~~SECRET~~", "~~TOP SECRET~~", "~~ SECRET", "SECRET~~", "~~~", "~~~~", "SECRET", "TOP SECRET",
    "top secret", "Top Secret", "Personal and Top Secret", "CONFIDENTIAL", "RESTRICTED", "PRIORITY", "EYES ONLY",
    "PERSONAL AND CONFIDENTIAL", "MOST SECRET", "Strictly Confidential", "PERSONAL, SECRET", "EYES ONLY TOP SECRET",
    "P.S.", "P.S. One more thing.", "Foreign Office,", "Ernest Bevin, M.P.,", "D. 8.15 p.m. 12th March, 1945.",
    "12 MAR 45", "DATED: June 3, 1945", "FROM: FOREIGN OFFICE TO WASHINGTON", "for his eyes only",
    "D[ean] A[cheson]", "[garbled group]", "Mr. Churchill's", "Moscow's", "ADMIRAL STARK",
    "Participants: Mr. Acheson\n              Mr. Molotov", "Memorandum of Conversation, by the Secretary",
    "[", "]", "[]", "[[", "]]", "[sic]", "[ sic ]", "[SIC]", "[...]", "[…]", "[. . .]", "[etc.]", "[a]", "[that]",
    "[Tehran]", "[25]", "[illegible]", "[illegible handwritten notation]", "[Hyde Park,]",
    '["were satisfied" crossed out]', "[Page 3]", "[Page 24]", "[Page", "PAGE 2", "Page 2", "-2-", "- 3 -",
    "-2-#7352, September 8, from London.", "(CONTINUED NEXT PAGE)", "(CONTINUED", "DECLASSIFIED", "DECLASS1FIED",
    "E. O. 11652, Sec. 3(E) and 5(D) or (E)", "By NLT-HC, NARS Date 12-2-75", "FROM:", "FROM :", "TO:", "TO :",
    "NR :", "FROM : MARSHAL STALIN", "TO : THE PRESIDENT", "6 APRIL 1946", "April 5, 6 p.m.", "060355Z",
    "5th September, 1944", "August 17, 1945", "Washington, July 1,", "1946—8 p.m.", "31 February 1946",
    "0 JANUARY 0000", "99999Z", "No. 23", "1.", "  1. ", "- …↩", "1↩", "Citation:", "Summary:", "Contents:",
    "Original Language:", "Translation - English", "Participants:", "Dear Mr. President:", "My dear Mr. Secretary:",
    "Sincerely yours,", "J. STALIN", "H. L. H.", "President Truman to Marshal Stalin", "THE WHITE HOUSE",
    "WAR DEPARTMENT", "DEPARTMENT OF STATE", "INCOMING TELEGRAM", "Generalissimo Stalin", "Mr. Molotov",
    "&", "<", ">", "]]>", "--", "<!--", "-->", "&amp;", "&#0;", "<?xml", "<TEI>", '"', "'", "’", "—", "…",
    "\u00a0", "\u200b", "\u200d", "\u202e", "\u202d", "\u2066", "\ufeff", "\ufffd", "\ufffe", "\uffff",
    "\u0301", "e\u0301", "\u05e9\u05dc\u05d5\u05dd", "\u0645\u0631\u062d\u0628\u0627",
    "\u0928\u092e\u0938\u094d\u0924\u0947",
    "\U0001d400", "\U0001f600", "ﬁ", "Ⅻ", "²",
]
SEPARATORS = [" ", " ", " ", "\n", "\n", "\r\n", "\r", "\t", "\n\n", "  ", "\n   ", " \n", "\f", "\v", "\x85",
              "\u2028", "\u2029"]
CONTROL = st.characters(min_codepoint=0, max_codepoint=0x1F) | st.sampled_from(["\x7f", "\x80", "\x9f"])

words = st.from_regex(r"[A-Za-z][a-z]{0,9}|[A-Z]{1,8}|[0-9]{1,5}", fullmatch=True)
unicode_words = st.text(
    alphabet=st.characters(categories=["L", "M", "N"], exclude_characters="\ufeff"), min_size=1, max_size=6
)
token = st.one_of(
    words, words, words, st.sampled_from(FRAGMENTS), st.sampled_from(FRAGMENTS), unicode_words, CONTROL,
    st.text(max_size=3),
)
transcripts = st.lists(st.tuples(token, st.sampled_from(SEPARATORS)), max_size=60).map(
    lambda pairs: "".join(t + s for t, s in pairs)
)
any_text = st.text(alphabet=st.characters(exclude_categories=["Cs"]), max_size=200)
profile_names = st.sampled_from(PROFILE_NAMES)


def blank(text: str) -> bool:
    """Empty or whitespace-only once the decoder's BOM and newline handling is applied: InputError is allowed."""
    return cf.normalise_newlines(text).lstrip("\ufeff").strip() == ""


@functools.cache
def _project_validator() -> Validator:
    return Validator(choose_schema("default"))


def check(data: str | bytes, profile: str | None, expected_text: str | None, schema: etree.RelaxNG) -> bool:
    """Encode and assert every invariant; False when the input was refused with an InputError.

    ``expected_text`` is the transcript as the decoder must read it (None: unknown, for arbitrary bytes, so
    only well-formedness, validity and determinism are checked).
    """
    try:
        result = encode(data, profile)
    except InputError:
        return False
    out = result.to_bytes()
    problems = cf.invariant_problems(expected_text if expected_text is not None else "", out, schema)
    # And what `tei-encoder validate` checks by default: the project's schema and its Schematron rules.
    problems += [f"{p.line}:{p.column}: {p.message}" for p in _project_validator().validate_bytes(out, "out").problems]
    assert problems == [], f"{problems}\n{out.decode('utf-8', 'replace')[-3000:]}"
    assert encode(data, profile).to_bytes() == out, "not deterministic"
    return True


@given(text=transcripts, profile=profile_names)
@example(text="", profile=None)
@example(text=" \r\n\t", profile=None)
@example(text="foo PAGE 2 bar -2- baz [Page 3] qux ~~SECRET~~ [sic] ]]> & <", profile=None)
@example(text="\ufeffFROM : A\r\nTO : B\r6 APRIL 1946\n~~SECRET\nDECLASSIFIED\n[a] colle[a]gues", profile="telegram")
def test_marks_syntax_text(text: str, profile: str | None, tei_all: etree.RelaxNG) -> None:
    if not check(text, profile, text, tei_all):
        assert blank(text), "InputError on a transcript that has text"


@given(text=any_text, profile=profile_names)
def test_arbitrary_text(text: str, profile: str | None, tei_all: etree.RelaxNG) -> None:
    if not check(text, profile, text, tei_all):
        assert blank(text), "InputError on a transcript that has text"


BINARY_MAGIC = (b"%PDF-", b"\x89PNG", b"GIF8", b"\xff\xd8\xff", b"PK\x03\x04", b"\x7fELF")
UTF16_BOMS = (b"\xff\xfe", b"\xfe\xff")


def refusal_allowed(data: bytes, text: str) -> bool:
    """Refusing decodable bytes is right only for blank text, binary-looking files or UTF-16."""
    nul_heavy = text.count("\x00") * 20 > len(text)
    return blank(text) or nul_heavy or data.startswith(BINARY_MAGIC) or data.startswith(UTF16_BOMS)


def check_bytes(data: bytes, tei_all: etree.RelaxNG) -> None:
    expected = cf.issue_decoding(data)
    if not check(data, None, expected, tei_all) and expected is not None:
        assert refusal_allowed(data, expected), "InputError on a decodable transcript"


@given(text=transcripts, codec=st.sampled_from(["utf-8", "utf-8-sig", "cp1252"]))
def test_encoded_bytes(text: str, codec: str, tei_all: etree.RelaxNG) -> None:
    """Transcripts as files in each encoding the corpus uses: the words of the decoded text must survive."""
    check_bytes(text.encode(codec, errors="replace"), tei_all)


@given(data=st.binary(max_size=400))
@example(data=b"\xef\xbb\xbf\xff")
@example(data=b"\x81\x8d\x8f\x90\x9d")
@example(data=b"\xff\xfeh\x00i\x00")
@example(data=b"caf\xe9 \x93quoted\x94")
def test_arbitrary_bytes(data: bytes, tei_all: etree.RelaxNG) -> None:
    """Any bytes: an InputError, or valid TEI that keeps every word of the decoding the issue prescribes."""
    check_bytes(data, tei_all)


@pytest.mark.parametrize("profile", PROFILE_NAMES)
def test_blank_input_is_refused(profile: str | None) -> None:
    for text in ["", " ", "\n\n", "\r\n\t ", "\ufeff"]:
        with pytest.raises(InputError):
            encode(text, profile)
