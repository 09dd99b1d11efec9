"""The ``tei-encoder`` command: a thin, lazily loaded layer over the library.

Each subcommand lives in ``tei_encoder.commands.<name>`` and is imported only
when it runs, so ``tei-encoder --help`` and ``encode`` never load saxonche.
"""

from __future__ import annotations

import importlib

import click

from . import __version__

#: subcommand name -> "module:attribute"
COMMANDS = {
    "build": "tei_encoder.commands.build:build",
    "encode": "tei_encoder.commands.encode:encode",
    "html": "tei_encoder.commands.html:html",
    "profiles": "tei_encoder.commands.encode:profiles_cmd",
    "validate": "tei_encoder.commands.validate:validate",
}

HELP = {
    "build": "Encode, validate and render a collection in one step; report every problem.",
    "encode": "Encode plain-text transcripts as TEI P5.",
    "html": "Render TEI as an HTML reading edition (a page or a site).",
    "profiles": "List the source profiles and what each recognises.",
    "validate": "Validate TEI against the project schema + Schematron, TEI All or any RELAX NG schema.",
}


class LazyGroup(click.Group):
    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted(COMMANDS)

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        target = COMMANDS.get(cmd_name)
        if target is None:
            return None
        module_name, attr = target.split(":")
        command: click.Command = getattr(importlib.import_module(module_name), attr)
        return command

    def format_commands(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        rows = [(name, HELP.get(name, "")) for name in self.list_commands(ctx)]
        with formatter.section("Commands"):
            formatter.write_dl(rows)


@click.group(cls=LazyGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="tei-encoder")
def main() -> None:
    """Turn archival transcripts into TEI P5, validate TEI, and render it as HTML."""
