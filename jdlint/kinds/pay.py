"""Pay transparency: whether there is a pay figure, whether it is a range, whether "competitive" hides it.

What counts as pay is data in ``rules/lists/<list>.toml`` (``context``,
``not_pay``, ``vague``) together with the pay-transparency jurisdictions a
project can select with the ``jurisdictions`` parameter. A figure is a
currency amount (``$52,000``, ``£24k``, ``EUR 3,000``) or a range of two, in a
sentence or field that talks about pay, or followed by a period ("an hour").

``check`` picks what a rule reports:

* ``missing``: no pay figure anywhere (one finding at the top of the file);
* ``vague``: "competitive salary", "DOE" and the like, when no figure is given;
* ``single``: "up to" a figure (a ceiling with no floor), or any single figure
  when a selected jurisdiction asks for a range; a fixed rate alone is
  otherwise a complete answer.

With no jurisdictions selected the findings advise a range and make no legal
claim; with some, they name each law as reported, with its start date.
"""

from __future__ import annotations

import datetime
import re
from collections.abc import Iterator
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any, ClassVar

from jdlint import prefilter
from jdlint.diskcache import compile_patterns as compile_patterns_stored
from jdlint.errors import JdlintError
from jdlint.kinds.base import Check
from jdlint.kinds.patterns import compile_patterns
from jdlint.memo import by_identity
from jdlint.model import BlockKind, Document, Finding, Rule, Severity, Span
from jdlint.rules import Param, load_list

CHECKS = ("missing", "vague", "single")
CURRENCY = r"(?:US\$|CA\$|C\$|A\$|AU\$|NZ\$|[$£€]|\b(?:USD|GBP|EUR|CAD|AUD|NZD|CHF)\s?)"
NUMBER = r"\d{1,3}(?:,\d{3})+(?:\.\d{1,2})?|\d+(?:\.\d{1,2})?"
AMOUNT = rf"{CURRENCY}\s?(?:{NUMBER})(?:\s?[kK]\b)?"
SUFFIXED = rf"(?<![\w$£€.,])(?:{NUMBER})(?:\s?[kK])?\s?(?:USD|GBP|EUR|CAD|AUD|dollars)\b"
FIGURE = re.compile(
    rf"(?P<up>\bup\s+to\s+)?(?P<low>{AMOUNT}|{SUFFIXED})"
    rf"(?:\s*(?:-|–|—|to|and)\s*(?P<high>{AMOUNT}|{SUFFIXED}|(?:{NUMBER})(?:\s?[kK]\b)?(?:\s?(?:USD|GBP|EUR|CAD|AUD))?))?",
    re.IGNORECASE,
)
DIGIT = re.compile(r"\d")
# Where a FIGURE match can start. Its optional first group starts with "up"; AMOUNT starts with a
# CURRENCY alternative (each a plain word); SUFFIXED starts with a digit that its lookbehind keeps
# from following a word character, so with the first digit of a run of digits. Trying FIGURE at
# just these places (see _figures) finds what FIGURE.finditer finds, without the engine's
# case-insensitive try at every character. The words are lower-case, for the lower-cased text.
FIGURE_WORDS: tuple[str, ...] = ("up", "us$", "ca$", "c$", "a$", "au$", "nz$", "$", "£", "€")
FIGURE_WORDS += ("usd", "gbp", "eur", "cad", "aud", "nzd", "chf")
# Every FIGURE match contains one of these (lower-case, for the lower-cased text): its amount is
# AMOUNT, which holds a CURRENCY sign or code, or SUFFIXED, which ends in one of its currency words.
FIGURE_NEEDS = ("$", "£", "€", "usd", "gbp", "eur", "cad", "aud", "nzd", "chf", "dollars")
DIGIT_RUN = re.compile(r"\d+")
PERIOD = re.compile(
    r"\s*(?:(?:per|an?|/|each)\s*(?P<p1>hour|hr|year|yr|annum|month|week|day|shift)\b|(?P<p2>hourly|annually|yearly|"
    r"p\.?a\b|p/\s?annum|per\s+annum|monthly|weekly|daily|p/h|ph\b))",
    re.IGNORECASE,
)
PERIODS = {
    "hr": "hour",
    "yr": "year",
    "annum": "year",
    "hourly": "hour",
    "annually": "year",
    "yearly": "year",
    "pa": "year",
    "p.a": "year",
    "p/annum": "year",
    "p/ annum": "year",
    "monthly": "month",
    "weekly": "week",
    "daily": "day",
    "p/h": "hour",
    "ph": "hour",
}
SENTENCE_END = re.compile(r"[.!?](?:\s|$)|\n")


@dataclass(frozen=True)
class PayFigure:
    """A pay amount or range found in the text."""

    span: Span
    is_range: bool
    up_to: bool
    period: str  # "hour", "year", ... or "" when not stated


@dataclass(frozen=True)
class Jurisdiction:
    """A pay-transparency law as reported (see the list file for sources)."""

    code: str
    name: str
    in_force: datetime.date
    employers: str
    requires: str
    fixed_rate_ok: bool


