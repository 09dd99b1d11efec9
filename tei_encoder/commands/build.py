"""``tei-encoder build``: the archivist's hand-off in one step: encode, validate, then the HTML site.

A build never stops at the first problem. Each stage runs on everything the
stage before it produced, every problem of every stage is printed (and, with
``--report``, written as JSON), and the exit status says whether anything went
wrong. A stage that cannot run at all (a schema that will not load, a missing
renderer) is itself reported as a problem, and the later stages still run.

Layout of OUT: ``tei/`` (the TEI, the source tree kept) and ``site/`` (the
HTML edition: a page per file, an index and a persons index).
"""

from __future__ import annotations

import os
import signal
import sys
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

import click

from ..errors import TeiEncoderError
from .encode import check_date, check_persons, check_profile

if TYPE_CHECKING:
    from ..batch import Outcome


def _error(message: str) -> None:
    click.echo(f"tei-encoder: error: {message}", err=True)


@dataclass
class StageResult:
    """One stage's count of files and problems, for the summary and the report."""

    name: str
    files: int = 0
    failed: int = 0
    problems: int = 0
    seconds: float = 0.0
    note: str = ""
    extra: dict[str, Any] = field(default_factory=dict)

    def as_json(self) -> dict[str, Any]:
        return {
            "files": self.files,
            "failed_files": self.failed,
            "problems": self.problems,
            "elapsed_seconds": round(self.seconds, 3),
            **self.extra,
        }


def _stage_failure(stage: str, exc: BaseException) -> str:
    from ..batch import internal_error

    if isinstance(exc, TeiEncoderError):
        return str(exc)
    return f"{stage}: {internal_error(exc)}"


@contextmanager
def _ctrl_c_for_this_process_only() -> Iterator[None]:
    """Ctrl-C interrupts this process; worker processes forked meanwhile ignore it.

    The validation pool's workers would otherwise each print a traceback on
    Ctrl-C; here the parent alone is interrupted, and the pool's exit stops them.
    """
    parent = os.getpid()

    def handler(signum: int, frame: object) -> None:
        if os.getpid() == parent:
            raise KeyboardInterrupt

    previous = signal.signal(signal.SIGINT, handler)
    try:
        yield
    finally:
        signal.signal(signal.SIGINT, previous)


def validate_stage(
    files: list[str], schema: str, jobs: int | None, emit: Callable[[Outcome], None]
) -> tuple[StageResult, list[str]]:
    """Validate the TEI just written; returns the stage result and the files that are valid."""
    with _ctrl_c_for_this_process_only():
        return _validate_stage(files, schema, jobs, emit)


def _validate_stage(
    files: list[str], schema: str, jobs: int | None, emit: Callable[[Outcome], None]
) -> tuple[StageResult, list[str]]:
    from ..batch import Outcome

    stage = StageResult("validate", files=len(files))
    started = time.perf_counter()
    valid: list[str] = []
    try:
        from ..validate.engine import SchemaError, Validator, choose_schema
        from ..validate.runner import validate_files

        try:
            validator = Validator(choose_schema(schema))
        except SchemaError as exc:
            raise TeiEncoderError("validate", str(exc)) from None
        for result in validate_files(validator, files, jobs):
            if result.valid:
                valid.append(result.path)
                emit(Outcome(result.path, stage="validate"))
                continue
            errors = [f"{result.path}:{p.line}:{p.column}: {p.message}" for p in result.problems]
            stage.failed += 1
            stage.problems += len(errors)
            emit(Outcome(result.path, stage="validate", errors=errors))
    except KeyboardInterrupt:
        raise
    except Exception as exc:  # the stage could not run: report it and let the site be built anyway
        stage.failed = stage.files
        stage.problems += 1
        stage.note = "could not run"
        emit(Outcome("validate", stage="validate", errors=[_stage_failure("validate", exc)]))
    stage.seconds = time.perf_counter() - started
    return stage, valid


def html_stage(
    files: list[str], site: Path, force: bool, title: str, lang: str, view: str, emit: Callable[[Outcome], None]
) -> StageResult:
    """Render the site from every TEI file written, valid or not, so its problems show up too."""
    from ..batch import Outcome

    stage = StageResult("html", files=len(files))
    started = time.perf_counter()
    try:
        if files:
            from .. import html as edition

            result = edition.build_site(
                [Path(f) for f in files], site, force=force, view=view, lang=lang, title=title
            )
            failed = {exc.source for exc in result.errors}
            stage.failed = len(failed)
            stage.problems = len(result.errors)
            stage.extra["pages"] = len(result.pages)
            for exc in result.errors:
                emit(Outcome(exc.source, stage="html", errors=[str(exc)]))
            for page in result.pages:
                emit(Outcome(str(page), str(page), stage="html"))
    except KeyboardInterrupt:
        raise
    except Exception as exc:
        stage.failed = stage.files
        stage.problems += 1
        stage.note = "could not run"
        emit(Outcome("html", stage="html", errors=[_stage_failure("html", exc)]))
    stage.seconds = time.perf_counter() - started
    return stage


