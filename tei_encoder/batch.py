"""Encoding a whole collection: discovery, a process pool, progress, summary and report.

The collection is streamed: paths are discovered lazily, at most a small
window of files is in flight, and each file's outcome is reported and dropped
as soon as it is in order. Outcomes are handed on in input order whatever the
number of workers, so messages and the report are the same on every run.

Each file goes through :func:`encode_file`, a plain top-level function of a
:class:`Task` and :class:`Options`, so a local pool, the serial path and the
optional Dask runner all produce byte-identical output.
"""

from __future__ import annotations

import os
import signal
import sys
import time
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field, replace
from itertools import chain, islice
from pathlib import Path
from typing import IO, Any, TextIO

from .errors import TeiEncoderError
from .fileio import atomic_writer, ensure_folder, sweep_temporaries

#: Transcript files picked up when a folder is given.
SUFFIXES = (".txt",)


@dataclass(frozen=True)
class Task:
    """One transcript to encode: its name as the user spelled it, and where the TEI goes.

    ``base`` is the folder relative paths are taken from when the task runs in
    another working directory (a Dask worker); the names in messages, report
    and TEI header stay as the user spelled them, so output bytes do not change.
    """

    source: str
    target: str
    base: str | None = None


@dataclass(frozen=True)
class Options:
    """What every file of a run shares; small and picklable so workers get it once per chunk."""

    profile: str | None = None
    persons: tuple[str, ...] = ()
    date: str | None = None
    force: bool = False
    durable: bool = True
    skip_existing: bool = False


@dataclass
class Outcome:
    """What happened to one file: enough for the summary, the report and the exit code."""

    source: str
    target: str | None = None
    documents: int = 0
    warnings: list[tuple[int, str]] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    stage: str = "encode"
    skipped: bool = False

    @property
    def ok(self) -> bool:
        return not self.errors

    def as_json(self) -> dict[str, Any]:
        return {
            "input": self.source,
            "output": self.target,
            "stage": self.stage,
            "status": "error" if self.errors else "skipped" if self.skipped else "ok",
            "documents": self.documents,
            "warnings": [{"line": line, "message": message} for line, message in self.warnings],
            "errors": list(self.errors),
        }


def internal_error(exc: BaseException) -> str:
    """A one-line message for a failure that is a bug in the toolkit, not in the input."""
    detail = str(exc).splitlines()[0] if str(exc) else ""
    return f"internal error ({type(exc).__name__}{': ' + detail if detail else ''}); please report this"


def display_name(name: str) -> str:
    """A file name as text XML can carry: a name that is not UTF-8 on disk is read as Windows-1252.

    Python keeps undecodable bytes of a file name as lone surrogates, which no
    XML document (the TEI header names its transcript) may contain. The rule is
    the one for transcripts: UTF-8, else Windows-1252 (else U+FFFD for a byte
    neither can read).
    """
    try:
        name.encode("utf-8")
        return name
    except UnicodeEncodeError:
        raw = os.fsencode(name)
        try:
            return raw.decode("cp1252")
        except UnicodeDecodeError:
            return raw.decode("utf-8", "replace")


def encode_file(task: Task, options: Options) -> Outcome:
    """Encode one transcript and write its TEI atomically; never raises for a bad input."""
    from .api import encode

    outcome = Outcome(display_name(task.source), display_name(task.target))
    base = Path(task.base) if task.base else Path()
    source, target = base / task.source, base / task.target
    try:
        if _same_file(source, target):
            raise TeiEncoderError(outcome.target or "", "output would overwrite the input transcript")
        if not options.force and (target.exists() or target.is_symlink()):
            # Decided before encoding: a re-run over a finished collection costs nothing.
            if options.skip_existing:
                outcome.skipped = True
                return outcome
            raise TeiEncoderError(outcome.target or "", "output exists; use --force to overwrite")
        result = encode(
            source,
            options.profile,
            name=outcome.source,
            date=options.date,
            persons=[Path(p) for p in options.persons],
        )
        outcome.warnings = [(n.line, n.message) for n in result.warnings]
        _write(target, result.to_bytes(), options)
        outcome.documents = result.documents
    except TeiEncoderError as exc:
        message = display_name(str(exc))
        outcome.errors.append(message if base == Path() else _relative_message(message, base))
    except (MemoryError, RecursionError) as exc:
        outcome.errors.append(f"{outcome.source}: too large or too deeply nested to encode ({type(exc).__name__})")
    except Exception as exc:  # a bug must still not cost the other files of the run
        outcome.errors.append(f"{outcome.source}: {internal_error(exc)}")
    return outcome


