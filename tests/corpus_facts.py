"""Read the corpus facts back out of our TEI and score them against the gold files.

The reading follows ``tests/fixtures/corpus/FACTS.md`` to the letter, because those XPaths are the contract
between the encoder and every corpus check: a reader that is more lenient than the contract would hide
regressions, a stricter one would fail correct output.

Choices the contract leaves open, and why they were made this way:

* Documents are paired with gold documents by position (gold lists them in file order, and so must the
  encoder). A gold document with no encoded counterpart fails every per-document fact and contributes all
  of its gold items as misses; an extra encoded document contributes its items as false positives.
* Correspondence facts need *exactly one* ``correspDesc[@corresp='#id']`` (FACTS says so); with none or
  several, sender, addressee, date and place of that document count as wrong, null gold included.
* Sender/addressee are matched on the gold name's last word (its surname; the whole name when it is one
  word) as a whole word of the ``persName`` text or of the ``@ref``'ed ``listPerson`` entry, ignoring case
  and diacritics. A null gold name requires that no ``persName`` is there at all.
* List facts (classification marks with their struck state, strikethrough texts, editorial interventions)
  are matched **order-aware**: the longest common subsequence of the encoded and the gold list is the true
  positives. Gold lists them in file order and a reader of the edition meets them in that order, so a mark
  in the wrong place is not a hit. Marks and strikethroughs compare their text exactly after collapsing
  whitespace (case kept, as gold keeps it); interventions compare their kind class only (FACTS maps element
  to kind and says nothing about their text).
* Intervention kinds are compared as the classes the element set can tell apart: sic; gap/unclear
  (illegible, omission); supplied (supplied, conjecture); corr (correction); editorial note (note, deletion).
* Salute and signature are scored as F1 per document: equal texts are a true positive; an encoded text
  where gold has none, or a different text, is a false positive (and a miss too when gold has one).
* Persons: recall counts gold persons whose surname occurs as a whole word in some ``persName`` text of the
  document; precision counts distinct (by folded text) ``persName`` inside ``p`` and outside ``note`` that
  match no gold person, sender or addressee by the same rule. Only the element's text is used for persons,
  since FACTS names no ``@ref`` fallback there. With nothing to count, a ratio is 1.0; the other side of
  the pair (recall against precision) still catches an encoder that marks nothing or everything.
* "No word lost" searches each ``\\w+`` word of the decoded transcript, in order, as a substring of
  ``string(/TEI/text)`` (not as a whole token), because correct TEI such as ``colle<supplied>a</supplied>gues``
  legitimately joins the words of ``colle[a]gues``. A ``sic`` word written as ``[sic]`` may be skipped, at
  most once per ``t:sic`` element in the output.
* F1, recall and precision pool all documents of all fixtures; accuracy and exact-count rates are over
  gold documents; words lost are summed; validity is over fixture files.

Run ``python3 tests/corpus_facts.py`` for the table (``-v`` lists every miss, ``--no-validate`` skips the
12-second schema compile).
"""

from __future__ import annotations

import argparse
import json
import os
import re
import sys
import unicodedata
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from lxml import etree

TEI_NS = "http://www.tei-c.org/ns/1.0"
NS = {"t": TEI_NS}
XML_ID = "{http://www.w3.org/XML/1998/namespace}id"

REPO_ROOT = Path(__file__).resolve().parent.parent
CORPUS_DIR = REPO_ROOT / "tests" / "fixtures" / "corpus"
TEI_ALL = REPO_ROOT.parent / "shared" / "tei" / "tei_all.rng"

# The thresholds of the corpus issue, fact -> minimum value (documents: every file must split right). Words lost
# is a maximum, 0.
THRESHOLDS: dict[str, float] = {
    "documents": 1.0,
    "sender": 0.95,
    "addressee": 0.95,
    "date_sent": 0.95,
    "place_sent": 0.95,
    "classification_marks": 0.95,
    "strikethroughs": 0.95,
    "salute": 0.95,
    "signature": 0.95,
    "declassification_stamps": 0.95,
    "page_breaks": 0.95,
    "persons_recall": 0.9,
    "persons_precision": 0.9,
    "editorial_interventions": 0.9,
    "valid_tei_all": 1.0,
}
MAX_WORDS_LOST = 0

