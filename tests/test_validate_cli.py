"""``tei-encoder validate`` as CI and pre-commit use it: formats, exit codes, paths, schemas and messages.

Every invalid fixture must give its plain-language ``file:line:col: error: ...`` line (tests/fixtures/validate/
invalid/expected.json says which), the three formats must say the same thing, and the exit code must tell
"all valid" (0), "some invalid" (1) and "could not check" (2) apart. The tests that need TEI All use the
session's ``tei_all_path`` fixture (tests/conftest.py), which fails rather than skips under CI=true.
"""

from __future__ import annotations

import json
import os
import re
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner
from lxml import etree

from tei_encoder.cli import main
from tei_encoder.validate import runner

FIXTURES = Path(__file__).resolve().parent / "fixtures" / "validate"
VALID = sorted((FIXTURES / "valid").glob("*.xml"))
INVALID = sorted((FIXTURES / "invalid").glob("*.xml"))
EXPECTED: dict[str, dict[str, object]] = json.loads((FIXTURES / "invalid" / "expected.json").read_text())
MINIMAL = FIXTURES / "valid" / "minimal.xml"
ERROR_LINE = re.compile(r"^(?P<path>.+?):(?P<line>\d+):(?P<col>\d+): error: (?P<msg>.+)$")
#: libxml2's own wording, which the issue rules out ("never libxml2's bare ...").
LIBXML2_WORDING = ("Invalid attribute", "for element", "Expecting element", "failed to validate",
                   "Did not expect element", "has extra content", "Error validating")


def run(*args: str | Path) -> tuple[int, str, str]:
    """The command in this process; stdout (the report) and stderr (summary, errors) kept apart."""
    result = CliRunner().invoke(main, ["validate", *map(str, args)])
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
    return result.exit_code, result.stdout, result.stderr


def copy(src: Path, dst: Path) -> Path:
    dst.parent.mkdir(parents=True, exist_ok=True)
    shutil.copy(src, dst)
    return dst


# ------------------------------------------------------------------ text: one line per problem


def test_valid_files_exit_0_with_no_report_and_a_summary() -> None:
    code, out, err = run(*VALID)
    assert code == 0, out + err
    assert out == ""
    assert f"{len(VALID)} files checked against tei-encoder + Schematron: {len(VALID)} valid, 0 invalid" in err


@pytest.mark.parametrize("path", INVALID, ids=lambda p: p.name)
def test_each_invalid_file_gives_its_message_at_its_line_and_exit_1(path: Path) -> None:
    want = EXPECTED[path.name]
    code, out, err = run(path)
    assert code == 1, out + err
    lines = out.splitlines()
    assert lines, err
    parsed = [ERROR_LINE.match(line) for line in lines]
    assert all(parsed), lines  # every line is file:line:col: error: message
    hits = [m for m in parsed if m and str(want["message"]) in m["msg"]]
    assert hits, lines
    assert hits[0]["path"] == str(path)
    assert int(hits[0]["line"]) == want["line"]
    assert int(hits[0]["col"]) >= 1
    assert not any(w in out for w in LIBXML2_WORDING), out
    assert "1 file checked against tei-encoder + Schematron: 0 valid, 1 invalid" in err


@pytest.mark.parametrize(("fixture", "line"), [
    # The issue's two examples, word for word.
    ("date_not_iso.xml",
     ':10:94: error: date/@when="April 1946" is not an ISO date; write YYYY-MM-DD, YYYY-MM or YYYY'),
    ("unknown_element.xml",
     ":16:9: error: element <letterhead> is not allowed inside <div>; allowed here: p, ab, head, fw, "),
    # A pointer to nothing, named with the fix.
    ("dangling_ref.xml", ':16:22: error: persName/@ref="#nobody" points to no element of this file; '
                         'add xml:id="nobody" to the element it means, or fix the pointer'),
    # A struck mark outside del, rendered or typed.
    ("struck_hi.xml", ':16:60: error: <hi rend="strikethrough"> marks struck text outside <del>; '
                      'put the struck mark inside <del rend="strikethrough">'),
    ("struck_typed.xml", ':16:9: error: struck mark "~~SECRET~~" is typed as text; '
                         'encode it as <del rend="strikethrough">SECRET</del>'),
    # Not well-formed: the parser's line and column, in words.
    ("not_wellformed.xml", ":16:23: error: not well-formed: Opening and ending tag mismatch: p line 16 and div"),
    # Closed value lists say what is allowed.
    ("fw_type.xml", ':16:13: error: fw/@type="letterhead" is not one of the allowed values: '
                    "header, footer, pageNum, lineNum, sig, catch, stamp"),
    ("unknown_attribute.xml", ":16:12: error: attribute @colour is not allowed on <p>; allowed: cert, corresp, "),
    ("classification_unknown.xml", ':16:34: error: classification mark "SECERT" is not a known level; write one of '
                                   "TOP SECRET, SECRET, CONFIDENTIAL, RESTRICTED"),
])
def test_messages_read_as_the_issue_asks(fixture: str, line: str) -> None:
    path = FIXTURES / "invalid" / fixture
    code, out, _ = run(path)
    assert code == 1
    assert f"{path}{line}" in out, out


