"""Hostile XML given to ``validate`` and ``html``: every attack is refused or defused, and the tests prove it.

A refusal message alone proves nothing about what happened before it, so every run is watched from outside:

* every ``http://`` URL in the attacks points at a socket this module listens on (127.0.0.1, a free port); it
  must see no connection;
* every ``file://`` URL (and relative path) points at a secret file holding a random token; the token must not
  appear in standard output, standard error, a report or a page;
* memory and CPU come from the child's own resource usage (``os.wait4``), compared with the same command on a
  small valid file, never from wall time, which a loaded machine makes meaningless (speed belongs in bench/).
  The library calls are timed in process with ``time.process_time``.

The big inputs (100,000 levels, a 50 MB attribute) are generated once per module, never committed.
``validate --schema tei_all`` is not run: the schema is chosen after the same ``xmlsafe.parse_bytes`` refused
the file, and compiling TEI All costs ~12 s. Build takes transcripts, not XML, so hostile XML reaches it only
through ``html --out-dir`` (``html.build_site``), which is run here.
"""

from __future__ import annotations

import encodings.aliases
import json
import os
import re
import resource
import secrets
import select
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from lxml import etree

from tei_encoder import xmlsafe
from tei_encoder.html import MAX_HTML_SOURCE_BYTES
from tei_encoder.validate.engine import Validator, choose_schema
from tei_encoder.xmlsafe import UnsafeXMLError, parse_bytes, parse_file

#: The command, plus its peak memory written at exit to the file $HOSTILE_HWM. VmHWM is this process's own peak;
#: ru_maxrss from wait4 is not: Linux carries the forking parent's peak (pytest's, ~250 MB here) across exec.
MAIN = """
import atexit, os, sys
def _peak():
    with open("/proc/self/status", encoding="ascii") as status:
        kb = next(line.split()[1] for line in status if line.startswith("VmHWM:"))
    with open(os.environ["HOSTILE_HWM"], "w", encoding="ascii") as out:
        out.write(kb)
atexit.register(_peak)
from tei_encoder.cli import main
sys.exit(main())
"""
TEI_NS = "http://www.tei-c.org/ns/1.0"
XI_NS = "http://www.w3.org/2001/XInclude"
MB = 1024 * 1024
#: The issue's limits: no attack may take more than a second or use more than 200 MB.
CPU_LIMIT_S = 1.0
MEMORY_LIMIT_KB = 200 * 1024
#: A child that takes this long is hung, whatever the machine's load.
HANG_S = 120.0
MINIMAL = Path(__file__).parent / "fixtures" / "validate" / "valid" / "minimal.xml"


# ------------------------------------------------------------------ the watchers


@dataclass
class Listener:
    """A listening socket that every http:// URL of the attacks points at; it must see no connection."""

    sock: socket.socket
    port: int

    def url(self, path: str) -> str:
        return f"http://127.0.0.1:{self.port}/{path}"

    def connections(self, wait: float = 0.0) -> int:
        """Accept and count what is queued: the kernel completes a TCP handshake before anyone accepts it."""
        count = 0
        while select.select([self.sock], [], [], wait)[0]:
            conn, _ = self.sock.accept()
            conn.close()
            count += 1
            wait = 0.0
        return count

    def assert_untouched(self, what: str) -> None:
        made = self.connections()
        assert made == 0, f"{what}: {made} connection(s) to the listening socket"


@dataclass(frozen=True)
class Secret:
    """A file with a random token; the attacks point file:// URLs and relative paths at it."""

    path: Path
    token: str

    def assert_absent(self, what: str, *texts: str | bytes) -> None:
        for text in texts:
            data = text.encode("utf-8", "replace") if isinstance(text, str) else text
            assert self.token.encode() not in data, f"{what}: the secret file's content was leaked"

    def assert_absent_from_files(self, what: str, folder: Path) -> None:
        for path in folder.rglob("*"):
            if path.is_file():
                self.assert_absent(f"{what} ({path.name})", path.read_bytes())


@pytest.fixture(scope="module")
def listener() -> Iterator[Listener]:
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    sock.bind(("127.0.0.1", 0))
    sock.listen(128)
    try:
        yield Listener(sock, sock.getsockname()[1])
    finally:
        sock.close()


@pytest.fixture(scope="module")
def secret(tmp_path_factory: pytest.TempPathFactory) -> Secret:
    token = "SECRET-" + secrets.token_hex(16)
    path = tmp_path_factory.mktemp("secret") / "secret.txt"
    path.write_text(token + "\n", encoding="utf-8")
    return Secret(path, token)


