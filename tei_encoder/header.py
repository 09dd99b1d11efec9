"""The ``teiHeader``: what another archive needs to take the file without asking."""

from __future__ import annotations

from lxml import etree

from . import __version__
from .builder import XML_NS, tei
from .model import Document, Party, State
from .persons import Registry


def _el(parent: etree._Element, tag: str, text: str = "", **attrs: str) -> etree._Element:
    el = etree.SubElement(parent, tei(tag))
    for key, value in attrs.items():
        el.set(f"{{{XML_NS}}}{key[4:]}" if key.startswith("xml_") else key.replace("_", ""), value)
    if text:
        el.text = text
    return el


def build_header(root: etree._Element, state: State, registry: Registry, date: str | None) -> etree._Element:
    meta = state.meta
    header = _el(root, "teiHeader")
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


def _corresp(parent: etree._Element, doc: Document) -> None:
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


def _party(action: etree._Element, party: Party) -> None:
    pn = _el(action, "persName", party.text)
    if party.ref:
        pn.set("ref", f"#{party.ref}")