@lru_cache(maxsize=4)
def _pay_data(
    directory: Path, name: str
) -> tuple[re.Pattern[str], re.Pattern[str], prefilter.Scan, dict[str, Jurisdiction]]:
    where = f"{directory}/lists/{name}.toml"
    data = load_list(directory, name)
    try:
        sources = [data["context"], data["not_pay"], data.get("not_pay_before", "(?!)")]
        # Programs stored on disk by content (re's parser is pure Python); bad ones raise as re.compile does.
        context, not_pay, not_pay_before = compile_patterns_stored(sources, re.IGNORECASE)
    except (KeyError, re.error) as error:
        raise JdlintError(f"{where}: needs valid 'context' and 'not_pay' patterns ({error})") from None
    jurisdictions: dict[str, Jurisdiction] = {}
    for raw in data.get("jurisdiction", []):
        try:
            item = Jurisdiction(
                code=raw["code"],
                name=raw["name"],
                in_force=datetime.date.fromisoformat(raw["in_force"]),
                employers=raw["employers"],
                requires=raw["requires"],
                fixed_rate_ok=bool(raw.get("fixed_rate_ok", False)),
            )
        except (KeyError, ValueError, TypeError) as error:
            raise JdlintError(f"{where}: jurisdiction {raw.get('code', '?')!r}: {error}") from None
        jurisdictions[item.code.upper()] = item
    # not_pay_before is searched in the text before every amount: through a Scan, that skips most of it.
    return context, not_pay, prefilter.Scan(not_pay_before), jurisdictions


def _sentence(text: str, start: int, end: int) -> str:
    """The sentence (or line) around ``text[start:end]``."""
    before = [m.end() for m in SENTENCE_END.finditer(text, 0, start)]
    after = SENTENCE_END.search(text, end)
    return text[(before[-1] if before else 0) : (after.start() if after else len(text))]


def _figures(text: str, lowered: str | None) -> Iterator[re.Match[str]]:
    """``FIGURE.finditer(text)``, trying FIGURE only where a match can start (see FIGURE_WORDS).

    ``lowered`` is ``text.lower()`` when that agrees with re's case folding (jdlint.prefilter.folded),
    else None: then FIGURE runs as it is.
    """
    if lowered is None:
        yield from FIGURE.finditer(text)
        return
    if not any(word in lowered for word in FIGURE_NEEDS):
        return
    starts = [m.start() for m in DIGIT_RUN.finditer(text)]
    for word in FIGURE_WORDS:
        at = lowered.find(word)
        while at != -1:
            starts.append(at)
            at = lowered.find(word, at + 1)
    end = 0
    for at in sorted(starts):
        if at < end:
            continue  # inside the last match: finditer resumes after it
        m = FIGURE.match(text, at)
        if m is not None:
            end = m.end()  # never empty: every match has a digit
            yield m


def _heading_of(document: Document, index: int) -> str:
    """The heading text of the (last) section that holds block ``index``, or ""."""
    heading = ""
    for section in document.sections:
        if index in section.blocks:
            heading = document.heading_text(section) or ""
    return heading


@by_identity()
def find_pay(document: Document, directory: Path, name: str = "pay") -> list[PayFigure]:
    """Every pay figure in the document.

    Headings are searched too: scraped postings often set "SALARY RANGE: $85,000-$100,000" as a
    heading line. An amount counts as pay when a period follows it, or when its sentence, its field
    label or its section heading talks about pay (a table row under "Salary range").
    """
    context, not_pay, not_pay_before, _ = _pay_data(directory, name)
    lowered = prefilter.folded(document.prose)
    figures = []
    for index, block in enumerate(document.blocks):
        start, end = block.span.start, block.span.end
        if not DIGIT.search(document.prose, start, end):
            continue  # every figure has a digit; most blocks have none
        text = document.prose[start:end]
        lowered_text = None if lowered is None else lowered[start:end]
        for m in _figures(text, lowered_text):
            if not_pay.match(text, m.end()) or not_pay_before.search(text, 0, m.start(), lowered_text):
                continue
            period_match = PERIOD.match(text, m.end())
            period = ""
            if period_match:
                word = (period_match.group("p1") or period_match.group("p2")).lower()
                period = PERIODS.get(" ".join(word.split()), word)
            about_pay = (
                period
                or (block.label is not None and context.search(document.words(block.label)))
                or context.search(_sentence(text, m.start(), m.end()))
                or (block.kind is BlockKind.ROW and context.search(_heading_of(document, index)))
            )
            if not about_pay:
                continue
            span = Span(start + m.start("low"), start + m.end())
            figures.append(PayFigure(span, m.group("high") is not None, m.group("up") is not None, period))
    return figures


