"""The job-advert checks of issue 5: gender balance, pay detection and jurisdictions, score and --min-score."""

from __future__ import annotations

from collections import Counter
from dataclasses import replace
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st
from typer.testing import CliRunner

from jdlint.cli import app
from jdlint.engine import Linter
from jdlint.errors import JdlintError
from jdlint.model import Finding, Rule, Severity, Span
from jdlint.score import Reason, ScoreCard, SubScore, load_weights, score
from tests.conftest import ROOT, codes, lint

runner = CliRunner()


def rule(rules: tuple[Rule, ...], code: str, **params: object) -> Rule:
    found = next(r for r in rules if r.code == code)
    return replace(found, params={**found.params, **params})


def test_gender_words_are_whole_words_and_headings_are_skipped(linter: Linter) -> None:
    text = (
        "## Responsibilities\n\nYou will keep client files confidential and work with our analyst on the "
        "committee's reports. We pay a competitive salary.\n"
    )
    result = lint(linter, text)
    assert result.gender is not None
    assert result.gender["masculine"] == 0 and result.gender["feminine"] == 0
    assert result.gender["verdict"] == "no coded words"


def test_gender_balance_counts_both_and_locates_words(linter: Linter) -> None:
    result = lint(linter, "You are ambitious and driven.\n\nYou are collaborative and supportive, and warm.\n")
    assert result.gender is not None
    assert (result.gender["masculine"], result.gender["feminine"]) == (2, 3)
    assert result.gender["verdict"] == "feminine-coded"
    assert result.gender["masculine_words"][0] == {"word": "ambitious", "line": 1, "column": 9}
    assert "JD501" not in codes(result)  # the posting does not lean masculine


def test_masculine_words_flagged_with_a_neutral_word(linter: Linter) -> None:
    result = lint(linter, "You are ambitious, assertive and driven.\n")
    findings = [f for f in result.findings if f.code == "JD501"]
    assert [f.match for f in findings] == ["ambitious", "assertive", "driven"]
    assert "'motivated'" in findings[0].suggestion
    assert findings[0].fix is not None and findings[0].fix.replacement == "motivated"


def test_coded_word_spelt_with_a_letter_re_folds_is_still_found(linter: Linter) -> None:
    """re.IGNORECASE reads "ı" as "i" and "ſ" as "s"; str.lower does not. This used to stop the run (KeyError)."""
    result = lint(linter, "You are ambitıous, aſſertive and driven.\n")
    assert [f.match for f in result.findings if f.code == "JD501"] == ["ambitıous", "aſſertive", "driven"]


def test_pay_range_with_currency_and_period_is_found(rules: tuple[Rule, ...]) -> None:
    checks = Linter([rule(rules, "JD701"), rule(rules, "JD702"), rule(rules, "JD703")])
    for text in (
        "Salary: $52,000 to $58,000 a year.",
        "Pay: £12.50-£13.75 per hour.",
        "SALARY RANGE: $85,000.00-$100,000.00",
        "We pay EUR 3,000 - 3,400 per month.",
    ):
        assert codes(lint(checks, text)) == [], text


def test_vague_pay_is_fine_next_to_a_real_range(rules: tuple[Rule, ...]) -> None:
    checks = Linter([rule(rules, "JD702")])
    assert codes(lint(checks, "Salary: $45,000 to $55,000 a year, depending on experience.")) == []
    assert codes(lint(checks, "Salary: competitive, depending on experience.")) == ["JD702", "JD702"]


def test_jurisdictions_name_the_law_and_raise_the_severity(rules: tuple[Rule, ...]) -> None:
    text = "## About the role\n\nYou will run the front desk.\n"
    plain = lint(Linter([rule(rules, "JD701")]), text).findings[0]
    assert plain.severity is Severity.SUGGESTION and "Colorado" not in plain.message
    legal = lint(Linter([rule(rules, "JD701", jurisdictions=["US-CO", "us-ny"])]), text).findings[0]
    assert legal.severity is Severity.WARNING
    assert "Colorado (since 2021-01-01" in legal.message and "New York State" in legal.message