# ------------------------------------------------------------------ the attacks


def _tei(body: str, root_attrs: str = "") -> str:
    return (
        f'<TEI xmlns="{TEI_NS}" xmlns:xi="{XI_NS}"{root_attrs}><teiHeader><fileDesc><titleStmt><title>T</title>'
        "</titleStmt><publicationStmt><p>P</p></publicationStmt><sourceDesc><p>S</p></sourceDesc></fileDesc>"
        f"</teiHeader><text><body>{body}</body></text></TEI>"
    )


def _doc(body: str = "<div><p>x</p></div>") -> str:
    return _tei(body)


@dataclass(frozen=True)
class Attack:
    """One hostile file: how to make it, and the reason it must be refused with (None: parsed, and inert)."""

    name: str
    make: Callable[[Listener, Secret, Path], bytes]
    reason: str | None


def _billion_laughs(lst: Listener, sec: Secret, folder: Path) -> bytes:
    ents = '<!ENTITY lol0 "lol">' + "".join(
        f'<!ENTITY lol{i} "{f"&lol{i - 1};" * 10}">' for i in range(1, 10)
    )
    return f'<?xml version="1.0"?>\n<!DOCTYPE TEI [{ents}]>\n{_doc("<div><p>&lol9;</p></div>")}'.encode()


def _quadratic_blowup(lst: Listener, sec: Secret, folder: Path) -> bytes:
    # 100 KB entity used 100,000 times: 10 GB once expanded, from a 400 KB file.
    body = "<div><p>" + "&a;" * 100_000 + "</p></div>"
    return f'<!DOCTYPE TEI [<!ENTITY a "{"x" * 100_000}">]>{_doc(body)}'.encode()


def _external_entity_file(lst: Listener, sec: Secret, folder: Path) -> bytes:
    return (f'<!DOCTYPE TEI [<!ENTITY s SYSTEM "{sec.path.as_uri()}">]>'
            + _doc('<div><p>&s;</p></div>')).encode()


def _external_entity_http(lst: Listener, sec: Secret, folder: Path) -> bytes:
    return (f'<!DOCTYPE TEI [<!ENTITY h SYSTEM "{lst.url("entity")}">]>' + _doc("<div><p>&h;</p></div>")).encode()


def _external_parameter_entity(lst: Listener, sec: Secret, folder: Path) -> bytes:
    # The out-of-band exfiltration form: a parameter entity fetched from the network, another reading a file.
    return (f'<!DOCTYPE TEI [<!ENTITY % f SYSTEM "{sec.path.as_uri()}"><!ENTITY % p SYSTEM "{lst.url("p.dtd")}">'
            f"%f; %p;]>" + _doc()).encode()


def _external_dtd_http(lst: Listener, sec: Secret, folder: Path) -> bytes:
    return (f'<!DOCTYPE TEI SYSTEM "{lst.url("tei.dtd")}">' + _doc()).encode()


def _external_dtd_file(lst: Listener, sec: Secret, folder: Path) -> bytes:
    return (f'<!DOCTYPE TEI PUBLIC "-//TEI//DTD TEI P5//EN" "{sec.path.as_uri()}">' + _doc()).encode()


def _xinclude(lst: Listener, sec: Secret, folder: Path) -> bytes:
    # Inside <body>, where text is not allowed: read, the token would be quoted in the schema message.
    relative = os.path.relpath(sec.path, folder)
    body = (f'<xi:include href="{sec.path.as_uri()}" parse="text"/>'
            f'<xi:include href="{relative}" parse="text"/>'
            f'<xi:include href="{lst.url("include.xml")}"/>'
            "<div><p>x</p></div>")
    return _doc(body).encode()


def _deep_nesting(lst: Listener, sec: Secret, folder: Path) -> bytes:
    depth = 100_000
    return _doc("<div>" * depth + "<p>x</p>" + "</div>" * depth).encode()


def _huge_attribute(lst: Listener, sec: Secret, folder: Path) -> bytes:
    return _tei("<div><p>x</p></div>", f' n="{"A" * (50 * MB)}"').encode()


def _attribute_12mb(lst: Listener, sec: Secret, folder: Path) -> bytes:
    # Under the 32 MB file cap: libxml2's own limit of 10,000,000 bytes per value refuses it.
    return _tei("<div><p>x</p></div>", f' n="{"A" * (12 * MB)}"').encode()


def _text_12mb(lst: Listener, sec: Secret, folder: Path) -> bytes:
    return _doc(f"<div><p>{'A ' * (6 * MB)}</p></div>").encode()


