"""Check one XML document against RELAX NG (and Schematron) and say what is wrong in plain words.

A ``Validator`` compiles its schemas once and is then used for any number of
files, in this process or in forked workers. libxml2 decides validity; the
``patterns`` explainer turns that verdict into messages with what is allowed;
Schematron messages are written for people in schemas/tei-encoder.sch.
"""

from __future__ import annotations

import os
import re
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from lxml import etree

from ..errors import InputError
from ..xmlsafe import UnsafeXMLError, local_include_target, parse_bytes, read_xml_file

if TYPE_CHECKING:
    from .patterns import Explainer, Finding

# The explainer (patterns), the RNC compiler and lxml.isoschematron are imported where they are needed:
# a run over valid files never explains anything, and start-up is most of a small CI run (docs/validation.md).

REPO_ROOT = Path(__file__).resolve().parents[2]


def schema_dir() -> Path:
    """Where the project's schemas are: inside the package when installed from a wheel, else the checkout's."""
    packaged = Path(__file__).resolve().parents[1] / "schemas"
    if (packaged / "tei-encoder.rng").is_file():
        return packaged
    return REPO_ROOT / "schemas"


SCHEMA_DIR = schema_dir()
PROJECT_RNG = SCHEMA_DIR / "tei-encoder.rng"
PROJECT_SCH = SCHEMA_DIR / "tei-encoder.sch"
XI_NS = "http://www.w3.org/2001/XInclude"
SVRL = "http://purl.oclc.org/dsdl/svrl"
XSL_NS = "http://www.w3.org/1999/XSL/Transform"
MAX_XINCLUDES = 1000
#: The Schematron phase with every pattern but the typed-strike one (schemas/tei-encoder.sch).
QUICK_PHASE = "without-typed-strikes"
#: Whether the typed-strike pattern could fire: it needs "~~" in the text of a <text> (the header may hold
#: "~~": the encoder's encodingDesc explains it). Comparing each <text>'s string value costs a third of
#: testing each text node.
_TILDES_IN_TEXT = etree.XPath("boolean(//tei:text[contains(., '~~')])",
                              namespaces={"tei": "http://www.tei-c.org/ns/1.0"})


def tei_all_path() -> Path:
    """Where TEI All lives: $TEI_ALL_RNG, else ../shared/tei/tei_all.rng beside the repository."""
    env = os.environ.get("TEI_ALL_RNG")
    if env:
        return Path(env)
    return REPO_ROOT.parent / "shared" / "tei" / "tei_all.rng"


class SchemaError(Exception):
    """The schema itself cannot be loaded: a usage error, not a verdict on the documents."""


@dataclass
class Problem:
    """One error in one file, located as precisely as the source allows."""

    line: int
    column: int
    message: str
    source: str  # parser | schema | schematron | xinclude | io
    rule: str | None = None

    def as_dict(self) -> dict[str, object]:
        return {"line": self.line, "column": self.column, "message": self.message, "source": self.source,
                "rule": self.rule}


@dataclass
class FileResult:
    path: str
    problems: list[Problem] = field(default_factory=list)
    io_error: bool = False
    seconds: float = 0.0

    @property
    def valid(self) -> bool:
        return not self.problems and not self.io_error


@dataclass
class SchemaChoice:
    """What to check against: a RELAX NG file, a display name, and whether to run Schematron too."""

    rng: Path
    name: str
    schematron: Path | None


def choose_schema(schema: str, schematron: bool | None = None) -> SchemaChoice:
    """'default' (project schema + Schematron), 'tei_all', or a path to a .rng/.rnc file."""
    if schema in ("default", "tei-encoder", "project"):
        sch = PROJECT_SCH if schematron in (None, True) else None
        return SchemaChoice(PROJECT_RNG, "tei-encoder", sch)
    if schema in ("tei_all", "tei-all"):
        return SchemaChoice(tei_all_path(), "tei_all", PROJECT_SCH if schematron else None)
    return SchemaChoice(Path(schema), Path(schema).name, PROJECT_SCH if schematron else None)


