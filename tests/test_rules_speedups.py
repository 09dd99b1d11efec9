"""The fast paths of the semantic rules find exactly what the patterns they replace find (issue 6).

Each speed-up keeps the slow definition beside it (a pattern, or the word-by-word
scan written out here); these tests compare the two on texts built from the
words and characters that matter to them, including the non-ASCII characters
that case-insensitive matching reads as ASCII letters.
"""

from __future__ import annotations

import re

from hypothesis import given, settings
from hypothesis import strategies as st

from tei_encoder import asciiwords, dates, places
from tei_encoder.persons import Registry
from tei_encoder.rules import correspondence as corr
from tei_encoder.rules import persons as persons_rule

_ODD = ["é", "É", "ł", "Ł", "ß", "ﬁ", "’", "—", "²", "١", "\u0130", "\u0131", "\u017f", "\u212a"]


def _texts(words: list[str], max_size: int = 30, min_size: int = 0) -> st.SearchStrategy[str]:
    gaps = st.sampled_from([" ", " ", "  ", "", "\n", ", ", ". ", "-", "'"])
    return st.lists(st.tuples(st.sampled_from(words), gaps), min_size=min_size, max_size=max_size).map(
        lambda parts: "".join(w + g for w, g in parts))


def _documents(words: list[str]) -> st.SearchStrategy[str]:
    """Texts long enough to have their ASCII-word index kept (``asciiwords.KEPT_MIN``)."""
    return _texts(words, 700, 500).filter(lambda text: len(text) >= asciiwords.KEPT_MIN)


_DATE_WORDS = ["May", "may", "MAY", "March", "Septembers", "September", "Sept.", "sep", "Jan.", "December", "Mayday",
               "1st", "23rd", "31", "29", "5th", "1944", "1600", "2100", "of", "the", "p.m.", "noon", "Dated",
               "xMay", "éMay", "_May", "1May", "May1", "Moscow", "Augusta", "Ju\u212aly", "060355Z", "291930Z",
               "0603", "55Z", "Z", *_ODD]


def _month_starts_by_words(chunk: str) -> list[int]:
    """The scan ``dates._month_starts`` replaces: every word of up to nine letters looked up in the months."""
    out = []
    for w in re.finditer(r"[A-Za-z]{3,9}", chunk):
        if dates.MONTHS.get(w.group().lower()) is not None and not (w.start() > 0 and chunk[w.start() - 1].isalpha()):
            out.append(w.start())
    return out


@settings(max_examples=300, deadline=None)
@given(_texts(_DATE_WORDS))
def test_month_starts_are_the_word_scan(text: str) -> None:
    assert dates._month_starts(text) == _month_starts_by_words(text)


@settings(max_examples=40, deadline=None)
@given(_documents(_DATE_WORDS))
def test_month_starts_of_a_document_are_the_word_scan(text: str) -> None:
    assert dates._month_starts(text) == _month_starts_by_words(text)


@settings(max_examples=300, deadline=None)
@given(_texts(_DATE_WORDS), st.integers(0, 40), st.integers(0, 40))
def test_zulu_groups_are_the_dtg_scan(text: str, a: int, b: int) -> None:
    start, end = min(a, b, len(text)), min(max(a, b), len(text))
    want = [m.span() for m in dates.DTG.finditer(text, start, end) if m.group("z") == "Z"]
    assert [m.span() for m in dates.zulu_groups(text, start, end)] == want


_PLACE_WORDS = ["New", "new", "NEW", "Delhi", "York", "The", "the", "Hague", "Hyde", "Park", "Shangri-La", "Rio",
                "de", "Janeiro", "Moscow's",
                "Moscow’S", "London's's", "anti-Moscow", "x'Moscow", "9-Moscow", "é-Moscow", "'-'London", "Bern",
                "Berne", "Berner", "Rome", "Romeo", "Sofia", "Soﬁa", "\u017fofia", "Rome2", "_Rome", "Tehran",
                "\u212aarachi", "Karachi", "Key", "West", "Hot", "Springs", "Mexico", "City", "Washington", *_ODD]


def _places_by_words(text: str) -> list[tuple[int, int]]:
    """The scan ``places.finditer`` replaces: every word whose case-folded form, without a possessive ending,
    begins a place."""
    out = []
    pos = 0
    for w in re.finditer(r"\b[A-Za-z][\w'’-]*", text):
        if w.start() < pos or re.sub(r"['’]s$", "", w.group(), flags=re.I).casefold() not in places._first_words():
            continue
        m = places._pattern().match(text, w.start())
        if m:
            out.append(m.span())
            pos = m.end()
    return out


@settings(max_examples=300, deadline=None)
@given(_texts(_PLACE_WORDS, 60))
def test_places_are_the_word_scan(text: str) -> None:
    want = _places_by_words(text)
    assert [m.span() for m in places.finditer(text)] == want
    found = places.find(text)
    assert (found.span() if found else None) == (want[0] if want else None)


@settings(max_examples=40, deadline=None)
@given(_documents(_PLACE_WORDS))
def test_places_of_a_document_are_the_word_scan(text: str) -> None:
    assert [m.span() for m in places.finditer(text)] == _places_by_words(text)


