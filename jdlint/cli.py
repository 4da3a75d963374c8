"""The ``jdlint`` command: check, rules, explain.

Exit codes: 0 when nothing reaches the fail level, 1 when something does,
2 for usage, configuration or input errors (and internal errors).
"""

from __future__ import annotations

import io
import json
import os
import sys
import time
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, TypeVar

import typer
from rich.console import Console

from jdlint import __version__, guard
from jdlint.errors import JdlintError
from jdlint.model import Rule, Severity

T = TypeVar("T")

if TYPE_CHECKING:
    from jdlint.config import ConfigResolver
    from jdlint.engine import FileResult, Linter
    from jdlint.report import Rendered, Tally
    from jdlint.runner import Runner

app = typer.Typer(
    add_completion=False,
    no_args_is_help=True,
    help="jdlint: a plain-language linter for job descriptions.",
    rich_markup_mode=None,
    pretty_exceptions_enable=False,
)


class OutputFormat(StrEnum):
    """Output formats of ``jdlint check``."""

    text = "text"
    json = "json"
    sarif = "sarif"
    github = "github"
    concise = "concise"


class InputFormat(StrEnum):
    """How to read the files given to ``jdlint check`` (``auto``: by extension)."""

    auto = "auto"
    markdown = "markdown"
    text = "text"
    html = "html"
    docx = "docx"


class FailOn(StrEnum):
    """The lowest severity that makes ``jdlint check`` exit 1."""

    error = "error"
    warning = "warning"
    suggestion = "suggestion"


def _split(values: list[str] | None) -> list[str]:
    return [v.strip() for value in values or [] for v in value.split(",") if v.strip()]


def _fail(message: str) -> typer.Exit:
    guard.error(message)
    return typer.Exit(2)


def _version(value: bool) -> None:
    if value:
        print(f"jdlint {__version__}")
        raise typer.Exit()


@app.callback()
def main(
    version: Annotated[
        bool, typer.Option("--version", callback=_version, is_eager=True, help="Show the version and exit.")
    ] = False,
    debug: Annotated[bool, typer.Option("--debug", help="On an internal error, show the traceback.")] = False,
) -> None:
    """jdlint: a plain-language linter for job descriptions."""
    guard.DEBUG["on"] = debug


def _resolver(
    select: list[str] | None,
    ignore: list[str] | None,
    allow: list[str] | None,
    profile: str | None,
    fail_on: FailOn | None,
    exclude: list[str] | None,
    config_file: Path | None,
    isolated: bool,
) -> ConfigResolver:
    from jdlint.config import ConfigResolver, Overrides

    overrides = Overrides(
        select=tuple(_split(select)) or None,
        ignore=tuple(_split(ignore)),
        fail_on=Severity.parse(fail_on.value) if fail_on else None,
        profile=profile,
        allow_acronyms=tuple(_split(allow)),
        exclude=tuple(_split(exclude)),
    )
    if config_file is not None and isolated:
        raise JdlintError("--config and --isolated cannot be used together")
    return ConfigResolver(overrides, config_file, isolated)


