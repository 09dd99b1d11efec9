"""Turn the bytes of a transcript into the one text every rule sees.

Rules annotate offsets into this text and never change it, so it must be fixed
before any rule runs: decoded, newlines normalised, and characters that XML
cannot carry replaced (and reported) so that the builder can never fail.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass, field

from .errors import InputError

#: Characters XML 1.0 forbids; each is replaced by U+FFFD and reported.
_FORBIDDEN = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff\ud800-\udfff]")

#: The ASCII bytes XML allows: deleting them from an ASCII text leaves only forbidden ones.
_XML_ASCII = bytes([0x09, 0x0A, 0x0D, *range(0x20, 0x80)])


def _has_forbidden(text: str) -> bool:
    """``_FORBIDDEN.search(text)``, answered for an ASCII text by one ``bytes.translate`` (a tenth of the time)."""
    if text.isascii():
        return bool(text.encode("ascii").translate(None, _XML_ASCII))
    return _FORBIDDEN.search(text) is not None


#: A file whose first KiB holds these is a binary format, not a transcript.
_BINARY_SIGNATURES = (b"%PDF-", b"\x89PNG", b"GIF8", b"\xff\xd8\xff", b"PK\x03\x04", b"\x7fELF")

#: Transcripts are kilobytes; the encoder is linear but a file this large is not one transcript.
MAX_BYTES = 16 * 1024 * 1024



def _utf8_line(data: bytes) -> int:
    """The first line (1-based) that reads as non-ASCII UTF-8 in a file that is not UTF-8 as a whole, or 0.

    Such a file was probably pasted together from two sources. It is still read
    as Windows-1252 (bytes that are not UTF-8 are cp1252: one rule for the whole
    file, so the reading never depends on where a line break falls), and the
    person is told which line to check.
    """
    for n, raw in enumerate(data.splitlines(), 1):
        if not raw.isascii():
            try:
                raw.decode("utf-8")
            except UnicodeDecodeError:
                continue
            return n
    return 0


@dataclass(frozen=True)
class Notice:
    """A warning tied to a line of the transcript (docutils-style system message)."""

    line: int
    message: str


@dataclass
class Source:
    """The normalised transcript text and what was done to get it."""

    text: str
    name: str = "<string>"
    encoding: str = "utf-8"
    notices: list[Notice] = field(default_factory=list)
    _line_starts: list[int] = field(default_factory=list, repr=False)

    def __post_init__(self) -> None:
        self._line_starts = [0] + [m.end() for m in re.finditer("\n", self.text)]

    def line_of(self, offset: int) -> int:
        """1-based line number of a character offset, for messages a person can act on."""
        return bisect.bisect_right(self._line_starts, offset)


def decode(data: bytes, name: str = "<bytes>") -> tuple[str, str]:
    """Decode transcript bytes as UTF-8 (with or without BOM), else cp1252.

    Returns the text and the encoding found. Binary files and bytes that are
    neither are refused rather than turned into mojibake.
    """
    if len(data) > MAX_BYTES:
        raise InputError(name, f"file is larger than {MAX_BYTES // (1024 * 1024)} MB; split it into transcripts")
    head = data[:1024]
    if any(head.startswith(sig) for sig in _BINARY_SIGNATURES):
        raise InputError(name, "binary file, not a text transcript")
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise InputError(name, "UTF-16 text is not supported; save the transcript as UTF-8")
    if data.startswith(b"\xef\xbb\xbf"):
        try:
            return data[3:].decode("utf-8"), "utf-8-sig"
        except UnicodeDecodeError as exc:
            raise InputError(
                name, f"invalid UTF-8 after a UTF-8 byte-order mark at byte {exc.start + 3}"
            ) from None
    try:
        text, encoding = data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        try:
            text, encoding = data.decode("cp1252"), "cp1252"
        except UnicodeDecodeError as exc:
            raise InputError(name, f"neither UTF-8 nor Windows-1252 (undecodable byte at {exc.start})") from None
    nuls = text.count("\x00")
    if nuls and nuls * 20 > len(text):
        raise InputError(name, "binary file, not a text transcript (NUL bytes)")
    return text, encoding


def normalise(text: str, name: str = "<string>", encoding: str = "utf-8") -> Source:
    """Normalise newlines to LF and replace characters XML forbids, reporting each line touched."""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    # NEL, LINE SEPARATOR and PARAGRAPH SEPARATOR end lines too; XML would keep them as text.
    text = text.replace("\x85", "\n").replace("\u2028", "\n").replace("\u2029", "\n")
    if text.startswith("\ufeff"):
        text = text[1:]
    notices: list[Notice] = []
    if _has_forbidden(text):
        probe = Source(text, name)
        seen: set[int] = set()
        for m in _FORBIDDEN.finditer(text):
            line = probe.line_of(m.start())
            if line not in seen:
                seen.add(line)
                notices.append(
                    Notice(
                        line, f"character U+{ord(m.group()):04X} is not allowed in XML; replaced by U+FFFD"
                    )
                )
        text = _FORBIDDEN.sub("\ufffd", text)
    return Source(text, name, encoding, notices)


def from_bytes(data: bytes, name: str = "<bytes>") -> Source:
    text, encoding = decode(data, name)
    source = normalise(text, name, encoding)
    if encoding == "cp1252":
        line = _utf8_line(data)
        if line:
            source.notices.insert(0, Notice(line, "this line reads as UTF-8 but the file is not UTF-8 as a whole; "
                                                  "the whole file was read as Windows-1252"))
    return source
