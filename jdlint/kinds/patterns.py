"""Regular-expression rules, e.g. unfilled template placeholders.

Each pattern is a table with ``pattern`` (Python regex), ``what`` (a short
name shown in the message), optional ``advice`` and ``scope``: ``prose``
(default; URLs, code and markup are blank) or ``text`` (the raw text, for
dummy links). Patterns match case-insensitively unless ``case = true``.

Two optional keys make a pattern more or less sure: ``severity`` overrides
the rule's (a certain match can be a warning, a likely one a suggestion), and
``unless`` is a regular expression that, found anywhere in the document,
silences the pattern (a lifting requirement next to a reasonable-accommodation
statement has already been qualified by the writer).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any, ClassVar

from jdlint.errors import JdlintError
from jdlint.kinds.base import Check
from jdlint.model import Document, Finding, Rule, Severity, Span
from jdlint.rules import Param

PATTERN_KEYS = {"pattern", "what", "advice", "scope", "case", "severity", "unless"}


@dataclass(frozen=True)
class Pattern:
    """One compiled pattern with the words to report it by."""

    regex: re.Pattern[str]
    what: str
    advice: str
    scope: str
    severity: Severity | None = None
    unless: re.Pattern[str] | None = None


def compile_patterns(raw: list[Any], where: str) -> list[Pattern]:
    """Validate and compile a rule's pattern tables."""
    patterns = []
    for item in raw:
        if not isinstance(item, dict) or "pattern" not in item or "what" not in item or set(item) - PATTERN_KEYS:
            raise JdlintError(f"{where}: each pattern needs 'pattern' and 'what' (and may have advice, scope, case)")
        scope = item.get("scope", "prose")
        if scope not in ("prose", "text"):
            raise JdlintError(f"{where}: pattern scope must be 'prose' or 'text'")
        flags = 0 if item.get("case") else re.IGNORECASE
        try:
            regex = re.compile(item["pattern"], flags)
            unless = re.compile(item["unless"], re.IGNORECASE) if "unless" in item else None
            severity = Severity.parse(item["severity"]) if "severity" in item else None
        except re.error as error:
            raise JdlintError(f"{where}: bad pattern {item['pattern']!r}: {error}") from None
        except ValueError as error:
            raise JdlintError(f"{where}: {error}") from None
        patterns.append(Pattern(regex, item["what"], item.get("advice", ""), scope, severity, unless))
    return patterns


class Patterns(Check):
    """Flag every match of any listed pattern."""

    PARAMS: ClassVar[dict[str, Param]] = {"patterns": Param(list, [])}
    FIELDS = frozenset({"match", "what", "advice"})
    FIX_POLICY = "Display-only: only the author knows what belongs where the placeholder is; --fix never edits."

    def __init__(self, rule: Rule) -> None:
        super().__init__(rule)
        self.patterns = compile_patterns(self.params["patterns"], f"{rule.source}: rule {rule.code}")

    def check(self, document: Document) -> Iterator[Finding]:
        """Yield this rule's findings for ``document``."""
        taken: list[Span] = []
        for pattern in self.patterns:
            haystack = document.prose if pattern.scope == "prose" else document.text
            if pattern.unless is not None and pattern.unless.search(document.prose):
                continue
            for m in pattern.regex.finditer(haystack):
                group = "found" if "found" in pattern.regex.groupindex else 0
                span = Span(m.start(group), m.end(group))
                if not span or any(t.start < span.end and span.start < t.end for t in taken):
                    continue
                taken.append(span)
                fields = {"what": pattern.what, "advice": pattern.advice}
                yield self.finding(document, span, fields, severity=pattern.severity)
