"""The seeds' stored TEI must be exactly what the tool writes today.

The .xml files beside the seeds are the reviewed encoding; comparing byte for byte makes every change of
the encoder's output on them visible in review (regenerate with ``python3 scripts/regen_seeds.py``).
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import corpus_facts as cf
import pytest
from lxml import etree

SEEDS = cf.REPO_ROOT / "seeds"
SEED_INPUTS = sorted(SEEDS.glob("*.txt"))
REGEN = "python3 scripts/regen_seeds.py"


def test_both_seeds_have_stored_tei() -> None:
    assert [p.name for p in SEED_INPUTS] == ["000_7f875bcfea1df796.txt", "001_290997c0c5d94889.txt"]
    missing = [p.with_suffix(".xml").name for p in SEED_INPUTS if not p.with_suffix(".xml").is_file()]
    assert missing == [], f"run {REGEN}"


@pytest.mark.parametrize("txt", SEED_INPUTS, ids=[p.stem for p in SEED_INPUTS])
def test_seed_reencodes_byte_for_byte(txt: Path) -> None:
    from tei_encoder.api import encode

    stored = txt.with_suffix(".xml").read_bytes()
    fresh = encode(txt, name=f"seeds/{txt.name}").to_bytes()
    assert fresh == stored, f"{txt.with_suffix('.xml').name} is stale: review the diff, then run {REGEN}"


@pytest.mark.parametrize("txt", SEED_INPUTS, ids=[p.stem for p in SEED_INPUTS])
def test_cli_writes_the_stored_seed(txt: Path, tmp_path: Path) -> None:
    """The stored file is what ``tei-encoder encode seeds/X.txt`` writes from the repo root, in a fresh process."""
    out = tmp_path / "out.xml"
    proc = subprocess.run(
        [sys.executable, "-c", "from tei_encoder.cli import main; main()", "encode", f"seeds/{txt.name}", "-o",
         str(out)],
        cwd=cf.REPO_ROOT, capture_output=True, text=True, check=False, timeout=120,
    )
    assert proc.returncode == 0, proc.stderr
    assert out.read_bytes() == txt.with_suffix(".xml").read_bytes()


@pytest.mark.parametrize("txt", SEED_INPUTS, ids=[p.stem for p in SEED_INPUTS])
def test_stored_seed_is_valid(txt: Path, validators: list[tuple[str, cf.Validator]]) -> None:
    tree = etree.parse(str(txt.with_suffix(".xml")))
    problems = [f"{name}: {reason}" for name, check in validators if (reason := check(tree)) is not None]
    assert problems == []
