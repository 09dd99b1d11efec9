#!/usr/bin/env python3
"""Coverage-guided fuzzing of the XML reading side with atheris.

* ``tei_encoder.xmlsafe.parse_bytes`` on arbitrary bytes must return a tree or raise ``InputError`` (its
  ``UnsafeXMLError`` included), never anything else, and must never expand an entity or read a file.
* ``tei_encoder.validate`` (when present): ``Validator.validate_bytes`` with the project's schema and
  Schematron must return a result for any bytes and never raise; a document the safe parser refused must
  not come back valid.

Run ``fuzz/make_corpus.py`` first and see fuzz/README.md.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

import atheris
from _common import Findings, InvariantBroken

with atheris.instrument_imports(include=["tei_encoder"]):
    from tei_encoder.errors import InputError
    from tei_encoder.xmlsafe import parse_bytes

    try:
        from tei_encoder.validate.engine import Validator, choose_schema
    except ImportError:  # the validate command is not there yet
        Validator = None  # type: ignore[assignment,misc]
        choose_schema = None  # type: ignore[assignment]

VALIDATOR: Any = None
SECRET_MARK = b"fuzz-secret-3c1f"
SECRET_FILE = Path("/tmp/tei-fuzz-secret.txt")  # what the corpus's XXE and XInclude seeds point at


def check_input(data: bytes) -> None:
    parsed = True
    try:
        tree = parse_bytes(data, "<fuzz>")
    except InputError:
        parsed = False
    if parsed:
        # An external entity or XInclude that was followed would have pulled this file's text in.
        text = "".join(str(t) for t in tree.getroot().itertext())
        if SECRET_MARK.decode() in text and SECRET_MARK not in data:
            raise InvariantBroken("parse_bytes", ["read an external resource"])
    if VALIDATOR is not None:
        result = VALIDATOR.validate_bytes(data, "<fuzz>")
        if not parsed and result.valid:
            raise InvariantBroken("validate_bytes", ["a document the safe parser refused was reported valid"])


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
    global VALIDATOR
    SECRET_FILE.write_bytes(SECRET_MARK + b"\n")
    if Validator is not None:
        VALIDATOR = Validator(choose_schema("default"))
    atheris.Setup(sys.argv, one_input)
    atheris.Fuzz()


if __name__ == "__main__":
    main()
