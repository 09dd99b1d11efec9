"""The encoder's fast paths answer exactly what the definitions they replace answer (issue: 2 ms per 15 KB).

Each test puts the shortcut beside the plain definition and compares the two on
texts built from the words and characters that matter to it. The byte-for-byte
check over generated transcripts is ``bench/output_digest.py``.
"""

from __future__ import annotations

import importlib
import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from lxml import etree

from tei_encoder import builder, profiles, source
from tei_encoder import classify as c
from tei_encoder import lines as lines_mod
from tei_encoder import spans as spans_mod
from tei_encoder.rules import editorial, marks


def _texts(words: list[str], max_size: int = 30) -> st.SearchStrategy[str]:
    gaps = st.sampled_from([" ", "", "\n", "  \n", ": ", ", ", ". ", "\n\n", "\t"])
    return st.lists(st.tuples(st.sampled_from(words), gaps), max_size=max_size).map(
        lambda parts: "".join(w + g for w, g in parts))


_DETECTORS = [d for p in profiles.all_profiles() for d in p.detectors]
_DETECT_WORDS = ["WAR DEPARTMENT", "INCOMING", "TELEGRAM", "CLASSIFIED MESSAGE", "FROM", "From", "To", "NR", "nr",
                 "DECLASSIFIED", "DECLASS", "~~", "SECRET", "(CONTINUED NEXT PAGE)", "Citation:", "Summary:",
                 "Contents:", "Original Language:", "[Page 24]", "[Page", "No. 3", "No.", "Truman Papers:", "Papers",
                 "Telegram", "740.0011/5-2345: Telegram", "711", "↩", "My dear Mr. President", "Dear Sir", "ear",
                 "Very sincerely yours,", "truly yours", "Participants:", "a" * 45, "wrapped mid", "and", "(see", "é"]


@pytest.mark.parametrize("pattern, want", [
    (r"^\s*Citation:\s*$", (("Citation:",),)),
    (r"^\s*(FROM|TO)\s*:", (("FROM", "TO"), (":",))),
    (r"^(?:ab|cd)x", (("ab", "cd"), ("x",))),
    (r"^(My )?[Dd]ear", (("ear",),)),
    (r"^(?i:dear) sir", ((" sir",),)),
    (r"(?i)dear", ()),
    (r"x*y+(ab)?", ()),
    (r"a|\d", ()),
])
def test_needles_are_the_literals_every_match_holds(pattern: str, want: tuple[tuple[str, ...], ...]) -> None:
    compiled = re.compile(pattern, re.M)
    found = () if compiled.flags & re.I else tuple(profiles._required(profiles._parser.parse(pattern, re.M).data))
    assert found == want


@pytest.mark.parametrize("pattern, want", [
    (r"^\s*Citation:\s*$", (("Citation:",),)),
    (r"^\s*(FROM|TO)\s*:", ()),
    (r"^\s*(Very )?(Sincerely|Truly) yours", (("Sincerely", "Truly"), (" yours",))),
    (r"\[Page \d+\]", ()),
])
def test_needles_are_only_those_worth_finding(pattern: str, want: tuple[tuple[str, ...], ...]) -> None:
    assert profiles.needles(re.compile(pattern, re.M)) == want


_WRAP_WORDS = ["a" * 10, "word", "x" * 39, "A" * 41, ",", ";", ".", " ", "\n", "(", "é", "b", "y" * 45, "\nb", "q,\n("]


@settings(max_examples=500, deadline=None)
@given(_texts(_WRAP_WORDS, 30))
def test_the_possessive_wrap_detector_is_the_one_it_replaced(text: str) -> None:
    before = re.compile(r"^[^\n]{40,}[a-z,;]\n[a-z(]", re.M)
    (wrap,) = [d for d in profiles.get("letter").detectors if "41" in d.pattern.pattern]
    assert bool(before.search(text)) == bool(wrap.pattern.search(text)) == wrap.hit(text)


@settings(max_examples=400, deadline=None)
@given(_texts(_DETECT_WORDS))
def test_a_detector_hits_exactly_where_its_pattern_does(text: str) -> None:
    for d in _DETECTORS:
        assert d.hit(text) == bool(d.pattern.search(text)), d.pattern.pattern


