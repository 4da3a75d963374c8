"""Reader focus: whether the posting talks to the reader ("you") or about them ("the candidate").

The phrases are data in ``rules/lists/<list>.toml``: ``third_person`` (a
regular expression whose ``verb`` or ``verb2`` group, if any, is the verb), ``verbs`` (the
third-person verb forms and their second-person forms, "has" = "have") and
``second_person`` (the words that address the reader). ``measure`` picks
what a rule reports:

* ``phrase``: each third-person reference, rewritten in the second person
  ("The ideal candidate has" -> "You have");
* ``share``: a posting that refers to the reader in the third person at least
  ``min_third`` times and addresses them as "you" in less than ``min_share``
  of all references (one finding, at the first third-person phrase).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from functools import lru_cache
from typing import ClassVar

from jdlint.errors import JdlintError
from jdlint.kinds.base import Check, match_case
from jdlint.memo import by_identity
from jdlint.model import Applicability, Document, Finding, Fix, Rule, Span
from jdlint.prefilter import Scan
from jdlint.rules import Param, load_list

MEASURES = ("phrase", "share")


@by_identity(size=4)
def _matches(pattern: re.Pattern[str], text: str) -> tuple[re.Match[str], ...]:
    """Every match of ``pattern`` in ``text``, found once: the phrase and share rules read the same list."""
    return tuple(_scan(pattern).finditer(text))


@lru_cache(maxsize=16)
def _scan(pattern: re.Pattern[str]) -> Scan:
    """``pattern`` through ``prefilter.Scan``: exactly its ``finditer``, tried only where a match can start.

    Both reader-focus patterns start with a plain word ("the", "you") and ignore case, which
    Python's engine otherwise tries at every position of the prose.
    """
    return Scan(pattern)


class ReaderFocus(Check):
    """Third-person references to the reader, and the share of "you"."""

    PARAMS: ClassVar[dict[str, Param]] = {
        "measure": Param(str, ""),
        "list": Param(str, "reader-focus"),
        "min_third": Param(int, 3),
        "min_share": Param(float, 0.5),
    }
    FIELDS = frozenset({"match", "rewrite", "you", "third", "share"})

    def __init__(self, rule: Rule) -> None:
        super().__init__(rule)
        where = f"{rule.source}: rule {rule.code}"
        if self.params["measure"] not in MEASURES:
            raise JdlintError(f"{where}: measure must be one of {', '.join(MEASURES)}")
        data = load_list(self.params["_directory"], self.params["list"])
        try:
            self.third = re.compile(data["third_person"], re.IGNORECASE)
            self.second = re.compile(data["second_person"], re.IGNORECASE)
        except (KeyError, re.error) as error:
            raise JdlintError(f"{where}: bad reader-focus list: {error}") from None
        self.verbs: dict[str, str] = {k.lower(): v for k, v in data.get("verbs", {}).items()}

    def rewrite(self, written: str, verb: str | None) -> str:
        """'The ideal candidate has' -> 'You have'; without a verb, just 'you'."""
        you = match_case("you", written)
        if not verb:
            return you
        return f"{you} {self.verbs.get(verb.lower(), verb)}"

    def check(self, document: Document) -> Iterator[Finding]:
        """Yield this rule's findings for ``document``."""
        matches = _matches(self.third, document.prose)
        if self.params["measure"] == "phrase":
            for m in matches:
                span = Span(m.start(), m.end())
                rewrite = self.rewrite(m.group(), m.groupdict().get("verb") or m.groupdict().get("verb2"))
                fix = Fix(span, rewrite, Applicability.UNSAFE)
                yield self.finding(document, span, {"rewrite": rewrite}, fix=fix)
            return
        third = len(matches)
        if third < self.params["min_third"]:
            return  # (most postings: then the share of "you" does not matter, so it is not counted)
        # Counting finditer's matches counts findall's: both read the same non-overlapping matches.
        you = sum(1 for _ in _scan(self.second).finditer(document.prose))
        if you / (you + third) >= self.params["min_share"]:
            return
        first = matches[0]
        fields = {"you": you, "third": third, "share": f"{you / (you + third):.0%}"}
        yield self.finding(document, Span(first.start(), first.end()), fields)
