"""The corpus thresholds and invariants, applied to the held-out set the encoder was never tuned on.

Same reader, same scoring and the same threshold table (``corpus_facts.THRESHOLDS``) as ``test_corpus.py``;
only the fixtures differ. A failure here while the corpus passes means a rule fits the development corpus but
does not generalise: fix the rule, never the held-out gold.
"""

from __future__ import annotations

import corpus_facts as cf
import heldout_score
import pytest
from conftest import EncodedCorpus
from lxml import etree

FIXTURES = heldout_score.load_heldout()
IDS = [f.stem for f in FIXTURES]
STYLES = {"a", "b", "c", "d"}


def test_heldout_set_is_complete() -> None:
    """Twelve transcripts in all four styles, each with gold and input; stems must not collide with the corpus."""
    assert len(FIXTURES) == 12
    assert {f.style for f in FIXTURES} == STYLES
    assert sum(f.documents for f in FIXTURES) == 14
    corpus_stems = {f.stem for f in cf.load_corpus()}
    assert not corpus_stems & set(IDS)
    for f in FIXTURES:
        assert f.input_path.is_file(), f.input_path
        assert f.gold_path.is_file(), f.gold_path
        assert f.input_path.parent == heldout_score.HELDOUT_DIR / "inputs"
        assert len(f.gold["documents"]) == f.documents, f.stem
        assert f.gold["style"] == f.style, f.stem


@pytest.mark.parametrize("fixture", FIXTURES, ids=IDS)
def test_manifest_matches_bytes(fixture: cf.Fixture) -> None:
    """The manifest's encoding and newline convention describe the file (so the gold strings can be matched)."""
    raw = fixture.input_path.read_bytes()
    raw.decode(fixture.encoding)
    assert (b"\r\n" in raw) == (fixture.newline == "CRLF")
    assert raw.startswith(b"\xef\xbb\xbf") == (fixture.encoding == "utf-8-sig")


def test_heldout_facts_table(
    encoded: EncodedCorpus, validators: list[tuple[str, cf.Validator]], capsys: pytest.CaptureFixture[str]
) -> None:
    score = cf.score_corpus(FIXTURES, validators, encoder=encoded.get)
    with capsys.disabled():
        print("\nheld-out set\n" + score.table())
    failures = score.failures()
    assert not failures, (
        "held-out facts below the corpus thresholds: " + "; ".join(failures) + "\n" + score.table(verbose=True)
    )


@pytest.mark.parametrize("fixture", FIXTURES, ids=IDS)
def test_valid(fixture: cf.Fixture, encoded: EncodedCorpus, validators: list[tuple[str, cf.Validator]]) -> None:
    tree = etree.ElementTree(etree.fromstring(encoded.get(fixture)))
    problems = [f"{name}: {reason}" for name, check in validators if (reason := check(tree)) is not None]
    assert problems == []


@pytest.mark.parametrize("fixture", FIXTURES, ids=IDS)
def test_no_word_lost(fixture: cf.Fixture, encoded: EncodedCorpus) -> None:
    facts = cf.read_file(etree.fromstring(encoded.get(fixture)))
    assert cf.lost_words(fixture.decoded(), facts.text_string, facts.sic_elements) == []


@pytest.mark.parametrize("fixture", FIXTURES, ids=IDS)
def test_document_count_equals_gold(fixture: cf.Fixture, encoded: EncodedCorpus) -> None:
    facts = cf.read_file(etree.fromstring(encoded.get(fixture)))
    ids = [d.xml_id for d in facts.documents]
    assert len(ids) == len(fixture.gold["documents"])
    assert None not in ids and len(set(ids)) == len(ids), ids


@pytest.mark.parametrize("fixture", FIXTURES, ids=IDS)
def test_same_bytes_when_encoded_twice(fixture: cf.Fixture, encoded: EncodedCorpus) -> None:
    assert cf.encode_fixture(fixture) == encoded.get(fixture)
