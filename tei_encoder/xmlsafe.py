"""Parse untrusted XML without ever reading another file or touching the network.

Every command that reads XML (validate, html, build) goes through here. TEI needs
no DTD, so a file that declares one is refused before libxml2 sees it: that
closes external entities (file://, http://), external DTDs and entity-expansion
bombs (billion laughs, quadratic blowup) in one cheap prolog check, instead of
trusting each parser flag to hold. The parser itself is still configured safely
(no DTD loading, no entity resolution, no network, no huge-tree mode, so
libxml2's limits of 256 levels of nesting and 10 MB per text or attribute value
apply), XInclude is never processed here (``local_include_target`` says which
files ``validate --xinclude`` may read), and the input size and its number of
tags and attributes are capped, so no tree outgrows ~200 MB.
Problems come back as one line with file, line and column.
"""

from __future__ import annotations

import codecs
import os
import re
import stat
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import unquote, urlsplit

from lxml import etree

from .errors import InputError

#: Bytes an XML file may have. Text costs validate ~3.3 times its size (57 MB of text: 186 MB above the
#: interpreter), so 32 MB stays near 100 MB; TEI of the largest transcript ``encode`` takes (16 MB) is ~22 MB.
MAX_XML_BYTES = 32 * 1024 * 1024
#: Tags plus attributes a document may have. libxml2 spends ~130 bytes per node, and each tag or attribute can
#: bring a text node with it: 63 MB of ``<pb/>`` built a 2 GB tree in 15 s. 250,000 keeps the tree under
#: ~95 MB (500,000 ``<p>x</p>`` take 190 MB), so with the size cap a document stays under 200 MB. TEI of a
#: transcript has 16,000 per MB (a 4 MB transcript: 5.3 MB of TEI, 84,000 tags and attributes).
MAX_MARKUP = 250_000
#: libxml2's own nesting limit without XML_PARSE_HUGE; stated here for the messages.
MAX_DEPTH = 256

_PROLOG_ITEM = re.compile(rb"\s*(?:<\?.*?\?>|<!--.*?-->)", re.S)
_SPACE = re.compile(rb"\s*")
_DECLARED_ENCODING = re.compile(rb"<\?xml\s[^>]{0,200}?encoding\s*=\s*[\"']([A-Za-z0-9._:-]{1,40})[\"']")
#: Codecs (Python's names) whose bytes are already an exact ASCII view: every ASCII character is its own byte,
#: and no other byte sequence stands for one.
_BYTES_ARE_THE_VIEW = frozenset({"utf-8", "ascii", "latin-1", "cp1252"}) | {f"iso8859-{n}" for n in range(1, 17)}
#: Bytes decoded at a time for the prolog check.
_CHUNK = 1 << 20


class UnsafeXMLError(InputError):
    """The XML was refused or is not well-formed; carries the line and column when known."""

    def __init__(self, name: str, reason: str, line: int = 0, column: int = 0) -> None:
        source = f"{name}:{line}:{column}" if line else name
        super().__init__(source, reason)
        self.name = name
        self.line = line
        self.column = column


def _parser() -> etree.XMLParser:
    return etree.XMLParser(
        resolve_entities=False,
        no_network=True,
        load_dtd=False,
        dtd_validation=False,
        huge_tree=False,
        remove_blank_text=False,
        collect_ids=True,
    )


#: The codec that gives a file's ASCII view (None: its bytes are the view) and the BOM length to skip.
_View = tuple[str | None, int]


