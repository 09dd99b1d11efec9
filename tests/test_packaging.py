"""The wheel an archivist installs carries everything the tool reads at run time.

schemas/ and xslt/ sit at the top of the repository; an editable install finds them there, so only a real
wheel, unpacked away from the checkout, shows whether they ship. The wheel is built the way pip builds it
for `pip install .`, then the build command runs from the unpacked wheel on the seeds.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]

RUN = """
import sys
import tei_encoder
from tei_encoder import html
from tei_encoder.cli import main
from tei_encoder.validate import engine
assert tei_encoder.__file__.startswith(sys.argv[1]), tei_encoder.__file__
assert str(engine.SCHEMA_DIR).startswith(sys.argv[1]), engine.SCHEMA_DIR
assert str(html.xslt_dir()).startswith(sys.argv[1]), html.xslt_dir()
sys.argv = ["tei-encoder", "build", "seeds", "--out-dir", "out"]
main()
"""


@pytest.fixture(scope="module")
def wheel(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("wheel")
    built = subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "-q", "-w", str(out), str(ROOT)],
        capture_output=True, text=True, timeout=300,
    )
    assert built.returncode == 0, built.stderr[-2000:]
    (path,) = out.glob("tei_encoder-*.whl")
    return path


def test_the_wheel_ships_schemas_stylesheets_profiles_and_data(wheel: Path) -> None:
    names = set(zipfile.ZipFile(wheel).namelist())
    wanted = [f"tei_encoder/schemas/{p.name}" for p in (ROOT / "schemas").iterdir() if p.is_file()]
    wanted += [f"tei_encoder/xslt/{p.relative_to(ROOT / 'xslt').as_posix()}" for p in (ROOT / "xslt").rglob("*.xsl")]
    wanted += [f"tei_encoder/{p.relative_to(ROOT / 'tei_encoder').as_posix()}"
               for p in (ROOT / "tei_encoder").rglob("*") if p.suffix in (".toml", ".css", ".js")]
    assert [w for w in wanted if w not in names] == []


def test_the_installed_wheel_builds_the_seeds_away_from_the_checkout(wheel: Path, tmp_path: Path) -> None:
    site = tmp_path / "site"
    zipfile.ZipFile(wheel).extractall(site)
    work = tmp_path / "work"
    shutil.copytree(ROOT / "seeds", work / "seeds")
    env = {**os.environ, "PYTHONPATH": str(site)}
    run = subprocess.run([sys.executable, "-c", RUN, str(site)], cwd=work, env=env,
                         capture_output=True, text=True, timeout=300)
    assert run.returncode == 0, run.stderr
    assert "ready to hand off" in run.stderr
    assert sorted(p.name for p in (work / "out" / "tei").glob("*.xml")) == sorted(
        f"{p.stem}.xml" for p in (ROOT / "seeds").glob("*.txt"))
    assert (work / "out" / "site" / "index.html").is_file()
