"""The optional Dask runner: same per-file function, same bytes, same order, on a local cluster."""

from __future__ import annotations

import builtins
import json
import os
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from tei_encoder.cli import main

CORPUS = Path(__file__).resolve().parent / "fixtures" / "corpus" / "inputs"


def invoke(args: list[str], cwd: Path) -> tuple[int, str]:
    old = os.getcwd()
    os.chdir(cwd)
    try:
        result = CliRunner().invoke(main, args)
    finally:
        os.chdir(old)
    assert result.exception is None or isinstance(result.exception, SystemExit), repr(result.exception)
    return result.exit_code, result.stderr


@pytest.fixture(scope="module")
def scheduler() -> Iterator[str]:
    distributed = pytest.importorskip("distributed")
    cluster = distributed.LocalCluster(
        n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None, silence_logs=50
    )
    try:
        yield str(cluster.scheduler_address)
    finally:
        cluster.close()


def test_dask_run_matches_the_local_pool_byte_for_byte(tmp_path: Path, scheduler: str) -> None:
    src = tmp_path / "in"
    (src / "sub").mkdir(parents=True)
    for i, path in enumerate(sorted(CORPUS.glob("*.txt"))[:8]):
        shutil.copy(path, src / ("sub" if i % 2 else "") / path.name)
    (src / "bad.txt").write_bytes(b"\x89PNG\r\n\x1a\n")
    code, err = invoke(["encode", "in", "--out-dir", "local", "-j", "1"], tmp_path)
    assert code == 1
    with pytest.MonkeyPatch.context() as mp:
        import tei_encoder.dask_runner as runner

        mp.setattr(runner, "BLOCK", 3)  # several blocks, so the two-in-flight pipeline is exercised
        code, dask_err = invoke(
            ["encode", "in", "--out-dir", "remote", "--dask", scheduler, "--report", "r.json"], tmp_path
        )
    assert code == 1
    assert "tei-encoder: error: in/bad.txt: binary file, not a text transcript" in dask_err
    local = {p.relative_to(tmp_path / "local"): p.read_bytes() for p in (tmp_path / "local").rglob("*.xml")}
    remote = {p.relative_to(tmp_path / "remote"): p.read_bytes() for p in (tmp_path / "remote").rglob("*.xml")}
    assert local == remote and len(local) == 8
    report = json.loads((tmp_path / "r.json").read_text())
    assert [f["input"] for f in report["files"]] == sorted(f["input"] for f in report["files"])
    assert report["summary"]["files"] == 9 and report["summary"]["failed_files"] == 1
    # Warnings come back from the workers and are printed in input order, as with the local pool.
    assert [line for line in dask_err.splitlines() if ": warning: " in line] == [
        line for line in err.splitlines() if ": warning: " in line
    ]


def test_without_the_extra_the_dask_option_is_one_error(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    real_import = builtins.__import__

    def no_dask(name: str, *args: Any, **kwargs: Any) -> Any:
        if name.split(".")[0] in {"dask", "distributed"}:
            raise ImportError(name)
        return real_import(name, *args, **kwargs)

    monkeypatch.setattr(builtins, "__import__", no_dask)
    (tmp_path / "a.txt").write_text("Dear Sir, the cable arrived.\n")
    (tmp_path / "b.txt").write_text("Dear Sir, the second cable.\n")
    code, err = invoke(["encode", "a.txt", "b.txt", "--out-dir", "out", "--dask", "tcp://127.0.0.1:1"], tmp_path)
    assert code == 1
    assert err.splitlines()[-1] == "tei-encoder: error: --dask: needs the [dask] extra: pip install 'tei-encoder[dask]'"
    assert list((tmp_path / "out").iterdir()) == []


def test_an_unreachable_scheduler_is_one_error(tmp_path: Path) -> None:
    pytest.importorskip("distributed")
    (tmp_path / "a.txt").write_text("Dear Sir, the cable arrived.\n")
    (tmp_path / "b.txt").write_text("Dear Sir, the second cable.\n")
    import tei_encoder.dask_runner as runner

    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(runner, "CONNECT_TIMEOUT", "1s")
        code, err = invoke(["encode", "a.txt", "b.txt", "--out-dir", "out", "--dask", "tcp://127.0.0.1:9"], tmp_path)
    assert code == 1
    assert err.splitlines()[-1].startswith("tei-encoder: error: tcp://127.0.0.1:9: cannot reach the Dask scheduler")