GOLD_KIND_CLASS = {
    "sic": "sic",
    "illegible": "gap",
    "omission": "gap",
    "supplied": "supplied",
    "conjecture": "supplied",
    "correction": "corr",
    "note": "note",
    "deletion": "note",
}

_FOLD_EXTRA = str.maketrans(
    {"ł": "l", "Ł": "L", "ø": "o", "Ø": "O", "đ": "d", "Đ": "D", "ħ": "h", "ı": "i", "ß": "ss", "æ": "ae",
     "Æ": "AE", "œ": "oe", "Œ": "OE", "þ": "th", "’": "'", "‘": "'", "ʼ": "'"}
)
_NAME_SUFFIXES = {"jr", "sr", "ii", "iii", "iv"}
_WORD = re.compile(r"\w+")
_SIC = re.compile(r"\[\s*sic\s*\]", re.IGNORECASE)


# --------------------------------------------------------------------------------------------------------------
# fixtures


@dataclass(frozen=True)
class Fixture:
    """One transcript of the corpus with its gold, located inside this repository."""

    stem: str
    input_path: Path
    gold_path: Path
    encoding: str
    newline: str
    style: str
    documents: int
    gold: dict[str, Any]

    def decoded(self) -> str:
        """The transcript as FACTS.md reads it: manifest encoding, newlines normalised to LF."""
        return normalise_newlines(self.input_path.read_bytes().decode(self.encoding))


def normalise_newlines(text: str) -> str:
    return text.replace("\r\n", "\n").replace("\r", "\n")


def issue_decoding(data: bytes) -> str | None:
    """How the issue says transcript bytes are read: UTF-8 with or without BOM, else cp1252.

    None where the issue leaves it open (a BOM followed by invalid UTF-8; bytes that are neither): there the
    encoder may refuse the input or read it its own way, and no word check can be made.
    """
    if data.startswith(b"\xef\xbb\xbf"):
        try:
            return data[3:].decode("utf-8")
        except UnicodeDecodeError:
            return None
    for codec in ("utf-8", "cp1252"):
        try:
            return data.decode(codec)
        except UnicodeDecodeError:
            continue
    return None


def _resolve_input(rel: str, corpus_dir: Path, repo_root: Path) -> Path:
    """Seeds are listed as ``../seeds/x`` relative to corpus/, but in this repo they live at ``<root>/seeds``."""
    candidate = (corpus_dir / rel).resolve()
    if candidate.exists():
        return candidate
    if Path(rel).parent.name == "seeds":
        return repo_root / "seeds" / Path(rel).name
    return candidate


def load_corpus(corpus_dir: Path = CORPUS_DIR, repo_root: Path = REPO_ROOT) -> list[Fixture]:
    manifest = json.loads((corpus_dir / "manifest.json").read_text(encoding="utf-8"))
    fixtures: list[Fixture] = []
    for entry in manifest:
        input_path = _resolve_input(entry["input"], corpus_dir, repo_root)
        gold_path = corpus_dir / entry["gold"]
        gold = json.loads(gold_path.read_text(encoding="utf-8"))
        fixtures.append(
            Fixture(
                stem=Path(entry["input"]).stem,
                input_path=input_path,
                gold_path=gold_path,
                encoding=entry["encoding"],
                newline=entry["newline"],
                style=entry["style"],
                documents=int(entry["documents"]),
                gold=gold,
            )
        )
    return fixtures


# --------------------------------------------------------------------------------------------------------------
# normalisation


def collapse(text: str) -> str:
    return " ".join(text.split())


def fold(text: str) -> str:
    """Case- and diacritic-insensitive form (``Mikołajczyk`` = ``Mikolajczyk``, curly = straight apostrophe)."""
    decomposed = unicodedata.normalize("NFKD", text.translate(_FOLD_EXTRA))
    stripped = "".join(c for c in decomposed if not unicodedata.combining(c))
    return collapse(stripped.translate(_FOLD_EXTRA).casefold())


