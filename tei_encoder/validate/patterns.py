"""Explain RELAX NG errors in plain language, with what is allowed at the spot.

libxml2 decides whether a document is valid, but its messages ("Did not expect
element p there", "Invalid attribute when for element date") name neither what
is allowed nor, after a failed alternative, the right place. This module reads
the same RELAX NG grammar into patterns and replays the document with Brzozowski
derivatives (James Clark's algorithm, restricted to one element at a time), so
that at the first child or attribute that does not fit it can say what was
found and list what the grammar accepts there. It only explains: when it finds
nothing to say, the caller falls back to libxml2's verdict.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from lxml import etree

RNG = "http://relaxng.org/ns/structure/1.0"
XML_NS = "http://www.w3.org/XML/1998/namespace"
MAX_LISTED = 14
#: Elements people reach for first; "allowed here" lists them before the rest (TEI All allows hundreds).
PRIORITY = (
    "p", "ab", "head", "fw", "pb", "lb", "note", "div", "opener", "closer", "dateline", "salute", "signed",
    "postscript", "trailer", "list", "item", "quote", "q", "bibl", "persName", "placeName", "orgName", "date",
    "stamp", "hi", "del", "add", "unclear", "gap", "choice", "sic", "corr", "orig", "reg", "supplied", "seg",
    "title", "name", "rs", "idno", "num", "label", "addrLine", "correspAction", "correspDesc",
)
_RANK = {name: i for i, name in enumerate(PRIORITY)}

# ---------------------------------------------------------------- patterns


class Pattern:
    """A node of the grammar. Instances are compared by identity; helpers keep them small."""

    __slots__ = ()


class _Empty(Pattern):
    __slots__ = ()


class _NotAllowed(Pattern):
    __slots__ = ()


class _Text(Pattern):
    __slots__ = ()


EMPTY = _Empty()
NOT_ALLOWED = _NotAllowed()
TEXT = _Text()


@dataclass(eq=False)
class NameClass:
    """Names an element or attribute pattern accepts: a set, or any name except some."""

    names: frozenset[tuple[str, str]] = frozenset()
    any_ns: frozenset[str] = frozenset()  # nsName: any local name in these namespaces
    any_name: bool = False
    except_names: frozenset[tuple[str, str]] = frozenset()

    def matches(self, ns: str, local: str) -> bool:
        if (ns, local) in self.except_names:
            return False
        return self.any_name or (ns, local) in self.names or ns in self.any_ns

    def label(self) -> str:
        if self.names:
            return ", ".join(sorted(_qname(ns, loc) for ns, loc in self.names))
        return "any element"


@dataclass(eq=False)
class Element(Pattern):
    names: NameClass
    content: Pattern | None = None  # bound after construction (recursion)


@dataclass(eq=False)
class Attribute(Pattern):
    names: NameClass
    value: Pattern


@dataclass(eq=False)
class Data(Pattern):
    type: str
    params: tuple[tuple[str, str], ...] = ()
    exclude: Pattern | None = None


@dataclass(eq=False)
class Value(Pattern):
    type: str
    text: str


@dataclass(eq=False)
class ListP(Pattern):
    item: Pattern


@dataclass(eq=False)
class Choice(Pattern):
    items: tuple[Pattern, ...]


@dataclass(eq=False)
class Group(Pattern):
    first: Pattern
    second: Pattern


@dataclass(eq=False)
class Interleave(Pattern):
    first: Pattern
    second: Pattern


@dataclass(eq=False)
class OneOrMore(Pattern):
    item: Pattern


@dataclass(eq=False)
class Ref(Pattern):
    """A reference resolved on first use, so recursive grammars need no fixpoint."""

    grammar: Grammar
    name: str


def _qname(ns: str, local: str) -> str:
    if ns == XML_NS:
        return f"xml:{local}"
    return local


#: Patterns by their structure (kind and the identities of their parts): building the same structure twice
#: gives the same object, so ``choice`` can drop it as a duplicate by identity. Without this, each text or
#: refused child between elements of mixed content doubled the alternatives (2^k work for k such steps;
#: fuzz/fuzz_validate.py found a 3.7 KB file that took 55 s). An entry keeps its parts alive, so an id in a
#: key is never reused while the entry exists. Cleared with ``_NULLABLE`` around each ``explain``.
_INTERNED: dict[tuple[object, ...], Pattern] = {}


def _interned(key: tuple[object, ...], make: type[Pattern], *parts: object) -> Pattern:
    found = _INTERNED.get(key)
    if found is None:
        found = _INTERNED[key] = make(*parts)
    return found


def choice(items: Iterable[Pattern]) -> Pattern:
    flat: list[Pattern] = []
    seen: set[int] = set()
    for item in items:
        parts = item.items if isinstance(item, Choice) else (item,)
        for part in parts:
            if part is NOT_ALLOWED or id(part) in seen:
                continue
            seen.add(id(part))
            flat.append(part)
    if not flat:
        return NOT_ALLOWED
    if len(flat) == 1:
        return flat[0]
    return _interned(("choice", *map(id, flat)), Choice, tuple(flat))


def group(a: Pattern, b: Pattern) -> Pattern:
    if a is NOT_ALLOWED or b is NOT_ALLOWED:
        return NOT_ALLOWED
    if a is EMPTY:
        return b
    if b is EMPTY:
        return a
    return _interned(("group", id(a), id(b)), Group, a, b)


def interleave(a: Pattern, b: Pattern) -> Pattern:
    if a is NOT_ALLOWED or b is NOT_ALLOWED:
        return NOT_ALLOWED
    if a is EMPTY:
        return b
    if b is EMPTY:
        return a
    return _interned(("interleave", id(a), id(b)), Interleave, a, b)


def one_or_more(p: Pattern) -> Pattern:
    if p is NOT_ALLOWED or p is EMPTY:
        return p
    return _interned(("oneOrMore", id(p)), OneOrMore, p)


def resolve(p: Pattern) -> Pattern:
    while isinstance(p, Ref):
        p = p.grammar.define(p.name)
    return p


# ---------------------------------------------------------------- grammar loading


class UnsupportedGrammar(Exception):
    """The grammar uses a construct this explainer does not follow (include, externalRef...)."""


class Grammar:
    """The defines of one RELAX NG XML grammar, turned into patterns on demand."""

    def __init__(self, root: etree._Element) -> None:
        self._defs: dict[str, list[etree._Element]] = {}
        self._combine: dict[str, str] = {}
        self._start: list[etree._Element] = []
        self._cache: dict[str, Pattern] = {}
        if root.tag != f"{{{RNG}}}grammar":
            if not isinstance(root.tag, str) or not root.tag.startswith(f"{{{RNG}}}"):
                raise UnsupportedGrammar("the schema is not RELAX NG")
            # RELAX NG allows a schema that is one pattern (an <element> at the root): that pattern is the start.
            self.start = self._pattern(root, root)
            return
        for child in root:
            if child.tag == f"{{{RNG}}}define":
                name = child.get("name", "")
                self._defs.setdefault(name, []).append(child)
                if child.get("combine"):
                    self._combine[name] = child.get("combine", "choice")
            elif child.tag == f"{{{RNG}}}start":
                self._start.append(child)
            elif child.tag in (f"{{{RNG}}}include", f"{{{RNG}}}div"):
                raise UnsupportedGrammar(f"<{etree.QName(child).localname}> is not followed")
        self.start = choice(self._body(s) for s in self._start)

    @classmethod
    def from_file(cls, path: str | Path) -> Grammar:
        parser = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False, remove_comments=True)
        return cls(etree.parse(str(path), parser).getroot())

    def define(self, name: str) -> Pattern:
        cached = self._cache.get(name)
        if cached is not None:
            return cached
        nodes = self._defs.get(name)
        if not nodes:
            raise UnsupportedGrammar(f"reference to undefined pattern {name!r}")
        self._cache[name] = NOT_ALLOWED  # a guard against unguarded recursion
        parts = [self._body(n) for n in nodes]
        if self._combine.get(name) == "interleave":
            result = parts[0]
            for part in parts[1:]:
                result = interleave(result, part)
        else:
            result = choice(parts)
        self._cache[name] = result
        return result

    def _body(self, node: etree._Element) -> Pattern:
        return self._seq([c for c in node if isinstance(c.tag, str) and c.tag.startswith(f"{{{RNG}}}")], node)

    def _seq(self, children: list[etree._Element], parent: etree._Element) -> Pattern:
        result: Pattern = EMPTY
        for child in reversed(children):
            result = group(self._pattern(child, parent), result)
        return result

    def _ns(self, node: etree._Element) -> str:
        cur: etree._Element | None = node
        while cur is not None:
            if cur.get("ns") is not None:
                return cur.get("ns", "")
            cur = cur.getparent()
        return ""

    def _name_class(self, node: etree._Element, attribute: bool) -> tuple[NameClass, list[etree._Element]]:
        name = node.get("name")
        rest = [c for c in node if isinstance(c.tag, str) and c.tag.startswith(f"{{{RNG}}}")]
        if name is not None:
            return NameClass(names=frozenset([self._split(name.strip(), node, attribute)])), rest
        if not rest:
            raise UnsupportedGrammar("an element or attribute without a name")
        return self._nc(rest[0], attribute), rest[1:]

    def _split(self, name: str, node: etree._Element, attribute: bool) -> tuple[str, str]:
        if ":" in name:
            prefix, local = name.split(":", 1)
            if prefix == "xml":
                return XML_NS, local
            return node.nsmap.get(prefix, "") or "", local
        if attribute and node.get("ns") is None:
            return "", name
        return self._ns(node), name

    def _nc(self, node: etree._Element, attribute: bool) -> NameClass:
        tag = etree.QName(node).localname
        if tag == "name":
            return NameClass(names=frozenset([self._split((node.text or "").strip(), node, attribute)]))
        if tag == "choice":
            parts = [self._nc(c, attribute) for c in node if isinstance(c.tag, str)]
            return NameClass(
                names=frozenset().union(*(p.names for p in parts)),
                any_ns=frozenset().union(*(p.any_ns for p in parts)),
                any_name=any(p.any_name for p in parts),
                except_names=frozenset().union(*(p.except_names for p in parts)),
            )
        excluded: frozenset[tuple[str, str]] = frozenset()
        for exc in node.findall(f"{{{RNG}}}except"):
            for c in exc:
                if isinstance(c.tag, str):
                    excluded |= self._nc(c, attribute).names
        if tag == "anyName":
            return NameClass(any_name=True, except_names=excluded)
        if tag == "nsName":
            return NameClass(any_ns=frozenset([self._ns(node)]), except_names=excluded)
        raise UnsupportedGrammar(f"name class <{tag}>")

    def _pattern(self, node: etree._Element, parent: etree._Element) -> Pattern:
        tag = etree.QName(node).localname
        kids = [c for c in node if isinstance(c.tag, str) and c.tag.startswith(f"{{{RNG}}}")]
        if tag == "element":
            names, rest = self._name_class(node, attribute=False)
            el = Element(names)
            el.content = self._seq(rest, node)
            return el
        if tag == "attribute":
            names, rest = self._name_class(node, attribute=True)
            return Attribute(names, self._seq(rest, node) if rest else TEXT)
        if tag in ("group", "define", "start"):
            return self._seq(kids, node)
        if tag == "choice":
            return choice(self._pattern(k, node) for k in kids)
        if tag == "interleave":
            result: Pattern = EMPTY
            for k in kids:
                result = interleave(result, self._pattern(k, node))
            return result
        if tag == "optional":
            return choice([self._seq(kids, node), EMPTY])
        if tag == "zeroOrMore":
            return choice([one_or_more(self._seq(kids, node)), EMPTY])
        if tag == "oneOrMore":
            return one_or_more(self._seq(kids, node))
        if tag == "mixed":
            return interleave(self._seq(kids, node), TEXT)
        if tag == "ref":
            return Ref(self, node.get("name", ""))
        if tag == "empty":
            return EMPTY
        if tag == "notAllowed":
            return NOT_ALLOWED
        if tag == "text":
            return TEXT
        if tag == "value":
            return Value(node.get("type", "token"), node.text or "")
        if tag == "data":
            params = tuple((p.get("name", ""), p.text or "") for p in node.findall(f"{{{RNG}}}param"))
            exc = node.find(f"{{{RNG}}}except")
            exclude = choice(self._pattern(k, exc) for k in exc if isinstance(k.tag, str)) if exc is not None else None
            return Data(node.get("type", "token"), params, exclude)
        if tag == "list":
            return ListP(self._seq(kids, node))
        raise UnsupportedGrammar(f"<{tag}> is not followed")


# ---------------------------------------------------------------- derivatives


_NULLABLE: dict[Pattern, bool] = {}

#: Derivative steps one ``explain`` may take. The fixtures' invalid files take 1,000-2,500 and a 19 KB
#: encoded document with an error about 10,000; a hostile 3.7 KB file (TEI nested in mixed content, found by
#: fuzz/fuzz_validate.py) took 64 million, 55 s. Past the budget the caller falls back to libxml2's messages.
STEP_BUDGET = 500_000


class BudgetExhausted(Exception):
    """``explain`` used up ``STEP_BUDGET``: its findings would be incomplete, so it has none to give."""


_steps_left = STEP_BUDGET


def _step() -> None:
    global _steps_left
    _steps_left -= 1
    if _steps_left < 0:
        raise BudgetExhausted


def nullable(p: Pattern) -> bool:
    p = resolve(p)
    if p is EMPTY or p is TEXT:
        return True
    known = _NULLABLE.get(p)
    if known is not None:
        return known
    result = False
    if isinstance(p, Choice):
        result = any(nullable(i) for i in p.items)
    elif isinstance(p, Group | Interleave):
        result = nullable(p.first) and nullable(p.second)
    elif isinstance(p, OneOrMore):
        result = nullable(p.item)
    _NULLABLE[p] = result
    return result


def strip_attributes(p: Pattern) -> Pattern:
    """The pattern once no more attributes will come: attribute patterns can no longer match."""
    p = resolve(p)
    if isinstance(p, Attribute):
        return NOT_ALLOWED
    if isinstance(p, Choice):
        return choice(strip_attributes(i) for i in p.items)
    if isinstance(p, Group):
        return group(strip_attributes(p.first), strip_attributes(p.second))
    if isinstance(p, Interleave):
        return interleave(strip_attributes(p.first), strip_attributes(p.second))
    if isinstance(p, OneOrMore):
        inner = strip_attributes(p.item)
        return one_or_more(inner)
    return p


def attr_deriv(p: Pattern, ns: str, local: str, value: str | None) -> Pattern:
    """After one attribute; ``value=None`` accepts any value (to find which name is missing)."""
    _step()
    p = resolve(p)
    if isinstance(p, Attribute):
        if p.names.matches(ns, local) and (value is None or value_matches(p.value, value)):
            return EMPTY
        return NOT_ALLOWED
    if isinstance(p, Choice):
        return choice(attr_deriv(i, ns, local, value) for i in p.items)
    if isinstance(p, Group):
        return choice([group(attr_deriv(p.first, ns, local, value), p.second),
                       group(p.first, attr_deriv(p.second, ns, local, value))])
    if isinstance(p, Interleave):
        return choice([interleave(attr_deriv(p.first, ns, local, value), p.second),
                       interleave(p.first, attr_deriv(p.second, ns, local, value))])
    if isinstance(p, OneOrMore):
        return group(attr_deriv(p.item, ns, local, value), choice([p, EMPTY]))
    return NOT_ALLOWED


def child_deriv(p: Pattern, ns: str, local: str) -> Pattern:
    """After one child element (its own content is checked separately)."""
    _step()
    p = resolve(p)
    if isinstance(p, Element):
        return EMPTY if p.names.matches(ns, local) else NOT_ALLOWED
    if isinstance(p, Choice):
        return choice(child_deriv(i, ns, local) for i in p.items)
    if isinstance(p, Group):
        d = group(child_deriv(p.first, ns, local), p.second)
        if nullable(p.first):
            return choice([d, child_deriv(p.second, ns, local)])
        return d
    if isinstance(p, Interleave):
        return choice([interleave(child_deriv(p.first, ns, local), p.second),
                       interleave(p.first, child_deriv(p.second, ns, local))])
    if isinstance(p, OneOrMore):
        return group(child_deriv(p.item, ns, local), choice([p, EMPTY]))
    return NOT_ALLOWED


def text_deriv(p: Pattern, text: str) -> Pattern:
    """After a run of non-blank text."""
    _step()
    p = resolve(p)
    if p is TEXT:
        return TEXT
    if isinstance(p, Data | Value | ListP):
        return EMPTY if value_matches(p, text) else NOT_ALLOWED
    if isinstance(p, Choice):
        return choice(text_deriv(i, text) for i in p.items)
    if isinstance(p, Group):
        d = group(text_deriv(p.first, text), p.second)
        if nullable(p.first):
            return choice([d, text_deriv(p.second, text)])
        return d
    if isinstance(p, Interleave):
        return choice([interleave(text_deriv(p.first, text), p.second),
                       interleave(p.first, text_deriv(p.second, text))])
    if isinstance(p, OneOrMore):
        return group(text_deriv(p.item, text), choice([p, EMPTY]))
    return NOT_ALLOWED


def first_elements(p: Pattern, out: dict[int, Element] | None = None, seen: set[int] | None = None) -> list[Element]:
    """The element patterns that may come next, in grammar order."""
    out = {} if out is None else out
    seen = set() if seen is None else seen
    p = resolve(p)
    if id(p) in seen:
        return list(out.values())
    seen.add(id(p))
    if isinstance(p, Element):
        out.setdefault(id(p), p)
    elif isinstance(p, Choice):
        for i in p.items:
            first_elements(i, out, seen)
    elif isinstance(p, Group):
        first_elements(p.first, out, seen)
        if nullable(p.first):
            first_elements(p.second, out, seen)
    elif isinstance(p, Interleave):
        first_elements(p.first, out, seen)
        first_elements(p.second, out, seen)
    elif isinstance(p, OneOrMore):
        first_elements(p.item, out, seen)
    return list(out.values())


def allows_text(p: Pattern, seen: set[int] | None = None) -> bool:
    seen = set() if seen is None else seen
    p = resolve(p)
    if id(p) in seen:
        return False
    seen.add(id(p))
    if p is TEXT or isinstance(p, Data | Value | ListP):
        return True
    if isinstance(p, Choice):
        return any(allows_text(i, seen) for i in p.items)
    if isinstance(p, Group | Interleave):
        return allows_text(p.first, seen) or allows_text(p.second, seen)
    if isinstance(p, OneOrMore):
        return allows_text(p.item, seen)
    return False


def attributes_of(p: Pattern, out: list[Attribute] | None = None, seen: set[int] | None = None) -> list[Attribute]:
    """Every attribute pattern of an element's content (not of its children)."""
    out = [] if out is None else out
    seen = set() if seen is None else seen
    p = resolve(p)
    if id(p) in seen:
        return out
    seen.add(id(p))
    if isinstance(p, Attribute):
        out.append(p)
    elif isinstance(p, Choice):
        for i in p.items:
            attributes_of(i, out, seen)
    elif isinstance(p, Group | Interleave):
        attributes_of(p.first, out, seen)
        attributes_of(p.second, out, seen)
    elif isinstance(p, OneOrMore):
        attributes_of(p.item, out, seen)
    return out


