"""SARIF 2.1.0 output, for GitHub code scanning and other SARIF viewers.

One run, with every rule that ran described in ``tool.driver.rules`` (help
text from the rule's why and example) and one result per finding. The tests
validate this output against the official OASIS schema.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from jdlint import __version__
from jdlint.engine import FileResult
from jdlint.model import Rule, Severity

SCHEMA_URI = "https://json.schemastore.org/sarif-2.1.0.json"
LEVELS = {Severity.ERROR: "error", Severity.WARNING: "warning", Severity.SUGGESTION: "note"}


def rule_descriptor(rule: Rule) -> dict[str, Any]:
    """What SARIF viewers show about a rule: its summary, help and default level."""
    help_text = rule.why
    markdown = f"{rule.why}\n\n**Fix:** {rule.suggestion}"
    if rule.bad:
        example = rule.bad[0].strip()
        help_text += f"\n\nExample (flagged): {example}"
        markdown += f"\n\n**Example (flagged):**\n\n```text\n{example}\n```"
    return {
        "id": rule.code,
        "name": rule.name,
        "shortDescription": {"text": rule.summary},
        "fullDescription": {"text": rule.why},
        "help": {"text": help_text, "markdown": markdown},
        "defaultConfiguration": {"level": LEVELS[rule.severity]},
        "properties": {"tags": [rule.code[:3] + "xx"]},
    }


def _uri(path: str) -> str:
    candidate = Path(path)
    if candidate.is_absolute():
        try:
            return candidate.relative_to(Path.cwd()).as_posix()
        except ValueError:
            return candidate.as_uri()
    return candidate.as_posix()


def render(results: Sequence[FileResult], rules: Sequence[Rule]) -> str:
    """The run as a SARIF log."""
    index = {rule.code: i for i, rule in enumerate(rules)}
    sarif_results: list[dict[str, Any]] = []
    notifications: list[dict[str, Any]] = []
    for result in results:
        if result.error is not None or result.document is None:
            notifications.append(
                {
                    "level": "error",
                    "message": {"text": result.error or "cannot read"},
                    "locations": [{"physicalLocation": {"artifactLocation": {"uri": _uri(result.path)}}}],
                }
            )
            continue
        document = result.document
        for finding in result.findings:
            line, column = document.line_col(finding.span.start)
            end_line, end_column = document.line_col(max(finding.span.end, finding.span.start))
            item: dict[str, Any] = {
                "ruleId": finding.code,
                "level": LEVELS[finding.severity],
                "message": {"text": f"{finding.message} {finding.suggestion}".strip()},
                "locations": [
                    {
                        "physicalLocation": {
                            "artifactLocation": {"uri": _uri(result.path)},
                            "region": {
                                "startLine": line,
                                "startColumn": column,
                                "endLine": end_line,
                                "endColumn": end_column,
                            },
                        }
                    }
                ],
                "partialFingerprints": {"jdlint/v1": f"{finding.code}:{' '.join(finding.match.split())}"},
            }
            if finding.code in index:
                item["ruleIndex"] = index[finding.code]
            if finding.fix is not None and finding.fix.applicability.value != "display-only":
                fix_end_line, fix_end_column = document.line_col(finding.fix.span.end)
                fix_line, fix_column = document.line_col(finding.fix.span.start)
                item["fixes"] = [
                    {
                        "description": {"text": f"{finding.fix.applicability.value} fix"},
                        "artifactChanges": [
                            {
                                "artifactLocation": {"uri": _uri(result.path)},
                                "replacements": [
                                    {
                                        "deletedRegion": {
                                            "startLine": fix_line,
                                            "startColumn": fix_column,
                                            "endLine": fix_end_line,
                                            "endColumn": fix_end_column,
                                        },
                                        "insertedContent": {"text": finding.fix.replacement},
                                    }
                                ],
                            }
                        ],
                    }
                ]
            sarif_results.append(item)
    run: dict[str, Any] = {
        "tool": {
            "driver": {
                "name": "jdlint",
                "version": __version__,
                "informationUri": "https://pypi.org/project/jdlint/",
                "rules": [rule_descriptor(rule) for rule in rules],
            }
        },
        "results": sarif_results,
        "columnKind": "unicodeCodePoints",
    }
    if notifications:
        run["invocations"] = [{"executionSuccessful": False, "toolExecutionNotifications": notifications}]
    log = {"$schema": SCHEMA_URI, "version": "2.1.0", "runs": [run]}
    return json.dumps(log, indent=2, ensure_ascii=False)
