"""What every rule kind shares: its parameter schema and how it words a finding."""

from __future__ import annotations

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


def match_case(replacement: str, original: str) -> str:
    """Give ``replacement`` the capitalisation of ``original`` (Utilize → Use)."""
    if original.isupper() and len(original) > 1:
        return replacement.upper()
    if original[:1].isupper():
        return replacement[:1].upper() + replacement[1:]
    return replacement