def test_many_files_one_report_in_the_order_given(tmp_path: Path) -> None:
    bad = [copy(FIXTURES / "invalid" / n, tmp_path / n) for n in ("date_not_iso.xml", "dangling_ref.xml")]
    good = copy(MINIMAL, tmp_path / "ok.xml")
    code, out, err = run(bad[1], good, bad[0])
    assert code == 1
    paths = [m["path"] for m in map(ERROR_LINE.match, out.splitlines()) if m]
    assert paths and set(paths) == {str(bad[0]), str(bad[1])}
    assert paths.index(str(bad[1])) < paths.index(str(bad[0]))
    assert "3 files checked against tei-encoder + Schematron: 1 valid, 2 invalid" in err


def test_quiet_drops_the_summary() -> None:
    code, out, err = run("-q", FIXTURES / "invalid" / "dangling_ref.xml")
    assert code == 1 and out and err == ""


# ------------------------------------------------------------------ json and junit


def test_json_report(tmp_path: Path) -> None:
    bad = FIXTURES / "invalid" / "date_not_iso.xml"
    code, out, _ = run("--format", "json", MINIMAL, bad)
    assert code == 1
    doc = json.loads(out)
    assert doc["schema"] == "tei-encoder + Schematron"
    assert doc["valid"] is False
    assert [f["path"] for f in doc["files"]] == [str(MINIMAL), str(bad)]
    ok, ko = doc["files"]
    assert ok == {"path": str(MINIMAL), "valid": True, "io_error": False, "errors": []}
    assert ko["valid"] is False and ko["io_error"] is False
    first = ko["errors"][0]
    assert set(first) == {"line", "column", "message", "source", "rule"}
    assert (first["line"], first["column"]) == (10, 94)
    assert first["message"].startswith('date/@when="April 1946" is not an ISO date')
    code, out, _ = run("--format", "json", MINIMAL)
    assert code == 0 and json.loads(out)["valid"] is True


def test_json_names_the_schematron_rule() -> None:
    code, out, _ = run("--format", "json", FIXTURES / "invalid" / "dangling_ref.xml")
    assert code == 1
    (error,) = json.loads(out)["files"][0]["errors"]
    assert (error["source"], error["rule"]) == ("schematron", "pointer-resolves")


def test_junit_each_file_is_a_testcase_and_invalid_ones_fail() -> None:
    files = [*VALID, *INVALID]
    code, out, _ = run("--format", "junit", *files)
    assert code == 1
    root = etree.fromstring(out.encode("utf-8"))
    assert root.tag == "testsuites"
    (suite,) = root.findall("testsuite")
    cases = suite.findall("testcase")
    assert [c.get("name") for c in cases] == [str(f) for f in files]
    assert suite.get("tests") == root.get("tests") == str(len(files))
    assert suite.get("failures") == str(len(INVALID)) and suite.get("errors") == "0"
    for case, f in zip(cases, files, strict=True):
        assert case.get("file") == str(f)
        assert float(case.get("time", "x")) >= 0
        failures = case.findall("failure")
        if f in VALID:
            assert len(case) == 0, etree.tostring(case)
            continue
        assert len(failures) == 1, f.name
        want = EXPECTED[f.name]
        assert failures[0].get("type") == "invalid"
        assert str(want["message"]) in (failures[0].text or "")
        assert f"{f}:{want['line']}:" in (failures[0].text or "")
        assert failures[0].get("message")