@app.command()
def check(
    paths: Annotated[
        list[str] | None,
        typer.Argument(
            help="Job description files (.md, .txt, .html, .docx), folders or glob patterns; '-' reads standard input."
        ),
    ] = None,
    output_format: Annotated[
        OutputFormat | None,
        typer.Option("--format", "-f", help="Output format (default: text; github under GitHub Actions)."),
    ] = None,
    output: Annotated[Path | None, typer.Option("--output", "-o", help="Write the report to this file.")] = None,
    fail_on: Annotated[
        FailOn | None, typer.Option(help="Exit 1 when a finding is at or above this severity [default: warning].")
    ] = None,
    select: Annotated[
        list[str] | None, typer.Option(help="Only these rule codes, code prefixes or names (comma-separated).")
    ] = None,
    ignore: Annotated[list[str] | None, typer.Option(help="Skip these rule codes, prefixes or names.")] = None,
    allow: Annotated[list[str] | None, typer.Option(help="Acronyms your readers know (comma-separated).")] = None,
    profile: Annotated[str | None, typer.Option(help="Section profile from rules/profiles (default: default).")] = None,
    exclude: Annotated[
        list[str] | None, typer.Option(help="Skip paths matching these globs (comma-separated).")
    ] = None,
    config_file: Annotated[
        Path | None, typer.Option("--config", help="Use this configuration file instead of searching for one.")
    ] = None,
    isolated: Annotated[bool, typer.Option(help="Ignore all configuration files.")] = False,
    stdin_filename: Annotated[
        str | None, typer.Option(help="The name to report for standard input ('-'); also picks its configuration.")
    ] = None,
    statistics: Annotated[
        bool, typer.Option(help="Show how many findings each rule has, instead of each one.")
    ] = False,
    exit_zero: Annotated[bool, typer.Option(help="Exit 0 even when findings reach the fail level.")] = False,
    baseline: Annotated[
        Path | None, typer.Option(help="Report only findings not recorded in this baseline file.")
    ] = None,
    write_baseline: Annotated[
        Path | None, typer.Option(help="Record the current findings in this file and exit 0.")
    ] = None,
    progress: Annotated[bool, typer.Option(help="Show a progress bar on a terminal for many files.")] = True,
    fix: Annotated[bool, typer.Option("--fix", help="Apply safe fixes to the files, then report the rest.")] = False,
    unsafe_fixes: Annotated[
        bool, typer.Option("--unsafe-fixes", help="With --fix or --diff, also apply unsafe fixes (judgement calls).")
    ] = False,
    diff: Annotated[
        bool, typer.Option("--diff", help="Print a unified diff of what --fix would change; write nothing.")
    ] = False,
    min_score: Annotated[
        int | None, typer.Option(min=0, max=100, help="Also exit 1 when a file scores below this (0-100).")
    ] = None,
    input_format: Annotated[
        InputFormat, typer.Option(help="Read every file as this format instead of going by its extension.")
    ] = InputFormat.auto,
    max_file_size: Annotated[
        str, typer.Option(help="Refuse files bigger than this, unread (e.g. 5MB, 500kB).", metavar="SIZE")
    ] = "5MB",
    jobs: Annotated[
        int | None,
        typer.Option("--jobs", "-j", min=1, help="Processes to use (default: one per core; one for a few files)."),
    ] = None,
) -> None:
    """Check job descriptions and report findings with suggested rewrites."""
    started = time.perf_counter()
    try:
        if baseline is not None and write_baseline is not None:
            raise JdlintError("--baseline and --write-baseline cannot be used together")
        if (fix or diff) and (baseline is not None or write_baseline is not None):
            raise JdlintError("--fix and --diff cannot be combined with --baseline or --write-baseline")
        if not paths:
            raise JdlintError("no paths given; name files or folders to check, or '-' for standard input")
        if "-" in paths and len(paths) > 1:
            raise JdlintError("'-' (standard input) cannot be combined with other paths")
        resolver = _resolver(select, ignore, allow, profile, fail_on, exclude, config_file, isolated)
        from jdlint.inputs import parse_size
        from jdlint.runner import Runner

        forced = None if input_format is InputFormat.auto else input_format.value
        runner = Runner(resolver, forced, parse_size(max_file_size))
        threshold = resolver.for_path(stdin_filename or Path.cwd()).fail_on
        chosen = output_format or (
            OutputFormat.github if os.environ.get("GITHUB_ACTIONS") == "true" and output is None else OutputFormat.text
        )
        if statistics and chosen not in (OutputFormat.text, OutputFormat.concise, OutputFormat.json):
            raise JdlintError("--statistics works with --format text, concise or json")
        watch = _Watch(min_score)
        whole_run = fix or diff or baseline or write_baseline or statistics or output
        if not whole_run and chosen in (OutputFormat.text, OutputFormat.json):
            # Results stream from the engine to the report, each file's part rendered where it was
            # linted: memory stays flat on any number of files, and --jobs workers do the rendering.
            report = _StreamedReport(chosen, threshold, started, unsafe_fixes)
            parts = _checked(runner, paths, stdin_filename, jobs, progress, report.render_file)
            tally = report.write(watch.parts(parts))
        else:
            from jdlint.parallel import without_tokens

            stream = _checked(runner, paths, stdin_filename, jobs, progress, without_tokens)
            tally = _whole_report(
                runner,
                list(watch.results(stream)),
                threshold,
                chosen,
                output,
                statistics,
                started,
                _WholeRun(fix, unsafe_fixes, diff, baseline, write_baseline, stdin=paths == ["-"]),
            )
    except JdlintError as error:
        raise _fail(str(error)) from None
    for message in tally.errors:
        guard.error(message)
    if tally.errors:
        raise typer.Exit(2)
    if write_baseline is not None:
        return  # the findings are recorded, not failed on
    if not exit_zero and (watch.report_low_scores() or tally.at_least(threshold)):
        raise typer.Exit(1)


