"""Bad input to ``encode``: each case is encoded with every word kept, or refused in one line.

The rows of docs/robustness.md point at these tests. A refusal is exactly
``tei-encoder: error: FILE: reason`` on stderr, exit status 1, no traceback,
and no output file, not even an empty or temporary one.
"""

from __future__ import annotations

import errno
import os
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner
from lxml import etree

from tei_encoder import fileio, source
from tei_encoder.cli import main
from tei_encoder.errors import TeiEncoderError

TEI = "{http://www.tei-c.org/ns/1.0}"
MAIN = "import sys; from tei_encoder.cli import main; sys.exit(main())"
CORPUS = Path(__file__).resolve().parent / "fixtures" / "corpus" / "inputs"


def invoke(args: list[str], cwd: Path, stdin: bytes | None = None) -> tuple[int, bytes, str]:
    old = os.getcwd()
    os.chdir(cwd)
    try:
        result = CliRunner().invoke(main, args, input=stdin)
    finally:
        os.chdir(old)
    # An exception other than SystemExit is what a user would see as a traceback.
    assert result.exception is None or isinstance(result.exception, SystemExit), repr(result.exception)
    return result.exit_code, result.stdout_bytes, result.stderr


def refused(tmp_path: Path, data: bytes, reason: str, name: str = "in.txt") -> None:
    """Encoding ``data`` fails with exactly one error line and leaves the folder as it was."""
    (tmp_path / name).write_bytes(data)
    before = sorted(p.name for p in tmp_path.iterdir())
    code, out, err = invoke(["encode", name, "-o", "out.xml"], tmp_path)
    assert code == 1
    assert out == b""
    assert err.splitlines()[-1] == f"tei-encoder: error: {name}: {reason}"
    assert [line for line in err.splitlines() if "error" in line] == [err.splitlines()[-1]]
    assert sorted(p.name for p in tmp_path.iterdir()) == before


def encoded_text(tmp_path: Path, data: bytes) -> tuple[str, str]:
    """Encode ``data`` via the CLI; return the text of the TEI ``text`` element and stderr."""
    (tmp_path / "in.txt").write_bytes(data)
    code, _, err = invoke(["encode", "in.txt", "-o", "out.xml"], tmp_path)
    assert code == 0, err
    root = etree.fromstring((tmp_path / "out.xml").read_bytes())
    text = root.find(f"{TEI}text")
    assert text is not None
    return "".join(text.itertext()), err


def test_empty_file_is_refused(tmp_path: Path) -> None:
    refused(tmp_path, b"", "empty transcript (no text to encode)")


def test_whitespace_only_is_refused(tmp_path: Path) -> None:
    refused(tmp_path, b" \t\r\n\n  \n\xc2\xa0\n", "empty transcript (no text to encode)")


@pytest.mark.parametrize(
    "data",
    [b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<< /Type /Catalog >>\n", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00"],
    ids=["pdf", "png"],
)
def test_binary_files_are_refused(tmp_path: Path, data: bytes) -> None:
    refused(tmp_path, data, "binary file, not a text transcript")


def test_mostly_nul_bytes_is_refused_as_binary(tmp_path: Path) -> None:
    refused(tmp_path, b"a\x00b\x00c\x00" * 50, "binary file, not a text transcript (NUL bytes)")


def test_a_few_nul_bytes_are_replaced_and_reported_every_word_kept(tmp_path: Path) -> None:
    text, err = encoded_text(tmp_path, b"Dear Sir,\nthe cable\x00 arrived today.\n")
    assert text.split() == ["Dear", "Sir,", "the", "cable\ufffd", "arrived", "today."]
    assert "in.txt:2: warning: character U+0000 is not allowed in XML; replaced by U+FFFD" in err


def test_bytes_neither_utf8_nor_cp1252_are_refused(tmp_path: Path) -> None:
    refused(tmp_path, b"Report on \x81\x8d supplies\n", "neither UTF-8 nor Windows-1252 (undecodable byte at 10)")


def test_cp1252_file_is_decoded(tmp_path: Path) -> None:
    text, _ = encoded_text(tmp_path, "Caf\u00e9 \u201cquoted\u201d \u2014 na\u00efve\n".encode("cp1252"))
    assert text.split() == ["Caf\u00e9", "\u201cquoted\u201d", "\u2014", "na\u00efve"]