def test_junit_unreadable_file_is_an_error_case(tmp_path: Path) -> None:
    folder = tmp_path / "tei"
    copy(MINIMAL, folder / "a.xml")
    (folder / "gone.xml").symlink_to(tmp_path / "nowhere.xml")  # listed by the folder walk, cannot be read
    code, out, _ = run("--format", "junit", folder)
    assert code == 2
    suite = etree.fromstring(out.encode("utf-8")).find("testsuite")
    assert suite is not None and suite.get("errors") == "1" and suite.get("failures") == "0"
    (error,) = suite.iter("error")
    assert error.get("type") == "io" and "no such file" in (error.text or "")


def test_output_file_gets_the_report_and_stdout_stays_empty(tmp_path: Path) -> None:
    target = tmp_path / "report.xml"
    code, out, err = run("--format", "junit", "-o", target, FIXTURES / "invalid" / "fw_type.xml")
    assert code == 1 and out == ""
    assert etree.parse(str(target)).getroot().get("failures") == "1"
    assert "1 invalid" in err


# ------------------------------------------------------------------ exit code 2: could not check


@pytest.mark.parametrize(("args", "message"), [
    (["MISSING.xml"], "MISSING.xml: no such file or directory"),
    (["--schema", "no/such/schema.rng", "MINIMAL"], "no/such/schema.rng: schema file not found"),
    (["--format", "yaml", "MINIMAL"], "Invalid value for '--format'"),
    (["--jobs", "0", "MINIMAL"], "Invalid value for '-j' / '--jobs'"),
    (["NOMATCH/*.xml"], "NOMATCH/*.xml: no file matches this pattern"),
    ([], "Missing argument 'PATH...'"),
])
def test_usage_and_io_errors_exit_2(args: list[str], message: str, tmp_path: Path) -> None:
    os.chdir(tmp_path)  # relative paths above are relative to an empty folder
    args = [str(MINIMAL) if a == "MINIMAL" else a for a in args]
    code, out, err = run(*args)
    assert code == 2, (code, out, err)
    assert message in err, err
    assert out == ""


def test_a_missing_file_among_good_ones_is_exit_2_before_any_check(tmp_path: Path) -> None:
    code, out, err = run(MINIMAL, tmp_path / "missing.xml")
    assert code == 2 and out == ""
    assert f"tei-encoder: error: {tmp_path / 'missing.xml'}: no such file or directory" in err


def test_a_folder_without_xml_is_exit_2(tmp_path: Path) -> None:
    (tmp_path / "notes.txt").write_text("no TEI here\n")
    code, _, err = run(tmp_path)
    assert code == 2
    assert f"{tmp_path}: no *.xml or *.tei file in this folder" in err


def test_a_schema_that_is_not_relax_ng_is_exit_2(tmp_path: Path) -> None:
    bogus = tmp_path / "bogus.rng"
    bogus.write_text('<grammar xmlns="http://relaxng.org/ns/structure/1.0"><start><ref name="x"/></start></grammar>')
    code, out, err = run("--schema", bogus, MINIMAL)
    assert code == 2 and out == ""
    assert f"{bogus}: not a usable RELAX NG schema" in err
    broken = tmp_path / "broken.rng"
    broken.write_text("<grammar")
    code, _, err = run("--schema", broken, MINIMAL)
    assert code == 2 and f"{broken}: cannot read the schema" in err


