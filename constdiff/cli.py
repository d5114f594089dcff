"""Command-line interface: a thin click layer over the library (``constdiff.pipeline``)."""

from __future__ import annotations

import json
import sys
from typing import Any, Callable

import click
from rich.console import Console

from constdiff import __version__
from constdiff.errors import ConstdiffError
from constdiff.pipeline import AUTO, read_document
from constdiff.profiles import available_languages
from constdiff.report.outline import outline_dict, outline_tree

EXIT_TROUBLE = 2

_EPILOG = """\b
Examples:
  constdiff demo                                  the bundled sample pair
  constdiff parse constitution.txt                outline of one version
  constdiff parse --lang ru --format json old.txt
"""


class _Group(click.Group):
    """Turns every expected failure into one line on stderr and exit status 2."""

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except ConstdiffError as error:
            if ctx.obj and ctx.obj.get("debug"):
                raise
            click.echo(f"constdiff: error: {error}", err=True)
            ctx.exit(EXIT_TROUBLE)


@click.group(cls=_Group, epilog=_EPILOG, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, "--version", prog_name="constdiff")
@click.option("--debug", is_flag=True, help="Show tracebacks for errors.")
@click.pass_context
def main(ctx: click.Context, debug: bool) -> None:
    """Show how a constitution (or any structured legal text) changed between versions."""
    ctx.ensure_object(dict)
    ctx.obj["debug"] = debug


def language_options(command: Callable[..., Any]) -> Callable[..., Any]:
    command = click.option(
        "--profile",
        "profile_path",
        type=click.Path(dir_okay=False),
        help="A YAML heading profile of your own (overrides --lang).",
    )(command)
    return click.option(
        "--lang",
        "language",
        default=AUTO,
        show_default=True,
        type=click.Choice([AUTO, *available_languages()]),
        help="Language profile; 'auto' picks the one that explains the text best.",
    )(command)


@main.command()
@click.argument("file")
@language_options
@click.option("--format", "output_format", type=click.Choice(["tree", "json"]), default="tree", show_default=True)
def parse(file: str, language: str, profile_path: str | None, output_format: str) -> None:
    """Show the structure found in FILE (use - for standard input).

    \b
    Divisions with titles, article numbers (repealed ones struck through,
    ⁿ marks editorial notes), counts and warnings.
    """
    document = read_document(file, language=language, profile_path=profile_path)
    if output_format == "json":
        click.echo(json.dumps(outline_dict(document), ensure_ascii=False, indent=2))
        return
    Console().print(outline_tree(document))


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
