"""Focused tests for each encoding rule: a few lines of transcript in, the TEI that rule owes out."""

from __future__ import annotations

import pytest
from lxml import etree

from tei_encoder import classify, dates
from tei_encoder.api import encode
from tei_encoder.builder import Node, build_region, nest
from tei_encoder.persons import Registry
from tei_encoder.spans import span

NS = {"t": "http://www.tei-c.org/ns/1.0"}


def tei(text: str, profile: str | None = None) -> etree._Element:
    return encode(text, profile).tree.getroot()


def xp(root: etree._Element, path: str) -> list[str]:
    return [" ".join("".join(e.itertext()).split()) if isinstance(e, etree._Element) else str(e)
            for e in root.xpath(path, namespaces=NS)]


TELEGRAM = """WAR DEPARTMENT
CLASSIFIED MESSAGE CENTER
INCOMING CLASSIFIED MESSAGE

~~CONFIDENTIAL~~

From:  Chungking
To:    The President
Nr:    562                                         11 March 1945

HURLEY TO THE PRESIDENT.

THE GENERALISSIMO RECEIVED ME THIS MORNING AND ASKED THAT I CONVEY
HIS THANKS FOR YOUR MESSAGE OF THE 8TH. GENERAL WEDEMEYER WAS PRESENT
AND WE DISCUSSED THE SUPPLY SITUATION AT LENGTH. THE GENERALISSIMO

(CONTINUED ON NEXT PAGE)

WAR DEPARTMENT
CLASSIFIED MESSAGE CENTER

~~CONFIDENTIAL~~

PAGE 3

EXPRESSED CONFIDENCE IN THE OUTCOME OF THE SPRING CAMPAIGN.

END

DECLASS1F1ED
JCS memo, 1-4-74
By DBS, NARS Date FEB 13 1974

CONFIDENTIAL
"""


def test_struck_mark_is_del_inside_classification_stamp() -> None:
    root = tei(TELEGRAM)
    marks = root.xpath("//t:div[@type='document']//t:stamp[@type='classification']", namespaces=NS)
    assert ["".join(m.itertext()) for m in marks] == ["CONFIDENTIAL"] * 3
    struck = [bool(m.xpath(".//t:del[@rend='strikethrough']", namespaces=NS)) for m in marks]
    assert struck == [True, True, False]
    assert [m.get("subtype") for m in marks] == ["confidential"] * 3
    assert "~~" not in "".join(root.find(".//t:text", NS).itertext())


def test_page_break_takes_the_printed_number_and_sits_between_catch_and_running_head() -> None:
    root = tei(TELEGRAM)
    assert xp(root, "//t:pb/@n") == ["3"]
    pb = root.find(".//t:pb", NS)
    assert pb.getprevious().get("type") == "catch"
    assert pb.getnext().get("type") == "header"
    assert xp(root, "//t:fw[@type='pageNum']") == ["PAGE 3"]


def test_garbled_declassification_heading_is_still_a_stamp() -> None:
    root = tei(TELEGRAM)
    assert len(root.xpath("//t:stamp[@type='declassification']", namespaces=NS)) == 1


def test_telegram_correspondence_from_address_block_and_formula() -> None:
    root = tei(TELEGRAM)
    sent = "//t:correspAction[@type='sent']"
    assert xp(root, f"{sent}/t:placeName") == ["Chungking"]
    assert xp(root, f"{sent}/t:date/@when") == ["1945-03-11"]
    assert xp(root, f"{sent}/t:persName/@ref") == ["#hurley"]
    # "The President" in March 1945 is Roosevelt.
    assert xp(root, "//t:correspAction[@type='received']/t:persName/@ref") == ["#roosevelt"]


def test_end_is_not_a_signature() -> None:
    assert xp(tei(TELEGRAM), "//t:signed") == []


@pytest.mark.parametrize(
    ("line", "is_mark"),
    [("SECRET", True), ("~~TOP SECRET~~", True), ("Personal and Top Secret   ", True), ("restricted", True),
     ("PERSONAL AND SECRET. NUMBER 103.", False), ("PRIORITY", False), ("EYES ONLY", False),
     ("Personal and Top Secret. I share the feeling", False)],
)
def test_classification_line_recogniser(line: str, is_mark: bool) -> None:
    assert bool(classify.MARK_LINE.match(line)) is is_mark


