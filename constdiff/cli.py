"""Command-line interface: a thin click layer over the library (``constdiff.pipeline``)."""

from __future__ import annotations

import importlib
import os
import sys
from contextlib import contextmanager
from typing import IO, TYPE_CHECKING, Any, Callable, Iterator, NoReturn

import click

if TYPE_CHECKING:
    from rich.console import Console

from constdiff import __version__
from constdiff.config import DEFAULT_FILE as DEFAULT_CONFIG_FILE
from constdiff.config import ConfigError, load_config, setting_name
from constdiff.errors import ConstdiffError, InputError, OutputError
from constdiff.gates import DEFAULT_MEASURE, Gates, parse_fail_on, tripped
from constdiff.limits import LIMIT_NAMES, Limits, parse_limit, with_limits
from constdiff.model import REDLINE_CHOICES, Comparison, History
from constdiff.output import refuse_inputs, write_report
from constdiff.pipeline import AUTO, check_references, choose_profile, compare, compare_files, read_document
from constdiff.profiles import available_languages, user_profiles
from constdiff.report import FORMATS, HISTORY_FORMATS, HISTORY_SHOW_CHOICES, OUTLINE_FORMATS, REFS_FORMATS, REFS_SHOW_CHOICES, REPORT_OPTIONS, STATS_FORMATS
from constdiff.usermap import read_mapping
from constdiff.versions import FRONT_MATTER_DATE_KEYS, ORDERS, Order, ordered_sources

# Reporters (and Rich, ~100 ms to import) are imported by the commands that use them.

EXIT_SAME = 0
EXIT_DIFFERENT = 1
EXIT_TROUBLE = 2
REPORT_FILE_WIDTH = 100
"""Columns of a terminal report written with ``-o`` unless ``--width`` says otherwise."""

_EPILOG = """\b
Examples:
  constdiff demo                                  the bundled sample pair
  constdiff diff old.txt new.txt                  what changed, article by article
  constdiff diff old.txt new.txt --article 12     zoom on one article
  constdiff diff old.pdf new.docx --show none     summary, section map and table only
  constdiff diff old.txt new.txt --format json -o report.json
  constdiff diff old.txt new.txt --fail-on repealed,added --quiet
  constdiff diff old.txt new.txt --refs           with the cross-references checked
  constdiff refs constitution.txt                 references that point at nothing
  constdiff stats old.txt new.txt                 the figures only, one line
  constdiff stats old.txt new.txt --explain       each figure with its definition and counts
  constdiff parse constitution.txt                outline of one version
  constdiff history v1.txt v2.txt v3.txt          every article across many versions
  constdiff profile check my.yaml text.txt        how your own profile reads a text
  constdiff batch jobs.yaml -o results            many pairs and histories, on Dask
"""


# Commands in modules of their own: name → "module:attribute".
_LAZY_COMMANDS = {"batch": "constdiff.batch_cli:batch"}


class _Group(click.Group):
    """Turns every expected failure into one line on stderr and exit status 2, and imports a
    command kept in a module of its own (``_LAZY_COMMANDS``) only when it is asked for: ``batch``
    and what it reads cost 30-50 ms of start-up that ``constdiff diff`` would pay for nothing."""

    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted({*super().list_commands(ctx), *_LAZY_COMMANDS})

    def get_command(self, ctx: click.Context, name: str) -> click.Command | None:
        if name in _LAZY_COMMANDS and name not in self.commands:
            module, attribute = _LAZY_COMMANDS[name].split(":")
            self.add_command(getattr(importlib.import_module(module), attribute), name)
        return super().get_command(ctx, name)

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except click.BadParameter as error:
            blamed = _blamed_on_settings(ctx, error)
            if blamed is None:
                raise
            self._fail(ctx, blamed)
        except ConstdiffError as error:
            self._fail(ctx, error)

    @staticmethod
    def _fail(ctx: click.Context, error: ConstdiffError) -> None:
        if ctx.obj and ctx.obj.get("debug"):
            raise error
        click.echo(f"constdiff: error: {error}", err=True)
        ctx.exit(EXIT_TROUBLE)