def strip_trailing_punct(text: str) -> str:
    end = len(text)
    while end and (text[end - 1].isspace() or unicodedata.category(text[end - 1]).startswith("P")):
        end -= 1
    return text[:end]


def salute_key(text: str) -> str:
    return strip_trailing_punct(collapse(text).casefold())


def place_key(text: str) -> str:
    """Ignore case, brackets and punctuation, as FACTS says for places."""
    kept = "".join(" " if unicodedata.category(c).startswith("P") else c for c in text)
    return collapse(kept).casefold()


def mark_text(text: str) -> str:
    return collapse(text.replace("~", ""))


def surname(name: str) -> str:
    """The last word of a name, or the whole name when it is one word, folded for matching."""
    words = [w.strip(".,;:!?()[]\"'’‘") for w in name.split()]
    words = [w for w in words if w]
    while len(words) > 1 and words[-1].casefold().rstrip(".") in _NAME_SUFFIXES:
        words.pop()
    if not words:
        return ""
    last = words[-1]
    last = re.sub(r"['’]s$", "", last)
    return fold(last)


def name_in(surname_key: str, text: str) -> bool:
    if not surname_key:
        return False
    return re.search(r"(?<!\w)" + re.escape(surname_key) + r"(?!\w)", fold(text)) is not None


def lcs_length(a: Sequence[object], b: Sequence[object]) -> int:
    if not a or not b:
        return 0
    prev = [0] * (len(b) + 1)
    for x in a:
        cur = [0]
        for j, y in enumerate(b):
            cur.append(prev[j] + 1 if x == y else max(prev[j + 1], cur[j]))
        prev = cur
    return prev[-1]


# --------------------------------------------------------------------------------------------------------------
# reading facts from TEI


@dataclass
class Correspondent:
    """What FACTS lets us read of one correspAction's person: its text and its canonical name."""

    present: bool
    texts: list[str] = field(default_factory=list)


@dataclass
class DocFacts:
    xml_id: str | None
    corresp_count: int
    sender: Correspondent
    addressee: Correspondent
    date_when: str | None
    place: list[str] | None
    marks: list[tuple[str, bool]]
    stamps: int
    page_breaks: int
    strikethroughs: list[str]
    salute: str | None
    signed: str | None
    persnames: list[str]
    persnames_in_p: list[str]
    interventions: list[str]


@dataclass
class FileFacts:
    documents: list[DocFacts]
    text_string: str
    sic_elements: int


def _string(el: etree._Element) -> str:
    return str(el.xpath("string(.)"))


def _els(node: etree._Element, path: str, **variables: str) -> list[etree._Element]:
    result = etree.XPath(path, namespaces=NS)(node, **variables)
    assert isinstance(result, list)
    return [r for r in result if isinstance(r, etree._Element)]


def _strs(node: etree._Element, path: str) -> list[str]:
    result = node.xpath(path, namespaces=NS)
    assert isinstance(result, list)
    return [str(r) for r in result]


def _count(node: etree._Element, path: str) -> int:
    result = node.xpath(f"count({path})", namespaces=NS)
    assert isinstance(result, float)
    return int(result)


def _correspondent(action: etree._Element | None, root: etree._Element) -> Correspondent:
    if action is None:
        return Correspondent(present=False)
    names = _els(action, "t:persName[1]")
    if not names:
        return Correspondent(present=False)
    pers = names[0]
    texts = [_string(pers)]
    ref = pers.get("ref") or ""
    for token in ref.split():
        if token.startswith("#"):
            canon = _els(root, "//t:listPerson//t:person[@xml:id=$id]/t:persName[1]", id=token[1:])
            texts.extend(_string(c) for c in canon)
    return Correspondent(present=True, texts=texts)