@pytest.mark.parametrize(
    ("text", "iso"),
    [("6 APRIL 1946", "1946-04-06"), ("5th September, 1944", "1944-09-05"), ("August 17, 1945", "1945-08-17"),
     ("Dated January 3, 1945", "1945-01-03"), ("Washington, July 1,\n1946—8 p.m.", "1946-07-01"),
     ("the 25th August", "")],
)
def test_date_forms(text: str, iso: str) -> None:
    found = dates.parse_one(text)
    assert found is not None
    assert found.iso() == iso


def test_year_less_date_takes_the_document_year_and_dtg_resolves() -> None:
    text = ("DEPARTMENT OF STATE\n\nIncoming Telegram\n\nLondon\n\nDated May 2, 1945\n\n"
            "Secretary of State,\n\nWashington.\n\n45, May 2, 9 p.m.\n\n"
            "I saw Mr. Eden this morning and he will reply by May 5th. The reply will be "
            "sent to you at once in full.\n\nWINANT\n\nRECEIVED 030215Z\n")
    root = tei(text)
    whens = xp(root, "//t:body//t:date/@when")
    assert "1945-05-05" in whens
    assert "1945-05-03T02:15:00Z" in whens
    assert xp(root, "//t:correspAction[@type='sent']/t:date/@when") == ["1945-05-02"]
    # Stettinius was Secretary of State in May 1945.
    assert xp(root, "//t:correspAction[@type='received']/t:persName/@ref") == ["#stettinius"]


@pytest.mark.parametrize(
    ("fragment", "xpath", "expected"),
    [
        ("the town of Rumoe [sic] on the coast", "//t:sic", ["Rumoe"]),
        ("He said [...] nothing more.", "//t:gap/@reason", ["omitted"]),
        ("a note [illegible handwritten notation] here", "//t:gap/@reason", ["illegible"]),
        ("it proposes [garbled group] that", "//t:gap/@reason", ["garbled"]),
        # A name in an editor's description stays text: TEI's desc holds no persName (it was invalid).
        ("a note [illegible handwritten notation by Stalin] here", "//t:gap/t:desc/*", []),
        ("the [1 group garble] commanders", "//t:gap/t:desc", ["[1 group garble]"]),
        ("my colle[a]gues insist", "//t:supplied", ["[a]"]),
        ("instead of Tegeran [Tehran] is acceptable", "//t:corr", ["[Tehran]"]),
        ("the message of 26 [25] June 1946", "//t:choice/t:orig", ["26"]),
        ("this [Apparently sent via the Embassy.] ends", "//t:note[@type='editorial']",
         ["[Apparently sent via the Embassy.]"]),
        ('if difficulties ["points" crossed out] develop', "//t:note[@subtype='deletion']",
         ['["points" crossed out]']),
    ],
)
def test_editorial_brackets(fragment: str, xpath: str, expected: list[str]) -> None:
    text = f"Letter to a colleague.\n\nDear Sir:\n\nI write to say that {fragment} and more words follow here.\n"
    root = tei(text, "letter")
    assert xp(root, xpath) == expected


def test_sic_marker_is_the_only_text_consumed() -> None:
    root = tei("A long enough sentence naming Rumoe [sic] on the western coast of the island.\n", "letter")
    body = "".join(root.find(".//t:body", NS).itertext())
    assert "[sic]" not in body
    assert "Rumoe" in body


def test_salute_close_signature_and_inside_address() -> None:
    text = ("THE WHITE HOUSE\nWASHINGTON\n\n                    March 3, 1947.\n\nMy dear Mr. Secretary:\n\n"
            "I have read your memorandum with great care and I agree with its conclusions in every part.\n\n"
            "                    Very sincerely yours,\n\n                    Harry S. Truman\n\n"
            "The Honorable\nThe Secretary of State.\n")
    root = tei(text)
    assert xp(root, "//t:opener/t:salute") == ["My dear Mr. Secretary:"]
    assert xp(root, "//t:closer/t:signed") == ["Harry S. Truman"]
    assert xp(root, "//t:address/t:addrLine") == ["The Honorable", "The Secretary of State."]
    # Marshall was Secretary of State in March 1947; the letterhead gives the place.
    assert xp(root, "//t:correspAction[@type='received']/t:persName/@ref") == ["#marshall"]
    assert xp(root, "//t:correspAction[@type='sent']/t:placeName") == ["Washington"]