def _blamed_on_settings(ctx: click.Context, error: click.BadParameter) -> ConfigError | None:
    """A bad value that came from the settings file names that file and key, not an option never typed."""
    inner = error.ctx
    if error.param is None or error.param.name is None or inner is None:
        return None
    if inner.get_parameter_source(error.param.name) is not click.core.ParameterSource.DEFAULT_MAP:
        return None
    settings = ctx.params.get("config_path") or DEFAULT_CONFIG_FILE
    problem = error.message.replace(f"'{error.param.opts[0]}'", "").strip() if error.param.opts else error.message
    return ConfigError(settings, f"setting '{setting_name(error.param.name)}': {problem}")


class _FilePath(click.Path):
    """``click.Path`` for a file, refusing a name with a NUL byte (from a settings file or a
    library caller; argv cannot hold one) as a bad value, where click's ``os.stat`` would raise."""

    def __init__(self, *, writable: bool = False) -> None:
        super().__init__(dir_okay=False, writable=writable)

    def convert(self, value: Any, param: click.Parameter | None, ctx: click.Context | None) -> Any:
        if isinstance(value, str) and "\0" in value:
            self.fail("contains a NUL byte, which no file name can", param, ctx)
        return super().convert(value, param, ctx)


@click.group(cls=_Group, epilog=_EPILOG, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, "--version", prog_name="constdiff")
@click.option("--debug", is_flag=True, help="Show tracebacks for errors.")
@click.option("--config", "config_path", type=_FilePath(),
              help="Settings file (default: ./constdiff.yaml when present).")
@click.pass_context
def main(ctx: click.Context, debug: bool, config_path: str | None) -> None:
    """Show how a constitution (or any structured legal text) changed between versions."""
    ctx.ensure_object(dict)
    ctx.obj["debug"] = debug
    try:
        ctx.default_map = load_config(config_path)
    except ConstdiffError as error:
        _Group._fail(ctx, error)


def _options(*decorators: Callable[[Callable[..., Any]], Callable[..., Any]]) -> Callable[..., Any]:
    def apply(command: Callable[..., Any]) -> Callable[..., Any]:
        for decorator in reversed(decorators):
            command = decorator(command)
        return command

    return apply


class _LanguageChoice(click.Choice):
    """The profile codes are listed when the option is read: profiles in the user folder count too."""

    def __init__(self) -> None:
        super().__init__([AUTO])

    def convert(self, value: Any, param: click.Parameter | None, ctx: click.Context | None) -> Any:
        self.choices = (AUTO, *available_languages())
        return super().convert(value, param, ctx)

    def get_metavar(self, *args: Any, **kwargs: Any) -> str | None:
        self.choices = (AUTO, *available_languages())
        return super().get_metavar(*args, **kwargs)


language_options = _options(
    click.option("--lang", "language", default=AUTO, show_default=True, type=_LanguageChoice(),
                 help="Language profile; 'auto' picks the one that explains the text best "
                      "(your own profiles in $CONSTDIFF_PROFILES or ~/.config/constdiff/profiles count too)."),
    click.option("--profile", "profile_path", type=_FilePath(),
                 help="A YAML heading profile of your own (overrides --lang)."),
)
mapping_option = click.option("--map", "mapping_path", type=_FilePath(),
                              help="YAML file of old → new article pairs that override the automatic alignment.")
jobs_option = click.option("--jobs", type=click.IntRange(1, 1024), metavar="N",
                           help="Processes for inputs from a full constitution up, whatever the load (default: the idle cores, up to 4 M characters; 1: this process only).")


class _LimitSetting(click.ParamType):
    """``NAME=N`` for one of the caps in ``constdiff.limits``."""

    name = "NAME=N"

    def convert(self, value: Any, param: click.Parameter | None, ctx: click.Context | None) -> Any:
        if isinstance(value, tuple):
            return value
        try:
            return parse_limit(str(value))
        except ValueError as error:
            self.fail(str(error), param, ctx)


limit_option = click.option(
    "--limit", "limits", type=_LimitSetting(), multiple=True, metavar="NAME=N",
    help=f"Change a cap on the work one input may cause ({', '.join(LIMIT_NAMES)}); repeatable, e.g. --limit lines=5M.",
)
pair_options = _options(click.argument("old"), click.argument("new"), language_options, mapping_option, jobs_option,
                        limit_option)