def _view_codec(data: bytes) -> _View:
    """The codec that turns the file into an ASCII view, and the BOM length to skip; None: the bytes are the view.

    The view must show every ``<!DOCTYPE`` and ``<!ENTITY`` that libxml2 will see.
    UTF-16/32 are told by their BOM or by how ``<?`` is spelt; any other encoding
    the XML declaration names is decoded with Python's codec of that name unless
    it is UTF-8, ASCII or Latin-1, whose bytes already are the view. So UTF-7
    (``+ADw-!DOCTYPE``) or ISO-2022 cannot hide a DOCTYPE from the check. An
    encoding Python does not know is viewed as bytes; the parser's own flags and
    the DOCTYPE check after parsing still hold for it.
    """
    for bom, enc in (
        (codecs.BOM_UTF32_LE, "utf-32-le"),
        (codecs.BOM_UTF32_BE, "utf-32-be"),
        (codecs.BOM_UTF16_LE, "utf-16-le"),
        (codecs.BOM_UTF16_BE, "utf-16-be"),
    ):
        if data.startswith(bom):
            return enc, len(bom)
    for sig, enc in (
        (b"<\x00\x00\x00", "utf-32-le"),
        (b"\x00\x00\x00<", "utf-32-be"),
        (b"<\x00?\x00", "utf-16-le"),
        (b"\x00<\x00?", "utf-16-be"),
    ):
        if data.startswith(sig):
            return enc, 0
    skip = 3 if data.startswith(codecs.BOM_UTF8) else 0
    m = _DECLARED_ENCODING.match(data, skip)
    if m is not None:
        try:
            name = codecs.lookup(m.group(1).decode("ascii")).name
        except LookupError:
            return None, skip
        text_codec = getattr(codecs.lookup(name), "_is_text_encoding", True)  # not base64, zlib, rot13, ...
        if text_codec and name not in _BYTES_ARE_THE_VIEW and not name.startswith(("utf-16", "utf-32")):
            return name, skip
    return None, skip


def _ascii_chunks(data: bytes, view: _View) -> Iterator[bytes]:
    """The document as ASCII-compatible bytes, a chunk at a time.

    One chunk at a time so that memory stays bounded whatever the encoding: a
    50 MB UTF-16 file with one character outside the BMP, decoded whole, became a
    100 MB Python string on top of the file (235 MB peak).
    """
    codec, start = view
    raw = memoryview(data)
    if codec is None:
        for i in range(start, len(data), _CHUNK):
            yield bytes(raw[i:i + _CHUNK])
        return
    decoder = codecs.getincrementaldecoder(codec)("replace")
    for i in range(start, len(data), _CHUNK):
        try:
            text = decoder.decode(bytes(raw[i:i + _CHUNK]), i + _CHUNK >= len(data))
        except (UnicodeError, ValueError, TypeError):
            # Some codecs (idna, undefined) raise whatever the error handler; view the rest as bytes.
            for j in range(i, len(data), _CHUNK):
                yield bytes(raw[j:j + _CHUNK])
            return
        yield text.encode("ascii", "replace")


def _after_prolog(head: bytes | bytearray, complete: bool) -> bytes | None:
    """What follows the XML declaration, comments and PIs, or None while ``head`` is too short to tell."""
    pos = 0
    while True:
        m = _PROLOG_ITEM.match(head, pos)
        if m is None:
            break
        pos = m.end()
    pos = _SPACE.match(head, pos).end()  # type: ignore[union-attr]
    rest = bytes(head[pos:pos + 64])
    if complete:
        return rest
    if len(rest) < len(b"<!DOCTYPE") or rest.startswith((b"<!--", b"<?")):
        return None  # not enough seen yet, or a comment or PI not closed yet
    return rest


def _prolog_problem(data: bytes, view: _View) -> str | None:
    """Why the prolog is refused (a DOCTYPE, with or without entities), or None.

    Only the prolog is kept in memory, grown by doubling so that a long comment
    before the root costs linear time; the rest is searched chunk by chunk.
    """
    chunks = _ascii_chunks(data, view)
    head = bytearray()
    tried_at = 0
    rest: bytes | None = None
    for chunk in chunks:
        head += chunk
        if len(head) >= 2 * tried_at:
            tried_at = len(head)
            rest = _after_prolog(head, False)
            if rest is not None:
                break
    else:
        rest = _after_prolog(head, True)
    if rest is None or not rest.startswith(b"<!DOCTYPE"):
        return None
    tail = bytes(head[-16:])
    found = b"<!ENTITY" in head
    for chunk in chunks:
        if found:
            break
        found = b"<!ENTITY" in tail + chunk
        tail = chunk[-16:]
    if found:
        return ("the file declares entities (<!ENTITY> in a DOCTYPE); refused for safety: entities can read "
                "other files, reach the network or expand without limit, and TEI needs none")
    if re.match(rb"<!DOCTYPE\s+[^\s>\[]+\s+(SYSTEM|PUBLIC)\b", rest):
        return "the file points to an external DTD (DOCTYPE ... SYSTEM/PUBLIC); refused for safety: TEI needs none"
    return "the file has a DOCTYPE declaration; refused for safety: TEI needs none"