def _checked(
    runner: Runner,
    paths: list[str],
    stdin_filename: str | None,
    jobs: int | None,
    progress: bool,
    finish: Callable[[FileResult], T],
) -> Iterator[T]:
    """Each file's result (or standard input's, for ``-``), passed through ``finish`` where it was linted."""
    if paths == ["-"]:
        return iter([finish(_check_stdin(runner, stdin_filename))])
    files = runner.files(paths)
    return _with_progress(runner.lint_all(files, jobs, finish), len(files), progress)


class _Watch:
    """Looks at each result as it passes: prints its warnings, notes a score below --min-score."""

    def __init__(self, min_score: int | None) -> None:
        self.min_score = min_score
        self.low: list[tuple[str, int]] = []

    def results(self, results: Iterable[FileResult]) -> Iterator[FileResult]:
        """Pass ``results`` through, watching each."""
        for result in results:
            total = result.score.total if result.score is not None else None
            self._see(result.path, result.source.warnings if result.source else (), total)
            yield result

    def parts(self, parts: Iterable[Rendered]) -> Iterator[Rendered]:
        """Pass rendered files through, watching each."""
        for part in parts:
            self._see(part.path, part.warnings, part.score)
            yield part

    def _see(self, path: str, warnings: Iterable[str], total: int | None) -> None:
        for warning in warnings:
            _stderr().print(f"jdlint: warning: {warning}", markup=False, soft_wrap=True)
        if self.min_score is not None and total is not None and total < self.min_score:
            self.low.append((path, total))

    def report_low_scores(self) -> bool:
        """Name each file scoring below --min-score on stderr; whether there was one."""
        for path, total in self.low:
            _stderr().print(
                f"jdlint: {path}: score {total} is below --min-score {self.min_score}", markup=False, soft_wrap=True
            )
        return bool(self.low)


@dataclass(frozen=True)
class _WholeRun:
    """What needs every result before anything is reported: fixes and baselines."""

    fix: bool
    unsafe_fixes: bool
    diff: bool
    baseline: Path | None
    write_baseline: Path | None
    stdin: bool


class _StreamedReport:
    """The text or JSON report, written a file at a time from parts rendered by :meth:`render_file`."""

    def __init__(self, chosen: OutputFormat, threshold: Severity, started: float, unsafe_fixes: bool) -> None:
        self.json = chosen is OutputFormat.json
        self.threshold = threshold
        self.started = started
        self.unsafe_fixes = unsafe_fixes
        # Made before any worker forks, so that workers render for the same terminal (colour, width).
        self.console = Console(highlight=False, emoji=False)

    def render_file(self, result: FileResult) -> Rendered:
        """One file's part of the report (in a --jobs worker, where the file was linted)."""
        if self.json:
            from jdlint.report import json as json_report

            return json_report.render_file(result)
        from jdlint.report import text

        return text.render_file(result, self.console, self.unsafe_fixes)

    def write(self, parts: Iterable[Rendered]) -> Tally:
        """Write the parts as they come, then the summary; the counts."""
        if self.json:
            from jdlint.report import json as json_report

            return json_report.write_rendered(parts, self.threshold, sys.stdout)
        from jdlint.report import text

        return text.write_rendered(parts, self.console, self.threshold, self.started, self.unsafe_fixes)


