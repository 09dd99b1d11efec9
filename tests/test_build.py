"""``tei-encoder build``: every stage runs, every problem of every stage is reported."""

from __future__ import annotations

import json
import os
import shutil
import signal
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import CliRunner

from tei_encoder.api import encode
from tei_encoder.cli import main

CORPUS = Path(__file__).resolve().parent / "fixtures" / "corpus" / "inputs"
PICK = ["01_wardept_churchill_truman_103_jul1945.txt", "06_wilson_stalin_roosevelt_19oct1943.txt",
        "12_frus_truman_attlee_jul1946.txt"]

STRICT_RNG = """<grammar xmlns="http://relaxng.org/ns/structure/1.0">
  <start><element name="notTEI"><empty/></element></start>
</grammar>
"""


def invoke(args: list[str], cwd: Path) -> tuple[int, str]:
    old = os.getcwd()
    os.chdir(cwd)
    try:
        result = CliRunner().invoke(main, args)
    finally:
        os.chdir(old)
    assert result.exception is None or isinstance(result.exception, SystemExit), repr(result.exception)
    return result.exit_code, result.stderr


@pytest.fixture()
def archive(tmp_path: Path) -> Path:
    (tmp_path / "in" / "box").mkdir(parents=True)
    for i, name in enumerate(PICK):
        shutil.copy(CORPUS / name, tmp_path / "in" / ("box" if i else "") / name)
    return tmp_path


def test_a_clean_collection_builds_tei_and_site(archive: Path) -> None:
    code, err = invoke(["build", "in", "--out-dir", "out", "--report", "report.json"], archive)
    assert code == 0, err
    tei = archive / "out" / "tei"
    assert sorted(p.relative_to(tei).as_posix() for p in tei.rglob("*.xml")) == [
        f"{PICK[0][:-4]}.xml", f"box/{PICK[1][:-4]}.xml", f"box/{PICK[2][:-4]}.xml"
    ]
    site = archive / "out" / "site"
    assert {p.name for p in site.glob("*.html")} == {n[:-4] + ".html" for n in PICK} | {"index.html", "persons.html"}
    assert err.splitlines()[-1].endswith(": ready to hand off")
    summary = json.loads((archive / "report.json").read_text())["summary"]
    assert summary["problems"] == 0
    assert summary["encode"]["files"] == summary["validate"]["files"] == summary["html"]["files"] == 3
    assert summary["html"]["pages"] == 5


def test_problems_of_every_stage_are_reported_and_the_build_goes_on(archive: Path) -> None:
    (archive / "in" / "box" / "scan.txt").write_bytes(b"%PDF-1.5\n")
    (archive / "strict.rng").write_text(STRICT_RNG)
    code, err = invoke(
        ["build", "in", "--out-dir", "out", "--schema", "strict.rng", "--report", "report.json", "-j", "1"], archive
    )
    assert code == 1
    errors = [line for line in err.splitlines() if line.startswith("tei-encoder: error: ")]
    assert errors[0] == "tei-encoder: error: in/box/scan.txt: binary file, not a text transcript"
    invalid = [e for e in errors[1:] if "notTEI" in e or "Expecting element" in e or "expecting" in e.lower()]
    assert len(invalid) >= 3  # each of the three encoded files is refused by the strict schema
    assert {p.name for p in (archive / "out" / "site").glob("*.html")} >= {"index.html", "persons.html"}
    report = json.loads((archive / "report.json").read_text())
    by_stage: dict[str, list[dict[str, object]]] = {}
    for entry in report["files"]:
        by_stage.setdefault(str(entry["stage"]), []).append(entry)
    assert [e["input"] for e in by_stage["encode"] if e["status"] == "error"] == ["in/box/scan.txt"]
    assert len([e for e in by_stage["validate"] if e["status"] == "error"]) == 3
    assert all(e["status"] == "ok" for e in by_stage["html"])
    assert report["summary"]["validate"]["failed_files"] == 3
    assert report["summary"]["problems"] == 1 + report["summary"]["validate"]["problems"]


