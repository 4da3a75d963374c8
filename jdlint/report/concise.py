"""One line per finding, ``path:line:col: CODE message``, for editors and grep.

A .docx has no lines, so its findings read ``path, paragraph 12 (under 'Duties'): CODE message``.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence

from jdlint.engine import FileResult


def render(results: Sequence[FileResult]) -> str:
    """Every finding on a line of its own; unreadable files as ``path: error: …``."""
    lines = []
    for result in results:
        if result.error is not None or result.document is None:
            lines.append(f"{result.path}: error: {result.error}")
            continue
        for finding in result.findings:
            place = result.document.location(finding.span.start).cite(result.path)
            lines.append(f"{place}: {finding.code} {finding.message}")
    return "\n".join(lines)


def statistics(results: Sequence[FileResult]) -> list[tuple[str, str, int, int]]:
    """(code, name, findings, fixable) per rule, most frequent first."""
    counts: Counter[tuple[str, str]] = Counter()
    fixable: Counter[tuple[str, str]] = Counter()
    for result in results:
        for finding in result.findings:
            counts[finding.code, finding.name] += 1
            if finding.fix is not None and finding.fix.applicability.value != "display-only":
                fixable[finding.code, finding.name] += 1
    ordered = sorted(counts.items(), key=lambda kv: (-kv[1], kv[0][0]))
    return [(code, name, n, fixable[code, name]) for (code, name), n in ordered]


def render_statistics(results: Sequence[FileResult]) -> str:
    """The statistics as an aligned table."""
    rows = statistics(results)
    if not rows:
        return "No findings."
    width = max(len(str(n)) for _, _, n, _ in rows)
    name_width = max(len(name) for _, name, _, _ in rows)
    lines = []
    for code, name, n, fixes in rows:
        mark = f"  ({fixes} fixable)" if fixes else ""
        lines.append(f"{n:>{width}}  {code}  {name:<{name_width}}{mark}".rstrip())
    return "\n".join(lines)
