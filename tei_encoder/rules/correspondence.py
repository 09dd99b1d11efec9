"""Who wrote to whom, when and from where: the facts behind each ``correspDesc``.

Evidence is weighed in a fixed order, strongest first, and the first source
that gives a fact wins: the document's own head or title line, the FROM/TO
address block, an address formula (``PRIME MINISTER TO PRESIDENT TRUMAN.``),
the salutation or inside address, the signature, a letterhead office, and last
the archive's caption. Transmitting offices (THE MAP ROOM) are not senders and
destinations (``TO : THE PRESIDENT, HYDE PARK``; ``at Moscow``) are not places
of sending. When nothing names a correspondent, the fact is left out and a
warning says so.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from dataclasses import dataclass

from .. import asciiwords, dates, places
from .. import classify as c
from ..model import Document, Party, State, When
from ..persons import TITLES, Person, Registry
from ..spans import INNER, PHRASE, span
from ..units import ADDRESS_LINE, Unit

OFFICE = re.compile(r"\b(?:MAP\s+ROOM|ROOM|OFFICE|CENT(?:ER|RE)|ATTACH[EÉ]|STATION|SECTION|DIVISION|"
                    r"COMMAND|HEADQUARTERS|BUREAU)\b", re.I)
#: Handling words after a telegram's address formula: "Marshall to Wedemeyer for his eyes only".
_HANDLING = r",?\s+(?:for\s+(?:his|her|your|the)\s+)?eyes\s+only\b.*$|,?\s+for\s+(?:action|information)\b.*$"
_CUT = re.compile(r"\s+(?:Transmitting|Regarding|Concerning|Enclosing|Forwarding|About|On|With|Re:)\b.*$|"
                  rf",\s+(?:at|in|via)\s+.*$|\s*\d+\s*$|{_HANDLING}", re.I)
_ABBR = r"(?<!\b[A-Z])(?<!\bMr)(?<!\bMrs)(?<!\bDr)(?<!\bJr)(?<!\bSt)(?<!\bNo)(?<!\bGen)(?<!\bCol)"
_END = rf"\s*(?:{_ABBR}[.:;](?=\s|$)|$)"
FROM_TO = re.compile(rf"\bfrom\s+(?P<a>.+?)\s+(?:to|for)\s+(?P<b>.+?){_END}", re.I)
TO_FROM = re.compile(rf"\b(?:to|for)\s+(?P<b>.+?)\s+from\s+(?P<a>.+?){_END}", re.I)
A_TO_B = re.compile(rf"^\s*(?P<a>[^,;:]+?)\s+to\s+(?P<b>[^;:]+?){_END}", re.I)
BY = re.compile(r"\b(?:Memorandum|Minutes|Record|Notes?)\b[^,\n]*,\s+by\s+(?P<a>[^.\n]+)", re.I)
FOR = re.compile(r"^\s*MEMORANDUM\s+FOR\s+(?P<b>.+?)\s*\.?\s*$", re.I)
INSIDE = re.compile(r"^\s*(?:The\s+(?:Right\s+|Rt\.\s+)?Honou?rable|His\s+Excellency|Her\s+Excellency|"
                    r"Honou?rable)[ \t]*(?:\n[ \t]*)?(?P<b>[^\n]+)", re.I)
TITLE_WORD = re.compile(rf"^\s*(?:the\s+)?(?:british\s+|american\s+|soviet\s+|acting\s+|under\s+)?(?:{TITLES})\b", re.I)

#: The patterns the functions below use, compiled once: ``re.search(pattern, ...)`` looks its pattern up in
#: ``re``'s cache on every call, and these run for every unit of every document.
_MARKUP_CHAR = re.compile(r"[~\[\]{}<>|]")
_NAME_TOKENS = re.compile(rf"(?:{c.NAME_TOKEN}\s*){{1,5}}")
_WIDE_GAP = re.compile(r"\s{3,}")
_SALUTE = re.compile(r"\s*(?:My\s+)?(?:Dear|Esteemed|Honou?red)\s+(?P<b>.+?)\s*[:,.!]?\s*$", re.I)
_EMBASSY = re.compile(r"EMBASSY", re.I)
_STATION = re.compile(r"\bWHITE\s+HOUSE\b|\b[A-Z]{4,}\b")
_MR = re.compile(r"^(?:Mr\.?|Mister|Madam)\s+", re.I)
_REPORTED = re.compile(r"\b(?:I|we|you|he|she|they|have|has|had|was|were|is|are|will)\b", re.I)
_PAREN = re.compile(r"\(([^)]+)\)")
_TRAILING_PAREN = re.compile(r"\s*\([^)]*\)\s*$")
#: Words after a title that continue the office, not a name.
_NOT_NAME_AFTER_TITLE = frozenset({"of", "for", "to", "in", "at", "and", "the", "general", "staff"})
#: A FROM line that names both ends: "FROM: FOREIGN OFFICE TO WASHINGTON" (the TO part is the destination).
_FROM_TO_LINE = re.compile(r"(?P<a>\S.*?)\s+TO\s+(?P<b>\S.*)$", re.I)
_RECEIVED = re.compile(r"\s*(?:Rec'?d|REC'?D|RECEIVED|Received)\b")
#: A form's "Dated" label just before a date (``Dated September 8, 1944``, ``DATED: June 3, 1945``); capitalised,
#: so that "a letter dated September 7" in the text is not one.
_DATED = re.compile(r"(?:Dated|DATED):?\s*$|(?:^|\n)[ \t]*D\.[ \t]+\d{1,2}[.:]\d\d[ \t]*[ap]\.?[ \t]?m\.?[ \t]*$")
#: ... or a Foreign Office telegram's despatch line: ``D. 8.15 p.m. 12th March, 1945.`` (``R.`` is its receipt).
_DATED_LABEL = re.compile(r"(?:^|\s)(?:Dated|DATED):?[ \t]+\S|(?:^|\n)[ \t]*D\.[ \t]+\d{1,2}[.:]\d\d[ \t]*[ap]\.?")
_CAPTION_LEAD = re.compile(r"^\s*\w+,\s*")
_LEAD_PLACE = re.compile(r"\s*\[?(?P<p>[A-Z][A-Za-z .'-]{2,30}?),\]?\s+\S")
_NOT_PLACE = re.compile(r"(?:Your|My|Our|His|Her|The|No|Ref|Re)\b")
_TAIL = re.compile(r"\s{6,}(?P<p>\S[^\n]*?)\s*$")
_AFTER_PLACE = re.compile(r"[\s,.]*(?:via\s+\w+\.?|S\.?\s?W\.?\s?\d*\.?|[A-Z]\.?\s?[A-Z]?\.?\s?\d+\.?)?[\s,.]*")
_IN_AT = re.compile(r"\b(?:in|at)\s+(?P<place>[A-Z][\w .'-]+)")


@dataclass
class _PerText:
    """What every document of a transcript would otherwise read from the whole text again."""

    file_number_starts: list[tuple[int, int]] | None = None
    front_read: bool = False
    front_date: dates.Found | None = None


@dataclass
class Designation:
    text: str
    offset: int
    source: str


def apply(state: State) -> None:
    registry: Registry = state.registry
    pairs = _caption_pairs(state)
    cache = _PerText()
    for n, doc in enumerate(state.documents):
        caption = [pairs[n]] if n < len(pairs) else []
        _date(state, doc, caption[0] if caption else None, cache)
        sender, addressee = _parties(state, doc, caption[0] if caption else None)
        ctx = (doc.date.when if doc.date and doc.date.when else "") or doc.context_date
        hints = [state.text[u.start : u.end] for u in doc.units if u.kind == "signature"]
        hints += [name for pair in caption for name in pair]
        hints += [state.text[h0:h1] for h0, h1 in doc.heads]
        doc.sender = _resolve(state, registry, sender, ctx, hints) if sender else None
        doc.addressee = _resolve(state, registry, addressee, ctx, hints) if addressee else None
        if doc.sender is None:
            state.warn(doc.start, f"document {doc.xml_id or n + 1}: no sender found; none recorded")
        if doc.addressee is None:
            state.warn(doc.start, f"document {doc.xml_id or n + 1}: no addressee found; none recorded")
        _place(state, doc)


# -- parties ---------------------------------------------------------------------------------------------------


def _clean(text: str) -> str:
    text = _CUT.sub("", " ".join(text.split()))
    return text.strip(" ,.;:")


def _designation(text: str, registry: Registry, date: str) -> bool:
    """Whether a phrase names a person or an office rather than being part of a sentence."""
    t = _clean(text)
    if not t or len(t.split()) > 9 or _MARKUP_CHAR.search(t):
        return False
    if registry.find(t) or registry.find(t.split(",")[0]) or registry.find_role(t, date or "1945-01-01"):
        return True
    return bool(TITLE_WORD.match(t)) or bool(_NAME_TOKENS.fullmatch(t))


def _parties(state: State, doc: Document, caption: tuple[str, str] | None) -> tuple[Designation | None, ...]:
    text = state.text
    registry: Registry = state.registry
    date = (doc.date.when if doc.date else "") or doc.context_date
    sender: Designation | None = None
    addressee: Designation | None = None

    def offer(a: Designation | None, b: Designation | None, trusted: bool = False) -> None:
        nonlocal sender, addressee
        if a and sender is None and not OFFICE.search(a.text) and (trusted or _designation(a.text, registry, date)):
            sender = a
        if b and addressee is None and (trusted or _designation(b.text, registry, date)):
            addressee = b

    units = doc.units
    body = [n for n, u in enumerate(units) if u.kind == "prose"]
    top = units[: body[0]] if body else units
    fallback: list[tuple[str, Designation]] = []
    # 1. A head or title line of the document itself.
    for h0, h1 in doc.heads:
        a, b = _pair(text, h0, h1)
        offer(a, b)
    # 2. Address formulas in the opening lines.
    # The first three paragraphs: a form's number and precedence lines can read as paragraphs before the
    # formula ("Cypher No. 4123 / ...", "IMMEDIATE", "Following personal for Lord Halifax from Mr. Eden.").
    for u in [*top, *(units[body[0] : body[0] + 3] if body else [])]:
        if u.kind in ("head", "prose", "short", "title"):
            chunk = text[u.start : u.end]
            for s0, s1 in _sentences(chunk):
                a, b = _formula(chunk[s0:s1], u.start + s0, registry, date)
                offer(a, b)
        if u.kind in ("head", "short", "formhead", "prose"):
            m = FOR.match(u.text(text))
            if m:
                offer(None, Designation(m.group("b"), u.start + m.start("b"), "for"))
            m2 = _by(u.text(text))
            if m2:
                offer(Designation(m2.group("a"), u.start + m2.start("a"), "by"), None)
    # 3. The address block (offices such as OPNAV or THE WHITE HOUSE only as a last resort).
    for u in top:
        if u.kind == "address":
            for line in u.lines:
                m = ADDRESS_LINE.match(line.text)
                if not m:
                    continue
                key, val = m.group("key").upper(), m.group("val")
                vstart = line.start + m.start("val")
                val = _WIDE_GAP.split(val.strip())[0]
                entries = [(key, val, vstart)]
                both = _FROM_TO_LINE.match(val) if key == "FROM" else None
                if both:  # "FROM: FOREIGN OFFICE TO WASHINGTON": both ends on one line
                    entries = [("FROM", both.group("a"), vstart), ("TO", both.group("b"), vstart + both.start("b"))]
                for key, val, vstart in entries:
                    name = val.split(",")[0]
                    if key not in ("FROM", "TO") or places.canonical(name) is not None or not name.strip():
                        continue
                    d = Designation(name, vstart, "address")
                    if _officelike(name, registry, date):
                        fallback.append((key, d))
                    elif key == "FROM":
                        offer(d, None, trusted=True)
                    else:
                        offer(None, d, trusted=True)
    # 4. Salutation, inside address, role lines.
    in_top = _Members(top)
    for u in units:
        if u.kind not in ("salute", "inside", "trail", "short", "head", "prose") or (
                u.kind == "prose" and (addressee is not None or not in_top.has(u))):
            continue  # nothing below reads it (a paragraph is only read as a role line at the top)
        body_text = u.text(text)
        if u.kind == "salute":
            m = _SALUTE.match(body_text)
            if m and (registry.find(m.group("b")) or registry.find_role(_strip_mr(m.group("b")), date)):
                offer(None, Designation(m.group("b"), u.start + m.start("b"), "salute"))
        if u.kind in ("inside", "trail", "short", "head"):
            m = INSIDE.match(body_text)
            if m:
                offer(None, Designation(m.group("b"), u.start + m.start("b"), "inside"))
        if u.kind in ("head", "short", "prose") and addressee is None and in_top.has(u):
            role = body_text.strip().split("\n", 1)[0].strip(" ,.")
            if date and registry.find_role(role, date) and len(role.split()) <= 5:
                offer(None, Designation(role, u.start, "role"))
    # 5. Signature.
    for u in units:
        if u.kind == "signature":
            offer(Designation(u.text(text), u.start, "signature"), None)
            break
    # 6. Letterhead office of an embassy.
    for u in top:
        if u.kind == "formhead" and _EMBASSY.search(u.text(text)) and sender is None:
            place = _first_place(state, doc)
            if place and date:
                holder = registry.find_role(f"Ambassador in {place}", date)
                if holder:
                    sender = Designation("", -1, f"role:{holder.id}")
    # 7. Offices in the address block, and the archive's caption.
    for key, d in fallback:
        offer(d if key == "FROM" else None, d if key == "TO" else None, trusted=True)
    if caption:
        if sender is None and caption[0]:
            sender = Designation(caption[0], -1, "caption")
        if addressee is None and caption[1]:
            addressee = Designation(caption[1], -1, "caption")
    return sender, addressee


def _terminal(chunk: str, at: int) -> bool:
    """A full stop after three lower-case letters ends a sentence (``Mr.``, ``U.S.`` and ``No.`` do not)."""
    before = chunk[at - 3 : at]
    return at >= 3 and before.isascii() and before.isalpha() and before.islower()


def _sentences(chunk: str) -> list[tuple[int, int]]:
    """The sentences of a unit as ``(start, end)``: exactly what ``SENTENCE.finditer`` gives, found with ``str.find``.

    Address formulas are looked for sentence by sentence in the opening
    paragraphs; the pattern walks every character with a look-behind and was
    the largest cost of this rule. A sentence runs to a full stop after three
    lower-case letters (kept), or to the end of its line; a line that neither
    ends the text nor has a full stop inside gives no sentence.
    """
    out: list[tuple[int, int]] = []
    n = len(chunk)
    i = 0
    line_end = -1
    while i < n:
        if chunk[i] == "\n" or (chunk[i] == "." and _terminal(chunk, i)):
            i += 1
            continue
        if line_end < i:  # found once per line, not once per sentence: a long line has many
            nl = chunk.find("\n", i)
            line_end = n if nl < 0 else nl
        stop = chunk.find(".", i + 1, line_end)
        while stop >= 0 and not _terminal(chunk, stop):
            stop = chunk.find(".", stop + 1, line_end)
        if stop >= 0:
            out.append((i, stop + 1))
            i = stop + 1
        elif line_end >= n - 1:  # the end of the text, or a newline that ends it ("$")
            out.append((i, line_end))
            i = line_end
        else:  # back to the last full stop on the line, if any
            stop = chunk.rfind(".", i + 1, line_end)
            if stop >= 0:
                out.append((i, stop + 1))
                i = stop + 1
            else:
                i = line_end
    return out


#: What ``_sentences`` reproduces; kept as the definition, and for the tests.
SENTENCE = re.compile(r"(?:[^.\n]|(?<![a-z]{3})\.)+(?:\.|$)")


def _by(chunk: str) -> re.Match[str] | None:
    """``BY.search``, skipped when the unit lacks the words it needs (searching every paragraph is slow)."""
    low = chunk.lower()
    if not any(h in chunk for h in asciiwords.HAZARDS) and ("by" not in low or not (
            "memorandum" in low or "minute" in low or "record" in low or "note" in low)):
        return None
    return BY.search(chunk)


class _Members:
    """``unit in units`` without comparing every unit field by field: equal units share their offsets."""

    def __init__(self, units: list[Unit]) -> None:
        self.units = units
        self.ids = {id(u) for u in units}
        self.spans = {(u.start, u.end) for u in units}

    def has(self, unit: Unit) -> bool:
        if id(unit) in self.ids:
            return True
        return (unit.start, unit.end) in self.spans and unit in self.units


def _officelike(name: str, registry: Registry, date: str) -> bool:
    """A station or office code rather than a person: ``OPNAV``, ``ALUSNA MOSCOW``, ``THE WHITE HOUSE``."""
    t = _clean(name)
    if registry.find(t) or registry.find_role(t, date or "1945-01-01") or TITLE_WORD.match(t):
        return False
    return bool(OFFICE.search(t) or _STATION.search(t)) or \
        bool(places.find(t))


def _strip_mr(text: str) -> str:
    return _MR.sub("", text.strip())


def _pair(text: str, start: int, end: int) -> tuple[Designation | None, Designation | None]:
    line = text[start:end]
    m = FROM_TO.search(line) or A_TO_B.match(line)
    if not m:
        return None, None
    return (Designation(m.group("a"), start + m.start("a"), "title"),
            Designation(m.group("b"), start + m.start("b"), "title"))


def _formula(sentence: str, offset: int, registry: Registry, date: str) -> tuple[Designation | None, ...]:
    if len(sentence.split()) > 16:
        return None, None
    low = sentence.lower()
    # Each pattern needs its word; searching with their lazy names is slow, and most sentences lack it.
    for pattern, word in ((TO_FROM, "from"), (FROM_TO, "from"), (A_TO_B, "to")):
        m = pattern.search(sentence) if word in low else None
        if m and _REPORTED.search(sentence[: m.start()]):
            continue  # "I have received the following message from X to Y": reported, not addressed
        if m and _designation(m.group("a"), registry, date) and _designation(m.group("b"), registry, date):
            a = _clean(m.group("a"))
            if not (registry.find(a) or registry.find_role(a, date or "1945-01-01") or TITLE_WORD.match(a)):
                continue
            return (Designation(m.group("a"), offset + m.start("a"), "formula"),
                    Designation(m.group("b"), offset + m.start("b"), "formula"))
    return None, None


def _by_office(state: State, designation: str, hints: list[str]) -> Person | None:
    """An office named without a date (``THE PRESIDENT``) is the signer's or the caption's, if they held it."""
    registry: Registry = state.registry
    for hint in hints:
        person = registry.find(hint)
        if person and registry.holds(person, designation):
            return person
    return None


def _resolve(state: State, registry: Registry, d: Designation, date: str, hints: list[str]) -> Party | None:
    if d.source.startswith("role:"):
        pid = d.source[5:]
        registry.used.setdefault(pid, registry.known[pid])
        return Party(registry.known[pid].name, pid, -1)
    raw = _clean(d.text)
    if not raw and not d.source.startswith("role:"):
        return None
    paren = _PAREN.search(raw)
    display = _TRAILING_PAREN.sub("", raw).strip() if paren else raw
    person = None
    if paren:
        person = registry.find(paren.group(1))
    head = raw.split(",")[0]
    # An office is first the signer's, if the signer held it: on 12 April 1945 "THE PRESIDENT" signing
    # ROOSEVELT is Roosevelt, though by date alone the day is also Truman's first.
    person = person or registry.find(raw) or registry.find(head) or _by_office(state, raw, hints) or \
        registry.find_role(raw, date) or registry.find_role(head, date)
    if person is not None:
        registry.used.setdefault(person.id, person)
        pid = person.id
    else:
        pid = registry.ref(raw)
    if d.offset >= 0:
        # The span ends where the designation does once trailing words are cut, as ``_clean`` cuts them
        # ("... Roosevelt on the Recall of General Stilwell", "... Wedemeyer for his eyes only").
        end = d.offset + len(_CUT.sub("", d.text).rstrip(" ,.;:\n0123456789"))
        # A designation by office alone ("THE PRESIDENT") is a referring string, not a personal name.
        title = TITLE_WORD.match(raw)
        after = raw[title.end() :].split() if title else []
        # "ADMIRAL STARK" names him; "THE PRESIDENT OF THE UNITED STATES" and "Secretary of State" do not.
        titled_name = bool(after) and after[0][:1].isupper() and after[0].lower() not in _NOT_NAME_AFTER_TITLE
        named = registry.find(raw) is not None or registry.find(head) is not None or bool(paren) or \
            (person is None and not title) or titled_name
        tag = "persName" if named else "rs"
        extra = {} if named else {"type": "person"}
        state.ann.add(span(d.offset, end, tag, PHRASE, rule="correspondence", ref=f"#{pid}", **extra))
    return Party(display or raw, pid, d.offset)


# -- date ---------------------------------------------------------------------------------------------------------


def _date(state: State, doc: Document, caption: tuple[str, str] | None, cache: _PerText) -> None:
    text = state.text
    _context_date(state, doc, cache)
    if doc.date is not None:
        return
    units = doc.units
    body = [n for n, u in enumerate(units) if u.kind == "prose"]
    first = body[0] if body else len(units)
    top = [u for u in units[:first] if u.kind in ("dateline", "address", "head", "short")]
    if first < len(units) and _DATED_LABEL.search(units[first].text(text)):
        # A form's header lines can read as prose ("NO: 4711, June 3, 7 p.m." ends like a sentence): their
        # "Dated" label still gives the sending date.
        top.append(units[first])
    bottom = [u for u in units[first:] if u.kind == "dateline"]  # units[first] is prose: never twice
    found: list[tuple[int, dates.Found, Unit]] = []
    in_top = _Members(top)
    for u in top + bottom:
        body_text = u.text(text)
        if _RECEIVED.match(body_text):
            continue
        for f in dates.find_dates(text, u.start, u.end):
            prefer = 0 if _DATED.search(text[u.start : f.start]) else (1 if in_top.has(u) else 2)
            found.append((prefer, f, u))
    if not found:
        return
    found.sort(key=lambda x: (x[0], 0 if x[1].year else 1, x[1].start))
    best = found[0][1]
    year = best.year or next((f.year for _, f, _u in found if f.year), None)
    iso = best.iso(year)
    if not iso:
        return
    doc.date = When(when=iso, text=" ".join(text[best.start : best.end].split()))
    state.ann.add(span(best.start, best.end, "date", PHRASE, rule="correspondence", when=iso))


FILE_NUMBER = re.compile(r"\b\d{3}[\w.]*/(?P<m>\d{1,2})[-–](?P<d>\d{1,2})(?P<y>\d{2})\b")
_FILE_NUMBER_CHAR = re.compile(r"[\w.]")


def _file_number_starts(text: str) -> list[tuple[int, int]]:
    """Where ``FILE_NUMBER`` can match in ``text``, with the ``/`` it would hold: ``(start, slash)`` in order.

    A match holds one ``/`` and starts in the run of word characters and full
    stops before it, at the run's start or after a full stop (``\\b``), so those
    few places are all a search would find a match at.
    """
    out: list[tuple[int, int]] = []
    slash = text.find("/")
    while slash >= 0:
        if not text[slash + 1 : slash + 2].isdecimal():  # "/" is followed by the month, \d{1,2}
            slash = text.find("/", slash + 1)
            continue
        run = slash
        while run > 0 and (text[run - 1].isalnum() or text[run - 1] in "_."):  # [\w.]
            run -= 1
        out.extend((at, slash) for at in range(run, slash - 2) if at == run or text[at - 1] == ".")
        slash = text.find("/", slash + 1)
    return out


def _file_number(text: str, end: int, starts: list[tuple[int, int]]) -> re.Match[str] | None:
    """``FILE_NUMBER.search(text[:end])``, trying only ``starts`` (from ``_file_number_starts(text)``).

    Each document searched the text up to its end, so a transcript of many
    documents was read again and again by a pattern tried at every character.
    """
    prefix = text[:end]
    for at, slash in starts:
        if slash >= end:
            break
        m = FILE_NUMBER.match(prefix, at)
        if m:
            return m
    return None


def _context_date(state: State, doc: Document, cache: _PerText) -> None:
    """A State Department decimal file number (``711.61/11-746``) dates the filing: context, not sending."""
    if cache.file_number_starts is None:
        cache.file_number_starts = _file_number_starts(state.text)
    m = _file_number(state.text, doc.end, cache.file_number_starts)
    if m:
        month, day, year = int(m.group("m")), int(m.group("d")), 1900 + int(m.group("y"))
        if 1 <= month <= 12 and 1 <= day <= 31:
            doc.context_date = f"{year:04d}-{month:02d}-{day:02d}"
    if state.front and not doc.context_date:
        if not cache.front_read:
            cache.front_date = dates.parse_one(state.text[state.front[0] : state.front[1]])
            cache.front_read = True
        f = cache.front_date
        if f and f.year:
            doc.context_date = f.iso()


def _caption_pairs(state: State) -> list[tuple[str, str]]:
    if not state.front:
        return []
    caption = " ".join(state.text[state.front[0] : state.front[1]].split())
    caption = _CAPTION_LEAD.sub("", caption)
    pairs = [(m.group("a"), m.group("b")) for m in _caption_pair_matches(caption)]
    if not pairs:
        # "Memorandum of Conversation, by the Under Secretary of State (Acheson)": a writer, no addressee.
        m = _by(caption)
        if m:
            pairs = [(m.group("a").strip(), "")]
    return pairs


CAPTION_PAIR = re.compile(r"(?P<a>[A-Z][\w.' ]+?)\s+to\s+(?P<b>[A-Z][\w.' ]+?),")
_NAME_CHARS = re.compile(r"[\w.' ]*")
_NOT_NAME_CHAR = re.compile(r"[^\w.' ]")


def _caption_pair_matches(caption: str) -> list[re.Match[str]]:
    """``CAPTION_PAIR.finditer(caption)`` for a caption whose only white space is single spaces.

    A catalogue caption runs to kilobytes, and the pattern's lazy names grew from
    every capital to the end of its run of name characters. A match is such a
    run that holds `` to `` and ends at a comma (plus the comma), at most one per
    run, so only those runs are searched. (The run's start before a `` to `` is
    read off the reversed caption in one step.)
    """
    out: list[re.Match[str]] = []
    reverse = ""
    pos = 0
    comma = stop = -1  # the next comma and the next character that ends a run, found once each
    to = caption.find(" to ")
    while to >= 0:
        if comma < to:
            comma = caption.find(",", to)
            if comma < 0:
                break
        if stop < to:
            found = _NOT_NAME_CHAR.search(caption, to)
            stop = found.start() if found else len(caption)
        if stop < comma:  # this run ends before any comma
            to = caption.find(" to ", to + 1)
            continue
        reverse = reverse or caption[::-1]
        run = _NAME_CHARS.match(reverse, len(caption) - to)
        start = to - (run.end() - run.start()) if run else to
        m = CAPTION_PAIR.search(caption, max(pos, start), comma + 1)
        if m:
            out.append(m)
        pos = comma + 1
        to = caption.find(" to ", comma)
    return out


# -- place --------------------------------------------------------------------------------------------------------


def _first_place(state: State, doc: Document) -> str | None:
    text = state.text
    for u in doc.units:
        if u.kind in ("dateline", "short", "head", "address"):
            m = places.find(u.text(text))
            if m:
                return places.canonical(m.group("place"))
    return None


def _place(state: State, doc: Document) -> None:
    text = state.text
    units = doc.units
    body = [n for n, u in enumerate(units) if u.kind == "prose"]
    first = body[0] if body else len(units)
    candidates: list[tuple[int, int, int, str]] = []  # (priority, start, end, name)
    reported = _occurrences(text, doc.start, doc.end, ("received", "sent"))
    for n, u in enumerate(units):
        in_top = n < first
        body_text = u.text(text)
        if u.kind == "address" and in_top:
            for line in u.lines:
                m = ADDRESS_LINE.match(line.text)
                if m and m.group("key").upper() == "FROM":
                    both = _FROM_TO_LINE.match(m.group("val").strip())
                    for found in places.finditer(both.group("a") if both else m.group("val")):
                        at = line.start + m.start("val") + found.start()
                        candidates.append((0, at, at + len(found.group(0)), found.group("place")))
                        break
        elif u.kind == "dateline":
            pm = places.find(body_text)
            if pm and dates.parse_one(body_text[pm.end() :]):
                candidates.append((1 if in_top else 2, u.start + pm.start(), u.start + pm.end(), pm.group("place")))
            elif not pm:
                lead = _LEAD_PLACE.match(body_text)
                if lead and dates.parse_one(body_text[lead.end("p") :]) and not dates.parse_one(lead.group("p")) \
                        and not _NOT_PLACE.match(lead.group("p")):
                    candidates.append((3, u.start + lead.start("p"), u.start + lead.end("p"), lead.group("p")))
        elif in_top and u.kind in ("head", "short", "formhead"):
            if _destination(text, units, n):
                continue
            for line in u.lines:
                tail = _TAIL.search(line.text)
                options = [(line.content_start, line.text.strip())]
                if tail:
                    options.append((line.start + tail.start("p"), tail.group("p")))
                for at, cand in options:
                    hit = places.find(cand)
                    # The place alone, before "via War", or before a postal district ("LONDON, S.W.1."), or a
                    # dateline under a letterhead in the same block ("EMBASSY OF THE ... / Paris, October 4, 1948").
                    if hit and hit.start() == 0 and (_AFTER_PLACE.fullmatch(cand[hit.end() :])
                                                     or dates.parse_one(cand[hit.end() :])):
                        candidates.append((1, at, at + len(hit.group(0)), hit.group("place")))
                        break
        if (u.kind in ("head", "short", "prose", "bracket", "note") or u.kind == "formhead") and _any_within(
                reported, u.start, u.end):
            for rf in _received_from(body_text):
                hit = places.find(rf.group("w"))
                if hit:
                    at = u.start + rf.start("w") + hit.start()
                    candidates.append((4, at, at + len(hit.group(0)), hit.group("place")))
    # "… to V. M. Molotov in London", "… Hopkins, at Moscow": the addressee's place, not the sender's.
    destinations = {places.canonical(m.group("place")) for h0, h1 in doc.heads
                    for m in _IN_AT.finditer(text[h0:h1])}
    candidates = [c for c in candidates if places.canonical(c[3]) not in destinations]
    if not candidates:
        return
    candidates.sort(key=lambda x: (x[0], x[1]))
    _, s, e, name = candidates[0]
    doc.place = places.canonical(name) or name.strip(" ,[]")
    doc.place_offset = s
    state.ann.add(span(s, e, "placeName", INNER, rule="correspondence"))


def _occurrences(text: str, start: int, end: int, words: tuple[str, ...]) -> list[int]:
    """Where any of ``words`` occurs in ``text[start:end]``, sorted (to ask about each unit without reading it)."""
    out: list[int] = []
    for word in words:
        at = text.find(word, start, end)
        while at >= 0:
            out.append(at)
            at = text.find(word, at + 1, end)
    out.sort()
    return out


def _any_within(offsets: list[int], start: int, end: int) -> bool:
    i = bisect_left(offsets, start)
    return i < len(offsets) and offsets[i] < end


RECEIVED_FROM = re.compile(r"\b(?:received|sent)\s+from\s+(?P<w>(?:\S+\s+){0,4}\S+)")


def _received_from(chunk: str) -> list[re.Match[str]]:
    """``RECEIVED_FROM.finditer(chunk)``, tried only where ``received`` or ``sent`` stands.

    Every paragraph is read for this phrase; a pattern that starts with ``\\b``
    is tried at every character, while the two words are found with ``str.find``.
    """
    starts: list[int] = []
    for word in ("received", "sent"):
        at = chunk.find(word)
        while at >= 0:
            starts.append(at)
            at = chunk.find(word, at + 1)
    out: list[re.Match[str]] = []
    pos = 0
    for at in sorted(starts):
        if at < pos:
            continue
        m = RECEIVED_FROM.match(chunk, at)
        if m:
            out.append(m)
            pos = m.end()
    return out


def _destination(text: str, units: list[Unit], n: int) -> bool:
    """``Secretary of State, / Washington.`` under an addressee line is where the telegram went."""
    if n == 0:
        return False
    prev = units[n - 1].text(text).strip()
    return units[n - 1].kind != "formhead" and prev.endswith(",") and not dates.parse_one(prev)
