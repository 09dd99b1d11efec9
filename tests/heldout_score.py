"""Score the encoder on the held-out set (``tests/fixtures/heldout``) with the corpus reader and thresholds.

The held-out transcripts were written without looking at the encoder, in the four styles of the development
corpus and with gold under the same counting rules, so the table below measures how far the rules tuned on
the corpus generalise. Everything is reused from ``corpus_facts``: loading, reading the facts back from the
TEI, scoring and the threshold table; only the corpus directory differs.

Run ``python3 tests/heldout_score.py`` for the table (``-v`` lists every miss, ``--no-validate`` skips the
tei_all compile, ``--corpus DIR`` scores another directory laid out like the corpus).
"""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import corpus_facts as cf
from lxml import etree

HELDOUT_DIR = cf.REPO_ROOT / "tests" / "fixtures" / "heldout"


def load_heldout(corpus_dir: Path = HELDOUT_DIR) -> list[cf.Fixture]:
    return cf.load_corpus(corpus_dir, cf.REPO_ROOT)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Encode the held-out set and print the facts table.")
    parser.add_argument("-v", "--verbose", action="store_true", help="list every miss under the table")
    parser.add_argument("--no-validate", action="store_true", help="skip tei_all validation (saves ~12 s)")
    parser.add_argument("--schema", type=Path, default=cf.TEI_ALL, help="tei_all.rng to validate against")
    parser.add_argument("--corpus", type=Path, default=HELDOUT_DIR, help="directory with manifest.json")
    args = parser.parse_args(argv)
    validators: list[tuple[str, cf.Validator]] = []
    if not args.no_validate:
        if not args.schema.exists():
            print(f"tei_all schema not found at {args.schema}; use --no-validate", file=sys.stderr)
            return 2
        validators.append(("tei_all", cf.relaxng_validator(etree.RelaxNG(file=os.fspath(args.schema)))))
    fixtures = load_heldout(args.corpus)
    score = cf.score_corpus(fixtures, validators)
    docs = sum(f.documents for f in fixtures)
    print(f"{args.corpus}: {len(fixtures)} files, {docs} documents\n")
    print(score.table(verbose=args.verbose))
    return 0 if not score.failures() else 1


if __name__ == "__main__":
    sys.exit(main())
