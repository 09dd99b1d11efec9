"""``tei-encoder html``: one page for one TEI file, or a static edition for a folder of them.

saxonche is loaded by :mod:`tei_encoder.html` only when a page is made, so this
module can be imported by the command list without that cost.
"""

from __future__ import annotations

import sys
from pathlib import Path

import click

from ..errors import TeiEncoderError


def _error(message: str) -> None:
    click.echo(f"tei-encoder: error: {message}", err=True)


@click.command("html")
@click.argument("source", type=click.Path(path_type=Path))
@click.option("-o", "--output", type=click.Path(dir_okay=False, path_type=Path),
              help="The HTML page for one TEI file ('-' for standard output).")
@click.option("--out-dir", type=click.Path(file_okay=False, path_type=Path),
              help="Build a static edition here: a page per file, an index by date and a persons index.")
@click.option("--view", type=click.Choice(["diplomatic", "reading"]), default="diplomatic", show_default=True,
              help="The view a page opens in; readers can switch.")
@click.option("--lang", default="en", show_default=True, help="Page language when the TEI states none.")
@click.option("--title", default="Reading edition", show_default=True, help="Title of a static edition.")
@click.option("--force", is_flag=True, help="Overwrite existing output files.")
def html(
    source: Path, output: Path | None, out_dir: Path | None, view: str, lang: str, title: str, force: bool
) -> None:
    """Render TEI (SOURCE: a file, or a folder of .xml files with --out-dir) as an HTML reading edition."""
    from .. import html as edition

    if output and out_dir:
        raise click.UsageError("give either -o or --out-dir, not both")
    if source.is_dir() and not out_dir:
        raise click.UsageError("a folder of TEI files needs --out-dir")
    if not source.is_dir() and not out_dir and not output:
        raise click.UsageError("give -o OUT.html (or --out-dir SITE)")
    try:
        if out_dir:
            sources = edition.site_inputs(source) if source.is_dir() else [source]
            if not sources:
                raise TeiEncoderError(str(source), "no .xml files in this folder")
            result = edition.build_site(sources, out_dir, force=force, view=view, lang=lang, title=title)
            for error in result.errors:
                _error(str(error))
            if result.errors:
                sys.exit(1)
            return
        assert output is not None
        page = edition.render_file(source, view=view, lang=lang)
        if str(output) == "-":
            sys.stdout.buffer.write(page.encode("utf-8"))
            sys.stdout.buffer.flush()
        else:
            from ..fileio import write_atomic

            write_atomic(output, page.encode("utf-8"), force=force)
    except TeiEncoderError as exc:
        _error(str(exc))
        sys.exit(1)