def _detect_by_definition(text: str) -> profiles.Profile:
    """The detection the single pass replaces: best (score, earlier) profile, letter when none scores."""
    best = max(profiles.all_profiles(),
               key=lambda p: (sum(d.weight for d in p.detectors if d.pattern.search(text[:profiles.HEAD])),
                              -profiles.ORDER.index(p.name)))
    return best if sum(d.weight for d in best.detectors if d.pattern.search(text[:profiles.HEAD])) > 0 \
        else profiles.get("letter")


@settings(max_examples=300, deadline=None)
@given(_texts(_DETECT_WORDS, 60))
def test_detect_is_the_definition(text: str) -> None:
    assert profiles.detect(text) is _detect_by_definition(text)


_LINE_TEXTS = _texts(["a", "  b c", "\n", "", "\t", "SECRET", "é"], 40)


@settings(max_examples=400, deadline=None)
@given(_LINE_TEXTS, st.data())
def test_lines_of_a_range_are_the_scan(text: str, data: st.DataObject) -> None:
    start = data.draw(st.integers(-2, len(text) + 2))
    end = data.draw(st.none() | st.integers(-2, len(text) + 2))
    want = lines_mod._scan(text, start, len(text) if end is None else end)
    assert lines_mod.lines(text, start, end) == want
    assert lines_mod.lines(text, start, end) == want  # from the cached table


@settings(max_examples=400, deadline=None)
@given(_texts(["word", "it's", "l’été", "A", "42", "Dear", "Sir", "Mr.", "yours", "x_y", "  ", "\n", "\u00a0", "”",
               ":", ",", ".", ";", "!", "?", '"', "\u2028", "\x85"], 14))
def test_is_prose_is_the_definition(text: str) -> None:
    assert c.is_prose(text) == c.is_prose_by_definition(text)


_MARK_WORDS = ["SECRET", "secret", "Top Secret", "TOP", "~~", "CONFIDENTIAL", "Restricted", "ſecret", "PERSONAL AND",
               "EYES ONLY", "Most", "September 13, 1944", "   ", "x", "\n", "\n\n", "Secretary", "RESTRICTED~~",
               "’", "é", "—", "\u0130", "\u0131", "\u212a", "RESTR\u0131CTED", "CONF\u0130DENTIAL"]


@settings(max_examples=400, deadline=None)
@given(_texts(_MARK_WORDS, 30), st.data())
def test_marks_reads_every_line_a_marking_pattern_matches(text: str, data: st.DataObject) -> None:
    start = data.draw(st.integers(0, len(text)))
    end = data.draw(st.integers(start, len(text)))
    want = [ln for ln in lines_mod._scan(text, start, end)
            if any(p.search(ln.text) for p in (c.MARK_LINE, c.MARK_THEN_SPACE, c.MARK_GLUED))]
    got = marks._candidates(text, start, end)
    assert [ln for ln in got if any(p.search(ln.text) for p in (c.MARK_LINE, c.MARK_THEN_SPACE, c.MARK_GLUED))] \
        == want


def test_only_letters_fold_onto_ascii_letters() -> None:
    """What ``marks._candidates`` relies on: case-insensitive matching folds no non-letter onto a-z."""
    folding = re.compile("[a-z]", re.I)
    odd = [hex(cp) for cp in range(0x80, 0x110000) if folding.fullmatch(chr(cp))]
    assert odd and all(marks._NON_ASCII_LETTER.fullmatch(chr(int(cp, 16))) for cp in odd)


_BUILD_WORDS = ["word", "a & b", "<x>", "]]>", '"q"', "’", "\t", "\r", "\n", "\n\n", " ", "~~", "é", "\u0085"]
_TAGS = [("p", 10), ("ab", 10), ("hi", 30), ("date", 30), ("persName", 30), ("gap", 30), ("#drop", 90), ("div", 0),
         ("closer", 10), ("lb", 40), ("stamp", 20)]
_ATTR_VALUES = ["x", "a&b", "<", '"', "\t", "\n", "\r", "é", "", "1 2"]


