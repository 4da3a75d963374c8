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

Rule files are data that teams write, so a pattern must not be able to hang jdlint.
Python's ``re`` backtracks: ``(a+)+$`` takes exponential time on a line of a's. A pattern
that repeats a repeated or alternated group (the shape behind that blow-up) therefore runs
on RE2 (``google-re2``), which matches in linear time; if it also needs what RE2 lacks
(lookaround, backreferences), it is refused with a one-line error. Every other pattern
runs on ``re``, with its Unicode-aware word, boundary and space classes.
"""

from __future__ import annotations

import re
import re._constants as sre  # type: ignore[import-not-found]
import re._parser as sre_parse  # type: ignore[import-not-found]
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any, ClassVar

import re2

from jdlint.errors import JdlintError
from jdlint.kinds.base import Check
from jdlint.model import Document, Finding, Rule, Severity, Span
from jdlint.prefilter import Scan
from jdlint.rules import Param

PATTERN_KEYS = {"pattern", "what", "advice", "scope", "case", "severity", "unless"}


@dataclass(frozen=True)
class Pattern:
    """One compiled pattern with the words to report it by."""

    regex: Any  # a compiled ``re`` or ``re2`` pattern: both offer finditer, start(n), end(n)
    found: int  # the number of the group named "found", or 0 for the whole match
    what: str
    advice: str
    scope: str
    severity: Severity | None = None
    unless: Any = None  # a compiled ``re`` or ``re2`` pattern


def compile_patterns(raw: list[Any], where: str) -> list[Pattern]:
    """Validate and compile a rule's pattern tables."""
    patterns = []
    _compile_stored(raw)
    for item in raw:
        if not isinstance(item, dict) or "pattern" not in item or "what" not in item or set(item) - PATTERN_KEYS:
            raise JdlintError(f"{where}: each pattern needs 'pattern' and 'what' (and may have advice, scope, case)")
        scope = item.get("scope", "prose")
        if scope not in ("prose", "text"):
            raise JdlintError(f"{where}: pattern scope must be 'prose' or 'text'")
        if not isinstance(item["pattern"], str) or not isinstance(item["what"], str):
            raise JdlintError(f"{where}: 'pattern' and 'what' must be strings")
        regex = compile_pattern(item["pattern"], bool(item.get("case")), where)
        # ``unless`` is matched against whole documents, so it gets the same hang guard.
        unless = compile_pattern(item["unless"], False, where) if "unless" in item else None
        try:
            severity = Severity.parse(item["severity"]) if "severity" in item else None
        except ValueError as error:
            raise JdlintError(f"{where}: {error}") from None
        found = regex.groupindex.get("found", 0)
        patterns.append(Pattern(regex, found, item["what"], item.get("advice", ""), scope, severity, unless))
    return patterns


# Patterns compiled from the disk cache by _compile_stored: (source, case) -> (``re`` pattern, risky).
_stored: dict[tuple[str, bool], tuple[re.Pattern[str], bool]] = {}


def _compile_stored(raw: list[Any]) -> None:
    """Fill ``_stored`` for a rule's patterns from the disk cache (``re`` programs and hang-check verdicts).

    Python's regex parser is pure Python, and each pattern was parsed twice (to compile it,
    then to look for nested repeats): a few milliseconds of every start. Both results are
    stored keyed by the pattern sources; anything unexpected (a bad pattern, a damaged entry)
    leaves ``_stored`` as it was, and :func:`compile_pattern` then works as if there were no cache.
    """
    from jdlint.diskcache import cached, compile_patterns

    wanted = []
    for item in raw:
        if isinstance(item, dict):
            wanted += [(item.get("pattern"), bool(item.get("case"))), (item.get("unless"), False)]
    specs = sorted({(p, case) for p, case in wanted if isinstance(p, str) and (p, case) not in _stored})
    if not specs:
        return
    try:
        verdicts = cached("pattern-risk", repr(specs).encode(), lambda: [_risky(p, case) for p, case in specs])
        compiled: dict[tuple[str, bool], re.Pattern[str]] = {}
        for case in (False, True):
            sources = [p for p, c in specs if c is case]
            if sources:
                programs = compile_patterns(sources, 0 if case else re.IGNORECASE)
                compiled.update(((p, case), regex) for p, regex in zip(sources, programs, strict=True))
    except Exception:  # the slow path reports the problem properly
        return
    for spec, risky in zip(specs, verdicts, strict=True):
        _stored[spec] = (compiled[spec], bool(risky))


