#!/usr/bin/env python3
"""Digests of every HTML page the edition makes from a frozen set of TEI, to prove a speed-up changed nothing.

The encoder changes under other hands while the HTML is tuned, so the TEI is
frozen first (the fixtures' expected TEI, the seeds as encoded today, the XSLT
fixtures' scenarios as test_html_xslt wraps them, and seeded random mixes of
the marks test_html_properties draws); every later run renders that same TEI:

    python3 bench/html_digest.py --freeze /tmp/html-inputs
    python3 bench/html_digest.py --inputs /tmp/html-inputs --save /tmp/html-before.json
    python3 bench/html_digest.py --inputs /tmp/html-inputs --check /tmp/html-before.json

Each file is rendered with every option the tests and the CLI use (both views,
two languages, CSS inlined or linked, page or site), through ``render_file``
and through ``render_tree``; each folder is also built as a site (every page,
the index and the persons index); and the error line of each refused input is
kept too, so a changed message is a changed output.
"""

from __future__ import annotations

import argparse
import hashlib
import itertools
import random
import sys
import tempfile
from pathlib import Path

from lxml import etree

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))
sys.path.insert(0, str(REPO / "tests"))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from digest_store import save_or_check  # noqa: E402
from tei_samples import one_person_document, scenario_tei  # noqa: E402

from tei_encoder import html  # noqa: E402
from tei_encoder.errors import TeiEncoderError  # noqa: E402
from tei_encoder.xmlsafe import parse_bytes  # noqa: E402

TEI = "http://www.tei-c.org/ns/1.0"
X = "urn:tei-encoder:html-fixtures"
OPTIONS = [
    {"view": view, "lang": lang, "css_href": css, "site": site}
    for view, lang, css, site in itertools.product(("diplomatic", "reading"), ("en", "de"),
                                                   (None, "assets/edition.css"), (False, True))
] + [{"view": "reading", "lang": "fr", "css_href": "styles/\u00e9\u0301 \u212b%.css", "site": True}]  # a link to escape
BAD = {
    "not-well-formed.xml": b"<TEI xmlns='http://www.tei-c.org/ns/1.0'><text>",
    "entity.xml": b"<!DOCTYPE TEI [<!ENTITY x SYSTEM 'file:///etc/passwd'>]>"
                  b"<TEI xmlns='http://www.tei-c.org/ns/1.0'><text><body><p>&x;</p></body></text></TEI>",
    "not-tei.xml": b"<html/>",
    "xinclude.xml": b"<TEI xmlns='http://www.tei-c.org/ns/1.0' xmlns:xi='http://www.w3.org/2001/XInclude'>"
                    b"<teiHeader/><text><body><p><xi:include href='/etc/passwd' parse='text'/></p></body></text></TEI>",
    "empty.xml": b"",
}
_BODY = ("<teiHeader><fileDesc><titleStmt><title>Odd \u00e9</title></titleStmt></fileDesc></teiHeader>"
         "<text><body><div type='document'><p>a\r\nb <lb/>c&#233;&#x1F600; <![CDATA[<x> & y]]><!-- note --><?pi x?>"
         "\u0085 \u2028 <persName ref='#p\u00e9'>P</persName> <date when='1946-04-05\u00e9'>d</date></p></div>"
         "</body></text>")
