"""Inline suppression comments, and which of them suppressed nothing.

In Markdown and HTML the comments are invisible when the posting is rendered::

    <!-- jdlint-disable JD101 reason="the client's own product name" -->
    ...
    <!-- jdlint-enable JD101 -->
    <!-- jdlint-disable-next-line JD201 -->
    - Hold a CCM or ACM certificate.   <!-- jdlint-disable-line JD201 -->
    <!-- jdlint-disable-file JD401 -->

Plain-text files use the same words on a line of their own after ``#``
(``# jdlint-disable-next-line JD201``); the HTML form works there too.
Codes may be codes, code prefixes (``JD4``) or rule names, separated by
commas or spaces; no code means every rule.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass

from jdlint.model import Finding, Span

ACTIONS = ("disable-next-line", "disable-line", "disable-file", "disable", "enable")
HTML_DIRECTIVE = re.compile(r"<!--[ \t]*jdlint-(?P<action>[a-z-]*)(?P<body>.*?)-->", re.DOTALL)
TEXT_DIRECTIVE = re.compile(r"^[ \t]*#[ \t]*jdlint-(?P<action>[a-z-]*)(?P<body>[^\n]*)$", re.MULTILINE)
REASON = re.compile(r"""reason\s*=\s*(?:"(?P<double>[^"]*)"|'(?P<single>[^']*)')""")


@dataclass(frozen=True, slots=True)
class Directive:
    """One suppression comment: what it does, to which rules, and where it is."""

    action: str  # one of ACTIONS, or what was written if it is not one
    codes: tuple[str, ...]  # empty: every rule
    span: Span  # the whole comment
    reason: str = ""

    @property
    def known(self) -> bool:
        """Whether the action is one jdlint understands."""
        return self.action in ACTIONS


@dataclass(frozen=True, slots=True)
class Region:
    """Text where some rules are off, and the directive (and code) that turned them off."""

    span: Span
    directive: int  # index into the directives
    code: str  # a code, prefix or name; "" for every rule


def find_directives(text: str, markdown: bool) -> tuple[Directive, ...]:
    """Every suppression comment in ``text``, in order."""
    matches = list(HTML_DIRECTIVE.finditer(text))
    if not markdown:
        matches += TEXT_DIRECTIVE.finditer(text)
    directives = []
    for m in sorted(matches, key=lambda m: m.start()):
        body = m.group("body")
        reason_match = REASON.search(body)
        reason = ""
        if reason_match:
            reason = reason_match.group("double") or reason_match.group("single") or ""
            body = body[: reason_match.start()] + body[reason_match.end() :]
        codes = tuple(c for c in re.split(r"[\s,]+", body) if c)
        directives.append(Directive(m.group("action"), codes, Span(m.start(), m.end()), reason))
    return tuple(directives)


def mask_directives(text: str, directives: Iterable[Directive]) -> str:
    """``text`` with each directive blanked (same length), so no rule reads the comment."""
    chars = list(text)
    for directive in directives:
        for i in range(directive.span.start, directive.span.end):
            if chars[i] not in "\r\n":
                chars[i] = " "
    return "".join(chars)


def regions(text: str, directives: Sequence[Directive]) -> list[Region]:
    """Where each directive applies."""
    found: list[Region] = []
    open_blocks: dict[str, tuple[int, int]] = {}  # code -> (start offset, directive index)
    for index, directive in enumerate(directives):
        keys = directive.codes or ("",)
        if directive.action == "disable-file":
            found += [Region(Span(0, len(text)), index, code) for code in keys]
        elif directive.action == "disable-line":
            found += [Region(_line_at(text, directive.span.start), index, code) for code in keys]
        elif directive.action == "disable-next-line":
            line = _next_line(text, directive.span.end)
            found += [Region(line, index, code) for code in keys]
        elif directive.action == "disable":
            for code in keys:
                open_blocks.setdefault(code, (directive.span.end, index))
        elif directive.action == "enable":
            closing = list(open_blocks) if not directive.codes else [c for c in directive.codes if c in open_blocks]
            for code in closing:
                start, opener = open_blocks.pop(code)
                found.append(Region(Span(start, directive.span.start), opener, code))
    for code, (start, opener) in open_blocks.items():
        found.append(Region(Span(start, len(text)), opener, code))
    return found


def _line_at(text: str, offset: int) -> Span:
    start = text.rfind("\n", 0, offset) + 1
    end = text.find("\n", offset)
    return Span(start, len(text) if end < 0 else end)


def _next_line(text: str, offset: int) -> Span:
    """The first line after the one holding ``offset`` that has any text on it."""
    end = text.find("\n", offset)
    while end >= 0:
        line = _line_at(text, end + 1)
        if text[line.start : line.end].strip():
            return line
        end = text.find("\n", end + 1)
    return Span(len(text), len(text))


@dataclass(frozen=True)
class Outcome:
    """Findings left after suppression, and what each directive did."""

    kept: tuple[Finding, ...]
    suppressed: int
    used: frozenset[tuple[int, str]]  # (directive index, code) pairs that hid something


def apply(
    text: str,
    findings: Sequence[Finding],
    directives: Sequence[Directive],
    covers: Callable[[Finding, str], bool],
) -> Outcome:
    """Drop findings that a directive covers; ``covers(finding, code)`` matches codes."""
    if not directives:
        return Outcome(tuple(findings), 0, frozenset())
    areas = regions(text, directives)
    kept: list[Finding] = []
    used: set[tuple[int, str]] = set()
    for finding in findings:
        hits = [r for r in areas if r.span.contains(finding.span.start) and (not r.code or covers(finding, r.code))]
        if hits:
            used.update((r.directive, r.code) for r in hits)
        else:
            kept.append(finding)
    return Outcome(tuple(kept), len(findings) - len(kept), frozenset(used))


@dataclass(frozen=True, slots=True)
class Problem:
    """A directive, or one code in it, that did nothing or cannot be understood."""

    directive: Directive
    code: str  # "" when the whole directive is at fault
    reason: str  # "unused", "unknown-rule" or "unknown-action"


def problems(
    directives: Sequence[Directive],
    used: frozenset[tuple[int, str]],
    is_known: Callable[[str], bool],
    is_active: Callable[[str], bool],
) -> list[Problem]:
    """Suppressions that suppress nothing, name unknown rules, or misspell the action.

    A code whose rule is not running for this file (ignored in configuration)
    is not reported as unused: it may be needed when that rule is turned on.
    """
    found = []
    for index, directive in enumerate(directives):
        if not directive.known:
            found.append(Problem(directive, "", "unknown-action"))
            continue
        if directive.action == "enable":
            continue
        for code in directive.codes or ("",):
            if code and not is_known(code):
                found.append(Problem(directive, code, "unknown-rule"))
            elif (index, code) not in used and (not code or is_active(code)):
                found.append(Problem(directive, code, "unused"))
    return found
