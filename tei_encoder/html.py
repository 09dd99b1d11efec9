"""The HTML reading edition: TEI through the XSLT 3.0 stylesheets in ``xslt/``, run by saxonche.

Saxon only ever sees a document that :mod:`tei_encoder.xmlsafe` has already
parsed and checked, handed over as text (the bytes as read when that gives Saxon
the same document, else the tree serialized), so it never resolves a DTD, an
entity or a URI of the input. The stylesheet is compiled once per process
(compiling costs far more than a transform) and shared behind a lock, since a
compiled executable holds its parameters as state. How each step was made
faster without changing a byte of a page: docs/html.md, "Speed".
"""

from __future__ import annotations

import threading
from collections.abc import Iterable, Sequence
from copy import deepcopy
from dataclasses import dataclass, field
from functools import cache
from importlib import resources
from pathlib import Path
from typing import Any, cast
from urllib.parse import quote

from lxml import etree

from .errors import TeiEncoderError
from .fileio import write_atomic
from .xmlsafe import parse_bytes, read_xml_file

TEI_NS = "http://www.tei-c.org/ns/1.0"
EDITION_NS = "urn:tei-encoder:edition"
VIEWS = ("diplomatic", "reading")
CSS_NAME = "edition.css"
ASSETS_DIR = "assets"
#: Saxon holds a document in about ten times its size on disk, so the HTML edition takes smaller files than
#: ``validate`` does: 6 MB of TEI (a transcript of some 4 MB) stays under 200 MB of memory.
MAX_HTML_SOURCE_BYTES = 6 * 1024 * 1024


def xslt_dir() -> Path:
    """Where the stylesheets are: inside the package when installed with them, else the source checkout's ``xslt/``."""
    packaged = Path(str(resources.files("tei_encoder"))) / "xslt"
    if (packaged / "edition.xsl").is_file():
        return packaged
    return Path(__file__).resolve().parent.parent / "xslt"


@cache
def css_text() -> str:
    """The edition's CSS, read once per process: a page that works alone inlines it, and so does every such page."""
    return (resources.files("tei_encoder") / "data" / CSS_NAME).read_text(encoding="utf-8")


#: Parameter values are kept as Saxon values, made once each: a value crosses into the native library when it is
#: made (the CSS is 8 KB), and the same few values come back for every page.
_MAX_KEPT_VALUES = 256