# ---------------------------------------------------------------- data types

_NCNAME = r"[A-Za-z_\u00C0-\uFFFF][\w.\-\u00B7\u00C0-\uFFFF]*"
_DATE = r"-?\d{4,}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])(Z|[+-]\d\d:\d\d)?"
_TYPES: dict[str, str] = {
    "date": _DATE,
    "gYear": r"-?\d{4,}(Z|[+-]\d\d:\d\d)?",
    "gYearMonth": r"-?\d{4,}-(0[1-9]|1[0-2])(Z|[+-]\d\d:\d\d)?",
    "dateTime": r"-?\d{4,}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])T([01]\d|2[0-4]):[0-5]\d:[0-5]\d(\.\d+)?(Z|[+-]\d\d:\d\d)?",  # noqa: E501
    "time": r"([01]\d|2[0-4]):[0-5]\d:[0-5]\d(\.\d+)?(Z|[+-]\d\d:\d\d)?",
    "ID": _NCNAME,
    "IDREF": _NCNAME,
    "NCName": _NCNAME,
    "Name": r"[A-Za-z_:\u00C0-\uFFFF][\w.:\-\u00B7\u00C0-\uFFFF]*",
    "language": r"[a-zA-Z]{1,8}(-[a-zA-Z0-9]{1,8})*",
    "boolean": r"true|false|1|0",
    "nonNegativeInteger": r"\+?\d+",
    "positiveInteger": r"\+?0*[1-9]\d*",
    "integer": r"[+-]?\d+",
    "decimal": r"[+-]?(\d+(\.\d*)?|\.\d+)",
    "double": r"[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?|INF|-INF|NaN",
    "float": r"[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?|INF|-INF|NaN",
}
_DATE_TYPES = {"date", "gYear", "gYearMonth", "dateTime"}
_WS_COLLAPSE = {"token", "NCName", "Name", "ID", "IDREF", "language", "anyURI", "NMTOKEN"} | set(_TYPES)
_pattern_cache: dict[str, re.Pattern[str] | None] = {}