def test_a_stage_that_cannot_run_is_a_problem_and_the_next_stage_still_runs(archive: Path) -> None:
    code, err = invoke(["build", "in", "--out-dir", "out", "--schema", "missing.rng"], archive)
    assert code == 1
    assert "tei-encoder: error: validate: missing.rng: schema file not found" in err
    assert "validated 3 files (could not run)" in err
    assert (archive / "out" / "site" / "index.html").exists()


def test_a_failing_renderer_is_reported_not_raised(archive: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from tei_encoder import html

    def broken(*args: object, **kwargs: object) -> None:
        raise RuntimeError("XSLT engine unavailable")

    monkeypatch.setattr(html, "build_site", broken)
    code, err = invoke(["build", "in", "--out-dir", "out"], archive)
    assert code == 1
    assert (
        "tei-encoder: error: html: internal error (RuntimeError: XSLT engine unavailable); please report this" in err
    )
    assert len(list((archive / "out" / "tei").rglob("*.xml"))) == 3


def test_rebuilding_needs_force_and_keeps_existing_files(archive: Path) -> None:
    assert invoke(["build", "in", "--out-dir", "out", "-q"], archive)[0] == 0
    page = archive / "out" / "tei" / f"{PICK[0][:-4]}.xml"
    page.write_bytes(b"edited by hand")
    code, err = invoke(["build", "in", "--out-dir", "out", "-q"], archive)
    assert code == 1
    assert err.count("output exists; use --force to overwrite") == 3
    assert page.read_bytes() == b"edited by hand"
    assert invoke(["build", "in", "--out-dir", "out", "-q", "--force"], archive)[0] == 0
    assert page.read_bytes().startswith(b"<?xml")


def test_build_refuses_standard_input(archive: Path) -> None:
    code, err = invoke(["build", "-", "--out-dir", "out"], archive)
    assert code == 2
    assert "not standard input" in err


MAIN = "import sys; from tei_encoder.cli import main; sys.exit(main())"


def _interrupt_build_when(tmp_path: Path, ready: Callable[[Path], bool]) -> tuple[int, str]:
    """Start ``build`` on a large collection in its own process group and send Ctrl-C once ``ready`` holds."""
    (tmp_path / "in").mkdir()
    inputs = sorted(CORPUS.glob("*.txt"))
    for i in range(300):
        shutil.copy(inputs[i % len(inputs)], tmp_path / "in" / f"t{i:04}.txt")
    proc = subprocess.Popen(
        [sys.executable, "-c", MAIN, "build", "in", "--out-dir", "out", "--report", "r.json"],
        cwd=tmp_path, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, start_new_session=True,
    )
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline and proc.poll() is None and not ready(tmp_path / "out"):
        time.sleep(0.01)
    assert proc.poll() is None, "the build ended before it could be interrupted"
    os.killpg(proc.pid, signal.SIGINT)  # a terminal's Ctrl-C reaches the whole process group
    _, err = proc.communicate(timeout=120)
    return proc.returncode, err


def _count(folder: Path, pattern: str) -> int:
    return len(list(folder.glob(pattern))) if folder.is_dir() else 0


@pytest.mark.parametrize("stage", ["encode", "html"])
def test_ctrl_c_stops_the_build_and_leaves_no_partial_files(tmp_path: Path, stage: str) -> None:
    if stage == "encode":
        code, err = _interrupt_build_when(tmp_path, lambda out: _count(out / "tei", "*.xml") >= 5)
    else:
        code, err = _interrupt_build_when(tmp_path, lambda out: _count(out / "site", "*.html") >= 3)
    assert code == 130, err
    assert "Traceback" not in err
    last = err.strip().splitlines()[-1]
    assert last.startswith("tei-encoder: error: interrupted after "), last
    assert last.endswith("every file written is complete, no partial files left"), last
    written = sorted((tmp_path / "out").rglob("*"))
    assert [p.name for p in written if p.name.startswith(".") or p.name.endswith(".tei-tmp")] == []
    for path in (tmp_path / "out" / "tei").glob("*.xml"):
        source = f"in/{path.stem}.txt"
        assert path.read_bytes() == encode(tmp_path / source, name=source).to_bytes(), path.name
    for page in (tmp_path / "out" / "site").glob("*.html"):
        assert page.read_text(encoding="utf-8").rstrip().endswith("</html>"), page.name
    assert not (tmp_path / "r.json").exists()