def test_catchword_marks_a_page_transition() -> None:
    text = ("1. This is the first paragraph of a long report, running over the end of the page and\n"
            "continuing on the next one without a break.\n\nand further\n\n"
            "and further developments are expected shortly in this matter of some importance.\n\nJONES\n")
    root = tei(text, "letter")
    assert xp(root, "//t:fw[@type='catch']") == ["and further"]
    assert len(root.xpath("//t:div//t:pb", namespaces=NS)) == 1


def test_two_forms_make_two_documents_but_a_running_head_does_not() -> None:
    assert len(tei(TELEGRAM).xpath("//t:div[@type='document']", namespaces=NS)) == 1
    two = TELEGRAM + "\nNAVY DEPARTMENT\n\nFrom: Admiral Leahy\nTo: The President\n\n" \
        "THE FLEET SAILED THIS MORNING FROM PEARL HARBOR AS PLANNED AND ALL IS WELL.\n"
    assert len(tei(two).xpath("//t:div[@type='document']", namespaces=NS)) == 2


def test_persons_titles_and_known_surnames_but_not_offices() -> None:
    text = ("The President asked Generalissimo Stalin and Mr. Molotov about General Order No. 1, and "
            "Churchill agreed with the Secretary of State.\n")
    names = xp(tei(text, "letter"), "//t:body//t:persName")
    assert names == ["Generalissimo Stalin", "Mr. Molotov", "Churchill"]


@pytest.mark.parametrize(("sentence", "names"), [
    ("Mr. Bonnet's view was plain.", ["Mr. Bonnet"]),
    ("Marshal Stalin’s doctors are opposed.", ["Marshal Stalin"]),
    ("Sir Alexander Cadogan’s study of our papers.", ["Sir Alexander Cadogan"]),
    ("GENERAL MARSHALL'S note came.", ["GENERAL MARSHALL"]),
    ("Mr. O'Brien's letter and Mr. O'Brien agree.", ["Mr. O'Brien", "Mr. O'Brien"]),
    ("Stalin's reply came.", ["Stalin"]),
])
def test_a_possessive_ending_is_not_part_of_the_name(sentence: str, names: list[str]) -> None:
    """"Mr. Bonnet's view" names Mr. Bonnet; the ending stays in the text after the persName."""
    root = tei(sentence + "\n", "letter")
    assert xp(root, "//t:body//t:persName") == names
    assert sentence.split()[0] in xp(root, "//t:body//t:p")[0]


@pytest.mark.parametrize(("sentence", "places"), [
    ("Moscow's reply reached us.", ["Moscow"]),
    ("We read New York’s view and LONDON'S answer in full, the replies of the day.", ["New York", "LONDON"]),
    ("Moscovites came.", []),
])
def test_a_place_is_found_before_a_possessive_ending(sentence: str, places: list[str]) -> None:
    assert xp(tei(sentence + "\n", "letter"), "//t:body//t:placeName") == places


FORM_HEADER_AS_PROSE = """DEPARTMENT OF STATE
INCOMING TELEGRAM

FROM: London
TO: Secretary of State
NO: 4711, June 3, 7 p.m.
DATED: June 3, 1945
REC'D: June 4, 2:15 a.m.

The text of a letter dated May 30, 1945 follows by air pouch.

WINANT
"""


def test_a_dated_label_gives_the_sent_date_when_the_form_header_reads_as_prose() -> None:
    """"NO: 4711, June 3, 7 p.m." ends like a sentence, so the header block is a paragraph; its DATED label
    still gives the date of sending (and so the Secretary of State of that day), not the receipt or the
    letter the text mentions."""
    root = tei(FORM_HEADER_AS_PROSE)
    sent = "//t:correspAction[@type='sent']"
    assert root.xpath(f"{sent}/t:date/@when", namespaces=NS) == ["1945-06-03"]
    assert root.xpath("//t:correspAction[@type='received']/t:persName/@ref", namespaces=NS) == ["#stettinius"]