#: Spellings of one document that render_file hands to Saxon as read or re-serialized: a byte order mark,
#: CRLF line ends, CDATA, character references, comments, PIs, other encodings, XML 1.1 (NEL is a line end).
ODD = {
    "bom.xml": b"\xef\xbb\xbf<?xml version='1.0' encoding='UTF-8'?>\n"
               + f"<TEI xmlns='{TEI}'>{_BODY}</TEI>".encode(),
    "crlf.xml": f"<?xml version='1.0'?>\r\n<TEI xmlns='{TEI}'>\r\n{_BODY}\r\n</TEI>\r\n".encode(),
    "latin1.xml": f"<?xml version='1.0' encoding='ISO-8859-1'?><TEI xmlns='{TEI}'>{_BODY}</TEI>".encode(
        "latin-1", errors="xmlcharrefreplace"),
    "utf16.xml": f"<?xml version='1.0' encoding='UTF-16'?><TEI xmlns='{TEI}'>{_BODY}</TEI>".encode("utf-16"),
    "xml11.xml": f"<?xml version='1.1' encoding='UTF-8'?><TEI xmlns='{TEI}'>{_BODY}</TEI>".encode(),
    # Links built from TEI text: non-ASCII, decomposed and NFC-changing characters, a tab, an emoji.
    "links.xml": "".join([
        f"<TEI xmlns='{TEI}'><teiHeader><fileDesc><titleStmt><title>L</title></titleStmt></fileDesc>",
        "<profileDesc><correspDesc corresp='#d\u00e9'><correspAction type='sent'>",
        "<date when='1946-04-0\u212b'>x</date></correspAction></correspDesc><particDesc><listPerson>",
        "<person xml:id='p\u00e9'><persName>P\u00e9</persName>",
        "<idno type='wikidata'>Q1\u0065\u0301&#9;\U0001F600</idno><idno type='VIAF'>\u00c5 x</idno>",
        "</person></listPerson></particDesc></profileDesc></teiHeader>",
        "<text><body><div type='document' xml:id='d\u00e9'><p><date when='e\u0301&#9;\u212b \u00a0'>d</date>",
        "<persName ref='#p\u00e9'>P</persName><pb n='2'/></p></div>",
        "<div type='document' xml:id='d\u0065\u0301'><p>x <date when='1946'>y</date></p></div>",
        "</body></text></TEI>"]).encode(),
    "prolog.xml": f"<?xml version='1.0' encoding='utf-8' standalone='yes'?><!-- c --><?pi y?>\n"
                  f"<TEI xmlns='{TEI}' xml:lang='fr'>{_BODY}</TEI><!-- after -->".encode(),
}


INLINE = [("del", {"rend": "strikethrough"}), ("stamp", {"type": "classification", "subtype": "secret"}),
          ("stamp", {"type": "declassification"}), ("sic", {}), ("supplied", {}), ("unclear", {}),
          ("note", {"type": "editorial"}), ("persName", {"ref": "#p1"}), ("persName", {}), ("placeName", {}),
          ("date", {"when": "1946-04-05"}), ("seg", {"type": "salute"}), ("hi", {"rend": "underline"}),
          ("fw", {"type": "pageNum"}), ("signed", {}), ("dateline", {}), ("p", {})]
EMPTY = [("lb", {}), ("pb", {"n": "2"}), ("gap", {"reason": "omitted"})]
BLOCK = ["p", "ab", "opener", "closer", "fw", "trailer", "note", "pb"]


def _words(rng: random.Random) -> str:
    return "".join(rng.choice("ABCdefgh ,.") for _ in range(rng.randint(1, 12))) + rng.choice("ab")


def _inline(rng: random.Random, depth: int = 0) -> etree._Element:
    tag, attrs = rng.choice(INLINE + EMPTY if depth >= 3 or rng.random() < 0.5 else INLINE)
    el = etree.Element(f"{{{TEI}}}{tag}", attrs)
    if (tag, attrs) in EMPTY:
        return el
    el.text = _words(rng)
    for _ in range(rng.randint(0, 2)):
        child = _inline(rng, depth + 1)
        child.tail = rng.choice(["", _words(rng)])
        el.append(child)
    return el


def _random_tei(rng: random.Random) -> bytes:
    """A mix like tests/test_html_properties.py draws, from a seeded generator so it is the same every run."""
    tei, div = one_person_document()
    for _ in range(rng.randint(1, 6)):
        tag = rng.choice(BLOCK)
        block = etree.SubElement(div, f"{{{TEI}}}{tag}",
                                 {"type": "editorial"} if tag == "note" else {"n": "3"} if tag == "pb" else {})
        if tag != "pb":
            block.text = _words(rng)
            for _ in range(rng.randint(0, 3)):
                child = _inline(rng)
                child.tail = rng.choice(["", _words(rng)])
                block.append(child)
    return etree.tostring(tei)