def _place(action: etree._Element | None, root: etree._Element) -> list[str] | None:
    if action is None:
        return None
    places = _els(action, "t:placeName[1]")
    if not places:
        return None
    place = places[0]
    texts = [_string(place)]
    for token in (place.get("ref") or "").split():
        if token.startswith("#"):
            canon = _els(root, "//t:listPlace//t:place[@xml:id=$id]/t:placeName[1]", id=token[1:])
            texts.extend(_string(c) for c in canon)
    return texts


def _page_breaks(div: etree._Element) -> int:
    """Count ``pb`` after some non-blank text of the div (text seen in document order, tails included)."""
    seen_text = False
    count = 0
    for event, el in etree.iterwalk(div, events=("start", "end")):
        if event == "start":
            if el.tag == f"{{{TEI_NS}}}pb" and seen_text:
                count += 1
            if el.text and el.text.strip() and isinstance(el.tag, str):
                seen_text = True
        elif el is not div and el.tail and el.tail.strip():
            seen_text = True
    return count


def _intervention_class(el: etree._Element) -> str:
    local = etree.QName(el).localname
    return {"sic": "sic", "gap": "gap", "unclear": "gap", "supplied": "supplied", "corr": "corr"}.get(local, "note")


def read_document(div: etree._Element, root: etree._Element) -> DocFacts:
    xml_id = div.get(XML_ID)
    corresp = (
        _els(root, "/t:TEI/t:teiHeader/t:profileDesc/t:correspDesc[@corresp=$c]", c=f"#{xml_id}") if xml_id else []
    )
    sent = received = None
    if len(corresp) == 1:
        sent_l = _els(corresp[0], "t:correspAction[@type='sent']")
        recv_l = _els(corresp[0], "t:correspAction[@type='received']")
        sent = sent_l[0] if sent_l else None
        received = recv_l[0] if recv_l else None
    when_l = _strs(sent, "t:date/@when") if sent is not None else []
    marks = []
    for m in _els(div, ".//t:*[@type='classification']"):
        struck = bool(_els(m, ".//t:del")) or any(
            a.tag == f"{{{TEI_NS}}}del" for a in _ancestors_within(m, div)
        )
        marks.append((mark_text(_string(m)), struck))
    salutes = _els(div, ".//t:salute")
    signeds = _els(div, ".//t:signed")
    return DocFacts(
        xml_id=xml_id,
        corresp_count=len(corresp),
        sender=_correspondent(sent, root),
        addressee=_correspondent(received, root),
        date_when=str(when_l[0]) if when_l else None,
        place=_place(sent, root),
        marks=marks,
        stamps=_count(div, ".//t:*[@type='declassification']"),
        page_breaks=_page_breaks(div),
        strikethroughs=[mark_text(_string(d)) for d in _els(div, ".//t:del")],
        salute=_string(salutes[0]) if salutes else None,
        signed=_string(signeds[0]) if signeds else None,
        persnames=[_string(p) for p in _els(div, ".//t:persName")],
        persnames_in_p=_distinct(_string(p) for p in _els(div, ".//t:p//t:persName[not(ancestor::t:note)]")),
        interventions=[
            _intervention_class(e)
            for e in _els(
                div, ".//t:sic | .//t:gap | .//t:unclear | .//t:supplied | .//t:corr | .//t:note[@type='editorial']"
            )
        ],
    )


def _ancestors_within(el: etree._Element, stop: etree._Element) -> Iterable[etree._Element]:
    parent = el.getparent()
    while parent is not None and parent is not stop:
        yield parent
        parent = parent.getparent()


def _distinct(texts: Iterable[str]) -> list[str]:
    seen: dict[str, str] = {}
    for t in texts:
        seen.setdefault(fold(t), t)
    return list(seen.values())


def read_file(tree: etree._ElementTree | etree._Element) -> FileFacts:
    root: etree._Element = tree.getroot() if isinstance(tree, etree._ElementTree) else tree
    divs = _els(root, "/t:TEI/t:text/t:body/t:div[@type='document']")
    return FileFacts(
        documents=[read_document(d, root) for d in divs],
        text_string=str(root.xpath("string(/t:TEI/t:text)", namespaces=NS)),
        sic_elements=_count(root, "/t:TEI/t:text//t:sic"),
    )