def _markup_count(data: bytes, view: _View) -> int:
    """Tags (``<`` not starting an end tag) plus ``=`` signs: an upper bound on the elements and attributes.

    Counted before parsing, in one pass of C code (UTF-8 and Latin-1 files are
    counted in place; others a decoded chunk at a time), so a tree too big to
    build safely is refused without being built. Comments, PIs and ``=`` in
    text count too; that only errs on the safe side.
    """
    codec, start = view
    if codec is None:
        return data.count(b"<", start) - data.count(b"</", start) + data.count(b"=", start)
    total = 0
    for chunk in _ascii_chunks(data, view):
        total += chunk.count(b"<") - chunk.count(b"</") + chunk.count(b"=")
    return total


def local_include_target(document: str | Path, href: str) -> Path:
    """The file an ``xi:include`` href names, only if it lies inside the including document's folder.

    For ``validate --xinclude``: an href is attacker-controlled, so ``file:///etc/passwd``,
    ``/home/me/.ssh/id_rsa`` or ``../../secret`` must not be read (the text would be quoted back in schema
    messages). Percent-escapes are decoded and links followed before the check; only regular files are
    named, so a FIFO cannot hang the run. Raises ``InputError(document, reason)``.
    """
    scheme = re.match(r"^([A-Za-z][A-Za-z0-9+.-]*):", href)
    path_part = href
    if scheme is not None:
        parsed = urlsplit(href)
        if parsed.scheme.lower() != "file" or parsed.netloc not in ("", "localhost"):
            raise InputError(str(document), "is not a local file; only files in the document's folder are included")
        path_part = parsed.path
    path_part = unquote(path_part.split("#", 1)[0])
    folder = Path(document).resolve().parent
    if not path_part or "\x00" in path_part:
        raise InputError(str(document), "names no file")
    target = (folder / path_part).resolve()
    if not target.is_relative_to(folder):
        raise InputError(str(document), "points outside the document's folder; refused for safety")
    if not target.is_file():
        raise InputError(str(document), "no such file" if not target.exists() else "not a regular file")
    return target


def _plain_syntax_error(msg: str) -> str:
    if msg.startswith("Excessive depth in document"):
        return f"elements nested deeper than {MAX_DEPTH} levels; refused"
    if any(m in msg for m in ("Buffer size limit exceeded", "length too long", "Huge input lookup", "too long")):
        return "a text or attribute value is longer than 10 MB; refused"
    if "Detected an entity reference loop" in msg or "Maximum entity amplification" in msg:
        return "entities expand without limit; refused"
    return f"not well-formed: {msg}"


def _too_big(name: str, max_bytes: int) -> UnsafeXMLError:
    return UnsafeXMLError(name, f"XML file is larger than {max_bytes / (1024 * 1024):g} MB; refused")


def parse_bytes(data: bytes, name: str = "<bytes>", *, max_bytes: int = MAX_XML_BYTES) -> etree._ElementTree:
    """A safe parse of XML bytes; raises ``InputError`` with ``name:line:col: reason``.

    ``max_bytes`` lets a caller that needs far more memory per byte than parsing
    (Saxon, for the HTML edition) ask for a lower cap; it never raises the default.
    """
    max_bytes = min(max_bytes, MAX_XML_BYTES)
    if len(data) > max_bytes:
        raise _too_big(name, max_bytes)
    view = _view_codec(data)
    problem = _prolog_problem(data, view)
    if problem is not None:
        raise UnsafeXMLError(name, problem, 1, 1)
    # Every tag and attribute takes at least one byte, so a file no longer than the limit is under it uncounted.
    if len(data) > MAX_MARKUP and _markup_count(data, view) > MAX_MARKUP:
        raise UnsafeXMLError(name, f"more than {MAX_MARKUP:,} tags and attributes; refused: a tree this large "
                             "would need more memory than is safe")
    try:
        root = etree.fromstring(data, _parser(), base_url=None)
    except etree.XMLSyntaxError as exc:
        line, col = exc.position if exc.position else (0, 0)
        msg = (exc.msg or "not well-formed").split(", line ")[0].strip()
        raise UnsafeXMLError(name, _plain_syntax_error(msg), line or 1, col or 1) from None
    tree = root.getroottree()
    if tree.docinfo.doctype:
        # Unreachable unless the prolog check missed an encoding; kept as a second lock.
        raise UnsafeXMLError(name, "the file has a DOCTYPE declaration; refused for safety: TEI needs none", 1, 1)
    if _may_have_brace_in_namespace(data, view):
        _check_namespace_uris(root, name)
    return tree