report_options = _options(
    click.option("--format", "output_format", type=click.Choice(tuple(FORMATS)), default="rich", show_default=True,
                 help="Terminal report, or an export for scripts and documents."),
    click.option("-o", "--output", type=_FilePath(writable=True), help="Write the report to a file."),
    click.option("--show", type=click.Choice(REDLINE_CHOICES),
                 help="Which redlines to include (default: changed; all for json)."),
    click.option("--article", "article", metavar="N", help="Only the redline of article N (old or new number)."),
    click.option("--side-by-side", is_flag=True, help="Redlines as two columns, old and new."),
    click.option("--color", type=click.Choice(["auto", "always", "never"]), default="auto", show_default=True,
                 help="Colour output (NO_COLOR is respected)."),
    click.option("--width", type=click.IntRange(40, 1000), help="Output width (default: the terminal's)."),
    click.option("--pager/--no-pager", default=True, help="Page long output when writing to a terminal."),
    click.option("-q", "--quiet", is_flag=True, help="Print nothing; only the exit status (and tripped gates) speak."),
)
refs_option = click.option(
    "--refs", is_flag=True,
    help="Check the new version's cross-references against the renumbering: stale, dangling, updated... "
         "(a section in every format).")
gate_options = _options(
    click.option("--fail-on", metavar="CLASSES",
                 help="Exit 1 only if these classes occur, e.g. repealed,added,amended; or these reference "
                      "problems: stale-refs, dangling-refs, repealed-target-refs (they imply --refs)."),
    click.option("--max-changed", type=click.FloatRange(0, 100), metavar="PERCENT",
                 help="Exit 1 only if the measure (default: old words deleted or replaced) exceeds PERCENT."),
    click.option("--measure", default=DEFAULT_MEASURE, show_default=True, help="The measure --max-changed reads."),
)


@main.command()
@click.argument("file")
@language_options
@click.option("--format", "output_format", type=click.Choice(tuple(OUTLINE_FORMATS)), default="tree", show_default=True)
@limit_option
def parse(file: str, language: str, profile_path: str | None, output_format: str, limits: tuple[tuple[str, int], ...]) -> None:
    """Show the structure found in FILE (use - for standard input).

    \b
    Divisions with titles, article numbers (repealed ones struck through,
    ⁿ marks editorial notes), counts and warnings.
    """
    document = read_document(file, language=language, profile_path=profile_path, limits=with_limits(limits))
    user_profile = None if profile_path else user_profiles().get(document.language)
    if user_profile is not None:
        click.echo(f"constdiff: note: language profile {document.language} read from {user_profile}", err=True)
    rendered = OUTLINE_FORMATS[output_format].load()(document)
    if output_format == "tree":
        _console("auto", None).print(rendered)
    else:
        click.echo(rendered, nl=False)


@main.group()
def profile() -> None:
    """Check a language profile of your own (see "What it recognises" in the README)."""


@profile.command("check")
@click.argument("profile_file", metavar="FILE.yaml")
@click.argument("text", required=False)
@limit_option
@click.pass_context
def profile_check(ctx: click.Context, profile_file: str, text: str | None, limits: tuple[tuple[str, int], ...]) -> None:
    """Validate FILE.yaml and, given a TEXT, show how it reads it.

    \b
    Headings found by kind (with line numbers), the plausibility verdict, and
    the first lines that look like headings but matched nothing.
    Exit status: 0 valid (and the text read plausibly), 1 the text read badly, 2 invalid.
    """
    from constdiff.load import load_source
    from constdiff.profilecheck import check_profile
    from constdiff.report.profile_check import render_profile_check

    loaded = load_source(text, limits=with_limits(limits)) if text is not None else None
    check = check_profile(profile_file, loaded.text if loaded else None, source=text or "<text>")
    click.echo(render_profile_check(check), nl=False)
    ctx.exit(EXIT_SAME if check.read_well else EXIT_DIFFERENT)