def lost_words(transcript: str, text_string: str, sic_elements: int) -> list[str]:
    """Words of the transcript not found, in order, in ``string(/TEI/text)`` (see the module docstring)."""
    sic_spans = [m.span() for m in _SIC.finditer(transcript)]
    # Which [sic] words the encoder consumed is not known, so keep, per number of skips used, the best
    # (fewest lost, earliest cursor) state: skipping the wrong one could otherwise report a word as lost.
    states: dict[int, tuple[int, int, list[str]]] = {0: (0, 0, [])}
    for m in _WORD.finditer(transcript):
        word = m.group()
        skippable = word.casefold() == "sic" and any(a <= m.start() and m.end() <= b for a, b in sic_spans)
        nxt: dict[int, tuple[int, int, list[str]]] = {}
        for skips, (n_lost, pos, lost) in states.items():
            found = text_string.find(word, pos)
            offers = [(skips, (n_lost + 1, pos, [*lost, word]) if found < 0 else (n_lost, found + len(word), lost))]
            if skippable and skips < sic_elements:
                offers.append((skips + 1, (n_lost, pos, lost)))
            for key, state in offers:
                if key not in nxt or state[:2] < nxt[key][:2]:
                    nxt[key] = state
        states = nxt
    return min(states.values(), key=lambda s: s[:2])[2]


def invariant_problems(transcript: str, tei: bytes, schema: etree.RelaxNG | None = None) -> list[str]:
    """What breaks the encoder's invariants in one output: well-formed, valid against ``schema``, no word lost.

    Shared by the per-fixture tests, the property tests, the regression tests and the fuzz targets, so that
    all of them judge an output by the same rules.
    """
    try:
        root = etree.fromstring(tei, etree.XMLParser(resolve_entities=False, no_network=True))
    except etree.XMLSyntaxError as exc:
        return [f"not well-formed: {exc}"]
    problems: list[str] = []
    if schema is not None and not schema.validate(etree.ElementTree(root)):
        errors = "; ".join(f"line {e.line}: {e.message}" for e in list(schema.error_log)[:5])
        problems.append(f"invalid against the schema: {errors}")
    facts = read_file(root)
    lost = lost_words(normalise_newlines(transcript), facts.text_string, facts.sic_elements)
    if lost:
        problems.append(f"words lost: {lost[:20]!r}")
    return problems


# --------------------------------------------------------------------------------------------------------------
# scoring


@dataclass
class Tally:
    """Counts behind one row of the table; ``kind`` says which ratio they make."""

    kind: str  # "rate" (hits/total), "f1" (tp/fp/fn), "recall" or "precision" (hits/total)
    hits: int = 0
    total: int = 0
    tp: int = 0
    fp: int = 0
    fn: int = 0

    def add(self, other: Tally) -> None:
        self.hits += other.hits
        self.total += other.total
        self.tp += other.tp
        self.fp += other.fp
        self.fn += other.fn

    def value(self) -> float:
        if self.kind == "f1":
            denom = 2 * self.tp + self.fp + self.fn
            return 1.0 if denom == 0 else 2 * self.tp / denom
        return 1.0 if self.total == 0 else self.hits / self.total

    def counts(self) -> str:
        if self.kind == "f1":
            return f"tp={self.tp} fp={self.fp} fn={self.fn}"
        return f"{self.hits}/{self.total}"


MEASURES: dict[str, str] = {
    "documents": "rate",
    "sender": "rate",
    "addressee": "rate",
    "date_sent": "rate",
    "place_sent": "rate",
    "classification_marks": "f1",
    "strikethroughs": "f1",
    "salute": "f1",
    "signature": "f1",
    "declassification_stamps": "rate",
    "page_breaks": "rate",
    "persons_recall": "recall",
    "persons_precision": "precision",
    "editorial_interventions": "f1",
    "valid_tei_all": "rate",
}
MEASURE_LABEL = {"rate": "accuracy", "f1": "F1", "recall": "recall", "precision": "precision"}
EXACT_COUNT_FACTS = {"declassification_stamps", "page_breaks", "documents", "valid_tei_all"}


