"""The terminal report: findings grouped by file, then a summary line.

rich handles colour: none when the output is not a terminal or when
``NO_COLOR`` is set.
"""

from __future__ import annotations

import time
from collections.abc import Iterable

from rich.console import Console
from rich.control import STRIP_CONTROL_CODES, strip_control_codes
from rich.markup import escape
from rich.text import Text

from jdlint.engine import FileResult
from jdlint.model import Severity
from jdlint.report import Rendered, Tally

STYLES = {Severity.ERROR: "bold red", Severity.WARNING: "yellow", Severity.SUGGESTION: "cyan"}


def render(
    results: Iterable[FileResult], console: Console, fail_on: Severity, started: float, unsafe_fixes: bool = False
) -> Tally:
    """Print every finding as ``path:line:col`` (a .docx: its paragraph) with code, severity, problem and rewrite.

    ``[*]`` after the code marks a finding ``--fix`` would fix (with ``--unsafe-fixes``: unsafe ones too).
    Results are printed as they arrive; ``started`` (a ``time.perf_counter()`` reading) times the run for
    the summary line. Returns the counts.
    """
    parts = (render_file(result, console, unsafe_fixes) for result in results)
    return write_rendered(parts, console, fail_on, started, unsafe_fixes)


def render_file(result: FileResult, console: Console, unsafe_fixes: bool = False) -> Rendered:
    """One file's lines of the report, as ``console`` would print them (colour and all), in a string.

    With ``--jobs`` this runs in the worker that linted the file, on the console it inherited.
    """
    if result.error is not None or result.document is None:
        with console.capture() as capture:
            console.print(f"[bold red]error[/]: {escape(result.error or '')}", highlight=False)
        return Rendered.of(result, capture.get())
    return Rendered.of(result, _render_lines(_file_lines(result, unsafe_fixes), console))


def write_rendered(
    parts: Iterable[Rendered], console: Console, fail_on: Severity, started: float, unsafe_fixes: bool = False
) -> Tally:
    """:func:`render` from files already rendered by :func:`render_file`: write each, then the summary."""
    from jdlint.fix import fixable_summary

    tally = Tally()
    safe = with_unsafe = 0
    for part in parts:
        tally.add_rendered(part)
        safe += part.fixable
        with_unsafe += part.fixable_unsafe
        if part.output:
            console.file.write(part.output)
    console.print(summary_line(tally, fail_on, time.perf_counter() - started), highlight=False, soft_wrap=True)
    fixes = fixable_summary(safe, with_unsafe, unsafe_fixes)
    if fixes:
        console.print(escape(fixes), highlight=False, soft_wrap=True)
    return tally


# A line of the report: its pieces, each plain text or (text, rich style).
Line = list[str | tuple[str, str]]


def _file_lines(result: FileResult, unsafe_fixes: bool) -> list[Line]:
    from jdlint.fix import fixable

    document = result.document
    assert document is not None
    lines = score_lines(result)
    for finding in result.findings:
        style = STYLES[finding.severity]
        lines.append(
            [
                (document.location(finding.span.start).cite(result.path), "bold"),
                ": ",
                (finding.code, style),
                " [*] " if fixable(finding, unsafe_fixes) else " ",
                (finding.severity.label, style),
                " " + finding.message,
            ]
        )
        if finding.suggestion:
            lines.append(["    ", ("→", "dim"), " " + finding.suggestion])
    if result.findings:
        scores = result.scores
        keys = ", ".join(s.key for s in result.sections) or "none"
        summary = (
            f"{result.path}: grade {scores.get('flesch_kincaid_grade', 0)}, "
            f"reading ease {scores.get('flesch_reading_ease', 0)}, {scores.get('words', 0)} words; "
            f"sections found: {keys}"
        )
        lines.append(["    ", (summary, "dim")])
    return lines


def _render_lines(lines: list[Line], console: Console) -> str:
    """``lines`` as ``console`` prints them, soft-wrapped (never broken), each ending in a newline.

    Without colour, rich would only drop the control characters it strips and expand tabs, so the
    text is put together here; rich's rendering costs about 2 ms per posting, as much as a rule.
    """
    if not lines:
        return ""
    if console.no_color or console.color_system is None:
        plain = ["".join([p if isinstance(p, str) else p[0] for p in line]) for line in lines]
        text = "\n".join(plain) + "\n"
        if not any(char in text for char in _CHANGED_BY_RICH):  # nothing for _plain to strip or expand
            return text
        return "".join(_plain(line) + "\n" for line in plain)
    with console.capture() as capture:
        console.print(Text("\n").join(Text.assemble(*line) for line in lines), highlight=False, soft_wrap=True)
    return capture.get()


# What _plain changes: the control characters rich strips, and tabs (a few: each is looked for with ``in``).
_CHANGED_BY_RICH = [chr(code) for code in (*STRIP_CONTROL_CODES, 9)]


def _plain(line: str) -> str:
    """``line`` as rich prints it without colour: control characters stripped, tabs expanded."""
    line = strip_control_codes(line)
    if "\t" in line:
        text = Text(line)
        text.expand_tabs(8)
        line = text.plain
    return line


def score_lines(result: FileResult) -> list[Line]:
    """The file's score and sub-scores, the rules that lowered each, and its gender-coded balance."""
    card = result.score
    if card is None:
        return []
    parts = ", ".join(f"{p.title} {p.score}" for p in card.parts)
    lines: list[Line] = [[(result.path, "bold"), ": score ", (f"{card.total}/100", "bold"), f" ({parts})"]]
    for part in card.parts:
        if part.reasons:
            why = "; ".join(f"{r.code} {r.name} ×{r.count} −{r.points}" for r in part.reasons)
            lines.append(["    ", (f"{part.title} {part.score}: {why}", "dim")])
    if result.gender is not None and (result.gender["masculine"] or result.gender["feminine"]):
        g = result.gender
        balance = f"gender-coded wording: {g['verdict']} ({g['masculine']} masculine, {g['feminine']} feminine)"
        lines.append(["    ", (balance, "dim")])
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
