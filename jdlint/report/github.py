"""GitHub Actions workflow commands: each finding becomes an annotation on the pull request.

Chosen automatically when ``GITHUB_ACTIONS=true`` and no ``--format`` is given.
Suggestions map to ``notice``, so the pull request shows them without
failing anything on its own.
"""

from __future__ import annotations

from collections.abc import Sequence

from jdlint.engine import FileResult
from jdlint.model import Severity

COMMANDS = {Severity.ERROR: "error", Severity.WARNING: "warning", Severity.SUGGESTION: "notice"}


def _data(value: str) -> str:
    """Escape a message the way the workflow command parser expects."""
    return value.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _property(value: str) -> str:
    return _data(value).replace(":", "%3A").replace(",", "%2C")


def render(results: Sequence[FileResult]) -> str:
    """One ``::warning file=…,line=…::…`` line per finding, and one ``::error`` per unreadable file."""
    lines = []
    for result in results:
        if result.error is not None or result.document is None:
            lines.append(f"::error file={_property(result.path)},title=jdlint::{_data(result.error or '')}")
            continue
        for finding in result.findings:
            line, column = result.document.line_col(finding.span.start)
            end_line, end_column = result.document.line_col(finding.span.end)
            properties = (
                f"file={_property(result.path)},line={line},col={column},endLine={end_line},endColumn={end_column},"
                f"title={_property(f'{finding.code} {finding.name}')}"
            )
            message = f"{finding.message} {finding.suggestion}".strip()
            lines.append(f"::{COMMANDS[finding.severity]} {properties}::{_data(message)}")
    return "\n".join(lines)
