"""Inline suppression comments: each form, codes and names, reasons, and unused-suppression reports."""

from __future__ import annotations

import pytest

from jdlint.engine import Linter
from jdlint.inputs import Source
from jdlint.rules import load_rules
from jdlint.suppress import find_directives


@pytest.fixture(scope="module")
def linter() -> Linter:
    return Linter([r for r in load_rules() if r.code in ("JD001", "JD101", "JD201")])


def found(linter: Linter, text: str, markdown: bool = True) -> list[tuple[str, int, str]]:
    result = next(linter.lint_sources([Source("<t>", text, markdown)]))
    assert result.document is not None
    return [(f.code, result.document.line_col(f.span.start)[0], f.match) for f in result.findings]


def test_disable_next_line_hides_only_that_line(linter: Linter) -> None:
    text = "<!-- jdlint-disable-next-line JD101 -->\nWe utilize tools.\n\nWe utilize tools.\n"
    assert found(linter, text) == [("JD101", 4, "utilize")]


def test_disable_line_at_the_end_of_a_line(linter: Linter) -> None:
    text = "- We utilize tools. <!-- jdlint-disable-line corporate-jargon -->\n- We utilize tools.\n"
    assert found(linter, text) == [("JD101", 2, "utilize")]


def test_disable_enable_block_with_reason(linter: Linter) -> None:
    text = (
        "We utilize tools.\n\n"
        '<!-- jdlint-disable JD101 reason="quoted from the client brief" -->\n'
        "We utilize tools.\n\nWe leverage data.\n\n"
        "<!-- jdlint-enable JD101 -->\n"
        "We leverage data.\n"
    )
    assert found(linter, text) == [("JD101", 1, "utilize"), ("JD101", 9, "leverage")]
    directive = find_directives(text, markdown=True)[0]
    assert directive.reason == "quoted from the client brief"
    assert directive.codes == ("JD101",)


def test_disable_without_enable_runs_to_the_end(linter: Linter) -> None:
    text = "We utilize tools.\n\n<!-- jdlint-disable -->\nWe leverage data. The CCM team.\n"
    assert found(linter, text) == [("JD101", 1, "utilize")]


def test_disable_file_by_code_prefix(linter: Linter) -> None:
    text = "We utilize tools with the CCM team.\n\n<!-- jdlint-disable-file JD2 -->\n"
    assert found(linter, text) == [("JD101", 1, "utilize")]


def test_plain_text_form(linter: Linter) -> None:
    text = "# jdlint-disable-next-line JD101\nWe utilize tools.\nWe leverage data.\n"
    assert found(linter, text, markdown=False) == [("JD101", 3, "leverage")]


def test_plain_text_directive_line_is_not_read_as_text(linter: Linter) -> None:
    # The directive names 'utilize'-free codes; its own words must not be linted.
    text = '# jdlint-disable-file JD201 reason="we utilize CCM here"\nThe CCM team.\n'
    assert found(linter, text, markdown=False) == []


def test_unused_suppression_is_reported_with_a_fix(linter: Linter) -> None:
    text = "<!-- jdlint-disable-next-line JD101 -->\nWe help patients.\n"
    result = next(linter.lint_sources([Source("<t>", text, True)]))
    (finding,) = result.findings
    assert finding.code == "JD001"
    assert "suppresses nothing" in finding.message
    assert finding.fix is not None and finding.fix.replacement == ""
    assert text[finding.fix.span.start : finding.fix.span.end] == "<!-- jdlint-disable-next-line JD101 -->\n"


def test_one_unused_code_among_several(linter: Linter) -> None:
    text = "<!-- jdlint-disable-next-line JD101, JD201 -->\nWe utilize tools.\n"
    result = next(linter.lint_sources([Source("<t>", text, True)]))
    (finding,) = result.findings
    assert finding.message == "'JD201' in 'jdlint-disable-next-line' suppresses nothing here."
    assert finding.fix is not None
    assert finding.fix.replacement == "<!-- jdlint-disable-next-line JD101 -->"


def test_unknown_rule_and_misspelt_action(linter: Linter) -> None:
    text = "<!-- jdlint-disable-next-line JD999 -->\nWe help.\n\n<!-- jdlint-disabel JD101 -->\nWe help.\n"
    messages = [f.message for f in next(linter.lint_sources([Source("<t>", text, True)])).findings]
    assert messages == [
        "'JD999' in 'jdlint-disable-next-line' is not a rule.",
        "'jdlint-disabel' is not a jdlint comment.",
    ]


def test_suppression_of_a_rule_that_is_not_running_is_not_unused() -> None:
    only_jargon = Linter([r for r in load_rules() if r.code in ("JD001", "JD101")])
    text = "<!-- jdlint-disable-next-line JD201 -->\nThe CCM team helps.\n"
    assert found(only_jargon, text) == []


def test_the_comment_itself_is_not_linted(linter: Linter) -> None:
    text = '<!-- jdlint-disable-next-line JD101 reason="we utilize CCM" -->\nWe utilize tools.\n'
    assert found(linter, text) == []
