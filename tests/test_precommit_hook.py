"""The pre-commit hook: ``.pre-commit-hooks.yaml`` is what pre-commit reads, and its entry works in a git repo.

pre-commit itself is not needed (nor installed by the test extra): the test does what pre-commit does with a
hook of ``language: python`` and ``pass_filenames`` left on: it takes the staged files whose path matches the
hook's ``files`` regex (``re.search``), appends them to the ``entry`` split as a shell would, runs that from the
repository's root, and fails the commit on a non-zero exit. The YAML is read by a small parser for this one
flat file (pyyaml is not a dependency); where pyyaml happens to be installed, the two readings must agree.
"""

from __future__ import annotations

import re
import shlex
import shutil
import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
HOOKS = ROOT / ".pre-commit-hooks.yaml"
FIXTURES = ROOT / "tests" / "fixtures" / "validate"


def read_hooks(text: str) -> list[dict[str, object]]:
    """The hooks of a .pre-commit-hooks.yaml written as a list of flat mappings of plain scalars.

    Anything else (quotes, flow or block collections, anchors, multi-line values) is refused, so the
    parser never reads the file differently from YAML: the test fails and the parser must grow.
    """
    hooks: list[dict[str, object]] = []
    for number, raw in enumerate(text.splitlines(), 1):
        line = raw.rstrip()
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        if line.startswith("- "):
            hooks.append({})
            line = "  " + line[2:]
        m = re.fullmatch(r"  ([A-Za-z_]+): (\S.*)", line)
        if not m or not hooks:
            raise ValueError(f"line {number}: not a 'key: value' of a hook: {raw!r}")
        key, value = m.groups()
        if value[0] in "'\"[{&*!|>%@`" or " #" in value or key in hooks[-1]:
            raise ValueError(f"line {number}: beyond this parser (quoted, collection, comment or repeated key)")
        hooks[-1][key] = {"true": True, "false": False}.get(value, value)
    return hooks


@pytest.fixture(scope="module")
def hook() -> dict[str, object]:
    hooks = read_hooks(HOOKS.read_text(encoding="utf-8"))
    assert [h["id"] for h in hooks] == ["tei-validate"]
    return hooks[0]


def test_the_hook_declares_what_pre_commit_needs(hook: dict[str, object]) -> None:
    assert hook["entry"] == "tei-encoder validate"
    assert hook["language"] == "python"
    assert hook["require_serial"] is True  # one process: the command uses the cores itself
    assert {"id", "name", "entry", "language", "files"} <= set(hook)
    files = re.compile(str(hook["files"]))
    for path in ("a.xml", "box/letter.xml", "edition/x.tei"):
        assert files.search(path), path
    for path in ("README.md", "a.xml.bak", "notes.txt", "xml"):
        assert not files.search(path), path


def test_the_parser_reads_the_file_as_yaml_does() -> None:
    try:
        import yaml  # type: ignore[import-untyped]
    except ImportError:  # pyyaml is not a dependency; the parser's own refusals guard it then
        return
    assert read_hooks(HOOKS.read_text(encoding="utf-8")) == yaml.safe_load(HOOKS.read_text(encoding="utf-8"))


def test_the_parser_refuses_what_it_does_not_understand() -> None:
    for text in ('- id: x\n  entry: "quoted"\n', "- id: x\n  args: [a, b]\n", "- id: x\n  entry: a # note\n",
                 "id: x\n", "- id: x\n  files: |\n    a\n"):
        with pytest.raises(ValueError):
            read_hooks(text)


# ------------------------------------------------------------------ the entry in a git repository


