"""What every rule kind shares: its parameter schema and how it words a finding."""

from __future__ import annotations

import re
import string
from collections.abc import Iterator, Mapping
from typing import Any, ClassVar

from jdlint.errors import JdlintError
from jdlint.model import Document, Finding, Fix, Rule, Severity, Span
from jdlint.rules import Param


class Check:
    """Base class of rule kinds; subclasses set ``PARAMS`` and implement ``check``."""

    PARAMS: ClassVar[dict[str, Param]] = {}
    # The fields a kind offers to message and suggestion templates.
    FIELDS: ClassVar[frozenset[str]] = frozenset({"match"})
    # What ``--fix`` may do with this kind's findings, for ``jdlint explain`` and the README.
    FIX_POLICY: ClassVar[str] = "Display-only: the suggestion is advice for a person; --fix never edits."

    def __init__(self, rule: Rule) -> None:
        self.rule = rule
        self.params = rule.params
        for template in (rule.message, rule.suggestion):
            for _, field, _, _ in string.Formatter().parse(template):
                if field is not None and field not in self.FIELDS:
                    raise JdlintError(
                        f"{rule.source}: rule {rule.code}: unknown placeholder {{{field}}} "
                        f"(this kind offers {', '.join(sorted(self.FIELDS))})"
                    )

    def check(self, document: Document) -> Iterator[Finding]:
        """Yield this rule's findings for ``document``."""
        raise NotImplementedError

    def finding(
        self,
        document: Document,
        span: Span,
        fields: Mapping[str, Any],
        fix: Fix | None = None,
        severity: Severity | None = None,
    ) -> Finding:
        """A finding of this rule at ``span``, its words filled in from ``fields``."""
        values = {"match": document.text[span.start : span.end], **fields}
        return Finding(
            code=self.rule.code,
            name=self.rule.name,
            severity=severity or self.rule.severity,
            message=self.rule.message.format_map(values),
            suggestion=self.rule.suggestion.format_map(values),
            span=span,
            match=str(values["match"]),
            fix=fix,
        )


def quote_list(items: list[str], joiner: str = "or") -> str:
    """'a', 'a' or 'b', 'a', 'b' or 'c'."""
    quoted = [f"'{item}'" for item in items]
    if len(quoted) <= 1:
        return "".join(quoted)
    return f"{', '.join(quoted[:-1])} {joiner} {quoted[-1]}"


def is_plain_span(document: Document, span: Span) -> bool:
    """Whether ``span`` is prose on one line: no markup, URL, code or line break inside it.

    Only such spans may be rewritten; replacing "in **order** to" would drop the emphasis.
    """
    text = document.text[span.start : span.end]
    return bool(text) and text == document.prose[span.start : span.end] and "\n" not in text and "\r" not in text


ARTICLE_BEFORE_RE = re.compile(r"(?:^|[^\w’'])(an?)\s+$", re.IGNORECASE)


def article_agrees(document: Document, span: Span, replacement: str) -> bool:
    """False when 'a' or 'an' right before ``span`` would not fit ``replacement`` ("an optimum" → "an best").

    The test is by first letter, which is conservative: a mismatch makes the fix unsafe, never wrong.
    """
    m = ARTICLE_BEFORE_RE.search(document.prose[max(0, span.start - 8) : span.start])
    if m is None or not replacement:
        return True
    wants_an = replacement[0].lower() in "aeiou"
    return (m.group(1).lower() == "an") == wants_an


def match_case(replacement: str, original: str) -> str:
    """Give ``replacement`` the capitalisation of ``original`` (Utilize → Use)."""
    if original.isupper() and len(original) > 1:
        return replacement.upper()
    if original[:1].isupper():
        return replacement[:1].upper() + replacement[1:]
    return replacement
