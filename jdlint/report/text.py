"""The terminal report: findings grouped by file, then a summary line.

rich handles colour: none when the output is not a terminal or when
``NO_COLOR`` is set.
"""

from __future__ import annotations

import time
from collections.abc import Iterable

from rich.console import Console
from rich.markup import escape

from jdlint.engine import FileResult
from jdlint.model import Finding, Severity
from jdlint.report import Tally

STYLES = {Severity.ERROR: "bold red", Severity.WARNING: "yellow", Severity.SUGGESTION: "cyan"}


def render(
    results: Iterable[FileResult], console: Console, fail_on: Severity, started: float, unsafe_fixes: bool = False
) -> Tally:
    """Print every finding as ``path:line:col`` (a .docx: its paragraph) with code, severity, problem and rewrite.

    ``[*]`` after the code marks a finding ``--fix`` would fix (with ``--unsafe-fixes``: unsafe ones too).
    Results are printed as they arrive; ``started`` (a ``time.perf_counter()`` reading) times the run for
    the summary line. Returns the counts.
    """
    from jdlint.fix import fixable, fixable_summary

    tally = Tally()
    with_fixes: list[Finding] = []  # only findings that carry a fix, for the last line
    for result in tally.count(results):
        with_fixes += (f for f in result.findings if f.fix is not None)
        if result.error is not None or result.document is None:
            console.print(f"[bold red]error[/]: {escape(result.error or '')}", highlight=False)
            continue
        document = result.document
        for header in score_lines(result):
            console.print(header, highlight=False, soft_wrap=True)
        for finding in result.findings:
            place = document.location(finding.span.start).cite(result.path)
            style = STYLES[finding.severity]
            console.print(
                f"[bold]{escape(place)}[/]: [{style}]{finding.code}[/]"
                f"{' [*]' if fixable(finding, unsafe_fixes) else ''} "
                f"[{style}]{finding.severity.label}[/] {escape(finding.message)}",
                highlight=False,
                soft_wrap=True,
            )
            if finding.suggestion:
                console.print(f"    [dim]→[/] {escape(finding.suggestion)}", highlight=False, soft_wrap=True)
        if result.findings:
            scores = result.scores
            keys = ", ".join(s.key for s in result.sections) or "none"
            console.print(
                f"    [dim]{escape(result.path)}: grade {scores.get('flesch_kincaid_grade', 0)}, "
                f"reading ease {scores.get('flesch_reading_ease', 0)}, {scores.get('words', 0)} words; "
                f"sections found: {escape(keys)}[/]",
                highlight=False,
                soft_wrap=True,
            )
    console.print(summary_line(tally, fail_on, time.perf_counter() - started), highlight=False, soft_wrap=True)
    fixes = fixable_summary(with_fixes, unsafe_fixes)
    if fixes:
        console.print(escape(fixes), highlight=False, soft_wrap=True)
    return tally


def score_lines(result: FileResult) -> list[str]:
    """The file's score and sub-scores, the rules that lowered each, and its gender-coded balance."""
    card = result.score
    if card is None:
        return []
    parts = ", ".join(f"{p.title} {p.score}" for p in card.parts)
    lines = [f"[bold]{escape(result.path)}[/]: score [bold]{card.total}/100[/] ({parts})"]
    for part in card.parts:
        if part.reasons:
            why = "; ".join(f"{r.code} {r.name} ×{r.count} −{r.points}" for r in part.reasons)
            lines.append(f"    [dim]{part.title} {part.score}: {escape(why)}[/]")
    if result.gender is not None and (result.gender["masculine"] or result.gender["feminine"]):
        g = result.gender
        lines.append(
            f"    [dim]gender-coded wording: {g['verdict']} ({g['masculine']} masculine, {g['feminine']} feminine)[/]"
        )
    return lines


def summary_line(tally: Tally, fail_on: Severity, elapsed: float) -> str:
    """One line: files, time, findings by severity, and how many reach the fail level."""
    counts = []
    for severity in reversed(Severity):
        n = tally.by_severity[severity]
        if n:
            counts.append(f"{n} {severity.label}{'s' if n != 1 else ''}")
    errors = len(tally.errors)
    files = f"{tally.files} file{'s' if tally.files != 1 else ''} checked in {elapsed:.1f} s"
    found = f"{tally.findings} finding{'s' if tally.findings != 1 else ''}"
    detail = f" ({', '.join(counts)})" if counts else ""
    unreadable = f"; {errors} could not be read" if errors else ""
    failing = tally.at_least(fail_on)
    verdict = f"; {failing} at or above '{fail_on.label}'" if failing else ""
    return f"{files}: {found}{detail}{verdict}{unreadable}."