def _write(target: Path, payload: bytes, options: Options) -> None:
    ensure_folder(target.parent)
    with atomic_writer(target, force=options.force, durable=options.durable) as fh:
        fh.write(payload)


def _relative_message(message: str, base: Path) -> str:
    prefix = f"{base}{os.sep}"
    return message[len(prefix) :] if message.startswith(prefix) else message


def encode_chunk(tasks: Sequence[Task], options: Options) -> list[Outcome]:
    return [encode_file(task, options) for task in tasks]


def _same_file(source: Path, target: Path) -> bool:
    try:
        return os.path.samefile(source, target)
    except OSError:
        return False


# ---------------------------------------------------------------------------- discovery


def _has_magic(pattern: str) -> bool:
    import glob  # here, not at the top: one file through the CLI should not pay for it

    return glob.has_magic(pattern)


def _walk(folder: str) -> Iterator[str | Outcome]:
    """Transcripts under ``folder`` in a stable order; hidden files and folders and linked folders skipped.

    A folder that cannot be listed is an error outcome, so no transcript is skipped silently.
    """
    try:
        entries = sorted(os.scandir(folder), key=lambda e: e.name)
    except OSError as exc:
        reason = "permission denied" if isinstance(exc, PermissionError) else exc.strerror or "cannot be listed"
        yield Outcome(folder, errors=[f"{folder}: folder cannot be read ({reason})"])
        return
    subfolders = []
    for entry in entries:
        if entry.name.startswith("."):
            continue
        if entry.is_dir(follow_symlinks=False):  # a linked folder could loop back on itself
            subfolders.append(entry.path)
        elif entry.name.lower().endswith(SUFFIXES) and entry.is_file():
            yield entry.path
    for sub in subfolders:
        yield from _walk(sub)


def _glob_base(pattern: str) -> str:
    """The folder a glob's matches are made relative to: its longest prefix without wildcards."""
    parts = Path(pattern).parts
    base: list[str] = []
    for part in parts:
        if _has_magic(part):
            break
        base.append(part)
    return str(Path(*base)) if base else "."


def _target(out_dir: Path, relative: str) -> str:
    stem, _ = os.path.splitext(relative)
    return str(out_dir / f"{stem}.xml")


def discover(inputs: Sequence[str], out_dir: Path) -> Iterator[Task | Outcome]:
    """Tasks for files, folders (recursive, keeping the structure) and globs; an Outcome for each bad input.

    A folder keeps its tree under ``out_dir``; a single file lands at
    ``out_dir/<stem>.xml``; a glob keeps the tree below its wildcard-free prefix.
    Two inputs that would write the same output are refused, the second one failing.
    """
    claimed: dict[str, str] = {}

    def task(source: str, target: str) -> Task | Outcome:
        first = claimed.setdefault(os.path.normcase(os.path.abspath(target)), source)
        if first != source:
            return Outcome(source, target, errors=[f"{source}: would write the same output as {first} ({target})"])
        return Task(source, target)

    for item in inputs:
        path = Path(item)
        if path.is_dir():
            found = False
            for source in _walk(item):
                found = True
                if isinstance(source, Outcome):
                    yield source
                    continue
                yield task(source, _target(out_dir, os.path.relpath(source, item)))
            if not found:
                yield Outcome(item, errors=[f"{item}: no transcripts (*.txt) in this folder"])
        elif path.exists() or path.is_symlink():
            yield task(item, _target(out_dir, path.name))
        elif _has_magic(item):
            base = _glob_base(item)
            import glob

            matches = sorted(glob.iglob(item, recursive=True))
            if not matches:
                yield Outcome(item, errors=[f"{item}: no files match"])
            for match in matches:
                if os.path.isdir(match):
                    for source in _walk(match):
                        if isinstance(source, Outcome):
                            yield source
                            continue
                        yield task(source, _target(out_dir, os.path.relpath(source, base)))
                else:
                    yield task(match, _target(out_dir, os.path.relpath(match, base)))
        else:
            yield Outcome(item, errors=[f"{item}: no such file or folder"])