def _xsd_regex(pattern: str) -> re.Pattern[str] | None:
    """XML Schema regex as Python regex; None when it uses what Python lacks (then: accept)."""
    if pattern in _pattern_cache:
        return _pattern_cache[pattern]
    py = pattern.replace(r"\p{C}", r"\x00-\x1f\x7f-\x9f\u200b-\u200f\u2028-\u202e\ufeff")
    py = py.replace(r"\p{Z}", r"\s\u00a0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000")
    compiled: re.Pattern[str] | None
    if r"\p{" in py or r"\P{" in py or r"\i" in py or r"\c" in py:
        compiled = None
    else:
        try:
            compiled = re.compile(py)
        except re.error:
            compiled = None
    _pattern_cache[pattern] = compiled
    return compiled


def value_matches(p: Pattern, text: str) -> bool:
    p = resolve(p)
    if p is TEXT:
        return True
    if p is EMPTY:
        return text.strip() == ""
    if isinstance(p, Value):
        if p.type == "string":
            return text == p.text
        return " ".join(text.split()) == " ".join(p.text.split())
    if isinstance(p, Data):
        v = " ".join(text.split()) if p.type in _WS_COLLAPSE else text
        base = _TYPES.get(p.type)
        if base is not None and not re.fullmatch(base, v):
            return False
        if p.type == "anyURI" and any(c in v for c in "<>\"{}|^`\\") and " " in v:
            return False
        for name, param in p.params:
            if name == "pattern":
                rx = _xsd_regex(param)
                if rx is not None and not rx.fullmatch(v):
                    return False
            elif name == "minLength" and len(v) < int(param):
                return False
            elif name == "maxLength" and len(v) > int(param):
                return False
        return not (p.exclude is not None and value_matches(p.exclude, text))
    if isinstance(p, ListP):
        tokens = text.split()
        return _list_matches(p.item, tokens)
    if isinstance(p, Choice):
        return any(value_matches(i, text) for i in p.items)
    if isinstance(p, Group | Interleave | OneOrMore):
        return _list_matches(p, [text.strip()])
    return False