def test_missing_tei_all_is_exit_2_with_a_hint(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("TEI_ALL_RNG", str(tmp_path / "tei_all.rng"))
    code, _, err = run("--schema", "tei_all", MINIMAL)
    assert code == 2
    assert "tei_all.rng: schema file not found (set TEI_ALL_RNG or put TEI P5 at ../shared/tei/)" in err


def test_an_unwritable_output_is_exit_2(tmp_path: Path) -> None:
    target = tmp_path / "no" / "such" / "dir" / "r.txt"
    code, out, err = run("-o", target, MINIMAL)
    assert code == 2 and out == ""
    assert f"tei-encoder: error: {target}: No such file or directory" in err


# ------------------------------------------------------------------ directories and globs


@pytest.fixture
def tree(tmp_path: Path) -> Path:
    """A repository-like folder: nested TEI, a .tei file, a hidden folder and files that are not XML."""
    root = tmp_path / "repo"
    copy(MINIMAL, root / "a.xml")
    copy(FIXTURES / "valid" / "hand_edited_letter.xml", root / "box1" / "folder 2" / "letter.xml")
    copy(FIXTURES / "invalid" / "dangling_ref.xml", root / "box1" / "bad.tei")
    copy(FIXTURES / "invalid" / "unknown_element.xml", root / ".git" / "skipped.xml")
    (root / "box1" / "notes.txt").write_text("<not xml")
    (root / "README.md").write_text("# TEI\n")
    return root


def test_directories_are_searched_recursively_for_xml_and_tei(tree: Path) -> None:
    code, out, err = run("--format", "json", tree)
    assert code == 1, err
    files = {Path(f["path"]).relative_to(tree).as_posix(): f["valid"] for f in json.loads(out)["files"]}
    assert files == {"a.xml": True, "box1/folder 2/letter.xml": True, "box1/bad.tei": False}


def test_globs_are_expanded_recursively(tree: Path) -> None:
    code, out, _ = run("--format", "json", str(tree / "**" / "*.xml"))
    assert code == 0  # *.xml only: the invalid .tei file is not matched, the hidden folder is not entered by **
    assert sorted(Path(f["path"]).name for f in json.loads(out)["files"]) == ["a.xml", "letter.xml"]
    code, out, _ = run("--format", "json", str(tree / "box1" / "*.tei"))
    assert code == 1
    assert [Path(f["path"]).name for f in json.loads(out)["files"]] == ["bad.tei"]


def test_a_file_named_twice_is_checked_once(tree: Path) -> None:
    code, _, err = run(tree / "a.xml", tree, str(tree / "*.xml"))
    assert code == 1
    assert "3 files checked" in err


def test_expand_paths_keeps_the_order_of_the_arguments(tree: Path) -> None:
    found = runner.expand_paths([str(tree / "box1"), str(tree / "a.xml")])
    assert [Path(p).name for p in found] == ["bad.tei", "letter.xml", "a.xml"]


# ------------------------------------------------------------------ many files: the worker pool


def test_parallel_run_reports_the_same_as_one_process(tmp_path: Path) -> None:
    """Enough files for the worker pool: the same report, in the same order, as with --jobs 1."""
    n = runner.PARALLEL_MIN_FILES + 20
    sources = [*VALID, *INVALID]
    for i in range(n):
        copy(sources[i % len(sources)], tmp_path / f"{i:03}_{sources[i % len(sources)].name}")
    code1, out1, _ = run("--jobs", "1", "--format", "json", tmp_path)
    code2, out2, _ = run("--jobs", "2", "--format", "json", tmp_path)
    assert code1 == code2 == 1
    one, two = json.loads(out1), json.loads(out2)
    assert one["files"] == two["files"]
    assert len(one["files"]) == n
    assert sum(not f["valid"] for f in one["files"]) == sum(
        1 for i in range(n) if sources[i % len(sources)] in INVALID)


# ------------------------------------------------------------------ other schemas


def test_no_schematron_leaves_the_rules_out() -> None:
    dangling = FIXTURES / "invalid" / "dangling_ref.xml"
    code, out, err = run("--no-schematron", dangling)
    assert code == 0, out
    assert "checked against tei-encoder:" in err


def test_schema_file_rng_and_rnc(tmp_path: Path) -> None:
    """Any RELAX NG file; an .rnc is compiled on the fly. Without Schematron unless asked for."""
    rng = tmp_path / "notes.rng"
    rng.write_text(
        '<element name="note" ns="urn:notes" xmlns="http://relaxng.org/ns/structure/1.0"'
        ' datatypeLibrary="http://www.w3.org/2001/XMLSchema-datatypes">'
        '<attribute name="n"><data type="integer"/></attribute><text/></element>')
    good, bad = tmp_path / "good.xml", tmp_path / "bad.xml"
    good.write_text('<note xmlns="urn:notes" n="3">a note</note>')
    bad.write_text('<note xmlns="urn:notes" n="three">a note</note>')
    code, out, err = run("--schema", rng, good, bad)
    assert code == 1
    assert f"checked against {rng.name}: 1 valid, 1 invalid" in err
    (line,) = out.splitlines()
    m = ERROR_LINE.match(line)
    assert m and m["path"] == str(bad) and m["line"] == "1"
    assert "three" in m["msg"] and not any(w in m["msg"] for w in LIBXML2_WORDING), m["msg"]
    # The project's own source schema, compiled from RNC: same verdicts as the default schema's RELAX NG part.
    rnc = Path(__file__).resolve().parents[1] / "schemas" / "tei-encoder.rnc"
    code, out, _ = run("--schema", rnc, MINIMAL, FIXTURES / "invalid" / "fw_type.xml",
                       FIXTURES / "invalid" / "dangling_ref.xml")
    assert code == 1
    assert 'fw/@type="letterhead" is not one of the allowed values' in out
    assert "dangling_ref" not in out  # a Schematron rule: not run with another schema unless asked


def test_schema_file_with_schematron(tmp_path: Path) -> None:
    rnc = Path(__file__).resolve().parents[1] / "schemas" / "tei-encoder.rnc"
    code, out, _ = run("--schema", rnc, "--schematron", FIXTURES / "invalid" / "dangling_ref.xml")
    assert code == 1 and 'persName/@ref="#nobody" points to no element' in out


def test_tei_all(tei_all_path: Path) -> None:
    """TEI All accepts what our closed lists refuse and knows nothing of the Schematron rules; it still
    refuses an unknown element, with the same kind of message."""
    unknown = FIXTURES / "invalid" / "unknown_element.xml"
    fw = FIXTURES / "invalid" / "fw_type.xml"
    dangling = FIXTURES / "invalid" / "dangling_ref.xml"
    code, out, err = run("--schema", "tei_all", "--format", "json", *VALID, fw, dangling, unknown)
    assert code == 1, err
    verdicts = {Path(f["path"]).name: f["valid"] for f in json.loads(out)["files"]}
    assert verdicts == {**{v.name: True for v in VALID}, fw.name: True, dangling.name: True, unknown.name: False}
    (bad,) = [f for f in json.loads(out)["files"] if not f["valid"]]
    first = bad["errors"][0]
    assert first["line"] == 16 and first["source"] == "schema"
    assert first["message"].startswith("element <letterhead> is not allowed"), first["message"]
    assert f"{len(VALID) + 3} files checked against tei_all: {len(VALID) + 2} valid, 1 invalid" in err


# ------------------------------------------------------------------ what cannot be read, and what must not be


@pytest.mark.parametrize("kind", ["fifo", "device"])
def test_a_file_that_cannot_be_read_is_exit_2_on_stderr(kind: str, tmp_path: Path) -> None:
    """A FIFO or a device named as the file is refused at once (never read: /dev/zero would fill the memory)."""
    target = tmp_path / "pipe.xml" if kind == "fifo" else Path("/dev/zero")
    if kind == "fifo":
        os.mkfifo(target)
    reason = "not a regular file"
    code, out, err = run(MINIMAL, target)
    assert code == 2
    assert out == ""  # the valid file has nothing to report; the unreadable one is the tool's own error
    assert f"tei-encoder: error: {target}: {reason}" in err
    assert "2 files checked against tei-encoder + Schematron: 1 valid, 0 invalid, 1 unreadable" in err


def _with_include(folder: Path, href: str) -> Path:
    text = MINIMAL.read_text(encoding="utf-8").replace(
        "<p>Text.</p>",
        f'<p>Text.</p><xi:include xmlns:xi="http://www.w3.org/2001/XInclude" href="{href}"/>')
    doc = folder / "doc.xml"
    doc.write_text(text, encoding="utf-8")
    return doc


def test_xinclude_expands_a_file_beside_the_document(tmp_path: Path) -> None:
    (tmp_path / "part.xml").write_text('<p xmlns="http://www.tei-c.org/ns/1.0">Included.</p>')
    doc = _with_include(tmp_path, "part.xml")
    code, out, _ = run(doc)
    assert code == 1 and 'is not expanded: XInclude is off for safety' in out
    code, out, _ = run("--xinclude", doc)
    assert code == 0, out


@pytest.mark.parametrize("href", ["../secret.xml", "SECRET_ABS", "file:///etc/passwd", "http://example.org/x.xml"])
def test_xinclude_never_reads_outside_the_document_folder(href: str, tmp_path: Path) -> None:
    secret = tmp_path / "secret.xml"
    secret.write_text('<p xmlns="http://www.tei-c.org/ns/1.0">TOP-SECRET-CONTENT</p>')
    folder = tmp_path / "edition"
    folder.mkdir()
    doc = _with_include(folder, str(secret) if href == "SECRET_ABS" else href)
    code, out, err = run("--xinclude", doc)
    assert code == 1
    assert "TOP-SECRET-CONTENT" not in out + err and "root:" not in out + err
    m = ERROR_LINE.match(out.splitlines()[0])
    assert m and m["line"] == "16"
    assert ("outside the document's folder" in m["msg"] or "is not a local file" in m["msg"]), m["msg"]
