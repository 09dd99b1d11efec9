"""``tei-encoder validate``: check TEI files the way CI and pre-commit need it.

Exit status: 0 when every file is valid, 1 when some file is invalid (or not
well-formed, or refused as unsafe), 2 for a usage error, a schema that cannot be
loaded or a file that cannot be read. Messages go to standard output as
``file:line:col: error: ...`` (or JSON / JUnit XML); the one-line summary goes
to standard error so that machine-readable output stays clean.
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

import click

from ..validate.engine import SchemaError, Validator, choose_schema
from ..validate.report import render_json, render_junit, render_text, summary
from ..validate.runner import PathError, expand_paths, validate_files


@click.command(context_settings={"help_option_names": ["-h", "--help"]})
@click.argument("paths", nargs=-1, required=True, metavar="PATH...")
@click.option("--schema", "schema", default="default", show_default=True, metavar="default|tei_all|FILE",
              help="default: the project's TEI customization plus its Schematron rules; tei_all: TEI All "
                   "(../shared/tei/tei_all.rng or $TEI_ALL_RNG); FILE: any RELAX NG schema (.rng or .rnc).")
@click.option("--schematron/--no-schematron", default=None,
              help="Run the project's Schematron rules too (default: only with the default schema).")
@click.option("--format", "fmt", type=click.Choice(["text", "json", "junit"]), default="text", show_default=True,
              help="text: file:line:col: error: message; json: one object; junit: one test case per file.")
@click.option("-o", "--output", type=click.Path(dir_okay=False, path_type=Path),
              help="Write the report to this file instead of standard output.")
@click.option("-j", "--jobs", type=click.IntRange(min=1), default=None,
              help="Worker processes (default: one per core).")
@click.option("--xinclude", is_flag=True, help="Expand xi:include of local files (off by default, for safety).")
@click.option("-q", "--quiet", is_flag=True, help="No summary line on standard error.")
def validate(paths: tuple[str, ...], schema: str, schematron: bool | None, fmt: str, output: Path | None,
             jobs: int | None, xinclude: bool, quiet: bool) -> None:
    """Validate TEI files, directories (recursively: *.xml, *.tei) and globs."""
    started = time.perf_counter()
    try:
        files = expand_paths(paths)
    except PathError as exc:
        click.echo(f"tei-encoder: error: {exc}", err=True)
        sys.exit(2)
    choice = choose_schema(schema, schematron)
    try:
        validator = Validator(choice, xinclude=xinclude)
    except SchemaError as exc:
        click.echo(f"tei-encoder: error: {exc}", err=True)
        sys.exit(2)
    results = validate_files(validator, files, jobs)
    seconds = time.perf_counter() - started
    label = choice.name + (" + Schematron" if choice.schematron is not None else "")
    if fmt == "json":
        report = render_json(results, label, seconds)
    elif fmt == "junit":
        report = render_junit(results, label, seconds)
    else:
        report = render_text(results)
    if output is not None:
        try:
            output.write_text(report, encoding="utf-8")
        except OSError as exc:
            click.echo(f"tei-encoder: error: {output}: {exc.strerror or 'cannot be written'}", err=True)
            sys.exit(2)
    elif report:
        click.echo(report, nl=False)
    for r in results:
        if r.io_error:  # could not be checked: the tool's own error line, whatever the report's format
            click.echo(f"tei-encoder: error: {r.path}: {r.problems[0].message if r.problems else 'cannot be read'}",
                       err=True)
    if not quiet:
        click.echo(summary(results, label, seconds), err=True)
    if any(r.io_error for r in results):
        sys.exit(2)
    sys.exit(0 if all(r.valid for r in results) else 1)
