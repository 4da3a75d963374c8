"""The prefilters find exactly what the regular expressions find.

:mod:`jdlint.prefilter` and the fast paths built on it (the gender rule's word runs, the pay
rule's figure starts) skip work on the grounds that no match can be there. These tests check
those grounds: the characters on which ``str.lower`` and ``re.IGNORECASE`` disagree, over every
code point, and then, on generated texts full of the rules' own words, that each fast path gives
the same matches as the regular expression it stands for.
"""

from __future__ import annotations

import re
from collections import defaultdict
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from jdlint.document import parse
from jdlint.engine import Linter
from jdlint.kinds import pay
from jdlint.kinds.gender import RUN_CHAR, RUNS_ONLY, WORD_RUN, GenderCoded
from jdlint.kinds.patterns import Patterns
from jdlint.model import BlockKind, Document, Span
from jdlint.prefilter import CASE_TRAPS, Scan, folded, plan_for
from jdlint.rules import builtin_rules_dir

EVERY_CHARACTER = "".join(chr(i) for i in range(0x110000) if not 0xD800 <= i <= 0xDFFF)


def test_case_traps_are_the_characters_where_lower_and_ignorecase_disagree() -> None:
    lowers_to: dict[str, set[str]] = defaultdict(set)
    disagree = set()
    for char in EVERY_CHARACTER:
        low = char.lower()
        if len(low) != 1:
            disagree.add(char)  # lower-casing would shift every later offset
        elif low < "\x80":
            lowers_to[low].add(char)
    for code in range(128):
        ascii_char = chr(code)
        if ascii_char == ascii_char.lower():
            matched = set(re.findall(re.escape(ascii_char), EVERY_CHARACTER, re.IGNORECASE))
            disagree |= matched ^ lowers_to[ascii_char]
    assert disagree == set(CASE_TRAPS)


def test_lower_casing_keeps_word_characters_and_the_pay_signs() -> None:
    # The gender rule finds runs of [\w-] in the lower-cased text; the pay rule looks for £ and € in it.
    assert all(
        bool(RUN_CHAR.match(c)) == bool(RUN_CHAR.match(c.lower())) for c in EVERY_CHARACTER if len(c.lower()) == 1
    )
    for sign in "£€":
        assert set(re.findall(sign, EVERY_CHARACTER, re.IGNORECASE)) == {sign}
        assert [c for c in EVERY_CHARACTER if c.lower() == sign] == [sign]


def test_folded_refuses_texts_with_a_trap() -> None:
    assert folded("Active İstanbul") is None
    assert folded("Active Trust") == "active trust"


@pytest.mark.parametrize(
    ("pattern", "required", "anchors"),
    [
        (r"(?:as|is)\s+determined|determined\s+by", {"determined"}, {"as", "is", "determined"}),
        (r"(?-i:\bTrusts?\b)", {"trust"}, {"trust"}),
        (r"(?:ab)*c", {"c"}, {"ab", "c"}),
        (r"to be (?:confirmed|advised)", {"to be confirmed", "to be advised"}, {"to be "}),
        (r"\d+ years", {" years"}, set()),
        (r"a?", set(), set()),
    ],
)
def test_plan_reads_the_words_every_match_has(pattern: str, required: set[str], anchors: set[str]) -> None:
    plan = plan_for(re.compile(pattern, re.IGNORECASE))
    if not required:
        assert plan is None
    else:
        assert plan is not None and set(plan.required) == required and set(plan.anchors) == anchors