@st.composite
def _regions(draw: st.DrawFn) -> tuple[str, list[spans_mod.Span]]:
    text = draw(_texts(_BUILD_WORDS, 25))
    out = []
    for _ in range(draw(st.integers(0, 14))):
        a = draw(st.integers(0, len(text)))
        b = draw(st.integers(a, len(text)))
        tag, rank = draw(st.sampled_from(_TAGS))
        attrs = draw(st.dictionaries(st.sampled_from(["type", "when", "xml_id", "n", "for"]),
                                     st.sampled_from(_ATTR_VALUES), max_size=3))
        inner = draw(st.sampled_from(["", "", "", "desc", "hi"]))
        out.append(spans_mod.span(a, b, tag, rank, inner=inner, **attrs))
    return text, out


@settings(max_examples=300, deadline=None)
@given(_regions())
def test_parsed_markup_is_the_tree_emit_builds(region: tuple[str, list[spans_mod.Span]]) -> None:
    text, spans = region
    trees = []
    for write in (builder.emit, builder.emit_parsed):
        root = builder.nest(builder.Node(0, len(text), "body", {}), spans, lambda o, m: None)
        builder.wrap_loose_text(root, text, lambda o, m: None)
        for node in builder._walk(root):
            if node.tag == "div":
                builder.fit_div(node, text, lambda o, m: None)
        tei = etree.Element(builder.tei("TEI"), nsmap={None: builder.TEI_NS})  # type: ignore[dict-item]
        try:
            write(root, etree.SubElement(tei, builder.tei("text")), text)
        except ValueError as exc:
            trees.append(repr(exc).encode())
            continue
        trees.append(etree.tostring(tei, encoding="UTF-8"))
    assert trees[0] == trees[1]


@pytest.mark.parametrize("pattern, after", [
    (r"^\s*Citation:", True), (r"^a|b", False), (r"a^", False), (r"(?x)^ a", False), (r"\^a", False),
])
def test_line_starts_only_for_patterns_every_match_of_which_begins_a_line(pattern: str, after: bool) -> None:
    assert (profiles.line_starts(re.compile(pattern, re.M)) is not None) == after


def _blocks_by_definition(text: str, start: int, end: int) -> list[tuple[lines_mod.Line, ...]]:
    out: list[tuple[lines_mod.Line, ...]] = []
    run: list[lines_mod.Line] = []
    for line in lines_mod._scan(text, start, end):
        if line.blank:
            if run:
                out.append(tuple(run))
            run = []
        else:
            run.append(line)
    return [*out, tuple(run)] if run else out


@settings(max_examples=300, deadline=None)
@given(_LINE_TEXTS, st.data())
def test_blocks_of_a_range_are_the_definition(text: str, data: st.DataObject) -> None:
    start = data.draw(st.integers(0, len(text)))
    end = data.draw(st.integers(start, len(text)))
    got = list(lines_mod.blocks(text, start, end))
    assert [b.lines for b in got] == _blocks_by_definition(text, start, end)
    assert [b.text for b in got] == ["\n".join(ln.stripped for ln in b.lines) for b in got]


@settings(max_examples=200, deadline=None)
@given(_LINE_TEXTS)
def test_the_line_table_is_the_scan(text: str) -> None:
    table, starts, blank = lines_mod._split(text)
    assert list(table) == lines_mod._scan(text, 0, len(text))
    assert starts == [ln.start for ln in table] and blank == [ln.blank for ln in table]


@settings(max_examples=500, deadline=None)
@given(_texts(["...", ". . .", "…", "1:", "12", " ", "\t", "\n", "\n\n", "word", ".", "x.", "\r"], 25), st.data())
def test_dot_rows_are_the_pattern_s_matches(text: str, data: st.DataObject) -> None:
    start = data.draw(st.integers(0, len(text)))
    end = data.draw(st.integers(start, len(text)))
    want = [m.span("dots") for m in editorial.DOT_ROW.finditer(text, start, end)]
    assert [m.span("dots") for m in editorial.dot_rows(text, start, end)] == want


@settings(max_examples=200, deadline=None)
@given(_LINE_TEXTS, st.data())
def test_lines_blank_says_line_blank(text: str, data: st.DataObject) -> None:
    start = data.draw(st.integers(0, len(text)))
    end = data.draw(st.integers(start, len(text)))
    got, blank = lines_mod.lines_blank(text, start, end)
    assert got == lines_mod._scan(text, start, end) and blank == [ln.blank for ln in got]


