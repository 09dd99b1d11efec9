"""Compile the RELAX NG compact syntax that schemas/*.rnc uses into RELAX NG XML.

The project keeps its schema as readable RNC but validates with lxml, which only
loads the XML syntax; trang would do the conversion but needs Java, and the
point of the validator is to need none. This compiler covers the part of RNC a
hand-written customization uses (declarations, defines, element, attribute,
list, mixed, data types with parameters and ``-`` exceptions, values, the
``, | &`` operators and ``? * +``); anything else is a clear error, never a
silent mistranslation. ``##`` comments become ``a:documentation``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from lxml import etree

RNG_NS = "http://relaxng.org/ns/structure/1.0"
ANN_NS = "http://relaxng.org/ns/compatibility/annotations/1.0"
XML_NS = "http://www.w3.org/XML/1998/namespace"
XSD_DT = "http://www.w3.org/2001/XMLSchema-datatypes"

_TOKEN_RE = re.compile(
    r"""
    (?P<ws>[ \t\r\n]+)
  | (?P<doc>\#\#[^\n]*)
  | (?P<comment>\#[^\n]*)
  | (?P<string>"(?:[^"\n])*"|'(?:[^'\n])*')
  | (?P<op>\|=|&=|[{}()=,|&?*+-])
  | (?P<name>\\?[A-Za-z_][A-Za-z0-9_.\-]*(?::[A-Za-z_][A-Za-z0-9_.\-]*)?)
    """,
    re.VERBOSE,
)

_KEYWORDS = {"element", "attribute", "list", "mixed", "text", "empty", "notAllowed"}


class RncError(ValueError):
    """A construct the compiler does not understand, with its line number."""


@dataclass
class _Tok:
    kind: str
    value: str
    line: int


def _tokenize(source: str) -> list[_Tok]:
    toks: list[_Tok] = []
    pos = 0
    line = 1
    while pos < len(source):
        m = _TOKEN_RE.match(source, pos)
        if m is None:
            raise RncError(f"line {line}: cannot read {source[pos:pos + 20]!r}")
        kind = m.lastgroup or ""
        text = m.group()
        if kind == "name" and text.endswith("-"):
            # "a -" never happens in names we write; keep '-' as the except operator.
            raise RncError(f"line {line}: a name may not end in '-': {text!r}")
        if kind == "name" and text.startswith("\\"):
            toks.append(_Tok("quoted", text[1:], line))
        elif kind == "doc":
            toks.append(_Tok("doc", text[2:].strip(), line))
        elif kind not in ("ws", "comment"):
            toks.append(_Tok(kind, text, line))
        line += text.count("\n")
        pos = m.end()
    toks.append(_Tok("eof", "", line))
    return toks


class _Parser:
    def __init__(self, toks: list[_Tok]) -> None:
        self.toks = toks
        self.i = 0
        self.prefixes: dict[str, str] = {"xml": XML_NS, "xsd": XSD_DT}
        self.default_ns = ""

    # -- token helpers -------------------------------------------------
    def peek(self, offset: int = 0) -> _Tok:
        j = self.i
        seen = 0
        while True:
            tok = self.toks[j]
            if tok.kind != "doc":
                if seen == offset:
                    return tok
                seen += 1
            j += 1

    def take_docs(self) -> list[str]:
        docs = []
        while self.toks[self.i].kind == "doc":
            docs.append(self.toks[self.i].value)
            self.i += 1
        return docs

    def next(self) -> _Tok:
        self.take_docs()
        tok = self.toks[self.i]
        self.i += 1
        return tok

    def expect(self, value: str) -> _Tok:
        tok = self.next()
        if tok.value != value or tok.kind in ("string",):
            raise RncError(f"line {tok.line}: expected {value!r}, found {tok.value!r}")
        return tok

    def error(self, tok: _Tok, what: str) -> RncError:
        return RncError(f"line {tok.line}: {what} (found {tok.value!r})")

    # -- grammar --------------------------------------------------------
    def parse(self) -> etree._Element:
        grammar = etree.Element(f"{{{RNG_NS}}}grammar", nsmap={None: RNG_NS, "a": ANN_NS})
        grammar.set("datatypeLibrary", XSD_DT)
        self._declarations()
        if self.default_ns:
            grammar.set("ns", self.default_ns)
        while self.peek().kind != "eof":
            docs = self.take_docs()
            tok = self.next()
            if tok.kind not in ("name", "quoted"):
                raise self.error(tok, "expected a define")
            op = self.next()
            if op.value not in ("=", "|=", "&="):
                raise self.error(op, "expected '=' after a define's name")
            if tok.value == "start":
                define = etree.SubElement(grammar, f"{{{RNG_NS}}}start")
            else:
                define = etree.SubElement(grammar, f"{{{RNG_NS}}}define", name=tok.value)
            if op.value == "|=":
                define.set("combine", "choice")
            elif op.value == "&=":
                define.set("combine", "interleave")
            for doc in docs:
                etree.SubElement(define, f"{{{ANN_NS}}}documentation").text = doc
            _append_body(define, self.pattern())
        return grammar

    def _declarations(self) -> None:
        while True:
            self.take_docs()
            tok = self.peek()
            if tok.value == "default" and self.peek(1).value == "namespace":
                self.next()
                self.next()
                if self.peek().kind == "name":
                    prefix = self.next().value
                else:
                    prefix = ""
                self.expect("=")
                uri = self._literal()
                self.default_ns = uri
                if prefix:
                    self.prefixes[prefix] = uri
            elif tok.value in ("namespace", "datatypes") and self.peek(2).value == "=":
                self.next()
                prefix = self.next().value
                self.expect("=")
                self.prefixes[prefix] = self._literal()
            else:
                return

    def _literal(self) -> str:
        tok = self.next()
        if tok.kind != "string":
            raise self.error(tok, "expected a quoted literal")
        return tok.value[1:-1]

    def pattern(self) -> etree._Element:
        first = self.particle()
        op = self.peek().value if self.peek().kind == "op" else ""
        if op not in (",", "|", "&"):
            return first
        tag = {",": "group", "|": "choice", "&": "interleave"}[op]
        node = etree.Element(f"{{{RNG_NS}}}{tag}")
        parts = [first]
        while self.peek().kind == "op" and self.peek().value in (",", "|", "&"):
            tok = self.next()
            if tok.value != op:
                raise self.error(tok, "mixing ',', '|' and '&' needs parentheses")
            parts.append(self.particle())
        for part in parts:
            if tag == "group":
                _append_body(node, part)  # (a, b), c is a, b, c
            else:
                node.append(part)
        return node

    def particle(self) -> etree._Element:
        prim = self.primary()
        tok = self.peek()
        if tok.kind == "op" and tok.value in ("?", "*", "+"):
            self.next()
            tag = {"?": "optional", "*": "zeroOrMore", "+": "oneOrMore"}[tok.value]
            wrap = etree.Element(f"{{{RNG_NS}}}{tag}")
            wrap.append(prim)
            return wrap
        return prim

    def _name(self, tok: _Tok, attribute: bool) -> tuple[str, str | None]:
        """An element or attribute name and its namespace (None: inherit)."""
        if tok.kind != "name":
            raise self.error(tok, "expected a name")
        if ":" in tok.value:
            prefix, local = tok.value.split(":", 1)
            if prefix not in self.prefixes:
                raise self.error(tok, f"undeclared prefix {prefix!r}")
            if prefix == "xml":
                return tok.value, None
            return local, self.prefixes[prefix]
        return tok.value, ("" if attribute else None)

    def primary(self) -> etree._Element:
        tok = self.next()
        v = tok.value
        if tok.kind == "op" and v == "(":
            inner = self.pattern()
            self.expect(")")
            return inner
        if tok.kind == "string":
            node = etree.Element(f"{{{RNG_NS}}}value")
            node.text = v[1:-1]
            return node
        if tok.kind == "quoted":
            return etree.Element(f"{{{RNG_NS}}}ref", name=v)
        if tok.kind != "name":
            raise self.error(tok, "expected a pattern")
        if v in ("element", "attribute"):
            name, ns = self._name(self.next(), attribute=(v == "attribute"))
            node = etree.Element(f"{{{RNG_NS}}}{v}", name=name)
            if ns is not None and (v == "element" or ns):
                node.set("ns", ns)
            self.expect("{")
            _append_body(node, self.pattern())
            self.expect("}")
            return node
        if v in ("list", "mixed"):
            node = etree.Element(f"{{{RNG_NS}}}{v}")
            self.expect("{")
            node.append(self.pattern())
            self.expect("}")
            return node
        if v in ("text", "empty", "notAllowed"):
            return etree.Element(f"{{{RNG_NS}}}{v}")
        if ":" in v:
            return self._datatype(tok)
        if v in _KEYWORDS:
            raise self.error(tok, "unsupported keyword")
        return etree.Element(f"{{{RNG_NS}}}ref", name=v)

    def _datatype(self, tok: _Tok) -> etree._Element:
        prefix, local = tok.value.split(":", 1)
        if self.prefixes.get(prefix) != XSD_DT:
            raise self.error(tok, "only the XML Schema datatypes (xsd:) are supported")
        if self.peek().kind == "string":
            node = etree.Element(f"{{{RNG_NS}}}value", type=local)
            node.text = self._literal()
            return node
        node = etree.Element(f"{{{RNG_NS}}}data", type=local)
        if self.peek().value == "{":
            self.next()
            while self.peek().value != "}":
                pname = self.next()
                if pname.kind != "name":
                    raise self.error(pname, "expected a parameter name")
                self.expect("=")
                param = etree.SubElement(node, f"{{{RNG_NS}}}param", name=pname.value)
                param.text = self._literal()
            self.expect("}")
        if self.peek().kind == "op" and self.peek().value == "-":
            self.next()
            exc = etree.SubElement(node, f"{{{RNG_NS}}}except")
            exc.append(self.primary())
        return node


def _append_body(parent: etree._Element, pattern: etree._Element) -> None:
    """Append a pattern to an element, define or group, splicing a group's members in.

    An ``element``, ``define`` or ``group`` with several children is already
    their group, so the result means the same. It is written flat because
    libxml2 validates an element whose attributes and content sit behind a
    wrapping ``group`` several times more slowly (about 4 us instead of 0.5 us
    per element; see docs/validation.md, "Speed").
    """
    if pattern.tag == f"{{{RNG_NS}}}group":
        for child in list(pattern):
            parent.append(child)
    else:
        parent.append(pattern)


def compile_rnc(source: str) -> etree._Element:
    """The RELAX NG XML grammar for an RNC source text."""
    return _Parser(_tokenize(source)).parse()


def compile_rnc_to_bytes(source: str) -> bytes:
    """Serialized, deterministic RNG: what scripts/build_schema.py writes to disk."""
    root = compile_rnc(source)
    etree.indent(root, space="  ")
    body: bytes = etree.tostring(root, xml_declaration=True, encoding="UTF-8", pretty_print=True)
    header = (
        b"<?xml version='1.0' encoding='UTF-8'?>\n"
        b"<!-- Generated from tei-encoder.rnc by scripts/build_schema.py; edit the .rnc, not this file. -->\n"
    )
    return header + body.split(b"\n", 1)[1]