# ---------------------------------------------------------------------------- running


def _chunks(items: Iterable[Task | Outcome], size: int) -> Iterator[list[Task] | Outcome]:
    """Group tasks for the pool; bad inputs found by discovery pass straight through, in order."""
    chunk: list[Task] = []
    for item in items:
        if isinstance(item, Outcome):
            if chunk:
                yield chunk
                chunk = []
            yield item
            continue
        chunk.append(item)
        if len(chunk) >= size:
            yield chunk
            chunk = []
    if chunk:
        yield chunk


def _worker_init() -> None:
    # Ctrl-C is the parent's to handle; a worker told to stop unwinds through
    # its ``finally`` blocks, so the file it was writing leaves no temporary.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, _stop_worker)


def _stop_worker(signum: int, frame: object) -> None:
    raise SystemExit(128 + signum)


def run_local(
    items: Iterable[Task | Outcome],
    options: Options,
    jobs: int,
    on_outcome: Callable[[Outcome], None],
    *,
    chunk_size: int = 4,
) -> None:
    """Encode every task, calling ``on_outcome`` in input order; ``jobs`` > 1 uses a process pool.

    At most ``4 * jobs`` chunks are in flight, so memory does not grow with the
    collection. On Ctrl-C the workers are stopped, temporaries of the files in
    flight are swept, and ``KeyboardInterrupt`` propagates to the caller.
    """
    if jobs <= 1:
        for item in items:
            if isinstance(item, Outcome):
                on_outcome(item)
                continue
            try:
                outcome = encode_file(item, options)
            except BaseException:
                # Ctrl-C can land between mkstemp and the writer's own clean-up: sweep this file's temporary.
                _sweep([item])
                raise
            on_outcome(outcome)
        return
    import multiprocessing

    from . import api  # noqa: F401  (imported before forking so workers start warm)

    method = "fork" if "fork" in multiprocessing.get_all_start_methods() else "spawn"
    context = multiprocessing.get_context(method)
    previous = signal.signal(signal.SIGINT, signal.SIG_IGN)
    try:
        pool = context.Pool(jobs, initializer=_worker_init)
    finally:
        signal.signal(signal.SIGINT, previous)
    window = 4 * jobs
    pending: dict[int, Any] = {}
    in_flight: dict[int, list[Task]] = {}
    ready: dict[int, list[Outcome]] = {}
    submitted = emitted = 0
    source = _chunks(items, chunk_size)
    exhausted = False
    try:
        while True:
            while not exhausted and submitted - emitted < window:
                nxt = next(source, None)
                if nxt is None:
                    exhausted = True
                    break
                if isinstance(nxt, Outcome):
                    ready[submitted] = [nxt]
                else:
                    pending[submitted] = pool.apply_async(encode_chunk, (nxt, options))
                    in_flight[submitted] = nxt
                submitted += 1
            if emitted == submitted:
                break
            if emitted not in ready:
                result = pending.pop(emitted)
                while not result.ready():
                    result.wait(0.1)
                ready[emitted] = result.get()
                in_flight.pop(emitted, None)
            for outcome in ready.pop(emitted):
                on_outcome(outcome)
            emitted += 1
        pool.close()
        pool.join()
    except BaseException:
        pool.terminate()
        pool.join()
        _sweep(task for chunk in in_flight.values() for task in chunk)
        raise


