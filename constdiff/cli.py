"""Command-line interface: a thin click layer over the library (``constdiff.pipeline``)."""

from __future__ import annotations

import json
import sys
from typing import Any, Callable

import click
from rich.console import Console

from constdiff import __version__
from constdiff.errors import ConstdiffError
from constdiff.pipeline import AUTO, compare, compare_files, read_document
from constdiff.profiles import available_languages
from constdiff.report.outline import outline_dict, outline_tree
from constdiff.report.terminal import SHOW_CHOICES, report
from constdiff.seeds import read_seed_pair
from constdiff.usermap import read_mapping

EXIT_SAME = 0
EXIT_DIFFERENT = 1
EXIT_TROUBLE = 2

_EPILOG = """\b
Examples:
  constdiff demo                                  the bundled sample pair
  constdiff diff old.txt new.txt                  what changed, article by article
  constdiff diff old.txt new.txt --article 12     zoom on one article
  constdiff diff old.pdf new.docx --show none     summary, section map and table only
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


def report_options(command: Callable[..., Any]) -> Callable[..., Any]:
    for option in reversed(
        [
            click.option("--show", type=click.Choice(SHOW_CHOICES), default="changed", show_default=True,
                         help="Which redlines to print."),
            click.option("--article", "article", metavar="N", help="Only the redline of article N (old or new number)."),
            click.option("--side-by-side", is_flag=True, help="Redlines as two columns, old and new."),
            click.option("--color", type=click.Choice(["auto", "always", "never"]), default="auto", show_default=True,
                         help="Colour output (NO_COLOR is respected)."),
            click.option("--width", type=click.IntRange(40, 1000), help="Output width (default: the terminal's)."),
            click.option("--pager/--no-pager", default=True, help="Page long output when writing to a terminal."),
        ]
    ):
        command = option(command)
    return command


def _console(color: str, width: int | None) -> Console:
    if color == "always":
        return Console(force_terminal=True, width=width)
    if color == "never":
        return Console(no_color=True, highlight=False, width=width, force_terminal=False)
    return Console(width=width, highlight=False)


def _print_report(comparison: Any, *, show: str, article: str | None, side_by_side: bool, color: str,
                  width: int | None, pager: bool) -> None:
    console = _console(color, width)
    plain = console.no_color or console.color_system is None
    renderables = list(report(comparison, show=show, article=article, side_by_side=side_by_side, plain=plain))
    if article is not None and not renderables:
        raise click.UsageError(f"no article {article} in either version")
    if pager and console.is_terminal and sys.stdin.isatty():
        with console.pager(styles=console.color_system is not None):
            console.print(*renderables)
    else:
        console.print(*renderables)


@main.command()
@click.argument("old")
@click.argument("new")
@language_options
@click.option("--map", "mapping_path", type=click.Path(dir_okay=False),
              help="YAML file of old → new article pairs that override the automatic alignment.")
@report_options
@click.pass_context
def diff(ctx: click.Context, old: str, new: str, language: str, profile_path: str | None, mapping_path: str | None,
         show: str, article: str | None, side_by_side: bool, color: str, width: int | None, pager: bool) -> None:
    """Compare OLD and NEW versions (paths, or - for standard input).

    \b
    Exit status as diff(1): 0 no differences, 1 differences, 2 trouble.
    """
    forced = read_mapping(mapping_path) if mapping_path else ()
    comparison = compare_files(old, new, language=language, profile_path=profile_path, forced=forced)
    _print_report(comparison, show=show, article=article, side_by_side=side_by_side, color=color, width=width, pager=pager)
    ctx.exit(EXIT_DIFFERENT if comparison.has_differences else EXIT_SAME)


@main.command()
@report_options
@click.pass_context
def demo(ctx: click.Context, show: str, article: str | None, side_by_side: bool, color: str, width: int | None,
         pager: bool) -> None:
    """Compare the bundled sample constitutions (seeds/), to see what constdiff reports."""
    comparison = compare(*read_seed_pair())
    _print_report(comparison, show=show, article=article, side_by_side=side_by_side, color=color, width=width, pager=pager)
    ctx.exit(EXIT_DIFFERENT if comparison.has_differences else EXIT_SAME)


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
