"""Recognisers for the kinds of lines archival transcripts are made of.

Each function answers one question about a stripped line or block of text and
knows nothing about offsets, so rules can share them and tests can pin them.
They are written for the phenomenon (any level, any page number, any form
heading), not for a known file.
"""

from __future__ import annotations

import re
from functools import lru_cache

_LEVEL = r"(?:TOP\s+SECRET|SECRET|CONFIDENTIAL|RESTRICTED|MOST\s+SECRET|EYES\s+ONLY\s+TOP\s+SECRET)"
_PREFIX = r"(?:PERSONAL\s+AND\s+|PERSONAL,\s+|STRICTLY\s+)?"
#: A classification marking on its own: ``SECRET``, ``~~TOP SECRET~~``, ``Personal and Top Secret``.
MARK = re.compile(rf"(?P<mark>(?:~~\s*{_PREFIX}{_LEVEL}\s*~~)|(?:{_PREFIX}{_LEVEL}))", re.I)
MARK_LINE = re.compile(rf"^\s*(?P<mark>(?:~~\s*{_PREFIX}{_LEVEL}\s*~~)|(?:{_PREFIX}{_LEVEL}))\s*$", re.I)
#: A marking that starts a line and is followed by a date (``Top Secret     September 13, 1944``).
MARK_THEN_SPACE = re.compile(
    rf"^\s*(?P<mark>(?:~~\s*{_PREFIX}{_LEVEL}\s*~~)|(?:{_PREFIX}{_LEVEL}))(?=\s{{3,}}\S)", re.I)
#: A struck marking run onto the end of another line by OCR.
MARK_GLUED = re.compile(rf"\S(?P<mark>~~\s*{_PREFIX}{_LEVEL}\s*~~)\s*$", re.I)

LEVELS = {"top secret": "top-secret", "most secret": "top-secret", "secret": "secret",
          "confidential": "confidential", "restricted": "restricted"}


def level(mark: str) -> str:
    """The closed-list level (``top-secret``…) of a marking's text."""
    words = re.sub(r"[~\s]+", " ", mark).strip().lower()
    for key in ("top secret", "most secret", "confidential", "restricted", "secret"):
        if key in words:
            return LEVELS[key]
    return "secret"


#: The heading of a declassification stamp, OCR-tolerant (``DECLASS1FIED``, ``DECLASSIF1ED``).
_STAMP_HEAD = re.compile(r"^\s*(?P<word>[A-Z0-9|!]{9,15})\s*[:.]?\s*$", re.I)


class _StampHead:
    """``DECLASSIFIED`` as OCR leaves it: ``DECLASS1FIED``, ``DECIASSIFIED``, ``DECLASSIF1ED``.

    A single word within two edits of the heading counts; the edit distance is
    computed on the upper-cased word, so any OCR confusion is covered, not a list of them.
    """

    def match(self, line: str) -> bool:
        m = _STAMP_HEAD.match(line)
        if not m or len(m.group("word")) < 11:
            return False
        return _edits(m.group("word").upper(), "DECLASSIFIED") <= 2


@lru_cache(maxsize=4096)
def _edits(a: str, b: str) -> int:
    prev = list(range(len(b) + 1))
    for i, ca in enumerate(a, 1):
        cur = [i]
        for j, cb in enumerate(b, 1):
            cur.append(min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (ca != cb)))
        prev = cur
    return prev[-1]


STAMP_HEAD = _StampHead()
_STAMP_WORDS = re.compile(
    r"\b(E\.\s?O\.|EO|Sec\.|letter|NARS|NLT|NND|DOD|DIR\.?|OSD|JCS|memo|Authority|Signature|By|Date|"
    r"per|Dept\.|P\.\s?A\.|F\.\s?R\.|VOL\.|NLR|NLF|NLE|NLS)\b", re.I)


def is_stamp_line(line: str) -> bool:
    """A line that continues a declassification stamp: authority, date, initials."""
    s = line.strip()
    if not s or len(s) > 70 or MARK_LINE.match(s):
        return False
    if re.search(r"[a-z]{3,}\s+[a-z]{3,}\s+[a-z]{3,}\s+[a-z]{3,}", s):
        return False  # four lower-case words in a row: prose
    return bool(_STAMP_WORDS.search(s) or re.search(r"\d", s))


#: Printed form and letterhead headings that open a new document (or a new page of one).
FORM_HEAD = re.compile(
    r"^\s*(?:S\.\s?C\.\s+Form\s+No\.?\s*\d+|Signal\s+Corps,?\s+United\s+States\s+Army|WAR\s+DEPARTMENT|"
    r"NAVY\s+DEPARTMENT|DEPARTMENT\s+OF\s+STATE|THE\s+WHITE\s+HOUSE|(?:AMERICAN|BRITISH|SOVIET|FRENCH|CHINESE|ROYAL\s+[A-Z]+)\s+EMBASSY|EMBASSY|"
    r"EMBASSY\s+OF\s+THE\s+[A-Z][\w ]+|"
    r"FOREIGN\s+OFFICE|\d+,\s+Downing\s+Street|UNITED\s+STATES\s+DELEGATION|"
    r"OFFICE\s+OF\s+THE\s+[A-Z][A-Za-z ]+|POLICY\s+PLANNING\s+STAFF)[,.]?\s*$", re.I)
