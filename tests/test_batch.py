"""Batch encoding: discovery keeps the tree, the pool streams, output equals single-file runs.

Most tests call the command in-process through click's runner (fast); the
ones about signals, terminals and exit codes of a real process run the
installed command in a subprocess.
"""

from __future__ import annotations

import io
import json
import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from click.testing import CliRunner

from tei_encoder import api, batch
from tei_encoder.cli import main

CORPUS = Path(__file__).resolve().parent / "fixtures" / "corpus" / "inputs"
FIXTURES = sorted(CORPUS.glob("*.txt"))
MAIN = "import sys; from tei_encoder.cli import main; sys.exit(main())"


def cli(*args: str, cwd: Path | None = None, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    """The command in a fresh process, as an archivist runs it."""
    return subprocess.run(
        [sys.executable, "-c", MAIN, *args], capture_output=True, text=True, cwd=cwd, env=env, timeout=120
    )


@pytest.fixture()
def collection(tmp_path: Path) -> Path:
    """A small archive: two boxes, a nested folder, a hidden file, and a non-transcript."""
    root = tmp_path / "in"
    (root / "box1" / "folder a").mkdir(parents=True)
    (root / "box2").mkdir()
    for i, src in enumerate(FIXTURES[:6]):
        shutil.copy(src, root / ("box1" if i % 2 else "box2") / src.name)
    for src in FIXTURES[6:9]:
        shutil.copy(src, root / "box1" / "folder a" / src.name)
    (root / "box2" / ".hidden.txt").write_text("not part of the collection\n")
    (root / "box2" / "notes.md").write_text("# not a transcript\n")
    return root


def run(args: list[str], cwd: Path) -> tuple[int, str, str]:
    old = os.getcwd()
    os.chdir(cwd)
    try:
        result = CliRunner().invoke(main, args)
    finally:
        os.chdir(old)
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
    return result.exit_code, result.stdout, result.stderr


def expected_bytes(source: str, cwd: Path) -> bytes:
    return api.encode(cwd / source, name=source).to_bytes()


def test_folder_keeps_tree_and_skips_hidden_and_other_files(collection: Path) -> None:
    tasks = list(batch.discover([str(collection)], Path("out")))
    assert all(isinstance(t, batch.Task) for t in tasks)
    targets = sorted(os.path.relpath(t.target, "out") for t in tasks if isinstance(t, batch.Task))
    assert len(targets) == 9
    assert "box1/folder a/" + FIXTURES[6].stem + ".xml" in targets
    assert not any("hidden" in t or "notes" in t for t in targets)


def test_glob_keeps_tree_below_its_fixed_prefix(collection: Path) -> None:
    pattern = str(collection / "box*" / "**" / "*.txt")
    tasks = [t for t in batch.discover([pattern], Path("out")) if isinstance(t, batch.Task)]
    assert len(tasks) == 9
    assert {Path(t.target).parts[1] for t in tasks} == {"box1", "box2"}


def test_bad_arguments_and_colliding_outputs_are_outcomes_not_crashes(collection: Path, tmp_path: Path) -> None:
    (tmp_path / "empty").mkdir()
    a, b = tmp_path / "a", tmp_path / "b"
    a.mkdir()
    b.mkdir()
    (a / "x.txt").write_text("Dear Sir, one.\n")
    (b / "x.txt").write_text("Dear Sir, two.\n")
    items = list(
        batch.discover([str(tmp_path / "missing.txt"), str(tmp_path / "empty"), "nothing-*.txt", str(a / "x.txt"),
                        str(b / "x.txt")], Path("out"))
    )
    errors = [i.errors[0] for i in items if isinstance(i, batch.Outcome)]
    assert [e.split(": ", 1)[1] for e in errors] == [
        "no such file or folder",
        "no transcripts (*.txt) in this folder",
        "no files match",
        f"would write the same output as {a / 'x.txt'} ({Path('out') / 'x.xml'})",
    ]
    assert [i.source for i in items if isinstance(i, batch.Task)] == [str(a / "x.txt")]


@pytest.mark.parametrize("jobs", ["1", "2"])
def test_batch_output_is_byte_identical_to_single_file_runs(collection: Path, jobs: str) -> None:
    cwd = collection.parent
    code, _, err = run(["encode", "in", "--out-dir", "out", "-j", jobs], cwd)
    assert code == 0, err
    written = sorted((cwd / "out").rglob("*.xml"))
    assert len(written) == 9
    for source in sorted((cwd / "in").rglob("[0-9]*.txt")):
        rel = source.relative_to(cwd / "in").with_suffix(".xml")
        single = cwd / "single.xml"
        code, _, err = run(["encode", str(source.relative_to(cwd)), "-o", "single.xml", "--force"], cwd)
        assert code == 0, err
        assert (cwd / "out" / rel).read_bytes() == single.read_bytes(), rel


def test_summary_and_report_list_every_file_with_its_warnings_and_errors(collection: Path) -> None:
    cwd = collection.parent
    (collection / "box2" / "empty.txt").write_bytes(b"  \n\n")
    (collection / "box2" / "scan.txt").write_bytes(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
    code, _, err = run(["encode", "in", "--out-dir", "out", "-j", "2", "--report", "report.json"], cwd)
    assert code == 1
    report = json.loads((cwd / "report.json").read_text())
    files = report["files"]
    assert [f["input"] for f in files] == sorted(f["input"] for f in files)  # input order, whatever the pool did
    assert len(files) == 11
    failed = {f["input"]: f["errors"] for f in files if f["status"] == "error"}
    assert failed == {
        "in/box2/empty.txt": ["in/box2/empty.txt: empty transcript (no text to encode)"],
        "in/box2/scan.txt": ["in/box2/scan.txt: binary file, not a text transcript"],
    }
    summary = report["summary"]
    warnings = sum(len(f["warnings"]) for f in files)
    assert summary["files"] == 11 and summary["failed_files"] == 2 and summary["errors"] == 2
    assert summary["warnings"] == warnings
    assert summary["documents"] == sum(f["documents"] for f in files) >= 9
    assert not (cwd / "out" / "box2" / "empty.xml").exists()
    lines = err.splitlines()
    assert "tei-encoder: error: in/box2/scan.txt: binary file, not a text transcript" in lines
    assert lines[-1].startswith(f"tei-encoder: encoded 11 files (9 ok), {summary['documents']} documents, ")
    assert f"{batch.plural(warnings, 'warning')}, 2 errors in " in lines[-1]
    assert "\r" not in err  # not a terminal: no progress bar


def test_quiet_prints_only_problems(collection: Path) -> None:
    code, out, err = run(["encode", "in", "--out-dir", "out", "-q"], collection.parent)
    assert code == 0
    assert out == ""
    assert all(": warning: " in line for line in err.splitlines())


def test_existing_outputs_are_kept_without_force_and_replaced_with_it(collection: Path) -> None:
    cwd = collection.parent
    assert run(["encode", "in", "--out-dir", "out"], cwd)[0] == 0
    victim = next((cwd / "out").rglob("*.xml"))
    victim.write_bytes(b"archivist's hand edits")
    code, _, err = run(["encode", "in", "--out-dir", "out"], cwd)
    assert code == 1
    assert err.count("output exists; use --force to overwrite") == 9
    assert victim.read_bytes() == b"archivist's hand edits"
    code, _, _ = run(["encode", "in", "--out-dir", "out", "--force"], cwd)
    assert code == 0
    assert victim.read_bytes().startswith(b"<?xml")


def test_progress_bar_draws_on_a_terminal_and_clears_before_messages() -> None:
    stream = io.StringIO()
    progress = batch.Progress(stream, total=4, enabled=True)
    for i in range(4):
        progress.advance(batch.Outcome(f"f{i}.txt", errors=[] if i else ["f0.txt: bad"]))
    drawn = stream.getvalue()
    assert "\r[" in drawn and "4/4 files, 1 with errors" in drawn
    batch.print_outcome(batch.Outcome("x.txt", warnings=[(3, "odd")]), stream, progress)
    assert stream.getvalue().endswith("\r\x1b[Kx.txt:3: warning: odd\n")
    silent = io.StringIO()
    off = batch.Progress(silent, total=4, enabled=False)
    off.advance(batch.Outcome("a.txt"))
    assert silent.getvalue() == ""


def test_pool_streams_the_collection_with_a_bounded_window(tmp_path: Path) -> None:
    """The pool pulls only a few chunks ahead of what it has handed back, however long the collection."""
    source = tmp_path / "one.txt"
    shutil.copy(FIXTURES[0], source)
    pulled = 0
    gaps: list[int] = []

    def tasks() -> object:
        nonlocal pulled
        for i in range(200):
            pulled += 1
            yield batch.Task(str(source), str(tmp_path / "out" / f"{i}.xml"))

    done = 0

    def seen(outcome: batch.Outcome) -> None:
        nonlocal done
        assert outcome.ok, outcome.errors
        done += 1
        gaps.append(pulled - done)

    batch.run_local(tasks(), batch.Options(durable=False), 2, seen, chunk_size=2)  # type: ignore[arg-type]
    assert done == 200
    assert max(gaps) <= 4 * 2 * 2 + 2  # window of 4 chunks per worker, 2 files a chunk


def test_outcomes_arrive_in_input_order_with_bad_inputs_in_place(tmp_path: Path) -> None:
    good = tmp_path / "good.txt"
    shutil.copy(FIXTURES[1], good)
    items: list[batch.Task | batch.Outcome] = []
    for i in range(30):
        if i % 7 == 3:
            items.append(batch.Outcome(f"bad{i}", errors=[f"bad{i}: no such file or folder"]))
        else:
            items.append(batch.Task(str(good), str(tmp_path / "o" / f"{i:02}.xml")))
    order: list[str] = []
    batch.run_local(items, batch.Options(durable=False), 2, lambda o: order.append(Path(o.target or o.source).stem))
    assert order == [f"bad{i}" if i % 7 == 3 else f"{i:02}" for i in range(30)]


def test_a_crashing_file_is_one_error_and_the_run_goes_on(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from tei_encoder import rules

    real = rules.run

    def flaky(state: object, steps: object) -> None:
        if "boom" in state.source.name:  # type: ignore[attr-defined]
            raise ValueError("rule exploded\nsecond line")
        real(state, steps)  # type: ignore[arg-type]

    monkeypatch.setattr(rules, "run", flaky)
    (tmp_path / "in").mkdir()
    shutil.copy(FIXTURES[0], tmp_path / "in" / "a.txt")
    shutil.copy(FIXTURES[0], tmp_path / "in" / "boom.txt")
    code, _, err = run(["encode", "in", "--out-dir", "out", "-j", "1"], tmp_path)
    assert code == 1
    assert "tei-encoder: error: in/boom.txt: internal error (ValueError: rule exploded); please report this" in err
    assert (tmp_path / "out" / "a.xml").exists() and not (tmp_path / "out" / "boom.xml").exists()


def test_runs_are_deterministic_across_processes(collection: Path) -> None:
    cwd = collection.parent
    outs = []
    for seed in ("1", "2"):
        env = dict(os.environ, PYTHONHASHSEED=seed)
        result = cli("encode", "in", "--out-dir", f"out{seed}", "-j", "2", cwd=cwd, env=env)
        assert result.returncode == 0, result.stderr
        outs.append({p.relative_to(cwd / f"out{seed}"): p.read_bytes() for p in (cwd / f"out{seed}").rglob("*.xml")})
    assert outs[0] == outs[1] and len(outs[0]) == 9


def _big_collection(root: Path, n: int) -> None:
    root.mkdir()
    for i in range(n):
        shutil.copy(FIXTURES[i % len(FIXTURES)], root / f"t{i:04}.txt")


@pytest.mark.parametrize("jobs", ["1", "2"])
def test_ctrl_c_stops_the_run_and_leaves_no_partial_files(tmp_path: Path, jobs: str) -> None:
    _big_collection(tmp_path / "in", 400)
    proc = subprocess.Popen(
        [sys.executable, "-c", MAIN, "encode", "in", "--out-dir", "out", "-j", jobs, "--report", "r.json"],
        cwd=tmp_path,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        start_new_session=True,
    )
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if (tmp_path / "out").exists() and len(list((tmp_path / "out").glob("*.xml"))) >= 5:
            break
        time.sleep(0.01)
    os.killpg(proc.pid, signal.SIGINT)  # what a terminal's Ctrl-C does: the whole process group
    _, err = proc.communicate(timeout=60)
    assert proc.returncode == 130, err
    assert "Traceback" not in err
    last = err.strip().splitlines()[-1]
    assert last.startswith("tei-encoder: error: interrupted after ")
    assert last.endswith(" files; every file written is complete, no partial files left (--skip-existing resumes)")
    reported = int(last.split("interrupted after ")[1].split()[0])
    leftovers = [p.name for p in (tmp_path / "out").iterdir() if not p.name.endswith(".xml")]
    assert leftovers == []
    written = sorted((tmp_path / "out").glob("*.xml"))
    assert 5 <= len(written) < 400
    assert reported <= len(written)  # a lower bound: workers may finish files after the last one reported
    for path in written:
        assert path.read_bytes() == expected_bytes(f"in/{path.stem}.txt", tmp_path), path.name
    assert not (tmp_path / "r.json").exists()
    assert {p.name for p in tmp_path.iterdir()} == {"in", "out"}  # no report, no stray temporaries


def test_sweep_removes_only_temporaries_of_the_given_targets(tmp_path: Path) -> None:
    (tmp_path / ".a.xml.x1y2.tei-tmp").write_bytes(b"half")
    (tmp_path / ".b.xml.x1y2.tei-tmp").write_bytes(b"someone else's")
    (tmp_path / "a.xml").write_bytes(b"done")
    from tei_encoder.fileio import sweep_temporaries

    assert sweep_temporaries(tmp_path, {"a.xml"}) == 1
    assert sorted(p.name for p in tmp_path.iterdir()) == [".b.xml.x1y2.tei-tmp", "a.xml"]


def test_a_folder_linked_into_itself_is_not_followed(tmp_path: Path) -> None:
    (tmp_path / "in" / "box").mkdir(parents=True)
    shutil.copy(FIXTURES[0], tmp_path / "in" / "box" / "a.txt")
    (tmp_path / "in" / "box" / "loop").symlink_to(tmp_path / "in")
    tasks = list(batch.discover([str(tmp_path / "in")], Path("out")))
    assert [Path(t.source).name for t in tasks] == ["a.txt"]


def test_an_unreadable_folder_is_an_error_not_a_silent_skip(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (tmp_path / "in" / "locked").mkdir(parents=True)
    shutil.copy(FIXTURES[0], tmp_path / "in" / "a.txt")
    real = os.scandir

    def scandir(path: str) -> object:
        if str(path).endswith("locked"):
            raise PermissionError(13, "Permission denied")
        return real(path)

    monkeypatch.setattr(batch.os, "scandir", scandir)
    items = list(batch.discover([str(tmp_path / "in")], Path("out")))
    assert [type(i).__name__ for i in items] == ["Task", "Outcome"]
    assert items[1].errors == [f"{tmp_path / 'in' / 'locked'}: folder cannot be read (permission denied)"]  # type: ignore[union-attr]


def test_skip_existing_resumes_an_interrupted_run(collection: Path) -> None:
    cwd = collection.parent
    assert run(["encode", "in", "--out-dir", "out", "-q"], cwd)[0] == 0
    done = sorted((cwd / "out").rglob("*.xml"))
    done[0].write_bytes(b"kept as it is")
    for path in done[1:4]:
        path.unlink()  # as if the run had been stopped before these
    code, _, err = run(["encode", "in", "--out-dir", "out", "--skip-existing", "--report", "r.json"], cwd)
    assert code == 0, err
    assert err.splitlines()[-1].startswith("tei-encoder: encoded 9 files (3 ok, 6 skipped as already there), ")
    assert done[0].read_bytes() == b"kept as it is"
    assert all(p.exists() for p in done)
    statuses = [f["status"] for f in json.loads((cwd / "r.json").read_text())["files"]]
    assert sorted(statuses) == ["ok"] * 3 + ["skipped"] * 6
    assert run(["encode", "in", "--out-dir", "out", "--skip-existing", "--force"], cwd)[0] == 2