def _rule_patterns(linter: Linter) -> list[re.Pattern[str]]:
    found: list[Any] = []
    for check in linter.checks:
        if isinstance(check, GenderCoded):
            found += [scan.pattern for scan in check.exceptions]
        elif isinstance(check, Patterns):
            found += [p.regex for p in check.patterns] + [p.unless for p in check.patterns if p.unless is not None]
        elif isinstance(check, pay.Pay):
            found += [p.regex for p in check.vague] + [check.context, check.grade]
    context, not_pay, before, _ = pay._pay_data(builtin_rules_dir(), "pay")
    found += [context, not_pay, before.pattern]
    found += [
        re.compile(p, flags)
        for p, flags in [
            (r"(?:ab)*c", re.IGNORECASE),
            (r"a|ab", 0),
            (r"(?i:foo)bar", 0),
            (r"(?m)^is\b", re.IGNORECASE),
            (r"\bX{2,}", 0),
            (r"(?<=\[)insert\]", re.IGNORECASE),
        ]
    ]
    return [p for p in found if isinstance(p, re.Pattern)]


# Pieces of text that the rules' patterns and their anchors care about, in several cases, with the
# trap characters, a Kelvin sign and a few separators.
PIECES = [
    "competitive", "Competitive", "COMPETITIVE", "salary", "determined", "as", "is", "be", "Trust", "trust",
    "trusts", "active", "learning", "member", "independent", "contractor", "committed", "to", "equal",
    "diversity", "inclusion", "understanding", "of", "[", "]", "<", ">", "{", "}", "insert", "Company", "state",
    "X", "XX", "x", "TBD", "tbc", "to be confirmed", "lorem ipsum", "http://", "example.com", "lift", "50",
    "lbs", "must", "be able to", "stand", "for long periods", "reasonable", "accommodation", "with or without",
    "$", "£", "€", "USD", "NZ$", "CA$", "A$", "CHF", "AUD", "eur", "dollars", "up", "Up to", "85,000", "k", "-",
    "–", "bonus", "worth", "an hour", "DOE", "pay", "Band 5",
    "negotiable", "ı", "İ", "ſ", "\u212a", "ſalary", "actıve", "İnclusive", "US\u212a", "-", "_", ".", ",", ":", "\n",
    " ", "  ", "\t",
]  # fmt: skip
texts = st.one_of(
    st.lists(st.sampled_from(PIECES), max_size=40).map(" ".join),
    st.lists(st.sampled_from(PIECES), max_size=40).map("".join),
    st.text(max_size=60),
)
CHECKED = settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def _same(a: Any, b: Any) -> bool:
    if a is None or b is None:
        return a is b
    return bool(a.span() == b.span() and a.groups() == b.groups() and a.group() == b.group())


@CHECKED
@given(text=texts, data=st.data())
def test_scan_finds_what_the_pattern_finds(linter: Linter, text: str, data: st.DataObject) -> None:
    for pattern in _rule_patterns(linter):
        scan = Scan(pattern)
        ours, theirs = list(scan.finditer(text)), list(pattern.finditer(text))
        assert len(ours) == len(theirs) and all(map(_same, ours, theirs)), pattern.pattern
        pos = data.draw(st.integers(0, len(text)))
        endpos = data.draw(st.integers(pos, len(text)))
        assert _same(scan.search(text, pos, endpos), pattern.search(text, pos, endpos)), pattern.pattern


@pytest.mark.parametrize(
    "text", ["ſalary: $50", "actıve learning", "İnclusive employer", "competıtive pay", "TRUST \u212a"]
)
def test_scan_finds_what_the_pattern_finds_next_to_trap_characters(linter: Linter, text: str) -> None:
    for pattern in _rule_patterns(linter):
        ours, theirs = list(Scan(pattern).finditer(text)), list(pattern.finditer(text))
        assert len(ours) == len(theirs) and all(map(_same, ours, theirs)), pattern.pattern


@CHECKED
@given(text=texts, data=st.data())
def test_gender_runs_are_the_regex_matches(linter: Linter, text: str, data: st.DataObject) -> None:
    check = next(c for c in linter.checks if isinstance(c, GenderCoded))
    lowered = folded(text)
    if lowered is None:
        return
    start = data.draw(st.integers(0, len(text)))
    end = data.draw(st.integers(start, len(text)))
    expected = [
        (start + m.start(), start + m.end(), check.words[m.group().lower()])
        for m in check.regex.finditer(text[start:end])
    ]
    assert check._runs(lowered, start, end) == expected


