"""Parse untrusted XML without ever reading another file or touching the network.

Every command that reads XML (validate, html, build) goes through here: no DTD
loading, no external entities, no entity expansion at all (so no billion
laughs), no XInclude, and a cap on size and depth. Problems come back as one
line with the file, line and column.
"""

from __future__ import annotations

from pathlib import Path

from lxml import etree

from .errors import InputError

MAX_XML_BYTES = 64 * 1024 * 1024
MAX_DEPTH = 2000


def _parser() -> etree.XMLParser:
    return etree.XMLParser(
        resolve_entities=False,
        no_network=True,
        load_dtd=False,
        dtd_validation=False,
        huge_tree=False,
        remove_blank_text=False,
    )


def parse_bytes(data: bytes, name: str = "<bytes>") -> etree._ElementTree:
    """A safe parse of XML bytes; raises ``InputError`` with ``name:line:col: reason``."""
    if len(data) > MAX_XML_BYTES:
        raise InputError(name, f"XML file is larger than {MAX_XML_BYTES // (1024 * 1024)} MB")
    head = data[:4096]
    if b"<!DOCTYPE" in head or b"<!ENTITY" in data[:65536]:
        if b"<!ENTITY" in data:
            raise InputError(name, "the file declares entities (DTD internal subset); refused for safety")
    try:
        root = etree.fromstring(data, _parser(), base_url=None)
    except etree.XMLSyntaxError as exc:
        line, col = exc.position if exc.position else (0, 0)
        msg = (exc.msg or "not well-formed").split(", line ")[0]
        raise InputError(f"{name}:{line}:{col}", f"not well-formed: {msg}") from None
    tree = root.getroottree()
    if tree.docinfo.doctype:
        raise InputError(name, "the file has a DOCTYPE declaration; TEI needs none and it is refused for safety")
    _check_depth(root, name)
    return tree


def _check_depth(root: etree._Element, name: str) -> None:
    depth = 0
    for event, _el in etree.iterwalk(root, events=("start", "end")):
        depth += 1 if event == "start" else -1
        if depth > MAX_DEPTH:
            raise InputError(name, f"elements nested deeper than {MAX_DEPTH} levels; refused")


def parse_file(path: str | Path) -> etree._ElementTree:
    """Read and safely parse one XML file."""
    p = Path(path)
    if p.is_dir():
        raise InputError(str(path), "is a directory, not an XML file")
    try:
        data = p.read_bytes()
    except FileNotFoundError:
        raise InputError(str(path), "no such file") from None
    except PermissionError:
        raise InputError(str(path), "permission denied") from None
    except OSError as exc:
        raise InputError(str(path), exc.strerror or "cannot be read") from None
    return parse_bytes(data, str(path))
