"""The project's TEI customization: its RNC and RNG agree, it accepts what the encoder and archivists write,
it is narrower than TEI All, and it refuses what it must.

tei_all.rng is compiled once per session by conftest (it takes seconds); a missing copy fails under CI=true.
"""

from __future__ import annotations

import json
import os
import random
import shutil
import subprocess
import sys
from pathlib import Path

import corpus_facts as cf
import pytest
from lxml import etree

from tei_encoder.validate import patterns as pt
from tei_encoder.validate.engine import PROJECT_RNG, PROJECT_SCH, SchemaChoice, Validator
from tei_encoder.validate.rnc import RncError, compile_rnc, compile_rnc_to_bytes

ROOT = Path(__file__).resolve().parents[1]
SCHEMAS = ROOT / "schemas"
FIXTURES = ROOT / "tests" / "fixtures" / "validate"
VALID = sorted((FIXTURES / "valid").glob("*.xml"))
INVALID = sorted((FIXTURES / "invalid").glob("*.xml"))
EXPECTED: dict[str, dict[str, object]] = json.loads((FIXTURES / "invalid" / "expected.json").read_text())
TEI_NS = "http://www.tei-c.org/ns/1.0"


@pytest.fixture(scope="module")
def project_rng() -> etree.RelaxNG:
    return etree.RelaxNG(file=os.fspath(PROJECT_RNG))


@pytest.fixture(scope="module")
def validator() -> Validator:
    return Validator(SchemaChoice(PROJECT_RNG, "tei-encoder", PROJECT_SCH))


# ------------------------------------------------------------------ source and compiled schema agree


def test_committed_rng_is_the_compiled_rnc() -> None:
    fresh = compile_rnc_to_bytes((SCHEMAS / "tei-encoder.rnc").read_text(encoding="utf-8"))
    assert (SCHEMAS / "tei-encoder.rng").read_bytes() == fresh, "run: python3 scripts/build_schema.py"


