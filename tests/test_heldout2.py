"""Report (not a gate) on the second held-out set ``tests/fixtures/heldout2``.

The set was written after the encoder had been tuned on the corpus and on ``tests/fixtures/heldout``, without
reading the encoder or running it before the gold was committed, so its table is an honest measurement of how
far the rules generalise. This module only prints the facts table with every miss; it asserts nothing about the
scores (add a third set rather than turning this one into a threshold). Only the set's shape is checked, so
that the printed numbers are read from intact fixtures.
"""

from __future__ import annotations

import corpus_facts as cf
import heldout_score
import pytest
from conftest import EncodedCorpus

HELDOUT2_DIR = cf.REPO_ROOT / "tests" / "fixtures" / "heldout2"
FIXTURES = heldout_score.load_heldout(HELDOUT2_DIR)
IDS = [f.stem for f in FIXTURES]


def test_heldout2_set_is_complete() -> None:
    """Ten transcripts in all four styles, at least twelve documents; stems collide with no other set."""
    assert len(FIXTURES) == 10
    assert {f.style for f in FIXTURES} == {"a", "b", "c", "d"}
    assert sum(f.documents for f in FIXTURES) >= 12
    other = {f.stem for f in cf.load_corpus()} | {f.stem for f in heldout_score.load_heldout()}
    assert not other & set(IDS)
    for f in FIXTURES:
        assert f.input_path.is_file(), f.input_path
        assert len(f.gold["documents"]) == f.documents, f.stem
        assert f.gold["style"] == f.style, f.stem


@pytest.mark.parametrize("fixture", FIXTURES, ids=IDS)
def test_manifest_matches_bytes(fixture: cf.Fixture) -> None:
    raw = fixture.input_path.read_bytes()
    raw.decode(fixture.encoding)
    assert (b"\r\n" in raw) == (fixture.newline == "CRLF")
    assert raw.startswith(b"\xef\xbb\xbf") == (fixture.encoding == "utf-8-sig")


def test_heldout2_report(
    encoded: EncodedCorpus, validators: list[tuple[str, cf.Validator]], capsys: pytest.CaptureFixture[str]
) -> None:
    """Print the table and every miss; never fails on the scores."""
    score = cf.score_corpus(FIXTURES, validators, encoder=encoded.get)
    with capsys.disabled():
        print("\nsecond held-out set (report only)\n" + score.table(verbose=True))