@CHECKED
@given(text=texts)
def test_pay_figure_starts_find_every_figure(text: str) -> None:
    ours = list(pay._figures(text, folded(text)))
    theirs = list(pay.FIGURE.finditer(text))
    assert len(ours) == len(theirs) and all(map(_same, ours, theirs))


AMOUNTS = ["NZ$ 85,000", "CA$50k", "A$ 20", "AU$30", "C$40", "US$1,000", "usd 50", "50 Dollars", "Up to £30k"]
AMOUNTS += ["€12 - €14", "CHF 90,000", "GBP 3,000", "EUR 3,000 to 4,000", "NZD 5", "CAD 60k", "AUD70", "£24k"]


@pytest.mark.parametrize("amount", AMOUNTS)
def test_pay_figure_starts_find_every_kind_of_amount(amount: str) -> None:
    assert pay.FIGURE.search(amount)  # each is a figure on its own
    for text in (amount, f"Pay: {amount} a year", f"x{amount}", f"Salary ({amount.upper()}) per hour"):
        ours, theirs = list(pay._figures(text, folded(text))), list(pay.FIGURE.finditer(text))
        assert len(ours) == len(theirs) and all(map(_same, ours, theirs)), text


def _plain_hits(check: GenderCoded, document: Document) -> list[tuple[str, str, Span]]:
    """The gender rule's words the plain way: the regex in every block, every exception span over the prose."""
    skipped = check._boilerplate(document)
    excepted = [m.span() for scan in check.exceptions for m in scan.pattern.finditer(document.prose)]
    hits = []
    for index, block in enumerate(document.blocks):
        if block.kind is BlockKind.HEADING or index in skipped:
            continue
        start = block.label.end if block.label is not None else block.span.start
        for m in check.regex.finditer(document.prose[start : block.span.end]):
            at = start + m.start()
            if not any(a <= at < b for a, b in excepted):
                hits.append((check._entry(m.group())[1], m.group(), Span(at, start + m.end())))
    return hits


@CHECKED
@given(text=texts)
def test_gender_hits_are_the_plain_hits(linter: Linter, text: str) -> None:
    # The balance skips the exception phrases when there is no coded word, and stops each
    # exception search after the last coded word: the same words are left as the plain way.
    check = next(c for c in linter.checks if isinstance(c, GenderCoded))
    for document in (parse(text), parse(f"# Pay\n\n{text}\n\n- {text} bonus\n\nLocation: {text}")):
        ours = [(h.word, document.prose[h.span.start : h.span.end], h.span) for h in check._balance(document).hits]
        assert ours == _plain_hits(check, document)


@pytest.mark.parametrize(
    "text",
    [
        "A competitive salary and a competitive team.",
        "Trust us: we are active. Pay is to be determined by the National Trust, an active member.",
        "We are committed to equal opportunities, and we are determined.",
        "No coded words here.",
    ],
)
def test_gender_hits_around_exception_phrases(linter: Linter, text: str) -> None:
    check = next(c for c in linter.checks if isinstance(c, GenderCoded))
    document = parse(text)
    ours = [(h.word, document.prose[h.span.start : h.span.end], h.span) for h in check._balance(document).hits]
    assert ours == _plain_hits(check, document)


@CHECKED
@given(text=st.text(alphabet=st.characters(max_codepoint=127), max_size=80))
def test_ascii_runs_split_as_bytes_are_the_word_runs(text: str) -> None:
    # The gender rule splits an ASCII block's runs out of its bytes instead of running WORD_RUN.
    assert text.encode().translate(RUNS_ONLY).split() == [run.encode() for run in WORD_RUN.findall(text)]