@dataclass
class FileScore:
    stem: str
    tallies: dict[str, Tally]
    words_lost: list[str]
    misses: list[str]

    @classmethod
    def empty(cls, stem: str) -> FileScore:
        return cls(stem, {k: Tally(v) for k, v in MEASURES.items()}, [], [])


def _list_tally(pred: Sequence[object], gold: Sequence[object]) -> Tally:
    tp = lcs_length(pred, gold)
    return Tally("f1", tp=tp, fp=len(pred) - tp, fn=len(gold) - tp)


def _single_tally(pred: str | None, gold: str | None) -> Tally:
    if pred is None and gold is None:
        return Tally("f1")
    if pred is not None and gold is not None and salute_key(pred) == salute_key(gold):
        return Tally("f1", tp=1)
    return Tally("f1", fp=int(pred is not None), fn=int(gold is not None))


def _correspondent_ok(c: Correspondent, gold: dict[str, Any]) -> bool:
    name = gold.get("name")
    if name is None:
        return not c.present
    key = surname(name)
    return c.present and any(name_in(key, t) for t in c.texts)


def score_document(facts: DocFacts | None, gold: dict[str, Any] | None, label: str) -> FileScore:
    """Score one document pair; either side may be missing (see the module docstring)."""
    s = FileScore.empty(label)
    t = s.tallies

    def rate(fact: str, ok: bool, detail: str) -> None:
        t[fact].total += 1
        if ok:
            t[fact].hits += 1
        else:
            s.misses.append(f"{label} {fact}: {detail}")

    def lst(fact: str, pred: Sequence[object], gold_list: Sequence[object]) -> None:
        tally = _list_tally(pred, gold_list)
        t[fact].add(tally)
        if tally.fp or tally.fn:
            s.misses.append(f"{label} {fact}: encoded {list(pred)!r} gold {list(gold_list)!r}")

    def single(fact: str, pred: str | None, gold_value: str | None) -> None:
        tally = _single_tally(pred, gold_value)
        t[fact].add(tally)
        if tally.fp or tally.fn:
            s.misses.append(f"{label} {fact}: encoded {pred!r} gold {gold_value!r}")

    if gold is None:
        assert facts is not None
        lst("classification_marks", facts.marks, [])
        lst("strikethroughs", facts.strikethroughs, [])
        single("salute", facts.salute, None)
        single("signature", facts.signed, None)
        lst("editorial_interventions", facts.interventions, [])
        t["persons_precision"].total += len(facts.persnames_in_p)
        if facts.persnames_in_p:
            s.misses.append(f"{label} persons_precision: extra document names {facts.persnames_in_p!r}")
        return s

    gold_marks = [(mark_text(m["text"]), bool(m["struck"])) for m in gold["classification_marks"]]
    gold_dels = [mark_text(x) for x in gold["strikethrough_texts"]]
    gold_kinds = [GOLD_KIND_CLASS[e["kind"]] for e in gold["editorial_interventions"]]
    gold_persons = [surname(p) for p in gold["persons_mentioned"]]

    if facts is None:
        for fact in ("sender", "addressee", "date_sent", "place_sent", "declassification_stamps", "page_breaks"):
            rate(fact, False, "no encoded document")
        lst("classification_marks", [], gold_marks)
        lst("strikethroughs", [], gold_dels)
        single("salute", None, gold["salute"])
        single("signature", None, gold["signature"])
        lst("editorial_interventions", [], gold_kinds)
        t["persons_recall"].total += len(gold_persons)
        return s

    one = facts.corresp_count == 1
    why = "" if one else f" ({facts.corresp_count} correspDesc for #{facts.xml_id})"
    rate("sender", one and _correspondent_ok(facts.sender, gold["sender"]),
         f"encoded {facts.sender.texts!r} gold {gold['sender']['name']!r}{why}")
    rate("addressee", one and _correspondent_ok(facts.addressee, gold["addressee"]),
         f"encoded {facts.addressee.texts!r} gold {gold['addressee']['name']!r}{why}")
    gold_date = gold["date_sent"]
    date_ok = facts.date_when is None if gold_date is None else (facts.date_when or "")[:10] == gold_date
    rate("date_sent", one and date_ok, f"encoded {facts.date_when!r} gold {gold_date!r}{why}")
    gold_place = gold["place_sent"]
    if gold_place is None:
        place_ok = facts.place is None
    else:
        place_ok = facts.place is not None and any(place_key(p) == place_key(gold_place) for p in facts.place)
    rate("place_sent", one and place_ok, f"encoded {facts.place!r} gold {gold_place!r}{why}")

    lst("classification_marks", facts.marks, gold_marks)
    lst("strikethroughs", facts.strikethroughs, gold_dels)
    rate("declassification_stamps", facts.stamps == gold["declassification_stamps"],
         f"encoded {facts.stamps} gold {gold['declassification_stamps']}")
    rate("page_breaks", facts.page_breaks == gold["page_breaks"],
         f"encoded {facts.page_breaks} gold {gold['page_breaks']}")
    single("salute", facts.salute, gold["salute"])
    single("signature", facts.signed, gold["signature"])

    missing = [p for p, key in zip(gold["persons_mentioned"], gold_persons, strict=True)
               if not any(name_in(key, n) for n in facts.persnames)]
    t["persons_recall"].total += len(gold_persons)
    t["persons_recall"].hits += len(gold_persons) - len(missing)
    if missing:
        s.misses.append(f"{label} persons_recall: not in any persName {missing!r}")
    allowed = gold_persons + [
        surname(g["name"]) for g in (gold["sender"], gold["addressee"]) if g.get("name")
    ]
    extra = [n for n in facts.persnames_in_p if not any(name_in(k, n) for k in allowed)]
    t["persons_precision"].total += len(facts.persnames_in_p)
    t["persons_precision"].hits += len(facts.persnames_in_p) - len(extra)
    if extra:
        s.misses.append(f"{label} persons_precision: match no gold person {extra!r}")

    lst("editorial_interventions", facts.interventions, gold_kinds)
    return s


