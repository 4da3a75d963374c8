"""Gender-coded wording (Gaucher, Friesen & Kay 2011): whole words, not prefixes.

The word list is ``rules/lists/<list>.toml``: ``[masculine]`` and ``[feminine]``
tables of ``{forms, neutral}`` and an ``exceptions`` list of phrases in which a
listed word is not a trait ("competitive salary"). Headings and field labels
are skipped ("Responsibilities" names a section, it does not describe anyone),
and so are equal-opportunity sections (the employer's legal boilerplate).

The study found that masculine-coded wording lowered women's interest in a job
while feminine-coded wording barely changed men's, so the balance of the whole
posting is what matters. :func:`GenderCoded.balance` counts both; the rule
flags each masculine-coded word, with a neutral word where one exists, only in
a posting with at least ``min_lean`` more masculine- than feminine-coded
words. A posting that also uses feminine-coded words is not asked to change
one "analytical".
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import Any, ClassVar

from jdlint import prefilter
from jdlint.errors import JdlintError
from jdlint.kinds.base import Check, match_case
from jdlint.memo import by_identity
from jdlint.model import Applicability, BlockKind, Document, Finding, Fix, Rule, Span
from jdlint.rules import Param, load_list
from jdlint.sections import heading_keys, section_keys

GENDERS = ("masculine", "feminine")
WORD_RUN = re.compile(r"[\w-]+")
RUN_CHAR = re.compile(r"[\w-]")
# For ASCII text: every character that is not [\w-] becomes a space, so that bytes.split() gives
# exactly WORD_RUN's runs (the only ASCII [\w-] characters are letters, digits, "_" and "-").
RUNS_ONLY = bytes(code if code >= 128 or RUN_CHAR.match(chr(code)) else 32 for code in range(256))


@dataclass(frozen=True)
class Hit:
    """One gender-coded word in the text."""

    gender: str
    word: str  # the list entry ("analytical"), not the form written
    neutral: str
    span: Span


@dataclass(frozen=True)
class Balance:
    """The coded words of one posting and what they add up to."""

    hits: tuple[Hit, ...]
    strong: int

    @property
    def masculine(self) -> int:
        """How many masculine-coded words."""
        return sum(h.gender == "masculine" for h in self.hits)

    @property
    def feminine(self) -> int:
        """How many feminine-coded words."""
        return sum(h.gender == "feminine" for h in self.hits)

    @property
    def verdict(self) -> str:
        """gender-decoder's scale: feminine minus masculine, 'strongly' beyond ``strong``."""
        difference = self.feminine - self.masculine
        if not self.hits:
            return "no coded words"
        if difference > self.strong:
            return "strongly feminine-coded"
        if difference > 0:
            return "feminine-coded"
        if difference == 0:
            return "neutral"
        if difference < -self.strong:
            return "strongly masculine-coded"
        return "masculine-coded"

    def as_dict(self, document: Document) -> dict[str, Any]:
        """Counts, verdict and each word with its line, for the JSON report."""
        words: dict[str, list[dict[str, Any]]] = {g: [] for g in GENDERS}
        for hit in self.hits:
            line, column = document.line_col(hit.span.start)
            written = document.text[hit.span.start : hit.span.end]
            words[hit.gender].append({"word": written, "line": line, "column": column})
        return {
            "masculine": self.masculine,
            "feminine": self.feminine,
            "verdict": self.verdict,
            "masculine_words": words["masculine"],
            "feminine_words": words["feminine"],
        }