class Validator:
    """Compiled schemas plus the explainer, built once and reused for every file."""

    def __init__(self, choice: SchemaChoice, xinclude: bool = False) -> None:
        self.choice = choice
        self.xinclude = xinclude
        t0 = time.perf_counter()
        self._grammar_root = self._load_grammar(choice.rng)
        try:
            self.relaxng = etree.RelaxNG(self._grammar_root)
        except etree.RelaxNGParseError as exc:
            raise SchemaError(f"{choice.rng}: not a usable RELAX NG schema: {exc}") from None
        #: All the Schematron patterns, compiled when a document first needs them (see ``_schematron_for``).
        self.schematron: etree.XSLT | None = None
        self._schematron_quick: etree.XSLT | None = None
        if choice.schematron is not None:
            self._schematron_quick = compile_schematron(choice.schematron, QUICK_PHASE)
        self._explainer: Explainer | None = None
        self._explainer_failed = False
        self.compile_seconds = time.perf_counter() - t0

    @staticmethod
    def _load_grammar(path: Path) -> etree._Element:
        if not path.exists():
            hint = " (set TEI_ALL_RNG or put TEI P5 at ../shared/tei/)" if path.name == "tei_all.rng" else ""
            raise SchemaError(f"{path}: schema file not found{hint}")
        try:
            if path.suffix == ".rnc":
                from .rnc import compile_rnc

                return compile_rnc(path.read_text(encoding="utf-8"))
            root: etree._Element = etree.parse(str(path), _schema_parser()).getroot()
            return root
        except (OSError, etree.XMLSyntaxError, ValueError) as exc:  # ValueError: RncError
            raise SchemaError(f"{path}: cannot read the schema: {exc}") from None

    @property
    def explainer(self) -> Explainer | None:
        if self._explainer is None and not self._explainer_failed:
            from .patterns import Explainer, UnsupportedGrammar

            try:
                self._explainer = Explainer.from_root(self._grammar_root)
            except UnsupportedGrammar:
                self._explainer_failed = True
        return self._explainer

    # ------------------------------------------------------------ one file

    def validate_path(self, path: str) -> FileResult:
        t0 = time.perf_counter()
        try:
            # Only regular files, no more than the size cap: /dev/zero or a FIFO named as a file must not hang.
            data = read_xml_file(path)
        except UnsafeXMLError as exc:  # too large: a verdict on the file, like any refused file
            return FileResult(path, [Problem(exc.line, exc.column, exc.reason, "parser")],
                              seconds=time.perf_counter() - t0)
        except InputError as exc:
            return FileResult(path, [Problem(0, 0, exc.reason, "io")], io_error=True,
                              seconds=time.perf_counter() - t0)
        result = self.validate_bytes(data, path)
        result.seconds = time.perf_counter() - t0
        return result

    def validate_bytes(self, data: bytes, name: str) -> FileResult:
        result = FileResult(name)
        try:
            tree = parse_bytes(data, name)
        except UnsafeXMLError as exc:
            result.problems.append(Problem(exc.line, exc.column, exc.reason, "parser"))
            return result
        except InputError as exc:
            result.problems.append(Problem(0, 0, exc.reason, "parser"))
            return result
        problems: list[Problem] = []
        locate = _Locator(data)
        if self.xinclude:
            problems.extend(_expand_xincludes(tree, name, locate))
        else:
            for inc in tree.iter(f"{{{XI_NS}}}include"):
                line, col = locate.element(inc)
                problems.append(Problem(line, col, f'<xi:include href="{inc.get("href", "")}"> is not expanded: '
                                        "XInclude is off for safety (pass --xinclude to expand local files)",
                                        "xinclude"))
        if not self.relaxng.validate(tree):
            problems.extend(self._schema_problems(tree, locate))
        if self.choice.schematron is not None:
            problems.extend(self._schematron_problems(tree, locate))
        seen: set[tuple[int, str]] = set()
        for p in sorted(problems, key=lambda p: (p.line, p.column)):
            key = (p.line, p.message)
            if key not in seen:
                seen.add(key)
                result.problems.append(p)
        return result

    def _schema_problems(self, tree: etree._ElementTree, locate: _Locator) -> list[Problem]:
        log = list(self.relaxng.error_log)
        explainer = self.explainer
        out: list[Problem] = []
        findings: list[Finding] = []
        if explainer is not None:
            from .patterns import BudgetExhausted

            try:
                findings = explainer.explain(tree.getroot())
            except BudgetExhausted:
                explainer = None  # a document built to make the explainer's work explode: libxml2's words
        if explainer is not None:
            for f in findings:
                if isinstance(f.element.tag, str) and f.element.tag.startswith(f"{{{XI_NS}}}"):
                    continue
                line, col = locate.element(f.element, f.attribute)
                if f.position is not None:
                    line, col = f.position[0], f.position[1] or col
                out.append(Problem(line, col, f.message, "schema"))
            if out or any(etree.QName(e).namespace == XI_NS for e in tree.iter(f"{{{XI_NS}}}*")):
                return out
        for entry in log:
            out.append(Problem(entry.line, max(entry.column, 1), plain_libxml2(entry.message), "schema"))
        if not out:
            out.append(Problem(1, 1, "the document does not match the schema", "schema"))
        return out

    def _schematron_for(self, tree: etree._ElementTree) -> etree.XSLT:
        """The rules without the typed-strike pattern when no <text> holds "~~", else all of them.

        The typed-strike rule is the one rule tried on every element, a third
        of the Schematron's time on an encoded document, and it can only fire on
        an element inside a <text> whose own text holds "~~" twice; one XPath
        tells it has nothing to find. The full rules are compiled on first use:
        encoded documents never need them.
        """
        if self._schematron_quick is not None and not _TILDES_IN_TEXT(tree):
            return self._schematron_quick
        if self.schematron is None:
            assert self.choice.schematron is not None
            self.schematron = compile_schematron(self.choice.schematron)
        return self.schematron

    def _schematron_problems(self, tree: etree._ElementTree, locate: _Locator) -> list[Problem]:
        report = self._schematron_for(tree)(tree)
        out: list[Problem] = []
        pattern: str | None = None
        root = report.getroot()
        if root is None:
            return out
        for node in root:
            if not isinstance(node.tag, str):
                continue
            local = etree.QName(node).localname
            if local == "active-pattern":
                pattern = node.get("id")
            elif local in ("failed-assert", "successful-report"):
                text = " ".join((node.findtext(f"{{{SVRL}}}text") or "").split())
                line, col = 0, 0
                try:
                    hits = tree.xpath(node.get("location", "/"))
                except etree.XPathError:
                    hits = []
                hit = hits[0] if isinstance(hits, list) and hits else None
                if isinstance(hit, etree._Element):
                    line, col = locate.element(hit, _attribute_in(text))
                elif isinstance(hit, etree._ElementUnicodeResult) and hit.is_attribute:
                    # Rules on attributes (@ref, @when, ...) report the attribute: locate it on its element.
                    owner = hit.getparent()
                    if owner is not None:
                        line, col = locate.element(owner, _attribute_name(str(hit.attrname)))
                out.append(Problem(line, col, text, "schematron", node.get("id") or pattern))
        return out