def _list_matches(p: Pattern, tokens: list[str]) -> bool:
    """Approximate list matching: each token fits one of the list's leaf types, and a list is not empty
    when the pattern needs one."""
    leaves = list(_leaves(p))
    if not tokens:
        return nullable(p)
    return all(any(value_matches(leaf, tok) for leaf in leaves) for tok in tokens)


def _leaves(p: Pattern, seen: set[int] | None = None) -> Iterator[Pattern]:
    seen = set() if seen is None else seen
    p = resolve(p)
    if id(p) in seen:
        return
    seen.add(id(p))
    if isinstance(p, Data | Value) or p is TEXT:
        yield p
    elif isinstance(p, Choice):
        for i in p.items:
            yield from _leaves(i, seen)
    elif isinstance(p, Group | Interleave):
        yield from _leaves(p.first, seen)
        yield from _leaves(p.second, seen)
    elif isinstance(p, OneOrMore):
        yield from _leaves(p.item, seen)


def describe_values(p: Pattern) -> tuple[str, bool, list[str]]:
    """(kind, closed, values): 'date' for date types, closed lists of literal values, else a type name."""
    leaves = list(_leaves(p))
    values = [leaf.text for leaf in leaves if isinstance(leaf, Value)]
    datas = [leaf for leaf in leaves if isinstance(leaf, Data)]
    if datas and all(d.type in _DATE_TYPES or d.type in ("gMonth", "gDay", "gMonthDay", "time") for d in datas):
        return "date", False, values
    if values and not datas and TEXT not in leaves:
        return "list", True, values
    kinds = sorted({d.type for d in datas})
    return ", ".join(kinds) or "text", False, values