@settings(max_examples=200, deadline=None)
@given(_texts([*_PLACE_WORDS, "[", "]", ",", "."], 3))
def test_canonical_is_the_gazetteer_scan(name: str) -> None:
    key = " ".join(name.split()).strip(" ,.;:[]()").casefold()
    assert places.canonical(name) == next((p for p in places.known() if p.casefold() == key), None)


_PROSE = ["I", "we", "have", "received", "sent", "from", "to", "for", "the", "President", "Stalin", "Mr.", "U.S.",
          "No.", "abc.", "xyz", "Memorandum", "Minutes", "Record", "Note", "by", "Moscow", "London", ".", ",", "\n",
          "711.61/11-746", "/", "12-345", "a.b/1-2", "9/11-299", ".123/1–299", "x", *_ODD]


@settings(max_examples=300, deadline=None)
@given(_texts(_PROSE))
def test_sentences_are_the_sentence_pattern(text: str) -> None:
    assert corr._sentences(text) == [m.span() for m in corr.SENTENCE.finditer(text)]


@settings(max_examples=300, deadline=None)
@given(_texts(_PROSE))
def test_received_from_and_by_are_their_patterns(text: str) -> None:
    assert [m.span() for m in corr._received_from(text)] == [m.span() for m in corr.RECEIVED_FROM.finditer(text)]
    by, want = corr._by(text), corr.BY.search(text)
    assert (by.span() if by else None) == (want.span() if want else None)


@settings(max_examples=300, deadline=None)
@given(_texts(_PROSE), st.integers(0, 200))
def test_file_number_is_the_search(text: str, end: int) -> None:
    end = min(end, len(text))
    got = corr._file_number(text, end, corr._file_number_starts(text))
    want = corr.FILE_NUMBER.search(text[:end])
    assert (got.span() if got else None) == (want.span() if want else None)


@settings(max_examples=300, deadline=None)
@given(_texts(["Stalin", "Roosevelt", "to", "to", ",", ".", "'", "(", ")", ";", "Mr.", "From", "President", "é",
               "_", "1", "-", "x", "to,", "Churchill"]))
def test_caption_pairs_are_the_pattern(text: str) -> None:
    caption = " ".join(text.split())
    want = [m.span() for m in corr.CAPTION_PAIR.finditer(caption)]
    assert [m.span() for m in corr._caption_pair_matches(caption)] == want


_NAMES = ["Stalin", "STALIN", "Stalin's", "Stalin’s", "StAlin", "Molotov", "Mr.", "MR.", "President", "Roosevelt",
          "Franklin", "D.", "I", "I.", "V.", "A.", "General", "GENERAL", "de", "Gaulle", "O'Dwyer", "Chiang",
          "Kai-shek", "Mackenzie", "King", "Prime", "Minister", "Secretary", "of", "State", "Generalissimo", "Lord",
          "Halifax", "Eden2", "M.", "Mme.", "John", "Smith", "Churchill", "H.", "L.", "Count", "Order", "x", "(", ")"]


@settings(max_examples=300, deadline=None)
@given(_texts(_NAMES))
def test_names_quick_path_is_the_full_reading(text: str) -> None:
    registry = Registry.load()
    names = persons_rule._names(registry)
    full = persons_rule._names_in(text, registry, names.bare, names.full, names.full_firsts)
    assert persons_rule._names_in(text, registry, names.bare, names.full, names.full_firsts, names) == full


def test_ascii_word_index() -> None:
    words = asciiwords.index("Moscow, MOSCOW's moscowite (Moscow)")
    assert words is not None and words.starts(b"moscow") == [0, 8, 28]
    assert asciiwords.index("Mo\u017fcow") is None  # the long s is an "s" to a case-insensitive pattern
    assert asciiwords.letters("İstanbul") is None  # lower-casing lengthens it


def _formula_without_prefilter(sentence: str, offset: int, registry: Registry, date: str) -> tuple[object, ...]:
    """``correspondence._formula`` as it was: every pattern searched."""
    if len(sentence.split()) > 16:
        return None, None
    for pattern in (corr.TO_FROM, corr.FROM_TO, corr.A_TO_B):
        m = pattern.search(sentence)
        if m and re.search(r"\b(?:I|we|you|he|she|they|have|has|had|was|were|is|are|will)\b",
                           sentence[: m.start()], re.I):
            continue
        if m and corr._designation(m.group("a"), registry, date) and corr._designation(m.group("b"), registry, date):
            a = corr._clean(m.group("a"))
            if not (registry.find(a) or registry.find_role(a, date or "1945-01-01") or corr.TITLE_WORD.match(a)):
                continue
            return (corr.Designation(m.group("a"), offset + m.start("a"), "formula"),
                    corr.Designation(m.group("b"), offset + m.start("b"), "formula"))
    return None, None


@settings(max_examples=300, deadline=None)
@given(_texts(["From", "FROM", "from", "To", "TO", "to", "for", "For", "Prime", "Minister", "President", "Truman",
               "Stalin", "Marshal", "I", "have", "received", "the", "message", "Mr.", "Churchill", "\u0130", "\u017f",
               ".", ";", ":", ","], 14))
def test_address_formula_is_the_same_with_the_word_check(sentence: str) -> None:
    registry = Registry.load()
    want = _formula_without_prefilter(sentence, 7, registry, "1945-05-01")
    assert corr._formula(sentence, 7, registry, "1945-05-01") == want