def _risky(pattern: str, case: bool) -> bool:
    re.compile(pattern, 0 if case else re.IGNORECASE)  # a bad pattern raises: nothing is stored
    return _nested_repeat(sre_parse.parse(pattern))


def compile_pattern(pattern: str, case: bool, where: str) -> Any:
    """Compile with ``re``, or with RE2 when backtracking could take exponential time."""
    if (pattern, case) in _stored:
        regex, risky = _stored[pattern, case]
    else:
        try:
            regex = re.compile(pattern, 0 if case else re.IGNORECASE)
            risky = _nested_repeat(sre_parse.parse(pattern))
        except (re.error, RecursionError, OverflowError) as error:
            raise JdlintError(f"{where}: bad pattern {pattern!r}: {error}") from None
    if not risky:
        return regex
    options = re2.Options()
    options.log_errors = False  # RE2 would print its own complaint to stderr
    options.case_sensitive = case
    try:
        return re2.compile(pattern, options)
    except re2.error:
        raise JdlintError(
            f"{where}: pattern {pattern!r} repeats a repeated group and uses lookaround or a backreference: "
            "it could take exponential time; simplify it"
        ) from None


REPEATS = (sre.MAX_REPEAT, sre.MIN_REPEAT, sre.POSSESSIVE_REPEAT)


def _children(av: Any) -> Iterator[sre_parse.SubPattern]:
    """The sub-patterns inside one parsed node's argument, however it is nested."""
    if isinstance(av, sre_parse.SubPattern):
        yield av
    elif isinstance(av, tuple | list):
        for item in av:
            yield from _children(item)


def _repeats_or_branches(pattern: sre_parse.SubPattern) -> bool:
    for op, av in pattern:
        if (op in REPEATS and av[1] > 1) or op is sre.BRANCH:
            return True
        if any(_repeats_or_branches(child) for child in _children(av)):
            return True
    return False


def _nested_repeat(pattern: sre_parse.SubPattern) -> bool:
    """Whether a repeat's body itself repeats or alternates, as in ``(a+)+`` or ``(a|ab)*``."""
    for op, av in pattern:
        if op in REPEATS and av[1] > 1 and any(_repeats_or_branches(child) for child in _children(av)):
            return True
        if any(_nested_repeat(child) for child in _children(av)):
            return True
    return False


class Patterns(Check):
    """Flag every match of any listed pattern."""

    PARAMS: ClassVar[dict[str, Param]] = {"patterns": Param(list, [])}
    FIELDS = frozenset({"match", "what", "advice"})
    FIX_POLICY = "Display-only: only the author knows what belongs where the placeholder is; --fix never edits."

    def __init__(self, rule: Rule) -> None:
        super().__init__(rule)
        self.patterns = compile_patterns(self.params["patterns"], f"{rule.source}: rule {rule.code}")
        # The same scans, skipping the places where no match can start (see jdlint.prefilter).
        self.scans = [
            (Scan(p.regex), None if p.unless is None else Scan(p.unless), id(p.unless)) for p in self.patterns
        ]

    def check(self, document: Document) -> Iterator[Finding]:
        """Yield this rule's findings for ``document``."""
        taken: list[Span] = []
        # Patterns often share one ``unless`` (the same compiled object): search the document for it once.
        silenced: dict[int, bool] = {}
        for pattern, (scan, unless, unless_id) in zip(self.patterns, self.scans, strict=True):
            haystack = document.prose if pattern.scope == "prose" else document.text
            if unless is not None:
                if unless_id not in silenced:
                    silenced[unless_id] = unless.search(document.prose) is not None
                if silenced[unless_id]:
                    continue
            for m in scan.finditer(haystack):
                span = Span(m.start(pattern.found), m.end(pattern.found))
                if not span or any(t.start < span.end and span.start < t.end for t in taken):
                    continue
                taken.append(span)
                fields = {"what": pattern.what, "advice": pattern.advice}
                yield self.finding(document, span, fields, severity=pattern.severity)