def freeze(out: Path) -> None:
    from tei_encoder.api import encode

    groups: dict[str, dict[str, bytes]] = {"seeds": {}, "expected": {}, "fixtures": {}, "random": {}, "bad": BAD,
                                           "odd": ODD}
    for seed in sorted((REPO / "seeds").glob("*.txt")):
        groups["seeds"][f"{seed.stem}.xml"] = encode(seed, name=f"seeds/{seed.name}").to_bytes()
    for path in sorted(REPO.glob("tests/fixtures/*/expected/*.xml")):
        groups["expected"][f"{path.parent.parent.name}-{path.name}"] = path.read_bytes()
    for path in sorted((REPO / "tests" / "fixtures" / "html").glob("*.xml")):
        root = etree.parse(str(path), etree.XMLParser(collect_ids=False)).getroot()
        for i, sc in enumerate(root.iter(f"{{{X}}}scenario")):
            context = sc.find(f"{{{X}}}context")
            assert context is not None
            groups["fixtures"][f"{path.stem}-{i:02d}.xml"] = scenario_tei(context)
    rng = random.Random(20261123)
    for i in range(150):
        groups["random"][f"r{i:03d}.xml"] = _random_tei(rng)
    for group, files in groups.items():
        (out / group).mkdir(parents=True, exist_ok=True)
        for name, data in files.items():
            (out / group / name).write_bytes(data)
    print(f"froze {sum(len(f) for f in groups.values())} TEI files in {out}")


def _sha(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def digests(inputs: Path) -> dict[str, str]:
    out: dict[str, str] = {}
    for folder in sorted(p for p in inputs.iterdir() if p.is_dir()):
        files = html.site_inputs(folder)
        for path in files:
            for i, opts in enumerate(OPTIONS):
                key = f"{folder.name}/{path.name}/{i}"
                try:
                    out[f"{key}/file"] = _sha(html.render_file(path, **opts))  # type: ignore[arg-type]
                except TeiEncoderError as exc:  # the message names the file: kept apart from where the inputs are
                    out[f"{key}/file"] = f"error: {exc}".replace(str(inputs), "<in>")
                try:
                    tree = parse_bytes(path.read_bytes(), str(path), max_bytes=html.MAX_HTML_SOURCE_BYTES)
                    out[f"{key}/tree"] = _sha(html.render_tree(tree, name=str(path), **opts))  # type: ignore[arg-type]
                except TeiEncoderError as exc:
                    out[f"{key}/tree"] = f"error: {exc}".replace(str(inputs), "<in>")
        for view, lang in (("diplomatic", "en"), ("reading", "de")):
            with tempfile.TemporaryDirectory() as tmp:
                result = html.build_site(files, Path(tmp), force=True, view=view, lang=lang, title="T & <x>")
                for page in sorted(Path(tmp).rglob("*")):
                    if page.is_file():
                        out[f"site/{folder.name}/{view}/{page.relative_to(tmp)}"] = hashlib.sha256(
                            page.read_bytes()).hexdigest()
                for n, exc in enumerate(result.errors):
                    out[f"site/{folder.name}/{view}/error{n}"] = str(exc).replace(str(folder), "<in>")
    return out


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--freeze", type=Path, help="write the TEI inputs here and stop")
    parser.add_argument("--inputs", type=Path)
    group = parser.add_mutually_exclusive_group()
    group.add_argument("--save", type=Path)
    group.add_argument("--check", type=Path)
    args = parser.parse_args()
    if args.freeze:
        freeze(args.freeze)
        return 0
    if not args.inputs or not (args.save or args.check):
        parser.error("give --freeze DIR, or --inputs DIR with --save or --check")
    got = digests(args.inputs)
    split = sorted(k[:-5] for k in got if k.endswith("/file") and got[k] != got.get(k[:-5] + "/tree"))
    if split:  # render_file and render_tree must make the same page of the same document
        print(f"{len(split)} files render differently by file and by tree, first: {split[:10]}")
        return 1
    return save_or_check(got, args.save, args.check)


if __name__ == "__main__":
    sys.exit(main())