def compile_schematron(path: Path, phase: str | None = None) -> etree.XSLT:
    """The Schematron rules as the XSLT that checks a document and writes SVRL.

    lxml's ISO Schematron (the ISO skeleton for XSLT 1.0) compiles the rules;
    we run the compiled XSLT ourselves rather than through
    ``isoschematron.Schematron.validate`` for one reason: the skeleton writes
    the location of a failure on an attribute as ``/@ref``, without the path to
    its element, and the rules on attributes (docs/validation.md, "Speed") need
    that path to report a line. One template of the compiled XSLT is completed
    to walk up to the element first, as it does for elements.
    """
    from lxml import isoschematron

    try:
        sch_doc = etree.parse(str(path), _schema_parser())
        # No svrl:fired-rule elements: nothing reads them, and writing one per matched node costs.
        compiled = isoschematron.Schematron(sch_doc, store_xslt=True, phase=phase,
                                            compile_params={"generate-fired-rule": "'false'"})
        xslt_doc = compiled.validator_xslt
        if xslt_doc is None:
            raise SchemaError(f"{path}: lxml returned no compiled Schematron")
        _complete_attribute_paths(xslt_doc)
        _drop_empty_default_walk(xslt_doc)
        return etree.XSLT(xslt_doc)
    except (OSError, etree.LxmlError) as exc:
        raise SchemaError(f"{path}: cannot load the Schematron rules: {exc}") from None