def git(repo: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(["git", *args], cwd=repo, capture_output=True, text=True, timeout=60, check=False)


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    if shutil.which("git") is None:
        pytest.fail("git is needed to test the pre-commit hook")
    repo = tmp_path / "edition"
    repo.mkdir()
    assert git(repo, "init", "-q").returncode == 0
    git(repo, "config", "user.email", "archivist@example.org")
    git(repo, "config", "user.name", "Archivist")
    git(repo, "config", "commit.gpgsign", "false")
    (repo / "box1").mkdir()
    shutil.copy(FIXTURES / "valid" / "hand_edited_letter.xml", repo / "box1" / "letter.xml")
    shutil.copy(FIXTURES / "invalid" / "date_not_iso.xml", repo / "box1" / "telegram.xml")
    shutil.copy(FIXTURES / "valid" / "minimal.xml", repo / "unstaged.xml")  # not staged: not passed
    (repo / "README.md").write_text("# An edition\n")
    (repo / "notes.txt").write_text("<not xml at all")
    return repo


def staged_matching(repo: Path, pattern: str) -> list[str]:
    names = git(repo, "diff", "--cached", "--name-only", "--diff-filter=ACMR").stdout.split()
    return [n for n in names if re.search(pattern, n)]


def run_hook(hook: dict[str, object], repo: Path) -> subprocess.CompletedProcess[str]:
    """The hook as pre-commit runs it: entry + the staged files that match, from the repository's root."""
    entry = shlex.split(str(hook["entry"]))
    exe = shutil.which(entry[0])
    assert exe is not None, f"{entry[0]} is not on PATH (pip install -e . installs it)"
    files = staged_matching(repo, str(hook["files"]))
    return subprocess.run([exe, *entry[1:], *files], cwd=repo, capture_output=True, text=True, timeout=120,
                          check=False)


def test_the_entry_fails_on_an_invalid_staged_file_and_passes_once_it_is_fixed(
    hook: dict[str, object], repo: Path
) -> None:
    git(repo, "add", "box1", "README.md", "notes.txt")
    assert staged_matching(repo, str(hook["files"])) == ["box1/letter.xml", "box1/telegram.xml"]
    done = run_hook(hook, repo)
    assert done.returncode == 1, done.stdout + done.stderr
    assert done.stdout == ('box1/telegram.xml:10:94: error: date/@when="April 1946" is not an ISO date; '
                           "write YYYY-MM-DD, YYYY-MM or YYYY\n")
    assert "2 files checked against tei-encoder + Schematron: 1 valid, 1 invalid" in done.stderr
    # The archivist fixes the date and stages the fix.
    telegram = repo / "box1" / "telegram.xml"
    telegram.write_text(telegram.read_text(encoding="utf-8").replace('when="April 1946"', 'when="1946-04"'),
                        encoding="utf-8")
    git(repo, "add", "box1/telegram.xml")
    done = run_hook(hook, repo)
    assert done.returncode == 0, done.stdout + done.stderr
    assert done.stdout == ""


def test_as_a_git_pre_commit_hook_the_commit_is_refused_then_accepted(hook: dict[str, object], repo: Path) -> None:
    """Installed the way pre-commit installs itself (.git/hooks/pre-commit), git refuses the commit."""
    entry = shlex.split(str(hook["entry"]))
    exe = shutil.which(entry[0])
    assert exe is not None
    script = repo / ".git" / "hooks" / "pre-commit"
    script.write_text(
        "#!/bin/sh\n"
        "# What pre-commit does for this hook: staged files matching `files`, appended to `entry`.\n"
        f"files=$(git diff --cached --name-only --diff-filter=ACMR | grep -E {shlex.quote(str(hook['files']))})\n"
        '[ -z "$files" ] && exit 0\n'
        f"exec {shlex.quote(exe)} {shlex.join(entry[1:])} $files\n"
    )
    script.chmod(0o755)
    git(repo, "add", "box1")
    refused = git(repo, "commit", "-q", "-m", "add box 1")
    assert refused.returncode != 0
    # git hands a hook's output to its own standard error.
    assert "box1/telegram.xml:10:94: error: date/@when=\"April 1946\" is not an ISO date" in refused.stderr
    assert git(repo, "rev-parse", "--verify", "-q", "HEAD").returncode != 0  # nothing committed
    git(repo, "rm", "-q", "--cached", "box1/telegram.xml")
    accepted = git(repo, "commit", "-q", "-m", "add the letter")
    assert accepted.returncode == 0, accepted.stdout + accepted.stderr
    assert git(repo, "ls-files").stdout.split() == ["box1/letter.xml"]