EYES_ONLY = """WAR DEPARTMENT
OUTGOING CLASSIFIED MESSAGE

TOP SECRET

TO:      COMMANDING GENERAL, U.S. FORCES, CHINA THEATER
FROM:    WAR DEPARTMENT
NR:      WAR 81234                              14 August 1945

Marshall to Wedemeyer for his eyes only.

You will take no action pending instructions from the Joint Chiefs of Staff.

END
"""


def test_an_address_formula_with_handling_words_names_the_correspondents() -> None:
    """The offices of the address block are a last resort: "Marshall to Wedemeyer for his eyes only" names
    sender and addressee, and the handling words stay outside the persName."""
    root = tei(EYES_ONLY, "telegram")
    assert xp(root, "//t:correspAction[@type='sent']/t:persName") == ["Marshall"]
    assert xp(root, "//t:correspAction[@type='received']/t:persName") == ["Wedemeyer"]
    assert "Wedemeyer" in xp(root, "//t:body//t:p/t:persName")


MEMCON = """Memorandum of Conversation, by the Under Secretary of State (Acheson)

[Washington,] March 5, 1946.

Participants: The Under Secretary, Mr. Acheson
              The British Ambassador, Lord Halifax
              Mr. H. Freeman Matthews

Lord Halifax called at his request to discuss the Iranian situation with Mr. Harry
Hopkins, who had just come back.
"""


def test_names_in_an_indented_list_stop_at_the_line_end_but_a_wrapped_name_does_not() -> None:
    """A participants list names one person per line; "Mr. Acheson" and the next line's "The British" are not
    one name (the fixtures had "Mr. Acheson / Mr. Molotov" as one persName). A name wrapped onto a line
    without indentation is still one name."""
    root = tei(MEMCON, "letter")
    names = xp(root, "//t:body//t:persName")
    assert names[:3] == ["Mr. Acheson", "Lord Halifax", "Mr. H. Freeman Matthews"]
    assert "Mr. Harry Hopkins" in names


def test_a_memorandum_caption_by_an_official_gives_the_sender() -> None:
    root = tei(MEMCON, "letter")
    assert root.xpath("//t:correspAction[@type='sent']/t:persName/@ref", namespaces=NS) == ["#acheson"]
    assert root.xpath("//t:correspAction[@type='received']", namespaces=NS) == []


@pytest.mark.parametrize("signature", ["D[ean] A[cheson]", "G[eorge] F. K[ennan]"])
def test_a_signature_completed_by_the_editor_is_still_a_signature(signature: str) -> None:
    root = tei(f"{MEMCON}\n{signature}\n", "letter")
    assert xp(root, "//t:closer/t:signed") == [signature]
    assert len(root.xpath("//t:closer/t:signed/t:supplied", namespaces=NS)) == 2


EMBASSY_LETTER = """EMBASSY OF THE
UNITED STATES OF AMERICA
Paris, October 4, 1948

Dear Mr. Bevin:

I have your letter of October 2 about the Berlin question, and the Secretary agrees with you.

Faithfully yours,

Jefferson Caffery

The Right Honorable
Ernest Bevin, M.P.,
Foreign Office,
London.
"""


def test_an_inside_address_naming_the_foreign_office_is_not_a_new_document() -> None:
    """"Foreign Office," is a letterhead's words, but under "Ernest Bevin, M.P.," it is an address line: one
    document, and the line stays in the address."""
    root = tei(EMBASSY_LETTER, "letter")
    assert len(root.xpath("//t:body/t:div[@type='document']", namespaces=NS)) == 1
    assert "Foreign Office," in xp(root, "//t:address/t:addrLine")


def test_a_dateline_under_a_letterhead_in_the_same_block_gives_the_place() -> None:
    root = tei(EMBASSY_LETTER, "letter")
    assert xp(root, "//t:correspAction[@type='sent']/t:placeName") == ["Paris"]
    assert root.xpath("//t:correspAction[@type='sent']/t:date/@when", namespaces=NS) == ["1948-10-04"]


FOREIGN_OFFICE_TELEGRAM = """MOST SECRET

FROM: FOREIGN OFFICE TO WASHINGTON

Cypher                                   No. 4123
R. 3.10 a.m. 13th March, 1945.
D. 8.15 p.m. 12th March, 1945.

IMMEDIATE

Following personal for Lord Halifax from Mr. Eden.

Please see the Secretary of State at once and tell him that we cannot accept the proposal.
"""