def _complete_attribute_paths(xslt_doc: etree._ElementTree) -> None:
    """Make ``@*`` locations start with their element's path, as element locations do."""
    found = xslt_doc.xpath("/xsl:stylesheet/xsl:template[@match='@*'][@mode='schematron-get-full-path']",
                           namespaces={"xsl": XSL_NS})
    if not isinstance(found, list) or len(found) != 1 or not isinstance(found[0], etree._Element):
        raise SchemaError("the compiled Schematron has no attribute-path template to complete "
                          "(has lxml's ISO skeleton changed?)")
    up = etree.Element(f"{{{XSL_NS}}}apply-templates", select="parent::*", mode="schematron-get-full-path")
    found[0].insert(0, up)


def _drop_empty_default_walk(xslt_doc: etree._ElementTree) -> None:
    """Remove the skeleton's ``<xsl:apply-templates/>`` inside ``svrl:active-pattern``.

    It walks the whole document once more in the default mode, whose only
    template strips text, so it writes nothing: 7 % of the Schematron's time on
    an encoded document. The rules themselves run in the pattern's own mode.
    """
    walks = xslt_doc.xpath(
        "/xsl:stylesheet/xsl:template[@match='/']//svrl:active-pattern/xsl:apply-templates[not(@select)][not(@mode)]",
        namespaces={"xsl": XSL_NS, "svrl": SVRL},
    )
    if isinstance(walks, list):
        for walk in walks:
            if isinstance(walk, etree._Element) and (parent := walk.getparent()) is not None:
                parent.remove(walk)


def _schema_parser() -> etree.XMLParser:
    # Schemas are chosen by the user, but still: no network, no entity expansion.
    return etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False, remove_comments=False)


def _attribute_name(qualified: str) -> str:
    """An attribute's name as written in the file, from lxml's {namespace}local form (xml:id, not {...}id)."""
    if qualified.startswith("{http://www.w3.org/XML/1998/namespace}"):
        return "xml:" + qualified.split("}", 1)[1]
    return qualified.split("}", 1)[-1]


def _attribute_in(message: str) -> str | None:
    m = re.match(r"[\w:]+/@([\w:]+)=", message)
    return m.group(1) if m else None


_LIBXML2_PLAIN = [
    (re.compile(r"Did not expect element (\S+) there"), r"element <\1> is not allowed here"),
    (re.compile(r"Element (\S+) has extra content: (\S+)"), r"element <\2> is not allowed inside <\1>"),
    (re.compile(r"Invalid attribute (\S+) for element (\S+)"),
     r"attribute @\1 is not allowed on <\2>, or its value is not valid there"),
    (re.compile(r"Element (\S+) failed to validate attributes"), r"the attributes of <\1> do not fit the schema"),
    (re.compile(r"Expecting element (\S+), got (\S+)"), r"expected <\1> here, found <\2>"),
    (re.compile(r"Expecting an element (\S+), got nothing"), r"element <\1> is missing here"),
    (re.compile(r"Element (\S+) failed to validate content"), r"the content of <\1> does not fit the schema"),
    (re.compile(r"Error validating datatype (\S+)"), r"a value is not a valid \1"),
    (re.compile(r"Error validating value"), r"a value is not one of the allowed values"),
    (re.compile(r"Datatype element (\S+) has child elements"), r"<\1> may hold only text"),
    (re.compile(r"Expecting no namespace for element (\S+)"), r"element <\1> must not be in a namespace"),
    (re.compile(r"Element (\S+) has wrong namespace: expecting (\S+)"), r"element <\1> must be in namespace \2"),
]


def plain_libxml2(message: str) -> str:
    """libxml2's RELAX NG message rephrased; used only when the explainer had nothing to say."""
    msg = message.strip()
    for rx, repl in _LIBXML2_PLAIN:
        m = rx.search(msg)
        if m:
            return m.expand(repl)
    return f"does not match the schema ({msg})"


