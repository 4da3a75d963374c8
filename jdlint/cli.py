"""The ``jdlint`` command: check, rules, explain.

Exit codes: 0 when nothing reaches the fail level, 1 when something does,
2 for usage, configuration or input errors (and internal errors).
"""

from __future__ import annotations

import sys
import time
from dataclasses import replace
from enum import StrEnum
from typing import Annotated

import typer
from rich.console import Console

from jdlint import __version__
from jdlint.errors import JdlintError
from jdlint.model import Rule, Severity

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


class FailOn(StrEnum):
    """The lowest severity that makes ``jdlint check`` exit 1."""

    error = "error"
    warning = "warning"
    suggestion = "suggestion"


def _split(values: list[str] | None) -> list[str]:
    return [v.strip() for value in values or [] for v in value.split(",") if v.strip()]


def _fail(message: str) -> typer.Exit:
    Console(stderr=True, highlight=False).print(f"jdlint: error: {message}", markup=False, soft_wrap=True)
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
) -> None:
    """jdlint: a plain-language linter for job descriptions."""


def configured_rules(select: list[str], ignore: list[str], allow: list[str], profile: str | None) -> list[Rule]:
    """The built-in rules, filtered and with command-line settings applied."""
    from jdlint.engine import select_rules
    from jdlint.rules import load_rules

    rules = select_rules(load_rules(), select, ignore)
    adjusted = []
    for rule in rules:
        if rule.kind == "acronyms" and allow:
            rule = replace(rule, params={**rule.params, "allow": [*rule.params["allow"], *allow]})
        if rule.kind == "sections" and profile:
            rule = replace(rule, params={**rule.params, "profile": profile})
        adjusted.append(rule)
    return adjusted


@app.command()
def check(
    paths: Annotated[list[str], typer.Argument(help="Job description files or folders (.md, .markdown, .txt).")],
    output_format: Annotated[OutputFormat, typer.Option("--format", "-f", help="Output format.")] = OutputFormat.text,
    fail_on: Annotated[
        FailOn, typer.Option(help="Exit 1 when a finding is at or above this severity.")
    ] = FailOn.warning,
    select: Annotated[
        list[str] | None, typer.Option(help="Only these rule codes, code prefixes or names (comma-separated).")
    ] = None,
    ignore: Annotated[list[str] | None, typer.Option(help="Skip these rule codes, prefixes or names.")] = None,
    allow: Annotated[list[str] | None, typer.Option(help="Acronyms your readers know (comma-separated).")] = None,
    profile: Annotated[str | None, typer.Option(help="Section profile from rules/profiles (default: default).")] = None,
    jobs: Annotated[
        int | None,
        typer.Option("--jobs", "-j", min=1, help="Processes to use (default: one per core; one for a few files)."),
    ] = None,
) -> None:
    """Check job descriptions and report findings with suggested rewrites."""
    started = time.perf_counter()
    threshold = Severity.parse(fail_on.value)
    try:
        from jdlint.engine import Linter
        from jdlint.inputs import expand_paths
        from jdlint.parallel import lint_files

        files = expand_paths(paths)
        linter = Linter(configured_rules(_split(select), _split(ignore), _split(allow), profile))
        # Results stream from the engine to the report: memory stays flat on any number of files.
        results = lint_files(linter, files, jobs)
        if output_format is OutputFormat.json:
            from jdlint.report import json as json_report

            tally = json_report.write(results, threshold, sys.stdout)
        else:
            from jdlint.report import text

            tally = text.render(results, Console(highlight=False), threshold, started)
    except JdlintError as error:
        raise _fail(str(error)) from None
    for message in tally.errors:
        Console(stderr=True, highlight=False).print(f"jdlint: error: {message}", markup=False, soft_wrap=True)
    if tally.errors:
        raise typer.Exit(2)
    if tally.at_least(threshold):
        raise typer.Exit(1)


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
    Console(highlight=False).print(table)


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
    lines += ["Fix", f"  Each finding carries its own suggestion; the template is: {rule.suggestion}"]
    return "\n".join(lines)


def run(prog_name: str | None = None) -> None:
    """Console-script entry point: user errors and surprises become one line and exit 2."""
    try:
        app(prog_name=prog_name)
    except KeyboardInterrupt:
        print("jdlint: interrupted", file=sys.stderr)
        sys.exit(2)
    except Exception as error:
        print(f"jdlint: internal error: {type(error).__name__}: {error}", file=sys.stderr)
        sys.exit(2)