class _Engine:
    """One Saxon processor and the compiled edition stylesheet, for the life of the process."""

    def __init__(self) -> None:
        import saxonche  # heavy (a native library); loaded only when HTML is made

        self._saxon: Any = saxonche
        self.processor: Any = saxonche.PySaxonProcessor(license=False)
        compiler = self.processor.new_xslt30_processor()
        entry = xslt_dir() / "edition.xsl"
        if not entry.is_file():
            raise TeiEncoderError(str(entry), "the edition stylesheet is missing from this installation")
        try:
            self.executable: Any = compiler.compile_stylesheet(stylesheet_file=str(entry))
        except saxonche.PySaxonApiError as exc:
            raise TeiEncoderError(str(entry), f"stylesheet does not compile: {exc}") from None
        if self.executable is None:
            raise TeiEncoderError(str(entry), "stylesheet does not compile")
        self.lock = threading.Lock()
        self._values: dict[str | bool, Any] = {}
        self._params_set: dict[str, str | bool] | None = None
        self.splice_css = self._splicing_gives_the_same_page()

    def _splicing_gives_the_same_page(self) -> bool:
        """Whether a page with the CSS put in after the transform is the very page Saxon writes with it.

        Checked once per process on a small TEI, for the CSS this process inlines: the serializer copies the
        content of ``<style>`` as it is, so a page that holds it is the same either way, and the 8 KB need not
        go through Saxon for every page.
        """
        tei = f'<TEI xmlns="{TEI_NS}"><teiHeader/><text><body><p>x</p></body></text></TEI>'
        params: dict[str, str | bool] = {"view": "diplomatic", "lang": "en", "site": False}
        try:
            whole = self.transform(tei, "<check>", {**params, "css": css_text()})
            spliced = _splice_css(self.transform(tei, "<check>", {**params, "css": _CSS_PLACEHOLDER}))
        except (TeiEncoderError, OSError):  # the CSS cannot be read: pages will say so when they need it
            return False
        return spliced is not None and spliced == whole

    def _value(self, value: str | bool) -> Any:
        """The Saxon value of a parameter, made the first time it is asked for (under the lock)."""
        xdm = self._values.get(value)  # a string never equals a boolean, so the two kinds share the dict
        if xdm is None:
            if len(self._values) >= _MAX_KEPT_VALUES:  # titles and languages are the caller's: keep memory bounded
                self._values.clear()
            proc = self.processor
            xdm = proc.make_boolean_value(value) if isinstance(value, bool) else proc.make_string_value(value)
            self._values[value] = xdm
        return xdm

    def _set_params(self, params: dict[str, str | bool]) -> None:
        """The executable keeps its parameters between transforms, so they are set only when they change."""
        if params == self._params_set:
            return
        self._params_set = None  # until all are set: a failure part way leaves them unknown
        self.executable.clear_parameters()
        for key, value in params.items():
            self.executable.set_parameter(key, self._value(value))
        self._params_set = dict(params)

    def parse(self, xml_text: str, name: str) -> Any:
        """Saxon's tree of a text that has passed the safe parse, for more than one transformation."""
        with self.lock:
            try:
                return self.processor.parse_xml(xml_text=xml_text)
            except self._saxon.PySaxonApiError as exc:
                raise TeiEncoderError(name, f"cannot be rendered as HTML: {_first_line(str(exc))}") from None

    def transform(self, source: str | Any, name: str, params: dict[str, str | bool]) -> str:
        """The page of ``source``: the text of a checked document, or a tree from ``parse``."""
        with self.lock:
            try:
                node = self.processor.parse_xml(xml_text=source) if isinstance(source, str) else source
                self._set_params(params)
                result = self.executable.transform_to_string(xdm_node=node)
            except self._saxon.PySaxonApiError as exc:
                raise TeiEncoderError(name, f"cannot be rendered as HTML: {_first_line(str(exc))}") from None
        if result is None:
            raise TeiEncoderError(name, "cannot be rendered as HTML: the transformation gave no output")
        text: str = result
        return text


#: What the stylesheet is given as the CSS of a page when the CSS is put in afterwards: one character, so
#: the page has its ``<style>`` element, and nothing goes through Saxon.
_CSS_PLACEHOLDER = " "
_STYLE_HOLDER = f"<style>{_CSS_PLACEHOLDER}</style>"


def _splice_css(page: str) -> str | None:
    """The page with the CSS in its ``<style>``, or None if the first ``<style>`` is not the placeholder.

    Before the head's ``<style>`` come only the doctype, the ``html`` tag with its ``lang`` (the caller makes
    sure it holds no ``<``), the fixed ``meta`` tags and the title, whose ``<`` the serializer escapes: so
    the first ``<style>`` of the page is the one the stylesheet wrote.
    """
    at = page.find("<style>")
    if at < 0 or not page.startswith(_STYLE_HOLDER, at):
        return None
    return page[:at + 7] + css_text() + page[at + len(_STYLE_HOLDER) - 8:]


def _first_line(message: str) -> str:
    lines = [line.strip() for line in message.splitlines() if line.strip()]
    return lines[0] if lines else "unknown error"


_ENGINE_LOCK = threading.Lock()


@cache
def _engine() -> _Engine:
    return _Engine()


def engine() -> _Engine:
    """The process's one engine; the lock keeps two threads from compiling it twice."""
    with _ENGINE_LOCK:
        return _engine()


def _check_tei(tree: etree._ElementTree, name: str) -> None:
    root = tree.getroot()
    if root.tag != f"{{{TEI_NS}}}TEI":
        raise TeiEncoderError(name, f"the root element is {root.tag!r}, not TEI in the TEI namespace")