def test_a_from_line_naming_both_ends_and_a_formula_after_the_form_lines() -> None:
    """"FROM: FOREIGN OFFICE TO WASHINGTON": Washington is where it went, not where it was sent from; the
    formula in the third paragraph (after the cypher and precedence lines) names the correspondents."""
    root = tei(FOREIGN_OFFICE_TELEGRAM, "telegram")
    assert xp(root, "//t:correspAction[@type='sent']/t:placeName") == []
    assert xp(root, "//t:correspAction[@type='sent']/t:persName") == ["Mr. Eden"]
    assert xp(root, "//t:correspAction[@type='received']/t:persName") == ["Lord Halifax"]
    # "D." is the despatch line (the date of sending), "R." the receipt.
    assert root.xpath("//t:correspAction[@type='sent']/t:date/@when", namespaces=NS) == ["1945-03-12"]


@pytest.mark.parametrize(("initials", "ref"),
                         [("F. D. R.", "#roosevelt"), ("H.S.T.", "#truman"), ("W. S. C.", "#churchill")])
def test_a_presidents_or_prime_ministers_initials_sign_for_him(initials: str, ref: str) -> None:
    text = ("MEMORANDUM FOR THE SECRETARY OF STATE\n\n"
            f"Please let me have your views on the enclosed message.\n\n{initials}\n")
    root = tei(text, "letter")
    assert root.xpath("//t:correspAction[@type='sent']/t:persName/@ref", namespaces=NS) == [ref]


def test_an_office_is_the_signers_on_the_day_it_changed_hands() -> None:
    """12 April 1945 is the last day of Roosevelt's presidency and the first of Truman's: "THE PRESIDENT" of a
    message signed ROOSEVELT is Roosevelt."""
    text = ("THE WHITE HOUSE\n\n12 April 1945\n\nFROM: THE PRESIDENT\nTO:   AMBASSADOR HARRIMAN, MOSCOW\n\n"
            "PERSONAL AND TOP SECRET FROM THE PRESIDENT FOR MARSHAL STALIN.\n\n"
            "I HAVE JUST RECEIVED YOUR MESSAGE ABOUT THE BERN INCIDENT.\n\nROOSEVELT\n")
    root = tei(text, "telegram")
    assert root.xpath("//t:correspAction[@type='sent']/t:persName/@ref", namespaces=NS) == ["#roosevelt"]


NAVY_MESSAGE = """NAVY DEPARTMENT

TOP SECRET

FROM: ALUSNA LONDON
TO:   OPNAV
DATE: 12 MAR 45

FOR ADMIRAL KING FROM ADMIRAL STARK.

BRITISH ADMIRALTY CONCURS IN PLAN FOR CONVOY.
"""


def test_a_military_date_with_a_two_digit_year_is_the_sent_date() -> None:
    root = tei(NAVY_MESSAGE, "telegram")
    assert root.xpath("//t:correspAction[@type='sent']/t:date/@when", namespaces=NS) == ["1945-03-12"]


def test_a_title_with_a_name_is_a_persname_once_and_an_office_alone_an_rs() -> None:
    """"ADMIRAL STARK" names a person (persName, not rs), and the persons rule does not tag it a second time
    inside the correspondence rule's tag (the output had <persName><rs>ADMIRAL STARK</rs></persName>)."""
    root = tei(NAVY_MESSAGE, "telegram")
    assert xp(root, "//t:body//t:p[1]/t:persName") == ["ADMIRAL KING", "ADMIRAL STARK"]
    assert root.xpath("//t:persName//t:persName | //t:persName//t:rs | //t:rs//t:persName", namespaces=NS) == []
    office = tei("FROM: THE PRESIDENT\nTO: MARSHAL STALIN\n\nThe text follows.\n", "telegram")
    assert office.xpath("//t:body//t:rs[@type='person']", namespaces=NS)


POSTSCRIPT_LETTER = """FOREIGN OFFICE,
S.W.1.

16th July, 1945.

My dear Stettinius,

Thank you for your letter of the 10th about the Reparations Commission, which I have shown to the Prime Minister.

Yours sincerely,

Anthony Eden

P.S. I shall be in Potsdam from the 17th.
"""


