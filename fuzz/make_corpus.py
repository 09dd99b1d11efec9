#!/usr/bin/env python3
"""Write the starting corpora of the fuzz targets from the fixtures (fuzz/corpus/{encode,validate}/).

Coverage-guided fuzzing gets far faster from real inputs than from nothing: the transcripts of the
development corpus and the seeds reach every profile's rules at once, the inputs that once broke an
invariant start the search next to known bugs, and hostile XML starts the parser target at the attacks.
"""

from __future__ import annotations

import hashlib
import sys
from pathlib import Path

from _common import PROFILES, REPO_ROOT, corpus_facts

SECRET_FILE = Path("/tmp/tei-fuzz-secret.txt")

HOSTILE_XML = [
    b'<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;">'
    b'<!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;">]><TEI xmlns="http://www.tei-c.org/ns/1.0">&lol3;</TEI>',
    b'<?xml version="1.0"?><!DOCTYPE TEI [<!ENTITY xxe SYSTEM "file://' + str(SECRET_FILE).encode() + b'">]>'
    b'<TEI xmlns="http://www.tei-c.org/ns/1.0"><text><body><p>&xxe;</p></body></text></TEI>',
    b'<?xml version="1.0"?><!DOCTYPE TEI SYSTEM "http://127.0.0.1:1/tei.dtd"><TEI/>',
    b'<TEI xmlns="http://www.tei-c.org/ns/1.0" xmlns:xi="http://www.w3.org/2001/XInclude"><text><body><p>'
    b'<xi:include href="' + str(SECRET_FILE).encode() + b'" parse="text"/></p></body></text></TEI>',
    b"<a>" * 3000 + b"</a>" * 3000,
    b'<TEI xmlns="http://www.tei-c.org/ns/1.0" a="' + b"x" * 100000 + b'"/>',
    b'\xff\xfe<\x00T\x00E\x00I\x00/\x00>\x00',
    b'<?xml version="1.0" encoding="UTF-16"?><TEI/>',
    b'<?xml version="1.1"?><TEI xmlns="http://www.tei-c.org/ns/1.0">&#1;</TEI>',
    b'<TEI xmlns="http://www.tei-c.org/ns/1.0"><![CDATA[ ]]> <?pi x?><!-- c --></TEI>',
    b'<t:TEI xmlns:t="http://www.tei-c.org/ns/1.0" xmlns="urn:other"><teiHeader/></t:TEI>',
    b"",
    b"\xef\xbb\xbf",
    b"<",
]


def name(data: bytes) -> str:
    return hashlib.sha1(data).hexdigest()[:16]


def write(directory: Path, items: list[bytes]) -> int:
    directory.mkdir(parents=True, exist_ok=True)
    for data in items:
        (directory / name(data)).write_bytes(data)
    return len(items)


def encode_seeds() -> list[bytes]:
    """Byte 0 = profile (and str mode on bit 3), as fuzz_encode.py reads it."""
    items: list[bytes] = []
    fixtures = corpus_facts.load_corpus()
    for fixture in fixtures:
        raw = fixture.input_path.read_bytes()
        items.append(b"\x00" + raw)
        forced = PROFILES.index(
            {"a": "telegram", "b": "catalogue", "c": "frus", "d": "letter"}.get(fixture.style, None)
        )
        items.append(bytes([forced]) + raw[:1500])
    sys.path.insert(0, str(REPO_ROOT / "tests"))
    from test_invariants_regressions import CASES

    for data, profile, _ in CASES:
        flag = 0x08 if isinstance(data, str) else 0
        body = data.encode("utf-8") if isinstance(data, str) else data
        items.append(bytes([PROFILES.index(profile) | flag]) + body)
    return items


def validate_seeds() -> list[bytes]:
    from tei_encoder.api import encode

    items = [p.read_bytes() for p in sorted((REPO_ROOT / "seeds").glob("*.xml"))]
    for fixture in corpus_facts.load_corpus():
        items.append(encode(fixture.input_path).to_bytes())
    return items + HOSTILE_XML


def main() -> int:
    out = REPO_ROOT / "fuzz" / "corpus"
    SECRET_FILE.write_text("fuzz-secret-3c1f\n", encoding="utf-8")
    n_enc = write(out / "encode", encode_seeds())
    n_val = write(out / "validate", validate_seeds())
    print(f"wrote {n_enc} encode and {n_val} validate seeds under {out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
