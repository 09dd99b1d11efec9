"""The explainer's work stays bounded on any invalid file.

The explainer (tei_encoder/validate/patterns.py) replays an invalid document with derivatives to say what
is allowed. fuzz/fuzz_validate.py found a 3.7 KB file (tests/fixtures/validate/hostile/explainer_blowup.xml:
TEI elements in another namespace nested in a paragraph's mixed content) on which that took 64 million
derivative steps and 55 s: each refused child followed by text doubled the alternatives. Patterns are now
interned, so the same structure is one object and a duplicate alternative is dropped, and a step budget
stops any other blow-up: past it, validate reports libxml2's own messages, rephrased.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from tei_encoder.cli import main
from tei_encoder.validate import patterns
from tei_encoder.validate.engine import Validator, choose_schema
from tei_encoder.xmlsafe import parse_bytes

FIXTURES = Path(__file__).resolve().parent / "fixtures" / "validate"
BLOWUP = FIXTURES / "hostile" / "explainer_blowup.xml"
MINIMAL = (FIXTURES / "valid" / "minimal.xml").read_text(encoding="utf-8")


@pytest.fixture(scope="module")
def validator() -> Validator:
    return Validator(choose_schema("default"))


def _steps(validator: Validator, data: bytes) -> int:
    tree = parse_bytes(data, "doc.xml")
    assert not validator.relaxng.validate(tree)
    assert validator.explainer is not None
    findings = validator.explainer.explain(tree.getroot())
    assert findings
    return patterns.STEP_BUDGET - patterns._steps_left


def _refused_between_text(k: int) -> bytes:
    inner = '<TEI xmlns="urn:x"><![CDATA[ ]]> <?pi x?><!-- c -->x</TEI> y ' * k
    return MINIMAL.replace("<p>Text.", "<p>Text." + inner, 1).encode()


def test_refused_children_between_text_cost_linear_work(validator: Validator) -> None:
    """Steps for 10, 20 and 40 refused children: equal increments (they were doubling: 2^k)."""
    s10, s20, s40 = (_steps(validator, _refused_between_text(k)) for k in (10, 20, 40))
    assert s20 - s10 == (s40 - s20) // 2
    assert s40 < 10_000


def test_the_fuzz_finding_is_explained_within_the_budget(validator: Validator) -> None:
    assert _steps(validator, BLOWUP.read_bytes()) < patterns.STEP_BUDGET // 20


def test_the_fuzz_finding_through_the_command() -> None:
    result = CliRunner().invoke(main, ["validate", str(BLOWUP)])
    assert result.exit_code == 1, result.output
    assert result.exception is None or isinstance(result.exception, SystemExit)
    assert f"{BLOWUP}:2:" in result.stdout
    assert "element <TEI> is not allowed inside <p>" in result.stdout
    assert 'date/@when="194~-07-01" is not an ISO date' in result.stdout


def test_past_the_budget_libxml2s_messages_are_reported(
    validator: Validator, monkeypatch: pytest.MonkeyPatch
) -> None:
    """An explainer that runs out of steps gives nothing half-done: the file is still invalid, with
    libxml2's verdict rephrased, at libxml2's lines."""
    data = (FIXTURES / "invalid" / "unknown_element.xml").read_bytes()
    monkeypatch.setattr(patterns, "STEP_BUDGET", 50)
    result = validator.validate_bytes(data, "unknown_element.xml")
    schema = [p for p in result.problems if p.source == "schema"]
    assert schema, result.problems
    assert all(p.line > 0 for p in schema)
    assert any("<letterhead>" in p.message for p in schema), schema
    assert not any("allowed here:" in p.message for p in schema)  # the explainer's wording is absent
    monkeypatch.undo()
    full = validator.validate_bytes(data, "unknown_element.xml")
    assert any("allowed here:" in p.message for p in full.problems)