def _attribute_utf16(lst: Listener, sec: Secret, folder: Path) -> bytes:
    # 30 MB of UTF-16 with one character outside the BMP: the prolog check used to decode all of it at once
    # into a string of 4 bytes a character (a 50 MB file: 223 MB peak); now a chunk at a time.
    return _tei("<div><p>x</p></div>", f' n="\U0001F600{"A" * (15 * MB - 4)}"').encode("utf-16")


def _long_text(lst: Listener, sec: Secret, folder: Path) -> bytes:
    # Three text nodes of 9,900,000 bytes: every limit of the parser holds, and the file is under 32 MB.
    return _doc("".join(f"<div><p>{'A ' * 4_950_000}</p></div>" for _ in range(3))).encode()


def _disguised_utf7(lst: Listener, sec: Secret, folder: Path) -> bytes:
    # UTF-7 spells '<' as '+ADw-', so a check that reads bytes sees no DOCTYPE; libxml2 (iconv) does.
    doc = (f'<!DOCTYPE TEI [<!ENTITY s SYSTEM "{sec.path.as_uri()}"><!ENTITY h SYSTEM "{lst.url("e")}">]>'
           + _doc("<div><p>&s;&h;</p></div>"))
    return b'<?xml version="1.0" encoding="UTF-7"?>' + doc.replace("<", "+ADw-").replace(">", "+AD4-").encode()


