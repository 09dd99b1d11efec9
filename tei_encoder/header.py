"""The ``teiHeader``: what another archive needs to take the file without asking."""

from __future__ import annotations

from lxml import etree

from . import __version__
from .builder import TEI_NS, XML_NS, _parser, tei
from .model import Document, Party, State
from .persons import Registry


class _Draft:
    """An element of the header before it is written: the header's forty elements cost more made one lxml
    call at a time than written as markup and parsed in one call (as ``builder.emit_parsed`` does)."""

    __slots__ = ("attrs", "children", "tag", "text")

    def __init__(self, tag: str, text: str) -> None:
        self.tag = tag
        self.attrs: list[tuple[str, str]] = []
        self.text = text
        self.children: list[_Draft] = []

    def set(self, key: str, value: str) -> None:
        for n, (k, _) in enumerate(self.attrs):
            if k == key:
                self.attrs[n] = (key, value)
                return
        self.attrs.append((key, value))

    def __len__(self) -> int:
        return len(self.children)


def _el(parent: _Draft, tag: str, text: str = "", **attrs: str) -> _Draft:
    el = _Draft(tag, text)
    parent.children.append(el)
    for key, value in attrs.items():
        el.set(f"xml:{key[4:]}" if key.startswith("xml_") else key.replace("_", ""), value)
    return el


def _element(parent: etree._Element, draft: _Draft) -> etree._Element:
    """The draft made element by element, as the header always was: where its markup would not parse."""
    el = etree.SubElement(parent, tei(draft.tag))
    for key, value in draft.attrs:
        el.set(f"{{{XML_NS}}}{key[4:]}" if key.startswith("xml:") else key, value)
    if draft.text:
        el.text = draft.text
    for child in draft.children:
        _element(el, child)
    return el


def _markup(draft: _Draft, out: list[str], xmlns: str = "") -> None:
    """The draft's markup, escaped as ``builder._markup`` escapes (CR, and tab and LF in attributes, as
    references, which the parser keeps)."""
    out.append(f"<{draft.tag}{xmlns}")
    for key, value in draft.attrs:
        out.append(f' {key}="' + value.replace("&", "&amp;").replace("<", "&lt;").replace('"', "&quot;")
                   .replace("\t", "&#9;").replace("\n", "&#10;").replace("\r", "&#13;") + '"')
    out.append(">")
    if draft.text:
        out.append(draft.text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
                   .replace("\r", "&#13;"))
    for child in draft.children:
        _markup(child, out)
    out.append(f"</{draft.tag}>")


def _write(root: etree._Element, draft: _Draft) -> etree._Element:
    """The draft under ``root``: parsed from markup, or, if libxml2 refuses it (a character XML forbids, in
    a file name say) or ``root`` does not have TEI as its default namespace, made element by element, which
    then fails or succeeds exactly as it always has."""
    if root.nsmap.get(None) == TEI_NS:
        out: list[str] = []
        _markup(draft, out, f' xmlns="{TEI_NS}"')
        try:
            el = etree.fromstring("".join(out), _parser())
        except Exception:  # any refusal: the element-by-element path decides
            pass
        else:
            root.append(el)
            return el
    return _element(root, draft)


def build_header(root: etree._Element, state: State, registry: Registry, date: str | None) -> etree._Element:
    return _write(root, _draft_header(state, registry, date))


def _draft_header(state: State, registry: Registry, date: str | None) -> _Draft:
    meta = state.meta
    header = _Draft("teiHeader", "")
    file_desc = _el(header, "fileDesc")
    title_stmt = _el(file_desc, "titleStmt")
    title = meta.title or f"Transcript {state.source.name}"
    _el(title_stmt, "title", title)
    resp = _el(title_stmt, "respStmt")
    _el(resp, "resp", "TEI encoding generated from the plain-text transcript by")
    _el(resp, "name", f"tei-encoder {__version__}", type="software")
    pub = _el(file_desc, "publicationStmt")
    _el(
        pub,
        "p",
        "Encoded by tei-encoder from a transcript; not separately published. "
        "The wording of the source keeps its own rights status.",
    )
    source_desc = _el(file_desc, "sourceDesc")
    bibl = _el(source_desc, "bibl")
    _el(bibl, "title", title)
    if meta.repository:
        _el(bibl, "orgName", meta.repository, role="repository")
    if meta.collection:
        _el(bibl, "note", meta.collection, type="collection")
    if meta.citation:
        _el(bibl, "note", meta.citation, type="citation")
    _el(
        bibl,
        "note",
        f"Plain-text transcript {state.source.name}, read as {state.source.encoding}.",
        type="transcript",
    )

    enc = _el(header, "encodingDesc")
    app_info = _el(enc, "appInfo")
    app = _el(app_info, "application", ident="tei-encoder", version=__version__)
    _el(app, "label", "tei-encoder")
    _el(app, "desc", f"Source profile: {state.profile}")
    decl = _el(enc, "editorialDecl")
    _el(
        decl,
        "p",
        f"Transcript decoded as {state.source.encoding}; line ends normalised to LF. "
        "Every character of the transcript is kept in the text, except the typed ~~ around struck "
        "words (encoded as del) and the [sic] marker (encoded as sic). Editorial brackets are kept "
        "inside the elements that encode them. See docs/encoding.md of tei-encoder.",
    )

    profile = _el(header, "profileDesc")
    for doc in state.documents:
        _corresp(profile, doc)
    used = sorted(registry.used.values(), key=lambda p: p.id)
    if used:
        partic = _el(profile, "particDesc")
        lp = _el(partic, "listPerson")
        for person in used:
            pe = _el(lp, "person", xml_id=person.id)
            _el(pe, "persName", person.name)
            if person.wikidata:
                _el(pe, "idno", person.wikidata, type="wikidata")
            if person.viaf:
                _el(pe, "idno", person.viaf, type="VIAF")

    rev = _el(header, "revisionDesc")
    change = _el(rev, "change", f"Encoded by tei-encoder {__version__} (profile {state.profile}).")
    if date:
        change.set("when", date)
    return header


def _corresp(parent: _Draft, doc: Document) -> None:
    """One ``correspDesc`` per document; an action is written only for what the document states."""
    cd = _el(parent, "correspDesc", corresp=f"#{doc.xml_id}")
    has_date = bool(doc.date and (doc.date.when or doc.date.not_before or doc.date.not_after))
    if doc.sender or doc.place or has_date:
        sent = _el(cd, "correspAction", type="sent")
        if doc.sender:
            _party(sent, doc.sender)
        if doc.place:
            _el(sent, "placeName", doc.place)
        if doc.date and has_date:
            d = _el(sent, "date", doc.date.text)
            for attr, value in (
                ("when", doc.date.when),
                ("notBefore", doc.date.not_before),
                ("notAfter", doc.date.not_after),
            ):
                if value:
                    d.set(attr, value)
    if doc.addressee:
        _party(_el(cd, "correspAction", type="received"), doc.addressee)
    if len(cd) == 0:
        _el(cd, "note", "The transcript states no correspondent, place or date of sending.")


def _party(action: _Draft, party: Party) -> None:
    pn = _el(action, "persName", party.text)
    if party.ref:
        pn.set("ref", f"#{party.ref}")