Validator = Callable[[etree._ElementTree], str | None]
"""Returns None when valid, else a one-line reason."""


def score_file(
    fixture: Fixture, tei: bytes | etree._ElementTree, validators: Sequence[tuple[str, Validator]] = ()
) -> FileScore:
    """Score one encoded fixture. ``validators`` (name, check) run on the tree; tei_all is the table's row."""
    tree = etree.ElementTree(etree.fromstring(tei)) if isinstance(tei, bytes) else tei
    facts = read_file(tree)
    score = FileScore.empty(fixture.stem)
    gold_docs: list[dict[str, Any]] = fixture.gold["documents"]

    ids = [d.xml_id for d in facts.documents]
    docs_ok = len(facts.documents) == len(gold_docs) and None not in ids and len(set(ids)) == len(ids)
    score.tallies["documents"].total += 1
    score.tallies["documents"].hits += int(docs_ok)
    if not docs_ok:
        score.misses.append(f"{fixture.stem} documents: encoded {len(ids)} (ids {ids!r}) gold {len(gold_docs)}")

    for i in range(max(len(gold_docs), len(facts.documents))):
        doc = facts.documents[i] if i < len(facts.documents) else None
        gold = gold_docs[i] if i < len(gold_docs) else None
        part = score_document(doc, gold, f"{fixture.stem}#{i + 1}")
        for k, v in part.tallies.items():
            score.tallies[k].add(v)
        score.misses.extend(part.misses)

    score.words_lost = lost_words(fixture.decoded(), facts.text_string, facts.sic_elements)
    if score.words_lost:
        score.misses.append(f"{fixture.stem} words lost: {score.words_lost[:20]!r}")

    for name, check in validators:
        reason = check(tree)
        if name == "tei_all":
            score.tallies["valid_tei_all"].total += 1
            score.tallies["valid_tei_all"].hits += int(reason is None)
        if reason is not None:
            score.misses.append(f"{fixture.stem} invalid against {name}: {reason}")
    return score


