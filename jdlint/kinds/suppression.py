"""Suppression comments that suppress nothing (ruff's RUF100, for job descriptions).

Whether a comment was used is only known after every other rule has run, so
the engine calls :meth:`UnusedSuppression.review` with what
:mod:`jdlint.suppress` worked out; ``check`` itself finds nothing.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from typing import ClassVar

from jdlint.kinds.base import Check, quote_list
from jdlint.model import Applicability, Document, Finding, Fix, Span
from jdlint.rules import Param
from jdlint.suppress import ACTIONS, Directive, Problem


class UnusedSuppression(Check):
    """Report jdlint comments that hide nothing, name unknown rules or misspell the action."""

    PARAMS: ClassVar[dict[str, Param]] = {}
    FIELDS = frozenset({"match", "problem", "advice"})
    FIX_POLICY = (
        "Safe: removing a comment that suppresses nothing (or the codes in it that suppress nothing) changes no "
        "finding and no word of the posting. Unknown codes and misspelt comments are display-only."
    )

    def check(self, document: Document) -> Iterator[Finding]:
        """Nothing here: see :meth:`review`, which needs the other rules' findings."""
        return iter(())

    def review(self, document: Document, problems: Sequence[Problem]) -> Iterator[Finding]:
        """One finding per faulty directive, with a fix that removes what does nothing."""
        by_directive: dict[Directive, list[Problem]] = {}
        for item in problems:
            by_directive.setdefault(item.directive, []).append(item)
        for directive, found in by_directive.items():
            written = f"jdlint-{directive.action}"
            if found[0].reason == "unknown-action":
                actions = ", ".join(f"jdlint-{a}" for a in ACTIONS)
                yield self._report(
                    document, directive, f"'{written}' is not a jdlint comment.", f"Use one of {actions}.", None
                )
                continue
            unknown = [p.code for p in found if p.reason == "unknown-rule"]
            unused = [p.code for p in found if p.reason == "unused"]
            if unknown:
                problem = (
                    f"{quote_list(unknown, 'and')} in '{written}' {'is' if len(unknown) == 1 else 'are'} not a rule."
                )
                advice = "Use rule codes (JD101), code prefixes (JD1) or rule names; 'jdlint rules' lists them."
                yield self._report(document, directive, problem, advice, None)
            if unused:
                remaining = [c for c in directive.codes if c not in unused]
                if not directive.codes or not remaining:
                    problem = f"'{written}' suppresses nothing here."
                    advice = "Remove the comment."
                    fix = Fix(_whole_lines(document.text, directive.span), "", Applicability.SAFE)
                else:
                    verb = "suppresses" if len(unused) == 1 else "suppress"
                    problem = f"{quote_list(unused, 'and')} in '{written}' {verb} nothing here."
                    advice = f"Remove {quote_list(unused, 'and')} from the comment."
                    fix = Fix(directive.span, _rewrite(document.text, directive, remaining), Applicability.SAFE)
                yield self._report(document, directive, problem, advice, fix)

    def _report(self, document: Document, directive: Directive, problem: str, advice: str, fix: Fix | None) -> Finding:
        return self.finding(document, directive.span, {"problem": problem, "advice": advice}, fix=fix)


def _whole_lines(text: str, span: Span) -> Span:
    """The directive's span, widened to its whole line when nothing else is on it."""
    start = text.rfind("\n", 0, span.start) + 1
    end = text.find("\n", span.end)
    end = len(text) if end < 0 else end + 1
    if text[start : span.start].strip() or text[span.end : end].strip():
        return span
    return Span(start, end)


def _rewrite(text: str, directive: Directive, codes: Sequence[str]) -> str:
    """The directive written again with only ``codes``, in the form it was written in."""
    reason = f' reason="{directive.reason}"' if directive.reason else ""
    body = f"jdlint-{directive.action} {', '.join(codes)}{reason}"
    if text.startswith("<!--", directive.span.start):
        return f"<!-- {body} -->"
    indent = text[directive.span.start : text.index("#", directive.span.start)]
    return f"{indent}# {body}"