def _many_elements(lst: Listener, sec: Secret, folder: Path) -> bytes:
    # 30 MB of <pb/>: under the size cap, but 6 million nodes once built (63 MB of them: 2 GB and 15 s).
    return _doc("<div>" + "<pb/>" * (30 * MB // 5) + "<p>x</p></div>").encode()


def _many_attributes(lst: Listener, sec: Secret, folder: Path) -> bytes:
    # Three elements with 800,000 attributes each (no '<' needed for them; each start tag under libxml2's 10 MB):
    # 24 MB, 2.4 million attributes (4.8 million: 1.3 GB once built).
    attrs = "".join(f" a{i:x}=''" for i in range(800_000))
    return _doc("<div>" + f"<pb{attrs}/>" * 3 + "<p>x</p></div>").encode()


ENTITIES = "the file declares entities"
EXTERNAL_DTD = "the file points to an external DTD"
MARKUP = "more than 250,000 tags and attributes; refused"
TOO_LONG = "a text or attribute value is longer than 10 MB; refused"
SIZE = "XML file is larger than 32 MB; refused"
#: html and build's site take smaller files (Saxon needs ~10 times the size): tei_encoder.html.MAX_HTML_SOURCE_BYTES.
HTML_SIZE = "XML file is larger than 6 MB; refused"
ATTACKS = [
    Attack("billion_laughs", _billion_laughs, ENTITIES),
    Attack("quadratic_blowup", _quadratic_blowup, ENTITIES),
    Attack("external_entity_file", _external_entity_file, ENTITIES),
    Attack("external_entity_http", _external_entity_http, ENTITIES),
    Attack("external_parameter_entity", _external_parameter_entity, ENTITIES),
    Attack("external_dtd_http", _external_dtd_http, EXTERNAL_DTD),
    Attack("external_dtd_file", _external_dtd_file, EXTERNAL_DTD),
    Attack("doctype_disguised_as_utf7", _disguised_utf7, ENTITIES),
    Attack("xinclude", _xinclude, None),
    Attack("deep_nesting_100000", _deep_nesting, "elements nested deeper than 256 levels; refused"),
    Attack("attribute_50mb", _huge_attribute, SIZE),
    Attack("attribute_12mb", _attribute_12mb, TOO_LONG),
    Attack("attribute_30mb_utf16", _attribute_utf16, TOO_LONG),
    Attack("text_12mb", _text_12mb, TOO_LONG),
    Attack("text_3x9_9mb", _long_text, None),
    Attack("elements_6_million", _many_elements, MARKUP),
    Attack("attributes_2_4_million", _many_attributes, MARKUP),
]
BY_NAME = {a.name: a for a in ATTACKS}
DOCTYPE_ATTACKS = [a.name for a in ATTACKS if a.reason in (ENTITIES, EXTERNAL_DTD)]


@pytest.fixture(scope="module")
def hostile(tmp_path_factory: pytest.TempPathFactory, listener: Listener, secret: Secret) -> dict[str, Path]:
    """Every attack written once, in a folder of its own (``html --out-dir`` renders a whole folder)."""
    out: dict[str, Path] = {}
    for attack in ATTACKS:
        folder = tmp_path_factory.mktemp(attack.name)
        path = folder / f"{attack.name}.xml"
        path.write_bytes(attack.make(listener, secret, folder))
        out[attack.name] = path
    return out


# ------------------------------------------------------------------ running the command line


@dataclass
class Run:
    returncode: int
    stdout: str
    stderr: str
    cpu: float
    max_rss_kb: int
    out_dir: Path
    files: list[Path] = field(default_factory=list)


def _limit_address_space(limit: int) -> Callable[[], None]:
    def apply() -> None:
        resource.setrlimit(resource.RLIMIT_AS, (limit, limit))
    return apply


def run_cli(args: list[str], out_dir: Path, *, hang_s: float = HANG_S, address_space: int | None = None) -> Run:
    """The real command in a child process; CPU time from ``os.wait4``, peak memory from the child's VmHWM.

    ``address_space`` caps the child's memory, for runs that might otherwise take the machine's.
    """
    out_dir.mkdir(parents=True, exist_ok=True)
    hwm = out_dir.parent / f"{out_dir.name}.hwm"
    with (out_dir.parent / f"{out_dir.name}.stdout").open("w+b") as so, \
            (out_dir.parent / f"{out_dir.name}.stderr").open("w+b") as se:
        proc = subprocess.Popen([sys.executable, "-c", MAIN, *args], stdout=so, stderr=se, stdin=subprocess.DEVNULL,
                                cwd=out_dir, env={**os.environ, "HOSTILE_HWM": str(hwm)},
                                preexec_fn=None if address_space is None else _limit_address_space(address_space))
        timer = threading.Timer(hang_s, proc.kill)
        timer.start()
        try:
            _, status, usage = os.wait4(proc.pid, 0)
        finally:
            timer.cancel()
        proc.returncode = os.waitstatus_to_exitcode(status)
        so.seek(0)
        se.seek(0)
        stdout, stderr = so.read().decode("utf-8", "replace"), se.read().decode("utf-8", "replace")
    # Missing: the child was killed before its exit handlers ran; such a run fails on its exit status.
    peak_kb = int(hwm.read_text(encoding="ascii")) if hwm.exists() else 0
    return Run(proc.returncode, stdout, stderr, usage.ru_utime + usage.ru_stime, peak_kb, out_dir,
               sorted(p for p in out_dir.rglob("*") if p.is_file()))


COMMANDS: dict[str, Callable[[Path, Path], list[str]]] = {
    "validate": lambda f, out: ["validate", str(f)],
    "validate-json": lambda f, out: ["validate", "--format", "json", "-o", str(out / "report.json"), str(f)],
    "validate-junit": lambda f, out: ["validate", "--format", "junit", str(f)],
    "validate-xinclude": lambda f, out: ["validate", "--xinclude", str(f)],
    "html": lambda f, out: ["html", str(f), "-o", str(out / "page.html")],
    "html-site": lambda f, out: ["html", str(f.parent), "--out-dir", str(out / "site")],
}


@pytest.fixture(scope="module")
def baseline(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Run]:
    """Each command on a small valid file: what the interpreter, lxml, the schemas and Saxon cost anyway."""
    folder = tmp_path_factory.mktemp("baseline")
    src = folder / "in" / "minimal.xml"
    src.parent.mkdir()
    src.write_bytes(MINIMAL.read_bytes())
    runs = {}
    for name, command in COMMANDS.items():
        out = folder / name
        runs[name] = run_cli(command(src, out), out)
        assert runs[name].returncode == 0, (name, runs[name].stderr)
    return runs


def check_limits(what: str, run: Run, base: Run) -> None:
    """No more than a second of CPU and 200 MB of memory beyond what the same command costs on a small file."""
    extra_cpu = run.cpu - base.cpu
    extra_kb = run.max_rss_kb - base.max_rss_kb
    print(f"MEASURED {what}: +{extra_cpu:.2f} s CPU, +{extra_kb / 1024:.0f} MB peak "
          f"({run.cpu:.2f} s, {run.max_rss_kb / 1024:.0f} MB)")
    assert extra_cpu < CPU_LIMIT_S, f"{what}: {run.cpu:.2f} s CPU, {base.cpu:.2f} s on a small valid file"
    assert extra_kb < MEMORY_LIMIT_KB, f"{what}: peak {run.max_rss_kb} KB, {base.max_rss_kb} KB on a small file"


def assert_refused(command: str, run: Run, path: Path, reason: str) -> None:
    """The file is named with its reason in the form each output promises, exit status 1."""
    name = str(path)
    assert run.returncode == 1, (run.returncode, run.stderr)
    if command in ("validate", "validate-xinclude"):
        lines = run.stdout.splitlines()
        assert lines and all(line.startswith(f"{name}:") and ": error: " in line for line in lines), run.stdout
        assert reason in lines[0], run.stdout
        assert "0 valid, 1 invalid" in run.stderr, run.stderr
    elif command == "validate-json":
        report = json.loads((run.out_dir / "report.json").read_text(encoding="utf-8"))
        [entry] = report["files"]
        assert entry["path"] == name and entry["valid"] is False
        assert reason in entry["errors"][0]["message"], entry
    elif command == "validate-junit":
        suites = etree.fromstring(run.stdout.encode())
        [case] = suites.iter("testcase")
        assert case.get("name") == name
        [failure] = case.iter("failure")
        assert reason in (failure.get("message") or ""), etree.tostring(case)
    else:
        lines = run.stderr.splitlines()
        assert len(lines) == 1, run.stderr
        pattern = rf"tei-encoder: error: {re.escape(name)}(:\d+:\d+)?: {re.escape(reason)}.*"
        assert re.fullmatch(pattern, lines[0]), lines


def report_messages(command: str, run: Run) -> list[str]:
    """The messages of a validate report, whatever its format."""
    if command == "validate-json":
        report = json.loads((run.out_dir / "report.json").read_text(encoding="utf-8"))
        return [e["message"] for f in report["files"] for e in f["errors"]]
    text = run.stdout
    if command == "validate-junit":
        text = "\n".join(f.text or "" for f in etree.fromstring(run.stdout.encode()).iter("failure"))
    return [line.split(": error: ", 1)[1] for line in text.splitlines() if ": error: " in line]


# ------------------------------------------------------------------ the command-line tests

def _cases() -> Iterator[object]:
    for attack in ATTACKS:
        for command in COMMANDS:
            yield pytest.param(attack.name, command, id=f"{attack.name}-{command}")


@pytest.mark.parametrize(("attack", "command"), list(_cases()))
def test_hostile_xml_on_the_command_line(
    attack: str, command: str, hostile: dict[str, Path], listener: Listener, secret: Secret,
    baseline: dict[str, Run], tmp_path: Path,
) -> None:
    """Refused in one line naming the file (or, for XInclude in html, rendered unexpanded); nothing read or fetched."""
    path = hostile[attack]
    what = f"{attack} x {command}"
    run = run_cli(COMMANDS[command](path, tmp_path / "out"), tmp_path / "out")
    listener.assert_untouched(what)
    secret.assert_absent(what, run.stdout, run.stderr)
    secret.assert_absent_from_files(what, run.out_dir)
    assert "Traceback" not in run.stderr + run.stdout, run.stderr
    check_limits(what, run, baseline[command])
    reason = BY_NAME[attack].reason
    if command.startswith("html") and path.stat().st_size > MAX_HTML_SOURCE_BYTES:
        reason = HTML_SIZE
    if reason is not None:
        assert_refused(command, run, path, reason)
        if command == "html":
            assert run.files == [], run.files  # no page, no temporary
        if command == "html-site":
            assert not (run.out_dir / "site" / f"{path.stem}.html").exists()
        return
    if attack == "text_3x9_9mb":  # within every limit of validate: checked like any document
        assert run.returncode in (0, 1), run.stderr
        assert "parser" not in run.stdout and "not well-formed" not in run.stdout
        return
    # XInclude: validate reports every xi:include; html renders the page with none of them expanded.
    if command.startswith("validate"):
        assert run.returncode == 1
        messages = report_messages(command, run)
        hrefs = [secret.path.as_uri(), os.path.relpath(secret.path, path.parent), listener.url("include.xml")]
        if command == "validate-xinclude":
            assert f'<xi:include href="{hrefs[2]}"> is not a local file; only local files are included' in messages
            for href in hrefs[:2]:  # refused too: this is what the xfail waits for
                assert any(m.startswith(f'<xi:include href="{href}">') for m in messages), messages
        else:
            assert messages == [f'<xi:include href="{href}"> is not expanded: XInclude is off for safety '
                                "(pass --xinclude to expand local files)" for href in hrefs]
    else:
        assert run.returncode == 0, run.stderr
        page = run.out_dir / ("page.html" if command == "html" else f"site/{path.stem}.html")
        assert page.is_file()


# ------------------------------------------------------------------ the library


@pytest.mark.parametrize("attack", [a.name for a in ATTACKS])
def test_hostile_xml_through_the_library(
    attack: str, hostile: dict[str, Path], listener: Listener, secret: Secret,
) -> None:
    """``parse_bytes`` and ``parse_file`` refuse each attack in well under a second of CPU; XInclude stays inert."""
    path = hostile[attack]
    data = path.read_bytes()
    reason = BY_NAME[attack].reason
    calls: list[tuple[str, Callable[[], etree._ElementTree]]] = [
        ("parse_bytes", lambda: parse_bytes(data, path.name)), ("parse_file", lambda: parse_file(path))]
    for label, call in calls:
        started = time.process_time()
        if reason is None:
            tree = call()
            elapsed = time.process_time() - started
            if attack == "xinclude":
                assert len(list(tree.iter(f"{{{XI_NS}}}include"))) == 3  # kept as elements, never expanded
            secret.assert_absent(label, etree.tostring(tree))
        else:
            with pytest.raises(UnsafeXMLError) as refused:
                call()
            elapsed = time.process_time() - started
            assert refused.value.reason.startswith(reason), refused.value.reason
            assert (refused.value.line >= 1) != (reason in (MARKUP, SIZE)), "a position, unless it is the whole file"
            assert str(refused.value).startswith(f"{refused.value.name}:")
            secret.assert_absent(label, str(refused.value))
        assert elapsed < CPU_LIMIT_S, f"{attack}: {label} took {elapsed:.2f} s of CPU"
        listener.assert_untouched(f"{attack} x {label}")


@pytest.fixture(scope="module")
def validator() -> Validator:
    return Validator(choose_schema("default"))


@pytest.mark.parametrize("attack", [a.name for a in ATTACKS])
def test_hostile_xml_through_the_validator_api(
    attack: str, hostile: dict[str, Path], listener: Listener, secret: Secret, validator: Validator,
) -> None:
    """``Validator.validate_path`` turns each attack into problems of the file, in well under a second of CPU."""
    path = hostile[attack]
    started = time.process_time()
    result = validator.validate_path(str(path))
    elapsed = time.process_time() - started
    assert not result.io_error
    reason = BY_NAME[attack].reason
    if attack == "text_3x9_9mb":
        assert all(p.source != "parser" for p in result.problems), result.problems
    elif reason is None:
        assert [p.source for p in result.problems] == ["xinclude"] * 3, result.problems
    else:
        assert [(p.source, p.message.startswith(reason)) for p in result.problems] == [("parser", True)]
    secret.assert_absent(attack, json.dumps([p.as_dict() for p in result.problems]))
    listener.assert_untouched(attack)
    assert elapsed < CPU_LIMIT_S, f"{attack}: {elapsed:.2f} s of CPU"


@pytest.mark.parametrize("attack", DOCTYPE_ATTACKS)
def test_the_parser_holds_even_without_the_doctype_check(
    attack: str, hostile: dict[str, Path], listener: Listener, secret: Secret, monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Defence in depth: with the prolog check switched off, libxml2's flags and the DOCTYPE lock still refuse."""
    monkeypatch.setattr(xmlsafe, "_prolog_problem", lambda data, view: None)
    data = hostile[attack].read_bytes()
    started = time.process_time()
    with pytest.raises(UnsafeXMLError) as refused:
        parse_bytes(data, "hostile.xml")
    elapsed = time.process_time() - started
    assert refused.value.reason in (
        "the file has a DOCTYPE declaration; refused for safety: TEI needs none",
        "entities expand without limit; refused",
    ) or refused.value.reason.startswith("not well-formed: "), refused.value.reason
    secret.assert_absent(attack, str(refused.value))
    listener.assert_untouched(attack)
    assert elapsed < CPU_LIMIT_S


def test_local_include_target_keeps_xinclude_inside_the_documents_folder(
    tmp_path: Path, secret: Secret, listener: Listener
) -> None:
    """The check ``validate --xinclude`` needs: every way out of the folder is refused before anything is read."""
    folder = tmp_path / "doc"
    (folder / "parts").mkdir(parents=True)
    document = folder / "letter.xml"
    (folder / "parts" / "p1.xml").write_text("<p/>", encoding="utf-8")
    (folder / "link.txt").symlink_to(secret.path)
    os.mkfifo(folder / "fifo.txt")
    assert xmlsafe.local_include_target(document, "parts/p1.xml") == (folder / "parts" / "p1.xml").resolve()
    assert xmlsafe.local_include_target(document, "parts/p1.xml#x") == (folder / "parts" / "p1.xml").resolve()
    assert xmlsafe.local_include_target(document, (folder / "parts" / "p1.xml").as_uri()).name == "p1.xml"
    relative = os.path.relpath(secret.path, folder)
    refused = {
        secret.path.as_uri(): "outside",
        str(secret.path): "outside",
        relative: "outside",
        relative.replace("..", "%2e%2e"): "outside",
        "parts/../" + relative: "outside",
        "link.txt": "outside",
        "fifo.txt": "not a regular file",
        "missing.xml": "no such file",
        "": "names no file",
        listener.url("x.xml"): "not a local file",
        "file://example.org/etc/passwd": "not a local file",
        "ftp://127.0.0.1/x": "not a local file",
    }
    for href, reason in refused.items():
        with pytest.raises(xmlsafe.InputError, match=reason):
            xmlsafe.local_include_target(document, href)
    listener.assert_untouched("local_include_target")


@pytest.mark.parametrize("command", [
    "validate",
    "html",
])
@pytest.mark.parametrize("source", ["dev_zero", "fifo"])
def test_endless_files_are_refused_not_read(command: str, source: str, tmp_path: Path) -> None:
    """A device or FIFO named as the XML file: one line, ``not a regular file``, at once and in little memory."""
    if source == "fifo":
        target = tmp_path / "pipe.xml"
        os.mkfifo(target)
    else:
        target = Path("/dev/zero")
    # 1 GB of address space: /dev/zero read whole fails within it instead of taking the machine's memory.
    run = run_cli(COMMANDS[command](target, tmp_path / "out"), tmp_path / "out", hang_s=8, address_space=1 << 30)
    assert "Traceback" not in run.stderr, run.stderr
    assert run.returncode in (1, 2), (run.returncode, run.stderr)
    assert f"{target}: not a regular file" in run.stdout + run.stderr


def test_read_xml_file_refuses_what_is_not_a_regular_file(tmp_path: Path) -> None:
    """The reading half of ``parse_file``, for ``validate``, which needs the bytes as well as the tree."""
    fifo = tmp_path / "pipe.xml"
    os.mkfifo(fifo)
    for path, reason in ((Path("/dev/zero"), "not a regular file"), (fifo, "not a regular file"),
                         (tmp_path, "is a directory"), (tmp_path / "missing.xml", "no such file")):
        with pytest.raises(xmlsafe.InputError, match=reason):
            xmlsafe.read_xml_file(path)
    big = tmp_path / "big.xml"
    big.write_bytes(b"<a/>" + b" " * (2 * MB))
    with pytest.raises(xmlsafe.InputError, match="larger than 1 MB"):
        xmlsafe.read_xml_file(big, max_bytes=MB)
    with pytest.raises(xmlsafe.InputError, match="larger than 1 MB"):
        parse_file(big, max_bytes=MB)
    assert xmlsafe.read_xml_file(big) == big.read_bytes()


# ------------------------------------------------------------------ URLs in valid TEI: Saxon must not follow them


def _tei_with_urls(lst: Listener, sec: Secret) -> str:
    return (
        f'<?xml-model href="{lst.url("schema.rng")}" type="application/xml"?>\n'
        f'<?xml-stylesheet href="{lst.url("evil.xsl")}" type="text/xsl"?>\n'
        + _tei(
            f'<div type="document" xml:id="d1" facs="{sec.path.as_uri()}">'
            f'<pb n="1" facs="{sec.path.as_uri()}"/><pb n="2" facs="{lst.url("page2.png")}"/>'
            f'<p>See <ref target="{lst.url("ref")}">this</ref> and <ptr target="{sec.path.as_uri()}"/>.</p></div>',
            f' xml:base="{lst.url("base/")}" facs="{sec.path.as_uri()}"',
        )
    )


@pytest.mark.parametrize("command", ["validate", "html", "html-site"])
def test_urls_in_the_tei_are_never_followed(
    command: str, listener: Listener, secret: Secret, baseline: dict[str, Run], tmp_path: Path,
) -> None:
    """@facs, @target, xml:base and xml-model/xml-stylesheet PIs naming the secret or the socket are inert text."""
    src = tmp_path / "in" / "urls.xml"
    src.parent.mkdir()
    src.write_text(_tei_with_urls(listener, secret), encoding="utf-8")
    run = run_cli(COMMANDS[command](src, tmp_path / "out"), tmp_path / "out")
    what = f"urls x {command}"
    listener.assert_untouched(what)
    secret.assert_absent(what, run.stdout, run.stderr)
    secret.assert_absent_from_files(what, run.out_dir)
    assert "Traceback" not in run.stderr
    check_limits(what, run, baseline[command])
    if command == "validate":
        assert run.returncode in (0, 1)  # whatever the schema says of it; nothing fetched
    else:
        assert run.returncode == 0, run.stderr
        assert (run.out_dir / ("page.html" if command == "html" else "site/urls.html")).is_file()


# ------------------------------------------------------------------ the watchers can fail


def test_the_watchers_see_a_real_connection_and_a_leaked_secret(
    listener: Listener, secret: Secret, tmp_path: Path
) -> None:
    """A child that does connect, or does print the token, is caught: the checks above can fail."""
    code = f"import socket; socket.create_connection(('127.0.0.1', {listener.port})).close()"
    subprocess.run([sys.executable, "-c", code], check=True)
    with pytest.raises(AssertionError, match="connection"):
        listener.assert_untouched("a real connection")
    leak = tmp_path / "leak.html"
    leak.write_text(f"<p>{secret.path.read_text(encoding='utf-8')}</p>", encoding="utf-8")
    with pytest.raises(AssertionError, match="leaked"):
        secret.assert_absent_from_files("a real leak", tmp_path)
    with pytest.raises(AssertionError, match="CPU"):
        check_limits("a busy child", Run(0, "", "", 5.0, 1, tmp_path), Run(0, "", "", 0.5, 1, tmp_path))
    with pytest.raises(AssertionError, match="peak"):
        check_limits("a big child", Run(0, "", "", 0.5, 300 * 1024, tmp_path), Run(0, "", "", 0.5, 30 * 1024, tmp_path))



@pytest.mark.parametrize("spelling", ["}", "&#125;", "&#x7d;", "&#x7D;"])
@pytest.mark.parametrize("encoding", ["utf-8", "utf-16", "iso-8859-15"])
def test_a_brace_in_a_namespace_uri_is_refused_however_it_is_written(spelling: str, encoding: str) -> None:
    """lxml writes the namespace in ``{uri}tag``, so a ``}`` in the URI would split names wrongly downstream.
    libxml2 refuses such a URI itself; parse_bytes walks the tree as a second lock only when the bytes could
    hold a ``}``, and this proves no spelling gets past both."""
    text = f'<?xml version="1.0" encoding="{encoding}"?><TEI xmlns="urn:a{spelling}b"><p/></TEI>'
    with pytest.raises(UnsafeXMLError, match=r"contains '}'|is not a valid URI"):
        parse_bytes(text.encode(encoding), "ns.xml")


def test_a_namespace_without_a_brace_parses() -> None:
    assert parse_bytes(b'<TEI xmlns="http://www.tei-c.org/ns/1.0"><p>{x}</p></TEI>').getroot().tag.endswith("TEI")


# ------------------------------------------------------------------ the encoding declaration, however it is spelt

#: Declared names that are not encoding names: non-ASCII (this one raised UnicodeDecodeError with a traceback
#: before the prolog check and the namespace check had patterns of their own), empty, overlong, a NUL, spaces.
MALFORMED_ENCODING_NAMES = ["\u00e9", "utf-\u00fc", "", "x" * 300, "utf-8\x00", " utf-8", "utf 8"]


@pytest.mark.parametrize("name", sorted(
    set(encodings.aliases.aliases) | set(encodings.aliases.aliases.values())
    | {"utf-7", "idna", "punycode", "undefined", "unicode_escape", "rot13", "hz", "iso2022_jp"}
) + MALFORMED_ENCODING_NAMES)
def test_any_declared_encoding_parses_or_is_refused_with_a_reason(name: str) -> None:
    """Whatever the XML declaration names, the safe parse returns a tree or raises ``InputError``, nothing else."""
    body = '<TEI xmlns="http://www.tei-c.org/ns/1.0"><p n="}">\u00e9\u4e2d</p></TEI>'
    data = f'<?xml version="1.0" encoding="{name}"?>\n{body}'.encode("utf-8", "surrogateescape")
    try:
        parse_bytes(data, "declared.xml")
    except xmlsafe.InputError as exc:
        assert str(exc).startswith("declared.xml"), exc


@pytest.mark.parametrize("command", ["validate", "html"])
def test_a_non_ascii_encoding_name_gets_one_line_on_the_command_line(command: str, tmp_path: Path) -> None:
    src = tmp_path / "enc.xml"
    src.write_bytes('<?xml version="1.0" encoding="\u00e9"?>\n<TEI xmlns="http://www.tei-c.org/ns/1.0"/>'
                    .encode("utf-8"))
    run = run_cli(COMMANDS[command](src, tmp_path / "out"), tmp_path / "out")
    assert "Traceback" not in run.stderr, run.stderr
    assert run.returncode == 1, (run.returncode, run.stderr)
    assert f"{src}:1:" in run.stdout + run.stderr
    assert "encoding" in run.stdout + run.stderr
    assert not (run.out_dir / "page.html").exists()
