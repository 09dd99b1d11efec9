"""Every fixture transcript encodes to exactly its stored TEI (tests/fixtures/<set>/expected/).

Facts tests say what must be found; this says nothing else moved. A deliberate change of output is
reviewed as a diff of the expected files after ``python3 scripts/regen_expected.py``.
"""

from __future__ import annotations

import importlib.util
from pathlib import Path

import corpus_facts as cf
import pytest

_spec = importlib.util.spec_from_file_location("regen_expected", cf.REPO_ROOT / "scripts" / "regen_expected.py")
assert _spec and _spec.loader
regen = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(regen)
PAIRS = regen.pairs()


def test_every_fixture_set_has_expected_tei() -> None:
    assert len(PAIRS) >= 40
    missing = [str(exp.relative_to(cf.REPO_ROOT)) for _, exp in PAIRS if not exp.is_file()]
    assert missing == [], "run python3 scripts/regen_expected.py"


@pytest.mark.parametrize(("txt", "expected"), PAIRS, ids=[f"{t.parent.parent.name}/{t.stem}" for t, _ in PAIRS])
def test_fixture_encodes_to_its_expected_tei(txt: Path, expected: Path) -> None:
    assert regen.render(txt) == expected.read_bytes(), (
        f"{expected.relative_to(cf.REPO_ROOT)} differs: review, then run python3 scripts/regen_expected.py")