_TYPE_WORDS = {
    "ID": "an XML name (a letter or _ first, then letters, digits, '.', '-' or '_')",
    "NCName": "an XML name (a letter or _ first, then letters, digits, '.', '-' or '_')",
    "Name": "an XML name",
    "anyURI": "a URI or a pointer such as #id, without spaces",
    "language": "a language code such as en, de or en-GB",
    "boolean": "true or false",
    "nonNegativeInteger": "a whole number (0 or more)",
    "token": "a single word without spaces",
}


# ---------------------------------------------------------------- explaining


@dataclass
class Finding:
    """One explained error: the element it is about, the attribute if any, and the message."""

    element: etree._Element
    message: str
    attribute: str | None = None
    #: For text problems: the line and column of the text itself (lxml keeps no lines for text).
    position: tuple[int, int] | None = None


@dataclass
class Explainer:
    """Replays documents against one grammar to say what is wrong and what would be allowed."""

    grammar: Grammar
    max_findings: int = 50
    _findings: list[Finding] = field(default_factory=list)

    @classmethod
    def from_file(cls, path: str | Path) -> Explainer:
        return cls(Grammar.from_file(path))

    @classmethod
    def from_root(cls, root: etree._Element) -> Explainer:
        return cls(Grammar(root))

    def explain(self, root: etree._Element) -> list[Finding]:
        """What is wrong, element by element; raises ``BudgetExhausted`` when that would take too long."""
        global _steps_left
        self._findings = []
        _NULLABLE.clear()  # derived patterns die with this call; keep the caches from pinning them
        _INTERNED.clear()
        _steps_left = STEP_BUDGET
        try:
            return self._explain(root)
        finally:
            _NULLABLE.clear()
            _INTERNED.clear()

    def _explain(self, root: etree._Element) -> list[Finding]:
        ns, local = _split_tag(root)
        roots = [e for e in first_elements(self.grammar.start) if e.names.matches(ns, local)]
        if not roots:
            starts = first_elements(self.grammar.start)
            self._add(root, f"the root element <{_tag(root)}>{_ns_note(ns)} is not allowed; "
                            f"the schema expects {_names(starts, with_ns=True)}")
            return self._findings
        self._check(root, roots)
        return self._findings

    def _add(self, el: etree._Element, message: str, attribute: str | None = None) -> None:
        if len(self._findings) < self.max_findings:
            self._findings.append(Finding(el, message, attribute))

    def _check(self, el: etree._Element, candidates: list[Element]) -> None:
        """Check el against the first candidate that fits, else report against the best one."""
        best: list[Finding] | None = None
        best_children: list[tuple[etree._Element, list[Element]]] = []
        for cand in candidates:
            findings, children = self._check_one(el, cand)
            if best is None or len(findings) < len(best):
                best, best_children = findings, children
            if not findings:
                break
        for f in best or []:
            if len(self._findings) < self.max_findings:
                self._findings.append(f)
        for child, pats in best_children:
            if len(self._findings) >= self.max_findings:
                return
            self._check(child, pats)

    def _check_one(
        self, el: etree._Element, pat: Element
    ) -> tuple[list[Finding], list[tuple[etree._Element, list[Element]]]]:
        findings: list[Finding] = []
        name = _tag(el)
        content: Pattern = pat.content or EMPTY
        # --- attributes
        p = content
        # @type first: other attributes' allowed values often depend on it (stamp/@subtype, div/@xml:id).
        items = sorted(el.attrib.items(), key=lambda kv: kv[0] != "type")
        refused = False
        for qname, value in items:
            ans, alocal = _split_qname(str(qname))
            if ans == "http://www.w3.org/2001/XMLSchema-instance":
                continue
            d = attr_deriv(p, ans, alocal, str(value))
            if d is NOT_ALLOWED:
                refused = True
                findings.append(self._attribute_problem(el, p, content, ans, alocal, str(value)))
                continue
            p = d
        after_attrs = strip_attributes(p)
        if after_attrs is NOT_ALLOWED:
            # An attribute that is there with a refused value has been reported; it is not "missing".
            present = {_split_qname(str(q)) for q in el.attrib}
            missing = [
                a for a in _attr_names(p)
                if a not in present and strip_attributes(attr_deriv(p, a[0], a[1], None)) is not NOT_ALLOWED
            ]
            if missing:
                wanted = " or ".join("@" + _qname(*m) for m in missing)
                findings.append(Finding(el, f"element <{name}>{_attr_context(el)} needs attribute {wanted}"))
            elif not refused:
                findings.append(Finding(el, f"the attributes of <{name}> do not fit together"))
            after_attrs = strip_attributes(content)
            for qname in el.attrib:
                ans, alocal = _split_qname(str(qname))
                d = attr_deriv(after_attrs, ans, alocal, None)
                if d is not NOT_ALLOWED:
                    after_attrs = d
            after_attrs = strip_attributes(after_attrs) if after_attrs is not NOT_ALLOWED else NOT_ALLOWED
            if after_attrs is NOT_ALLOWED:
                return findings, []
        # --- children
        p = after_attrs
        children: list[tuple[etree._Element, list[Element]]] = []
        previous: etree._Element | None = None
        index = 0
        if el.text and el.text.strip():
            p = self._text_step(el, p, el.text, findings, None)
        for child in el:
            if not isinstance(child.tag, str):
                if child.tail and child.tail.strip():
                    p = self._text_step(el, p, child.tail, findings, previous)
                continue
            index += 1
            cns, clocal = _split_tag(child)
            options = [e for e in first_elements(p) if e.names.matches(cns, clocal)]
            if not options:
                findings.append(Finding(child, self._child_message(el, child, p, content, previous)))
                alternatives = [
                    e for e in _all_elements(content) if e.names.matches(cns, clocal)
                ] or self._global_patterns(cns, clocal)
                if alternatives:
                    children.append((child, alternatives))
            else:
                p = child_deriv(p, cns, clocal)
                children.append((child, options))
            previous = child
            if child.tail and child.tail.strip():
                p = self._text_step(el, p, child.tail, findings, child)
        child_errors = any(f.element is not el for f in findings)
        if p is not NOT_ALLOWED and not child_errors and not nullable(p):
            wanted = _names(first_elements(p))
            where = f"after <{_tag(previous)}>" if previous is not None else "at its start"
            findings.append(Finding(el, f"element <{name}> is incomplete: {where} it needs {wanted}"))
        return findings, children

    def _text_step(
        self, el: etree._Element, p: Pattern, text: str, findings: list[Finding], previous: etree._Element | None
    ) -> Pattern:
        d = text_deriv(p, text)
        if d is NOT_ALLOWED:
            snippet = " ".join(text.split())
            if len(snippet) > 40:
                snippet = snippet[:37] + "..."
            target = previous if previous is not None else el
            position = _text_position(el, previous, text)
            allowed = _names(first_elements(p))
            if allows_text(p):
                msg = f'text "{snippet}" is not allowed here inside <{_tag(el)}>; allowed here: {allowed}'
            else:
                msg = (f'text "{snippet}" is not allowed directly inside <{_tag(el)}>; '
                       f"put it in an element such as {allowed}")
            findings.append(Finding(target, msg, position=position))
            return p
        return d

    def _child_message(
        self, el: etree._Element, child: etree._Element, p: Pattern, content: Pattern,
        previous: etree._Element | None,
    ) -> str:
        cns, clocal = _split_tag(child)
        allowed_now = first_elements(p)
        listed = _names(allowed_now) if allowed_now else "nothing more"
        anywhere = any(e.names.matches(cns, clocal) for e in _all_elements(content))
        namesakes = [e for e in _all_elements(content) if any(n[1] == clocal and n[0] != cns for n in e.names.names)]
        if namesakes and not anywhere:
            return (f"element <{_tag(child)}>{_ns_note(cns)} is in the wrong namespace inside <{_tag(el)}>; "
                    f"the schema expects {_names(namesakes, with_ns=True)}")
        if anywhere:
            where = f" after <{_tag(previous)}>" if previous is not None else " at the start"
            return (f"element <{_tag(child)}> is not allowed{where} inside <{_tag(el)}>; "
                    f"allowed here: {listed}")
        return f"element <{_tag(child)}> is not allowed inside <{_tag(el)}>; allowed here: {listed}"

    def _attribute_problem(
        self, el: etree._Element, p: Pattern, content: Pattern, ns: str, local: str, value: str
    ) -> Finding:
        name = _tag(el)
        aname = _qname(ns, local)
        pats = [a for a in attributes_of(p) if a.names.matches(ns, local)]
        pats = pats or [a for a in attributes_of(content) if a.names.matches(ns, local)]
        if not pats:
            allowed = sorted({_qname(*n) for a in attributes_of(content) for n in a.names.names})
            listed = ", ".join(allowed) if allowed else "none"
            return Finding(el, f"attribute @{aname} is not allowed on <{name}>; allowed: {listed}", aname)
        if any(value_matches(a.value, value) for a in pats):
            return Finding(el, f'attribute @{aname}="{value}" does not fit with the other attributes of <{name}>',
                           aname)
        kind, closed, values = describe_values(choice(a.value for a in pats))
        shown = value if len(value) <= 60 else value[:57] + "..."
        if kind == "date":
            return Finding(el, f'{name}/@{aname}="{shown}" is not an ISO date; write YYYY-MM-DD, YYYY-MM or YYYY',
                           aname)
        if closed:
            listed = ", ".join(dict.fromkeys(values))
            return Finding(el, f'{name}/@{aname}="{shown}" is not one of the allowed values: {listed}', aname)
        words = "; or ".join(_TYPE_WORDS.get(k.strip(), f"a valid {k.strip()}") for k in kind.split(","))
        if values:
            words = ", ".join(dict.fromkeys(values)) + ", or " + words
        return Finding(el, f'{name}/@{aname}="{shown}" is not a valid value; expected {words}', aname)

    def _global_patterns(self, ns: str, local: str) -> list[Element]:
        found: list[Element] = []
        for define in list(self.grammar._defs):
            try:
                p = self.grammar.define(define)
            except UnsupportedGrammar:
                continue
            p = resolve(p)
            if isinstance(p, Element) and p.names.matches(ns, local):
                found.append(p)
        return found