def test_single_figure_flagged_only_where_a_selected_law_expects_a_range(rules: tuple[Rule, ...]) -> None:
    text = "Salary: $55,000 a year."
    assert codes(lint(Linter([rule(rules, "JD703")]), text)) == []
    assert codes(lint(Linter([rule(rules, "JD703", jurisdictions=["US-CA"])]), text)) == ["JD703"]
    # Minnesota allows a fixed rate.
    assert codes(lint(Linter([rule(rules, "JD703", jurisdictions=["US-MN"])]), text)) == []


def test_unknown_jurisdiction_is_a_config_error(rules: tuple[Rule, ...]) -> None:
    with pytest.raises(JdlintError, match="unknown jurisdiction 'US-XX'"):
        Linter([rule(rules, "JD701", jurisdictions=["US-XX"])])


def test_third_person_rewrite_fixes_the_verb(linter: Linter) -> None:
    result = lint(linter, "The ideal candidate has three years in retail.\n")
    finding = next(f for f in result.findings if f.code == "JD102")
    assert finding.fix is not None and finding.fix.replacement == "You have"


def test_score_is_explained_by_the_findings_that_lowered_it(linter: Linter) -> None:
    result = lint(linter, "We hire for culture fit. You are a digital native.\n")
    card = result.score
    assert card is not None and card.total < 100
    inclusion = next(p for p in card.parts if p.key == "inclusion")
    assert inclusion.score == 100 - sum(r.points for r in inclusion.reasons)
    assert {r.code for r in inclusion.reasons} == {"JD503", "JD505"}
    assert score([]).total == 100


def test_min_score_gate_and_json(tmp_path: Path) -> None:
    clean = str(ROOT / "corpus" / "clean" / "software-developer.md")
    bad = str(ROOT / "corpus" / "bad" / "exclusionary-wording.md")
    assert runner.invoke(app, ["check", clean, "--min-score", "90"]).exit_code == 0
    result = runner.invoke(app, ["check", bad, "--min-score", "90", "--fail-on", "error"])
    assert result.exit_code == 1
    assert "below --min-score 90" in result.output
    assert runner.invoke(app, ["check", bad, "--fail-on", "error"]).exit_code == 0
    assert runner.invoke(app, ["check", clean, "--min-score", "101"]).exit_code == 2
    import json

    payload = json.loads(runner.invoke(app, ["check", bad, "--format", "json"]).output)
    file = payload["files"][0]
    assert file["score"]["total"] < 70
    assert set(file["score"]["parts"]) == {"readability", "clarity", "inclusion", "completeness", "pay"}
    assert file["gender_balance"]["verdict"] == "strongly masculine-coded"


def _score_one_finding_at_a_time(findings: list[Finding]) -> ScoreCard:
    """The score as first written (a category lookup and a Counter per finding): score() must match it."""
    weights = load_weights()
    lost: dict[str, Counter[str]] = {c.key: Counter() for c in weights.categories}
    counts: Counter[str] = Counter()
    names: dict[str, str] = {}
    for finding in findings:
        category = weights.category_of(finding.code)
        if category is None:
            continue
        lost[category.key][finding.code] += weights.rule_points.get(finding.code, weights.points[finding.severity])
        counts[finding.code] += 1
        names[finding.code] = finding.name
    parts = []
    for category in weights.categories:
        reasons = [
            Reason(code, names[code], counts[code], min(points, weights.rule_points.get(code, weights.max_per_rule)))
            for code, points in lost[category.key].items()
        ]
        reasons.sort(key=lambda r: (-r.points, r.code))
        value = max(0, 100 - sum(r.points for r in reasons))
        parts.append(SubScore(category.key, category.title, value, category.weight, tuple(reasons)))
    total = round(sum(p.score * p.weight for p in parts) / sum(p.weight for p in parts))
    return ScoreCard(total, tuple(parts))


@given(
    st.lists(
        st.tuples(
            # Codes in each category, codes with their own points (JD7xx), codes in no category.
            st.sampled_from(["JD101", "JD102", "JD201", "JD301", "JD401", "JD504", "JD701", "JD702", "JD001", "XX9"]),
            st.sampled_from(list(Severity)),
            st.sampled_from(["first-name", "second-name"]),
        ),
        max_size=40,
    )
)
def test_score_per_code_is_the_score_per_finding(drawn: list[tuple[str, Severity, str]]) -> None:
    findings = [
        Finding(code, name, severity, "m", "s", Span(i, i + 1)) for i, (code, severity, name) in enumerate(drawn)
    ]
    assert score(findings) == _score_one_finding_at_a_time(findings)