@main.command()
@pair_options
@report_options
@refs_option
@gate_options
@click.pass_context
def diff(ctx: click.Context, old: str, new: str, language: str, profile_path: str | None, mapping_path: str | None,
         jobs: int | None, limits: tuple[tuple[str, int], ...], refs: bool, fail_on: str | None, max_changed: float | None,
         measure: str, **report_settings: Any) -> None:
    """Compare OLD and NEW versions (paths, or - for one of them to read standard input).

    \b
    Exit status as diff(1): 0 no differences, 1 differences, 2 trouble.
    With --fail-on or --max-changed: 1 only when a gate trips.
    """
    if old == "-" and new == "-":
        raise InputError("-", "only one of the two versions can come from standard input")
    gates = Gates(parse_fail_on(fail_on), max_changed, measure)
    _protect_inputs(ctx, report_settings["output"], old, new, profile_path, mapping_path)
    forced = read_mapping(mapping_path) if mapping_path else ()
    comparison = compare_files(old, new, language=language, profile_path=profile_path, forced=forced, jobs=jobs,
                               limits=with_limits(limits), references=refs or gates.checks_references)
    _emit(ctx, comparison, **report_settings)
    ctx.exit(_exit_status(comparison, gates))


@main.command()
@pair_options
@click.option("--format", "output_format", type=click.Choice(tuple(STATS_FORMATS)), default="line", show_default=True,
              help="One line of key=value, JSON with definitions and counts, or an explanation of each measure.")
@click.option("--explain", is_flag=True, help="Same as --format explain: every measure with its definition, numerator and denominator.")
@click.pass_context
def stats(ctx: click.Context, old: str, new: str, language: str, profile_path: str | None, mapping_path: str | None,
          jobs: int | None, limits: tuple[tuple[str, int], ...], output_format: str, explain: bool) -> None:
    """Only the measures of OLD → NEW: one line, JSON with definitions, or --explain. Exit status as diff."""
    from constdiff.report.view import build_view

    if explain and output_format not in ("line", "explain"):
        raise click.UsageError(f"--explain is --format explain; it cannot be combined with --format {output_format}")
    forced = read_mapping(mapping_path) if mapping_path else ()
    comparison = compare_files(old, new, language=language, profile_path=profile_path, forced=forced, jobs=jobs,
                               limits=with_limits(limits))
    chosen = STATS_FORMATS["explain" if explain else output_format]
    click.echo(chosen.load()(build_view(comparison)), nl=False)
    ctx.exit(EXIT_DIFFERENT if comparison.has_differences else EXIT_SAME)


@main.command()
@report_options
@refs_option
@click.pass_context
def demo(ctx: click.Context, refs: bool, **report_settings: Any) -> None:
    """Compare the bundled sample constitutions (seeds/), to see what constdiff reports.

    Exit status 0 when the demonstration ran: it is not a comparison gate.
    """
    from constdiff.seeds import read_seed_pair, seed_pair

    _protect_inputs(ctx, report_settings["output"], *map(str, seed_pair()))
    comparison = compare(*read_seed_pair(), references=refs)
    _emit(ctx, comparison, **report_settings)
    ctx.exit(EXIT_SAME)


@main.command("refs")
@click.argument("file")
@language_options
@click.option("--format", "output_format", type=click.Choice(tuple(REFS_FORMATS)), default="rich", show_default=True,
              help="Terminal report, Markdown, or every finding as JSON (schema constdiff-refs/1) or CSV.")
@click.option("--show", type=click.Choice(REFS_SHOW_CHOICES),
              help="Which findings the table lists (rich, markdown)  [default: problems]")
@click.option("-o", "--output", type=_FilePath(writable=True), help="Write the report to a file.")
@click.option("-q", "--quiet", is_flag=True, help="Print nothing; only the exit status speaks.")
@limit_option
@click.pass_context
def refs_command(ctx: click.Context, file: str, language: str, profile_path: str | None, output_format: str,
                 show: str | None, output: str | None, quiet: bool, limits: tuple[tuple[str, int], ...]) -> None:
    """Check the cross-references of one version FILE (use - for standard input).

    \b
    The references citing no article (or no such paragraph of one), and those
    citing a repealed article; the figures of every reference found.
    Against an older version, diff --refs finds the stale ones too.
    Exit status: 0 no problem, 1 problems found, 2 trouble.
    """
    from constdiff.report.view import references_view

    chosen = REFS_FORMATS[output_format]
    if show is not None and "show" not in chosen.honours:
        raise InputError("--show", f"does not apply to --format {output_format} ({chosen.note})")
    _protect_inputs(ctx, output, file, profile_path)
    document = read_document(file, language=language, profile_path=profile_path, limits=with_limits(limits))
    report = check_references(document, profile=choose_profile(language, profile_path))
    status = EXIT_DIFFERENT if report.problems else EXIT_SAME
    if quiet:
        ctx.exit(status)
    view = references_view(report, document, show_all=(show or chosen.default_show) == "all")
    render = chosen.load()
    _deliver(ctx, output_format, output, lambda: render(view), lambda console: render(view), status)