def _all_elements(p: Pattern) -> list[Element]:
    """Every element pattern a content model mentions, at any position."""
    out: dict[int, Element] = {}
    seen: set[int] = set()
    stack = [p]
    while stack:
        cur = resolve(stack.pop())
        if id(cur) in seen:
            continue
        seen.add(id(cur))
        if isinstance(cur, Element):
            out.setdefault(id(cur), cur)
        elif isinstance(cur, Choice):
            stack.extend(reversed(cur.items))
        elif isinstance(cur, Group | Interleave):
            stack.extend([cur.second, cur.first])
        elif isinstance(cur, OneOrMore):
            stack.append(cur.item)
    return list(out.values())


def _attr_names(p: Pattern) -> list[tuple[str, str]]:
    names: dict[tuple[str, str], None] = {}
    for a in attributes_of(p):
        for n in sorted(a.names.names):
            names[n] = None
    return list(names)


def _attr_context(el: etree._Element) -> str:
    t = el.get("type")
    return f' type="{t}"' if t is not None else ""


def _ns_note(ns: str) -> str:
    return f" (namespace {ns})" if ns else " (in no namespace)"


def _text_position(el: etree._Element, previous: etree._Element | None, text: str) -> tuple[int, int] | None:
    """Where a run of text starts: the line of what precedes it plus the newlines in between."""
    if previous is not None:
        if not previous.sourceline:
            return None
        body = etree.tostring(previous, with_tail=False)
        line = previous.sourceline + body.count(b"\n")
    else:
        if not el.sourceline:
            return None
        line = el.sourceline
    lead = text[: len(text) - len(text.lstrip())]
    line += lead.count("\n")
    if "\n" in lead:
        return line, len(lead) - lead.rfind("\n")
    return line, 0