def render_tree(
    tree: etree._ElementTree,
    *,
    name: str = "<tree>",
    view: str = "diplomatic",
    lang: str = "en",
    css_href: str | None = None,
    site: bool = False,
) -> str:
    """The HTML page of one parsed TEI file; the CSS is inlined unless ``css_href`` links a shared copy."""
    return _render(tree, etree.tostring(tree, encoding="unicode"), name, view, lang, css_href, site)


def _render(
    tree: etree._ElementTree, xml_text: str, name: str, view: str, lang: str, css_href: str | None, site: bool
) -> str:
    """``xml_text`` is the text of ``tree``, which has passed the safe parse and the TEI check."""
    if view not in VIEWS:
        raise ValueError(f"view must be one of {VIEWS}, not {view!r}")
    _check_tei(tree, name)
    eng = engine()
    params: dict[str, str | bool] = {"view": view, "lang": lang, "site": site}
    splice = False
    if css_href:
        params["css-href"] = css_href
    else:
        splice = eng.splice_css and "<" not in lang
        params["css"] = _CSS_PLACEHOLDER if splice else css_text()
    page = eng.transform(xml_text, name, params)
    if splice:
        spliced = _splice_css(page)
        if spliced is None:  # not expected (see _splice_css); the page is made again the slow way
            return eng.transform(xml_text, name, {**params, "css": css_text()})
        page = spliced
    return page


def _read(path: Path) -> tuple[etree._ElementTree, str]:
    """One TEI file parsed safely by lxml and, if it passes, the text of the same document for Saxon.

    The checked bytes are given to Saxon as they are, decoded, rather than serialized again from the tree,
    when that is certain to give Saxon the same document: UTF-8 and XML 1.0 (no DOCTYPE passes the safe
    parse, so there is nothing to resolve). Anything else is serialized from the tree as ``render_tree`` does.
    """
    data = read_xml_file(path, max_bytes=MAX_HTML_SOURCE_BYTES)
    tree = parse_bytes(data, str(path), max_bytes=MAX_HTML_SOURCE_BYTES)
    info = tree.docinfo
    if (info.encoding or "").upper() == "UTF-8" and info.xml_version == "1.0":
        try:
            return tree, data.decode("utf-8-sig")  # a byte order mark is no character of the document
        except UnicodeDecodeError:
            pass
    return tree, etree.tostring(tree, encoding="unicode")


def render_file(path: Path, **options: Any) -> str:
    """The page of one TEI file (options as for ``render_tree``)."""
    tree, text = _read(path)
    opts = {"view": "diplomatic", "lang": "en", "css_href": None, "site": False, **options}
    return _render(tree, text, str(path), **opts)


def write_page(source: Path, output: Path, *, force: bool = False, **options: Any) -> None:
    html = render_file(source, **options)
    write_atomic(output, html.encode("utf-8"), force=force)


@dataclass
class SiteResult:
    pages: list[Path] = field(default_factory=list)
    errors: list[TeiEncoderError] = field(default_factory=list)


def site_inputs(folder: Path) -> list[Path]:
    """The TEI files of a folder, in name order so a site is built the same way every time."""
    return sorted(p for p in folder.glob("*.xml") if p.is_file())