def _sweep(tasks: Iterable[Task]) -> None:
    folders: dict[str, set[str]] = {}
    for task in tasks:
        folder, name = os.path.split(task.target)
        folders.setdefault(folder or ".", set()).add(name)
    for folder, names in folders.items():
        sweep_temporaries(Path(folder), names)


def default_jobs() -> int:
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        return os.cpu_count() or 1


# ---------------------------------------------------------------------------- progress, summary, report


class Progress:
    """A one-line progress bar on a terminal; silent otherwise so logs and pipes stay clean."""

    def __init__(self, stream: TextIO, total: int | None, enabled: bool) -> None:
        self.stream = stream
        self.total = total
        self.enabled = enabled
        self.done = 0
        self.errors = 0
        self.start = time.perf_counter()
        self._last = 0.0
        self._shown = False

    def advance(self, outcome: Outcome) -> None:
        self.done += 1
        self.errors += 0 if outcome.ok else 1
        now = time.perf_counter()
        if self.enabled and (now - self._last > 0.1 or self.done == self.total):
            self._last = now
            self.draw(now)

    def draw(self, now: float) -> None:
        elapsed = now - self.start
        if self.total:
            width = 30
            filled = width * self.done // self.total
            bar = "#" * filled + "." * (width - filled)
            line = f"[{bar}] {self.done}/{self.total} files"
        else:
            line = f"{self.done} files"
        if self.errors:
            line += f", {self.errors} with errors"
        line += f"  {elapsed:.1f} s"
        self.stream.write("\r" + line + "\x1b[K")
        self.stream.flush()
        self._shown = True

    def clear(self) -> None:
        """Take the bar off the line so a message can be printed cleanly."""
        if self._shown:
            self.stream.write("\r\x1b[K")
            self.stream.flush()
            self._shown = False


@dataclass
class Tally:
    files: int = 0
    documents: int = 0
    warnings: int = 0
    errors: int = 0
    failed_files: int = 0
    skipped: int = 0

    def add(self, outcome: Outcome) -> None:
        self.files += 1
        self.skipped += outcome.skipped
        self.documents += outcome.documents
        self.warnings += len(outcome.warnings)
        self.errors += len(outcome.errors)
        self.failed_files += 0 if outcome.ok else 1


def plural(count: int, noun: str) -> str:
    return f"{count} {noun}" if count == 1 else f"{count} {noun}s"


def summary_line(tally: Tally, elapsed: float, jobs: int, verb: str = "encoded") -> str:
    rate = tally.files / elapsed if elapsed > 0 else 0.0
    where = "on Dask" if jobs == 0 else plural(jobs, "job")
    done = f"{tally.files - tally.failed_files - tally.skipped} ok"
    if tally.skipped:
        done += f", {tally.skipped} skipped as already there"
    return (
        f"tei-encoder: {verb} {plural(tally.files, 'file')} ({done}), "
        f"{plural(tally.documents, 'document')}, {plural(tally.warnings, 'warning')}, "
        f"{plural(tally.errors, 'error')} in {elapsed:.2f} s ({rate:.0f} files/s, {where})"
    )


class Report:
    """A JSON report streamed entry by entry, so it too stays small in memory; atomic on disk."""

    def __init__(self, path: Path | None, command: str, force: bool = True) -> None:
        import json

        self._json = json
        self.path = path
        self.command = command
        self._cm: Any = None
        self._fh: IO[bytes] | None = None
        self._count = 0
        if path is not None:
            self._cm = atomic_writer(path, force=force, durable=False)
            self._fh = self._cm.__enter__()
            from . import __version__

            head = {"tool": "tei-encoder", "version": __version__, "command": command}
            self._fh.write(json.dumps(head, ensure_ascii=False)[:-1].encode("utf-8") + b', "files": [\n')

    def add(self, outcome: Outcome) -> None:
        if self._fh is None:
            return
        prefix = b",\n" if self._count else b""
        self._fh.write(prefix + self._json.dumps(outcome.as_json(), ensure_ascii=False).encode("utf-8"))
        self._count += 1

    def close(self, summary: dict[str, Any]) -> None:
        if self._fh is None:
            return
        tail = self._json.dumps({"summary": summary}, ensure_ascii=False)[1:]
        self._fh.write(b"\n], " + tail.encode("utf-8") + b"\n")
        self._cm.__exit__(None, None, None)
        self._fh = None

    def abort(self) -> None:
        """Drop the unfinished report: a half report is worse than none."""
        if self._fh is None:
            return
        try:
            self._cm.__exit__(KeyboardInterrupt, KeyboardInterrupt(), None)
        except KeyboardInterrupt:
            pass
        self._fh = None


