"""Line ends and trailing blanks must not change what the encoder finds.

The issue promises that CRLF and CR become LF and that tabs and trailing spaces never break a rule. The
corpus has only a few files of each kind, so every fixture is re-encoded in each newline convention and with
blanks after every line (blank lines included), and must score exactly as the original does against gold.
"""

from __future__ import annotations

from collections.abc import Callable

import corpus_facts as cf
import pytest
from hypothesis import assume, given
from hypothesis import strategies as st
from lxml import etree

from tei_encoder.api import encode

FIXTURES = cf.load_corpus()
VARIANTS: dict[str, Callable[[str], str]] = {
    "crlf": lambda text: text.replace("\n", "\r\n"),
    "cr": lambda text: text.replace("\n", "\r"),
    "trailing-blanks": lambda text: "\n".join(line + " \t " for line in text.split("\n")),
}


def tally_values(score: cf.FileScore) -> dict[str, tuple[int, int, int, int, int]]:
    return {k: (t.hits, t.total, t.tp, t.fp, t.fn) for k, t in score.tallies.items()}


def as_file(fixture: cf.Fixture, text: str) -> bytes:
    """The variant in the fixture's own encoding (a BOM stays a BOM), as a user would hand it over."""
    return text.encode(fixture.encoding)


@pytest.mark.parametrize("variant", sorted(VARIANTS))
@pytest.mark.parametrize("fixture", FIXTURES, ids=[f.stem for f in FIXTURES])
def test_same_facts_whatever_the_line_ends(fixture: cf.Fixture, variant: str) -> None:
    original = cf.score_file(fixture, encode(fixture.input_path).to_bytes())
    changed_input = as_file(fixture, VARIANTS[variant](fixture.decoded()))
    changed = cf.score_file(fixture, encode(changed_input).to_bytes())
    assert tally_values(changed) == tally_values(original), (
        f"{variant} changed the facts:\n" + "\n".join(sorted(set(changed.misses) ^ set(original.misses)))
    )


def text_element(data: str) -> bytes:
    text = etree.fromstring(encode(data).to_bytes()).find("{http://www.tei-c.org/ns/1.0}text")
    assert text is not None
    return etree.tostring(text)


@given(
    lines=st.lists(
        st.text(alphabet=st.characters(exclude_categories=["Cs"], exclude_characters="\r\n"), max_size=40),
        min_size=1, max_size=12,
    )
)
def test_newline_convention_does_not_change_the_text(lines: list[str]) -> None:
    """LF, CRLF and CR versions of one transcript must give the same ``<text>``, byte for byte."""
    lf = "\n".join(lines)
    assume(cf.normalise_newlines(lf).lstrip("\ufeff").strip() != "")
    expected = text_element(lf)
    assert text_element(lf.replace("\n", "\r\n")) == expected
    assert text_element(lf.replace("\n", "\r")) == expected