def _names(elements: list[Element], with_ns: bool = False) -> str:
    names: list[str] = []
    for e in elements:
        for n in sorted(e.names.names):
            q = _qname(*n)
            if with_ns and n[0] and n[0] != XML_NS:
                q = f"<{q}> in namespace {n[0]}"
            if q not in names:
                names.append(q)
        if not e.names.names:
            names.append("any element")
    if not names:
        return "nothing"
    names.sort(key=lambda n: _RANK.get(n, len(_RANK)))
    if len(names) > MAX_LISTED:
        return ", ".join(names[:MAX_LISTED]) + f", ... ({len(names) - MAX_LISTED} more)"
    return ", ".join(names)


def _split_tag(el: etree._Element) -> tuple[str, str]:
    # Not etree.QName: it refuses a namespace URI such as "}" that the parser accepted.
    tag = el.tag if isinstance(el.tag, str) else ""
    if tag.startswith("{"):
        ns, _, local = tag[1:].rpartition("}")
        return ns, local
    return "", tag


def _split_qname(name: str) -> tuple[str, str]:
    if name.startswith("{"):
        ns, local = name[1:].split("}", 1)
        return ns, local
    return "", name


def _tag(el: etree._Element) -> str:
    ns, local = _split_tag(el)
    if ns == "http://www.w3.org/2001/XInclude":
        return f"xi:{local}"
    return local
