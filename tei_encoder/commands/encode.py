"""``tei-encoder encode`` and ``tei-encoder profiles``.

One input goes to standard output or ``-o``; folders, globs and several
inputs go to ``--out-dir`` through :mod:`tei_encoder.batch`. Either way a file
is encoded by the same function, so batch output is byte-identical to a
single-file run. Every failure is one line, ``tei-encoder: error: FILE: reason``,
and never costs another file its output.
"""

from __future__ import annotations

import datetime as dt
import re
import sys
from pathlib import Path
from typing import TYPE_CHECKING, NoReturn

import click

from ..errors import TeiEncoderError

if TYPE_CHECKING:
    from ..batch import Options, Outcome

_ISO_DATE = re.compile(r"\d{4}(-\d{2}(-\d{2})?)?")


def _error(message: str) -> None:
    click.echo(f"tei-encoder: error: {message}", err=True)


def _interrupted(done: int, batch: bool = False) -> NoReturn:
    """Say what an interrupted run left behind: complete files only.

    Workers may finish a few files after the last one reported, so the count is
    a lower bound; --skip-existing picks up from whatever is there.
    """
    if batch:
        _error(f"interrupted after {done} files; every file written is complete, no partial files left "
               "(--skip-existing resumes)")
    else:
        _error("interrupted; no partial file left")
    sys.exit(130)


def check_date(date: str | None) -> None:
    """Refuse a --date TEI could not carry, before any file is touched."""
    if date is None:
        return
    ok = bool(_ISO_DATE.fullmatch(date))
    if ok and len(date) == 10:
        try:
            dt.date.fromisoformat(date)
        except ValueError:
            ok = False
    if not ok:
        raise click.BadParameter(f"{date!r} is not an ISO date (YYYY, YYYY-MM or YYYY-MM-DD)", param_hint="--date")


def check_profile(profile: str | None) -> None:
    if not profile:
        return
    from .. import profiles

    try:
        profiles.get(profile)
    except KeyError:
        raise click.UsageError(f"unknown profile {profile!r}; see 'tei-encoder profiles'") from None


def check_persons(persons: tuple[Path, ...]) -> None:
    """Load extra persons files once up front so a bad one is one error, not one per transcript."""
    if not persons:
        return
    from ..persons import Registry

    for path in persons:
        try:
            Registry.load([path])
        except FileNotFoundError:
            raise TeiEncoderError(str(path), "no such persons file") from None
        except IsADirectoryError:
            raise TeiEncoderError(str(path), "is a directory, not a persons file") from None
        except OSError as exc:
            raise TeiEncoderError(str(path), exc.strerror or "cannot be read") from None
        except UnicodeDecodeError:
            raise TeiEncoderError(str(path), "persons file is not UTF-8") from None
        except Exception as exc:  # tomllib.TOMLDecodeError, or a table of the wrong shape
            reason = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
            raise TeiEncoderError(str(path), f"not a valid persons file ({reason})") from None


def read_stdin() -> bytes:
    """Standard input as bytes; a closed or unreadable stdin is an input error, not a crash."""
    stream = sys.stdin
    if stream is None:
        raise TeiEncoderError("<stdin>", "standard input is closed")
    try:
        return stream.buffer.read()
    except (OSError, ValueError):
        raise TeiEncoderError("<stdin>", "standard input is closed or unreadable") from None


@click.command("encode")
@click.argument("inputs", nargs=-1, required=True)
@click.option("-o", "--output", "output", help="Output file ('-' for standard output); one input only.")
@click.option(
    "--out-dir",
    type=click.Path(file_okay=False, path_type=Path),
    help="Write the TEI here: <stem>.xml per file, a folder's tree kept as it is.",
)
@click.option("--profile", help="Force a source profile (see 'tei-encoder profiles'); default: detected.")
@click.option(
    "--persons",
    "persons",
    multiple=True,
    type=click.Path(dir_okay=False, path_type=Path),
    help="Extra known-persons TOML file (repeatable).",
)
@click.option("--date", help="ISO date to record on the header's change entry (none by default).")
@click.option("--force", is_flag=True, help="Overwrite existing output files.")
@click.option(
    "--skip-existing",
    is_flag=True,
    help="Leave files whose output exists alone and count them as done (to resume an interrupted run).",
)
@click.option(
    "-j", "--jobs", type=click.IntRange(min=1), help="Worker processes for --out-dir runs [default: all cores]."
)
@click.option("-q", "--quiet", is_flag=True, help="No progress bar and no summary (errors are still printed).")
@click.option(
    "--report",
    "report_path",
    type=click.Path(dir_okay=False, path_type=Path),
    help="Write a JSON report of every file's warnings and errors (with --out-dir).",
)
@click.option(
    "--dask",
    "dask_address",
    metavar="ADDRESS",
    help="Run the files on a Dask cluster (scheduler address, or 'local'); needs the [dask] extra.",
)
def encode(
    inputs: tuple[str, ...],
    output: str | None,
    out_dir: Path | None,
    profile: str | None,
    persons: tuple[Path, ...],
    date: str | None,
    force: bool,
    skip_existing: bool,
    jobs: int | None,
    quiet: bool,
    report_path: Path | None,
    dask_address: str | None,
) -> None:
    """Encode plain-text transcripts as TEI P5.

    INPUT is a transcript, '-' for standard input, a folder (searched
    recursively for *.txt) or a quoted glob such as 'box*/**/*.txt'. Folders,
    globs and several inputs need --out-dir, where the folder structure is kept.
    Exit status: 0 if every file was encoded, 1 if any failed, 2 for usage errors.
    """
    check_profile(profile)
    check_date(date)
    if output and out_dir:
        raise click.UsageError("give either -o or --out-dir, not both")
    if force and skip_existing:
        raise click.UsageError("give either --force or --skip-existing, not both")
    if out_dir is None:
        if len(inputs) > 1:
            raise click.UsageError("several inputs need --out-dir")
        given_options = (("--report", report_path), ("--dask", dask_address), ("--jobs", jobs),
                         ("--skip-existing", skip_existing or None))
        for option, given in given_options:
            if given is not None:
                raise click.UsageError(f"{option} needs --out-dir")
    try:
        check_persons(persons)
    except TeiEncoderError as exc:
        _error(str(exc))
        sys.exit(1)
    if out_dir is None:
        _encode_single(inputs[0], output, profile, persons, date, force)
    else:
        options = _options(profile, persons, date, force, skip_existing)
        _encode_batch(inputs, out_dir, options, jobs, quiet, report_path, dask_address)