git_selection_options = _options(
    click.option("--since", metavar="YYYY-MM-DD", help="With --git: the versions committed on or after this date "
                                                        "(the commit date the labels show)."),
    click.option("--until", metavar="YYYY-MM-DD", help="With --git: the versions committed on or before this date."),
    click.option("--rev-range", metavar="A..B", help="With --git: the commits of this range instead of the branch's."),
)
history_source_options = _options(
    click.option("--order", type=click.Choice(ORDERS),
                 help="Order of the versions: as given (files' default), by name with numbers as numbers (v2 before "
                      "v10), or by date (a folder's default: YYYY-MM-DD in the name, else "
                      f"{', '.join(FRONT_MATTER_DATE_KEYS)} in the front matter)."),
    click.option("--git", "git_repo", metavar="REPO",
                 help="Read every committed version of the one file VERSIONS names (a path in REPO) from the git "
                      "repository REPO: its branch's commits that changed it, renames followed, oldest first."),
    git_selection_options,
)


@main.command("history")
@click.argument("versions", nargs=-1, required=True)
@history_source_options
@language_options
@click.option("--format", "output_format", type=click.Choice(tuple(HISTORY_FORMATS)), default="rich", show_default=True,
              help="Terminal timeline, or JSON (schema constdiff-history/1), CSV (a row per article per version), "
                   "Markdown, or one HTML page with every step's redline.")
@click.option("--article", metavar="N",
              help="The story of article N (its latest number, an earlier one, or a lineage id such as L12): "
                   "each version's step and redline.")
@click.option("--show", "show", type=click.Choice(HISTORY_SHOW_CHOICES), default=None,
              help="Timeline rows: the articles some step changed, or all  [default: changed; all for json and csv]")
@click.option("-o", "--output", type=_FilePath(writable=True), help="Write the report to a file.")
@jobs_option
@limit_option
@click.pass_context
def history_command(ctx: click.Context, versions: tuple[str, ...], language: str, profile_path: str | None,
                    output_format: str, article: str | None, show: str | None, output: str | None, jobs: int | None,
                    limits: tuple[tuple[str, int], ...], **source: Any) -> None:
    """Follow every article across VERSIONS: a timeline of what each step changed.

    \b
    VERSIONS are files, oldest first (or --order name|date), or one folder: its
    files by date (YYYY-MM-DD in the name, else in the front matter), its README,
    LICENSE, CHANGELOG and hidden files left out; a file with no date is an error
    that names it.  With --git REPO, VERSIONS is one file's path in the repository,
    and its versions are the commits that changed it (no checkout; labels: commit
    date and short id).
    A version that cannot be read is a gap; the versions either side of it are compared.
    Exit status 0 when the history was built, 2 with fewer than two readable versions
    or an --article no version holds.
    """
    from constdiff.report.history_view import history_view

    chosen = HISTORY_FORMATS[output_format]
    if article is not None and "article" not in chosen.honours:
        raise InputError("--article", f"does not apply to --format {output_format} ({chosen.note})")
    result = _history(ctx, versions, output, language, profile_path, with_limits(limits), jobs, **source)
    view = history_view(result, article, show or chosen.default_show)
    render = chosen.load()
    _deliver(ctx, output_format, output, lambda: render(view), lambda console: render(view, plain=console.no_color or console.color_system is None), EXIT_SAME)


def _deliver(ctx: click.Context, output_format: str, output: str | None, text: Callable[[], str],
             renderables: Callable[[Console], Any], status: int) -> NoReturn:
    """A report to ``-o`` or standard output, then exit with ``status``: a text format as it is;
    the Rich report drawn on a console (``REPORT_FILE_WIDTH`` columns in a file)."""
    if output_format != "rich":
        rendered = text()
        if output:
            write_report(output, lambda handle: handle.write(rendered))
        else:
            _echo(rendered)
        ctx.exit(status)

    def draw(console: Console) -> None:
        from rich.console import Group

        # One group: given side by side to print(), consecutive Texts would share a line.
        console.print(Group(*renderables(console)))

    if output:
        write_report(output, lambda handle: draw(_console("auto", REPORT_FILE_WIDTH, handle)))
    else:
        draw(_console("auto", None))
    ctx.exit(status)