#: Lines printed under a form heading.
FORM_SUB = re.compile(
    r"^\s*(?:\(Revised\s+[^)]*\)|CLASSIFIED\s+MESSAGE\s+CENTER|INCOMING\s+CLASSIFIED\s+MESSAGE|"
    r"OUTGOING\s+CLASSIFIED\s+MESSAGE|INCOMING\s+TELEGRAM|OUTGOING\s+TELEGRAM|Incoming\s+Telegram|"
    r"Outgoing\s+Telegram|MAP\s+ROOM|WASHINGTON|DIVISION\s+OF|COMMUNICATIONS\s+AND\s+RECORDS|"
    r"DIVISION\s+OF\s+COMMUNICATIONS\s+AND\s+RECORDS|MEMORANDUM\s+OF\s+CONVERSATION|MEMORANDUM|Whitehall\.?|"
    r"NAVAL\s+MESSAGE|TO\s+THE\s+GENERAL\s+ASSEMBLY[\w ]*|"
    r"Received\s+at\s*)\s*$", re.I)

CONTINUED = re.compile(r"^\s*\(?\s*(?:CONTINUED|CONT'D|Continued)(?:\s+(?:ON\s+)?NEXT\s+PAGE)?\s*\)?\s*\.?\s*$", re.I)
#: A page number line: ``PAGE 2``, ``-2-``, ``- 3 -``, ``Page 2 of 3``.
PAGE_NUM = re.compile(r"^\s*(?:PAGE\s+(?P<a>\d+)(?:\s+OF\s+\d+)?|[-–—]\s*(?P<b>\d+)\s*[-–—]\.?)\s*$", re.I)
#: A continuation header: ``-4-#1053, April 5, 6 p.m., from Moscow via War.``
CONT_HEADER = re.compile(r"^\s*[-–—]\s*(?P<n>\d+)\s*[-–—]\s*#?\s*\d+.*$")
#: FRUS page marker inside the text: ``[Page 24]``.
PAGE_MARKER = re.compile(r"\[Page (?P<n>\d+|[ivxlc]+)\]", re.I)

#: Complimentary closes: ``SINCERELY YOURS,``, ``Very sincerely yours,``, ``Faithfully yours,``.
CLOSE = re.compile(
    r"^\s*(?:(?:Very|Most|Yours)\s+)?(?:sincerely|faithfully|truly|cordially|respectfully|affectionately|ever)"
    r"(?:\s+yours)?\s*[,.]?\s*$|^\s*(?:With\s+(?:kind(?:est)?\s+)?regards|Respectfully\s+submitted)\s*[,.]?\s*$",
    re.I)
#: Salutations: ``DEAR MR. PRESIDENT.``, ``My Dear Mr. Secretary:``, ``Esteemed Mr. Henderson:``.
SALUTE = re.compile(
    r"^\s*(?:(?:My\s+)?(?:Dear|Esteemed|Honou?red)\s+(?:Mr\.|Mrs\.|Miss|Sir|Madam|Marshal|General|Generalissimo|"
    r"Premier|President|Prime|Secretary|Ambassador|Excellency|Colonel|Admiral|Friend|[A-Z][\w.]*)[^\n]{0,50}?"
    r"|Sir|Madam|Excellency|Your\s+Excellency|Gentlemen)\s*[:,.!]\s*$", re.I)

#: Precedence and handling words that are never classification marks.
HANDLING = re.compile(
    r"^\s*(?:PRIORITY|ROUTINE|PLAIN|URGENT|US\s+URGENT|NIACT|EYES\s+ONLY|OPERATIONAL\s+PRIORITY|DEFERRED|"
    r"No\s+paraphrase\s+necessary\.?|[A-Z]{4,10}|This\s+telegram\s+must\s+be[\s\S]*)\s*$")

#: A word of a name; an editor may have completed it in brackets (``D[ean] A[cheson]``, ``G[eorge] F. K[ennan]``).
NAME_TOKEN = (r"(?:(?:Dr|Mr|Mrs|Gen|Col|Adm|Sir|Lord)\.?|"
              r"[A-Z][^\W\d_'’\-]*(?:\[[^\W\d_]+\][^\W\d_]*)?(?:['’\-][^\W\d_]+)*|[A-Z]\.?)")
#: A typed signature: a name of one to five words or initials (``J. STALIN``, ``W S C``, ``H. L. H.``).
SIGNATURE = re.compile(rf"^\s*(?:{NAME_TOKEN}\s*){{1,5}}\.?\s*$")
#: Typist or operator initials and form words that are not signatures.
NOT_SIGNATURE = re.compile(r"^\s*(?:[A-Z]{2,3}|END|NNNN|BT|AR|[A-Z]{2,3}/[A-Z]{2,3}|D File|File)\s*$")


_WORD = re.compile(r"[^\W\d_]{2,}(?:['’][^\W\d_]+)?")
_PROSE_END = frozenset(".!?:;,”\"")


def is_prose(text: str) -> bool:
    """Running text rather than a heading, routing code, stamp or name line.

    Seven words settle it, so counting stops there (paragraphs run to hundreds). Words never
    hold white space, so they are counted on the text as it is; only the salutation test needs
    the white space folded.
    """
    words = 0
    for _ in _WORD.finditer(text):
        words += 1
        if words >= 7:
            return True
    if words < 3 or text.rstrip()[-1:] not in _PROSE_END:
        return False
    return not SALUTE.match(" ".join(text.split()))


def is_prose_by_definition(text: str) -> bool:
    """What ``is_prose`` answers, written plainly (the tests compare the two)."""
    flat = " ".join(text.split())
    words = re.findall(r"[^\W\d_]{2,}(?:['’][^\W\d_]+)?", flat)
    if len(words) >= 7:
        return True
    return len(words) >= 3 and bool(re.search(r"[.!?:;,”\"]\s*$", flat)) and not SALUTE.match(flat)


def words_of(text: str) -> list[str]:
    return re.findall(r"\w+", text)
