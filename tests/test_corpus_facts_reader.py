"""The facts reader must score a hand-encoded, correct TEI at 100% and a wrong one below.

Without this the corpus table could be wrong in the encoder's favour (or against it) and nobody would
notice: these TEI files are written by hand from the gold and FACTS.md, independently of the encoder.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import corpus_facts as cf
import pytest
from conftest import require_file
from lxml import etree

HEADER = """<teiHeader><fileDesc><titleStmt><title>Test</title></titleStmt>
<publicationStmt><p>Test</p></publicationStmt><sourceDesc><p>Test</p></sourceDesc></fileDesc>
<profileDesc>{corresp}<particDesc><listPerson>{persons}</listPerson></particDesc></profileDesc></teiHeader>"""

# Fixture 02: two telegrams, struck and plain marks, a garbled stamp, a mid-sentence page break.
TEI_02_CORRESP = """
<correspDesc corresp="#d1">
  <correspAction type="sent"><persName ref="#kirk">KIRK</persName><placeName>Caserta</placeName>
    <date when="1944-09-12">September 12, 1944</date></correspAction>
  <correspAction type="received"><persName ref="#hull">Secretary of State</persName></correspAction>
</correspDesc>
<correspDesc corresp="#d2">
  <correspAction type="sent"><persName ref="#winant">WINANT</persName><placeName>London</placeName>
    <date when="1944-09-18">18 September 1944</date></correspAction>
  <correspAction type="received"><persName ref="#fdr">THE PRESIDENT</persName></correspAction>
</correspDesc>"""
TEI_02_PERSONS = """<person xml:id="kirk"><persName>Alexander C. Kirk</persName></person>
<person xml:id="hull"><persName>Cordell Hull</persName></person>
<person xml:id="winant"><persName>John G. Winant</persName></person>
<person xml:id="fdr"><persName>Franklin D. Roosevelt</persName></person>"""
TEI_02_TEXT = """<text><front><div type="caption"><p>Telegrams, Alexander C. Kirk to Cordell Hull, 12 September 1944,
and
John G. Winant to Franklin D. Roosevelt, 18 September 1944.
Map Room Files, Roosevelt Papers.</p></div></front><body>
<div type="document" xml:id="d1">
<fw type="header">DEPARTMENT OF STATE INCOMING TELEGRAM DIVISION OF COMMUNICATIONS AND RECORDS</fw>
<fw type="header">CSB</fw>
<fw type="header">This telegram must be closely paraphrased be- fore being communicated to anyone.</fw>
<opener><dateline><placeName>Caserta</placeName> Dated <date when="1944-09-12">September 12, 1944</date></dateline>
Secretary of State, Washington. 362, September 12</opener>
<fw type="header"><stamp type="classification"><del rend="strikethrough">SECRET</del></stamp></fw>
<p><persName>General Wilson</persName> has received word from London that the War-Cabinet
has requested British Service of Supplies to submit data on existing
arrangements for administration of relief in Italy, expenditures
thereon up to present time and has inquired as to what steps are
being taken to get agricultural and industrial production restarted
in Italy. This message adds that <persName>General O'Dwyer</persName> has apparently taken
<fw type="stamp"><stamp type="declassification">DECLASSIFIED State Dept. letter, 1-11-72
By J. Schauble, NARS Date JAN 24 1972</stamp></fw>
<fw type="header"><stamp type="classification"><del rend="strikethrough">SECRET</del></stamp></fw>
<pb n="2"/><fw type="pageNum">- 2 -</fw>
a full report to Washington which will undoubtedly become available to
British in due course but that the War Office would be grateful if
<persName>General Wilson</persName> in the meantime could transmit a copy of this report
with his comments urgently so that it might be available to the War
Cabinet. War Office also requested any additional pertinent
information on this subject.</p>
<closer><signed>KIRK</signed> <note type="typist">HTM</note></closer>
</div>
<div type="document" xml:id="d2">
<fw type="header">THE WHITE HOUSE MAP ROOM</fw>
<fw type="header"><stamp type="classification"><del rend="strikethrough">SECRET</del></stamp></fw>
<opener><dateline><date when="1944-09-18">18 September 1944</date></dateline>
FROM : THE MAP ROOM TO : THE PRESIDENT, HYDE PARK NR : MR-OUT-420</opener>
<p>Following received from Military Attache London for the President:</p>
<p>TO THE PRESIDENT FROM <persName>WINANT</persName>.</p>
<p>IMMEDIATELY FOLLOWING YOUR DIRECTIVE THAT A MISSION TO DROP
SUPPLIES ON WARSAW WAS AUTHORIZED CLEARANCE WAS OBTAINED FROM
MOSCOW AND THE PROJECT ORGANIZED. BAD WEATHER HAS DELAYED THE
MISSION. I THOUGHT YOU WOULD LIKE TO KNOW THAT I JUST RECEIVED A
MESSAGE WHICH WAS FLASHED BACK STATING THAT ONE HUNDRED AND SEVEN
SHIPS TODAY IN CLEAR WEATHER HAD DROPPED SUPPLIES OVER WARSAW.</p>
<fw type="stamp"><stamp type="declassification">DECLASS1FIED DOD DIR. 5200.9 (9/27/58)
Date- 2-14-72 Signature- RHP</stamp></fw>
<fw type="header"><stamp type="classification">SECRET</stamp></fw>
</div>
</body></text>"""

# Fixture 07: an archive entry with persons and three kinds of editorial intervention.
TEI_07_CORRESP = """
<correspDesc corresp="#m1">
  <correspAction type="sent"><persName ref="#stalin">Premier J. V. Stalin</persName>
    <date when="1943-11-10"/></correspAction>
  <correspAction type="received"><persName>President Franklin D. Roosevelt</persName></correspAction>