def _encode_single(
    item: str, output: str | None, profile: str | None, persons: tuple[Path, ...], date: str | None, force: bool
) -> None:
    from ..batch import Options, Task, encode_file, print_outcome

    options = Options(profile, tuple(str(p) for p in persons), date, force)
    try:
        if item != "-" and output and output != "-":
            outcome = encode_file(Task(item, output), options)
            print_outcome(outcome, sys.stderr)
            sys.exit(0 if outcome.ok else 1)
        from ..api import encode as encode_one

        if item == "-":
            result = encode_one(read_stdin(), profile, name="<stdin>", date=date, persons=list(persons))
        else:
            from ..batch import display_name

            result = encode_one(Path(item), profile, name=display_name(item), date=date, persons=list(persons))
        for notice in result.warnings:
            click.echo(f"{result.source.name}:{notice.line}: warning: {notice.message}", err=True)
        payload = result.to_bytes()
        if output and output != "-":
            from ..fileio import write_atomic

            write_atomic(Path(output), payload, force=force)
        else:
            try:
                sys.stdout.buffer.write(payload)
                sys.stdout.buffer.flush()
            except BrokenPipeError:
                _quiet_stdout()
                raise TeiEncoderError("<stdout>", "broken pipe; output incomplete") from None
            except (OSError, ValueError, AttributeError):
                raise TeiEncoderError("<stdout>", "standard output is closed or unwritable") from None
    except TeiEncoderError as exc:
        _error(str(exc))
        sys.exit(1)
    except KeyboardInterrupt:
        _interrupted(0)
    except (MemoryError, RecursionError) as exc:
        _error(f"{item}: too large or too deeply nested to encode ({type(exc).__name__})")
        sys.exit(1)
    except Exception as exc:  # a bug: still one line, never a traceback
        from ..batch import internal_error

        _error(f"{item}: {internal_error(exc)}")
        sys.exit(1)


def _quiet_stdout() -> None:
    """Point stdout at /dev/null so the interpreter's final flush cannot raise again."""
    import os

    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
    except (OSError, ValueError):
        pass


def _options(
    profile: str | None, persons: tuple[Path, ...], date: str | None, force: bool, skip_existing: bool
) -> Options:
    from ..batch import Options

    return Options(profile, tuple(str(p) for p in persons), date, force, skip_existing=skip_existing)


def _encode_batch(
    inputs: tuple[str, ...],
    out_dir: Path,
    options: Options,
    jobs: int | None,
    quiet: bool,
    report_path: Path | None,
    dask_address: str | None,
) -> None:
    from .. import batch
    from ..fileio import ensure_folder

    try:
        ensure_folder(out_dir)
        report = batch.Report(report_path, "encode", force=options.force)
    except TeiEncoderError as exc:
        _error(str(exc))
        sys.exit(1)
    stdin_outcome = None
    if "-" in inputs:
        stdin_outcome = _encode_stdin_to(out_dir / "stdin.xml", options)
        inputs = tuple(i for i in inputs if i != "-")
    written = 0

    def count(outcome: batch.Outcome) -> None:
        nonlocal written
        written += outcome.ok and not outcome.skipped

    try:
        run = batch.encode_collection(
            inputs,
            out_dir,
            options,
            jobs=jobs,
            quiet=quiet,
            report=report,
            dask_address=dask_address,
            first=stdin_outcome,
            also=count,
        )
    except KeyboardInterrupt:
        report.abort()
        _interrupted(written, batch=True)
    except TeiEncoderError as exc:  # the Dask runner's own failures (extra missing, cluster unreachable)
        report.abort()
        _error(str(exc))
        sys.exit(1)
    report.close(batch.tally_summary(run))
    if not quiet:
        click.echo(batch.summary_line(run.tally, run.elapsed, run.workers), err=True)
    sys.exit(1 if run.tally.failed_files else 0)


def _encode_stdin_to(target: Path, options: Options) -> Outcome:
    from .. import batch
    from ..api import encode as encode_one
    from ..fileio import atomic_writer

    outcome = batch.Outcome("<stdin>", str(target))
    try:
        result = encode_one(
            read_stdin(), options.profile, name="<stdin>", date=options.date, persons=[Path(p) for p in options.persons]
        )
        outcome.warnings = [(n.line, n.message) for n in result.warnings]
        outcome.documents = result.documents
        with atomic_writer(target, force=options.force) as fh:
            fh.write(result.to_bytes())
    except TeiEncoderError as exc:
        outcome.errors.append(str(exc))
    return outcome


@click.command("profiles")
def profiles_cmd() -> None:
    """List the source profiles and what each recognises."""
    from .. import profiles

    for profile in profiles.all_profiles():
        click.echo(f"{profile.name}\n  {profile.description}\n  recognises: {profile.recognises}\n")
