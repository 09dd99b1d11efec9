"""Shared set-up of the fuzz targets: where things are, and the invariant checker the tests use.

The targets judge outputs with ``tests/corpus_facts.py`` so a fuzz finding and a failing test always mean
the same thing.
"""

from __future__ import annotations

import hashlib
import os
import re
import sys
import traceback
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parent.parent
TESTS = REPO_ROOT / "tests"
if str(TESTS) not in sys.path:
    sys.path.insert(0, str(TESTS))

import corpus_facts  # noqa: E402

PROFILES: list[str | None] = [None, "telegram", "catalogue", "frus", "letter"]

__all__ = ["PROFILES", "REPO_ROOT", "Findings", "InvariantBroken", "corpus_facts"]


class InvariantBroken(AssertionError):
    """An output that breaks an invariant; ``problems`` says which, for grouping findings."""

    def __init__(self, message: str, problems: list[str]) -> None:
        super().__init__(f"{message}: {problems}")
        self.problems = problems


class Findings:
    """Keep-going mode (``FUZZ_KEEP_GOING=DIR``): record each distinct failure instead of stopping at the first.

    libFuzzer stops at the first crash, and its ``-fork`` mode does not work with atheris, so an hour-long
    run would end on the first known bug. Here every failure is reduced to a signature (exception type and
    the innermost tei_encoder frame, or the kind of broken invariant) and the smallest few inputs of each
    signature are written to DIR, named ``<signature-hash>-<input-hash>``, with DIR/SIGNATURES.txt listing
    what each hash means.
    """

    PER_SIGNATURE = 3  # inputs kept per signature; a new one only if it is smaller than all kept so far

    def __init__(self, directory: str | None) -> None:
        self.directory = Path(directory) if directory else None
        self.seen: dict[str, list[int]] = {}
        if self.directory is not None:
            self.directory.mkdir(parents=True, exist_ok=True)

    @classmethod
    def from_env(cls) -> Findings:
        return cls(os.environ.get("FUZZ_KEEP_GOING") or None)

    @property
    def active(self) -> bool:
        return self.directory is not None

    @staticmethod
    def signature(exc: BaseException) -> str:
        if isinstance(exc, InvariantBroken):
            first = exc.problems[0]
            if first.startswith("words lost"):
                return "words lost"
            return re.sub(r"\d+", "N", first.split(";")[0])[:200]
        frames = [f for f in traceback.extract_tb(exc.__traceback__) if "tei_encoder" in f.filename]
        where = f"{Path(frames[-1].filename).name}:{frames[-1].lineno}" if frames else "?"
        return f"{type(exc).__name__} at {where}"

    def record(self, data: bytes, exc: BaseException) -> None:
        assert self.directory is not None
        sig = self.signature(exc)
        key = hashlib.sha1(sig.encode()).hexdigest()[:10]
        sizes = self.seen.setdefault(key, [])
        if len(sizes) >= self.PER_SIGNATURE and len(data) >= min(sizes):
            return
        if not sizes:
            with open(self.directory / "SIGNATURES.txt", "a", encoding="utf-8") as fh:
                fh.write(f"{key}  {sig}\n")
            print(f"\nNEW FINDING {key}: {sig}\n  input: {data[:200]!r}", file=sys.stderr, flush=True)
        sizes.append(len(data))
        (self.directory / f"{key}-{hashlib.sha1(data).hexdigest()[:12]}").write_bytes(data)