@click.command("build")
@click.argument("sources", nargs=-1, required=True)
@click.option(
    "--out-dir",
    type=click.Path(file_okay=False, path_type=Path),
    required=True,
    help="Where to put tei/ (the TEI, the source tree kept) and site/ (the HTML edition).",
)
@click.option("--profile", help="Force a source profile (see 'tei-encoder profiles'); default: detected.")
@click.option(
    "--persons",
    "persons",
    multiple=True,
    type=click.Path(dir_okay=False, path_type=Path),
    help="Extra known-persons TOML file (repeatable).",
)
@click.option("--date", help="ISO date to record on each header's change entry (none by default).")
@click.option("--schema", default="default", show_default=True, metavar="default|tei_all|FILE",
              help="What to validate against (as for 'tei-encoder validate').")
@click.option("--title", default="Reading edition", show_default=True, help="Title of the HTML edition.")
@click.option("--lang", default="en", show_default=True, help="Page language when the TEI states none.")
@click.option("--view", type=click.Choice(["diplomatic", "reading"]), default="diplomatic", show_default=True,
              help="The view a page opens in.")
@click.option("--force", is_flag=True, help="Overwrite existing output files.")
@click.option("-j", "--jobs", type=click.IntRange(min=1), help="Worker processes [default: all cores].")
@click.option("-q", "--quiet", is_flag=True, help="No progress bar and no summary (problems are still printed).")
@click.option(
    "--report",
    "report_path",
    type=click.Path(dir_okay=False, path_type=Path),
    help="Write a JSON report of every stage's problems for every file.",
)
def build(
    sources: tuple[str, ...],
    out_dir: Path,
    profile: str | None,
    persons: tuple[Path, ...],
    date: str | None,
    schema: str,
    title: str,
    lang: str,
    view: str,
    force: bool,
    jobs: int | None,
    quiet: bool,
    report_path: Path | None,
) -> None:
    """Encode transcripts (SOURCES: folders, files or quoted globs), validate the TEI, and build the HTML site.

    Every stage runs and every problem is reported; the exit status is 1 if
    any file failed any stage, 2 for usage errors, 130 if interrupted.
    """
    from .. import batch
    from ..batch import plural
    from ..fileio import ensure_folder

    check_profile(profile)
    check_date(date)
    if "-" in sources:
        raise click.UsageError("build reads files and folders, not standard input")
    try:
        check_persons(persons)
        ensure_folder(out_dir)
        report = batch.Report(report_path, "build", force=force)
    except TeiEncoderError as exc:
        _error(str(exc))
        sys.exit(1)
    tei_dir, site_dir = out_dir / "tei", out_dir / "site"
    options = batch.Options(profile, tuple(str(p) for p in persons), date, force)
    encoded: list[str] = []
    stages: list[StageResult] = []
    started = time.perf_counter()

    def keep(outcome: batch.Outcome) -> None:
        if outcome.ok and outcome.target:
            encoded.append(outcome.target)

    def emit(outcome: batch.Outcome) -> None:
        report.add(outcome)
        batch.print_outcome(outcome, sys.stderr)

    try:
        run = batch.encode_collection(
            sources, tei_dir, options, jobs=jobs, quiet=quiet, report=report, also=keep
        )
        tally = run.tally
        stages.append(
            StageResult(
                "encode",
                files=tally.files,
                failed=tally.failed_files,
                problems=tally.errors,
                seconds=run.elapsed,
                extra={"documents": tally.documents, "warnings": tally.warnings},
            )
        )
        if not quiet:
            click.echo(batch.summary_line(tally, run.elapsed, run.workers), err=True)
        validation, _ = validate_stage(encoded, schema, jobs, emit)
        stages.append(validation)
        if not quiet:
            note = f" ({validation.note})" if validation.note else ""
            click.echo(
                f"tei-encoder: validated {plural(validation.files, 'file')}{note}: "
                f"{validation.files - validation.failed} valid, {validation.failed} invalid, "
                f"{plural(validation.problems, 'problem')} in {validation.seconds:.2f} s",
                err=True,
            )
        site = html_stage(encoded, site_dir, force, title, lang, view, emit)
        stages.append(site)
        if not quiet:
            note = f" ({site.note})" if site.note else ""
            click.echo(
                f"tei-encoder: rendered {plural(site.files, 'file')}{note} into {site_dir}: "
                f"{plural(site.extra.get('pages', 0), 'page')}, {plural(site.problems, 'problem')} "
                f"in {site.seconds:.2f} s",
                err=True,
            )
    except KeyboardInterrupt:
        report.abort()
        _error(f"interrupted after {len(encoded)} TEI files; every file written is complete, no partial files left")
        sys.exit(130)
    failed = sum(s.failed for s in stages)
    problems = sum(s.problems for s in stages)
    elapsed = time.perf_counter() - started
    summary: dict[str, Any] = {s.name: s.as_json() for s in stages}
    summary["problems"] = problems
    summary["elapsed_seconds"] = round(elapsed, 3)
    report.close(summary)
    if not quiet:
        verdict = (
            "ready to hand off"
            if not problems
            else f"{plural(problems, 'problem')} in {plural(failed, 'file')} (see above)"
        )
        click.echo(f"tei-encoder: build of {out_dir} finished in {elapsed:.2f} s: {verdict}", err=True)
    sys.exit(1 if problems else 0)