def _whole_report(
    runner: Runner,
    results: list[FileResult],
    threshold: Severity,
    chosen: OutputFormat,
    output: Path | None,
    statistics: bool,
    started: float,
    run: _WholeRun,
) -> Tally:
    """Fix, baseline, then report a finished list of results (--write-baseline records them instead)."""
    from jdlint.report import Tally

    if run.fix or run.diff:
        results = _apply_fixes(runner, results, run.unsafe_fixes, run.diff, run.stdin)
    if run.write_baseline is not None:
        _write_baseline(run.write_baseline, results)
        return Tally.of(results)
    if run.baseline is not None:
        from jdlint import baseline as baselines

        results = baselines.load(run.baseline).new_only(results)
    # With --fix on standard input, stdout carries the fixed text, so no report is printed.
    if not (run.fix and run.stdin):
        rules = {rule.code: rule for linter in runner.linters() for rule in linter.rules}
        ordered = [rules[c] for c in sorted(rules)]
        _report(results, ordered, threshold, chosen, output, statistics, started, run.unsafe_fixes)
    return Tally.of(results)


def _write_baseline(path: Path, results: list[FileResult]) -> None:
    from jdlint import baseline as baselines

    count = baselines.write(path, results)
    print(f"jdlint: wrote {count} finding{'s' if count != 1 else ''} to {path}", file=sys.stderr)


def _apply_fixes(runner: Runner, results: list[FileResult], unsafe: bool, diff: bool, stdin: bool) -> list[FileResult]:
    """Run --fix or --diff; --diff ends the command (exit 1 when it would change something).

    On standard input, --fix writes the fixed text to stdout instead of a file.
    """
    from jdlint.fix import fix_results, run_summary

    def linter_for(result: FileResult) -> Linter:
        return runner.linter_for(runner.resolver.for_path(result.path), None if stdin else result.path)

    run = fix_results(linter_for, results, unsafe, diff, to_stdout=stdin)
    _stderr().print(run_summary(run, diff), markup=False, soft_wrap=True)
    if diff:
        for result in run.results:
            if result.error:
                _stderr().print(f"jdlint: error: {result.error}", markup=False, soft_wrap=True)
        raise typer.Exit(2 if any(r.error for r in run.results) else 1 if run.files_changed else 0)
    return run.results


def _check_stdin(runner: Runner, stdin_filename: str | None) -> FileResult:
    from jdlint.inputs import check_size, decode, file_format

    name = stdin_filename or "-"
    kind = file_format(name, runner.input_format)
    if kind == "docx":
        raise JdlintError("standard input: .docx is not read from standard input; name the file instead")
    data = sys.stdin.buffer.read(runner.max_size + 1)
    check_size(name, len(data), runner.max_size)
    source = decode(name, data, markdown=kind == "markdown", format=kind)
    return runner.lint_source(source, stdin_filename)


def _with_progress(results: Iterator[T], total: int, wanted: bool) -> Iterator[T]:
    """Pass results through, with a progress bar on stderr for ten files or more.

    Only when stderr is a terminal and stdout is not (a report going to a file
    or a pipe): findings printed to the same terminal would break up the bar.
    """
    console = Console(stderr=True)
    if not wanted or total < 10 or not console.is_terminal or sys.stdout.isatty():
        yield from results
        return
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn

    columns = (TextColumn("checking"), BarColumn(), MofNCompleteColumn(), TimeRemainingColumn())
    with Progress(*columns, console=console, transient=True) as bar:
        task = bar.add_task("check", total=total)
        for result in results:
            bar.advance(task)
            yield result


def _report(
    results: list[FileResult],
    rules: list[Rule],
    threshold: Severity,
    chosen: OutputFormat,
    output: Path | None,
    statistics: bool,
    started: float,
    unsafe_fixes: bool = False,
) -> None:
    """Render the results in the chosen format, to stdout or atomically to ``output``."""
    from jdlint.report import concise

    if statistics and chosen is OutputFormat.json:
        rows = [{"code": c, "name": n, "count": k, "fixable": f} for c, n, k, f in concise.statistics(results)]
        rendered = json.dumps(rows, indent=2)
    elif statistics:
        rendered = concise.render_statistics(results)
    elif chosen is OutputFormat.json:
        from jdlint.report import json as json_report

        rendered = json_report.render(results, threshold)
    elif chosen is OutputFormat.sarif:
        from jdlint.report import sarif

        rendered = sarif.render(results, rules)
    elif chosen is OutputFormat.github:
        from jdlint.report import github

        rendered = github.render(results)
    elif chosen is OutputFormat.concise:
        rendered = concise.render(results)
    else:
        from jdlint.report import text

        if output is None:
            text.render(results, Console(highlight=False, emoji=False), threshold, started, unsafe_fixes)
            return
        buffer = io.StringIO()
        console = Console(file=buffer, highlight=False, no_color=True, width=200, emoji=False)
        text.render(results, console, threshold, started, unsafe_fixes)
        rendered = buffer.getvalue().rstrip("\n")
    if output is None:
        if rendered:
            sys.stdout.write(rendered + "\n")
        return
    from jdlint.files import write_atomic

    write_atomic(output, (rendered + "\n").encode("utf-8"))