def test_mixed_utf8_and_cp1252_is_read_as_cp1252_and_the_utf8_line_is_named(tmp_path: Path) -> None:
    # The rule: UTF-8, else Windows-1252, for the whole file. Every byte stays a character,
    # and the person is told which line looks like UTF-8.
    data = "Caf\u00e9 in UTF-8,\n".encode() + "na\u00efve in Windows-1252.\n".encode("cp1252")
    text, err = encoded_text(tmp_path, data)
    assert text.split() == [data.decode("cp1252").split()[0], "in", "UTF-8,", "na\u00efve", "in", "Windows-1252."]
    assert "in.txt:1: warning: this line reads as UTF-8 but the file is not UTF-8 as a whole" in err


def test_a_transcript_over_the_size_cap_is_refused_before_decoding(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # The real cap is 200 MB; a 100 MB transcript is under it. The cap itself is
    # tested with a smaller limit so the test stays fast.
    monkeypatch.setattr(source, "MAX_BYTES", 1024 * 1024)
    refused(tmp_path, b"word " * (1024 * 1024 // 5 + 10), "file is larger than 1 MB; split it into transcripts")


def test_ten_thousand_lines_without_a_blank_line(tmp_path: Path) -> None:
    data = "".join(f"line {i} of the cable\n" for i in range(10_000)).encode()
    text, _ = encoded_text(tmp_path, data)
    assert text.split() == data.decode().split()


def test_a_one_megabyte_line(tmp_path: Path) -> None:
    data = ("transcription " * 75_000 + "end\n").encode()
    assert len(data) > 1_000_000
    text, _ = encoded_text(tmp_path, data)
    assert text.split() == data.decode().split()


def test_control_characters_are_replaced_and_reported(tmp_path: Path) -> None:
    text, err = encoded_text(tmp_path, b"Bell\x07 and\x1b escape,\x0bvertical tab\nform\x0cfeed kept\n")
    assert text.split() == ["Bell\ufffd", "and\ufffd", "escape,\ufffdvertical", "tab", "form\ufffdfeed", "kept"]
    assert "in.txt:1: warning: character U+0007 is not allowed in XML; replaced by U+FFFD" in err
    assert "in.txt:2: warning: character U+000C is not allowed in XML; replaced by U+FFFD" in err


def test_xml_special_text_round_trips(tmp_path: Path) -> None:
    line = "A & B < C > D ]]> E -- F <!-- G --> &amp; <p>H</p> ' \""
    text, _ = encoded_text(tmp_path, f"Memorandum\n\n{line}\n".encode())
    assert line in text


def test_right_to_left_and_combining_characters_are_kept_exactly(tmp_path: Path) -> None:
    line = "\u05e9\u05dc\u05d5\u05dd \u0645\u0631\u062d\u0628\u0627 e\u0301te\u0301 \u200fmark \ufb01 Zo\u0308e"
    text, _ = encoded_text(tmp_path, f"Note\n\n{line}\n".encode())
    assert line in text  # not normalised: the archivist's characters, byte for byte


def test_a_directory_given_as_a_file_is_refused(tmp_path: Path) -> None:
    (tmp_path / "box").mkdir()
    code, out, err = invoke(["encode", "box"], tmp_path)
    assert (code, out) == (1, b"")
    assert err == "tei-encoder: error: box: is a directory, not a transcript file\n"


def test_a_missing_file_is_refused(tmp_path: Path) -> None:
    code, _, err = invoke(["encode", "nowhere.txt", "-o", "out.xml"], tmp_path)
    assert code == 1
    assert err == "tei-encoder: error: nowhere.txt: no such file\n"
    assert not (tmp_path / "out.xml").exists()


def test_an_output_under_a_file_is_refused(tmp_path: Path) -> None:
    (tmp_path / "in.txt").write_text("Dear Sir, the cable arrived.\n")
    (tmp_path / "plain").write_text("keep me")
    code, _, err = invoke(["encode", "in.txt", "-o", "plain/out.xml"], tmp_path)
    assert code == 1
    assert err.splitlines()[-1] == "tei-encoder: error: plain: output folder is a file"
    assert (tmp_path / "plain").read_text() == "keep me"


@pytest.mark.skipif(os.geteuid() == 0, reason="root writes to read-only folders")
def test_an_unwritable_output_folder_is_refused(tmp_path: Path) -> None:
    (tmp_path / "in.txt").write_text("Dear Sir, the cable arrived.\n")
    locked = tmp_path / "locked"
    locked.mkdir()
    locked.chmod(0o500)
    try:
        code, _, err = invoke(["encode", "in.txt", "-o", "locked/out.xml"], tmp_path)
    finally:
        locked.chmod(0o700)
    assert code == 1
    assert err.splitlines()[-1] == "tei-encoder: error: locked/out.xml: permission denied"
    assert list(locked.iterdir()) == []


def test_a_failed_write_leaves_no_temporary_and_the_old_file_intact(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A full disk in the middle of a write: same as a permission error for the archivist's files."""
    target = tmp_path / "out.xml"
    target.write_bytes(b"previous edition")

    def full(fd: int) -> None:
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(os, "fsync", full)
    with pytest.raises(TeiEncoderError, match=r"out\.xml: no space left on device"):
        fileio.write_atomic(target, b"<TEI/>", force=True)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out.xml"]
    assert target.read_bytes() == b"previous edition"


def test_an_interrupted_write_leaves_no_temporary(tmp_path: Path) -> None:
    target = tmp_path / "out.xml"
    with pytest.raises(KeyboardInterrupt), fileio.atomic_writer(target) as fh:
        fh.write(b"<TEI>half")
        raise KeyboardInterrupt
    assert list(tmp_path.iterdir()) == []


def test_existing_output_is_never_overwritten_without_force(tmp_path: Path) -> None:
    (tmp_path / "in.txt").write_text("Dear Sir, the cable arrived.\n")
    (tmp_path / "out.xml").write_bytes(b"hand-corrected TEI")
    code, _, err = invoke(["encode", "in.txt", "-o", "out.xml"], tmp_path)
    assert code == 1
    assert err.splitlines()[-1] == "tei-encoder: error: out.xml: output exists; use --force to overwrite"
    assert (tmp_path / "out.xml").read_bytes() == b"hand-corrected TEI"
    assert invoke(["encode", "in.txt", "-o", "out.xml", "--force"], tmp_path)[0] == 0
    assert (tmp_path / "out.xml").read_bytes().startswith(b"<?xml")


def test_a_failed_encode_with_force_keeps_the_existing_output(tmp_path: Path) -> None:
    (tmp_path / "in.txt").write_bytes(b"   \n")
    (tmp_path / "out.xml").write_bytes(b"last good TEI")
    code, _, _ = invoke(["encode", "in.txt", "-o", "out.xml", "--force"], tmp_path)
    assert code == 1
    assert (tmp_path / "out.xml").read_bytes() == b"last good TEI"


def test_output_never_replaces_the_input(tmp_path: Path) -> None:
    (tmp_path / "in.txt").write_text("Dear Sir, the cable arrived.\n")
    code, _, err = invoke(["encode", "in.txt", "-o", "in.txt", "--force"], tmp_path)
    assert code == 1
    assert err.splitlines()[-1] == "tei-encoder: error: in.txt: output would overwrite the input transcript"
    assert (tmp_path / "in.txt").read_text() == "Dear Sir, the cable arrived.\n"


def test_many_inputs_one_bad_file_does_not_stop_the_others(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text("Dear Sir, the first cable.\n")
    (tmp_path / "b.txt").write_bytes(b"\x89PNG\r\n\x1a\n")
    (tmp_path / "c.txt").write_text("Dear Sir, the third cable.\n")
    code, _, err = invoke(["encode", "a.txt", "b.txt", "missing.txt", "c.txt", "--out-dir", "out", "-j", "1"], tmp_path)
    assert code == 1
    errors = [line for line in err.splitlines() if line.startswith("tei-encoder: error:")]
    assert errors == [
        "tei-encoder: error: b.txt: binary file, not a text transcript",
        "tei-encoder: error: missing.txt: no such file or folder",
    ]
    assert sorted(p.name for p in (tmp_path / "out").iterdir()) == ["a.xml", "c.xml"]


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["encode"], "Missing argument"),
        (["encode", "a.txt", "b.txt"], "several inputs need --out-dir"),
        (["encode", "a.txt", "--profile", "nonsense"], "unknown profile 'nonsense'"),
        (["encode", "a.txt", "--date", "23/11/2026"], "is not an ISO date"),
        (["encode", "a.txt", "--date", "2026-02-30"], "is not an ISO date"),
        (["encode", "a.txt", "--jobs", "0"], "0 is not in the range x>=1"),
        (["encode", "a.txt", "--report", "r.json"], "--report needs --out-dir"),
    ],
)
def test_usage_errors_exit_2(tmp_path: Path, args: list[str], message: str) -> None:
    code, _, err = invoke(args, tmp_path)
    assert code == 2
    assert message in err


def test_a_broken_persons_file_is_one_error(tmp_path: Path) -> None:
    (tmp_path / "in.txt").write_text("Dear Sir, the cable arrived.\n")
    (tmp_path / "people.toml").write_text("[[person]\nname = \n")
    code, _, err = invoke(["encode", "in.txt", "--persons", "people.toml"], tmp_path)
    assert code == 1
    assert err.startswith("tei-encoder: error: people.toml: not a valid persons file (")
    assert len(err.splitlines()) == 1


def test_same_input_same_bytes_and_no_timestamp_unless_asked(tmp_path: Path) -> None:
    (tmp_path / "in.txt").write_bytes((CORPUS / "03_state_incoming_winant_7352_sep1944.txt").read_bytes())
    first = invoke(["encode", "in.txt"], tmp_path)[1]
    env = dict(os.environ, PYTHONHASHSEED="12345", TZ="Pacific/Kiritimati", LC_ALL="C")
    second = subprocess.run(
        [sys.executable, "-c", MAIN, "encode", "in.txt"], cwd=tmp_path, capture_output=True, env=env, check=True
    ).stdout
    assert first == second
    revision = first.split(b"<revisionDesc>")[1].split(b"</revisionDesc>")[0]
    assert revision.startswith(b"<change>") and b"when=" not in revision
    dated = invoke(["encode", "in.txt", "--date", "2026-11-23"], tmp_path)[1]
    assert b'<change when="2026-11-23">' in dated


def test_closed_stdin_is_one_error() -> None:
    result = subprocess.run(
        f"exec {sys.executable} -c '{MAIN}' encode - 0<&-", shell=True, capture_output=True, text=True, check=False
    )
    assert result.returncode == 1
    assert result.stderr == "tei-encoder: error: <stdin>: standard input is closed\n"
    assert result.stdout == ""


def test_standard_input_is_encoded(tmp_path: Path) -> None:
    code, out, _ = invoke(["encode", "-"], tmp_path, stdin=b"Dear Sir, the cable arrived.\n")
    assert code == 0
    assert b"the cable arrived." in out


def test_real_process_errors_have_no_traceback(tmp_path: Path) -> None:
    (tmp_path / "scan.txt").write_bytes(b"%PDF-1.4\n")
    result = subprocess.run(
        [sys.executable, "-c", MAIN, "encode", "scan.txt", "box", "--out-dir", "out"],
        cwd=tmp_path,
        capture_output=True,
        text=True,
    )
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    assert result.stderr.splitlines()[:2] == [
        "tei-encoder: error: scan.txt: binary file, not a text transcript",
        "tei-encoder: error: box: no such file or folder",
    ]
    assert list((tmp_path / "out").iterdir()) == []


def test_utf16_is_refused_with_advice(tmp_path: Path) -> None:
    refused(tmp_path, "Dear Sir,\n".encode("utf-16"), "UTF-16 text is not supported; save the transcript as UTF-8")


def test_closed_stdout_is_one_error(tmp_path: Path) -> None:
    (tmp_path / "in.txt").write_text("Dear Sir, the cable arrived.\n")
    result = subprocess.run(
        f"exec {sys.executable} -c '{MAIN}' encode in.txt 1>&-",
        shell=True, cwd=tmp_path, capture_output=False, stderr=subprocess.PIPE, text=True, check=False,
    )
    assert result.returncode == 1
    assert result.stderr.splitlines()[-1] == "tei-encoder: error: <stdout>: standard output is closed or unwritable"
    assert "Traceback" not in result.stderr


def test_a_file_name_that_is_not_utf8(tmp_path: Path) -> None:
    """Such a name (from an old Windows disk) is read as Windows-1252 in messages and in the TEI header."""
    os.mkdir(os.path.join(os.fsencode(tmp_path), b"box"))
    with open(os.path.join(os.fsencode(tmp_path), b"box", b"caf\xe9.txt"), "wb") as fh:
        fh.write(b"Dear Sir, the cable arrived.\n")
    code, _, err = invoke(["encode", "box", "--out-dir", "out"], tmp_path)
    assert code == 0, err
    written = os.listdir(os.path.join(os.fsencode(tmp_path), b"out"))
    assert written == [b"caf\xe9.xml"]  # the output keeps the name's bytes
    tei = (tmp_path / "out" / os.fsdecode(b"caf\xe9.xml")).read_text(encoding="utf-8")
    assert "Plain-text transcript box/caf\u00e9.txt" in tei