def _history(ctx: click.Context, versions: tuple[str, ...], output: str | None, language: str, profile_path: str | None,
             limits: Limits, jobs: int | None, *, order: Order | None, git_repo: str | None, since: str | None,
             until: str | None, rev_range: str | None) -> History:
    """The history of the versions named, or with ``--git`` of one file's commits."""
    from constdiff.lineage import history, history_from_git

    if git_repo is None:
        given = [flag for flag, value in (("--since", since), ("--until", until), ("--rev-range", rev_range)) if value]
        if given:
            raise click.UsageError(f"{given[0]} selects commits; it needs --git REPO")
        ordered = tuple(ordered_sources(versions, order))
        _protect_inputs(ctx, output, *ordered, profile_path)
        with progress_on_stderr("reading and comparing versions") as progress:
            return history(ordered, language=language, profile_path=profile_path, limits=limits, jobs=jobs, progress=progress)
    if order is not None:
        raise click.UsageError("--order does not apply to --git: the commits are in their order")
    if len(versions) != 1:
        raise click.UsageError(f"--git REPO reads one file's versions; give one PATH, not {len(versions)}")
    # The file's working copy is the user's text (maybe with edits not committed): never the report.
    _protect_inputs(ctx, output, os.path.join(git_repo, versions[0]), profile_path)
    with progress_on_stderr("reading and comparing versions") as progress:
        return history_from_git(git_repo, versions[0], since=since, until=until, rev_range=rev_range, language=language,
                                profile_path=profile_path, limits=limits, jobs=jobs, progress=progress)


@contextmanager
def progress_on_stderr(label: str, *, remaining: bool = False,
                       otherwise: Callable[[int, int], None] | None = None) -> Iterator[Callable[[int, int], None] | None]:
    """A Rich progress bar on stderr while a long job runs, when stderr is a terminal (with the
    time left, when ``remaining``); ``otherwise`` (by default no callback, not a byte) when it is
    not.  The bar vanishes when the job ends."""
    from rich.console import Console
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn, TimeRemainingColumn

    console = Console(stderr=True)
    if not console.is_terminal:
        yield otherwise
        return
    columns = (TextColumn(label), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn(),
               *([TimeRemainingColumn()] if remaining else []))
    with Progress(*columns, console=console, transient=True) as bar:
        task = bar.add_task(label, total=None)
        yield lambda done, total: bar.update(task, completed=done, total=total)


def _exit_status(comparison: Comparison, gates: Gates) -> int:
    if not gates.active:
        return EXIT_DIFFERENT if comparison.has_differences else EXIT_SAME
    messages = tripped(comparison, gates)
    for message in messages:
        click.echo(f"constdiff: gate: {message}", err=True)
    return EXIT_DIFFERENT if messages else EXIT_SAME


def _emit(ctx: click.Context, comparison: Comparison, *, output_format: str, output: str | None, show: str | None,
          article: str | None, side_by_side: bool, color: str, width: int | None, pager: bool, quiet: bool) -> None:
    from constdiff.report.view import PREAMBLE, ReportOptions, build_view

    if quiet:
        return
    chosen = FORMATS[output_format]
    _refuse_unhonoured(ctx, output_format)
    view = build_view(comparison, ReportOptions(show=show or chosen.default_show, article=article, side_by_side=side_by_side))
    if article is not None and not view.redlines:
        if article == PREAMBLE and comparison.preamble_not_found:
            raise click.UsageError(f"the preamble is not compared: {view.preamble}")
        raise click.UsageError(f"no article {article} in either version")
    if output_format != "rich":
        text = chosen.load()(view)
        if output:
            write_report(output, lambda handle: handle.write(text))
        else:
            _echo(text)
        return
    if output:  # a file is no terminal: plain unless --color always asks for escapes
        write_report(output, lambda handle: _print_report(view, _console(color, width or REPORT_FILE_WIDTH, handle), pager=False))
        return
    _print_report(view, _console(color, width), pager=pager)