@app.command("config")
def show_config(
    path: Annotated[
        Path, typer.Argument(help="A file or folder; shows the configuration that applies to it.")
    ] = Path(),
    config_file: Annotated[Path | None, typer.Option("--config", help="Use this configuration file.")] = None,
    isolated: Annotated[bool, typer.Option(help="Ignore all configuration files.")] = False,
) -> None:
    """Print the effective configuration, with every rule's severity and settings."""
    from jdlint.config import configure_rules, describe

    try:
        resolver = _resolver(None, None, None, None, None, None, config_file, isolated)
        config = resolver.for_path(path)
        print(describe(config, configure_rules(config)))
    except JdlintError as error:
        raise _fail(str(error)) from None


def _server_commands() -> None:
    from jdlint.server_cli import server_app

    app.add_typer(server_app, name="server")


_server_commands()


@app.command("rules")
def list_rules() -> None:
    """List every rule: code, name, severity and what it flags."""
    from rich.table import Table

    from jdlint.rules import load_rules

    try:
        rules = load_rules()
    except JdlintError as error:
        raise _fail(str(error)) from None
    table = Table("code", "name", "severity", "flags", box=None, show_edge=False, pad_edge=False)
    for rule in rules:
        table.add_row(rule.code, rule.name, rule.severity.label, rule.summary)
    Console(highlight=False, emoji=False).print(table)


@app.command()
def explain(code: Annotated[str, typer.Argument(help="A rule code (JD201) or name (unexplained-acronym).")]) -> None:
    """Explain a rule: what it flags, why, an example and the fix."""
    from jdlint.rules import load_rules

    try:
        rules = load_rules()
    except JdlintError as error:
        raise _fail(str(error)) from None
    wanted = code.strip()
    rule = next((r for r in rules if wanted.upper() == r.code or wanted.lower() == r.name), None)
    if rule is None:
        raise _fail(f"unknown rule {code!r} (see 'jdlint rules')")
    print(explanation(rule))


def explanation(rule: Rule) -> str:
    """The What / Why / Example / Fix text of one rule."""
    lines = [f"{rule.code} {rule.name} ({rule.severity.label})", "", "What it flags", f"  {rule.summary}.", ""]
    lines += ["Why", *(f"  {line}" for line in rule.why.splitlines()), ""]
    if rule.bad:
        lines += ["Example (flagged)", *(f"  {line}" for line in rule.bad[0].strip().splitlines()), ""]
    if rule.good:
        lines += ["Use instead", *(f"  {line}" for line in rule.good[0].strip().splitlines()), ""]
    template = rule.suggestion.strip()
    if template.startswith("{") and template.endswith("}") and template.count("{") == 1:
        lines += ["Fix", "  Each finding carries its own suggested rewrite, worked out for the text it flags.", ""]
    else:
        lines += ["Fix", f"  Each finding carries its own suggestion; the template is: {template}", ""]
    lines += ["Fix safety (jdlint check --fix)", *(f"  {line}" for line in _wrap(fix_policy(rule)))]
    return "\n".join(lines)


def fix_policy(rule: Rule) -> str:
    """What --fix does with this rule's findings: safe, unsafe or display-only, and why."""
    from jdlint.kinds import KINDS

    kind = KINDS.get(rule.kind)
    return kind.FIX_POLICY if kind is not None else "Display-only: --fix never edits."


def _wrap(text: str) -> list[str]:
    import textwrap

    return textwrap.wrap(text, 96)


def run(prog_name: str | None = None) -> None:
    """Console-script entry point: every failure is one line and exit 2 (see jdlint.guard)."""
    sys.exit(guard.run(app, prog_name=prog_name))


def _stderr() -> Console:
    """A console on stderr that prints text as given: no highlighting, and ':name:' is not an emoji."""
    return Console(stderr=True, highlight=False, emoji=False)