def test_build_script_check_mode_agrees() -> None:
    done = subprocess.run([sys.executable, str(ROOT / "scripts" / "build_schema.py"), "--check"],
                          capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stderr


def _jing() -> str:
    jing = shutil.which("jing")
    if jing is None:
        if os.environ.get("CI") == "true":
            pytest.fail("jing is not installed (CI=true: .ci/run installs it)")
        pytest.skip("jing is not installed")
    return jing


def test_jing_reading_the_rnc_agrees_with_lxml_reading_the_rng(project_rng: etree.RelaxNG, tmp_path: Path) -> None:
    """An independent RNC implementation (jing's) gives the same verdict as our compiled RNG on every fixture."""
    jing = _jing()
    files = VALID + [f for f in INVALID if EXPECTED[f.name]["source"] == "schema"]
    for f in files:
        ours = project_rng.validate(etree.parse(os.fspath(f)))
        theirs = subprocess.run([jing, "-c", str(SCHEMAS / "tei-encoder.rnc"), str(f)],
                                capture_output=True, text=True, timeout=120)
        assert ours == (theirs.returncode == 0), (f.name, theirs.stdout)


def test_rnc_compiler_refuses_what_it_does_not_understand() -> None:
    with pytest.raises(RncError, match="line 2"):
        compile_rnc('start = a\na = element a { include "x.rnc" }')
    with pytest.raises(RncError, match="parentheses"):
        compile_rnc("start = element a { b, c | d }\nb = empty\nc = empty\nd = empty")


def test_rnc_compiler_output_shape() -> None:
    root = compile_rnc('default namespace = "urn:x"\nstart = element a { attribute b { "1" | "2" }?, \\text* }\n'
                       '\\text = element text { xsd:token { pattern = "[a-z]+" } - "no" }')
    rng = etree.RelaxNG(root)
    ok = etree.fromstring('<a xmlns="urn:x" b="2"><text>yes</text></a>')
    assert rng.validate(etree.ElementTree(ok))
    for bad in ('<a xmlns="urn:x" b="3"/>', '<a xmlns="urn:x"><text>no</text></a>', '<a><text>x</text></a>'):
        assert not rng.validate(etree.ElementTree(etree.fromstring(bad))), bad


# ------------------------------------------------------------------ what must be valid


@pytest.mark.parametrize("path", VALID, ids=lambda p: p.name)
def test_valid_fixtures_pass_project_schema_schematron_and_tei_all(
    path: Path, validator: Validator, tei_all: etree.RelaxNG
) -> None:
    result = validator.validate_path(os.fspath(path))
    assert result.valid, [p.message for p in result.problems]
    assert tei_all.validate(etree.parse(os.fspath(path))), [e.message for e in tei_all.error_log][:5]


def test_every_encoder_output_is_valid_everywhere(
    corpus: list[cf.Fixture], encoded: object, validator: Validator, tei_all: etree.RelaxNG
) -> None:
    """Seeds and corpus inputs, encoded now: project schema + Schematron + TEI All."""
    assert len(corpus) >= 20
    failures = []
    for fixture in corpus:
        data: bytes = encoded.get(fixture)  # type: ignore[attr-defined]
        result = validator.validate_bytes(data, fixture.stem)
        failures += [f"{fixture.stem}:{p.line}:{p.column}: {p.message}" for p in result.problems]
        if not tei_all.validate(etree.ElementTree(etree.fromstring(data))):
            failures.append(f"{fixture.stem}: tei_all: {tei_all.error_log[0].message}")
    assert not failures, "\n".join(failures)


# ------------------------------------------------------------------ what must be refused


@pytest.mark.parametrize("path", INVALID, ids=lambda p: p.name)
def test_each_invalid_fixture_gives_its_message_at_its_line(path: Path, validator: Validator) -> None:
    want = EXPECTED[path.name]
    result = validator.validate_path(os.fspath(path))
    assert not result.valid
    hits = [p for p in result.problems if str(want["message"]) in p.message]
    assert hits, [p.message for p in result.problems]
    assert hits[0].line == want["line"], (hits[0].line, hits[0].message)
    assert hits[0].source == want["source"]
    assert hits[0].column >= 1


@pytest.mark.parametrize("path", [f for f in INVALID if EXPECTED[f.name]["tei_all_rejects"]], ids=lambda p: p.name)
def test_negative_examples_are_rejected_by_both_schemas(
    path: Path, project_rng: etree.RelaxNG, tei_all: etree.RelaxNG
) -> None:
    try:
        tree = etree.parse(os.fspath(path))
    except etree.XMLSyntaxError:
        return  # refused before any schema, by both
    assert not project_rng.validate(tree)
    assert not tei_all.validate(tree)


@pytest.mark.parametrize("path", [f for f in INVALID if EXPECTED[f.name]["source"] == "schema"
                                  and not EXPECTED[f.name]["tei_all_rejects"]], ids=lambda p: p.name)
def test_closed_lists_are_stricter_than_tei_all(
    path: Path, project_rng: etree.RelaxNG, tei_all: etree.RelaxNG
) -> None:
    """fw/@type, stamp/@type, the classification levels and document div ids: TEI All lets them pass, we do not."""
    tree = etree.parse(os.fspath(path))
    assert not project_rng.validate(tree)
    assert tei_all.validate(tree), [e.message for e in tei_all.error_log][:3]


# ------------------------------------------------------------------ subset of TEI All, by generation


class _Generator:
    """Random documents drawn from the project grammar: each must be valid against both schemas.

    It walks the same pattern graph the explainer uses, choosing alternatives at random and closing
    recursion by preferring the shortest alternative when deep, so every content model gets exercised.
    """

    WORDS = ("a", "SECRET", "Moscow", "1946")

    def __init__(self, grammar: pt.Grammar, seed: int) -> None:
        self.rnd = random.Random(seed)
        self.grammar = grammar
        self.ids = 0
        self._cost: dict[pt.Pattern, int] = {}

    def document(self) -> etree._Element:
        start = next(iter(pt.first_elements(self.grammar.start)))
        return self.element(start, 0)

    def element(self, pat: pt.Element, depth: int) -> etree._Element:
        (ns, local), = pat.names.names
        el = etree.Element(f"{{{ns}}}{local}" if ns else local, nsmap={None: TEI_NS})
        assert pat.content is not None
        self.fill(el, pat.content, depth)
        return el

    def fill(self, el: etree._Element, p: pt.Pattern, depth: int) -> None:
        p = pt.resolve(p)
        if isinstance(p, pt.Choice):
            items = list(p.items)
            if depth > 5:  # close the document: only the shallowest alternatives
                best = min(self.cost(i) for i in items)
                items = [i for i in items if self.cost(i) == best]
            self.fill(el, self.rnd.choice(items), depth)
        elif isinstance(p, pt.Group | pt.Interleave):
            self.fill(el, p.first, depth)
            self.fill(el, p.second, depth)
        elif isinstance(p, pt.OneOrMore):
            for _ in range(1 if depth > 4 else self.rnd.randint(1, 2)):
                self.fill(el, p.item, depth)
        elif isinstance(p, pt.Element):
            el.append(self.element(p, depth + 1))
        elif isinstance(p, pt.Attribute):
            (ns, local), = p.names.names
            el.set(f"{{{ns}}}{local}" if ns else local, self.value(p.value, local))
        elif p is pt.TEXT:
            if len(el):
                el[-1].tail = (el[-1].tail or "") + " " + self.rnd.choice(self.WORDS)
            else:
                el.text = (el.text or "") + self.rnd.choice(self.WORDS)

    def cost(self, p: pt.Pattern) -> int:
        """How many nested elements at least this pattern forces (a fixpoint over the grammar)."""
        p = pt.resolve(p)
        if p in self._cost:
            return self._cost[p]
        self._cost[p] = 10_000  # in progress: a cycle costs "too much"
        if isinstance(p, pt.Element):
            assert p.content is not None
            c = 1 + self.cost(p.content)
        elif isinstance(p, pt.Choice):
            c = min(self.cost(i) for i in p.items)
        elif isinstance(p, pt.Group | pt.Interleave):
            c = self.cost(p.first) + self.cost(p.second)
        elif isinstance(p, pt.OneOrMore):
            c = self.cost(p.item)
        else:
            c = 0
        self._cost[p] = min(c, 10_000)
        return self._cost[p]

    def value(self, p: pt.Pattern, local: str) -> str:
        p = pt.resolve(p)
        if isinstance(p, pt.ListP):
            p = p.item
        leaves = list(pt._leaves(p)) or [pt.TEXT]
        leaf = self.rnd.choice(leaves)
        if isinstance(leaf, pt.Value):
            return leaf.text
        if isinstance(leaf, pt.Data):
            if leaf.type in ("ID",):
                self.ids += 1
                return f"id{self.ids}"
            return {"date": "1946-04-06", "gYear": "1946", "gYearMonth": "1946-04", "dateTime": "1946-04-06T10:00:00",
                    "time": "10:00:00", "language": "en", "Name": "tei-encoder", "boolean": "true",
                    "nonNegativeInteger": "2", "double": "2", "decimal": "2", "anyURI": "#x"}.get(
                leaf.type, "1.0" if local == "version" else "word")
        return "word"


@pytest.mark.parametrize("seed", range(40))
def test_random_documents_of_the_project_schema_are_valid_tei_all(
    seed: int, project_rng: etree.RelaxNG, tei_all: etree.RelaxNG
) -> None:
    gen = _Generator(pt.Grammar.from_file(PROJECT_RNG), seed)
    doc = etree.ElementTree(gen.document())
    assert project_rng.validate(doc), project_rng.error_log[0].message
    assert tei_all.validate(doc), (tei_all.error_log[0].line, tei_all.error_log[0].message,
                                   etree.tostring(doc, pretty_print=True).decode()[:3000])


# ------------------------------------------------------------------ the encoder's marks pass its own rules

#: What tei_encoder/classify.py recognises as a classification mark: a level, alone or after a prefix.
MARK_PREFIXES = ["", "PERSONAL AND ", "Personal and ", "PERSONAL, ", "STRICTLY ", "Strictly "]
MARK_LEVELS = ["TOP SECRET", "SECRET", "CONFIDENTIAL", "RESTRICTED", "MOST SECRET", "EYES ONLY TOP SECRET"]
MARKS = [f"{p}{level}" for p in MARK_PREFIXES for level in MARK_LEVELS]


@pytest.mark.parametrize("mark", [*MARKS, *(f"~~{m}~~" for m in MARKS[:12]), "Top Secret", "s-e-c-r-e-t"])
def test_every_mark_the_encoder_recognises_passes_the_schematron(mark: str, validator: Validator) -> None:
    """A telegram marked PERSONAL AND CONFIDENTIAL or MOST SECRET was encoded into TEI that the project's own
    Schematron refused (it knew six spellings). Every mark the encoder recognises must pass its rules."""
    from tei_encoder import classify
    from tei_encoder.api import encode

    text = f"INCOMING TELEGRAM\n\n{mark}\n\nFROM: London\nTO: Secretary of State\n\nThe text follows.\n\nWINANT\n"
    recognised = bool(classify.MARK_LINE.match(mark))
    out = encode(text, "telegram").to_bytes()
    stamps = etree.fromstring(out).xpath("//t:stamp[@type='classification']", namespaces={"t": TEI_NS})
    assert bool(stamps) == recognised, (mark, out.decode()[-800:])
    problems = validator.validate_bytes(out, mark).problems
    assert problems == [], [p.message for p in problems]
