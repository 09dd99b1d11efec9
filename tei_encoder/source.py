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

#: A file whose first KiB holds these is a binary format, not a transcript.
_BINARY_SIGNATURES = (b"%PDF-", b"\x89PNG", b"GIF8", b"\xff\xd8\xff", b"PK\x03\x04", b"\x7fELF")

MAX_BYTES = 200 * 1024 * 1024

#: The encoding recorded for a file that is UTF-8 except for some Windows-1252 bytes.
MIXED = "utf-8+cp1252"


def _decode_lines(data: bytes, name: str) -> tuple[str, str]:
    """Bytes that are not UTF-8 as a whole: each line is UTF-8 if it can be, else Windows-1252.

    A file pasted together from several sources can mix the two; reading it
    whole as cp1252 would garble every UTF-8 letter, and deciding byte by byte
    would misread a cp1252 line whose bytes happen to form a UTF-8 sequence.
    """
    out: list[str] = []
    kinds: set[str] = set()
    offset = 0
    for raw in data.splitlines(keepends=True):
        try:
            out.append(raw.decode("utf-8"))
            if not raw.isascii():
                kinds.add("utf-8")
        except UnicodeDecodeError:
            try:
                out.append(raw.decode("cp1252"))
                kinds.add("cp1252")
            except UnicodeDecodeError as exc:
                raise InputError(
                    name, f"neither UTF-8 nor Windows-1252 (undecodable byte at {offset + exc.start})"
                ) from None
        offset += len(raw)
    return "".join(out), (MIXED if kinds == {"utf-8", "cp1252"} else "cp1252")


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
        raise InputError(name, f"file is larger than {MAX_BYTES // (1024 * 1024)} MB")
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
        text, encoding = _decode_lines(data, name)
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
    if _FORBIDDEN.search(text):
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
    if encoding == MIXED:
        try:
            data.decode("utf-8")
        except UnicodeDecodeError as exc:
            line = data.count(b"\n", 0, exc.start) + 1
            source.notices.insert(
                0, Notice(line, "the file mixes UTF-8 and Windows-1252; lines that are not UTF-8 read as Windows-1252")
            )
    return source
