"""The one place where annotations become TEI elements.

Spans are nested into a tree (a span that crosses another is dropped and
reported, never allowed to break well-formedness), each document division is
fitted to TEI's ``div`` content model (opening matter, then body, then closing
matter), and text is copied between elements character for character.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from lxml import etree

from .spans import BLOCK, PHRASE, Span

TEI_NS = "http://www.tei-c.org/ns/1.0"
XML_NS = "http://www.w3.org/XML/1998/namespace"

#: Elements that hold blocks, never loose text.
CONTAINERS = {"TEI", "text", "front", "body", "back", "div"}
#: Elements whose direct text must not get ``lb`` (empty or element-only content).
NO_LB = {"desc", "choice", "gap", "pb", "lb", "num", "idno"}
#: TEI ``model.divTop`` / ``model.divBottom`` members that we write.
TOP = {
    "head",
    "opener",
    "dateline",
    "salute",
    "byline",
    "docAuthor",
    "docDate",
    "argument",
    "epigraph",
    "signed",
    "address",
}
BOTTOM = {
    "closer",
    "signed",
    "dateline",
    "salute",
    "trailer",
    "postscript",
    "byline",
    "address",
    "docAuthor",
    "docDate",
    "argument",
    "epigraph",
}
GLOBAL = {"fw", "pb", "note", "lb", "milestone", "figure", "anchor", "cb", "gb"}
COMMON = {"p", "ab", "list", "q", "table", "lg", "quote", "listPerson", "sp", "label", "floatingText"}
#: Parts that only opener/closer/div may hold; inside a demoted block they become ``seg``.
PARTS = {"salute", "signed", "dateline", "addrLine"}
#: Transcription syntax that an element replaces; its characters are not written.
DROP_TAG = "#drop"

Warn = Callable[[int, str], None]
#: What XML counts as white space; Python's ``str.strip`` also strips NBSP and U+0085, which XML keeps as text.
XML_SPACE = " \t\n\r"


def tei(tag: str) -> str:
    return f"{{{TEI_NS}}}{tag}"


@dataclass
class Node:
    start: int
    end: int
    tag: str
    attrs: dict[str, str]
    inner: str = ""
    rank: int = 0
    children: list[Node] = field(default_factory=list)


def _key(s: Span) -> tuple[int, int, int, int, str]:
    zero = 0 if s.start == s.end else 1
    return (s.start, zero, -s.end, s.rank, s.tag)


def _contains(outer: Node, s: Span) -> bool:
    if s.start == s.end:
        return outer.start < s.start < outer.end
    return outer.start <= s.start and s.end <= outer.end


def _ordered(spans: Iterable[Span]) -> list[Span]:
    """``sorted(set(spans), key=_key)``, without hashing every span where no two share a key.

    Hashing a span calls its dataclass ``__hash__`` in Python. Where the keys are all
    different there are no duplicates and no ties, so sorting the keys alone gives
    the same order; where two share a key (a duplicate, or a tie that the set's
    order decides) the definition runs, so ties fall exactly as they always have.
    """
    spans = list(spans)
    by_key = dict(zip(map(_key, spans), spans, strict=True))
    if len(by_key) != len(spans):
        return sorted(set(spans), key=_key)
    return [by_key[k] for k in sorted(by_key)]


def nest(root: Node, spans: Iterable[Span], warn: Warn) -> Node:
    """Arrange spans into a tree under ``root``; a span that crosses an open one is dropped."""
    stack = [root]
    r0, r1 = root.start, root.end
    for s in _ordered(spans):
        start, end = s.start, s.end
        if not (r0 <= start and end <= r1):
            warn(start, f"{s.rule or s.tag}: <{s.tag}> lies outside its region and was not written")
            continue
        while len(stack) > 1 and start >= stack[-1].end:
            stack.pop()
        parent = stack[-1]
        if parent is not root:
            if not _contains(parent, s):
                warn(start, f"{s.rule or s.tag}: <{s.tag}> would cross <{parent.tag}> and was not written")
                continue
            if s.rank < parent.rank and start < end:
                # A block inside a phrase (a bracket note running over two paragraphs): keep the phrase.
                warn(start, f"{s.rule or s.tag}: <{s.tag}> would sit inside <{parent.tag}> and was not written")
                continue
        node = Node(start, end, s.tag, dict(s.attrs), s.inner, s.rank)
        parent.children.append(node)
        if start < end:
            stack.append(node)
    return root


def _demote(node: Node, tag: str) -> None:
    node.tag = tag
    for child in node.children:
        if child.tag in PARTS:
            child.attrs = {"type": child.tag}
            child.tag = "seg"
        _demote_parts(child)


def _demote_parts(node: Node) -> None:
    for child in node.children:
        if child.tag in PARTS:
            child.attrs = {"type": child.tag}
            child.tag = "seg"
        _demote_parts(child)


def fit_div(div: Node, source: str, warn: Warn) -> None:
    """Retag blocks so the division follows TEI: opening matter, body, closing matter.

    A salutation typed after a stamp block, or a receipt line after the
    signature, is real and common in telegrams; rather than write invalid TEI
    the block moves to the element the zone allows (opener, ab, closer).
    """
    if any(c.tag == "div" for c in div.children):
        _fit_divided(div)
        return
    blocks = [c for c in div.children if c.start < c.end or c.tag not in GLOBAL]
    common = [i for i, c in enumerate(blocks) if c.tag in COMMON]
    if not common:
        for c in reversed(blocks):
            if c.tag not in GLOBAL and c.tag != "div":
                _demote(c, "ab")
                common = [blocks.index(c)]
                break
    if not common:
        div.children.append(Node(div.end, div.end, "ab", {}, rank=BLOCK))
        return
    first, last = common[0], common[-1]
    for i, c in enumerate(blocks):
        if c.tag in GLOBAL or c.tag in COMMON or c.tag == "div":
            continue
        if i < first:
            if c.tag not in TOP:
                c.tag = "opener"
        elif i > last:
            if c.tag not in BOTTOM:
                c.tag = "closer" if c.tag == "opener" else "trailer"
        else:
            warn(c.start, f"<{c.tag}> inside the body of a document is written as <ab>")
            _demote(c, "ab")


def _fit_divided(div: Node) -> None:
    """A division with subdivisions may not hold paragraphs after them: those go into a subdivision too."""
    first = next(i for i, c in enumerate(div.children) if c.tag == "div")
    kept = div.children[: first + 1]
    run: list[Node] = []
    for child in div.children[first + 1 :]:
        if child.tag == "div" or child.tag in GLOBAL:
            if run:
                kept.append(Node(run[0].start, run[-1].end, "div", {}, rank=6, children=run))
                run = []
            kept.append(child)
        else:
            run.append(child)
    if run:
        kept.append(Node(run[0].start, run[-1].end, "div", {}, rank=6, children=run))
    div.children = kept


def _is_loose(child: Node) -> bool:
    """A phrase (a date, a name) that landed straight in a container, with no block around it: a container
    may not hold it, and retagging it as a block would keep attributes the block may not carry."""
    return child.rank >= PHRASE and child.tag not in GLOBAL and child.tag != DROP_TAG


def wrap_loose_text(node: Node, source: str, warn: Warn) -> None:
    """Give any text or phrase that no block claimed an ``ab``, so no character is lost."""
    if node.tag not in CONTAINERS:
        return
    cursor = node.start
    fixed: list[Node] = []
    run: list[Node] = []  # loose phrases since the last block, with the text around them
    run_from = cursor
    for child in [*node.children, None]:
        if child is not None and _is_loose(child):
            if not run:
                run_from = cursor
            run.append(child)
            cursor = max(cursor, child.end)
            continue
        stop = child.start if child is not None else node.end
        loose = _loose_block(source, run_from if run else cursor, stop, run, warn)
        if loose is not None:
            fixed.append(loose)
        run = []
        if child is not None:
            fixed.append(child)
            cursor = max(cursor, child.end)
    node.children = fixed
    for child in node.children:
        wrap_loose_text(child, source, warn)


def _loose_block(source: str, start: int, stop: int, run: list[Node], warn: Warn) -> Node | None:
    """The ``ab`` for ``source[start:stop]`` and the phrases in it, trimmed of white space; None if empty."""
    chunk = source[start:stop]
    if not run and not chunk.strip(XML_SPACE):
        return None
    first = start + len(chunk) - len(chunk.lstrip(XML_SPACE))
    last = start + len(chunk.rstrip(XML_SPACE))
    if run:  # a phrase may begin or end in white space: the block still holds all of it
        first, last = min(first, run[0].start), max(last, run[-1].end)
    warn(first, "text not claimed by any rule was written as <ab>")
    return Node(first, last, "ab", {}, rank=BLOCK, children=run)


def _set_attrs(el: etree._Element, attrs: dict[str, str]) -> None:
    for key, value in attrs.items():
        if key.startswith("xml:"):
            el.set(f"{{{XML_NS}}}{key[4:]}", value)
        else:
            el.set(key, value)


def _append_text(
    parent: etree._Element, last: etree._Element | None, text: str, lines: bool
) -> etree._Element | None:
    """Copy text after ``last`` (or into ``parent``), adding ``lb`` at each new line of mixed content."""
    if not text:
        return last
    pieces = text.split("\n") if lines else [text]
    for n, piece in enumerate(pieces):
        chunk = piece if n == len(pieces) - 1 else piece + "\n"
        if n > 0:
            lb = etree.SubElement(parent, tei("lb"))
            last = lb
        if last is None:
            parent.text = (parent.text or "") + chunk
        else:
            last.tail = (last.tail or "") + chunk
    return last


def emit(node: Node, parent: etree._Element, source: str) -> etree._Element:
    el = etree.SubElement(parent, tei(node.tag))
    _set_attrs(el, node.attrs)
    target = el
    if node.inner:
        target = etree.SubElement(el, tei(node.inner))
    lines = (
        node.tag not in CONTAINERS and node.tag not in NO_LB and (not node.inner or node.inner not in NO_LB)
    )
    cursor = node.start
    last: etree._Element | None = None
    for child in node.children:
        last = _append_text(target, last, source[cursor : child.start], lines)
        if child.tag == DROP_TAG and child.attrs.get("for") != node.tag:
            # Its element was not written (it crossed another): keep the characters after all.
            last = _append_text(target, last, source[child.start : child.end], lines)
            cursor = child.end
            continue
        cursor = child.end
        if child.tag == DROP_TAG:
            continue
        last = emit(child, target, source)
    _append_text(target, last, source[cursor : node.end], lines)
    return el


#: Elements written with their text in a ``desc`` (``gap``): TEI's desc holds no names, places or dates.
PLAIN = {"gap"}


def keep_descriptions_plain(root: Node) -> None:
    """Drop the elements that rules found inside an editor's description, keeping their characters.

    ``[illegible handwritten notation by Stalin]`` is one ``gap`` whose ``desc`` quotes the bracket; a
    ``persName`` for Stalin inside it would make the TEI invalid.
    """
    for node in _walk(root):
        if node.tag in PLAIN and node.children:
            node.children = [c for c in node.children if c.tag == DROP_TAG and c.attrs.get("for") == node.tag]


def build_region(
    parent: etree._Element,
    tag: str,
    start: int,
    end: int,
    spans: Iterable[Span],
    source: str,
    warn: Warn,
    attrs: dict[str, str] | None = None,
) -> etree._Element:
    """Build one region of the text (``front`` or ``body``) from the spans inside it."""
    root = nest(Node(start, end, tag, attrs or {}), spans, warn)
    keep_descriptions_plain(root)
    wrap_loose_text(root, source, warn)
    for node in _walk(root):
        if node.tag == "div":
            fit_div(node, source, warn)
    return emit_parsed(root, parent, source)


_local = threading.local()


def _parser() -> etree.XMLParser:
    """A parser per thread (lxml parsers are not shared between threads); huge_tree for megabyte paragraphs."""
    parser: etree.XMLParser | None = getattr(_local, "parser", None)
    if parser is None:
        parser = _local.parser = etree.XMLParser(huge_tree=True, resolve_entities=False, no_network=True)
    return parser


def emit_parsed(node: Node, parent: etree._Element, source: str) -> etree._Element:
    """``emit``'s tree, written as markup and parsed in one call rather than built element by element.

    A region has hundreds of elements and line breaks; lxml's per-element calls cost more than
    libxml2 parsing the same markup. The result is the same tree, so the same bytes. Where the markup
    could not say the same thing (a parent without TEI as its default namespace) or libxml2 refuses
    it (a character XML forbids), ``emit`` runs instead and behaves as it always has.
    """
    if parent.nsmap.get(None) != TEI_NS:
        return emit(node, parent, source)
    out: list[str] = []
    _markup(node, source, out, f' xmlns="{TEI_NS}"')
    try:
        el = etree.fromstring("".join(out), _parser())
    except (etree.XMLSyntaxError, ValueError):
        return emit(node, parent, source)
    parent.append(el)
    return el


def _markup(node: Node, source: str, out: list[str], xmlns: str = "") -> None:
    """Append the markup of ``node`` to ``out``, with the text, ``lb`` and drops ``emit`` writes."""
    out.append(f"<{node.tag}{xmlns}{_attr_markup(node.attrs)}>" if node.attrs else f"<{node.tag}{xmlns}>")
    if node.inner:
        out.append(f"<{node.inner}>")
    lines = (
        node.tag not in CONTAINERS and node.tag not in NO_LB and (not node.inner or node.inner not in NO_LB)
    )
    cursor = node.start
    for child in node.children:
        _text_markup(out, source[cursor : child.start], lines)
        if child.tag == DROP_TAG and child.attrs.get("for") != node.tag:
            _text_markup(out, source[child.start : child.end], lines)
            cursor = child.end
            continue
        cursor = child.end
        if child.tag == DROP_TAG:
            continue
        _markup(child, source, out)
    _text_markup(out, source[cursor : node.end], lines)
    if node.inner:
        out.append(f"</{node.inner}>")
    out.append(f"</{node.tag}>")


def _text_markup(out: list[str], text: str, lines: bool) -> None:
    """Text escaped (a CR as a reference: the parser would read it as a line feed), an ``lb`` after each LF."""
    if text:
        text = text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\r", "&#13;")
        out.append(text.replace("\n", "\n<lb/>") if lines else text)


def _attr_markup(attrs: dict[str, str]) -> str:
    """Attributes in ``_set_attrs`` order; tab, line feed and CR as references, which the parser keeps."""
    return "".join(
        f' {key}="'
        + value.replace("&", "&amp;").replace("<", "&lt;").replace('"', "&quot;")
        .replace("\t", "&#9;").replace("\n", "&#10;").replace("\r", "&#13;")
        + '"'
        for key, value in attrs.items()
    )


def _walk(node: Node) -> Iterable[Node]:
    """Every node, parent before children, in document order; a node's children are read after the caller
    has had it (``fit_div`` may change them). A stack, not ``yield from``, which costs a frame per level."""
    stack = [node]
    while stack:
        here = stack.pop()
        yield here
        stack.extend(reversed(here.children))