def print_outcome(outcome: Outcome, stream: TextIO, progress: Progress | None = None) -> None:
    """Warnings as ``file:line: warning: ...`` and errors as ``tei-encoder: error: FILE: reason``."""
    if not outcome.warnings and not outcome.errors:
        return
    if progress is not None:
        progress.clear()
    for line, message in outcome.warnings:
        stream.write(f"{outcome.source}:{line}: warning: {message}\n")
    for error in outcome.errors:
        stream.write(f"tei-encoder: error: {error}\n")
    stream.flush()


def stderr_is_terminal() -> bool:
    try:
        return sys.stderr is not None and sys.stderr.isatty()
    except (AttributeError, ValueError):
        return False


# ---------------------------------------------------------------------------- one call for commands


@dataclass
class RunResult:
    """What a collection run did: counts for the summary, and how it was spread."""

    tally: Tally
    elapsed: float
    workers: int


def encode_collection(
    inputs: Sequence[str],
    out_dir: Path,
    options: Options,
    *,
    jobs: int | None,
    quiet: bool,
    report: Report,
    dask_address: str | None = None,
    first: Outcome | None = None,
    also: Callable[[Outcome], None] | None = None,
) -> RunResult:
    """Encode folders, globs and files into ``out_dir``, printing problems and progress as they come.

    ``first`` is an outcome produced before the run (standard input); ``also``
    sees every outcome after it is counted (``build`` collects the TEI it
    validates next). ``KeyboardInterrupt`` and the Dask runner's own
    ``TeiEncoderError`` propagate, with the progress bar already cleared.
    """
    started = time.perf_counter()
    show = stderr_is_terminal() and not quiet
    total = sum(1 for _ in discover(inputs, out_dir)) if show else None
    progress = Progress(sys.stderr, total, show)
    tally = Tally()

    def on_outcome(outcome: Outcome) -> None:
        tally.add(outcome)
        report.add(outcome)
        print_outcome(outcome, sys.stderr, progress)
        progress.advance(outcome)
        if also is not None:
            also(outcome)

    if first is not None:
        on_outcome(first)
    items = discover(inputs, out_dir)
    head = list(islice(items, 2))
    workers = jobs or default_jobs()
    if sum(isinstance(i, Task) for i in head) < 2:
        workers = 1  # one file: a pool would only add its start-up time
    try:
        if dask_address:
            from .dask_runner import run_dask

            workers = 0
            run_dask(chain(head, items), options, dask_address, on_outcome)
        else:
            # An fsync per file costs more than encoding it (about 4 ms here); one
            # flush of everything at the end gives the same durability for the run.
            run_local(chain(head, items), replace(options, durable=False), workers, on_outcome)
    finally:
        progress.clear()
        if not dask_address:
            os.sync()
    return RunResult(tally, time.perf_counter() - started, workers)


def tally_summary(result: RunResult) -> dict[str, Any]:
    tally = result.tally
    return {
        "files": tally.files,
        "failed_files": tally.failed_files,
        "skipped_files": tally.skipped,
        "documents": tally.documents,
        "warnings": tally.warnings,
        "errors": tally.errors,
        "elapsed_seconds": round(result.elapsed, 3),
        "workers": result.workers,
    }