class GenderCoded(Check):
    """Masculine-coded words in a posting that leans masculine, each with a neutral word."""

    PARAMS: ClassVar[dict[str, Param]] = {
        "list": Param(str, "gender-coded"),
        "strong": Param(int, 3),
        "min_lean": Param(int, 2),
    }
    FIELDS = frozenset({"match", "advice", "masculine", "feminine", "verdict"})

    def __init__(self, rule: Rule) -> None:
        super().__init__(rule)
        directory = self.params["_directory"]
        where = f"{directory}/lists/{self.params['list']}.toml"
        data = load_list(directory, self.params["list"])
        self.words: dict[str, tuple[str, str, str]] = {}  # form -> (gender, entry, neutral)
        for gender in GENDERS:
            for entry, raw in data.get(gender, {}).items():
                if not isinstance(raw, dict) or not raw.get("forms") or set(raw) - {"forms", "neutral"}:
                    raise JdlintError(f"{where}: {gender}.{entry}: needs 'forms' (and may have 'neutral')")
                for form in raw["forms"]:
                    self.words[form.lower()] = (gender, entry, raw.get("neutral", ""))
        if not self.words:
            raise JdlintError(f"{where}: no [masculine] or [feminine] words")
        alternation = "|".join(sorted(map(re.escape, self.words), key=len, reverse=True))
        # Whole words only, and not part of a hyphenated compound ("data-driven" is not "driven").
        self.regex = re.compile(rf"(?<![\w-])(?:{alternation})(?![\w-])", re.IGNORECASE)
        # The regex only matches a whole run of word characters and hyphens that equals a form
        # (ignoring case) when every form is lower-case ASCII: _balance then looks runs up instead
        # of running the regex. Empty (no shortcut) for any other forms.
        forms = frozenset(self.words)
        self._plain_forms = forms if all(re.fullmatch(r"[a-z0-9-]+", f) for f in forms) else frozenset()
        self._plain_bytes = frozenset(f.encode() for f in self._plain_forms)
        try:
            self.exceptions = [prefilter.Scan(re.compile(e, re.IGNORECASE)) for e in data.get("exceptions", [])]
        except re.error as error:
            raise JdlintError(f"{where}: bad exception pattern: {error}") from None

    def balance(self, document: Document) -> Balance:
        """Every coded word outside headings and field labels, and the verdict."""
        return _balance(self, document)

    def _balance(self, document: Document) -> Balance:
        skipped = self._boilerplate(document)
        prose = document.prose
        # With only lower-case ASCII forms, the regex matches exactly the whole runs of word
        # characters and hyphens that equal a form, ignoring case (see _plain_forms). Where
        # str.lower agrees with re's case folding (prefilter.folded), those are the runs of the
        # lower-cased text that are forms: see _runs.
        lowered = prefilter.folded(prose) if self._plain_forms else None
        found: list[tuple[int, int, tuple[str, str, str]]] = []  # every coded word, block by block
        for index, block in enumerate(document.blocks):
            if block.kind is BlockKind.HEADING or index in skipped:
                continue
            start = block.label.end if block.label is not None else block.span.start
            if lowered is not None:
                found += self._runs(lowered, start, block.span.end)
            else:
                matches = self.regex.finditer(prose[start : block.span.end])
                found += [(start + m.start(), start + m.end(), self._entry(m.group())) for m in matches]
        if not found:
            return Balance((), self.params["strong"])  # no word for an exception phrase to veto
        # Exception phrases are found once over the whole prose (not block by block): their spans
        # veto the coded words inside them. A span that starts after the last coded word vetoes
        # none, and finditer gives spans in order of their starts: each search stops there.
        last = max(at for at, _, _ in found)
        excepted = sorted(span for e in self.exceptions for span in _spans_until(e, prose, last))
        # reach[i]: the furthest end of the first i+1 exception spans, so "is a position inside
        # any span that starts at or before it" is one bisect and one comparison.
        reach: list[int] = []
        for _, end in excepted:
            reach.append(max(end, reach[-1]) if reach else end)
        hits: list[Hit] = []
        for at, end, (gender, entry, neutral) in found:
            before = bisect.bisect_right(excepted, (at, len(prose)))
            if before and reach[before - 1] > at:
                continue
            hits.append(Hit(gender, entry, neutral, Span(at, end)))
        return Balance(tuple(hits), self.params["strong"])

    def _entry(self, matched: str) -> tuple[str, str, str]:
        """The word data of the form the regex matched as ``matched``.

        Usually ``matched.lower()``; but ``re.IGNORECASE`` also matches a few letters that
        ``str.lower`` leaves apart ("ı" for "i", "ſ" for "s"), so "actıve" is "active" here too.
        """
        entry = self.words.get(matched.lower())
        if entry is None:
            entry = next(e for f, e in self.words.items() if re.fullmatch(re.escape(f), matched, re.IGNORECASE))
        return entry

    def _runs(self, lowered: str, start: int, end: int) -> list[tuple[int, int, tuple[str, str, str]]]:
        """The runs of ``lowered[start:end]`` that are forms, in order, as (start, end, word data)."""
        # Which forms are runs of the block: most blocks have none. An ASCII block's runs are
        # split out as bytes (RUNS_ONLY), three times faster than findall, which reads other blocks.
        block = lowered[start:end]
        if block.isascii():
            runs = block.encode().translate(RUNS_ONLY).split()
            present: Iterable[str] = [run.decode() for run in self._plain_bytes.intersection(runs)]
        else:
            present = self._plain_forms.intersection(WORD_RUN.findall(block))
        found = []
        for form in present:
            # Each place the form is written, when it is a whole run of the block: nothing of [\w-] on
            # either side inside the block (the regex ran on the block's text alone).
            at = lowered.find(form, start, end)
            while at != -1:
                after = at + len(form)
                if (at == start or not RUN_CHAR.match(lowered, at - 1)) and (
                    after == end or not RUN_CHAR.match(lowered, after)
                ):
                    found.append((at, after, self.words[form]))
                at = lowered.find(form, at + 1, end)
        found.sort()
        return found

    @staticmethod
    def _boilerplate(document: Document) -> set[int]:
        """Blocks under an equal-opportunity heading: legal boilerplate, not the posting's own voice."""
        keys = section_keys()
        skipped: set[int] = set()
        for section in document.sections:
            heading = document.heading_text(section)
            if heading is not None and "eeo_statement" in heading_keys(heading, keys):
                skipped.update(section.blocks)
        return skipped

    def check(self, document: Document) -> Iterator[Finding]:
        """Yield this rule's findings for ``document``."""
        balance = self.balance(document)
        if balance.masculine - balance.feminine < self.params["min_lean"]:
            return
        counts = {"masculine": balance.masculine, "feminine": balance.feminine, "verdict": balance.verdict}
        for hit in balance.hits:
            if hit.gender != "masculine":
                continue
            written = document.text[hit.span.start : hit.span.end]
            if hit.neutral:
                neutral = match_case(hit.neutral, written)
                advice = f"Consider '{neutral}', or describe the work rather than the person."
                fix = Fix(hit.span, neutral, Applicability.DISPLAY_ONLY)
            else:
                advice, fix = "Describe the work rather than the person.", None
            yield self.finding(document, hit.span, {**counts, "advice": advice}, fix=fix)


def _spans_until(exception: prefilter.Scan, prose: str, last: int) -> Iterator[tuple[int, int]]:
    """The spans of ``exception``'s matches in ``prose`` that start at or before ``last``."""
    for m in exception.finditer(prose):
        if m.start() > last:
            return
        yield m.span()


@by_identity()
def _balance(check: GenderCoded, document: Document) -> Balance:
    """The rule and the report both ask for a document's balance: work it out once."""
    return check._balance(document)