def _refuse_unhonoured(ctx: click.Context, output_format: str) -> None:
    """An option typed on the command line that this format cannot apply is an error, not a no-op."""
    chosen = FORMATS[output_format]
    for param in ctx.command.params:
        if param.name not in REPORT_OPTIONS or param.name in chosen.honours:
            continue
        if ctx.get_parameter_source(param.name) is click.core.ParameterSource.COMMANDLINE:
            flag = "/".join((*param.opts, *getattr(param, "secondary_opts", ())))
            raise click.UsageError(f"{flag} does not apply to --format {output_format} ({chosen.note})")


def _echo(text: str) -> None:
    """Standard output; a full disk or a closed pipe is one line and exit 2, not a traceback."""
    try:
        click.echo(text, nl=False)
    except OSError as error:
        raise OutputError("<standard output>", f"cannot be written: {error.strerror or error}") from error


def _protect_inputs(ctx: click.Context, output: str | None, *inputs: str | None) -> None:
    """Before any work: ``-o`` must not name an input, the profile, the map or the settings file."""
    if output:
        root = ctx.find_root()
        settings = root.params.get("config_path") or (DEFAULT_CONFIG_FILE if os.path.exists(DEFAULT_CONFIG_FILE) else None)
        refuse_inputs(output, (*inputs, settings))


def _console(color: str, width: int | None, file: IO[str] | None = None) -> Console:
    from rich.console import Console

    if color == "always":
        return Console(file=file, force_terminal=True, width=width)
    if color == "never":
        return Console(file=file, no_color=True, highlight=False, width=width, force_terminal=False)
    return Console(file=file, width=width, highlight=False)


def _print_report(view: Any, console: Console, *, pager: bool) -> None:
    from rich.console import Group

    from constdiff.report.terminal import render_rich

    plain = console.no_color or console.color_system is None
    # One group: given side by side to print(), consecutive Texts would share a line.
    renderables = [Group(*render_rich(view, plain=plain, styled=console.color_system is not None))]
    if pager and console.is_terminal and sys.stdin.isatty():
        _page(console, renderables)
    else:
        console.print(*renderables)


def _page(console: Console, renderables: list[Any]) -> None:
    """Through ``$PAGER`` (default ``less``), as git does: ``LESS=FRX`` when unset, so a short
    report prints and exits, and always ``-R`` for less, so colours arrive as colours and never
    as raw escape codes.  Without a pager program the report is printed."""
    import shlex
    import shutil
    import subprocess

    with console.capture() as capture:
        console.print(*renderables)
    command = shlex.split(os.environ.get("PAGER") or "less")
    if not command or shutil.which(command[0]) is None:
        console.file.write(capture.get())
        return
    if os.path.basename(command[0]) == "less" and "-R" not in command:
        command.append("-R")
    environment = {**os.environ, "LESS": os.environ.get("LESS") or "FRX", "LV": os.environ.get("LV") or "-c"}
    try:
        process = subprocess.Popen(command, stdin=subprocess.PIPE, env=environment)
    except OSError:
        console.file.write(capture.get())
        return
    assert process.stdin is not None
    try:
        process.stdin.write(capture.get().encode(console.encoding or "utf-8", "replace"))
        process.stdin.close()
    except BrokenPipeError:  # the reader quit the pager early: nothing more to say
        pass
    process.wait()


def run() -> NoReturn:
    """The console script and ``python -m constdiff``: the CLI, then an exit without teardown.

    Freeing a comparison's objects one by one at interpreter exit took 50 ms after a
    constitution and seconds after a whole code; the operating system reclaims the
    memory at once.  Output is flushed first, and nothing else waits for the exit.
    """
    try:
        main()
        status: int | str | None = EXIT_SAME
    except SystemExit as exit_request:
        status = exit_request.code
    if status is not None and not isinstance(status, int):
        print(status, file=sys.stderr)
        status = EXIT_TROUBLE
    try:
        sys.stdout.flush()
    except (OSError, ValueError) as error:  # a full disk or a closed pipe: the report did not arrive
        status = EXIT_TROUBLE
        _say_on_stderr(f"constdiff: error: <standard output>: cannot be written: {getattr(error, 'strerror', None) or error}")
    try:
        sys.stderr.flush()
    except (OSError, ValueError):  # nothing more can be said
        status = status or EXIT_TROUBLE
    os._exit(status or EXIT_SAME)


def _say_on_stderr(message: str) -> None:
    try:
        print(message, file=sys.stderr)
    except (OSError, ValueError):
        pass