def test_a_postscript_after_the_signature_is_a_postscript_and_the_close_is_still_found() -> None:
    """With "P.S." as the last paragraph, the close became an ab and the signature a paragraph, and no sender
    was found."""
    root = tei(POSTSCRIPT_LETTER, "letter")
    assert xp(root, "//t:closer/t:signed") == ["Anthony Eden"]
    assert xp(root, "//t:postscript/t:p") == ["P.S. I shall be in Potsdam from the 17th."]
    assert root.xpath("//t:correspAction[@type='sent']/t:persName/@ref", namespaces=NS) == ["#eden"]


def test_closing_matter_in_any_order_gives_valid_tei() -> None:
    """A postscript block in the wrong place (no body before it, text after it) was demoted to ab around its
    p: invalid. Every order of these closing pieces, up to three at a time, must validate."""
    from itertools import permutations

    from tei_encoder.validate.engine import Validator, choose_schema

    validator = Validator(choose_schema("default"))
    pieces = ["Dear Sir:", "Thank you for the letter.", "Yours sincerely,", "John Smith", "P.S. One more thing.",
              "[sic]"]
    for k in (1, 2, 3):
        for combo in permutations(pieces, k):
            out = encode("\n\n".join(combo) + "\n").to_bytes()
            problems = validator.validate_bytes(out, "closing.xml").problems
            assert problems == [], (combo, [p.message for p in problems])


def test_registry_resolves_office_by_date() -> None:
    reg = Registry.load()
    assert reg.find_role("SECSTATE", "1946-04-05").id == "byrnes"  # type: ignore[union-attr]
    assert reg.find_role("THE PRESIDENT", "1945-04-11").id == "roosevelt"  # type: ignore[union-attr]
    assert reg.find_role("THE PRESIDENT", "1945-04-13").id == "truman"  # type: ignore[union-attr]
    assert reg.find_role("THE PRESIDENT", "") is None


def test_builder_drops_a_crossing_span_and_keeps_the_text() -> None:
    warnings: list[str] = []
    root = nest(Node(0, 10, "p", {}), [span(0, 5, "hi"), span(3, 8, "persName")], lambda o, m: warnings.append(m))
    assert [c.tag for c in root.children] == ["hi"]
    assert warnings and "cross" in warnings[0]


def test_builder_wraps_a_phrase_left_straight_in_a_div_in_an_ab() -> None:
    """Found by the encode fuzz target: a date with no block around it became the block itself, and
    ``<trailer when="...">`` / ``<opener when="...">`` are invalid. It must sit inside an ``ab`` instead."""
    source = "Text.\n\nNov 7, 1943\n"
    warnings: list[str] = []
    spans = [span(0, 19, "div", rank=0), span(0, 5, "p", rank=10), span(7, 18, "date", when="1943-11-07")]
    region = etree.Element("body")
    build_region(region, "body", 0, len(source), spans, source, lambda o, m: warnings.append(m))
    div = region[0][0]
    assert [etree.QName(c).localname for c in div] == ["p", "ab"]
    ab = div[1]
    assert ab.attrib == {} and [etree.QName(c).localname for c in ab] == ["date"]
    assert ab[0].get("when") == "1943-11-07" and ab[0].text == "Nov 7, 1943"


def test_a_date_does_not_run_across_a_blank_line() -> None:
    assert [f.iso() for f in dates.find_dates("Nov\n\n\n7 1943")] == []
    assert [f.iso() for f in dates.find_dates("Nov\n7, 1943")] == ["1943-11-07"]


def test_catalogue_entry_goes_to_front_and_entry_date_is_sent_date() -> None:
    text = ("\nMarch 2, 1944\n\nMessage from Premier J. V. Stalin to Prime Minister Winston S. Churchill\n\n"
            "Citation:\n\n\"Message\", March 2, 1944, an archive.\n\nSummary:\n\nStalin answers.\n\n"
            "Original Language:\n\nRussian\n\nContents:\n\nTranslation - English\n\n"
            "I received your message of February 27 and thank you for it very much indeed.\n\n1 March 1944\n")
    root = tei(text)
    assert xp(root, "//t:front/t:div/@type") == ["catalogueEntry"]
    assert xp(root, "//t:correspAction[@type='sent']/t:date/@when") == ["1944-03-02"]
    assert xp(root, "//t:correspAction[@type='received']/t:persName/@ref") == ["#churchill"]
    assert xp(root, "//t:closer/t:dateline") == ["1 March 1944"]