def build_site(
    sources: Sequence[Path],
    out_dir: Path,
    *,
    force: bool = False,
    view: str = "diplomatic",
    lang: str = "en",
    title: str = "Reading edition",
) -> SiteResult:
    """One page per TEI file, an index of documents by date and a persons index, sharing one CSS file.

    A file that cannot be read or rendered is reported and left out; the rest of
    the edition is still built, so one bad transcript does not hide the others.
    """
    result = SiteResult()
    out_dir.mkdir(parents=True, exist_ok=True)
    (out_dir / ASSETS_DIR).mkdir(exist_ok=True)
    css_href = f"{ASSETS_DIR}/{CSS_NAME}"
    write_atomic(out_dir / ASSETS_DIR / CSS_NAME, css_text().encode("utf-8"), force=True)
    # Each file's part of the collection is kept as text, a few KB, not as a tree (ten times that in lxml).
    collection_parts: list[str] = []
    used: set[str] = {"index.html", "persons.html"}
    for source in sources:
        try:
            tree, text = _read(source)
            page_name = _page_name(source, used)
            html = _render(tree, text, str(source), view, lang, css_href, True)
            target = out_dir / page_name
            write_atomic(target, html.encode("utf-8"), force=force)
        except TeiEncoderError as exc:
            result.errors.append(exc)
            continue
        used.add(page_name)
        result.pages.append(target)
        holder = etree.Element(f"{{{EDITION_NS}}}file", href=quote(page_name), source=source.name,
                               nsmap={"e": EDITION_NS})
        holder.append(collection_copy(tree.getroot()))
        del tree
        collection_parts.append(etree.tostring(holder, encoding="unicode"))
    # Both pages are made from one tree: Saxon parses the whole collection once, not once per page.
    xml_text = f'<e:edition xmlns:e="{EDITION_NS}">{"".join(collection_parts)}</e:edition>'
    collection_parts.clear()
    collection: str | Any = xml_text
    try:
        collection = engine().parse(xml_text, "<collection>")
    except TeiEncoderError:
        pass  # each page reports the failure under its own name, as it always has
    for page in ("index", "persons"):
        params: dict[str, str | bool] = {
            "page": page, "lang": lang, "site": True, "css-href": css_href, "edition-title": title,
        }
        target = out_dir / f"{page}.html"
        try:
            html = engine().transform(collection, str(target), params)
            write_atomic(target, html.encode("utf-8"), force=force)
        except TeiEncoderError as exc:
            result.errors.append(exc)
            continue
        result.pages.append(target)
    return result


#: What the index and persons pages (xslt/modules/collection.xsl) read from a file's text: the document
#: divisions and the regions whose starts reset the page count, page breaks, and the names with a @ref.
_COLLECTION_KEEP = {f"{{{TEI_NS}}}{name}" for name in ("text", "front", "body", "back", "group", "div", "pb")}
_PERSNAME = f"{{{TEI_NS}}}persName"
_HEADER = f"{{{TEI_NS}}}teiHeader"


def collection_copy(tei: etree._Element) -> etree._Element:
    """The part of one TEI file the collection pages need: its header, and of its text only the skeleton.

    A site's index and persons pages are made from every file at once, so
    keeping whole files would make a large collection's memory grow with its
    text. The pages read the header (titles, correspondents, dates, the
    persons list), the document divisions, page breaks and every
    ``persName[@ref]`` with its words, in document order; everything else in
    the text is dropped and those elements are lifted into their nearest kept
    ancestor, which no function of the pages looks past.
    """
    # lxml-stubs type nsmap keys as str, but the default namespace's key is None (as lxml itself uses).
    copy = etree.Element(tei.tag, nsmap=cast("dict[str, str]", tei.nsmap))
    _copy_attributes(tei, copy)
    for child in tei:
        if child.tag == _HEADER:
            copy.append(copy_element(child))
        elif isinstance(child.tag, str):
            _lift_into(copy, child)
    return copy


def copy_element(el: etree._Element) -> etree._Element:
    """A deep copy of ``el`` without its tail (the text after it belongs to its parent)."""
    duplicate = deepcopy(el)
    duplicate.tail = None
    return duplicate


def _lift_into(parent: etree._Element, el: etree._Element) -> None:
    if el.tag == _PERSNAME and el.get("ref") is not None:
        parent.append(copy_element(el))
        return
    target = parent
    if el.tag in _COLLECTION_KEEP:
        target = etree.SubElement(parent, el.tag)
        _copy_attributes(el, target)
    for child in el:
        if isinstance(child.tag, str):
            _lift_into(target, child)


def _copy_attributes(source: etree._Element, target: etree._Element) -> None:
    for key, value in source.attrib.items():
        target.set(key, value)


def _page_name(source: Path, used: Iterable[str]) -> str:
    """``letter.xml`` becomes ``letter.html``; a name the site already uses gets a number."""
    taken = set(used)
    base = source.stem or "document"
    name = f"{base}.html"
    n = 2
    while name in taken:
        name = f"{base}-{n}.html"
        n += 1
    return name