</correspDesc>"""
TEI_07_PERSONS = '<person xml:id="stalin"><persName>Joseph Stalin</persName></person>'
TEI_07_TEXT = """<text><front><div type="entry"><head>Message from Premier J. V. Stalin to President Franklin D.
Roosevelt</head><p>November 10, 1943</p><p>Citation: "Message from Premier J. V. Stalin to President Franklin D.
Roosevelt", November 10, 1943, Foreign Relations of the United States, The Conferences at Cairo and Tehran, 1943,
Document 114. &lt;https://history.state.gov/historicaldocuments/frus1943CairoTehran/d114&gt;</p>
<p>Summary: Stalin accepts Roosevelt's plan for a meeting in Iran and announces that Molotov and a Soviet military
representative will reach Cairo by 22 November.</p><p>Original Language: Russian</p>
<p>Contents: Translation - English</p></div></front><body>
<div type="document" xml:id="m1">
<head>Personal and secret message from Premier J. V. Stalin to President Franklin D. Roosevelt</head>
<p>I have received Your message of November 8th. I thank You for Your answer.</p>
<p>Your plan concerning the organization of our meeting in Iran, I accept. I hope, and
<supplied>[that]</supplied> <persName>Mr. Churchill</persName> will agree with this proposal.</p>
<p>By November 22nd, <persName>Mr. V. M. Molotov</persName> and our military representative will arrive in Cairo,
where together with you they will agree upon everything necessary in connection with our meeting in Iran.</p>
<closer><dateline><date when="1943-11-10">November 10, 1943.</date></dateline>
<gap reason="illegible"><desc>[illegible handwritten notation]</desc></gap>
<note type="editorial">[Apparently sent via the Soviet Embassy, Washington.]</note></closer>
</div></body></text>"""


def tei(corresp: str, persons: str, text: str) -> bytes:
    doc = f'<TEI xmlns="http://www.tei-c.org/ns/1.0">{HEADER.format(corresp=corresp, persons=persons)}{text}</TEI>'
    return doc.encode("utf-8")


def correct_02() -> bytes:
    return tei(TEI_02_CORRESP, TEI_02_PERSONS, TEI_02_TEXT)


def correct_07() -> bytes:
    return tei(TEI_07_CORRESP, TEI_07_PERSONS, TEI_07_TEXT)


@pytest.fixture(scope="module")
def fixtures() -> dict[str, cf.Fixture]:
    return {f.stem[:2]: f for f in cf.load_corpus()}


def values(score: cf.FileScore) -> dict[str, float]:
    return {k: t.value() for k, t in score.tallies.items() if k != "valid_tei_all"}


def test_hand_encoded_02_scores_full_marks(fixtures: dict[str, cf.Fixture]) -> None:
    score = cf.score_file(fixtures["02"], correct_02())
    assert score.misses == []
    assert all(v == 1.0 for v in values(score).values()), values(score)
    assert score.tallies["classification_marks"].tp == 4
    assert score.tallies["persons_recall"].total == 2
    assert score.words_lost == []


def test_hand_encoded_07_scores_full_marks(fixtures: dict[str, cf.Fixture]) -> None:
    score = cf.score_file(fixtures["07"], correct_07())
    assert score.misses == []
    assert all(v == 1.0 for v in values(score).values()), values(score)
    assert score.tallies["editorial_interventions"].tp == 3


def test_hand_encoded_tei_is_valid(tei_all: etree.RelaxNG) -> None:
    """The shapes the reader expects must themselves be valid TEI, or the contract would be unsatisfiable."""
    for data in (correct_02(), correct_07()):
        tree = etree.ElementTree(etree.fromstring(data))
        assert tei_all.validate(tree), tei_all.error_log


Mutation = Callable[[bytes], bytes]


def replace(old: str, new: str, count: int = 1) -> Mutation:
    def apply(data: bytes) -> bytes:
        assert old.encode() in data, old
        return data.replace(old.encode(), new.encode(), count)

    return apply


WRONG_02: dict[str, tuple[Mutation, set[str]]] = {
    "sender is the transmitting office": (
        replace('<persName ref="#winant">WINANT</persName>', "<persName>THE MAP ROOM</persName>"),
        {"sender"},
    ),
    "addressee null where gold has one": (
        replace('<correspAction type="received"><persName ref="#hull">Secretary of State</persName></correspAction>',
                ""),
        {"addressee"},
    ),
    "receipt date as date sent": (replace('when="1944-09-12">September', 'when="1944-09-13">September'),
                                  {"date_sent"}),
    "destination as place": (replace("<placeName>London</placeName>", "<placeName>Hyde Park</placeName>"),
                             {"place_sent"}),
    "place where gold has none is still a place": (
        replace("<placeName>Caserta</placeName>", "<placeName>Caserta (Italy)</placeName>"), {"place_sent"}),
    "two correspDesc for one document": (replace("</correspDesc>", '</correspDesc><correspDesc corresp="#d1"/>'),
                                         {"sender", "addressee", "date_sent", "place_sent"}),
    "struck mark lost its del": (
        replace('<stamp type="classification"><del rend="strikethrough">SECRET</del></stamp></fw>\n<p>',
                '<stamp type="classification">SECRET</stamp></fw>\n<p>'),
        {"classification_marks", "strikethroughs"},
    ),
    "plain mark encoded as struck": (
        replace('<stamp type="classification">SECRET</stamp>',
                '<stamp type="classification"><del>SECRET</del></stamp>'),
        {"classification_marks", "strikethroughs"},
    ),
    "precedence word as a mark": (replace('<fw type="header">CSB</fw>', '<fw type="classification">CSB</fw>'),
                                  {"classification_marks"}),
    "stamp missed": (replace('<stamp type="declassification">DECLASS1FIED', "<stamp>DECLASS1FIED"),
                     {"declassification_stamps"}),
    "page break lost": (replace('<pb n="2"/>', ""), {"page_breaks"}),
    "signature lost": (replace("<signed>KIRK</signed>", "KIRK"), {"signature"}),
    # FACTS reads the first signed only, so a later wrong one goes unseen.
    "typist initials after the signature": (replace('<note type="typist">HTM</note>', "<signed>HTM</signed>"), set()),
    "salute where gold has none": (replace('<fw type="header">CSB</fw>', "<salute>CSB</salute>"), {"salute"}),
    "person not marked": (replace("<persName>General O'Dwyer</persName>", "General O'Dwyer"), {"persons_recall"}),
    "office marked as a person": (replace("the War Office would", "the <persName>War Office</persName> would"),
                                  {"persons_precision"}),
    "intervention invented": (replace("War-Cabinet", "War-<supplied>Cabinet</supplied>"),
                              {"editorial_interventions"}),
    "one document instead of two": (
        replace('</div>\n<div type="document" xml:id="d2">', "<ab/>"),
        {"documents", "sender", "addressee", "date_sent", "place_sent", "classification_marks", "strikethroughs",
         "declassification_stamps", "page_breaks", "persons_precision"},
    ),
}


@pytest.mark.parametrize("case", sorted(WRONG_02))
def test_wrong_encoding_scores_below(case: str, fixtures: dict[str, cf.Fixture]) -> None:
    mutate, expected_drops = WRONG_02[case]
    good = values(cf.score_file(fixtures["02"], correct_02()))
    bad = values(cf.score_file(fixtures["02"], mutate(correct_02())))
    assert {k for k in good if bad[k] < good[k]} == expected_drops


def test_page_break_at_div_start_counts_only_after_text(fixtures: dict[str, cf.Fixture]) -> None:
    data = replace('<div type="document" xml:id="d2">\n', '<div type="document" xml:id="d2">\n<pb n="3"/>')(
        correct_02()
    )
    assert cf.score_file(fixtures["02"], data).tallies["page_breaks"].value() == 1.0


def test_a_lost_word_is_counted(fixtures: dict[str, cf.Fixture]) -> None:
    score = cf.score_file(fixtures["02"], replace("SUPPLIES OVER WARSAW", "SUPPLIES OVER")(correct_02()))
    assert score.words_lost == ["WARSAW"]


def test_interventions_wrong_kind_and_missing(fixtures: dict[str, cf.Fixture]) -> None:
    data = replace("<supplied>[that]</supplied>", "<corr>[that]</corr>")(correct_07())
    score = cf.score_file(fixtures["07"], data)
    assert score.tallies["editorial_interventions"].value() < 1.0
    data = replace('<note type="editorial">[Apparently', "<note>[Apparently")(correct_07())
    tally = cf.score_file(fixtures["07"], data).tallies["editorial_interventions"]
    assert (tally.tp, tally.fn) == (2, 1)


def test_interventions_are_matched_in_order(fixtures: dict[str, cf.Fixture]) -> None:
    moved = correct_07().replace(b"<supplied>[that]</supplied>", b"[that]").replace(
        b"[Apparently sent via the Soviet Embassy, Washington.]</note>",
        b"[Apparently sent via the Soviet Embassy, Washington.]</note><supplied>x</supplied>",
    )
    tally = cf.score_file(fixtures["07"], moved).tallies["editorial_interventions"]
    assert tally.value() < 1.0


def test_sender_via_ref_and_null_addressee() -> None:
    root = etree.fromstring(correct_02())
    facts = cf.read_file(root)
    assert facts.documents[0].sender.texts == ["KIRK", "Alexander C. Kirk"]
    assert cf._correspondent_ok(facts.documents[0].addressee, {"name": "Cordell Hull"})
    assert not cf._correspondent_ok(facts.documents[0].addressee, {"name": None})
    assert cf._correspondent_ok(cf.Correspondent(present=False), {"name": None})


@pytest.mark.parametrize(
    ("name", "key"),
    [("Harry S. Truman", "truman"), ("Qavan", "qavan"), ("Mr. Hopkins’", "hopkins"), ("General O’Dwyer", "o'dwyer"),
     ("Monsieur Mikołajczyk", "mikolajczyk"), ("John Smith Jr.", "smith")],
)
def test_surname(name: str, key: str) -> None:
    assert cf.surname(name) == key


def test_name_matching_is_whole_word_and_folded() -> None:
    assert cf.name_in(cf.surname("Mikolajczyk"), "Monsieur MIKOŁAJCZYK")
    assert cf.name_in(cf.surname("General O'Dwyer"), "GENERAL O’DWYER")
    assert not cf.name_in(cf.surname("Mr. Hull"), "Hullabaloo")


def test_lost_words_substring_and_sic_budget() -> None:
    assert cf.lost_words("our colle[a]gues", "our colleagues", 0) == []
    assert cf.lost_words("the [sic] word", "the  word", 1) == []
    assert cf.lost_words("the [sic] word", "the  word", 0) == ["sic"]
    assert cf.lost_words("a sic b", "a  b", 1) == ["sic"]  # only the sic of [sic] may go
    assert cf.lost_words("one two", "two one", 0) == ["two"]  # order matters
    # The encoder may have consumed the second [sic] and kept the first as text: either must pass.
    assert cf.lost_words("[sic][SIC]", "[sic]", 1) == []
    assert cf.lost_words("[sic][SIC]", "[SIC]", 1) == []
    assert len(cf.lost_words("[sic][SIC]", "", 1)) == 1


def test_salute_and_place_normalisation() -> None:
    assert cf.salute_key("DEAR  MR.\nPRESIDENT.") == cf.salute_key("Dear Mr. President:")
    assert cf.salute_key("Dear Mr. President") != cf.salute_key("Dear Mr. Secretary")
    assert cf.place_key("[Hyde Park,]") == cf.place_key("Hyde Park")


def test_lcs() -> None:
    assert cf.lcs_length("abcbdab", "bdcaba") == 4
    assert cf.lcs_length([], [1]) == 0


def test_missing_schema_fails_in_ci_and_skips_elsewhere(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """CI must not go green by skipping every validity check when the schema is not where it belongs."""
    missing = tmp_path / "tei_all.rng"
    monkeypatch.setenv("CI", "true")
    with pytest.raises(pytest.fail.Exception):
        require_file(missing, "tei_all")
    monkeypatch.delenv("CI")
    with pytest.raises(pytest.skip.Exception):
        require_file(missing, "tei_all")
    missing.write_text("<grammar/>", encoding="utf-8")
    require_file(missing, "tei_all")
