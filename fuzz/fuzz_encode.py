#!/usr/bin/env python3
"""Coverage-guided fuzzing of ``tei_encoder.api.encode`` with atheris.

Invariants asserted on every input (any other outcome is reported by atheris as a crash, with the input
saved as ``crash-<sha1>``):

* no exception but ``InputError``, and ``InputError`` only where it is allowed (blank text; for bytes:
  undecodable, binary-looking or UTF-16 data);
* the output is well-formed XML;
* no word of the transcript is lost (the decoding the issue prescribes: UTF-8, else cp1252);
* valid against tei_all when ``../shared/tei/tei_all.rng`` exists (``FUZZ_NO_SCHEMA=1`` skips it for speed).

Input layout: byte 0 picks the profile (``PROFILES[b % 5]``, None = detected) and, with bit 3 set, passes the
rest as ``str`` (UTF-8 decoded with replacement) instead of ``bytes``. Run ``fuzz/make_corpus.py`` first and
see fuzz/README.md.
"""

from __future__ import annotations

import os
import re
import sys

import atheris
from _common import PROFILES, Findings, InvariantBroken, corpus_facts

with atheris.instrument_imports(include=["tei_encoder"]):
    from tei_encoder.api import encode
    from tei_encoder.errors import InputError

from lxml import etree

SCHEMA: etree.RelaxNG | None = None
FORBIDDEN = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff\ud800-\udfff]")
LINE_SEPARATORS = re.compile("[\x85\u2028\u2029]")
BINARY_MAGIC = (b"%PDF-", b"\x89PNG", b"GIF8", b"\xff\xd8\xff", b"PK\x03\x04", b"\x7fELF", b"\xff\xfe", b"\xfe\xff")


def _without_forbidden(text: str) -> str:
    """The text with the characters XML forbids blanked, as the encoder replaces them (and reports it), and
    Unicode line separators (NEL, LS, PS) as LF, which the encoder may treat as line ends."""
    return LINE_SEPARATORS.sub("\n", FORBIDDEN.sub("\ufffd", text))


def refusal_allowed(data: str | bytes, text: str | None) -> bool:
    if text is None:
        return True
    if not corpus_facts.normalise_newlines(text).lstrip("\ufeff").strip():
        return True
    if isinstance(data, bytes):
        return text.count("\x00") * 20 > len(text) or data.startswith(BINARY_MAGIC)
    return False


def check_input(raw: bytes) -> None:
    if not raw:
        return
    profile = PROFILES[raw[0] % len(PROFILES)]
    body = raw[1:]
    data: str | bytes
    if raw[0] & 0x08:
        data = body.decode("utf-8", "replace")
        text: str | None = data
    else:
        data = body
        text = corpus_facts.issue_decoding(body)
    try:
        result = encode(data, profile)
    except InputError:
        if not refusal_allowed(data, text):
            raise InvariantBroken(f"input={data!r}", ["InputError on a transcript with text"]) from None
        return
    out = result.to_bytes()
    problems = corpus_facts.invariant_problems(text or "", out, SCHEMA)
    if text is not None:
        decoded = corpus_facts.normalise_newlines(text).removeprefix("\ufeff")
        if _without_forbidden(result.source.text) != _without_forbidden(decoded):
            # Reported first, so that this one cause does not hide other lost words under the same signature.
            problems.insert(0, f"decoded text differs from the issue's rule (UTF-8, else cp1252): "
                               f"{result.source.encoding}")
    if problems:
        raise InvariantBroken(f"profile={profile!r} input={data!r}", problems)


FINDINGS = Findings.from_env()


def one_input(data: bytes) -> None:
    if not FINDINGS.active:
        check_input(data)
        return
    try:
        check_input(data)
    except Exception as exc:  # keep-going mode: record and go on
        FINDINGS.record(data, exc)


def main() -> None:
    global SCHEMA
    if not os.environ.get("FUZZ_NO_SCHEMA") and corpus_facts.TEI_ALL.exists():
        SCHEMA = etree.RelaxNG(file=os.fspath(corpus_facts.TEI_ALL))
    atheris.Setup(sys.argv, one_input)
    atheris.Fuzz()


if __name__ == "__main__":
    main()
