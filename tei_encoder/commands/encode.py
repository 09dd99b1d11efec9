"""``tei-encoder encode`` and ``tei-encoder profiles``."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from ..errors import TeiEncoderError
from ..fileio import write_atomic


def _error(message: str) -> None:
    click.echo(f"tei-encoder: error: {message}", err=True)


@click.command("encode")
@click.argument("inputs", nargs=-1, required=True)
@click.option("-o", "--output", "output", help="Output file ('-' for standard output); one input only.")
@click.option(
    "--out-dir", type=click.Path(file_okay=False, path_type=Path), help="Write <stem>.xml per input here."
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
def encode(
    inputs: tuple[str, ...],
    output: str | None,
    out_dir: Path | None,
    profile: str | None,
    persons: tuple[Path, ...],
    date: str | None,
    force: bool,
) -> None:
    """Encode plain-text transcripts (INPUT..., '-' for standard input) as TEI P5."""
    from .. import profiles
    from ..api import encode as encode_one

    if profile:
        try:
            profiles.get(profile)
        except KeyError:
            raise click.UsageError(f"unknown profile {profile!r}; see 'tei-encoder profiles'") from None
    if output and out_dir:
        raise click.UsageError("give either -o or --out-dir, not both")
    if len(inputs) > 1 and not out_dir:
        raise click.UsageError("several inputs need --out-dir")
    failures = 0
    for item in inputs:
        try:
            if item == "-":
                data = sys.stdin.buffer.read() if sys.stdin is not None else b""
                result = encode_one(data, profile, name="<stdin>", date=date, persons=list(persons))
                stem = "stdin"
            else:
                result = encode_one(Path(item), profile, name=item, date=date, persons=list(persons))
                stem = Path(item).stem
            for notice in result.warnings:
                click.echo(f"{result.source.name}:{notice.line}: warning: {notice.message}", err=True)
            payload = result.to_bytes()
            if out_dir:
                out_dir.mkdir(parents=True, exist_ok=True)
                write_atomic(out_dir / f"{stem}.xml", payload, force=force)
            elif output and output != "-":
                write_atomic(Path(output), payload, force=force)
            else:
                sys.stdout.buffer.write(payload)
                sys.stdout.buffer.flush()
        except TeiEncoderError as exc:
            _error(str(exc))
            failures += 1
    if failures:
        sys.exit(1)


@click.command("profiles")
def profiles_cmd() -> None:
    """List the source profiles and what each recognises."""
    from .. import profiles

    for profile in profiles.all_profiles():
        click.echo(f"{profile.name}\n  {profile.description}\n  recognises: {profile.recognises}\n")