@dataclass
class CorpusScore:
    tallies: dict[str, Tally]
    words_lost: int
    files: list[FileScore]

    @classmethod
    def total(cls, files: list[FileScore]) -> CorpusScore:
        tallies = {k: Tally(v) for k, v in MEASURES.items()}
        for f in files:
            for k, v in f.tallies.items():
                tallies[k].add(v)
        return cls(tallies, sum(len(f.words_lost) for f in files), files)

    def failures(self) -> list[str]:
        out = [
            f"{fact} {self.tallies[fact].value():.3f} < {minimum}"
            for fact, minimum in THRESHOLDS.items()
            if self.tallies[fact].value() < minimum
        ]
        if self.words_lost > MAX_WORDS_LOST:
            out.append(f"words lost {self.words_lost} > {MAX_WORDS_LOST}")
        return out

    def table(self, verbose: bool = False) -> str:
        rows = [("fact", "measure", "value", "counts", "threshold", "ok")]
        for fact, kind in MEASURES.items():
            tally = self.tallies[fact]
            label = "exact count" if fact in EXACT_COUNT_FACTS else MEASURE_LABEL[kind]
            if fact == "valid_tei_all" and tally.total == 0:
                rows.append((fact, label, "n/a", "not checked", f">= {THRESHOLDS[fact]:.2f}", "-"))
                continue
            ok = tally.value() >= THRESHOLDS[fact]
            rows.append((fact, label, f"{tally.value():.3f}", tally.counts(), f">= {THRESHOLDS[fact]:.2f}",
                         "yes" if ok else "NO"))
        rows.append(("words_lost", "count", str(self.words_lost), f"{len(self.files)} files",
                     f"<= {MAX_WORDS_LOST}", "yes" if self.words_lost <= MAX_WORDS_LOST else "NO"))
        widths = [max(len(r[i]) for r in rows) for i in range(len(rows[0]))]
        lines = ["  ".join(cell.ljust(w) for cell, w in zip(r, widths, strict=True)).rstrip() for r in rows]
        lines.insert(1, "  ".join("-" * w for w in widths))
        if verbose:
            lines.append("")
            lines.extend(m for f in self.files for m in f.misses)
        return "\n".join(lines)


# --------------------------------------------------------------------------------------------------------------
# validation and the command line


def relaxng_validator(schema: etree.RelaxNG) -> Validator:
    def check(tree: etree._ElementTree) -> str | None:
        if schema.validate(tree):
            return None
        errors = [f"line {e.line}: {e.message}" for e in schema.error_log]
        return "; ".join(errors[:5]) or "invalid"

    return check


def encode_fixture(fixture: Fixture) -> bytes:
    from tei_encoder.api import encode

    return encode(fixture.input_path).to_bytes()


def score_corpus(
    fixtures: Sequence[Fixture],
    validators: Sequence[tuple[str, Validator]] = (),
    encoder: Callable[[Fixture], bytes] = encode_fixture,
) -> CorpusScore:
    return CorpusScore.total([score_file(f, encoder(f), validators) for f in fixtures])


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Encode the corpus and print the facts table.")
    parser.add_argument("-v", "--verbose", action="store_true", help="list every miss under the table")
    parser.add_argument("--no-validate", action="store_true", help="skip tei_all validation (saves ~12 s)")
    parser.add_argument("--schema", type=Path, default=TEI_ALL, help="tei_all.rng to validate against")
    args = parser.parse_args(argv)
    validators: list[tuple[str, Validator]] = []
    if not args.no_validate:
        if not args.schema.exists():
            print(f"tei_all schema not found at {args.schema}; use --no-validate", file=sys.stderr)
            return 2
        validators.append(("tei_all", relaxng_validator(etree.RelaxNG(file=os.fspath(args.schema)))))
    score = score_corpus(load_corpus(), validators)
    print(score.table(verbose=args.verbose))
    return 0 if not score.failures() else 1


if __name__ == "__main__":
    sys.exit(main())