@settings(max_examples=300, deadline=None)
@given(st.text(st.sampled_from(["a", " ", "\n", "\t", "\r", "\x00", "\x08", "\x0b", "\x0c", "\x1f", "\x7f", "é",
                                "\ufffe", "\uffff", "\ud800", "~"]), max_size=20))
def test_forbidden_characters_are_found_as_the_pattern_finds_them(text: str) -> None:
    assert source._has_forbidden(text) == (source._FORBIDDEN.search(text) is not None)


@settings(max_examples=300, deadline=None)
@given(_texts(["a", "bb", " ", "\n", "\t", "\u00a0", "\u2028", ""], 80))
def test_counting_words_to_thirty_is_counting_them_all(text: str) -> None:
    """``segment`` asks ``len(body.split(None, 29)) < 30`` for ``len(body.split()) < 30``."""
    assert (len(text.split(None, 29)) < 30) == (len(text.split()) < 30)


@pytest.mark.parametrize("name", sorted({step.name for p in profiles.all_profiles() for step in p.steps}))
def test_cached_rule_lookup_finds_what_importing_finds(name: str) -> None:
    from tei_encoder import rules

    assert rules.get(name) is importlib.import_module(f"tei_encoder.rules.{name}").apply
    assert rules.get(name) is rules.get(name)


def test_cached_rule_lookup_sees_a_replaced_apply(monkeypatch: pytest.MonkeyPatch) -> None:
    from tei_encoder import rules
    from tei_encoder.rules import pages

    rules.get("pages")

    def replaced(state: object) -> None:
        return None

    monkeypatch.setattr(pages, "apply", replaced)
    assert rules.get("pages") is replaced is importlib.import_module("tei_encoder.rules.pages").apply


def _nest_by_definition(root: builder.Node, spans: list[spans_mod.Span], warn: builder.Warn) -> builder.Node:
    """``builder.nest`` as it was before its sort skipped hashing and its containment test was inlined."""
    stack = [root]
    for s in sorted(set(spans), key=builder._key):
        if not (root.start <= s.start and s.end <= root.end):
            warn(s.start, f"{s.rule or s.tag}: <{s.tag}> lies outside its region and was not written")
            continue
        while len(stack) > 1 and s.start >= stack[-1].end:
            stack.pop()
        parent = stack[-1]
        if parent is not root and not builder._contains(parent, s):
            warn(s.start, f"{s.rule or s.tag}: <{s.tag}> would cross <{parent.tag}> and was not written")
            continue
        if parent is not root and s.rank < parent.rank and s.start < s.end:
            warn(s.start, f"{s.rule or s.tag}: <{s.tag}> would sit inside <{parent.tag}> and was not written")
            continue
        node = builder.Node(s.start, s.end, s.tag, dict(s.attrs), s.inner, s.rank)
        parent.children.append(node)
        if s.start < s.end:
            stack.append(node)
    return root


@settings(max_examples=400, deadline=None)
@given(_regions(), st.integers(0, 3), st.integers(0, 3), st.booleans())
def test_nest_orders_and_nests_as_its_definition(region: tuple[str, list[spans_mod.Span]], cut0: int, cut1: int,
                                                 twice: bool) -> None:
    text, spans = region
    if twice:  # duplicates, and spans that tie on the sort key with other attributes
        spans = spans + spans[: len(spans) // 2] + [spans_mod.Span(s.start, s.end, s.tag, s.rank, (("n", "2"),))
                                                     for s in spans[:2]]
    start, end = min(cut0, len(text)), max(min(cut0, len(text)), len(text) - cut1)
    assert builder._ordered(spans) == sorted(set(spans), key=builder._key)
    got: list[tuple[int, str]] = []
    want: list[tuple[int, str]] = []
    fast = builder.nest(builder.Node(start, end, "body", {}), spans, lambda o, m: got.append((o, m)))
    slow = _nest_by_definition(builder.Node(start, end, "body", {}), spans, lambda o, m: want.append((o, m)))
    assert fast == slow
    assert got == want