class Pay(Check):
    """Missing, vague or single-figure pay; jurisdictions named when selected."""

    PARAMS: ClassVar[dict[str, Param]] = {
        "check": Param(str, ""),
        "list": Param(str, "pay"),
        "jurisdictions": Param(list, []),
        "legal_severity": Param(str, "warning"),
    }
    FIELDS = frozenset({"match", "what", "advice", "law", "detail"})

    def __init__(self, rule: Rule) -> None:
        super().__init__(rule)
        where = f"{rule.source}: rule {rule.code}"
        if self.params["check"] not in CHECKS:
            raise JdlintError(f"{where}: check must be one of {', '.join(CHECKS)}")
        self.directory: Path = self.params["_directory"]
        known = _pay_data(self.directory, self.params["list"])[3]
        self.laws: list[Jurisdiction] = []
        for code in self.params["jurisdictions"]:
            if not isinstance(code, str) or code.upper() not in known:
                raise JdlintError(f"{where}: unknown jurisdiction {code!r} (known: {', '.join(sorted(known))})")
            self.laws.append(known[code.upper()])
        try:
            self.legal_severity = Severity.parse(self.params["legal_severity"])
        except ValueError as error:
            raise JdlintError(f"{where}: {error}") from None
        raw_vague: list[Any] = load_list(self.directory, self.params["list"]).get("vague", [])
        self.near_pay = [bool(v.pop("near_pay", False)) for v in (dict(v) for v in raw_vague)]
        self.vague = compile_patterns([{k: v for k, v in item.items() if k != "near_pay"} for item in raw_vague], where)
        self.vague_scans = [prefilter.Scan(pattern.regex) for pattern in self.vague]
        self.context = _pay_data(self.directory, self.params["list"])[0]
        try:
            self.grade = re.compile(load_list(self.directory, self.params["list"]).get("grade", "(?!)"), re.IGNORECASE)
            self.grade_scan = prefilter.Scan(self.grade)
        except re.error as error:
            raise JdlintError(f"{where}: bad grade pattern: {error}") from None

    def _law(self, ranges_only: bool = False) -> tuple[str, Severity | None]:
        """The selected laws as one clause, and the severity to use (None: the rule's)."""
        laws = [j for j in self.laws if not (ranges_only and j.fixed_rate_ok)]
        if not laws:
            return "", None
        today = datetime.date.today()
        parts = []
        for law in laws:
            when = "since" if law.in_force <= today else "from"
            parts.append(f"{law.name} ({when} {law.in_force.isoformat()}, {law.employers}): {law.requires}")
        return " Reported posting rules you selected: " + "; ".join(parts) + ".", self.legal_severity

    def _grade(self, document: Document) -> str:
        """' (only the grade 'Band 5')' when a pay field or sentence names a grade but no figure."""
        if not self.grade_scan.may_match(document.prose):
            return ""  # each block's text is part of the prose: no grade in the prose, none in a block
        lowered = prefilter.folded(document.prose)
        for block in document.blocks:
            start, end = block.span.start, block.span.end
            text = document.prose[start:end]
            found = self.grade.finditer(text) if lowered is None else self.grade_scan.finditer(text, lowered[start:end])
            for m in found:
                label = document.words(block.label) if block.label is not None else ""
                if self.context.search(label) or self.context.search(_sentence(text, m.start(), m.end())):
                    return f" (only the grade '{' '.join(m.group().split())}')"
        return ""

    def check(self, document: Document) -> Iterator[Finding]:
        """Yield this rule's findings for ``document``."""
        if not document.blocks:
            return
        figures = find_pay(document, self.directory, self.params["list"])
        structured = structured_pay(document)
        kind = self.params["check"]
        if kind == "missing":
            if figures or structured:
                return
            law, severity = self._law()
            yield self.finding(
                document, Span(0, 0), {"match": "", "law": law, "detail": self._grade(document)}, severity=severity
            )
        elif kind == "vague":
            if figures or structured:
                return
            law, severity = self._law()
            for pattern, scan, near in zip(self.vague, self.vague_scans, self.near_pay, strict=True):
                for m in scan.finditer(document.prose):
                    if near and not self.context.search(_sentence(document.prose, m.start(), m.end())):
                        continue
                    span = Span(m.start(), m.end())
                    yield self.finding(document, span, {"what": pattern.what, "law": law}, severity=severity)
        else:
            if any(f.is_range and not f.up_to for f in figures) or (structured and structured.get("max")):
                return
            law, severity = self._law(ranges_only=True)
            for figure in figures:
                if not figure.up_to and not law:
                    continue  # a fixed rate is a full answer unless a selected law asks for a range
                what = "a ceiling with no floor ('up to')" if figure.up_to else "a single figure, not a range"
                yield self.finding(document, figure.span, {"what": what, "law": law}, severity=severity)
                return


def structured_pay(document: Document) -> dict[str, Any] | None:
    """The pay a page states in its JSON-LD ``JobPosting`` (``baseSalary``), when it states a figure.

    Careers pages often show pay only in that structured data, which job
    boards read; it counts as giving the pay (see jdlint.formats.html).
    """
    posting = document.metadata.get("jobposting") or {}
    salary = posting.get("base_salary") if isinstance(posting, dict) else None
    if isinstance(salary, dict) and any(salary.get(key) is not None for key in ("min", "max", "value")):
        return salary
    return None