class _Locator:
    """Columns for elements and attributes; lxml keeps only lines, and TEI headers are often one long line."""

    def __init__(self, data: bytes) -> None:
        self._data = data
        self._lines: list[str] | None = None
        self._seen: dict[tuple[int, str], list[etree._Element]] = {}

    def _line_text(self, line: int) -> str:
        if self._lines is None:
            self._lines = self._data.decode("utf-8", "replace").split("\n")
        if 1 <= line <= len(self._lines):
            return self._lines[line - 1]
        return ""

    def element(self, el: etree._Element, attribute: str | None = None) -> tuple[int, int]:
        line = el.sourceline or 0
        if not line:
            return 0, 0
        text = self._line_text(line)
        q = etree.QName(el)
        prefix = el.prefix
        tag = f"{prefix}:{q.localname}" if prefix else q.localname
        starts = [m.start() for m in re.finditer(rf"<{re.escape(tag)}(?=[\s/>])", text)]
        if not starts:
            return line, 1
        key = (line, tag)
        same = self._seen.get(key)
        if same is None:
            same = [e for e in el.getroottree().iter(el.tag) if e.sourceline == line]
            self._seen[key] = same
        try:
            k = next(i for i, e in enumerate(same) if e is el)
        except StopIteration:
            k = 0
        start = starts[min(k, len(starts) - 1)]
        if attribute:
            m = re.compile(rf"\s({re.escape(attribute)})\s*=").search(text, start)
            end = text.find(">", start)
            if m and (end < 0 or m.start() < end):
                return line, m.start(1) + 1
        return line, start + 1


def _expand_xincludes(tree: etree._ElementTree, name: str, locate: _Locator) -> list[Problem]:
    """Expand xi:include of local files only, each parsed as safely as the document itself."""
    problems: list[Problem] = []
    count = 0
    while True:
        incs = list(tree.iter(f"{{{XI_NS}}}include"))
        if not incs:
            return problems
        for inc in incs:
            count += 1
            line, col = locate.element(inc)
            href = inc.get("href", "")
            parse = inc.get("parse", "xml")
            parent = inc.getparent()
            reason = None
            if count > MAX_XINCLUDES:
                reason = f"more than {MAX_XINCLUDES} XIncludes; refused"
            elif re.match(r"^[A-Za-z][A-Za-z0-9+.-]*:", href) and not href.lower().startswith("file:"):
                reason = f'<xi:include href="{href}"> is not a local file; only local files are included'
            elif inc.get("xpointer") is not None or parse not in ("xml", "text") or not href or parent is None:
                reason = f'<xi:include href="{href}"> uses a form that is not supported (xpointer, parse or no href)'
            if reason is None:
                try:
                    # Only a regular file inside the document's folder: an href is written by whoever wrote the
                    # file, and what it names would be quoted back in messages (file:///etc/passwd, ../..).
                    target = local_include_target(name, href)
                    data = read_xml_file(target)
                    if parse == "text":
                        text = data.decode(inc.get("encoding", "utf-8"))
                        _replace_with_text(inc, text)
                    else:
                        included = parse_bytes(data, str(target)).getroot()
                        included.tail = inc.tail
                        assert parent is not None
                        parent.replace(inc, included)
                    continue
                except (UnicodeDecodeError, LookupError) as exc:
                    reason = f'<xi:include href="{href}"> cannot be read: {exc}'
                except InputError as exc:
                    reason = f'<xi:include href="{href}"> {exc.reason}'
            problems.append(Problem(line, col, reason, "xinclude"))
            if parent is not None:
                _replace_with_text(inc, "")
        if count > MAX_XINCLUDES:
            return problems


def _replace_with_text(el: etree._Element, text: str) -> None:
    parent = el.getparent()
    if parent is None:
        return
    joined = text + (el.tail or "")
    prev = el.getprevious()
    if prev is not None:
        prev.tail = (prev.tail or "") + joined
    else:
        parent.text = (parent.text or "") + joined
    parent.remove(el)
