"""Every rule's good and bad examples (from rules/*.toml) run as tests."""

from __future__ import annotations

import pytest

from jdlint.engine import Linter
from jdlint.model import Rule
from jdlint.rules import load_rules
from tests.conftest import codes, lint

RULES = load_rules()


@pytest.fixture(scope="module")
def single() -> dict[str, Linter]:
    return {rule.code: Linter([rule]) for rule in RULES}


def test_every_rule_has_examples() -> None:
    for rule in RULES:
        assert rule.bad, f"{rule.code} has no bad example"
        assert rule.good, f"{rule.code} has no good example"


@pytest.mark.parametrize(
    ("rule", "example"), [(r, e) for r in RULES for e in r.bad], ids=lambda x: getattr(x, "code", "")[:5]
)
def test_bad_example_is_flagged(rule: Rule, example: str, single: dict[str, Linter]) -> None:
    result = lint(single[rule.code], example)
    assert rule.code in codes(result), f"{rule.code} missed its bad example: {example!r}"
    for finding in result.findings:
        assert finding.message and finding.suggestion
        assert "{" not in finding.message and "{" not in finding.suggestion


@pytest.mark.parametrize(
    ("rule", "example"), [(r, e) for r in RULES for e in r.good], ids=lambda x: getattr(x, "code", "")[:5]
)
def test_good_example_is_clean(rule: Rule, example: str, single: dict[str, Linter]) -> None:
    result = lint(single[rule.code], example)
    flagged = [(f.match, f.message) for f in result.findings if f.code == rule.code]
    assert not flagged, f"{rule.code} flagged its good example {example!r}: {flagged}"


def test_codes_and_names_are_unique() -> None:
    assert len({r.code for r in RULES}) == len(RULES)
    assert len({r.name for r in RULES}) == len(RULES)