def _may_have_brace_in_namespace(data: bytes, view: _View) -> bool:
    """Whether a namespace URI could hold ``}``: walking the tree costs a third of a clean parse, and a ``}``
    can only come in literally or as a character reference (files in other encodings are always walked)."""
    codec, _ = view
    if codec is not None or b"}" in data or b"&#" in data:
        return True
    declared = _ENCODING_AS_WRITTEN.match(data, 0, 200)
    return declared is not None and declared.group(1).lower() not in _BYTES_ARE_TEXT


#: Any declared encoding, however spelt (``_DECLARED_ENCODING`` accepts only a well-formed name): for the
#: namespace check, anything but the names below means walking the tree.
_ENCODING_AS_WRITTEN = re.compile(rb"""<\?xml[^>]*?encoding\s*=\s*["']([^"']*)""")
#: Encodings in which ``}`` is the byte 0x7D, so looking for that byte is enough.
_BYTES_ARE_TEXT = {b"utf-8", b"utf8", b"us-ascii", b"ascii", b"iso-8859-1", b"latin-1", b"latin1"}


def _check_namespace_uris(root: etree._Element, name: str) -> None:
    for el in root.iter():
        if isinstance(el.tag, str) and el.tag.count("}") > 1:
            raise UnsafeXMLError(name, f"namespace URI of <{el.tag.rpartition('}')[2]}> contains '}}'; "
                                 "not a usable namespace", el.sourceline or 1, 1)


def read_xml_file(path: str | Path, *, max_bytes: int = MAX_XML_BYTES) -> bytes:
    """The bytes of one XML file, read safely; raises ``InputError(path, reason)``.

    Only a regular file is read (``/dev/zero`` would fill the memory, a FIFO
    would never end), its size is checked before anything is read, and no more
    than the cap is read even if the file grows meanwhile. For callers that need
    the bytes as well as the tree (``validate`` locates columns in them).

    One ``open``/``fstat``/``read`` on the descriptor: the file is judged by what
    was opened, not by a name that could change in between, and Python's
    buffered file objects cost ``validate`` about 0.14 ms of a 1.2 ms document
    (bench/validate_bench.py). ``O_NONBLOCK`` lets a FIFO be opened, and then
    refused, without waiting for a writer; it changes nothing for a regular file.
    """
    max_bytes = min(max_bytes, MAX_XML_BYTES)
    try:
        fd = os.open(path, _READ_FLAGS)
    except FileNotFoundError:
        raise InputError(str(path), "no such file") from None
    except PermissionError:
        raise InputError(str(path), "permission denied") from None
    except OSError as exc:
        raise InputError(str(path), exc.strerror or "cannot be read") from None
    try:
        info = os.fstat(fd)
        if stat.S_ISDIR(info.st_mode):
            raise InputError(str(path), "is a directory, not an XML file")
        if not stat.S_ISREG(info.st_mode):
            raise InputError(str(path), "not a regular file")
        if info.st_size > max_bytes:
            raise _too_big(str(path), max_bytes)
        parts: list[bytes] = []
        wanted = max_bytes + 1
        while wanted > 0:
            part = os.read(fd, min(wanted, max(info.st_size + 1, 1 << 16)))
            if not part:
                break
            parts.append(part)
            wanted -= len(part)
    except OSError as exc:
        raise InputError(str(path), exc.strerror or "cannot be read") from None
    finally:
        os.close(fd)
    data = parts[0] if len(parts) == 1 else b"".join(parts)
    if len(data) > max_bytes:
        raise _too_big(str(path), max_bytes)
    return data


_READ_FLAGS = os.O_RDONLY | getattr(os, "O_BINARY", 0) | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_CLOEXEC", 0)


def parse_file(path: str | Path, *, max_bytes: int = MAX_XML_BYTES) -> etree._ElementTree:
    """Read (see ``read_xml_file``) and safely parse one XML file."""
    return parse_bytes(read_xml_file(path, max_bytes=max_bytes), str(path), max_bytes=max_bytes)
